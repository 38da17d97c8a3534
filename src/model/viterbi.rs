//! Viterbi decoding under BIO constraints, with a confidence per word.
//!
//! O and B-X may follow any tag, I-X only B-X or I-X (see [`Tag::may_follow`]),
//! so an I tag weighs two predecessors instead of nine. Tags are handled here
//! by their index ([`Tag::index`]): B-X and I-X sit side by side, B odd.

use super::TAGS;
use crate::Tag;

const NEG: f32 = f32::NEG_INFINITY;

/// Whether tag index `t` may follow any tag (O or a B tag).
#[inline]
fn free(t: usize) -> bool {
    t == 0 || t % 2 == 1
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
    let top = scores.iter().fold(NEG, |a, &b| max(a, b));
    for s in scores {
        *s -= top;
    }
}

/// The forward pass: `fwd[i][t]`, the best score of a path ending in tag `t`
/// at word `i` (up to a constant per word), and the best predecessor of each.
fn forward(
    emit: &[[f32; TAGS]],
    trans: &[[f32; TAGS]; TAGS],
    start: &[f32; TAGS],
) -> (Vec<[f32; TAGS]>, Vec<[u8; TAGS]>) {
    let n = emit.len();
    let mut fwd = vec![[NEG; TAGS]; n];
    let mut back = vec![[0u8; TAGS]; n];
    for t in (0..TAGS).filter(|&t| free(t)) {
        fwd[0][t] = start[t] + emit[0][t];
    }
    for i in 1..n {
        let prev = fwd[i - 1];
        for t in 0..TAGS {
            let (best, arg) = if free(t) {
                (1..TAGS).fold((prev[0] + trans[0][t], 0), |(best, arg), p| {
                    let s = prev[p] + trans[p][t];
                    if s > best {
                        (s, p)
                    } else {
                        (best, arg)
                    }
                })
            } else {
                // I-X: from B-X (index t - 1) or I-X itself.
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
    (fwd, back)
}

/// The tag indexes of the best path, read back from the forward pass.
fn path(fwd: &[[f32; TAGS]], back: &[[u8; TAGS]]) -> Vec<usize> {
    let n = fwd.len();
    let mut tags = vec![0; n];
    let last = &fwd[n - 1];
    tags[n - 1] = (0..TAGS).fold(0, |a, t| if last[t] > last[a] { t } else { a });
    for i in (1..n).rev() {
        tags[i - 1] = usize::from(back[i][tags[i]]);
    }
    tags
}

/// The best tag sequence for per-word emission scores `emit`, transition
/// weights `trans[prev][cur]` and first-word weights `start`.
pub(crate) fn best_path(
    emit: &[[f32; TAGS]],
    trans: &[[f32; TAGS]; TAGS],
    start: &[f32; TAGS],
) -> Vec<Tag> {
    if emit.is_empty() {
        return Vec::new();
    }
    let (fwd, back) = forward(emit, trans, start);
    path(&fwd, &back).into_iter().map(Tag::from_index).collect()
}

/// [`best_path`] with a confidence per word: the margin between the best path
/// and the best path giving that word another tag.
pub(crate) fn best_path_with_margins(
    emit: &[[f32; TAGS]],
    trans: &[[f32; TAGS]; TAGS],
    start: &[f32; TAGS],
) -> (Vec<Tag>, Vec<f32>) {
    if emit.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let (fwd, back) = forward(emit, trans, start);
    let tags = path(&fwd, &back);
    let bwd = backward(emit, trans);
    // The best path through (i, t) scores fwd[i][t] + bwd[i][t], up to a
    // constant per position.
    let margins = tags
        .iter()
        .enumerate()
        .map(|(i, &best)| {
            let other = (0..TAGS)
                .filter(|&t| t != best)
                .map(|t| fwd[i][t] + bwd[i][t])
                .fold(NEG, max);
            max(fwd[i][best] + bwd[i][best] - other, 0.0)
        })
        .collect();
    (tags.into_iter().map(Tag::from_index).collect(), margins)
}

/// Backward max scores: `bwd[i][t]` is the best score of the words after `i`
/// given tag `t` at `i` (up to a constant per position).
fn backward(emit: &[[f32; TAGS]], trans: &[[f32; TAGS]; TAGS]) -> Vec<[f32; TAGS]> {
    let n = emit.len();
    let mut bwd = vec![[0f32; TAGS]; n];
    for i in (0..n - 1).rev() {
        let next: [f32; TAGS] = std::array::from_fn(|c| emit[i + 1][c] + bwd[i + 1][c]);
        for t in 0..TAGS {
            let any = (0..TAGS)
                .filter(|&c| free(c))
                .fold(NEG, |best, c| max(best, trans[t][c] + next[c]));
            // The one I tag that may follow t besides the free ones: I of t's label.
            let inside = Tag::from_index(t).label().map(|l| Tag::inside(l).index());
            bwd[i][t] = inside.map_or(any, |c| max(any, trans[t][c] + next[c]));
        }
        rebase(&mut bwd[i]);
    }
    bwd
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Label;

    /// The oracle: every allowed tag sequence scored in full, giving the best
    /// one and, per word, the margin to the best sequence with another tag there.
    fn brute_force(
        emit: &[[f32; TAGS]],
        trans: &[[f32; TAGS]; TAGS],
        start: &[f32; TAGS],
    ) -> (Vec<Tag>, Vec<f32>) {
        let n = emit.len();
        let mut best_with = vec![[NEG; TAGS]; n];
        let (mut best, mut best_tags) = (NEG, Vec::new());
        for code in 0..TAGS.pow(n as u32) {
            let tags: Vec<Tag> = (0..n)
                .map(|i| Tag::from_index(code / TAGS.pow(i as u32) % TAGS))
                .collect();
            if !tags[0].may_follow(None) || (1..n).any(|i| !tags[i].may_follow(Some(tags[i - 1]))) {
                continue;
            }
            let score = start[tags[0].index()]
                + emit[0][tags[0].index()]
                + (1..n)
                    .map(|i| trans[tags[i - 1].index()][tags[i].index()] + emit[i][tags[i].index()])
                    .sum::<f32>();
            for (i, &t) in tags.iter().enumerate() {
                best_with[i][t.index()] = best_with[i][t.index()].max(score);
            }
            if score > best {
                (best, best_tags) = (score, tags);
            }
        }
        let margins = (0..n)
            .map(|i| {
                let other = (0..TAGS)
                    .filter(|&t| t != best_tags[i].index())
                    .map(|t| best_with[i][t])
                    .fold(NEG, f32::max);
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
            // Scores with three decimals: two sequences rarely tie, and when
            // they do, either is the best (so scores are compared, not tags).
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
            let (tags, margins) = best_path_with_margins(&emit, &trans, &start);
            let (best, best_margins) = brute_force(&emit, &trans, &start);
            let score = |tags: &[Tag]| {
                start[tags[0].index()]
                    + emit[0][tags[0].index()]
                    + (1..tags.len())
                        .map(|i| trans[tags[i - 1].index()][tags[i].index()] + emit[i][tags[i].index()])
                        .sum::<f32>()
            };
            proptest::prop_assert!((score(&tags) - score(&best)).abs() < 1e-3, "{:?} against {:?}", tags, best);
            proptest::prop_assert_eq!(best_path(&emit, &trans, &start), tags);
            for (m, b) in margins.iter().zip(&best_margins) {
                proptest::prop_assert!((m - b).abs() < 1e-3, "margin {} against {}", m, b);
            }
        }
    }

    #[test]
    fn viterbi_respects_bio() {
        // Word 0 prefers I-PER, which cannot start a sentence.
        let (b, i) = (
            Tag::begin(Label::Per).index(),
            Tag::inside(Label::Per).index(),
        );
        let mut emit = [[0.0; TAGS]; 2];
        emit[0][i] = 5.0;
        emit[0][b] = 1.0;
        emit[1][i] = 2.0;
        let (tags, margins) = best_path_with_margins(&emit, &[[0.0; TAGS]; TAGS], &[0.0; TAGS]);
        assert_eq!(tags, [Tag::begin(Label::Per), Tag::inside(Label::Per)]);
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
            e[Tag::begin(Label::Loc).index()] = 998.0 + (i % 7) as f32;
        }
        let (tags, margins) = best_path_with_margins(&emit, &[[0.0; TAGS]; TAGS], &[0.0; TAGS]);
        assert!(tags.iter().all(|&t| t == Tag::O));
        for m in margins {
            assert!((m - 2.0).abs() < 1e-3, "margin {m}");
        }
    }
}
