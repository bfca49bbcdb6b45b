//! The commands, run against given output streams so that the binary stays
//! small and tests can call them.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::CommandFactory as _;
use serde::Serialize;

use crate::audit::{self, AuditOptions};
use crate::baseline::Baseline;
use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, ExplainArgs, ListFormat, RulesArgs, SettingsArgs,
};
use crate::config::{self, CONFIG_FILE, Settings};
use crate::load::{self, LoadOptions, fields::parse_overrides};
use crate::output::Output;
use crate::progress::Progress;
use crate::report;
use crate::rules;
use crate::stream;

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
        Command::Check(args) => check(*args, out, err),
        Command::Rules(args) => list_rules(args, out),
        Command::Explain(args) => explain(args, out),
        Command::Init => init(out),
        Command::Completions(args) => {
            // Rendered in memory first: the generator panics on a write
            // error, and a closed pipe is not an error.
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "postaudit", &mut script);
            out.write_all(&script)?;
            Ok(Outcome::Clean)
        }
        Command::Man(args) => man(args.command.as_deref(), out),
    }
}

/// The settings file's settings, or the defaults with `--isolated`.
fn load_settings(
    config: Option<&Path>,
    isolated: bool,
) -> anyhow::Result<(Settings, Option<PathBuf>)> {
    if isolated {
        return Ok((Settings::default(), None));
    }
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    Settings::discover(config, &cwd)
}

/// Flags given on the command line replace the settings file's values;
/// `--extend-select` adds to them.
fn merge_flags(settings: &mut Settings, args: &CheckArgs) {
    if !args.accounts.is_empty() {
        settings.account = args.accounts.clone();
    }
    if let Some(fail_on) = args.fail_on {
        settings.fail_on = fail_on;
    }
    if let Some(min) = args.min_score {
        settings.min_score = Some(min);
    }
    if !args.select.is_empty() {
        settings.select = args.select.clone();
    }
    if !args.ignore.is_empty() {
        settings.ignore = args.ignore.clone();
    }
    settings
        .extend_select
        .extend(args.extend_select.iter().cloned());
}

fn check(args: CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (mut settings, config_path) = load_settings(args.config.as_deref(), args.isolated)?;
    merge_flags(&mut settings, &args);
    settings.add_severity_overrides(&args.severity)?;
    if args.show_config {
        let text = toml::to_string(&settings)?;
        writeln!(out, "{}", text.trim_end())?;
        out.flush()?;
        return Ok(Outcome::Clean);
    }
    let registry = settings.registry()?;
    let mut select = settings.select.clone();
    if !select.is_empty() {
        select.extend(settings.extend_select.iter().cloned());
    }
    rules::check_selectors(&registry, &settings.extend_select)?;
    let selected = rules::select_from(&registry, &select, &settings.ignore)?;
    // Built on the thread pool while the input is read.
    crate::prebuild::start(&selected);
    let opts = LoadOptions {
        format: args.input_format,
        columns: parse_overrides(&args.columns)?,
    };
    // Shown while a JSON file is checked, and then while it streams.
    let mut stream_progress = if args.format == report::Format::Ndjson {
        stream::progress_for(args.output.is_some(), args.no_progress)
    } else {
        Progress::hidden()
    };
    // `-v` ends the run with how long each stage took.
    if args.verbose {
        stream_progress = stream_progress.timed();
    }
    let streamed = stream::plan(
        &stream::Request {
            paths: &args.paths,
            load: &opts,
            ndjson: args.format == report::Format::Ndjson,
            no_stream: args.no_stream,
            write_baseline: args.write_baseline.is_some(),
            chunk: args.stream_chunk.map(|n| n as usize),
            progress: &stream_progress,
        },
        &settings,
        &selected,
    );
    if streamed.is_err() {
        stream_progress.finish();
    }
    match streamed {
        Ok(plan) => {
            let from = config_path.as_deref();
            let how = (&opts, from, &stream_progress);
            return check_streamed(&args, &plan, how, &settings, &selected, out, err);
        }
        Err(why) if args.verbose && args.format == report::Format::Ndjson => {
            writeln!(err, "postaudit: not streaming: {why}")?;
        }
        Err(_) => {}
    }
    let mut progress = Progress::for_stderr(args.no_progress);
    if args.verbose {
        progress = progress.timed();
    }
    progress.stage(
        match args.paths.as_slice() {
            [one] => format!("reading {}", load::display_of(one)),
            many => format!("reading {} inputs", many.len()),
        },
        None,
    );
    let loaded = load::load_inputs(&args.paths, &opts);
    if loaded.is_err() {
        progress.finish();
    }
    let (mut data, inputs) = loaded?;
    if let Some(platform) = &settings.platform.default {
        for p in data.posts.iter_mut().filter(|p| p.platform.is_none()) {
            p.platform = Some(platform.to_lowercase());
        }
    }
    if args.verbose {
        progress.suspend(|| -> std::io::Result<()> {
            say_inputs(&mut *err, config_path.as_deref(), &inputs)?;
            for note in &data.passed_over {
                writeln!(err, "postaudit: {note}")?;
            }
            Ok(())
        })?;
    }
    // Read before anything is written: `--baseline b.json --write-baseline
    // b.json` compares with the old file, then replaces it.
    let known = args.baseline.as_deref().map(Baseline::read).transpose()?;
    let fail_on = settings.fail_on;
    let min_score = settings.min_score;
    let mut audit = audit::run_with_progress(
        data,
        inputs,
        AuditOptions {
            accounts: settings.account.clone(),
            rules: selected,
            settings,
        },
        &progress,
    );
    // Every current finding, before the baseline leaves the known ones out:
    // a refreshed baseline drops what was fixed and keeps the rest.
    if let Some(path) = &args.write_baseline {
        Baseline::of(&audit.findings, &audit.corpus).write(path)?;
    }
    if let Some(known) = &known {
        audit.apply_baseline(known);
    }
    // Styled with `--color always`; `main` settles `auto` for a report on
    // standard output, by whether it is a terminal. A file gets a plain
    // report unless told otherwise.
    let reporter = report::reporter(args.format, args.color == ColorChoice::Always);
    match &args.output {
        Some(path) => {
            progress.stage("writing the report", None);
            let mut file = Output::create(path)?;
            let written = reporter.report(&audit, file.writer());
            progress.finish();
            written.with_context(|| format!("{}: cannot write the output file", path.display()))?;
            file.finish()?;
        }
        None => {
            // The report may go to the same terminal: the display goes first.
            if std::io::stdout().is_terminal() {
                progress.finish();
                progress.time_stage("writing the report");
            } else {
                progress.stage("writing the report", None);
            }
            let written = reporter.report(&audit, out).and_then(|()| out.flush());
            progress.finish();
            written?;
        }
    }
    say_timings(err, &progress)?;

    let too_severe = fail_on
        .threshold()
        .is_some_and(|t| audit.worst().is_some_and(|w| w >= t));
    let too_low = min_score.is_some_and(|min| audit.scores.account.is_some_and(|s| s < min));
    // The process ends once the outcome is known (`run` is only called by
    // `main`): its memory goes back with it, without freeing a million
    // records' strings one by one.
    std::mem::forget(audit);
    Ok(if too_severe || too_low {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// With `-v`: the settings file read and how each input was read.
fn say_inputs<'a>(
    err: &mut dyn Write,
    config_path: Option<&Path>,
    inputs: impl IntoIterator<Item = &'a load::InputSummary>,
) -> std::io::Result<()> {
    if let Some(p) = config_path {
        writeln!(err, "postaudit: settings from {}", p.display())?;
    }
    for i in inputs {
        writeln!(
            err,
            "postaudit: {}: read as {} ({})",
            i.path,
            i.format.name(),
            i.why
        )?;
    }
    Ok(())
}

/// With `-v`: how long the run and each of its stages took.
fn say_timings(err: &mut dyn Write, progress: &Progress) -> std::io::Result<()> {
    match progress.timings() {
        Some(timings) => writeln!(
            err,
            "postaudit: {}",
            timings.line(std::time::Instant::now())
        ),
        None => Ok(()),
    }
}

/// `check` as a streamed audit (see [`stream`]).
fn check_streamed(
    args: &CheckArgs,
    plan: &stream::Plan,
    (opts, config_path, progress): (&LoadOptions, Option<&Path>, &Progress),
    settings: &Settings,
    selected: &[&'static dyn rules::Rule],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    if args.verbose {
        say_inputs(&mut *err, config_path, plan.inputs())?;
        for (path, len) in plan.copies() {
            writeln!(
                err,
                "postaudit: {path}: copied to a temporary file to be read twice ({len} bytes)"
            )?;
        }
        writeln!(
            err,
            "postaudit: streaming {} records at a time (every selected rule is record-local)",
            plan.chunk()
        )?;
    }
    let known = args.baseline.as_deref().map(Baseline::read).transpose()?;
    let mut file = args.output.as_deref().map(Output::create).transpose()?;
    let sink: &mut dyn Write = match &mut file {
        Some(file) => file.writer(),
        None => out,
    };
    let found = stream::run(
        plan,
        opts,
        settings,
        selected,
        known.as_ref(),
        progress,
        sink,
    );
    progress.finish();
    let found = found?;
    if let Some(file) = file {
        file.finish()?;
    }
    say_timings(err, progress)?;
    let too_severe = settings
        .fail_on
        .threshold()
        .is_some_and(|t| found.worst.is_some_and(|w| w >= t));
    let too_low = settings
        .min_score
        .is_some_and(|min| found.score.is_some_and(|s| s < min));
    Ok(if too_severe || too_low {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// The settings `rules` and `explain` show values from.
fn shown_settings(args: &SettingsArgs) -> anyhow::Result<(Settings, Option<PathBuf>)> {
    load_settings(args.config.as_deref(), args.isolated)
}

/// The manual page of postaudit, or of one of its commands.
fn man(command: Option<&str>, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let root = Cli::command();
    let page = match command {
        None => root,
        Some(name) => {
            let Some(sub) = root.find_subcommand(name) else {
                let names: Vec<&str> = root.get_subcommands().map(|c| c.get_name()).collect();
                bail!("no command {name:?} (commands: {})", names.join(", "));
            };
            // clap takes a 'static name; this runs once per process.
            let full: &'static str = format!("postaudit-{}", sub.get_name()).leak();
            sub.clone()
                .name(full)
                .bin_name(format!("postaudit {}", sub.get_name()))
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    out.write_all(&roff)?;
    Ok(Outcome::Clean)
}

/// Writes the starter settings file; never over an existing one.
fn init(out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let path = Path::new(CONFIG_FILE);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!("{CONFIG_FILE} already exists: not overwriting it")
        }
        Err(e) => return Err(e).with_context(|| format!("{CONFIG_FILE}: cannot create it")),
    };
    file.write_all(config::starter().as_bytes())
        .with_context(|| format!("{CONFIG_FILE}: cannot write it"))?;
    writeln!(out, "wrote {CONFIG_FILE}")?;
    Ok(Outcome::Clean)
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
    let entries: Vec<RuleEntry> = settings
        .registry()?
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
    let (settings, config_path) = shown_settings(&args.settings)?;
    let registry = settings.registry()?;
    let Some(rule) = rules::find_in(&registry, &args.rule) else {
        bail!("unknown rule {:?}: `postaudit rules` lists them", args.rule);
    };
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
    if m.seeds.is_empty() {
        writeln!(out, "seeds:     (none: a custom rule of postaudit.toml)")?;
    } else {
        writeln!(out, "seeds:     {}", m.seeds.join(", "))?;
    }
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
