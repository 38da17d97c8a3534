//! The [`Recognizer`]: the model's entities and a site's own names, as
//! [`Entity`] records with original offsets.

mod entity;
mod found;
mod pieces;

use crate::clitics::{span_strip, Strip};
use crate::gazetteer::{self, Group, NameMap};
use crate::label::runs;
use crate::model::features::speller;
use crate::model::pipeline::{self, Document, Lists, Text};
use crate::model::triggers::{self, heads_a_name};
use crate::model::{file, Model};
use crate::tokenize::words;
use crate::{Error, Label, Normalizer, Tag};
pub use entity::{Entity, EntityOptions, CHUNK_BYTES, MAX_ENTITY_WORDS};
use found::{add_surnames, broken_after, longest_first, to_entities, Found};
use pieces::pieces;
use std::ops::Range;
use std::sync::Arc;

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
    user: NameMap,
}

impl Default for Recognizer {
    fn default() -> Self {
        Recognizer::new()
    }
}

impl Recognizer {
    /// A recognizer with the embedded model and no user names.
    pub fn new() -> Self {
        Recognizer::around(Model::embedded())
    }

    /// Loads part `part` (from 0) of the shared data every recognizer reads
    /// (0: the embedded model; 1: the name lists; 2: the word clusters and
    /// trigger words) and says whether a part `part + 1` remains. A page can
    /// spread start-up over short tasks by calling it until it returns false;
    /// whatever is not loaded this way loads on first use. Each part loads
    /// once: calling again costs nothing. The lists, the clusters and the
    /// model's lexicon are read in place from the embedded bytes; the model's
    /// weights are copied into a hash table, about 1 ms natively.
    ///
    /// ```
    /// let mut part = 0;
    /// while alam::Recognizer::preload(part) {
    ///     part += 1;
    /// }
    /// assert_eq!(part, 2);
    /// ```
    pub fn preload(part: usize) -> bool {
        match part {
            0 => drop(Model::embedded()),
            1 => drop(gazetteer::shipped()),
            2 => {
                crate::clusters::embedded();
                triggers::load();
            }
            _ => {}
        }
        part < 2
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
    pub(crate) fn model_lexicon(&self) -> &gazetteer::Gazetteer {
        self.model.lexicon.gazetteer()
    }

    /// A recognizer around `model`, with no user names.
    fn around(model: Arc<Model>) -> Self {
        Recognizer {
            model,
            user: NameMap::default(),
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
            if !has_a_name_word(name) {
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
        self.entities_with(text, &EntityOptions::default())
    }

    /// The entities of `text` whose label is in `labels`.
    pub fn entities_with_labels(&self, text: &str, labels: &[Label]) -> Vec<Entity> {
        let options = EntityOptions {
            labels,
            ..EntityOptions::default()
        };
        self.entities_with(text, &options)
    }

    /// The entities of `text` with `options`, sorted and non-overlapping. A
    /// long text is read in pieces of about [`CHUNK_BYTES`].
    pub fn entities_with(&self, text: &str, options: &EntityOptions) -> Vec<Entity> {
        let mut breaks = options.breaks.to_vec();
        breaks.sort_unstable();
        let mut out = Vec::new();
        let mut units = 0u32;
        for piece in pieces(text, CHUNK_BYTES) {
            let mapped = Normalizer::default_ref().normalize_mapped(piece);
            let len = mapped.original_len();
            let inside = breaks.partition_point(|&b| b < units)
                ..breaks.partition_point(|&b| b <= units + len);
            let local: Vec<u32> = breaks[inside].iter().map(|&b| b - units).collect();
            out.extend(
                self.piece_entities(piece, &mapped, options.labels, &local)
                    .into_iter()
                    .map(|mut e| {
                        e.start += units;
                        e.end += units;
                        e
                    }),
            );
            units += len;
        }
        out
    }

    /// The entities of one piece of text, normalized as `mapped` (`breaks`:
    /// sorted, in its offsets).
    fn piece_entities(
        &self,
        text: &str,
        mapped: &crate::Mapped,
        labels: &[Label],
        breaks: &[u32],
    ) -> Vec<Entity> {
        let norm = mapped.text();
        let ws = words(norm);
        let broken = broken_after(mapped, &ws, breaks);
        let model = self.model_entities(text, norm, &ws, &broken);
        let mut found = self.user_entities(norm, &ws);
        found.extend(listed_organizations(norm, &ws, &model));
        found.retain(|f| !broken[f.words.0..f.words.1 - 1].contains(&true));
        found.extend(model);
        let mut found = longest_first(found, ws.len());
        add_surnames(norm, &ws, &mut found, |s| self.known(s));
        found.retain(|f| labels.contains(&f.label));
        to_entities(text, mapped, found)
    }

    /// Whether `s` (normalized) is a word an entity span keeps whole: a name
    /// of a list or of the site's, or a word that heads names.
    fn known(&self, s: &str) -> bool {
        gazetteer::shipped().word(s).is_some() || self.user.word(s).is_some() || heads_a_name(s)
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
                key: None,
            })
            .collect()
    }

    /// The model's entities in `text` (normalized `norm`, words `ws`; no
    /// entity continues after a word `broken` marks).
    fn model_entities(
        &self,
        text: &str,
        norm: &str,
        ws: &[Range<usize>],
        broken: &[bool],
    ) -> Vec<Found> {
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
        for (i, tag) in tags.iter_mut().enumerate().skip(1) {
            if let Some(label) = tag.label().filter(|_| broken[i - 1]) {
                *tag = Tag::begin(label);
            }
        }
        self.join_split_names(norm, ws, broken, &mut tags);
        self.spans_of_tags(norm, ws, &tags, &margins)
    }

    /// Joins two person names that touch with only spaces between, when the
    /// second starts without a particle: the model sometimes splits
    /// محمد حسني مبارك in two, while names side by side are nearly always
    /// joined by و or a comma (19 of 2,426 person names in ANERcorp's training
    /// data directly follow another).
    fn join_split_names(&self, norm: &str, ws: &[Range<usize>], broken: &[bool], tags: &mut [Tag]) {
        let per = Label::Per;
        for i in 1..tags.len() {
            if tags[i] != Tag::begin(per) || tags[i - 1].label() != Some(per) || broken[i - 1] {
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
            .filter(|(_, run)| run.len() <= MAX_ENTITY_WORDS)
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
                    key: None,
                }
            })
            .collect()
    }
}

/// The score of an organization found in alam's own list: its names are
/// exact, but one can be part of a longer name the model did not find.
const LISTED_SCORE: f32 = 0.9;

/// The names of alam's own list of organizations (data/gazetteers/
/// alam_organizations.txt, written for news) in `norm`, of two words or more
/// and in no other list, where none of the model's entities (`model`) lies,
/// as ORG entities. The model reads every list as a hint, and learned that
/// hint from corpora where few of these names occur, so it misses some
/// (المديرية العامة لمراقبة التراب الوطني); where it did find an entity, its
/// span follows the corpora's conventions (حماس, not حركة حماس) and stays.
fn listed_organizations(norm: &str, ws: &[Range<usize>], model: &[Found]) -> Vec<Found> {
    let only_organizations = 1 << Group::Organizations as u32;
    // The model's entities are sorted and do not overlap: the first that ends
    // after word `a` is the only one that can overlap a span starting there.
    let overlaps_the_model = |(a, b): (usize, usize)| {
        let k = model.partition_point(|f| f.words.1 <= a);
        model.get(k).is_some_and(|f| f.words.0 < b)
    };
    gazetteer::shipped()
        .longest_matches(norm, ws)
        .into_iter()
        .filter(|m| m.value == only_organizations && m.words.1 - m.words.0 >= 2)
        .filter(|m| !overlaps_the_model(m.words))
        .map(|m| Found {
            words: m.words,
            range: ws[m.words.0].start + m.strip..ws[m.words.1 - 1].end,
            label: Label::Org,
            elided_article: m.elided_article,
            score: LISTED_SCORE,
            key: None,
        })
        .collect()
}

/// Whether a name can be made of `name`: after normalization, a word that is
/// more than the article (a name of diacritics, tatweel or ال alone would
/// never match anything).
fn has_a_name_word(name: &str) -> bool {
    let norm = Normalizer::default_ref().normalize(name);
    words(&norm).iter().any(|w| &norm[w.clone()] != "ال")
}

#[cfg(test)]
mod tests;
