//! Consistency rules (S) on a content calendar: gaps, promotional bursts and
//! campaign mode.

mod common;

use common::check_json;

/// `(rule, post_id)` of every finding.
fn hits(doc: &serde_json::Value) -> Vec<(String, String)> {
    common::hits(doc)
}

#[test]
fn a_calendar_of_two_launch_weeks_is_campaign_mode() {
    let (doc, code) = check_json(&["fixtures/campaign-calendar.csv", "--select", "S"]);
    assert_eq!(code, 0, "warnings only");
    let h = hits(&doc);
    let h: Vec<(&str, &str)> = h.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(
        h,
        [
            ("S002", "fixtures/campaign-calendar.csv:5"),
            ("S001", "fixtures/campaign-calendar.csv:7"),
            ("S101", "-"),
        ]
    );
    let f = &doc["findings"];
    assert_eq!(
        f[0]["message"],
        "promotional post 3 within 48 h (after fixtures/campaign-calendar.csv:3, fixtures/campaign-calendar.csv:4): spread promotions out and give something of value in between"
    );
    assert!(
        f[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("46 days of silence before this post (last post 2026-03-05)")
    );
    assert!(
        f[2]["message"]
            .as_str()
            .unwrap()
            .starts_with("9 of 9 posts (100%) came in 2 bursts (2026-03-02 to 2026-03-05; 2026-04-20 to 2026-04-23)"),
        "{}",
        f[2]["message"]
    );
    assert_eq!(f[2]["severity"], "warning");
    assert!(
        doc["summary"]["principles"]["consistency"]
            .as_u64()
            .unwrap()
            < 100
    );
}

#[test]
fn thresholds_come_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("postaudit.toml");
    std::fs::write(
        &cfg,
        "[consistency]\nmax-gap-days = 60\nsilence-days = 60\npromo-burst-posts = 4\n",
    )
    .unwrap();
    let (doc, _) = check_json(&[
        "fixtures/campaign-calendar.csv",
        "--select",
        "S",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert!(hits(&doc).is_empty(), "{:?}", hits(&doc));

    std::fs::write(&cfg, "[consistency]\nburst-days = 30\n").unwrap();
    let out = common::postaudit()
        .args(["check", "fixtures/campaign-calendar.csv", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("consistency.burst-days (30) must be shorter")
    );
}

/// A bulk upload: every promotion at one time. Each one after the second
/// is a burst; the message names the first five before it and counts the
/// rest.
#[test]
fn a_burst_of_promotions_at_one_time_names_five_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bulk.csv");
    let mut text = String::from("id,author,created_at,text\n");
    for i in 1..=8 {
        text.push_str(&format!(
            "p{i},brand,2026-03-02 09:00,Flash sale! Shop now.\n"
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let (doc, _) = check_json(&[csv.to_str().unwrap(), "--select", "S002"]);
    let messages: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 6, "{messages:#?}");
    let advice = ": spread promotions out and give something of value in between";
    assert_eq!(
        messages[0],
        format!("promotional post 3 within 48 h (after p1, p2){advice}")
    );
    assert_eq!(
        messages[3],
        format!("promotional post 6 within 48 h (after p1, p2, p3, p4, p5){advice}")
    );
    assert_eq!(
        messages[5],
        format!("promotional post 8 within 48 h (after p1, p2, p3, p4, p5 and 2 more){advice}")
    );
}
