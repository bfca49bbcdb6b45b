//! `--format ndjson`: JSON Lines, written as it goes. Every line is one
//! object `{"type": ..., "data": ...}`: a `finding` per finding (the objects
//! of `findings[]` in `--format json`), a `skipped` per record not audited, a
//! `warning` per field not understood, and last one `summary` (the `summary`
//! object of `--format json`). Lines end with `\n`; no byte order mark.
//!
//! With only record-local rules selected, `check` writes these lines from
//! [`crate::stream`] instead, chunk by chunk in bounded memory: the same
//! lines, but the summary's metrics that need reply threads
//! (`replies_to_people`, `reply_share`, `comments_to_account`,
//! `comments_answered`, `response_rate`, `median_response_minutes`) are
//! `null`. `--no-stream` loads the whole input and writes them all.

use std::io::{self, Write};

use serde::Serialize;

use crate::audit::Audit;
use crate::report::Reporter;
use crate::report::json::{JsonFinding, Shared, Summary, render_in_order};

pub struct Ndjson;

#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    data: &'a T,
}

pub(crate) fn write_line<T: Serialize>(
    out: &mut dyn Write,
    kind: &'static str,
    data: &T,
) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Line { kind, data })?;
    out.write_all(b"\n")
}

/// A `finding` line, as [`write_line`] writes it, into `buf`.
#[cfg(test)]
pub(crate) fn write_finding_line(buf: &mut Vec<u8>, f: &JsonFinding) {
    write_finding_line_with(buf, f, &mut Shared::default());
}

/// [`write_finding_line`], with what the line shares with the one before.
fn write_finding_line_with(buf: &mut Vec<u8>, f: &JsonFinding, shared: &mut Shared) {
    buf.extend_from_slice(br#"{"type":"finding","data":"#);
    f.write_json_with(buf, None, shared);
    buf.extend_from_slice(b"}\n");
}

/// The `finding` line of every finding of `a`, rendered on all cores and
/// written in order.
pub(crate) fn write_finding_lines(a: &Audit, out: &mut dyn Write) -> io::Result<()> {
    render_in_order(
        a.findings.len(),
        512,
        |i, buf, shared| {
            let f = &a.findings[i];
            write_finding_line_with(buf, &JsonFinding::with(a, f, shared), shared);
            Ok(())
        },
        |lines| out.write_all(lines),
    )
}

impl Reporter for Ndjson {
    fn report(&self, a: &Audit, out: &mut dyn Write) -> io::Result<()> {
        write_finding_lines(a, out)?;
        for s in &a.corpus.skipped {
            write_line(out, "skipped", s)?;
        }
        for w in &a.corpus.warnings {
            write_line(out, "warning", w)?;
        }
        write_line(out, "summary", &Summary::new(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::json::tests::audit_of;

    #[test]
    fn finding_lines_are_byte_for_byte_serde_json() {
        let a = audit_of(&["fixtures/larkspur.csv"]);
        assert!(a.findings.iter().any(|f| f.span().is_some()));
        assert!(a.findings.iter().any(|f| f.post().is_none()));
        for f in &a.findings {
            let f = JsonFinding::new(&a, f);
            let (mut got, mut want) = (Vec::new(), Vec::new());
            write_finding_line(&mut got, &f);
            write_line(&mut want, "finding", &f).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }

    /// The report renders its finding lines on all cores, each run of them
    /// sharing the last record's hash and the last path: the lines are
    /// serde_json's, in order, across inputs.
    #[test]
    fn report_is_serde_json_line_by_line_in_order() {
        let a = audit_of(&["fixtures/larkspur.csv", "fixtures/bad-rows.csv"]);
        let mut want = Vec::new();
        for f in &a.findings {
            write_line(&mut want, "finding", &JsonFinding::new(&a, f)).unwrap();
        }
        for s in &a.corpus.skipped {
            write_line(&mut want, "skipped", s).unwrap();
        }
        for w in &a.corpus.warnings {
            write_line(&mut want, "warning", w).unwrap();
        }
        write_line(&mut want, "summary", &Summary::new(&a)).unwrap();
        let mut got = Vec::new();
        Ndjson.report(&a, &mut got).unwrap();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(want).unwrap()
        );
    }
}
