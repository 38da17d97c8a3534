//! `alam clusters`: the table it writes, and the messages for bad input.

mod common;

use common::{alam, stderr, stdout};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A fresh path under the system's temporary directory.
fn temp(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("alam-clusters-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name).to_string_lossy().into_owned()
}

#[test]
fn writes_the_same_table_twice_and_a_summary() {
    let (first, second, summary) = (temp("a.bin"), temp("b.bin"), temp("summary.txt"));
    let text = fixture("clusters_corpus.txt");
    let conll = fixture("ner_tiny.conll");
    for out in [&first, &second] {
        let args = [
            "clusters",
            "--clusters",
            "4",
            "--min-count",
            "2",
            "--out",
            out,
            "--summary",
            &summary,
            &text,
            "--conll",
            &conll,
        ];
        let run = alam(&args, b"");
        assert!(run.status.success(), "{}", stderr(&run));
        assert!(stderr(&run).contains("in 4 clusters"), "{}", stderr(&run));
    }
    let bytes = std::fs::read(&first).unwrap();
    assert_eq!(bytes, std::fs::read(&second).unwrap());
    let table = alam::clusters::ClusterTable::from_bytes(&bytes).expect("a valid table");
    assert_eq!(table.clusters(), 4);
    let listing = std::fs::read_to_string(&summary).unwrap();
    assert_eq!(listing.lines().count(), 4);
}

#[test]
fn reads_the_token_column_of_conll_files() {
    let out = temp("conll.bin");
    let conll = fixture("ner_tiny.conll");
    let args = [
        "clusters",
        "--min-count",
        "2",
        "--out",
        &out,
        "--conll",
        &conll,
    ];
    let run = alam(&args, b"");
    assert!(run.status.success(), "{}", stderr(&run));
    let bytes = std::fs::read(&out).unwrap();
    let table = alam::clusters::ClusterTable::from_bytes(&bytes).unwrap();
    // The only words seen twice; normalized as the recognizer does (إن → ان).
    assert_eq!(table.len(), 2);
    assert!(table.get("في").is_some() && table.get("ان").is_some());
}

#[test]
fn help_goes_to_standard_output() {
    let run = alam(&["clusters", "--help"], b"");
    assert!(run.status.success());
    assert!(stdout(&run).starts_with("usage: alam clusters"));
    let main = alam(&["--help"], b"");
    assert!(stdout(&main).contains("clusters    learn Brown word clusters"));
}

#[test]
fn bad_input_gets_a_message_and_status_2() {
    let bad_tag = fixture("ner_bad_tag.conll");
    let tiny = fixture("ner_tiny.conll");
    for (args, message) in [
        (vec!["clusters"], "no input file given"),
        (
            vec!["clusters", "--clusters", "0", "x"],
            "--clusters needs a number above 0",
        ),
        (
            vec!["clusters", "--clusters", "5000", "x"],
            "--clusters must be at most 4096",
        ),
        (
            vec!["clusters", "--min-count"],
            "--min-count needs a number above 0",
        ),
        (vec!["clusters", "--out"], "--out needs a file"),
        (
            vec!["clusters", "--frobnicate"],
            "unknown option `--frobnicate`",
        ),
        (
            vec!["clusters", "/no/such/file"],
            "cannot read `/no/such/file`",
        ),
        (vec!["clusters", "--conll", &bad_tag], "ner_bad_tag.conll"),
        (
            vec!["clusters", "--min-count", "1000", "--conll", &tiny],
            "no word is seen 1000 times or more: nothing to cluster",
        ),
    ] {
        let run = alam(&args, b"");
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(stderr(&run).contains(message), "{args:?}: {}", stderr(&run));
    }
}
