//! Inputs an export can hold that a loader must survive: huge fields, deep
//! nesting, invalid UTF-8, NUL bytes, empty files, a header with no rows.
//! Each is a clear error (exit 2, the file named) or a record skipped with
//! its reason; never a panic, a stack overflow or a hang.

mod common;

use std::path::Path;

use common::{check_json, first_finding, postaudit};
use predicates::prelude::*;
use serde_json::Value;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

/// Runs `check PATH --format json`; the exit code must be 0 or 1, never a
/// crash, and every record is counted.
fn audited(path: &str) -> Value {
    let (doc, code) = check_json(&[path]);
    assert!(code == 0 || code == 1, "exit {code}");
    let s = &doc["summary"];
    assert_eq!(
        s["records"].as_u64().unwrap(),
        s["posts"].as_u64().unwrap()
            + s["audience"].as_u64().unwrap()
            + s["skipped"].as_u64().unwrap()
    );
    doc
}

fn error(path: &str, message: &str) {
    postaudit()
        .args(["check", path])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{path}{message}")))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_10_mb_field_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    // Links throughout: every one found must not make the search for the
    // next start over from the text's end.
    let unit = "Our beans, roasted by hand: https://x.example/beans ";
    let mut text = unit.repeat(10 * 1024 * 1024 / unit.len());
    text.push_str("Shop now! What do you brew? ☕");
    let csv = format!("id,author,text\n1,brand,\"{text}\"\n2,fan,nice,\n");
    let path = write(dir.path(), "huge.csv", csv.as_bytes());
    // Every rule on 10 MB: none may take time that grows faster than the text.
    let (doc, _) = check_json(&[&path]);
    assert_eq!(doc["summary"]["records"], 2);
    let sell = first_finding(&doc, "P001");
    assert_eq!(sell["span"]["text"], "Shop now");
    // The char offsets count every character before the phrase.
    let start = sell["span"]["start"].as_u64().unwrap() as usize;
    assert_eq!(
        start,
        text.chars().count() - "Shop now! What do you brew? ☕".chars().count()
    );

    // JSON: 1 MB (the 10 MB case above is the same code past the loader).
    let json = serde_json::to_vec(
        &serde_json::json!([{ "id": 1, "text": &text[text.len() - (1 << 20)..] }]),
    )
    .unwrap();
    let path = write(dir.path(), "huge.json", &json);
    assert_eq!(audited(&path)["summary"]["posts"], 1);
    let csv = format!(
        "id,author,text\n1,brand,\"{}\"\n",
        &text[text.len() - (1 << 20)..]
    );
    let path = write(dir.path(), "huge1.csv", csv.as_bytes());
    assert_eq!(audited(&path)["summary"]["posts"], 1);
}

#[test]
fn deep_nesting_is_skipped_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    // An element of the records array nested 100k levels deep.
    let path = write(
        dir.path(),
        "deep.json",
        format!("[{{\"text\": \"fine\"}}, {deep}]").as_bytes(),
    );
    let doc = audited(&path);
    assert_eq!(doc["summary"]["posts"], 1);
    assert_eq!(
        doc["skipped"][0]["reason"],
        "invalid JSON: recursion limit exceeded"
    );
    // A record holding a value nested 100k levels deep in a key no field
    // reads: the value is scanned, never built, and the record audited.
    let path = write(
        dir.path(),
        "deep-field.json",
        format!("[{{\"text\": \"fine\", \"x\": {deep}}}]").as_bytes(),
    );
    let doc = audited(&path);
    assert_eq!(doc["summary"]["skipped"], 0);
    assert_eq!(doc["summary"]["posts"], 1);
    // In the text field, it is built: skipped, with the reason.
    let path = write(
        dir.path(),
        "deep-text.json",
        format!("[{{\"text\": {deep}}}, {{\"text\": \"fine\"}}]").as_bytes(),
    );
    let doc = audited(&path);
    assert_eq!(doc["summary"]["posts"], 1);
    assert_eq!(
        doc["skipped"][0]["reason"],
        "invalid JSON: recursion limit exceeded"
    );
    // The same on lines of NDJSON: the line whose text is nested that deep
    // is skipped, at the column where building it stopped (128 levels in,
    // the object's own included).
    let path = write(
        dir.path(),
        "deep.ndjson",
        format!("{{\"text\": \"x\", \"y\": {deep}}}\n{{\"y\": 1, \"text\": {deep}}}\n").as_bytes(),
    );
    let doc = audited(&path);
    assert_eq!(doc["summary"]["posts"], 1);
    assert_eq!(
        doc["skipped"][0]["reason"],
        "invalid JSON at column 144: recursion limit exceeded"
    );
    // As the whole document, read from stdin (format detection parses it).
    let deep_object = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    postaudit()
        .args(["check", "-"])
        .write_stdin(deep_object)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "<stdin>: expected an array of records",
        ));
    postaudit()
        .args(["check", "-"])
        .write_stdin(deep.clone())
        .assert()
        .code(predicate::in_iter([0, 1]));
}

#[test]
fn invalid_utf8_is_an_error_or_a_skipped_row() {
    error(
        "fixtures/latin1-header.csv",
        ":1: column 2 of the header is not valid UTF-8",
    );
    // An NDJSON line that is not UTF-8 is one damaged record: the others
    // are audited.
    let doc = audited("fixtures/invalid-utf8.ndjson");
    assert_eq!(doc["summary"]["records"], 2);
    assert_eq!(doc["summary"]["skipped"], 1);
    assert_eq!(doc["skipped"][0]["reason"], "invalid UTF-8 at column 15");
    assert_eq!(doc["skipped"][0]["source"]["line"], 2);
    let doc = audited("fixtures/latin1-row.csv");
    assert_eq!(doc["summary"]["skipped"], 1);
    assert_eq!(
        doc["skipped"][0]["reason"],
        "column \"text\" is not valid UTF-8"
    );
    assert_eq!(doc["skipped"][0]["source"]["line"], 2);
}

#[test]
fn nul_bytes_are_text_in_csv_and_errors_in_json() {
    let doc = audited("fixtures/nul-bytes.csv");
    assert_eq!(doc["summary"]["records"], 2);
    assert_eq!(doc["summary"]["skipped"], 0);
    let dir = tempfile::tempdir().unwrap();
    // JSON forbids a raw control character inside a string.
    let path = write(dir.path(), "nul.json", b"[{\"text\": \"a\0b\"}]");
    error(
        &path,
        ":1:12: invalid JSON: control character (\\u0000-\\u001F) found while parsing a string",
    );
    let path = write(
        dir.path(),
        "nul.ndjson",
        b"{\"text\": \"a\0b\"}\n{\"text\": \"ok\"}\n",
    );
    let doc = audited(&path);
    assert_eq!(doc["summary"]["skipped"], 1);
    // A file of NUL bytes is no export at all.
    let path = write(dir.path(), "zeros.csv", &[0u8; 4096]);
    error(&path, ": no text column found");
}

#[test]
fn empty_files_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["empty.csv", "empty.json", "empty.ndjson", "empty.tsv"] {
        let path = write(dir.path(), name, b"");
        error(&path, ": the file is empty");
        let path = write(dir.path(), &format!("bom-{name}"), b"\xef\xbb\xbf \n");
        error(&path, ": the file is empty");
    }
}

#[test]
fn a_header_with_no_rows_audits_nothing_and_says_why() {
    let doc = audited("fixtures/header-only.csv");
    assert_eq!(doc["summary"]["records"], 0);
    assert_eq!(
        doc["warnings"][0]["message"],
        "no records: the file has a header row and nothing after it"
    );
    assert_eq!(
        doc["warnings"][0]["source"]["path"],
        "fixtures/header-only.csv"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "none.json", b"{\"posts\": []}");
    let doc = audited(&path);
    assert_eq!(
        doc["warnings"][0]["message"],
        "no records: the array of records is empty"
    );
    let out = postaudit()
        .args(["check", "fixtures/header-only.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("fixtures/header-only.csv:1  no records: the file has a header row"),
        "{text}"
    );
}

#[test]
fn a_large_csv_keeps_input_order_across_batches() {
    // Posts are built in parallel batches: skips, warnings and posts must
    // still come out in input order, at the right lines.
    let mut csv = b"id,created_at,text\n".to_vec();
    let n = 40_000;
    for i in 0..n {
        match i % 1000 {
            7 => csv.extend_from_slice(format!("{i},2026-01-01,too,many\n").as_bytes()),
            8 => {
                csv.extend_from_slice(format!("{i},2026-01-01,bad ").as_bytes());
                csv.extend_from_slice(b"\xff\n");
            }
            9 => csv.extend_from_slice(format!("{i},someday,post {i}\n").as_bytes()),
            _ => csv.extend_from_slice(format!("{i},2026-01-01,\"post\n{i}\"\n").as_bytes()),
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "large.csv", &csv);
    let doc = audited(&path);
    assert_eq!(doc["summary"]["records"], n);
    assert_eq!(doc["summary"]["skipped"], 80);
    let lines = |key: &str| -> Vec<u64> {
        doc[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["source"]["line"].as_u64().unwrap())
            .collect()
    };
    for key in ["posts", "skipped", "warnings"] {
        let l = lines(key);
        assert!(l.windows(2).all(|w| w[0] < w[1]), "{key} out of order");
    }
    let skipped = doc["skipped"].as_array().unwrap();
    assert!(
        skipped[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("expected 3 fields")
    );
    assert_eq!(skipped[1]["reason"], "column \"text\" is not valid UTF-8");
    assert_eq!(
        skipped[1]["source"]["line"],
        skipped[0]["source"]["line"].as_u64().unwrap() + 1
    );
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 40);
    assert_eq!(doc["posts"].as_array().unwrap().len(), n - 80);
    assert_eq!(doc["posts"][7]["id"], "9");
}
