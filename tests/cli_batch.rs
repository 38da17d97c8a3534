//! Batch use of `alam`: JSON Lines in and out (`--jsonl`, `--lines`), error
//! lines, ordered output with `--jobs`.

mod common;

use common::{alam, stderr, stdout};
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The non-blank lines of the article fixture: short documents with names.
fn article_lines() -> Vec<String> {
    std::fs::read_to_string(fixture("entities_article.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect()
}

/// `n` documents `{"id":k,"text":...}` cycling through the article's lines.
fn documents(n: usize) -> String {
    let lines = article_lines();
    (0..n)
        .map(|k| {
            let text = serde_json::to_string(&lines[k % lines.len()]).unwrap();
            format!("{{\"id\":{k},\"text\":{text}}}\n")
        })
        .collect()
}

fn parse_lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// What `alam entities --json` finds in `text`.
fn entities_json(text: &str) -> Value {
    let out = alam(&["entities", "--json"], text.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(stdout(&out)).unwrap()
}

#[test]
fn each_object_comes_back_byte_for_byte_with_its_entities_added() {
    let text = "قال الرئيس محمد علي في القاهرة";
    // Fields alam does not read, written in ways a re-encoding would change.
    let line = format!(
        "{{\"id\": \"a-1\", \"text\": {}, \"n\": 1.50, \"tags\": [\"x\", {{\"k\": null}}], \"u\": \"\\u00e9\"}}",
        serde_json::to_string(text).unwrap()
    );
    let out = alam(&["entities", "--jsonl"], format!("{line}\n").as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let written = stdout(&out).strip_suffix('\n').unwrap();
    let prefix = line.strip_suffix('}').unwrap();
    assert!(
        written.starts_with(&format!("{prefix},\"entities\":[")),
        "{written}"
    );
    let value: Value = serde_json::from_str(written).unwrap();
    assert_eq!(value["entities"], entities_json(text));
    assert!(!value["entities"].as_array().unwrap().is_empty());
}

#[test]
fn offsets_are_utf16_units_of_each_documents_text() {
    // Characters outside the BMP (two UTF-16 units each) before the names.
    let text = "😀😀 وصل محمد علي إلى بغداد";
    let line = format!("{{\"text\":{}}}\n", serde_json::to_string(text).unwrap());
    let out = alam(&["entities", "--jsonl"], line.repeat(3).as_bytes());
    let units: Vec<u16> = text.encode_utf16().collect();
    for doc in parse_lines(stdout(&out)) {
        let list = doc["entities"].as_array().unwrap();
        assert!(!list.is_empty());
        for e in list {
            let (s, t) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
            let slice = String::from_utf16(&units[s as usize..t as usize]).unwrap();
            assert_eq!(e["text"].as_str().unwrap(), slice);
        }
    }
}

#[test]
fn a_bad_line_gives_an_error_line_and_the_run_goes_on() {
    let good = |id: u32| format!("{{\"id\":{id},\"text\":\"زار أحمد سالم بغداد\"}}\n");
    let mut input = Vec::new();
    input.extend(good(1).bytes());
    input.extend(b"{\"id\":2,\"text\":\"x\"\n"); // invalid JSON
    input.extend(b"{\"id\":3}\n"); // no text
    input.extend(b"{\"id\":4,\"text\":[1]}\n"); // text not a string
    input.extend(b"\n"); // empty line
    input.extend(b"[\"text\"]\n"); // not an object
    input.extend(b"{\"id\":7,\"text\":\"\xff\"}\n"); // invalid UTF-8
    input.extend(b"{\"id\":8,\"text\":\"a\",\"entities\":[]}\n"); // field taken
    input.extend(good(9).bytes());
    let out = alam(&["entities", "--jsonl"], &input);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("7 of 9 lines failed"),
        "{}",
        stderr(&out)
    );
    let lines = parse_lines(stdout(&out));
    assert_eq!(lines.len(), 9, "one output line per input line");
    assert_eq!(lines[0]["id"], 1);
    assert!(lines[0]["entities"].is_array());
    assert_eq!(lines[8]["id"], 9);
    assert!(lines[8]["entities"].is_array());
    let expected = [
        (2, None, "EOF while parsing"),
        (3, Some(3), "no `text` field"),
        (4, Some(4), "`text` is not a string"),
        (5, None, "an empty line"),
        (6, None, "not a JSON object"),
        (7, None, "not valid UTF-8 (bad byte at offset 16"),
        (8, Some(8), "already has the field `entities`"),
    ];
    for (line, (number, id, message)) in lines[1..8].iter().zip(expected) {
        assert_eq!(line["line"], number, "{line}");
        assert_eq!(line["id"].as_u64(), id, "{line}");
        assert!(line["error"].as_str().unwrap().contains(message), "{line}");
        assert!(line.get("entities").is_none(), "{line}");
    }
}

#[test]
fn raw_lines_are_documents_with_lines() {
    let input = "قال محمد علي\n\nفي القاهرة\r\nبلا سطر أخير";
    let out = alam(&["entities", "--jsonl", "--lines"], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = parse_lines(stdout(&out));
    let texts = ["قال محمد علي", "", "في القاهرة", "بلا سطر أخير"];
    assert_eq!(lines.len(), texts.len());
    for (k, (line, text)) in lines.iter().zip(texts).enumerate() {
        assert_eq!(line["line"], k as u64 + 1);
        assert_eq!(line["text"], text);
        assert_eq!(line["entities"], entities_json(text), "{text}");
    }
}

#[test]
fn jobs_keep_the_input_order_and_the_results() {
    let input = documents(600);
    let run = |jobs: &str| {
        let out = alam(&["entities", "--jsonl", "--jobs", jobs], input.as_bytes());
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out).to_string()
    };
    let one = run("1");
    let lines = parse_lines(&one);
    assert_eq!(lines.len(), 600);
    for (k, line) in lines.iter().enumerate() {
        assert_eq!(line["id"], k as u64);
    }
    assert_eq!(run("2"), one);
    assert_eq!(run("5"), one);
}

#[test]
fn a_document_is_read_alone_whatever_its_neighbours() {
    // The same text gives the same entities whether it comes alone or among others.
    let input = documents(20);
    let out = alam(&["entities", "--jsonl"], input.as_bytes());
    for line in parse_lines(stdout(&out)) {
        assert_eq!(
            line["entities"],
            entities_json(line["text"].as_str().unwrap())
        );
    }
}

#[test]
fn conflicting_or_bad_batch_options_exit_2() {
    for args in [
        &["entities", "--json", "--jsonl"][..],
        &["entities", "--lines"],
        &["entities", "--jobs", "2"],
        &["entities", "--jsonl", "--jobs", "0"],
        &["entities", "--jsonl", "--jobs", "many"],
        &["entities", "--jsonl", "--jobs"],
        &["entities", "--jsonl", "/nonexistent/alam.jsonl"],
    ] {
        let out = alam(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("alam: "), "{args:?}");
    }
}

#[test]
fn normalize_jsonl_adds_the_normalized_text_with_the_folds_asked_for() {
    let input = "{\"id\":1,\"text\":\"أَحْمَدُ في القاهرة ٢٠٢٦\"}\n{\"id\":2}\n";
    let out = alam(&["normalize", "--jsonl", "--no-digits"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "{\"id\":1,\"text\":\"أَحْمَدُ في القاهرة ٢٠٢٦\",\"normalized\":\"احمد في القاهره ٢٠٢٦\"}\n\
         {\"line\":2,\"id\":2,\"error\":\"no `text` field\"}\n"
    );
    let out = alam(
        &["normalize", "--jsonl", "--lines", "--jobs", "2"],
        "إلى\nأَحْمَدُ\n".as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "{\"line\":1,\"text\":\"إلى\",\"normalized\":\"الي\"}\n\
         {\"line\":2,\"text\":\"أَحْمَدُ\",\"normalized\":\"احمد\"}\n"
    );
    let out = alam(&["normalize", "--lines"], b"x");
    assert_eq!(out.status.code(), Some(2));
}

/// What `alam entities ARGS` prints for `input`, which must succeed.
fn run_ok(args: &[&str], input: &str) -> String {
    let out = alam(args, input.as_bytes());
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out).to_string()
}

#[test]
fn paragraphs_are_read_alone_with_offsets_in_the_whole_input() {
    let article = std::fs::read_to_string(fixture("entities_article.txt")).unwrap();
    // Documents end after their blank lines: put end to end they are the input.
    let text = format!("\n{article}\n \n\t\n{article}");
    let docs: Vec<String> = {
        let mut docs = vec![String::new()];
        let mut ended = false;
        for line in text.split_inclusive('\n') {
            let blank = line.trim().is_empty();
            if !blank && ended {
                docs.push(String::new());
                ended = false;
            }
            ended |= blank && !docs.last().unwrap().trim().is_empty();
            docs.last_mut().unwrap().push_str(line);
        }
        docs
    };
    assert_eq!(docs.len(), 6);
    let mut expected = Vec::new();
    let mut base = 0;
    for doc in &docs {
        for mut e in entities_json(doc).as_array().unwrap().clone() {
            for end in ["start", "end"] {
                e[end] = (e[end].as_u64().unwrap() + base).into();
            }
            expected.push(e);
        }
        base += doc.encode_utf16().count() as u64;
    }
    for jobs in ["1", "2"] {
        let args = ["entities", "--json", "--paragraphs", "--jobs", jobs];
        let got: Value = serde_json::from_str(&run_ok(&args, &text)).unwrap();
        assert_eq!(got, Value::from(expected.clone()), "--jobs {jobs}");
    }
    // The same entities, one TSV line each.
    let tsv = run_ok(&["entities", "--paragraphs"], &text);
    assert_eq!(tsv.lines().count(), expected.len());
    let e = &expected[expected.len() - 1];
    assert!(
        tsv.ends_with(&format!(
            "\t{}-{}\t{}\t{}\t{:.3}\n",
            e["start"],
            e["end"],
            e["text"].as_str().unwrap(),
            e["key"].as_str().unwrap(),
            e["score"].as_f64().unwrap()
        )),
        "{tsv}"
    );
}

#[test]
fn paragraphs_of_one_document_write_what_the_whole_text_writes() {
    let article = std::fs::read_to_string(fixture("entities_article.txt")).unwrap();
    let first = article.split("\n\n").next().unwrap();
    for args in [&["entities", "--json"][..], &["entities"]] {
        let whole = run_ok(args, first);
        let by_paragraphs = run_ok(&[args, &["--paragraphs"]].concat(), first);
        assert_eq!(by_paragraphs, whole, "{args:?}");
    }
    assert_eq!(
        run_ok(&["entities", "--json", "--paragraphs"], "\n\n"),
        "[]\n"
    );
    let out = alam(&["entities", "--paragraphs"], b"\xd9\x85\n\n\xff");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad byte at offset 4"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn order_and_offsets_hold_across_batches() {
    // Batches end after 4,096 documents: 9,000 documents make three.
    let lines: String = (0..9000)
        .map(|k| format!("زار محمد علي القاهرة {k}\n"))
        .collect();
    let out = run_ok(&["entities", "--jsonl", "--lines", "--jobs", "3"], &lines);
    let docs = parse_lines(&out);
    assert_eq!(docs.len(), 9000);
    for (k, doc) in docs.iter().enumerate() {
        assert_eq!(doc["line"], k as u64 + 1);
        assert!(doc["text"].as_str().unwrap().ends_with(&format!(" {k}")));
    }
    // The same text as paragraphs: each entity lies where the whole input has it.
    let paragraphs = lines.replace('\n', "\n\n");
    let out = run_ok(
        &["entities", "--json", "--paragraphs", "--jobs", "3"],
        &paragraphs,
    );
    let units: Vec<u16> = paragraphs.encode_utf16().collect();
    let list: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(list.len() >= 9000, "{}", list.len());
    let mut last_end = 0;
    for e in &list {
        let (s, t) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
        assert!(s >= last_end, "entities in order");
        let slice = String::from_utf16(&units[s as usize..t as usize]).unwrap();
        assert_eq!(e["text"].as_str().unwrap(), slice);
        last_end = t;
    }
}
