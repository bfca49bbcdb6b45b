//! Instagram "Download your information" exports, JSON format.
//!
//! - Posts: `your_instagram_activity/media/posts_1.json` (older exports:
//!   `content/posts_1.json`), a top-level array. A single photo is
//!   `{"media": [{"uri": "media/posts/YYYYMM/<id>.jpg", "creation_timestamp",
//!   "title": "<caption>"}]}`; a carousel puts the caption and time on the
//!   post itself: `{"media": [...], "title": "<caption>",
//!   "creation_timestamp"}`. The caption is the post's `title`, else its
//!   first medium's. There is no post id: the first medium's `uri` serves.
//!   A post with no caption is skipped.
//! - Comments: `your_instagram_activity/comments/post_comments_1.json`
//!   (also `reels_comments.json`), an array of `{"string_map_data":
//!   {"Comment": {"value"}, "Media Owner": {"value"}, "Time":
//!   {"timestamp"}}}`; older exports wrap it as `{"comments_media_comments":
//!   [...]}`. Only the account's own comments are exported, with no id and
//!   no parent: each is read as a reply to a parent outside the export
//!   ([`UNKNOWN_PARENT`]).
//!
//! Both hold only the account's activity, so authors are left empty (the
//! account's). Strings carry the same mojibake as Facebook's and are
//! repaired the same way
//! ([`repair_mojibake`](crate::load::facebook::repair_mojibake)).
//!
//! Source: the export's own files, as read by parsers of `posts_1.json` and
//! `post_comments_1.json`.

use std::io::BufRead;
use std::sync::Arc;

use anyhow::bail;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::load::facebook::{object, stream_objects};
use crate::load::json::{self, Locator};
pub use crate::load::json_array::Streamed;
use crate::model::{Dataset, Post, Source, UNKNOWN_PARENT};

/// Recognises a posts file (`media` with `media/posts/` or
/// `creation_timestamp`) or a comments file (`string_map_data` with `Media
/// Owner`).
pub fn sniff(name: &str, start: &[u8]) -> Option<&'static str> {
    let has = |s: &str| start.windows(s.len()).any(|w| w == s.as_bytes());
    if has("\"string_map_data\"") && has("Media Owner") {
        return Some("Instagram comments: string_map_data with Media Owner");
    }
    if start.starts_with(b"[")
        && has("\"media\"")
        && has("\"creation_timestamp\"")
        && (has("\"media/posts/") || name.starts_with("posts_"))
    {
        return Some("Instagram posts: media[] with creation_timestamp");
    }
    None
}

/// Reads a posts file or a comments file.
pub fn load(text: &str, path: &Arc<str>, out: &mut Dataset) -> anyhow::Result<()> {
    let items: Vec<&RawValue> = if text.trim_start().starts_with('[') {
        json::parse(text, path)?
    } else {
        let top: std::collections::BTreeMap<String, &RawValue> = json::parse(text, path)?;
        match top
            .into_iter()
            .find(|(k, v)| k.ends_with("comments") && v.get().starts_with('['))
        {
            Some((_, v)) => json::parse(v.get(), path)?,
            None => bail!(
                "{path}: expected Instagram posts or comments (an array, or one under \"comments_media_comments\")"
            ),
        }
    };
    let mut at = Locator::new(text, path);
    for raw in items {
        let source = at.source(raw);
        if let Some(item) = object(raw, &source, out) {
            push_item(&item, source, out);
        }
    }
    Ok(())
}

/// Reads a file of posts or comments that is an array from `src` a block
/// at a time, on all cores: the records, skips and warnings [`load`]
/// makes of it, or [`Streamed::Whole`], having added nothing, for anything
/// else (comments under a key, an error), which is read whole.
pub fn load_streamed<R: BufRead + Send>(
    src: R,
    path: &Arc<str>,
    out: &mut Dataset,
) -> std::io::Result<Streamed> {
    stream_objects(src, path, out, push_item)
}

/// A post, or a comment (which has `string_map_data`).
fn push_item(item: &Value, source: Source, out: &mut Dataset) {
    if item.get("string_map_data").is_some() {
        push_comment(item, source, out);
    } else {
        push_post(item, source, out);
    }
}

fn push_post(item: &Value, source: Source, out: &mut Dataset) {
    let first = item
        .get("media")
        .and_then(Value::as_array)
        .and_then(|m| m.first());
    let caption = [item.get("title"), first.and_then(|m| m.get("title"))]
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|t| !t.trim().is_empty());
    let Some(caption) = caption else {
        out.skip(source, "the post has no caption");
        return;
    };
    let id = first
        .and_then(|m| m.get("uri"))
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty())
        .map_or_else(|| source.to_string(), str::to_string);
    let mut post = Post::new(id, caption, source);
    post.platform = Some("instagram".into());
    post.created = item
        .get("creation_timestamp")
        .or_else(|| first.and_then(|m| m.get("creation_timestamp")))
        .and_then(Value::as_i64);
    out.posts.push(post);
}

fn push_comment(item: &Value, source: Source, out: &mut Dataset) {
    let map = &item["string_map_data"];
    let text = map
        .pointer("/Comment/value")
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty());
    let Some(text) = text else {
        out.skip(source, "the comment has no text");
        return;
    };
    let mut post = Post::new(source.to_string(), text, source);
    post.platform = Some("instagram".into());
    post.parent_id = Some(UNKNOWN_PARENT.into());
    post.created = map.pointer("/Time/timestamp").and_then(Value::as_i64);
    out.posts.push(post);
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
        let fixture = include_str!("../../fixtures/platforms/instagram/posts_1.json").trim_end();
        let cut = fixture.strip_suffix(']').unwrap().trim_end();
        let extra = "7, {\"media\": [{\"title\": \"\"}]}, {\"string_map_data\": {\"Comment\": {\"value\": \"@maya merci\"}, \"Time\": {\"timestamp\": 1775565843}}}";
        format!("\u{feff} {cut},\n  {extra}\n]\n")
    }

    /// What [`load_streamed`] makes of `text`, and what the whole load
    /// does.
    fn both_ways(text: &str) -> (Streamed, Option<String>, Result<String, String>) {
        streamed_and_whole(
            text,
            "posts_1.json",
            crate::load::InputFormat::Instagram,
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
                    "{{\"media\": [{{\"uri\": \"m{i}.jpg\", \"creation_timestamp\": {}, \"title\": \"post {i} caf\\u00c3\\u00a9\"}}]}}",
                    1775557170 + i
                )
            },
            &[
                "{\"comments_media_comments\": []}",
                "[1] x",
                "[1,]",
                "[{\"a\": \"\\x\"}]",
                "[",
                "",
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
    }

    #[test]
    fn sniffs_posts_and_comments() {
        assert!(
            sniff(
                "posts_1.json",
                b"[{\"media\": [{\"uri\": \"media/posts/1.jpg\", \"creation_timestamp\": 1}]}]"
            )
            .is_some()
        );
        assert!(sniff("x.json", b"[{\"string_map_data\": {\"Media Owner\": {}}}]").is_some());
        assert!(sniff("x.json", b"[{\"text\": \"media\"}]").is_none());
    }
}
