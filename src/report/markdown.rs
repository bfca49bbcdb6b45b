//! `--format markdown`: a GitHub Flavored Markdown report (a summary table,
//! then one table row per finding), for a pull-request comment, a wiki page
//! or the GitHub step summary. Text from the export is escaped so that it
//! reads as written: no table breaks, emphasis, links or HTML.

use std::io::{self, Write};
use std::sync::LazyLock;

use regex::Regex;

use crate::audit::Audit;
use crate::report::json::render_in_order;
use crate::report::{Reporter, location, subject};
use crate::rules::Finding;

pub struct Markdown;

impl Reporter for Markdown {
    fn report(&self, a: &Audit, out: &mut dyn Write) -> io::Result<()> {
        write_report(a, out)
    }
}

/// Handles as the export writes them; in a code span GitHub neither links
/// nor notifies them.
static MENTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|[^\w@])(@\w[\w.-]*)").expect("valid mention pattern"));

/// Escapes text for a table cell: one line, GFM punctuation escaped, and
/// `@handles` in code spans so that a report posted on GitHub mentions no
/// one.
pub fn cell(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    if line.contains('@') {
        // A match is the handle, or the one character before it and the
        // handle (that character is never `@`): found without the slower
        // engines that groups need.
        for m in MENTION.find_iter(&line) {
            let found = m.as_str();
            let start = match found.chars().next() {
                Some('@') => m.start(),
                Some(c) => m.start() + c.len_utf8(),
                None => continue,
            };
            escape_into(&line[at..start], &mut out);
            out.push_str(&code(&line[start..m.end()]));
            at = m.end();
        }
    }
    escape_into(&line[at..], &mut out);
    out
}

/// [`cell`] as first written, with the pattern's groups.
#[cfg(test)]
fn cell_with_groups(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for m in MENTION.captures_iter(&line) {
        let handle = m.get(2).expect("group 2 always takes part");
        escape_into(&line[at..handle.start()], &mut out);
        out.push_str(&code(handle.as_str()));
        at = handle.end();
    }
    escape_into(&line[at..], &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '#' | '!' | '@'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A code span for a cell: backticks and pipes cannot break out of it.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'").replace('|', "\\|"))
}

pub fn write_report(a: &Audit, out: &mut dyn Write) -> io::Result<()> {
    write_report_with(a, out, usize::MAX)
}

/// The report with at most `max_rows` rows of findings (and of skipped
/// records and of warnings), saying how many more there are.
pub fn write_report_with(a: &Audit, out: &mut dyn Write, max_rows: usize) -> io::Result<()> {
    let c = &a.corpus;
    let [info, warning, error] = a.counts();
    writeln!(out, "# postaudit report")?;
    writeln!(out)?;
    match a.scores.account {
        Some(s) => write!(out, "**Score: {s}/100**")?,
        None => write!(out, "**Score: -** (nothing to score)")?,
    }
    for (p, s) in &a.scores.principles {
        match s {
            Some(s) => write!(out, " · {p} {s}")?,
            None => write!(out, " · {p} -")?,
        }
    }
    writeln!(out)?;
    writeln!(out)?;
    let handles: Vec<String> = c
        .account
        .handles
        .iter()
        .map(|h| code(&format!("@{h}")))
        .collect();
    writeln!(out, "| | |")?;
    writeln!(out, "|---|---|")?;
    if !handles.is_empty() {
        let how = if c.account.inferred {
            " (inferred)"
        } else {
            ""
        };
        writeln!(out, "| account | {}{how} |", handles.join(", "))?;
    }
    writeln!(
        out,
        "| records | {} read: {} by the account, {} from the audience, {} skipped |",
        c.records_read,
        a.metrics.account_posts,
        c.audience_count(),
        c.skipped.len()
    )?;
    writeln!(
        out,
        "| findings | {error} error(s), {warning} warning(s), {info} info |"
    )?;
    writeln!(
        out,
        "| not shown | suppressed: {}, baselined: {} |",
        a.suppressed, a.baselined
    )?;
    writeln!(out)?;

    writeln!(out, "## Findings")?;
    writeln!(out)?;
    if a.findings.is_empty() {
        writeln!(out, "No findings.")?;
    } else {
        writeln!(out, "| where | what | rule | severity | message |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        // The rows are rendered on all cores, a run at a time.
        render_in_order(
            a.findings.len().min(max_rows),
            160,
            |i, buf, _| write_row(a, &a.findings[i], buf),
            |run| out.write_all(run),
        )?;
        more(out, a.findings.len(), max_rows, "findings")?;
    }
    if !c.skipped.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Skipped records")?;
        writeln!(out)?;
        writeln!(out, "| where | reason |")?;
        writeln!(out, "|---|---|")?;
        for s in c.skipped.iter().take(max_rows) {
            write_pair(out, &s.source.to_string(), &s.reason)?;
        }
        more(out, c.skipped.len(), max_rows, "skipped records")?;
    }
    if !c.warnings.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Input warnings")?;
        writeln!(out)?;
        writeln!(out, "| where | warning |")?;
        writeln!(out, "|---|---|")?;
        for w in c.warnings.iter().take(max_rows) {
            write_pair(out, &w.source.to_string(), &w.message)?;
        }
        more(out, c.warnings.len(), max_rows, "input warnings")?;
    }
    Ok(())
}

/// The fewest bytes a row of any table takes: a skipped record's or a
/// warning's row with nothing in its cells (a finding's row has more
/// cells). A table of more than `n / MIN_ROW` rows takes more than `n`
/// bytes.
pub const MIN_ROW: usize = 10;

/// A row of the skipped-records or input-warnings table: where, and what.
fn write_pair(out: &mut dyn Write, source: &str, text: &str) -> io::Result<()> {
    writeln!(out, "| {} | {} |", code(source), cell(text))
}

/// A finding's row of the findings table.
fn write_row(a: &Audit, f: &Finding, out: &mut Vec<u8>) -> io::Result<()> {
    let (path, line) = location(a, f);
    let place = match f.post() {
        Some(_) => code(&format!("{path}:{line}")),
        None => String::new(),
    };
    writeln!(
        out,
        "| {place} | {} | {} {} | {} | {} |",
        cell(&subject(a, f)),
        code(f.rule.code),
        cell(f.rule.name),
        f.severity.name(),
        cell(&f.message(&a.corpus))
    )
}

/// A note under a table cut to `max_rows` of `total` rows.
fn more(out: &mut dyn Write, total: usize, max_rows: usize, what: &str) -> io::Result<()> {
    if total > max_rows {
        writeln!(out)?;
        writeln!(
            out,
            "… and {} more {what}, not shown here: see the full report.",
            total - max_rows
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_row_is_shorter_than_min_row() {
        let mut empty = Vec::new();
        write_pair(&mut empty, "", "").unwrap();
        assert_eq!(empty.len(), MIN_ROW, "{}", String::from_utf8_lossy(&empty));
        let dir = tempfile::tempdir().unwrap();
        let a = crate::report::json::tests::audit_of_many(dir.path());
        let mut report = Vec::new();
        write_report(&a, &mut report).unwrap();
        let report = String::from_utf8(report).unwrap();
        let (_, tables) = report.split_once("## Findings").unwrap();
        let rows: Vec<&str> = tables.lines().filter(|l| l.starts_with('|')).collect();
        assert!(rows.len() > a.findings.len(), "{}", rows.len());
        for row in rows {
            assert!(row.len() + 1 >= MIN_ROW, "{row}");
        }
    }

    #[test]
    fn rows_rendered_in_runs_are_written_in_order_and_cut_where_asked() {
        let dir = tempfile::tempdir().unwrap();
        let a = crate::report::json::tests::audit_of_many(dir.path());
        for max_rows in [0, 1, 700, usize::MAX] {
            let mut got = Vec::new();
            write_report_with(&a, &mut got, max_rows).unwrap();
            let got = String::from_utf8(got).unwrap();
            let rows: Vec<&str> = got
                .lines()
                .skip_while(|l| !l.starts_with("|---|---|---|---|---|"))
                .skip(1)
                .take_while(|l| l.starts_with('|'))
                .collect();
            let shown = a.findings.len().min(max_rows);
            let mut want = Vec::new();
            for f in a.findings.iter().take(shown) {
                write_row(&a, f, &mut want).unwrap();
            }
            assert_eq!(
                rows.join("\n") + if shown > 0 { "\n" } else { "" },
                String::from_utf8(want).unwrap()
            );
            let more = format!("{} more findings", a.findings.len() - shown);
            assert_eq!(got.contains(&more), shown < a.findings.len(), "{max_rows}");
        }
    }

    #[test]
    fn cells_cannot_break_the_table_or_format() {
        assert_eq!(cell("a | b\nc *d* <b>"), "a \\| b c \\*d\\* \\<b\\>");
        assert_eq!(
            cell("@dev_tom asked \"@brand_x, hi\" (a@b.com)"),
            "`@dev_tom` asked \"`@brand_x`, hi\" (a\\@b.com)"
        );
        assert_eq!(code("x|`y"), "`x\\|'y`");
    }

    proptest::proptest! {
        #[test]
        fn cells_are_as_first_written(text in crate::text::test_text(&[
            "@", "@dev_tom", "@brand.x", "a", "_", ".", "-", " ", "\n", "(", "é", "@é", "☕",
            "|", "*", "`", "a@b.com", "@@x",
        ])) {
            proptest::prop_assert_eq!(cell(&text), cell_with_groups(&text));
        }
    }
}
