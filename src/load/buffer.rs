//! Buffer bulk-upload CSV files: the header `Text,Image URL,Tags,Posting
//! Time` (Pinterest files add `Board Name`), one row per post for one
//! channel. `Posting Time` is `YYYY-MM-DD HH:mm` (some generators write
//! `M/D/YY HH:mm`), on a 24-hour clock, read as UTC. `Tags` are Buffer's
//! own labels for organising posts, kept as the post's campaign.
//!
//! Every row is a planned post (`planned`): it has no replies, and the
//! responsiveness rules do not judge it.
//!
//! Source: Buffer's bulk-upload template, as reproduced by the tools that
//! generate it.

use std::sync::Arc;

use anyhow::bail;
use chrono::NaiveDateTime;

use crate::load::csv::{RowOptions, first_record, read_rows};
use crate::load::fields::canonical;
use crate::load::time::parse_time;
use crate::model::{Dataset, Post};

/// Recognises the header (any order and case): `Text` and `Posting Time`.
pub fn sniff(_name: &str, start: &[u8]) -> Option<&'static str> {
    let header: Vec<String> = first_record(start).iter().map(|c| canonical(c)).collect();
    let has = |c: &str| header.iter().any(|h| h == c);
    (has("text") && has("posting_time"))
        .then_some("header Text, Image URL, Tags, Posting Time: Buffer")
}

/// Reads a Buffer file.
pub fn load(bytes: &[u8], path: &Arc<str>, out: &mut Dataset) -> anyhow::Result<()> {
    let header: Vec<String> = first_record(bytes).iter().map(|c| canonical(c)).collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(text), Some(time)) = (col("text"), col("posting_time")) else {
        bail!(
            "{path}: expected Buffer's header Text,Image URL,Tags,Posting Time \
             (or Analyze's id,type,text,date,...), found: {}",
            first_record(bytes).join(",")
        );
    };
    let tags = col("tags");
    let ro = RowOptions {
        header: true,
        fields: (0, 0),
        escape: None,
    };
    read_rows(bytes, path, &ro, out, |source, f, out| {
        if f[text].trim().is_empty() {
            out.skip(source, "the row has no text");
            return;
        }
        let mut post = Post::new(source.to_string(), f[text].trim(), source.clone());
        post.planned = true;
        post.set_campaign(
            tags.map(|i| f[i].trim().to_string())
                .filter(|t| !t.is_empty()),
        );
        let when = f[time].trim();
        if !when.is_empty() {
            let short = NaiveDateTime::parse_from_str(when, "%m/%d/%y %H:%M")
                .map(|t| t.and_utc().timestamp());
            match parse_time(when).or(short.map_err(|_| ())) {
                Ok(secs) => post.created = Some(secs),
                Err(()) => out.warn(
                    source,
                    format!(
                        "cannot read time {when:?} (expected YYYY-MM-DD HH:mm or M/D/YY HH:mm)"
                    ),
                ),
            }
        }
        out.posts.push(post);
    })?;
    Ok(())
}
