//! The offset map from normalized text back to the original text.
//!
//! Two coordinate systems meet here, kept apart by their types:
//! - inside the crate, positions in *normalized* text are UTF-8 byte offsets
//!   (`usize`, `Range<usize>`), as Rust string slicing wants;
//! - at every public boundary, positions in the *original* text are UTF-16 code
//!   units (`u32`, `Range<u32>`), as JavaScript's `Range.setStart` wants.
//!
//! All ranges are half-open: the end is exclusive.

use std::ops::Range;

/// Normalized text with, for every byte of it, the span of the original text (in
/// UTF-16 code units) that produced it.
///
/// Invariants, checked by the tests: both maps are monotone; each normalized
/// character maps to the original character it came from (both letters of an
/// expansion such as ﻻ → لا map to the one original unit); a removed mark or
/// tatweel extends the span of the character before it; every original unit is
/// either covered by some normalized character or was removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapped {
    text: String,
    starts: Vec<u32>,
    ends: Vec<u32>,
    original_len: u32,
}

impl Mapped {
    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Length of the original text in UTF-16 code units.
    pub fn original_len(&self) -> u32 {
        self.original_len
    }

    /// The original span (UTF-16 units) covering the normalized byte range `r`.
    ///
    /// An empty range maps to an empty span at the matching original position.
    /// `r` must lie on character boundaries of [`Mapped::text`].
    pub fn original_span(&self, r: Range<usize>) -> Range<u32> {
        if r.start >= r.end {
            let at = self
                .starts
                .get(r.start)
                .copied()
                .unwrap_or(self.original_len);
            return at..at;
        }
        self.starts[r.start]..self.ends[r.end - 1]
    }

    /// The map per UTF-16 unit of the normalized text: `(starts, ends)`, where
    /// unit `i` came from original units `starts[i]..ends[i]`. This is the form a
    /// JavaScript caller, who indexes strings in UTF-16, can use directly.
    pub fn utf16_map(&self) -> (Vec<u32>, Vec<u32>) {
        let n = self.text.encode_utf16().count();
        let (mut starts, mut ends) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for (b, c) in self.text.char_indices() {
            for _ in 0..c.len_utf16() {
                starts.push(self.starts[b]);
                ends.push(self.ends[b]);
            }
        }
        (starts, ends)
    }
}

/// Builds a [`Mapped`] while the normalizer walks the original text once.
#[derive(Debug)]
pub(crate) struct OffsetMapBuilder {
    text: String,
    starts: Vec<u32>,
    ends: Vec<u32>,
    /// Original UTF-16 units consumed so far.
    pos: u32,
    /// Original span of the character being changed.
    current: (u32, u32),
    /// Whether a removed mark may still attach to the last output character.
    attach: bool,
}

impl OffsetMapBuilder {
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        OffsetMapBuilder {
            text: String::with_capacity(bytes),
            starts: Vec::with_capacity(bytes),
            ends: Vec::with_capacity(bytes),
            pos: 0,
            current: (0, 0),
            attach: false,
        }
    }

    /// Copies an unchanged run of the original.
    pub(crate) fn keep(&mut self, run: &str) {
        self.text.push_str(run);
        for c in run.chars() {
            let next = self.pos + c.len_utf16() as u32;
            self.push_bytes(c.len_utf8(), (self.pos, next));
            self.pos = next;
        }
        self.attach = true;
    }

    /// Starts a changed original character of `width` UTF-8 bytes.
    pub(crate) fn begin(&mut self, width: usize) {
        // One UTF-16 unit, or two for a four-byte (astral) character.
        let next = self.pos + if width == 4 { 2 } else { 1 };
        self.current = (self.pos, next);
        self.pos = next;
    }

    /// Outputs `c` for the current original character.
    pub(crate) fn emit(&mut self, c: char) {
        self.text.push(c);
        self.push_bytes(c.len_utf8(), self.current);
        self.attach = true;
    }

    /// The current original character is removed.
    pub(crate) fn removed(&mut self, attach: bool) {
        if !attach {
            self.attach = false;
            return;
        }
        if self.attach {
            let last = self.text.chars().next_back().map_or(0, char::len_utf8);
            let n = self.ends.len();
            for end in &mut self.ends[n - last..] {
                *end = self.current.1;
            }
        }
    }

    pub(crate) fn finish(self, original: &str) -> Mapped {
        debug_assert_eq!(self.pos as usize, original.encode_utf16().count());
        Mapped {
            text: self.text,
            starts: self.starts,
            ends: self.ends,
            original_len: self.pos,
        }
    }

    fn push_bytes(&mut self, n: usize, (start, end): (u32, u32)) {
        for _ in 0..n {
            self.starts.push(start);
            self.ends.push(end);
        }
    }
}

/// Byte offsets of a text at given UTF-16 offsets, found in one walk over the
/// text (a walk per offset would be quadratic on long texts).
pub(crate) struct Utf16ToBytes {
    /// `(UTF-16 offset, byte offset)`, by UTF-16 offset.
    pairs: Vec<(u32, usize)>,
    len: usize,
}

impl Utf16ToBytes {
    /// The byte offsets of `text` at each of the UTF-16 offsets `units`.
    pub(crate) fn new(text: &str, mut units: Vec<u32>) -> Self {
        units.sort_unstable();
        let mut pairs = Vec::with_capacity(units.len());
        let (mut at, mut chars) = (0u32, text.char_indices().peekable());
        for unit in units {
            while at < unit {
                match chars.next() {
                    Some((_, c)) => at += c.len_utf16() as u32,
                    None => break,
                }
            }
            pairs.push((unit, chars.peek().map_or(text.len(), |&(b, _)| b)));
        }
        Utf16ToBytes {
            pairs,
            len: text.len(),
        }
    }

    /// The byte offset at UTF-16 offset `unit`, one of those given to
    /// [`Utf16ToBytes::new`] (the text's end for any other).
    pub(crate) fn of(&self, unit: u32) -> usize {
        let k = self.pairs.partition_point(|&(u, _)| u < unit);
        self.pairs.get(k).map_or(self.len, |&(_, b)| b)
    }
}
