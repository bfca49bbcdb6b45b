//! JSON Lines / NDJSON exports: one JSON object per line. Blank lines are
//! passed over; a line that is not a JSON object is skipped with its reason.
//! [`Lines`] reads the same records a chunk at a time, for a streamed audit.

use std::io::BufRead;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use serde_json::Value;

use crate::load::LoadOptions;
use crate::load::json::{kind_of, push_record};
use crate::model::{Dataset, Source};

/// Reads JSON Lines: every non-blank line is one record.
pub fn load(
    text: &str,
    path: &Arc<str>,
    opts: &LoadOptions,
    out: &mut Dataset,
) -> anyhow::Result<()> {
    for (i, line) in text.lines().enumerate() {
        let source = Source {
            path: path.clone(),
            line: i as u64 + 1,
        };
        push_line(line, source, opts, out);
    }
    Ok(())
}

/// One line (without its line end): a record, a skipped record, or nothing
/// when it is blank.
fn push_line(line: &str, source: Source, opts: &LoadOptions, out: &mut Dataset) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(obj)) => push_record(&obj, source, opts, out),
        Ok(other) => out.skip(
            source,
            format!("expected a JSON object, found {}", kind_of(&other)),
        ),
        Err(e) => out.skip(
            source,
            format!(
                "invalid JSON at column {}: {}",
                e.column(),
                crate::load::json::error_text(&e)
            ),
        ),
    }
}

/// JSON Lines read from a stream, a chunk of records at a time: the records
/// [`load`] reads, in the same order, with the same skips and warnings. A
/// line that is not UTF-8 is the same error as in [`load`], but it comes
/// when the line is reached.
pub(crate) struct Lines<R> {
    src: R,
    path: Arc<str>,
    line: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    pub fn new(src: R, path: Arc<str>) -> Self {
        Lines {
            src,
            path,
            line: 0,
            buf: Vec::new(),
        }
    }

    /// Reads lines into `out` until it has `max` more records (audited or
    /// skipped) or the input ends; false once it has ended.
    pub fn read(
        &mut self,
        max: usize,
        opts: &LoadOptions,
        out: &mut Dataset,
    ) -> anyhow::Result<bool> {
        let target = out.records() + max;
        while out.records() < target {
            self.buf.clear();
            let n = self
                .src
                .read_until(b'\n', &mut self.buf)
                .with_context(|| format!("{}: cannot read the file", self.path))?;
            if n == 0 {
                return Ok(false);
            }
            self.line += 1;
            let mut bytes = self.buf.as_slice();
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            }
            let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            let text = match std::str::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => bail!(
                    "{}:{}:{}: the file is not valid UTF-8",
                    self.path,
                    self.line,
                    e.valid_up_to() + 1
                ),
            };
            let source = Source {
                path: self.path.clone(),
                line: self.line,
            };
            push_line(text, source, opts, out);
        }
        Ok(true)
    }
}
