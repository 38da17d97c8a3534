//! Batch runs over many documents: read in order, a batch at a time, processed
//! on a pool of threads, written in input order.
//!
//! Memory is bounded by three batches (each at most [`BATCH_BYTES`] of input,
//! or one document if it is larger) and their output, plus the recognizer's
//! working memory for the documents being processed, one per thread: it does
//! not grow with the input.

use crate::Failure;
use rayon::prelude::*;
use std::io::BufRead;
use std::panic::resume_unwind;
use std::sync::mpsc::sync_channel;

/// Input bytes read before a batch is processed (a batch always holds at
/// least one document).
pub const BATCH_BYTES: usize = 4 << 20;

/// Documents read before a batch is processed: enough for every thread to take
/// many, so that a long document does not leave the others idle for long.
const BATCH_DOCS: usize = 4096;

/// The number of threads for `--jobs VALUE` (at least 1), or without the
/// option every core the process may use.
pub fn jobs(value: Option<&str>) -> Result<usize, Failure> {
    let Some(v) = value else {
        return Ok(std::thread::available_parallelism().map_or(1, |n| n.get()));
    };
    v.parse()
        .ok()
        .filter(|&n: &usize| n > 0)
        .ok_or_else(|| Failure::Message("--jobs needs a number of threads, at least 1".into()))
}

/// Runs `work` on every document that `next_batch` reads, `jobs` at a time, and
/// hands the results to `emit` in input order. Stops at the first failure of
/// `next_batch` or `emit`.
///
/// Three stages overlap: one thread reads the next batch, the pool processes
/// the current one, another thread writes the previous one's results. The
/// channels between them hold nothing (a batch changes hands only when the next
/// stage takes it), so at most three batches are in memory.
pub fn run<D: Send + Sync, R: Send>(
    jobs: usize,
    mut next_batch: impl FnMut() -> Result<Option<Vec<D>>, Failure> + Send,
    work: impl Fn(&D) -> R + Sync,
    mut emit: impl FnMut(R) -> Result<(), Failure> + Send,
) -> Result<(), Failure> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Failure::Message(format!("cannot start {jobs} threads: {e}")))?;
    std::thread::scope(|scope| {
        let (to_pool, batches) = sync_channel::<Vec<D>>(0);
        let (to_writer, results) = sync_channel::<Vec<R>>(0);
        let reader = scope.spawn(move || {
            while let Some(batch) = next_batch()? {
                if to_pool.send(batch).is_err() {
                    break; // the writer stopped: nothing more is wanted
                }
            }
            Ok(())
        });
        let writer = scope.spawn(move || {
            for batch in results {
                batch.into_iter().try_for_each(&mut emit)?;
            }
            Ok(())
        });
        for batch in batches {
            let done: Vec<R> = pool.install(|| batch.par_iter().map(&work).collect());
            if to_writer.send(done).is_err() {
                break; // the writer stopped on a failure, reported below
            }
        }
        drop(to_writer);
        let wrote = writer.join().unwrap_or_else(|p| resume_unwind(p));
        let read = reader.join().unwrap_or_else(|p| resume_unwind(p));
        wrote.and(read)
    })
}

/// One line of the input, without its line break.
pub struct Line {
    /// 1-based line number in the input.
    pub number: u64,
    /// The line's bytes, not yet checked to be UTF-8.
    pub bytes: Vec<u8>,
}

/// The lines of an input, read a batch at a time.
pub struct Lines<R> {
    reader: R,
    name: String,
    read: u64,
}

impl<R: BufRead> Lines<R> {
    /// The lines of `reader`; `name` names it in messages.
    pub fn new(reader: R, name: String) -> Self {
        Lines {
            reader,
            name,
            read: 0,
        }
    }

    /// The next lines, about [`BATCH_BYTES`] of them; `None` at the end.
    pub fn batch(&mut self) -> Result<Option<Vec<Line>>, Failure> {
        fill(|| self.line())
    }

    /// The next line and its size in the input; `None` at the end.
    fn line(&mut self) -> Result<Option<(Line, usize)>, Failure> {
        let mut line = Vec::new();
        let n = read_line(&mut self.reader, &self.name, &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        self.read += 1;
        if line.ends_with(b"\n") {
            line.pop();
            if line.ends_with(b"\r") {
                line.pop();
            }
        }
        let line = Line {
            number: self.read,
            bytes: line,
        };
        Ok(Some((line, n)))
    }
}

/// Appends the next line of `reader` (the input `name`), its `\n` included,
/// to `line`; returns the bytes read, 0 at the end.
pub fn read_line(
    reader: &mut impl BufRead,
    name: &str,
    line: &mut Vec<u8>,
) -> Result<usize, Failure> {
    reader
        .read_until(b'\n', line)
        .map_err(|e| Failure::Message(format!("cannot read {name}: {e}")))
}

/// A batch of documents from `next` (each with its size in bytes): at least
/// one, then more until [`BATCH_BYTES`]; `None` when `next` has no more.
pub fn fill<D>(
    mut next: impl FnMut() -> Result<Option<(D, usize)>, Failure>,
) -> Result<Option<Vec<D>>, Failure> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while bytes < BATCH_BYTES && batch.len() < BATCH_DOCS {
        let Some((doc, size)) = next()? else {
            break;
        };
        bytes += size;
        batch.push(doc);
    }
    Ok((!batch.is_empty()).then_some(batch))
}
