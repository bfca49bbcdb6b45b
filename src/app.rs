//! The commands, run against given output streams so that the binary stays
//! small and tests can call them.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use serde::Serialize;

use crate::audit::{self, AuditOptions};
use crate::cli::{CheckArgs, Cli, Command, ExplainArgs, ListFormat, RulesArgs, SettingsArgs};
use crate::config::Settings;
use crate::load::{self, LoadOptions, fields::parse_overrides};
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
    let (mut settings, config_path) = if args.isolated {
        (Settings::default(), None)
    } else {
        Settings::discover(args.config.as_deref(), &cwd)?
    };
    settings.add_severity_overrides(&args.severity)?;
    let selected = rules::select(&args.select, &args.ignore)?;
    let opts = LoadOptions {
        format: args.input_format,
        columns: parse_overrides(&args.columns)?,
    };
    let (data, inputs) = load::load_inputs(&args.paths, &opts)?;
    if args.verbose {
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
        for note in &data.passed_over {
            writeln!(err, "postaudit: {note}")?;
        }
    }
    let audit = audit::run(
        data,
        inputs,
        AuditOptions {
            accounts: args.accounts,
            rules: selected,
            settings,
        },
    );
    report::reporter(args.format).report(&audit, out)?;
    out.flush()?;

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

/// The settings `rules` and `explain` show values from.
fn shown_settings(args: &SettingsArgs) -> anyhow::Result<(Settings, Option<PathBuf>)> {
    if args.isolated {
        return Ok((Settings::default(), None));
    }
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    Settings::discover(args.config.as_deref(), &cwd)
}

#[derive(Serialize)]
struct RuleEntry {
    code: &'static str,
    name: &'static str,
    principle: &'static str,
    principle_title: &'static str,
    /// The severity findings carry with the settings shown.
    severity: &'static str,
    default_severity: &'static str,
    scope: rules::Scope,
    seeds: &'static [&'static str],
    summary: String,
    options: Vec<OptionEntry>,
}

/// A setting a rule reads, with its value in the settings shown.
#[derive(Serialize)]
struct OptionEntry {
    key: String,
    value: serde_json::Value,
    default: serde_json::Value,
}

fn options_of(m: &rules::RuleMeta, settings: &Settings) -> Vec<OptionEntry> {
    let defaults = Settings::default();
    m.option_keys()
        .into_iter()
        .map(|key| OptionEntry {
            value: settings.value_of(&key).unwrap_or_default(),
            default: defaults.value_of(&key).unwrap_or_default(),
            key,
        })
        .collect()
}

/// A setting's value as it is written in postaudit.toml (`0.25`, `"x"`,
/// `[]`), or `(unset)`.
fn toml_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "(unset)".to_string(),
        v => v.to_string(),
    }
}

fn list_rules(args: RulesArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (settings, _) = shown_settings(&args.settings)?;
    let entries: Vec<RuleEntry> = rules::ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            RuleEntry {
                code: m.code,
                name: m.name,
                principle: m.principle.id(),
                principle_title: m.principle.title(),
                severity: settings.severity_of(m).name(),
                default_severity: m.severity.name(),
                scope: m.scope,
                seeds: m.seeds,
                summary: rules::section(&m.doc_text(), "## What it does")
                    .split("\n\n")
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                options: options_of(m, &settings),
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
                "{:<6} {:<30} {:<15} {:<8} scope",
                "code", "name", "principle", "severity"
            )?;
            for e in &entries {
                let scope = match e.scope {
                    rules::Scope::Post => "post",
                    rules::Scope::Account => "account",
                };
                writeln!(
                    out,
                    "{:<6} {:<30} {:<15} {:<8} {scope}",
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
    let (settings, config_path) = shown_settings(&args.settings)?;
    let from = config_path
        .as_ref()
        .map_or("the defaults".to_string(), |p| p.display().to_string());
    let m = rule.meta();
    writeln!(out, "{} {}", m.code, m.name)?;
    writeln!(out)?;
    writeln!(
        out,
        "principle: {} ({})",
        m.principle.id(),
        m.principle.title()
    )?;
    match settings.severity_override(m) {
        Some(s) if s != m.severity => writeln!(
            out,
            "severity:  {s} (set in {from}; default {})",
            m.severity
        )?,
        _ => writeln!(out, "severity:  {} (default)", m.severity)?,
    }
    let scope = match m.scope {
        rules::Scope::Post => "each post",
        rules::Scope::Account => "the account as a whole",
    };
    writeln!(out, "judges:    {scope}")?;
    writeln!(out, "seeds:     {}", m.seeds.join(", "))?;
    writeln!(out)?;
    writeln!(out, "rests on:")?;
    for (quote, seed) in m.seed_quotes() {
        writeln!(out, "  {quote} ({seed})")?;
    }
    writeln!(out)?;
    let options = options_of(m, &settings);
    if options.is_empty() {
        writeln!(out, "options:   none")?;
    } else {
        writeln!(out, "options (values from {from}):")?;
        for o in &options {
            let note = if o.value == o.default {
                "default".to_string()
            } else {
                format!("default {}", toml_value(&o.default))
            };
            writeln!(out, "  {} = {}  ({note})", o.key, toml_value(&o.value))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", m.doc_text().trim_end())?;
    Ok(Outcome::Clean)
}
