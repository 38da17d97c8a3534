//! JSON Lines in, JSON Lines out: one document per line, each written back with
//! one field added, in input order.
//!
//! A line is a JSON object with a string `text` (its other fields are copied
//! byte for byte), or with `--lines` a raw line of text, written as
//! `{"line":N,"text":...}`. A line that cannot be read gives an error line,
//! `{"line":N,"id":...,"error":"..."}` (`id` when the line is an object that
//! has one), and the run goes on; the exit status then says that some failed.

use crate::batch::{self, Line, Lines};
use crate::output::Output;
use crate::Failure;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::BufRead;

/// What the lines of the input are.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON objects with a `text` field.
    Objects,
    /// Raw lines of text (`--lines`).
    Text,
}

/// The field a run adds to each document.
#[derive(Clone, Copy)]
pub enum Field {
    /// `"entities": [...]` (`alam entities`).
    Entities,
    /// `"normalized": "..."` (`alam normalize`).
    Normalized,
}

impl Field {
    /// The field's name in JSON.
    fn name(self) -> &'static str {
        match self {
            Field::Entities => "entities",
            Field::Normalized => "normalized",
        }
    }
}

/// Writes a document's added field: its JSON value, appended to the buffer.
pub type Annotate<'a> = dyn Fn(&str, &mut Vec<u8>) -> serde_json::Result<()> + Sync + 'a;

/// The fields of an input object that alam reads; the others are copied as
/// they are.
#[derive(Deserialize)]
struct Doc {
    #[serde(default)]
    text: Option<Value>,
    #[serde(default)]
    id: Option<Value>,
    /// Present when the object already has the field alam would add.
    #[serde(default)]
    entities: Option<IgnoredAny>,
    #[serde(default)]
    normalized: Option<IgnoredAny>,
}

/// An output line for a document that could not be processed.
#[derive(Serialize)]
struct ErrorLine<'a> {
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    error: &'a str,
}

/// An output line for a raw line of text (`--lines`), before its added field.
#[derive(Serialize)]
struct TextLine<'a> {
    line: u64,
    text: &'a str,
}

/// One output line (with its line break) and whether it is an error line.
struct Done {
    bytes: Vec<u8>,
    failed: bool,
}

/// Reads `input` (named `name` in messages) line by line and writes each
/// document with `field` added by `annotate`, `jobs` documents at a time.
pub fn run(
    input: impl BufRead + Send,
    name: String,
    format: Format,
    field: Field,
    jobs: usize,
    annotate: &Annotate,
) -> Result<(), Failure> {
    let mut lines = Lines::new(input, name);
    let mut out = Output::open()?;
    let (mut total, mut failed) = (0, 0);
    batch::run(
        jobs,
        || lines.batch(),
        |line| process(line, format, field, annotate),
        |done| {
            total += 1;
            failed += u64::from(done.failed);
            out.write(&done.bytes)
        },
    )?;
    out.finish()?;
    if failed > 0 {
        return Err(Failure::Documents { failed, total });
    }
    Ok(())
}

/// The output line for one input line.
fn process(line: &Line, format: Format, field: Field, annotate: &Annotate) -> Done {
    let text = match std::str::from_utf8(&line.bytes) {
        Ok(t) => t,
        Err(e) => {
            let message = format!(
                "not valid UTF-8 (bad byte at offset {} of the line)",
                e.valid_up_to()
            );
            return error_line(line.number, None, &message);
        }
    };
    let result = match format {
        Format::Text => text_line(line.number, text, field, annotate),
        Format::Objects => object_line(text, field, annotate),
    };
    match result {
        Ok(mut bytes) => {
            bytes.push(b'\n');
            Done {
                bytes,
                failed: false,
            }
        }
        Err((id, message)) => error_line(line.number, id.as_ref(), &message),
    }
}

/// `{"line":N,"text":...,"FIELD":...}` for a raw line.
fn text_line(
    number: u64,
    text: &str,
    field: Field,
    annotate: &Annotate,
) -> Result<Vec<u8>, (Option<Value>, String)> {
    let fail = |e: serde_json::Error| (None, e.to_string());
    let mut out = serde_json::to_vec(&TextLine { line: number, text }).map_err(fail)?;
    out.pop(); // the closing brace
    add_field(&mut out, field, text, annotate).map_err(fail)?;
    Ok(out)
}

/// The input object with `"FIELD":...` added before its closing brace; on
/// failure, the object's `id` (if it has one) and the message.
fn object_line(
    line: &str,
    field: Field,
    annotate: &Annotate,
) -> Result<Vec<u8>, (Option<Value>, String)> {
    let object = line.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
    if !object.starts_with('{') {
        let what = if object.is_empty() {
            "an empty line"
        } else {
            "not a JSON object"
        };
        return Err((None, format!("{what}: expected {{\"text\": ...}}")));
    }
    let doc: Doc = serde_json::from_str(object).map_err(|e| (None, e.to_string()))?;
    let fail = |message: String| Err((doc.id.clone(), message));
    let text = match &doc.text {
        Some(Value::String(t)) => t,
        Some(_) => return fail("`text` is not a string".into()),
        None => return fail("no `text` field".into()),
    };
    let present = match field {
        Field::Entities => doc.entities.is_some(),
        Field::Normalized => doc.normalized.is_some(),
    };
    if present {
        return fail(format!(
            "the object already has the field `{}`",
            field.name()
        ));
    }
    // A valid object ends with its closing brace.
    let mut out = object.as_bytes()[..object.len() - 1].to_vec();
    add_field(&mut out, field, text, annotate).map_err(|e| (doc.id.clone(), e.to_string()))?;
    Ok(out)
}

/// Appends `,"FIELD":VALUE}` to an object written up to its closing brace.
fn add_field(
    out: &mut Vec<u8>,
    field: Field,
    text: &str,
    annotate: &Annotate,
) -> serde_json::Result<()> {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(field.name().as_bytes());
    out.extend_from_slice(b"\":");
    annotate(text, out)?;
    out.push(b'}');
    Ok(())
}

/// `{"line":N,"id":...,"error":"..."}` and a line break.
fn error_line(number: u64, id: Option<&Value>, message: &str) -> Done {
    let line = ErrorLine {
        line: number,
        id,
        error: message,
    };
    // Serializing numbers and strings into memory cannot fail.
    let mut bytes = serde_json::to_vec(&line).unwrap_or_default();
    bytes.push(b'\n');
    Done {
        bytes,
        failed: true,
    }
}
