//! Entity-level scoring with conlleval's counting: an entity is correct when
//! its span and label both match exactly.

use super::conll::Sentence;
use crate::label::runs;
use crate::{Entity, Label, Recognizer, Tag};
use std::collections::BTreeMap;
use std::ops::Range;

/// Tags for the tokens at `spans` from entities found in their text: a token
/// overlapping an entity is inside it, the first such token begins it.
pub(crate) fn tags_from_entities(spans: &[Range<u32>], entities: &[Entity]) -> Vec<Tag> {
    let mut tags = vec![Tag::O; spans.len()];
    for e in entities {
        let mut first = true;
        for (k, s) in spans.iter().enumerate() {
            if s.start < e.end && e.start < s.end {
                tags[k] = if first {
                    Tag::begin(e.label)
                } else {
                    Tag::inside(e.label)
                };
                first = false;
            }
        }
    }
    tags
}

/// Counts for one label or for all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Predicted entities equal to a gold one (span and label).
    pub correct: usize,
}

impl Counts {
    /// Precision, recall and F1 in percent (0 when undefined).
    pub fn prf(&self) -> (f64, f64, f64) {
        let ratio = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        let (p, r) = (
            ratio(self.correct, self.predicted),
            ratio(self.correct, self.gold),
        );
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }
}

/// Entity-level scores, micro-averaged and per label.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    /// All labels together.
    pub micro: Counts,
    /// Per label (only labels seen in gold or predictions).
    pub labels: BTreeMap<Label, Counts>,
}

impl Scores {
    /// Adds one sentence's gold and predicted tags.
    pub fn add(&mut self, gold: &[Tag], predicted: &[Tag]) {
        let g: Vec<(Label, Range<usize>)> = runs(gold).collect();
        for (l, _) in &g {
            self.micro.gold += 1;
            self.labels.entry(*l).or_default().gold += 1;
        }
        for c in runs(predicted) {
            self.micro.predicted += 1;
            let counts = self.labels.entry(c.0).or_default();
            counts.predicted += 1;
            if g.contains(&c) {
                counts.correct += 1;
                self.micro.correct += 1;
            }
        }
    }

    /// The scores as JSON: `{"micro":{"p","r","f1"},"labels":{"PER":{...},...}}`,
    /// percentages with two decimals.
    pub fn to_json(&self) -> String {
        let prf = |c: &Counts| {
            let (p, r, f) = c.prf();
            format!("{{\"p\":{p:.2},\"r\":{r:.2},\"f1\":{f:.2}}}")
        };
        let labels: Vec<String> = self
            .labels
            .iter()
            .map(|(l, c)| format!("\"{l}\":{}", prf(c)))
            .collect();
        format!(
            "{{\"micro\":{},\"labels\":{{{}}}}}",
            prf(&self.micro),
            labels.join(",")
        )
    }
}

/// Scores the predicted tags of the third column against the gold tags.
pub fn score_predicted(sentences: &[Sentence]) -> Scores {
    let mut scores = Scores::default();
    for s in sentences {
        scores.add(&s.tags, &s.predicted);
    }
    scores
}

/// Runs `recognizer` on the sentences, `window` at a time (their texts joined
/// by newlines, so that a name introduced in one sentence helps in the next),
/// and scores the entities against the gold tags. `window` 1 reads every
/// sentence alone, as most published scores do.
pub fn evaluate(recognizer: &Recognizer, sentences: &[Sentence], window: usize) -> Scores {
    let mut scores = Scores::default();
    for group in sentences.chunks(window.max(1)) {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(group.len());
        let mut at = 0u32;
        for s in group {
            if !text.is_empty() {
                text.push('\n');
                at += 1;
            }
            let (t, sp) = s.text();
            spans.push(
                sp.into_iter()
                    .map(|r| r.start + at..r.end + at)
                    .collect::<Vec<_>>(),
            );
            at += t.encode_utf16().count() as u32;
            text.push_str(&t);
        }
        let entities = recognizer.entities(&text);
        for (s, sp) in group.iter().zip(&spans) {
            scores.add(&s.tags, &tags_from_entities(sp, &entities));
        }
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_count_exact_spans_only() {
        let (b, i) = (Tag::begin, Tag::inside);
        let gold = [b(Label::Per), i(Label::Per), Tag::O, b(Label::Loc)];
        let predicted = [b(Label::Per), Tag::O, Tag::O, b(Label::Loc)];
        let mut s = Scores::default();
        s.add(&gold, &predicted);
        assert_eq!(
            (s.micro.gold, s.micro.predicted, s.micro.correct),
            (2, 2, 1)
        );
        assert_eq!(s.labels[&Label::Per].correct, 0);
        assert_eq!(s.labels[&Label::Loc].correct, 1);
    }
}
