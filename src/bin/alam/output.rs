//! Standard output, buffered, with the two ways a write can fail told apart.
//!
//! When the reader goes away (`alam entities --jsonl big | head`) a write fails
//! with EPIPE: that is how a pipeline says "enough", so the command stops
//! quietly with status 0 ([`Failure::ReaderGone`]). Any other failure (a full
//! disk, `/dev/full`, a closed standard output) loses output, so it is an error
//! with a message and status 2.

use crate::Failure;
use std::io::{BufWriter, ErrorKind, Stdout, Write};

/// Buffered standard output whose writes fail with a [`Failure`]. It can be
/// handed to a writing thread (standard output is locked for each flush of
/// the buffer).
pub struct Output {
    out: BufWriter<Stdout>,
}

impl Output {
    /// Standard output, after checking that it is open.
    pub fn open() -> Result<Output, Failure> {
        refuse_closed_stdout()?;
        Ok(Output {
            out: BufWriter::with_capacity(1 << 16, std::io::stdout()),
        })
    }

    /// Writes `bytes`.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.out.write_all(bytes).map_err(write_failure)
    }

    /// Writes out what is buffered; a command's last write error shows here.
    pub fn finish(mut self) -> Result<(), Failure> {
        self.out.flush().map_err(write_failure)
    }
}

/// Writes `text` to standard output and flushes it (help texts, small results).
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = Output::open()?;
    out.write(text.as_bytes())?;
    out.finish()
}

fn write_failure(e: std::io::Error) -> Failure {
    if e.kind() == ErrorKind::BrokenPipe {
        Failure::ReaderGone
    } else {
        Failure::Message(format!("cannot write standard output: {e}"))
    }
}

/// Refuses a standard output that the shell closed (`alam ... >&-`).
///
/// Rust's start-up code opens /dev/null read-write on a closed descriptor 0-2,
/// so every write would succeed into nothing. A shell's `>/dev/null` opens it
/// write-only, hence the test on the access mode. (A caller that hands over
/// /dev/null opened read-write, as Python's `subprocess.DEVNULL` does, is
/// refused too: it gets the message and can open it write-only instead.)
#[cfg(target_os = "linux")]
fn refuse_closed_stdout() -> Result<(), Failure> {
    let is_null = std::fs::read_link("/proc/self/fd/1").is_ok_and(|p| p.as_os_str() == "/dev/null");
    if !is_null {
        return Ok(());
    }
    let info = std::fs::read_to_string("/proc/self/fdinfo/1").unwrap_or_default();
    // `flags:` is octal; its two low bits are the access mode, 2 = O_RDWR.
    let read_write = info
        .lines()
        .find_map(|l| l.strip_prefix("flags:"))
        .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
        .is_some_and(|flags| flags & 3 == 2);
    if read_write {
        Err(Failure::Message(
            "cannot write standard output: it is closed (or is /dev/null opened for reading too)"
                .into(),
        ))
    } else {
        Ok(())
    }
}

#[cfg(not(target_os = "linux"))]
fn refuse_closed_stdout() -> Result<(), Failure> {
    Ok(())
}
