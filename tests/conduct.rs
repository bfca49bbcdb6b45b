//! The conduct rules (V) on a small bakery export, as a user sees them in
//! `--format json`.

mod common;

use common::check_json;

fn flagged(doc: &serde_json::Value) -> Vec<(String, String)> {
    common::hits(doc)
}

#[test]
fn hostile_sarcastic_and_arguing_replies_are_flagged_caring_ones_are_not() {
    let (doc, code) = check_json(&["fixtures/conduct.csv", "--select", "V"]);
    assert_eq!(code, 1, "a public argument is an error");
    let expected: Vec<(String, String)> = [
        ("V001", "5"),
        ("V003", "5"),
        ("V001", "10"),
        ("V001", "11"),
        ("V002", "12"),
        ("V001", "21"),
        ("V003", "23"),
    ]
    .iter()
    .map(|(r, p)| (r.to_string(), p.to_string()))
    .collect();
    assert_eq!(flagged(&doc), expected);
}

#[test]
fn messages_name_the_words_and_the_person() {
    let (doc, _) = check_json(&["fixtures/conduct.csv", "--select", "V"]);
    let findings = doc["findings"].as_array().unwrap();
    let msg = |rule: &str, post: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == rule && f["post_id"] == post)
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let tone = msg("V001", "10");
    assert!(tone.contains("\"hateful\""), "{tone}");
    assert!(
        tone.starts_with("the tone reads as hostile or complaining (-0.86"),
        "{tone}"
    );
    let blame = msg("V001", "11");
    assert!(blame.starts_with("\"If you don't like our\""), "{blame}");
    let argument = msg("V003", "5");
    assert!(
        argument.contains("2 replies to @maya in this thread"),
        "{argument}"
    );
    let sarcasm = findings.iter().find(|f| f["rule"] == "V002").unwrap();
    assert_eq!(sarcasm["span"]["text"], "Oh great");
}

#[test]
fn the_tone_threshold_and_argument_length_come_from_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("postaudit.toml");
    std::fs::write(
        &config,
        "[conduct]\nmax-negative-tone = -0.9\nargument-min-replies = 3\n",
    )
    .unwrap();
    let (doc, _) = check_json(&[
        "fixtures/conduct.csv",
        "--select",
        "V001,V003",
        "--config",
        config.to_str().unwrap(),
    ]);
    let found = flagged(&doc);
    assert!(!found.contains(&("V001".into(), "10".into())), "{found:?}");
    assert!(!found.iter().any(|(r, _)| r == "V003"), "{found:?}");
}

#[test]
fn sarcasm_and_pushback_tones_come_from_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("postaudit.toml");
    // With a stricter context tone, "oh great ... complaint" no longer reads
    // as sarcasm.
    std::fs::write(&config, "[conduct]\nsarcasm-context-tone = -0.9\n").unwrap();
    let (doc, _) = check_json(&[
        "fixtures/conduct.csv",
        "--select",
        "V002",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(flagged(&doc).is_empty(), "{:?}", flagged(&doc));
    // The replies to @ola push back by tone alone (-0.73, -0.62): below a
    // pushback tone of -0.9 they no longer do; @maya's disputes still do.
    std::fs::write(&config, "[conduct]\npushback-tone = -0.9\n").unwrap();
    let (doc, _) = check_json(&[
        "fixtures/conduct.csv",
        "--select",
        "V003",
        "--config",
        config.to_str().unwrap(),
    ]);
    let found = flagged(&doc);
    assert_eq!(found, [("V003".to_string(), "5".to_string())]);
}
