//! Mastodon statuses as the REST API returns them, saved as JSON: the
//! comments under a post, which the account archive (`outbox.json`) never
//! holds.
//!
//! - `GET /api/v1/statuses/:id/context`: `{"ancestors": [Status],
//!   "descendants": [Status]}`, the conversation around a post.
//! - `GET /api/v1/accounts/:id/statuses` (or any list of statuses): an array
//!   of Status.
//!
//! A Status has `id` (the server's), `uri` (the ActivityPub id, the same as
//! the archive's), `created_at`, `in_reply_to_id`, HTML `content`, `account`
//! (`acct`: `name` for the server's own accounts, `name@host` for others)
//! and, for a boost, `reblog` (the boosted Status). Records are keyed by
//! `uri`, so they link with the archive's posts; `in_reply_to_id` is turned
//! into the parent's `uri` when the parent is in the file (a context file
//! does not hold the post it was asked about: replies to it still reach the
//! account through their `@mention`). A boost is a share. The author of the
//! post a context is about (found through `in_reply_to_account_id`) becomes
//! the account when `--account` is not given.
//!
//! Source: the Mastodon API documentation of the Status and Context
//! entities (<https://docs.joinmastodon.org/entities/Status/>).

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::bail;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::load::html;
use crate::load::json::{self, Locator, object};
use crate::load::time::set_time;
use crate::model::{Dataset, Kind, Post, Source};

/// Recognises a saved context or list of statuses.
pub fn sniff(_name: &str, start: &[u8]) -> Option<&'static str> {
    let has = |s: &str| start.windows(s.len()).any(|w| w == s.as_bytes());
    let statuses = has("\"in_reply_to_id\"") && has("\"account\"") && has("\"content\"");
    if start.starts_with(b"{") && has("\"descendants\"") && statuses {
        Some("Mastodon API context: ancestors and descendants")
    } else if start.starts_with(b"[") && statuses {
        Some("Mastodon API statuses")
    } else {
        None
    }
}

#[derive(Deserialize)]
struct Context<'a> {
    #[serde(borrow, default)]
    ancestors: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    descendants: Vec<&'a RawValue>,
}

/// Reads a context (`{"ancestors", "descendants"}`) or an array of statuses.
pub fn load(text: &str, path: &Arc<str>, out: &mut Dataset) -> anyhow::Result<()> {
    let mut context = false;
    let items: Vec<&RawValue> = if text.trim_start().starts_with('[') {
        json::parse(text, path)?
    } else {
        let top: serde_json::Map<String, Value> = json::parse(text, path)?;
        if !top.contains_key("descendants") && !top.contains_key("ancestors") {
            bail!(
                "{path}: expected Mastodon statuses (an array) or a context (ancestors, descendants)"
            );
        }
        let c: Context = json::parse(text, path)?;
        context = true;
        c.ancestors.into_iter().chain(c.descendants).collect()
    };
    let mut at = Locator::new(text, path);
    let placed: Vec<(&RawValue, Source)> = items.into_iter().map(|r| (r, at.source(r))).collect();
    // Server ids to URIs, to name parents as the archive does.
    let parsed: Vec<Value> = placed
        .iter()
        .filter_map(|(raw, _)| serde_json::from_str::<Value>(raw.get()).ok())
        .filter(Value::is_object)
        .collect();
    let uris: HashMap<String, String> = parsed
        .iter()
        .filter_map(|v| Some((id_of(v)?, uri_of(v)?)))
        .collect();
    if context && let Some(owner) = focus_author(&parsed, &uris) {
        out.add_owner(&owner, path);
    }
    for (raw, source) in placed {
        if let Some(status) = object(raw, &source, out) {
            push_status(&status, source, &uris, out);
        }
    }
    Ok(())
}

/// The author of the post a context was asked about: the account the
/// replies to a status outside the file answer, when that account wrote
/// something in the file (and so its handle is known).
fn focus_author(statuses: &[Value], uris: &HashMap<String, String>) -> Option<String> {
    let accounts: HashMap<String, &str> = statuses
        .iter()
        .filter_map(|v| {
            let id = v.pointer("/account/id").and_then(Value::as_str)?;
            Some((id.to_string(), v.pointer("/account/acct")?.as_str()?))
        })
        .collect();
    statuses.iter().find_map(|v| {
        let parent = v.get("in_reply_to_id").and_then(Value::as_str)?;
        if uris.contains_key(parent) {
            return None;
        }
        let account = v.get("in_reply_to_account_id").and_then(Value::as_str)?;
        accounts.get(account).map(|a| a.to_string())
    })
}

fn id_of(v: &Value) -> Option<String> {
    match v.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn uri_of(v: &Value) -> Option<String> {
    v.get("uri")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
}

fn push_status(v: &Value, source: Source, uris: &HashMap<String, String>, out: &mut Dataset) {
    let reblog = v.get("reblog").filter(|r| r.is_object());
    let body = reblog.unwrap_or(v);
    let text = body
        .get("content")
        .and_then(Value::as_str)
        .map(html::to_text)
        .unwrap_or_default();
    if text.is_empty() {
        out.skip(source, "the status has no text (content is empty)");
        return;
    }
    let id = uri_of(v)
        .or_else(|| id_of(v))
        .unwrap_or_else(|| source.to_string());
    let mut post = Post::new(id, text, source);
    post.platform = Some("mastodon".into());
    post.author = v
        .pointer("/account/acct")
        .or_else(|| v.pointer("/account/username"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if reblog.is_some() {
        post.kind = Kind::Share;
    } else {
        post.parent_id = match v.get("in_reply_to_id") {
            Some(Value::String(p)) => Some(uris.get(p).cloned().unwrap_or_else(|| p.clone())),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
    }
    let when = v.get("created_at").and_then(Value::as_str).unwrap_or("");
    set_time(&mut post, when, out);
    out.posts.push(post);
}
