//! The `--format json` document, deserialised into a strict mirror of the
//! schema documented in README: a field added, removed or renamed without
//! updating the mirror fails here.

mod common;

use std::collections::BTreeMap;

use common::postaudit;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    version: u32,
    tool: Tool,
    inputs: Vec<Input>,
    account: Account,
    summary: Summary,
    findings: Vec<Finding>,
    posts: Vec<Post>,
    skipped: Vec<Skipped>,
    warnings: Vec<Warning>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tool {
    name: String,
    version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    path: String,
    format: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Account {
    handles: Vec<String>,
    inferred: bool,
    named_in: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    records: usize,
    posts: usize,
    audience: usize,
    skipped: usize,
    warnings: usize,
    findings: Counts,
    suppressed: usize,
    baselined: usize,
    score: Option<u8>,
    principles: BTreeMap<String, Option<u8>>,
    costs: BTreeMap<String, Vec<Cost>>,
    metrics: Metrics,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Counts {
    error: usize,
    warning: usize,
    info: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Metrics {
    account_posts: usize,
    top_level_posts: usize,
    inviting_posts: usize,
    dialogue_share: Option<f64>,
    replies_to_people: usize,
    reply_share: Option<f64>,
    promotional_posts: usize,
    promotional_share: Option<f64>,
    comments_to_account: usize,
    comments_answered: usize,
    response_rate: Option<f64>,
    median_response_minutes: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Finding {
    rule: String,
    name: String,
    principle: String,
    severity: String,
    message: String,
    post_id: Option<String>,
    source: Option<Source>,
    span: Option<Span>,
    fingerprint: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Source {
    path: String,
    line: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cost {
    rule: String,
    name: String,
    findings: usize,
    points: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Span {
    start: usize,
    end: usize,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Post {
    id: String,
    score: u8,
    source: Source,
    kind: String,
    platform: Option<String>,
    parent_id: Option<String>,
    planned: bool,
    campaign: Option<String>,
    status: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Skipped {
    source: Source,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Warning {
    source: Source,
    message: String,
}

fn document(args: &[&str]) -> Document {
    let out = postaudit()
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("the JSON matches the documented schema")
}

#[test]
fn the_sample_matches_the_schema_and_its_numbers() {
    let d = document(&["fixtures/larkspur.csv"]);
    assert_eq!(d.version, 1);
    assert_eq!(d.tool.name, "postaudit");
    assert_eq!(d.tool.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(
        (d.inputs[0].path.as_str(), d.inputs[0].format.as_str()),
        ("fixtures/larkspur.csv", "csv")
    );
    assert_eq!(d.account.handles, ["larkspur"]);
    assert!(d.account.inferred);
    assert_eq!(d.account.named_in, None);

    let s = &d.summary;
    assert_eq!(
        (s.records, s.posts, s.audience, s.skipped, s.warnings),
        (14, 8, 6, 0, 1)
    );
    assert_eq!(s.records, s.posts + s.audience + s.skipped);
    assert_eq!(
        s.findings.error + s.findings.warning + s.findings.info,
        d.findings.len()
    );
    assert_eq!(s.findings.error, 2);
    let m = &s.metrics;
    assert_eq!((m.comments_to_account, m.comments_answered), (5, 2));
    assert_eq!(m.response_rate, Some(0.4));
    // 08:40 -> 09:05 is 25 min; 09:00 -> 15:45 is 405 min.
    assert_eq!(m.median_response_minutes, Some(215.0));
    assert_eq!((m.promotional_posts, m.top_level_posts), (2, 6));
    assert_eq!(
        (m.inviting_posts, m.replies_to_people, m.account_posts),
        (1, 2, 8)
    );
    assert_eq!(m.dialogue_share, Some(1.0 / 6.0));
    assert_eq!(m.reply_share, Some(0.25));
    assert_eq!(m.promotional_share, Some(2.0 / 6.0));
    let principles: Vec<&str> = s.principles.keys().map(String::as_str).collect();
    // Every principle with a selected rule has a key; those here have a score.
    for p in [
        "dialogue",
        "promotion",
        "responsiveness",
        "platform",
        "authenticity",
    ] {
        assert!(principles.contains(&p), "{principles:?}");
    }
    assert!(s.score.is_some());
    assert_eq!(d.posts.len(), 8);
    let first = &d.posts[0];
    assert_eq!((first.id.as_str(), first.source.line), ("1001", 2));
    // One info finding (D001) costs 5.
    assert_eq!(first.score, 95);
    assert_eq!(
        (
            first.kind.as_str(),
            &first.platform,
            &first.parent_id,
            first.planned,
            &first.campaign,
            &first.status
        ),
        ("post", &None, &None, false, &None, &None)
    );
    assert!(
        d.posts
            .iter()
            .any(|p| p.parent_id.as_deref() == Some("1002"))
    );
    assert_eq!((s.suppressed, s.baselined), (0, 0));
    // What each rule cost a principle: D101 (warning, account) 15 points;
    // D001's five info findings and D002's one, their shares of the posts.
    let dialogue: Vec<(&str, usize, f64)> = s.costs["dialogue"]
        .iter()
        .map(|c| (c.rule.as_str(), c.findings, c.points))
        .collect();
    assert_eq!(
        dialogue,
        [("D101", 1, 15.0), ("D001", 5, 3.13), ("D002", 1, 1.88)]
    );
    assert_eq!(s.costs["dialogue"][0].name, "low-dialogue-share");
    // The costs add up to what each principle lost.
    for (p, score) in &s.principles {
        let Some(score) = score else {
            assert!(!s.costs.contains_key(p), "{p}");
            continue;
        };
        let lost: f64 = s.costs[p].iter().map(|c| c.points).sum();
        assert!(
            ((100.0 - lost).clamp(0.0, 100.0) - f64::from(*score)).abs() <= 0.5,
            "{p}: {score} after losing {lost}"
        );
    }
    // Fingerprints: the rule code and 16 hex digits.
    for f in &d.findings {
        let (code, hash) = f.fingerprint.split_once(':').unwrap();
        assert_eq!(code, f.rule);
        assert!(hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    }
    assert!(
        d.warnings[0]
            .message
            .starts_with("cannot read time \"next tuesday\"")
    );
    assert_eq!(
        d.warnings[0].source,
        Source {
            path: "fixtures/larkspur.csv".into(),
            line: 15
        }
    );
    assert!(d.skipped.is_empty());
}

#[test]
fn findings_carry_rule_principle_source_and_span() {
    let d = document(&["fixtures/larkspur.csv"]);
    let sell = d.findings.iter().find(|f| f.rule == "P001").unwrap();
    assert_eq!(
        (
            sell.name.as_str(),
            sell.principle.as_str(),
            sell.severity.as_str()
        ),
        ("hard-sell", "promotion", "warning")
    );
    assert_eq!(sell.post_id.as_deref(), Some("1006"));
    assert_eq!(
        sell.source,
        Some(Source {
            path: "fixtures/larkspur.csv".into(),
            line: 7
        })
    );
    let span = sell.span.as_ref().unwrap();
    assert_eq!(
        (span.start, span.end, span.text.as_str()),
        (0, 10, "FLASH SALE")
    );
    assert!(sell.message.contains("\"use code BEAN20\""));

    let question = d.findings.iter().find(|f| f.rule == "R002").unwrap();
    assert_eq!(question.post_id.as_deref(), Some("1007"));
    assert!(question.span.is_none());

    let account: Vec<&str> = d
        .findings
        .iter()
        .filter(|f| f.post_id.is_none())
        .map(|f| f.rule.as_str())
        .collect();
    let core: Vec<&str> = account
        .iter()
        .copied()
        .filter(|c| c.starts_with(['D', 'P', 'R']))
        .collect();
    assert_eq!(core, ["D101", "P101", "P102", "R101", "R102"]);
    assert!(account.contains(&"C102"), "{account:?}");
    assert!(account.is_sorted(), "account findings by code: {account:?}");
    assert!(
        d.findings
            .iter()
            .filter(|f| f.post_id.is_none())
            .all(|f| f.source.is_none())
    );
}

#[test]
fn skipped_records_are_listed_with_source_and_reason() {
    let d = document(&["fixtures/bad-rows.csv"]);
    assert_eq!(d.skipped.len(), d.summary.skipped);
    assert_eq!(
        d.skipped[0].source,
        Source {
            path: "fixtures/bad-rows.csv".into(),
            line: 3
        }
    );
    assert_eq!(
        d.skipped[0].reason,
        "expected 5 fields as in the header, found 6"
    );
}

#[test]
fn spans_count_characters_not_bytes() {
    let out = postaudit()
        .args(["check", "-", "--format", "json", "--select", "P001"])
        .write_stdin("id,text\n1,\"Café ☕ déjà: 20% off today\"\n")
        .output()
        .unwrap();
    let d: Document = serde_json::from_slice(&out.stdout).unwrap();
    let span = d.findings[0].span.as_ref().unwrap();
    assert_eq!(span.text, "20% off");
    let text: Vec<char> = "Café ☕ déjà: 20% off today".chars().collect();
    assert_eq!(
        text[span.start..span.end].iter().collect::<String>(),
        "20% off"
    );
}

#[test]
fn output_is_the_same_bytes_every_run() {
    let run = || {
        postaudit()
            .args(["check", "fixtures/larkspur.json", "--format", "json"])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}
