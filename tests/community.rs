//! The community rules (C) on small bakery exports, as a user sees them in
//! `--format json`.

mod common;

use common::{check_json, codes};

fn account_finding(doc: &serde_json::Value, rule: &str) -> String {
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {doc}"));
    assert!(f["post_id"].is_null(), "{rule} judges the account");
    f["message"].as_str().unwrap().to_string()
}

#[test]
fn a_feed_that_never_turns_to_others_gets_the_strong_finding_only() {
    let (doc, _) = check_json(&["fixtures/community.csv", "--select", "C"]);
    assert_eq!(codes(&doc), ["C102"]);
    let msg = account_finding(&doc, "C102");
    assert!(
        msg.starts_with(
            "none of the account's 5 posts shares, mentions, credits or thanks anyone else"
        ),
        "{msg}"
    );
    assert_eq!(doc["findings"][0]["severity"], "warning");
}

#[test]
fn a_feed_that_rarely_does_gets_the_share() {
    let (doc, _) = check_json(&["fixtures/community-low.csv", "--select", "C"]);
    assert_eq!(codes(&doc), ["C101"]);
    let msg = account_finding(&doc, "C101");
    assert!(msg.starts_with("1 of 6 posts (17%)"), "{msg}");
    assert!(msg.contains("aim for at least 20%"), "{msg}");
}

#[test]
fn the_share_and_the_minimum_posts_come_from_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("postaudit.toml");
    std::fs::write(&config, "[community]\nmin-community-share = 0.1\n").unwrap();
    let cfg = config.to_str().unwrap();
    let (doc, _) = check_json(&[
        "fixtures/community-low.csv",
        "--select",
        "C",
        "--config",
        cfg,
    ]);
    assert!(codes(&doc).is_empty());
    std::fs::write(&config, "min-posts = 6\n").unwrap();
    let (doc, _) = check_json(&["fixtures/community.csv", "--select", "C", "--config", cfg]);
    assert!(codes(&doc).is_empty(), "5 posts are too few to judge");
}
