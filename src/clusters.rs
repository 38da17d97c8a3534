//! Word clusters: the Brown cluster of a normalized word, looked up in a table
//! embedded in the crate (`data/clusters.bin`, learned by `make clusters`; see
//! data/README.md).
//!
//! Each known word belongs to one of a few hundred flat clusters, and each
//! cluster has a path in a binary tree (left = 0, right = 1), so that words of
//! related clusters share the first bits of their paths: [`ClusterPath::prefix`]
//! gives coarse classes (4 bits) as well as fine ones (12 bits and more).
//!
//! # The file format (`ALAMCLU\0`, version 1)
//! All numbers are little-endian.
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `ALAMCLU\0` |
//! | 4 × 4 | `u32`: format version, number of words `n`, number of clusters `c`, index bits `b` (≤ 16) |
//! | 4 × `c` | `u32` path code of each cluster (see [`ClusterPath::code`]) |
//! | 4 × (2^`b` + 1) | `u32` bucket starts: the first key whose top `b` bits are ≥ the bucket's number |
//! | 4 × `n` | `u32` word keys, ascending (the table is read in place: a bucket, then a binary search in it) |
//! | 2 × `n` | `u16` cluster of each key |
//!
//! A word's key is its 64-bit FNV-1a hash over its UTF-8 bytes, folded to 32
//! bits (high half XOR low half). Two words of the table never share a key (the
//! learner keeps the more frequent one); an unknown word has one chance in
//! about 2^32 / `n` of being taken for a known one.

use crate::clitics::{analyses, Article};
use crate::hash::Fnv;
use std::sync::OnceLock;

/// The first bytes of a cluster table.
pub(crate) const MAGIC: &[u8; 8] = b"ALAMCLU\0";
/// The version of the layout described in the module doc.
pub(crate) const FORMAT_VERSION: u32 = 1;
/// The size of the header: magic and four `u32`s.
const HEADER: usize = 8 + 4 * 4;

/// The table shipped with the crate.
static EMBEDDED: &[u8] = include_bytes!("../data/clusters.bin");

/// The cluster of a normalized word in the embedded table (see
/// [`ClusterTable::cluster_of`]); `None` for an unknown word.
///
/// ```
/// let city = alam::clusters::cluster_of("القاهره").expect("a frequent word");
/// assert!(city.len() > 0);
/// assert_eq!(city.prefix(0), 1);
/// assert!(alam::clusters::cluster_of("qqqqzzzz").is_none());
/// ```
pub fn cluster_of(word: &str) -> Option<ClusterPath> {
    embedded()?.cluster_of(word)
}

/// The embedded table, decoded on first use (a few header checks: the table
/// is read in place). `None` only if the shipped file were damaged.
pub fn embedded() -> Option<&'static ClusterTable<'static>> {
    static TABLE: OnceLock<Option<ClusterTable<'static>>> = OnceLock::new();
    TABLE
        .get_or_init(|| ClusterTable::from_bytes(EMBEDDED).ok())
        .as_ref()
}

/// A word's cluster: its number and its path in the cluster tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClusterPath {
    id: u16,
    code: u32,
}

impl ClusterPath {
    /// A cluster's path from its number and its [`code`](Self::code).
    pub(crate) fn new(id: u16, code: u32) -> Self {
        ClusterPath {
            id,
            code: code.max(1),
        }
    }

    /// The flat cluster's number, from 0 on, in the tree's left-to-right
    /// order.
    pub fn id(self) -> u16 {
        self.id
    }

    /// The path as one number: a 1 bit, then the path's bits from the root
    /// (so the root is 1, its children 2 and 3, theirs 4 to 7...).
    pub fn code(self) -> u32 {
        self.code
    }

    /// The length of the path in bits (at most 31).
    pub fn len(self) -> u32 {
        self.code.ilog2()
    }

    /// Whether the path is empty (a table with one cluster).
    pub fn is_empty(self) -> bool {
        self.code == 1
    }

    /// The [`code`](Self::code) of the path's first `bits` bits (the whole
    /// path if shorter): the feature value of a bit-prefix feature. Prefixes
    /// of different lengths never share a value.
    pub fn prefix(self, bits: u32) -> u32 {
        self.code >> self.len().saturating_sub(bits)
    }

    /// The path as a string of `0` and `1`, for people.
    pub fn bit_string(self) -> String {
        (0..self.len())
            .rev()
            .map(|i| if self.code >> i & 1 == 1 { '1' } else { '0' })
            .collect()
    }
}

/// Why bytes are not a cluster table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableError(&'static str);

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a cluster table: {}", self.0)
    }
}

impl std::error::Error for TableError {}

/// A cluster table (layout in the module doc), read in place from its bytes.
#[derive(Clone, Debug)]
pub struct ClusterTable<'a> {
    paths: &'a [u8],
    buckets: &'a [u8],
    keys: &'a [u8],
    ids: &'a [u8],
    bits: u32,
}

/// The `u32` at index `i` of little-endian `bytes` (0 past the end).
#[inline]
fn u32_at(bytes: &[u8], i: usize) -> u32 {
    let mut b = [0; 4];
    if let Some(s) = bytes.get(4 * i..4 * i + 4) {
        b.copy_from_slice(s);
    }
    u32::from_le_bytes(b)
}

impl<'a> ClusterTable<'a> {
    /// Checks the header and the bucket index of `bytes` and reads them in
    /// place.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self, TableError> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return Err(TableError("no ALAMCLU header"));
        }
        let head = |i| u32_at(&bytes[8..HEADER], i) as usize;
        if head(0) != FORMAT_VERSION as usize {
            return Err(TableError("unknown format version"));
        }
        let (n, c, bits) = (head(1), head(2), head(3));
        if bits > 16 || c == 0 || c > usize::from(u16::MAX) + 1 {
            return Err(TableError("bad header"));
        }
        let sizes = [4 * c, 4 * ((1 << bits) + 1), 4 * n, 2 * n];
        if bytes.len() != HEADER + sizes.iter().sum::<usize>() {
            return Err(TableError("wrong length"));
        }
        let mut rest = &bytes[HEADER..];
        let mut part = |size| {
            let (a, b) = rest.split_at(size);
            rest = b;
            a
        };
        let table = ClusterTable {
            paths: part(sizes[0]),
            buckets: part(sizes[1]),
            keys: part(sizes[2]),
            ids: part(sizes[3]),
            bits: bits as u32,
        };
        let starts = (0..=1usize << bits).map(|b| u32_at(table.buckets, b) as usize);
        let mut last = 0;
        for s in starts {
            if s < last || s > n {
                return Err(TableError("bad bucket index"));
            }
            last = s;
        }
        if last != n {
            return Err(TableError("bad bucket index"));
        }
        Ok(table)
    }

    /// The number of words in the table.
    pub fn len(&self) -> usize {
        self.keys.len() / 4
    }

    /// Whether the table holds no word.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The number of flat clusters.
    pub fn clusters(&self) -> usize {
        self.paths.len() / 4
    }

    /// The cluster of a normalized word (text normalized with the default
    /// [`crate::Options`], one word of the tokenizer): the word's own, else, as
    /// the learner pooled clitic forms, that of the word without its
    /// conjunction and preposition letters (والمغرب, بالمغرب, للمغرب → المغرب),
    /// trying the shortest such prefix first. `None` for an unknown word.
    pub fn cluster_of(&self, word: &str) -> Option<ClusterPath> {
        self.exact(word_key(word.as_bytes(), &[])).or_else(|| {
            analyses(word)
                .iter()
                .filter(|a| a.particles > 0)
                .find_map(|a| {
                    let rest = &word.as_bytes()[a.particles..];
                    let key = match a.article {
                        Article::Elided => word_key("ا".as_bytes(), rest),
                        _ => word_key(rest, &[]),
                    };
                    self.exact(key)
                })
        })
    }

    /// The cluster of exactly this word, with no clitic reduction.
    pub fn get(&self, word: &str) -> Option<ClusterPath> {
        self.exact(word_key(word.as_bytes(), &[]))
    }

    /// The cluster stored under `key`.
    fn exact(&self, key: u32) -> Option<ClusterPath> {
        let bucket = (u64::from(key) >> (32 - self.bits)) as usize;
        let (mut lo, mut hi) = (
            u32_at(self.buckets, bucket) as usize,
            u32_at(self.buckets, bucket + 1) as usize,
        );
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match u32_at(self.keys, mid).cmp(&key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let id = self.ids.get(2 * mid..2 * mid + 2)?;
                    let id = u16::from_le_bytes([id[0], id[1]]);
                    let code = u32_at(self.paths, usize::from(id));
                    return (code != 0).then(|| ClusterPath::new(id, code));
                }
            }
        }
        None
    }
}

/// The table key of the word whose UTF-8 bytes are `head` then `tail` (see the
/// module doc).
pub(crate) fn word_key(head: &[u8], tail: &[u8]) -> u32 {
    let h = Fnv::new().bytes(head).bytes(tail).0;
    (h ^ h >> 32) as u32
}
