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

/// Normalizes `text` with `options`; borrows `text` when nothing folds.
///
/// ```
/// use alam::{normalize, Options};
/// assert_eq!(normalize("أَحْمَد", &Options::default()), "احمد");
/// assert_eq!(normalize("ﻻ ٣", &Options::default()), "لا 3");
/// ```
pub fn normalize<'a>(text: &'a str, options: &Options) -> Cow<'a, str> {
    Normalizer::new(options).normalize(text)
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
    Normalizer::new(options).normalize_mapped(text)
}

/// How many characters each fold changed; see [`Normalizer::count_folds`].
pub type FoldCounts = [(Fold, usize); 10];

/// A normalizer for one set of [`Options`], reusable across texts.
#[derive(Clone, Debug)]
pub struct Normalizer {
    options: Options,
    /// `ARABIC[c - U+0600]`: the action for each character of the Arabic block.
    arabic: [Action; 256],
}

/// Where the normalizer's walk sends what it reads.
trait Sink<'a> {
    /// An unchanged run of the original text.
    fn keep(&mut self, run: &'a str);
    /// The start of an original character that is about to change.
    fn begin(&mut self, original: char, fold: Fold);
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
        }
    }

    /// The options this normalizer applies.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Normalizes `text`; borrows it when nothing folds.
    pub fn normalize<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut sink = TextSink {
            text,
            done: 0,
            out: None,
        };
        self.walk(text, &mut sink);
        match sink.out {
            Some(out) => Cow::Owned(out),
            None => Cow::Borrowed(text),
        }
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
        let bytes = text.as_bytes();
        let (mut i, mut run) = (0, 0);
        while i < bytes.len() {
            let b = bytes[i];
            let width = match b {
                0x00..=0x7F => 1,
                // The Arabic block U+0600–U+06FF is two bytes with lead D8–DB.
                0xD8..=0xDB => 2,
                // Leads of the other characters some fold touches.
                0xC2 | 0xE2 | 0xEF => utf8_width(b),
                _ => {
                    i += utf8_width(b);
                    continue;
                }
            };
            if width == 1 {
                i += 1;
                continue;
            }
            let c = text[i..i + width].chars().next().unwrap_or_default();
            let act = self.lookup(c);
            if act != Action::Keep {
                if run < i {
                    sink.keep(&text[run..i]);
                }
                self.apply(c, act, sink);
                run = i + width;
            }
            i += width;
        }
        if run < bytes.len() {
            sink.keep(&text[run..]);
        }
    }

    fn apply<'a>(&self, c: char, act: Action, sink: &mut impl Sink<'a>) {
        match act {
            Action::Keep => {}
            Action::Drop(fold) => {
                sink.begin(c, fold);
                sink.removed(matches!(fold, Fold::Diacritics | Fold::Tatweel));
            }
            Action::Char(r, fold) => {
                sink.begin(c, fold);
                sink.emit(r);
            }
            Action::Expand(letters, fold) => {
                sink.begin(c, fold);
                let mut emitted = false;
                for l in letters.chars() {
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

/// Builds the normalized text, copying the original only from the first change on.
struct TextSink<'a> {
    text: &'a str,
    /// Bytes of `text` already accounted for.
    done: usize,
    out: Option<String>,
}

impl TextSink<'_> {
    fn out(&mut self) -> &mut String {
        let (text, done) = (self.text, self.done);
        self.out.get_or_insert_with(|| {
            let mut s = String::with_capacity(text.len());
            s.push_str(&text[..done]);
            s
        })
    }
}

impl<'a> Sink<'a> for TextSink<'a> {
    fn keep(&mut self, run: &'a str) {
        if let Some(out) = &mut self.out {
            out.push_str(run);
        }
        self.done += run.len();
    }

    fn begin(&mut self, original: char, _: Fold) {
        self.out();
        self.done += original.len_utf8();
    }

    fn emit(&mut self, c: char) {
        self.out().push(c);
    }

    fn removed(&mut self, _: bool) {}
}

/// Counts the characters each fold changed.
struct CountSink(FoldCounts);

impl Sink<'_> for CountSink {
    fn keep(&mut self, _: &str) {}

    fn begin(&mut self, _: char, fold: Fold) {
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

    fn begin(&mut self, original: char, _: Fold) {
        self.begin(original);
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
