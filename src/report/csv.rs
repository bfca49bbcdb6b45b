//! `--format csv`: one row per finding, under a header row, for a
//! spreadsheet or `pandas.read_csv`. RFC 4180 quoting (by the csv crate);
//! account-level findings have empty `path`, `line` and `post_id`; span
//! offsets count characters, as in `--format json`.

use std::io::{self, Write};

use crate::audit::Audit;
use crate::report::Reporter;

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
    fn report(&self, a: &Audit, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(HEADER)?;
        let scores: std::collections::HashMap<usize, u8> = a.scores.posts.iter().copied().collect();
        for f in &a.findings {
            let post = f.post.map(|i| &a.corpus.posts[i]);
            let span = f
                .span
                .zip(post)
                .map(|(s, p)| (s.to_chars(&p.text), s.slice(&p.text)));
            let score = f.post.and_then(|i| scores.get(&i)).map(u8::to_string);
            w.write_record([
                post.map_or(String::new(), |p| p.source.path.to_string()),
                post.map_or(String::new(), |p| p.source.line.to_string()),
                post.map_or(String::new(), |p| p.id.clone()),
                f.rule.code.to_string(),
                f.rule.name.to_string(),
                f.rule.principle.id().to_string(),
                f.severity.name().to_string(),
                f.message.to_string(),
                span.map_or(String::new(), |((s, _), _)| s.to_string()),
                span.map_or(String::new(), |((_, e), _)| e.to_string()),
                span.map_or(String::new(), |(_, t)| t.to_string()),
                score.unwrap_or_default(),
                a.fingerprint(f),
            ])?;
        }
        w.flush()
    }
}
