//! One reading of a text, shared by the recognizer and by training.
//!
//! A [`Document`] holds the words of one text (the recognizer's input, or a
//! window of training sentences) with what the features need: per-word
//! information, cut into sentences, with the document context of all of
//! them. The model then reads it twice ([`tag`]): a first reading from the
//! word features alone, and a second one that also sees the first one's tags
//! around each word and at the stem's other mentions (stacked features).
//! Training builds the same documents and the same feature keys (a test
//! checks it word for word), so what the model learned is what it meets.

use super::features::{
    document_context, features, other_mentions, sentences_of, stacked_features, word_infos,
    WordInfo,
};
use super::viterbi::{best_path, best_path_with_margins};
use super::{Model, TAGS};
use crate::gazetteer::Gazetteer;
use crate::Tag;
use std::ops::Range;

/// One sentence's text as the model sees it: normalized with the default
/// folds (`norm`) and with the model's spelling folds (`spelled`, same byte
/// offsets), with its words.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Text<'a> {
    /// The text normalized with the default folds.
    pub norm: &'a str,
    /// The text normalized with [`super::features::spelling_options`].
    pub spelled: &'a str,
    /// The words of `norm`.
    pub words: &'a [Range<usize>],
}

/// The lists the features look words up in.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lists<'a> {
    /// The shipped gazetteers.
    pub gazetteer: &'a Gazetteer,
    /// The entity lexicon mined from the training data.
    pub lexicon: &'a Gazetteer,
}

/// The words of one text, sentence by sentence, ready for the features.
pub(crate) struct Document {
    sentences: Vec<Vec<WordInfo>>,
}

impl Document {
    /// A whole text, cut into sentences at line breaks and `.` `!` `?` `؟`, as
    /// the training corpus has them.
    pub fn of_text(text: Text, lists: Lists) -> Self {
        let sentences = sentences_of(text.norm, text.words)
            .into_iter()
            .map(|r| Text {
                words: &text.words[r],
                ..text
            });
        Document::of_sentences(sentences, lists)
    }

    /// Sentences given one by one, read as one document.
    pub fn of_sentences<'a>(sentences: impl IntoIterator<Item = Text<'a>>, lists: Lists) -> Self {
        let mut sentences: Vec<Vec<WordInfo>> = sentences
            .into_iter()
            .map(|s| word_infos(s.norm, s.spelled, s.words, lists.gazetteer, lists.lexicon))
            .collect();
        document_context(&mut sentences);
        Document { sentences }
    }

    /// How many words each sentence has.
    pub fn sentence_lengths(&self) -> impl Iterator<Item = usize> + '_ {
        self.sentences.iter().map(Vec::len)
    }

    /// Appends the first reading's feature keys of word `i` of sentence `s`.
    pub fn base_keys(&self, s: usize, i: usize, out: &mut Vec<u32>) {
        features(&self.sentences[s], i, out);
    }

    /// What a first reading (`first`: tags per sentence) says of each word's
    /// other mentions, per sentence, for [`stacked_keys`].
    pub fn other_mentions(&self, first: &[Vec<Tag>]) -> Vec<Vec<u8>> {
        let doc: Vec<(&[WordInfo], &[Tag])> = self
            .sentences
            .iter()
            .zip(first)
            .map(|(infos, tags)| (&infos[..], &tags[..]))
            .collect();
        other_mentions(&doc)
    }
}

/// Appends the keys the second reading adds to word `i` of a sentence, given
/// the first reading's tags of the sentence and [`Document::other_mentions`].
pub(crate) fn stacked_keys(first: &[Tag], others: &[u8], i: usize, out: &mut Vec<u32>) {
    stacked_features(first, others, i, out);
}

/// The model's tags for the words of `doc`, all sentences in a row, and each
/// word's margin (how much better the best path is than the best path with
/// another tag there, in weight units).
pub(crate) fn tag(model: &Model, doc: &Document) -> (Vec<Tag>, Vec<f32>) {
    let mut keys = Vec::with_capacity(64);
    let mut emit: Vec<Vec<[f32; TAGS]>> = Vec::with_capacity(doc.sentences.len());
    for (s, n) in doc.sentence_lengths().enumerate() {
        let scores = (0..n)
            .map(|i| {
                keys.clear();
                doc.base_keys(s, i, &mut keys);
                let mut scores = [0f32; TAGS];
                model.emit(&keys, &mut scores);
                scores
            })
            .collect();
        emit.push(scores);
    }
    let (trans, start) = (&model.trans, &model.start);
    let first: Vec<Vec<Tag>> = emit.iter().map(|e| best_path(e, trans, start)).collect();
    let others = doc.other_mentions(&first);
    let total = emit.iter().map(Vec::len).sum();
    let (mut tags, mut margins) = (Vec::with_capacity(total), Vec::with_capacity(total));
    for ((emit, first), others) in emit.iter_mut().zip(&first).zip(&others) {
        for (i, scores) in emit.iter_mut().enumerate() {
            keys.clear();
            stacked_keys(first, others, i, &mut keys);
            model.emit(&keys, scores);
        }
        let (t, m) = best_path_with_margins(emit, trans, start);
        tags.extend(t);
        margins.extend(m);
    }
    (tags, margins)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::gazetteer::NameMap;
    use crate::model::features::{speller, FEATURES_FINGERPRINT, FEATURES_VERSION};
    use crate::model::lexicon::Lexicon;
    use crate::tokenize::words;
    use crate::{Label, Normalizer};

    /// A paragraph touching every kind of feature: triggers, list and
    /// lexicon entries of one and several words, nisbas, repeated names,
    /// punctuation, digits and Latin letters.
    const PARAGRAPH: &str = "قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن فرنسا ستدعم \
        الأمم المتحدة، ومنظمة الصحة العالمية 2026.\nوأكد ماكرون أن الاتحاد الأوروبي \
        (EU) سيجتمع في بروكسل! ثم غادر إلى الرباط؟ نعم";

    /// Small lists, fixed here so that the fingerprint sees the templates
    /// and not the shipped data.
    fn lists() -> (Gazetteer, Lexicon) {
        let n = Normalizer::default_ref();
        let mut gazetteer = NameMap::default();
        for (entry, group) in [("باريس", 2), ("فرنسا", 0), ("الرباط", 3), ("إيمانويل", 5)]
        {
            gazetteer.insert_with(n, entry, 1 << group, |a, b| a | b);
        }
        gazetteer.insert_with(n, "الأمم المتحدة", 1 << 6, |a, b| a | b);
        let gazetteer = gazetteer.freeze();
        let lexicon = Lexicon::from_entries(vec![
            ("ماكرون".into(), 0b11),
            ("الاتحاد الاوروبي".into(), 0b11 << 4),
            ("بروكسل".into(), 0b10 << 2),
        ]);
        (gazetteer, lexicon)
    }

    /// Every feature key of `doc`, per sentence and word, with a made-up
    /// first reading for the stacked keys.
    pub(crate) fn all_keys(doc: &Document) -> Vec<Vec<Vec<u32>>> {
        let first: Vec<Vec<Tag>> = doc
            .sentence_lengths()
            .map(|n| {
                (0..n)
                    .map(|i| match i % 3 {
                        0 => Tag::O,
                        1 => Tag::begin(Label::ALL[i % 4]),
                        _ => Tag::inside(Label::ALL[(i - 1) % 4]),
                    })
                    .collect()
            })
            .collect();
        let others = doc.other_mentions(&first);
        doc.sentence_lengths()
            .enumerate()
            .map(|(s, n)| {
                (0..n)
                    .map(|i| {
                        let mut out = Vec::new();
                        doc.base_keys(s, i, &mut out);
                        stacked_keys(&first[s], &others[s], i, &mut out);
                        out
                    })
                    .collect()
            })
            .collect()
    }

    /// The paragraph read as the recognizer reads a text.
    pub(crate) fn runtime_document(
        text: &str,
        gazetteer: &Gazetteer,
        lexicon: &Gazetteer,
    ) -> Document {
        let mapped = Normalizer::default_ref().normalize_mapped(text);
        let spelled = speller().normalize(text);
        let ws = words(mapped.text());
        let text = Text {
            norm: mapped.text(),
            spelled: &spelled,
            words: &ws,
        };
        Document::of_text(text, Lists { gazetteer, lexicon })
    }

    #[test]
    fn feature_keys_match_their_version() {
        let (gazetteer, lexicon) = lists();
        let doc = runtime_document(PARAGRAPH, &gazetteer, lexicon.gazetteer());
        let keys = all_keys(&doc);
        assert_eq!(keys.len(), 4, "sentences");
        let fingerprint = keys
            .iter()
            .flatten()
            .flatten()
            .fold(crate::hash::Fnv::new(), |h, k| h.bytes(&k.to_le_bytes()))
            .0;
        assert_eq!(
            fingerprint, FEATURES_FINGERPRINT,
            "the feature keys changed: bump FEATURES_VERSION (now {FEATURES_VERSION}) and set \
             FEATURES_FINGERPRINT to {fingerprint:#x} (src/model/features.rs)"
        );
    }
}
