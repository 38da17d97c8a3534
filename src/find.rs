//! Finding a name or phrase in text, insensitive to diacritics, letter variants
//! and proclitics.

use crate::clitics::first_word_forms;
use crate::tokenize::words;
use crate::Normalizer;
use std::ops::Range;

/// The spans of `text` where `query` occurs, in UTF-16 code units of `text`,
/// sorted and non-overlapping.
///
/// Both are normalized (diacritics, letter variants) and compared word by word;
/// the first text word may carry proclitics, which the span leaves out: محمد
/// finds مُحَمَّد and ومحمد, المغرب finds بالمغرب (span المغرب) and للمغرب (span
/// لمغرب).
///
/// ```
/// let text = "قال مُحَمَّدٌ إن ومحمد وصل";
/// let units: Vec<u16> = text.encode_utf16().collect();
/// let found: Vec<String> = alam::find(text, "محمد")
///     .into_iter()
///     .map(|r| String::from_utf16(&units[r.start as usize..r.end as usize]).unwrap())
///     .collect();
/// assert_eq!(found, ["مُحَمَّدٌ", "محمد"]);
/// ```
pub fn find(text: &str, query: &str) -> Vec<Range<u32>> {
    let normalizer = Normalizer::default_ref();
    let q = normalizer.normalize(query);
    let qw: Vec<&str> = words(&q).into_iter().map(|r| &q[r]).collect();
    let Some((first, rest)) = qw.split_first() else {
        return Vec::new();
    };
    let mapped = normalizer.normalize_mapped(text);
    let norm = mapped.text();
    let ws = words(norm);
    let mut out = Vec::new();
    let mut i = 0;
    while i + qw.len() <= ws.len() {
        let word = &norm[ws[i].clone()];
        let strip = first_word_forms(word)
            .into_iter()
            .find(|&(prefix, from, _)| {
                let tail = &word[from..];
                first.len() == prefix.len() + tail.len()
                    && first.starts_with(prefix)
                    && first.ends_with(tail)
            })
            .map(|(_, _, strip)| strip);
        let matched = strip.is_some()
            && rest
                .iter()
                .zip(&ws[i + 1..])
                .all(|(q, w)| *q == &norm[w.clone()]);
        match (matched, strip) {
            (true, Some(strip)) => {
                let last = &ws[i + qw.len() - 1];
                out.push(mapped.original_span(ws[i].start + strip..last.end));
                i += qw.len();
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, query: &str) -> Vec<String> {
        let units: Vec<u16> = text.encode_utf16().collect();
        find(text, query)
            .into_iter()
            .map(|r| String::from_utf16(&units[r.start as usize..r.end as usize]).unwrap())
            .collect()
    }

    #[test]
    fn finds_across_variants_and_clitics() {
        assert_eq!(
            found("زار بالمغرب وللمغرب والمغربي ثم المَغرب", "المغرب"),
            ["المغرب", "لمغرب", "المَغرب"]
        );
        assert_eq!(
            found("من الأمم المتحدة وللأمم  المتحدة", "الامم المتحده"),
            ["الأمم المتحدة", "لأمم  المتحدة"]
        );
        assert_eq!(found("إلى رام الله", "رام"), ["رام"]);
        assert!(found("نص", "").is_empty());
        assert!(found("", "نص").is_empty());
    }

    #[test]
    fn query_clitics_are_not_stripped() {
        // A query is taken as written: كالي does not find الي.
        assert!(found("ذهب الي البيت", "كالي").is_empty());
        assert_eq!(found("في كالي", "كالي"), ["كالي"]);
    }
}
