//! `alam normalize`: output, switches and the messages for bad input.

mod common;

use common::{alam, stderr, stdout};

#[test]
fn normalizes_standard_input_with_default_folds() {
    let out = alam(&["normalize"], "أَحْمَدُ في القاهرة ٢٠٢٦\n".as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "احمد في القاهره 2026\n");
    assert_eq!(stdout(&alam(&["normalize", "-"], "إلى".as_bytes())), "الي");
}

#[test]
fn switches_turn_folds_off_and_punctuation_on() {
    let out = alam(
        &[
            "normalize",
            "--no-teh-marbuta",
            "--no-digits",
            "--punctuation",
        ],
        "القاهرة ٢، نعم؟".as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "القاهرة ٢, نعم?");
}

#[test]
fn reads_a_file() {
    let dir = std::env::temp_dir().join(format!("alam-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("in.txt");
    std::fs::write(&file, "ﻻ").unwrap();
    let out = alam(&["normalize", file.to_str().unwrap()], b"");
    assert_eq!(stdout(&out), "لا");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_documents_every_switch() {
    let out = alam(&["normalize", "--help"], b"");
    assert!(out.status.success());
    for fold in alam::Fold::ALL {
        assert!(
            stdout(&out).contains(fold.cli_name()),
            "--help does not mention {}",
            fold.cli_name()
        );
    }
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let out = alam(&["normalize"], b"abc\xffdef");
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains("not valid UTF-8") && stderr(&out).contains("offset 3"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = alam(&["normalize", "/nonexistent/alam.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read `/nonexistent/alam.txt`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unknown_switches_and_commands_are_refused() {
    let out = alam(&["normalize", "--no-such-fold"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown option `--no-such-fold`"),
        "{}",
        stderr(&out)
    );
    let out = alam(&["frobnicate"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown command `frobnicate`"));
}
