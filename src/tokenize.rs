//! Words of normalized text (their proclitics are [`crate::clitics`]'s).
//!
//! Positions here are UTF-8 byte offsets into the *normalized* text (see
//! [`crate::Mapped`]); the recognizer converts them to original UTF-16 units at
//! the public boundary.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// The byte ranges of the words of `text`: Unicode word boundaries (UAX #29),
/// keeping only the pieces that start with a letter or a digit (a piece such
/// as `,` followed by a combining vowel sign is punctuation, not a word, even
/// though the sign counts as alphabetic).
///
/// UAX #29 always breaks between a space, tab or line break and a letter or
/// digit, so the text is cut at those first. A piece made only of Arabic
/// letters and ASCII letters and digits (most words of normalized news text)
/// is one word by the standard's rules; any other piece goes through the full
/// segmenter together with the spaces before it (a combining mark after a space
/// joins the space).
pub fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 8);
    let mut at = 0;
    // Where the spaces before the current piece began.
    let mut gap = 0;
    for piece in text.split([' ', '\n', '\t', '\r']) {
        let end = at + piece.len();
        if piece.chars().all(is_plain_letter) {
            if !piece.is_empty() {
                out.push(at..end);
                gap = end;
            }
        } else {
            out.extend(
                text[gap..end]
                    .split_word_bound_indices()
                    .filter(|(_, w)| w.starts_with(is_word_char))
                    .map(|(start, w)| gap + start..gap + start + w.len()),
            );
            gap = end;
        }
        at = end + 1;
    }
    out
}

/// The words of `text` when it holds only characters that UAX #29 joins
/// into words (see [`words`]) and spaces, without allocating; `None` for any
/// other text, which [`words`] handles.
pub(crate) fn plain_words(text: &str) -> Option<impl Iterator<Item = &str>> {
    text.chars()
        .all(|c| c == ' ' || is_plain_letter(c))
        .then(|| text.split(' ').filter(|w| !w.is_empty()))
}

/// A character that UAX #29 joins with any other such neighbour into one word:
/// an ASCII letter or digit, or an Arabic letter (Word_Break ALetter or
/// Numeric, with no context rule).
fn is_plain_letter(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, 'ء'..='غ' | 'ف'..='ي')
}

/// `char::is_alphanumeric`, answered without the general Unicode tables for the
/// characters news text is made of: ASCII, the Arabic letters and digits, and
/// common punctuation.
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        'ء'..='ي' | '٠'..='٩' => true,
        '،' | '؛' | '؟' | '«' | '»' | '\u{2000}'..='\u{206F}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// A short list on the stack, for the few readings of a word (no allocation
/// per word).
#[derive(Clone, Copy, Debug)]
pub struct Few<T, const N: usize> {
    items: [T; N],
    len: usize,
}

impl<T: Copy + Default, const N: usize> Few<T, N> {
    /// An empty list.
    pub fn new() -> Self {
        Few {
            items: [T::default(); N],
            len: 0,
        }
    }

    /// Appends `item`; the list is sized so that it never overflows.
    pub fn push(&mut self, item: T) {
        self.items[self.len] = item;
        self.len += 1;
    }
}

impl<T: Copy + Default, const N: usize> Default for Few<T, N> {
    fn default() -> Self {
        Few::new()
    }
}

impl<T, const N: usize> std::ops::Deref for Few<T, N> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items[..self.len]
    }
}

impl<T: Copy, const N: usize> IntoIterator for Few<T, N> {
    type Item = T;
    type IntoIter = std::iter::Take<std::array::IntoIter<T, N>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter().take(self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_character_fast_path_agrees_with_unicode() {
        for c in ('\0'..='\u{07FF}')
            .chain('\u{2000}'..='\u{20FF}')
            .chain('\u{FB50}'..='\u{FEFF}')
        {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn words_keep_letters_and_digits_only() {
        let text = "قال: «الأمم-المتحدة» 2026 ...";
        let got: Vec<&str> = words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["قال", "الأمم", "المتحدة", "2026"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The fast path agrees with the full UAX #29 segmenter on text mixing
        /// the characters it takes and the ones it leaves to the segmenter.
        #[test]
        fn words_match_the_unicode_segmenter(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'ب', 'ا', 'ء', 'ي', 'ـ', 'ً', 'ٰ', '٣', 'a', 'Z', '7', ' ', ' ', '\n', '\r', '\t',
                '.', ',', '،', ':', '\'', '"', '-', '«', '؟', '\u{200d}', '\u{0301}', 'é', '☃',
            ]), 0..30)
        ) {
            let text: String = chars.into_iter().collect();
            let reference: Vec<Range<usize>> = text
                .split_word_bound_indices()
                .filter(|(_, w)| w.starts_with(is_word_char))
                .map(|(at, w)| at..at + w.len())
                .collect();
            proptest::prop_assert_eq!(words(&text), reference);
        }
    }
}
