//! The recognizer's rules around the model: spans of tags given by hand, and
//! the organizations of alam's list, with a model that tags nothing.

use super::*;
use crate::model::lexicon::Lexicon;
use crate::model::TAGS;

/// A recognizer whose model has every weight 0: it tags nothing, so what it
/// finds comes from the rules around the model.
fn zero_model() -> Recognizer {
    Recognizer::with_decoded_model(Model::from_map(
        &Default::default(),
        [[0.0; TAGS]; TAGS],
        [0.0; TAGS],
        Lexicon::default(),
    ))
}

#[test]
fn spans_keep_words_that_head_names_whole_and_drop_particles_before_them() {
    let r = zero_model();
    let text = "وكالة الأنباء السورية لمجلس الأمن ولاية كاليفورنيا وسيلفا";
    let (b, i) = (Tag::begin, Tag::inside);
    let tags = [
        b(Label::Org),
        i(Label::Org),
        i(Label::Org),
        b(Label::Org),
        i(Label::Org),
        b(Label::Loc),
        i(Label::Loc),
        b(Label::Per),
    ];
    let texts: Vec<String> = r
        .entities_of_tags(text, &tags)
        .into_iter()
        .map(|e| e.text)
        .collect();
    assert_eq!(
        texts,
        [
            "وكالة الأنباء السورية",
            "مجلس الأمن",
            "ولاية كاليفورنيا",
            "سيلفا"
        ]
    );
}

#[test]
fn names_of_alam_s_organization_list_are_found_when_the_model_misses_them() {
    let text = "وحضر الاستقبال بمقر المديرية العامة لمراقبة التراب الوطني بالرباط";
    let found: Vec<(Label, String)> = zero_model()
        .entities(text)
        .into_iter()
        .map(|e| (e.label, e.text))
        .collect();
    assert_eq!(
        found,
        [(
            Label::Org,
            "المديرية العامة لمراقبة التراب الوطني".to_string()
        )]
    );
}

#[test]
fn a_listed_organization_only_fills_a_gap_the_model_left() {
    let text = "مستشار مجلس الأمن القومي الأمريكي";
    let mapped = Normalizer::default_ref().normalize_mapped(text);
    let ws = words(mapped.text());
    let model_entity = |words: (usize, usize)| Found {
        words,
        range: ws[words.0].start..ws[words.1 - 1].end,
        label: Label::Org,
        elided_article: false,
        score: 0.2,
        key: None,
    };
    // The list holds مجلس الأمن (words 1..3).
    let listed = |model: &[Found]| -> Vec<(usize, usize)> {
        listed_organizations(mapped.text(), &ws, model)
            .iter()
            .map(|f| f.words)
            .collect()
    };
    assert_eq!(listed(&[]), [(1, 3)]);
    assert_eq!(listed(&[model_entity((0, 1))]), [(1, 3)]);
    assert!(listed(&[model_entity((2, 3))]).is_empty());
    assert!(listed(&[model_entity((1, 4))]).is_empty());
}
