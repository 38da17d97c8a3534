//! Running the `alam` binary from integration tests.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `alam ARGS` with `stdin` as its standard input.
pub fn alam(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_alam"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run alam");
    // A command that refuses its arguments exits without reading its input:
    // the pipe is then closed, which is no failure of the test.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin) {
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing alam's input: {e}"
        );
    }
    child.wait_with_output().unwrap()
}

/// The standard output, as UTF-8.
pub fn stdout(o: &Output) -> &str {
    std::str::from_utf8(&o.stdout).unwrap()
}

/// The standard error, as UTF-8.
pub fn stderr(o: &Output) -> &str {
    std::str::from_utf8(&o.stderr).unwrap()
}
