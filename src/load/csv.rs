//! CSV exports (RFC 4180): quoted fields with embedded delimiters, quotes and
//! newlines, CRLF or LF line ends, an optional UTF-8 byte order mark. The
//! first row is the header. A `.tsv` file is read the same way with tabs.

use std::sync::Arc;

use anyhow::bail;
use rayon::prelude::*;

use crate::load::LoadOptions;
use crate::load::fields::{Field, RawRecord, build_post_from, resolve_columns};
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

    // At most one record a line: no reallocation of the records read.
    out.posts
        .reserve(bytes.iter().filter(|&&b| b == b'\n').count());
    // Each batch of records is read while the one before is built into
    // posts on the other core; batches are added in input order.
    let mut reading = Reading {
        reader,
        record: csv::ByteRecord::new(),
        bytes,
        path,
        width: columns.len(),
        found,
        rows: 0,
    };
    let mut batch = reading.next_batch()?;
    while !batch.items.is_empty() {
        let (next, outcomes) = rayon::join(|| reading.next_batch(), || batch.build(&columns));
        add(outcomes, out);
        batch = next?;
    }
    if reading.rows == 0 {
        out.warn(
            Source {
                path: path.clone(),
                line: 1,
            },
            "no records: the file has a header row and nothing after it",
        );
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
    path: &'a Arc<str>,
    /// Fields in the header.
    width: usize,
    /// Per [`Field`], its column.
    found: [Option<usize>; Field::COUNT],
    /// Rows read so far.
    rows: usize,
}

impl Reading<'_> {
    /// Reads up to [`BATCH`] records; an empty batch at the end.
    fn next_batch(&mut self) -> anyhow::Result<Batch> {
        let mut batch = Batch::default();
        while batch.items.len() < BATCH {
            let line = self.reader.position().line();
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => break,
                Ok(true) => self.rows += 1,
                Err(e) => {
                    // The csv crate stops at an I/O error; with in-memory
                    // input there is none, but say so rather than lose the rest.
                    bail!("{}:{line}: {e}", self.path);
                }
            }
            let record = &self.record;
            let start = record.position().map_or(line, |p| p.line());
            let source = Source {
                path: self.path.clone(),
                line: start,
            };
            let n = self.width;
            if let Some(reason) = shape_problem(self.bytes, record, &self.reader, (n, n), true) {
                batch.items.push(Item::Skip(source, reason));
                continue;
            }
            // The needed fields are copied into the batch's arena.
            let mut fields = [None; Field::COUNT];
            for field in Field::ALL {
                if let Some(i) = self.found[field as usize] {
                    let at = batch.arena.len();
                    batch.arena.extend_from_slice(&record[i]);
                    fields[field as usize] = Some((at, batch.arena.len(), i));
                }
            }
            batch.items.push(Item::Record {
                source,
                fields: Box::new(fields),
            });
        }
        Ok(batch)
    }
}

/// Records read but not yet built into posts, in input order.
#[derive(Default)]
struct Batch {
    /// The needed fields of every record, back to back.
    arena: Vec<u8>,
    items: Vec<Item>,
}

enum Item {
    Skip(Source, String),
    /// Per field, its bytes in the arena and its column.
    Record {
        source: Source,
        fields: Box<[Option<(usize, usize, usize)>; Field::COUNT]>,
    },
}

enum Outcome {
    Post(Post, Vec<String>),
    Skip(Source, String, Vec<String>),
}

impl Batch {
    /// Builds the batch's posts on all cores, in input order.
    fn build(self, columns: &[String]) -> Vec<Outcome> {
        let arena = &self.arena;
        self.items
            .into_par_iter()
            .with_min_len(512)
            .map(|item| match item {
                Item::Skip(source, reason) => Outcome::Skip(source, reason, Vec::new()),
                Item::Record { source, fields } => build(arena, columns, source, &fields),
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

/// One record's post, or why it is skipped.
fn build(
    arena: &[u8],
    columns: &[String],
    source: Source,
    fields: &[Option<(usize, usize, usize)>; Field::COUNT],
) -> Outcome {
    let mut raw = RawRecord::default();
    for field in Field::ALL {
        if let Some((start, end, column)) = fields[field as usize] {
            match std::str::from_utf8(&arena[start..end]) {
                Ok(v) => raw.set(field, v.to_string()),
                Err(_) => {
                    let reason = format!("column {:?} is not valid UTF-8", columns[column]);
                    return Outcome::Skip(source, reason, Vec::new());
                }
            }
        }
    }
    let mut warnings = Vec::new();
    match build_post_from(raw, source.clone(), &mut |w| warnings.push(w)) {
        Ok(post) => Outcome::Post(post, warnings),
        Err(reason) => Outcome::Skip(source, reason, warnings),
    }
}

/// Why a record cannot be read: a quote never closed, or a number of
/// fields outside `least..=most` (with the lines it spans when a quote left
/// open made it swallow the following ones).
fn shape_problem(
    bytes: &[u8],
    record: &csv::ByteRecord,
    reader: &csv::Reader<&[u8]>,
    (least, most): (usize, usize),
    header: bool,
) -> Option<String> {
    if let Some(lines) = unclosed_quote(bytes, record, reader) {
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
    let start = record.position().map_or(0, |p| p.line());
    let end = reader.position().line().saturating_sub(1).max(start);
    if end > start + 1 {
        reason.push_str(&format!(
            " (the record runs from line {start} to {end}: is a quote left open?)"
        ));
    }
    Some(reason)
}

/// A quote left open swallows the rest of the file into one last record.
/// For that last record, an odd number of `"` means a quote never closed;
/// returns how many lines it swallowed.
fn unclosed_quote(
    bytes: &[u8],
    record: &csv::ByteRecord,
    reader: &csv::Reader<&[u8]>,
) -> Option<u64> {
    let start = record.position()?.byte() as usize;
    let end = reader.position().byte() as usize;
    if end < bytes.len() || start >= end {
        return None;
    }
    let raw = &bytes[start..end];
    let quotes = raw.iter().filter(|&&b| b == b'"').count();
    (quotes % 2 == 1).then(|| raw.iter().filter(|&&b| b == b'\n').count() as u64)
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
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => bail!("{path}:{line}: {e}"),
        }
        let start = record.position().map_or(line, |p| p.line());
        let source = Source {
            path: path.clone(),
            line: start,
        };
        if let Some(reason) = shape_problem(bytes, &record, &reader, (least, most), ro.header) {
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
