//! Dialogue rules added on top of the core: broadcast streaks (D103) and
//! follow-ups the account dropped (D002).

mod common;

use common::check_json;

fn findings(args: &[&str]) -> Vec<(String, String, String)> {
    let (doc, _) = check_json(args);
    common::hits_with_messages(&doc)
}

#[test]
fn dropped_follow_ups_and_broadcast_streaks() {
    let f = findings(&["fixtures/dialogue.csv", "--select", "D002,D103,R0"]);
    let got: Vec<(&str, &str)> = f.iter().map(|(a, b, _)| (a.as_str(), b.as_str())).collect();
    // 203 closes its thread with thanks; 209 asks a question (R002's); 212
    // was answered further down; 216 confirms a DM the account asked for;
    // 219 was answered by the account writing again in its own thread.
    assert_eq!(got, [("D002", "205"), ("R002", "209"), ("D103", "-")]);
    assert_eq!(
        f[0].2,
        "@bob answered this reply (\"Not yet, I usually do pour-over but I wi…\") and heard nothing back: follow up, the conversation is not over"
    );
    assert_eq!(
        f[2].2,
        "11 original posts in a row (2026-03-05 to 2026-03-15) without a reply to anyone: answer the people who talk to you between posts"
    );
}

#[test]
fn the_streak_limit_comes_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("postaudit.toml");
    std::fs::write(&cfg, "[dialogue]\nmax-broadcast-streak = 11\n").unwrap();
    let f = findings(&[
        "fixtures/dialogue.csv",
        "--select",
        "D103",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert!(f.is_empty(), "{f:?}");
}
