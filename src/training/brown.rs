//! Brown clusters learned from unlabeled text (native builds only; `alam
//! clusters` runs it, [`crate::clusters`] reads what it writes).
//!
//! Brown clustering groups words that occur beside the same words: it merges
//! clusters two at a time, always the pair whose merge loses the least mutual
//! information between the clusters of adjacent words, and the history of the
//! merges is a binary tree whose paths give coarse-to-fine classes (a path's
//! first 4 bits, its first 8, ...). This is Liang's variant (Liang 2005,
//! "Semi-supervised learning for natural language", MIT; the algorithm of
//! `wcluster`): the words are taken by decreasing frequency, the first `C` each
//! start a cluster, and every further word enters as a cluster of its own and is
//! followed by the best of the possible merges among the `C + 1` clusters. Once
//! every word is in, the `C` clusters left are the flat clusters, and merging
//! them down to one gives their paths. Each step costs O(C²): the losses of all
//! pairs are kept and updated, not recomputed.
//!
//! Words are what the recognizer sees: the text is normalized with the default
//! [`Options`] and split with the crate's tokenizer. Proclitic particles are
//! pooled: a word is counted as its form without the conjunction and
//! preposition letters (والمغرب, بالمغرب, للمغرب → المغرب) when that form is
//! more frequent in the corpus than the word itself, so فرنسا stays whole
//! (رنسا is rare) while the clitic forms of a name share its counts.
//! [`crate::clusters::ClusterTable::cluster_of`] makes the same reduction at
//! lookup time.
//!
//! Deterministic: words are ordered by count, then by their bytes, merges in a
//! fixed order, and ties go to the first pair in slot order.

use crate::clitics::{analyses, Article};
use crate::clusters::{word_key, ClusterPath, FORMAT_VERSION, MAGIC};
use crate::tokenize::words;
use crate::{Normalizer, Options};
use std::collections::HashMap;

/// Paths are cut at this many bits (a [`ClusterPath::code`] fits in a `u32`).
const MAX_DEPTH: u32 = 31;

/// Marks the end of a sequence (a line of text or a sentence) in the token
/// stream; no bigram crosses it.
const BREAK: u32 = u32::MAX;

/// The words of a corpus, as a stream of word ids.
pub struct Corpus {
    normalizer: Normalizer,
    ids: HashMap<String, u32>,
    words: Vec<String>,
    tokens: Vec<u32>,
}

impl Default for Corpus {
    fn default() -> Self {
        Corpus::new()
    }
}

impl Corpus {
    /// An empty corpus.
    pub fn new() -> Self {
        Corpus {
            normalizer: Normalizer::new(&Options::default()),
            ids: HashMap::new(),
            words: Vec::new(),
            tokens: Vec::new(),
        }
    }

    /// Adds every line of `text` as a sequence of its own.
    pub fn add_text(&mut self, text: &str) {
        for line in text.lines() {
            self.add_sequence(line);
        }
    }

    /// Adds one sequence (a sentence, a paragraph): its normalized words, with
    /// no bigram joining it to the sequences before and after.
    pub fn add_sequence(&mut self, text: &str) {
        let normalized = self.normalizer.normalize(text);
        for r in words(&normalized) {
            let word = &normalized[r];
            let id = match self.ids.get(word) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    self.ids.insert(word.to_string(), id);
                    self.words.push(word.to_string());
                    id
                }
            };
            self.tokens.push(id);
        }
        if self.tokens.last().is_some_and(|&t| t != BREAK) {
            self.tokens.push(BREAK);
        }
    }

    /// How many word tokens the corpus holds.
    pub fn tokens(&self) -> usize {
        self.tokens.iter().filter(|&&t| t != BREAK).count()
    }

    /// How many distinct words the corpus holds.
    pub fn types(&self) -> usize {
        self.words.len()
    }
}

/// The settings of [`learn`].
#[derive(Clone, Debug)]
pub struct BrownOptions {
    /// The number of flat clusters (the window `C`).
    pub clusters: usize,
    /// Words (after pooling their clitic forms) seen fewer times are left out.
    pub min_count: u32,
}

impl Default for BrownOptions {
    fn default() -> Self {
        BrownOptions {
            clusters: 256,
            min_count: 5,
        }
    }
}

/// A learned clustering: each word's flat cluster and each cluster's path.
pub struct Clustering {
    /// The words with their counts, by decreasing count (ties by bytes).
    words: Vec<(String, u64)>,
    /// The flat cluster of each word of `words`.
    cluster: Vec<u16>,
    /// Each flat cluster's path, the clusters ordered by path (left to right).
    paths: Vec<ClusterPath>,
}

impl Clustering {
    /// The words, their counts and their clusters' paths, by decreasing count.
    pub fn words(&self) -> impl Iterator<Item = (&str, u64, ClusterPath)> {
        self.words
            .iter()
            .zip(&self.cluster)
            .map(|((w, n), &c)| (w.as_str(), *n, self.paths[c as usize]))
    }

    /// The number of flat clusters.
    pub fn clusters(&self) -> usize {
        self.paths.len()
    }

    /// A readable listing: one line per cluster (its id, path, size, and its
    /// `top` most frequent words).
    pub fn summary(&self, top: usize) -> String {
        let mut members: Vec<Vec<&str>> = vec![Vec::new(); self.paths.len()];
        let mut sizes = vec![0u64; self.paths.len()];
        for ((w, n), &c) in self.words.iter().zip(&self.cluster) {
            members[c as usize].push(w);
            sizes[c as usize] += n;
        }
        let mut out = String::new();
        for (c, path) in self.paths.iter().enumerate() {
            let shown: Vec<&str> = members[c].iter().take(top).copied().collect();
            out.push_str(&format!(
                "{c}\t{}\t{} words\t{} tokens\t{}\n",
                path.bit_string(),
                members[c].len(),
                sizes[c],
                shown.join(" ")
            ));
        }
        out
    }

    /// The artefact [`crate::clusters::ClusterTable`] reads (layout in that
    /// module). Two words whose keys collide keep the more frequent one; the
    /// second number is how many were dropped so.
    pub fn to_bytes(&self) -> (Vec<u8>, usize) {
        let mut keyed: Vec<(u32, u16)> = self
            .words
            .iter()
            .zip(&self.cluster)
            .map(|((w, _), &c)| (word_key(w.as_bytes(), &[]), c))
            .collect();
        // Stable: among equal keys the more frequent word comes first.
        keyed.sort_by_key(|&(k, _)| k);
        let before = keyed.len();
        keyed.dedup_by_key(|&mut (k, _)| k);
        let dropped = before - keyed.len();
        let n = keyed.len();
        let bits = index_bits(n);
        let mut out = Vec::with_capacity(24 + 5 * self.paths.len() + 6 * n + (4 << bits));
        out.extend_from_slice(MAGIC);
        for v in [FORMAT_VERSION, n as u32, self.paths.len() as u32, bits] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for p in &self.paths {
            out.extend_from_slice(&p.code().to_le_bytes());
        }
        let mut at = 0;
        for bucket in 0..=(1u64 << bits) {
            while at < n && u64::from(keyed[at].0) >> (32 - bits) < bucket {
                at += 1;
            }
            out.extend_from_slice(&(at as u32).to_le_bytes());
        }
        for &(k, _) in &keyed {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for &(_, c) in &keyed {
            out.extend_from_slice(&c.to_le_bytes());
        }
        (out, dropped)
    }
}

/// Bits of a key that pick its bucket: about 32 keys a bucket.
fn index_bits(n: usize) -> u32 {
    let mut bits = 0;
    while bits < 16 && (n >> bits) > 32 {
        bits += 1;
    }
    bits
}

/// Learns Brown clusters from `corpus`.
pub fn learn(corpus: &Corpus, options: &BrownOptions) -> Clustering {
    let key = pooled_keys(corpus);
    let (vocab, rank) = vocabulary(corpus, &key, options.min_count);
    let links = Links::count(corpus, &rank, vocab.len());
    let (flat, paths) = Merger::run(&links, options.clusters.max(1));
    let cluster = flat.iter().map(|&c| c as u16).collect();
    Clustering {
        words: vocab,
        cluster,
        paths,
    }
}

/// For each word id, the word it is counted as (see the module doc).
fn pooled_keys(corpus: &Corpus) -> Vec<String> {
    let mut count = vec![0u64; corpus.words.len()];
    for &t in corpus.tokens.iter().filter(|&&t| t != BREAK) {
        count[t as usize] += 1;
    }
    let count_of = |w: &str| corpus.ids.get(w).map_or(0, |&id| count[id as usize]);
    corpus
        .words
        .iter()
        .enumerate()
        .map(|(id, word)| {
            let mut best = (count[id], word.clone());
            for a in analyses(word).iter().filter(|a| a.particles > 0) {
                let rest = &word[a.particles..];
                let form = match a.article {
                    Article::Elided => format!("ا{rest}"),
                    _ => rest.to_string(),
                };
                let n = count_of(&form);
                if n > best.0 {
                    best = (n, form);
                }
            }
            best.1
        })
        .collect()
}

/// The pooled words seen at least `min_count` times, by decreasing count then
/// bytes, and the rank of each word id in that list (`u32::MAX`: left out).
fn vocabulary(corpus: &Corpus, key: &[String], min_count: u32) -> (Vec<(String, u64)>, Vec<u32>) {
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for &t in corpus.tokens.iter().filter(|&&t| t != BREAK) {
        *counts.entry(&key[t as usize]).or_default() += 1;
    }
    let mut vocab: Vec<(String, u64)> = counts
        .into_iter()
        .filter(|&(_, n)| n >= u64::from(min_count.max(1)))
        .map(|(w, n)| (w.to_string(), n))
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let index: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i as u32))
        .collect();
    let rank = key
        .iter()
        .map(|k| index.get(k.as_str()).copied().unwrap_or(u32::MAX))
        .collect();
    (vocab, rank)
}

/// The bigram counts between the words of the vocabulary (by rank).
struct Links {
    /// For each word, the words that follow it and how often, by rank.
    next: Vec<Vec<(u32, f64)>>,
    /// For each word, the words before it and how often, by rank.
    prev: Vec<Vec<(u32, f64)>>,
    /// How often each word is the first of a bigram.
    left: Vec<f64>,
    /// How often each word is the second of a bigram.
    right: Vec<f64>,
    /// The number of bigrams.
    total: f64,
}

impl Links {
    fn count(corpus: &Corpus, rank: &[u32], n: usize) -> Links {
        let mut pairs: HashMap<(u32, u32), u32> = HashMap::new();
        let mut before = u32::MAX;
        for &t in &corpus.tokens {
            let r = if t == BREAK {
                u32::MAX
            } else {
                rank[t as usize]
            };
            if before != u32::MAX && r != u32::MAX {
                *pairs.entry((before, r)).or_default() += 1;
            }
            before = r;
        }
        let mut sorted: Vec<((u32, u32), u32)> = pairs.into_iter().collect();
        sorted.sort_unstable();
        let mut links = Links {
            next: vec![Vec::new(); n],
            prev: vec![Vec::new(); n],
            left: vec![0.0; n],
            right: vec![0.0; n],
            total: 0.0,
        };
        for ((a, b), c) in sorted {
            let c = f64::from(c);
            links.next[a as usize].push((b, c));
            links.prev[b as usize].push((a, c));
            links.left[a as usize] += c;
            links.right[b as usize] += c;
            links.total += c;
        }
        links
    }
}

/// Natural logarithms of the small counts, looked up rather than computed.
struct Logs(Vec<f64>);

impl Logs {
    fn new() -> Self {
        Logs((0..1 << 16).map(|n| (n as f64).ln()).collect())
    }

    /// ln x, for a count x (a whole number).
    #[inline]
    fn ln(&self, x: f64) -> f64 {
        match self.0.get(x as usize) {
            Some(&l) => l,
            None => x.ln(),
        }
    }
}

/// The state of the agglomeration: `C + 1` slots, each holding a cluster or
/// free, with the bigram counts between slots and the loss of merging each
/// pair of active slots.
struct Merger<'a> {
    links: &'a Links,
    logs: Logs,
    /// ln of the number of bigrams.
    ln_total: f64,
    /// The number of slots, `C + 1`.
    k: usize,
    /// `n[a * k + b]`: bigrams with the first word in slot a, the second in b.
    n: Vec<f64>,
    /// Bigrams starting (`left`) and ending (`right`) in each slot.
    left: Vec<f64>,
    right: Vec<f64>,
    /// Their logarithms.
    ln_left: Vec<f64>,
    ln_right: Vec<f64>,
    /// `merged[a * k + b]`: the logarithms of the marginals of a and b merged.
    merged: Vec<(f64, f64)>,
    /// Each slot's own terms of the mutual information: the terms of every
    /// pair it is part of, its pair with itself counted once.
    own: Vec<f64>,
    /// `loss[a * k + b]` (a < b): mutual information lost by merging a and b.
    loss: Vec<f64>,
    /// The active slots, in increasing order.
    active: Vec<usize>,
    /// The slot of each word that has entered (`usize::MAX` before).
    slot_of: Vec<usize>,
    /// The words in each slot.
    members: Vec<Vec<u32>>,
    /// The tree node each slot holds.
    node: Vec<usize>,
    /// The children of the tree's inner nodes; leaves are numbered before them.
    inner: Vec<(usize, usize)>,
}

impl<'a> Merger<'a> {
    /// The empty state for a window of `c` clusters.
    fn new(links: &'a Links, c: usize) -> Self {
        let (words, k) = (links.next.len(), c + 1);
        Merger {
            links,
            logs: Logs::new(),
            ln_total: links.total.max(1.0).ln(),
            k,
            n: vec![0.0; k * k],
            left: vec![0.0; k],
            right: vec![0.0; k],
            ln_left: vec![0.0; k],
            ln_right: vec![0.0; k],
            merged: vec![(0.0, 0.0); k * k],
            own: vec![0.0; k],
            loss: vec![0.0; k * k],
            active: Vec::with_capacity(k),
            slot_of: vec![usize::MAX; words],
            members: vec![Vec::new(); k],
            node: vec![usize::MAX; k],
            inner: Vec::new(),
        }
    }

    /// Runs the whole algorithm: each word's flat cluster and the clusters'
    /// paths.
    fn run(links: &'a Links, c: usize) -> (Vec<usize>, Vec<ClusterPath>) {
        let words = links.next.len();
        let k = c + 1;
        let mut m = Merger::new(links, c);
        for w in 0..words.min(c) {
            m.enter(w, w);
        }
        m.all_losses();
        for w in c..words {
            let free = (0..k).find(|s| m.node[*s] == usize::MAX).unwrap_or(c);
            m.add(w, free);
            m.merge_best();
        }
        // The flat clusters: their leaves in the merge tree and their words.
        let flat_nodes: Vec<usize> = m.active.iter().map(|&s| m.node[s]).collect();
        let mut flat_of_word = vec![0usize; words];
        for (i, &s) in m.active.iter().enumerate() {
            for &w in &m.members[s] {
                flat_of_word[w as usize] = i;
            }
        }
        while m.active.len() > 1 {
            m.merge_best();
        }
        let root = m.active.first().map(|&s| m.node[s]);
        let (order, codes) = tree_paths(root, words, &m.inner);
        // Number the flat clusters left to right.
        let mut ids: Vec<(usize, usize)> = flat_nodes
            .iter()
            .enumerate()
            .map(|(i, node)| (order[*node], i))
            .collect();
        ids.sort_unstable();
        let mut id_of_flat = vec![0usize; ids.len()];
        let mut paths = Vec::with_capacity(ids.len());
        for (id, &(_, i)) in ids.iter().enumerate() {
            id_of_flat[i] = id;
            paths.push(ClusterPath::new(id as u16, codes[flat_nodes[i]]));
        }
        let cluster = flat_of_word.iter().map(|&f| id_of_flat[f]).collect();
        (cluster, paths)
    }

    /// `n ln(n N / (l r))`: the mutual-information term of a pair of clusters
    /// with `n` bigrams between them and marginals `l`, `r`, given as their
    /// logarithms (0 when n is 0).
    #[inline]
    fn q(&self, n: f64, ln_l: f64, ln_r: f64) -> f64 {
        if n <= 0.0 {
            return 0.0;
        }
        n * (self.logs.ln(n) + self.ln_total - ln_l - ln_r)
    }

    /// Sets slot `a`'s marginals.
    fn set_marginals(&mut self, a: usize, left: f64, right: f64) {
        self.left[a] = left;
        self.right[a] = right;
        self.ln_left[a] = self.logs.ln(left);
        self.ln_right[a] = self.logs.ln(right);
    }

    #[inline]
    fn at(&self, a: usize, b: usize) -> f64 {
        self.n[a * self.k + b]
    }

    /// The terms of slot a with slot b, both ways.
    #[inline]
    fn both(&self, a: usize, b: usize) -> f64 {
        self.q(self.at(a, b), self.ln_left[a], self.ln_right[b])
            + self.q(self.at(b, a), self.ln_left[b], self.ln_right[a])
    }

    /// Puts word `w` into free slot `s`, with its counts against the active
    /// slots (the losses are not touched).
    fn enter(&mut self, w: usize, s: usize) {
        let k = self.k;
        for &(v, c) in &self.links.next[w] {
            match v as usize {
                v if v == w => self.n[s * k + s] += c,
                v if self.slot_of[v] != usize::MAX => self.n[s * k + self.slot_of[v]] += c,
                _ => {}
            }
        }
        for &(v, c) in &self.links.prev[w] {
            let v = v as usize;
            if v != w && self.slot_of[v] != usize::MAX {
                self.n[self.slot_of[v] * k + s] += c;
            }
        }
        self.set_marginals(s, self.links.left[w], self.links.right[w]);
        self.slot_of[w] = s;
        self.members[s] = vec![w as u32];
        self.node[s] = w;
        let at = self.active.partition_point(|&a| a < s);
        self.active.insert(at, s);
        self.set_merged(s);
    }

    /// Slot `a`'s own terms, computed from the counts.
    fn own_terms(&self, a: usize) -> f64 {
        let mut sum = -self.q(self.at(a, a), self.ln_left[a], self.ln_right[a]);
        for &d in &self.active {
            sum += self.both(a, d);
        }
        sum
    }

    /// The loss of merging a and b, computed from the counts: the terms a and
    /// b are part of, less the terms of the merged cluster.
    fn loss_of(&self, a: usize, b: usize) -> f64 {
        let (l, r) = self.merged_ln(a, b);
        let inside = self.at(a, a) + self.at(a, b) + self.at(b, a) + self.at(b, b);
        let mut after = self.q(inside, l, r);
        for &d in &self.active {
            if d != a && d != b {
                after += self.q(self.at(a, d) + self.at(b, d), l, self.ln_right[d]);
                after += self.q(self.at(d, a) + self.at(d, b), self.ln_left[d], r);
            }
        }
        self.own[a] + self.own[b] - self.both(a, b) - after
    }

    /// The logarithms of the marginals of a and b merged.
    #[inline]
    fn merged_ln(&self, a: usize, b: usize) -> (f64, f64) {
        self.merged[a * self.k + b]
    }

    /// Sets the merged marginals of slot `a` with every active slot.
    fn set_merged(&mut self, a: usize) {
        for x in 0..self.active.len() {
            let b = self.active[x];
            let v = (
                self.logs.ln(self.left[a] + self.left[b]),
                self.logs.ln(self.right[a] + self.right[b]),
            );
            self.merged[a * self.k + b] = v;
            self.merged[b * self.k + a] = v;
        }
    }

    fn set_loss(&mut self, a: usize, b: usize, v: f64) {
        let (a, b) = (a.min(b), a.max(b));
        self.loss[a * self.k + b] = v;
    }

    /// Every slot's own terms and every pair's loss, from the counts.
    fn all_losses(&mut self) {
        for i in 0..self.active.len() {
            let a = self.active[i];
            self.own[a] = self.own_terms(a);
        }
        for i in 0..self.active.len() {
            for j in i + 1..self.active.len() {
                let (a, b) = (self.active[i], self.active[j]);
                let v = self.loss_of(a, b);
                self.set_loss(a, b, v);
            }
        }
    }

    /// Adds word `w` as a new cluster in free slot `s`, updating the losses.
    fn add(&mut self, w: usize, s: usize) {
        let k = self.k;
        self.enter(w, s);
        // The pairs of old slots gain the terms with s.
        let old: Vec<usize> = self.active.iter().copied().filter(|&a| a != s).collect();
        let linked: Vec<bool> = (0..k)
            .map(|a| a != s && (self.at(a, s) > 0.0 || self.at(s, a) > 0.0))
            .collect();
        let gain: Vec<f64> = (0..k)
            .map(|a| if linked[a] { self.both(a, s) } else { 0.0 })
            .collect();
        for (i, &a) in old.iter().enumerate() {
            for &b in &old[i + 1..] {
                if !linked[a] && !linked[b] {
                    continue;
                }
                let (l, r) = self.merged_ln(a, b);
                let after = self.q(self.at(a, s) + self.at(b, s), l, self.ln_right[s])
                    + self.q(self.at(s, a) + self.at(s, b), self.ln_left[s], r);
                self.loss[a * k + b] += gain[a] + gain[b] - after;
            }
        }
        for &a in &old {
            self.own[a] += gain[a];
        }
        self.own[s] = self.own_terms(s);
        for &b in &old {
            let v = self.loss_of(s, b);
            self.set_loss(s, b, v);
        }
    }

    /// Merges the active pair with the least loss (the first in slot order on
    /// a tie).
    fn merge_best(&mut self) {
        let mut best = (f64::INFINITY, 0, 0);
        for (i, &a) in self.active.iter().enumerate() {
            for &b in &self.active[i + 1..] {
                let v = self.loss[a * self.k + b];
                if v < best.0 {
                    best = (v, a, b);
                }
            }
        }
        if best.0.is_finite() {
            self.merge(best.1, best.2);
        }
    }

    /// Merges slot j into slot i (i < j), updating the losses.
    fn merge(&mut self, i: usize, j: usize) {
        let k = self.k;
        let others: Vec<usize> = self
            .active
            .iter()
            .copied()
            .filter(|&a| a != i && a != j)
            .collect();
        let (mi_l, mi_r) = (self.left[i] + self.left[j], self.right[i] + self.right[j]);
        let (ln_mi_l, ln_mi_r) = self.merged_ln(i, j);
        // Each other slot's change of own terms: its terms with i and j
        // become its terms with the merged cluster.
        let change: Vec<f64> = (0..k)
            .map(|a| {
                if a == i || a == j || self.node[a] == usize::MAX {
                    return 0.0;
                }
                let to = self.at(a, i) + self.at(a, j);
                let from = self.at(i, a) + self.at(j, a);
                self.q(to, self.ln_left[a], ln_mi_r) + self.q(from, ln_mi_l, self.ln_right[a])
                    - self.both(a, i)
                    - self.both(a, j)
            })
            .collect();
        for (x, &a) in others.iter().enumerate() {
            for &b in &others[x + 1..] {
                let (l, r) = self.merged_ln(a, b);
                let mut pair = 0.0;
                for (c, cl, cr, sign) in [
                    (None, ln_mi_l, ln_mi_r, 1.0),
                    (Some(i), self.ln_left[i], self.ln_right[i], -1.0),
                    (Some(j), self.ln_left[j], self.ln_right[j], -1.0),
                ] {
                    let (to, from) = match c {
                        Some(c) => (self.at(a, c) + self.at(b, c), self.at(c, a) + self.at(c, b)),
                        None => (
                            self.at(a, i) + self.at(a, j) + self.at(b, i) + self.at(b, j),
                            self.at(i, a) + self.at(j, a) + self.at(i, b) + self.at(j, b),
                        ),
                    };
                    pair += sign * (self.q(to, l, cr) + self.q(from, cl, r));
                }
                self.loss[a * k + b] += change[a] + change[b] - pair;
            }
        }
        // Fold j's counts into i.
        let inside = self.at(i, i) + self.at(i, j) + self.at(j, i) + self.at(j, j);
        for &d in &others {
            self.n[i * k + d] += self.n[j * k + d];
            self.n[d * k + i] += self.n[d * k + j];
        }
        self.n[i * k + i] = inside;
        for d in 0..k {
            self.n[j * k + d] = 0.0;
            self.n[d * k + j] = 0.0;
        }
        self.set_marginals(i, mi_l, mi_r);
        self.left[j] = 0.0;
        self.right[j] = 0.0;
        let moved = std::mem::take(&mut self.members[j]);
        for &w in &moved {
            self.slot_of[w as usize] = i;
        }
        self.members[i].extend(moved);
        self.inner.push((self.node[i], self.node[j]));
        self.node[i] = self.links.next.len() + self.inner.len() - 1;
        self.node[j] = usize::MAX;
        self.active.retain(|&a| a != j);
        self.set_merged(i);
        for &a in &others {
            self.own[a] += change[a];
        }
        self.own[i] = self.own_terms(i);
        for &b in &others {
            let v = self.loss_of(i, b);
            self.set_loss(i, b, v);
        }
    }
}

/// Each tree node's position in a left-to-right walk and its path code from
/// the root (see [`ClusterPath`]; paths deeper than [`MAX_DEPTH`] bits stop
/// there).
fn tree_paths(
    root: Option<usize>,
    leaves: usize,
    inner: &[(usize, usize)],
) -> (Vec<usize>, Vec<u32>) {
    let nodes = leaves + inner.len();
    let mut order = vec![usize::MAX; nodes];
    let mut codes = vec![1u32; nodes];
    let mut stack: Vec<(usize, u32)> = root.map(|r| (r, 1)).into_iter().collect();
    let mut seen = 0;
    while let Some((node, code)) = stack.pop() {
        order[node] = seen;
        seen += 1;
        codes[node] = code;
        if let Some(&(zero, one)) = node.checked_sub(leaves).and_then(|x| inner.get(x)) {
            let deep = code.ilog2() >= MAX_DEPTH;
            let child = |bit| if deep { code } else { code << 1 | bit };
            // Pushed in reverse, so that the 0 side is walked first.
            stack.push((one, child(1)));
            stack.push((zero, child(0)));
        }
    }
    (order, codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(text: &str) -> Corpus {
        let mut c = Corpus::new();
        c.add_text(text);
        c
    }

    const TEXT: &str = "\
قال محمد في القاهره ان الوزير زار باريس
قال احمد في بيروت ان الرئيس زار لندن
قال علي في باريس ان الوزير زار القاهره
ذهب محمد الي لندن ثم الي بيروت
ذهب علي الي القاهره ثم الي باريس
قال الرئيس ان احمد في لندن
وقال الوزير ان محمد زار بيروت ولندن";

    /// Every slot's own terms and every pair's loss, kept up to date step by
    /// step, equal their values computed from the counts.
    fn assert_losses_fresh(m: &Merger) {
        for &a in &m.active {
            let own = m.own_terms(a);
            assert!((m.own[a] - own).abs() < 1e-9 * (1.0 + own.abs()), "own {a}");
        }
        for (i, &a) in m.active.iter().enumerate() {
            for &b in &m.active[i + 1..] {
                let fresh = m.loss_of(a, b);
                let kept = m.loss[a * m.k + b];
                assert!(
                    (kept - fresh).abs() < 1e-9 * (1.0 + fresh.abs()),
                    "loss of ({a}, {b}): kept {kept}, fresh {fresh}"
                );
            }
        }
    }

    /// The mutual information of the current clustering (times the number of
    /// bigrams).
    fn information(m: &Merger) -> f64 {
        let mut sum = 0.0;
        for &a in &m.active {
            for &b in &m.active {
                sum += m.q(m.at(a, b), m.ln_left[a], m.ln_right[b]);
            }
        }
        sum
    }

    /// Merges the best pair, checking that the information lost is its loss.
    fn merge_checked(m: &mut Merger) {
        let before = information(m);
        let mut least = f64::INFINITY;
        for (i, &a) in m.active.iter().enumerate() {
            for &b in &m.active[i + 1..] {
                least = least.min(m.loss[a * m.k + b]);
            }
        }
        m.merge_best();
        let lost = before - information(m);
        assert!(
            (lost - least).abs() < 1e-9 * (1.0 + before.abs()),
            "lost {lost}, loss {least}"
        );
        assert_losses_fresh(m);
    }

    #[test]
    fn incremental_losses_match_recomputed_ones() {
        let c = corpus(TEXT);
        let (key, (vocab, rank)) = {
            let key = pooled_keys(&c);
            let v = vocabulary(&c, &key, 1);
            (key, v)
        };
        assert!(key.len() >= vocab.len());
        let links = Links::count(&c, &rank, vocab.len());
        let window = 4;
        let k = window + 1;
        let mut m = Merger::new(&links, window);
        for w in 0..window {
            m.enter(w, w);
        }
        m.all_losses();
        assert_losses_fresh(&m);
        for w in window..vocab.len() {
            let free = (0..k).find(|s| m.node[*s] == usize::MAX).unwrap();
            m.add(w, free);
            assert_losses_fresh(&m);
            merge_checked(&mut m);
        }
        while m.active.len() > 1 {
            merge_checked(&mut m);
        }
    }

    #[test]
    fn clitic_forms_are_pooled_with_the_word() {
        let c = corpus("المغرب المغرب المغرب والمغرب بالمغرب للمغرب فرنسا فرنسا");
        let key = pooled_keys(&c);
        let pooled: Vec<(&str, &str)> = c
            .words
            .iter()
            .zip(&key)
            .map(|(w, k)| (w.as_str(), k.as_str()))
            .collect();
        assert_eq!(
            pooled,
            [
                ("المغرب", "المغرب"),
                ("والمغرب", "المغرب"),
                ("بالمغرب", "المغرب"),
                ("للمغرب", "المغرب"),
                ("فرنسا", "فرنسا"),
            ]
        );
    }

    #[test]
    fn names_used_alike_share_a_cluster() {
        let clustering = learn(
            &corpus(TEXT),
            &BrownOptions {
                clusters: 4,
                min_count: 2,
            },
        );
        let of = |word: &str| {
            clustering
                .words()
                .find(|(w, _, _)| *w == word)
                .map(|(_, _, p)| p.id())
        };
        assert_eq!(of("بيروت"), of("لندن"));
        assert_eq!(of("محمد"), of("احمد"));
        assert_ne!(of("محمد"), of("لندن"));
    }
}
