//! Streamed audits against whole loads: arbitrary bytes as a CSV, TSV or
//! NDJSON file (picked by the first byte, with the chunk size, 1 to 4
//! records), checked with every record-local rule as `check --format
//! ndjson` streamed and with `--no-stream`. Both must succeed or fail with
//! the same error, and write the same lines: the summary too, but for the
//! metrics a streamed audit leaves null (they need reply threads).
#![no_main]

use std::io::Write as _;

use clap::Parser as _;
use libfuzzer_sys::fuzz_target;
use postaudit::app;
use postaudit::cli::Cli;
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
    let format = ["csv", "tsv", "ndjson"][usize::from(pick % 3)];
    let chunk = (1 + (pick / 3) % 4).to_string();
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
        LOCAL,
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
        // error; a whole load writes nothing.
        assert!(whole.is_empty());
        return;
    }
    let (s_lines, w_lines): (Vec<&str>, Vec<&str>) =
        (streamed.lines().collect(), whole.lines().collect());
    assert_eq!(s_lines.len(), w_lines.len(), "as many lines");
    let n = s_lines.len();
    assert_eq!(s_lines[..n - 1], w_lines[..n - 1], "the same lines");
    let mut s: Value = serde_json::from_str(s_lines[n - 1]).expect("a JSON summary");
    let mut w: Value = serde_json::from_str(w_lines[n - 1]).expect("a JSON summary");
    for key in THREAD_METRICS {
        s["data"]["metrics"][key] = Value::Null;
        w["data"]["metrics"][key] = Value::Null;
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
