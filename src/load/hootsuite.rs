//! Hootsuite Bulk Composer files: the CSV a team uploads to schedule many
//! messages at once. There is no header row; each row is
//! `date/time,message[,link]`, the date written `MM/DD/YYYY HH:mm` (or
//! `DD/MM/YYYY HH:mm`, chosen when uploading) on a 24-hour clock in the
//! account's time zone (read here as UTC). The profiles to post to are
//! chosen in the upload dialog, so a row names no platform.
//!
//! Every row is a planned post (`planned`): it has no replies, and the
//! responsiveness rules do not judge it. The link, when given, is appended
//! to the message as Hootsuite posts it. Day-first dates are recognised when
//! any row's first number is above 12.
//!
//! Source: Hootsuite's bulk composer help and the files written by tools
//! that generate them (for example `cmaenner/hootsuite-bulk-composer`).

use std::sync::Arc;

use chrono::NaiveDateTime;

use crate::load::csv::{RowOptions, first_record, read_rows};
use crate::model::{Dataset, Post};

/// Recognises a header-less file whose first field is a bulk-composer time.
pub fn sniff(_name: &str, start: &[u8]) -> Option<&'static str> {
    let first = first_record(start);
    ((2..=3).contains(&first.len()) && date_parts(&first[0]).is_some())
        .then_some("no header, first column MM/DD/YYYY HH:mm: Hootsuite bulk composer")
}

/// `MM/DD/YYYY HH:mm` split into its numbers, when it has that shape.
fn date_parts(s: &str) -> Option<[u32; 5]> {
    let (date, time) = s.trim().split_once(' ')?;
    let d: Vec<&str> = date.split('/').collect();
    let t: Vec<&str> = time.trim().split(':').collect();
    let shape = d.len() == 3
        && t.len() == 2
        && d[0].len() <= 2
        && d[1].len() <= 2
        && d[2].len() == 4
        && t[0].len() <= 2
        && t[1].len() == 2;
    if !shape {
        return None;
    }
    let n = |s: &str| s.parse::<u32>().ok();
    Some([n(d[0])?, n(d[1])?, n(d[2])?, n(t[0])?, n(t[1])?])
}

/// Reads a bulk-composer file.
pub fn load(bytes: &[u8], path: &Arc<str>, out: &mut Dataset) -> anyhow::Result<()> {
    let day_first = day_first(bytes);
    let (form, fmt) = if day_first {
        ("DD/MM/YYYY HH:mm", "%d/%m/%Y %H:%M")
    } else {
        ("MM/DD/YYYY HH:mm", "%m/%d/%Y %H:%M")
    };
    let ro = RowOptions {
        header: false,
        fields: (2, 3),
        escape: None,
    };
    read_rows(bytes, path, &ro, out, |source, f, out| {
        let message = f[1].trim();
        if message.is_empty() {
            out.skip(source, "the row has no message");
            return;
        }
        let text = match f.get(2).map(|l| l.trim()).filter(|l| !l.is_empty()) {
            Some(link) if !message.contains(link) => format!("{message} {link}"),
            _ => message.to_string(),
        };
        let mut post = Post::new(source.to_string(), text, source.clone());
        post.planned = true;
        match NaiveDateTime::parse_from_str(f[0].trim(), fmt) {
            Ok(t) => post.created = Some(t.and_utc().timestamp()),
            Err(_) => out.warn(
                source,
                format!("cannot read time {:?} (expected {form}, as Hootsuite's bulk composer writes it)", f[0]),
            ),
        }
        out.posts.push(post);
    })?;
    Ok(())
}

/// True when some row's first number cannot be a month.
fn day_first(bytes: &[u8]) -> bool {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    reader
        .byte_records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            r.get(0)
                .and_then(|f| date_parts(&String::from_utf8_lossy(f)))
        })
        .any(|p| p[0] > 12)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_bulk_composer_times() {
        assert_eq!(date_parts("04/03/2026 07:00"), Some([4, 3, 2026, 7, 0]));
        assert_eq!(date_parts("2026-04-03 07:00"), None);
        assert!(sniff("x.csv", b"04/03/2026 07:00,Hello,\n").is_some());
        assert!(sniff("x.csv", b"date,text\n").is_none());
        assert!(day_first(b"13/03/2026 07:00,a\n"));
        assert!(!day_first(b"03/13/2026 07:00,a\n"));
    }
}
