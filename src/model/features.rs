//! The features of each word, hashed to 32-bit keys.
//!
//! Every string a feature looks at (the word, its stem, affixes) is hashed once
//! per word; a feature's key then mixes a template number with those hashes, so
//! extracting the ~40 features of a word allocates nothing and touches no string.
//! Changing what a template means must bump [`FEATURES_VERSION`]: a model file
//! records the version it was trained with and is refused by any other.

use super::lexicon::{Lexicon, BUCKETS};
use super::triggers::{triggers_of, Trigger};
use crate::clitics::{first_word_forms, stem_of};
use crate::clusters::cluster_of;
use crate::gazetteer::{Gazetteer, GROUPS};
use crate::hash::{hash, HashedMap};
use crate::{Label, Normalizer, Tag};
use std::ops::Range;

/// The version of the feature templates below, recorded in model files.
pub(crate) const FEATURES_VERSION: u32 = 8;

/// A hash of the feature keys of a fixed paragraph (see the test
/// `feature_keys_match_their_version`): a template changed without a new
/// [`FEATURES_VERSION`] fails that test.
#[cfg(test)]
pub(crate) const FEATURES_FINGERPRINT: u64 = 0x80f7_0491_e4f6_54d3;

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
    /// Lexicon matches over this word: bit [`lexicon_bit`]`(label, bucket,
    /// position)`.
    lex: u64,
    /// What the other occurrences of the stem in the document show
    /// ([`document_context`]).
    doc: u16,
    /// The word's Brown cluster as a path code ([`crate::clusters::ClusterPath::code`]),
    /// 0 for a word the clusters do not know.
    cluster: u32,
    /// The cluster of the stem, when the stem is not the whole word
    /// (المغرب → مغرب): what the definite and the bare forms share; 0 otherwise.
    stem_cluster: u32,
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
/// offsets as the default normalization and shares its words (a property
/// test, `spelling_keeps_the_byte_offsets`, checks it on every fold).
pub(crate) fn spelling_options() -> crate::Options {
    crate::Options {
        alef: false,
        yeh: false,
        teh_marbuta: false,
        ..crate::Options::default()
    }
}

/// The normalizer for [`spelling_options`], built once and shared.
pub(crate) fn speller() -> &'static Normalizer {
    static SPELLER: std::sync::OnceLock<Normalizer> = std::sync::OnceLock::new();
    SPELLER.get_or_init(|| Normalizer::new(&spelling_options()))
}

/// Positions of a lexicon match over a word, as bits: a one-word entry, the
/// first, an inner or the last word of a longer one.
const POSITIONS: u32 = 4;

/// Bits of [`WordInfo::lex`] for one label: a bucket's positions.
const LEX_BITS_PER_LABEL: u32 = BUCKETS * POSITIONS;

const _: () = assert!(Label::ALL.len() as u32 * LEX_BITS_PER_LABEL <= u64::BITS);

/// The bit of [`WordInfo::lex`] for a match of `label` in `bucket` at `position`.
fn lexicon_bit(label: usize, bucket: u32, position: u32) -> u64 {
    1 << ((label as u32 * BUCKETS + bucket) * POSITIONS + position)
}

/// Per-word information for the words `ws` of normalized `text` (`spelled`:
/// the same text normalized with [`spelling_options`], same byte offsets).
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
        let (word_hash, stem_hash) = (hash(word), hash(stem));
        let spelled_word = &spelled[r.clone()];
        let spelled_stem = &spelled_word[spelled_word.len() - stem.len()..];
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
            gap: match i {
                0 => FIRST_GAP,
                _ => gap_of(&text[ws[i - 1].end..r.start]),
            },
            triggers: triggers_of(stem_hash, word_hash),
            cluster: cluster_of(word).map_or(0, |c| c.code()),
            stem_cluster: if stem.len() < word.len() {
                cluster_of(stem).map_or(0, |c| c.code())
            } else {
                0
            },
            ..WordInfo::default()
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
            for label in 0..Label::ALL.len() {
                let bucket = Lexicon::bucket_of(m.value, label);
                if bucket == 0 {
                    continue;
                }
                for (k, info) in infos[a..b].iter_mut().enumerate() {
                    let position = match (b - a, k) {
                        (1, _) => 0,
                        (_, 0) => 1,
                        (n, k) if k == n - 1 => 3,
                        _ => 2,
                    };
                    info.lex |= lexicon_bit(label, bucket, position);
                }
            }
        });
    }
    infos
}

/// Gap bits that end a sentence: a line break, or `.`, `!`, `?`, `؟`.
const SENTENCE_END: u8 = 1 | 2;

/// Where the sentences of a text's words (`ws` of normalized `text`) begin and
/// end, as the training corpus has them: a sentence ends at a line break or at
/// `.`, `!`, `?` or `؟`.
pub(crate) fn sentences_of(text: &str, ws: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..ws.len() {
        if gap_of(&text[ws[i - 1].end..ws[i].start]) & SENTENCE_END != 0 {
            out.push(start..i);
            start = i;
        }
    }
    if start < ws.len() {
        out.push(start..ws.len());
    }
    out
}

/// What the other occurrences of a word's stem in its document show, as bits
/// of [`WordInfo::doc`].
struct Doc;

impl Doc {
    /// After a title or a verb of speech.
    const AFTER_TITLE: u16 = 1;
    /// After the head of an organization's name.
    const AFTER_ORG_HEAD: u16 = 2;
    /// After the head of a place's name.
    const AFTER_PLACE_HEAD: u16 = 4;
    /// Before a nisba adjective (الرئيس الفرنسي).
    const BEFORE_NISBA: u16 = 8;
    /// The first of one bit per label: the lexicon often has it as that label.
    const LEXICON: u16 = 16;
    /// The stem occurs more than once.
    const REPEATED: u16 = Doc::LEXICON << Label::ALL.len();
    /// Every bit a word shows.
    const ALL: u16 = (Doc::REPEATED << 1) - 1;
    /// Marks a stem seen once already, while counting.
    const SEEN: u16 = 0x8000;
}

const _: () = assert!(Doc::ALL < Doc::SEEN);

/// Sets each word's document bits from all occurrences of its stem in
/// `sentences` (the words of one text, sentence by sentence): triggers before
/// it, a nisba after it, lexicon labels, repetition. A name introduced once as
/// المدرب جوزيه is then recognized where it stands alone.
#[inline(never)]
pub(crate) fn document_context(sentences: &mut [Vec<WordInfo>]) {
    let nisba_end = hash("ي");
    let article = hash("ال");
    // Lexicon buckets 2 and 3 of a label: often that label.
    let strong = |lex: u64, label: usize| {
        let of_label =
            (lex >> (label as u32 * LEX_BITS_PER_LABEL)) & ((1 << LEX_BITS_PER_LABEL) - 1);
        of_label >> (2 * POSITIONS) != 0
    };
    let mut stats: HashedMap<u16> = HashedMap::default();
    for infos in sentences.iter() {
        for (i, w) in infos.iter().enumerate() {
            let prev = if i > 0 { infos[i - 1].triggers } else { 0 };
            let next = infos.get(i + 1);
            let mut bits = 0u16;
            if prev & (Trigger::PERSON_TITLE | Trigger::SPEECH) != 0 {
                bits |= Doc::AFTER_TITLE;
            }
            if prev & Trigger::ORG_HEAD != 0 {
                bits |= Doc::AFTER_ORG_HEAD;
            }
            if prev & Trigger::PLACE_HEAD != 0 {
                bits |= Doc::AFTER_PLACE_HEAD;
            }
            if next.is_some_and(|n| n.proclitics == article && n.suffix1 == nisba_end) {
                bits |= Doc::BEFORE_NISBA;
            }
            for label in 0..Label::ALL.len() {
                if strong(w.lex, label) {
                    bits |= Doc::LEXICON << label;
                }
            }
            let slot = stats.entry(w.mention).or_insert(0);
            if *slot & Doc::SEEN != 0 {
                bits |= Doc::REPEATED;
            }
            *slot |= bits | Doc::SEEN;
        }
    }
    for infos in sentences.iter_mut() {
        for w in infos.iter_mut() {
            w.doc = stats.get(&w.mention).copied().unwrap_or(0) & Doc::ALL;
        }
    }
}

/// The feature templates. A feature's key hashes its template's number with
/// the values it looks at, so the numbers are frozen: a model file holds keys,
/// and a renumbered template would read another template's weights. The
/// compiler refuses two templates with one number. Gaps are templates tried
/// and dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Template {
    Bias = 1,
    Word = 2,
    Stem = 3,
    Proclitics = 4,
    Prefix2 = 5,
    Prefix3 = 6,
    Suffix1 = 7,
    Suffix2 = 8,
    Suffix3 = 9,
    Shape = 10,
    Gap = 11,
    NextGap = 12,
    PrevWord = 13,
    NextWord = 14,
    PrevWord2 = 15,
    NextWord2 = 16,
    PrevStem = 17,
    NextStem = 18,
    PrevStem2 = 19,
    NextStem2 = 20,
    PrevWordAndWord = 21,
    WordAndNextWord = 22,
    ProcliticsAndSuffix2 = 23,
    PrevStemAndSuffix2 = 24,
    PrevSuffix2 = 25,
    NextSuffix2 = 26,
    PrevProclitics = 27,
    NextProclitics = 28,
    NeighbourShapes = 29,
    PrevTrigger = 30,
    PrevTrigger2 = 31,
    Trigger = 32,
    NextTrigger = 33,
    Prefix4 = 34,
    Suffix4 = 35,
    Spelled = 37,
    PrevPrefix2 = 38,
    PrevPrefix3AndProclitics = 39,
    ListBegins = 40,
    ListBeginsAfterProclitics = 41,
    ListInside = 42,
    NextListBegins = 43,
    PrevListBegins = 44,
    NoList = 45,
    PrevAndHereLists = 46,
    HereAndNextLists = 47,
    Lexicon = 50,
    Document = 60,
    FirstTag = 70,
    PrevFirstTag = 71,
    NextFirstTag = 72,
    AroundFirstTags = 73,
    OtherMention = 74,
    OtherMentionsAndTag = 75,
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Domain = 80,
    Cluster = 81,
    PrevCluster = 82,
    NextCluster = 83,
    PrevCluster2 = 84,
    NextCluster2 = 85,
    StemCluster = 86,
}

/// Hashes a template with up to two values into a feature key.
#[inline]
fn key(template: Template, a: u64, b: u64) -> u32 {
    let mut x = a ^ (template as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ b;
    x ^= x >> 31;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 29;
    (x ^ (x >> 32)) as u32
}

/// The value of a neighbour's word or stem beyond the sentence, `d` words away.
const BOUNDARY: u64 = 0x5EED;

/// Appends the feature keys of word `i` of a sentence (`infos`) to `out`.
#[inline(never)]
pub(crate) fn features(infos: &[WordInfo], i: usize, out: &mut Vec<u32>) {
    use Template as T;
    let w = &infos[i];
    let at = |d: isize| -> Option<&WordInfo> {
        let j = i as isize + d;
        (j >= 0 && (j as usize) < infos.len()).then(|| &infos[j as usize])
    };
    let word_at = |d: isize| at(d).map_or(BOUNDARY.wrapping_add(d as u64), |x| x.word);
    let stem_at = |d: isize| at(d).map_or(BOUNDARY.wrapping_add(d as u64), |x| x.stem);
    out.extend_from_slice(&[
        key(T::Bias, 0, 0),
        key(T::Word, w.word, 0),
        key(T::Stem, w.stem, 0),
        key(T::Spelled, w.spelled, 0),
        key(T::Proclitics, w.proclitics, 0),
        key(T::Prefix2, w.prefix2, 0),
        key(T::Prefix3, w.prefix3, 0),
        key(T::Suffix1, w.suffix1, 0),
        key(T::Suffix2, w.suffix2, 0),
        key(T::Suffix3, w.suffix3, 0),
        key(T::Shape, w.shape, 0),
        key(T::Gap, w.gap as u64, 0),
        key(T::NextGap, at(1).map_or(255, |x| x.gap as u64), 0),
        key(T::PrevWord, word_at(-1), 0),
        key(T::NextWord, word_at(1), 0),
        key(T::PrevWord2, word_at(-2), 0),
        key(T::NextWord2, word_at(2), 0),
        key(T::PrevStem, stem_at(-1), 0),
        key(T::NextStem, stem_at(1), 0),
        key(T::PrevStem2, stem_at(-2), 0),
        key(T::NextStem2, stem_at(2), 0),
        key(T::PrevWordAndWord, word_at(-1), w.word),
        key(T::WordAndNextWord, w.word, word_at(1)),
        key(T::ProcliticsAndSuffix2, w.proclitics, w.suffix2),
        key(T::PrevStemAndSuffix2, stem_at(-1), w.suffix2),
        key(T::PrevSuffix2, at(-1).map_or(0, |x| x.suffix2), 0),
        key(T::NextSuffix2, at(1).map_or(0, |x| x.suffix2), 0),
        key(T::PrevProclitics, at(-1).map_or(0, |x| x.proclitics), 0),
        key(T::NextProclitics, at(1).map_or(0, |x| x.proclitics), 0),
        key(
            T::NeighbourShapes,
            at(-1).map_or(0, |x| x.shape),
            at(1).map_or(0, |x| x.shape),
        ),
        key(T::Prefix4, w.prefix4, 0),
        key(T::PrevPrefix2, at(-1).map_or(0, |x| x.prefix2), 0),
        key(
            T::PrevPrefix3AndProclitics,
            at(-1).map_or(0, |x| x.prefix3),
            at(-1).map_or(0, |x| x.proclitics),
        ),
        key(T::Suffix4, w.suffix4, 0),
    ]);
    let triggers = |d: isize| at(d).map_or(0, |x| x.triggers);
    for (template, bits) in [
        (T::PrevTrigger, triggers(-1)),
        (T::PrevTrigger2, triggers(-2)),
        (T::Trigger, triggers(0)),
        (T::NextTrigger, triggers(1)),
    ] {
        for_each_bit(u64::from(bits), |b| out.push(key(template, b, 0)));
    }
    list_features(w, at(-1), at(1), out);
    cluster_features(w, at, out);
    for_each_bit(u64::from(w.doc), |b| out.push(key(T::Document, b, 0)));
    for_each_bit(w.lex, |b| out.push(key(T::Lexicon, b, 0)));
}

/// The key training adds to every word of a sentence of another kind of text
/// than news (`domain` > 0); run-time text, news, never has it.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn domain_key(domain: u8) -> u32 {
    key(Template::Domain, u64::from(domain), 0)
}

/// A copy of feature `k` that only sentences of another kind of text than
/// news (`domain` > 0) have in training; models ship without them.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn domain_copy(k: u32, domain: u8) -> u32 {
    key(Template::Domain, u64::from(k), u64::from(domain))
}

/// The first `bits` bits of a cluster path code (all of it if shorter), as a
/// code again: prefixes of different lengths never share a value.
fn cluster_prefix(code: u32, bits: u32) -> u64 {
    u64::from(code >> code.checked_ilog2().unwrap_or(0).saturating_sub(bits))
}

/// Word-cluster features: bit prefixes of the word's cluster path (coarse
/// to fine) and of its neighbours' (Brown clusters learned from unlabeled
/// text place unseen names near seen ones).
fn cluster_features<'a>(
    w: &WordInfo,
    at: impl Fn(isize) -> Option<&'a WordInfo>,
    out: &mut Vec<u32>,
) {
    use Template as T;
    for bits in [4, 6, 10, 32] {
        out.push(key(T::Cluster, cluster_prefix(w.cluster, bits), 0));
    }
    if w.stem_cluster != 0 {
        for bits in [4, 8, 32] {
            out.push(key(T::StemCluster, cluster_prefix(w.stem_cluster, bits), 0));
        }
    }
    for (template, d) in [(T::PrevCluster, -1), (T::NextCluster, 1)] {
        let code = at(d).map_or(0, |x| x.cluster);
        for bits in [4, 8, 32] {
            out.push(key(template, cluster_prefix(code, bits), 0));
        }
    }
    for (template, d) in [(T::PrevCluster2, -2), (T::NextCluster2, 2)] {
        let code = at(d).map_or(0, |x| x.cluster);
        out.push(key(template, cluster_prefix(code, 6), 0));
    }
}

/// Calls `f` with the position of every set bit of `bits`, lowest first.
#[inline]
fn for_each_bit(mut bits: u64, mut f: impl FnMut(u64)) {
    while bits != 0 {
        f(u64::from(bits.trailing_zeros()));
        bits &= bits - 1;
    }
}

/// The shipped-list features of word `w` between `prev` and `next`.
fn list_features(
    w: &WordInfo,
    prev: Option<&WordInfo>,
    next: Option<&WordInfo>,
    out: &mut Vec<u32>,
) {
    use Template as T;
    let lists = |x: Option<&WordInfo>| x.map_or((0, 0), |x| (x.gaz_begin, x.gaz_inside));
    let (begin, inside) = (w.gaz_begin, w.gaz_inside);
    for g in 0..2 * GROUPS as u64 {
        if begin & (1 << g) != 0 {
            out.push(key(T::ListBegins, g, 0));
            out.push(key(T::ListBeginsAfterProclitics, g, w.proclitics));
        }
    }
    for g in 0..GROUPS as u64 {
        if inside & (1 << g) != 0 {
            out.push(key(T::ListInside, g, 0));
        }
        if lists(next).0 & (1 << g) != 0 {
            out.push(key(T::NextListBegins, g, 0));
        }
        if lists(prev).0 & (1 << g) != 0 {
            out.push(key(T::PrevListBegins, g, 0));
        }
    }
    // Pairs of list hits: two name words in a row are more telling than one.
    let names = |(begin, inside): (u32, u32)| {
        let bits = begin | inside;
        u64::from((bits | bits >> GROUPS) & ((1 << GROUPS) - 1))
    };
    let here = names((begin, inside));
    out.push(key(T::PrevAndHereLists, names(lists(prev)), here));
    out.push(key(T::HereAndNextLists, here, names(lists(next))));
    if begin == 0 && inside == 0 {
        out.push(key(T::NoList, 0, 0));
    }
}

/// For each word of a document (given sentence by sentence with the tags of a
/// first reading), the labels (bits in [`Label::ALL`] order) that the first
/// reading gave to the *other* occurrences of its stem.
#[inline(never)]
pub(crate) fn other_mentions(doc: &[(&[WordInfo], &[Tag])]) -> Vec<Vec<u8>> {
    const LABELS: usize = Label::ALL.len();
    let mut counts: HashedMap<[u16; LABELS]> = HashedMap::default();
    for (infos, tags) in doc {
        for (w, &t) in infos.iter().zip(tags.iter()) {
            if let Some(l) = t.label() {
                // Saturating: only "more than one" matters, and a document may
                // repeat a name more than 65,535 times.
                let c = &mut counts.entry(w.mention).or_default()[l as usize];
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
                    Label::ALL.iter().fold(0u8, |bits, &l| {
                        let own = u16::from(t.label() == Some(l));
                        if c[l as usize] > own {
                            bits | 1 << l as u8
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
    use Template as T;
    let tag_at = |d: isize| {
        let j = i as isize + d;
        if j >= 0 && (j as usize) < tags.len() {
            tags[j as usize].index() as u64
        } else {
            99
        }
    };
    out.extend_from_slice(&[
        key(T::FirstTag, tag_at(0), 0),
        key(T::PrevFirstTag, tag_at(-1), 0),
        key(T::NextFirstTag, tag_at(1), 0),
        key(T::AroundFirstTags, tag_at(-1), tag_at(1)),
        key(T::OtherMentionsAndTag, others[i] as u64, tag_at(0)),
    ]);
    for_each_bit(u64::from(others[i]), |l| {
        out.push(key(T::OtherMention, l, 0))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::words;
    use crate::Options;

    #[test]
    fn sentences_end_at_stops_and_line_breaks_only() {
        let text = "قال محمد، ثم ذهب. وعاد! هل عاد؟ نعم\nانتهى";
        let ws = words(text);
        let firsts: Vec<&str> = sentences_of(text, &ws)
            .iter()
            .map(|r| &text[ws[r.start].clone()])
            .collect();
        assert_eq!(firsts, ["قال", "وعاد", "هل", "نعم", "انتهى"]);
        assert_eq!(sentences_of(text, &ws).last().unwrap().end, ws.len());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The spelled text has the default normalization's byte offsets, so
        /// that a word of one is the same range of the other.
        #[test]
        fn spelling_keeps_the_byte_offsets(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'ا', 'أ', 'إ', 'آ', 'ٱ', 'ى', 'ی', 'ي', 'ة', 'ه', 'ۃ', 'ے', 'ک', 'ھ', 'ً', 'ـ', '٣',
                '\u{FEF7}', '\u{FEF5}', '\u{FE93}', '\u{FEEF}', '\u{FE83}', '\u{FDF2}', '\u{FC5E}',
                '\u{200F}', ' ', 'a', '،', '«',
            ]), 0..40)
        ) {
            let text: String = chars.into_iter().collect();
            let norm = Normalizer::new(&Options::default()).normalize(&text).into_owned();
            let spelled = speller().normalize(&text).into_owned();
            proptest::prop_assert_eq!(norm.len(), spelled.len());
            for i in 0..=norm.len() {
                proptest::prop_assert_eq!(norm.is_char_boundary(i), spelled.is_char_boundary(i));
            }
            proptest::prop_assert_eq!(words(&norm), words(&spelled));
        }
    }
}
