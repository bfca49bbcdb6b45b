//! `--format csv`: one row per finding, under a header row, for a
//! spreadsheet or `pandas.read_csv`. RFC 4180 quoting (by the csv crate);
//! account-level findings have empty `path`, `line` and `post_id`; span
//! offsets count characters, as in `--format json`.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::audit::Audit;
use crate::report::Reporter;
use crate::report::json::{Shared, render_in_order};
use crate::rules::Finding;

pub struct Csv;

pub const HEADER: [&str; 13] = [
    "path",
    "line",
    "post_id",
    "rule",
    "name",
    "principle",
    "severity",
    "message",
    "span_start",
    "span_end",
    "span_text",
    "post_score",
    "fingerprint",
];

impl Reporter for Csv {
    /// The rows are rendered on all cores, a run at a time (see
    /// [`render_in_order`]), each by a writer of its own with the same
    /// settings.
    fn report(&self, a: &Audit, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(&mut *out);
        w.write_record(HEADER)?;
        w.flush()?;
        drop(w);
        let scores: HashMap<usize, u8> = a.scores.posts.iter().copied().collect();
        render_in_order(
            a.findings.len(),
            320,
            |i, buf, shared| write_row(a, &a.findings[i], &scores, shared, buf),
            |run| out.write_all(run),
        )
    }
}

/// A finding's row.
fn write_row(
    a: &Audit,
    f: &Finding,
    scores: &HashMap<usize, u8>,
    shared: &mut Shared,
    buf: &mut Vec<u8>,
) -> io::Result<()> {
    let post = f.post().map(|i| &a.corpus.posts[i]);
    let span = f
        .span()
        .zip(post)
        .map(|(s, p)| (s.to_chars(&p.text), s.slice(&p.text)));
    let score = f.post().and_then(|i| scores.get(&i)).map(u8::to_string);
    let fingerprint = format!("{}:{:016x}", f.rule.code, shared.subject_hash(a, f));
    let mut w = csv::WriterBuilder::new()
        .buffer_capacity(512)
        .from_writer(buf);
    w.write_record([
        post.map_or("", |p| &*p.source.path),
        &post.map_or(String::new(), |p| p.source.line.to_string()),
        post.map_or("", |p| p.id.as_str()),
        f.rule.code,
        f.rule.name,
        f.rule.principle.id(),
        f.severity.name(),
        &f.message(&a.corpus),
        &span.map_or(String::new(), |((s, _), _)| s.to_string()),
        &span.map_or(String::new(), |((_, e), _)| e.to_string()),
        span.map_or("", |(_, t)| t),
        &score.unwrap_or_default(),
        &fingerprint,
    ])?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report as first written: one writer for every row, each field
    /// made as a string.
    fn with_one_writer(a: &Audit) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(HEADER).unwrap();
        let scores: HashMap<usize, u8> = a.scores.posts.iter().copied().collect();
        for f in &a.findings {
            let post = f.post().map(|i| &a.corpus.posts[i]);
            let span = f
                .span()
                .zip(post)
                .map(|(s, p)| (s.to_chars(&p.text), s.slice(&p.text)));
            let score = f.post().and_then(|i| scores.get(&i)).map(u8::to_string);
            w.write_record([
                post.map_or(String::new(), |p| p.source.path.to_string()),
                post.map_or(String::new(), |p| p.source.line.to_string()),
                post.map_or(String::new(), |p| p.id.clone()),
                f.rule.code.to_string(),
                f.rule.name.to_string(),
                f.rule.principle.id().to_string(),
                f.severity.name().to_string(),
                f.message(&a.corpus).into_owned(),
                span.map_or(String::new(), |((s, _), _)| s.to_string()),
                span.map_or(String::new(), |((_, e), _)| e.to_string()),
                span.map_or(String::new(), |(_, t)| t.to_string()),
                score.unwrap_or_default(),
                a.fingerprint(f),
            ])
            .unwrap();
        }
        drop(w);
        out
    }

    #[test]
    fn rows_rendered_in_runs_are_those_one_writer_writes() {
        let dir = tempfile::tempdir().unwrap();
        for a in [
            crate::report::json::tests::audit_of_many(dir.path()),
            crate::report::json::tests::audit_of(&[
                "fixtures/quoted-fields.csv",
                "fixtures/realistic-brand.csv",
                "fixtures/header-only.csv",
            ]),
        ] {
            let mut got = Vec::new();
            Csv.report(&a, &mut got).unwrap();
            assert!(got == with_one_writer(&a));
        }
    }
}
