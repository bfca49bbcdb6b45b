//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::config::FailOn;
use crate::load::InputFormat;
use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "postaudit",
    version,
    about = "Audit social-media posts against the principles of relationship-first social media",
    long_about = "Audit social-media posts against the principles of relationship-first social media: \
                  two-way dialogue, value before promotion, and replying to the people who comment.\n\n\
                  Exit codes: 0 clean, 1 findings at or above --fail-on (or score below --min-score), \
                  2 usage, config or input error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit one or more exports (CSV, JSON, NDJSON, platform archives, scheduler
    /// files and content calendars; directories and .zip files; `-` reads stdin).
    Check(Box<CheckArgs>),
    /// List the rules.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain(ExplainArgs),
    /// Write a commented starter postaudit.toml in the working directory.
    Init,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print a manual page (roff): `postaudit man > postaudit.1`, or a
    /// command's, `postaudit man check > postaudit-check.1`.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (default: postaudit's own).
    pub command: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Export files, directories or .zip archives to audit; `-` reads standard
    /// input.
    #[arg(
        required_unless_present = "show_config",
        value_name = "PATH",
        help_heading = "Input"
    )]
    pub paths: Vec<String>,

    /// Input format of files named outright and stdin (default: detect from the
    /// file name and content; inside directories and .zip files, always detected).
    #[arg(long, value_enum, default_value_t = InputFormat::Auto, help_heading = "Input")]
    pub input_format: InputFormat,

    /// Name the column (or JSON key path) of a field: FIELD=NAME, where FIELD is
    /// id, author, time, text, parent or platform. Repeatable.
    #[arg(long = "column", value_name = "FIELD=NAME", help_heading = "Input")]
    pub columns: Vec<String>,

    /// The account's handle, whose posts are audited (default: the owner an
    /// archive names, as account.js or actor.json do; else the most frequent
    /// author of top-level posts). Repeatable.
    #[arg(long = "account", value_name = "NAME", help_heading = "Input")]
    pub accounts: Vec<String>,

    /// Only these rules: codes, code prefixes (P, P0), names or principles,
    /// comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULES",
        help_heading = "Rule selection"
    )]
    pub select: Vec<String>,

    /// Leave out these rules (same forms as --select).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULES",
        help_heading = "Rule selection"
    )]
    pub ignore: Vec<String>,

    /// Override a rule's severity: KEY=LEVEL, where KEY is a code, code
    /// prefix, rule name or principle and LEVEL is error, warning or info.
    /// Repeatable; wins over the config file's `[severity]` table.
    #[arg(
        long = "severity",
        value_name = "KEY=LEVEL",
        help_heading = "Rule selection"
    )]
    pub severity: Vec<String>,

    /// Add these rules to the selection (same forms as --select).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULES",
        help_heading = "Rule selection"
    )]
    pub extend_select: Vec<String>,

    /// Report only findings not in this baseline file (written with
    /// --write-baseline); only they decide the exit code.
    #[arg(long, value_name = "FILE", help_heading = "Rule selection")]
    pub baseline: Option<PathBuf>,

    /// Write every reported finding to FILE as a baseline, then report as usual.
    #[arg(long, value_name = "FILE", help_heading = "Rule selection")]
    pub write_baseline: Option<PathBuf>,

    /// Settings file (default: the nearest postaudit.toml above the working
    /// directory).
    #[arg(long, value_name = "FILE", help_heading = "Rule selection")]
    pub config: Option<PathBuf>,

    /// Ignore any postaudit.toml.
    #[arg(long, conflicts_with = "config", help_heading = "Rule selection")]
    pub isolated: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text, help_heading = "Output")]
    pub format: Format,

    /// Exit 1 when a finding is at or above this severity [default: error].
    #[arg(long, value_enum, help_heading = "Output")]
    pub fail_on: Option<FailOn>,

    /// Exit 1 when the account score is below this (0-100).
    #[arg(long, value_name = "SCORE", value_parser = clap::value_parser!(u8).range(0..=100), help_heading = "Output")]
    pub min_score: Option<u8>,

    /// When to use colour in text output (NO_COLOR is honoured).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Output")]
    pub color: ColorChoice,

    /// Show no progress bar (one is shown on stderr for long runs, only on a
    /// terminal and when the CI variable is unset).
    #[arg(long, help_heading = "Output")]
    pub no_progress: bool,

    /// Say on stderr which format was detected for each input, and why, and
    /// how long each stage of the run took.
    #[arg(short, long, help_heading = "Output")]
    pub verbose: bool,

    /// With --format ndjson, load the whole input even when only
    /// record-local rules are selected (the summary then has the metrics
    /// that need reply threads; a streamed audit leaves them null).
    #[arg(long, help_heading = "Output")]
    pub no_stream: bool,

    /// Records per chunk of a streamed audit (4096 unless given). Hidden:
    /// for tests and fuzzing, which check that the output does not depend
    /// on where the chunks end.
    #[arg(long, value_name = "N", hide = true, value_parser = clap::value_parser!(u32).range(1..))]
    pub stream_chunk: Option<u32>,

    /// Write the report to FILE instead of standard output (FILE is
    /// replaced only once the report is whole).
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,

    /// Print the settings in force (postaudit.toml merged with the flags)
    /// as TOML, and exit.
    #[arg(long, help_heading = "Output")]
    pub show_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// Where `rules` and `explain` read the settings whose values they show.
#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Settings file: its option values are shown and its custom rules are
    /// listed too (default: the nearest postaudit.toml above the working
    /// directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore any postaudit.toml: the defaults and the built-in rules only.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (P001) or name (hard-sell).
    pub rule: String,

    #[command(flatten)]
    pub settings: SettingsArgs,
}
