//! The recognizer's span rules on tags given by hand.

use super::*;
use crate::model::lexicon::Lexicon;
use crate::model::TAGS;

#[test]
fn spans_keep_words_that_head_names_whole_and_drop_particles_before_them() {
    let r = Recognizer::with_decoded_model(Model::from_map(
        &Default::default(),
        [[0.0; TAGS]; TAGS],
        [0.0; TAGS],
        Lexicon::default(),
    ));
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
