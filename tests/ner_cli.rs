//! `alam entities` and `alam eval`: output formats and the messages for bad input.

mod common;

use common::{alam, stderr, stdout};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

const TEXT: &str = "وقال الرئيسُ عبد الفتاح السيسي في القاهرة إن مصر ستستضيف القمة.";

#[test]
fn entities_json_has_exactly_the_documented_fields() {
    let out = alam(&["entities", "--json"], TEXT.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(stdout(&out)).expect("valid JSON");
    let list = value.as_array().expect("an array");
    assert!(!list.is_empty(), "no entity in {TEXT}");
    let units: Vec<u16> = TEXT.encode_utf16().collect();
    for e in list {
        let obj = e.as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["end", "key", "label", "score", "start", "text"]);
        let (start, end) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
        let slice = String::from_utf16(&units[start as usize..end as usize]).unwrap();
        assert_eq!(e["text"].as_str().unwrap(), slice);
        assert!(["PER", "LOC", "ORG", "MISC"].contains(&e["label"].as_str().unwrap()));
        let score = e["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
    }
    let texts: Vec<&str> = list.iter().map(|e| e["text"].as_str().unwrap()).collect();
    assert!(texts.contains(&"القاهرة"), "{texts:?}");
}

#[test]
fn entities_without_json_list_one_per_line_when_piped() {
    let out = alam(&["entities"], TEXT.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<&str> = stdout(&out).lines().collect();
    assert!(!lines.is_empty());
    for line in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 5, "{line}");
        assert!(cols[1].contains('-'), "{line}");
    }
}

#[test]
fn entities_tsv_escapes_a_tab_inside_a_name() {
    // In the fixture, محمد and علي are separated by a TAB: one PER spanning it.
    let out = alam(&["entities", &fixture("entities_article.txt")], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    for line in stdout(&out).lines() {
        assert_eq!(line.split('\t').count(), 5, "{line}");
    }
    assert!(
        stdout(&out).contains("PER\t262-270\tمحمد\\tعلي\tمحمد علي\t"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn eval_scores_a_third_column_as_hand_computed() {
    // Gold: PER محمد علي, LOC القاهرة, ORG وزارة الصحة, LOC بغداد (4).
    // Predicted: PER محمد علي, ORG القاهرة, ORG وزارة, LOC بغداد, MISC أمس (5).
    // Correct: محمد علي and بغداد (2). Micro P 2/5, R 2/4, F1 2PR/(P+R) = 44.44.
    let out = alam(&["eval", "--json", &fixture("ner_eval_scored.conll")], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        r#"{"micro":{"p":40.00,"r":50.00,"f1":44.44},"labels":{"PER":{"p":100.00,"r":100.00,"f1":100.00},"LOC":{"p":100.00,"r":50.00,"f1":66.67},"ORG":{"p":0.00,"r":0.00,"f1":0.00},"MISC":{"p":0.00,"r":0.00,"f1":0.00}}}"#
    );
}

#[test]
fn eval_runs_the_recognizer_on_two_columns() {
    let out = alam(&["eval", "--json", &fixture("ner_tiny.conll")], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(stdout(&out)).unwrap();
    let f1 = value["micro"]["f1"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&f1));
    assert!(value["labels"]["PER"]["p"].is_number());
}

#[test]
fn bad_conll_names_the_line_and_exits_2() {
    let out = alam(&["eval", &fixture("ner_bad_columns.conll")], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 7"), "{}", stderr(&out));

    let out = alam(&["eval", "--json", &fixture("ner_bad_tag.conll")], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 4"), "{}", stderr(&out));
    assert!(stderr(&out).contains("B-CITY"), "{}", stderr(&out));

    let out = alam(&["eval"], "كلمة بلا وسم\n".as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 1"), "{}", stderr(&out));
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        &["entities", "--colour"][..],
        &["entities", "a.txt", "b.txt"],
        &["entities", "/nonexistent/alam-input.txt"],
        &["eval", "--window", "0"],
        &["eval", "--model", "/nonexistent/model.bin"],
        &["train"],
        &["train", "--epochs", "x", "t.conll"],
        &["train", "--dropout", "100", "t.conll"],
        &["train", "--seed", "-1", "t.conll"],
        &["train", "--runs", "0", "t.conll"],
    ] {
        let out = alam(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("alam: "), "{args:?}");
    }
    // A file that is not a model is refused with the model error.
    let out = alam(
        &[
            "eval",
            "--model",
            &fixture("ner_tiny.conll"),
            &fixture("ner_tiny.conll"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not an alam model file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn train_writes_a_model_eval_can_read() {
    let dir = std::env::temp_dir().join(format!("alam-ner-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("model.bin");
    let model = model.to_str().unwrap();
    let out = alam(
        &[
            "train",
            "--epochs",
            "2",
            "--out",
            model,
            &fixture("ner_tiny.conll"),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = alam(
        &[
            "eval",
            "--json",
            "--model",
            model,
            &fixture("ner_tiny.conll"),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn entities_json_is_the_library_s_entities_in_the_documented_form() {
    // The contract: [{"start","end","label","text","key","score"}] in that
    // order, offsets in UTF-16 units, the score with three decimals.
    let path = fixture("entities_article.txt");
    let out = alam(&["entities", "--json", &path], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    let text = std::fs::read_to_string(&path).unwrap();
    let expected = alam::Recognizer::new().entities(&text);
    assert!(expected.len() > 5, "the article has entities");
    let got: Vec<serde_json::Value> = serde_json::from_str(printed).unwrap();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g["start"], e.start);
        assert_eq!(g["end"], e.end);
        assert_eq!(g["label"], e.label.as_str());
        assert_eq!(g["text"], e.text.as_str());
        assert_eq!(g["key"], e.key.as_str());
        assert!((g["score"].as_f64().unwrap() - f64::from(e.score)).abs() < 5e-4);
    }
    let objects = printed.matches("{\"start\":").count();
    assert_eq!(objects, expected.len(), "keys in the documented order");
    assert!(
        printed.contains("\"score\":") && !printed.contains("e-"),
        "plain decimals"
    );
}

#[test]
fn nothing_to_evaluate_or_train_is_an_error() {
    let dir = std::env::temp_dir().join(format!("alam-ner-cli-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.conll");
    std::fs::write(&empty, "\n\n").unwrap();
    let empty = empty.to_str().unwrap();
    let model = dir.join("model.bin");
    let model = model.to_str().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (&["eval", empty], "nothing to evaluate"),
        (&["eval", "--json"], "no sentence in standard input"),
        (&["train", "--out", model, empty], "nothing to train"),
        (
            &[
                "train",
                "--epochs",
                "0",
                "--out",
                model,
                &fixture("ner_tiny.conll"),
            ],
            "--epochs 0: nothing to train",
        ),
    ];
    for (args, message) in cases {
        let out = alam(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    assert!(!std::path::Path::new(model).exists(), "no model written");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_blank_conll_token_is_refused_with_its_line() {
    let out = alam(&["eval"], "قال\tO\n \tO\nمحمد\tB-PER\n".as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("line 2: empty or blank token"),
        "{}",
        stderr(&out)
    );
}
