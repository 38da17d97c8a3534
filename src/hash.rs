//! The hashes behind the model and the name lists: FNV-1a over bytes, stable
//! across platforms and runs as the model file needs, and maps keyed by such
//! hashes that use the key as it is.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for keys that are already hashes: uses the key as it is.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct KeyIsHash(u64);

impl Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map from hashes (FNV of a string) to values.
pub(crate) type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<KeyIsHash>>;

/// A set of hashes (FNV of a string).
pub(crate) type HashedSet = HashSet<u64, BuildHasherDefault<KeyIsHash>>;

/// FNV-1a, 64 bits: the hash of word sequences and of model features. Stable
/// across platforms and runs, as the model file needs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(pub u64);

impl Fnv {
    /// The hash of nothing.
    pub const fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// Hashes one more byte.
    #[inline]
    pub fn byte(mut self, b: u8) -> Self {
        self.0 ^= b as u64;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        self
    }

    /// Hashes more bytes.
    #[inline]
    pub fn bytes(mut self, s: &[u8]) -> Self {
        for &b in s {
            self = self.byte(b);
        }
        self
    }
}

/// The FNV-1a hash of `s`.
pub(crate) fn hash(s: &str) -> u64 {
    Fnv::new().bytes(s.as_bytes()).0
}
