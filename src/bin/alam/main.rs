//! `alam`: the command-line face of the alam crate.
//!
//! Subcommands read a file (or standard input) and write to standard output. Bad
//! input gets one sentence on standard error and exit status 2.

mod entities;
mod eval;
mod input;
mod normalize;
mod train;

use std::process::ExitCode;

const USAGE: &str = "\
usage: alam <command> [options] [FILE|-]

commands:
  normalize   print the text with Arabic folds applied (alam normalize --help)
  entities    print the named entities of the text (alam entities --help)
  eval        score the recognizer on CoNLL data (alam eval --help)
  train       train the entity model on CoNLL data (alam train --help)

FILE defaults to standard input; `-` names it explicitly.";

/// A failure that ends the program with a message and exit status 2.
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("normalize") => normalize::run(&args[1..]),
        Some("entities") => entities::run(&args[1..]),
        Some("eval") => eval::run(&args[1..]),
        Some("train") => train::run(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(Failure(format!(
            "unknown command `{other}`; try `alam --help`"
        ))),
        None => Err(Failure(USAGE.to_string())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("alam: {message}");
            ExitCode::from(2)
        }
    }
}
