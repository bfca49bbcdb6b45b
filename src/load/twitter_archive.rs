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
//! - `data/note-tweet.js` is `window.YTD.note_tweet.part0 = [{"noteTweet":
//!   {"noteTweetId", "createdAt", "core": {"text", "urls": [{"shortUrl",
//!   "expandedUrl"}]}}}]`: the full texts of long posts (X Premium), whose
//!   `tweets.js` entry holds only the first 280 or so characters, cut with
//!   `…` and often followed by a link. It names no tweet id, so each long
//!   text is joined to the tweet posted within two minutes of it whose
//!   truncated text (less the `…` and a trailing link) begins it; that
//!   tweet is then audited with the full text. A long text is part of its
//!   tweet's record, not a record of its own; one that matches no tweet
//!   (an archive cut short) is audited as a post of its own, with a warning.
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
use crate::model::{Dataset, Kind, Post, Source};

/// Recognises an archive file by its assignment prefix.
pub fn sniff(_name: &str, start: &[u8]) -> Option<&'static str> {
    if start.starts_with(b"window.YTD.tweets.part") || start.starts_with(b"window.YTD.tweet.part") {
        Some("window.YTD.tweets: an X/Twitter archive's tweets")
    } else if start.starts_with(b"window.YTD.note_tweet.part") {
        Some("window.YTD.note_tweet: an X/Twitter archive's long posts")
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
        "note_tweet" => {
            for element in elements {
                let source = at.source(element);
                match serde_json::from_str::<Value>(element.get()) {
                    Ok(v) => match long_text(&v, source.clone()) {
                        Ok(long) => out.long_texts.push(long),
                        Err(reason) => out.skip(source, reason),
                    },
                    Err(e) => out.skip(source, format!("invalid JSON: {}", json::error_text(&e))),
                }
            }
        }
        other => bail!(
            "{path}: window.YTD.{other} is not a file of tweets (expected tweets.js, tweet.js, tweets-partN.js, note-tweet.js or account.js)"
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

fn push_tweet(t: &Map<String, Value>, source: Source, out: &mut Dataset) {
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

/// The full text of a long post, from `note-tweet.js`, waiting to be
/// joined to its truncated tweet.
#[derive(Debug, Clone)]
pub struct LongText {
    pub id: String,
    pub created: Option<i64>,
    /// HTML entities decoded and links expanded, as for tweets.
    pub text: String,
    pub source: Source,
}

/// Reads one `{"noteTweet": {...}}` element; `Err` is why it is skipped.
fn long_text(v: &Value, source: Source) -> Result<LongText, String> {
    let Some(note) = v.get("noteTweet").and_then(Value::as_object) else {
        return Err(format!(
            "expected {{\"noteTweet\": {{...}}}}, found {}",
            kind_of(v)
        ));
    };
    let core = note.get("core").and_then(Value::as_object);
    let Some(raw) = core
        .and_then(|c| c.get("text"))
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
    else {
        return Err("the long post has no core.text".into());
    };
    let mut text = html_escape::decode_html_entities(raw).into_owned();
    for u in core
        .and_then(|c| c.get("urls"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let (Some(short), Some(long)) = (
            u.get("shortUrl").and_then(Value::as_str),
            u.get("expandedUrl").and_then(Value::as_str),
        ) && !short.is_empty()
        {
            text = text.replace(short, long);
        }
    }
    Ok(LongText {
        id: string(note, "noteTweetId").unwrap_or_else(|| source.to_string()),
        created: string(note, "createdAt").and_then(|t| crate::load::time::parse_time(&t).ok()),
        text,
        source,
    })
}

/// How far apart a long text's time and its tweet's may be, in seconds.
const LONG_TEXT_SLACK: i64 = 120;

/// Joins each long text to its truncated tweet (see the module doc); one
/// that matches no tweet becomes a post of its own, with a warning.
pub fn attach_long_texts(data: &mut Dataset) {
    let longs = std::mem::take(&mut data.long_texts);
    if longs.is_empty() {
        return;
    }
    // X posts by time, so that each long text looks only at the tweets of
    // its two minutes (and at those with no time).
    let candidates = |p: &Post| p.platform.as_deref() == Some("x") && p.kind == Kind::Post;
    let mut timed: Vec<(i64, usize)> = Vec::new();
    let mut untimed: Vec<usize> = Vec::new();
    for (i, p) in data.posts.iter().enumerate().filter(|(_, p)| candidates(p)) {
        match p.created {
            Some(t) => timed.push((t, i)),
            None => untimed.push(i),
        }
    }
    timed.sort_unstable();
    for long in longs {
        let near: Vec<usize> = match long.created {
            Some(t) => {
                let from = timed.partition_point(|&(u, _)| u < t - LONG_TEXT_SLACK);
                let to = timed.partition_point(|&(u, _)| u <= t + LONG_TEXT_SLACK);
                timed[from..to].iter().map(|&(_, i)| i).collect()
            }
            None => timed.iter().map(|&(_, i)| i).collect(),
        };
        let best = near
            .into_iter()
            .chain(untimed.iter().copied())
            .filter_map(|i| truncation_of(&data.posts[i].text, &long.text).map(|n| (i, n)))
            .max_by_key(|&(n_i, n)| (n, std::cmp::Reverse(n_i)));
        match best {
            Some((i, _)) => data.posts[i].text = long.text,
            None => {
                let source = long.source.clone();
                data.warn(
                    source.clone(),
                    format!(
                        "long post {} matches no tweet in tweets.js: audited as a post of its own",
                        long.id
                    ),
                );
                let mut post = Post::new(long.id, long.text, source);
                post.platform = Some("x".into());
                post.created = long.created;
                data.posts.push(post);
            }
        }
    }
}

/// When `short` is `full` cut short (as `tweets.js` keeps a long post: its
/// start, maybe `…`, maybe a link), how many characters of `full` it keeps.
fn truncation_of(short: &str, full: &str) -> Option<usize> {
    let mut kept = short.trim_end();
    // A trailing link: the tweet's own, pointing at the full post.
    if let Some(i) = kept.rfind(char::is_whitespace) {
        let last = &kept[i..].trim_start();
        if last.starts_with("https://") || last.starts_with("http://") {
            kept = kept[..i].trim_end();
        }
    }
    let kept = kept
        .strip_suffix('…')
        .or_else(|| kept.strip_suffix("..."))
        .unwrap_or(kept)
        .trim_end();
    // Too little to tell one post from another; and the long text must be
    // longer, or it is not a truncation.
    if kept.chars().count() < 20 || full.len() <= kept.len() {
        return None;
    }
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let (a, b) = (words(kept), words(full));
    // The last word kept may be cut in the middle.
    let (last, whole) = a.split_last()?;
    (b.len() >= a.len()
        && whole.iter().zip(&b).all(|(x, y)| x == y)
        && b[whole.len()].starts_with(last.as_str()))
    .then(|| kept.chars().count())
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
    fn a_truncated_tweet_begins_its_long_text() {
        let full = "Big news from the roastery: we are opening a second café on Harbour Street this spring, with a tasting bar.";
        let cut =
            "Big news from the roastery: we are opening a second café on Harb… https://t.co/AbC";
        assert_eq!(truncation_of(cut, full), Some(64));
        assert_eq!(
            truncation_of("Big news from the roastery: we are opening...", full),
            Some(42)
        );
        // Another post, a post too short to tell, and the full text itself.
        assert_eq!(
            truncation_of("Big news from the bakery: we are opening…", full),
            None
        );
        assert_eq!(truncation_of("Big news…", full), None);
        assert_eq!(truncation_of(full, full), None);
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
