//! LinkedIn data exports ("Get a copy of your data"): a zip of CSV files,
//! among them the account's posts and comments (newer exports add a member
//! id to the name: `Shares_17529409.csv`).
//!
//! - `Shares.csv`: `Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility`.
//!   The id is the post's URN, decoded from `ShareLink`
//!   (`https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7447...` →
//!   `urn:li:share:7447...`); the text is `ShareCommentary`. A row with no
//!   commentary is a bare repost: a share of someone else's content.
//! - `Comments.csv`: `Date,Link,Message`, the account's own comments;
//!   `Link` is the post commented on, so a comment on one of the account's
//!   own posts links to it when `Shares.csv` is read too. Some exports write
//!   `\"` inside quoted messages instead of `""`: both are read.
//!
//! `Date` is `YYYY-MM-DD HH:MM:SS` in UTC (and sometimes blank). Both files
//! hold only the account's activity, so authors are left empty (the
//! account's).
//!
//! Source: the export's own files, as read by several parsers of LinkedIn
//! data exports.

use std::sync::Arc;

use anyhow::bail;

use crate::load::csv::{RowOptions, first_record, read_rows};
use crate::load::time::set_time;
use crate::model::{Dataset, Kind, Post};

const SHARES: [&str; 3] = ["date", "sharelink", "sharecommentary"];
const COMMENTS: [&str; 3] = ["date", "link", "message"];

/// Recognises `Shares.csv` and `Comments.csv` by their header row.
pub fn sniff(_name: &str, start: &[u8]) -> Option<&'static str> {
    let header: Vec<String> = first_record(start)
        .iter()
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if header.len() >= 3 && header[..3] == SHARES {
        Some("LinkedIn Shares.csv header")
    } else if header.len() == 3 && header[..3] == COMMENTS {
        Some("LinkedIn Comments.csv header")
    } else {
        None
    }
}

/// Reads `Shares.csv` or `Comments.csv`.
pub fn load(bytes: &[u8], path: &Arc<str>, out: &mut Dataset) -> anyhow::Result<()> {
    let header: Vec<String> = first_record(bytes)
        .iter()
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|c| c == name);
    let ro = RowOptions {
        header: true,
        fields: (0, 0),
        escape: Some(b'\\'),
    };
    if let (Some(date), Some(link), Some(text)) =
        (col("date"), col("sharelink"), col("sharecommentary"))
    {
        let shared = col("sharedurl");
        read_rows(bytes, path, &ro, out, |source, f, out| {
            let id = urn(&f[link]).unwrap_or_else(|| source.to_string());
            let mut post = Post::new(id, f[text].trim(), source.clone());
            if post.text.is_empty() {
                let what = shared
                    .map(|i| f[i].trim())
                    .filter(|u| !u.is_empty())
                    .unwrap_or(f[link].trim());
                post.text = format!("reposted {what}");
                post.kind = Kind::Share;
            }
            finish(post, &f[date], out);
        })?;
    } else if let (Some(date), Some(link), Some(text)) = (col("date"), col("link"), col("message"))
    {
        read_rows(bytes, path, &ro, out, |source, f, out| {
            if f[text].trim().is_empty() {
                out.skip(source, "the comment has no text");
                return;
            }
            let mut post = Post::new(source.to_string(), f[text].trim(), source.clone());
            post.parent_id = Some(urn(&f[link]).unwrap_or_else(|| f[link].trim().to_string()))
                .filter(|p| !p.is_empty());
            finish(post, &f[date], out);
        })?;
    } else {
        bail!(
            "{path}: expected a LinkedIn Shares.csv (Date,ShareLink,ShareCommentary,...) or Comments.csv (Date,Link,Message) header, found: {}",
            header.join(",")
        );
    }
    Ok(())
}

fn finish(mut post: Post, date: &str, out: &mut Dataset) {
    post.platform = Some("linkedin".into());
    set_time(&mut post, date, out);
    out.posts.push(post);
}

/// The URN in a feed link, percent-decoded:
/// `.../feed/update/urn%3Ali%3Ashare%3A123` → `urn:li:share:123`.
fn urn(link: &str) -> Option<String> {
    let at = link.find("urn%3A").or_else(|| link.find("urn:"))?;
    let raw = link[at..].trim_end_matches('/');
    let raw = raw.split(['?', '#', '/']).next().unwrap_or(raw);
    Some(raw.replace("%3A", ":").replace("%3a", ":"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urns_are_decoded_from_links() {
        assert_eq!(
            urn("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7447227341471745234")
                .as_deref(),
            Some("urn:li:share:7447227341471745234")
        );
        assert_eq!(
            urn("https://www.linkedin.com/feed/update/urn:li:activity:1/?x=1").as_deref(),
            Some("urn:li:activity:1")
        );
        assert_eq!(urn("https://example.com/x"), None);
    }
}
