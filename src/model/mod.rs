//! The sequence model: a linear-chain tagger over BIO tags, trained offline as an
//! averaged structured perceptron (see `crate::training`) and decoded with
//! Viterbi under BIO constraints. It knows words, not entities: the recognizer
//! above it turns tags into spans.
//!
//! - [`features`] turns each word into hashed feature keys;
//! - [`pipeline`] reads a text the way training reads its documents;
//! - [`viterbi`] finds the best tag sequence and each word's margin;
//! - [`file`](mod@file) reads and writes the compact, versioned model file;
//! - [`lexicon`] holds the entity strings mined from the training data.

pub(crate) mod features;
pub(crate) mod file;
pub(crate) mod lexicon;
pub(crate) mod pipeline;
pub(crate) mod triggers;
pub(crate) mod viterbi;

use crate::Tag;
use lexicon::Lexicon;

/// Number of tags: O, then B and I for each of the four labels.
pub(crate) const TAGS: usize = Tag::COUNT;

/// A slot of the feature table: a key and its quantized weight row, 16 bytes,
/// so that a feature costs one memory access.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(16))]
struct Slot {
    key: u32,
    row: [i8; TAGS],
}

/// Feature keys to quantized weight rows, by open addressing; key 0 marks an
/// empty slot.
#[derive(Clone, Debug, Default)]
pub(crate) struct FeatureTable {
    slots: Vec<Slot>,
    mask: usize,
}

impl FeatureTable {
    /// A table for `keys` (distinct, non-zero) with rows `rows[r]` for key `keys[r]`.
    pub fn new(keys: &[u32], rows: &[[i8; TAGS]]) -> Self {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut t = FeatureTable {
            slots: vec![Slot::default(); cap],
            mask: cap - 1,
        };
        for (&key, &row) in keys.iter().zip(rows) {
            let mut s = Self::slot(key) & t.mask;
            while t.slots[s].key != 0 {
                s = (s + 1) & t.mask;
            }
            t.slots[s] = Slot { key, row };
        }
        t
    }

    #[inline]
    fn slot(k: u32) -> usize {
        (k.wrapping_mul(0x9E37_79B1)) as usize
    }

    /// The weight row of `key`, if the model has one.
    #[inline]
    pub fn get(&self, key: u32) -> Option<&[i8; TAGS]> {
        if key == 0 {
            return None;
        }
        let mut s = Self::slot(key) & self.mask;
        loop {
            let slot = &self.slots[s];
            if slot.key == key {
                return Some(&slot.row);
            }
            if slot.key == 0 {
                return None;
            }
            s = (s + 1) & self.mask;
        }
    }
}

/// A trained model: a quantized weight row per feature key (weight = row value
/// × `step`), transition and start weights, and the training lexicon.
#[derive(Clone, Debug)]
pub(crate) struct Model {
    /// The feature keys, ascending (read by the file writer).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub keys: Vec<u32>,
    table: FeatureTable,
    /// The weight of one quantization unit.
    pub step: f32,
    /// `trans[prev][cur]`.
    pub trans: [[f32; TAGS]; TAGS],
    /// Weights of the first tag of a sentence.
    pub start: [f32; TAGS],
    /// Entity strings mined from the training data.
    pub lexicon: Lexicon,
    /// How margins become entity scores.
    pub calibration: Calibration,
}

/// How a model entity's margin (its weakest word's, in weight units) becomes
/// a score: a logistic function, 0.5 at `margin`, rising by a factor e in odds
/// every `scale`. Training fits both to whether entities found on held-out
/// parts of its data were exactly right, so a score is about the chance that
/// the span and label are right (data/README.md has the figures).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Calibration {
    /// The margin scored 0.5.
    pub margin: f32,
    /// The margin step that multiplies the odds by e (positive).
    pub scale: f32,
}

impl Calibration {
    /// The score of margin `margin`: below 1, which only names a site added get.
    pub fn score(self, margin: f32) -> f32 {
        (1.0 / (1.0 + ((self.margin - margin) / self.scale).exp())).min(0.999)
    }
}

impl Default for Calibration {
    fn default() -> Self {
        Calibration {
            margin: 24.0,
            scale: 28.0,
        }
    }
}

/// The model file embedded in the crate (see data/README.md).
static MODEL_FILE: &[u8] = include_bytes!("../../data/model.bin");

impl Model {
    /// The embedded model, decoded once and shared.
    pub fn embedded() -> std::sync::Arc<Model> {
        static MODEL: std::sync::OnceLock<std::sync::Arc<Model>> = std::sync::OnceLock::new();
        MODEL
            .get_or_init(|| {
                // The tests check that the embedded file decodes.
                let model = file::decode(MODEL_FILE).expect("the embedded model file decodes");
                std::sync::Arc::new(model)
            })
            .clone()
    }

    /// A model from quantized rows; `keys` must be distinct and non-zero.
    pub fn from_quantized(
        keys: Vec<u32>,
        rows: &[[i8; TAGS]],
        step: f32,
        trans: [[f32; TAGS]; TAGS],
        start: [f32; TAGS],
        lexicon: Lexicon,
    ) -> Self {
        Model {
            table: FeatureTable::new(&keys, rows),
            keys,
            step,
            trans,
            start,
            lexicon,
            calibration: Calibration::default(),
        }
    }

    /// A model from `f32` weight rows, quantized to 8 bits (step = largest
    /// weight / 127); `keys` must be distinct and non-zero.
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub fn new(
        keys: Vec<u32>,
        weights: &[[f32; TAGS]],
        trans: [[f32; TAGS]; TAGS],
        start: [f32; TAGS],
        lexicon: Lexicon,
    ) -> Self {
        let max = weights.iter().flatten().fold(0f32, |m, w| m.max(w.abs()));
        let step = if max > 0.0 { max / 127.0 } else { 1.0 };
        let rows: Vec<[i8; TAGS]> = weights
            .iter()
            .map(|r| r.map(|w| (w / step).round().clamp(-127.0, 127.0) as i8))
            .collect();
        Model::from_quantized(keys, &rows, step, trans, start, lexicon)
    }

    /// A model from a map of feature keys to weight rows.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_map(
        map: &std::collections::HashMap<u32, [f32; TAGS]>,
        trans: [[f32; TAGS]; TAGS],
        start: [f32; TAGS],
        lexicon: Lexicon,
    ) -> Self {
        let mut keys: Vec<u32> = map.keys().copied().filter(|&k| k != 0).collect();
        keys.sort_unstable();
        let weights: Vec<[f32; TAGS]> = keys.iter().map(|k| map[k]).collect();
        Model::new(keys, &weights, trans, start, lexicon)
    }

    /// The quantized row of `key`.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub fn row(&self, key: u32) -> Option<&[i8; TAGS]> {
        self.table.get(key)
    }

    /// The score of an entity whose weakest word has margin `margin`.
    pub fn score(&self, margin: f32) -> f32 {
        self.calibration.score(margin)
    }

    /// Adds the weights of the features `keys` to `scores`.
    #[inline(never)]
    pub fn emit(&self, keys: &[u32], scores: &mut [f32; TAGS]) {
        let mut sum = [0i32; TAGS];
        for &k in keys {
            if let Some(row) = self.table.get(k) {
                for (s, &w) in sum.iter_mut().zip(row) {
                    *s += w as i32;
                }
            }
        }
        for (s, v) in scores.iter_mut().zip(sum) {
            *s += v as f32 * self.step;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_rise_with_the_margin_and_stay_below_user_names() {
        let c = Calibration::default();
        assert!((c.score(c.margin) - 0.5).abs() < 1e-6);
        let scores: Vec<f32> = [0.0, 10.0, 50.0, 100.0].map(|m| c.score(m)).to_vec();
        assert!(scores.windows(2).all(|p| p[0] < p[1]), "{scores:?}");
        assert!(c.score(0.0) > 0.0);
        assert!(c.score(1e9) < 1.0);
    }

    #[test]
    fn feature_table_finds_every_key() {
        let keys: Vec<u32> = (1..1000u32)
            .map(|k| k.wrapping_mul(2_654_435_761))
            .collect();
        let rows: Vec<[i8; TAGS]> = (0..keys.len()).map(|r| [(r % 100) as i8; TAGS]).collect();
        let t = FeatureTable::new(&keys, &rows);
        for (r, &k) in keys.iter().enumerate() {
            assert_eq!(t.get(k), Some(&rows[r]));
        }
        assert_eq!(t.get(0), None);
        assert_eq!(t.get(12345), None);
    }
}
