//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::load::InputFormat;
use crate::report::Format;
use crate::rules::Severity;

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
    /// Audit one or more exports (CSV, JSON, NDJSON; `-` reads stdin).
    Check(CheckArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain(ExplainArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Export files to audit; `-` reads standard input.
    #[arg(required = true, value_name = "PATH", help_heading = "Input")]
    pub paths: Vec<String>,

    /// Input format (default: detect from the file name and content).
    #[arg(long, value_enum, default_value_t = InputFormat::Auto, help_heading = "Input")]
    pub input_format: InputFormat,

    /// Name the column (or JSON key path) of a field: FIELD=NAME, where FIELD is
    /// id, author, time, text, parent or platform. Repeatable.
    #[arg(long = "column", value_name = "FIELD=NAME", help_heading = "Input")]
    pub columns: Vec<String>,

    /// The account's handle, whose posts are audited (default: the most
    /// frequent author of top-level posts). Repeatable.
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

    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error, help_heading = "Output")]
    pub fail_on: FailOn,

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

    /// Say on stderr which format was detected for each input, and why.
    #[arg(short, long, help_heading = "Output")]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// The least severity that fails, or `None` for never.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
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
}
