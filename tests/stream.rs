//! `check --format ndjson` with only record-local rules streams: the same
//! lines as a whole load (`--no-stream`), but for the summary's metrics
//! that need reply threads, which are null.

mod common;

use std::fmt::Write as _;

use common::postaudit;
use serde_json::Value;

/// Every record-local rule.
const LOCAL: &str = "D001,P002,P003,P004,A002,A004,A005,A006,A007,V001,V002,F001,F002,F003,F004";

/// The metrics a streamed summary leaves null.
const THREAD_METRICS: &[&str] = &[
    "replies_to_people",
    "reply_share",
    "comments_to_account",
    "comments_answered",
    "response_rate",
    "median_response_minutes",
];

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

fn check(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = postaudit();
    cmd.args(["check", "--isolated", "--format", "ndjson", "-v"])
        .args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().unwrap();
    Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().unwrap(),
    }
}

/// Checks that `args` stream, and that the output is the whole load's:
/// every line the same, the summary too but for the thread metrics.
/// Returns the streamed output.
fn same_as_whole_load(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let streamed = check(args, stdin);
    let mut whole_args = args.to_vec();
    whole_args.push("--no-stream");
    let whole = check(&whole_args, stdin);
    let chunk = args
        .iter()
        .position(|a| *a == "--stream-chunk")
        .map_or("4096", |i| args[i + 1]);
    assert!(
        streamed
            .stderr
            .contains(&format!("postaudit: streaming {chunk} records at a time")),
        "{args:?} should stream: {}",
        streamed.stderr
    );
    assert!(
        whole
            .stderr
            .contains("postaudit: not streaming: --no-stream"),
        "{}",
        whole.stderr
    );
    assert_eq!(streamed.code, whole.code, "{args:?}");
    let (s_lines, w_lines): (Vec<&str>, Vec<&str>) = (
        streamed.stdout.lines().collect(),
        whole.stdout.lines().collect(),
    );
    assert_eq!(s_lines.len(), w_lines.len(), "{args:?}");
    let n = s_lines.len();
    assert_eq!(s_lines[..n - 1], w_lines[..n - 1], "{args:?}");
    let mut s: Value = serde_json::from_str(s_lines[n - 1]).unwrap();
    let mut w: Value = serde_json::from_str(w_lines[n - 1]).unwrap();
    assert_eq!(s["type"], "summary");
    for key in THREAD_METRICS {
        assert_eq!(s["data"]["metrics"][key], Value::Null, "{key}");
        s["data"]["metrics"][key] = Value::Null;
        w["data"]["metrics"][key] = Value::Null;
    }
    assert_eq!(s, w, "{args:?}");
    let d = &s["data"];
    assert_eq!(
        d["records"].as_u64().unwrap(),
        d["posts"].as_u64().unwrap()
            + d["audience"].as_u64().unwrap()
            + d["skipped"].as_u64().unwrap(),
        "records = posts + audience + skipped"
    );
    streamed
}

#[test]
fn streamed_fixtures_match_the_whole_load() {
    for input in [
        "fixtures/stream-mixed.csv",
        "fixtures/authenticity.csv",
        "fixtures/conduct.csv",
        "fixtures/platforms.csv",
        "fixtures/realistic-brand.csv",
        "fixtures/bad-rows.csv",
        "fixtures/bom-crlf.csv",
        "fixtures/quoted-fields.csv",
        "fixtures/nul-bytes.csv",
        "fixtures/latin1-row.csv",
        "fixtures/header-only.csv",
        "fixtures/larkspur.ndjson",
        "fixtures/stream-array.json",
        "fixtures/larkspur.json",
    ] {
        let run = same_as_whole_load(&[input, "--select", LOCAL], None);
        assert!(run.stdout.ends_with('\n'));
        // The output does not depend on where the chunks end.
        for chunk in ["1", "3"] {
            let small =
                same_as_whole_load(&[input, "--select", LOCAL, "--stream-chunk", chunk], None);
            assert_eq!(small.stdout, run.stdout, "{input} in chunks of {chunk}");
        }
    }
    // Lines ended by a lone `\r` or by `\r\n`: the same records on the
    // same lines, a chunk at a time.
    let dir = tempfile::tempdir().unwrap();
    let mixed = std::fs::read_to_string("fixtures/stream-mixed.csv").unwrap();
    for (name, eol) in [("cr.csv", "\r"), ("crlf.csv", "\r\n")] {
        let path = dir.path().join(name);
        std::fs::write(&path, mixed.replace('\n', eol)).unwrap();
        let path = path.to_str().unwrap();
        let lf = same_as_whole_load(&["fixtures/stream-mixed.csv", "--select", LOCAL], None);
        for chunk in ["4096", "2"] {
            let run = same_as_whole_load(&[path, "--select", LOCAL, "--stream-chunk", chunk], None);
            assert_eq!(
                run.stdout.replace(path, "fixtures/stream-mixed.csv"),
                lf.stdout,
                "{name}"
            );
        }
    }
    // Two inputs, one CSV one NDJSON, with the account given.
    same_as_whole_load(
        &[
            "fixtures/larkspur.csv",
            "fixtures/larkspur.ndjson",
            "--select",
            "P002,A002,A004",
            "--account",
            "larkspur",
        ],
        None,
    );
}

/// The first pass reads only what it needs of each row, but counts exactly
/// the records a whole load audits: a row skipped for its shape, invalid
/// UTF-8 or a blank text neither counts towards the account (any one of
/// them would tie `aaa` with `brand`, and a tie goes to the handle that
/// sorts first) nor takes an id (the later records `3` to `5` would be
/// repeats).
#[test]
fn the_first_pass_counts_only_the_records_audited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skips.csv");
    let mut csv = b"id,author,text\n".to_vec();
    csv.extend_from_slice(b"1,brand,Our new roast is out\n");
    csv.extend_from_slice(b"2,@Brand,@aaa thanks for asking\n");
    csv.extend_from_slice(b"3,aaa,\"   \"\n");
    csv.extend_from_slice(b"4,aaa,caf\xe9 latin-1\n");
    csv.extend_from_slice(b"5,aaa,too,many,fields\n");
    csv.extend_from_slice(b"3,fan,@brand love it\n");
    csv.extend_from_slice(b"4,fan,@brand me too\n");
    csv.extend_from_slice(b"5,fan,@brand same\n");
    csv.extend_from_slice(b"6,aaa,@brand and me\n");
    std::fs::write(&path, csv).unwrap();
    // The same in NDJSON, and in a JSON array (which must be valid JSON
    // to stream): a line that is not UTF-8, not JSON, not an object, or
    // has no text.
    let mut ndjson = Vec::new();
    ndjson.extend_from_slice(b"{\"id\": 1, \"author\": \"brand\", \"text\": \"Our new roast\"}\n");
    ndjson.extend_from_slice(b"{\"id\": 2, \"author\": \"@Brand\", \"text\": \"@aaa thanks\"}\n");
    ndjson.extend_from_slice(b"{\"id\": 3, \"author\": \"aaa\", \"text\": \" \"}\n");
    ndjson.extend_from_slice(b"{\"id\": 4, \"author\": \"aaa\", \"text\": \"caf\xe9\"}\n");
    ndjson.extend_from_slice(b"{\"id\": 5, \"author\": \"aaa\", \"text\": \"open\n");
    ndjson.extend_from_slice(b"[{\"id\": 6, \"author\": \"aaa\", \"text\": \"in a list\"}]\n");
    ndjson.extend_from_slice(b"{\"id\": 7, \"author\": \"aaa\", \"text\": null}\n");
    ndjson.extend_from_slice(b"{\"id\": 8, \"author\": \"aaa\", \"remark\": \"no text key\"}\n");
    for id in 3..=8 {
        ndjson.extend_from_slice(
            format!("{{\"id\": {id}, \"author\": \"fan\", \"text\": \"@brand yes\"}}\n").as_bytes(),
        );
    }
    let lines = dir.path().join("skips.ndjson");
    std::fs::write(&lines, &ndjson).unwrap();
    // As an array: the lines that are valid JSON, and a number.
    let elements: Vec<String> = String::from_utf8_lossy(&ndjson)
        .lines()
        .filter(|l| serde_json::from_str::<Value>(l).is_ok() && !l.contains('\u{fffd}'))
        .map(str::to_string)
        .chain(std::iter::once("42".to_string()))
        .collect();
    let array = dir.path().join("skips.json");
    std::fs::write(&array, format!("[{}]", elements.join(",\n"))).unwrap();
    for (file, records, skipped) in [(&path, 9, 3), (&lines, 14, 6), (&array, 13, 5)] {
        let p = file.to_str().unwrap();
        for chunk in ["4096", "1"] {
            let run = same_as_whole_load(&[p, "--select", LOCAL, "--stream-chunk", chunk], None);
            let summary: Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
            let d = &summary["data"];
            assert_eq!(d["records"].as_u64(), Some(records), "{p}: {d}");
            assert_eq!(d["skipped"].as_u64(), Some(skipped), "{p}: {d}");
            // The account is brand: its two records.
            assert_eq!(d["posts"].as_u64(), Some(2), "{p}: {d}");
            assert!(!run.stdout.contains("duplicate id"), "{p}");
        }
    }
}

/// A CSV export of `n` records spanning several chunks: repeated ids (the
/// first copy chunks before), suppressions (one naming no rule), rows of
/// the wrong shape, times that do not parse, and a quote left open at the
/// end.
fn big_export(n: usize) -> String {
    let mut csv = String::from("id,author,created_at,text,in_reply_to,platform\n");
    for i in 0..n {
        let (author, parent) = if i % 3 == 2 {
            ("fan", format!("{}", i - 1))
        } else {
            ("brand", String::new())
        };
        let time = if i % 997 == 0 {
            "someday".to_string()
        } else {
            format!("2026-01-01T{:02}:{:02}:00Z", (i / 60) % 24, i % 60)
        };
        let text = match i % 7 {
            0 => "WE ARE SO EXCITED!!! Our new blend is HERE and it is AMAZING".to_string(),
            1 => "Like if you love coffee! #coffee #latte #beans #roast #brew #cafe".to_string(),
            2 => format!("Post {i}: we love our beans, our roastery, our team"),
            3 => "Read more https://example.com/a".to_string(),
            4 => "HELLO EVERYONE THIS IS OUR LOUDEST POST!!! postaudit: ignore[A004]".to_string(),
            5 => "Say hi! postaudit: ignore[Z999]".to_string(),
            _ => format!("What do you brew at home, {i}?"),
        };
        let id = if i % 1009 == 1008 {
            "17".to_string()
        } else {
            i.to_string()
        };
        let platform = if i % 5 == 0 { "instagram" } else { "" };
        writeln!(csv, "{id},{author},{time},\"{text}\",{parent},{platform}").unwrap();
        if i % 2003 == 0 {
            csv.push_str("bad,row\n");
        }
    }
    csv.push_str("last,brand,2026-02-01,\"never closed\nand more\n");
    csv
}

#[test]
fn a_large_export_streams_in_chunks_with_the_whole_load_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    std::fs::write(&path, big_export(8_500)).unwrap();
    let p = path.to_str().unwrap();
    let run = same_as_whole_load(&[p, "--select", LOCAL], None);
    let summary: Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    let d = &summary["data"];
    assert!(d["skipped"].as_u64().unwrap() > 9, "{d}");
    assert!(d["suppressed"].as_u64().unwrap() > 0, "{d}");
    assert!(
        run.stdout
            .contains("duplicate id \\\"17\\\" (first seen at ")
    );
    assert!(run.stdout.contains("never closed"));
    // With the account given: no first pass, same output.
    same_as_whole_load(&[p, "--select", LOCAL, "--account", "brand"], None);
}

/// Standard input streams, as it comes with an account; copied to a
/// temporary file first without one (for the first pass), as the whole
/// load reads it.
#[test]
fn standard_input_streams_with_or_without_an_account() {
    let input = std::fs::read("fixtures/larkspur.ndjson").unwrap();
    same_as_whole_load(
        &["-", "--select", LOCAL, "--account", "larkspur"],
        Some(&input),
    );
    let csv = big_export(5000);
    same_as_whole_load(
        &["-", "--select", LOCAL, "--account", "brand"],
        Some(csv.as_bytes()),
    );
    // Without one it is copied, then read twice: the account inferred
    // from every record, as a whole load infers it.
    let run = same_as_whole_load(&["-", "--select", LOCAL], Some(&input));
    let copied = format!(
        "postaudit: <stdin>: copied to a temporary file to be read twice ({} bytes)",
        input.len()
    );
    assert!(run.stderr.contains(&copied), "{}", run.stderr);
    assert!(run.stdout.contains("\"replies_to_people\":null"));
    same_as_whole_load(&["-", "--select", LOCAL], Some(csv.as_bytes()));
    // Copied, then a later input turns out not to stream: the whole load
    // reads the copy, not the standard input it emptied.
    let args = [
        "-",
        "fixtures/platforms/twitter-archive.zip",
        "--select",
        LOCAL,
    ];
    let run = check(&args, Some(&input));
    assert!(
        run.stderr
            .contains("not streaming: fixtures/platforms/twitter-archive.zip is a .zip archive"),
        "{}",
        run.stderr
    );
    let mut whole_args = args.to_vec();
    whole_args.push("--no-stream");
    let whole = check(&whole_args, Some(&input));
    assert_eq!((run.code, &run.stdout), (whole.code, &whole.stdout));
    assert!(
        run.stdout.contains("\"path\":\"<stdin>\""),
        "{}",
        run.stdout
    );
}

#[test]
fn what_cannot_stream_is_loaded_whole_and_verbose_says_why() {
    for (args, why) in [
        (
            vec!["fixtures/larkspur.csv", "--select", "D001,R001"],
            "rule R001 looks at other records",
        ),
        (
            vec!["fixtures/larkspur.csv"],
            "rule D002 looks at other records",
        ),
        (
            vec![
                "fixtures/platforms/mastodon-context.json",
                "--select",
                LOCAL,
            ],
            "fixtures/platforms/mastodon-context.json is read as mastodon, which is read whole",
        ),
        (
            vec![
                "fixtures/larkspur.csv",
                "--select",
                LOCAL,
                "--write-baseline",
                "/dev/null",
            ],
            "--write-baseline lists the findings of the whole input",
        ),
    ] {
        let run = check(&args, None);
        assert_ne!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("postaudit: not streaming: {why}")),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stdout.contains("\"replies_to_people\":null"));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("fixtures/larkspur.csv", dir.path().join("a.csv")).unwrap();
    let d = dir.path().to_str().unwrap();
    let run = check(&[d, "--select", LOCAL], None);
    assert!(
        run.stderr
            .contains(&format!("postaudit: not streaming: {d} is a directory")),
        "{}",
        run.stderr
    );
    // Other formats say nothing about it.
    let out = postaudit()
        .args([
            "check",
            "--isolated",
            "-v",
            "fixtures/larkspur.csv",
            "--select",
            LOCAL,
        ])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("stream"));
}

#[test]
fn a_baseline_applies_record_by_record() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("b.json");
    let b = baseline.to_str().unwrap();
    let out = postaudit()
        .args([
            "check",
            "--isolated",
            "fixtures/authenticity.csv",
            "--select",
            LOCAL,
        ])
        .args(["--format", "ndjson", "--write-baseline", b])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2));
    // Half the findings are known: drop the second half of the file.
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&baseline).unwrap()).unwrap();
    let all = doc["findings"].as_array_mut().unwrap();
    let keep = all.len() / 2;
    all.truncate(keep);
    std::fs::write(&baseline, doc.to_string()).unwrap();
    let run = same_as_whole_load(
        &[
            "fixtures/authenticity.csv",
            "--select",
            LOCAL,
            "--baseline",
            b,
        ],
        None,
    );
    let summary: Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(summary["data"]["baselined"], keep);
}

#[test]
fn exit_codes_and_the_output_file_are_as_in_a_whole_load() {
    let run = same_as_whole_load(
        &[
            "fixtures/promotion.csv",
            "--select",
            LOCAL,
            "--fail-on",
            "info",
        ],
        None,
    );
    assert_eq!(run.code, 1);
    let run = same_as_whole_load(
        &[
            "fixtures/promotion.csv",
            "--select",
            LOCAL,
            "--min-score",
            "99",
        ],
        None,
    );
    assert_eq!(run.code, 1);
    let run = same_as_whole_load(
        &[
            "fixtures/promotion.csv",
            "--select",
            LOCAL,
            "--fail-on",
            "never",
        ],
        None,
    );
    assert_eq!(run.code, 0);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.ndjson");
    let f = file.to_str().unwrap();
    let to_file = check(
        &["fixtures/promotion.csv", "--select", LOCAL, "-o", f],
        None,
    );
    assert_eq!(to_file.stdout, "");
    let to_stdout = check(&["fixtures/promotion.csv", "--select", LOCAL], None);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), to_stdout.stdout);
}

#[test]
fn streamed_lines_follow_the_schema() {
    let mut schema: Value =
        serde_json::from_str(&std::fs::read_to_string("schema/postaudit.schema.json").unwrap())
            .unwrap();
    schema["$ref"] = Value::from("#/$defs/ndjsonLine");
    for key in ["type", "required", "additionalProperties", "properties"] {
        schema.as_object_mut().unwrap().remove(key);
    }
    let validator = jsonschema::validator_for(&schema).unwrap();
    let run = check(&["fixtures/bad-rows.csv", "--select", LOCAL], None);
    assert!(run.stderr.contains("streaming"));
    for line in run.stdout.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(validator.is_valid(&v), "{line}");
    }
}

#[test]
fn a_line_that_is_not_utf8_is_skipped_in_a_stream_as_in_a_whole_load() {
    let mut input = b"{\"id\": \"1\", \"author\": \"b\", \"text\": \"Hello there\"}\n".to_vec();
    input.extend_from_slice(b"{\"id\": \"2\", \"author\": \"b\", \"text\": \"caf\xe9\"}\r\n");
    input.extend_from_slice(b"{\"id\": \"3\", \"author\": \"b\", \"text\": \"Still read\"}\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ndjson");
    std::fs::write(&path, &input).unwrap();
    let p = path.to_str().unwrap();
    // With the account given, and found by the first pass; chunks of one
    // record, so that the damaged line is a chunk of its own.
    for args in [
        &[
            p,
            "--select",
            LOCAL,
            "--account",
            "b",
            "--stream-chunk",
            "1",
        ][..],
        &[p, "--select", LOCAL, "--stream-chunk", "1"],
    ] {
        let run = same_as_whole_load(args, None);
        let skipped: Vec<Value> = run
            .stdout
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|v| v["type"] == "skipped")
            .collect();
        assert_eq!(skipped.len(), 1, "{}", run.stdout);
        assert_eq!(skipped[0]["data"]["source"]["line"], 2);
        assert_eq!(skipped[0]["data"]["reason"], "invalid UTF-8 at column 40");
        let summary: Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
        assert_eq!(summary["data"]["records"], 3);
        assert_eq!(summary["data"]["posts"], 2);
    }
}

/// A JSON array streams: written on one line (every record on line 1, an
/// id repeated chunks apart), held by an object, empty, or with CRLF line
/// ends, the output is the whole load's, in chunks of one record, with the account given and
/// found by the first pass.
#[test]
fn a_json_array_streams_as_it_loads_whole() {
    let dir = tempfile::tempdir().unwrap();
    let one_line = dir.path().join("one-line.json");
    std::fs::write(
        &one_line,
        r#"[{"id":"a","author":"brand","text":"Buy now, 20% off!"},{"id":"b","author":"brand","text":"Hello there"},7,{"id":"a","author":"brand","text":"Shop now!"},{"id":"c","author":"sam","text":"ok"}]"#,
    )
    .unwrap();
    // The array held by an object, after other values and before more.
    let wrapped = dir.path().join("wrapped.json");
    std::fs::write(
        &wrapped,
        "{\"meta\": {\"posts\": 2, \"tags\": [\"a]\", {}]},\n \"Data\": 7,\n \"data\": [\n  {\"id\": \"w1\", \"author\": \"brand\", \"text\": \"Buy now!\"},\n  {\"id\": \"w2\", \"author\": \"brand\", \"text\": \"What do you brew?\"}],\n \"items\": [{\"id\": \"x\", \"author\": \"brand\", \"text\": \"Not the records\"}],\n \"paging\": {\"next\": null}}\n",
    )
    .unwrap();
    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, " [\n]\n").unwrap();
    let crlf = dir.path().join("crlf.json");
    let fixture = std::fs::read_to_string("fixtures/stream-array.json").unwrap();
    std::fs::write(&crlf, fixture.replace('\n', "\r\n")).unwrap();
    for path in [&one_line, &wrapped, &empty, &crlf] {
        let p = path.to_str().unwrap();
        for account in [&["--account", "brand"][..], &[]] {
            let mut args = vec![p, "--select", LOCAL, "--stream-chunk", "1"];
            args.extend_from_slice(account);
            let run = same_as_whole_load(&args, None);
            let lines: Vec<Value> = run
                .stdout
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            let of = |kind: &str| lines.iter().filter(|v| v["type"] == kind).count();
            let summary = &lines.last().unwrap()["data"];
            if path == &one_line {
                assert_eq!(of("skipped"), 2, "{}", run.stdout);
                assert!(
                    run.stdout.contains("duplicate id \\\"a\\\" (first seen at"),
                    "{}",
                    run.stdout
                );
                assert_eq!(summary["records"], 5);
            } else if path == &wrapped {
                // Keys are taken in the order of the known keys (`data`
                // before `items`), each by its first value (`Data`, as
                // column names compare): 7, not an array, so the records
                // are under `items`.
                assert_eq!(summary["records"], 1, "{}", run.stdout);
                assert!(run.stdout.contains("\"line\":6"), "{}", run.stdout);
                assert!(run.stdout.contains("\"post_id\":\"x\""));
            } else if path == &empty {
                assert_eq!(of("warning"), 1);
                assert!(run.stdout.contains("the array of records is empty"));
                assert_eq!(summary["records"], 0);
            } else {
                assert_eq!(summary["records"], 15);
            }
        }
    }
}

/// A JSON file a whole load rejects is loaded whole, so the error is the
/// whole load's and nothing is written; `-v` says why it did not stream.
#[test]
fn an_invalid_json_array_is_not_streamed_and_fails_as_a_whole_load() {
    let dir = tempfile::tempdir().unwrap();
    let bad = [
        (
            "missing-comma.json",
            &b"[{\"text\": \"a\"}\n {\"text\": \"b\"}]"[..],
            "line 1: an element is not valid JSON",
        ),
        (
            "unclosed.json",
            b"[{\"text\": \"a\"},\n{\"text\": \"b\"}\n",
            "line 3: the document ends inside a value",
        ),
        (
            "latin1.json",
            b"[{\"text\": \"a\"},\n{\"text\": \"caf\xe9\"}]",
            "line 2: an element is not valid JSON",
        ),
        (
            "after.json",
            b"[{\"text\": \"a\"}] []",
            "line 1: text after the document",
        ),
        (
            "truncated.json",
            &std::fs::read("fixtures/truncated.json").unwrap(),
            "line 3: the document ends inside a value",
        ),
        (
            "no-key.json",
            b"{\"rows\": [{\"text\": \"a\"}],\n \"posts\": {}}",
            "line 2: no array of records under a known key",
        ),
    ];
    // From a file, and from standard input (its copy is checked): a fault
    // is the whole load's, with nothing written.
    for &(name, bytes, why) in &bad {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let p = path.to_str().unwrap();
        for (arg, display, stdin) in [(p, p, None), ("-", "<stdin>", Some(bytes))] {
            let args = [arg, "--select", LOCAL, "--account", "b"];
            let run = check(&args, stdin);
            let mut whole_args = args.to_vec();
            whole_args.push("--no-stream");
            let whole = check(&whole_args, stdin);
            assert!(
                run.stderr.contains(&format!(
                    "postaudit: not streaming: {display} is not JSON a whole load reads ({why}): a whole load says what is wrong"
                )),
                "{}",
                run.stderr
            );
            assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{name}");
            assert_eq!(
                run.stderr.lines().last(),
                whole.stderr.lines().last(),
                "{name}"
            );
        }
    }
    // And valid JSON on standard input streams, with or without an account.
    let json = std::fs::read("fixtures/stream-array.json").unwrap();
    for extra in [&["--account", "larkspur"][..], &[]] {
        let mut args = vec!["-", "--select", LOCAL];
        args.extend(extra);
        let run = same_as_whole_load(&args, Some(&json));
        assert!(
            run.stderr.contains("postaudit: streaming"),
            "{}",
            run.stderr
        );
    }
}

/// `postaudit ARGS` run by bash, for its process substitution
/// (`<(cat FILE)`, a pipe): standard output, with `/dev/fd/N` written
/// `PIPE`, and standard error.
#[cfg(unix)]
fn through_bash(args: &str) -> (String, String) {
    let bin = env!("CARGO_BIN_EXE_postaudit");
    let out = std::process::Command::new("bash")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-c", &format!("{bin} check --isolated -v {args}")])
        .output()
        .expect("bash runs");
    let pipe = regex::Regex::new("/dev/fd/[0-9]+").unwrap();
    (
        pipe.replace_all(&String::from_utf8(out.stdout).unwrap(), "PIPE")
            .into_owned(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A pipe of an export that is read a block of records at a time (an X
/// archive's `tweets.js`, a Mastodon outbox, Facebook's posts and
/// comments) is recognised from its first bytes, copied to a temporary
/// file as it comes and read from there: the report is the file's.
#[cfg(unix)]
#[test]
fn a_pipe_of_an_archive_reads_as_the_file() {
    for file in [
        "fixtures/platforms/twitter-archive/data/tweets.js",
        "fixtures/platforms/mastodon/outbox.json",
        "fixtures/platforms/facebook/comments.json",
        "fixtures/platforms/facebook/your_posts_1.json",
    ] {
        let (piped, err) = through_bash(&format!("--format json <(cat {file})"));
        assert!(err.is_empty() || !err.contains("error"), "{file}: {err}");
        let direct = postaudit()
            .args(["check", "--isolated", "-v", "--format", "json", file])
            .output()
            .unwrap();
        let direct = String::from_utf8(direct.stdout)
            .unwrap()
            .replace(file, "PIPE");
        let doc: serde_json::Value = serde_json::from_str(&direct).unwrap();
        assert!(doc["summary"]["records"].as_u64().unwrap() > 0, "{file}");
        assert_eq!(doc["inputs"][0]["path"], "PIPE", "{file}");
        assert_eq!(piped, direct, "{file}");
    }
}

/// A pipe (`<(zcat export.csv.gz)`) is read once, as standard input is:
/// its first bytes are not taken to recognise it. It streams as it comes
/// with an account, and from a temporary copy without one; both read every
/// record, as from the file.
#[cfg(unix)]
#[test]
fn a_pipe_is_read_once_and_every_record_audited() {
    let same_as_file = |out: &str, format: &str, extra: &str| {
        let file = postaudit()
            .args(["check", "--isolated", "--format", format])
            .args(extra.split_whitespace())
            .arg("fixtures/larkspur.csv")
            .output()
            .unwrap();
        let file = String::from_utf8(file.stdout)
            .unwrap()
            .replace("fixtures/larkspur.csv", "PIPE");
        assert!(file.contains("\"records\":14") || file.contains("\"records\": 14"));
        assert_eq!(out, file);
    };
    // Loaded whole: the report is the file's.
    let (out, _) = through_bash("--format json <(cat fixtures/larkspur.csv)");
    same_as_file(&out, "json", "");
    let local = format!("--select {LOCAL} --account larkspur");
    let (out, err) = through_bash(&format!(
        "--format ndjson {local} <(cat fixtures/larkspur.csv)"
    ));
    assert!(err.contains("postaudit: streaming"), "{err}");
    assert!(out.contains("\"replies_to_people\":null"), "{out}");
    same_as_file(&out, "ndjson", &local);
    // Without an account: copied, then streamed in two passes.
    let (out, err) = through_bash(&format!(
        "--format ndjson --select {LOCAL} <(cat fixtures/larkspur.csv)"
    ));
    assert!(err.contains("postaudit: streaming"), "{err}");
    same_as_file(&out, "ndjson", &format!("--select {LOCAL}"));
    // One pipe named twice cannot be read twice: not streamed.
    let bin = env!("CARGO_BIN_EXE_postaudit");
    let out = std::process::Command::new("bash")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "-c",
            &format!(
                "exec 3< <(cat fixtures/larkspur.csv); {bin} check --isolated -v --format ndjson --select {LOCAL} --account larkspur /dev/fd/3 /dev/fd/3"
            ),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("not streaming: /dev/fd/3 is named twice"),
        "{err}"
    );
    // Nor loaded whole: the second would read as empty.
    assert!(
        err.ends_with("postaudit: error: /dev/fd/3 is named twice, but it can be read only once\n"),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_unreadable_later_input_stops_the_stream_before_any_output() {
    let args = [
        "fixtures/promotion.csv",
        "fixtures/no-text-column.csv",
        "--select",
        LOCAL,
        "--account",
        "brand",
    ];
    let streamed = check(&args, None);
    assert!(streamed.stderr.contains("streaming"), "{}", streamed.stderr);
    let mut whole_args = args.to_vec();
    whole_args.push("--no-stream");
    let whole = check(&whole_args, None);
    assert_eq!((streamed.code, streamed.stdout.as_str()), (2, ""));
    assert_eq!((whole.code, whole.stdout.as_str()), (2, ""));
    let error = |r: &Run| r.stderr.lines().last().unwrap().to_string();
    assert_eq!(error(&streamed), error(&whole));
    assert!(error(&streamed).contains("fixtures/no-text-column.csv: no text column found"));
}

/// A rule's cost is the sum of its findings' shares over the records
/// judged, in a whole load as in a streamed one, so both round alike: 9
/// findings of 5 points over 24 posts cost 1.875 points, shown 1.88 (the
/// whole load once divided each share first, and showed 1.87).
#[test]
fn costs_round_alike_streamed_and_whole() {
    let mut csv = String::from("scheduled_at,text\n");
    for k in 1..=24 {
        let text = if k <= 9 {
            "Fresh rye at nine."
        } else {
            "Fresh rye at nine. Which loaf next?"
        };
        writeln!(csv, "2026-03-{k:02} 09:00,{text} ({k})").unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calendar.csv");
    std::fs::write(&path, csv).unwrap();
    let p = path.to_str().unwrap();
    for chunk in ["1", "5", "4096"] {
        let run = same_as_whole_load(&[p, "--select", "D001", "--stream-chunk", chunk], None);
        let summary: Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
        let d = &summary["data"];
        assert_eq!(d["posts"], 24, "{d}");
        assert_eq!(d["costs"]["dialogue"][0]["findings"], 9, "{d}");
        assert_eq!(d["costs"]["dialogue"][0]["points"], 1.88, "{d}");
    }
}
