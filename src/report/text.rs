//! `--format text`: findings grouped by record, each with its code,
//! severity, message and why; then skipped records, input warnings and a
//! summary. Styled with ANSI colours on a terminal (or with `--color
//! always`); written plain otherwise.
//!
//! A plain report is written without styles, not written styled and then
//! stripped: stripping reads every byte through a terminal parser, which
//! took longer than the audit for a large report. What the stripping also
//! did, the `Plain` writer still does: control sequences and characters that an
//! export's own fields hold are left out of a plain report.

use std::collections::HashMap;
use std::io::{self, Write};

use anstream::adapter::StripBytes;
use anstyle::{AnsiColor, Style};

use crate::audit::Audit;
use crate::report::Reporter;
use crate::report::json::render_in_order;
use crate::rules::{Finding, RuleMeta, Severity, percent};
use crate::text::first_line;

pub struct Text {
    /// With ANSI styles; plain when false.
    pub styled: bool,
}

/// The styles of a report: ANSI ones, or all plain (which write nothing).
#[derive(Clone, Copy)]
struct Styles {
    bold: Style,
    dim: Style,
    styled: bool,
}

impl Styles {
    fn of(styled: bool) -> Styles {
        let pick = |s: Style| if styled { s } else { Style::new() };
        Styles {
            bold: pick(Style::new().bold()),
            dim: pick(Style::new().dimmed()),
            styled,
        }
    }

    fn severity(self, s: Severity) -> Style {
        if !self.styled {
            return Style::new();
        }
        match s {
            Severity::Error => AnsiColor::Red.on_default().bold(),
            Severity::Warning => AnsiColor::Yellow.on_default().bold(),
            Severity::Info => AnsiColor::Cyan.on_default(),
        }
    }
}

impl Reporter for Text {
    fn report(&self, a: &Audit, out: &mut dyn Write) -> io::Result<()> {
        if self.styled {
            write_report(a, out, Styles::of(true))
        } else {
            write_report(a, &mut Plain::new(out), Styles::of(false))
        }
    }
}

fn write_report(a: &Audit, out: &mut dyn Write, st: Styles) -> io::Result<()> {
    write_findings(a, out, st)?;
    if st.styled {
        write_rest(a, out, st)
    } else {
        write_rest(a, &mut Plain::new(out), st)
    }
}

/// The findings, grouped by record: rendered on all cores a run at a time
/// (see [`render_in_order`]), each piece of a plain report through
/// [`Plain`], and written in order.
fn write_findings(a: &Audit, out: &mut dyn Write, st: Styles) -> io::Result<()> {
    // Each rule's "why", made once (it is read from the rule's doc).
    let whys: HashMap<&'static str, String> = a.rules.iter().map(|m| (m.code, m.why())).collect();
    render_in_order(
        a.findings.len(),
        256,
        |i, buf, _| {
            if st.styled {
                write_finding_at(a, i, &whys, buf, st)
            } else {
                write_finding_at(a, i, &whys, &mut Plain::new(buf), st)
            }
        },
        |run| out.write_all(run),
    )?;
    if !a.findings.is_empty() {
        writeln!(out)?;
    }
    Ok(())
}

/// Finding `i`, after the heading of its record (and a blank line) when it
/// is the first of its record.
fn write_finding_at(
    a: &Audit,
    i: usize,
    whys: &HashMap<&'static str, String>,
    out: &mut dyn Write,
    st: Styles,
) -> io::Result<()> {
    let Styles { bold, dim, .. } = st;
    let c = &a.corpus;
    let f = &a.findings[i];
    if i == 0 || a.findings[i - 1].post() != f.post() {
        if i > 0 {
            writeln!(out)?;
        }
        match f.post() {
            Some(i) => {
                let p = &c.posts[i];
                let what = super::record_subject(c, i);
                writeln!(
                    out,
                    "{bold}{}{bold:#}  {what}  {dim}\"{}\"{dim:#}",
                    p.source,
                    first_line(&p.text, 60)
                )?;
            }
            None => writeln!(out, "{bold}account{bold:#}")?,
        }
    }
    match whys.get(f.rule.code) {
        Some(why) => write_finding(out, f, &f.message(c), why, st),
        None => write_finding(out, f, &f.message(c), &f.rule.why(), st),
    }
}

/// Skipped records, input warnings and the summary.
fn write_rest(a: &Audit, out: &mut dyn Write, st: Styles) -> io::Result<()> {
    let Styles { bold, .. } = st;
    let c = &a.corpus;
    if !c.skipped.is_empty() {
        writeln!(out, "{bold}skipped{bold:#} {} record(s):", c.skipped.len())?;
        for s in &c.skipped {
            writeln!(out, "  {}  {}", s.source, s.reason)?;
        }
        writeln!(out)?;
    }
    if !c.warnings.is_empty() {
        writeln!(
            out,
            "{bold}input warnings{bold:#} ({}): read, but a field was not understood:",
            c.warnings.len()
        )?;
        for w in &c.warnings {
            writeln!(out, "  {}  {}", w.source, w.message)?;
        }
        writeln!(out)?;
    }
    write_summary(a, out, st)
}

fn write_finding(
    out: &mut dyn Write,
    f: &Finding,
    message: &str,
    why: &str,
    st: Styles,
) -> io::Result<()> {
    let Styles { bold, dim, .. } = st;
    let sev = st.severity(f.severity);
    let rule: &RuleMeta = f.rule;
    writeln!(
        out,
        "  {sev}{:<7}{sev:#} {bold}{}{bold:#} {}  {}",
        f.severity.name(),
        rule.code,
        rule.name,
        message
    )?;
    writeln!(out, "          {dim}why: {why}{dim:#}")
}

/// A plain report's writer: a piece written (a field, or the text between
/// two) passes as it is unless it holds a byte that a terminal acts on (an
/// escape, a control character other than white space, DEL); such a piece
/// goes through `anstream`'s stripping, which leaves out the control
/// sequences and characters. Each piece is stripped on its own, so that a
/// sequence an export's field leaves open cannot swallow the report's own
/// text that follows.
struct Plain<'a> {
    out: &'a mut dyn Write,
}

impl<'a> Plain<'a> {
    fn new(out: &'a mut dyn Write) -> Self {
        Plain { out }
    }
}

/// True for a byte that stripping may leave out or that may start what it
/// leaves out.
fn acted_on(b: u8) -> bool {
    (b < 0x20) & !matches!(b, b'\t' | b'\n' | 0x0c | b'\r') | (b == 0x7f)
}

impl Write for Plain<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        // Without stopping at the first: the whole piece is checked on
        // vector registers.
        if !buf.iter().fold(false, |found, &b| found | acted_on(b)) {
            return self.out.write_all(buf);
        }
        for printable in StripBytes::new().strip_next(buf) {
            self.out.write_all(printable)?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Points off a score: whole numbers, one decimal under 10 (`0.6`, `12`).
fn points(p: f64) -> String {
    if p < 9.95 {
        let s = format!("{p:.1}");
        s.strip_suffix(".0").map_or(s.clone(), str::to_string)
    } else {
        format!("{p:.0}")
    }
}

fn write_summary(a: &Audit, out: &mut dyn Write, st: Styles) -> io::Result<()> {
    let Styles { bold, dim, .. } = st;
    let c = &a.corpus;
    let m = &a.metrics;
    writeln!(out, "{bold}summary{bold:#}")?;
    let handles = match c.account.handles.as_slice() {
        [] => "(none: the export names no authors, every record is the account's)".to_string(),
        h => h
            .iter()
            .map(|h| format!("@{h}"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let how = if let Some(file) = &c.account.named_in {
        format!(" (named in {file}; set it with --account)")
    } else if c.account.inferred && !c.account.handles.is_empty() {
        " (inferred: the most frequent author of top-level posts; set it with --account)"
            .to_string()
    } else {
        String::new()
    };
    writeln!(out, "  account    {handles}{how}")?;
    writeln!(
        out,
        "  records    {} read: {} by the account, {} from the audience, {} skipped",
        c.records_read,
        m.account_posts,
        c.audience_count(),
        c.skipped.len()
    )?;
    let [info, warning, error] = a.counts();
    writeln!(
        out,
        "  findings   {error} error(s), {warning} warning(s), {info} info"
    )?;
    if a.suppressed > 0 || a.baselined > 0 {
        writeln!(
            out,
            "  not shown  suppressed: {} (postaudit-ignore) · baselined: {} (--baseline)",
            a.suppressed, a.baselined
        )?;
    }

    let mut parts = Vec::new();
    if let Some(r) = m.response_rate {
        parts.push(format!(
            "response rate {} ({} of {})",
            percent(r),
            m.comments_answered,
            m.comments_to_account
        ));
    }
    if let Some(t) = m.median_response_minutes {
        parts.push(format!("median first reply {}", crate::rules::duration(t)));
    }
    if let Some(s) = m.promotional_share {
        parts.push(format!("promotional {}", percent(s)));
    }
    if let Some(s) = m.dialogue_share {
        parts.push(format!("inviting dialogue {}", percent(s)));
    }
    if let Some(s) = m.reply_share {
        parts.push(format!("replies to people {}", percent(s)));
    }
    if !parts.is_empty() {
        writeln!(out, "  metrics    {}", parts.join(" · "))?;
    }
    if !a.scores.principles.is_empty() {
        writeln!(
            out,
            "  principles 0-100 each; what cost the most (README \"Scores\" says how):"
        )?;
    }
    for (p, s) in &a.scores.principles {
        let score = s.map_or("-".to_string(), |s| s.to_string());
        let why = match s {
            None => "nothing to judge".to_string(),
            Some(_) => match a.scores.costs.get(p).map(Vec::as_slice).unwrap_or(&[]) {
                [] => "no findings".to_string(),
                costs => costs
                    .iter()
                    .take(2)
                    .map(|c| {
                        let times = if c.findings > 1 {
                            format!(" ×{}", c.findings)
                        } else {
                            String::new()
                        };
                        format!(
                            "{} {}{times} −{}",
                            c.rule.code,
                            c.rule.name,
                            points(c.points)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" · "),
            },
        };
        writeln!(out, "    {:<15} {score:>3}  {dim}{why}{dim:#}", p.id())?;
    }
    match a.scores.account {
        Some(s) => writeln!(out, "  {bold}score      {s}/100{bold:#}"),
        None => writeln!(out, "  score      - (nothing to score)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The findings as first written: one after the other, a heading when
    /// the record changes.
    fn findings_one_by_one(a: &Audit, out: &mut dyn Write, st: Styles) -> io::Result<()> {
        let Styles { bold, dim, .. } = st;
        let c = &a.corpus;
        let mut current: Option<Option<usize>> = None;
        for f in &a.findings {
            if current != Some(f.post()) {
                if current.is_some() {
                    writeln!(out)?;
                }
                current = Some(f.post());
                match f.post() {
                    Some(i) => {
                        let p = &c.posts[i];
                        let what = super::super::record_subject(c, i);
                        writeln!(
                            out,
                            "{bold}{}{bold:#}  {what}  {dim}\"{}\"{dim:#}",
                            p.source,
                            first_line(&p.text, 60)
                        )?;
                    }
                    None => writeln!(out, "{bold}account{bold:#}")?,
                }
            }
            write_finding(out, f, &f.message(&a.corpus), &f.rule.why(), st)?;
        }
        if !a.findings.is_empty() {
            writeln!(out)?;
        }
        Ok(())
    }

    #[test]
    fn findings_rendered_in_runs_are_those_written_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        let many = crate::report::json::tests::audit_of_many(dir.path());
        let fixtures = crate::report::json::tests::audit_of(&[
            "fixtures/realistic-brand.csv",
            "fixtures/conduct.csv",
        ]);
        for a in [&many, &fixtures] {
            for styled in [false, true] {
                let st = Styles::of(styled);
                let mut got = Vec::new();
                write_findings(a, &mut got, st).unwrap();
                let mut want = Vec::new();
                if styled {
                    findings_one_by_one(a, &mut want, st).unwrap();
                } else {
                    findings_one_by_one(a, &mut Plain::new(&mut want), st).unwrap();
                }
                assert!(got == want, "styled: {styled}");
            }
        }
    }
}
