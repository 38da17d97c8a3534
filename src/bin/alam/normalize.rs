//! `alam normalize`: print the normalized text.

use crate::batch;
use crate::input::{open, split_args, take_value};
use crate::jsonl::{self, Field, Format};
use crate::output::Output;
use crate::Failure;
use alam::{Fold, Normalizer, Options};

fn usage() -> String {
    let mut s = String::from(
        "usage: alam normalize [--no-FOLD ...] [--punctuation] [--jsonl [--lines] [--jobs N]] [FILE|-]\n\n\
         Prints FILE (default: standard input) with Arabic folds applied, a line at\n\
         a time (invalid UTF-8 stops it with the offset of the bad byte).\n\
         With --jsonl, each input line is a JSON object {\"text\": ...}, written back\n\
         with \"normalized\": \"...\" added (see alam entities --help; --lines and\n\
         --jobs N as there).\n\
         Every fold is on by default except punctuation:\n",
    );
    for fold in Fold::ALL {
        let switch = if fold == Fold::Punctuation {
            format!("--{}", fold.cli_name())
        } else {
            format!("--no-{}", fold.cli_name())
        };
        s.push_str(&format!("  {switch:<24}{}\n", describe(fold)));
    }
    s
}

fn describe(fold: Fold) -> &'static str {
    match fold {
        Fold::Diacritics => "keep harakat, tanween, shadda, sukun, Quranic marks",
        Fold::Tatweel => "keep tatweel (ـ)",
        Fold::Alef => "keep أ إ آ ٱ (default: → ا)",
        Fold::Yeh => "keep ى and ی (default: → ي)",
        Fold::TehMarbuta => "keep ة (default: → ه)",
        Fold::Persian => "keep Persian/Urdu letters ک ڪ ہ ۀ ھ ە ۃ ے",
        Fold::PresentationForms => "keep presentation forms (default: ﻻ → لا)",
        Fold::Digits => "keep Arabic-Indic digits, ٫ and ٬",
        Fold::Invisibles => "keep ZWJ/ZWNJ, bidi marks and controls, BOM, soft hyphen",
        Fold::Punctuation => "also fold ، ؛ ؟ « » to , ; ? \" \"",
    }
}

/// Parses the fold switches of `alam normalize` (and of other commands that
/// normalize), returning the options.
pub fn parse_folds(flags: &[&str]) -> Result<Options, Failure> {
    let mut options = Options::default();
    for flag in flags {
        let name = &flag[2..];
        let (fold, on) = match name.strip_prefix("no-") {
            Some(n) => (Fold::from_cli_name(n), false),
            None => (Fold::from_cli_name(name), true),
        };
        match fold {
            Some(f) => options.set(f, on),
            None => {
                return Err(Failure::Message(format!(
                    "unknown option `{flag}`; try `alam normalize --help`"
                )))
            }
        }
    }
    Ok(options)
}

/// Runs `alam normalize ARGS`.
pub fn run(args: &[String]) -> Result<(), Failure> {
    let (jobs, args) = take_value(args, "--jobs")?;
    let (flags, path) = split_args(&args)?;
    if flags.contains(&"--help") {
        return crate::output::print(&usage());
    }
    let jsonl = flags.contains(&"--jsonl");
    let lines = flags.contains(&"--lines");
    let folds: Vec<&str> = flags
        .iter()
        .copied()
        .filter(|f| !matches!(*f, "--jsonl" | "--lines"))
        .collect();
    let options = parse_folds(&folds)?;
    if (lines || jobs.is_some()) && !jsonl {
        return Err(Failure::Message(
            "--lines and --jobs go with --jsonl (one document a line)".into(),
        ));
    }
    let normalizer = Normalizer::new(&options);
    if jsonl {
        let jobs = batch::jobs(jobs.as_deref())?;
        let format = if lines { Format::Text } else { Format::Objects };
        let (input, name) = open(path)?;
        let annotate = |text: &str, out: &mut Vec<u8>| {
            serde_json::to_writer(out, normalizer.normalize(text).as_ref())
        };
        return jsonl::run(input, name, format, Field::Normalized, jobs, &annotate);
    }
    stream(path, &normalizer)
}

/// Normalizes the input line by line (every fold maps one character at a
/// time, so this is the whole text's normalization) and writes each line as it
/// goes: memory depends on the longest line. Invalid UTF-8 stops the run with
/// the offset of the bad byte, after the lines before it.
fn stream(path: Option<&str>, normalizer: &Normalizer) -> Result<(), Failure> {
    let mut out = Output::open()?;
    let (mut input, name) = open(path)?;
    let mut line = Vec::new();
    let mut offset = 0;
    loop {
        line.clear();
        let n = crate::batch::read_line(&mut input, &name, &mut line)?;
        if n == 0 {
            return out.finish();
        }
        let text = std::str::from_utf8(&line).map_err(|e| {
            Failure::Message(format!(
                "{name} is not valid UTF-8 (bad byte at offset {})",
                offset + e.valid_up_to()
            ))
        })?;
        out.write(normalizer.normalize(text).as_bytes())?;
        offset += n;
    }
}
