//! How records become conversations: replies found by their reply-to id,
//! or by the mention they open with when the export keeps no id.

mod common;

use common::{check_json, postaudit};

/// An account's own tweets, as many exports give them: no reply-to column,
/// replies recognisable only by the `@handle` they start with.
const NO_REPLY_IDS: &str = "id,author,created_at,text
1,metro,2026-03-02 08:00,Line 2 is running with delays this morning because of a signal fault.
2,metro,2026-03-02 08:10,@sam_k Sorry for the wait: trains are running again every 6 minutes.
3,metro,2026-03-02 08:12,@jo_b Yes: the 8:20 from Central is on time.
4,metro,2026-03-02 08:20,@sam_k Glad it worked out.
5,metro,2026-03-02 09:00,Service on line 2 is back to normal. Thanks for your patience.
6,metro,2026-03-02 09:05,.@cityhall thanks for clearing the station entrance so quickly!
";

#[test]
fn a_post_opening_with_a_mention_is_a_reply_to_that_person() {
    let out = postaudit()
        .args(["check", "-", "--format", "json", "--select", "D001,D102"])
        .write_stdin(NO_REPLY_IDS)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &doc["summary"]["metrics"];
    assert_eq!(m["top_level_posts"], 3, "{m}");
    assert_eq!(m["replies_to_people"], 3, "{m}");
    // Only original posts are asked to invite replies: none of the replies.
    let flagged: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "D001")
        .map(|f| f["post_id"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["1", "5", "6"]);
    // Half the output is replies to people: no low-reply-share finding.
    assert!(!common::codes(&doc).contains(&"D102".to_string()));
}

#[test]
fn the_account_is_not_inferred_from_people_writing_to_it() {
    // Customer-care data: customers open with @brand, the brand only replies.
    let (doc, _) = check_json(&["fixtures/care-threads.csv", "--select", "R"]);
    assert_eq!(
        doc["account"]["handles"][0], "larkspurhelp",
        "{}",
        doc["account"]
    );
    assert_eq!(doc["account"]["inferred"], true);
}
