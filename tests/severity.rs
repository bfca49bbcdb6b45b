//! Severity overrides: `[severity]` in postaudit.toml and `--severity`.

mod common;

use common::{check_json, postaudit};
use predicates::prelude::*;

fn severities(doc: &serde_json::Value, rule: &str) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["severity"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_cli_lowers_an_error_and_the_exit_code_follows() {
    let (doc, code) = check_json(&["fixtures/larkspur.csv"]);
    assert_eq!(severities(&doc, "R002"), ["error", "error"]);
    assert_eq!(code, 1);

    let (doc, code) = check_json(&["fixtures/larkspur.csv", "--severity", "R002=warning"]);
    assert_eq!(severities(&doc, "R002"), ["warning", "warning"]);
    assert_eq!(doc["summary"]["findings"]["error"], 0);
    assert_eq!(code, 0);
}

#[test]
fn the_config_table_maps_codes_prefixes_names_and_principles() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("postaudit.toml");
    std::fs::write(
        &cfg,
        "[severity]\nhard-sell = \"error\"\nresponsiveness = \"info\"\nR00 = \"warning\"\n",
    )
    .unwrap();
    let cfg = cfg.to_str().unwrap();
    let (doc, _) = check_json(&["fixtures/larkspur.csv", "--config", cfg]);
    assert_eq!(severities(&doc, "P001"), ["error", "error"]);
    // The prefix R00 is more specific than the principle.
    assert_eq!(severities(&doc, "R002"), ["warning", "warning"]);
    assert_eq!(severities(&doc, "R101"), ["info"]);
    // The command line wins over the file for the same key.
    let (doc, _) = check_json(&[
        "fixtures/larkspur.csv",
        "--config",
        cfg,
        "--severity",
        "hard-sell=info",
    ]);
    assert_eq!(severities(&doc, "P001"), ["info", "info"]);
}

#[test]
fn an_override_changes_the_post_score() {
    let score = |args: &[&str]| {
        let (doc, _) = check_json(args);
        doc["posts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "1006")
            .unwrap()["score"]
            .as_u64()
            .unwrap()
    };
    let base = score(&["fixtures/larkspur.csv", "--select", "P001"]);
    let raised = score(&[
        "fixtures/larkspur.csv",
        "--select",
        "P001",
        "--severity",
        "P001=error",
    ]);
    assert_eq!((base, raised), (85, 70));
}

#[test]
fn bad_overrides_are_usage_errors() {
    postaudit()
        .args(["check", "fixtures/larkspur.csv", "--severity", "P001=loud"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown level \"loud\""));
    postaudit()
        .args(["check", "fixtures/larkspur.csv", "--severity", "Z9=info"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("selects no rule"));
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("postaudit.toml");
    std::fs::write(&cfg, "[severity]\nP001 = \"loud\"\n").unwrap();
    postaudit()
        .args(["check", "fixtures/larkspur.csv", "--config"])
        .arg(&cfg)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("postaudit.toml"))
        .stderr(predicate::str::contains("loud"));
}
