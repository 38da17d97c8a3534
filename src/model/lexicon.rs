//! The entity lexicon mined from the training data: every entity string of the
//! corpus with, per label, how often the string is that label when it occurs.
//!
//! The model sees lexicon matches as features. To keep it from trusting them
//! blindly, training computes each sentence's matches with a lexicon mined from
//! the *other* parts of the corpus (jackknifing); the shipped model carries the
//! lexicon of the whole training corpus.

use crate::gazetteer::{Gazetteer, NameMap};
use crate::Normalizer;
#[cfg(not(target_arch = "wasm32"))]
use crate::{Label, Tag};

/// How often a string is an entity of a label, in four steps.
pub(crate) const BUCKETS: u32 = 4;

/// The bucket of a ratio: 0 never, 1 below 30 %, 2 below 70 %, 3 from 70 %.
#[cfg(not(target_arch = "wasm32"))]
fn bucket(ratio: f32) -> u32 {
    match ratio {
        r if r <= 0.0 => 0,
        r if r < 0.3 => 1,
        r if r < 0.7 => 2,
        _ => 3,
    }
}

/// Entity strings with their label buckets (2 bits per label, in
/// [`Label::ALL`](crate::Label::ALL) order), as a frozen matcher: the model
/// file holds its table, read in place.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lexicon {
    gazetteer: Gazetteer,
}

const _: () = assert!(
    (1 << (2 * crate::Label::ALL.len())) - 1 <= crate::table::MAX_VALUE,
    "lexicon values fit a table's"
);

impl Lexicon {
    /// A lexicon of normalized entries and their values (of one entry given
    /// twice, the smaller value).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))] // built natively
    pub fn from_entries(mut entries: Vec<(String, u32)>) -> Self {
        entries.sort();
        entries.dedup_by(|a, b| a.0 == b.0);
        let normalizer = Normalizer::default_ref();
        let mut map = NameMap::default();
        for (e, v) in &entries {
            map.insert_with(normalizer, e, *v, |_, b| b);
        }
        Lexicon::from_gazetteer(map.freeze())
    }

    /// The lexicon whose entries `gazetteer` holds (as a model file has it).
    pub fn from_gazetteer(gazetteer: Gazetteer) -> Self {
        Lexicon { gazetteer }
    }

    /// The entries as a matcher.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The bucket of `label` in an entry's value.
    pub fn bucket_of(value: u32, label: usize) -> u32 {
        (value >> (2 * label)) & (BUCKETS - 1)
    }

    /// Mines a lexicon from gold-tagged sentences, each given as normalized
    /// text, its words, and per word the entity `(label, begins)` or `None`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn mine<'a>(
        sentences: impl Iterator<Item = (&'a str, &'a [std::ops::Range<usize>], &'a [Tag])> + Clone,
        known: &Gazetteer,
    ) -> Lexicon {
        use crate::clitics::{key_of, span_strip};
        use crate::label::runs;
        use std::collections::HashMap;
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut counts: Vec<[u32; Label::ALL.len()]> = Vec::new();
        for (norm, ws, tags) in sentences.clone() {
            for (label, run) in runs(tags) {
                let (i, j) = (run.start, run.end);
                let strip = span_strip(&norm[ws[i].clone()], |s| known.word(s).is_some());
                let key = key_of(
                    &norm[ws[i].start + strip.bytes..ws[j - 1].end],
                    strip.elided_article,
                );
                let k = *index.entry(key.clone()).or_insert_with(|| {
                    names.push(key);
                    counts.push([0; Label::ALL.len()]);
                    names.len() - 1
                });
                counts[k][label as usize] += 1;
            }
        }
        // How often each string occurs at all, entity or not.
        let normalizer = Normalizer::default_ref();
        let mut finder = NameMap::default();
        for (k, name) in names.iter().enumerate() {
            finder.insert_with(normalizer, name, k as u32, |_, b| b);
        }
        let mut seen = vec![0u32; names.len()];
        for (norm, ws, _) in sentences {
            for i in 0..ws.len() {
                finder.matches_at(norm, ws, i, |m| seen[m.value as usize] += 1);
            }
        }
        let entries = names
            .into_iter()
            .zip(counts)
            .zip(seen)
            .map(|((name, c), seen)| {
                let total: u32 = c.iter().sum();
                let occurrences = seen.max(total) as f32;
                let value =
                    (0..c.len()).fold(0, |v, l| v | bucket(c[l] as f32 / occurrences) << (2 * l));
                (name, value)
            })
            .collect();
        Lexicon::from_entries(entries)
    }
}
