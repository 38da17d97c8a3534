//! Two-column CoNLL data: `token<TAB>tag`, a blank line after each sentence;
//! a third column, when every line has one, holds predicted tags to score.

use crate::Tag;
use std::fmt;
use std::ops::Range;

/// One sentence of a CoNLL file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    /// The tokens, as written.
    pub tokens: Vec<String>,
    /// One tag per token.
    pub tags: Vec<Tag>,
    /// Predicted tags from a third column (empty without one).
    pub predicted: Vec<Tag>,
    /// The kind of text the sentence comes from.
    pub domain: Domain,
}

/// The kind of text a training sentence comes from. alam reads news; a
/// sentence of another kind teaches the model names, and a feature of its
/// own, which news never shows, takes up what is peculiar to its kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Domain {
    /// News, the kind alam reads.
    #[default]
    News,
    /// Encyclopedia articles (Wikipedia).
    Encyclopedia,
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
        let parse = |tag: &str| tag.parse::<Tag>().map_err(|e| err(e.to_string()));
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

#[cfg(test)]
mod tests {
    use super::*;

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
