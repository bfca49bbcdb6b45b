//! Reporters: one file per output format, behind one trait. Library code
//! never prints; the binary hands a reporter the stream to write to.

pub mod json;
pub mod text;

use std::io::{self, Write};

use clap::ValueEnum;

use crate::audit::Audit;

/// An output format, as named by `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Findings grouped by post, then a summary, for a person.
    #[default]
    Text,
    /// One JSON document (schema in README), for scripts.
    Json,
}

pub trait Reporter {
    /// Writes the whole report for `audit` to `out`.
    fn report(&self, audit: &Audit, out: &mut dyn Write) -> io::Result<()>;
}

pub fn reporter(format: Format) -> Box<dyn Reporter> {
    match format {
        Format::Text => Box::new(text::Text),
        Format::Json => Box::new(json::Json),
    }
}
