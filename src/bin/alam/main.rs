//! `alam`: the command-line face of the alam crate.
//!
//! Subcommands read a file (or standard input) and write to standard output. Bad
//! input gets one sentence on standard error and exit status 2; a batch run in
//! which some lines failed exits with status 1 after writing every line.

mod batch;
mod clusters;
mod entities;
mod eval;
mod input;
mod jsonl;
mod lists;
mod normalize;
mod output;
mod paragraphs;
mod train;

use std::process::ExitCode;

const USAGE: &str = "\
usage: alam <command> [options] [FILE|-]

commands:
  normalize   print the text with Arabic folds applied (alam normalize --help)
  entities    print the named entities of the text (alam entities --help)
  eval        score the recognizer on CoNLL data (alam eval --help)
  train       train the entity model on CoNLL data (alam train --help)
  clusters    learn Brown word clusters from unlabeled text (alam clusters --help)
  lists       merge the shipped name lists into data/lists.txt (alam lists --help)

FILE defaults to standard input; `-` names it explicitly.";

/// Why a command stopped before finishing normally.
pub enum Failure {
    /// Bad input, a bad argument or a failed read or write: the message goes
    /// to standard error and the exit status is 2.
    Message(String),
    /// The reader of standard output went away (EPIPE, as in `alam ... | head`):
    /// nothing more can be delivered, so the command stops quietly with status 0,
    /// as Unix tools do.
    ReaderGone,
    /// A JSON Lines run wrote every line but `failed` of its `total` lines are
    /// error lines: status 1.
    Documents {
        /// Input lines whose output line carries an `"error"` field.
        failed: u64,
        /// Input lines read.
        total: u64,
    },
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Message(e.to_string())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("normalize") => normalize::run(&args[1..]),
        Some("entities") => entities::run(&args[1..]),
        Some("eval") => eval::run(&args[1..]),
        Some("train") => train::run(&args[1..]),
        Some("clusters") => clusters::run(&args[1..]),
        Some("lists") => lists::run(&args[1..]),
        Some("-h" | "--help") => output::print(&format!("{USAGE}\n")),
        Some(other) => Err(Failure::Message(format!(
            "unknown command `{other}`; try `alam --help`"
        ))),
        None => Err(Failure::Message(USAGE.to_string())),
    };
    match result {
        Ok(()) | Err(Failure::ReaderGone) => ExitCode::SUCCESS,
        Err(Failure::Message(message)) => {
            eprintln!("alam: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Documents { failed, total }) => {
            eprintln!(
                "alam: {failed} of {total} lines failed (their output lines have an \"error\" field)"
            );
            ExitCode::from(1)
        }
    }
}
