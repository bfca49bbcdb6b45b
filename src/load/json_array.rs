//! A JSON array of records read from a stream, a chunk of records at a
//! time, for a streamed audit: the records [`crate::load::json::load`]
//! reads from the same array, in the same order, with the same skips and
//! warnings. The array is the document, or is held by an object under one
//! of [`ARRAY_KEYS`], as the whole load finds it.
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
//! the time it met the fault, so a file is first [`check`]ed, value by
//! value, without keeping anything; the check also finds where the array
//! of records starts. Only a file that passes is streamed, from there, and
//! any other is loaded whole, which reports its error as always.
//!
//! The platform loaders that read a file a block of records at a time
//! (`tweets.js`, a Mastodon `outbox.json`) use [`read_blocks`], and
//! [`Members`] to walk an object to its array; they check as they go, and
//! give up ([`Streamed::Whole`]) at the first fault.

use std::io::BufRead;
use std::sync::Arc;

use anyhow::Context as _;
use serde::de::IgnoredAny;

use crate::load::fields::{Brief, canonical};
use crate::load::json::{ARRAY_KEYS, object_brief, push_element_text};
use crate::load::{LoadOptions, briefs_in_parts, push_in_parts};
use crate::model::{Dataset, Source};

/// What is wrong with a document, found while splitting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The 1-based line where it was found.
    pub line: u64,
    pub what: &'static str,
}

/// Reads JSON text from `src` a token at a time, counting bytes and lines.
struct Scanner<R> {
    src: R,
    /// The offset of the next byte to read, from the start of the input.
    pos: u64,
    /// The line of the next byte to read.
    line: u64,
}

/// A [`Scanner`] step: an I/O error, or a [`Fault`] of the document.
type Step<T> = std::io::Result<Result<T, Fault>>;

impl<R: BufRead> Scanner<R> {
    fn consume(&mut self, n: usize) {
        self.src.consume(n);
        self.pos += n as u64;
    }

    fn fault<T>(&self, what: &'static str) -> Step<T> {
        Ok(Err(Fault {
            line: self.line,
            what,
        }))
    }

    /// Passes over a byte order mark at the start.
    fn skip_bom(&mut self) -> std::io::Result<()> {
        if self.src.fill_buf()?.starts_with(b"\xef\xbb\xbf") {
            self.consume(3);
        }
        Ok(())
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
                    self.consume(n);
                    return Ok(Some(next));
                }
                None => {
                    let len = avail.len();
                    self.consume(len);
                }
            }
        }
    }

    /// Copies one value into `buf`: from its first byte up to the `,` or
    /// the `close` byte (a bracket, or the `:` after a key) that ends it at
    /// this level (outside strings), less the whitespace before it. Returns the byte that ended it, left
    /// unread. Only the brackets are matched; the value is not parsed.
    fn value_into(&mut self, buf: &mut Vec<u8>, close: u8) -> Step<u8> {
        let start = buf.len();
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        loop {
            let avail = self.src.fill_buf()?;
            if avail.is_empty() {
                return self.fault("the document ends inside a value");
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
                    b if depth == 0 && (b == b',' || b == close) => {
                        end = Some(i);
                        break;
                    }
                    b']' => return self.fault("a ']' closes nothing"),
                    b'}' => return self.fault("a '}' closes nothing"),
                    b'\n' => self.line += 1,
                    _ => {}
                }
                i += 1;
            }
            match end {
                Some(i) => {
                    let ended = avail[i];
                    buf.extend_from_slice(&avail[..i]);
                    self.consume(i);
                    // Less the whitespace between the value and its end.
                    let value = buf[start..]
                        .iter()
                        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                        .map_or(0, |k| k + 1);
                    buf.truncate(start + value);
                    return Ok(Ok(ended));
                }
                None => {
                    let len = avail.len();
                    buf.extend_from_slice(avail);
                    self.consume(len);
                }
            }
        }
    }
}

/// Where the reader is in the array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before the opening `[`.
    Start,
    /// After `[`: an element or `]` comes next.
    Open,
    /// After a `,`: an element comes next.
    Comma,
    /// After the closing `]`.
    Done,
}

/// The elements of a JSON array read from `src`, one at a time.
pub struct Elements<R> {
    scan: Scanner<R>,
    at: At,
    /// Elements read so far.
    count: u64,
}

impl<R: BufRead> Elements<R> {
    /// The array that starts at the start of `src` (whitespace, then its
    /// `[`), on `line` of the document; it ends at its `]`, and what
    /// follows is not read.
    pub fn new(src: R, line: u64) -> Self {
        Elements {
            scan: Scanner { src, pos: 0, line },
            at: At::Start,
            count: 0,
        }
    }

    /// Elements read so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The source, at the byte after the last one read (after the closing
    /// `]`, once [`Elements::next_into`] has said the array is read).
    pub fn into_inner(self) -> R {
        self.scan.src
    }

    /// Appends the text of the next element to `buf` and returns the line
    /// where it starts; `None` once the array has been read. An array that
    /// is not shaped as one (brackets, commas, strings) is a [`Fault`]; the
    /// elements themselves are not parsed.
    pub fn next_into(&mut self, buf: &mut Vec<u8>) -> Step<Option<u64>> {
        loop {
            match self.at {
                At::Done => return Ok(Ok(None)),
                At::Start => match self.scan.skip_whitespace()? {
                    Some(b'[') => {
                        self.scan.consume(1);
                        self.at = At::Open;
                    }
                    Some(_) => return self.scan.fault("an array is not where it should be"),
                    None => return self.scan.fault("the document ends before the array"),
                },
                At::Open | At::Comma => match self.scan.skip_whitespace()? {
                    None => return self.scan.fault("the array is not closed"),
                    Some(b']') if self.at == At::Open => {
                        self.scan.consume(1);
                        self.at = At::Done;
                    }
                    Some(b']' | b',') => return self.scan.fault("an element is missing"),
                    Some(_) => {
                        let line = self.scan.line;
                        let ended = match self.scan.value_into(buf, b']')? {
                            Ok(ended) => ended,
                            Err(fault) => return Ok(Err(fault)),
                        };
                        self.scan.consume(1);
                        self.at = if ended == b',' { At::Comma } else { At::Done };
                        self.count += 1;
                        return Ok(Ok(Some(line)));
                    }
                },
            }
        }
    }
}

/// What a loader that reads a file a block of records at a time made of
/// its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Streamed {
    /// Its records are in the dataset.
    Read,
    /// Not a file of its kind that reads without an error, or not one at
    /// all: nothing was added. Read it whole, which says what is wrong (the
    /// line and column of invalid JSON, text that is not UTF-8 ...).
    Whole,
}

/// Records read at a time by [`read_blocks`].
pub const BLOCK: usize = 4096;

/// Elements of an array read a block at a time: their text, one after the
/// other, and the line and bytes of each.
#[derive(Default)]
struct Block {
    text: Vec<u8>,
    items: Vec<(u64, std::ops::Range<usize>)>,
    /// The array ends with this block.
    ended: bool,
}

impl Block {
    /// Reads the next [`BLOCK`] elements (fewer at the end of the array);
    /// false when the array is not shaped as one.
    fn fill<R: BufRead>(&mut self, elements: &mut Elements<R>) -> std::io::Result<bool> {
        self.text.clear();
        self.items.clear();
        self.ended = false;
        while self.items.len() < BLOCK {
            let start = self.text.len();
            match elements.next_into(&mut self.text)? {
                Ok(Some(line)) => self.items.push((line, start..self.text.len())),
                Ok(None) => {
                    self.ended = true;
                    break;
                }
                Err(_) => return Ok(false),
            }
        }
        Ok(true)
    }

    /// Adds the block's records to `out` with `read`, on all cores; false
    /// when an element is not UTF-8 or `read` refuses one.
    fn parse(
        &self,
        path: &Arc<str>,
        out: &mut Dataset,
        read: &(impl Fn(&str, Source, &mut Dataset) -> bool + Sync),
    ) -> bool {
        use std::sync::atomic::{AtomicBool, Ordering};
        let elements: Vec<(u64, &[u8])> = self
            .items
            .iter()
            .map(|(line, r)| (*line, &self.text[r.clone()]))
            .collect();
        let invalid = AtomicBool::new(false);
        push_in_parts(&elements, path, out, |bytes, source, d| {
            let read = std::str::from_utf8(bytes).is_ok_and(|text| read(text, source, d));
            if !read {
                invalid.store(true, Ordering::Relaxed);
            }
        });
        !invalid.into_inner()
    }
}

/// Reads the rest of the array `elements` reads into `out`, a block of
/// [`BLOCK`] elements at a time: each block's records are made by `read`
/// (`false` for an element it refuses) on all cores while the next block
/// is read. In memory, two blocks' text and the records, never the whole
/// array. False when the array is not shaped as one or an element is
/// refused; `out` then holds part of the records.
pub fn read_blocks<R: BufRead + Send>(
    elements: &mut Elements<R>,
    path: &Arc<str>,
    out: &mut Dataset,
    read: impl Fn(&str, Source, &mut Dataset) -> bool + Sync,
) -> std::io::Result<bool> {
    let (mut current, mut next) = (Block::default(), Block::default());
    if !next.fill(elements)? {
        return Ok(false);
    }
    loop {
        std::mem::swap(&mut current, &mut next);
        let (filled, parsed) = rayon::join(
            || {
                if current.ended {
                    Ok(true)
                } else {
                    next.fill(elements)
                }
            },
            || current.parse(path, out, &read),
        );
        if !filled? || !parsed {
            return Ok(false);
        }
        if current.ended {
            return Ok(true);
        }
    }
}

/// Reads a document that is one array from `src` (after a byte order mark
/// and white space) with [`read_blocks`], each element made into records
/// by `read`. [`Streamed::Whole`], having added nothing, when the document
/// is not an array, an element is refused, or anything but white space
/// follows it: the whole load then says what is wrong.
pub fn stream_array<R: BufRead + Send>(
    mut src: R,
    path: &Arc<str>,
    out: &mut Dataset,
    read: impl Fn(&str, Source, &mut Dataset) -> bool + Sync,
) -> std::io::Result<Streamed> {
    if src.fill_buf()?.starts_with(b"\xef\xbb\xbf") {
        src.consume(3);
    }
    let mut elements = Elements::new(src, 1);
    let mut records = Dataset::default();
    if !read_blocks(&mut elements, path, &mut records, read)? {
        return Ok(Streamed::Whole);
    }
    let mut rest = Scanner {
        src: elements.into_inner(),
        pos: 0,
        line: 0,
    };
    if rest.skip_whitespace()?.is_some() {
        return Ok(Streamed::Whole);
    }
    out.append_records(records);
    Ok(Streamed::Read)
}

/// What [`stream_object`] does with a member of the object, by its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    /// An array of records, read a block at a time.
    Records,
    /// Any other value: checked, not kept.
    Other,
    /// A key the whole load reads otherwise: the document is read whole.
    Refused,
}

/// Reads the object that is the document in `src` a member at a time: the
/// array of each member `member` calls [`Member::Records`] with
/// [`read_blocks`] (each element made into records by `read`); every other
/// value is checked to be valid JSON and given to `other` with its key
/// (false to refuse it). [`Streamed::Whole`], having added nothing, when
/// the document is not an object, a key is refused, a records member is
/// not an array or an element is refused, another value is invalid or
/// refused, no member holds records, or anything but white space follows
/// the object: the whole load then says what is wrong.
pub fn stream_object<R: BufRead + Send>(
    src: R,
    path: &Arc<str>,
    out: &mut Dataset,
    mut member: impl FnMut(&str) -> Member,
    read: impl Fn(&str, Source, &mut Dataset) -> bool + Sync,
    mut other: impl FnMut(&str, &[u8]) -> bool,
) -> std::io::Result<Streamed> {
    let Ok(mut members) = Members::of_document(src)? else {
        return Ok(Streamed::Whole);
    };
    let mut records = Dataset::default();
    let mut found = false;
    let mut buf = Vec::new();
    loop {
        let key = match members.next_key()? {
            Ok(Some(key)) => key,
            Ok(None) => break,
            Err(_) => return Ok(Streamed::Whole),
        };
        match member(&key) {
            Member::Refused => return Ok(Streamed::Whole),
            Member::Records => {
                found = true;
                let whole = members.at_array()?
                    && members
                        .array(|elements| read_blocks(elements, path, &mut records, &read))?;
                if !whole {
                    return Ok(Streamed::Whole);
                }
            }
            Member::Other => {
                buf.clear();
                if members.value_into(&mut buf)?.is_err() || !valid(&buf) || !other(&key, &buf) {
                    return Ok(Streamed::Whole);
                }
            }
        }
    }
    if !found || !members.ends_document()? {
        return Ok(Streamed::Whole);
    }
    out.append_records(records);
    Ok(Streamed::Read)
}

/// The members of the object a document is, read from `src` one at a
/// time: each key, then its value, read as an array element by element
/// ([`Members::array`]) or as its text ([`Members::value_into`]).
pub struct Members<R> {
    scan: Scanner<R>,
    first: bool,
}

impl<R: BufRead> Members<R> {
    /// The object that is the document in `src` (after a byte order mark
    /// and white space); a fault if the document is not an object.
    pub fn of_document(src: R) -> Step<Self> {
        let mut scan = Scanner {
            src,
            pos: 0,
            line: 1,
        };
        scan.skip_bom()?;
        match scan.skip_whitespace()? {
            Some(b'{') => {
                scan.consume(1);
                Ok(Ok(Members { scan, first: true }))
            }
            _ => scan.fault("the document is not an object"),
        }
    }

    /// The next key, decoded, with the `:` after it read; `None` once the
    /// object's `}` is read.
    pub fn next_key(&mut self) -> Step<Option<String>> {
        if !self.first {
            match self.scan.skip_whitespace()? {
                Some(b',') => self.scan.consume(1),
                Some(b'}') => {
                    self.scan.consume(1);
                    return Ok(Ok(None));
                }
                Some(_) => return self.scan.fault("a ',' or '}' is missing"),
                None => return self.scan.fault("the object is not closed"),
            }
        }
        match self.scan.skip_whitespace()? {
            Some(b'}') if self.first => {
                self.scan.consume(1);
                return Ok(Ok(None));
            }
            Some(b'"') => {}
            None => return self.scan.fault("the object is not closed"),
            Some(_) => return self.scan.fault("a key is missing"),
        }
        self.first = false;
        let mut buf = Vec::new();
        let line = self.scan.line;
        match self.scan.value_into(&mut buf, b':')? {
            Ok(b':') => self.scan.consume(1),
            Ok(_) => return self.scan.fault("a ':' is missing"),
            Err(fault) => return Ok(Err(fault)),
        }
        match std::str::from_utf8(&buf)
            .ok()
            .and_then(|text| serde_json::from_str::<String>(text).ok())
        {
            Some(key) => Ok(Ok(Some(key))),
            None => Ok(Err(Fault {
                line,
                what: "a key is not a valid JSON string",
            })),
        }
    }

    /// Whether the value after the key just read is an array.
    pub fn at_array(&mut self) -> std::io::Result<bool> {
        Ok(self.scan.skip_whitespace()? == Some(b'['))
    }

    /// Reads the array after the key just read with `f`, which is to read
    /// it to its end.
    pub fn array<T>(&mut self, f: impl FnOnce(&mut Elements<&mut R>) -> T) -> T {
        let mut elements = Elements::new(&mut self.scan.src, self.scan.line);
        let result = f(&mut elements);
        self.scan.pos += elements.scan.pos;
        self.scan.line = elements.scan.line;
        result
    }

    /// Appends the text of the value after the key just read to `buf`, as
    /// written: checked to be shaped as a value, not parsed.
    pub fn value_into(&mut self, buf: &mut Vec<u8>) -> Step<()> {
        match self.scan.skip_whitespace()? {
            Some(b',' | b'}') => self.scan.fault("a value is missing"),
            None => self.scan.fault("the object is not closed"),
            Some(_) => Ok(self.scan.value_into(buf, b'}')?.map(drop)),
        }
    }

    /// Once the object is read: whether nothing but white space follows.
    pub fn ends_document(mut self) -> std::io::Result<bool> {
        Ok(self.scan.skip_whitespace()?.is_none())
    }

    /// The line of the next byte to read.
    pub fn line(&self) -> u64 {
        self.scan.line
    }
}

/// Where the array of records of a document begins: the offset of its `[`
/// from the start of the file, and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArrayAt {
    pub offset: u64,
    pub line: u64,
}

/// Whether `bytes` are one valid JSON value, as the whole load's parse of
/// the document would find them.
pub(crate) fn valid(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes)
        .ok()
        .is_some_and(|text| serde_json::from_str::<IgnoredAny>(text).is_ok())
}

/// Whether the document `src` holds is one a whole load reads without an
/// error, and where its array of records is: `Ok` with where, or why not.
/// The document is an array, or an object holding the array under one of
/// [`ARRAY_KEYS`] (chosen as the whole load chooses it). Every value is
/// checked to be UTF-8 and valid JSON, as the whole load's parse of the
/// document checks it, the array's elements one at a time; nothing is
/// kept.
pub fn check<R: BufRead + Send>(src: R, path: &str) -> anyhow::Result<Result<ArrayAt, String>> {
    let mut scan = Scanner {
        src,
        pos: 0,
        line: 1,
    };
    let checked =
        check_document(&mut scan).with_context(|| format!("{path}: cannot read the file"))?;
    Ok(checked.map_err(|Fault { line, what }| format!("line {line}: {what}")))
}

fn check_document<R: BufRead + Send>(scan: &mut Scanner<R>) -> Step<ArrayAt> {
    scan.skip_bom()?;
    let found = match scan.skip_whitespace()? {
        Some(b'[') => match check_array(scan)? {
            Ok(at) => at,
            Err(fault) => return Ok(Err(fault)),
        },
        Some(b'{') => match check_object(scan)? {
            Ok(Some(at)) => at,
            Ok(None) => return scan.fault("no array of records under a known key"),
            Err(fault) => return Ok(Err(fault)),
        },
        Some(_) => return scan.fault("the document is neither an array nor an object"),
        None => return scan.fault("the document is empty"),
    };
    match scan.skip_whitespace()? {
        None => Ok(Ok(found)),
        Some(_) => scan.fault("text after the document"),
    }
}

/// Bytes of elements read before they are checked, on all cores.
const BATCH: usize = 1 << 20;

/// Elements read, to be checked: their text back to back, and each one's
/// line, start and end.
#[derive(Default)]
struct Batch {
    buf: Vec<u8>,
    elements: Vec<(u64, usize, usize)>,
}

impl Batch {
    /// Reads elements until the batch is full or the array ends (`true`);
    /// a fault stops it.
    fn fill<R: BufRead>(&mut self, from: &mut Elements<R>) -> Step<bool> {
        self.buf.clear();
        self.elements.clear();
        while self.buf.len() < BATCH {
            let start = self.buf.len();
            match from.next_into(&mut self.buf)? {
                Ok(Some(line)) => self.elements.push((line, start, self.buf.len())),
                Ok(None) => return Ok(Ok(true)),
                Err(fault) => return Ok(Err(fault)),
            }
        }
        Ok(Ok(false))
    }

    /// The line of the first element that is not valid JSON, checked on
    /// all cores.
    fn first_invalid(&self) -> Option<u64> {
        use rayon::prelude::*;
        self.elements
            .par_iter()
            .position_first(|&(_, from, to)| !valid(&self.buf[from..to]))
            .map(|k| self.elements[k].0)
    }
}

/// Checks the array whose `[` is next; where it starts. Its elements are
/// read a batch at a time, each batch checked on all cores while the next
/// is read. The fault reported is the first in the document, as checking
/// one element at a time finds it.
fn check_array<R: BufRead + Send>(scan: &mut Scanner<R>) -> Step<ArrayAt> {
    let at = ArrayAt {
        offset: scan.pos,
        line: scan.line,
    };
    let mut elements = Elements::new(&mut scan.src, scan.line);
    let invalid = |line| Fault {
        line,
        what: "an element is not valid JSON",
    };
    let (mut checking, mut reading) = (Batch::default(), Batch::default());
    let result = loop {
        let (found, read) =
            rayon::join(|| checking.first_invalid(), || reading.fill(&mut elements));
        if let Some(line) = found {
            break Err(invalid(line));
        }
        match read? {
            Ok(false) => std::mem::swap(&mut checking, &mut reading),
            // The elements read before the end or the fault are checked
            // first.
            Ok(true) => break reading.first_invalid().map_or(Ok(at), |l| Err(invalid(l))),
            Err(fault) => break Err(reading.first_invalid().map_or(fault, invalid)),
        }
    };
    scan.pos += elements.scan.pos;
    scan.line = elements.scan.line;
    Ok(result)
}

/// Checks the object whose `{` is next; where its array of records is, if
/// it holds one.
fn check_object<R: BufRead + Send>(scan: &mut Scanner<R>) -> Step<Option<ArrayAt>> {
    scan.consume(1);
    let mut members = Members {
        scan: Scanner {
            src: &mut scan.src,
            pos: scan.pos,
            line: scan.line,
        },
        first: true,
    };
    let checked = check_members(&mut members);
    scan.pos = members.scan.pos;
    scan.line = members.scan.line;
    checked
}

fn check_members<R: BufRead + Send>(members: &mut Members<R>) -> Step<Option<ArrayAt>> {
    // The values under a key that may hold the records, in document
    // order: where each starts if it is an array.
    let mut named: Vec<(String, Option<ArrayAt>)> = Vec::new();
    let mut buf = Vec::new();
    loop {
        let key = match members.next_key()? {
            Ok(Some(key)) => key,
            Ok(None) => break,
            Err(fault) => return Ok(Err(fault)),
        };
        let at = if members.at_array()? {
            match check_array(&mut members.scan)? {
                Ok(at) => Some(at),
                Err(fault) => return Ok(Err(fault)),
            }
        } else {
            buf.clear();
            let line = members.line();
            if let Err(fault) = members.value_into(&mut buf)? {
                return Ok(Err(fault));
            }
            if !valid(&buf) {
                return Ok(Err(Fault {
                    line,
                    what: "a value is not valid JSON",
                }));
            }
            None
        };
        let key = canonical(&key);
        if ARRAY_KEYS.contains(&key.as_str()) {
            named.push((key, at));
        }
    }
    // As the whole load picks it: for each key in the order of
    // `ARRAY_KEYS`, its first value in the document, if that is an array.
    Ok(Ok(ARRAY_KEYS.iter().find_map(|want| {
        named
            .iter()
            .find(|(k, _)| k == want)
            .and_then(|(_, at)| *at)
    })))
}

/// An element read into a [`Chunks`] buffer: its line, and where it lies.
type Placed = (u64, (usize, usize));

/// The records of a JSON array read from a stream, a chunk at a time: the
/// records [`crate::load::json::load`] reads, in the same order, with the
/// same skips and warnings, from a document [`check`] has passed.
pub struct Chunks<R> {
    elements: Elements<R>,
    path: Arc<str>,
    buf: Vec<u8>,
}

impl<R: BufRead> Chunks<R> {
    /// The records of the array that starts at the start of `src`, on
    /// `line` of the document (see [`ArrayAt`]).
    pub fn new(src: R, path: Arc<str>, line: u64) -> Self {
        Chunks {
            elements: Elements::new(src, line),
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
        let (ends, more) = self.next_elements(max)?;
        let elements = self.elements(&ends)?;
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

    /// [`Chunks::read`] for the first pass of a streamed audit: the
    /// [`Brief`]s of the posts it would add, without building them.
    pub fn read_briefs(
        &mut self,
        max: usize,
        opts: &LoadOptions,
        out: &mut Vec<Brief>,
    ) -> anyhow::Result<bool> {
        let (ends, more) = self.next_elements(max)?;
        let elements = self.elements(&ends)?;
        out.extend(briefs_in_parts(&elements, &self.path, |text, source| {
            object_brief(text, &source, opts)
        }));
        Ok(more)
    }

    /// Reads up to `max` more elements into the buffer, each with its line
    /// and where it lies; false once the array has ended.
    fn next_elements(&mut self, max: usize) -> anyhow::Result<(Vec<Placed>, bool)> {
        self.buf.clear();
        let mut ends: Vec<Placed> = Vec::with_capacity(max.min(64 * 1024));
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
        Ok((ends, more))
    }

    /// The text of the elements `ends` marks in the buffer.
    fn elements(&self, ends: &[Placed]) -> anyhow::Result<Vec<(u64, &str)>> {
        let Ok(text) = std::str::from_utf8(&self.buf) else {
            anyhow::bail!(
                "{}: the file is not valid UTF-8 (it changed after it was checked)",
                self.path
            );
        };
        Ok(ends
            .iter()
            .map(|&(line, (from, to))| (line, &text[from..to]))
            .collect())
    }
}

/// What a streamed loader makes of `text` (`Some` with the records, skips,
/// warnings and owners when it streams), and what the whole load in
/// `format` does; a loader that does not stream must add nothing.
#[cfg(test)]
pub(crate) fn streamed_and_whole(
    text: &str,
    path: &str,
    format: crate::load::InputFormat,
    load_streamed: impl FnOnce(&[u8], &Arc<str>, &mut Dataset) -> std::io::Result<Streamed>,
) -> (Streamed, Option<String>, Result<String, String>) {
    let path: Arc<str> = path.into();
    let show = |d: &Dataset| {
        let owners: Vec<&str> = d.owners.iter().map(|o| o.handle.as_str()).collect();
        format!(
            "{:?}\n{:?}\n{:?}\n{owners:?}",
            d.posts, d.skipped, d.warnings
        )
    };
    let mut streamed = Dataset::default();
    let how = load_streamed(text.as_bytes(), &path, &mut streamed).unwrap();
    let mut whole = Dataset::default();
    let loaded = crate::load::load_as(
        format,
        text.as_bytes(),
        &path,
        &LoadOptions::default(),
        &mut whole,
    )
    .map(|()| show(&whole))
    .map_err(|e| e.to_string());
    if how == Streamed::Whole {
        assert!(streamed.posts.is_empty() && streamed.skipped.is_empty());
        assert!(streamed.warnings.is_empty() && streamed.owners.is_empty());
    }
    (
        how,
        (how == Streamed::Read).then(|| show(&streamed)),
        loaded,
    )
}

/// What the loaders that stream are tested for, with `both_ways` (see
/// [`streamed_and_whole`]).
#[cfg(test)]
pub(crate) mod stream_checks {
    use super::{BLOCK, Streamed};

    pub(crate) type BothWays = (Streamed, Option<String>, Result<String, String>);

    /// `varied` streams to what it reads whole, and so do arrays of
    /// `element(i)` over more than one block (the last one full, and not);
    /// each of `refused` is left to the whole load.
    pub(crate) fn streams_as_read_whole(
        both_ways: impl Fn(&str) -> BothWays,
        varied: &str,
        array_of: impl Fn(&str) -> String,
        element: impl Fn(usize) -> String,
        refused: &[&str],
    ) {
        let (how, streamed, whole) = both_ways(varied);
        assert_eq!(how, Streamed::Read);
        assert_eq!(streamed.unwrap(), whole.unwrap());
        for n in [BLOCK - 1, BLOCK, 2 * BLOCK + 1] {
            let items: Vec<String> = (0..n).map(&element).collect();
            let (how, streamed, whole) = both_ways(&array_of(&items.join(",\n")));
            assert_eq!(how, Streamed::Read);
            assert_eq!(streamed.unwrap(), whole.unwrap());
        }
        for text in refused {
            let (how, _, whole) = both_ways(text);
            assert_eq!(how, Streamed::Whole, "{text}: {whole:?}");
        }
    }

    /// The characters a property test puts into a file.
    pub(crate) fn inserted_chars() -> Vec<char> {
        vec![
            'x', ']', '[', '}', '{', ',', ':', ';', '"', '\\', '\n', ' ', '1', '\u{e9}', '\u{feff}',
        ]
    }

    /// `text` cut at `cut`, and with `c` put at `insert`, streams to what
    /// it reads whole, or is left to the whole load.
    pub(crate) fn cut_or_inserted_alike(
        both_ways: impl Fn(&str) -> BothWays,
        text: &str,
        (cut, insert, c): (usize, usize, char),
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let cut = cut % text.len();
        let cut_text: String = text
            .char_indices()
            .take_while(|&(i, _)| i < cut)
            .map(|(_, c)| c)
            .collect();
        let mut inserted = text.to_string();
        let at = (0..=insert % text.len())
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap();
        inserted.insert(at, c);
        for text in [cut_text, inserted] {
            let (how, streamed, whole) = both_ways(&text);
            if how == Streamed::Read {
                proptest::prop_assert_eq!(streamed, whole.ok(), "{:?}", text);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every element's line and text, or the fault, of the array at the
    /// start of `doc`.
    fn split(doc: &[u8]) -> Result<Vec<(u64, String)>, Fault> {
        let mut elements = Elements::new(doc, 1);
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
        let doc = b" \n[ {\"text\": \"a, [b] {c}\"} ,\n\n  {\"text\":\n \"q\\\"]\"}\r\n, [1, {\"x\": []}], \"s\\\\\" ,-1.5e3\n] what follows is not read";
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
    fn an_array_not_shaped_as_one_is_a_fault() {
        for (doc, line, what) in [
            (&b""[..], 1, "the document ends before the array"),
            (b"{\"posts\": []}", 1, "an array is not where it should be"),
            (b"[1,\n2", 2, "the document ends inside a value"),
            (b"[1,\n", 2, "the array is not closed"),
            (b"[1,]", 1, "an element is missing"),
            (b"[,1]", 1, "an element is missing"),
            (b"[1}]", 1, "a '}' closes nothing"),
            (b"[\"a]", 1, "the document ends inside a value"),
        ] {
            assert_eq!(
                split(doc),
                Err(Fault { line, what }),
                "{}",
                String::from_utf8_lossy(doc)
            );
        }
    }

    /// What [`check`] finds of `doc`.
    fn checked(doc: &[u8]) -> Result<ArrayAt, String> {
        check(doc, "t.json").unwrap()
    }

    /// The whole load's records array of `doc`: where it starts, or `None`
    /// when the whole load fails.
    fn whole(doc: &[u8]) -> Option<u64> {
        let text = std::str::from_utf8(doc).ok()?;
        let mut out = Dataset::default();
        crate::load::json::load(
            text.strip_prefix('\u{feff}').unwrap_or(text),
            &Arc::from("t.json"),
            &LoadOptions::default(),
            &mut out,
        )
        .ok()?;
        Some(out.posts.first().map_or(0, |p| p.source.line))
    }

    #[test]
    fn check_reports_the_first_fault_in_the_document() {
        let element = format!("{{\"text\": \"{}\"}}", "x".repeat(1000));
        let elements = vec![element.as_str(); 3 * BATCH / 1000];
        let valid = elements.join(",\n");
        for (doc, line, what) in [
            (
                format!("[{valid},\n1 2,\n3,]"),
                elements.len() + 1,
                "an element is not valid JSON",
            ),
            (
                format!("[{valid},\n3,]"),
                elements.len() + 1,
                "an element is missing",
            ),
            (
                format!("[1,\n1 2,\n{valid},]"),
                2,
                "an element is not valid JSON",
            ),
            (
                format!("[{valid},\ntru]"),
                elements.len() + 1,
                "an element is not valid JSON",
            ),
        ] {
            assert_eq!(
                checked(doc.as_bytes()),
                Err(format!("line {line}: {what}")),
                "{}",
                &doc[doc.len() - 20..]
            );
        }
        assert!(checked(format!("[{valid}]").as_bytes()).is_ok());
    }

    #[test]
    fn check_passes_what_the_whole_load_reads_and_finds_its_array() {
        for (doc, offset, line) in [
            (&b"[]"[..], 0, 1),
            (b"\xef\xbb\xbf \n[{\"text\": \"caf\xc3\xa9\"}, 1, null, \"s\", [[]]]\n", 5, 2),
            (b"{\"posts\": [{\"text\": \"x\"}]}", 10, 1),
            // The first key in the order of `ARRAY_KEYS`, whatever the
            // document's order, whose first value is an array; keys
            // compared as column names are.
            (
                b"{\"data\": [{\"text\": \"d\"}],\n \"Items\": [{\"text\": \"p\"}], \"items\": [], \"x\": {\"items\": [1]}}",
                9,
                1,
            ),
            (
                b"{\"data\": 1,\n \"Items\": [{\"text\": \"p\"}], \"items\": [], \"data\": [], \"x\": {\"items\": [1]}}",
                22,
                2,
            ),
            (b"{\"posts\": 5, \"data\": [{\"text\": \"d\"}], \"posts\": []}", 21, 1),
            (b"{\"meta\": {\"a\": [1, {\"b\": \"]}\"}]}, \"po\\u0073ts\": [\n{\"text\": \"e\"}]}", 48, 1),
        ] {
            let name = String::from_utf8_lossy(doc);
            assert_eq!(checked(doc), Ok(ArrayAt { offset, line }), "{name}");
            assert_eq!(doc[offset as usize], b'[', "{name}");
            // The whole load reads it, and its first record is on the line
            // the stream reads it on.
            let first = whole(doc).unwrap_or_else(|| panic!("{name}"));
            let mut elements = Elements::new(&doc[offset as usize..], line);
            let streamed = elements.next_into(&mut Vec::new()).unwrap().unwrap();
            assert_eq!(streamed.unwrap_or(0), first, "{name}");
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
            b"[[1}]",
            b"[1] []",
            b"[1,\n2",
            b"{}",
            b"{\"posts\": 1}",
            b"{\"items\": [1]",
            b"{\"items\": [1],}",
            b"{\"items\": [1] \"data\": []}",
            b"{\"items\" [1]}",
            b"{items: [1]}",
            b"{\"a\": tru, \"items\": [1]}",
            b"{\"a\": 1 2, \"items\": [1]}",
            b"{\"a\":, \"items\": [1]}",
            b"{\"a\": ], \"items\": [1]}",
            b"{\"items\": [1]} x",
            b"{\"it\xffms\": [1], \"items\": [1]}",
            b"1",
            b"",
        ] {
            let name = String::from_utf8_lossy(doc);
            assert!(whole(doc).is_none(), "{name}");
            assert!(checked(doc).is_err(), "{name}");
        }
    }
}
