//! Reading the many ways exports write a time.
//!
//! Accepted, in this order: RFC 3339 (`2026-03-01T09:30:00Z`), RFC 2822
//! (`Sun, 01 Mar 2026 09:30:00 +0000`), the classic Twitter form
//! (`Tue Oct 31 22:10:47 +0000 2017`), `YYYY-MM-DD[ HH:MM[:SS]]` (also with a
//! `T` or `/` separators, read as UTC), and Unix seconds (or milliseconds when
//! the number is too large to be seconds).

use chrono::{DateTime, Datelike as _, NaiveDate, NaiveDateTime};

use crate::model::{Dataset, Post};

/// Parses `raw` into seconds since the Unix epoch (UTC), or explains why not.
pub fn parse_time(raw: &str) -> Result<i64, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("time is empty".into());
    }
    if let Some(secs) = parse_utc_seconds(s)
        .or_else(|| parse_twitter_seconds(s))
        .or_else(|| parse_naive_seconds(s))
    {
        return Ok(secs);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.timestamp());
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Ok(t.timestamp());
    }
    if let Ok(t) = DateTime::parse_from_str(s, "%a %b %d %H:%M:%S %z %Y") {
        return Ok(t.timestamp());
    }
    // RFC 3339 with a space instead of `T`, or with an offset but no colon.
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Ok(t.timestamp());
        }
    }
    if let Some(t) = parse_naive(s) {
        return Ok(t.and_utc().timestamp());
    }
    if let Some(secs) = parse_epoch(s) {
        return Ok(secs);
    }
    Err(format!(
        "cannot read time {raw:?} (expected RFC 3339, RFC 2822, YYYY-MM-DD[ HH:MM[:SS]], \
         'Tue Oct 31 22:10:47 +0000 2017' or Unix seconds)"
    ))
}

/// RFC 3339 as most exports write it, `2026-03-01T09:30:00Z`, read
/// without the general parser (a time is read for every record); `None`
/// for any other form, which the general parser then reads.
fn parse_utc_seconds(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't')
        || b[13] != b':'
        || b[16] != b':'
        || !matches!(b[19], b'Z' | b'z')
    {
        return None;
    }
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)?;
    // A leap second (`:60`) is left to the general parser.
    let time = date.and_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)?;
    Some(time.and_utc().timestamp())
}

/// A calendar's or scheduler's time, `2026-03-01 09:30[:00]` (or with a
/// `T`, or `2026/03/01 09:30[:00]`) or a date, `2026-03-01`
/// (`2026/03/01`), read as UTC without the general parser: the general
/// parser tries a dozen forms before these. `None` for any other form,
/// which the general parser then reads (or refuses) as before.
fn parse_naive_seconds(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let dash = match b.get(4) {
        Some(b'-') => true,
        Some(b'/') => false,
        _ => return None,
    };
    if !matches!(b.len(), 10 | 16 | 19) || b[7] != b[4] {
        return None;
    }
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)?;
    if b.len() == 10 {
        return Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp());
    }
    let apart = b[10] == b' ' || (dash && b[10] == b'T');
    if !apart || b[13] != b':' || (b.len() == 19 && b[16] != b':') {
        return None;
    }
    let seconds = if b.len() == 19 { number(17, 19)? } else { 0 };
    // A leap second (`:60`) is left to the general parser.
    let time = date.and_hms_opt(number(11, 13)?, number(14, 16)?, seconds)?;
    Some(time.and_utc().timestamp())
}

/// Twitter's classic form, `Wed Apr 08 07:41:55 +0000 2026` (every
/// tweet of an archive), read without the general parser; `None` for any
/// other form, or a weekday that is not the date's, which the general
/// parser then reads (or refuses) as before.
fn parse_twitter_seconds(s: &str) -> Option<i64> {
    const MONTHS: [&[u8; 3]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    const DAYS: [&[u8; 3]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
    let b = s.as_bytes();
    if b.len() != 30
        || b[3] != b' '
        || b[7] != b' '
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b' '
        || !matches!(b[20], b'+' | b'-')
        || b[25] != b' '
    {
        return None;
    }
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let month = MONTHS.iter().position(|m| m[..] == b[4..7])? as u32 + 1;
    let date = NaiveDate::from_ymd_opt(number(26, 30)? as i32, month, number(8, 10)?)?;
    if DAYS[date.weekday().num_days_from_monday() as usize][..] != b[..3] {
        return None;
    }
    // A leap second (`:60`) is left to the general parser.
    let time = date.and_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)?;
    let (hours, minutes) = (number(21, 23)?, number(23, 25)?);
    if hours > 23 || minutes > 59 {
        return None;
    }
    let offset = i64::from(hours * 3600 + minutes * 60);
    let offset = if b[20] == b'-' { -offset } else { offset };
    Some(time.and_utc().timestamp() - offset)
}

fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    const DATETIME: [&str; 8] = [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
    ];
    for fmt in DATETIME {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t);
        }
    }
    for fmt in ["%Y-%m-%d", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return d.and_hms_opt(0, 0, 0);
        }
    }
    None
}

fn parse_epoch(s: &str) -> Option<i64> {
    let (int_part, _) = s.split_once('.').unwrap_or((s, ""));
    if int_part.is_empty() || !int_part.bytes().all(|b| b.is_ascii_digit()) || int_part.len() > 16 {
        return None;
    }
    let n: i64 = int_part.parse().ok()?;
    // 10^11 seconds is the year 5138: anything larger is milliseconds.
    Some(if n >= 100_000_000_000 { n / 1000 } else { n })
}

/// Sets `post.created` from `raw`, or records an input warning at the
/// post's source saying why the time cannot be read. A blank time is no time.
pub(crate) fn set_time(post: &mut Post, raw: &str, out: &mut Dataset) {
    if raw.trim().is_empty() {
        return;
    }
    match parse_time(raw) {
        Ok(secs) => post.created = Some(secs),
        Err(e) => out.warn(post.source.clone(), e),
    }
}

/// Formats epoch seconds as RFC 3339 UTC (`2026-03-01T09:30:00Z`).
pub fn format_time(secs: i64) -> String {
    DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| secs.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Twitter's form read without the general parser reads as the
        /// general parser reads it, with any weekday (right or wrong),
        /// month, day, time and offset.
        #[test]
        fn twitter_times_read_as_the_general_parser_reads_them(
            s in "(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Xyz) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Foo) [0-3][0-9] [0-2][0-9]:[0-6][0-9]:[0-6][0-9] [+-][0-2][0-9][0-6][0-9] (19[0-9][0-9]|20[0-9][0-9])",
        ) {
            let general = DateTime::parse_from_str(&s, "%a %b %d %H:%M:%S %z %Y").map(|t| t.timestamp()).ok();
            if let Some(fast) = parse_twitter_seconds(&s) {
                proptest::prop_assert_eq!(Some(fast), general, "{}", s);
            }
            proptest::prop_assert_eq!(parse_time(&s).ok(), general, "{}", s);
        }

        /// Right weekdays, so that most cases take the fast path.
        #[test]
        fn twitter_times_of_any_date_read_as_the_general_parser_reads_them(
            days in 0i64..80_000,
            secs in 0i64..86_400,
            offset in -1439i32..1440,
        ) {
            let t = DateTime::from_timestamp(days * 86_400 + secs - 20_000 * 86_400, 0).unwrap()
                .with_timezone(&chrono::FixedOffset::east_opt(offset * 60).unwrap());
            let s = t.format("%a %b %d %H:%M:%S %z %Y").to_string();
            proptest::prop_assert_eq!(parse_twitter_seconds(&s), Some(t.timestamp()), "{}", s);
        }

        #[test]
        fn utc_seconds_as_rfc_3339_reads_them(
            s in "[0-9]{4}-(0[0-9]|1[0-3])-([0-2][0-9]|3[0-2])[Tt ]([01][0-9]|2[0-4]):[0-6][0-9]:[0-6][0-9][Zz+]",
        ) {
            // Where it reads a time, it is chrono's; elsewhere chrono reads
            // it as before.
            if let Some(secs) = parse_utc_seconds(&s) {
                let general = DateTime::parse_from_rfc3339(&s).ok().map(|t| t.timestamp());
                proptest::prop_assert_eq!(Some(secs), general);
            }
        }

        /// A calendar's time read without the general parser reads as
        /// the general parser reads it, with any digits, separators of
        /// either kind, and the forms around them.
        #[test]
        fn calendar_times_read_as_the_general_parser_reads_them(
            s in "[0-9]{4}[-/](0[0-9]|1[0-3])[-/]([0-2][0-9]|3[0-2])([Tt /]([01][0-9]|2[0-4]):[0-6][0-9](:[0-6][0-9](\\.[0-9])?)?)?",
        ) {
            let general = parse_naive(&s).map(|t| t.and_utc().timestamp());
            if let Some(fast) = parse_naive_seconds(&s) {
                proptest::prop_assert_eq!(Some(fast), general, "{}", s);
            }
            proptest::prop_assert_eq!(parse_time(&s).ok(), general, "{}", s);
        }

        #[test]
        fn valid_calendar_times_are_read_fast(
            secs in 0i64..4_102_444_800,
            form in proptest::sample::select(vec![
                "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M:%S",
            ]),
            minutes in proptest::bool::ANY,
        ) {
            let t = DateTime::from_timestamp(secs, 0).unwrap();
            let (form, secs) = if minutes {
                (form.strip_suffix(":%S").unwrap(), secs - secs % 60)
            } else {
                (form, secs)
            };
            let s = t.format(form).to_string();
            proptest::prop_assert_eq!(parse_naive_seconds(&s), Some(secs), "{}", s);
            let day = t.format("%Y-%m-%d").to_string();
            proptest::prop_assert_eq!(parse_naive_seconds(&day), Some(secs - secs % 86_400), "{}", day);
        }

        #[test]
        fn valid_utc_seconds_are_read_fast(
            secs in 0i64..4_102_444_800,
        ) {
            let s = DateTime::from_timestamp(secs, 0).unwrap().format("%Y-%m-%dT%H:%M:%SZ").to_string();
            proptest::prop_assert_eq!(parse_utc_seconds(&s), Some(secs));
        }
    }

    const MAR_1_0930: i64 = 1_772_357_400;

    #[test]
    fn reads_every_documented_form() {
        for raw in [
            "2026-03-01T09:30:00Z",
            "2026-03-01T10:30:00+01:00",
            "2026-03-01 09:30:00",
            "2026-03-01 09:30",
            "2026-03-01T09:30:00.000Z",
            "Sun, 01 Mar 2026 09:30:00 +0000",
            "Sun Mar 01 09:30:00 +0000 2026",
            "1772357400",
            "1772357400000",
        ] {
            assert_eq!(parse_time(raw), Ok(MAR_1_0930), "{raw}");
        }
        assert_eq!(parse_time("2026-03-01"), Ok(MAR_1_0930 - 9 * 3600 - 1800));
    }

    /// The forms next to a calendar's, read fast or not, as the general
    /// parser reads them.
    #[test]
    fn calendar_times_near_the_forms_read_as_the_general_parser_reads_them() {
        for s in [
            "2026-03-01 09:30",
            "2026-03-01T09:30:00",
            "2026/03/01 09:30:00",
            "2026/03/01T09:30",
            "2026/03/01T09:30:00",
            "2026-03-01t09:30",
            "2026-03/01 09:30",
            "2026-03-01 09:30x00",
            "2026-03-01 09-30",
            "2026-03-01_09:30",
            "2026-02-30 09:30",
            "2026-03-01 24:00",
            "2026-03-01 09:30:60",
        ] {
            let general = parse_naive(s).map(|t| t.and_utc().timestamp());
            if let Some(fast) = parse_naive_seconds(s) {
                assert_eq!(Some(fast), general, "{s}");
            }
            assert_eq!(parse_time(s).ok(), general, "{s}");
        }
    }

    #[test]
    fn explains_what_it_cannot_read() {
        let err = parse_time("next tuesday").unwrap_err();
        assert!(err.contains("\"next tuesday\""), "{err}");
        assert!(parse_time("").is_err());
        assert!(parse_time("2026-13-45").is_err());
    }

    #[test]
    fn formats_utc() {
        assert_eq!(format_time(MAR_1_0930), "2026-03-01T09:30:00Z");
    }
}
