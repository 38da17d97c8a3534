//! `alam train`: learns the entity model from CoNLL data.

use crate::input::read_text;
use crate::Failure;
use alam::training::{read_conll, train, Domain, Sentence, TrainOptions};

const USAGE: &str = "\
usage: alam train [--epochs N] [--min-count N] [--prune Q] [--dropout P] [--runs N]
                  [--seed N] [--dev FILE] [--window N] [--out FILE]
                  [--encyclopedia FILE]... TRAIN...

Trains the entity model (averaged perceptron) on the CoNLL files TRAIN... and
writes the model file (default data/model.bin). With --dev, the model of every
epoch is scored on FILE (N sentences at a time, default 1; see alam eval)
and the best epoch is written. --prune Q leaves out feature rows whose
largest weight is at most Q quantization steps (default 8). --dropout P hides
P percent of the feature occurrences from each training step (default 30, at
most 99). --runs N trains N perceptrons, with the seeds S, S+2, S+4, ..., and
averages their weights (default 3). Deterministic: the same data and options
give the same file; --seed S picks other sentence orders and dropouts.
--encyclopedia FILE adds the sentences of FILE as encyclopedia text (not
news): the model learns their names, and a feature of their own takes up
what is peculiar to that kind of text.";

fn load(path: &str) -> Result<Vec<Sentence>, Failure> {
    read_conll(&read_text(Some(path))?).map_err(|e| Failure::Message(format!("{path}: {e}")))
}

/// Runs `alam train ARGS`.
pub fn run(args: &[String]) -> Result<(), Failure> {
    let mut options = TrainOptions::default();
    let mut dev = None;
    let mut out = "data/model.bin".to_string();
    let mut inputs = Vec::new();
    let mut encyclopedia = Vec::new();
    let mut it = args.iter();
    let number = |v: Option<&String>, flag: &str| -> Result<usize, Failure> {
        v.and_then(|s| s.parse().ok())
            .ok_or_else(|| Failure::Message(format!("{flag} needs a number")))
    };
    // A number that `ok` accepts, else "FLAG must be RULE".
    let bounded = |v: Option<&String>, flag: &str, ok: fn(usize) -> bool, rule: &str| {
        let n = number(v, flag)?;
        if ok(n) {
            Ok(n)
        } else {
            Err(Failure::Message(format!("{flag} must be {rule}")))
        }
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--help" => {
                return crate::output::print(&format!("{USAGE}\n"));
            }
            "--epochs" => options.epochs = number(it.next(), "--epochs")?,
            "--window" => options.window = number(it.next(), "--window")?,
            "--min-count" => options.min_count = number(it.next(), "--min-count")? as u32,
            "--seed" => options.seed = number(it.next(), "--seed")? as u64,
            "--runs" => options.runs = bounded(it.next(), "--runs", |n| n > 0, "at least 1")?,
            "--dropout" => {
                options.dropout = bounded(it.next(), "--dropout", |n| n < 100, "below 100")? as u8
            }
            "--prune" => {
                options.prune = bounded(it.next(), "--prune", |n| n <= 255, "at most 255")? as u8
            }
            "--dev" => {
                dev = Some(
                    it.next()
                        .ok_or_else(|| Failure::Message("--dev needs a file".into()))?,
                )
            }
            "--encyclopedia" => encyclopedia.push(
                it.next()
                    .ok_or_else(|| Failure::Message("--encyclopedia needs a file".into()))?
                    .clone(),
            ),
            "--out" => {
                out = it
                    .next()
                    .ok_or_else(|| Failure::Message("--out needs a file".into()))?
                    .clone()
            }
            f if f.starts_with("--") => {
                return Err(Failure::Message(format!(
                    "unknown option `{f}`; try `alam train --help`"
                )))
            }
            path => inputs.push(path.to_string()),
        }
    }
    if inputs.is_empty() {
        return Err(Failure::Message(
            "no training file given; try `alam train --help`".into(),
        ));
    }
    if options.epochs == 0 {
        return Err(Failure::Message(
            "--epochs 0: nothing to train; give at least 1".into(),
        ));
    }
    let mut sentences = Vec::new();
    for p in &inputs {
        sentences.extend(load(p)?);
    }
    for p in &encyclopedia {
        sentences.extend(load(p)?.into_iter().map(|s| Sentence {
            domain: Domain::Encyclopedia,
            ..s
        }));
    }
    if sentences.is_empty() {
        return Err(Failure::Message(
            "no sentence in the training files: nothing to train".into(),
        ));
    }
    let dev = dev.map(|d| load(d)).transpose()?;
    eprintln!(
        "training on {} sentences, {} epochs",
        sentences.len(),
        options.epochs
    );
    let bytes = train(
        &sentences,
        dev.as_deref(),
        &options,
        |epoch, scores| match scores {
            Some(s) => {
                let (p, r, f) = s.micro.prf();
                eprintln!("epoch {epoch}: dev P {p:.2} R {r:.2} F1 {f:.2}");
            }
            None => eprintln!("epoch {epoch} done"),
        },
    )?;
    std::fs::write(&out, &bytes)
        .map_err(|e| Failure::Message(format!("cannot write `{out}`: {e}")))?;
    eprintln!("wrote {out} ({} bytes)", bytes.len());
    Ok(())
}
