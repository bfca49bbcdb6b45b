//! Bluesky posts (`app.bsky.feed.post` records), as the AT Protocol API
//! returns them. Bluesky has no download page: an account's posts come from
//! the API, saved as JSON.
//!
//! - `com.atproto.repo.listRecords` (`collection=app.bsky.feed.post`):
//!   `{"records": [{"uri", "cid", "value": {"$type", "text", "createdAt",
//!   "reply": {"root", "parent": {"uri", "cid"}}}}], "cursor"}`: the
//!   repository owner's own records, so their author is left empty (the
//!   account's). `app.bsky.feed.repost` records read as shares.
//! - `app.bsky.feed.getAuthorFeed` (or `getTimeline`): `{"feed": [{"post":
//!   PostView, "reply": {"root", "parent"}, "reason"}]}`. A PostView carries
//!   `author.handle` and the record under `record`. A `reasonRepost` item is
//!   a share by `reason.by`; the posts a reply answers (`reply.parent`,
//!   `reply.root`) are read too, so that replies link to them.
//! - `app.bsky.feed.getPostThread`: `{"thread": {"post", "parent",
//!   "replies": [...]}}`, read from the root down: the comments under a post,
//!   whoever wrote them, so unanswered ones can be found.
//! - `app.bsky.feed.getPosts` / `searchPosts`: `{"posts": [PostView]}`.
//!
//! Every post's id is its `at://` URI and a reply's parent is
//! `reply.parent.uri`, so files combine into one thread. A post that appears
//! twice in one file (a reply's parent shown as context) is read once.
//!
//! Source: the `com.atproto.repo.listRecords`, `app.bsky.feed.post`,
//! `app.bsky.feed.defs` and `app.bsky.feed.getPostThread` lexicons of
//! `bluesky-social/atproto`.

use std::collections::HashSet;
use std::sync::Arc;

use anyhow::bail;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::load::json::{self, Locator};
use crate::load::time::set_time;
use crate::model::{Dataset, Kind, Post, Source};

/// Recognises a saved API response that holds posts: post records under
/// `value` (listRecords) or `record` (post views).
pub fn sniff(_name: &str, start: &[u8]) -> Option<&'static str> {
    let has = |s: &str| start.windows(s.len()).any(|w| w == s.as_bytes());
    (start.starts_with(b"{")
        && has("app.bsky.feed.post")
        && (has("\"value\"") || has("\"record\"")))
    .then_some("Bluesky app.bsky.feed.post records")
}

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow)]
    records: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    feed: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    thread: Option<&'a RawValue>,
    #[serde(borrow)]
    posts: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct FeedItem<'a> {
    #[serde(borrow)]
    post: Option<&'a RawValue>,
    #[serde(borrow)]
    reply: Option<ReplyRef<'a>>,
    reason: Option<Value>,
}

#[derive(Deserialize)]
struct ReplyRef<'a> {
    #[serde(borrow)]
    root: Option<&'a RawValue>,
    #[serde(borrow)]
    parent: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct ThreadNode<'a> {
    #[serde(rename = "$type")]
    kind: Option<String>,
    #[serde(borrow)]
    post: Option<&'a RawValue>,
    #[serde(borrow)]
    parent: Option<&'a RawValue>,
    #[serde(borrow)]
    replies: Option<Vec<&'a RawValue>>,
}

struct Reader<'a, 'o> {
    at: Locator<'a>,
    seen: HashSet<String>,
    out: &'o mut Dataset,
}

/// Reads a saved `listRecords`, `getAuthorFeed`, `getPostThread` or
/// `getPosts` response.
pub fn load(text: &str, path: &Arc<str>, out: &mut Dataset) -> anyhow::Result<()> {
    let top: Top = json::parse(text, path)?;
    let mut r = Reader {
        at: Locator::new(text, path),
        seen: HashSet::new(),
        out,
    };
    let mut found = false;
    if let Some(records) = top.records {
        found = true;
        for raw in records {
            r.record(raw);
        }
    }
    if let Some(feed) = top.feed {
        found = true;
        for raw in feed {
            r.feed_item(raw);
        }
    }
    if let Some(thread) = top.thread {
        found = true;
        r.thread(thread, true);
    }
    if let Some(posts) = top.posts {
        found = true;
        for raw in posts {
            r.post_view(raw, None);
        }
    }
    if !found {
        bail!(
            "{path}: expected a Bluesky API response holding posts under \"records\", \"feed\", \"thread\" or \"posts\""
        );
    }
    Ok(())
}

impl Reader<'_, '_> {
    fn parse<'v, T: Deserialize<'v>>(&mut self, raw: &'v RawValue) -> Option<(T, Source)> {
        let source = self.at.source(raw);
        match serde_json::from_str::<T>(raw.get()) {
            Ok(v) => Some((v, source)),
            Err(e) => {
                self.out.skip(
                    source,
                    format!("unexpected shape: {}", json::error_text(&e)),
                );
                None
            }
        }
    }

    /// A `listRecords` item: `{"uri", "cid", "value"}`, the owner's own.
    fn record(&mut self, raw: &RawValue) {
        let Some((v, source)) = self.parse::<Value>(raw) else {
            return;
        };
        let uri = v.get("uri").and_then(Value::as_str);
        let Some(record) = v.get("value").filter(|r| r.is_object()) else {
            self.out.skip(source, "a record with no value");
            return;
        };
        self.push(uri, None, record, source, None);
    }

    /// A `getAuthorFeed` item: the post, the posts it replies to, and
    /// whether it is a repost.
    fn feed_item(&mut self, raw: &RawValue) {
        let Some((item, source)) = self.parse::<FeedItem>(raw) else {
            return;
        };
        if let Some(reply) = &item.reply {
            for context in [reply.root, reply.parent].into_iter().flatten() {
                self.post_view(context, None);
            }
        }
        match item.post {
            Some(post) => self.post_view(post, item.reason.as_ref()),
            None => self.out.skip(source, "a feed item with no post"),
        }
    }

    /// A thread, its ancestors first, then the post, then its replies.
    fn thread(&mut self, raw: &RawValue, with_parents: bool) {
        let Some((node, source)) = self.parse::<ThreadNode>(raw) else {
            return;
        };
        if let Some(what) = unavailable(node.kind.as_deref()) {
            self.out
                .skip(source, format!("a post in the thread that is {what}"));
            return;
        }
        if with_parents && let Some(parent) = node.parent {
            self.thread(parent, true);
        }
        match node.post {
            Some(post) => self.post_view(post, None),
            None => self.out.skip(source, "a thread item with no post"),
        }
        for reply in node.replies.into_iter().flatten() {
            self.thread(reply, false);
        }
    }

    /// A PostView: `{"uri", "author": {"did", "handle"}, "record"}`.
    fn post_view(&mut self, raw: &RawValue, reason: Option<&Value>) {
        let Some((v, source)) = self.parse::<Value>(raw) else {
            return;
        };
        if let Some(what) = unavailable(v.get("$type").and_then(Value::as_str)) {
            self.out.skip(source, format!("a post that is {what}"));
            return;
        }
        let uri = v.get("uri").and_then(Value::as_str);
        let handle = handle_of(v.get("author"));
        let Some(record) = v.get("record").filter(|r| r.is_object()) else {
            self.out.skip(source, "a post view with no record");
            return;
        };
        let repost = reason.filter(|r| {
            r.get("$type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.ends_with("#reasonRepost"))
        });
        match repost {
            Some(reason) => {
                let by = handle_of(reason.get("by"));
                let id = reason
                    .get("uri")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .or_else(|| uri.map(|u| format!("{u}#repost")));
                self.push(id.as_deref(), by, record, source, Some(reason))
            }
            None => self.push(uri, handle, record, source, None),
        }
    }

    fn push(
        &mut self,
        uri: Option<&str>,
        author: Option<&str>,
        record: &Value,
        source: Source,
        repost: Option<&Value>,
    ) {
        push(
            &mut self.seen,
            self.out,
            uri,
            author,
            record,
            source,
            repost,
        );
    }
}

/// Takes records read from elsewhere (a repository CAR file) the way
/// `listRecords` records are read: the owner's own, keyed by URI.
pub(crate) struct RecordSink<'o> {
    seen: HashSet<String>,
    out: &'o mut Dataset,
}

impl<'o> RecordSink<'o> {
    pub(crate) fn new(out: &'o mut Dataset) -> Self {
        RecordSink {
            seen: HashSet::new(),
            out,
        }
    }

    pub(crate) fn record(&mut self, uri: Option<&str>, record: &Value, source: Source) {
        push(&mut self.seen, self.out, uri, None, record, source, None);
    }

    pub(crate) fn skip(&mut self, source: Source, reason: String) {
        self.out.skip(source, reason);
    }
}

/// Reads one post (or repost) record; a URI already read is passed over.
fn push(
    seen: &mut HashSet<String>,
    out: &mut Dataset,
    uri: Option<&str>,
    author: Option<&str>,
    record: &Value,
    source: Source,
    repost: Option<&Value>,
) {
    if let Some(uri) = uri
        && !seen.insert(uri.to_string())
    {
        return;
    }
    let kind = record.get("$type").and_then(Value::as_str).unwrap_or("");
    let id = uri.map_or_else(|| source.to_string(), str::to_string);
    let mut post = match kind {
        "app.bsky.feed.post" | "" => {
            let text = record.get("text").and_then(Value::as_str).unwrap_or("");
            if text.trim().is_empty() && repost.is_none() {
                out.skip(source, "the post has no text");
                return;
            }
            let mut post = Post::new(id, text, source.clone());
            if repost.is_none() {
                post.parent_id = record
                    .pointer("/reply/parent/uri")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
            post
        }
        "app.bsky.feed.repost" => {
            let Some(subject) = record.pointer("/subject/uri").and_then(Value::as_str) else {
                out.skip(source, "a repost with no subject");
                return;
            };
            let mut post = Post::new(id, format!("reposted {subject}"), source.clone());
            post.kind = Kind::Share;
            post
        }
        other => {
            out.skip(source, format!("an {other} record, not a post"));
            return;
        }
    };
    if repost.is_some() {
        post.kind = Kind::Share;
        if post.text.trim().is_empty() {
            post.text = format!("reposted {}", uri.unwrap_or(""));
        }
    }
    post.author = author.unwrap_or("").to_string();
    post.platform = Some("bluesky".into());
    let when = repost
        .and_then(|r| r.get("indexedAt"))
        .or_else(|| record.get("createdAt"))
        .and_then(Value::as_str);
    set_time(&mut post, when.unwrap_or(""), out);
    out.posts.push(post);
}

/// Why a thread item or reply context holds no post: deleted or blocked.
fn unavailable(kind: Option<&str>) -> Option<&'static str> {
    let kind = kind?;
    if kind.ends_with("#notFoundPost") {
        Some("not found (deleted)")
    } else if kind.ends_with("#blockedPost") {
        Some("blocked")
    } else {
        None
    }
}

/// A profile's handle, or its DID when it has none.
fn handle_of(profile: Option<&Value>) -> Option<&str> {
    let p = profile?;
    p.get("handle")
        .and_then(Value::as_str)
        .filter(|h| !h.is_empty() && *h != "handle.invalid")
        .or_else(|| p.get("did").and_then(Value::as_str))
}
