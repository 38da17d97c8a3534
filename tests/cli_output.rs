//! How `alam` ends when its standard output fails: quietly when the reader went
//! away (EPIPE, as with `| head`), with a message and status 2 otherwise.

mod common;

use common::{alam, stderr, stdout};
use std::io::{Read, Write};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_alam");

/// About 2 MB of text: far more than a pipe buffer holds.
fn long_text() -> String {
    "قال الرئيس محمد علي في القاهرة إن مصر مستعدة.\n".repeat(25_000)
}

/// A scratch file holding `text`, named after the test.
fn scratch(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("alam-cli-output-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_reader_that_goes_away_ends_the_run_quietly_with_status_0() {
    let input = scratch("epipe.txt", &long_text());
    for args in [
        &["normalize"][..],
        &["entities"],
        &["entities", "--json"],
        &["entities", "--jsonl", "--lines"],
    ] {
        let mut child = Command::new(BIN)
            .args(args)
            .arg(&input)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe's only reader is dropped here, as `head` exits.
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(out.stderr.is_empty(), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn a_full_disk_is_an_error_with_a_message() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("SKIPPED: no /dev/full on this system");
        return;
    };
    let input = scratch("full.txt", &long_text());
    let out = Command::new(BIN)
        .args(["normalize"])
        .arg(&input)
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot write standard output: No space left on device"),
        "{}",
        stderr(&out)
    );
}

// Telling a closed standard output apart reads /proc (Linux only).
#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_output_is_an_error_not_lost_text() {
    for args in ["normalize", "entities", "entities --json", "eval --help"] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("echo 'محمد في القاهرة' | \"$0\" {args} >&-"))
            .arg(BIN)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("cannot write standard output: it is closed"),
            "{args}: {}",
            stderr(&out)
        );
    }
    // Write-only /dev/null, as a shell's `>/dev/null` opens it, is a real
    // destination and succeeds.
    let out = Command::new("sh")
        .arg("-c")
        .arg("echo 'محمد' | \"$0\" normalize >/dev/null")
        .arg(BIN)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_name_repeated_beyond_65535_times_in_one_text_is_still_tagged() {
    // The recognizer counted mentions of a name in 16 bits; the count overflowed.
    let text = "قال محمد علي. ".repeat(70_000);
    let mut child = Command::new(BIN)
        .args(["entities", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 70_000);
    assert!(list.iter().all(|e| e["key"] == "محمد علي"));
}

#[test]
fn help_goes_to_standard_output() {
    let out = alam(&["entities", "--help"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("usage: alam entities"));
}
