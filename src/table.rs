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
//! | 4 × (2^12 + 1) | `u32` bucket starts: the first key whose hash's top 12 bits are ≥ the bucket's number |
//! | 4 × `n` | `u32` keys, ascending: bits 51 to 20 of the 64-bit hash (the 32 below the bucket bits) |
//! | 2 × `n` | `u16` per key: bit 15 if it is a proper prefix of an entry (in words), bit 14 if it is an entry, its value in bits 0 to 13 |
//!
//! A key is the 64-bit FNV-1a hash of the words of an entry, or of its first
//! words, joined by single spaces (see [`crate::hash`]). The table keeps 44
//! of its bits, so a sequence that is no entry has about one chance in
//! 2^44 / `n` (more than 200 million for the lists) of being taken for one.
//!
//! This file is also compiled into `build.rs`, which uses the writer only.

use std::borrow::Cow;

/// The bits of a hash that choose its bucket.
const BUCKET_BITS: u32 = 12;
/// Where the keys begin: the header and the bucket starts.
const KEYS_AT: usize = 8 + 4 * ((1 << BUCKET_BITS) + 1);
/// The flag of a key that is an entry.
pub(crate) const ENTRY: u16 = 1 << 14;
/// The flag of a key that is a proper prefix of an entry.
pub(crate) const PREFIX: u16 = 1 << 15;
/// The largest value an entry can carry.
pub(crate) const MAX_VALUE: u32 = (ENTRY - 1) as u32;

/// The bucket of a 64-bit hash.
fn bucket(hash: u64) -> usize {
    (hash >> (64 - BUCKET_BITS)) as usize
}

/// The stored key of a 64-bit hash.
fn key(hash: u64) -> u32 {
    (hash >> (32 - BUCKET_BITS)) as u32
}

/// The bytes of a table holding `items`: `(hash, flags and value)` pairs in
/// any order; the flags and values of pairs with one key are or-ed together.
pub(crate) fn write(items: impl IntoIterator<Item = (u64, u16)>, max_words: u32) -> Vec<u8> {
    let mut items: Vec<(u64, u16)> = items.into_iter().collect();
    items.sort_unstable();
    let mut merged: Vec<(u64, u16)> = Vec::with_capacity(items.len());
    for (h, v) in items {
        match merged.last_mut() {
            Some(last) if bucket(last.0) == bucket(h) && key(last.0) == key(h) => last.1 |= v,
            _ => merged.push((h, v)),
        }
    }
    let n = merged.len();
    let mut out = Vec::with_capacity(KEYS_AT + 6 * n);
    out.extend_from_slice(&(n as u32).to_le_bytes());
    out.extend_from_slice(&max_words.to_le_bytes());
    let mut first = 0;
    for b in 0..=1usize << BUCKET_BITS {
        first += merged[first..].partition_point(|&(h, _)| bucket(h) < b);
        out.extend_from_slice(&(first as u32).to_le_bytes());
    }
    for &(h, _) in &merged {
        out.extend_from_slice(&key(h).to_le_bytes());
    }
    for &(_, v) in &merged {
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
        let n = u32_at(&bytes, 0) as usize;
        let max_words = u32_at(&bytes, 1) as usize;
        if bytes.len() < KEYS_AT || bytes.len() != KEYS_AT + 6 * n {
            return Err(BadTable);
        }
        let starts = (0..=1usize << BUCKET_BITS).map(|b| u32_at(&bytes[8..KEYS_AT], b) as usize);
        let mut last = 0;
        for s in starts {
            if s < last || s > n {
                return Err(BadTable);
            }
            last = s;
        }
        if last != n {
            return Err(BadTable);
        }
        Ok(Table {
            bytes,
            n,
            max_words,
        })
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
        let bytes: &[u8] = &self.bytes;
        let starts = &bytes[8..KEYS_AT];
        let (keys, values) = bytes[KEYS_AT..].split_at(4 * self.n);
        let b = bucket(hash);
        let (lo, hi) = (u32_at(starts, b) as usize, u32_at(starts, b + 1) as usize);
        let k = key(hash);
        let (mut lo, mut hi) = (lo, hi.min(self.n));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match u32_at(keys, mid).cmp(&k) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let v = values.get(2 * mid..2 * mid + 2).unwrap_or(&[0, 0]);
                    return u16::from_le_bytes([v[0], v[1]]);
                }
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
        bad[8 + 4 * 100] = 9; // a bucket start past the keys
        assert_eq!(Table::new(Cow::Owned(bad)).unwrap_err(), BadTable);
    }
}
