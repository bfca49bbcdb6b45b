//! X/Twitter archives ("Download an archive of your data"): a zip whose
//! `data/` folder holds JavaScript files, one per kind of data.
//!
//! - `data/tweets.js` (large archives add `tweets-part1.js`, `tweets-part2.js`
//!   ...; older archives call it `tweet.js`) is
//!   `window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]`: JSON after a
//!   JavaScript assignment. Each tweet has `id_str`, `created_at` in
//!   Twitter's classic form (`Wed Apr 08 07:41:55 +0000 2026`), `full_text`
//!   (HTML-escaped: `&amp;`, `&lt;`, `&gt;`; links shortened to `t.co`, the
//!   targets in `entities.urls[].expanded_url`), and, on a reply,
//!   `in_reply_to_status_id_str`. Every number is written as a string. A
//!   retweet is only a `full_text` starting `RT @user:`: it is read as a share
//!   of someone else's content.
//! - `data/account.js` is `window.YTD.account.part0 = [{"account":
//!   {"username": ...}}]`: the archive owner's handle, which becomes the
//!   account when `--account` is not given.
//!
//! An archive holds only its owner's tweets, so every tweet is the
//! account's (its author is left empty) and a reply's parent, someone
//! else's tweet, is usually not in it.
//!
//! Source: the archive's own `Your archive.html` viewer reads these files;
//! the layout is documented by the files themselves and by archive parsers
//! such as `timhutton/twitter-archive-parser`.

use std::sync::Arc;

use anyhow::bail;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::load::json::{self, Locator, kind_of};
use crate::load::time::set_time;
use crate::model::{Dataset, Kind, Post};

/// Recognises an archive file by its assignment prefix.
pub fn sniff(_name: &str, start: &[u8]) -> Option<&'static str> {
    if start.starts_with(b"window.YTD.tweets.part") || start.starts_with(b"window.YTD.tweet.part") {
        Some("window.YTD.tweets: an X/Twitter archive's tweets")
    } else if start.starts_with(b"window.YTD.account.part") {
        Some("window.YTD.account: the X/Twitter archive's owner")
    } else {
        None
    }
}

/// Reads `tweets.js` (or a part of it) or `account.js`.
pub fn load(text: &str, path: &Arc<str>, out: &mut Dataset) -> anyhow::Result<()> {
    let (kind, body) = strip_assignment(text, path)?;
    let elements: Vec<&RawValue> = json::parse(&body, path)?;
    let mut at = Locator::new(&body, path);
    match kind.as_str() {
        "account" => {
            let mut named = false;
            for element in elements {
                let v: Value = serde_json::from_str(element.get())?;
                if let Some(name) = v
                    .pointer("/account/username")
                    .and_then(Value::as_str)
                    .filter(|n| !n.trim().is_empty())
                {
                    out.add_owner(name, path);
                    named = true;
                }
            }
            if !named {
                bail!("{path}: the account file names no username");
            }
        }
        "tweets" | "tweet" => {
            for element in elements {
                let source = at.source(element);
                match serde_json::from_str::<Value>(element.get()) {
                    Ok(Value::Object(obj)) => {
                        let tweet = match obj.get("tweet") {
                            Some(Value::Object(t)) => t,
                            _ if obj.contains_key("full_text") || obj.contains_key("text") => &obj,
                            _ => {
                                out.skip(source, "expected {\"tweet\": {...}}, found no tweet");
                                continue;
                            }
                        };
                        push_tweet(tweet, source, out);
                    }
                    Ok(other) => out.skip(
                        source,
                        format!("expected a JSON object, found {}", kind_of(&other)),
                    ),
                    Err(e) => out.skip(source, format!("invalid JSON: {}", json::error_text(&e))),
                }
            }
        }
        other => bail!(
            "{path}: window.YTD.{other} is not a file of tweets (expected tweets.js, tweet.js, tweets-partN.js or account.js)"
        ),
    }
    Ok(())
}

/// Splits `window.YTD.<kind>.partN = [ ... ]` into the kind and the JSON,
/// with the prefix (and a trailing `;`) blanked out so that positions in the
/// JSON are positions in the file.
fn strip_assignment(text: &str, path: &str) -> anyhow::Result<(String, String)> {
    let Some(rest) = text.trim_start().strip_prefix("window.YTD.") else {
        bail!("{path}:1:1: expected `window.YTD.<name>.part0 = [` (an X/Twitter archive file)");
    };
    let kind: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    let Some(eq) = text.find('=') else {
        bail!("{path}:1:1: expected `window.YTD.{kind}.part0 = [`");
    };
    let open = eq + 1 + (text[eq + 1..].len() - text[eq + 1..].trim_start().len());
    if !text[open..].starts_with('[') {
        let line = text[..open].matches('\n').count() + 1;
        let col = open - text[..open].rfind('\n').map_or(0, |i| i + 1) + 1;
        bail!(
            "{path}:{line}:{col}: expected `[` after `window.YTD.{kind}... =` (the file is cut short or not an archive file)"
        );
    }
    let mut body = String::with_capacity(text.len());
    body.extend(
        text[..open]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' }),
    );
    let tail = &text[open..];
    let trimmed = tail.trim_end();
    match trimmed.strip_suffix(';') {
        Some(json) => {
            body.push_str(json);
            body.push(' ');
            body.push_str(&tail[trimmed.len()..]);
        }
        None => body.push_str(tail),
    }
    Ok((kind, body))
}

fn push_tweet(t: &Map<String, Value>, source: crate::model::Source, out: &mut Dataset) {
    let text = string(t, "full_text").or_else(|| string(t, "text"));
    let Some(raw) = text.filter(|s| !s.trim().is_empty()) else {
        out.skip(source, "the tweet has no full_text");
        return;
    };
    let text = expand_urls(&html_escape::decode_html_entities(&raw), t);
    let id = string(t, "id_str")
        .or_else(|| string(t, "id"))
        .unwrap_or_else(|| source.to_string());
    let mut post = Post::new(id, text, source.clone());
    post.platform = Some("x".into());
    set_time(&mut post, &string(t, "created_at").unwrap_or_default(), out);
    post.parent_id = string(t, "in_reply_to_status_id_str")
        .or_else(|| string(t, "in_reply_to_status_id"))
        .filter(|p| !p.is_empty());
    if post.text.starts_with("RT @") || t.contains_key("retweeted_status") {
        post.kind = Kind::Share;
    }
    out.posts.push(post);
}

/// A value written as a string or a number, as text.
fn string(t: &Map<String, Value>, key: &str) -> Option<String> {
    match t.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Replaces each `t.co` link with the address it stands for.
fn expand_urls(text: &str, t: &Map<String, Value>) -> String {
    let mut text = text.to_string();
    let urls = t
        .get("entities")
        .and_then(|e| e.get("urls"))
        .and_then(Value::as_array);
    for u in urls.into_iter().flatten() {
        if let (Some(short), Some(long)) = (
            u.get("url").and_then(Value::as_str),
            u.get("expanded_url").and_then(Value::as_str),
        ) && !short.is_empty()
        {
            text = text.replace(short, long);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_the_assignment_and_keeps_positions() {
        let (kind, body) =
            strip_assignment("window.YTD.tweets.part1 = [\n  {\"a\": 1}\n];\n", "t.js").unwrap();
        assert_eq!(kind, "tweets");
        assert_eq!(body, "                          [\n  {\"a\": 1}\n] \n");
        let err = strip_assignment("window.YTD.tweets.part0 = {\n", "t.js").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.js:1:27: expected `[` after `window.YTD.tweets... =` (the file is cut short or not an archive file)"
        );
    }

    #[test]
    fn expands_links_and_decodes_entities() {
        let t: Map<String, Value> = serde_json::from_str(
            r#"{"entities": {"urls": [{"url": "https://t.co/x", "expanded_url": "https://a.example/long"}]}}"#,
        )
        .unwrap();
        let text = html_escape::decode_html_entities("Local &amp; proud https://t.co/x");
        assert_eq!(
            expand_urls(&text, &t),
            "Local & proud https://a.example/long"
        );
    }
}
