//! `--format text`: findings grouped by record, each with its code,
//! severity, message and why; then skipped records, input warnings and a
//! summary. Styled with ANSI colours, which the output stream strips when it
//! is not a terminal or `NO_COLOR` is set.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::audit::Audit;
use crate::report::Reporter;
use crate::rules::{Finding, Severity, percent};
use crate::text::first_line;

pub struct Text;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Info => AnsiColor::Cyan.on_default(),
    }
}

impl Reporter for Text {
    fn report(&self, a: &Audit, out: &mut dyn Write) -> io::Result<()> {
        let c = &a.corpus;
        let mut current: Option<Option<usize>> = None;
        for f in &a.findings {
            if current != Some(f.post) {
                if current.is_some() {
                    writeln!(out)?;
                }
                current = Some(f.post);
                match f.post {
                    Some(i) => {
                        let p = &c.posts[i];
                        let what = super::record_subject(c, i);
                        writeln!(
                            out,
                            "{BOLD}{}{BOLD:#}  {what}  {DIM}\"{}\"{DIM:#}",
                            p.source,
                            first_line(&p.text, 60)
                        )?;
                    }
                    None => writeln!(out, "{BOLD}account{BOLD:#}")?,
                }
            }
            write_finding(out, f)?;
        }
        if !a.findings.is_empty() {
            writeln!(out)?;
        }

        if !c.skipped.is_empty() {
            writeln!(out, "{BOLD}skipped{BOLD:#} {} record(s):", c.skipped.len())?;
            for s in &c.skipped {
                writeln!(out, "  {}  {}", s.source, s.reason)?;
            }
            writeln!(out)?;
        }
        if !c.warnings.is_empty() {
            writeln!(
                out,
                "{BOLD}input warnings{BOLD:#} ({}): read, but a field was not understood:",
                c.warnings.len()
            )?;
            for w in &c.warnings {
                writeln!(out, "  {}  {}", w.source, w.message)?;
            }
            writeln!(out)?;
        }
        write_summary(a, out)
    }
}

fn write_finding(out: &mut dyn Write, f: &Finding) -> io::Result<()> {
    let sev = severity_style(f.severity);
    writeln!(
        out,
        "  {sev}{:<7}{sev:#} {BOLD}{}{BOLD:#} {}  {}",
        f.severity.name(),
        f.rule.code,
        f.rule.name,
        f.message
    )?;
    writeln!(out, "          {DIM}why: {}{DIM:#}", f.rule.why())
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

fn write_summary(a: &Audit, out: &mut dyn Write) -> io::Result<()> {
    let c = &a.corpus;
    let m = &a.metrics;
    writeln!(out, "{BOLD}summary{BOLD:#}")?;
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
        writeln!(out, "    {:<15} {score:>3}  {DIM}{why}{DIM:#}", p.id())?;
    }
    match a.scores.account {
        Some(s) => writeln!(out, "  {BOLD}score      {s}/100{BOLD:#}"),
        None => writeln!(out, "  score      - (nothing to score)"),
    }
}
