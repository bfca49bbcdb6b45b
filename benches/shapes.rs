//! Writes an export of N records of one extreme shape, for checking that
//! the work grows linearly with the input even where the records pile up
//! in one place: one time, one thread, one text, one id.
//!
//! Usage: shapes SHAPE N [OUT]   (OUT defaults to standard output)
//!
//! Shapes:
//! - `bulk`: a bulk upload, every record the same promotion at one time
//!   (promotional bursts, duplicate posts, a repeated discount code);
//! - `thread`: every comment on one post, the brand replying to each
//!   (thread linking, unanswered comments, canned replies);
//! - `chain`: one reply chain as long as the export, the brand and a critic
//!   answering each other (public arguments, late replies);
//! - `same`: every record the same text, by the brand and by many users
//!   (duplicate and canned-reply detection);
//! - `same-id`: every record the same id (all but the first skipped);
//! - `no-time`: no record has a time, each replying to the one before.

use std::fs::File;
use std::io::{self, BufWriter, Write};

const SHAPES: &[&str] = &["bulk", "thread", "chain", "same", "same-id", "no-time"];

/// `2026-03-02` plus `s` seconds, as `YYYY-MM-DD HH:MM:SS` (the day moves
/// on every 86,400 seconds; a month of 28 days is enough for 2.4M).
fn time(s: usize) -> String {
    let day = 2 + s / 86_400;
    let (month, day) = (3 + (day - 1) / 28, 1 + (day - 1) % 28);
    format!(
        "2026-{month:02}-{day:02} {:02}:{:02}:{:02}",
        s / 3600 % 24,
        s / 60 % 60,
        s % 60
    )
}

fn record(shape: &str, i: usize) -> [String; 5] {
    let s = |v: &str| v.to_string();
    match shape {
        "bulk" => [
            i.to_string(),
            s("brand"),
            s("2026-03-02 09:00"),
            s("Flash sale! 20% off all beans with code SAVE20, shop now"),
            s(""),
        ],
        "thread" if i == 0 => [
            s("0"),
            s("brand"),
            time(0),
            s("What are you brewing today?"),
            s(""),
        ],
        "thread" if i % 2 == 1 => [
            i.to_string(),
            format!("user{i}"),
            time(i),
            s("Is the shop open on Sunday? @brand"),
            s("0"),
        ],
        "thread" => [
            i.to_string(),
            s("brand"),
            time(i + 600),
            format!(
                "@user{} Thanks for asking, yes we are open on Sunday!",
                i - 1
            ),
            (i - 1).to_string(),
        ],
        "chain" => [
            i.to_string(),
            s(if i.is_multiple_of(2) {
                "brand"
            } else {
                "critic"
            }),
            time(i),
            s(if i.is_multiple_of(2) {
                "No, you are wrong about this, and this is not our fault!"
            } else {
                "You are wrong and your service is a disgrace"
            }),
            if i == 0 { s("") } else { (i - 1).to_string() },
        ],
        "same" => [
            i.to_string(),
            if i.is_multiple_of(3) {
                format!("user{i}")
            } else {
                s("brand")
            },
            time(i),
            s("Thanks for reaching out! Please DM us your order number."),
            s(""),
        ],
        "same-id" => [
            s("7"),
            s("brand"),
            time(i),
            format!("Post number {i} about coffee"),
            s(""),
        ],
        "no-time" => [
            i.to_string(),
            if i % 2 == 1 {
                s("brand")
            } else {
                format!("user{i}")
            },
            s(""),
            format!("Is this open? Thanks for asking {i}"),
            if i == 0 { s("") } else { (i - 1).to_string() },
        ],
        _ => unreachable!("checked in main"),
    }
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || -> ! {
        eprintln!("usage: shapes {} N [OUT]", SHAPES.join("|"));
        std::process::exit(2);
    };
    let (Some(shape), Some(n)) = (args.first(), args.get(1).and_then(|n| n.parse().ok())) else {
        usage()
    };
    if !SHAPES.contains(&shape.as_str()) {
        usage();
    }
    let sink: Box<dyn Write> = match args.get(2).map(String::as_str) {
        None | Some("-") => Box::new(io::stdout().lock()),
        Some(p) => Box::new(File::create(p)?),
    };
    let mut out = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, sink));
    out.write_record(["id", "author", "created_at", "text", "in_reply_to"])?;
    for i in 0..n {
        out.write_record(record(shape, i))?;
    }
    out.flush()
}
