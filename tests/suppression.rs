//! Suppression per record (`postaudit-ignore`, `postaudit: ignore[..]`) and
//! baselines (`--write-baseline`, `--baseline`).

mod common;

use common::{check_json, postaudit};

/// (rule, line) of each finding.
fn found(doc: &serde_json::Value) -> Vec<(String, u64)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["source"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(c, l)| (c.to_string(), *l)).collect()
}

#[test]
fn a_column_or_a_marker_suppresses_findings_and_they_are_counted() {
    let (doc, _) = check_json(&["fixtures/calendar.csv", "--select", "D0,P0"]);
    // Line 2: P001 by the column; line 4: P001 by the notes marker;
    // line 6: D001 by the marker in the text.
    assert_eq!(
        found(&doc),
        pairs(&[("D001", 2), ("D001", 4), ("D001", 5), ("P001", 5)])
    );
    assert_eq!(doc["summary"]["suppressed"], 3);
    // Suppressed findings do not cost score: the first post has one info.
    assert_eq!(doc["posts"][0]["score"], 95);

    let text = postaudit()
        .args(["check", "fixtures/calendar.csv", "--select", "D0,P0"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("suppressed: 3"), "{text}");
}

#[test]
fn suppression_in_json_and_all() {
    let input = r#"[
  {"id": "1", "text": "Shop now!", "postaudit-ignore": ["P001", "D001"]},
  {"id": "2", "text": "Shop now!", "postaudit-ignore": "all"},
  {"id": "3", "text": "Shop now! postaudit: ignore[hard-sell]"},
  {"id": "4", "text": "Shop now!", "postaudit-ignore": "Q123"}
]"#;
    let out = postaudit()
        .args(["check", "-", "--format", "json", "--select", "D0,P0"])
        .write_stdin(input)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found(&doc), pairs(&[("D001", 4), ("D001", 5), ("P001", 5)]));
    assert_eq!(doc["summary"]["suppressed"], 5);
    // A code that names no rule is reported, not silently ignored.
    assert_eq!(
        doc["warnings"][0]["message"],
        "postaudit-ignore: \"Q123\" names no rule"
    );
    assert_eq!(doc["warnings"][0]["source"]["line"], 5);
}

#[test]
fn a_baseline_keeps_known_findings_out_and_survives_edits_above() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let csv = dir.path().join("posts.csv");
    let original = "id,author,text\n1,brand,Shop now!\n2,brand,\"What do you brew? Tell us.\"\n";
    std::fs::write(&csv, original).unwrap();
    let run = |args: &[&str]| {
        let out = postaudit()
            .arg("check")
            .arg(&csv)
            .args([
                "--format",
                "json",
                "--select",
                "D0,P0",
                "--fail-on",
                "warning",
            ])
            .args(args)
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (doc, out.status.code().unwrap())
    };

    let (doc, code) = run(&["--write-baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(found(&doc), pairs(&[("D001", 2), ("P001", 2)]));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(written["version"], 1);
    assert_eq!(written["findings"][0]["rule"], "D001");
    assert_eq!(
        written["findings"][0]["fingerprint"],
        doc["findings"][0]["fingerprint"]
    );

    // Same input: nothing new, exit 0.
    let (doc, code) = run(&["--baseline", baseline.to_str().unwrap()]);
    assert_eq!((found(&doc), code), (vec![], 0));
    assert_eq!(doc["summary"]["baselined"], 2);

    // Records added above and ids changed: the old findings stay known; the
    // new post's finding is reported and decides the exit code.
    std::fs::write(
        &csv,
        "id,author,text\n7,brand,\"Big news, folks\"\n8,brand,\"Flash sale, use code SAVE20\"\n11,brand,shop NOW!\n12,brand,\"What do you brew? Tell us.\"\n",
    )
    .unwrap();
    let (doc, code) = run(&["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(found(&doc), pairs(&[("D001", 2), ("D001", 3), ("P001", 3)]));
    assert_eq!(code, 1);
    assert_eq!(doc["summary"]["baselined"], 2);

    // Refreshing compares with the old file, then replaces it: the new
    // findings are reported once, and known from then on.
    let b = baseline.to_str().unwrap();
    let (doc, code) = run(&["--baseline", b, "--write-baseline", b]);
    assert_eq!(found(&doc).len(), 3);
    assert_eq!(code, 1);
    let (doc, code) = run(&["--baseline", b]);
    assert_eq!((found(&doc), code), (vec![], 0));
    assert_eq!(doc["summary"]["baselined"], 5);

    // A broken baseline is an error naming the file and place.
    std::fs::write(&baseline, "{\"version\": 1, \"findings\": [}").unwrap();
    postaudit()
        .arg("check")
        .arg(&csv)
        .args(["--baseline", baseline.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("baseline.json:1:"));
}

#[test]
fn an_inline_marker_works_in_platform_exports_too() {
    // A Mastodon outbox: no columns, only the marker in the post's text.
    let dir = tempfile::tempdir().unwrap();
    let outbox = std::fs::read_to_string("fixtures/platforms/mastodon/outbox.json").unwrap();
    let path = dir.path().join("outbox.json");
    std::fs::write(&path, &outbox).unwrap();
    let path = path.to_str().unwrap();
    let (before, _) = check_json(&[path, "--select", "D001"]);
    let flagged = before["findings"].as_array().unwrap().len();
    assert!(flagged > 0, "{before}");
    assert_eq!(before["summary"]["suppressed"], 0);

    // Mark every post: `<p>` content gains the marker.
    let marked = outbox.replace(
        "\"content\": \"<p>",
        "\"content\": \"<p>postaudit: ignore[D001] ",
    );
    assert_ne!(marked, outbox, "the fixture's content starts with <p>");
    std::fs::write(dir.path().join("outbox.json"), marked).unwrap();
    let (after, _) = check_json(&[path, "--select", "D001"]);
    assert_eq!(after["summary"]["suppressed"], flagged as u64, "{after}");
    assert_eq!(after["findings"].as_array().unwrap().len(), 0);
}
