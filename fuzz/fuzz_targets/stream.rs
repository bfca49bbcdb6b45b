//! Streamed audits against whole loads: arbitrary bytes as a CSV, TSV,
//! NDJSON or JSON file (picked by the first byte, with the chunk size, 1 to
//! 4 records), checked with every record-local rule as `check --format
//! ndjson` streamed and with `--no-stream`. Both must succeed or fail with
//! the same error, and write the same lines: the summary too, but for the
//! metrics a streamed audit leaves null (they need reply threads; the test
//! `tests/stream.rs` checks which).
#![no_main]

use std::io::Write as _;

use clap::Parser as _;
use libfuzzer_sys::fuzz_target;
use postaudit::app;
use postaudit::cli::Cli;
use serde_json::Value;

/// The outcome of one run (`Ok(failed)` or the error's text) and what it
/// wrote to standard output.
fn check(args: &[&str]) -> (Result<bool, String>, String) {
    let cli = Cli::try_parse_from(args).expect("valid arguments");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let outcome = app::run(cli, &mut out, &mut err)
        .map(|o| o == app::Outcome::Failed)
        .map_err(|e| format!("{e:#}"));
    (
        outcome,
        String::from_utf8(out).expect("the output is UTF-8"),
    )
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, input)) = data.split_first() else {
        return;
    };
    let format = ["csv", "tsv", "ndjson", "json"][usize::from(pick % 4)];
    let chunk = (1 + (pick / 4) % 4).to_string();
    let local = postaudit::stream::RECORD_LOCAL.join(",");
    let path = std::env::temp_dir().join(format!(
        "postaudit-fuzz-stream-{}.{format}",
        std::process::id()
    ));
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(input))
        .expect("writing the input");
    let path = path.to_str().expect("a UTF-8 temporary path");
    let args = [
        "postaudit",
        "check",
        "--isolated",
        "--no-progress",
        "--format",
        "ndjson",
        "--input-format",
        format,
        "--select",
        &local,
        "--stream-chunk",
        &chunk,
        path,
    ];
    let (s_outcome, streamed) = check(&args);
    let mut whole_args = args.to_vec();
    whole_args.push("--no-stream");
    let (w_outcome, whole) = check(&whole_args);
    assert_eq!(
        s_outcome, w_outcome,
        "the streamed outcome is the whole load's"
    );
    if w_outcome.is_err() {
        // A stream may have written the findings of the chunks before the
        // error; a whole load writes nothing, nor does a JSON array, which
        // is checked before it streams.
        assert!(whole.is_empty());
        if format == "json" {
            assert!(streamed.is_empty(), "nothing written before a JSON error");
        }
        return;
    }
    let (s_lines, w_lines): (Vec<&str>, Vec<&str>) =
        (streamed.lines().collect(), whole.lines().collect());
    assert_eq!(s_lines.len(), w_lines.len(), "as many lines");
    let n = s_lines.len();
    assert_eq!(s_lines[..n - 1], w_lines[..n - 1], "the same lines");
    let s: Value = serde_json::from_str(s_lines[n - 1]).expect("a JSON summary");
    let mut w: Value = serde_json::from_str(w_lines[n - 1]).expect("a JSON summary");
    let nulls: Vec<String> = s["data"]["metrics"]
        .as_object()
        .expect("metrics")
        .iter()
        .filter(|(_, v)| v.is_null())
        .map(|(k, _)| k.clone())
        .collect();
    for key in nulls {
        w["data"]["metrics"][key.as_str()] = Value::Null;
    }
    assert_eq!(s, w, "the same summary");
    let d = &s["data"];
    assert_eq!(
        d["records"].as_u64(),
        Some(
            d["posts"].as_u64().unwrap()
                + d["audience"].as_u64().unwrap()
                + d["skipped"].as_u64().unwrap()
        ),
        "records = posts + audience + skipped"
    );
});
