//! Entities between the tags and the page: spans in normalized text
//! ([`Found`]), the rules that choose among them, and their conversion to
//! original offsets.

use super::Entity;
use crate::clitics::{key_of, span_strip};
use crate::model::triggers::heads_a_name;
use crate::offsets::Utf16ToBytes;
use crate::{Label, Mapped};
use std::collections::HashMap;
use std::ops::Range;

/// An entity before conversion to original offsets: normalized byte range.
pub(super) struct Found {
    /// First and one-past-last word.
    pub words: (usize, usize),
    pub range: Range<usize>,
    pub label: Label,
    pub elided_article: bool,
    pub score: f32,
    /// The key, when it is not the span's own (a bare surname takes the key
    /// of the full name it stands for).
    pub key: Option<String>,
}

/// For each word of `ws` (normalized words of `mapped`), whether no entity
/// may go on past it to the next word: a comma stands between them (names
/// in a list), or one of the `breaks` (sorted UTF-16 offsets of the original).
pub(super) fn broken_after(mapped: &Mapped, ws: &[Range<usize>], breaks: &[u32]) -> Vec<bool> {
    let norm = mapped.text();
    let mut broken: Vec<bool> = ws
        .windows(2)
        .map(|w| norm[w[0].end..w[1].start].contains([',', '،']))
        .chain([false])
        .collect();
    if breaks.is_empty() {
        return broken;
    }
    let mut k = 0;
    for i in 0..ws.len().saturating_sub(1) {
        let end = mapped.original_span(ws[i].clone()).end;
        let next = mapped.original_span(ws[i + 1].clone()).start;
        while k < breaks.len() && breaks[k] < end {
            k += 1;
        }
        broken[i] |= k < breaks.len() && breaks[k] <= next;
    }
    broken
}

/// The model's score from which one of its entities may displace a site's
/// name: below it, the model is more often wrong than right about the span
/// (data/README.md), and a site's name inside it is the better bet.
pub(super) const DISPLACES_NAMES: f32 = 0.5;

/// The found entities without overlaps, sorted by start: where a site's name
/// (listed first in `found`, score 1) and a model entity overlap, the one of
/// more words wins, a site's name on a tie or when the model's score is below
/// [`DISPLACES_NAMES`] (the model's entities never overlap each other).
pub(super) fn longest_first(mut found: Vec<Found>, words: usize) -> Vec<Found> {
    // A stable sort keeps a site's names before the model's entities of the
    // same rank.
    found.sort_by_key(|f| {
        let strong = f.score >= DISPLACES_NAMES;
        (
            std::cmp::Reverse(strong),
            std::cmp::Reverse(f.words.1 - f.words.0),
        )
    });
    let mut taken = vec![false; words];
    found.retain(|f| {
        let free = !taken[f.words.0..f.words.1].contains(&true);
        if free {
            taken[f.words.0..f.words.1].fill(true);
        }
        free
    });
    found.sort_by_key(|f| f.range.start);
    found
}

/// Adds the bare surnames of the text's full person names: once محمد
/// الشرع is found, الشرع alone elsewhere in the text is the same person,
/// with the same key. A surname two full names share keeps its own key;
/// a surname that is a common word (a title, an ordinal) is left alone.
pub(super) fn add_surnames(
    norm: &str,
    ws: &[Range<usize>],
    found: &mut Vec<Found>,
    known: impl Fn(&str) -> bool,
) {
    let mut surnames: HashMap<&str, Option<(String, f32)>> = HashMap::new();
    for f in found
        .iter()
        .filter(|f| f.label == Label::Per && f.words.1 - f.words.0 >= 2)
    {
        let last = &norm[ws[f.words.1 - 1].clone()];
        if !could_be_a_surname(last) {
            continue;
        }
        let key = f
            .key
            .clone()
            .unwrap_or_else(|| key_of(&norm[f.range.clone()], f.elided_article));
        surnames
            .entry(last)
            .and_modify(|seen| {
                if seen.as_ref().is_some_and(|(k, _)| *k != key) {
                    *seen = None;
                }
            })
            .or_insert(Some((key, f.score)));
    }
    if surnames.is_empty() {
        return;
    }
    let mut taken = vec![false; ws.len()];
    for f in found.iter() {
        taken[f.words.0..f.words.1].fill(true);
    }
    let before = found.len();
    for (i, w) in ws.iter().enumerate() {
        let word = &norm[w.clone()];
        let strip = span_strip(word, |s| known(s) || surnames.contains_key(s));
        let Some(full) = surnames.get(&word[strip.bytes..]) else {
            continue;
        };
        if let Some(f) = found[..before].iter_mut().find(|f| f.words == (i, i + 1)) {
            if f.label == Label::Per {
                f.key = full.as_ref().map(|(k, _)| k.clone());
            }
        } else if !taken[i] {
            found.push(Found {
                words: (i, i + 1),
                range: w.start + strip.bytes..w.end,
                label: Label::Per,
                elided_article: strip.elided_article,
                score: full.as_ref().map_or(0.5, |(_, s)| *s),
                key: full.as_ref().map(|(k, _)| k.clone()),
            });
        }
    }
    found.sort_by_key(|f| f.range.start);
}

/// Whether the last word of a full name can stand alone for it: three
/// letters or more, and not a word that also heads names or an ordinal
/// (عبد الله الثاني is not الثاني).
fn could_be_a_surname(word: &str) -> bool {
    const NOT_SURNAMES: [&str; 8] = [
        "الاول",
        "الثاني",
        "الثالث",
        "الرابع",
        "الخامس",
        "الابن",
        "الاب",
        "جونيور",
    ];
    word.chars().count() >= 3 && !heads_a_name(word) && !NOT_SURNAMES.contains(&word)
}

/// Converts found spans (sorted by start) to entities with original offsets.
pub(super) fn to_entities(text: &str, mapped: &Mapped, found: Vec<Found>) -> Vec<Entity> {
    let norm = mapped.text();
    let spans: Vec<Range<u32>> = found
        .iter()
        .map(|f| mapped.original_span(f.range.clone()))
        .collect();
    let bytes = Utf16ToBytes::new(text, spans.iter().flat_map(|s| [s.start, s.end]).collect());
    // Entities apart in the normalized text may meet in the original: two
    // words of one ligature (ﷺ holds four) map to the same character. The
    // first keeps it.
    let mut end = 0;
    found
        .into_iter()
        .zip(spans)
        .filter(|(_, span)| {
            let apart = span.start >= end;
            end = end.max(span.end);
            apart
        })
        .map(|(f, span)| Entity {
            text: text[bytes.of(span.start)..bytes.of(span.end)].to_string(),
            key: f
                .key
                .unwrap_or_else(|| key_of(&norm[f.range.clone()], f.elided_article)),
            start: span.start,
            end: span.end,
            label: f.label,
            score: f.score,
        })
        .collect()
}
