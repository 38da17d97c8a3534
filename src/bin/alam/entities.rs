//! `alam entities`: the named entities of a text.

use crate::input::{read_text, recognizer, split_args};
use crate::output::Output;
use crate::Failure;
use alam::{Entity, Label};
use std::io::IsTerminal;

const USAGE: &str = "\
usage: alam entities [--json] [--model FILE] [FILE|-]

Prints the named entities of FILE (default: standard input).
  --json   a JSON array of {\"start\",\"end\",\"label\",\"text\",\"key\",\"score\"}
           (offsets in UTF-16 code units of the input, end exclusive)
  --model  use this model file instead of the embedded model
Without --json: the text with entities coloured on a terminal, otherwise one
entity per line: LABEL<TAB>START-END<TAB>TEXT<TAB>KEY<TAB>SCORE.";

/// A JSON string literal.
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn to_json(entities: &[Entity]) -> String {
    let items: Vec<String> = entities
        .iter()
        .map(|e| {
            format!(
                "{{\"start\":{},\"end\":{},\"label\":\"{}\",\"text\":{},\"key\":{},\"score\":{:.3}}}",
                e.start,
                e.end,
                e.label,
                json_str(&e.text),
                json_str(&e.key),
                e.score
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

fn colour(label: Label) -> &'static str {
    match label {
        Label::Per => "\x1b[1;34m",
        Label::Loc => "\x1b[1;32m",
        Label::Org => "\x1b[1;35m",
        Label::Misc => "\x1b[1;33m",
    }
}

/// The text with each entity wrapped in its label's colour.
fn coloured(text: &str, entities: &[Entity]) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let slice = |a: u32, b: u32| String::from_utf16_lossy(&units[a as usize..b as usize]);
    let mut out = String::new();
    let mut at = 0;
    for e in entities {
        out.push_str(&slice(at, e.start));
        out.push_str(colour(e.label));
        out.push_str(&slice(e.start, e.end));
        out.push_str(&format!("\x1b[0m\x1b[2m[{}]\x1b[0m", e.label));
        at = e.end;
    }
    out.push_str(&slice(at, units.len() as u32));
    out
}

/// Runs `alam entities ARGS`.
pub fn run(args: &[String]) -> Result<(), Failure> {
    // `--model FILE` takes a value; the other arguments are flags and the input.
    let mut model = None;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--model" {
            model = Some(
                it.next()
                    .ok_or_else(|| Failure::Message("--model needs a file".into()))?,
            );
        } else {
            rest.push(a.clone());
        }
    }
    let (flags, path) = split_args(&rest)?;
    let mut json = false;
    for f in flags {
        match f {
            "--help" => {
                return crate::output::print(&format!("{USAGE}\n"));
            }
            "--json" => json = true,
            other => {
                return Err(Failure::Message(format!(
                    "unknown option `{other}`; try `alam entities --help`"
                )))
            }
        }
    }
    let text = read_text(path)?;
    let recognizer = recognizer(model.map(String::as_str))?;
    let entities = recognizer.entities(&text);
    let mut out = Output::open()?;
    if json {
        out.write(format!("{}\n", to_json(&entities)).as_bytes())?;
    } else if std::io::stdout().is_terminal() {
        out.write(coloured(&text, &entities).as_bytes())?;
    } else {
        for e in &entities {
            let line = format!(
                "{}\t{}-{}\t{}\t{}\t{:.3}\n",
                e.label, e.start, e.end, e.text, e.key, e.score
            );
            out.write(line.as_bytes())?;
        }
    }
    out.finish()
}
