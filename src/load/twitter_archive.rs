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
//! A `tweets.js` in a file, a directory or a zip is read a block of tweets
//! at a time ([`load_streamed`]): an archive of a million tweets is near a
//! gigabyte, and memory holds the records, not the file. Each tweet is read
//! straight from its text into the fields postaudit uses (`Fields::of_tweet`),
//! or built as a JSON object when it does not fit those
//! (`Fields::of_map`).
//!
//! Source: the archive's own `Your archive.html` viewer reads these files;
//! the layout is documented by the files themselves and by archive parsers
//! such as `timhutton/twitter-archive-parser`.

use std::sync::Arc;

use std::borrow::Cow;
use std::io::{BufRead, Read};

use anyhow::bail;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::load::json::{self, Locator, kind_of};
use crate::load::json_array::{Elements, read_blocks};
use crate::load::push_in_parts;
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

/// Reads `tweets.js` (or a part of it), `note-tweet.js` or `account.js`
/// held whole in memory (standard input, or a file [`load_streamed`] gave
/// back).
///
/// The JSON is read where it stands in the text (not copied), and the
/// tweets are read on all cores, a part of them on each, their records,
/// skips and warnings kept in file order.
pub fn load(text: &str, path: &Arc<str>, out: &mut Dataset) -> anyhow::Result<()> {
    let (kind, open) = assignment(text, path)?;
    let elements = array_at(text, open, path)?;
    let mut at = Locator::new(text, path);
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
            // Each tweet's line first (a count of the lines before it, in
            // order), then the tweets themselves in parts on all cores.
            let lined: Vec<(u64, &RawValue)> = elements
                .into_iter()
                .map(|e| (at.source(e).line, e))
                .collect();
            push_in_parts(&lined, path, out, |e, source, d| {
                if let Err(e) = read_element(e.get(), source.clone(), d) {
                    d.skip(source, format!("invalid JSON: {}", json::error_text(&e)));
                }
            });
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

/// Reads one element of `tweets.js` from its text: `{"tweet": {...}}`
/// straight from the text when it can ([`Fields::of_tweet`]), else as a
/// JSON value; an error when it is not JSON.
fn read_element(text: &str, source: Source, out: &mut Dataset) -> serde_json::Result<()> {
    if let Some(fields) = Fields::of_tweet(text) {
        push_tweet(fields, source, out);
        return Ok(());
    }
    read_tweet(serde_json::from_str(text)?, source, out);
    Ok(())
}

/// Reads one element of `tweets.js`: `{"tweet": {...}}` (or a bare tweet).
fn read_tweet(element: Value, source: Source, out: &mut Dataset) {
    match element {
        Value::Object(obj) => {
            let tweet = match obj.get("tweet") {
                Some(Value::Object(t)) => t,
                _ if obj.contains_key("full_text") || obj.contains_key("text") => &obj,
                _ => {
                    out.skip(source, "expected {\"tweet\": {...}}, found no tweet");
                    return;
                }
            };
            push_tweet(Fields::of_map(tweet), source, out);
        }
        other => out.skip(
            source,
            format!("expected a JSON object, found {}", kind_of(&other)),
        ),
    }
}

pub use crate::load::json_array::Streamed;

/// Reads a `tweets.js` (a part of one, or `tweet.js`) from `src` a block
/// of tweets at a time, on all cores: in memory, a block's text and the
/// records, never the whole file. The same records, skips and warnings
/// as [`load`], in the same order, when it reads without an error; at the
/// first sign of one, [`Streamed::Whole`], having added nothing.
pub fn load_streamed<R: BufRead + Send>(
    mut src: R,
    path: &Arc<str>,
    out: &mut Dataset,
) -> std::io::Result<Streamed> {
    let head = src.fill_buf()?;
    let bom = if head.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let head = &head[bom..];
    // The assignment, up to its `[`, in the first bytes.
    let Some(open) = head.iter().position(|&b| b == b'[') else {
        return Ok(Streamed::Whole);
    };
    let Ok(before) = std::str::from_utf8(&head[..=open]) else {
        return Ok(Streamed::Whole);
    };
    match assignment(before, path) {
        Ok((kind, at)) if at == open && matches!(kind.as_str(), "tweets" | "tweet") => {}
        _ => return Ok(Streamed::Whole),
    }
    let line = 1 + memchr::memchr_iter(b'\n', &before.as_bytes()[..open]).count() as u64;
    src.consume(bom + open);
    let mut elements = Elements::new(src, line);
    let mut read = Dataset::default();
    let whole = read_blocks(&mut elements, path, &mut read, |text, source, d| {
        read_element(text, source, d).is_ok()
    })?;
    if !whole {
        return Ok(Streamed::Whole);
    }
    // After the `]`, only white space and a `;`.
    let mut rest = Vec::new();
    const MOST: u64 = 1 << 16;
    elements.into_inner().take(MOST).read_to_end(&mut rest)?;
    let tail = rest.trim_ascii();
    if rest.len() as u64 == MOST
        || !tail
            .strip_prefix(b";")
            .unwrap_or(tail)
            .trim_ascii()
            .is_empty()
    {
        return Ok(Streamed::Whole);
    }
    out.append_records(read);
    Ok(Streamed::Read)
}

/// The elements of the array that starts at byte `open` of `text`, which
/// may be followed by a `;` and white space. Errors are placed in the file
/// (line and column), not in the JSON.
fn array_at<'a>(text: &'a str, open: usize, path: &str) -> anyhow::Result<Vec<&'a RawValue>> {
    let json = &text[open..];
    let place = |offset: usize| -> (usize, usize) {
        let before = &text[..open + offset];
        let line = 1 + memchr::memchr_iter(b'\n', before.as_bytes()).count();
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        (line, column)
    };
    let mut stream = serde_json::Deserializer::from_str(json).into_iter::<Vec<&RawValue>>();
    let elements = match stream.next() {
        Some(Ok(elements)) => elements,
        Some(Err(e)) => {
            // serde_json's place in the JSON, moved to the file: the JSON's
            // first line is the assignment's.
            let (line, column) = match (e.line(), e.column()) {
                (0, _) => (0, 0),
                (1, c) => (place(0).0, place(0).1 - 1 + c),
                (l, c) => (place(0).0 + l - 1, c),
            };
            bail!(
                "{path}:{line}:{column}: invalid JSON: {}",
                json::error_text(&e)
            );
        }
        None => unreachable!("the JSON starts with `[`"),
    };
    let end = stream.byte_offset();
    let rest = &json[end..];
    let after = rest.trim_start();
    let after = after.strip_prefix(';').unwrap_or(after);
    if !after.trim().is_empty() {
        let at = end + (rest.len() - rest.trim_start().len());
        let (line, column) = place(at);
        bail!("{path}:{line}:{column}: invalid JSON: trailing characters");
    }
    Ok(elements)
}

/// Reads `window.YTD.<kind>.partN = [`: the kind, and where the `[` is.
fn assignment(text: &str, path: &str) -> anyhow::Result<(String, usize)> {
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
    Ok((kind, open))
}

fn push_tweet(t: Fields, source: Source, out: &mut Dataset) {
    let text = t.full_text.or(t.text);
    let Some(raw) = text.filter(|s| !s.trim().is_empty()) else {
        out.skip(source, "the tweet has no full_text");
        return;
    };
    let mut text = html_escape::decode_html_entities(&raw).into_owned();
    for (short, long) in &t.urls {
        if !short.is_empty() {
            text = text.replace(&**short, long);
        }
    }
    let id = t
        .id_str
        .or(t.id)
        .map_or_else(|| source.to_string(), Cow::into_owned);
    let mut post = Post::new(id, text, source.clone());
    post.platform = Some("x".into());
    set_time(&mut post, t.created_at.as_deref().unwrap_or_default(), out);
    post.parent_id = t
        .in_reply_to_status_id_str
        .or(t.in_reply_to_status_id)
        .filter(|p| !p.is_empty())
        .map(Cow::into_owned);
    if post.text.starts_with("RT @") || t.retweeted {
        post.kind = Kind::Share;
    }
    out.posts.push(post);
}

/// What postaudit reads of a tweet: each value written as a string or a
/// number, as text (`None` for any other value, as for none at all); the
/// `t.co` links and the addresses they stand for.
#[derive(Debug, Default, PartialEq)]
struct Fields<'a> {
    full_text: Option<Cow<'a, str>>,
    text: Option<Cow<'a, str>>,
    id_str: Option<Cow<'a, str>>,
    id: Option<Cow<'a, str>>,
    created_at: Option<Cow<'a, str>>,
    in_reply_to_status_id_str: Option<Cow<'a, str>>,
    in_reply_to_status_id: Option<Cow<'a, str>>,
    /// A `retweeted_status` key, whatever its value.
    retweeted: bool,
    /// `entities.urls[]`: `url` and `expanded_url`, when both are strings.
    urls: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> Fields<'a> {
    /// The fields of a tweet read as a JSON object.
    fn of_map(t: &'a Map<String, Value>) -> Fields<'a> {
        let string = |key: &str| match t.get(key)? {
            Value::String(s) => Some(Cow::Borrowed(s.as_str())),
            Value::Number(n) => Some(Cow::Owned(n.to_string())),
            _ => None,
        };
        let urls = t
            .get("entities")
            .and_then(|e| e.get("urls"))
            .and_then(Value::as_array);
        Fields {
            full_text: string("full_text"),
            text: string("text"),
            id_str: string("id_str"),
            id: string("id"),
            created_at: string("created_at"),
            in_reply_to_status_id_str: string("in_reply_to_status_id_str"),
            in_reply_to_status_id: string("in_reply_to_status_id"),
            retweeted: t.contains_key("retweeted_status"),
            urls: urls
                .into_iter()
                .flatten()
                .filter_map(|u| {
                    Some((
                        Cow::Borrowed(u.get("url")?.as_str()?),
                        Cow::Borrowed(u.get("expanded_url")?.as_str()?),
                    ))
                })
                .collect(),
        }
    }

    /// The fields of `{"tweet": {...}}` read straight from its text, without
    /// building the JSON object (an archive's tweet has some forty keys,
    /// nearly all of them not read). `None` for anything else, or anything
    /// this reading does not take (a bare tweet, a key written twice, a
    /// link that is not a string ...): [`Fields::of_map`] then reads it.
    fn of_tweet(text: &'a str) -> Option<Fields<'a>> {
        serde_json::from_str::<fast::Element>(text)
            .ok()
            .map(|e| e.tweet.into())
    }
}

/// [`Fields::of_tweet`]'s reading, with serde.
mod fast {
    use std::borrow::Cow;

    use serde::Deserialize;
    use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

    #[derive(Deserialize)]
    pub(super) struct Element<'a> {
        #[serde(borrow)]
        pub tweet: Tweet<'a>,
    }

    #[derive(Deserialize)]
    pub(super) struct Tweet<'a> {
        #[serde(borrow, default)]
        full_text: Scalar<'a>,
        #[serde(borrow, default)]
        text: Scalar<'a>,
        #[serde(borrow, default)]
        id_str: Scalar<'a>,
        #[serde(borrow, default)]
        id: Scalar<'a>,
        #[serde(borrow, default)]
        created_at: Scalar<'a>,
        #[serde(borrow, default)]
        in_reply_to_status_id_str: Scalar<'a>,
        #[serde(borrow, default)]
        in_reply_to_status_id: Scalar<'a>,
        #[serde(default, deserialize_with = "present")]
        retweeted_status: bool,
        #[serde(borrow, default)]
        entities: Option<Entities<'a>>,
    }

    #[derive(Deserialize)]
    struct Entities<'a> {
        #[serde(borrow, default)]
        urls: Option<Vec<Url<'a>>>,
    }

    #[derive(Deserialize)]
    struct Url<'a> {
        #[serde(borrow, default)]
        url: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        expanded_url: Option<Cow<'a, str>>,
    }

    impl<'a> From<Tweet<'a>> for super::Fields<'a> {
        fn from(t: Tweet<'a>) -> Self {
            super::Fields {
                full_text: t.full_text.0,
                text: t.text.0,
                id_str: t.id_str.0,
                id: t.id.0,
                created_at: t.created_at.0,
                in_reply_to_status_id_str: t.in_reply_to_status_id_str.0,
                in_reply_to_status_id: t.in_reply_to_status_id.0,
                retweeted: t.retweeted_status,
                urls: t
                    .entities
                    .and_then(|e| e.urls)
                    .into_iter()
                    .flatten()
                    .filter_map(|u| Some((u.url?, u.expanded_url?)))
                    .collect(),
            }
        }
    }

    /// True for a key that is there, whatever its value.
    fn present<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        IgnoredAny::deserialize(d).map(|_| true)
    }

    /// Any value: a string or a number as text, anything else as none.
    #[derive(Default)]
    struct Scalar<'a>(Option<Cow<'a, str>>);

    impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(ScalarVisitor(std::marker::PhantomData))
        }
    }

    struct ScalarVisitor<'a>(std::marker::PhantomData<&'a ()>);

    impl<'de: 'a, 'a> Visitor<'de> for ScalarVisitor<'a> {
        type Value = Scalar<'a>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Scalar(Some(Cow::Borrowed(v))))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Scalar(Some(Cow::Owned(v.to_string()))))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Scalar(Some(Cow::Owned(v))))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Scalar(Some(Cow::Owned(
                serde_json::Number::from(v).to_string(),
            ))))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Scalar(Some(Cow::Owned(
                serde_json::Number::from(v).to_string(),
            ))))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Scalar(
                serde_json::Number::from_f64(v).map(|n| Cow::Owned(n.to_string())),
            ))
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Scalar(None))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Scalar(None))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Scalar(None))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Scalar(None))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(Scalar(None))
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::json_array::BLOCK;

    #[test]
    fn reads_the_array_after_the_assignment() {
        let text = "window.YTD.tweets.part1 = [\n  {\"a\": 1}\n];\n";
        let (kind, open) = assignment(text, "t.js").unwrap();
        assert_eq!((kind.as_str(), open), ("tweets", 26));
        let elements = array_at(text, open, "t.js").unwrap();
        assert_eq!(elements.len(), 1);
        assert_eq!(elements[0].get(), "{\"a\": 1}");
        let err = assignment("window.YTD.tweets.part0 = {\n", "t.js").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.js:1:27: expected `[` after `window.YTD.tweets... =` (the file is cut short or not an archive file)"
        );
    }

    /// The JSON as first read: a copy of the file with the assignment (and
    /// a trailing `;`) blanked out, so that serde_json's places are the
    /// file's.
    fn blanked(text: &str, open: usize) -> String {
        let mut body: String = text[..open]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
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
        body
    }

    /// [`array_at`]'s outcome as the blanked copy gives it.
    fn as_blanked(text: &str, open: usize) -> Result<Vec<String>, String> {
        let body = blanked(text, open);
        json::parse::<Vec<&RawValue>>(&body, "t.js")
            .map(|v| v.iter().map(|e| e.get().to_string()).collect())
            .map_err(|e| e.to_string())
    }

    const SAMPLE: &str = "window.YTD.tweets.part0 = [ {\n  \"tweet\" : {\n    \"id_str\" : \"1\",\n    \"full_text\" : \"Caf\u{e9} \u{2615} open at 7\"\n  }\n}, {\n  \"tweet\" : { \"id_str\" : \"2\", \"full_text\" : \"Hi\" }\n} ];\n";

    proptest::proptest! {
        /// Cut anywhere, or with a character put anywhere, a file reads
        /// as the blanked copy reads: the same elements, or an error at
        /// the same line and column with the same words.
        #[test]
        fn the_array_reads_as_the_blanked_copy(
            cut in 0..SAMPLE.len(),
            insert in 0..SAMPLE.len(),
            c in proptest::sample::select(vec!['x', ';', ']', '}', ',', '"', '\n', ' ', '\u{e9}']),
        ) {
            let cut_text: String = SAMPLE.char_indices().take_while(|&(i, _)| i < cut).map(|(_, c)| c).collect();
            let mut inserted = SAMPLE.to_string();
            let at = (0..=insert).rev().find(|&i| SAMPLE.is_char_boundary(i)).unwrap();
            inserted.insert(at, c);
            for text in [cut_text, inserted, SAMPLE.to_string()] {
                let Ok((_, open)) = assignment(&text, "t.js") else { continue };
                let ours = array_at(&text, open, "t.js")
                    .map(|v| v.iter().map(|e| e.get().to_string()).collect::<Vec<_>>())
                    .map_err(|e| e.to_string());
                proptest::prop_assert_eq!(ours, as_blanked(&text, open), "{:?}", text);
            }
        }
    }

    /// A `tweets.js` whose tweets hold what the loader reads, skips and
    /// warns of: a bare tweet, one that is not an object, one with no
    /// tweet, one with no text, a bad time, a reply, a retweet, escapes.
    const VARIED: &str = "\u{feff}window.YTD.tweets.part0 =\n [ {\"tweet\": {\"id_str\": \"1\", \"full_text\": \"Caf\u{e9} &amp; \\\"beans\\\" https://t.co/a\", \"created_at\": \"Wed Apr 08 07:41:55 +0000 2026\", \"entities\": {\"urls\": [{\"url\": \"https://t.co/a\", \"expanded_url\": \"https://ex.example/a\"}]}}},\n{\"id\": 2, \"text\": \"bare\", \"in_reply_to_status_id\": 1}, 7, {\"other\": 1},\n{\"tweet\": {\"id_str\": \"5\", \"full_text\": \" \"}}, {\"tweet\": {\"id_str\": \"6\", \"full_text\": \"RT @a: hi\", \"created_at\": \"someday\"}} ]\n;\n";

    /// What [`load_streamed`] makes of `text`, and what [`load`] does.
    fn both_ways(text: &str) -> (Streamed, Option<String>, Result<String, String>) {
        let path: Arc<str> = "t.js".into();
        let show = |d: &Dataset| format!("{:?}\n{:?}\n{:?}", d.posts, d.skipped, d.warnings);
        let mut streamed = Dataset::default();
        let how =
            load_streamed(std::io::Cursor::new(text.as_bytes()), &path, &mut streamed).unwrap();
        let mut whole = Dataset::default();
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let loaded = load(body, &path, &mut whole)
            .map(|()| show(&whole))
            .map_err(|e| e.to_string());
        let streamed = (how == Streamed::Read).then(|| show(&streamed));
        if how == Streamed::Whole {
            assert!(streamed.is_none());
        }
        (how, streamed, loaded)
    }

    #[test]
    fn streamed_tweets_are_the_tweets_read_whole() {
        let (how, streamed, whole) = both_ways(VARIED);
        assert_eq!(how, Streamed::Read);
        let whole = whole.unwrap();
        assert_eq!(streamed.unwrap(), whole);
        for said in [
            "bare",
            "found a number",
            "found no tweet",
            "has no full_text",
            "someday",
            "ex.example/a",
        ] {
            assert!(whole.contains(said), "{said}: {whole}");
        }
        // Blocks of tweets: more than one, the last one full.
        for n in [BLOCK - 1, BLOCK, 2 * BLOCK + 1] {
            let tweets: Vec<String> = (0..n)
                .map(|i| {
                    format!("{{\"tweet\": {{\"id_str\": \"{i}\", \"full_text\": \"tweet {i}\"}}}}")
                })
                .collect();
            let text = format!("window.YTD.tweets.part0 = [\n{}\n]", tweets.join(",\n"));
            let (how, streamed, whole) = both_ways(&text);
            assert_eq!(how, Streamed::Read);
            assert_eq!(streamed.unwrap(), whole.unwrap());
        }
    }

    proptest::proptest! {
        /// Cut anywhere, or with a character put anywhere, a `tweets.js`
        /// streams to what it reads whole; when it cannot be read whole
        /// (or is not a file of tweets), it does not stream.
        #[test]
        fn streamed_or_read_whole_alike(
            cut in 0..VARIED.len(),
            insert in 0..VARIED.len(),
            c in proptest::sample::select(vec!['x', ';', ']', '[', '}', '{', ',', '"', '\\', '\n', ' ', '\u{e9}', '\u{feff}']),
        ) {
            let cut_text: String = VARIED.char_indices().take_while(|&(i, _)| i < cut).map(|(_, c)| c).collect();
            let mut inserted = VARIED.to_string();
            let at = (0..=insert).rev().find(|&i| VARIED.is_char_boundary(i)).unwrap();
            inserted.insert(at, c);
            for text in [cut_text, inserted] {
                let (how, streamed, whole) = both_ways(&text);
                if how == Streamed::Read {
                    proptest::prop_assert_eq!(streamed, whole.ok(), "{:?}", text);
                }
                else if let Ok(whole) = &whole {
                    // Read whole without an error: only an assignment of
                    // another kind may not stream.
                    proptest::prop_assert!(!text.contains("tweets.part0 ="), "{:?}\n{}", text, whole);
                }
            }
        }
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
        let element = r#"{"tweet": {"full_text": "Local &amp; proud https://t.co/x", "entities": {"urls": [{"url": "https://t.co/x", "expanded_url": "https://a.example/long"}]}}}"#;
        let v: Value = serde_json::from_str(element).unwrap();
        let read_as_object = Fields::of_map(v["tweet"].as_object().unwrap());
        assert_eq!(Fields::of_tweet(element), Some(read_as_object));
        let mut out = Dataset::default();
        let source = Source {
            path: "t.js".into(),
            line: 1,
        };
        read_element(element, source, &mut out).unwrap();
        assert_eq!(out.posts[0].text, "Local & proud https://a.example/long");
    }

    /// A JSON value of each kind a tweet's key may hold, as archives write
    /// them and otherwise.
    fn value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy as _;
        proptest::sample::select(vec![
            r#""1234""#,
            r#""Caf\u00e9 \"x\" https://t.co/a""#,
            r#""RT @a: hi""#,
            r#"" ""#,
            r#""""#,
            "42",
            "-7",
            "1.5",
            "2.5e3",
            "12345678901234567890",
            "null",
            "true",
            r#"[1, {"a": 2}]"#,
            r#"{"urls": [{"url": "https://t.co/a", "expanded_url": "https://ex.example"}]}"#,
            r#"{"urls": [{"url": "https://t.co/a"}, {"url": 3, "expanded_url": "x"}]}"#,
            r#"{"urls": [{"url": null, "expanded_url": "x"}, {"url": "", "expanded_url": "y"}]}"#,
            r#"{"urls": null}"#,
            r#"{"urls": 5}"#,
            "{}",
        ])
        .prop_map(str::to_string)
    }

    proptest::proptest! {
        /// A tweet read straight from its text has the fields it has read
        /// as a JSON object, whenever it can be read that way; and so it
        /// is audited the same.
        #[test]
        fn a_tweet_read_from_its_text_is_the_tweet_read_as_an_object(
            pairs in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "full_text", "text", "id_str", "id", "created_at",
                        "in_reply_to_status_id_str", "in_reply_to_status_id",
                        "retweeted_status", "entities", "lang",
                    ]),
                    value(),
                ),
                0..8,
            ),
        ) {
            let body: Vec<String> = pairs.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
            let text = format!("{{\"tweet\": {{{}}}}}", body.join(", "));
            let v: Value = serde_json::from_str(&text).unwrap();
            let map = v["tweet"].as_object().unwrap();
            if let Some(fast) = Fields::of_tweet(&text) {
                proptest::prop_assert_eq!(fast, Fields::of_map(map), "{}", text);
            }
        }
    }
}
