//! `alam clusters`: learns Brown word clusters from unlabeled text.

use crate::input::read_text;
use crate::Failure;
use alam::training::{learn, read_conll, BrownOptions, Corpus};

const USAGE: &str = "\
usage: alam clusters [--clusters C] [--min-count N] [--out FILE] [--summary FILE]
                     TEXT... [--conll CONLL...]

Learns Brown clusters (Liang's algorithm with a window of C clusters, default
256) from the words of the text files TEXT... (each line a sequence) and of the
token column of the CoNLL files after --conll (each sentence a sequence), and
writes the cluster table (default data/clusters.bin) that alam embeds. Words are
normalized and split as the recognizer does; their clitic forms are pooled
(والمغرب, بالمغرب → المغرب). Words seen fewer than N times (default 5) are left
out. --summary FILE also writes one line per cluster: its number, path, size
and most frequent words. Deterministic: the same files and options give the
same bytes.";

/// Runs `alam clusters ARGS`.
pub fn run(args: &[String]) -> Result<(), Failure> {
    let mut options = BrownOptions::default();
    let mut out = "data/clusters.bin".to_string();
    let mut summary = None;
    let (mut texts, mut conll) = (Vec::new(), Vec::new());
    let mut in_conll = false;
    let mut it = args.iter();
    let number = |v: Option<&String>, flag: &str| -> Result<usize, Failure> {
        v.and_then(|s| s.parse().ok())
            .filter(|&n: &usize| n > 0)
            .ok_or_else(|| Failure::Message(format!("{flag} needs a number above 0")))
    };
    let file = |v: Option<&String>, flag: &str| -> Result<String, Failure> {
        v.cloned()
            .ok_or_else(|| Failure::Message(format!("{flag} needs a file")))
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--help" => return crate::output::print(&format!("{USAGE}\n")),
            "--clusters" => {
                options.clusters = number(it.next(), "--clusters")?;
                if options.clusters > 4096 {
                    return Err(Failure::Message("--clusters must be at most 4096".into()));
                }
            }
            "--min-count" => {
                options.min_count = number(it.next(), "--min-count")?.min(u32::MAX as usize) as u32
            }
            "--out" => out = file(it.next(), "--out")?,
            "--summary" => summary = Some(file(it.next(), "--summary")?),
            "--conll" => in_conll = true,
            f if f.starts_with("--") => {
                return Err(Failure::Message(format!(
                    "unknown option `{f}`; try `alam clusters --help`"
                )))
            }
            path if in_conll => conll.push(path.to_string()),
            path => texts.push(path.to_string()),
        }
    }
    if texts.is_empty() && conll.is_empty() {
        return Err(Failure::Message(
            "no input file given; try `alam clusters --help`".into(),
        ));
    }
    let mut corpus = Corpus::new();
    for p in &texts {
        corpus.add_text(&read_text(Some(p))?);
    }
    for p in &conll {
        let sentences =
            read_conll(&read_text(Some(p))?).map_err(|e| Failure::Message(format!("{p}: {e}")))?;
        for s in &sentences {
            corpus.add_sequence(&s.text().0);
        }
    }
    eprintln!(
        "{} tokens, {} distinct words; learning {} clusters",
        corpus.tokens(),
        corpus.types(),
        options.clusters
    );
    let clustering = learn(&corpus, &options);
    if clustering.clusters() == 0 {
        return Err(Failure::Message(format!(
            "no word is seen {} times or more: nothing to cluster",
            options.min_count
        )));
    }
    let (bytes, dropped) = clustering.to_bytes();
    std::fs::write(&out, &bytes)
        .map_err(|e| Failure::Message(format!("cannot write `{out}`: {e}")))?;
    eprintln!(
        "wrote {out} ({} bytes): {} words in {} clusters{}",
        bytes.len(),
        clustering.words().count() - dropped,
        clustering.clusters(),
        match dropped {
            0 => String::new(),
            n => format!(" ({n} rarer words dropped: their keys collided)"),
        }
    );
    if let Some(s) = summary {
        std::fs::write(&s, clustering.summary(12))
            .map_err(|e| Failure::Message(format!("cannot write `{s}`: {e}")))?;
    }
    Ok(())
}
