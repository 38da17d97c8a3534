//! The per-fold tables live in `tests/data/normalize-cases.json`, shared with the
//! wasm tests. A failing row names its table: fix the fold in `fold.rs`, or the row.

use super::*;

/// Options with only `fold` switched on.
fn only(fold: Fold) -> Options {
    let mut o = Options::none();
    o.set(fold, true);
    o
}

/// The shared case file: per fold, rows of `[input, only this fold, default options]`.
const CASES: &str = include_str!("../../tests/data/normalize-cases.json");

#[test]
fn every_fold_has_cases_and_every_case_holds() {
    let cases: serde_json::Value =
        serde_json::from_str(CASES).expect("normalize-cases.json parses");
    let folds = cases["folds"].as_object().expect("a `folds` object");
    for fold in Fold::ALL {
        let rows = folds[fold.js_name()].as_array().expect("a table per fold");
        assert!(!rows.is_empty(), "table `{fold}` is empty");
        for row in rows {
            let [input, alone, full] = [0, 1, 2].map(|i| row[i].as_str().expect("strings"));
            assert_eq!(
                normalize(input, &only(fold)),
                alone,
                "table `{fold}`: {input:?} with only {fold} on"
            );
            assert_eq!(
                normalize(input, &Options::default()),
                full,
                "table `{fold}`: {input:?} with the default options"
            );
        }
    }
}

#[test]
fn unchanged_text_is_borrowed() {
    let text = "الرباط Rabat 2026 🙂";
    assert!(matches!(
        normalize(text, &Options::default()),
        Cow::Borrowed(_)
    ));
    assert!(matches!(
        normalize("مُحمد", &Options::none()),
        Cow::Borrowed(_)
    ));
}

#[test]
fn fold_counts_name_the_folds_that_fired() {
    let counts = Normalizer::new(&Options::default()).count_folds("أَحمد ﻻ ٣\u{200F}");
    let get = |f: Fold| counts.iter().find(|(g, _)| *g == f).map(|(_, n)| *n);
    assert_eq!(get(Fold::Alef), Some(1));
    assert_eq!(get(Fold::Diacritics), Some(1));
    assert_eq!(get(Fold::PresentationForms), Some(1));
    assert_eq!(get(Fold::Digits), Some(1));
    assert_eq!(get(Fold::Invisibles), Some(1));
    assert_eq!(get(Fold::Yeh), Some(0));
}

/// The walker's quick "can anything fold here?" test (a table for the Arabic
/// block, a few lead bytes for the rest) agrees with the fold definition on
/// every character, for every fold alone and for all folds together.
#[test]
fn the_quick_scan_finds_every_character_a_fold_changes() {
    let mut all = Options::none();
    for fold in Fold::ALL {
        all.set(fold, true);
    }
    let sets = Fold::ALL.map(only).into_iter().chain([all]);
    for options in sets {
        let n = Normalizer::new(&options);
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s: &str = c.encode_utf8(&mut buf);
            let found = n.next_change(s, 0).is_some();
            let changes = fold::action(c, &options) != fold::Action::Keep;
            assert_eq!(
                found, changes,
                "{c:?} (U+{:04X}) with {options:?}",
                c as u32
            );
        }
    }
}
