//! Named entities: labels, the entity record, errors, and the [`Recognizer`].

use crate::gazetteer::{self, Gazetteer};
use crate::ner::features::{
    document_context, features, other_mentions, spelling_options, split_sentences,
    stacked_features, word_infos, WordInfo,
};
use crate::ner::{entity_runs, file, tag_label, viterbi, viterbi_with, Model, TAGS};
use crate::tokenize::{key_of, span_strip, words, Strip};
use crate::{Normalizer, Options};
use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

/// The kind of a named entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// A person.
    Per,
    /// A place: country, city, region, geographic feature.
    Loc,
    /// An organization: government body, company, party, team, agency.
    Org,
    /// Another name: event, product, work, nationality used as a name.
    Misc,
}

impl Label {
    /// Every label, in tag order.
    pub const ALL: [Label; 4] = [Label::Per, Label::Loc, Label::Org, Label::Misc];

    /// The label's name: `PER`, `LOC`, `ORG` or `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Loc => "LOC",
            Label::Org => "ORG",
            Label::Misc => "MISC",
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Label {
    type Err = Error;

    /// Parses `PER`, `LOC`, `ORG` or `MISC`.
    ///
    /// ```
    /// use alam::Label;
    /// assert_eq!("LOC".parse::<Label>().unwrap(), Label::Loc);
    /// assert_eq!(
    ///     "CITY".parse::<Label>().unwrap_err().to_string(),
    ///     "unknown label `CITY` (expected PER, LOC, ORG or MISC)"
    /// );
    /// ```
    fn from_str(s: &str) -> Result<Self, Error> {
        Label::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| Error::UnknownLabel(s.to_string()))
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The errors of the recognizer and of model files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// A label other than PER, LOC, ORG, MISC.
    UnknownLabel(String),
    /// A user name with no letter or digit in it.
    EmptyName(String),
    /// The data does not start with the model file's magic bytes.
    ModelMagic,
    /// The model file has a format version this build cannot read.
    ModelVersion(u32),
    /// The model was trained with other feature templates than this build's.
    ModelFeatures(u32),
    /// The model file ends before its declared content.
    ModelTruncated,
    /// The model file's content does not match its checksum.
    ModelChecksum,
    /// The model file holds an impossible value.
    ModelCorrupt,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownLabel(l) => {
                write!(f, "unknown label `{l}` (expected PER, LOC, ORG or MISC)")
            }
            Error::EmptyName(n) => write!(f, "the name `{n}` has no letter or digit"),
            Error::ModelMagic => f.write_str("not an alam model file (bad magic bytes)"),
            Error::ModelVersion(v) => write!(f, "model file format version {v} is not supported"),
            Error::ModelFeatures(v) => write!(
                f,
                "the model was trained with feature templates version {v}, this build needs {}",
                crate::ner::features::FEATURES_VERSION
            ),
            Error::ModelTruncated => f.write_str("the model file is truncated"),
            Error::ModelChecksum => f.write_str("the model file is corrupt (checksum mismatch)"),
            Error::ModelCorrupt => f.write_str("the model file is corrupt"),
        }
    }
}

impl std::error::Error for Error {}

/// A named entity found in text.
///
/// Offsets are UTF-16 code units of the original text, end exclusive. The span
/// leaves out proclitic particles (و ف ب ك ل) that are not part of the name, but
/// keeps the article: in بالرباط the entity is الرباط.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entity {
    /// Start, in UTF-16 code units of the original text.
    pub start: u32,
    /// End (exclusive), in UTF-16 code units of the original text.
    pub end: u32,
    /// The entity's kind.
    pub label: Label,
    /// The original text of the span.
    pub text: String,
    /// The normalized, clitic-free form shared by all mentions of one entity
    /// (بالرباط and الرباط both have الرباط; للمغرب has المغرب).
    pub key: String,
    /// Confidence in [0, 1]: 1 for user names; for the model, about the chance
    /// that the span and label are exactly right.
    pub score: f32,
}

/// The embedded model file (see data/README.md).
static MODEL_FILE: &[u8] = include_bytes!("../data/model.bin");

fn embedded_model() -> Arc<Model> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            // The tests check that the embedded file decodes.
            Arc::new(file::decode(MODEL_FILE).expect("the embedded model file decodes"))
        })
        .clone()
}

fn shipped_gazetteer() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(gazetteer::shipped)
}

/// Finds named entities: the trained model, with name lists a site adds on top.
///
/// ```
/// use alam::{Label, Recognizer};
/// let mut r = Recognizer::new();
/// r.add_names([("حزب الأمل الجديد", "ORG")]).unwrap();
/// let text = "وأعلن حزبُ الأمل الجديد ترشيحه.";
/// let found = r.entities(text);
/// let e = found.iter().find(|e| e.label == Label::Org).unwrap();
/// assert_eq!(e.text, "حزبُ الأمل الجديد");
/// assert_eq!(e.key, "حزب الامل الجديد");
/// ```
#[derive(Clone, Debug)]
pub struct Recognizer {
    model: Arc<Model>,
    normalizer: Normalizer,
    /// Normalizes for the model's `spelled` feature.
    speller: Normalizer,
    /// User names; values are indexes into [`Label::ALL`].
    user: Gazetteer,
}

impl Default for Recognizer {
    fn default() -> Self {
        Recognizer::new()
    }
}

/// An entity before conversion to original offsets: normalized byte range.
struct Found {
    /// First and one-past-last word.
    words: (usize, usize),
    range: Range<usize>,
    label: Label,
    elided_article: bool,
    score: f32,
}

impl Recognizer {
    /// A recognizer with the embedded model and no user names.
    pub fn new() -> Self {
        Recognizer::around(embedded_model())
    }

    /// A recognizer with the model in `bytes` (a model file, as `alam train`
    /// writes it).
    pub fn with_model(bytes: &[u8]) -> Result<Self, Error> {
        Ok(Recognizer::around(Arc::new(file::decode(bytes)?)))
    }

    /// A recognizer with an already decoded model.
    #[cfg(test)]
    pub(crate) fn with_decoded_model(model: Model) -> Self {
        Recognizer::around(Arc::new(model))
    }

    /// A recognizer around `model`, with no user names.
    fn around(model: Arc<Model>) -> Self {
        Recognizer {
            model,
            normalizer: Normalizer::new(&Options::default()),
            speller: Normalizer::new(&spelling_options()),
            user: Gazetteer::default(),
        }
    }

    /// Adds names with their labels (`PER`, `LOC`, `ORG`, `MISC`). They are
    /// matched insensitively to diacritics and letter variants, with proclitics
    /// allowed on the text side (a name الرباط matches بالرباط), and win over the
    /// model where they overlap. A name added again takes its latest label.
    ///
    /// On error nothing is added.
    pub fn add_names<S, L>(&mut self, names: impl IntoIterator<Item = (S, L)>) -> Result<(), Error>
    where
        S: AsRef<str>,
        L: AsRef<str>,
    {
        let mut parsed = Vec::new();
        for (name, label) in names {
            let label: Label = label.as_ref().parse()?;
            let name = name.as_ref();
            if !name.chars().any(char::is_alphanumeric) {
                return Err(Error::EmptyName(name.to_string()));
            }
            parsed.push((name.to_string(), label));
        }
        for (name, label) in parsed {
            let k = Label::ALL.iter().position(|&l| l == label).unwrap_or(0) as u32;
            self.user
                .insert_with(&self.normalizer, &name, k, |_, new| new);
        }
        Ok(())
    }

    /// Removes every user name.
    pub fn clear_names(&mut self) {
        self.user.clear();
    }

    /// The entities of `text`, sorted and non-overlapping.
    pub fn entities(&self, text: &str) -> Vec<Entity> {
        self.entities_with_labels(text, &Label::ALL)
    }

    /// The entities of `text` whose label is in `labels`.
    pub fn entities_with_labels(&self, text: &str, labels: &[Label]) -> Vec<Entity> {
        let mapped = self.normalizer.normalize_mapped(text);
        let norm = mapped.text();
        let ws = words(norm);
        let mut found = self.user_entities(norm, &ws);
        let mut taken = vec![false; ws.len()];
        for f in &found {
            taken[f.words.0..f.words.1].fill(true);
        }
        for f in self.model_entities(text, norm, &ws) {
            if !taken[f.words.0..f.words.1].contains(&true) {
                found.push(f);
            }
        }
        found.retain(|f| labels.contains(&f.label));
        found.sort_by_key(|f| f.range.start);
        to_entities(text, &mapped, found)
    }

    fn known(&self, s: &str) -> bool {
        shipped_gazetteer().word(s).is_some() || self.user.word(s).is_some()
    }

    fn user_entities(&self, norm: &str, ws: &[Range<usize>]) -> Vec<Found> {
        self.user
            .longest_matches(norm, ws)
            .into_iter()
            .map(|m| Found {
                words: m.words,
                range: ws[m.words.0].start + m.strip..ws[m.words.1 - 1].end,
                label: Label::ALL[m.value as usize % Label::ALL.len()],
                elided_article: m.elided_article,
                score: 1.0,
            })
            .collect()
    }

    /// The model's tags per word of `norm`.
    pub(crate) fn tag_words(
        &self,
        text: &str,
        norm: &str,
        ws: &[Range<usize>],
    ) -> (Vec<usize>, Vec<f32>) {
        let spelled = self.speller.normalize(text);
        let mut infos = word_infos(
            norm,
            &spelled,
            ws,
            shipped_gazetteer(),
            self.model.lexicon.gazetteer(),
        );
        // Sentence by sentence, as the model was trained, with the document
        // context of the whole text.
        let sentences = split_sentences(&mut infos);
        document_context(&mut sentence_slices(&mut infos, &sentences));
        let mut keys = Vec::with_capacity(64);
        let mut emit = Vec::with_capacity(ws.len());
        for r in &sentences {
            let words = &infos[r.clone()];
            for i in 0..words.len() {
                keys.clear();
                features(words, i, &mut keys);
                let mut scores = [0f32; TAGS];
                self.model.emit(&keys, &mut scores);
                emit.push(scores);
            }
        }
        // A first reading, then a second one that also sees the first one's
        // tags around each word and at the word's other mentions.
        let (trans, start) = (&self.model.trans, &self.model.start);
        let first: Vec<Vec<usize>> = sentences
            .iter()
            .map(|r| viterbi_with(&emit[r.clone()], trans, start, false).0)
            .collect();
        let doc: Vec<_> = sentences
            .iter()
            .zip(&first)
            .map(|(r, tags)| (&infos[r.clone()], &tags[..]))
            .collect();
        let others = other_mentions(&doc);
        let (mut tags, mut margins) = (Vec::with_capacity(ws.len()), Vec::with_capacity(ws.len()));
        for ((r, first), others) in sentences.iter().zip(&first).zip(&others) {
            let emit = &mut emit[r.clone()];
            for (i, scores) in emit.iter_mut().enumerate() {
                keys.clear();
                stacked_features(first, others, i, &mut keys);
                self.model.emit(&keys, scores);
            }
            let (t, m) = viterbi(emit, trans, start);
            tags.extend(t);
            margins.extend(m);
        }
        (tags, margins)
    }

    fn model_entities(&self, text: &str, norm: &str, ws: &[Range<usize>]) -> Vec<Found> {
        let (mut tags, margins) = self.tag_words(text, norm, ws);
        self.join_split_names(norm, ws, &mut tags);
        self.spans_of_tags(norm, ws, &tags, &margins)
    }

    /// Joins two person names that touch with only spaces between, when the
    /// second starts without a particle: the model sometimes splits
    /// محمد حسني مبارك in two, while names side by side are nearly always
    /// joined by و or a comma (19 of 2,426 person names in ANERcorp's training
    /// data directly follow another).
    fn join_split_names(&self, norm: &str, ws: &[Range<usize>], tags: &mut [usize]) {
        for i in 1..tags.len() {
            let (Some((label, true)), Some((prev, _))) =
                (tag_label(tags[i]), tag_label(tags[i - 1]))
            else {
                continue;
            };
            let only_spaces = norm[ws[i - 1].end..ws[i].start].chars().all(|c| c == ' ');
            let word = &norm[ws[i].clone()];
            if label == Label::Per
                && prev == Label::Per
                && only_spaces
                && span_strip(word, |s| self.known(s)).bytes == 0
            {
                tags[i] += 1;
            }
        }
    }

    /// The entities of `text` whose words carry `tags` (training checks with
    /// it how well its tag projection survives the way back to spans).
    #[cfg(test)]
    pub(crate) fn entities_of_tags(&self, text: &str, tags: &[usize]) -> Vec<Entity> {
        let mapped = self.normalizer.normalize_mapped(text);
        let ws = words(mapped.text());
        let margins = vec![0.0; tags.len()];
        let found = self.spans_of_tags(mapped.text(), &ws, tags, &margins);
        to_entities(text, &mapped, found)
    }

    fn spans_of_tags(
        &self,
        norm: &str,
        ws: &[Range<usize>],
        tags: &[usize],
        margins: &[f32],
    ) -> Vec<Found> {
        entity_runs(tags)
            .map(|(label, i, j)| {
                let first = &norm[ws[i].clone()];
                let strip: Strip = span_strip(first, |s| self.known(s));
                let margin = margins[i..j].iter().fold(f32::INFINITY, |a, &m| a.min(m));
                Found {
                    words: (i, j),
                    range: ws[i].start + strip.bytes..ws[j - 1].end,
                    label,
                    elided_article: strip.elided_article,
                    score: model_score(margin),
                }
            })
            .collect()
    }
}

/// The words of each sentence (`sentences`: consecutive ranges covering
/// `infos`), as mutable slices.
fn sentence_slices<'a>(
    mut infos: &'a mut [WordInfo],
    sentences: &[Range<usize>],
) -> Vec<&'a mut [WordInfo]> {
    let mut out = Vec::with_capacity(sentences.len());
    for r in sentences {
        let (head, rest) = std::mem::take(&mut infos).split_at_mut(r.len());
        out.push(head);
        infos = rest;
    }
    out
}

/// A model entity's score is a logistic function of its margin (the weakest
/// word's, in weight units): 0.5 at `SCORE_MARGIN`, rising by a factor e in
/// odds every `SCORE_SCALE`. The two were fit by maximum likelihood to whether
/// the entities found by 5-fold cross-validation models on held-out parts of
/// ANERcorp train (read 20 sentences at a time) were exactly right. With the
/// shipped training options (refit optimum 22 and 30, which scores alike), dev
/// entities scored 0.7–0.8 are right 71 % of the time, 0.9–1 95 %. They depend
/// on the scale of the weights: refit them when training changes.
const SCORE_MARGIN: f32 = 24.0;
const SCORE_SCALE: f32 = 28.0;

/// The score of a model entity whose weakest word has margin `margin`: below
/// 1, which only names the user added get.
fn model_score(margin: f32) -> f32 {
    (1.0 / (1.0 + ((SCORE_MARGIN - margin) / SCORE_SCALE).exp())).min(0.999)
}

/// Converts found spans (sorted by start) to entities with original offsets.
fn to_entities(text: &str, mapped: &crate::Mapped, found: Vec<Found>) -> Vec<Entity> {
    let norm = mapped.text();
    let spans: Vec<Range<u32>> = found
        .iter()
        .map(|f| mapped.original_span(f.range.clone()))
        .collect();
    // One walk over the original text turns UTF-16 offsets into byte offsets.
    let mut cuts: Vec<u32> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    cuts.sort_unstable();
    let mut bytes_at = Vec::with_capacity(cuts.len());
    let (mut units, mut chars) = (0u32, text.char_indices().peekable());
    for &cut in &cuts {
        while units < cut {
            match chars.next() {
                Some((_, c)) => units += c.len_utf16() as u32,
                None => break,
            }
        }
        let at = chars.peek().map_or(text.len(), |&(b, _)| b);
        bytes_at.push((cut, at));
    }
    let byte_of = |u: u32| {
        let k = bytes_at.partition_point(|&(c, _)| c < u);
        bytes_at.get(k).map_or(text.len(), |&(_, b)| b)
    };
    found
        .into_iter()
        .zip(spans)
        .map(|(f, span)| Entity {
            text: text[byte_of(span.start)..byte_of(span.end)].to_string(),
            key: key_of(&norm[f.range.clone()], f.elided_article),
            start: span.start,
            end: span.end,
            label: f.label,
            score: f.score,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_scores_rise_with_the_margin_and_stay_below_user_names() {
        assert!((model_score(SCORE_MARGIN) - 0.5).abs() < 1e-6);
        let scores: Vec<f32> = [0.0, 10.0, 50.0, 100.0].map(model_score).to_vec();
        assert!(scores.windows(2).all(|p| p[0] < p[1]), "{scores:?}");
        assert!(model_score(0.0) > 0.0);
        assert!(model_score(1e9) < 1.0);
    }
}
