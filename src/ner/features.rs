//! The features of each word, hashed to 32-bit keys.
//!
//! Every string a feature looks at (the word, its stem, affixes) is hashed once
//! per word; a feature's key then mixes a template number with those hashes, so
//! extracting the ~40 features of a word allocates nothing and touches no string.
//! Changing what a template means must bump [`FEATURES_VERSION`]: a model file
//! records the version it was trained with and is refused by any other.

use crate::gazetteer::{first_word_forms, Fnv, Gazetteer, HashedMap, GROUPS};
use crate::ner::lexicon::{Lexicon, BUCKETS};
use crate::ner::Tag;
use crate::tokenize::{analyses, Article};
use std::ops::Range;

/// The version of the feature templates below, recorded in model files.
pub(crate) const FEATURES_VERSION: u32 = 5;

/// What a word brings to its own features and to its neighbours'.
#[derive(Clone, Debug, Default)]
pub(crate) struct WordInfo {
    word: u64,
    /// The word as spelled: hamza on alef, alef maqsura, ta marbuta kept
    /// (فإن and فان, على and علي normalize alike but are different words).
    spelled: u64,
    /// The stem as spelled: what groups the mentions of a name in a document
    /// (فإن and فان share the stem فان but are not mentions of one name).
    mention: u64,
    stem: u64,
    proclitics: u64,
    prefix2: u64,
    prefix3: u64,
    suffix1: u64,
    suffix2: u64,
    suffix3: u64,
    prefix4: u64,
    suffix4: u64,
    shape: u64,
    /// What separates this word from the previous one.
    gap: u8,
    /// [`Trigger`] bits of the stem.
    triggers: u8,
    /// Gazetteer groups with an entry starting at this word (bit `GROUPS + g`:
    /// an entry of more than one word).
    gaz_begin: u32,
    /// Gazetteer groups with an entry covering this word, not at its start.
    gaz_inside: u32,
    /// Lexicon matches over this word: bit `(label * BUCKETS + bucket) * 4 +
    /// position` (position 0 a one-word entry, 1 first, 2 inside, 3 last word).
    lex: u64,
    /// What the other occurrences of the stem in the document show
    /// ([`document_context`]).
    doc: u16,
}

/// Kinds of trigger words, as bits.
struct Trigger;

impl Trigger {
    const PERSON_TITLE: u8 = 1;
    const ORG_HEAD: u8 = 2;
    const PLACE_HEAD: u8 = 4;
    const SPEECH: u8 = 8;
}

/// Titles and roles that come before a person's name (stems: no article).
const PERSON_TITLES: &[&str] = &[
    "رئيس",
    "رئيسه",
    "سيد",
    "سيده",
    "وزير",
    "وزيره",
    "سفير",
    "سفيره",
    "مستشار",
    "مدير",
    "امين",
    "نائب",
    "شيخ",
    "ملك",
    "ملكه",
    "امير",
    "اميره",
    "زعيم",
    "قائد",
    "مبعوث",
    "متحدث",
    "ناطق",
    "دكتور",
    "د",
    "سناتور",
    "مساعد",
    "مندوب",
    "مفوض",
    "جنرال",
    "عقيد",
    "لواء",
    "عماد",
    "بابا",
    "امام",
    "لاعب",
    "مدرب",
    "كاتب",
    "فنان",
    "فنانه",
    "مخرج",
    "صحفي",
    "مراسل",
    "نجم",
    "محامي",
    "قاضي",
    "مرشح",
    "زميل",
    "شاعر",
    "روائي",
    "مطرب",
    "مطربه",
    "الرئيس",
    "عاهل",
    "ولي",
    "مسؤول",
    "اللاعب",
    "النجم",
    "المهاجم",
    "مهاجم",
    "حارس",
    "الاستاذ",
    "استاذ",
    "البروفسور",
    "المشير",
    "الفريق",
    "العميد",
    "الرائد",
    "النقيب",
    "المستشار",
    "السيناتور",
    "الحاج",
];

/// Words that head an organization's name.
const ORG_HEADS: &[&str] = &[
    "وزاره",
    "مجلس",
    "مديريه",
    "حزب",
    "شركه",
    "جامعه",
    "منظمه",
    "وكاله",
    "هيئه",
    "مؤسسه",
    "اتحاد",
    "جمعيه",
    "لجنه",
    "نادي",
    "بنك",
    "مصرف",
    "صندوق",
    "محكمه",
    "جبهه",
    "حركه",
    "مكتب",
    "معهد",
    "مركز",
    "اداره",
    "سلطه",
    "قوات",
    "جيش",
    "برلمان",
    "كونغرس",
    "صحيفه",
    "اذاعه",
    "تلفزيون",
    "قناه",
    "فريق",
    "منتخب",
    "امم",
    "مجموعه",
    "رابطه",
    "كليه",
    "مستشفي",
    "بورصه",
    "محطه",
    "نقابه",
    "غرفه",
    "ائتلاف",
    "تحالف",
    "حكومه",
    "مصلحه",
    "دائره",
    "مفوضيه",
    "شرطه",
];

/// Words that head a place's name.
const PLACE_HEADS: &[&str] = &[
    "مدينه",
    "ولايه",
    "منطقه",
    "محافظه",
    "اقليم",
    "جزيره",
    "جزر",
    "بحر",
    "نهر",
    "جبل",
    "قريه",
    "بلده",
    "عاصمه",
    "مقاطعه",
    "دوله",
    "جمهوريه",
    "مملكه",
    "اماره",
    "مخيم",
    "حي",
    "شارع",
    "ميناء",
    "بلاد",
    "قطاع",
    "ضاحيه",
    "بلديه",
    "ساحل",
    "خليج",
    "صحراء",
    "واحه",
];

/// Verbs of speech, often followed by the speaker's name.
const SPEECH: &[&str] = &[
    "قال",
    "اعلن",
    "اكد",
    "اضاف",
    "صرح",
    "اوضح",
    "ذكر",
    "اشار",
    "قالت",
    "اعلنت",
    "اكدت",
    "اضافت",
    "صرحت",
    "اوضحت",
    "ذكرت",
    "اشارت",
    "افاد",
    "افادت",
    "يقول",
    "تقول",
];

/// The trigger bits of each trigger word, by the hash of the word.
fn trigger_table() -> &'static HashedMap<u8> {
    static TABLE: std::sync::OnceLock<HashedMap<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = HashedMap::default();
        for (list, bit) in [
            (PERSON_TITLES, Trigger::PERSON_TITLE),
            (ORG_HEADS, Trigger::ORG_HEAD),
            (PLACE_HEADS, Trigger::PLACE_HEAD),
            (SPEECH, Trigger::SPEECH),
        ] {
            for w in list {
                *t.entry(hash(w)).or_insert(0) |= bit;
            }
        }
        t
    })
}

/// The trigger bits of a word, from its stem or the word itself (hashes).
fn triggers_of(stem: u64, word: u64) -> u8 {
    let t = trigger_table();
    t.get(&stem).copied().unwrap_or(0) | t.get(&word).copied().unwrap_or(0)
}

/// The stem of a normalized word and the proclitic letters before it: the
/// longest reading with an article (والمغرب → و+ال, مغرب), else a leading و on
/// a long word, else the word when a list knows it, else particles before a
/// word a list knows (ولبنان → و, لبنان).
#[inline(never)]
pub(crate) fn stem_of<'a>(word: &'a str, gaz: &Gazetteer) -> (&'a str, &'a str) {
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
        if word.starts_with('و') && word.chars().count() >= 4 {
            return (&word[..2], &word[2..]);
        }
    }
    ("", word)
}

fn hash(s: &str) -> u64 {
    Fnv::new().bytes(s.as_bytes()).0
}

/// The first `n` characters of `s` (all of it if shorter).
fn first_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}

/// The last `n` characters of `s` (all of it if shorter).
fn last_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n - 1) {
        Some((at, _)) => &s[at..],
        None => s,
    }
}

/// A coarse shape: length class, digits, Latin letters.
fn shape_of(stem: &str) -> u64 {
    let n = stem.chars().count().min(8) as u64;
    let digits = stem.chars().all(|c| c.is_ascii_digit()) as u64;
    let some_digit = stem.chars().any(|c| c.is_ascii_digit()) as u64;
    let latin = stem.chars().any(|c| c.is_ascii_alphabetic()) as u64;
    let upper = stem.starts_with(|c: char| c.is_ascii_uppercase()) as u64;
    n | digits << 4 | some_digit << 5 | latin << 6 | upper << 7
}

/// The gap class of a text's first word.
const FIRST_GAP: u8 = 128;

/// A class for the characters between two words.
fn gap_of(between: &str) -> u8 {
    let mut class = 0u8;
    for c in between.chars() {
        class |= match c {
            ' ' | '\t' => 0,
            '\n' | '\r' => 1,
            '.' | '!' | '?' | '؟' => 2,
            ',' | '،' | ';' | '؛' | ':' => 4,
            '"' | '«' | '»' | '“' | '”' | '\'' => 8,
            '(' | ')' | '[' | ']' => 16,
            '-' | '–' | '—' | '/' => 32,
            _ => 64,
        };
    }
    class
}

/// The options of the text whose words give the `spelled` feature: the
/// default folds except alef, yeh and ta marbuta. Those three folds replace a
/// two-byte letter by a two-byte letter, so this text has the same byte
/// offsets as the default normalization and shares its words.
pub(crate) fn spelling_options() -> crate::Options {
    crate::Options {
        alef: false,
        yeh: false,
        teh_marbuta: false,
        ..crate::Options::default()
    }
}

/// Per-word information for the words `ws` of normalized `text` (`spelled`:
/// the same text normalized with [`spelling_options`]).
#[inline(never)]
pub(crate) fn word_infos(
    text: &str,
    spelled: &str,
    ws: &[Range<usize>],
    gaz: &Gazetteer,
    lex: &Gazetteer,
) -> Vec<WordInfo> {
    let mut infos: Vec<WordInfo> = Vec::with_capacity(ws.len());
    for (i, r) in ws.iter().enumerate() {
        let word = &text[r.clone()];
        let (proclitics, stem) = stem_of(word, gaz);
        let prev_end = if i == 0 { 0 } else { ws[i - 1].end };
        let (word_hash, stem_hash) = (hash(word), hash(stem));
        let spelled_word = spelled.get(r.clone()).unwrap_or(word);
        let spelled_stem = spelled_word
            .get(spelled_word.len().saturating_sub(stem.len())..)
            .unwrap_or(stem);
        infos.push(WordInfo {
            word: word_hash,
            spelled: hash(spelled_word),
            mention: hash(spelled_stem),
            stem: stem_hash,
            proclitics: hash(proclitics),
            prefix2: hash(first_chars(stem, 2)),
            prefix3: hash(first_chars(stem, 3)),
            suffix1: hash(last_chars(stem, 1)),
            suffix2: hash(last_chars(stem, 2)),
            suffix3: hash(last_chars(stem, 3)),
            prefix4: hash(first_chars(stem, 4)),
            suffix4: hash(last_chars(stem, 4)),
            shape: shape_of(stem),
            gap: if i == 0 {
                FIRST_GAP
            } else {
                gap_of(&text[prev_end..r.start])
            },
            triggers: triggers_of(stem_hash, word_hash),
            gaz_begin: 0,
            gaz_inside: 0,
            lex: 0,
            doc: 0,
        });
    }
    for i in 0..ws.len() {
        let forms = first_word_forms(&text[ws[i].clone()]);
        gaz.matches_with_forms(text, ws, i, &forms, |m| {
            let (a, b) = m.words;
            let multi = if b - a > 1 { m.value << GROUPS } else { 0 };
            infos[a].gaz_begin |= m.value | multi;
            for info in &mut infos[a + 1..b] {
                info.gaz_inside |= m.value;
            }
        });
        lex.matches_with_forms(text, ws, i, &forms, |m| {
            let (a, b) = m.words;
            for label in 0..4 {
                let bucket = Lexicon::bucket_of(m.value, label);
                if bucket == 0 {
                    continue;
                }
                let base = (label as u32 * BUCKETS + bucket) * 4;
                for (k, info) in infos[a..b].iter_mut().enumerate() {
                    let position = match (b - a, k) {
                        (1, _) => 0,
                        (_, 0) => 1,
                        (n, k) if k == n - 1 => 3,
                        _ => 2,
                    };
                    info.lex |= 1 << (base + position);
                }
            }
        });
    }
    infos
}

/// Cuts the words of a text into sentences, as the training corpus has them: a
/// sentence ends at a line break or at `.`, `!`, `?` or `؟`. Each sentence's
/// first word gets the gap a corpus sentence's first word has.
pub(crate) fn split_sentences(infos: &mut [WordInfo]) -> Vec<Range<usize>> {
    const SENTENCE_END: u8 = 1 | 2;
    let mut out = Vec::new();
    let mut start = 0;
    for (i, info) in infos.iter_mut().enumerate().skip(1) {
        if info.gap & SENTENCE_END != 0 {
            out.push(start..i);
            info.gap = FIRST_GAP;
            start = i;
        }
    }
    if start < infos.len() {
        out.push(start..infos.len());
    }
    out
}

/// Sets each word's document bits from all occurrences of its stem in
/// `sentences` (the words of one text, sentence by sentence): triggers before
/// it, a nisba after it, lexicon labels, repetition. A name introduced once as
/// المدرب جوزيه is then recognized where it stands alone.
#[inline(never)]
pub(crate) fn document_context(sentences: &mut [&mut [WordInfo]]) {
    let nisba_end = hash("ي");
    let article = hash("ال");
    let mut stats: HashedMap<u16> = HashedMap::default();
    for infos in sentences.iter() {
        for (i, w) in infos.iter().enumerate() {
            let prev = if i > 0 { infos[i - 1].triggers } else { 0 };
            let next = infos.get(i + 1);
            let mut bits = 0u16;
            if prev & (Trigger::PERSON_TITLE | Trigger::SPEECH) != 0 {
                bits |= 1;
            }
            if prev & Trigger::ORG_HEAD != 0 {
                bits |= 2;
            }
            if prev & Trigger::PLACE_HEAD != 0 {
                bits |= 4;
            }
            if next.is_some_and(|n| n.proclitics == article && n.suffix1 == nisba_end) {
                bits |= 8;
            }
            for label in 0..4u32 {
                let mask: u64 = 0xffff << (16 * label);
                // Buckets 2 and 3 of the label, any position.
                let strong = (w.lex & mask) >> (16 * label) >> 8;
                if strong != 0 {
                    bits |= 16 << label;
                }
            }
            let slot = stats.entry(w.mention).or_insert(0);
            if *slot & 0x8000 != 0 {
                bits |= 0x100;
            }
            *slot |= bits | 0x8000;
        }
    }
    for infos in sentences.iter_mut() {
        for w in infos.iter_mut() {
            w.doc = stats.get(&w.mention).copied().unwrap_or(0) & 0x1ff;
        }
    }
}

/// Hashes a template number with up to two values into a feature key.
#[inline]
fn key(template: u8, a: u64, b: u64) -> u32 {
    let mut x = a ^ (template as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ b;
    x ^= x >> 31;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 29;
    (x ^ (x >> 32)) as u32
}

const BOUNDARY: u64 = 0x5EED;

/// Appends the feature keys of word `i` to `out`.
#[inline(never)]
pub(crate) fn features(infos: &[WordInfo], i: usize, out: &mut Vec<u32>) {
    let w = &infos[i];
    let at = |d: isize| -> Option<&WordInfo> {
        let j = i as isize + d;
        (j >= 0 && (j as usize) < infos.len()).then(|| &infos[j as usize])
    };
    let word_at = |d: isize| at(d).map_or(BOUNDARY.wrapping_add(d as u64), |x| x.word);
    let stem_at = |d: isize| at(d).map_or(BOUNDARY.wrapping_add(d as u64), |x| x.stem);
    out.extend_from_slice(&[
        key(1, 0, 0),
        key(2, w.word, 0),
        key(3, w.stem, 0),
        key(37, w.spelled, 0),
        key(4, w.proclitics, 0),
        key(5, w.prefix2, 0),
        key(6, w.prefix3, 0),
        key(7, w.suffix1, 0),
        key(8, w.suffix2, 0),
        key(9, w.suffix3, 0),
        key(10, w.shape, 0),
        key(11, w.gap as u64, 0),
        key(12, at(1).map_or(255, |x| x.gap as u64), 0),
        key(13, word_at(-1), 0),
        key(14, word_at(1), 0),
        key(15, word_at(-2), 0),
        key(16, word_at(2), 0),
        key(17, stem_at(-1), 0),
        key(18, stem_at(1), 0),
        key(19, stem_at(-2), 0),
        key(20, stem_at(2), 0),
        key(21, word_at(-1), w.word),
        key(22, w.word, word_at(1)),
        key(23, w.proclitics, w.suffix2),
        key(24, stem_at(-1), w.suffix2),
        key(25, at(-1).map_or(0, |x| x.suffix2), 0),
        key(26, at(1).map_or(0, |x| x.suffix2), 0),
        key(27, at(-1).map_or(0, |x| x.proclitics), 0),
        key(28, at(1).map_or(0, |x| x.proclitics), 0),
        key(
            29,
            at(-1).map_or(0, |x| x.shape),
            at(1).map_or(0, |x| x.shape),
        ),
        key(34, w.prefix4, 0),
        key(38, at(-1).map_or(0, |x| x.prefix2), 0),
        key(
            39,
            at(-1).map_or(0, |x| x.prefix3),
            at(-1).map_or(0, |x| x.proclitics),
        ),
        key(35, w.suffix4, 0),
    ]);
    let triggers = |d: isize| at(d).map_or(0, |x| x.triggers);
    for (template, bits) in [
        (30, triggers(-1)),
        (31, triggers(-2)),
        (32, triggers(0)),
        (33, triggers(1)),
    ] {
        for b in 0..4 {
            if bits & (1 << b) != 0 {
                out.push(key(template, b, 0));
            }
        }
    }
    let gaz = |d: isize| at(d).map_or((0, 0), |x| (x.gaz_begin, x.gaz_inside));
    let (begin, inside) = gaz(0);
    for g in 0..2 * GROUPS as u64 {
        if begin & (1 << g) != 0 {
            out.push(key(40, g, 0));
            out.push(key(41, g, w.proclitics));
        }
    }
    for g in 0..GROUPS as u64 {
        if inside & (1 << g) != 0 {
            out.push(key(42, g, 0));
        }
        if gaz(1).0 & (1 << g) != 0 {
            out.push(key(43, g, 0));
        }
        if gaz(-1).0 & (1 << g) != 0 {
            out.push(key(44, g, 0));
        }
    }
    // Pairs of list hits: two name words in a row are more telling than one.
    let names = |bits: u32| (bits | bits >> GROUPS) & ((1 << GROUPS) - 1);
    let (prev, next) = (names(gaz(-1).0 | gaz(-1).1), names(gaz(1).0 | gaz(1).1));
    let here = names(begin | inside);
    out.push(key(46, prev as u64, here as u64));
    out.push(key(47, here as u64, next as u64));
    if begin == 0 && inside == 0 {
        out.push(key(45, 0, 0));
    }
    let mut doc = w.doc;
    while doc != 0 {
        out.push(key(60, doc.trailing_zeros() as u64, 0));
        doc &= doc - 1;
    }
    for (template, d) in [(50, 0)] {
        let mut lex = at(d).map_or(0, |x| x.lex);
        while lex != 0 {
            out.push(key(template, lex.trailing_zeros() as u64, 0));
            lex &= lex - 1;
        }
    }
}

/// For each word of a document (given sentence by sentence with the tags of a
/// first reading), the labels (bits in [`Label::ALL`](crate::Label::ALL) order)
/// that the first reading gave to the *other* occurrences of its stem.
#[inline(never)]
pub(crate) fn other_mentions(doc: &[(&[WordInfo], &[Tag])]) -> Vec<Vec<u8>> {
    let label = |t: Tag| (t > 0).then(|| (t - 1) / 2);
    let mut counts: HashedMap<[u16; 4]> = HashedMap::default();
    for (infos, tags) in doc {
        for (w, &t) in infos.iter().zip(tags.iter()) {
            if let Some(l) = label(t) {
                // Saturating: only "more than one" matters, and a document may
                // repeat a name more than 65,535 times.
                let c = &mut counts.entry(w.mention).or_default()[l];
                *c = c.saturating_add(1);
            }
        }
    }
    doc.iter()
        .map(|(infos, tags)| {
            infos
                .iter()
                .zip(tags.iter())
                .map(|(w, &t)| {
                    let Some(c) = counts.get(&w.mention) else {
                        return 0;
                    };
                    (0..4).fold(0u8, |bits, l| {
                        let own = u16::from(label(t) == Some(l));
                        if c[l] > own {
                            bits | 1 << l
                        } else {
                            bits
                        }
                    })
                })
                .collect()
        })
        .collect()
}

/// The features a second reading adds to word `i`: the first reading's tags
/// around it and the labels of the stem's other mentions (`others`, from
/// [`other_mentions`]).
pub(crate) fn stacked_features(tags: &[Tag], others: &[u8], i: usize, out: &mut Vec<u32>) {
    let tag_at = |d: isize| {
        let j = i as isize + d;
        if j >= 0 && (j as usize) < tags.len() {
            tags[j as usize] as u64
        } else {
            99
        }
    };
    out.extend_from_slice(&[
        key(70, tag_at(0), 0),
        key(71, tag_at(-1), 0),
        key(72, tag_at(1), 0),
        key(73, tag_at(-1), tag_at(1)),
        key(75, others[i] as u64, tag_at(0)),
    ]);
    for l in 0..4 {
        if others[i] & (1 << l) != 0 {
            out.push(key(74, l, 0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::words;

    #[test]
    fn sentences_end_at_stops_and_line_breaks_only() {
        let text = "قال محمد، ثم ذهب. وعاد! هل عاد؟ نعم\nانتهى";
        let ws = words(text);
        let gaz = Gazetteer::default();
        let mut infos = word_infos(text, text, &ws, &gaz, &gaz);
        let sentences = split_sentences(&mut infos);
        let firsts: Vec<&str> = sentences
            .iter()
            .map(|r| &text[ws[r.start].clone()])
            .collect();
        assert_eq!(firsts, ["قال", "وعاد", "هل", "نعم", "انتهى"]);
        assert_eq!(sentences.last().unwrap().end, ws.len());
        // Each sentence starts as a text does.
        assert!(sentences.iter().all(|r| infos[r.start].gap == FIRST_GAP));
        assert_eq!(infos[2].gap, gap_of("، "));
    }
}
