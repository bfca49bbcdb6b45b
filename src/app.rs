//! The commands, run against given output streams so that the binary stays
//! small and tests can call them.

use std::io::{IsTerminal, Write};

use anyhow::{Context as _, bail};
use serde::Serialize;

use crate::audit::{self, AuditOptions};
use crate::cli::{CheckArgs, Cli, Command, ExplainArgs, ListFormat, RulesArgs};
use crate::config::Settings;
use crate::load::{self, LoadOptions, fields::parse_overrides};
use crate::progress::Progress;
use crate::report;
use crate::rules;

/// How a command ended, short of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above the fail level.
    Clean,
    /// Findings at or above `--fail-on`, or a score below `--min-score`.
    Failed,
}

pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Check(args) => check(args, out, err),
        Command::Rules(args) => list_rules(args, out),
        Command::Explain(args) => explain(args, out),
    }
}

fn check(args: CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let (settings, config_path) = if args.isolated {
        (Settings::default(), None)
    } else {
        Settings::discover(args.config.as_deref(), &cwd)?
    };
    let selected = rules::select(&args.select, &args.ignore)?;
    let opts = LoadOptions {
        format: args.input_format,
        columns: parse_overrides(&args.columns)?,
    };
    let progress = Progress::for_stderr(args.no_progress);
    progress.stage(
        match args.paths.as_slice() {
            [one] => format!("reading {one}"),
            many => format!("reading {} inputs", many.len()),
        },
        None,
    );
    let loaded = load::load_inputs(&args.paths, &opts);
    if loaded.is_err() {
        progress.finish();
    }
    let (data, inputs) = loaded?;
    if args.verbose {
        progress.suspend(|| -> std::io::Result<()> {
            if let Some(p) = &config_path {
                writeln!(err, "postaudit: settings from {}", p.display())?;
            }
            for i in &inputs {
                writeln!(
                    err,
                    "postaudit: {}: read as {} ({})",
                    i.path,
                    i.format.name(),
                    i.why
                )?;
            }
            Ok(())
        })?;
    }
    let audit = audit::run_with_progress(
        data,
        inputs,
        AuditOptions {
            accounts: args.accounts,
            rules: selected,
            settings,
        },
        &progress,
    );
    // The report may go to the same terminal: the display goes first.
    if std::io::stdout().is_terminal() {
        progress.finish();
    } else {
        progress.stage("writing the report", None);
    }
    let written = report::reporter(args.format)
        .report(&audit, out)
        .and_then(|()| out.flush());
    progress.finish();
    written?;

    let too_severe = args
        .fail_on
        .threshold()
        .is_some_and(|t| audit.worst().is_some_and(|w| w >= t));
    let too_low = args
        .min_score
        .is_some_and(|min| audit.scores.account.is_some_and(|s| s < min));
    Ok(if too_severe || too_low {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

#[derive(Serialize)]
struct RuleEntry {
    code: &'static str,
    name: &'static str,
    principle: &'static str,
    severity: &'static str,
    scope: rules::Scope,
    seeds: &'static [&'static str],
    summary: String,
}

fn list_rules(args: RulesArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let entries: Vec<RuleEntry> = rules::ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            RuleEntry {
                code: m.code,
                name: m.name,
                principle: m.principle.id(),
                severity: m.severity.name(),
                scope: m.scope,
                seeds: m.seeds,
                summary: rules::section(&m.doc_text(), "## What it does")
                    .split("\n\n")
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
        .collect();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &entries)?;
            writeln!(out)?;
        }
        ListFormat::Text => {
            writeln!(
                out,
                "{:<6} {:<28} {:<15} {:<8} scope",
                "code", "name", "principle", "severity"
            )?;
            for e in &entries {
                let scope = match e.scope {
                    rules::Scope::Post => "post",
                    rules::Scope::Account => "account",
                };
                writeln!(
                    out,
                    "{:<6} {:<28} {:<15} {:<8} {scope}",
                    e.code, e.name, e.principle, e.severity
                )?;
            }
        }
    }
    Ok(Outcome::Clean)
}

fn explain(args: ExplainArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let Some(rule) = rules::find(&args.rule) else {
        bail!("unknown rule {:?}: `postaudit rules` lists them", args.rule);
    };
    let m = rule.meta();
    writeln!(out, "{} {}", m.code, m.name)?;
    writeln!(out)?;
    writeln!(
        out,
        "principle: {} ({})",
        m.principle.id(),
        m.principle.title()
    )?;
    writeln!(out, "severity:  {} (default)", m.severity)?;
    let scope = match m.scope {
        rules::Scope::Post => "each post",
        rules::Scope::Account => "the account as a whole",
    };
    writeln!(out, "judges:    {scope}")?;
    writeln!(out, "seeds:     {}", m.seeds.join(", "))?;
    writeln!(out)?;
    writeln!(out, "{}", m.doc_text().trim_end())?;
    Ok(Outcome::Clean)
}
