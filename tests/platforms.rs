//! Platform exports and schedulers: each format read from its fixture under
//! `fixtures/platforms/`, auto-detected, with what a user sees (counts, the
//! account, thread links, shares, JSON fields) and a malformed file of each.

mod common;

use common::{check_json, counts, first_finding, postaudit, skipped_by_line, warnings_by_line};
use serde_json::Value;

fn post<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no post {id}"))
}

fn formats(doc: &Value) -> Vec<(String, String)> {
    doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_string(),
                i["format"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn stderr_of(args: &[&str]) -> (String, i32) {
    let out = postaudit().arg("check").args(args).output().unwrap();
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap(),
    )
}

fn metric(doc: &Value, name: &str) -> Value {
    doc["summary"]["metrics"][name].clone()
}

// ---- X/Twitter archive ----

/// A `tweets.js` on disk, in a directory, or from standard input (copied
/// to a temporary file first) is read a block of tweets at a time. The
/// reports are the same but for the name of the input, over several blocks
/// of tweets, with skips and warnings among them. (The unit tests of
/// `src/load/twitter_archive.rs` compare the blocks with the whole load.)
#[test]
fn a_large_tweets_file_reads_as_it_reads_whole() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tweets.js");
    let mut text = String::from("window.YTD.tweets.part0 = [\n");
    for i in 0..9000_usize {
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&match i % 1000 {
            7 => "  7".to_string(),
            8 => format!("  {{\"tweet\": {{\"id_str\": \"{i}\", \"full_text\": \"x\", \"created_at\": \"soon\"}}}}"),
            _ => format!(
                "  {{\"tweet\": {{\"id_str\": \"{i}\", \"full_text\": \"Flash sale on our beans, tweet {i} &amp; more\", \"created_at\": \"Wed Apr 08 07:{:02}:{:02} +0000 2026\", \"in_reply_to_status_id_str\": \"{}\"}}}}",
                i / 60 % 60,
                i % 60,
                i.saturating_sub(2)
            ),
        });
    }
    text.push_str("\n];\n");
    let streamed = reads_as_it_reads_whole(&file, &text, "twitter-archive");
    assert_eq!(counts(&streamed).0, 9000);
    assert_eq!(counts(&streamed).3, 9);
    assert_eq!(skipped_by_line(&streamed).len(), 9);
    assert_eq!(warnings_by_line(&streamed).len(), 9);
}

/// Writes `text` to `file` (in a directory of its own) and audits it from
/// there, from standard input as `format`, and from its directory: the
/// reports must be the same but for the name of the input.
/// Returns the report of the file.
fn reads_as_it_reads_whole(file: &std::path::Path, text: &str, format: &str) -> Value {
    std::fs::write(file, text).unwrap();
    let streamed = postaudit()
        .args(["check", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    let whole = postaudit()
        .args(["check", "--format", "json", "--input-format", format, "-"])
        .write_stdin(text.to_string())
        .output()
        .unwrap();
    assert_eq!(streamed.status.code(), whole.status.code());
    let shown = file.to_str().unwrap();
    let streamed = String::from_utf8(streamed.stdout).unwrap();
    let whole = String::from_utf8(whole.stdout)
        .unwrap()
        .replace("<stdin>", shown);
    let streamed: Value = serde_json::from_str(&streamed).unwrap();
    let whole: Value = serde_json::from_str(&whole).unwrap();
    // Not `assert_eq!`: a failure would print two reports of 9,000 posts.
    assert!(streamed == whole, "the reports differ");
    let dir = file.parent().unwrap();
    let from_dir = check_json(&[dir.to_str().unwrap()]).0;
    assert_eq!(from_dir["findings"], streamed["findings"]);
    streamed
}

/// A Mastodon `outbox.json` on disk is read a block of activities at a
/// time (see `src/load/mastodon.rs`): the same report as from standard
/// input, and from the archive's folder.
#[test]
fn a_large_outbox_reads_as_it_reads_whole() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("outbox.json");
    let mut text = String::from(
        "{\n  \"@context\": \"https://www.w3.org/ns/activitystreams\",\n  \"id\": \"outbox.json\",\n  \"type\": \"OrderedCollection\",\n  \"totalItems\": 9000,\n  \"orderedItems\": [\n",
    );
    for i in 0..9000_usize {
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&match i % 1000 {
            7 => "    7".to_string(),
            8 => format!("    {{\"type\": \"Like\", \"id\": \"l{i}\"}}"),
            9 => format!("    {{\"type\": \"Announce\", \"actor\": \"https://h.example/users/larkspur\", \"object\": \"https://o.example/{i}\", \"published\": \"soon\"}}"),
            _ => format!(
                "    {{\"type\": \"Create\", \"actor\": \"https://h.example/users/larkspur\", \"published\": \"2026-04-08T07:{:02}:{:02}Z\", \"object\": {{\"id\": \"https://h.example/{i}\", \"content\": \"<p>Flash sale on our beans, post {i} &amp; more</p>\", \"inReplyTo\": \"https://h.example/{}\"}}}}",
                i / 60 % 60,
                i % 60,
                i.saturating_sub(2)
            ),
        });
    }
    text.push_str("\n  ]\n}\n");
    let streamed = reads_as_it_reads_whole(&file, &text, "mastodon");
    assert_eq!(counts(&streamed).0, 9000);
    assert_eq!(counts(&streamed).3, 18);
    assert_eq!(skipped_by_line(&streamed).len(), 18);
    assert_eq!(warnings_by_line(&streamed).len(), 9);
    assert_eq!(streamed["account"]["handles"][0], "larkspur");
}

/// `note-tweet.js` holds the full text of long posts, which `tweets.js`
/// keeps cut short: the post is audited with its full text.
#[test]
fn twitter_archive_long_posts_are_audited_with_their_full_text() {
    let (doc, _) = check_json(&["fixtures/platforms/twitter-archive-notes"]);
    // Two tweets, a long text matching no tweet (a post of its own) and
    // one with no text (skipped); the joined long text is no record.
    assert_eq!(counts(&doc), (4, 3, 0, 1));
    // The hard sell is past the cut: seen only in the full text.
    let hits = common::hits(&doc);
    assert!(
        hits.contains(&("P001".to_string(), "2042100000000000001".to_string())),
        "{hits:?}"
    );
    let p001 = first_finding(&doc, "P001");
    assert_eq!(p001["span"]["text"], "BUY NOW");
    assert_eq!(
        p001["source"]["path"],
        "fixtures/platforms/twitter-archive-notes/data/tweets.js"
    );
    assert!(post(&doc, "2043000000000000003")["platform"] == "x");
    assert_eq!(
        doc["warnings"][0]["message"],
        "long post 2043000000000000003 matches no tweet in tweets.js: audited as a post of its own"
    );
    assert_eq!(
        doc["skipped"][0]["reason"],
        "the long post has no core.text"
    );
    assert_eq!(doc["skipped"][0]["source"]["line"], 34);
    // Without note-tweet.js the cut text shows no hard sell.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "fixtures/platforms/twitter-archive-notes/data/tweets.js",
        dir.path().join("tweets.js"),
    )
    .unwrap();
    let (cut, _) = check_json(&[dir.path().to_str().unwrap()]);
    assert!(!common::codes(&cut).contains(&"P001".to_string()));
}

#[test]
fn twitter_archive_folder_names_the_account_and_recognises_retweets() {
    let (doc, _) = check_json(&["fixtures/platforms/twitter-archive"]);
    assert_eq!(counts(&doc), (10, 10, 0, 0));
    assert_eq!(
        formats(&doc),
        [
            (
                "fixtures/platforms/twitter-archive/data/account.js".into(),
                "twitter-archive".into()
            ),
            (
                "fixtures/platforms/twitter-archive/data/tweets.js".into(),
                "twitter-archive".into()
            ),
        ]
    );
    assert_eq!(doc["account"]["handles"][0], "larkspur");
    assert_eq!(doc["account"]["inferred"], false);
    assert_eq!(
        doc["account"]["named_in"],
        "fixtures/platforms/twitter-archive/data/account.js"
    );
    let rt = post(&doc, "2032411929342902277");
    assert_eq!(rt["kind"], "share");
    assert_eq!(rt["platform"], "x");
    let reply = post(&doc, "2041783581537206282");
    assert_eq!(reply["parent_id"], "2041637934330806363");
    assert_eq!(reply["kind"], "post");
    // Two replies to customers; the reply within the account's own thread
    // (its parent is in the archive) is not one.
    assert_eq!(metric(&doc, "replies_to_people"), 2);
    // The retweet is not judged as the account's own words.
    assert!(
        !doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["post_id"] == "2032411929342902277")
    );
    // The text is decoded (&amp;) and links expanded (t.co → target).
    let text = postaudit()
        .args([
            "check",
            "fixtures/platforms/twitter-archive",
            "--select",
            "P001",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("account    @larkspur (named in fixtures/platforms/twitter-archive/data/account.js; set it with --account)"),
        "{text}"
    );
}

#[test]
fn twitter_archive_zip_reads_its_entries_and_says_what_it_passed_over() {
    let out = postaudit()
        .args([
            "check",
            "fixtures/platforms/twitter-archive.zip",
            "-v",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts(&doc), (10, 10, 0, 0));
    assert_eq!(
        doc["account"]["named_in"],
        "fixtures/platforms/twitter-archive.zip:data/account.js"
    );
    let first = &doc["posts"][0]["source"];
    assert_eq!(
        first["path"],
        "fixtures/platforms/twitter-archive.zip:data/tweets.js"
    );
    assert_eq!(first["line"], 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("postaudit: fixtures/platforms/twitter-archive.zip:data/tweets.js: read as twitter-archive (window.YTD.tweets: an X/Twitter archive's tweets)"), "{err}");
    assert!(err.contains("postaudit: fixtures/platforms/twitter-archive.zip:data/manifest.js: passed over (not a recognised export)"), "{err}");
    assert!(err.contains("passed over 2 other file(s)"), "{err}");
}

#[test]
fn twitter_archive_replies_link_to_mentions_from_another_file() {
    let (doc, _) = check_json(&[
        "fixtures/platforms/twitter-archive/data/tweets.js",
        "fixtures/platforms/twitter-archive/data/account.js",
        "fixtures/platforms/twitter-mentions.csv",
    ]);
    assert_eq!(counts(&doc), (13, 10, 3, 0));
    // Maya's and Tom's questions were answered in the archive; Kenji's was not.
    let r: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("R0"))
        .collect();
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0]["rule"], "R002");
    assert_eq!(r[0]["post_id"], "2041801112345678901");
    assert_eq!(metric(&doc, "comments_answered"), 2);
}

#[test]
fn twitter_archive_tweets_alone_are_all_the_accounts() {
    let (doc, _) = check_json(&["fixtures/platforms/twitter-archive/data/tweets.js"]);
    assert_eq!(counts(&doc), (10, 10, 0, 0));
    assert_eq!(doc["account"]["handles"], serde_json::json!([]));
    assert_eq!(doc["inputs"][0]["format"], "twitter-archive");
}

#[test]
fn twitter_archive_malformed_is_an_error_with_its_position() {
    let (err, code) =
        stderr_of(&["fixtures/platforms/malformed/twitter-archive/tweets-malformed.js"]);
    assert_eq!(code, 2);
    assert!(err.contains("fixtures/platforms/malformed/twitter-archive/tweets-malformed.js:1:27: expected `[` after `window.YTD.tweets... =`"), "{err}");
    // Cut short inside the array: serde's line and column, in the file.
    let (err, code) = {
        let out = postaudit()
            .args(["check", "-", "--input-format", "twitter-archive"])
            .write_stdin("window.YTD.tweets.part0 = [\n  {\"tweet\": {\"full_text\": \"hi\"\n")
            .output()
            .unwrap();
        (
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code().unwrap(),
        )
    };
    assert_eq!(code, 2);
    assert!(
        err.contains("<stdin>:3:0: invalid JSON: EOF while parsing"),
        "{err}"
    );
}

/// Writes a zip with the given entries (stored, so bytes can be corrupted).
fn write_zip(path: &std::path::Path, entries: &[(&str, &[u8])]) {
    use std::io::Write;
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn zip_errors_name_the_archive_and_entry() {
    let dir = tempfile::tempdir().unwrap();
    // Invalid UTF-8 inside an entry: archive:entry:line:column.
    let bad = dir.path().join("bad-utf8.zip");
    write_zip(
        &bad,
        &[(
            "data/tweets.js",
            b"window.YTD.tweets.part0 = [\n {\"tweet\": {\"full_text\": \"caf\xe9\"}}\n]",
        )],
    );
    let (err, code) = stderr_of(&[bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad-utf8.zip:data/tweets.js:2:30: the file is not valid UTF-8"),
        "{err}"
    );
    // A corrupted entry: its checksum fails.
    let corrupt = dir.path().join("corrupt.zip");
    let tweets = std::fs::read("fixtures/platforms/twitter-archive/data/tweets.js").unwrap();
    write_zip(&corrupt, &[("data/tweets.js", &tweets)]);
    let mut bytes = std::fs::read(&corrupt).unwrap();
    let at = bytes.windows(6).position(|w| w == b"Settle").unwrap();
    bytes[at] = b's';
    std::fs::write(&corrupt, bytes).unwrap();
    let (err, code) = stderr_of(&[corrupt.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("corrupt.zip:data/tweets.js: cannot read the entry"),
        "{err}"
    );
    // Not a zip at all, and a zip with no export in it.
    let fake = dir.path().join("fake.zip");
    std::fs::write(&fake, "hello").unwrap();
    let (err, code) = stderr_of(&[fake.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("fake.zip: not a readable zip archive"),
        "{err}"
    );
    let empty = dir.path().join("photos.zip");
    write_zip(&empty, &[("a.jpg", b"x"), ("notes.json", b"{\"a\": 1}")]);
    let (err, code) = stderr_of(&[empty.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("photos.zip: no export found in the archive"),
        "{err}"
    );
    // A truncated zip never panics.
    let cut = dir.path().join("cut.zip");
    let whole = std::fs::read("fixtures/platforms/twitter-archive.zip").unwrap();
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let (err, code) = stderr_of(&[cut.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("cut.zip: not a readable zip archive"), "{err}");
}

// ---- Mastodon ----

#[test]
fn mastodon_outbox_reads_posts_replies_and_boosts() {
    let out = postaudit()
        .args([
            "check",
            "fixtures/platforms/mastodon",
            "-v",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("postaudit: fixtures/platforms/mastodon/outbox.json: read as mastodon (ActivityStreams OrderedCollection)"),
        "{err}"
    );
    assert!(err.contains("postaudit: fixtures/platforms/mastodon/actor.json: read as mastodon (ActivityPub actor: the account's handle)"), "{err}");
    assert_eq!(counts(&doc), (9, 9, 0, 0));
    assert_eq!(doc["account"]["handles"], serde_json::json!(["larkspur"]));
    assert_eq!(
        doc["account"]["named_in"],
        "fixtures/platforms/mastodon/actor.json"
    );
    let boost = post(
        &doc,
        "https://mastodon.example/users/larkspur/statuses/116296187904000006/activity",
    );
    assert_eq!(boost["kind"], "share");
    assert_eq!(boost["platform"], "mastodon");
    let reply = post(
        &doc,
        "https://mastodon.example/users/larkspur/statuses/116172739772416002",
    );
    assert_eq!(
        reply["parent_id"],
        "https://mastodon.example/users/maya_r/statuses/116172671025152311"
    );
    assert_eq!(metric(&doc, "replies_to_people"), 2);
    // The hard sell is found in the text, not the HTML around it.
    let sell = first_finding(&doc, "P001");
    assert_eq!(sell["span"]["text"], "20% OFF");
    let text = postaudit()
        .args(["check", "fixtures/platforms/mastodon/outbox.json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(!text.contains("<p>") && !text.contains("&#39;"), "{text}");
    assert!(text.contains("\"Spring menu is live"), "{text}");
    // Without actor.json, the outbox's actor names the account.
    assert!(
        text.contains("account    @larkspur (named in fixtures/platforms/mastodon/outbox.json"),
        "{text}"
    );
}

#[test]
fn mastodon_replies_link_to_comments_from_another_file() {
    let comments = "id,author,created_at,text,in_reply_to\n\
        https://mastodon.example/users/maya_r/statuses/116172671025152311,maya_r,2026-03-04T20:01:00Z,Is the oat milk extra?,https://mastodon.example/users/larkspur/statuses/116159964774400001\n\
        https://mastodon.example/users/sam/statuses/1,sam,2026-03-02T15:00:00Z,Is the lavender latte vegan?,https://mastodon.example/users/larkspur/statuses/116159964774400001\n";
    let out = postaudit()
        .args([
            "check",
            "fixtures/platforms/mastodon/outbox.json",
            "-",
            "--format",
            "json",
        ])
        .write_stdin(comments)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts(&doc), (11, 9, 2, 0));
    let r: Vec<(&str, &str)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("R0"))
        .map(|f| (f["rule"].as_str().unwrap(), f["post_id"].as_str().unwrap()))
        .collect();
    // Maya was answered (the account's reply names her status); Sam was not.
    assert_eq!(
        r,
        [("R002", "https://mastodon.example/users/sam/statuses/1")]
    );
    assert_eq!(metric(&doc, "comments_answered"), 1);
    // The account's reply to Maya, now in the export, is a reply to people.
    assert_eq!(metric(&doc, "replies_to_people"), 2);
}

#[test]
fn mastodon_malformed_outbox_is_an_error_with_line_and_column() {
    let (err, code) = stderr_of(&["fixtures/platforms/malformed/mastodon/outbox-malformed.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("fixtures/platforms/malformed/mastodon/outbox-malformed.json:330:20: invalid JSON: EOF while parsing a string"),
        "{err}"
    );
    // An outbox item that is not a post is skipped with its type.
    let out = postaudit()
        .args([
            "check",
            "-",
            "--input-format",
            "mastodon",
            "--format",
            "json",
        ])
        .write_stdin(
            "{\"type\": \"OrderedCollection\", \"orderedItems\": [\n\
             {\"type\": \"Create\", \"object\": {\"id\": \"a\", \"content\": \"<p>Hi</p>\"}},\n\
             {\"type\": \"Like\", \"object\": \"b\"},\n\
             {\"type\": \"Create\", \"object\": {\"id\": \"c\", \"content\": \"<p></p>\"}},\n\
             7]}",
        )
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts(&doc), (4, 1, 0, 3));
    let skipped = skipped_by_line(&doc);
    assert_eq!(
        skipped,
        [
            (3, "a Like activity, not a post"),
            (4, "the post has no text (content is empty)"),
            (5, "expected a JSON object, found a number"),
        ]
    );
}

// ---- Bluesky ----

fn r_findings(doc: &Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with('R'))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["post_id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn bluesky_list_records_are_the_accounts_posts_with_reply_links() {
    let (err, _) = stderr_of(&["fixtures/platforms/bluesky/posts.json", "-v"]);
    assert!(
        err.contains("postaudit: fixtures/platforms/bluesky/posts.json: read as bluesky (Bluesky app.bsky.feed.post records)"),
        "{err}"
    );
    let (doc, _) = check_json(&["fixtures/platforms/bluesky/posts.json"]);
    assert_eq!(counts(&doc), (9, 9, 0, 0));
    let reply = post(
        &doc,
        "at://did:plc:n63m3ip7ejcrvbs35z2hkesv/app.bsky.feed.post/3mgmjchizos2b",
    );
    assert_eq!(
        reply["parent_id"],
        "at://did:plc:5hklpf3apsjwfkqup5v24w5z/app.bsky.feed.post/3mgmi4hmme225"
    );
    assert_eq!(reply["platform"], "bluesky");
    // Two replies to customers; the one in the account's own thread is not.
    assert_eq!(metric(&doc, "replies_to_people"), 2);
    // Records lines are where each record's object starts.
    assert_eq!(doc["posts"][0]["source"]["line"], 3);
}

#[test]
fn bluesky_thread_finds_unanswered_comments_and_answered_ones() {
    let (doc, _) = check_json(&["fixtures/platforms/bluesky/thread.json"]);
    // Root, three comments, the account's answer, and one deleted post.
    assert_eq!(counts(&doc), (6, 2, 3, 1));
    assert_eq!(
        doc["account"]["handles"],
        serde_json::json!(["larkspur.bsky.social"])
    );
    assert_eq!(
        doc["skipped"][0]["reason"],
        "a post in the thread that is not found (deleted)"
    );
    // Maya's question was answered; Tom's question and Oakmill's comment were not.
    assert_eq!(
        r_findings(&doc),
        [
            (
                "R002".to_string(),
                "at://did:plc:tpkygm72rv6jpfoi5eqo72yg/app.bsky.feed.post/3mgmkq3bxsc25"
                    .to_string()
            ),
            (
                "R001".to_string(),
                "at://did:plc:q4oakm1llb4kery7xq2cnw5d/app.bsky.feed.post/3mgmlr7tdfk2a"
                    .to_string()
            ),
        ]
    );
    assert_eq!(metric(&doc, "comments_answered"), 1);
    // Combined with the account's own records, the thread links to them;
    // a post in both files is read once and the second reported.
    let (both, _) = check_json(&[
        "fixtures/platforms/bluesky/posts.json",
        "fixtures/platforms/bluesky/thread.json",
    ]);
    assert_eq!(counts(&both), (15, 9, 3, 3));
    assert_eq!(r_findings(&both).len(), 2);
}

#[test]
fn bluesky_author_feed_reads_reposts_as_shares_and_reply_context() {
    let (doc, _) = check_json(&["fixtures/platforms/bluesky/author-feed.json"]);
    assert_eq!(counts(&doc), (4, 3, 1, 0));
    let repost = post(
        &doc,
        "at://did:plc:pr1yak4p00rphotoz3xq7mne/app.bsky.feed.post/3mhxvzq4kbs2a#repost",
    );
    assert_eq!(repost["kind"], "share");
    // Tom's question, shown as the reply's context, is answered: no R finding.
    assert_eq!(r_findings(&doc), []);
    assert_eq!(metric(&doc, "comments_answered"), 1);
}

#[test]
fn bluesky_malformed_is_an_error_with_line_and_column() {
    let (err, code) = stderr_of(&["fixtures/platforms/malformed/bluesky/posts-malformed.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("fixtures/platforms/malformed/bluesky/posts-malformed.json:39:3: invalid JSON: trailing comma"),
        "{err}"
    );
    let out = postaudit()
        .args(["check", "-", "--input-format", "bluesky"])
        .write_stdin("{\"cursor\": \"x\"}")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "<stdin>: expected a Bluesky API response holding posts under \"records\", \"feed\", \"thread\" or \"posts\""
    ));
}

// ---- Facebook ----

#[test]
fn facebook_posts_and_comments_combine_with_mojibake_repaired() {
    let out = postaudit()
        .args([
            "check",
            "fixtures/platforms/facebook",
            "-v",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("postaudit: fixtures/platforms/facebook/comments.json: read as facebook (Facebook comments: comments_v2)"), "{err}");
    assert!(err.contains("postaudit: fixtures/platforms/facebook/your_posts_1.json: read as facebook (Facebook posts: timestamp and data[].post)"), "{err}");
    // 8 posts and 5 of the account's own comments, all the account's.
    assert_eq!(counts(&doc), (13, 13, 0, 0));
    // "shared Priya Kapoor’s post." is a share; "shared a link." is not.
    let share = post(&doc, "fixtures/platforms/facebook/your_posts_1.json:51");
    assert_eq!(share["kind"], "share");
    let link = post(&doc, "fixtures/platforms/facebook/your_posts_1.json:26");
    assert_eq!(link["kind"], "post");
    assert_eq!(link["platform"], "facebook");
    // Comments answer people outside the export.
    let comment = post(&doc, "fixtures/platforms/facebook/comments.json:3");
    assert_eq!(comment["parent_id"], "?");
    assert_eq!(metric(&doc, "replies_to_people"), 5);
    // The text is repaired: ’ rather than â\u{80}\u{99}.
    let text = postaudit()
        .args(["check", "fixtures/platforms/facebook/your_posts_1.json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("DON\u{2019}T MISS OUT!!!"), "{text}");
    assert!(text.contains("Roast day at the roastery ☕🔥"), "{text}");
    assert!(!text.contains('\u{e2}'), "{text}");
}

#[test]
fn facebook_malformed_is_an_error_and_textless_posts_are_skipped() {
    let (err, code) =
        stderr_of(&["fixtures/platforms/malformed/facebook/your_posts_1-malformed.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("fixtures/platforms/malformed/facebook/your_posts_1-malformed.json:6:54: invalid JSON: EOF while parsing a string"),
        "{err}"
    );
    let out = postaudit()
        .args(["check", "-", "--input-format", "facebook", "--format", "json"])
        .write_stdin(
            "[\n{\"timestamp\": 1772460495, \"data\": [{\"post\": \"Hi\"}]},\n\
             {\"timestamp\": 1772460496, \"data\": [], \"title\": \"Larkspur Coffee added a new photo.\"},\n\
             \"oops\"\n]",
        )
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts(&doc), (3, 1, 0, 2));
    assert_eq!(
        doc["skipped"][0]["reason"],
        "the post has no text (\"Larkspur Coffee added a new photo.\")"
    );
    assert_eq!(
        doc["skipped"][1]["reason"],
        "expected a JSON object, found a string"
    );
    assert_eq!(doc["skipped"][1]["source"]["line"], 4);
}

// ---- Instagram ----

#[test]
fn instagram_posts_and_comments_read_captions_and_comments() {
    let out = postaudit()
        .args([
            "check",
            "fixtures/platforms/instagram",
            "-v",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("postaudit: fixtures/platforms/instagram/posts_1.json: read as instagram (Instagram posts: media[] with creation_timestamp)"), "{err}");
    assert!(err.contains("postaudit: fixtures/platforms/instagram/post_comments_1.json: read as instagram (Instagram comments: string_map_data with Media Owner)"), "{err}");
    assert_eq!(counts(&doc), (11, 11, 0, 0));
    // A post is named by its first medium; a carousel's caption is its own.
    let carousel = post(&doc, "media/posts/202604/17934120988456712.jpg");
    assert_eq!(carousel["platform"], "instagram");
    assert_eq!(metric(&doc, "replies_to_people"), 5);
    let sell = first_finding(&doc, "P001");
    assert_eq!(sell["post_id"], "media/posts/202604/17905583211904455.jpg");
    assert_eq!(sell["span"]["text"], "20% OFF");
    // Mojibake repaired in captions.
    let text = postaudit()
        .args(["check", "fixtures/platforms/instagram/posts_1.json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("🚨 20% OFF ALL BEANS"), "{text}");
}

#[test]
fn instagram_malformed_is_an_error_with_line_and_column() {
    let (err, code) = stderr_of(&["fixtures/platforms/malformed/instagram/posts_1-malformed.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("fixtures/platforms/malformed/instagram/posts_1-malformed.json:38:3: invalid JSON: expected `,` or `]`"),
        "{err}"
    );
    // The older wrapper object, and a comment with no text.
    let out = postaudit()
        .args(["check", "-", "--input-format", "instagram", "--format", "json"])
        .write_stdin(
            "{\"comments_media_comments\": [\n\
             {\"string_map_data\": {\"Comment\": {\"value\": \"Merci \u{00c3}\u{00a9}!\"}, \"Time\": {\"timestamp\": 1774539682}}},\n\
             {\"string_map_data\": {\"Time\": {\"timestamp\": 1774539683}}}\n]}",
        )
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts(&doc), (2, 1, 0, 1));
    assert_eq!(doc["skipped"][0]["reason"], "the comment has no text");
    assert_eq!(doc["skipped"][0]["source"]["line"], 3);
}

// ---- LinkedIn ----

#[test]
fn linkedin_shares_and_comments_combine_and_link_by_urn() {
    let out = postaudit()
        .args([
            "check",
            "fixtures/platforms/linkedin",
            "-v",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("postaudit: fixtures/platforms/linkedin/Shares.csv: read as linkedin (LinkedIn Shares.csv header)"), "{err}");
    assert!(err.contains("postaudit: fixtures/platforms/linkedin/Comments.csv: read as linkedin (LinkedIn Comments.csv header)"), "{err}");
    assert_eq!(counts(&doc), (12, 12, 0, 0));
    // A bare repost (no commentary) is a share.
    let repost = post(&doc, "urn:li:activity:7443223798611968077");
    assert_eq!(repost["kind"], "share");
    assert_eq!(repost["platform"], "linkedin");
    // The multi-line hiring post, with its doubled quotes, is one record.
    let hiring = post(&doc, "urn:li:ugcPost:7440366592589825234");
    assert_eq!(hiring["source"]["line"], 5);
    // A comment on the account's own post links to it (its own thread);
    // comments on other people's posts are replies to people.
    let comment = post(&doc, "fixtures/platforms/linkedin/Comments.csv:3");
    assert_eq!(comment["parent_id"], "urn:li:ugcPost:7440366592589825234");
    assert_eq!(metric(&doc, "replies_to_people"), 3);
}

#[test]
fn linkedin_comments_with_backslash_quotes_are_read() {
    let out = postaudit()
        .args([
            "check",
            "fixtures/platforms/linkedin-backslash-quotes/Comments.csv",
            "--select",
            "P002",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("records    2 read: 2 by the account, 0 from the audience, 0 skipped"),
        "{text}"
    );
}

#[test]
fn linkedin_malformed_rows_are_skipped_with_line_and_reason() {
    let (doc, _) = check_json(&["fixtures/platforms/malformed/linkedin/Shares-malformed.csv"]);
    assert_eq!(counts(&doc), (11, 5, 0, 6));
    assert_eq!(
        doc["skipped"][0]["reason"],
        "expected 6 fields as in the header, found 3 (the record runs from line 4 to 6: is a quote left open?)"
    );
    assert_eq!(doc["skipped"][0]["source"]["line"], 4);
    // Named outright, a file that is not LinkedIn's is an error.
    let (err, code) = stderr_of(&["fixtures/larkspur.csv", "--input-format", "linkedin"]);
    assert_eq!(code, 2);
    assert!(err.contains("fixtures/larkspur.csv: expected a LinkedIn Shares.csv (Date,ShareLink,ShareCommentary,...) or Comments.csv (Date,Link,Message) header, found: id,author,created_at,text,in_reply_to"), "{err}");
    // Invalid UTF-8 in a message skips that row only.
    let out = postaudit()
        .args(["check", "-", "--format", "json"])
        .write_stdin(b"Date,Link,Message\n2026-03-01 10:00:00,https://x.example/urn%3Ali%3Aactivity%3A1,caf\xe9\n2026-03-02 10:00:00,,Thanks!\n".to_vec())
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["inputs"][0]["format"], "linkedin");
    assert_eq!(counts(&doc), (2, 1, 0, 1));
    assert_eq!(
        doc["skipped"][0]["reason"],
        "column \"Message\" is not valid UTF-8"
    );
}

// ---- Schedulers and content calendars ----

fn planned_all(doc: &Value) -> bool {
    doc["posts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["planned"] == true)
}

#[test]
fn hootsuite_bulk_composer_rows_are_planned_posts() {
    let (err, _) = stderr_of(&["fixtures/platforms/hootsuite/bulk-composer.csv", "-v"]);
    assert!(err.contains("postaudit: fixtures/platforms/hootsuite/bulk-composer.csv: read as hootsuite (no header, first column MM/DD/YYYY HH:mm: Hootsuite bulk composer)"), "{err}");
    let (doc, _) = check_json(&["fixtures/platforms/hootsuite/bulk-composer.csv"]);
    // No header: the first row is a post, on line 1.
    assert_eq!(counts(&doc), (8, 8, 0, 0));
    assert_eq!(doc["posts"][0]["source"]["line"], 1);
    assert!(planned_all(&doc));
    // The promo burst is still judged; nothing is "unanswered".
    let c = common::codes(&doc);
    assert!(c.contains(&"P101".to_string()), "{c:?}");
    assert!(
        !c.iter().any(|c| c.starts_with('R') || c == "D102"),
        "{c:?}"
    );
    assert_eq!(doc["summary"]["principles"]["responsiveness"], Value::Null);
}

#[test]
fn hootsuite_malformed_rows_are_skipped_or_warned() {
    let (doc, _) =
        check_json(&["fixtures/platforms/malformed/hootsuite/bulk-composer-malformed.csv"]);
    assert_eq!(counts(&doc), (4, 2, 0, 2));
    let reasons = skipped_by_line(&doc);
    assert_eq!(
        reasons,
        [
            (2, "column 2 is not valid UTF-8"),
            (4, "expected 2 to 3 fields, found 4")
        ]
    );
    assert_eq!(doc["warnings"][0]["source"]["line"], 3);
    assert!(
        doc["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot read time \"2026-13-40 25:61\" (expected MM/DD/YYYY HH:mm")
    );
}

#[test]
fn buffer_export_rows_are_planned_with_tags_as_campaigns() {
    let (err, _) = stderr_of(&["fixtures/platforms/buffer/export.csv", "-v"]);
    assert!(err.contains("postaudit: fixtures/platforms/buffer/export.csv: read as buffer (header Text, Image URL, Tags, Posting Time: Buffer)"), "{err}");
    let (doc, _) = check_json(&["fixtures/platforms/buffer/export.csv"]);
    assert_eq!(counts(&doc), (7, 7, 0, 0));
    assert!(planned_all(&doc));
    // The multi-line first post is one record, tagged "spring-menu".
    assert_eq!(doc["posts"][0]["campaign"], "spring-menu");
    assert_eq!(doc["posts"][1]["source"]["line"], 5);
    assert!(!common::codes(&doc).iter().any(|c| c.starts_with('R')));
}

#[test]
fn buffer_malformed_rows_are_skipped_with_reasons() {
    let (doc, _) = check_json(&["fixtures/platforms/malformed/buffer/export-malformed.csv"]);
    assert_eq!(counts(&doc), (3, 0, 0, 3));
    let reasons: Vec<&str> = doc["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        [
            "column \"text\" is not valid UTF-8",
            "column \"text\" is not valid UTF-8",
            "a quote opened in this record is never closed: the remaining 1 line(s) of the file were read into it",
        ]
    );
    let (err, code) = stderr_of(&["fixtures/larkspur.csv", "--input-format", "buffer"]);
    assert_eq!(code, 2);
    assert!(err.contains("fixtures/larkspur.csv: expected Buffer's header Text,Image URL,Tags,Posting Time (or Analyze's id,type,text,date,...), found: id,author,created_at,text,in_reply_to"), "{err}");
}

const BUFFER_ANALYZE: &str = "fixtures/platforms/buffer-analyze/posts-20260301-to-20260410.csv";

/// Analyze's export of sent posts: published (not planned), the platform
/// from `serviceLink`, times month first, metric columns passed over.
#[test]
fn buffer_analyze_posts_export_is_read_as_published_posts() {
    let (err, _) = stderr_of(&[BUFFER_ANALYZE, "-v"]);
    assert!(err.contains(&format!("postaudit: {BUFFER_ANALYZE}: read as buffer (header id, type, text, date, serviceLink ...: Buffer Analyze posts export)")), "{err}");
    let (doc, code) = check_json(&[BUFFER_ANALYZE]);
    assert_eq!(code, 0);
    assert_eq!(counts(&doc), (6, 6, 0, 0));
    assert_eq!(doc["inputs"][0]["format"], "buffer");
    let posts = doc["posts"].as_array().unwrap();
    assert!(
        posts
            .iter()
            .all(|p| p["planned"] == false && p["platform"] == "x")
    );
    assert_eq!(posts[0]["id"], "66a1c0dcefda0ca07a6d3be1");
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 0);
    let hits = common::hits_with_messages(&doc);
    let p001: Vec<&str> = hits
        .iter()
        .filter(|h| h.0 == "P001")
        .map(|h| h.1.as_str())
        .collect();
    assert_eq!(
        p001,
        ["66a1c31b8e2d0a1f3b5c6d71", "66a1c42c7d1c9e2a4c6d7e82"]
    );
    // 03/13/2026 is the 13th of March: month first, as Buffer writes it.
    assert!(
        hits.iter().any(|h| h.0 == "S001"
            && h.1 == "66a1c31b8e2d0a1f3b5c6d71"
            && h.2.contains("(last post 2026-03-13)")),
        "{hits:?}"
    );
}

/// Buffer quotes the text without doubling the quotes in it: a row is
/// split from both ends, so quotes and commas in the text stay; entities
/// are decoded. The real download is a zip of one CSV per chart: only the
/// posts are read.
#[test]
fn buffer_analyze_text_keeps_quotes_and_commas_and_the_zip_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,type,text,date,serviceLink,reactions,comments,media\n\
        101_1,text,\"Beans &amp; buns, \"fresh\" today: LAST CHANCE\",03/20/2026 09:15:00,https://www.facebook.com/101/posts/1,4,1,\n\
        101_2,text,\"Cupping on Saturday, who's in?\",03/21/2026 10:00:00,https://www.facebook.com/101/posts/2,9,5,";
    let zip = dir.path().join("buffer-analyze.zip");
    write_zip(
        &zip,
        &[
            ("posts-20260301-to-20260331.csv", csv.as_bytes()),
            (
                "summary-20260301-to-20260331.csv",
                b"Posts,Reactions,Comments\n2,13,6",
            ),
        ],
    );
    let (doc, _) = check_json(&[zip.to_str().unwrap()]);
    assert_eq!(counts(&doc), (2, 2, 0, 0));
    assert_eq!(
        formats(&doc),
        [(
            format!("{}:posts-20260301-to-20260331.csv", zip.display()),
            "buffer".to_string()
        )]
    );
    assert_eq!(post(&doc, "101_1")["platform"], "facebook");
    let p001 = first_finding(&doc, "P001");
    assert_eq!(p001["post_id"], "101_1");
    let text = "Beans & buns, \"fresh\" today: LAST CHANCE";
    let at = text[..text.find("LAST").unwrap()].chars().count();
    assert_eq!(p001["span"]["start"], at);
    assert_eq!(p001["span"]["text"], "LAST CHANCE");
}

#[test]
fn buffer_analyze_malformed_rows_are_skipped_with_reasons() {
    let (doc, code) =
        check_json(&["fixtures/platforms/malformed/buffer-analyze/posts-20260301-to-20260331.csv"]);
    assert_eq!(code, 0);
    assert_eq!(counts(&doc), (5, 2, 0, 3));
    let reasons = skipped_by_line(&doc);
    assert_eq!(
        reasons,
        [
            (3, "the row has no text"),
            (4, "expected 9 fields, found 4"),
            (5, "the row is not valid UTF-8"),
        ]
    );
    let warnings = warnings_by_line(&doc);
    assert_eq!(
        warnings,
        [
            (2, "the post has no time (\"Invalid date\")"),
            (
                6,
                "cannot read time \"2026-13-40 25:61\" (expected MM/DD/YYYY HH:mm:ss, as Buffer Analyze writes it)"
            ),
        ]
    );
    // A header that is not UTF-8 is an error naming the file and line.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("posts-20260301-to-20260331.csv");
    std::fs::write(
        &bad,
        b"id,type,text,date,m\xe9dia\n1,text,\"hi\",03/01/2026 09:00:00,\n",
    )
    .unwrap();
    let (err, code) = stderr_of(&[bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!(
            "{}:1: the header is not valid UTF-8",
            bad.display()
        )),
        "{err}"
    );
}

#[test]
fn calendar_rows_keep_platform_campaign_and_status_and_are_planned() {
    let (err, _) = stderr_of(&["fixtures/platforms/calendar/content-calendar.csv", "-v"]);
    assert!(err.contains("postaudit: fixtures/platforms/calendar/content-calendar.csv: read as calendar (header with date, text and platform columns and no author: content calendar)"), "{err}");
    let (doc, _) = check_json(&["fixtures/platforms/calendar/content-calendar.csv"]);
    assert_eq!(counts(&doc), (12, 12, 0, 0));
    assert!(planned_all(&doc));
    let first = &doc["posts"][0];
    assert_eq!(first["platform"], "instagram");
    assert_eq!(first["campaign"], "winter-blend");
    let statuses: Vec<&str> = doc["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap_or("-"))
        .collect();
    assert!(
        statuses.contains(&"approved") && statuses.contains(&"draft"),
        "{statuses:?}"
    );
    // Mix rules still judge a calendar: the bean20 burst is promotional.
    let c = common::codes(&doc);
    assert!(c.contains(&"P101".to_string()), "{c:?}");
    assert!(c.contains(&"P001".to_string()), "{c:?}");
    // Responsiveness and reply-share rules do not: nothing was published.
    assert!(
        !c.iter().any(|c| c.starts_with('R') || c == "D102"),
        "{c:?}"
    );
    assert_eq!(doc["summary"]["principles"]["responsiveness"], Value::Null);
}

#[test]
fn planned_posts_are_never_judged_as_unanswered_comments() {
    // Planned rows that ask questions of the account and mention it are
    // never comments to answer (corpus tests cover planned records by other
    // authors too).
    let rows = "date,platform,text,status\n\
                2026-05-18,x,Is @larkspur open on Sunday?,planned\n\
                2026-05-19,x,@larkspur loved the flat white!,draft\n";
    let (doc, _) = {
        let out = postaudit()
            .args([
                "check",
                "-",
                "--input-format",
                "calendar",
                "--account",
                "larkspur",
                "--format",
                "json",
            ])
            .write_stdin(rows)
            .output()
            .unwrap();
        (serde_json::from_slice::<Value>(&out.stdout).unwrap(), ())
    };
    assert_eq!(counts(&doc), (2, 2, 0, 0));
    assert!(!common::codes(&doc).iter().any(|c| c.starts_with('R')));
    // The same rows as published posts by a customer are flagged.
    let published = "id,author,date,text\n1,maya_r,2026-05-18,Is @larkspur open on Sunday?\n2,maya_r,2026-05-19,@larkspur loved the flat white!\n";
    let out = postaudit()
        .args(["check", "-", "--account", "larkspur", "--format", "json"])
        .write_stdin(published)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(common::codes(&doc), ["R002", "R001"]);
}

#[test]
fn calendar_malformed_rows_are_skipped_or_warned_and_add_up() {
    let (doc, _) =
        check_json(&["fixtures/platforms/malformed/calendar/content-calendar-malformed.csv"]);
    assert_eq!(counts(&doc), (5, 2, 0, 3));
    let reasons = skipped_by_line(&doc);
    assert_eq!(
        reasons,
        [
            (4, "column \"text\" is not valid UTF-8"),
            (5, "expected 5 fields as in the header, found 6"),
            (
                6,
                "a quote opened in this record is never closed: the remaining 2 line(s) of the file were read into it"
            ),
        ]
    );
    let warnings: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert!(
        warnings[0].starts_with("unknown status \"someday\""),
        "{warnings:?}"
    );
    assert!(
        warnings[1].starts_with("cannot read time \"2026-02-30\""),
        "{warnings:?}"
    );
    assert!(
        warnings[2].starts_with("unknown platform \"myspace\""),
        "{warnings:?}"
    );
}

// ---- Any format: detection, directories, robustness ----

/// Every fixture, cut short at many points or with a byte made invalid
/// UTF-8, is read or refused with an error: never a panic, and what is read
/// adds up.
#[test]
fn truncated_and_invalid_inputs_never_panic() {
    let mut files = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from("fixtures/platforms")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 20, "{files:?}");
    let opts = postaudit::load::LoadOptions::default();
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let name = file.to_string_lossy().into_owned();
        let step = (bytes.len() / 40).max(1);
        let mut variants: Vec<Vec<u8>> = (1..bytes.len())
            .step_by(step)
            .map(|n| bytes[..n].to_vec())
            .collect();
        for at in (0..bytes.len()).step_by(step * 3) {
            let mut bad = bytes.clone();
            bad[at] = 0xff;
            variants.push(bad);
        }
        for v in variants {
            let mut data = postaudit::model::Dataset::default();
            let _ = postaudit::load::load_bytes(&v, name.as_str().into(), &opts, &mut data);
            for s in &data.skipped {
                assert!(!s.reason.is_empty());
            }
        }
    }
}

#[test]
fn a_directory_passes_over_what_it_does_not_recognise() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("media_attachments")).unwrap();
    std::fs::copy(
        "fixtures/platforms/mastodon/outbox.json",
        root.join("outbox.json"),
    )
    .unwrap();
    std::fs::write(
        root.join("likes.json"),
        "{\"id\": \"likes.json\", \"type\": \"OrderedCollection\", \"orderedItems\": [\"https://m.example/s/1\"]}",
    )
    .unwrap();
    std::fs::write(root.join("media_attachments/a.png"), "png").unwrap();
    std::fs::write(root.join("avatar.png"), "png").unwrap();
    let shown = root.to_string_lossy().into_owned();
    let out = postaudit()
        .args(["check", &shown, "-v", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts(&doc), (9, 9, 0, 0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "postaudit: {shown}/outbox.json: read as mastodon (ActivityStreams OrderedCollection)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "postaudit: {shown}/likes.json: passed over (not a recognised export)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("postaudit: {shown}: passed over 2 other file(s)")),
        "{err}"
    );
    // Without -v, nothing about them is said.
    let (err, _) = stderr_of(&[&shown]);
    assert_eq!(err, "");
}

#[test]
fn a_directory_of_several_platforms_is_one_audit_in_path_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (from, to) in [
        ("linkedin/Shares.csv", "b/Shares.csv"),
        ("calendar/content-calendar.csv", "a/calendar.csv"),
        ("bluesky/thread.json", "c/thread.json"),
    ] {
        std::fs::create_dir_all(root.join(to).parent().unwrap()).unwrap();
        std::fs::copy(format!("fixtures/platforms/{from}"), root.join(to)).unwrap();
    }
    let (doc, _) = check_json(&[root.to_str().unwrap(), "--account", "larkspur.bsky.social"]);
    let formats: Vec<String> = formats(&doc).into_iter().map(|(_, f)| f).collect();
    assert_eq!(formats, ["calendar", "linkedin", "bluesky"]);
    // 12 planned + 7 shares + the thread's 2 account posts, 3 comments, 1 skipped.
    assert_eq!(counts(&doc), (25, 21, 3, 1));
    assert_eq!(r_findings(&doc).len(), 2);
}

#[test]
fn input_format_names_every_format() {
    let out = postaudit().args(["check", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for name in [
        "twitter-archive",
        "mastodon",
        "bluesky",
        "facebook",
        "instagram",
        "linkedin",
        "hootsuite",
        "buffer",
        "calendar",
        "csv",
        "tsv",
        "json",
        "ndjson",
    ] {
        assert!(help.contains(name), "{name} missing from:\n{help}");
    }
    // Named outright, each reads its own fixture.
    for (format, file, records) in [
        ("twitter-archive", "twitter-archive/data/tweets.js", 10),
        ("mastodon", "mastodon/outbox.json", 9),
        ("bluesky", "bluesky/posts.json", 9),
        ("facebook", "facebook/your_posts_1.json", 8),
        ("instagram", "instagram/posts_1.json", 6),
        ("linkedin", "linkedin/Shares.csv", 7),
        ("hootsuite", "hootsuite/bulk-composer.csv", 8),
        ("buffer", "buffer/export.csv", 7),
        ("buffer", "buffer-analyze/posts-20260301-to-20260410.csv", 6),
        ("calendar", "calendar/content-calendar.csv", 12),
    ] {
        let path = format!("fixtures/platforms/{file}");
        let (doc, _) = check_json(&[&path, "--input-format", format]);
        assert_eq!(doc["summary"]["records"], records, "{format}");
        assert_eq!(doc["inputs"][0]["format"], format);
    }
}

#[test]
fn twitter_archive_parts_and_the_older_tweet_js_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(
        "fixtures/platforms/twitter-archive/data/tweets.js",
        data.join("tweets.js"),
    )
    .unwrap();
    std::fs::write(
        data.join("tweets-part1.js"),
        "window.YTD.tweets.part1 = [\n  {\n    \"tweet\" : {\n      \"id_str\" : \"1900000000000000001\",\n      \"created_at\" : \"Mon Jan 05 09:00:00 +0000 2026\",\n      \"full_text\" : \"Happy new year from the roastery &lt;3 What should we roast first?\",\n      \"entities\" : { \"urls\" : [ ] }\n    }\n  }\n]\n",
    )
    .unwrap();
    let old = dir.path().join("old");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(
        old.join("tweet.js"),
        "window.YTD.tweet.part0 = [ {\n  \"tweet\" : {\n    \"id_str\" : \"1100000000000000001\",\n    \"created_at\" : \"Tue Oct 31 22:10:47 +0000 2017\",\n    \"full_text\" : \"RT @oakmill_bakery: Fresh buns at 7\"\n  }\n} ]\n",
    )
    .unwrap();
    let (doc, _) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(counts(&doc), (12, 12, 0, 0));
    let part = post(&doc, "1900000000000000001");
    assert_eq!(part["source"]["line"], 2);
    assert!(
        part["source"]["path"]
            .as_str()
            .unwrap()
            .ends_with("data/tweets-part1.js")
    );
    assert_eq!(post(&doc, "1100000000000000001")["kind"], "share");
}

#[test]
fn bluesky_repository_car_export_is_read() {
    let (err, _) = stderr_of(&["fixtures/platforms/bluesky/repo.car", "-v"]);
    assert!(
        err.contains("postaudit: fixtures/platforms/bluesky/repo.car: read as bluesky (CAR v1 repository: a Bluesky data export)"),
        "{err}"
    );
    let (doc, _) = check_json(&["fixtures/platforms/bluesky/repo.car"]);
    // Nine posts and a repost; the like and the profile are not posts.
    assert_eq!(counts(&doc), (10, 10, 0, 0));
    let reply = post(
        &doc,
        "at://did:plc:n63m3ip7ejcrvbs35z2hkesv/app.bsky.feed.post/3mgmjchizos2b",
    );
    assert_eq!(
        reply["parent_id"],
        "at://did:plc:5hklpf3apsjwfkqup5v24w5z/app.bsky.feed.post/3mgmi4hmme225"
    );
    // Records come in key order; a binary file places them by number.
    assert_eq!(reply["source"]["line"], 3);
    let repost = post(
        &doc,
        "at://did:plc:n63m3ip7ejcrvbs35z2hkesv/app.bsky.feed.repost/3mhxwq2zbck2b",
    );
    assert_eq!(repost["kind"], "share");
    // The same posts as the JSON listing (in another order), so the same
    // findings on each post.
    let (json, _) = check_json(&["fixtures/platforms/bluesky/posts.json"]);
    let on_posts = |d: &Value| {
        let mut c: Vec<(String, String)> = d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| !f["post_id"].is_null())
            .map(|f| (f["post_id"].to_string(), f["rule"].to_string()))
            .collect();
        c.sort();
        c
    };
    assert!(!on_posts(&doc).is_empty());
    assert_eq!(on_posts(&doc), on_posts(&json));
    // With the thread under one of its posts, the comments link to it.
    let (both, _) = check_json(&[
        "fixtures/platforms/bluesky/repo.car",
        "fixtures/platforms/bluesky/thread.json",
    ]);
    assert_eq!(counts(&both), (16, 10, 3, 3));
    assert_eq!(r_findings(&both).len(), 2);
}

#[test]
fn bluesky_car_cut_short_is_an_error_naming_the_file() {
    let whole = std::fs::read("fixtures/platforms/bluesky/repo.car").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("repo.car");
    std::fs::write(&cut, &whole[..whole.len() - 100]).unwrap();
    let (err, code) = stderr_of(&[cut.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("repo.car: the CAR file is cut short in the block at byte"),
        "{err}"
    );
    let head_only = dir.path().join("head.car");
    std::fs::write(&head_only, &whole[..60]).unwrap();
    let (err, code) = stderr_of(&[head_only.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("head.car: "), "{err}");
}

#[test]
fn a_zip_inside_a_directory_and_a_zip_on_stdin_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "fixtures/platforms/twitter-archive.zip",
        dir.path().join("twitter-2026-04-09.zip"),
    )
    .unwrap();
    let (doc, _) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(counts(&doc), (10, 10, 0, 0));
    assert!(
        doc["inputs"][1]["path"]
            .as_str()
            .unwrap()
            .ends_with("twitter-2026-04-09.zip:data/tweets.js")
    );
    let zip = std::fs::read("fixtures/platforms/twitter-archive.zip").unwrap();
    let out = postaudit()
        .args(["check", "-", "--format", "json"])
        .write_stdin(zip)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts(&doc), (10, 10, 0, 0));
    assert_eq!(doc["inputs"][1]["path"], "<stdin>:data/tweets.js");
}

#[test]
fn mastodon_api_context_gives_the_comments_the_archive_lacks() {
    let (err, _) = stderr_of(&["fixtures/platforms/mastodon-context.json", "-v"]);
    assert!(err.contains("postaudit: fixtures/platforms/mastodon-context.json: read as mastodon (Mastodon API context: ancestors and descendants)"), "{err}");
    let (doc, _) = check_json(&["fixtures/platforms/mastodon-context.json"]);
    // Sam's question, Maya's question, the account's answer, Maya's thanks.
    assert_eq!(counts(&doc), (4, 1, 3, 0));
    // The replies answer the account's post: it is named as the account.
    assert_eq!(doc["account"]["handles"], serde_json::json!(["larkspur"]));
    assert_eq!(
        r_findings(&doc),
        [(
            "R002".to_string(),
            "https://toot.example/users/sam/statuses/116160211098240077".to_string()
        )]
    );
    // Maya's question is answered; her thanks closes the thread.
    assert_eq!(metric(&doc, "comments_to_account"), 2);
    assert_eq!(metric(&doc, "comments_answered"), 1);
    let answer = post(
        &doc,
        "https://mastodon.example/users/larkspur/statuses/116172739772416002",
    );
    assert_eq!(
        answer["parent_id"],
        "https://mastodon.example/users/maya_r/statuses/116172671025152311"
    );
    // With the archive, statuses are the same records (the same URIs): the
    // account's answer, in both, is read once.
    let (both, _) = check_json(&[
        "fixtures/platforms/mastodon",
        "fixtures/platforms/mastodon-context.json",
    ]);
    assert_eq!(counts(&both), (13, 9, 3, 1));
    assert!(both["skipped"][0]["reason"].as_str().unwrap().starts_with(
        "duplicate id \"https://mastodon.example/users/larkspur/statuses/116172739772416002\""
    ));
    assert_eq!(r_findings(&both).len(), 1);
}

#[test]
fn mastodon_api_bad_statuses_are_skipped_and_bad_json_is_an_error() {
    let out = postaudit()
        .args(["check", "-", "--input-format", "mastodon", "--format", "json"])
        .write_stdin(
            "{\"ancestors\": [], \"descendants\": [\n\
             {\"id\": \"1\", \"uri\": \"https://m.example/s/1\", \"in_reply_to_id\": null, \"account\": {\"acct\": \"a\"}, \"content\": \"<p>Hi</p>\"},\n\
             {\"id\": \"2\", \"in_reply_to_id\": \"1\", \"account\": {\"acct\": \"b\"}, \"content\": \"\"},\n\
             42\n]}",
        )
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts(&doc), (3, 1, 0, 2));
    assert_eq!(
        doc["skipped"][0]["reason"],
        "the status has no text (content is empty)"
    );
    assert_eq!(doc["skipped"][1]["source"]["line"], 4);
    let out = postaudit()
        .args(["check", "-", "--input-format", "mastodon"])
        .write_stdin("{\"descendants\": [\n{\"id\": \"1\",\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("<stdin>:3:0: invalid JSON: EOF while parsing"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bluesky_deleted_reply_context_is_reported() {
    let feed = r#"{"feed": [
  {"post": {"uri": "at://did:plc:a/app.bsky.feed.post/2", "author": {"did": "did:plc:a", "handle": "brand.bsky.social"},
            "record": {"$type": "app.bsky.feed.post", "text": "Thanks!", "createdAt": "2026-03-09T09:00:00Z",
                       "reply": {"root": {"uri": "at://did:plc:b/app.bsky.feed.post/1", "cid": "x"}, "parent": {"uri": "at://did:plc:b/app.bsky.feed.post/1", "cid": "x"}}}},
   "reply": {"root": {"$type": "app.bsky.feed.defs#notFoundPost", "uri": "at://did:plc:b/app.bsky.feed.post/1", "notFound": true},
             "parent": {"$type": "app.bsky.feed.defs#blockedPost", "uri": "at://did:plc:b/app.bsky.feed.post/1", "blocked": true}}}
]}"#;
    let out = postaudit()
        .args(["check", "-", "--format", "json"])
        .write_stdin(feed)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["inputs"][0]["format"], "bluesky");
    assert_eq!(counts(&doc), (3, 1, 0, 2));
    assert_eq!(
        doc["skipped"][0]["reason"],
        "a post that is not found (deleted)"
    );
    assert_eq!(doc["skipped"][1]["reason"], "a post that is blocked");
    assert_eq!(doc["skipped"][0]["source"]["line"], 5);
}
