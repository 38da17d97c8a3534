//! Arabic proclitics: the particles written as prefixes of the next word.
//!
//! Arabic writes some particles as prefixes of the next word: the conjunctions
//! و and ف, the prepositions ب ك ل, and the article ال (written ل after the
//! preposition ل: ل + المغرب → للمغرب). Their order is fixed, conjunction then
//! preposition then article, so a word has at most a handful of readings, which
//! [`analyses`] lists. Whether a reading is right (is بالما "in the water" or the
//! city Palma?) is not decided by [`analyses`]; three readers decide for their
//! own ends, each with a list of known names:
//! - [`span_strip`]: what an entity span leaves out of its first word;
//! - [`stem_of`]: the stem the model's features look at;
//! - [`first_word_forms`]: the forms under which a word may start a list match.
//!
//! Positions are UTF-8 byte offsets into normalized text.

use crate::gazetteer::Gazetteer;
use crate::tokenize::{is_word_char, Few};

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
    let lam = rest.starts_with('ل');
    if rest.starts_with(PREPOSITIONS) {
        particles += LETTER;
        steps.push(particles);
    }
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

/// Whether an unknown word is read as the conjunction و before a word of at
/// least three letters (وسيلفا → و + سيلفا). Both [`span_strip`] and
/// [`stem_of`] use it; a span also keeps a doubled و (وول), which the model's
/// stem reading, trained that way, does not.
fn opens_with_conjunction_wa(word: &str) -> bool {
    word.starts_with('و') && word.chars().count() >= 4
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
    if opens_with_conjunction_wa(word) && !word[LETTER..].starts_with('و') {
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

/// The forms under which a text word may start a match: the word itself, then
/// the word without each reading of its proclitics (the article kept; for
/// للمغرب also المغرب). Each form is `(prefix, rest, particle bytes)`: the form
/// is `prefix` followed by `word[rest..]`.
pub fn first_word_forms(word: &str) -> Few<(&'static str, usize, usize), 10> {
    let mut forms = Few::new();
    forms.push(("", 0, 0));
    for a in analyses(word) {
        if a.particles == 0 {
            continue;
        }
        match a.article {
            Article::None => forms.push(("", a.particles, a.particles)),
            Article::Elided => forms.push(("ا", a.particles, a.particles)),
            Article::Full => {}
        }
    }
    forms
}

/// The stem of a normalized word and the proclitic letters before it: the
/// longest reading with an article (والمغرب → و+ال, مغرب), else a leading و on
/// a long word, else the word when a list knows it, else particles before a
/// word a list knows (ولبنان → و, لبنان).
#[inline(never)]
pub fn stem_of<'a>(word: &'a str, gaz: &Gazetteer) -> (&'a str, &'a str) {
    let readings = analyses(word);
    if let Some(a) = readings
        .iter()
        .filter(|a| a.article != Article::None)
        .max_by_key(|a| a.stem_start())
    {
        let at = a.stem_start();
        return (&word[..at], &word[at..]);
    }
    if gaz.word(word).is_none() {
        if let Some(a) = readings
            .iter()
            .find(|a| a.particles > 0 && gaz.word(&word[a.particles..]).is_some())
        {
            return (&word[..a.particles], &word[a.particles..]);
        }
        if opens_with_conjunction_wa(word) {
            return (&word[..LETTER], &word[LETTER..]);
        }
    }
    ("", word)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
