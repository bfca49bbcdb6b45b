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
//! Source: Mastodon's `BackupService` (`app/services/backup_service.rb`)
//! and its ActivityPub serializers.

use std::sync::Arc;

use anyhow::bail;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::load::html;
use crate::load::json::{self, Locator, object};
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
