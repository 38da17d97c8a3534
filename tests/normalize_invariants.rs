//! Invariants of the normalizer and its offset map over many generated strings that
//! mix Arabic letters, marks, presentation forms, digits, invisibles, Latin, emoji
//! (two UTF-16 units each) and whitespace.

use alam::{normalize, normalize_mapped, Fold, Options};
use proptest::prelude::*;

/// Characters the generator draws from, grouped so every class is well represented.
const POOL: &[&str] = &[
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "أإآٱىةؤئء",
    "\u{064B}\u{064C}\u{064D}\u{064E}\u{064F}\u{0650}\u{0651}\u{0652}\u{0670}\u{06DD}\u{0640}",
    "ﻻﷲﻷﺍﻟﻘﺎﻫﺮﺓﹰﹱﷺ",
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳٫٬",
    "\u{200C}\u{200D}\u{200E}\u{200F}\u{061C}\u{202B}\u{202C}\u{2067}\u{2069}\u{FEFF}\u{00AD}",
    "کڪہۀھەۃےی",
    "abcXYZ019.,;?\"",
    "، ؛ ؟ « »",
    "🙂🇲🇦𝔸",
    " \n\t",
];

fn arb_text() -> impl Strategy<Value = String> {
    let chars: Vec<char> = POOL.iter().flat_map(|s| s.chars()).collect();
    proptest::collection::vec(proptest::sample::select(chars), 0..40)
        .prop_map(|v| v.into_iter().collect())
}

fn arb_options() -> impl Strategy<Value = Options> {
    proptest::collection::vec(any::<bool>(), Fold::ALL.len()).prop_map(|bits| {
        let mut o = Options::none();
        for (fold, on) in Fold::ALL.into_iter().zip(bits) {
            o.set(fold, on);
        }
        o
    })
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn normalizing_twice_changes_nothing(text in arb_text(), o in arb_options()) {
        let once = normalize(&text, &o).into_owned();
        prop_assert_eq!(normalize(&once, &o), once.as_str());
    }

    #[test]
    fn default_output_holds_nothing_a_default_fold_changes(text in arb_text()) {
        let out = normalize(&text, &Options::default());
        for c in out.chars() {
            let mut buf = [0u8; 4];
            let s: &str = c.encode_utf8(&mut buf);
            prop_assert_eq!(normalize(s, &Options::default()), s, "{:?} survived", c);
        }
    }

    #[test]
    fn mapped_text_equals_plain_text(text in arb_text(), o in arb_options()) {
        let mapped = normalize_mapped(&text, &o);
        prop_assert_eq!(mapped.text(), normalize(&text, &o));
    }

    #[test]
    fn offset_map_is_monotone_exact_and_covering(text in arb_text(), o in arb_options()) {
        let m = normalize_mapped(&text, &o);
        let original = utf16(&text);
        let (starts, ends) = m.utf16_map();
        prop_assert_eq!(starts.len(), m.text().encode_utf16().count());
        prop_assert_eq!(m.original_len() as usize, original.len());
        prop_assert!(starts.windows(2).all(|w| w[0] <= w[1]), "starts not monotone");
        prop_assert!(ends.windows(2).all(|w| w[0] <= w[1]), "ends not monotone");
        // Each normalized character comes from the original character it maps to:
        // that character normalizes to a string containing it.
        let mut unit = 0;
        for c in m.text().chars() {
            let (s, e) = (starts[unit] as usize, ends[unit] as usize);
            prop_assert!(s < e && e <= original.len());
            let source = String::from_utf16_lossy(&original[s..e]);
            let first: String = source.chars().take(1).collect();
            prop_assert!(
                normalize(&first, &o).contains(c),
                "{:?} maps to {:?}", c, source
            );
            unit += c.len_utf16();
        }
        // Every original unit is covered, or belongs to a character the folds remove.
        let mut covered = vec![false; original.len()];
        for (&s, &e) in starts.iter().zip(&ends) {
            covered[s as usize..e as usize].iter_mut().for_each(|c| *c = true);
        }
        let mut at = 0;
        for c in text.chars() {
            let n = c.len_utf16();
            if !covered[at] {
                let alone = c.to_string();
                prop_assert_eq!(normalize(&alone, &o), "", "{:?} lost", c);
            }
            at += n;
        }
    }
}

#[test]
fn a_span_ending_on_a_letter_covers_its_trailing_marks() {
    let text = "قال مُحَمَّدٌ اليوم";
    let m = normalize_mapped(text, &Options::default());
    let at = m.text().find("محمد").unwrap();
    let span = m.original_span(at..at + "محمد".len());
    let original = utf16(text);
    let covered = String::from_utf16(&original[span.start as usize..span.end as usize]).unwrap();
    assert_eq!(covered, "مُحَمَّدٌ");
}

#[test]
fn expansion_letters_both_map_to_the_one_original_unit() {
    let text = "ﻻ";
    let m = normalize_mapped(text, &Options::default());
    assert_eq!(m.text(), "لا");
    assert_eq!(m.original_span(0..2), 0..1);
    assert_eq!(m.original_span(2..4), 0..1);
    assert_eq!(m.utf16_map(), (vec![0, 0], vec![1, 1]));
}

#[test]
fn invisibles_are_not_part_of_neighbouring_spans() {
    let text = "\u{200F}الرباط\u{200F}";
    let m = normalize_mapped(text, &Options::default());
    assert_eq!(m.text(), "الرباط");
    assert_eq!(m.original_span(0..m.text().len()), 1..7);
}

#[test]
fn astral_characters_count_two_utf16_units() {
    let text = "🙂 أحمد";
    let m = normalize_mapped(text, &Options::default());
    let at = m.text().find("احمد").unwrap();
    assert_eq!(m.original_span(at..m.text().len()), 3..7);
    assert_eq!(m.original_span(m.text().len()..m.text().len()), 7..7);
}
