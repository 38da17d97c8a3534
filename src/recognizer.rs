//! The [`Recognizer`]: the model's entities and a site's own names, as
//! [`Entity`] records with original offsets.

use crate::clitics::{key_of, span_strip, Strip};
use crate::gazetteer::{self, Gazetteer};
use crate::label::runs;
use crate::model::features::speller;
use crate::model::pipeline::{self, Document, Lists, Text};
use crate::model::{file, Model};
use crate::offsets::Utf16ToBytes;
use crate::tokenize::words;
use crate::{Error, Label, Normalizer, Tag};
use serde::Serialize;
use std::ops::Range;
use std::sync::Arc;

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
        Recognizer::around(Model::embedded())
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

    /// The lexicon of the recognizer's model, as a matcher.
    #[cfg(test)]
    pub(crate) fn model_lexicon(&self) -> &Gazetteer {
        self.model.lexicon.gazetteer()
    }

    /// A recognizer around `model`, with no user names.
    fn around(model: Arc<Model>) -> Self {
        Recognizer {
            model,
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
                .insert_with(Normalizer::default_ref(), &name, k, |_, new| new);
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
        let mapped = Normalizer::default_ref().normalize_mapped(text);
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
        gazetteer::shipped().word(s).is_some() || self.user.word(s).is_some()
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

    /// The model's entities in `text` (normalized `norm`, words `ws`).
    fn model_entities(&self, text: &str, norm: &str, ws: &[Range<usize>]) -> Vec<Found> {
        let spelled = speller().normalize(text);
        let text = Text {
            norm,
            spelled: &spelled,
            words: ws,
        };
        let lists = Lists {
            gazetteer: gazetteer::shipped(),
            lexicon: self.model.lexicon.gazetteer(),
        };
        let (mut tags, margins) = pipeline::tag(&self.model, &Document::of_text(text, lists));
        self.join_split_names(norm, ws, &mut tags);
        self.spans_of_tags(norm, ws, &tags, &margins)
    }

    /// Joins two person names that touch with only spaces between, when the
    /// second starts without a particle: the model sometimes splits
    /// محمد حسني مبارك in two, while names side by side are nearly always
    /// joined by و or a comma (19 of 2,426 person names in ANERcorp's training
    /// data directly follow another).
    fn join_split_names(&self, norm: &str, ws: &[Range<usize>], tags: &mut [Tag]) {
        let per = Label::Per;
        for i in 1..tags.len() {
            if tags[i] != Tag::begin(per) || tags[i - 1].label() != Some(per) {
                continue;
            }
            let only_spaces = norm[ws[i - 1].end..ws[i].start].chars().all(|c| c == ' ');
            let word = &norm[ws[i].clone()];
            if only_spaces && span_strip(word, |s| self.known(s)).bytes == 0 {
                tags[i] = Tag::inside(per);
            }
        }
    }

    /// The entities of `text` whose words carry `tags` (training checks with
    /// it how well its tag projection survives the way back to spans).
    #[cfg(test)]
    pub(crate) fn entities_of_tags(&self, text: &str, tags: &[Tag]) -> Vec<Entity> {
        let mapped = Normalizer::default_ref().normalize_mapped(text);
        let ws = words(mapped.text());
        let margins = vec![0.0; tags.len()];
        let found = self.spans_of_tags(mapped.text(), &ws, tags, &margins);
        to_entities(text, &mapped, found)
    }

    fn spans_of_tags(
        &self,
        norm: &str,
        ws: &[Range<usize>],
        tags: &[Tag],
        margins: &[f32],
    ) -> Vec<Found> {
        runs(tags)
            .map(|(label, run)| {
                let (i, j) = (run.start, run.end);
                let first = &norm[ws[i].clone()];
                let strip: Strip = span_strip(first, |s| self.known(s));
                let margin = margins[run].iter().fold(f32::INFINITY, |a, &m| a.min(m));
                Found {
                    words: (i, j),
                    range: ws[i].start + strip.bytes..ws[j - 1].end,
                    label,
                    elided_article: strip.elided_article,
                    score: self.model.score(margin),
                }
            })
            .collect()
    }
}

/// Converts found spans (sorted by start) to entities with original offsets.
fn to_entities(text: &str, mapped: &crate::Mapped, found: Vec<Found>) -> Vec<Entity> {
    let norm = mapped.text();
    let spans: Vec<Range<u32>> = found
        .iter()
        .map(|f| mapped.original_span(f.range.clone()))
        .collect();
    let bytes = Utf16ToBytes::new(text, spans.iter().flat_map(|s| [s.start, s.end]).collect());
    found
        .into_iter()
        .zip(spans)
        .map(|(f, span)| Entity {
            text: text[bytes.of(span.start)..bytes.of(span.end)].to_string(),
            key: key_of(&norm[f.range.clone()], f.elided_article),
            start: span.start,
            end: span.end,
            label: f.label,
            score: f.score,
        })
        .collect()
}
