//! Reading exports: CSV quoting, BOM, CRLF, bad rows, JSON shapes, NDJSON,
//! stdin, column overrides, and clear errors for bad input.

mod common;

use common::{check_json, counts, first_finding, postaudit, skipped_by_line};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn quoted_fields_keep_commas_quotes_and_newlines() {
    let (doc, _) = check_json(&["fixtures/quoted-fields.csv"]);
    assert_eq!(counts(&doc), (3, 2, 1, 0));
    let posts = doc["posts"].as_array().unwrap();
    // The third record starts on line 7: quoted newlines do not shift it.
    assert_eq!(posts[1]["source"]["line"], 7);
    assert_eq!(posts[0]["source"]["line"], 2);
}

#[test]
fn bom_and_crlf_are_read_like_plain_csv() {
    let (doc, _) = check_json(&["fixtures/bom-crlf.csv"]);
    assert_eq!(counts(&doc), (3, 2, 1, 0));
    // The BOM does not hide the `id` column: ids come from the export.
    let ids: Vec<&str> = doc["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1", "3"]);
    // Each record on the line it starts on, as an editor numbers lines:
    // `\r\n` is one line break.
    assert_eq!(post_lines(&doc), [2, 4]);
    // The reply in the thread answered the fan: nothing unanswered.
    assert!(!common::codes(&doc).iter().any(|c| c.starts_with('R')));
}

fn post_lines(doc: &Value) -> Vec<u64> {
    doc["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["source"]["line"].as_u64().unwrap())
        .collect()
}

/// Writes `text` with its line breaks as `eol` into `dir`, and checks it.
fn check_with_line_ends(dir: &std::path::Path, name: &str, text: &str, eol: &str) -> Value {
    let path = dir.join(name);
    std::fs::write(&path, text.replace('\n', eol)).unwrap();
    let (doc, code) = check_json(&[path.to_str().unwrap()]);
    assert!(code < 2, "{doc}");
    doc
}

#[test]
fn lines_end_at_lf_crlf_or_a_lone_cr() {
    // A calendar saved as "CSV (Macintosh)": every line ends with `\r`
    // alone, a quoted field holds one too, and a blank line sits between
    // records. No id column: ids come from the lines, and no record is
    // lost as a repeat of another.
    let (doc, _) = check_json(&["fixtures/mac-cr.csv"]);
    assert_eq!(counts(&doc), (5, 5, 0, 0));
    assert_eq!(post_lines(&doc), [2, 3, 6, 7, 8]);
    assert_eq!(doc["findings"][0]["source"]["line"], 3);
    // The plain CSV reader, and the same text with each kind of line end.
    let dir = tempfile::tempdir().unwrap();
    let text = "id,author,text\n1,brand,\"Hello,\ntwo lines\"\n\n2,brand,What do you brew?\n3,brand\n4,brand,Bye\n";
    for eol in ["\n", "\r\n", "\r"] {
        let doc = check_with_line_ends(dir.path(), "export.csv", text, eol);
        assert_eq!(counts(&doc), (4, 3, 0, 1), "{eol:?}");
        assert_eq!(post_lines(&doc), [2, 5, 7], "{eol:?}");
        assert_eq!(
            skipped_by_line(&doc),
            [(6, "expected 3 fields as in the header, found 2")],
            "{eol:?}"
        );
    }
}

#[test]
fn bad_rows_are_skipped_with_line_and_reason_and_counts_add_up() {
    let (doc, _) = check_json(&["fixtures/bad-rows.csv"]);
    let (records, posts, audience, skipped) = counts(&doc);
    assert_eq!(records, posts + audience + skipped);
    assert_eq!((records, skipped), (6, 3));
    let skipped = skipped_by_line(&doc);
    assert_eq!(
        skipped,
        [
            (3, "expected 5 fields as in the header, found 6"),
            (4, "the record has no text"),
            (
                7,
                "duplicate id \"1\" (first seen at fixtures/bad-rows.csv:2)"
            ),
        ]
    );
    let w = &doc["warnings"][0];
    assert_eq!(w["source"]["line"], 5);
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot read time \"sometime\"")
    );
}

#[test]
fn skipped_records_show_in_text_output() {
    postaudit()
        .args(["check", "fixtures/bad-rows.csv"])
        .assert()
        .stdout(predicate::str::contains("skipped 3 record(s):"))
        .stdout(predicate::str::contains(
            "fixtures/bad-rows.csv:3  expected 5 fields as in the header, found 6",
        ))
        .stdout(predicate::str::contains(
            "fixtures/bad-rows.csv:5  cannot read time \"sometime\"",
        ))
        .stdout(predicate::str::contains(
            "6 read: 3 by the account, 0 from the audience, 3 skipped",
        ));
}

#[test]
fn csv_json_and_ndjson_of_one_export_agree() {
    let (csv, _) = check_json(&["fixtures/larkspur.csv"]);
    let (json, _) = check_json(&["fixtures/larkspur.json"]);
    let (nd, _) = check_json(&["fixtures/larkspur.ndjson"]);
    assert_eq!(common::codes(&csv), common::codes(&json));
    assert_eq!(common::codes(&csv), common::codes(&nd));
    assert_eq!(csv["summary"]["score"], json["summary"]["score"]);
    // JSON records are placed on the line where their object starts.
    assert_eq!(json["posts"][0]["source"]["line"], 4);
    // The NDJSON file ends with two lines that are not records.
    let reasons: Vec<&str> = nd["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons.len(), 2);
    assert!(
        reasons[0].starts_with("invalid JSON at column 2"),
        "{}",
        reasons[0]
    );
    assert_eq!(reasons[1], "expected a JSON object, found an array");
    assert_eq!(nd["skipped"][0]["source"]["line"], 15);
}

#[test]
fn stdin_is_read_and_its_format_detected() {
    let csv = std::fs::read("fixtures/larkspur.csv").unwrap();
    let out = postaudit()
        .args(["check", "-", "--format", "json"])
        .write_stdin(csv)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["records"], 14);
    assert_eq!(doc["inputs"][0]["path"], "<stdin>");
    assert_eq!(doc["inputs"][0]["format"], "csv");

    let json = std::fs::read("fixtures/larkspur.json").unwrap();
    let out = postaudit()
        .args(["check", "-", "--format", "json", "-v"])
        .write_stdin(json)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["inputs"][0]["format"], "json");
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("<stdin>: read as json (content starts with '{')")
    );
}

/// Standard input can be read only once: named twice, it is an error,
/// not an empty second input.
#[test]
fn stdin_named_twice_is_an_error() {
    let csv = std::fs::read("fixtures/larkspur.csv").unwrap();
    let out = postaudit()
        .args(["check", "-", "fixtures/larkspur.csv", "-"])
        .write_stdin(csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "postaudit: error: <stdin> is named twice, but it can be read only once\n"
    );
}

#[test]
fn input_format_and_column_overrides() {
    let out = postaudit()
        .args([
            "check",
            "-",
            "--input-format",
            "csv",
            "--column",
            "text=notes",
            "--format",
            "json",
        ])
        .write_stdin("id,text,notes\n1,ignored,Shop now and save 20%!\n")
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sell = first_finding(&doc, "P001");
    assert_eq!(sell["span"]["text"], "Shop now");
    assert_eq!(sell["span"]["start"], 0);

    postaudit()
        .args(["check", "fixtures/larkspur.csv", "--column", "text=nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--column text=nope: no such column (columns: id, author, created_at, text, in_reply_to)"));
    postaudit()
        .args(["check", "fixtures/larkspur.csv", "--column", "colour=x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field \"colour\""));
}

#[test]
fn a_file_with_no_text_column_is_an_error_listing_the_columns() {
    postaudit()
        .args(["check", "fixtures/no-text-column.csv"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "fixtures/no-text-column.csv: no text column found (columns: id, user, when); name it with --column text=NAME",
        ));
}

#[test]
fn invalid_json_names_file_line_and_column() {
    postaudit()
        .args(["check", "fixtures/truncated.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "fixtures/truncated.json:3:0: invalid JSON: EOF while parsing",
        ));
}

#[test]
fn missing_empty_and_non_utf8_inputs_are_clear_errors() {
    postaudit()
        .args(["check", "fixtures/does-not-exist.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "fixtures/does-not-exist.csv: cannot read the file",
        ));
    postaudit()
        .args(["check", "-"])
        .write_stdin("\n\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<stdin>: the file is empty"));
    postaudit()
        .args(["check", "-", "--input-format", "json"])
        .write_stdin(b"[{\"text\": \"ok\"},\n {\"text\": \"bad \xff\"}]".to_vec())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "<stdin>:2:16: the file is not valid UTF-8",
        ));
}

#[test]
fn invalid_utf8_in_a_csv_row_skips_only_that_row() {
    let (doc, _) = {
        let out = postaudit()
            .args(["check", "-", "--format", "json"])
            .write_stdin(b"id,text\n1,fine\n2,bad \xff byte\n3,also fine\n".to_vec())
            .output()
            .unwrap();
        (serde_json::from_slice::<Value>(&out.stdout).unwrap(), ())
    };
    assert_eq!(counts(&doc), (3, 2, 0, 1));
    assert_eq!(
        doc["skipped"][0]["reason"],
        "column \"text\" is not valid UTF-8"
    );
    assert_eq!(doc["skipped"][0]["source"]["line"], 3);
}

#[test]
fn an_unclosed_quote_is_reported_where_it_starts() {
    let out = postaudit()
        .args(["check", "-", "--format", "json"])
        .write_stdin("id,author,text\n1,brand,fine\n2,brand,\"never closed\n3,brand,lost\n4,brand,lost too\n")
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts(&doc), (2, 1, 0, 1));
    let reason = doc["skipped"][0]["reason"].as_str().unwrap();
    assert_eq!(doc["skipped"][0]["source"]["line"], 3);
    assert_eq!(
        reason,
        "a quote opened in this record is never closed: the remaining 3 line(s) of the file were read into it"
    );
}

#[test]
fn a_header_without_rows_audits_nothing() {
    let (doc, code) = {
        let out = postaudit()
            .args(["check", "-", "--format", "json"])
            .write_stdin("id,author,text\n")
            .output()
            .unwrap();
        (
            serde_json::from_slice::<Value>(&out.stdout).unwrap(),
            out.status.code().unwrap(),
        )
    };
    assert_eq!(code, 0);
    assert_eq!(counts(&doc), (0, 0, 0, 0));
    assert_eq!(doc["summary"]["score"], Value::Null);
}

/// The csv-spectrum conformance cases (from ../shared when present): every
/// record of each case is read, with the values the case expects.
#[test]
fn csv_spectrum_conformance() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/csv-spectrum");
    if !dir.exists() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    for case in [
        "comma_in_quotes",
        "escaped_quotes",
        "newlines",
        "newlines_crlf",
        "quotes_and_newlines",
        "simple",
        "simple_crlf",
        "utf8",
        "json",
    ] {
        let bytes = std::fs::read(dir.join(format!("csvs/{case}.csv"))).unwrap();
        let expected: Vec<serde_json::Map<String, Value>> =
            serde_json::from_slice(&std::fs::read(dir.join(format!("json/{case}.json"))).unwrap())
                .unwrap();
        // Each case has its own columns; read its second column as the text.
        let header: Vec<String> = String::from_utf8_lossy(&bytes)
            .lines()
            .next()
            .unwrap()
            .split(',')
            .map(str::to_string)
            .collect();
        let text_col = &header[1];
        let mut data = postaudit::model::Dataset::default();
        let opts = postaudit::load::LoadOptions {
            format: postaudit::load::InputFormat::Csv,
            columns: vec![
                format!("text={text_col}").parse().unwrap(),
                format!("id={}", header[0]).parse().unwrap(),
            ],
        };
        postaudit::load::load_bytes(&bytes, case.into(), &opts, &mut data).unwrap();
        assert!(data.skipped.is_empty(), "{case}: {:?}", data.skipped);
        assert_eq!(data.posts.len(), expected.len(), "{case}");
        for (post, want) in data.posts.iter().zip(&expected) {
            assert_eq!(Some(post.text.as_str()), want[text_col].as_str(), "{case}");
        }
    }
}

/// A CSV export is read in batches built on all cores: across many batches,
/// posts, skipped rows and warnings keep the file's order and lines.
#[test]
fn a_long_csv_keeps_its_order_across_batches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    let mut csv = String::from("id,author,time,text\n");
    let n = 40_000;
    for i in 0..n {
        match i % 9_973 {
            // A row with a field too many, and one with a time not understood.
            17 => csv.push_str(&format!("{i},brand,2026-01-01T10:00:00Z,a,b\n")),
            18 => csv.push_str(&format!("{i},brand,not a time,Post {i}\n")),
            _ => csv.push_str(&format!(
                "{i},brand,2026-01-01T10:00:00Z,\"Post {i}\nwith two lines\"\n"
            )),
        }
    }
    std::fs::write(&path, csv).unwrap();
    let (doc, _) = check_json(&[
        path.to_str().unwrap(),
        "--select",
        "D001",
        "--fail-on",
        "never",
    ]);
    let posts = doc["posts"].as_array().unwrap();
    let skipped = doc["skipped"].as_array().unwrap();
    // Every row spans two lines but the skipped ones: row i starts on line
    // 2 + 2i, less one per skipped row before it.
    let mut expected_skips = Vec::new();
    let mut expected_posts = Vec::new();
    let mut line = 2;
    for i in 0..n {
        if i % 9_973 == 17 {
            expected_skips.push(line);
            line += 1;
        } else {
            expected_posts.push((i.to_string(), line));
            line += if i % 9_973 == 18 { 1 } else { 2 };
        }
    }
    let got_posts: Vec<(String, u64)> = posts
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["source"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got_posts, expected_posts);
    let got_skips: Vec<u64> = skipped
        .iter()
        .map(|s| s["source"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(got_skips, expected_skips);
    let warnings: Vec<u64> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["source"]["line"].as_u64().unwrap())
        .collect();
    let expected_warnings: Vec<u64> = expected_posts
        .iter()
        .filter(|(id, _)| id.parse::<usize>().unwrap() % 9_973 == 18)
        .map(|&(_, l)| l)
        .collect();
    assert_eq!(warnings, expected_warnings);
    assert_eq!(doc["summary"]["records"], n);
}

#[test]
fn a_long_ndjson_file_keeps_its_records_lines_and_skips_in_order() {
    // Read on all cores, a part of the lines on each: records, skips and
    // warnings come out in input order, on their own lines, with the
    // blank lines passed over.
    let mut text = String::new();
    let (mut ids, mut skipped, mut warned) = (Vec::new(), Vec::new(), Vec::new());
    for line in 1..=5000u64 {
        if line % 11 == 0 {
            text.push('\n');
        } else if line % 7 == 0 {
            text.push_str("{\"id\": \n");
            skipped.push(line);
        } else if line % 13 == 0 {
            text.push_str(&format!(
                "{{\"id\": \"{line}\", \"text\": \"Post {line}\", \"created_at\": \"soon\"}}\r\n"
            ));
            ids.push(line.to_string());
            warned.push(line);
        } else {
            text.push_str(&format!(
                "{{\"id\": \"{line}\", \"text\": \"Post {line}\"}}\n"
            ));
            ids.push(line.to_string());
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.ndjson");
    std::fs::write(&path, text).unwrap();
    let doc = records_in_input_order(&path, &ids, &skipped);
    assert_eq!(source_lines(&doc, "warnings"), warned);
}

/// Checks `path`: its posts are `ids` in that order, each on the line its
/// id names, and its skipped records on the lines `skipped` names.
fn records_in_input_order(path: &std::path::Path, ids: &[String], skipped: &[u64]) -> Value {
    let (doc, _) = check_json(&[path.to_str().unwrap(), "--select", "D001"]);
    let posts = doc["posts"].as_array().unwrap();
    let got: Vec<&str> = posts.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(got, ids);
    for p in posts {
        assert_eq!(p["source"]["line"].to_string(), p["id"].as_str().unwrap());
    }
    assert_eq!(source_lines(&doc, "skipped"), skipped);
    assert_eq!(counts(&doc).0, (ids.len() + skipped.len()) as u64);
    doc
}

fn source_lines(doc: &Value, key: &str) -> Vec<u64> {
    doc[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"]["line"].as_u64().unwrap())
        .collect()
}

#[test]
fn a_long_json_array_keeps_its_records_lines_and_skips_in_order() {
    // Read on all cores, a part of the elements on each: an element a
    // line, every 7th not an object.
    let mut text = String::from("[\n");
    let (mut ids, mut skipped) = (Vec::new(), Vec::new());
    for i in 0..3000u64 {
        let line = i + 2;
        if i > 0 {
            text.push_str(",\n");
        }
        if i % 7 == 3 {
            text.push_str("42");
            skipped.push(line);
        } else {
            text.push_str(&format!(
                "{{\"id\": \"{line}\", \"text\": \"Post {line}\"}}"
            ));
            ids.push(line.to_string());
        }
    }
    text.push_str("\n]\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.json");
    std::fs::write(&path, text).unwrap();
    let doc = records_in_input_order(&path, &ids, &skipped);
    assert_eq!(
        doc["skipped"][0]["reason"],
        "expected a JSON object, found a number"
    );
}
