//! CSV exports (RFC 4180): quoted fields with embedded delimiters, quotes and
//! newlines, CRLF or LF line ends, an optional UTF-8 byte order mark. The
//! first row is the header. A `.tsv` file is read the same way with tabs.

use std::cell::RefCell;
use std::io::Read;
use std::rc::Rc;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::load::LoadOptions;
use crate::load::fields::{Brief, Field, brief_borrowed, build_post_borrowed, resolve_columns};
use crate::model::{Dataset, Post, Source};

pub fn load(
    bytes: &[u8],
    path: &Arc<str>,
    delimiter: u8,
    opts: &LoadOptions,
    out: &mut Dataset,
) -> anyhow::Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let (columns, found) = read_header(&mut reader, path, opts)?;

    // At most one record a line: no reallocation of the records read.
    out.posts.reserve(memchr::memchr_iter(b'\n', bytes).count());
    // Each batch of records is read while the one before is built into
    // posts on the other core; batches are added in input order, each by
    // the reading side while the next one is built (adding moves a
    // million posts: done apart, it kept the other core idle).
    let wanted = wanted_fields(&found);
    let mut reading = Reading {
        reader,
        record: csv::ByteRecord::new(),
        bytes,
        lines: LineCount::of(bytes),
        path,
        width: columns.len(),
        wanted: &wanted,
        rows: 0,
        arena_hint: 0,
    };
    let mut batch = reading.next_batch()?;
    let mut built = Vec::new();
    while !batch.items.is_empty() {
        let (next, outcomes) = rayon::join(
            || {
                add(std::mem::take(&mut built), out);
                reading.next_batch()
            },
            || batch.build(&columns, &wanted),
        );
        built = outcomes;
        batch = next?;
    }
    add(built, out);
    if reading.rows == 0 {
        warn_no_rows(path, out);
    }
    Ok(())
}

/// Records per batch: enough to share out among cores, few enough to keep
/// the copied fields small.
const BATCH: usize = 16 * 1024;

/// The reader and what it needs to turn rows into batch items.
struct Reading<'a> {
    reader: csv::Reader<&'a [u8]>,
    record: csv::ByteRecord,
    bytes: &'a [u8],
    lines: LineCount,
    path: &'a Arc<str>,
    /// Fields in the header.
    width: usize,
    /// The fields found in the header with their columns, in the order of
    /// [`Field::ALL`].
    wanted: &'a [(Field, usize)],
    /// Rows read so far.
    rows: usize,
    /// The arena size of the batch before, to size the next one.
    arena_hint: usize,
}

impl Reading<'_> {
    /// Reads up to [`BATCH`] records; an empty batch at the end.
    fn next_batch(&mut self) -> anyhow::Result<Batch> {
        let mut batch = Batch::new(BATCH, self.wanted.len(), self.arena_hint);
        while batch.items.len() < BATCH {
            let at = self.reader.position().clone();
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => break,
                Ok(true) => self.rows += 1,
                Err(e) => {
                    // The csv crate stops at an I/O error; with in-memory
                    // input there is none, but say so rather than lose the rest.
                    let line = self.lines.start(&at, &self.bytes[at.byte() as usize..]);
                    bail!("{}:{line}: {e}", self.path);
                }
            }
            let tail = tail_of(self.bytes, &self.record, &self.reader);
            let from = |p: &csv::Position| &self.bytes[p.byte() as usize..];
            let p = self.record.position().unwrap_or(&at);
            let start = self.lines.start(p, from(p));
            let p = self.reader.position();
            let end = self
                .lines
                .after(p, &self.bytes[p.byte().saturating_sub(1) as usize..]);
            let shape = (self.width, self.wanted);
            batch.push(&self.record, (self.path, start..end), tail, shape);
        }
        self.arena_hint = batch.arena.len();
        Ok(batch)
    }
}

/// Records read but not yet built into posts, in input order.
struct Batch {
    /// The fields of every record, back to back.
    arena: Vec<u8>,
    /// Where each needed field of each record lies in the arena: one entry
    /// per field of [`Reading::wanted`], record after record.
    spans: Vec<(usize, usize)>,
    items: Vec<Item>,
}

enum Item {
    Skip(Source, String),
    /// A record whose fields are `arena[start..end]`, its needed fields
    /// where `spans[spans..]` says.
    Record {
        source: Source,
        start: usize,
        end: usize,
        spans: usize,
    },
}

enum Outcome {
    Post(Post, Vec<String>),
    Skip(Source, String, Vec<String>),
}

impl Batch {
    /// Room for `records` records of `fields` needed fields, and an arena
    /// of about `arena` bytes.
    fn new(records: usize, fields: usize, arena: usize) -> Batch {
        Batch {
            arena: Vec::with_capacity(arena + arena / 8),
            spans: Vec::with_capacity(records * fields),
            items: Vec::with_capacity(records),
        }
    }

    /// Adds the record just read (`lines`: from its first line to the
    /// reader's line after it; `tail`: its raw bytes when it runs to the
    /// end of the input), or why it is skipped when its shape is wrong.
    fn push(
        &mut self,
        record: &csv::ByteRecord,
        (path, lines): (&Arc<str>, std::ops::Range<u64>),
        tail: Option<&[u8]>,
        (width, wanted): (usize, &[(Field, usize)]),
    ) {
        let source = Source {
            path: path.clone(),
            line: lines.start,
        };
        if let Some(reason) = shape_problem(tail, record, lines, (width, width), true) {
            self.items.push(Item::Skip(source, reason));
            return;
        }
        // The record's fields are copied into the arena in one go (all of
        // them: copying is cheap beside parsing), and where each needed one
        // lies noted.
        let start = self.arena.len();
        self.arena.extend_from_slice(record.as_slice());
        self.items.push(Item::Record {
            source,
            start,
            end: self.arena.len(),
            spans: self.spans.len(),
        });
        for &(_, i) in wanted {
            let r = record
                .range(i)
                .expect("a well-formed record has every column");
            self.spans.push((start + r.start, start + r.end));
        }
    }

    /// Builds the batch's posts on all cores, in input order.
    fn build(self, columns: &[String], wanted: &[(Field, usize)]) -> Vec<Outcome> {
        let (arena, spans) = (&self.arena, &self.spans);
        self.items
            .into_par_iter()
            .with_min_len(512)
            .map(|item| match item {
                Item::Skip(source, reason) => Outcome::Skip(source, reason, Vec::new()),
                Item::Record {
                    source,
                    start,
                    end,
                    spans: at,
                } => {
                    let spans = &spans[at..at + wanted.len()];
                    build(arena, columns, wanted, source, start..end, spans)
                }
            })
            .collect()
    }

    /// The [`Brief`]s of the posts [`Batch::build`] would build, on all
    /// cores, in input order.
    fn briefs(self, wanted: &[(Field, usize)]) -> Vec<Brief> {
        let (arena, spans) = (&self.arena, &self.spans);
        self.items
            .into_par_iter()
            .with_min_len(512)
            .filter_map(|item| match item {
                Item::Skip(..) => None,
                Item::Record {
                    source,
                    start,
                    end,
                    spans: at,
                } => {
                    let spans = &spans[at..at + wanted.len()];
                    let values = record_values(arena, start..end, wanted, spans).ok()?;
                    brief_borrowed(&values, &source)
                }
            })
            .collect()
    }
}

/// Adds built posts, their skips and warnings to `out`, in order.
fn add(outcomes: Vec<Outcome>, out: &mut Dataset) {
    for outcome in outcomes {
        match outcome {
            Outcome::Post(post, warnings) => {
                let source = (!warnings.is_empty()).then(|| post.source.clone());
                out.posts.push(post);
                for w in warnings {
                    out.warn(source.clone().expect("a source for warnings"), w);
                }
            }
            Outcome::Skip(source, reason, warnings) => {
                for w in warnings {
                    out.warn(source.clone(), w);
                }
                out.skip(source, reason);
            }
        }
    }
}

/// One record's post, or why it is skipped: its fields are
/// `arena[record]`, those of `wanted` where `spans` says.
fn build(
    arena: &[u8],
    columns: &[String],
    wanted: &[(Field, usize)],
    source: Source,
    record: std::ops::Range<usize>,
    spans: &[(usize, usize)],
) -> Outcome {
    let values = match record_values(arena, record, wanted, spans) {
        Ok(values) => values,
        Err(column) => {
            let reason = format!("column {:?} is not valid UTF-8", columns[column]);
            return Outcome::Skip(source, reason, Vec::new());
        }
    };
    let mut warnings = Vec::new();
    match build_post_borrowed(&values, source, &mut |w| warnings.push(w)) {
        Ok(post) => Outcome::Post(post, warnings),
        Err((source, reason)) => Outcome::Skip(source, reason, warnings),
    }
}

/// The needed fields of a record as text, by field: the fields of `wanted`
/// are where `spans` says, within `arena[record]`. `Err` is the column of
/// the first of them (in the order of `wanted`) that is not valid UTF-8.
///
/// The record is checked as UTF-8 in one go; a field is then valid when it
/// starts and ends on a character boundary. Otherwise each needed field is
/// checked on its own (another column may be the invalid one, and it does
/// not matter).
// Inlined into both callers: called out of line, returning the array of
// values cost about 50 instructions a record.
#[inline(always)]
fn record_values<'a>(
    arena: &'a [u8],
    record: std::ops::Range<usize>,
    wanted: &[(Field, usize)],
    spans: &[(usize, usize)],
) -> Result<[Option<&'a str>; Field::COUNT], usize> {
    let start = record.start;
    let whole = std::str::from_utf8(&arena[record]).ok();
    let mut values: [Option<&str>; Field::COUNT] = [None; Field::COUNT];
    for (&(field, column), &(from, to)) in wanted.iter().zip(spans) {
        let value = match whole.and_then(|w| w.get(from - start..to - start)) {
            Some(v) => v,
            None => std::str::from_utf8(&arena[from..to]).map_err(|_| column)?,
        };
        values[field as usize] = Some(value);
    }
    Ok(values)
}

/// The header row: the column names and where each field is.
fn read_header<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    path: &Arc<str>,
    opts: &LoadOptions,
) -> anyhow::Result<(Vec<String>, Found)> {
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => bail!("{path}: cannot read the CSV header: {e}"),
    };
    if headers.is_empty() {
        bail!("{path}: the file is empty (expected a CSV header row)");
    }
    let columns: Vec<String> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| match std::str::from_utf8(h) {
            Ok(s) => Ok(s.trim().to_string()),
            Err(_) => bail!(
                "{path}:1: column {} of the header is not valid UTF-8",
                i + 1
            ),
        })
        .collect::<anyhow::Result<_>>()?;
    let found =
        resolve_columns(&columns, &opts.columns).map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    if found[Field::Text as usize].is_none() {
        bail!(
            "{path}: no text column found (columns: {}); name it with --column text=NAME",
            columns.join(", ")
        );
    }
    Ok((columns, found))
}

/// Where each field's column is.
type Found = [Option<usize>; Field::COUNT];

/// The fields found in the header with their columns, in the order of
/// [`Field::ALL`].
fn wanted_fields(found: &Found) -> Vec<(Field, usize)> {
    Field::ALL
        .into_iter()
        .filter_map(|field| Some((field, found[field as usize]?)))
        .collect()
}

fn warn_no_rows(path: &Arc<str>, out: &mut Dataset) {
    out.warn(
        Source {
            path: path.clone(),
            line: 1,
        },
        "no records: the file has a header row and nothing after it",
    );
}

/// The raw bytes of the record just read when it runs to the end of
/// `bytes`: a quote left open swallows the rest of the file into it.
fn tail_of<'a>(
    bytes: &'a [u8],
    record: &csv::ByteRecord,
    reader: &csv::Reader<&[u8]>,
) -> Option<&'a [u8]> {
    let start = record.position()?.byte() as usize;
    let end = reader.position().byte() as usize;
    (end >= bytes.len() && start < end).then(|| &bytes[start..end])
}

/// Why a record cannot be read: a quote never closed, or a number of
/// fields outside `least..=most` (with the lines it spans when a quote left
/// open made it swallow the following ones). `tail` is the record's raw
/// bytes when it runs to the end of the input; `lines` run from its first
/// line to the reader's line after it.
fn shape_problem(
    tail: Option<&[u8]>,
    record: &csv::ByteRecord,
    lines: std::ops::Range<u64>,
    (least, most): (usize, usize),
    header: bool,
) -> Option<String> {
    if let Some(lines) = tail.and_then(unclosed_quote) {
        return Some(format!(
            "a quote opened in this record is never closed: the remaining {lines} line(s) of the file were read into it"
        ));
    }
    if (least..=most).contains(&record.len()) {
        return None;
    }
    let expected = if least == most {
        format!("{least}")
    } else {
        format!("{least} to {most}")
    };
    let what = if header { " as in the header" } else { "" };
    let mut reason = format!("expected {expected} fields{what}, found {}", record.len());
    let start = lines.start;
    let end = lines.end.saturating_sub(1).max(start);
    if end > start + 1 {
        reason.push_str(&format!(
            " (the record runs from line {start} to {end}: is a quote left open?)"
        ));
    }
    Some(reason)
}

/// A quote left open swallows the rest of the file into one last record.
/// For that last record (`raw`, its bytes), an odd number of `"` means a
/// quote never closed; returns how many lines it swallowed.
fn unclosed_quote(raw: &[u8]) -> Option<u64> {
    let quotes = raw.iter().filter(|&&b| b == b'"').count();
    (quotes % 2 == 1).then(|| raw.iter().filter(|&&b| b == b'\n').count() as u64)
}

/// Line numbers as an editor shows them, from the csv crate's positions.
///
/// The csv crate ends a record at `\n`, `\r\n` or a lone `\r` (exports
/// saved as "CSV (Macintosh)" end every line with `\r` alone), but counts
/// lines by `\n` only, so every lone `\r` before a place adds a line to its
/// count. And a record's position is where the reader stood before it: at
/// the `\n` of the `\r\n` that ended the record before, or at blank lines;
/// the record starts after them.
#[derive(Default)]
struct LineCount {
    /// The offsets of the lone `\r` bytes found and not forgotten, in order.
    at: Vec<u64>,
    /// Lone `\r` bytes before `at[0]`, forgotten.
    forgotten: u64,
    /// The offset of a `\r` that ended the bytes found so far: lone unless
    /// the next byte is `\n`.
    pending: Option<u64>,
}

impl LineCount {
    /// The lone `\r` bytes of a whole input.
    fn of(bytes: &[u8]) -> LineCount {
        let mut lone = LineCount::default();
        lone.add(bytes, 0);
        lone.end();
        lone
    }

    /// Finds the lone `\r` bytes of the next bytes of the input, `more`,
    /// which start at offset `base`.
    fn add(&mut self, more: &[u8], base: u64) {
        if let Some(cr) = self.pending.take() {
            match more.first() {
                None => {
                    self.pending = Some(cr);
                    return;
                }
                Some(b'\n') => {}
                Some(_) => self.at.push(cr),
            }
        }
        for i in memchr::memchr_iter(b'\r', more) {
            match more.get(i + 1) {
                Some(b'\n') => {}
                Some(_) => self.at.push(base + i as u64),
                None => self.pending = Some(base + i as u64),
            }
        }
    }

    /// The input has ended: a `\r` at its end is lone.
    fn end(&mut self) {
        self.at.extend(self.pending.take());
    }

    /// Forgets the lone `\r` bytes before offset `to`, counting them.
    fn forget_before(&mut self, to: u64) {
        let n = self.at.partition_point(|&o| o < to);
        self.forgotten += n as u64;
        self.at.drain(..n);
    }

    /// The line of offset `byte`, where the csv crate counts `line`.
    fn line_at(&self, line: u64, byte: u64) -> u64 {
        if self.forgotten == 0 && self.at.is_empty() {
            return line;
        }
        line + self.forgotten + self.at.partition_point(|&o| o < byte) as u64
    }

    /// The line a record starts on, when the reader stood at `p` before
    /// it; `from_p` holds the input's bytes from there on (those read).
    fn start(&self, p: &csv::Position, from_p: &[u8]) -> u64 {
        let breaks = from_p
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        let newlines = from_p[..breaks].iter().filter(|&&b| b == b'\n').count();
        self.line_at(p.line() + newlines as u64, p.byte() + breaks as u64)
    }

    /// The line after a record, when the reader stands at `p` after it:
    /// past the `\n` of a `\r\n` that ended it. `around_p` holds the
    /// input's bytes from the one before `p` on (those read).
    fn after(&self, p: &csv::Position, around_p: &[u8]) -> u64 {
        let crlf = p.byte() > 0 && around_p.starts_with(b"\r\n");
        let newline = u64::from(crlf);
        self.line_at(p.line() + newline, p.byte() + newline)
    }
}

/// A CSV or TSV export read from a stream, a chunk of records at a time:
/// the records [`load`] reads, in the same order, with the same skips and
/// warnings, holding only the record being read (and the raw bytes since
/// its start, to tell a quote left open at the end of the input).
pub(crate) struct Rows<R: Read> {
    reader: csv::Reader<Tee<R>>,
    kept: Rc<RefCell<Kept>>,
    path: Arc<str>,
    columns: Vec<String>,
    /// The fields found in the header with their columns, in the order of
    /// [`Field::ALL`].
    wanted: Vec<(Field, usize)>,
    record: csv::ByteRecord,
    rows: usize,
    /// The arena size of the chunk before, to size the next one.
    arena_hint: usize,
}

impl<R: Read> Rows<R> {
    /// Reads the header row; errors as [`load`].
    pub fn new(src: R, path: Arc<str>, delimiter: u8, opts: &LoadOptions) -> anyhow::Result<Self> {
        let kept = Rc::new(RefCell::new(Kept::default()));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(Tee {
                inner: src,
                kept: Rc::clone(&kept),
            });
        let (columns, found) = read_header(&mut reader, &path, opts)?;
        Ok(Rows {
            reader,
            kept,
            path,
            columns,
            wanted: wanted_fields(&found),
            record: csv::ByteRecord::new(),
            rows: 0,
            arena_hint: 0,
        })
    }

    /// Reads records into `out` until it has `max` more (audited or
    /// skipped) or the input ends; false once it has ended. The records
    /// are read, then built into posts on all cores, as [`load`] does.
    pub fn read(&mut self, max: usize, out: &mut Dataset) -> anyhow::Result<bool> {
        let (batch, more) = self.next_batch(max)?;
        add(batch.build(&self.columns, &self.wanted), out);
        if !more && self.rows == 0 {
            warn_no_rows(&self.path, out);
        }
        Ok(more)
    }

    /// [`Rows::read`] for the first pass of a streamed audit: the
    /// [`Brief`]s of the posts it would add to `out`, without building
    /// them (the records it would skip, and the warnings, are left out).
    pub fn read_briefs(&mut self, max: usize, out: &mut Vec<Brief>) -> anyhow::Result<bool> {
        let (batch, more) = self.next_batch(max)?;
        out.append(&mut batch.briefs(&self.wanted));
        Ok(more)
    }

    /// Reads up to `max` records; false once the input has ended.
    fn next_batch(&mut self, max: usize) -> anyhow::Result<(Batch, bool)> {
        let mut batch = Batch::new(max.min(BATCH), self.wanted.len(), self.arena_hint);
        let mut more = true;
        while batch.items.len() < max {
            let at = self.reader.position().clone();
            self.kept.borrow_mut().forget_before(at.byte());
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => {
                    more = false;
                    break;
                }
                Ok(true) => self.rows += 1,
                Err(e) => {
                    let kept = self.kept.borrow();
                    let line = kept.lone.start(&at, kept.from(at.byte()));
                    bail!("{}:{line}: {e}", self.path)
                }
            }
            let end_byte = self.reader.position().byte();
            let at_end = self
                .reader
                .get_mut()
                .ends_at(end_byte)
                .with_context(|| format!("{}: cannot read the file", self.path))?;
            let kept = self.kept.borrow();
            let tail = match self.record.position() {
                Some(p) if at_end && p.byte() < end_byte => Some(kept.slice(p.byte(), end_byte)),
                _ => None,
            };
            let p = self.record.position().unwrap_or(&at);
            let start = kept.lone.start(p, kept.from(p.byte()));
            let p = self.reader.position();
            let end = kept.lone.after(p, kept.from(p.byte().saturating_sub(1)));
            let shape = (self.columns.len(), self.wanted.as_slice());
            batch.push(&self.record, (&self.path, start..end), tail, shape);
        }
        self.arena_hint = batch.arena.len();
        Ok((batch, more))
    }
}

/// The bytes a [`Tee`] has read, from `base` (the start of the record being
/// read, give or take a megabyte) on.
#[derive(Default)]
struct Kept {
    /// The input offset of `bytes[0]`.
    base: u64,
    bytes: Vec<u8>,
    /// How much of `bytes` was handed to the CSV reader.
    given: usize,
    /// The input has ended.
    ended: bool,
    /// The lone `\r` bytes read, for line numbers.
    lone: LineCount,
}

impl Kept {
    fn forget_before(&mut self, at: u64) {
        let drop = (at - self.base) as usize;
        if drop >= 1 << 20 {
            self.bytes.drain(..drop);
            self.given -= drop;
            self.base = at;
            self.lone.forget_before(at);
        }
    }

    /// Keeps bytes just read; none when the input has ended.
    fn append(&mut self, more: &[u8]) {
        let at = self.base + self.bytes.len() as u64;
        self.lone.add(more, at);
        if self.ended {
            self.lone.end();
        }
        self.bytes.extend_from_slice(more);
    }

    /// The bytes kept from offset `at` on.
    fn from(&self, at: u64) -> &[u8] {
        &self.bytes[(at.max(self.base) - self.base) as usize..]
    }

    fn slice(&self, from: u64, to: u64) -> &[u8] {
        &self.bytes[(from - self.base) as usize..(to - self.base) as usize]
    }
}

/// A reader that keeps what it reads (see [`Kept`]).
struct Tee<R> {
    inner: R,
    kept: Rc<RefCell<Kept>>,
}

impl<R: Read> Tee<R> {
    /// True when the input ends at offset `at`: reads ahead (kept for the
    /// CSV reader) when everything read so far ends there.
    fn ends_at(&mut self, at: u64) -> std::io::Result<bool> {
        let mut k = self.kept.borrow_mut();
        // Called for every record: the buffer is only made (and zeroed)
        // when the record ends at the end of what was read.
        while !k.ended && at >= k.base + k.bytes.len() as u64 {
            let mut more = [0u8; 8192];
            let n = self.inner.read(&mut more)?;
            k.ended = n == 0;
            k.append(&more[..n]);
        }
        Ok(k.ended && at == k.base + k.bytes.len() as u64)
    }
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut k = self.kept.borrow_mut();
        if k.given == k.bytes.len() && !k.ended {
            let n = self.inner.read(buf)?;
            k.ended = n == 0 && !buf.is_empty();
            k.append(&buf[..n]);
            k.given += n;
            return Ok(n);
        }
        let n = buf.len().min(k.bytes.len() - k.given);
        buf[..n].copy_from_slice(&k.bytes[k.given..k.given + n]);
        k.given += n;
        Ok(n)
    }
}

/// How [`read_rows`] reads a table.
pub(crate) struct RowOptions {
    /// True when the first record names the columns.
    pub header: bool,
    /// Without a header, how many fields a record may have (least, most).
    pub fields: (usize, usize),
    /// A character that escapes a quote inside a quoted field (`\"`), as
    /// some exports write instead of doubling it; `""` still works.
    pub escape: Option<u8>,
}

/// Reads a comma-separated table for a loader that maps its own columns:
/// returns the header (empty without one) and hands every well-formed
/// record, as UTF-8 fields, to `row`. Records with a quote never closed,
/// the wrong number of fields or invalid UTF-8 are skipped with the reason,
/// as [`load`] does.
pub(crate) fn read_rows(
    bytes: &[u8],
    path: &Arc<str>,
    ro: &RowOptions,
    out: &mut Dataset,
    mut row: impl FnMut(Source, Vec<String>, &mut Dataset),
) -> anyhow::Result<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(ro.header)
        .escape(ro.escape)
        .flexible(true)
        .from_reader(bytes);
    let mut columns = Vec::new();
    let (least, most) = if ro.header {
        let headers = match reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => bail!("{path}: cannot read the CSV header: {e}"),
        };
        for (i, h) in headers.iter().enumerate() {
            match std::str::from_utf8(h) {
                Ok(s) => columns.push(s.trim().trim_start_matches('\u{feff}').to_string()),
                Err(_) => bail!(
                    "{path}:1: column {} of the header is not valid UTF-8",
                    i + 1
                ),
            }
        }
        (columns.len(), columns.len())
    } else {
        ro.fields
    };
    let mut record = csv::ByteRecord::new();
    let lines = LineCount::of(bytes);
    loop {
        let at = reader.position().clone();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = lines.start(&at, &bytes[at.byte() as usize..]);
                bail!("{path}:{line}: {e}")
            }
        }
        let from = |p: &csv::Position| &bytes[p.byte() as usize..];
        let p = record.position().unwrap_or(&at);
        let start = lines.start(p, from(p));
        let source = Source {
            path: path.clone(),
            line: start,
        };
        let tail = tail_of(bytes, &record, &reader);
        let p = reader.position();
        let end = lines.after(p, &bytes[p.byte().saturating_sub(1) as usize..]);
        if let Some(reason) = shape_problem(tail, &record, start..end, (least, most), ro.header) {
            out.skip(source, reason);
            continue;
        }
        let mut fields = Vec::with_capacity(record.len());
        for f in record.iter() {
            match std::str::from_utf8(f) {
                Ok(v) => fields.push(v.to_string()),
                Err(_) => break,
            }
        }
        if fields.len() < record.len() {
            let i = fields.len();
            let name = columns
                .get(i)
                .map_or_else(|| format!("{}", i + 1), |c| format!("{c:?}"));
            out.skip(source, format!("column {name} is not valid UTF-8"));
            continue;
        }
        row(source, fields, out);
    }
    Ok(columns)
}

/// The first record of a CSV text, for recognising a format by its header
/// (or, without one, by its first row).
pub(crate) fn first_record(start: &[u8]) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(start);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => record
            .iter()
            .map(|f| {
                String::from_utf8_lossy(f)
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_string()
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_carriage_returns_are_found_across_reads() {
        let text = b"a\rb\r\nc\r\r\nd\n\re\r";
        let whole = LineCount::of(text);
        assert_eq!(whole.at, [1, 6, 11, 13]);
        // Read in two pieces, split at every place (a `\r\n` split in two
        // among them), and with an empty read between.
        for split in 0..=text.len() {
            let mut pieces = LineCount::default();
            pieces.add(&text[..split], 0);
            pieces.add(b"", split as u64);
            pieces.add(&text[split..], split as u64);
            pieces.end();
            assert_eq!(pieces.at, whole.at, "split at {split}");
        }
    }

    /// [`record_values`] as first written: each field checked on its own.
    fn record_values_reference<'a>(
        arena: &'a [u8],
        wanted: &[(Field, usize)],
        spans: &[(usize, usize)],
    ) -> Result<[Option<&'a str>; Field::COUNT], usize> {
        let mut values: [Option<&str>; Field::COUNT] = [None; Field::COUNT];
        for (&(field, column), &(from, to)) in wanted.iter().zip(spans) {
            values[field as usize] =
                Some(std::str::from_utf8(&arena[from..to]).map_err(|_| column)?);
        }
        Ok(values)
    }

    proptest::proptest! {
        /// Whatever bytes the columns hold (split characters, stray
        /// continuation bytes, valid text), the one-go check reads the
        /// same values, or names the same column, as the reference.
        #[test]
        fn record_values_match_the_reference(
            columns in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![b'a', b' ', 0xC3, 0xA9, 0x80, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0xFF]),
                    0..6,
                ),
                1..7,
            ),
            text in "\\PC{0,6}",
            skip_first: bool,
        ) {
            let mut columns = columns;
            columns.push(text.into_bytes());
            let mut arena = b"xyz".to_vec();
            let start = arena.len();
            let mut bounds = Vec::new();
            for c in &columns {
                let from = arena.len();
                arena.extend_from_slice(c);
                bounds.push((from, arena.len()));
            }
            let record = start..arena.len();
            // Some columns needed, in another order than the record's.
            let wanted: Vec<(Field, usize)> = Field::ALL
                .into_iter()
                .zip((0..columns.len()).rev())
                .skip(usize::from(skip_first))
                .collect();
            let spans: Vec<(usize, usize)> = wanted.iter().map(|&(_, i)| bounds[i]).collect();
            proptest::prop_assert_eq!(
                record_values(&arena, record, &wanted, &spans),
                record_values_reference(&arena, &wanted, &spans)
            );
        }
    }

    #[test]
    fn a_character_split_across_columns_is_invalid() {
        // `1\xC3` then `\xA9bob`: together a valid `é`, each invalid.
        let out = load_all(b"id,author,text\n1\xC3,\xA9bob,hello\n2,ann,hi\n");
        assert_eq!(out.posts.len(), 1);
        assert_eq!(out.skipped[0].reason, "column \"id\" is not valid UTF-8");
    }

    #[test]
    fn invalid_text_in_a_column_not_read_does_not_matter() {
        let out = load_all(b"id,extra,text\n1,\xFF,hello\n");
        assert_eq!(out.posts.len(), 1);
        assert_eq!(out.posts[0].text, "hello");
    }

    /// The records of a CSV export as `t.csv`.
    fn load_all(bytes: &[u8]) -> Dataset {
        let mut out = Dataset::default();
        load(
            bytes,
            &"t.csv".into(),
            b',',
            &LoadOptions::default(),
            &mut out,
        )
        .unwrap();
        out
    }
}
