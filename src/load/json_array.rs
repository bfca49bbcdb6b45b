//! A JSON array of records read from a stream, a chunk of records at a
//! time, for a streamed audit: the records [`crate::load::json::load`]
//! reads from the same array, in the same order, with the same skips and
//! warnings.
//!
//! [`Elements`] splits the array into the text of its elements without
//! building them, holding one element at a time (and the chunk read so
//! far), so memory does not grow with the file. Each element's text is
//! exactly what the whole load sees of it (the value, without the
//! whitespace around it), on the line where it starts, and is turned into
//! a record by the same code.
//!
//! A whole load rejects a file that is not one valid JSON document with
//! an error and audits nothing. A stream would have written findings by
//! the time it met the fault, so a file is first [`check`]ed, element by
//! element, without keeping anything: only a file that passes is streamed,
//! and any other is loaded whole, which reports its error as always.

use std::io::BufRead;
use std::sync::Arc;

use anyhow::Context as _;
use serde::de::IgnoredAny;

use crate::load::json::push_element_text;
use crate::load::{LoadOptions, push_in_parts};
use crate::model::{Dataset, Source};

/// Where the reader is in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before the opening `[`.
    Start,
    /// After `[`: an element or `]` comes next.
    Open,
    /// After a `,`: an element comes next.
    Comma,
    /// After the closing `]`: only whitespace may follow.
    Closed,
    /// The whole document has been read.
    Done,
}

/// What is wrong with a document, found while splitting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The 1-based line where it was found.
    pub line: u64,
    pub what: &'static str,
}

/// The elements of a JSON array read from `src`, one at a time.
pub(crate) struct Elements<R> {
    src: R,
    at: At,
    /// The line of the next byte to read.
    line: u64,
    /// Elements read so far.
    count: u64,
}

impl<R: BufRead> Elements<R> {
    pub fn new(src: R) -> Self {
        Elements {
            src,
            at: At::Start,
            line: 1,
            count: 0,
        }
    }

    /// Elements read so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Appends the text of the next element to `buf` and returns the line
    /// where it starts; `None` once the array and the whitespace after it
    /// have been read. A document that is not shaped as an array of values
    /// is a [`Fault`]; the elements themselves are not parsed.
    pub fn next_into(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Result<Option<u64>, Fault>> {
        let fault = |line, what| Ok(Err(Fault { line, what }));
        loop {
            match self.at {
                At::Done => return Ok(Ok(None)),
                At::Start => {
                    let head = self.src.fill_buf()?;
                    if head.starts_with(b"\xef\xbb\xbf") {
                        self.src.consume(3);
                    }
                    match self.skip_whitespace()? {
                        Some(b'[') => {
                            self.src.consume(1);
                            self.at = At::Open;
                        }
                        Some(_) => return fault(self.line, "the document is not an array"),
                        None => return fault(self.line, "the document is empty"),
                    }
                }
                At::Closed => {
                    return match self.skip_whitespace()? {
                        None => {
                            self.at = At::Done;
                            Ok(Ok(None))
                        }
                        Some(_) => fault(self.line, "text after the array"),
                    };
                }
                At::Open | At::Comma => match self.skip_whitespace()? {
                    None => return fault(self.line, "the array is not closed"),
                    Some(b']') if self.at == At::Open => {
                        self.src.consume(1);
                        self.at = At::Closed;
                    }
                    Some(b']' | b',') => return fault(self.line, "an element is missing"),
                    Some(_) => {
                        let line = self.line;
                        return match self.value_into(buf)? {
                            Ok(()) => {
                                self.count += 1;
                                Ok(Ok(Some(line)))
                            }
                            Err(what) => fault(self.line, what),
                        };
                    }
                },
            }
        }
    }

    /// Passes over JSON whitespace, counting lines; the next byte, left
    /// unread, or `None` at the end.
    fn skip_whitespace(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            let avail = self.src.fill_buf()?;
            if avail.is_empty() {
                return Ok(None);
            }
            let n = avail
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
            let skipped = &avail[..n.unwrap_or(avail.len())];
            self.line += memchr::memchr_iter(b'\n', skipped).count() as u64;
            match n {
                Some(n) => {
                    let next = avail[n];
                    self.src.consume(n);
                    return Ok(Some(next));
                }
                None => {
                    let len = avail.len();
                    self.src.consume(len);
                }
            }
        }
    }

    /// Copies one element into `buf`: from its first byte up to the `,` or
    /// `]` that ends it at the array's level (outside strings), which is
    /// read too, less the whitespace before it.
    fn value_into(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Result<(), &'static str>> {
        let start = buf.len();
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        loop {
            let avail = self.src.fill_buf()?;
            if avail.is_empty() {
                return Ok(Err("the array is not closed"));
            }
            let mut i = 0;
            let mut end = None;
            while i < avail.len() {
                if in_string {
                    if escaped {
                        escaped = false;
                        i += 1;
                        continue;
                    }
                    match memchr::memchr2(b'"', b'\\', &avail[i..]) {
                        Some(k) => {
                            i += k;
                            if avail[i] == b'\\' {
                                escaped = true;
                            } else {
                                in_string = false;
                            }
                            i += 1;
                        }
                        None => i = avail.len(),
                    }
                    continue;
                }
                match avail[i] {
                    b'"' => in_string = true,
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' if depth > 0 => depth -= 1,
                    b'}' => return Ok(Err("a '}' closes nothing")),
                    b']' => {
                        end = Some((i, At::Closed));
                        break;
                    }
                    b',' if depth == 0 => {
                        end = Some((i, At::Comma));
                        break;
                    }
                    b'\n' => self.line += 1,
                    _ => {}
                }
                i += 1;
            }
            match end {
                Some((i, next)) => {
                    buf.extend_from_slice(&avail[..i]);
                    self.src.consume(i + 1);
                    self.at = next;
                    // Less the whitespace between the value and its end.
                    let value = buf[start..]
                        .iter()
                        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                        .map_or(0, |k| k + 1);
                    buf.truncate(start + value);
                    return Ok(Ok(()));
                }
                None => {
                    let len = avail.len();
                    buf.extend_from_slice(avail);
                    self.src.consume(len);
                }
            }
        }
    }
}

/// Whether the document `src` holds is an array that a whole load reads
/// without an error: `Ok` with the number of elements, or why not. Every
/// element is checked to be UTF-8 and one valid JSON value, as the whole
/// load's parse of the document checks it; nothing is kept.
pub(crate) fn check<R: BufRead>(src: R, path: &str) -> anyhow::Result<Result<u64, String>> {
    let mut elements = Elements::new(src);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let read = elements
            .next_into(&mut buf)
            .with_context(|| format!("{path}: cannot read the file"))?;
        match read {
            Ok(None) => return Ok(Ok(elements.count())),
            Ok(Some(line)) => {
                let valid = std::str::from_utf8(&buf)
                    .ok()
                    .is_some_and(|text| serde_json::from_str::<IgnoredAny>(text).is_ok());
                if !valid {
                    return Ok(Err(format!("line {line}: an element is not valid JSON")));
                }
            }
            Err(Fault { line, what }) => return Ok(Err(format!("line {line}: {what}"))),
        }
    }
}

/// The records of a JSON array read from a stream, a chunk at a time: the
/// records [`crate::load::json::load`] reads, in the same order, with the
/// same skips and warnings, from a document [`check`] has passed.
pub(crate) struct Chunks<R> {
    elements: Elements<R>,
    path: Arc<str>,
    buf: Vec<u8>,
}

impl<R: BufRead> Chunks<R> {
    pub fn new(src: R, path: Arc<str>) -> Self {
        Chunks {
            elements: Elements::new(src),
            path,
            buf: Vec::new(),
        }
    }

    /// Reads elements into `out` until it has `max` more records (audited
    /// or skipped) or the array ends; false once it has ended. The elements
    /// are read, then turned into records on all cores.
    pub fn read(
        &mut self,
        max: usize,
        opts: &LoadOptions,
        out: &mut Dataset,
    ) -> anyhow::Result<bool> {
        self.buf.clear();
        let mut ends: Vec<(u64, (usize, usize))> = Vec::with_capacity(max.min(64 * 1024));
        let mut more = true;
        while ends.len() < max {
            let start = self.buf.len();
            let read = self
                .elements
                .next_into(&mut self.buf)
                .with_context(|| format!("{}: cannot read the file", self.path))?;
            match read {
                Ok(Some(line)) => ends.push((line, (start, self.buf.len()))),
                Ok(None) => {
                    more = false;
                    break;
                }
                Err(Fault { line, what }) => anyhow::bail!(
                    "{}:{line}: {what} (the file changed after it was checked)",
                    self.path
                ),
            }
        }
        let Ok(text) = std::str::from_utf8(&self.buf) else {
            anyhow::bail!(
                "{}: the file is not valid UTF-8 (it changed after it was checked)",
                self.path
            );
        };
        let elements: Vec<(u64, &str)> = ends
            .iter()
            .map(|&(line, (from, to))| (line, &text[from..to]))
            .collect();
        if !more && self.elements.count() == 0 {
            out.warn(
                Source {
                    path: self.path.clone(),
                    line: 1,
                },
                crate::load::json::EMPTY_ARRAY,
            );
        }
        push_in_parts(&elements, &self.path, out, |text, source, d| {
            push_element_text(text, source, opts, d);
        });
        Ok(more)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every element's line and text, or the fault.
    fn split(doc: &[u8]) -> Result<Vec<(u64, String)>, Fault> {
        let mut elements = Elements::new(doc);
        let mut found = Vec::new();
        loop {
            let mut buf = Vec::new();
            match elements.next_into(&mut buf).unwrap()? {
                Some(line) => found.push((line, String::from_utf8(buf).unwrap())),
                None => return Ok(found),
            }
        }
    }

    #[test]
    fn splits_an_array_into_its_elements_as_written() {
        let doc = b"\xef\xbb\xbf \n[ {\"text\": \"a, [b] {c}\"} ,\n\n  {\"text\":\n \"q\\\"]\"}\r\n, [1, {\"x\": []}], \"s\\\\\" ,-1.5e3\n]\n\t ";
        assert_eq!(
            split(doc).unwrap(),
            [
                (2, "{\"text\": \"a, [b] {c}\"}".to_string()),
                (4, "{\"text\":\n \"q\\\"]\"}".to_string()),
                (6, "[1, {\"x\": []}]".to_string()),
                (6, "\"s\\\\\"".to_string()),
                (6, "-1.5e3".to_string()),
            ]
        );
        assert_eq!(split(b"[]").unwrap(), []);
        assert_eq!(split(b" [ \n ] ").unwrap(), []);
    }

    #[test]
    fn a_document_not_shaped_as_an_array_is_a_fault() {
        for (doc, line, what) in [
            (&b""[..], 1, "the document is empty"),
            (b"{\"posts\": []}", 1, "the document is not an array"),
            (b"[1,\n2", 2, "the array is not closed"),
            (b"[1,\n", 2, "the array is not closed"),
            (b"[1,]", 1, "an element is missing"),
            (b"[,1]", 1, "an element is missing"),
            (b"[1]\n x", 2, "text after the array"),
            (b"[1}]", 1, "a '}' closes nothing"),
            (b"[\"a]", 1, "the array is not closed"),
        ] {
            assert_eq!(
                split(doc),
                Err(Fault { line, what }),
                "{}",
                String::from_utf8_lossy(doc)
            );
        }
    }

    /// Whether [`check`] passes `doc`.
    fn passes(doc: &[u8]) -> bool {
        check(doc, "t.json").unwrap().is_ok()
    }

    #[test]
    fn check_passes_what_a_whole_parse_of_the_array_passes() {
        for doc in [
            &b"[]"[..],
            b"[{\"text\": \"x\"}, 1, null, \"s\", [[]]]",
            b"\xef\xbb\xbf[{\"text\": \"caf\xc3\xa9\"}]\n",
        ] {
            assert!(passes(doc), "{}", String::from_utf8_lossy(doc));
        }
        for doc in [
            &b"[1 2]"[..],
            b"[{\"text\": \"x\"} {\"text\": \"y\"}]",
            b"[{\"text\" \"x\"}]",
            b"[1\x0c, 2]",
            b"[tru]",
            b"[{\"text\": \"caf\xe9\"}]",
            b"[\"a\tb\"]",
            b"[01]",
            b"{}",
            b"[[1}]",
        ] {
            let whole = std::str::from_utf8(doc)
                .ok()
                .and_then(|t| serde_json::from_str::<Vec<&serde_json::value::RawValue>>(t).ok());
            assert!(whole.is_none(), "{}", String::from_utf8_lossy(doc));
            assert!(!passes(doc), "{}", String::from_utf8_lossy(doc));
        }
    }
}
