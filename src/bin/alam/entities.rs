//! `alam entities`: the named entities of a text.

use crate::batch;
use crate::input::{open, read_text, recognizer, split_args, take_value};
use crate::jsonl::{self, Field, Format};
use crate::output::Output;
use crate::paragraphs::Paragraphs;
use crate::Failure;
use alam::{Entity, Label, Recognizer};
use serde::Serialize;
use std::borrow::Cow;
use std::io::{IsTerminal, Write};

const USAGE: &str = "\
usage: alam entities [--json] [--paragraphs] [--jobs N] [--model FILE] [FILE|-]
       alam entities --jsonl [--lines] [--jobs N] [--model FILE] [FILE|-]

Prints the named entities of FILE (default: standard input).
  --json    a JSON array of {\"start\",\"end\",\"label\",\"text\",\"key\",\"score\"}
            (offsets in UTF-16 code units of the input, end exclusive)
  --paragraphs  documents separated by blank lines, each read alone (a name
            is not recognized from its mentions in another document); offsets
            are still those of the whole input, and output is streamed, so
            memory depends on the longest document. Without it the input is
            one document, held in memory with the recognizer's working data
            (about 30 times its size).
  --jsonl   JSON Lines, one document a line: each input line is an object
            {\"text\": ..., ...}; each output line is that object, its other
            fields byte for byte, plus \"entities\": [...] as with --json
            (offsets in its text). A line that cannot be read gives
            {\"line\":N,\"id\":...,\"error\":\"...\"} and the run goes on, ending
            with status 1. Output order is input order; memory depends on
            the longest line, not on the input's size.
  --lines   with --jsonl: each input line is raw text, written back as
            {\"line\":N,\"text\":...,\"entities\":[...]}
  --jobs N  with --jsonl or --paragraphs: N documents at a time (default:
            every core); the output is the same for any N
  --model   use this model file instead of the embedded model
Without --json or --jsonl: the text with entities coloured on a terminal,
otherwise one entity per line: LABEL<TAB>START-END<TAB>TEXT<TAB>KEY<TAB>SCORE,
with a backslash, TAB, LF or CR inside TEXT or KEY written as \\\\, \\t, \\n, \\r.";

/// An entity as the CLI writes it in JSON, its offsets moved by the UTF-16
/// length of the input before its document.
#[derive(Serialize)]
struct JsonEntity<'a> {
    start: u64,
    end: u64,
    label: Label,
    text: &'a str,
    key: &'a str,
    score: f32,
}

/// Compact JSON with scores written with three decimals (`0.549`, `1.000`),
/// as the CLI always has; every other number is written as serde_json does.
struct ScoreFormatter;

impl serde_json::ser::Formatter for ScoreFormatter {
    fn write_f32<W: ?Sized + Write>(&mut self, w: &mut W, value: f32) -> std::io::Result<()> {
        write!(w, "{value:.3}")
    }
}

/// Appends `entities` to `out` as JSON objects separated by commas (no
/// brackets), offsets moved by `base`.
fn json_items(out: &mut Vec<u8>, entities: &[Entity], base: u64) -> serde_json::Result<()> {
    for (k, e) in entities.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        let item = JsonEntity {
            start: base + u64::from(e.start),
            end: base + u64::from(e.end),
            label: e.label,
            text: &e.text,
            key: &e.key,
            score: e.score,
        };
        item.serialize(&mut serde_json::Serializer::with_formatter(
            &mut *out,
            ScoreFormatter,
        ))?;
    }
    Ok(())
}

/// A TSV field: backslash, TAB, LF and CR written as `\\`, `\t`, `\n`, `\r`,
/// so that a name spanning a TAB cannot add a column.
fn tsv_field(s: &str) -> Cow<'_, str> {
    if !s.contains(['\\', '\t', '\n', '\r']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Appends one TSV line per entity to `out`, offsets moved by `base`.
fn tsv_lines(out: &mut Vec<u8>, entities: &[Entity], base: u64) {
    for e in entities {
        let line = format!(
            "{}\t{}-{}\t{}\t{}\t{:.3}\n",
            e.label,
            base + u64::from(e.start),
            base + u64::from(e.end),
            tsv_field(&e.text),
            tsv_field(&e.key),
            e.score
        );
        out.extend_from_slice(line.as_bytes());
    }
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

/// How the entities of plain text are written.
#[derive(Clone, Copy)]
enum Style {
    /// One JSON array (`--json`).
    Json,
    /// The text, coloured (standard output is a terminal).
    Colour,
    /// One TSV line per entity.
    Tsv,
}

/// Appends what `style` writes for the entities of `text`, a document starting
/// `base` UTF-16 units into the input (for JSON, the array's items only).
fn render(
    out: &mut Vec<u8>,
    style: Style,
    text: &str,
    entities: &[Entity],
    base: u64,
) -> serde_json::Result<()> {
    match style {
        Style::Json => json_items(out, entities, base)?,
        Style::Colour => out.extend_from_slice(coloured(text, entities).as_bytes()),
        Style::Tsv => tsv_lines(out, entities, base),
    }
    Ok(())
}

/// How `alam entities` reads its input and writes the entities.
struct Settings {
    json: bool,
    jsonl: Option<Format>,
    paragraphs: bool,
    jobs: usize,
}

/// Parses the arguments other than `--model`; `Ok(None)` after printing help.
fn settings(flags: &[&str], jobs: Option<String>) -> Result<Option<Settings>, Failure> {
    let (mut json, mut jsonl, mut lines, mut paragraphs) = (false, false, false, false);
    for &f in flags {
        match f {
            "--help" => {
                crate::output::print(&format!("{USAGE}\n"))?;
                return Ok(None);
            }
            "--json" => json = true,
            "--jsonl" => jsonl = true,
            "--lines" => lines = true,
            "--paragraphs" => paragraphs = true,
            other => {
                return Err(Failure::Message(format!(
                    "unknown option `{other}`; try `alam entities --help`"
                )))
            }
        }
    }
    let refuse = |message: &str| Err(Failure::Message(message.into()));
    if json && jsonl {
        return refuse("--json and --jsonl are two output formats: choose one");
    }
    if lines && !jsonl {
        return refuse("--lines goes with --jsonl (each input line is a document)");
    }
    if paragraphs && jsonl {
        return refuse("--paragraphs is for plain text; with --jsonl each line is a document");
    }
    if jobs.is_some() && !jsonl && !paragraphs {
        return refuse("--jobs goes with --jsonl or --paragraphs (documents run in parallel)");
    }
    let jobs = batch::jobs(jobs.as_deref())?;
    let format = if lines { Format::Text } else { Format::Objects };
    Ok(Some(Settings {
        json,
        jsonl: jsonl.then_some(format),
        paragraphs,
        jobs,
    }))
}

/// Runs `alam entities ARGS`.
pub fn run(args: &[String]) -> Result<(), Failure> {
    let (model, args) = take_value(args, "--model")?;
    let (jobs, args) = take_value(&args, "--jobs")?;
    let (flags, path) = split_args(&args)?;
    let Some(settings) = settings(&flags, jobs)? else {
        return Ok(());
    };
    let recognizer = recognizer(model.as_deref())?;
    if let Some(format) = settings.jsonl {
        let (input, name) = open(path)?;
        let annotate = |text: &str, out: &mut Vec<u8>| {
            out.push(b'[');
            json_items(out, &recognizer.entities(text), 0)?;
            out.push(b']');
            Ok(())
        };
        return jsonl::run(
            input,
            name,
            format,
            Field::Entities,
            settings.jobs,
            &annotate,
        );
    }
    let style = if settings.json {
        Style::Json
    } else if std::io::stdout().is_terminal() {
        Style::Colour
    } else {
        Style::Tsv
    };
    if settings.paragraphs {
        return by_paragraphs(path, style, settings.jobs, &recognizer);
    }
    let mut out = Output::open()?;
    let text = read_text(path)?;
    let entities = recognizer.entities(&text);
    let json = matches!(style, Style::Json);
    let mut bytes = Vec::new();
    if json {
        bytes.push(b'[');
    }
    render(&mut bytes, style, &text, &entities, 0)?;
    if json {
        bytes.extend_from_slice(b"]\n");
    }
    out.write(&bytes)?;
    out.finish()
}

/// `alam entities --paragraphs`: the documents between blank lines, each read
/// alone, `jobs` at a time; output as for the whole text, streamed.
fn by_paragraphs(
    path: Option<&str>,
    style: Style,
    jobs: usize,
    recognizer: &Recognizer,
) -> Result<(), Failure> {
    let (input, name) = open(path)?;
    let mut docs = Paragraphs::new(input, name);
    let mut out = Output::open()?;
    let json = matches!(style, Style::Json);
    if json {
        out.write(b"[")?;
    }
    let mut empty = true;
    batch::run(
        jobs,
        || docs.batch(),
        |p| {
            let mut bytes = Vec::new();
            let entities = recognizer.entities(&p.text);
            render(&mut bytes, style, &p.text, &entities, p.base).map(|()| bytes)
        },
        |bytes| {
            let bytes = bytes?;
            if json && !bytes.is_empty() && !std::mem::replace(&mut empty, false) {
                out.write(b",")?;
            }
            out.write(&bytes)
        },
    )?;
    if json {
        out.write(b"]\n")?;
    }
    out.finish()
}
