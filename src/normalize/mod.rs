//! Arabic text normalization in one pass, table-driven, with an optional offset map.
//!
//! [`Normalizer`] walks the UTF-8 bytes once. ASCII and untouched letters are copied
//! in runs; characters of the Arabic block (U+0600–U+06FF) are looked up in a
//! 256-entry table built from [`fold::action`] when the normalizer is created; the
//! few other characters any fold touches (presentation forms, bidi controls, « »,
//! soft hyphen) take a slower path through the same function.

mod fold;
mod options;
mod presentation;

pub use options::{Fold, Options};

use crate::offsets::{Mapped, OffsetMapBuilder};
use fold::{action, Action};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Normalizes `text` with `options`; borrows `text` when nothing folds.
///
/// ```
/// use alam::{normalize, Options};
/// assert_eq!(normalize("أَحْمَد", &Options::default()), "احمد");
/// assert_eq!(normalize("ﻻ ٣", &Options::default()), "لا 3");
/// ```
pub fn normalize<'a>(text: &'a str, options: &Options) -> Cow<'a, str> {
    with_normalizer(options, |n| n.normalize(text))
}

/// Normalizes `text` and keeps a map from every normalized byte to the original
/// text's UTF-16 code units.
///
/// ```
/// use alam::{normalize_mapped, Options};
/// let m = normalize_mapped("مُحَمَّدٌ", &Options::default());
/// assert_eq!(m.text(), "محمد");
/// // The whole word covers every original unit, its last tanween included.
/// assert_eq!(m.original_span(0..m.text().len()), 0..9);
/// ```
pub fn normalize_mapped(text: &str, options: &Options) -> Mapped {
    with_normalizer(options, |n| n.normalize_mapped(text))
}

/// Runs `f` with a normalizer for `options`: the shared default one when the
/// options are the default, so that short calls do not rebuild its table.
pub(crate) fn with_normalizer<T>(options: &Options, f: impl FnOnce(&Normalizer) -> T) -> T {
    if *options == Options::default() {
        f(Normalizer::default_ref())
    } else {
        f(&Normalizer::new(options))
    }
}

/// How many characters each fold changed; see [`Normalizer::count_folds`].
pub type FoldCounts = [(Fold, usize); 10];

/// A normalizer for one set of [`Options`], reusable across texts.
#[derive(Clone, Debug)]
pub struct Normalizer {
    options: Options,
    /// `arabic[c - U+0600]`: the action for each character of the Arabic block.
    arabic: [Action; 256],
    /// `changes[c - U+0600]`: whether that action changes anything (a dense copy of
    /// `arabic`'s "is not Keep", for the hot loop).
    changes: [bool; 256],
}

/// Where the normalizer's walk sends what it reads.
trait Sink<'a> {
    /// An unchanged run of the original text.
    fn keep(&mut self, run: &'a str);
    /// The start of an original character, `width` UTF-8 bytes long, that is about
    /// to change.
    fn begin(&mut self, width: usize, fold: Fold);
    /// One output character for the character named by the last `begin`.
    fn emit(&mut self, c: char);
    /// The character named by the last `begin` is removed; `attach` says whether it
    /// belongs to the character before it (marks and tatweel do).
    fn removed(&mut self, attach: bool);
}

impl Normalizer {
    /// A normalizer applying the folds `options` enables.
    pub fn new(options: &Options) -> Self {
        let mut arabic = [Action::Keep; 256];
        for (slot, c) in arabic.iter_mut().zip('\u{0600}'..='\u{06FF}') {
            *slot = action(c, options);
        }
        Normalizer {
            options: *options,
            arabic,
            changes: arabic.map(|a| a != Action::Keep),
        }
    }

    /// The normalizer for [`Options::default`], built once and shared.
    pub fn default_ref() -> &'static Normalizer {
        static DEFAULT: OnceLock<Normalizer> = OnceLock::new();
        DEFAULT.get_or_init(|| Normalizer::new(&Options::default()))
    }

    /// Normalizes `text`; borrows it when nothing folds.
    pub fn normalize<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.next_change(text, 0).is_none() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        self.walk(text, &mut out);
        Cow::Owned(out)
    }

    /// Normalizes `text` and keeps the offset map back to the original.
    pub fn normalize_mapped(&self, text: &str) -> Mapped {
        let mut sink = OffsetMapBuilder::with_capacity(text.len());
        self.walk(text, &mut sink);
        sink.finish(text)
    }

    /// Counts, per fold, the original characters it changed or removed in `text`.
    pub fn count_folds(&self, text: &str) -> FoldCounts {
        let mut sink = CountSink(Fold::ALL.map(|f| (f, 0)));
        self.walk(text, &mut sink);
        sink.0
    }

    fn lookup(&self, c: char) -> Action {
        match c {
            '\u{0600}'..='\u{06FF}' => self.arabic[c as usize - 0x600],
            _ => action(c, &self.options),
        }
    }

    /// The single pass: copies unchanged runs whole and hands each change to `sink`.
    fn walk<'a>(&self, text: &'a str, sink: &mut impl Sink<'a>) {
        let mut run = 0;
        while let Some((at, width, act)) = self.next_change(text, run) {
            if run < at {
                sink.keep(&text[run..at]);
            }
            self.apply(width, act, sink);
            run = at + width;
        }
        if run < text.len() {
            sink.keep(&text[run..]);
        }
    }

    /// The first character at or after byte `from` that some fold changes:
    /// `(byte offset, UTF-8 width, action)`.
    #[inline]
    fn next_change(&self, text: &str, from: usize) -> Option<(usize, usize, Action)> {
        let bytes = text.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            let b = bytes[i];
            let (width, act) = match b {
                0x00..=0x7F => {
                    i += 1;
                    continue;
                }
                // U+0600–U+06FF: lead D8–DB, so the table index is the lead's low two
                // bits and the continuation byte's six.
                0xD8..=0xDB => {
                    let index = usize::from(b & 0x03) << 6 | usize::from(bytes[i + 1] & 0x3F);
                    if !self.changes[index] {
                        i += 2;
                        continue;
                    }
                    (2, self.arabic[index])
                }
                // Leads of the other characters some fold touches.
                0xC2 | 0xE2 | 0xEF => {
                    let width = utf8_width(b);
                    let c = text[i..i + width].chars().next().unwrap_or_default();
                    (width, action(c, &self.options))
                }
                _ => (utf8_width(b), Action::Keep),
            };
            if !matches!(act, Action::Keep) {
                return Some((i, width, act));
            }
            i += width;
        }
        None
    }

    #[inline]
    fn apply<'a>(&self, width: usize, act: Action, sink: &mut impl Sink<'a>) {
        match act {
            Action::Keep => {}
            Action::Drop(fold) => {
                sink.begin(width, fold);
                sink.removed(matches!(fold, Fold::Diacritics | Fold::Tatweel));
            }
            Action::Char(r, fold) => {
                sink.begin(width, fold);
                sink.emit(r);
            }
            Action::Expand(row, fold) => {
                sink.begin(width, fold);
                let mut emitted = false;
                for l in fold::expansion(row).chars() {
                    match self.lookup(l) {
                        Action::Keep => sink.emit(l),
                        Action::Char(r, _) => sink.emit(r),
                        // Decompositions hold base letters and marks only.
                        Action::Drop(_) | Action::Expand(..) => continue,
                    }
                    emitted = true;
                }
                if !emitted {
                    sink.removed(true);
                }
            }
        }
    }
}

/// Byte length of the UTF-8 sequence that starts with `lead`.
fn utf8_width(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Plain normalization writes straight into the output string.
impl<'a> Sink<'a> for String {
    fn keep(&mut self, run: &'a str) {
        self.push_str(run);
    }

    fn begin(&mut self, _: usize, _: Fold) {}

    fn emit(&mut self, c: char) {
        self.push(c);
    }

    fn removed(&mut self, _: bool) {}
}

/// Counts the characters each fold changed.
struct CountSink(FoldCounts);

impl Sink<'_> for CountSink {
    fn keep(&mut self, _: &str) {}

    fn begin(&mut self, _: usize, fold: Fold) {
        if let Some(slot) = self.0.iter_mut().find(|(f, _)| *f == fold) {
            slot.1 += 1;
        }
    }

    fn emit(&mut self, _: char) {}

    fn removed(&mut self, _: bool) {}
}

impl<'a> Sink<'a> for OffsetMapBuilder {
    fn keep(&mut self, run: &'a str) {
        self.keep(run);
    }

    fn begin(&mut self, width: usize, _: Fold) {
        self.begin(width);
    }

    fn emit(&mut self, c: char) {
        self.emit(c);
    }

    fn removed(&mut self, attach: bool) {
        self.removed(attach);
    }
}

#[cfg(test)]
mod tests;
