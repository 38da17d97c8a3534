//! Hashed word sequences in a table read in place from its bytes: the layout
//! of the shipped name lists (which `build.rs` writes at compile time from
//! `data/lists.txt`) and of the model file's lexicon. Loading one is a few
//! header checks, with nothing to decode or hash.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | content |
//! |---|---|
//! | 4 | `u32` number of keys `n` |
//! | 4 | `u32` the most words an entry has |
//! | 4 | `u32` bucket bits `b` (1 to 16: about 4 keys a bucket) |
//! | 4 × (2^`b` + 1) | `u32` bucket starts: the first key whose hash's top `b` bits are ≥ the bucket's number |
//! | 4 × `n` | `u32` keys, ascending within a bucket: the 32 bits of the 64-bit hash below the bucket bits |
//! | 2 × `n` | `u16` per key: bit 15 if it is a proper prefix of an entry (in words), bit 14 if it is an entry, its value in bits 0 to 13 |
//!
//! A key is the 64-bit FNV-1a hash of the words of an entry, or of its first
//! words, joined by single spaces (see [`crate::hash`]). The table keeps
//! `b` + 32 of its bits, so a sequence that is no entry, looked up among the
//! 4 or so keys of its bucket, is taken for one about once in a billion
//! lookups.
//!
//! This file is also compiled into `build.rs`, which uses the writer only.

use std::borrow::Cow;

/// The size of the header: three `u32`s.
const HEADER: usize = 12;
/// The flag of a key that is an entry.
pub(crate) const ENTRY: u16 = 1 << 14;
/// The flag of a key that is a proper prefix of an entry.
pub(crate) const PREFIX: u16 = 1 << 15;
/// The largest value an entry can carry.
pub(crate) const MAX_VALUE: u32 = (ENTRY - 1) as u32;

/// The bucket of a 64-bit hash in a table of `bits` bucket bits.
#[inline]
fn bucket(hash: u64, bits: u32) -> usize {
    (hash >> (64 - bits)) as usize
}

/// The stored key of a 64-bit hash in a table of `bits` bucket bits.
#[inline]
fn key(hash: u64, bits: u32) -> u32 {
    (hash >> (32 - bits)) as u32
}

/// The bucket bits of a table of `n` keys: about 4 keys a bucket.
fn bits_for(n: usize) -> u32 {
    n.max(1).ilog2().saturating_sub(2).clamp(1, 16)
}

/// The bytes of a table holding `items`: `(hash, flags and value)` pairs in
/// any order; the flags and values of pairs with one key are or-ed together.
pub(crate) fn write(items: impl IntoIterator<Item = (u64, u16)>, max_words: u32) -> Vec<u8> {
    let mut items: Vec<(u64, u16)> = items.into_iter().collect();
    items.sort_unstable();
    items.dedup_by(|a, b| {
        let same = a.0 == b.0;
        if same {
            b.1 |= a.1;
        }
        same
    });
    let bits = bits_for(items.len());
    // Two hashes that differ only in the bits the table drops share a key.
    items.dedup_by(|a, b| {
        let same = bucket(a.0, bits) == bucket(b.0, bits) && key(a.0, bits) == key(b.0, bits);
        if same {
            b.1 |= a.1;
        }
        same
    });
    let n = items.len();
    let mut out = Vec::with_capacity(HEADER + 4 * ((1 << bits) + 1) + 6 * n);
    for head in [n as u32, max_words, bits] {
        out.extend_from_slice(&head.to_le_bytes());
    }
    let mut first = 0;
    for b in 0..=1usize << bits {
        first += items[first..].partition_point(|&(h, _)| bucket(h, bits) < b);
        out.extend_from_slice(&(first as u32).to_le_bytes());
    }
    for &(h, _) in &items {
        out.extend_from_slice(&key(h, bits).to_le_bytes());
    }
    for &(_, v) in &items {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// Why bytes are not a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BadTable;

/// A table (layout in the module doc), read in place from its bytes.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    bytes: Cow<'static, [u8]>,
    n: usize,
    max_words: usize,
    bits: u32,
}

/// The `u32` at index `i` of little-endian `bytes` (0 past the end).
#[inline]
fn u32_at(bytes: &[u8], i: usize) -> u32 {
    bytes
        .get(4 * i..4 * i + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

impl Table {
    /// Checks the header and the bucket starts of `bytes` and reads them in
    /// place.
    pub fn new(bytes: Cow<'static, [u8]>) -> Result<Self, BadTable> {
        let [n, max_words, bits] = [0, 1, 2].map(|i| u32_at(&bytes, i) as usize);
        if !(1..=16).contains(&bits) || bytes.len() != HEADER + 4 * ((1 << bits) + 1) + 6 * n {
            return Err(BadTable);
        }
        let table = Table {
            bytes,
            n,
            max_words,
            bits: bits as u32,
        };
        let starts = table.starts();
        let mut last = 0;
        for b in 0..=1usize << bits {
            let s = u32_at(starts, b) as usize;
            if s < last || s > n {
                return Err(BadTable);
            }
            last = s;
        }
        if last != n {
            return Err(BadTable);
        }
        Ok(table)
    }

    /// The bucket starts.
    #[inline]
    fn starts(&self) -> &[u8] {
        &self.bytes[HEADER..HEADER + 4 * ((1 << self.bits) + 1)]
    }

    /// The table's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether the table has no key.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The most words an entry has.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// The flags and value of the key of `hash` (0: no such key).
    #[inline]
    pub fn get(&self, hash: u64) -> u16 {
        let starts = self.starts();
        let (keys, values) = self.bytes[HEADER + starts.len()..].split_at(4 * self.n);
        let b = bucket(hash, self.bits);
        let k = key(hash, self.bits);
        let (lo, hi) = (u32_at(starts, b) as usize, u32_at(starts, b + 1) as usize);
        let Some(bucket) = keys.get(4 * lo..4 * hi) else {
            return 0;
        };
        // A bucket holds a few keys, ascending: a short scan.
        for (i, stored) in bucket.chunks_exact(4).enumerate() {
            let stored = <[u8; 4]>::try_from(stored).map_or(0, u32::from_le_bytes);
            if stored >= k {
                let at = 2 * (lo + i);
                return match (stored == k, values.get(at..at + 2)) {
                    (true, Some(v)) => u16::from_le_bytes([v[0], v[1]]),
                    _ => 0,
                };
            }
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(items: &[(u64, u16)]) -> Table {
        Table::new(Cow::Owned(write(items.iter().copied(), 3))).expect("a written table reads")
    }

    #[test]
    fn finds_every_key_and_merges_flags() {
        let hashes: Vec<u64> = (1..5000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let mut items: Vec<(u64, u16)> = hashes
            .iter()
            .enumerate()
            .map(|(i, &h)| (h, ENTRY | (i as u16 % 1000)))
            .collect();
        items.push((hashes[7], PREFIX));
        let t = table(&items);
        assert_eq!(t.max_words(), 3);
        for (i, &h) in hashes.iter().enumerate() {
            let flags = if i == 7 { PREFIX } else { 0 };
            assert_eq!(t.get(h), ENTRY | flags | (i as u16 % 1000), "key {i}");
        }
        assert_eq!(t.get(12345), 0);
        assert_eq!(t.get(u64::MAX), 0);
    }

    #[test]
    fn an_empty_table_finds_nothing() {
        let t = table(&[]);
        assert!(t.is_empty());
        assert_eq!(t.get(0), 0);
    }

    #[test]
    fn damaged_tables_are_refused() {
        let bytes = write([(1 << 63, ENTRY), (5, ENTRY | 2)], 1);
        for len in 0..bytes.len() {
            assert!(Table::new(Cow::Owned(bytes[..len].to_vec())).is_err());
        }
        let mut bad = bytes.clone();
        bad[HEADER] = 9; // a bucket start past the keys
        assert_eq!(Table::new(Cow::Owned(bad)).unwrap_err(), BadTable);
    }
}
