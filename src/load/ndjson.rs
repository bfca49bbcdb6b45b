//! JSON Lines / NDJSON exports: one JSON object per line. Blank lines are
//! passed over; a line that is not a JSON object, or not UTF-8, is skipped
//! with its reason (one damaged line does not lose the others). `Lines`
//! reads the same records a chunk at a time, for a streamed audit.

use std::io::BufRead;
use std::sync::Arc;

use anyhow::Context as _;

use crate::load::fields::Brief;
use crate::load::json::{object_brief, push_object_text};
use crate::load::{LoadOptions, briefs_in_parts, push_in_parts};
use crate::model::{Dataset, Source};

/// Reads JSON Lines: every non-blank line is one record. `body` is the
/// file without its byte order mark.
pub fn load(
    body: &[u8],
    path: &Arc<str>,
    opts: &LoadOptions,
    out: &mut Dataset,
) -> anyhow::Result<()> {
    // Lines end at `\n` or `\r\n`, as `str::lines` splits them.
    let mut lines: Vec<(u64, Line)> = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (line, after) = match memchr::memchr(b'\n', rest) {
            Some(end) => {
                let ended = &rest[..=end];
                (
                    &ended[..ended.len() - trailing_line_end(ended)],
                    &rest[end + 1..],
                )
            }
            None => (rest, &rest[rest.len()..]),
        };
        lines.push((lines.len() as u64 + 1, Line::of(line)));
        rest = after;
    }
    push_lines(&lines, path, opts, out);
    Ok(())
}

/// A line's text (without its line end), or where it stops being UTF-8.
enum Line<'a> {
    Text(&'a str),
    /// The 1-based column (in bytes) of the first byte that is not UTF-8.
    NotUtf8(usize),
}

impl<'a> Line<'a> {
    fn of(bytes: &'a [u8]) -> Line<'a> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Line::Text(text),
            Err(e) => Line::NotUtf8(e.valid_up_to() + 1),
        }
    }
}

/// Pushes each numbered line (as [`push_line`]) on all cores, in order.
fn push_lines(lines: &[(u64, Line)], path: &Arc<str>, opts: &LoadOptions, out: &mut Dataset) {
    push_in_parts(lines, path, out, |line, source, d| {
        push_line(line, source, opts, d);
    });
}

/// One line (without its line end): a record, a skipped record, or nothing
/// when it is blank.
fn push_line(line: &Line, source: Source, opts: &LoadOptions, out: &mut Dataset) {
    let line = match line {
        Line::Text(text) => text.trim(),
        Line::NotUtf8(column) => {
            return out.skip(source, format!("invalid UTF-8 at column {column}"));
        }
    };
    if line.is_empty() {
        return;
    }
    push_object_text(line, source, opts, out, |column| {
        format!(" at column {column}")
    });
}

/// JSON Lines read from a stream, a chunk of records at a time: the records
/// [`load`] reads, in the same order, with the same skips and warnings.
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
        let (ends, more) = self.next_lines(max)?;
        push_lines(&self.lines(&ends), &self.path, opts, out);
        Ok(more)
    }

    /// [`Lines::read`] for the first pass of a streamed audit: the
    /// [`Brief`]s of the posts it would add, without building them.
    pub fn read_briefs(
        &mut self,
        max: usize,
        opts: &LoadOptions,
        out: &mut Vec<Brief>,
    ) -> anyhow::Result<bool> {
        let (ends, more) = self.next_lines(max)?;
        let briefs = briefs_in_parts(&self.lines(&ends), &self.path, |line, source| match line {
            Line::Text(text) => object_brief(text.trim(), &source, opts),
            Line::NotUtf8(_) => None,
        });
        out.extend(briefs);
        Ok(more)
    }

    /// The lines `ends` marks in the buffer.
    fn lines(&self, ends: &[(u64, Kept)]) -> Vec<(u64, Line<'_>)> {
        let text = std::str::from_utf8(&self.buf).expect("every line kept is UTF-8");
        ends.iter()
            .map(|&(line, kept)| match kept {
                Kept::At(from, end) => (line, Line::Text(&text[from..end])),
                Kept::NotUtf8(column) => (line, Line::NotUtf8(column)),
            })
            .collect()
    }

    /// Reads up to `max` more lines that are not blank into the buffer;
    /// false once the input has ended.
    fn next_lines(&mut self, max: usize) -> anyhow::Result<(Vec<(u64, Kept)>, bool)> {
        // Each line's text is kept in `self.buf`, back to back, where
        // `ends` says; blank lines are records of nothing and not kept, nor
        // is a line that is not UTF-8 (skipped, with its column).
        self.buf.clear();
        let mut ends: Vec<(u64, Kept)> = Vec::with_capacity(max.min(64 * 1024));
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
            match Line::of(&self.buf[from..end]) {
                // Blank: no record (as `push_line`).
                Line::Text(text) if text.trim().is_empty() => {
                    self.buf.truncate(start);
                    continue;
                }
                Line::Text(_) => ends.push((self.line, Kept::At(from, end))),
                Line::NotUtf8(column) => {
                    self.buf.truncate(start);
                    ends.push((self.line, Kept::NotUtf8(column)));
                }
            }
        }
        Ok((ends, more))
    }
}

/// A line read into [`Lines`]' buffer: where its text lies, or the column
/// where it stops being UTF-8 (its bytes are not kept).
#[derive(Clone, Copy)]
enum Kept {
    At(usize, usize),
    NotUtf8(usize),
}

/// The length of the `\n` or `\r\n` that ends a line read, if any.
fn trailing_line_end(line: &[u8]) -> usize {
    match line {
        [.., b'\r', b'\n'] => 2,
        [.., b'\n'] => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_all(bytes: &[u8]) -> Dataset {
        let mut out = Dataset::default();
        load(
            bytes,
            &Arc::from("t.ndjson"),
            &LoadOptions::default(),
            &mut out,
        )
        .unwrap();
        out
    }

    /// The records and skips `Lines` reads from `bytes`, `max` at a time.
    fn stream_all(bytes: &[u8], max: usize) -> Dataset {
        let mut lines = Lines::new(bytes, Arc::from("t.ndjson"));
        let mut out = Dataset::default();
        while lines.read(max, &LoadOptions::default(), &mut out).unwrap() {}
        out
    }

    #[test]
    fn a_line_that_is_not_utf8_is_skipped_and_the_rest_read() {
        let bytes =
            b"{\"text\": \"one\"}\r\n\n{\"text\": \"t\xc3\"}\r\n  \r\n{\"text\": \"three\"}\r";
        for out in [
            load_all(bytes),
            stream_all(bytes, 1),
            stream_all(bytes, 100),
        ] {
            let lines: Vec<u64> = out.posts.iter().map(|p| p.source.line).collect();
            assert_eq!(lines, [1, 5]);
            assert_eq!(out.posts[0].text, "one");
            assert_eq!(out.posts[1].text, "three");
            assert_eq!(out.skipped.len(), 1);
            assert_eq!(out.skipped[0].source.line, 3);
            assert_eq!(out.skipped[0].reason, "invalid UTF-8 at column 12");
        }
    }

    #[test]
    fn lines_end_at_lf_or_crlf_as_str_lines_splits_them() {
        let text =
            "{\"text\": \"a\"}\n{\"text\": \"b\"}\r{\"text\": \"x\"}\r\n\r\n{\"text\": \"c\"}";
        assert_eq!(text.lines().count(), 4);
        for out in [load_all(text.as_bytes()), stream_all(text.as_bytes(), 2)] {
            let lines: Vec<u64> = out.posts.iter().map(|p| p.source.line).collect();
            assert_eq!(lines, [1, 4]);
            // A lone carriage return ends no line: two objects on one line
            // are not one record.
            assert_eq!(out.skipped.len(), 1);
            assert_eq!(out.skipped[0].source.line, 2);
        }
    }
}
