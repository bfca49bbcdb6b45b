//! Reporters: one file per output format, behind one trait. Library code
//! never prints; the binary hands a reporter the stream to write to.

pub mod csv;
pub mod github;
pub mod json;
pub mod json_object;
pub mod junit;
pub mod markdown;
pub mod ndjson;
pub mod sarif;
pub mod text;

use std::io::{self, Write};

use clap::ValueEnum;

use crate::audit::Audit;
use crate::rules::Finding;

/// An output format, as named by `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Findings grouped by post, then a summary, for a person.
    #[default]
    Text,
    /// One JSON document (schema in schema/postaudit.schema.json), for scripts.
    Json,
    /// JSON Lines: one finding per line, then a summary line, for streams.
    Ndjson,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions annotations, and a summary in $GITHUB_STEP_SUMMARY.
    Github,
    /// JUnit XML: a test case per post, a failure per finding, for CI dashboards.
    Junit,
    /// A Markdown report, for pull-request comments and wikis.
    Markdown,
    /// CSV, one row per finding, for spreadsheets.
    Csv,
}

pub trait Reporter {
    /// Writes the whole report for `audit` to `out`.
    fn report(&self, audit: &Audit, out: &mut dyn Write) -> io::Result<()>;
}

/// The reporter of `format`; `styled` is for the text report, written with
/// ANSI styles or plain (no other format is styled).
pub fn reporter(format: Format, styled: bool) -> Box<dyn Reporter> {
    match format {
        Format::Text => Box::new(text::Text { styled }),
        Format::Json => Box::new(json::Json),
        Format::Ndjson => Box::new(ndjson::Ndjson),
        Format::Sarif => Box::new(sarif::Sarif),
        Format::Github => Box::new(github::Github::from_env()),
        Format::Junit => Box::new(junit::Junit),
        Format::Markdown => Box::new(markdown::Markdown),
        Format::Csv => Box::new(csv::Csv),
    }
}

/// Where a finding points: its record's file and start line; for an
/// account-level finding, the first line of the first input (formats such
/// as SARIF and GitHub annotations need a place to show it).
pub fn location(a: &Audit, f: &Finding) -> (String, u64) {
    match f.post() {
        Some(i) => {
            let s = &a.corpus.posts[i].source;
            (s.path.to_string(), s.line)
        }
        None => (
            a.inputs
                .first()
                .map_or_else(|| "<stdin>".to_string(), |i| i.path.to_string()),
            1,
        ),
    }
}

/// What a finding is about, for a person: `post 1006`, `comment 1007 by
/// @priya`, or `account`.
pub fn subject(a: &Audit, f: &Finding) -> String {
    match f.post() {
        None => "account".to_string(),
        Some(i) => record_subject(&a.corpus, i),
    }
}

/// A record, for a person: `post 1006`, `comment 1007 by @priya`; a record
/// with no id of its own (a content calendar's, named by its place, which
/// every report shows beside it) is just `post` or `comment`.
pub fn record_subject(c: &crate::corpus::Corpus, i: usize) -> String {
    let p = &c.posts[i];
    let id = if p.id == p.source.to_string() {
        String::new()
    } else {
        format!(" {}", p.id)
    };
    if c.is_account[i] {
        format!("post{id}")
    } else if p.author.is_empty() {
        format!("comment{id}")
    } else {
        format!("comment{id} by @{}", p.author)
    }
}

/// A rule's summary: the first paragraph of `## What it does`, on one line.
pub fn rule_summary(m: &crate::rules::RuleMeta) -> String {
    one_line(
        crate::rules::section(&m.doc_text(), "## What it does")
            .split("\n\n")
            .next()
            .unwrap_or(""),
    )
}

/// Text with its runs of white space (newlines too) as single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
