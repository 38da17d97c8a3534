//! `alam entities --jsonl` as the map step of GNU parallel: the blocks that
//! `parallel --pipe` hands to separate alam processes give, once sorted by id,
//! exactly the lines of a single run. (`make test` installs Debian's
//! `parallel`; without it this test says so and is skipped.)

mod common;

use common::{alam, stderr, stdout};
use std::io::Write;
use std::process::{Command, Stdio};

/// `n` documents `{"id":k,"text":...}` made from the article fixture's lines.
fn documents(n: usize) -> String {
    let path = format!(
        "{}/tests/fixtures/entities_article.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let article = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = article.lines().filter(|l| !l.is_empty()).collect();
    (0..n)
        .map(|k| {
            // Documents of one to three lines, so blocks split at varied places.
            let text: Vec<&str> = (0..1 + k % 3)
                .map(|i| lines[(k + i) % lines.len()])
                .collect();
            let text = serde_json::to_string(&text.join("\n")).unwrap();
            format!("{{\"id\":{k},\"text\":{text}}}\n")
        })
        .collect()
}

/// The output lines, sorted by their numeric `id`.
fn sorted_by_id(out: &str) -> Vec<String> {
    let mut lines: Vec<(u64, String)> = out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["id"].as_u64().unwrap(), l.to_string())
        })
        .collect();
    lines.sort();
    lines.into_iter().map(|(_, l)| l).collect()
}

#[test]
fn gnu_parallel_blocks_give_the_lines_of_one_run() {
    if Command::new("parallel").arg("--version").output().is_err() {
        eprintln!(
            "SKIPPED: GNU parallel is not installed (`make test` installs Debian's `parallel`)"
        );
        return;
    }
    let input = documents(400);
    let single = alam(&["entities", "--jsonl"], input.as_bytes());
    assert!(single.status.success(), "{}", stderr(&single));

    // Blocks of about 8 KB: many alam processes, two at a time, in any order.
    let mut child = Command::new("parallel")
        .args(["--will-cite", "--pipe", "--block", "8k", "-j", "2"])
        .arg(env!("CARGO_BIN_EXE_alam"))
        .args(["entities", "--jsonl", "--jobs", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feed = input.clone();
    let writer = std::thread::spawn(move || stdin.write_all(feed.as_bytes()).unwrap());
    let mapped = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(mapped.status.success(), "{}", stderr(&mapped));

    let expected = sorted_by_id(stdout(&single));
    assert_eq!(expected.len(), 400);
    assert_eq!(sorted_by_id(stdout(&mapped)), expected);
}
