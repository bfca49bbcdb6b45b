//! Platform rules (F): lengths as each platform counts them, Instagram's
//! hashtag limit and unclickable links.

mod common;

use common::{check_json, postaudit};
use predicates::prelude::*;

/// `(rule, post_id)` of every finding.
fn hits(doc: &serde_json::Value) -> Vec<(String, String)> {
    common::hits(doc)
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn each_platform_counts_its_own_way() {
    let (doc, code) = check_json(&["fixtures/platforms.csv", "--select", "F"]);
    // 1: 150 CJK characters weigh 300 on X. 2: a long link counts 23 on X.
    // 3: ZWJ emoji families are one grapheme each on Bluesky. 5: facebook is
    // not a platform postaudit knows. 6: a long link counts 23 on Mastodon.
    // 8: no platform and no default.
    // 9: six links on Threads; 10: five distinct links; 11: a LinkedIn
    // comment over 1,250; 12: 270 characters and a photo's t.co link; 13: a
    // reply whose opening mentions X does not count.
    assert_eq!(
        hits(&doc),
        pairs(&[
            ("F001", "1"),
            ("F002", "4"),
            ("F003", "4"),
            ("F001", "7"),
            ("F004", "9"),
            ("F001", "11")
        ])
    );
    let comment = &doc["findings"][5]["message"];
    assert_eq!(
        comment,
        "1325 characters where LinkedIn allows 1250 in a comment: cut 75 or split it into a thread"
    );
    assert_eq!(code, 1, "F001 is an error");
    let f = &doc["findings"][0];
    assert_eq!(f["severity"], "error");
    assert_eq!(
        f["message"],
        "300 weighted characters (links 23, CJK and emoji 2) where X allows 280: cut 20 or split it into a thread"
    );
    let link = &doc["findings"][2];
    assert_eq!(link["span"]["text"], "https://example.com/mugs");
    assert_eq!(doc["findings"][1]["span"]["text"], "#tagze");
}

#[test]
fn a_default_platform_and_limits_come_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("postaudit.toml");
    std::fs::write(
        &cfg,
        "[platform]\ndefault = \"x\"\nlinkedin-limit = 5000\nlinkedin-comment-limit = 2000\ninstagram-max-hashtags = 5\n",
    )
    .unwrap();
    let (doc, _) = check_json(&[
        "fixtures/platforms.csv",
        "--select",
        "F",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert_eq!(
        hits(&doc),
        pairs(&[
            ("F001", "1"),
            ("F002", "4"),
            ("F003", "4"),
            ("F001", "8"),
            ("F004", "9"),
        ])
    );

    std::fs::write(&cfg, "[platform]\ndefault = \"myspace\"\n").unwrap();
    postaudit()
        .args(["check", "fixtures/platforms.csv", "--config"])
        .arg(&cfg)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("platform.default = \"myspace\""));
}
