//! `--format json`: one document, schema version [`SCHEMA_VERSION`],
//! documented in README. Fields are only ever added within a version.

use std::collections::BTreeMap;
use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use crate::audit::Audit;
use crate::corpus::Account;
use crate::metrics::Metrics;
use crate::model::{InputWarning, Kind, Skipped, Source};
use crate::report::Reporter;
use crate::rules::Finding;

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

/// The summary; `M` is the metrics (a streamed audit has fewer, see
/// [`crate::stream`]).
#[derive(Serialize)]
pub struct Summary<'a, M: Serialize = Metrics> {
    pub records: usize,
    pub posts: usize,
    pub audience: usize,
    pub skipped: usize,
    pub warnings: usize,
    pub findings: SeverityCounts,
    /// Findings silenced by their record (`postaudit-ignore`).
    pub suppressed: usize,
    /// Findings left out because the baseline lists them.
    pub baselined: usize,
    pub score: Option<u8>,
    pub principles: BTreeMap<&'static str, Option<u8>>,
    pub metrics: &'a M,
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
    /// Stable across edits elsewhere in the file (see `--baseline`).
    pub fingerprint: String,
}

impl<'a> JsonFinding<'a> {
    pub fn new(a: &'a Audit, f: &'a Finding) -> Self {
        let post = f.post.map(|i| &a.corpus.posts[i]);
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
            fingerprint: a.fingerprint(f),
        }
    }
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
    /// As the export says, or the `platform.default` setting.
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
        let findings = a
            .findings
            .par_iter()
            .map(|f| JsonFinding::new(a, f))
            .collect();
        let posts = a
            .scores
            .posts
            .par_iter()
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
            summary: Summary::new(a),
            findings,
            posts,
            skipped: &c.skipped,
            warnings: &c.warnings,
        }
    }
}

impl<'a> Summary<'a> {
    pub fn new(a: &'a Audit) -> Self {
        let c = &a.corpus;
        let [info, warning, error] = a.counts();
        Summary {
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
            suppressed: a.suppressed,
            baselined: a.baselined,
            score: a.scores.account,
            principles: a
                .scores
                .principles
                .iter()
                .map(|(p, s)| (p.id(), *s))
                .collect(),
            metrics: &a.metrics,
        }
    }
}

impl Reporter for Json {
    fn report(&self, audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
        let mut buf = io::BufWriter::with_capacity(1 << 16, out);
        write_pretty(&Document::new(audit), &mut buf)?;
        writeln!(buf)?;
        buf.flush()
    }
}

/// The document as `serde_json::to_writer_pretty` writes it, byte for
/// byte, with the long arrays rendered on all cores: each element is
/// written pretty on its own and indented to its depth (serde_json escapes
/// newlines in strings, so every newline it writes is layout).
pub fn write_pretty(doc: &Document, out: &mut impl Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Head<'a> {
        version: u32,
        tool: &'a Tool,
        inputs: &'a [Input<'a>],
        account: &'a Account,
        summary: &'a Summary<'a>,
    }
    let head = serde_json::to_vec_pretty(&Head {
        version: doc.version,
        tool: &doc.tool,
        inputs: &doc.inputs,
        account: doc.account,
        summary: &doc.summary,
    })?;
    // All but the closing "\n}": the arrays follow.
    out.write_all(&head[..head.len() - 2])?;
    write_array(out, "findings", &doc.findings)?;
    write_array(out, "posts", &doc.posts)?;
    write_array(out, "skipped", doc.skipped)?;
    write_array(out, "warnings", doc.warnings)?;
    out.write_all(b"\n}")
}

/// Writes `,\n  "key": [...]` as a field of the top-level object.
fn write_array<T: Serialize + Sync>(
    out: &mut impl Write,
    key: &str,
    items: &[T],
) -> io::Result<()> {
    /// Elements rendered by one task; tasks run a window at a time, so
    /// memory stays bounded however long the array.
    const CHUNK: usize = 512;
    const WINDOW: usize = 64 * CHUNK;
    write!(out, ",\n  \"{key}\": ")?;
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    for window in items.chunks(WINDOW) {
        let rendered: Vec<io::Result<Vec<u8>>> = window
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut buf = Vec::with_capacity(chunk.len() * 256);
                let mut one = Vec::with_capacity(512);
                for item in chunk {
                    one.clear();
                    serde_json::to_writer_pretty(&mut one, item)?;
                    buf.extend_from_slice(b",\n    ");
                    for (i, line) in one.split(|&b| b == b'\n').enumerate() {
                        if i > 0 {
                            buf.extend_from_slice(b"\n    ");
                        }
                        buf.extend_from_slice(line);
                    }
                }
                Ok(buf)
            })
            .collect();
        for (i, chunk) in rendered.into_iter().enumerate() {
            let chunk = chunk?;
            // The first element of the array has no comma before it.
            let skip = if i == 0 && std::ptr::eq(window.as_ptr(), items.as_ptr()) {
                1
            } else {
                0
            };
            out.write_all(&chunk[skip..])?;
        }
    }
    out.write_all(b"\n  ]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{self, AuditOptions};
    use crate::load::{self, LoadOptions};

    fn audit_of(paths: &[&str]) -> Audit {
        let paths: Vec<String> = paths
            .iter()
            .map(|p| format!("{}/{p}", env!("CARGO_MANIFEST_DIR")))
            .collect();
        let (data, inputs) = load::load_inputs(&paths, &LoadOptions::default()).unwrap();
        audit::run(
            data,
            inputs,
            AuditOptions {
                accounts: Vec::new(),
                rules: crate::rules::ALL.to_vec(),
                settings: Default::default(),
            },
        )
    }

    #[test]
    fn long_arrays_render_across_chunks_and_windows() {
        let items: Vec<(u32, String, Vec<u8>)> = (0..70_001)
            .map(|i| (i, format!("item \"{i}\"\nline"), vec![1, 2]))
            .collect();
        let mut got = b"{\n  \"a\": 1".to_vec();
        write_array(&mut got, "x", &items).unwrap();
        write_array(&mut got, "y", &items[..0]).unwrap();
        got.extend_from_slice(b"\n}");
        let want =
            serde_json::to_vec_pretty(&serde_json::json!({"a": 1, "x": items, "y": []})).unwrap();
        assert!(got == want, "differs");
    }

    #[test]
    fn parallel_rendering_is_byte_for_byte_serde_json_pretty() {
        for paths in [
            &["fixtures/larkspur.csv"][..],
            &["fixtures/bad-rows.csv", "fixtures/larkspur.ndjson"],
            &["fixtures/header-only.csv"],
        ] {
            let a = audit_of(paths);
            let doc = Document::new(&a);
            let want = serde_json::to_vec_pretty(&doc).unwrap();
            let mut got = Vec::new();
            write_pretty(&doc, &mut got).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
                "{paths:?}"
            );
        }
    }
}
