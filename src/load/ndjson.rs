//! JSON Lines / NDJSON exports: one JSON object per line. Blank lines are
//! passed over; a line that is not a JSON object is skipped with its reason.
//! [`Lines`] reads the same records a chunk at a time, for a streamed audit.

use std::io::BufRead;
use std::sync::Arc;

use anyhow::{Context as _, bail};

use crate::load::json::push_object_text;
use crate::load::{LoadOptions, push_in_parts};
use crate::model::{Dataset, Source};

/// Reads JSON Lines: every non-blank line is one record.
pub fn load(
    text: &str,
    path: &Arc<str>,
    opts: &LoadOptions,
    out: &mut Dataset,
) -> anyhow::Result<()> {
    let lines: Vec<(u64, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i as u64 + 1, line))
        .collect();
    push_lines(&lines, path, opts, out);
    Ok(())
}

/// Pushes each numbered line (as [`push_line`]) on all cores, in order.
fn push_lines(lines: &[(u64, &str)], path: &Arc<str>, opts: &LoadOptions, out: &mut Dataset) {
    push_in_parts(lines, path, out, |text, source, d| {
        push_line(text, source, opts, d);
    });
}

/// One line (without its line end): a record, a skipped record, or nothing
/// when it is blank.
fn push_line(line: &str, source: Source, opts: &LoadOptions, out: &mut Dataset) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    push_object_text(line, source, opts, out, |column| {
        format!(" at column {column}")
    });
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
    /// skipped) or the input ends; false once it has ended. The lines are
    /// read, then turned into records on all cores.
    pub fn read(
        &mut self,
        max: usize,
        opts: &LoadOptions,
        out: &mut Dataset,
    ) -> anyhow::Result<bool> {
        // Each line's text is kept in `self.buf`, back to back, where
        // `ends` says; blank lines are records of nothing and not kept.
        self.buf.clear();
        let mut ends: Vec<(u64, usize, usize)> = Vec::with_capacity(max.min(64 * 1024));
        let mut more = true;
        while ends.len() < max {
            let start = self.buf.len();
            let n = self
                .src
                .read_until(b'\n', &mut self.buf)
                .with_context(|| format!("{}: cannot read the file", self.path))?;
            if n == 0 {
                more = false;
                break;
            }
            self.line += 1;
            let mut bytes = &self.buf[start..];
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            }
            let from = self.buf.len() - bytes.len();
            let end = self.buf.len() - trailing_line_end(bytes);
            match std::str::from_utf8(&self.buf[from..end]) {
                // Blank: no record (as `push_line`).
                Ok(text) if text.trim().is_empty() => {
                    self.buf.truncate(start);
                    continue;
                }
                Ok(_) => {}
                Err(e) => bail!(
                    "{}:{}:{}: the file is not valid UTF-8",
                    self.path,
                    self.line,
                    e.valid_up_to() + 1
                ),
            }
            ends.push((self.line, from, end));
        }
        let text = std::str::from_utf8(&self.buf).expect("every line checked");
        let lines: Vec<(u64, &str)> = ends
            .iter()
            .map(|&(line, from, end)| (line, &text[from..end]))
            .collect();
        push_lines(&lines, &self.path, opts, out);
        Ok(more)
    }
}

/// The length of the `\n` or `\r\n` that ends a line read, if any.
fn trailing_line_end(line: &[u8]) -> usize {
    match line {
        [.., b'\r', b'\n'] => 2,
        [.., b'\n'] => 1,
        _ => 0,
    }
}
