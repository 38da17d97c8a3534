//! Two-column CoNLL data (`token<TAB>tag`, a blank line after each sentence;
//! a third column, when every line has one, holds predicted tags to score) and
//! entity-level scoring with conlleval's counting: an entity is correct when
//! its span and label both match exactly.

use crate::{Label, Recognizer};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// A BIO tag of a CoNLL file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BioTag {
    /// Outside any entity.
    O,
    /// First token of an entity.
    B(Label),
    /// Later token of an entity.
    I(Label),
}

impl BioTag {
    /// Parses `O`, `B-PER`, `I-LOC`, ...; `None` for anything else.
    pub fn parse(s: &str) -> Option<BioTag> {
        if s == "O" {
            return Some(BioTag::O);
        }
        let (bio, label) = s.split_once('-')?;
        let label = label.parse().ok()?;
        match bio {
            "B" => Some(BioTag::B(label)),
            "I" => Some(BioTag::I(label)),
            _ => None,
        }
    }
}

impl fmt::Display for BioTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BioTag::O => f.write_str("O"),
            BioTag::B(l) => write!(f, "B-{l}"),
            BioTag::I(l) => write!(f, "I-{l}"),
        }
    }
}

/// One sentence of a CoNLL file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    /// The tokens, as written.
    pub tokens: Vec<String>,
    /// One tag per token.
    pub tags: Vec<BioTag>,
    /// Predicted tags from a third column (empty without one).
    pub predicted: Vec<BioTag>,
}

impl Sentence {
    /// The tokens joined by single spaces, with each token's span in UTF-16
    /// code units of that text.
    pub fn text(&self) -> (String, Vec<Range<u32>>) {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(self.tokens.len());
        let mut at = 0u32;
        for (k, t) in self.tokens.iter().enumerate() {
            if k > 0 {
                text.push(' ');
                at += 1;
            }
            text.push_str(t);
            let len = t.encode_utf16().count() as u32;
            spans.push(at..at + len);
            at += len;
        }
        (text, spans)
    }
}

/// A line of a CoNLL file that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConllError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ConllError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ConllError {}

/// Reads `token<TAB>tag` lines with blank lines between sentences, or
/// `token<TAB>gold<TAB>predicted` lines (all lines alike).
pub fn read_conll(text: &str) -> Result<Vec<Sentence>, ConllError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut columns = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let err = |message: String| ConllError {
            line: n + 1,
            message,
        };
        let cols: Vec<&str> = line.split('\t').collect();
        if !(2..=3).contains(&cols.len()) || columns.is_some_and(|n| n != cols.len()) {
            return Err(err(match columns {
                Some(3) => "expected three tab-separated columns like the lines before: \
                            token, gold tag, predicted tag"
                    .into(),
                _ => "expected two tab-separated columns: token and tag".into(),
            }));
        }
        columns = Some(cols.len());
        if cols[0].trim().is_empty() {
            // A text joins tokens with spaces: a blank token would be no word.
            return Err(err("empty or blank token".into()));
        }
        let parse = |tag: &str| {
            BioTag::parse(tag).ok_or_else(|| {
                err(format!(
                    "unknown tag `{tag}` (expected O or B-/I- with PER, LOC, ORG or MISC)"
                ))
            })
        };
        cur.tokens.push(cols[0].to_string());
        cur.tags.push(parse(cols[1])?);
        if let Some(p) = cols.get(2) {
            cur.predicted.push(parse(p)?);
        }
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// The entities of a tag sequence as `(first, end, label)` token ranges, with
/// conlleval's rules: an entity starts at B-X, or at I-X after O or another
/// label, and goes on over I-X.
pub fn chunks(tags: &[BioTag]) -> Vec<(usize, usize, Label)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Label)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let continues = matches!((t, open), (BioTag::I(l), Some((_, o))) if l == o);
        if continues {
            continue;
        }
        if let Some((s, l)) = open.take() {
            out.push((s, i, l));
        }
        match t {
            BioTag::B(l) | BioTag::I(l) => open = Some((i, l)),
            BioTag::O => {}
        }
    }
    if let Some((s, l)) = open {
        out.push((s, tags.len(), l));
    }
    out
}

/// Tags for the tokens at `spans` from entities found in their text: a token
/// overlapping an entity is inside it, the first such token begins it.
pub fn tags_from_entities(spans: &[Range<u32>], entities: &[crate::Entity]) -> Vec<BioTag> {
    let mut tags = vec![BioTag::O; spans.len()];
    for e in entities {
        let mut first = true;
        for (k, s) in spans.iter().enumerate() {
            if s.start < e.end && e.start < s.end {
                tags[k] = if first {
                    BioTag::B(e.label)
                } else {
                    BioTag::I(e.label)
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
    pub fn add(&mut self, gold: &[BioTag], predicted: &[BioTag]) {
        let g = chunks(gold);
        let p = chunks(predicted);
        for &(_, _, l) in &g {
            self.micro.gold += 1;
            self.labels.entry(l).or_default().gold += 1;
        }
        for c in &p {
            self.micro.predicted += 1;
            let counts = self.labels.entry(c.2).or_default();
            counts.predicted += 1;
            if g.contains(c) {
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
    fn chunks_follow_conlleval() {
        use BioTag::*;
        let tags = [
            B(Label::Per),
            I(Label::Per),
            O,
            I(Label::Loc),
            I(Label::Org),
            B(Label::Org),
        ];
        assert_eq!(
            chunks(&tags),
            [
                (0, 2, Label::Per),
                (3, 4, Label::Loc),
                (4, 5, Label::Org),
                (5, 6, Label::Org)
            ]
        );
    }

    #[test]
    fn bad_lines_name_their_number() {
        let e = read_conll("a\tO\n\nb\tB-CITY\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.to_string().contains("B-CITY"));
        assert_eq!(read_conll("a O\n").unwrap_err().line, 1);
        assert_eq!(read_conll("a\tO\n \tO\n").unwrap_err().line, 2);
        assert_eq!(read_conll("a\tO\tx\n").unwrap_err().line, 1);
        assert_eq!(read_conll("a\tO\tO\nb\tO\n").unwrap_err().line, 2);
        assert_eq!(read_conll("a\tO\nb\tO\tO\n").unwrap_err().line, 2);
    }
}
