//! The sequence model: a linear-chain tagger over BIO tags, trained offline as an
//! averaged structured perceptron and decoded with Viterbi under BIO constraints.
//!
//! - [`features`] turns each word into hashed feature keys;
//! - [`file`](mod@file) reads and writes the compact, versioned model file;
//! - [`train`] (native only) learns the weights from CoNLL data.

#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod conll;
pub(crate) mod features;
pub(crate) mod file;
pub(crate) mod lexicon;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod train;

use crate::Label;
use lexicon::Lexicon;

/// Number of tags: O, then B and I for each of the four labels.
pub(crate) const TAGS: usize = 9;

/// A BIO tag as an index: 0 is O, `1 + 2k` is B of label `k`, `2 + 2k` is I.
pub(crate) type Tag = usize;

/// The label of a tag, with whether it begins an entity; `None` for O.
pub(crate) fn tag_label(t: Tag) -> Option<(Label, bool)> {
    (t > 0).then(|| (Label::ALL[(t - 1) / 2], t % 2 == 1))
}

/// The entities a tag sequence spells: `(label, first word, end word)` for each
/// run of B-X followed by I-X tags (a stray I-X starts a run too, as conlleval
/// reads it).
pub(crate) fn entity_runs(tags: &[Tag]) -> impl Iterator<Item = (Label, usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < tags.len() {
            let start = i;
            i += 1;
            if let Some((label, _)) = tag_label(tags[start]) {
                while i < tags.len() && tag_label(tags[i]) == Some((label, false)) {
                    i += 1;
                }
                return Some((label, start, i));
            }
        }
        None
    })
}

/// The tag for `label`, beginning an entity or inside one.
#[cfg(any(test, not(target_arch = "wasm32")))]
pub(crate) fn tag_of(label: Label, begin: bool) -> Tag {
    let k = Label::ALL.iter().position(|&l| l == label).unwrap_or(0);
    1 + 2 * k + usize::from(!begin)
}

/// Whether tag `cur` may follow tag `prev` (`None` = sentence start): I-X only
/// after B-X or I-X.
pub(crate) fn allowed(prev: Option<Tag>, cur: Tag) -> bool {
    if cur == 0 || cur % 2 == 1 {
        return true;
    }
    matches!(prev, Some(p) if p != 0 && (p - 1) / 2 == (cur - 1) / 2)
}

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
}

impl Model {
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

/// [`viterbi_with`] margins.
pub(crate) fn viterbi(
    emit: &[[f32; TAGS]],
    trans: &[[f32; TAGS]; TAGS],
    start: &[f32; TAGS],
) -> (Vec<Tag>, Vec<f32>) {
    viterbi_with(emit, trans, start, true)
}

/// The larger of two scores. Scores are never NaN, so this plain comparison
/// does what `f32::max` does, without the NaN handling that makes `f32::max` a
/// library call in wasm.
#[inline]
fn max(a: f32, b: f32) -> f32 {
    if a > b {
        a
    } else {
        b
    }
}

/// Shifts the scores of one position so that the best is 0. Scores only
/// compare within a position: keeping them small keeps f32 exact on long texts.
#[inline]
fn rebase(scores: &mut [f32; TAGS]) {
    let top = scores.iter().fold(f32::NEG_INFINITY, |a, &b| max(a, b));
    for s in scores {
        *s -= top;
    }
}

/// The I tag of the label of tag `t` (`None` for O): the one I tag that may
/// follow `t` besides O and the B tags.
fn inside_of(t: Tag) -> Option<Tag> {
    (t > 0).then(|| t + t % 2)
}

/// Viterbi decoding under BIO constraints: the best tag sequence for per-word
/// emission scores `emit`, with a confidence per word (the margin between the
/// best path and the best path giving that word another tag) when `margins`.
///
/// The constraints shape the loops: O and B-X may follow any tag, I-X only B-X
/// or I-X, so an I tag weighs two predecessors instead of nine.
pub(crate) fn viterbi_with(
    emit: &[[f32; TAGS]],
    trans: &[[f32; TAGS]; TAGS],
    start: &[f32; TAGS],
    margins: bool,
) -> (Vec<Tag>, Vec<f32>) {
    let n = emit.len();
    if n == 0 {
        return (Vec::new(), Vec::new());
    }
    const NEG: f32 = f32::NEG_INFINITY;
    let mut fwd = vec![[NEG; TAGS]; n];
    let mut back = vec![[0u8; TAGS]; n];
    for t in 0..TAGS {
        if allowed(None, t) {
            fwd[0][t] = start[t] + emit[0][t];
        }
    }
    for i in 1..n {
        let prev = fwd[i - 1];
        for t in 0..TAGS {
            let (best, arg) = if allowed(None, t) {
                (1..TAGS).fold((prev[0] + trans[0][t], 0), |(best, arg), p| {
                    let s = prev[p] + trans[p][t];
                    if s > best {
                        (s, p)
                    } else {
                        (best, arg)
                    }
                })
            } else {
                let (from_b, from_i) = (prev[t - 1] + trans[t - 1][t], prev[t] + trans[t][t]);
                if from_i > from_b {
                    (from_i, t)
                } else {
                    (from_b, t - 1)
                }
            };
            fwd[i][t] = best + emit[i][t];
            back[i][t] = arg as u8;
        }
        rebase(&mut fwd[i]);
    }
    let mut tags = vec![0; n];
    let last = &fwd[n - 1];
    tags[n - 1] = (0..TAGS).fold(0, |a, t| if last[t] > last[a] { t } else { a });
    for i in (1..n).rev() {
        tags[i - 1] = back[i][tags[i]] as usize;
    }
    if !margins {
        return (tags, Vec::new());
    }
    let bwd = backward(emit, trans);
    // The best path through (i, t) scores fwd[i][t] + bwd[i][t], up to a
    // constant per position.
    let margins = (0..n)
        .map(|i| {
            let other = (0..TAGS)
                .filter(|&t| t != tags[i])
                .map(|t| fwd[i][t] + bwd[i][t])
                .fold(NEG, max);
            max(fwd[i][tags[i]] + bwd[i][tags[i]] - other, 0.0)
        })
        .collect();
    (tags, margins)
}

/// Backward max scores: `bwd[i][t]` is the best score of the words after `i`
/// given tag `t` at `i` (up to a constant per position).
fn backward(emit: &[[f32; TAGS]], trans: &[[f32; TAGS]; TAGS]) -> Vec<[f32; TAGS]> {
    const NEG: f32 = f32::NEG_INFINITY;
    let n = emit.len();
    let mut bwd = vec![[0f32; TAGS]; n];
    for i in (0..n - 1).rev() {
        let next: [f32; TAGS] = std::array::from_fn(|c| emit[i + 1][c] + bwd[i + 1][c]);
        for t in 0..TAGS {
            let free = (0..TAGS)
                .filter(|&c| allowed(None, c))
                .fold(NEG, |best, c| max(best, trans[t][c] + next[c]));
            bwd[i][t] = inside_of(t).map_or(free, |c| max(free, trans[t][c] + next[c]));
        }
        rebase(&mut bwd[i]);
    }
    bwd
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The oracle for [`viterbi`]: every allowed tag sequence scored in full,
    /// giving the best one and, per word, the margin to the best sequence with
    /// another tag there.
    fn brute_force(
        emit: &[[f32; TAGS]],
        trans: &[[f32; TAGS]; TAGS],
        start: &[f32; TAGS],
    ) -> (Vec<Tag>, Vec<f32>) {
        let n = emit.len();
        let mut best_with = vec![[f32::NEG_INFINITY; TAGS]; n];
        let (mut best, mut best_tags) = (f32::NEG_INFINITY, Vec::new());
        for code in 0..TAGS.pow(n as u32) {
            let tags: Vec<Tag> = (0..n).map(|i| code / TAGS.pow(i as u32) % TAGS).collect();
            if !allowed(None, tags[0]) || (1..n).any(|i| !allowed(Some(tags[i - 1]), tags[i])) {
                continue;
            }
            let score = start[tags[0]]
                + emit[0][tags[0]]
                + (1..n)
                    .map(|i| trans[tags[i - 1]][tags[i]] + emit[i][tags[i]])
                    .sum::<f32>();
            for (i, &t) in tags.iter().enumerate() {
                best_with[i][t] = best_with[i][t].max(score);
            }
            if score > best {
                (best, best_tags) = (score, tags);
            }
        }
        let margins = (0..n)
            .map(|i| {
                let other = (0..TAGS)
                    .filter(|&t| t != best_tags[i])
                    .map(|t| best_with[i][t])
                    .fold(f32::NEG_INFINITY, f32::max);
                (best - other).max(0.0)
            })
            .collect();
        (best_tags, margins)
    }

    proptest::proptest! {
        #[test]
        fn viterbi_finds_the_best_sequence_and_its_margins(
            n in 1usize..5,
            seed in proptest::prelude::any::<u64>(),
        ) {
            // Scores with fractions, so that no two sequences tie.
            let mut x = seed | 1;
            let mut next = move || {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % 10_007) as f32 / 1000.0 - 5.0
            };
            let emit: Vec<[f32; TAGS]> = (0..n).map(|_| std::array::from_fn(|_| next())).collect();
            let trans: [[f32; TAGS]; TAGS] = std::array::from_fn(|_| std::array::from_fn(|_| next()));
            let start: [f32; TAGS] = std::array::from_fn(|_| next());
            let (tags, margins) = viterbi(&emit, &trans, &start);
            let (best, best_margins) = brute_force(&emit, &trans, &start);
            proptest::prop_assert_eq!(tags, best);
            for (m, b) in margins.iter().zip(&best_margins) {
                proptest::prop_assert!((m - b).abs() < 1e-3, "margin {} against {}", m, b);
            }
        }
    }

    #[test]
    fn tags_and_labels_round_trip() {
        for t in 1..TAGS {
            let (label, begin) = tag_label(t).unwrap();
            assert_eq!(tag_of(label, begin), t);
        }
        assert_eq!(tag_label(0), None);
    }

    #[test]
    fn viterbi_respects_bio() {
        // Word 0 prefers I-PER, which cannot start a sentence.
        let mut emit = [[0.0; TAGS]; 2];
        emit[0][tag_of(Label::Per, false)] = 5.0;
        emit[0][tag_of(Label::Per, true)] = 1.0;
        emit[1][tag_of(Label::Per, false)] = 2.0;
        let (tags, margins) = viterbi(&emit, &[[0.0; TAGS]; TAGS], &[0.0; TAGS]);
        assert_eq!(tags, [tag_of(Label::Per, true), tag_of(Label::Per, false)]);
        assert!(margins.iter().all(|&m| m > 0.0));
    }

    #[test]
    fn margins_stay_exact_on_long_texts() {
        // 20,000 words with large scores: the best path's margin at every word
        // is the gap written into its scores.
        let n = 20_000;
        let mut emit = vec![[0.0f32; TAGS]; n];
        for (i, e) in emit.iter_mut().enumerate() {
            e[0] = 1000.0 + (i % 7) as f32;
            e[tag_of(Label::Loc, true)] = 998.0 + (i % 7) as f32;
        }
        let (tags, margins) = viterbi(&emit, &[[0.0; TAGS]; TAGS], &[0.0; TAGS]);
        assert!(tags.iter().all(|&t| t == 0));
        for m in margins {
            assert!((m - 2.0).abs() < 1e-3, "margin {m}");
        }
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
