//! Words of normalized text and the Arabic proclitics attached to them.
//!
//! Positions here are UTF-8 byte offsets into the *normalized* text (see
//! [`crate::Mapped`]); the recognizer converts them to original UTF-16 units at
//! the public boundary.
//!
//! Arabic writes some particles as prefixes of the next word: the conjunctions
//! و and ف, the prepositions ب ك ل, and the article ال (written ل after the
//! preposition ل: ل + المغرب → للمغرب). Their order is fixed, conjunction then
//! preposition then article, so a word has at most a handful of readings, which
//! [`analyses`] lists. Whether a reading is right (is بالما "in the water" or the
//! city Palma?) is not decided here: [`span_strip`] decides for entity spans with
//! the help of a list of known names.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// The byte ranges of the words of `text`: Unicode word boundaries (UAX #29),
/// keeping only the pieces that hold a letter or a digit.
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
                    .filter(|(_, w)| w.chars().any(is_word_char))
                    .map(|(start, w)| gap + start..gap + start + w.len()),
            );
            gap = end;
        }
        at = end + 1;
    }
    out
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
fn is_word_char(c: char) -> bool {
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

/// The conjunctions that may open a word.
const CONJUNCTIONS: [char; 2] = ['و', 'ف'];
/// The prepositions that may follow a conjunction.
const PREPOSITIONS: [char; 3] = ['ب', 'ك', 'ل'];
/// Byte length of one Arabic letter in UTF-8.
const LETTER: usize = 2;

/// One reading of a word's proclitics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Bytes of conjunction and preposition letters (never part of a name).
    pub particles: usize,
    /// Whether the article follows the particles: ال, or the single ل of للـ.
    pub article: Article,
}

/// How a word's article is written, if it has one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Article {
    /// No article.
    #[default]
    None,
    /// ال, written in full.
    Full,
    /// The ل left of ال after the preposition ل (للمغرب = ل + المغرب).
    Elided,
}

impl Analysis {
    /// Bytes from the start of the word to its stem (particles and article).
    pub fn stem_start(&self) -> usize {
        self.particles
            + match self.article {
                Article::None => 0,
                Article::Full => 2 * LETTER,
                Article::Elided => LETTER,
            }
    }
}

/// The proclitic readings of a normalized word, the bare reading (no proclitic)
/// first, then by growing prefix. Every reading leaves a stem of at least two
/// letters.
pub fn analyses(word: &str) -> Few<Analysis, 10> {
    let mut out = Few::new();
    out.push(Analysis::default());
    let letters = word.chars().count();
    let mut rest = word;
    let mut particles = 0;
    // Conjunction, then preposition.
    let mut steps: Few<usize, 3> = Few::new();
    steps.push(0);
    if let Some(r) = rest.strip_prefix(CONJUNCTIONS) {
        rest = r;
        particles += LETTER;
        steps.push(particles);
    }
    let after_conj = rest;
    let mut lam = false;
    if let Some(r) = rest.strip_prefix(PREPOSITIONS) {
        lam = after_conj.starts_with('ل');
        rest = r;
        particles += LETTER;
        steps.push(particles);
    }
    let _ = rest;
    for p in steps {
        let tail = &word[p..];
        let tail_letters = letters - p / LETTER;
        if p > 0 && tail_letters >= 2 {
            out.push(Analysis {
                particles: p,
                article: Article::None,
            });
        }
        if tail.starts_with("ال") && tail_letters >= 4 {
            out.push(Analysis {
                particles: p,
                article: Article::Full,
            });
        }
        // ل + ال → لل: the preposition is the first ل, the article the second.
        if lam && p == particles && tail.starts_with('ل') && tail_letters >= 3 {
            out.push(Analysis {
                particles: p,
                article: Article::Elided,
            });
        }
    }
    out
}

/// What to leave out of an entity span that starts with a given word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Strip {
    /// Bytes of proclitic particles before the span.
    pub bytes: usize,
    /// Whether the span starts with the ل of an elided article (للمغرب → لمغرب),
    /// so that its key gets the alef back (المغرب).
    pub elided_article: bool,
}

/// Which proclitic particles to leave out of an entity span that starts with
/// `word`; `known(s)` says whether `s` is a known name.
///
/// The article stays in the span. Particles go when the word is not itself a
/// known name and either what is left is a known name (ولبنان → لبنان) or an
/// article follows them (بالرباط → الرباط, للمغرب → لمغرب). An unknown word
/// opening with و loses it when at least three letters remain (وسيلفا → سيلفا).
pub fn span_strip(word: &str, known: impl Fn(&str) -> bool) -> Strip {
    if known(word) {
        return Strip::default();
    }
    let readings = analyses(word);
    // Particles before a known name, shortest first.
    if let Some(a) = readings
        .iter()
        .find(|a| a.particles > 0 && a.article == Article::None && known(&word[a.particles..]))
    {
        return Strip {
            bytes: a.particles,
            elided_article: false,
        };
    }
    // Particles before the article.
    if let Some(a) = readings
        .iter()
        .filter(|a| a.particles > 0 && a.article != Article::None)
        .max_by_key(|a| a.particles)
    {
        return Strip {
            bytes: a.particles,
            elided_article: a.article == Article::Elided,
        };
    }
    if word.starts_with('و') && word.chars().count() >= 4 && !word[LETTER..].starts_with('و') {
        return Strip {
            bytes: LETTER,
            elided_article: false,
        };
    }
    Strip::default()
}

/// The clitic-free form of an entity span: the span's words joined by single
/// spaces, with the article's alef restored when the span starts with an elided
/// article (span لمغرب, key المغرب).
pub fn key_of(span: &str, elided_article: bool) -> String {
    let mut key = String::with_capacity(span.len() + 2);
    if elided_article {
        key.push('ا');
    }
    let mut gap = false;
    for c in span.chars() {
        if is_word_char(c) {
            if gap && !key.is_empty() {
                key.push(' ');
            }
            gap = false;
            key.push(c);
        } else {
            gap = true;
        }
    }
    key
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

    fn readings(word: &str) -> Vec<String> {
        analyses(word)
            .into_iter()
            .map(|a| {
                let art = match a.article {
                    Article::None => "",
                    Article::Full => "+ال",
                    Article::Elided => "+ل",
                };
                format!("{}{art}|{}", &word[..a.particles], &word[a.stem_start()..])
            })
            .collect()
    }

    #[test]
    fn proclitic_readings() {
        assert_eq!(readings("الرباط"), ["|الرباط", "+ال|رباط"]);
        assert_eq!(readings("بالرباط"), ["|بالرباط", "ب|الرباط", "ب+ال|رباط"]);
        assert_eq!(
            readings("وبالرباط"),
            ["|وبالرباط", "و|بالرباط", "وب|الرباط", "وب+ال|رباط"]
        );
        assert_eq!(readings("للمغرب"), ["|للمغرب", "ل|لمغرب", "ل+ل|مغرب"]);
        assert_eq!(
            readings("وللمغرب"),
            ["|وللمغرب", "و|للمغرب", "ول|لمغرب", "ول+ل|مغرب"]
        );
        assert_eq!(readings("فلسطين"), ["|فلسطين", "ف|لسطين", "فل|سطين"]);
        assert_eq!(readings("من"), ["|من"]);
    }

    #[test]
    fn span_strip_keeps_names_that_look_like_clitics() {
        let known = |s: &str| ["لبنان", "فلسطين", "بغداد", "كالي", "بالما", "اسرائيل"].contains(&s);
        for (word, kept) in [
            ("بالرباط", "الرباط"),
            ("والمغرب", "المغرب"),
            ("للمغرب", "لمغرب"),
            ("وللمغرب", "لمغرب"),
            ("وبالرباط", "الرباط"),
            ("فالقاهره", "القاهره"),
            ("كالقاهره", "القاهره"),
            ("لبنان", "لبنان"),
            ("ولبنان", "لبنان"),
            ("فلسطين", "فلسطين"),
            ("بفلسطين", "فلسطين"),
            ("بغداد", "بغداد"),
            ("لبغداد", "بغداد"),
            ("كالي", "كالي"),
            ("بالما", "بالما"),
            ("واسرائيل", "اسرائيل"),
            ("وسيلفا", "سيلفا"),
            ("وول", "وول"),
            ("محمد", "محمد"),
            ("للبنان", "لبنان"),
        ] {
            assert_eq!(
                &word[span_strip(word, known).bytes..],
                kept,
                "span of {word}"
            );
        }
    }

    #[test]
    fn keys_restore_the_elided_alef() {
        assert_eq!(key_of("لمغرب", true), "المغرب");
        assert_eq!(key_of("الرباط", false), "الرباط");
        assert_eq!(key_of("عبد  اللطيف،حموشي", false), "عبد اللطيف حموشي");
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
                .filter(|(_, w)| w.chars().any(is_word_char))
                .map(|(at, w)| at..at + w.len())
                .collect();
            proptest::prop_assert_eq!(words(&text), reference);
        }
    }
}
