//! Content calendars: the plain spreadsheet a team plans its posts in,
//! saved as CSV. The header names at least a date, a text and a platform
//! column (`date,platform,text,campaign,status`); `campaign` and `status`
//! are optional and kept on the post. Columns are matched by the same names
//! as any CSV (see [`fields`](crate::load::fields)), plus `campaign` and
//! `status` (`state`, `stage`); `--column` overrides them.
//!
//! Every row is a planned post (`planned`): it has no replies and no
//! author (it is the account's), and the responsiveness rules do not judge
//! it, while rules on the mix, cadence and platforms of posts still do. A
//! platform or status the calendar should not hold (a typo, a channel that
//! is gone) is an input warning.
//!
//! A `postaudit-ignore` column and `postaudit: ignore[CODE]` markers in a
//! `notes` column silence findings on a row, as in any CSV.
//!
//! Detection: a CSV header with a date, a text and a platform, campaign or
//! status column, and no author or reply-to column.

use std::sync::Arc;

use anyhow::bail;

use crate::load::LoadOptions;
use crate::load::csv::{RowOptions, first_record, read_rows};
use crate::load::fields::{Field, canonical, resolve_columns};
use crate::load::time::set_time;
use crate::model::{Dataset, Post};

/// Platforms a calendar may name.
pub const PLATFORMS: &[&str] = &[
    "x",
    "twitter",
    "instagram",
    "facebook",
    "linkedin",
    "bluesky",
    "mastodon",
    "threads",
    "tiktok",
    "youtube",
    "pinterest",
];

/// Workflow states a calendar may give.
pub const STATUSES: &[&str] = &[
    "idea",
    "planned",
    "draft",
    "review",
    "in_review",
    "approved",
    "scheduled",
    "published",
];

const CAMPAIGN: &[&str] = &["campaign", "campaign_name", "theme"];
const STATUS: &[&str] = &["status", "state", "stage"];

fn has_alias(header: &[String], field: Field) -> bool {
    header.iter().any(|h| field.aliases().contains(&h.as_str()))
}

/// Recognises a calendar by its header.
pub fn sniff(_name: &str, start: &[u8]) -> Option<&'static str> {
    let header: Vec<String> = first_record(start).iter().map(|c| canonical(c)).collect();
    let any = |names: &[&str]| header.iter().any(|h| names.contains(&h.as_str()));
    let calendar = has_alias(&header, Field::Time)
        && has_alias(&header, Field::Text)
        && (has_alias(&header, Field::Platform) || any(CAMPAIGN) || any(STATUS))
        && !has_alias(&header, Field::Author)
        && !has_alias(&header, Field::Parent);
    calendar
        .then_some("header with date, text and platform columns and no author: content calendar")
}

/// Reads a calendar.
pub fn load(
    bytes: &[u8],
    path: &Arc<str>,
    opts: &LoadOptions,
    out: &mut Dataset,
) -> anyhow::Result<()> {
    let columns = first_record(bytes);
    let found =
        resolve_columns(&columns, &opts.columns).map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    let canon: Vec<String> = columns.iter().map(|c| canonical(c)).collect();
    let find = |names: &[&str]| canon.iter().position(|c| names.contains(&c.as_str()));
    let (Some(text), Some(time)) = (found[Field::Text as usize], found[Field::Time as usize])
    else {
        bail!(
            "{path}: expected a content calendar header with date and text columns (and platform, campaign, status), found: {}",
            columns.join(",")
        );
    };
    let platform = found[Field::Platform as usize];
    let id = found[Field::Id as usize];
    let (campaign, status) = (find(CAMPAIGN), find(STATUS));
    let ro = RowOptions {
        header: true,
        fields: (0, 0),
        escape: None,
    };
    read_rows(bytes, path, &ro, out, |source, f, out| {
        if f[text].trim().is_empty() {
            out.skip(source, "the record has no text");
            return;
        }
        let id = id
            .map(|i| f[i].trim().to_string())
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| source.to_string());
        let mut post = Post::new(id, f[text].as_str(), source.clone());
        post.planned = true;
        let cell = |i: Option<usize>| {
            i.map(|i| f[i].trim().to_lowercase())
                .filter(|v| !v.is_empty())
        };
        post.platform = cell(platform);
        post.set_campaign(
            campaign
                .map(|i| f[i].trim().to_string())
                .filter(|v| !v.is_empty()),
        );
        post.set_status(cell(status));
        let raw = |field: Field| found[field as usize].map(|i| f[i].as_str());
        post.set_suppress(crate::suppress::parse(
            raw(Field::Ignore),
            raw(Field::Notes),
            &post.text,
        ));
        if let Some(p) = &post.platform
            && !PLATFORMS.contains(&p.as_str())
        {
            out.warn(
                source.clone(),
                format!(
                    "unknown platform {p:?} (expected one of: {})",
                    PLATFORMS.join(", ")
                ),
            );
        }
        if let Some(s) = post.status()
            && !STATUSES.contains(&canonical(s).as_str())
        {
            out.warn(
                source.clone(),
                format!(
                    "unknown status {s:?} (expected one of: {})",
                    STATUSES.join(", ")
                ),
            );
        }
        set_time(&mut post, &f[time], out);
        out.posts.push(post);
    })?;
    Ok(())
}
