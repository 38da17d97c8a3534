//! `alam eval`: entity-level scores of the recognizer on CoNLL data.

use crate::input::{read_text, recognizer, split_args};
use crate::Failure;
use alam::training::{evaluate, read_conll, score_predicted, Counts, Scores};
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

const USAGE: &str = "\
usage: alam eval [--json] [--window N] [--model FILE] [FILE|-]

Runs the recognizer on two-column CoNLL data (token<TAB>tag, a blank line
between sentences; tags O, B-X, I-X with X in PER LOC ORG MISC) and prints
exact-span entity-level precision, recall and F1, micro-averaged and per label,
counted as conlleval counts. With a third column (token<TAB>gold<TAB>predicted
on every line) it scores that column instead of running the recognizer. --json prints
{\"micro\":{\"p\",\"r\",\"f1\"},\"labels\":{\"PER\":{...},...}}.
--window N reads N sentences at a time (joined by newlines) so that names
can be recognized from their other mentions, as in a page; the default 1
reads each sentence alone, as published scores do.
--model uses a model file instead of the embedded model.";

/// Runs `alam eval ARGS`.
pub fn run(args: &[String]) -> Result<(), Failure> {
    let mut json = false;
    let mut model = None;
    let mut window = 1;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--help" => {
                return crate::output::print(&format!("{USAGE}\n"));
            }
            "--json" => json = true,
            "--window" => {
                window = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n: &usize| n > 0)
                    .ok_or_else(|| Failure::Message("--window needs a positive number".into()))?
            }
            "--model" => {
                model = Some(
                    it.next()
                        .ok_or_else(|| Failure::Message("--model needs a file".into()))?,
                )
            }
            _ => rest.push(a.clone()),
        }
    }
    let (flags, path) = split_args(&rest)?;
    if let Some(f) = flags.first() {
        return Err(Failure::Message(format!(
            "unknown option `{f}`; try `alam eval --help`"
        )));
    }
    let text = read_text(path)?;
    let sentences = read_conll(&text)?;
    if sentences.is_empty() {
        let name = path.filter(|&p| p != "-").unwrap_or("standard input");
        return Err(Failure::Message(format!(
            "no sentence in {name}: nothing to evaluate"
        )));
    }
    // A third column holds predictions to score; otherwise the recognizer runs.
    let given = sentences.first().is_some_and(|s| !s.predicted.is_empty());
    let scores = if given {
        score_predicted(&sentences)
    } else {
        evaluate(&recognizer(model.map(String::as_str))?, &sentences, window)
    };
    let mut out = String::new();
    if json {
        out = json_report(&scores)? + "\n";
    } else {
        let line = |name: &str, c: &alam::training::Counts| {
            let (p, r, f) = c.prf();
            format!(
                "{name:<6} P {p:6.2}  R {r:6.2}  F1 {f:6.2}  (gold {}, predicted {}, correct {})\n",
                c.gold, c.predicted, c.correct
            )
        };
        out.push_str(&line("micro", &scores.micro));
        for (label, c) in &scores.labels {
            out.push_str(&line(label.as_str(), c));
        }
    }
    crate::output::print(&out)
}

/// Precision, recall and F1 of some counts, as `{"p","r","f1"}`.
struct Prf<'a>(&'a Counts);

impl Serialize for Prf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, r, f1) = self.0.prf();
        let mut o = s.serialize_struct("Prf", 3)?;
        o.serialize_field("p", &p)?;
        o.serialize_field("r", &r)?;
        o.serialize_field("f1", &f1)?;
        o.end()
    }
}

/// The labels' scores as a JSON object, in label order (PER, LOC, ORG, MISC).
struct Labels<'a>(&'a Scores);

impl Serialize for Labels<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.labels.len()))?;
        for (label, counts) in &self.0.labels {
            m.serialize_entry(label.as_str(), &Prf(counts))?;
        }
        m.end()
    }
}

/// Compact JSON with every float written with two decimals (`40.00`).
struct Percent;

impl serde_json::ser::Formatter for Percent {
    fn write_f64<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        value: f64,
    ) -> std::io::Result<()> {
        write!(w, "{value:.2}")
    }
}

/// `{"micro":{"p","r","f1"},"labels":{"PER":{...},...}}`, percentages with
/// two decimals.
fn json_report(scores: &Scores) -> Result<String, Failure> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Percent);
    let mut o = ser.serialize_struct("Report", 2)?;
    o.serialize_field("micro", &Prf(&scores.micro))?;
    o.serialize_field("labels", &Labels(scores))?;
    SerializeStruct::end(o)?;
    Ok(String::from_utf8(out)?)
}
