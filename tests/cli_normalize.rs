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

#[test]
fn a_long_input_is_streamed_a_line_at_a_time_with_the_same_result() {
    // Every case of the shared table, one per line, many times over (more than
    // a read buffer): line by line must give the whole text's normalization.
    let path = format!(
        "{}/tests/data/normalize-cases.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let cases: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut text = String::new();
    for rows in cases["folds"].as_object().unwrap().values() {
        for row in rows.as_array().unwrap() {
            text.push_str(row[0].as_str().unwrap());
            text.push('\n');
        }
    }
    let text = text.repeat(200) + "بلا سطر أخير";
    let out = alam(&["normalize"], text.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        alam::normalize(&text, &alam::Options::default())
    );
}

#[test]
fn a_bad_byte_after_good_lines_stops_there_with_its_offset() {
    let out = alam(
        &["normalize"],
        b"\xd8\xa3\xd8\xad\xd9\x85\xd8\xaf\nab\xffc\nmore\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "احمد\n");
    assert!(
        stderr(&out).contains("standard input is not valid UTF-8 (bad byte at offset 11)"),
        "{}",
        stderr(&out)
    );
}
