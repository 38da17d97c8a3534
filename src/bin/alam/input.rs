//! Reading the one input a subcommand takes: a file, or standard input.

use crate::Failure;
use alam::Recognizer;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};

/// Reads `path` (standard input for `None` or `-`) as UTF-8 text.
///
/// Invalid UTF-8 fails with the byte offset of the first bad byte.
pub fn read_text(path: Option<&str>) -> Result<String, Failure> {
    let (name, bytes) = match path {
        None | Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::Message(format!("cannot read standard input: {e}")))?;
            ("standard input", bytes)
        }
        Some(p) => (
            p,
            std::fs::read(p).map_err(|e| Failure::Message(format!("cannot read `{p}`: {e}")))?,
        ),
    };
    String::from_utf8(bytes).map_err(|e| {
        Failure::Message(format!(
            "{name} is not valid UTF-8 (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Splits `args` into flags (starting with `--`) and at most one input path.
pub fn split_args(args: &[String]) -> Result<(Vec<&str>, Option<&str>), Failure> {
    let mut flags = Vec::new();
    let mut path = None;
    for a in args {
        if a.starts_with("--") {
            flags.push(a.as_str());
        } else if path.replace(a.as_str()).is_some() {
            return Err(Failure::Message(format!(
                "more than one input given (`{a}`)"
            )));
        }
    }
    Ok((flags, path))
}

/// The recognizer for `--model FILE`, or the embedded model without it.
pub fn recognizer(model: Option<&str>) -> Result<Recognizer, Failure> {
    let Some(m) = model else {
        return Ok(Recognizer::new());
    };
    let bytes =
        std::fs::read(m).map_err(|e| Failure::Message(format!("cannot read `{m}`: {e}")))?;
    Recognizer::with_model(&bytes).map_err(|e| Failure::Message(format!("`{m}`: {e}")))
}

/// Opens `path` (standard input for `None` or `-`) for reading a piece at a
/// time; also returns how messages name it.
pub fn open(path: Option<&str>) -> Result<(Box<dyn BufRead + Send>, String), Failure> {
    match path {
        None | Some("-") => Ok((
            Box::new(BufReader::new(std::io::stdin())),
            "standard input".into(),
        )),
        Some(p) => {
            let file =
                File::open(p).map_err(|e| Failure::Message(format!("cannot read `{p}`: {e}")))?;
            Ok((Box::new(BufReader::new(file)), format!("`{p}`")))
        }
    }
}

/// Takes `FLAG VALUE` out of `args`: the value (the last one if the flag is
/// repeated) and the other arguments.
pub fn take_value(args: &[String], flag: &str) -> Result<(Option<String>, Vec<String>), Failure> {
    let mut value = None;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == flag {
            let v = it
                .next()
                .ok_or_else(|| Failure::Message(format!("{flag} needs a value")))?;
            value = Some(v.clone());
        } else {
            rest.push(a.clone());
        }
    }
    Ok((value, rest))
}
