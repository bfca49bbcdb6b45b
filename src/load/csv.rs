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
    // posts, on all cores; batches are added in input order.
    let mut reading = Reading {
        reader,
        record: csv::ByteRecord::new(),
        bytes,
        path,
        columns: &columns,
        found,
        rows: 0,
    };
    let mut batch = reading.next_batch()?;
    while !batch.items.is_empty() {
        let (next, outcomes) = rayon::join(|| reading.next_batch(), || batch.build(&columns));
        add(outcomes, out);
        batch = next?;
    }
    let rows = reading.rows;
    if rows == 0 {
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

/// The reader and what it needs to turn rows into batch items.
struct Reading<'a> {
    reader: csv::Reader<&'a [u8]>,
    record: csv::ByteRecord,
    bytes: &'a [u8],
    path: &'a Arc<str>,
    columns: &'a [String],
    found: [Option<usize>; 6],
    /// Rows read so far.
    rows: usize,
}

impl Reading<'_> {
    /// Reads up to [`BATCH`] records; an empty batch at the end.
    fn next_batch(&mut self) -> anyhow::Result<Batch> {
        let Reading {
            reader,
            record,
            bytes,
            path,
            columns,
            found,
            rows,
        } = self;
        let mut batch = Batch::default();
        while batch.items.len() < BATCH {
            let line = reader.position().line();
            match reader.read_byte_record(record) {
                Ok(false) => break,
                Ok(true) => *rows += 1,
                Err(e) => {
                    // The csv crate stops at an I/O error; with in-memory
                    // input there is none, but say so rather than lose the rest.
                    bail!("{path}:{line}: {e}");
                }
            }
            let start = record.position().map_or(line, |p| p.line());
            let source = Source {
                path: Arc::clone(path),
                line: start,
            };
            if let Some(lines) = unclosed_quote(bytes, record, reader) {
                batch.items.push(Item::Skip(
                    source,
                    format!("a quote opened in this record is never closed: the remaining {lines} line(s) of the file were read into it"),
                ));
                continue;
            }
            if record.len() != columns.len() {
                let end = reader.position().line().saturating_sub(1).max(start);
                let mut reason = format!(
                    "expected {} fields as in the header, found {}",
                    columns.len(),
                    record.len()
                );
                if end > start + 1 {
                    reason.push_str(&format!(
                        " (the record runs from line {start} to {end}: is a quote left open?)"
                    ));
                }
                batch.items.push(Item::Skip(source, reason));
                continue;
            }
            // The needed fields are copied into the batch.
            let mut fields = [None; 6];
            for field in Field::ALL {
                if let Some(i) = found[field as usize] {
                    let at = batch.arena.len();
                    batch.arena.extend_from_slice(&record[i]);
                    fields[field as usize] = Some((at, batch.arena.len(), i));
                }
            }
            batch.items.push(Item::Record { source, fields });
        }
        Ok(batch)
    }
}

/// Records per batch: enough to share out among cores, few enough to keep
/// the copied fields small.
const BATCH: usize = 16 * 1024;

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
        fields: [Option<(usize, usize, usize)>; 6],
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
                out.skip(source.clone(), reason);
                for w in warnings {
                    out.warn(source.clone(), w);
                }
            }
        }
    }
}

/// One record's post, or why it is skipped.
fn build(
    arena: &[u8],
    columns: &[String],
    source: Source,
    fields: &[Option<(usize, usize, usize)>; 6],
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
