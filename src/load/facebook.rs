//! Facebook "Download your information" exports, JSON format.
//!
//! - Posts: `your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json`
//!   (older exports: `posts/your_posts_1.json`), a top-level array of
//!   `{"timestamp": <unix seconds>, "data": [{"post": "..."},
//!   {"update_timestamp": ...}], "attachments": [...], "title": "Larkspur
//!   Coffee updated their status."}`. There is no post id: a post is named
//!   `<file>:<line>`. A title saying the account "shared Someone's post"
//!   marks a share of someone else's content. A post with no text (a photo
//!   alone) is skipped with its title.
//! - Comments: `comments_and_reactions/comments.json`, `{"comments_v2":
//!   [{"timestamp", "data": [{"comment": {"timestamp", "comment",
//!   "author"}}], "title": "X replied to Y's comment."}]}` (older exports:
//!   `comments`). Only the account's own comments are exported, and
//!   nothing says which post or comment they answer: each is read as a reply
//!   to a parent outside the export ([`UNKNOWN_PARENT`]).
//!
//! Both hold only the account's activity, so authors are left empty (the
//! account's). Every string is "mojibake": each UTF-8 byte escaped as its
//! own `\u00XX` (`’` is `\u00e2\u0080\u0099`); [`repair_mojibake`] restores
//! the text.
//!
//! Source: the export's own files, as documented by parsers of them (for
//! example `NorseKode/Waultar-App`'s content examples).

use std::io::BufRead;
use std::sync::Arc;

use anyhow::bail;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::load::json::{self, Locator};
pub use crate::load::json_array::Streamed;
use crate::load::json_array::{Member, stream_array, stream_object};
use crate::model::{Dataset, Kind, Post, Source, UNKNOWN_PARENT};

/// Recognises a posts file (by name, or an array of `timestamp` + `data`
/// with `post`) or a comments file (`comments_v2`).
pub fn sniff(name: &str, start: &[u8]) -> Option<&'static str> {
    let has = |s: &str| start.windows(s.len()).any(|w| w == s.as_bytes());
    if start.starts_with(b"{") && has("\"comments_v2\"") {
        return Some("Facebook comments: comments_v2");
    }
    if start.starts_with(b"{")
        && name.starts_with("comments")
        && has("\"comments\"")
        && has("\"timestamp\"")
        && has("\"author\"")
    {
        return Some("Facebook comments");
    }
    if start.starts_with(b"[")
        && has("\"timestamp\"")
        && !has("\"string_map_data\"")
        && (name.starts_with("your_posts") || (has("\"data\"") && has("\"post\"")))
    {
        return Some("Facebook posts: timestamp and data[].post");
    }
    None
}

/// Reads a posts file or a comments file.
pub fn load(text: &str, path: &Arc<str>, out: &mut Dataset) -> anyhow::Result<()> {
    let trimmed = text.trim_start();
    let mut at = Locator::new(text, path);
    if trimmed.starts_with('[') {
        let items: Vec<&RawValue> = json::parse(text, path)?;
        for raw in items {
            let source = at.source(raw);
            if let Some(item) = object(raw, &source, out) {
                push_post(&item, source, out);
            }
        }
        return Ok(());
    }
    // Each value as written: a comment that is not an object, or not
    // valid JSON once read (a number out of range), is skipped with its
    // reason, as a post is.
    let top: std::collections::BTreeMap<String, &RawValue> = json::parse(text, path)?;
    if !["comments_v2", "comments"]
        .iter()
        .any(|k| top.get(*k).is_some_and(|v| v.get().starts_with('[')))
    {
        let keys: Vec<&str> = top.keys().map(String::as_str).collect();
        bail!(
            "{path}: expected Facebook posts (an array) or comments (under \"comments_v2\"), found an object with keys: {}",
            keys.join(", ")
        );
    }
    // Read again, keeping each comment's position.
    #[derive(serde::Deserialize)]
    struct Comments<'a> {
        #[serde(borrow, alias = "comments")]
        comments_v2: Vec<&'a RawValue>,
    }
    let comments: Comments = json::parse(text, path)?;
    for raw in comments.comments_v2 {
        let source = at.source(raw);
        if let Some(item) = object(raw, &source, out) {
            push_comment(&item, source, out);
        }
    }
    Ok(())
}

/// Reads a file of posts (an array) or of comments (an object) from `src`
/// a block of records at a time, on all cores: the records, skips and
/// warnings [`load`] makes of it, or [`Streamed::Whole`], having added
/// nothing, for anything [`load`] reads otherwise (an error), which is
/// then read whole.
pub fn load_streamed<R: BufRead + Send>(
    mut src: R,
    path: &Arc<str>,
    out: &mut Dataset,
) -> std::io::Result<Streamed> {
    if crate::load::strip_bom(src.fill_buf()?)
        .trim_ascii_start()
        .starts_with(b"{")
    {
        return stream_comments(src, path, out);
    }
    stream_objects(src, path, out, push_post)
}

/// The comments of a comments file, the array under `comments_v2` (or
/// `comments`), read as [`load`] reads them. [`Streamed::Whole`] when
/// [`load`] would not read them so: the key is missing, written twice
/// (both names count as one), or not an array; another value is not valid
/// JSON; anything but white space follows the object.
fn stream_comments<R: BufRead + Send>(
    src: R,
    path: &Arc<str>,
    out: &mut Dataset,
) -> std::io::Result<Streamed> {
    let mut comments = false;
    stream_object(
        src,
        path,
        out,
        |key| match key {
            "comments_v2" | "comments" if !comments => {
                comments = true;
                Member::Records
            }
            "comments_v2" | "comments" => Member::Refused,
            _ => Member::Other,
        },
        |text, source, d| read_object(text, source, d, push_comment),
        |_, _| true,
    )
}

/// Adds the records `push` makes of the element `text`, made an object by
/// [`object`]; false when it is not valid JSON.
fn read_object(
    text: &str,
    source: Source,
    out: &mut Dataset,
    push: impl Fn(&Value, Source, &mut Dataset),
) -> bool {
    let Ok(raw) = serde_json::from_str::<&RawValue>(text) else {
        return false;
    };
    if let Some(item) = object(raw, &source, out) {
        push(&item, source, out);
    }
    true
}

/// Reads an array of records from `src` a block at a time
/// ([`stream_array`]): each element as [`object`] makes it, then added by
/// `push`. Instagram's exports are read so too.
pub(crate) fn stream_objects<R: BufRead + Send>(
    src: R,
    path: &Arc<str>,
    out: &mut Dataset,
    push: impl Fn(&Value, Source, &mut Dataset) + Sync,
) -> std::io::Result<Streamed> {
    stream_array(src, path, out, |text, source, d| {
        read_object(text, source, d, &push)
    })
}

/// One element as an object with its strings repaired, or skipped.
pub(crate) fn object(raw: &RawValue, source: &Source, out: &mut Dataset) -> Option<Value> {
    let mut v = json::object(raw, source, out)?;
    repair_all(&mut v);
    Some(v)
}

fn push_post(item: &Value, source: Source, out: &mut Dataset) {
    let title = item.get("title").and_then(Value::as_str).unwrap_or("");
    let text = item
        .get("data")
        .and_then(Value::as_array)
        .and_then(|d| d.iter().find_map(|e| e.get("post").and_then(Value::as_str)))
        .filter(|t| !t.trim().is_empty());
    let Some(text) = text else {
        let what = if title.is_empty() {
            String::new()
        } else {
            format!(" ({title:?})")
        };
        out.skip(source, format!("the post has no text{what}"));
        return;
    };
    let mut post = Post::new(source.to_string(), text, source.clone());
    post.platform = Some("facebook".into());
    post.created = item.get("timestamp").and_then(Value::as_i64);
    if shares_someone_elses(title) {
        post.kind = Kind::Share;
    }
    out.posts.push(post);
}

fn push_comment(item: &Value, source: Source, out: &mut Dataset) {
    let comment = item
        .get("data")
        .and_then(Value::as_array)
        .and_then(|d| d.iter().find_map(|e| e.get("comment")));
    let text = comment
        .and_then(|c| c.get("comment"))
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty());
    let Some(text) = text else {
        out.skip(source, "the comment has no text");
        return;
    };
    let mut post = Post::new(source.to_string(), text, source.clone());
    post.platform = Some("facebook".into());
    post.parent_id = Some(UNKNOWN_PARENT.into());
    post.created = comment
        .and_then(|c| c.get("timestamp"))
        .or_else(|| item.get("timestamp"))
        .and_then(Value::as_i64);
    out.posts.push(post);
}

/// "Larkspur Coffee shared Priya Kapoor's post." shares someone else's;
/// "shared a link.", "shared a memory." or "shared their post." do not.
fn shares_someone_elses(title: &str) -> bool {
    let Some((_, what)) = title.split_once(" shared ") else {
        return false;
    };
    let own = ["a ", "an ", "their ", "his ", "her ", "your "];
    !own.iter().any(|p| what.starts_with(p))
        && ["'s ", "\u{2019}s ", "s' ", "s\u{2019} "]
            .iter()
            .any(|p| what.contains(p))
}

/// Repairs every string in `v` (see [`repair_mojibake`]).
pub(crate) fn repair_all(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Some(fixed) = repair_mojibake(s) {
                *s = fixed;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(repair_all),
        Value::Object(o) => o.values_mut().for_each(repair_all),
        _ => {}
    }
}

/// Meta's exports write each UTF-8 byte of a string as its own character
/// (`é` as `\u00c3\u00a9`). When every character is at most U+00FF and some
/// are above U+007F, the characters are taken as bytes; if those bytes are
/// valid UTF-8, that is the text. `None` when the string needs no repair or
/// cannot be one of these.
pub fn repair_mojibake(s: &str) -> Option<String> {
    if s.is_ascii() || s.chars().any(|c| c as u32 > 0xFF) {
        return None;
    }
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::json_array::stream_checks::{
        cut_or_inserted_alike, inserted_chars, streams_as_read_whole,
    };
    use crate::load::json_array::streamed_and_whole;

    /// The fixture, with what the loader skips or reads otherwise put
    /// after its last element (a number, a share or a comment, an element
    /// with no text).
    fn varied() -> String {
        let fixture =
            include_str!("../../fixtures/platforms/facebook/your_posts_1.json").trim_end();
        let cut = fixture.strip_suffix(']').unwrap().trim_end();
        let extra = "7, {\"title\": \"Larkspur Coffee shared a link.\", \"data\": [{\"post\": \"Look at this\"}], \"timestamp\": 1775557170}, {\"data\": []}";
        format!("\u{feff} {cut},\n  {extra}\n]\n")
    }

    /// What [`load_streamed`] makes of `text`, and what the whole load
    /// does.
    fn both_ways(text: &str) -> (Streamed, Option<String>, Result<String, String>) {
        streamed_and_whole(
            text,
            "posts_1.json",
            crate::load::InputFormat::Facebook,
            |src, path, out| load_streamed(src, path, out),
        )
    }

    #[test]
    fn a_streamed_file_is_the_file_read_whole() {
        let (_, _, whole) = both_ways(&varied());
        assert!(whole.unwrap().contains("Skipped"));
        streams_as_read_whole(
            both_ways,
            &varied(),
            |items| format!("[\n{items}\n]"),
            |i| {
                format!(
                    "{{\"timestamp\": {}, \"data\": [{{\"post\": \"post {i} caf\\u00c3\\u00a9\"}}], \"title\": \"Larkspur Coffee updated their status.\"}}",
                    1775557170 + i
                )
            },
            &[
                "{\"posts\": [1]}",
                "[1] x",
                "[1,]",
                "[{\"a\": \"\\x\"}]",
                "[",
                "",
            ],
        );
    }

    /// The comments fixture, with another key before the comments (a
    /// number out of range in it), and after them a number, a comment with
    /// no text and one with a number out of range.
    fn varied_comments() -> String {
        let fixture = include_str!("../../fixtures/platforms/facebook/comments.json").trim_end();
        let body = fixture.strip_prefix('{').unwrap();
        let cut = body.strip_suffix('}').unwrap().trim_end();
        let cut = cut.strip_suffix(']').unwrap().trim_end();
        let extra = "7, {\"timestamp\": 1775557170, \"data\": [{\"comment\": {\"comment\": \" \"}}]}, {\"timestamp\": 1e999}";
        format!("\u{feff}{{\"meta\": {{\"v\": [1, 2.5, 1e999]}},{cut},\n  {extra}\n]}}\n")
    }

    #[test]
    fn streamed_comments_are_the_comments_read_whole() {
        let (_, _, whole) = both_ways(&varied_comments());
        let whole = whole.unwrap();
        assert!(whole.contains("the comment has no text"), "{whole}");
        assert!(whole.contains("number out of range"), "{whole}");
        let (_, _, not_an_array) = both_ways("{\"comments_v2\": {\"a\": 1}, \"b\": 2}");
        assert_eq!(
            not_an_array.unwrap_err(),
            "posts_1.json: expected Facebook posts (an array) or comments (under \"comments_v2\"), found an object with keys: b, comments_v2"
        );
        streams_as_read_whole(
            both_ways,
            &varied_comments(),
            |items| format!("{{\"comments\": [\n{items}\n]}}"),
            |i| {
                format!(
                    "{{\"timestamp\": {}, \"data\": [{{\"comment\": {{\"comment\": \"comment {i} caf\\u00c3\\u00a9\", \"author\": \"Larkspur\"}}}}]}}",
                    1775557170 + i
                )
            },
            &[
                "{\"comments_v2\": 1}",
                "{\"m\": \"\\x\", \"comments_v2\": [1]}",
                "{\"comments_v2\": [1], \"comments\": [2]}",
                "{\"comments_v2\": [1], \"comments_v2\": [2]}",
                "{\"comments_v2\": [1]} x",
                "{\"comments_v2\": [1]",
                "{\"other\": [1]}",
                "{}",
            ],
        );
    }

    proptest::proptest! {
        /// Cut anywhere, or with a character put anywhere, the file
        /// streams to what it reads whole; when it cannot be read whole, it
        /// does not stream.
        #[test]
        fn streamed_or_read_whole_alike(
            cut in 0usize..4000,
            insert in 0usize..4000,
            c in proptest::sample::select(inserted_chars()),
        ) {
            cut_or_inserted_alike(both_ways, &varied(), (cut, insert, c))?;
        }

        /// The same for a comments file.
        #[test]
        fn streamed_comments_or_read_whole_alike(
            cut in 0usize..4000,
            insert in 0usize..4000,
            c in proptest::sample::select(inserted_chars()),
        ) {
            cut_or_inserted_alike(both_ways, &varied_comments(), (cut, insert, c))?;
        }
    }

    #[test]
    fn repairs_mojibake_and_leaves_real_text() {
        assert_eq!(
            repair_mojibake("DON\u{e2}\u{80}\u{99}T caf\u{c3}\u{a9} \u{f0}\u{9f}\u{9a}\u{a8}")
                .as_deref(),
            Some("DON\u{2019}T café 🚨")
        );
        assert_eq!(repair_mojibake("plain"), None);
        // Real Latin-1 text that is not UTF-8 bytes stays as it is.
        assert_eq!(repair_mojibake("café"), None);
        // Text with characters above U+00FF is already decoded.
        assert_eq!(repair_mojibake("抹茶 é"), None);
    }

    #[test]
    fn shares_of_others_are_told_from_own_posts() {
        assert!(shares_someone_elses(
            "Larkspur Coffee shared Priya Kapoor\u{2019}s post."
        ));
        assert!(!shares_someone_elses("Larkspur Coffee shared a link."));
        assert!(!shares_someone_elses(
            "Larkspur Coffee updated their status."
        ));
    }
}
