//! Training: an averaged structured perceptron over the same words and features
//! the recognizer uses at run time (native builds only).
//!
//! The recognizer reads a text twice: the second reading adds features from the
//! first one's tags (neighbours' tags, labels of the stem's other mentions). One
//! weight table serves both: it is trained on every sentence twice, once with
//! the base features alone and once with the stacked features computed from a
//! first reading by models that did not see that sentence (5-fold jackknife),
//! so that the stacked features are as noisy in training as at run time.
//! Each training step hides 30 % of the feature occurrences (feature dropout,
//! [`Dropout`]), so that context, affix and list features learn to find names
//! the word features alone would have memorized. Three perceptrons with
//! different seeds are trained side by side and their weights averaged.
//!
//! Each CoNLL sentence is joined into text and goes through the run-time
//! pipeline (normalization, word splitting, gazetteer matching); the corpus tags
//! are projected onto those words (a word takes the tag of the corpus token it
//! starts in; only the first word of a B- token keeps B-). Training is
//! deterministic: sentence order and dropout come from a fixed seed and no
//! hash-map iteration order reaches the weights.

use super::calibrate;
use super::conll::{Domain, Sentence};
use super::eval::{evaluate, Scores};
use crate::gazetteer::{shipped, Gazetteer};
use crate::label::runs;
use crate::model::features::{domain_copy, domain_key, speller};
use crate::model::lexicon::Lexicon;
use crate::model::pipeline::{self, stacked_keys, Document, Lists, Text};
use crate::model::viterbi::best_path;
use crate::model::{file, Calibration, Model, TAGS};
use crate::tokenize::words;
use crate::{Error, Label, Normalizer, Recognizer, Tag};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Settings of a training run.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// Features seen fewer times than this in training are dropped.
    pub min_count: u32,
    /// Seed of the sentence shuffle and of the dropout.
    pub seed: u64,
    /// Sentences of `dev` read together when scoring (see [`evaluate`]).
    pub window: usize,
    /// Feature rows whose largest weight rounds to at most this many
    /// quantization steps are left out of the model: they change few decisions,
    /// and every row costs size and lookup time.
    pub prune: u8,
    /// Percentage of feature occurrences each training step hides (feature
    /// dropout: context, affix and list features then learn what the word
    /// features alone would have memorized); values above 99 are read as 99.
    pub dropout: u8,
    /// Perceptrons trained side by side, each with its own seed (`seed`,
    /// `seed + 2`, ...); the model is the mean of their weights, which
    /// depends less on any one sentence order. 0 is read as 1.
    pub runs: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            min_count: 3,
            seed: 0x616c_616d,
            window: 1,
            prune: 8,
            dropout: 30,
            runs: 3,
        }
    }
}

/// A training sentence in run-time form: normalized text, words, tags.
struct Prepared {
    norm: String,
    /// The text normalized with the model's spelling folds.
    spelled: String,
    ws: Vec<Range<usize>>,
    tags: Vec<Tag>,
    domain: Domain,
}

impl Prepared {
    /// The sentence as the model reads it.
    fn text(&self) -> Text<'_> {
        Text {
            norm: &self.norm,
            spelled: &self.spelled,
            words: &self.ws,
        }
    }
}

/// Parts of the corpus mined for each other's lexicon features, and read by
/// each other's first-reading models.
const FOLDS: usize = 5;

/// The run-time words of `s` with the corpus tags projected onto them.
fn prepare(s: &Sentence) -> Prepared {
    let (text, spans) = s.text();
    let mapped = Normalizer::default_ref().normalize_mapped(&text);
    let norm = mapped.text();
    let ws = words(norm);
    let mut tags = Vec::with_capacity(ws.len());
    let mut last_token = usize::MAX;
    for w in &ws {
        let at = mapped.original_span(w.clone()).start;
        let k = spans
            .partition_point(|sp| sp.end <= at)
            .min(spans.len() - 1);
        let gold = s.tags[k];
        let tag = match gold.label() {
            None => Tag::O,
            Some(l) if gold.is_begin() && k != last_token => Tag::begin(l),
            Some(l) => Tag::inside(l),
        };
        // An I- word after an O word (a token split oddly) begins an entity.
        let tag = match tag.label() {
            Some(l) if !tag.may_follow(tags.last().copied()) => Tag::begin(l),
            _ => tag,
        };
        tags.push(tag);
        last_token = k;
    }
    Prepared {
        domain: s.domain,
        spelled: speller().normalize(&text).into_owned(),
        norm: norm.to_string(),
        ws,
        tags,
    }
}

/// The lexicon of the sentences `items`.
fn mine<'a>(items: impl Iterator<Item = &'a Prepared> + Clone, gaz: &Gazetteer) -> Lexicon {
    Lexicon::mine(
        items.map(|p| (p.norm.as_str(), p.ws.as_slice(), p.tags.as_slice())),
        gaz,
    )
}

/// Sentences read together as one document for [`document_context`] and
/// [`other_mentions`]: the corpus has no document boundaries, so a window of
/// consecutive sentences (never straddling two folds). 40 rather than 20:
/// dev read 20 sentences at a time scored 72.4 against 71.8 (three seeds),
/// with cross-validation and sentence-by-sentence dev unchanged.
const DOCUMENT: usize = 40;

/// A training sentence: gold tags and feature rows per word.
struct Example {
    tags: Vec<Tag>,
    /// Feature rows of word `i`: `rows[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<usize>,
    rows: Vec<u32>,
}

impl Example {
    fn word(&self, i: usize) -> &[u32] {
        &self.rows[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// Feature keys to rows, in order of first appearance (deterministic).
#[derive(Default)]
struct Rows {
    of: HashMap<u32, u32>,
    keys: Vec<u32>,
}

impl Rows {
    fn row(&mut self, k: u32) -> u32 {
        *self.of.entry(k).or_insert_with(|| {
            self.keys.push(k);
            self.keys.len() as u32 - 1
        })
    }

    /// An example from per-word keys, dropping keys `keep` refuses.
    fn example(&mut self, tags: &[Tag], words: &[Vec<u32>], keep: impl Fn(u32) -> bool) -> Example {
        let mut offsets = vec![0];
        let mut rows = Vec::new();
        for wk in words {
            for &k in wk {
                if k != 0 && keep(k) {
                    rows.push(self.row(k));
                }
            }
            offsets.push(rows.len());
        }
        Example {
            tags: tags.to_vec(),
            offsets,
            rows,
        }
    }
}

/// xorshift64*: a small fixed-seed generator for the shuffle.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Emission scores of `ex` with weights `w`, from the rows `sees` keeps.
fn emit(w: &[f32], ex: &Example, sees: impl Fn(u32) -> bool) -> Vec<[f32; TAGS]> {
    (0..ex.tags.len())
        .map(|i| {
            let mut s = [0f32; TAGS];
            for &r in ex.word(i).iter().filter(|&&r| sees(r)) {
                let row = &w[r as usize * TAGS..(r as usize + 1) * TAGS];
                for (a, b) in s.iter_mut().zip(row) {
                    *a += b;
                }
            }
            s
        })
        .collect()
}

/// Feature dropout: each training step hides a share of the feature
/// occurrences of its sentence. Without it, the perceptron stops learning from
/// a training name as soon as one feature (mostly the word itself) gets it
/// right, and the context, affix and list features that would find unseen
/// names stay weak. Which rows a step hides is a hash of the seed, the step and
/// the row, so training stays deterministic.
#[derive(Clone, Copy)]
struct Dropout {
    /// Rows whose hash is below this are hidden.
    threshold: u32,
    seed: u64,
}

impl Dropout {
    fn new(percent: u8, seed: u64) -> Self {
        Dropout {
            threshold: ((u64::from(percent.min(99)) << 32) / 100) as u32,
            seed,
        }
    }

    /// Whether training step `step` sees feature row `row`.
    fn keeps(self, step: u64, row: u32) -> bool {
        let mut x = (step ^ self.seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(row);
        x = (x ^ (x >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 29;
        (x >> 32) as u32 >= self.threshold
    }
}

/// One perceptron: its weights with the sums for averaging (Daumé's trick:
/// the average is `w - u / c`), and its own sentence order and dropout.
struct Perceptron {
    w: Vec<f32>,
    u: Vec<f32>,
    trans: [[f32; TAGS]; TAGS],
    trans_u: [[f32; TAGS]; TAGS],
    start: [f32; TAGS],
    start_u: [f32; TAGS],
    /// Training steps taken (sentences seen).
    steps: u64,
    order: Vec<usize>,
    rng: Rng,
    dropout: Dropout,
}

/// Weights after training: emission rows, transitions, start weights.
struct Averaged {
    w: Vec<f32>,
    trans: [[f32; TAGS]; TAGS],
    start: [f32; TAGS],
}

impl Perceptron {
    /// A perceptron for `rows` feature rows, trained on `examples` sentences in an
    /// order and with a dropout drawn from `seed`.
    fn new(rows: usize, examples: usize, seed: u64, dropout: u8) -> Self {
        Perceptron {
            w: vec![0.0; rows * TAGS],
            u: vec![0.0; rows * TAGS],
            trans: [[0.0; TAGS]; TAGS],
            trans_u: [[0.0; TAGS]; TAGS],
            start: [0.0; TAGS],
            start_u: [0.0; TAGS],
            steps: 0,
            order: (0..examples).collect(),
            rng: Rng(seed | 1),
            dropout: Dropout::new(dropout, seed),
        }
    }

    /// The count `c` of Daumé's trick: one more than the steps taken.
    fn c(&self) -> f32 {
        (self.steps + 1) as f32
    }

    fn bump_row(&mut self, row: u32, tag: Tag, d: f32) {
        let i = row as usize * TAGS + tag.index();
        self.w[i] += d;
        self.u[i] += d * self.c();
    }

    /// Moves the weights of the rows `sees` keeps towards the gold tags of
    /// `ex` and away from `pred`.
    fn update(&mut self, ex: &Example, pred: &[Tag], sees: impl Fn(u32) -> bool) {
        for i in 0..ex.tags.len() {
            let (gold, guess) = (ex.tags[i], pred[i]);
            if gold != guess {
                for &r in ex.word(i).iter().filter(|&&r| sees(r)) {
                    self.bump_row(r, gold, 1.0);
                    self.bump_row(r, guess, -1.0);
                }
            }
            let (g, p) = (gold.index(), guess.index());
            let c = self.c();
            if i == 0 {
                if g != p {
                    self.start[g] += 1.0;
                    self.start_u[g] += c;
                    self.start[p] -= 1.0;
                    self.start_u[p] -= c;
                }
            } else {
                let (gp, pp) = (ex.tags[i - 1].index(), pred[i - 1].index());
                if (gp, g) != (pp, p) {
                    self.trans[gp][g] += 1.0;
                    self.trans_u[gp][g] += c;
                    self.trans[pp][p] -= 1.0;
                    self.trans_u[pp][p] -= c;
                }
            }
        }
    }

    /// One pass over `examples` in a new order.
    fn epoch(&mut self, examples: &[&Example]) {
        let mut order = std::mem::take(&mut self.order);
        self.rng.shuffle(&mut order);
        for &e in &order {
            let ex = examples[e];
            let (step, dropout) = (self.steps, self.dropout);
            let sees = |r: u32| dropout.keeps(step, r);
            let emit = emit(&self.w, ex, sees);
            let pred = best_path(&emit, &self.trans, &self.start);
            if pred != ex.tags {
                self.update(ex, &pred, sees);
            }
            self.steps += 1;
        }
        self.order = order;
    }

    /// Adds `share` times the averaged weights to `to`.
    fn add_average(&self, share: f32, to: &mut Averaged) {
        let c = self.c();
        let avg = |w: f32, u: f32| share * (w - u / c);
        for ((a, &w), &u) in to.w.iter_mut().zip(&self.w).zip(&self.u) {
            *a += avg(w, u);
        }
        for p in 0..TAGS {
            for t in 0..TAGS {
                to.trans[p][t] += avg(self.trans[p][t], self.trans_u[p][t]);
            }
            to.start[p] += avg(self.start[p], self.start_u[p]);
        }
    }
}

impl Averaged {
    /// The mean of the averaged weights of `runs`.
    fn of(runs: &[Perceptron]) -> Self {
        let mut mean = Averaged {
            w: vec![0.0; runs.first().map_or(0, |r| r.w.len())],
            trans: [[0.0; TAGS]; TAGS],
            start: [0.0; TAGS],
        };
        for run in runs {
            run.add_average(1.0 / runs.len() as f32, &mut mean);
        }
        mean
    }

    /// The model, keeping rows with a weight that rounds to more than `prune`
    /// quantization steps.
    fn model(&self, keys: &[u32], skip: &HashSet<u32>, lexicon: &Lexicon, prune: u8) -> Model {
        let (all, trans, start) = (&self.w, self.trans, self.start);
        let max = all.iter().fold(0f32, |m, w| m.max(w.abs()));
        let keep = max / 127.0 * (f32::from(prune) + 0.5);
        let mut map = HashMap::new();
        for (r, &k) in keys.iter().enumerate().filter(|(_, k)| !skip.contains(k)) {
            let row: [f32; TAGS] = std::array::from_fn(|t| all[r * TAGS + t]);
            if row.iter().any(|w| w.abs() >= keep) {
                map.insert(k, row);
            }
        }
        Model::from_map(&map, trans, start, lexicon.clone())
    }
}

/// Appends to `keys` a copy of each of `keys[from..]` for `domain`, noting
/// the copies.
fn add_domain_copies(keys: &mut Vec<u32>, from: usize, domain: Domain, copies: &mut HashSet<u32>) {
    for j in from..keys.len() {
        let copy = domain_copy(keys[j], domain as u8);
        copies.insert(copy);
        keys.push(copy);
    }
}

/// Trains `options.runs` perceptrons side by side for `options.epochs` passes
/// over `examples`, calling `after(epoch, runs)` after each pass, and returns
/// the mean of their averaged weights.
fn fit(
    examples: &[&Example],
    rows: usize,
    options: &TrainOptions,
    mut after: impl FnMut(usize, &[Perceptron]) -> Result<(), Error>,
) -> Result<Averaged, Error> {
    let mut runs: Vec<Perceptron> = (0..options.runs.max(1) as u64)
        .map(|j| {
            let seed = options.seed.wrapping_add(2 * j);
            Perceptron::new(rows, examples.len(), seed, options.dropout)
        })
        .collect();
    for epoch in 1..=options.epochs {
        // The runs are independent (each has its own seed and weights), so
        // they train side by side; the result does not depend on the threads.
        std::thread::scope(|scope| {
            for run in &mut runs {
                scope.spawn(|| run.epoch(examples));
            }
        });
        after(epoch, &runs)?;
    }
    Ok(Averaged::of(&runs))
}

/// Trains a model on `train` and returns the model file.
///
/// With `dev`, the model of every epoch is scored on it (through the full
/// recognizer, with the quantized weights) and the best epoch's file is
/// returned; `report(epoch, scores)` sees each epoch.
pub fn train(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    options: &TrainOptions,
    mut report: impl FnMut(usize, Option<&Scores>),
) -> Result<Vec<u8>, Error> {
    let gaz = shipped();
    let sentences: Vec<Prepared> = train
        .iter()
        .map(prepare)
        .filter(|p| !p.tags.is_empty())
        .collect();
    let fold_of = |k: usize| k * FOLDS / sentences.len().max(1);
    // Each sentence sees the lexicon of the other folds; the model ships with
    // the lexicon of all of them.
    let lexicons: Vec<Lexicon> = (0..FOLDS)
        .map(|f| {
            let others = sentences
                .iter()
                .enumerate()
                .filter(move |&(k, _)| fold_of(k) != f)
                .map(|(_, p)| p);
            mine(others, gaz)
        })
        .collect();
    let full_lexicon = mine(sentences.iter(), gaz);

    // Documents, word information and base feature keys.
    let mut documents: Vec<Range<usize>> = Vec::new();
    let mut k = 0;
    while k < sentences.len() {
        let mut end = k + 1;
        let same_document = |end: usize| {
            end - k < DOCUMENT
                && fold_of(end) == fold_of(k)
                && sentences[end].domain == sentences[k].domain
        };
        while end < sentences.len() && same_document(end) {
            end += 1;
        }
        documents.push(k..end);
        k = end;
    }
    let docs: Vec<Document> = documents
        .iter()
        .map(|doc| {
            let lists = Lists {
                gazetteer: gaz,
                lexicon: lexicons[fold_of(doc.start)].gazetteer(),
            };
            Document::of_sentences(sentences[doc.clone()].iter().map(Prepared::text), lists)
        })
        .collect();
    let mut base_keys: Vec<Vec<Vec<u32>>> = docs
        .iter()
        .flat_map(|doc| {
            doc.sentence_lengths().enumerate().map(move |(s, n)| {
                (0..n)
                    .map(|i| {
                        let mut out = Vec::new();
                        doc.base_keys(s, i, &mut out);
                        out
                    })
                    .collect()
            })
        })
        .collect();
    // Sentences of another kind of text than news see a copy of each of
    // their features of their own kind (Daumé's "frustratingly easy" domain
    // adaptation): the plain features learn what the kinds share, the copies
    // what is peculiar to the other kind; the model ships without the copies.
    let mut copies: HashSet<u32> = HashSet::new();
    for (p, keys) in sentences.iter().zip(&mut base_keys) {
        if p.domain != Domain::News {
            let key = domain_key(p.domain as u8);
            for word in keys.iter_mut() {
                word.push(key);
                add_domain_copies(word, 0, p.domain, &mut copies);
            }
        }
    }
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for k in base_keys.iter().flatten().flatten() {
        *counts.entry(*k).or_default() += 1;
    }
    let frequent = |k: u32| counts.get(&k).is_some_and(|&c| c >= options.min_count);
    let mut rows = Rows::default();
    let base: Vec<Example> = sentences
        .iter()
        .zip(&base_keys)
        .map(|(p, keys)| rows.example(&p.tags, keys, frequent))
        .collect();

    // First readings of each fold by a model trained on the other folds.
    let mut first: Vec<Vec<Tag>> = vec![Vec::new(); sentences.len()];
    for f in 0..FOLDS {
        let others: Vec<&Example> = base
            .iter()
            .enumerate()
            .filter(|&(k, _)| fold_of(k) != f)
            .map(|(_, e)| e)
            .collect();
        let m = fit(&others, rows.keys.len(), options, |_, _| Ok(()))?;
        for (k, ex) in base.iter().enumerate().filter(|&(k, _)| fold_of(k) == f) {
            first[k] = best_path(&emit(&m.w, ex, |_| true), &m.trans, &m.start);
        }
    }

    // The same sentences with the stacked features of those first readings.
    let mut stacked: Vec<Example> = Vec::with_capacity(sentences.len());
    for (doc, range) in docs.iter().zip(&documents) {
        let others = doc.other_mentions(&first[range.clone()]);
        for (k, other) in range.clone().zip(&others) {
            let keys: Vec<Vec<u32>> = base_keys[k]
                .iter()
                .enumerate()
                .map(|(i, keys)| {
                    let mut out = keys.clone();
                    let base = out.len();
                    stacked_keys(&first[k], other, i, &mut out);
                    if sentences[k].domain != Domain::News {
                        add_domain_copies(&mut out, base, sentences[k].domain, &mut copies);
                    }
                    out
                })
                .collect();
            let stacked_key = |k: u32| frequent(k) || !counts.contains_key(&k);
            stacked.push(rows.example(&sentences[k].tags, &keys, stacked_key));
        }
    }

    let keys = rows.keys.clone();
    let held_out = HeldOut {
        sentences: &sentences,
        documents: &documents,
        docs: &docs,
        fold_of: &fold_of,
        copies: &copies,
    };
    let calibration = held_out.calibration(&base, &stacked, &keys, options)?;
    let all: Vec<&Example> = base.iter().chain(&stacked).collect();
    let mut best: Option<(f64, Vec<u8>)> = None;
    let model_of = |weights: &Averaged| {
        let mut model = weights.model(&keys, &copies, &full_lexicon, options.prune);
        model.calibration = calibration;
        model
    };
    let weights = fit(&all, keys.len(), options, |epoch, runs| {
        let Some(dev) = dev else {
            report(epoch, None);
            return Ok(());
        };
        let model = model_of(&Averaged::of(runs));
        let bytes = file::encode(&model);
        let scores = evaluate(&Recognizer::with_model(&bytes)?, dev, options.window);
        report(epoch, Some(&scores));
        let f1 = scores.micro.prf().2;
        if best.as_ref().map_or(true, |(b, _)| f1 > *b) {
            best = Some((f1, bytes));
        }
        Ok(())
    })?;
    Ok(match best {
        Some((_, bytes)) => bytes,
        None => file::encode(&model_of(&weights)),
    })
}

/// The training documents with their folds, for fitting the score
/// calibration on held-out folds.
struct HeldOut<'a> {
    sentences: &'a [Prepared],
    /// Sentence ranges of the documents (none straddles two folds).
    documents: &'a [Range<usize>],
    docs: &'a [Document],
    fold_of: &'a dyn Fn(usize) -> usize,
    /// The domain copies of features, which models ship without.
    copies: &'a HashSet<u32>,
}

impl HeldOut<'_> {
    /// Fits the score calibration: for each fold, a model trained on the other
    /// folds reads the fold's documents as the recognizer would, and each
    /// entity it finds counts as right when its words and label are exactly a
    /// gold entity's.
    fn calibration(
        &self,
        base: &[Example],
        stacked: &[Example],
        keys: &[u32],
        options: &TrainOptions,
    ) -> Result<Calibration, Error> {
        let mut points = Vec::new();
        for f in 0..FOLDS {
            let others: Vec<&Example> = (0..self.sentences.len())
                .filter(|&k| (self.fold_of)(k) != f)
                .flat_map(|k| [&base[k], &stacked[k]])
                .collect();
            if others.len() == base.len() * 2 {
                continue; // an empty fold (fewer sentences than folds)
            }
            let weights = fit(&others, keys.len(), options, |_, _| Ok(()))?;
            let model = weights.model(keys, self.copies, &Lexicon::default(), options.prune);
            for (doc, range) in self.docs.iter().zip(self.documents) {
                if (self.fold_of)(range.start) == f {
                    self.score_points(&model, doc, range.clone(), &mut points);
                }
            }
        }
        Ok(calibrate::fit(&points, Calibration::default()))
    }

    /// Adds `(margin, right)` for each entity `model` finds in `doc`.
    fn score_points(
        &self,
        model: &Model,
        doc: &Document,
        range: Range<usize>,
        points: &mut Vec<(f32, bool)>,
    ) {
        let (tags, margins) = pipeline::tag(model, doc);
        let gold: Vec<Tag> = self.sentences[range]
            .iter()
            .flat_map(|p| p.tags.iter().copied())
            .collect();
        let gold_runs: HashSet<(Label, Range<usize>)> = runs(&gold).collect();
        for (label, run) in runs(&tags) {
            let margin = margins[run.clone()]
                .iter()
                .fold(f32::INFINITY, |a, &m| a.min(m));
            points.push((margin, gold_runs.contains(&(label, run))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::conll::read_conll;
    use crate::training::eval::tags_from_entities;

    #[test]
    fn dropout_hides_its_share_of_rows_the_same_way_each_time() {
        let hidden = |d: Dropout, step: u64| (0..10_000).filter(|&r| !d.keeps(step, r)).count();
        assert_eq!(hidden(Dropout::new(0, 1), 7), 0);
        let d = Dropout::new(30, 1);
        for step in [0, 1, 1000] {
            let n = hidden(d, step);
            assert!(
                (2_700..3_300).contains(&n),
                "step {step}: {n} of 10,000 hidden"
            );
        }
        // The same step hides the same rows; another step or seed, others.
        let rows = |d: Dropout, step| (0..64).map(|r| d.keeps(step, r)).collect::<Vec<_>>();
        assert_eq!(rows(d, 5), rows(Dropout::new(30, 1), 5));
        assert_ne!(rows(d, 5), rows(d, 6));
        assert_ne!(rows(d, 5), rows(Dropout::new(30, 2), 5));
        // Above 99 % is read as 99 %: some rows are always seen.
        assert!(hidden(Dropout::new(255, 1), 3) < 10_000);
    }

    #[test]
    fn projected_tags_follow_the_runtime_words() {
        let s = &read_conll("قال\tO\n(محمد\tB-PER\nبن-علي\tI-PER\n)\tO\n").unwrap()[0];
        let tags = prepare(s).tags;
        let per_b = Tag::begin(Label::Per);
        let per_i = Tag::inside(Label::Per);
        // Words: قال محمد بن علي
        assert_eq!(tags, [Tag::O, per_b, per_i, per_i]);
    }

    #[test]
    fn projected_tags_survive_the_way_back_to_corpus_tokens() {
        let data = "وقال\tO\nالرئيس\tO\nوالسيد\tO\nعبد\tB-PER\nالله\tI-PER\nبالرباط\tB-LOC\n\
                    و\tO\nللأمم\tB-ORG\nالمتحدة\tI-ORG\n«\tO\nكأس\tB-MISC\nالعالم\tI-MISC\n»\tO\n";
        let s = &read_conll(data).unwrap()[0];
        let r = Recognizer::with_decoded_model(Model::from_map(
            &HashMap::new(),
            [[0.0; TAGS]; TAGS],
            [0.0; TAGS],
            Lexicon::default(),
        ));
        let (text, spans) = s.text();
        let tags = prepare(s).tags;
        let back = tags_from_entities(&spans, &r.entities_of_tags(&text, &tags));
        assert_eq!(back, s.tags);
    }

    #[test]
    fn training_reads_a_paragraph_as_the_recognizer_does() {
        use crate::model::pipeline::tests::{all_keys, runtime_document};
        let sentences = [
            "قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن فرنسا ستدعم الأمم المتحدة ، \
             ومنظمة الصحة العالمية 2026 .",
            "وأكد ماكرون أن الاتحاد الأوروبي ( EU ) سيجتمع في بروكسل !",
            "ثم غادر إلى الرباط ؟",
            "نعم",
        ];
        let conll: String = sentences
            .iter()
            .map(|s| {
                s.split(' ')
                    .map(|t| format!("{t}\tO\n"))
                    .collect::<String>()
                    + "\n"
            })
            .collect();
        let prepared: Vec<Prepared> = read_conll(&conll).unwrap().iter().map(prepare).collect();
        let gaz = shipped();
        let recognizer = Recognizer::new();
        let lexicon = recognizer.model_lexicon();
        let lists = Lists {
            gazetteer: gaz,
            lexicon,
        };
        let training = Document::of_sentences(prepared.iter().map(Prepared::text), lists);
        let text = sentences.join("\n");
        let runtime = runtime_document(&text, gaz, lexicon);
        let (train_keys, run_keys) = (all_keys(&training), all_keys(&runtime));
        assert_eq!(train_keys.len(), sentences.len());
        assert_eq!(train_keys, run_keys);
    }
}
