//! The authenticity rules (A) on a small bakery export, as a user sees them
//! in `--format json`.

mod common;

use common::check_json;

/// The (rule, post id) pairs of a report's findings, for rules starting
/// with `prefix`.
fn flagged(doc: &serde_json::Value, prefix: &str) -> Vec<(String, String)> {
    common::hits(doc)
        .into_iter()
        .filter(|(rule, _)| rule.starts_with(prefix))
        .collect()
}

#[test]
fn each_authenticity_rule_flags_its_post_and_nothing_else() {
    let (doc, code) = check_json(&["fixtures/authenticity.csv", "--select", "A"]);
    assert_eq!(
        code, 0,
        "warnings and info do not fail the default --fail-on"
    );
    let found = flagged(&doc, "A");
    let expected = [
        ("A001", "3"),
        ("A001", "5"),
        ("A001", "7"),
        ("A002", "11"),
        ("A003", "12"),
        ("A004", "13"),
        ("A005", "14"),
        ("A006", "15"),
        ("A007", "16"),
        // Account level: 3 of the 8 replies are the canned one.
        ("A101", "-"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(r, p)| (r.to_string(), p.to_string()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn findings_say_what_to_do_and_point_at_the_phrase() {
    let (doc, _) = check_json(&["fixtures/authenticity.csv", "--select", "A"]);
    let findings = doc["findings"].as_array().unwrap();
    let by = |rule: &str| findings.iter().find(|f| f["rule"] == rule).unwrap();
    let canned = by("A001")["message"].as_str().unwrap();
    assert!(
        canned.contains("went out 3 times (also posts 5, 7)"),
        "{canned}"
    );
    assert_eq!(
        by("A002")["span"]["text"],
        "We apologise for any inconvenience caused"
    );
    assert_eq!(
        by("A003")["message"]
            .as_str()
            .unwrap()
            .split(" nearly")
            .next(),
        Some("repeats post 1")
    );
    assert_eq!(by("A004")["span"]["text"], "!!!");
    assert_eq!(by("A007")["span"]["text"], "Tag a friend");
    assert_eq!(by("A007")["principle"], "authenticity");
}

#[test]
fn thresholds_come_from_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("postaudit.toml");
    std::fs::write(
        &config,
        "[authenticity]\nmax-hashtags = 10\nmax-mentions = 6\ncanned-min-copies = 4\n",
    )
    .unwrap();
    let (doc, _) = check_json(&[
        "fixtures/authenticity.csv",
        "--select",
        "A001,A005,A006",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(flagged(&doc, "A").is_empty(), "{:?}", flagged(&doc, "A"));
}

#[test]
fn short_thanks_repeat_naturally_unless_min_words_is_lowered() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("postaudit.toml");
    std::fs::write(&config, "[authenticity]\nmin-words = 4\n").unwrap();
    let (doc, _) = check_json(&[
        "fixtures/authenticity.csv",
        "--select",
        "A001",
        "--config",
        config.to_str().unwrap(),
    ]);
    let posts: Vec<String> = flagged(&doc, "A001").into_iter().map(|(_, p)| p).collect();
    assert_eq!(posts, ["3", "5", "7", "19", "21", "23"]);
}

#[test]
fn replies_an_export_does_not_link_still_count_as_replies() {
    // A replies-only archive: no parent column, replies open with a mention.
    let (doc, _) = check_json(&["fixtures/unlinked-replies.csv", "--select", "A001,A003"]);
    let expected: Vec<(String, String)> =
        [("A001", "2"), ("A001", "3"), ("A001", "4"), ("A003", "7")]
            .iter()
            .map(|(r, p)| (r.to_string(), p.to_string()))
            .collect();
    assert_eq!(flagged(&doc, "A"), expected);
}

#[test]
fn a_canned_share_above_the_limit_is_an_account_finding() {
    let (doc, _) = check_json(&["fixtures/authenticity.csv", "--select", "A101"]);
    assert_eq!(
        common::hits_with_messages(&doc),
        [(
            "A101".to_string(),
            "-".to_string(),
            "3 of 8 replies to people (38%) were sent nearly word for word at least 3 times; keep pasted answers under 25%".to_string()
        )]
    );
    // A higher limit lets it pass; so does an account that pastes nothing.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("postaudit.toml"),
        "[authenticity]\nmax-canned-share = 0.4\n",
    )
    .unwrap();
    let out = common::postaudit()
        .current_dir(dir.path())
        .args(["check", "--select", "A101", "--format", "json"])
        .arg(format!(
            "{}/fixtures/authenticity.csv",
            env!("CARGO_MANIFEST_DIR")
        ))
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(common::codes(&doc).is_empty());
    let (doc, _) = check_json(&["fixtures/larkspur.csv", "--select", "A101"]);
    assert!(common::codes(&doc).is_empty());
}
