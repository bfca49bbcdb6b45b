//! `--format json`: one document, schema version [`SCHEMA_VERSION`],
//! documented in README. Fields are only ever added within a version.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::audit::Audit;
use crate::corpus::Account;
use crate::metrics::Metrics;
use crate::model::{InputWarning, Kind, Skipped, Source};
use crate::report::Reporter;

pub const SCHEMA_VERSION: u32 = 1;

pub struct Json;

#[derive(Serialize)]
pub struct Document<'a> {
    pub version: u32,
    pub tool: Tool,
    pub inputs: Vec<Input<'a>>,
    pub account: &'a Account,
    pub summary: Summary<'a>,
    pub findings: Vec<JsonFinding<'a>>,
    pub posts: Vec<JsonPost<'a>>,
    pub skipped: &'a [Skipped],
    pub warnings: &'a [InputWarning],
}

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Serialize)]
pub struct Input<'a> {
    pub path: &'a str,
    pub format: &'static str,
}

#[derive(Serialize)]
pub struct Summary<'a> {
    pub records: usize,
    pub posts: usize,
    pub audience: usize,
    pub skipped: usize,
    pub warnings: usize,
    pub findings: SeverityCounts,
    pub score: Option<u8>,
    pub principles: BTreeMap<&'static str, Option<u8>>,
    pub metrics: &'a Metrics,
}

#[derive(Serialize)]
pub struct SeverityCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

#[derive(Serialize)]
pub struct JsonFinding<'a> {
    pub rule: &'static str,
    pub name: &'static str,
    pub principle: &'static str,
    pub severity: &'static str,
    pub message: &'a str,
    pub post_id: Option<&'a str>,
    pub source: Option<&'a Source>,
    pub span: Option<JsonSpan<'a>>,
}

/// A matched phrase: `start`/`end` count Unicode characters (code points)
/// from the start of the post's text, end exclusive.
#[derive(Serialize)]
pub struct JsonSpan<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct JsonPost<'a> {
    pub id: &'a str,
    pub score: u8,
    pub source: &'a Source,
    /// `post` or `share` (a retweet, boost or repost of someone else's).
    pub kind: Kind,
    pub platform: Option<&'a str>,
    /// The id of the record this one replies to, as the export gives it.
    pub parent_id: Option<&'a str>,
    /// True for a scheduled post from a content calendar.
    pub planned: bool,
    pub campaign: Option<&'a str>,
}

impl<'a> Document<'a> {
    pub fn new(a: &'a Audit) -> Self {
        let c = &a.corpus;
        let [info, warning, error] = a.counts();
        let findings = a
            .findings
            .iter()
            .map(|f| {
                let post = f.post.map(|i| &c.posts[i]);
                JsonFinding {
                    rule: f.rule.code,
                    name: f.rule.name,
                    principle: f.rule.principle.id(),
                    severity: f.severity.name(),
                    message: &f.message,
                    post_id: post.map(|p| p.id.as_str()),
                    source: post.map(|p| &p.source),
                    span: f.span.zip(post).map(|(s, p)| {
                        let (start, end) = s.to_chars(&p.text);
                        JsonSpan {
                            start,
                            end,
                            text: s.slice(&p.text),
                        }
                    }),
                }
            })
            .collect();
        let posts = a
            .scores
            .posts
            .iter()
            .map(|&(i, score)| {
                let p = &c.posts[i];
                JsonPost {
                    id: &p.id,
                    score,
                    source: &p.source,
                    kind: p.kind,
                    platform: p.platform.as_deref(),
                    parent_id: p.parent_id.as_deref(),
                    planned: p.planned,
                    campaign: p.campaign.as_deref(),
                }
            })
            .collect();
        Document {
            version: SCHEMA_VERSION,
            tool: Tool {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
            inputs: a
                .inputs
                .iter()
                .map(|i| Input {
                    path: &i.path,
                    format: i.format.name(),
                })
                .collect(),
            account: &c.account,
            summary: Summary {
                records: c.records_read,
                posts: a.metrics.account_posts,
                audience: c.audience_count(),
                skipped: c.skipped.len(),
                warnings: c.warnings.len(),
                findings: SeverityCounts {
                    error,
                    warning,
                    info,
                },
                score: a.scores.account,
                principles: a
                    .scores
                    .principles
                    .iter()
                    .map(|(p, s)| (p.id(), *s))
                    .collect(),
                metrics: &a.metrics,
            },
            findings,
            posts,
            skipped: &c.skipped,
            warnings: &c.warnings,
        }
    }
}

impl Reporter for Json {
    fn report(&self, audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &Document::new(audit))?;
        writeln!(out)
    }
}
