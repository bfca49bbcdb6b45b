//! Mastodon account archives ("Request your archive" in the settings): a
//! zip holding `outbox.json`, `actor.json`, `likes.json`, `bookmarks.json`
//! and media.
//!
//! - `outbox.json` is an ActivityStreams `OrderedCollection` (`"id":
//!   "outbox.json"`) whose `orderedItems` are the account's activities:
//!   `Create` with a `Note` object (`id`, `published`, `inReplyTo`, HTML
//!   `content`) for each post and reply, `Announce` (a boost) whose `object`
//!   is the boosted status's URI. Posts are read with their HTML reduced to
//!   text ([`html::to_text`]); replies link to their parent through
//!   `inReplyTo` (a status URI, usually someone else's and not in the
//!   archive); boosts are shares of others' content. Any other activity is
//!   skipped with its type.
//! - `actor.json` is the account's ActivityPub actor: its
//!   `preferredUsername` is the handle, which becomes the account when
//!   `--account` is not given (as does the `actor` of the outbox's items).
//!
//! Like every platform archive, it holds only the owner's activity: the
//! records' author is left empty (the account's).
//!
//! An outbox in a file, a directory or a zip is read a block of
//! activities at a time ([`load_streamed`]); from standard input, whole
//! ([`load`]), its activities parsed on all cores.
//!
//! Source: Mastodon's `BackupService` (`app/services/backup_service.rb`)
//! and its ActivityPub serializers.

use std::io::BufRead;
use std::sync::Arc;

use anyhow::bail;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::load::html;
use crate::load::json::{self, Locator, object};
pub use crate::load::json_array::Streamed;
use crate::load::json_array::{Member, stream_object};
use crate::load::push_in_parts;
use crate::load::time::set_time;
use crate::model::{Dataset, Kind, Post, Source};

/// Recognises `outbox.json` and `actor.json`.
pub fn sniff(name: &str, start: &[u8]) -> Option<&'static str> {
    if !start.starts_with(b"{") {
        return None;
    }
    let has = |s: &str| start.windows(s.len()).any(|w| w == s.as_bytes());
    if has("OrderedCollection")
        && (name == "outbox.json" || has("\"Create\"") || has("\"Announce\""))
    {
        return Some("ActivityStreams OrderedCollection");
    }
    if has("\"preferredUsername\"") && (name == "actor.json" || has("\"outbox\"")) {
        return Some("ActivityPub actor: the account's handle");
    }
    None
}

/// The top of an outbox or actor document. Read by hand rather than
/// derived: some real exports repeat the `orderedItems` key (an empty
/// array, then the activities), and every occurrence is kept, in order.
struct Document<'a> {
    kind: Option<String>,
    ordered_items: Option<Vec<&'a RawValue>>,
    preferred_username: Option<String>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Document<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = Document<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Document<'a>, M::Error> {
                let mut doc = Document {
                    kind: None,
                    ordered_items: None,
                    preferred_username: None,
                };
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "type" => doc.kind = map.next_value::<Option<String>>()?,
                        "orderedItems" => {
                            let items: Vec<&'a RawValue> = map.next_value()?;
                            doc.ordered_items.get_or_insert_with(Vec::new).extend(items);
                        }
                        "preferredUsername" => {
                            doc.preferred_username = map.next_value::<Option<String>>()?
                        }
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(doc)
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// Reads `outbox.json` or `actor.json`.
pub fn load(text: &str, path: &Arc<str>, out: &mut Dataset) -> anyhow::Result<()> {
    let doc: Document = json::parse(text, path)?;
    if let Some(items) = doc.ordered_items {
        // Each activity's line first (a count of the lines before it, in
        // order), then the activities themselves in parts on all cores.
        let mut at = Locator::new(text, path);
        let lined: Vec<(u64, &RawValue)> = items
            .into_iter()
            .map(|item| (at.source(item).line, item))
            .collect();
        push_in_parts(&lined, path, out, |item, source, d| {
            if let Some(v) = object(item, &source, d) {
                push_activity(&v, source, path, d);
            }
        });
        return Ok(());
    }
    if let Some(handle) = doc.preferred_username.filter(|h| !h.trim().is_empty()) {
        out.add_owner(&handle, path);
        return Ok(());
    }
    bail!(
        "{path}: expected a Mastodon outbox (an OrderedCollection with orderedItems) or actor (with preferredUsername), found {}",
        doc.kind
            .map_or("an object with neither".to_string(), |k| format!(
                "type {k:?} with neither"
            ))
    );
}

/// Reads an `outbox.json` from `src` a block of activities at a time, on
/// all cores: in memory, a block's text and the records, never the whole
/// file. The same records, skips and warnings as [`load`], in the same
/// order, when it reads without an error; [`Streamed::Whole`], having
/// added nothing, at the first sign of an error, and for a document the
/// whole load reads otherwise (an actor, an object with no
/// `orderedItems`, the API's context).
pub fn load_streamed<R: BufRead + Send>(
    src: R,
    path: &Arc<str>,
    out: &mut Dataset,
) -> std::io::Result<Streamed> {
    // The whole load reads a document that holds this text anywhere as the
    // API's context (`mastodon_api::sniff`).
    let api = memchr::memmem::Finder::new(b"\"descendants\"");
    stream_object(
        src,
        path,
        out,
        |key| match key {
            _ if key.contains("descendants") => Member::Refused,
            "orderedItems" => Member::Records,
            _ => Member::Other,
        },
        |text, source, d| read_activity(text, &api, source, path, d),
        |key, value| {
            // Read as text by the whole load.
            let text = matches!(key, "type" | "preferredUsername");
            api.find(value).is_none()
                && (!text || serde_json::from_slice::<Option<String>>(value).is_ok())
        },
    )
}

/// Reads one activity of a streamed outbox from its text; false when the
/// whole load would not read the document it is in.
fn read_activity(
    text: &str,
    api: &memchr::memmem::Finder,
    source: Source,
    path: &Arc<str>,
    out: &mut Dataset,
) -> bool {
    if api.find(text.as_bytes()).is_some() {
        return false;
    }
    let Ok(item) = serde_json::from_str::<&RawValue>(text) else {
        return false;
    };
    if let Some(v) = object(item, &source, out) {
        push_activity(&v, source, path, out);
    }
    true
}

fn push_activity(item: &Value, source: Source, path: &Arc<str>, out: &mut Dataset) {
    let kind = item.get("type").and_then(Value::as_str).unwrap_or("");
    if let Some(handle) = item
        .get("actor")
        .and_then(Value::as_str)
        .and_then(handle_of_actor)
    {
        out.add_owner(handle, path);
    }
    let object = item.get("object");
    let published = object
        .and_then(|o| o.get("published"))
        .or_else(|| item.get("published"))
        .and_then(Value::as_str);
    let mut post = match kind {
        "Create" => {
            let Some(note) = object.filter(|o| o.is_object()) else {
                out.skip(source, "a Create activity with no object");
                return;
            };
            let html = note.get("content").and_then(Value::as_str).or_else(|| {
                note.get("contentMap")
                    .and_then(Value::as_object)
                    .and_then(|m| m.values().find_map(Value::as_str))
            });
            let text = html.map(html::to_text).unwrap_or_default();
            if text.is_empty() {
                out.skip(source, "the post has no text (content is empty)");
                return;
            }
            let id = str_at(note, "id")
                .or_else(|| str_at(item, "id"))
                .map_or_else(|| source.to_string(), str::to_string);
            let mut post = Post::new(id, text, source.clone());
            post.parent_id = str_at(note, "inReplyTo").map(str::to_string);
            post
        }
        "Announce" => {
            let target = match object {
                Some(Value::String(uri)) => Some(uri.as_str()),
                Some(o) => str_at(o, "id"),
                None => None,
            };
            let Some(target) = target else {
                out.skip(source, "an Announce activity with no object");
                return;
            };
            let id = str_at(item, "id").map_or_else(|| source.to_string(), str::to_string);
            let mut post = Post::new(id, format!("boosted {target}"), source.clone());
            post.kind = Kind::Share;
            post
        }
        "" => {
            out.skip(source, "an activity with no type");
            return;
        }
        other => {
            out.skip(source, format!("a {other} activity, not a post"));
            return;
        }
    };
    post.platform = Some("mastodon".into());
    set_time(&mut post, published.unwrap_or(""), out);
    out.posts.push(post);
}

fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// `https://host/users/name` → `name`.
fn handle_of_actor(actor: &str) -> Option<&str> {
    let (_, name) = actor.trim_end_matches('/').rsplit_once("/users/")?;
    (!name.is_empty() && !name.contains('/')).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::json_array::stream_checks::{
        cut_or_inserted_alike, inserted_chars, streams_as_read_whole,
    };
    use crate::load::json_array::{BLOCK, streamed_and_whole};

    /// Activities read in parts on all cores are those read one after the
    /// other, with their skips, warnings and the owners in the order they
    /// are first named, across parts of 1,024 activities.
    #[test]
    fn activities_read_in_parts_are_those_read_in_order() {
        let actor = |i: usize| match i {
            0..1024 => "alice",
            1024..2048 if i.is_multiple_of(2) => "bob",
            _ if i.is_multiple_of(3) => "carol",
            _ => "alice",
        };
        let items: Vec<String> = (0..3000)
            .map(|i| match i % 500 {
                7 => "7".to_string(),
                8 => format!(r#"{{"type": "Like", "actor": "https://h.example/users/{}"}}"#, actor(i)),
                9 => format!(r#"{{"type": "Create", "actor": "https://h.example/users/{}", "object": {{"id": "n{i}", "content": "<p>hi</p>", "published": "soon"}}}}"#, actor(i)),
                _ => format!(r#"{{"type": "Create", "actor": "https://h.example/users/{}", "object": {{"id": "n{i}", "content": "<p>post {i}</p>", "published": "2026-03-01T09:30:00Z"}}}}"#, actor(i)),
            })
            .collect();
        let text = format!(
            "{{\"type\": \"OrderedCollection\", \"orderedItems\": [\n{}\n]}}",
            items.join(",\n")
        );
        let path: Arc<str> = "outbox.json".into();
        let mut parts = Dataset::default();
        load(&text, &path, &mut parts).unwrap();
        let mut one = Dataset::default();
        for (k, item) in items.iter().enumerate() {
            let raw: &RawValue = serde_json::from_str(item).unwrap();
            let source = Source {
                path: path.clone(),
                line: k as u64 + 2,
            };
            if let Some(v) = object(raw, &source, &mut one) {
                push_activity(&v, source, &path, &mut one);
            }
        }
        assert_eq!(parts.posts, one.posts);
        assert_eq!(parts.skipped, one.skipped);
        assert_eq!(parts.warnings, one.warnings);
        assert_eq!(parts.skipped.len(), 12);
        assert_eq!(parts.warnings.len(), 6);
        let owners: Vec<&str> = parts.owners.iter().map(|o| o.handle.as_str()).collect();
        assert_eq!(owners, ["alice", "bob", "carol"]);
        assert_eq!(
            owners,
            one.owners
                .iter()
                .map(|o| o.handle.as_str())
                .collect::<Vec<_>>()
        );
    }

    /// An outbox whose activities hold what the loader reads, skips and
    /// warns of: a post with escapes and HTML, a reply, a boost, a like,
    /// a number, a Create with no object, a bad time; keys before, between
    /// and after two `orderedItems`.
    const VARIED: &str = "\u{feff}{\"@context\": [\"https://www.w3.org/ns/activitystreams\", {\"x\": {\"y\": [1, 2.5e3, null, true]}}],\n \"id\": \"outbox.json\", \"type\": \"OrderedCollection\", \"orderedItems\": [],\n \"totalItems\": 7,\n \"orderedItems\": [\n  {\"type\": \"Create\", \"actor\": \"https://h.example/users/maya\", \"published\": \"2026-03-01T09:30:00Z\", \"object\": {\"id\": \"https://h.example/1\", \"content\": \"<p>Caf\u{e9} &amp; \\\"beans\\\"<br>today</p>\", \"inReplyTo\": null}},\n  {\"type\": \"Create\", \"actor\": \"https://h.example/users/maya\", \"object\": {\"id\": \"https://h.example/2\", \"content\": \"<p>@ana thanks!</p>\", \"inReplyTo\": \"https://o.example/9\", \"published\": \"someday\"}},\n  {\"type\": \"Announce\", \"actor\": \"https://h.example/users/maya\", \"object\": \"https://o.example/5\", \"published\": \"2026-03-02T10:00:00Z\"},\n  {\"type\": \"Like\"}, 7, {\"type\": \"Create\"}, {\"object\": {}}\n ],\n \"last\": {\"deep\": [[[{}]]]}}\n";

    /// What [`load_streamed`] makes of `text`, and what the whole load
    /// does.
    fn both_ways(text: &str) -> (Streamed, Option<String>, Result<String, String>) {
        streamed_and_whole(
            text,
            "outbox.json",
            crate::load::InputFormat::Mastodon,
            |src, path, out| load_streamed(src, path, out),
        )
    }

    #[test]
    fn a_streamed_outbox_is_the_outbox_read_whole() {
        let (how, streamed, whole) = both_ways(VARIED);
        assert_eq!(how, Streamed::Read);
        let whole = whole.unwrap();
        assert_eq!(streamed.unwrap(), whole);
        for said in [
            "Café & \\\"beans\\\"",
            "o.example/9",
            "boosted https://o.example/5",
            "a Like activity",
            "found a number",
            "a Create activity with no object",
            "an activity with no type",
            "someday",
            "[\"maya\"]",
        ] {
            assert!(whole.contains(said), "{said}: {whole}");
        }
        // Blocks of activities: more than one, the last one full; owners
        // named first in a later block.
        streams_as_read_whole(
            both_ways,
            VARIED,
            |items| {
                format!("{{\"type\": \"OrderedCollection\",\n\"orderedItems\": [\n{items}\n]}}")
            },
            |i| {
                let actor = if i < BLOCK { "maya" } else { "ana" };
                format!(
                    "{{\"type\": \"Create\", \"actor\": \"https://h.example/users/{actor}\", \"object\": {{\"id\": \"n{i}\", \"content\": \"<p>post {i}</p>\"}}}}"
                )
            },
            &[],
        );
    }

    #[test]
    fn what_the_whole_load_reads_otherwise_is_read_whole() {
        let outbox = |items: &str| {
            format!("{{\"type\": \"OrderedCollection\", \"orderedItems\": [{items}]}}")
        };
        for text in [
            // An actor, an object with no activities, not an object.
            r#"{"type": "Person", "preferredUsername": "maya"}"#.to_string(),
            r#"{"type": "OrderedCollection"}"#.to_string(),
            "[1]".to_string(),
            // The API's context.
            r#"{"descendants": [], "orderedItems": []}"#.to_string(),
            r#"{"summary": "say \"descendants", "orderedItems": []}"#.to_string(),
            outbox(r#"{"type": "Create", "object": {"content": "say \"descendants"}}"#),
            // Errors of the whole load.
            r#"{"type": 7, "orderedItems": []}"#.to_string(),
            r#"{"orderedItems": null}"#.to_string(),
            r#"{"orderedItems": []} x"#.to_string(),
            r#"{"first": [1, , 2], "orderedItems": []}"#.to_string(),
            outbox("{\"a\": \"\\x\"}"),
        ] {
            let (how, _, whole) = both_ways(&text);
            assert_eq!(how, Streamed::Whole, "{text}: {whole:?}");
        }
        // Nested deeper than serde_json builds a value: skipped with its
        // reason, both ways.
        for depth in [126, 127, 128, 129, 5000] {
            let item = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let (how, streamed, whole) = both_ways(&outbox(&item));
            assert_eq!(how, Streamed::Read, "depth {depth}");
            assert_eq!(streamed, Some(whole.unwrap()), "depth {depth}");
        }
    }

    proptest::proptest! {
        /// Cut anywhere, or with a character put anywhere, an outbox
        /// streams to what it reads whole; when it cannot be read whole, it
        /// does not stream.
        #[test]
        fn streamed_or_read_whole_alike(
            cut in 0..VARIED.len(),
            insert in 0..VARIED.len(),
            c in proptest::sample::select(inserted_chars()),
        ) {
            cut_or_inserted_alike(both_ways, VARIED, (cut, insert, c))?;
        }
    }

    #[test]
    fn a_repeated_ordered_items_key_keeps_every_activity() {
        let text = r#"{"type": "OrderedCollection", "orderedItems": [],
  "orderedItems": [
    {"type": "Create", "actor": "https://social.example/users/larkspur",
     "published": "2026-03-01T09:00:00Z",
     "object": {"id": "https://social.example/users/larkspur/statuses/1", "type": "Note",
                "content": "<p>Hello</p>"}}
  ]}"#;
        let mut out = Dataset::default();
        load(text, &Arc::from("outbox.json"), &mut out).unwrap();
        assert_eq!(out.posts.len(), 1);
        assert_eq!(out.posts[0].text, "Hello");
    }

    #[test]
    fn actor_urls_give_the_handle() {
        assert_eq!(
            handle_of_actor("https://m.example/users/larkspur"),
            Some("larkspur")
        );
        assert_eq!(handle_of_actor("https://m.example/@larkspur"), None);
    }

    #[test]
    fn sniffs_outbox_and_actor_not_likes() {
        assert!(sniff("outbox.json", b"{\"type\": \"OrderedCollection\"").is_some());
        assert!(
            sniff(
                "likes.json",
                b"{\"id\": \"likes.json\", \"type\": \"OrderedCollection\", \"orderedItems\": [\"https://x\"]}"
            )
            .is_none()
        );
        assert!(sniff("actor.json", b"{\"preferredUsername\": \"a\"}").is_some());
    }
}
