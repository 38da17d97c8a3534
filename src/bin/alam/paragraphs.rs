//! Plain text read as documents separated by blank lines (`--paragraphs`).
//!
//! A document is a run of lines up to a blank line (one holding only spaces,
//! TABs or a CR), together with the blank lines that follow it, so that the
//! documents put end to end are the input. Each is read alone: a name in one
//! document is not recognized from its mentions in another.

use crate::batch;
use crate::Failure;
use std::io::BufRead;

/// One document and where it starts in the whole input.
pub struct Paragraph {
    /// UTF-16 code units of the input before the document.
    pub base: u64,
    /// The document, with its trailing blank lines.
    pub text: String,
}

/// The documents of an input, read a batch at a time.
pub struct Paragraphs<R> {
    reader: R,
    name: String,
    /// A line read past the end of the previous document: the next one's first.
    carry: Vec<u8>,
    /// UTF-16 code units and bytes of the documents read so far.
    units: u64,
    bytes: u64,
}

impl<R: BufRead> Paragraphs<R> {
    /// The documents of `reader`; `name` names it in messages.
    pub fn new(reader: R, name: String) -> Self {
        Paragraphs {
            reader,
            name,
            carry: Vec::new(),
            units: 0,
            bytes: 0,
        }
    }

    /// The next documents, about [`batch::BATCH_BYTES`] of them; `None` at the end.
    pub fn batch(&mut self) -> Result<Option<Vec<Paragraph>>, Failure> {
        batch::fill(|| self.paragraph())
    }

    /// The next document and its size in bytes; `None` at the end.
    fn paragraph(&mut self) -> Result<Option<(Paragraph, usize)>, Failure> {
        let bytes = self.read_paragraph()?;
        if bytes.is_empty() {
            return Ok(None);
        }
        let size = bytes.len();
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = self.bytes + e.utf8_error().valid_up_to() as u64;
            Failure::Message(format!(
                "{} is not valid UTF-8 (bad byte at offset {at})",
                self.name
            ))
        })?;
        let base = self.units;
        self.units += text.encode_utf16().count() as u64;
        self.bytes += size as u64;
        Ok(Some((Paragraph { base, text }, size)))
    }

    /// The bytes of the next document (empty at the end of the input).
    fn read_paragraph(&mut self) -> Result<Vec<u8>, Failure> {
        let mut doc = std::mem::take(&mut self.carry);
        let mut has_text = !doc.is_empty();
        let mut ended = false;
        loop {
            let mut line = Vec::new();
            let n = batch::read_line(&mut self.reader, &self.name, &mut line)?;
            if n == 0 {
                return Ok(doc);
            }
            let blank = line
                .iter()
                .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
            if !blank && ended {
                self.carry = line;
                return Ok(doc);
            }
            // Blank lines before any text belong to the first document.
            ended |= blank && has_text;
            has_text |= !blank;
            doc.extend_from_slice(&line);
        }
    }
}
