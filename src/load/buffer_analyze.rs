//! Buffer Analyze's export of published posts: "Export as CSV" on a
//! channel's Posts report downloads a zip of one CSV per chart, among them
//! `posts-YYYYMMDD-to-YYYYMMDD.csv`, one row per post sent in the date
//! range. Its header names the keys of the first post, in order:
//! `id,type,text,date[,serviceLink],<metrics...>[,media]`, for example
//! `id,type,text,date,serviceLink,retweets,impressions,engagements,replies,url_clicks,favorites,media`
//! for an X/Twitter channel or `...,comments,post_clicks,post_impressions,post_reach,reactions,shares,media`
//! for a Facebook page.
//!
//! - `id` is the post's id on the network (or Buffer's), `type` Buffer's
//!   kind of post (`text`, `link`, `picture`, `video` ...), `serviceLink`
//!   the published post's address, `media` the picture's or video's.
//! - `text` is the post with HTML tags stripped and line breaks run into
//!   spaces, so every record is one line; entities (`&amp;`) are left as
//!   they are and decoded here. Buffer wraps it in quotes without doubling
//!   the quotes inside, so a row is split on commas from both ends and the
//!   text is what lies between: quotes and commas in it are kept whole.
//!   A file saved again by a spreadsheet (quotes doubled) reads the same.
//! - `date` is `MM/DD/YYYY HH:mm:ss` in the channel's time zone, which the
//!   file does not name: read as UTC. A post with no time has
//!   `Invalid date`.
//! - The platform is the host of `serviceLink` (`twitter.com` or `x.com`,
//!   `facebook.com`, `instagram.com`, `linkedin.com`, `pinterest.com`).
//! - The metric columns, which depend on the network, have no field here
//!   and are not read.
//!
//! The rows are published posts of the channel's own account: not planned,
//! authored by the account (the author is left empty).
//!
//! Source: Buffer Analyze's own code (`bufferapp/buffer-analyze`, as
//! mirrored in `stvhanna/buffer-analyze`): the export's rows in
//! `packages/posts-table/middleware.js` and its test, the post's keys in
//! `packages/server/rpc/posts/index.js`, the file's layout and name in
//! `packages/csv-export/lib/generateCSVFromChart.js`.

use std::sync::Arc;

use anyhow::bail;
use chrono::NaiveDateTime;

use crate::load::csv::first_record;
use crate::load::fields::canonical;
use crate::model::{Dataset, Post, Source};

/// The columns every posts export starts with, in this order.
const LEAD: [&str; 4] = ["id", "type", "text", "date"];

/// Time as the export writes it.
const TIME_FORMAT: &str = "%m/%d/%Y %H:%M:%S";

/// True when the header starts `id,type,text,date`.
fn leads(header: &[String]) -> bool {
    header.len() >= LEAD.len()
        && header
            .iter()
            .zip(LEAD)
            .all(|(h, want)| canonical(h) == want)
}

/// True for the export's own file name, `posts-20170707-to-20170715.csv`.
fn export_name(name: &str) -> bool {
    let Some(range) = name
        .strip_prefix("posts-")
        .and_then(|n| n.strip_suffix(".csv"))
    else {
        return false;
    };
    let Some((from, to)) = range.split_once("-to-") else {
        return false;
    };
    [from, to]
        .iter()
        .all(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Recognises the export: a header starting `id,type,text,date`, with a
/// `serviceLink` or `media` column or under the export's file name.
pub fn sniff(name: &str, start: &[u8]) -> Option<&'static str> {
    let header = first_record(start);
    if !leads(&header) {
        return None;
    }
    let has = |c: &str| header.iter().any(|h| canonical(h) == c);
    if has("servicelink") || has("media") {
        Some("header id, type, text, date, serviceLink ...: Buffer Analyze posts export")
    } else if export_name(name) {
        Some(
            "file posts-...-to-....csv with header id, type, text, date: Buffer Analyze posts export",
        )
    } else {
        None
    }
}

/// True when `bytes` has the export's header (for `--input-format buffer`,
/// which reads the bulk-upload file too).
pub fn is_export(bytes: &[u8]) -> bool {
    leads(&first_record(bytes))
}

/// Reads a posts export.
pub fn load(bytes: &[u8], path: &Arc<str>, out: &mut Dataset) -> anyhow::Result<()> {
    let mut lines = bytes.split(|&b| b == b'\n').enumerate();
    let Some((_, head)) = lines.next() else {
        bail!("{path}: the file is empty");
    };
    let Ok(head) = std::str::from_utf8(head) else {
        bail!("{path}:1: the header is not valid UTF-8");
    };
    let header: Vec<String> = head
        .trim_end_matches('\r')
        .split(',')
        .map(|c| canonical(c.trim_matches('"')))
        .collect();
    if !leads(&header) {
        bail!(
            "{path}: expected Buffer Analyze's header id,type,text,date,..., found: {}",
            head.trim()
        );
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    let link = col("servicelink");
    let width = header.len();
    // Fields after the text, counted from the end of the row.
    let after = width - 3;
    let mut rows = 0;
    for (i, raw) in lines {
        let source = Source {
            path: path.clone(),
            line: i as u64 + 1,
        };
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        rows += 1;
        let Ok(line) = std::str::from_utf8(raw) else {
            out.skip(source, "the row is not valid UTF-8");
            continue;
        };
        let parts: Vec<&str> = line.split(',').collect();
        if parts.len() < width {
            out.skip(
                source,
                format!("expected {width} fields, found {}", parts.len()),
            );
            continue;
        }
        let tail = &parts[parts.len() - after..];
        let text = unquote(&parts[2..parts.len() - after].join(","));
        let text = html_escape::decode_html_entities(text.trim()).into_owned();
        if text.trim().is_empty() {
            out.skip(source, "the row has no text");
            continue;
        }
        let id = unquote(parts[0]);
        let id = if id.is_empty() {
            source.to_string()
        } else {
            id
        };
        let mut post = Post::new(id, text.trim(), source.clone());
        post.platform = link
            .map(|l| unquote(tail[l - 3]))
            .and_then(|url| platform_of(&url));
        let when = unquote(tail[0]);
        match NaiveDateTime::parse_from_str(&when, TIME_FORMAT) {
            Ok(t) => post.created = Some(t.and_utc().timestamp()),
            Err(_) if when.is_empty() || when == "Invalid date" => {
                out.warn(source, "the post has no time (\"Invalid date\")")
            }
            Err(_) => out.warn(
                source,
                format!(
                    "cannot read time {when:?} (expected MM/DD/YYYY HH:mm:ss, as Buffer Analyze writes it)"
                ),
            ),
        }
        out.posts.push(post);
    }
    if rows == 0 {
        out.warn(
            Source {
                path: path.clone(),
                line: 1,
            },
            "no records: the file has a header row and nothing after it",
        );
    }
    Ok(())
}

/// A field without the quotes around it; `""` inside a quoted field (a
/// file saved again by a spreadsheet) is one quote.
fn unquote(field: &str) -> String {
    let f = field.trim();
    match f
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) => inner.replace("\"\"", "\""),
        None => f.to_string(),
    }
}

/// The platform a published post's address is on.
fn platform_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    let name = match host {
        "twitter.com" | "x.com" => "x",
        "facebook.com" | "fb.com" => "facebook",
        "instagram.com" => "instagram",
        "linkedin.com" => "linkedin",
        h if h.starts_with("pinterest.") => "pinterest",
        _ => return None,
    };
    Some(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_export_by_header_and_name() {
        let head = b"id,type,text,date,serviceLink,retweets,media\n";
        assert!(sniff("x.csv", head).is_some());
        assert!(sniff("x.csv", b"id,type,text,date,likes\n").is_none());
        assert!(
            sniff(
                "posts-20170707-to-20170715.csv",
                b"id,type,text,date,likes\n"
            )
            .is_some()
        );
        assert!(sniff("x.csv", b"id,author,text,date,media\n").is_none());
        assert!(export_name("posts-20260301-to-20260331.csv"));
        assert!(!export_name("posts-2026-to-2027.csv"));
    }

    #[test]
    fn platforms_and_quotes() {
        assert_eq!(
            platform_of("https://twitter.com/a/status/1").as_deref(),
            Some("x")
        );
        assert_eq!(
            platform_of("https://www.facebook.com/1/posts/2").as_deref(),
            Some("facebook")
        );
        assert_eq!(platform_of("https://example.com/x"), None);
        assert_eq!(unquote("\"say \"\"hi\"\"\""), "say \"hi\"");
        assert_eq!(unquote("\"a \"b\" c\""), "a \"b\" c");
        assert_eq!(unquote(" plain "), "plain");
    }
}
