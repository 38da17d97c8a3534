//! A randomized harness on stable Rust: random texts mixing Arabic letters,
//! marks, letter variants, presentation forms, digits, invisibles, Latin,
//! punctuation, astral characters and what is left of lone surrogates, and
//! random model files, through every public entry point. Each input's
//! results are checked against the contracts; a panic anywhere fails.
//!
//! `cargo test --test fuzz` runs a short budget (part of `make test`);
//! `make fuzz` runs it in release for `ALAM_FUZZ_SECONDS` (default 300) and
//! prints inputs per second and the total. A failure prints the seed that
//! reproduces it (`ALAM_FUZZ_SEED`).

use alam::{find, normalize, normalize_mapped, EntityOptions, Options, Recognizer};
use std::time::{Duration, Instant};

/// xorshift64*: small, seedable, the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Characters the texts are drawn from, grouped so that each group is likely.
const GROUPS: &[&[char]] = &[
    &[
        'ا', 'ب', 'ت', 'ر', 'س', 'ع', 'ل', 'م', 'ن', 'ه', 'و', 'ي', 'ف', 'ك', 'د', 'ق',
    ],
    &[
        'أ', 'إ', 'آ', 'ٱ', 'ى', 'ی', 'ة', 'ۃ', 'ک', 'ھ', 'ے', 'ء', 'ؤ', 'ئ',
    ],
    &[
        '\u{064B}', '\u{064E}', '\u{0650}', '\u{0651}', '\u{0652}', '\u{0670}', '\u{06D6}', 'ـ',
    ],
    &[
        '\u{FEFB}', '\u{FEF7}', '\u{FDF2}', '\u{FC5E}', '\u{FE8D}', '\u{FB50}', '\u{FE93}',
    ],
    &['٠', '٣', '٩', '۴', '٫', '٬', '0', '7'],
    &[
        '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{202B}', '\u{2066}',
        '\u{FEFF}', '\u{00AD}',
    ],
    &['a', 'Z', 'é', '\u{0301}', 'ß'],
    &[' ', ' ', ' ', '\n', '\t', '\r', '\u{00A0}'],
    &[
        '،', ',', '.', '؟', '!', '؛', ':', '«', '»', '"', '(', ')', '-', '/',
    ],
    &['😀', '𝔸', '\u{1F1F2}', '\u{FFFD}', '\u{10FFFF}'],
];

/// Words that make the recognizer find entities, so that spans get checked.
const WORDS: &[&str] = &[
    "محمد",
    "بن",
    "سلمان",
    "الرباط",
    "بالرباط",
    "وللمغرب",
    "المغرب",
    "الأمم",
    "المتحدة",
    "قال",
    "الرئيس",
    "عبد",
    "الفتاح",
    "السيسي",
    "وزارة",
    "الخارجية",
    "ترامب",
    "دونالد",
];

/// A random text of up to `max` pieces.
fn text(rng: &mut Rng, max: usize) -> String {
    let mut s = String::new();
    for _ in 0..rng.below(max + 1) {
        match rng.below(10) {
            0..=2 => {
                s.push_str(WORDS[rng.below(WORDS.len())]);
                s.push(' ');
            }
            3 => {
                // What a JS string with lone surrogates becomes in Rust.
                let units: Vec<u16> = (0..1 + rng.below(4)).map(|_| rng.next() as u16).collect();
                s.push_str(&String::from_utf16_lossy(&units));
            }
            _ => {
                let group = GROUPS[rng.below(GROUPS.len())];
                s.push(group[rng.below(group.len())]);
            }
        }
    }
    s
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// The normalizer: idempotent, plain and mapped agree, the map in bounds
/// and ordered.
fn check_normalize(t: &str) {
    let o = Options::default();
    let n = normalize(t, &o);
    assert_eq!(normalize(&n, &o), n, "idempotent");
    let m = normalize_mapped(t, &o);
    assert_eq!(m.text(), n, "mapped text");
    let len = utf16(t).len() as u32;
    let (starts, ends) = m.utf16_map();
    assert_eq!(starts.len(), utf16(m.text()).len());
    for (s, e) in starts.iter().zip(&ends) {
        assert!(s <= e && *e <= len, "unit {s}..{e} of {len}");
    }
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "starts ordered");
    let span = m.original_span(0..m.text().len());
    assert!(span.end <= len);
}

/// Entities: in bounds, ordered, the text they name, never across a comma,
/// never from inside a word's letters (only proclitics may stand before).
fn check_entities(r: &Recognizer, t: &str, breaks: &[u32]) {
    let units = utf16(t);
    let options = EntityOptions {
        breaks,
        ..EntityOptions::default()
    };
    let found = r.entities_with(t, &options);
    let mut last = 0;
    for e in &found {
        assert!(e.start < e.end && e.end as usize <= units.len(), "{e:?}");
        assert!(e.start >= last, "ordered, no overlap: {found:?}");
        last = e.end;
        let span = String::from_utf16(&units[e.start as usize..e.end as usize])
            .expect("an entity never cuts a surrogate pair");
        assert_eq!(span, e.text);
        // A comma between two names (letters on both sides, marks skipped)
        // ends an entity. (Next to digits or other scripts UAX #29 may keep
        // it inside a word, 1,000 or ١،٥: not a list of names.)
        let chars: Vec<char> = normalize(&e.text, &Options::default()).chars().collect();
        let mark =
            |c: char| !c.is_alphanumeric() && !c.is_whitespace() && !",،.;:!?\"'()«»-/".contains(c);
        let letter = |c: Option<&char>| {
            c.is_some_and(|&c| c.is_ascii_alphabetic() || ('\u{0621}'..='\u{064A}').contains(&c))
        };
        let across = (0..chars.len()).any(|k| {
            matches!(chars[k], ',' | '،')
                && letter(chars[..k].iter().rev().find(|&&c| !mark(c) && c != ' '))
                && letter(chars[k + 1..].iter().find(|&&c| !mark(c) && c != ' '))
        });
        assert!(
            !across,
            "across a comma: {e:?} in {t:?} (breaks {breaks:?})"
        );
        // A break between two words ends an entity; one inside a word (a
        // page can style a single letter) is no boundary of a name.
        let between_words = |b: u32| {
            if (0xDC00..0xE000).contains(&units[b as usize]) {
                return false; // inside a surrogate pair: no place at all
            }
            // A break next to a space is surely between words; punctuation
            // may sit inside a word (ه.السيسي, 1,000), and marks and
            // invisible characters after a letter belong to its word.
            // (The spaces that cut words: others, such as U+202F, may join.)
            let space =
                |u: Option<&u16>| u.is_some_and(|&u| matches!(u, 0x20 | 0x09 | 0x0A | 0x0D));
            space(units.get(b as usize - 1)) || space(units.get(b as usize))
        };
        assert!(
            !breaks
                .iter()
                .any(|&b| e.start < b && b < e.end && between_words(b)),
            "across a break: {e:?} {breaks:?}"
        );
        assert!((0.0..=1.0).contains(&e.score), "{e:?}");
        // What stands before the span in its word, once normalized (a
        // ligature may hold a space), is proclitic letters only.
        let before = String::from_utf16_lossy(&units[..e.start as usize]);
        let before = normalize(&before, &Options::default());
        // (Arabic and Latin words: the segmenter cuts other scripts, such as
        // ideographs, into words of their own.)
        let in_word = |c: char| c.is_ascii_alphanumeric() || ('\u{0621}'..='\u{064A}').contains(&c);
        let word_start = before
            .char_indices()
            .rfind(|&(_, c)| !in_word(c))
            .map_or(0, |(at, c)| at + c.len_utf8());
        // (A ligature that expands to several words, ﷺ, is one character of
        // the original: a name inside it starts where it starts.)
        let ligature = e
            .text
            .starts_with(|c| matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'));
        let first = normalize(&e.text, &Options::default())
            .chars()
            .next()
            .filter(|_| !ligature);
        assert!(
            !first.is_some_and(in_word)
                || before[word_start..].chars().all(|c| "وفبكلا".contains(c)),
            "starts inside a word: {:?} before {e:?}",
            &before[word_start..]
        );
    }
}

/// find: in bounds and ordered.
fn check_find(t: &str, q: &str) {
    let len = utf16(t).len() as u32;
    let found = find(t, q);
    let mut last = 0;
    for r in found {
        assert!(r.start < r.end && r.end <= len && r.start >= last);
        last = r.end;
    }
}

/// Random and mutated model files: an error or a working recognizer.
fn check_model(rng: &mut Rng, good: &[u8]) {
    let bytes: Vec<u8> = if rng.below(2) == 0 {
        (0..rng.below(200)).map(|_| rng.next() as u8).collect()
    } else {
        let mut b = good.to_vec();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(b.len());
            b[at] = rng.next() as u8;
        }
        b.truncate(b.len() - rng.below(2) * rng.below(b.len()));
        b
    };
    if let Ok(r) = Recognizer::with_model(&bytes) {
        r.entities("قال محمد بن سلمان في الرباط");
    }
}

fn budget() -> Duration {
    let default = if cfg!(debug_assertions) { 3 } else { 300 };
    let secs = std::env::var("ALAM_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default);
    Duration::from_secs(secs)
}

#[test]
fn random_inputs_keep_every_contract() {
    let seed = std::env::var("ALAM_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x616c_616d_u64);
    let budget = budget();
    let model = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/model.bin")).unwrap();
    let mut base = Recognizer::new();
    let started = Instant::now();
    let (mut inputs, mut round) = (0u64, 0u64);
    while started.elapsed() < budget {
        round += 1;
        let round_seed = seed ^ round.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut rng = Rng(round_seed | 1);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut n = 0;
            for _ in 0..200 {
                let t = text(&mut rng, 24);
                check_normalize(&t);
                check_find(&t, &text(&mut rng, 3));
                n += 2;
            }
            for _ in 0..20 {
                let t = text(&mut rng, 60);
                let len = utf16(&t).len() as u32 + 1;
                let breaks: Vec<u32> = (0..rng.below(3))
                    .map(|_| rng.below(len as usize) as u32)
                    .collect();
                check_entities(&base, &t, &breaks);
                n += 1;
            }
            let name = text(&mut rng, 4);
            let label = ["PER", "LOC", "ORG", "MISC", "CITY"][rng.below(5)];
            if base.add_names([(name.as_str(), label)]).is_ok() {
                check_entities(&base, &format!("قال {name} إن"), &[]);
            }
            if rng.below(8) == 0 {
                base.clear_names();
            }
            check_model(&mut rng, &model);
            n + 2
        }));
        match result {
            Ok(n) => inputs += n,
            Err(_) => panic!("failed in round {round}: rerun with ALAM_FUZZ_SEED={seed} (round seed {round_seed:#x})"),
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "fuzz: {inputs} inputs in {secs:.1} s ({:.0} inputs/s), no contract broken",
        inputs as f64 / secs
    );
    assert!(inputs > 0);
}
