//! R003 late-reply: a reply that comes days later is a finding on the
//! comment; replying only in office hours is not.

mod common;

use common::{check_json, codes};

#[test]
fn replies_only_in_office_hours_raise_nothing() {
    // A comment at 22:30 answered at 09:05; one on Friday 18:40 and one on
    // Saturday answered on Monday morning.
    let (doc, code) = check_json(&["fixtures/office-hours.csv", "--select", "R003"]);
    assert!(codes(&doc).is_empty(), "{doc:#}");
    assert_eq!(code, 0);
    // Nor does any other rule speak of the hours: the account rules judge
    // the median (R102), not when in the day the team works.
    let (doc, _) = check_json(&["fixtures/office-hours.csv", "--select", "R0"]);
    assert!(codes(&doc).is_empty(), "{:?}", codes(&doc));
}

#[test]
fn a_reply_days_later_is_flagged_on_the_comment() {
    let (doc, _) = check_json(&["fixtures/late-reply.csv", "--select", "R003"]);
    assert_eq!(codes(&doc), ["R003"]);
    let f = &doc["findings"][0];
    assert_eq!(f["post_id"], "2");
    assert_eq!(f["severity"], "warning");
    assert_eq!(
        f["message"],
        "@dan waited 3 days 1 h for an answer to \"Is it decaf?\": answer within 2 days"
    );
    assert!(
        doc["summary"]["principles"]["responsiveness"]
            .as_u64()
            .unwrap()
            < 100
    );
}

#[test]
fn weekends_count_when_the_config_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("postaudit.toml");
    std::fs::write(
        &cfg,
        "[responsiveness]\nskip-weekends = false\nlate-reply-hours = 40\n",
    )
    .unwrap();
    let (doc, _) = check_json(&[
        "fixtures/office-hours.csv",
        "--select",
        "R003",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    let ids: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["post_id"].as_str().unwrap())
        .collect();
    // Friday 18:40 to Monday 09:10 is 62.5 h; Saturday 11:00 to Monday
    // 09:15 is 46 h.
    assert_eq!(ids, ["4", "6"]);
    assert!(
        doc["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("@bob waited 2 days 14 h for an answer")
    );
}
