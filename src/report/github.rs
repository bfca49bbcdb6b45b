//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding (`::error file=..,line=..,title=..::message`; warnings as
//! `::warning`, info as `::notice`), then one plain summary line. When
//! `$GITHUB_STEP_SUMMARY` names a file, the Markdown report is appended to
//! it, and shows on the run's summary page.
//!
//! Escaping follows the runner (and `@actions/core`): in the message `%`,
//! CR and LF become `%25`, `%0D`, `%0A`; in property values `:` and `,`
//! also become `%3A` and `%2C`.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::audit::Audit;
use crate::report::json::render_in_order;
use crate::report::{Reporter, location, markdown};
use crate::rules::{Finding, Severity};

pub struct Github {
    /// Where to append the Markdown summary.
    pub step_summary: Option<PathBuf>,
}

impl Github {
    pub fn from_env() -> Self {
        Github {
            step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        }
    }
}

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

impl Reporter for Github {
    /// The annotations are rendered on all cores, a run at a time (see
    /// [`render_in_order`]).
    fn report(&self, a: &Audit, out: &mut dyn Write) -> io::Result<()> {
        render_in_order(
            a.findings.len(),
            200,
            |i, buf, _| write_annotation(a, &a.findings[i], buf),
            |run| out.write_all(run),
        )?;
        let [info, warning, error] = a.counts();
        let score = a
            .scores
            .account
            .map_or_else(|| "-".to_string(), |s| format!("{s}/100"));
        writeln!(
            out,
            "postaudit: {error} error(s), {warning} warning(s), {info} info; suppressed: {}, baselined: {}; score {score}",
            a.suppressed, a.baselined
        )?;
        if let Some(path) = &self.step_summary {
            let mut summary = step_summary(a)?;
            summary.push(b'\n');
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| {
                    io::Error::new(
                        e.kind(),
                        format!("GITHUB_STEP_SUMMARY {}: {e}", path.display()),
                    )
                })?;
            file.write_all(&summary)?;
        }
        Ok(())
    }
}

/// A finding's workflow command.
fn write_annotation(a: &Audit, f: &Finding, out: &mut Vec<u8>) -> io::Result<()> {
    let title = format!("{} {} ({})", f.rule.code, f.rule.name, f.rule.principle);
    let mut props = Vec::new();
    if f.post().is_some() {
        let (path, line) = location(a, f);
        props.push(format!("file={}", escape_property(&path)));
        props.push(format!("line={line}"));
    }
    props.push(format!("title={}", escape_property(&title)));
    let message = match f.post() {
        Some(_) => f.message(&a.corpus).into_owned(),
        None => format!("account: {}", f.message(&a.corpus)),
    };
    writeln!(
        out,
        "::{} {}::{}",
        command(f.severity),
        props.join(","),
        escape_data(&message)
    )
}

/// GitHub refuses a step summary over 1 MiB.
pub const STEP_SUMMARY_LIMIT: usize = 1024 * 1024;

/// The Markdown report, with fewer rows when the whole would not fit in a
/// step summary. Each try is measured before it is kept: the whole report
/// of a million findings is some 180 MB, which need not be held to learn
/// that it does not fit. The first try has at most as many rows a table as
/// could fit ([`markdown::MIN_ROW`]): a longer table would not, so the
/// whole report of a million findings is not rendered even to be measured.
fn step_summary(a: &Audit) -> io::Result<Vec<u8>> {
    summary_within(a, STEP_SUMMARY_LIMIT)
}

/// [`step_summary`] for a summary under `limit` bytes.
fn summary_within(a: &Audit, limit: usize) -> io::Result<Vec<u8>> {
    let mut rows = limit / markdown::MIN_ROW;
    loop {
        let mut size = Measured(0);
        markdown::write_report_with(a, &mut size, rows)?;
        let size = size.0;
        // Leave room for the newline that separates it from other steps'.
        if size < limit || rows == 0 {
            let mut summary = Vec::with_capacity(size + 1);
            markdown::write_report_with(a, &mut summary, rows)?;
            return Ok(summary);
        }
        let shown = rows.min(
            a.findings
                .len()
                .max(a.corpus.skipped.len())
                .max(a.corpus.warnings.len()),
        );
        // Scale down to what should fit, with a margin; always fewer.
        rows = (shown as f64 * limit as f64 / size as f64 * 0.95) as usize;
        rows = rows.min(shown.saturating_sub(1));
    }
}

/// A writer that keeps nothing and counts the bytes written to it.
struct Measured(usize);

impl Write for Measured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_rendered_in_runs_are_in_finding_order() {
        let dir = tempfile::tempdir().unwrap();
        let a = crate::report::json::tests::audit_of_many(dir.path());
        let mut got = Vec::new();
        Github { step_summary: None }.report(&a, &mut got).unwrap();
        let mut want = Vec::new();
        for f in &a.findings {
            write_annotation(&a, f, &mut want).unwrap();
        }
        assert!(got.starts_with(&want));
        let rest = String::from_utf8(got[want.len()..].to_vec()).unwrap();
        assert!(
            rest.starts_with("postaudit: ") && rest.lines().count() == 1,
            "{rest}"
        );
        let lines: Vec<&[u8]> = got.split(|&b| b == b'\n').collect();
        assert_eq!(lines.len(), a.findings.len() + 2);
    }

    #[test]
    fn a_summary_is_whole_when_it_fits_and_cut_under_the_limit_when_not() {
        let dir = tempfile::tempdir().unwrap();
        let a = crate::report::json::tests::audit_of_many(dir.path());
        let mut whole = Vec::new();
        markdown::write_report(&a, &mut whole).unwrap();
        // A limit the whole report fits: the whole report.
        assert_eq!(summary_within(&a, whole.len() + 1).unwrap(), whole);
        // Limits that cut the findings table, the first try's rows
        // (`limit / MIN_ROW`) fewer than the findings or not.
        for limit in [whole.len() - 1, whole.len() / 2, 8 * 1024] {
            let cut = summary_within(&a, limit).unwrap();
            assert!(cut.len() < limit, "{} of {limit}", cut.len());
            assert!(cut.len() > limit * 3 / 4, "{} of {limit}", cut.len());
            let text = String::from_utf8(cut).unwrap();
            let rows = text.lines().filter(|l| l.starts_with("| `")).count();
            let more = format!("… and {} more findings", a.findings.len() - rows);
            assert!(text.contains(&more), "{limit}: {more}");
        }
    }

    #[test]
    fn escapes_like_the_runner_expects() {
        assert_eq!(
            escape_data("50% off\r\nnow: a, b"),
            "50%25 off%0D%0Anow: a, b"
        );
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
