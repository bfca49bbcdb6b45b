//! Loaders: one file per input format, each turning an export into the
//! records of [`Dataset`]. This module reads the inputs and picks a format.
//!
//! Detection: platform exports first, by file name and content
//! ([`sniff_platform`]: `window.YTD.` for a Twitter archive, an
//! ActivityStreams `OrderedCollection` or API statuses for Mastodon, a CAR
//! header or `app.bsky.feed.post` records for Bluesky, a known header row for
//! LinkedIn, Buffer (bulk upload and Analyze's posts export) and content
//! calendars, a bulk-composer first row for
//! Hootsuite ...); then the file's extension (`.csv`, `.tsv`, `.json`,
//! `.jsonl`, `.ndjson`); otherwise (stdin, other names) the content: a
//! document that starts with `[`, or with `{` and holds one value, is JSON;
//! `{` followed by more objects on later lines is NDJSON; anything else is
//! CSV.
//!
//! A directory is read recursively, in sorted path order, and a `.zip` entry
//! by entry (see [`archive`]); inside them only recognised platform exports
//! are read and every other file is passed over.

pub mod archive;
pub mod bluesky;
pub mod bluesky_car;
pub mod buffer;
pub mod buffer_analyze;
pub mod calendar;
pub mod csv;
pub mod facebook;
pub mod fields;
pub mod hootsuite;
pub mod html;
pub mod instagram;
pub mod json;
pub mod json_array;
pub mod linkedin;
pub mod mastodon;
pub mod mastodon_api;
pub mod ndjson;
pub mod spool;
pub mod time;
pub mod twitter_archive;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use clap::ValueEnum;

use crate::model::{Dataset, Source};
pub use fields::ColumnOverride;

/// An input format, as named by `--input-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum InputFormat {
    /// Detect from the file name and content.
    #[default]
    Auto,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// A JSON array of objects, or an object holding one.
    Json,
    /// One JSON object per line (JSON Lines).
    Ndjson,
    /// An X/Twitter archive's `tweets.js` (`tweets-partN.js`, `tweet.js`) or `account.js`.
    TwitterArchive,
    /// A Mastodon archive's `outbox.json` (ActivityStreams) or `actor.json`, or
    /// statuses saved from the API (a context, a list).
    Mastodon,
    /// Bluesky posts: a repository `.car` export, or the API's JSON (listRecords,
    /// getAuthorFeed, getPostThread).
    Bluesky,
    /// Facebook "Download your information" posts or comments (JSON).
    Facebook,
    /// Instagram "Download your information" posts or comments (JSON).
    Instagram,
    /// A LinkedIn data export's `Shares.csv` or `Comments.csv`.
    Linkedin,
    /// A Hootsuite bulk-composer CSV (no header: date, message, link).
    Hootsuite,
    /// A Buffer CSV: the bulk-upload file (Text, Image URL, Tags, Posting Time)
    /// or Analyze's export of published posts (id, type, text, date ...).
    Buffer,
    /// A content calendar CSV (date, platform, text, campaign, status).
    Calendar,
}

impl InputFormat {
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Csv => "csv",
            InputFormat::Tsv => "tsv",
            InputFormat::Json => "json",
            InputFormat::Ndjson => "ndjson",
            InputFormat::TwitterArchive => "twitter-archive",
            InputFormat::Mastodon => "mastodon",
            InputFormat::Bluesky => "bluesky",
            InputFormat::Facebook => "facebook",
            InputFormat::Instagram => "instagram",
            InputFormat::Linkedin => "linkedin",
            InputFormat::Hootsuite => "hootsuite",
            InputFormat::Buffer => "buffer",
            InputFormat::Calendar => "calendar",
        }
    }
}

/// How to read the inputs.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub format: InputFormat,
    pub columns: Vec<ColumnOverride>,
}

/// What was read from one input, for the verbose log.
#[derive(Debug, Clone)]
pub struct InputSummary {
    pub path: Arc<str>,
    pub format: InputFormat,
    pub why: &'static str,
}

/// Reads every input (a path, a directory, a `.zip`, or `-` for stdin)
/// into one dataset.
pub fn load_inputs(
    paths: &[String],
    opts: &LoadOptions,
) -> anyhow::Result<(Dataset, Vec<InputSummary>)> {
    let mut data = Dataset::default();
    let mut summaries = Vec::new();
    // The posts of each input read as a plain CSV or TSV table: built by
    // `fields::build_post_borrowed`, which read the markers in their text.
    let mut marked: Vec<std::ops::Range<usize>> = Vec::new();
    // Standard input and pipes are read once: named again, they would
    // read as empty.
    for (k, p) in paths.iter().enumerate() {
        if (p == "-" || is_pipe(p)) && paths[..k].contains(p) {
            bail!(
                "{} is named twice, but it can be read only once",
                display_of(p)
            );
        }
    }
    for p in paths {
        if p != "-" && Path::new(p).is_dir() {
            archive::load_dir(Path::new(p), p, opts, &mut data, &mut summaries)?;
            continue;
        }
        // A zip on disk is read from the file as it is needed. Anything but
        // a regular file (a pipe, `<(zcat export.csv.gz)`) can be read only
        // once, so its first bytes are not read apart: it is read whole
        // below, and recognised as a zip from its bytes.
        if p != "-" && is_regular_file(p) && archive::is_zip(p, &read_prefix(p)?) {
            let file =
                std::fs::File::open(p).with_context(|| format!("{p}: cannot read the file"))?;
            let reader = std::io::BufReader::new(file);
            archive::load_zip(reader, p, opts, &mut data, &mut summaries)?;
            continue;
        }
        // A large X/Twitter archive's `tweets.js`, Mastodon archive's
        // `outbox.json`, Facebook or Instagram array of posts or Facebook
        // comments file on disk is read a block of records at a time, not
        // whole. (A file named in
        // another format is not opened for it.)
        let may_stream = opts.format == InputFormat::Auto || streams_by_block(opts.format);
        if may_stream && p != "-" && is_regular_file(p) {
            let display = display_of(p);
            let file =
                std::fs::File::open(p).with_context(|| format!("{p}: cannot read the file"))?;
            let reader = std::io::BufReader::with_capacity(STREAM_BUFFER, file);
            let streamed = stream_platform(reader, &display, opts.format, &mut data)
                .with_context(|| format!("{p}: cannot read the file"))?;
            if let Some(summary) = streamed {
                summaries.push(summary);
                continue;
            }
        }
        // Standard input or a pipe: its first bytes tell whether it is one
        // of those exports. If so, it is copied to a temporary file as it
        // comes (see `spool`), and read from there a block at a time.
        let mut peeked = None;
        if may_stream && (p == "-" || is_pipe(p)) {
            let copy = match spool::copied(p) {
                Some(Ok(copy)) => Some(copy),
                // `read_input` reports why it could not be copied.
                Some(Err(_)) => None,
                None => match peek_once(p, &mut *open_once(p)?, opts.format)? {
                    Peeked::Copied(copy) => Some(copy),
                    Peeked::Whole(bytes) => {
                        peeked = Some((display_of(p), bytes));
                        None
                    }
                },
            };
            if let Some(copy) = copy {
                let display = display_of(p);
                let reader = std::io::BufReader::with_capacity(
                    STREAM_BUFFER,
                    spool::CopyReader::new(copy, 0),
                );
                let streamed = stream_platform(reader, &display, opts.format, &mut data)
                    .with_context(|| format!("{display}: cannot read its temporary copy"))?;
                if let Some(summary) = streamed {
                    summaries.push(summary);
                    continue;
                }
            }
        }
        let (display, bytes) = match peeked {
            Some(read) => read,
            None => read_input(p)?,
        };
        if archive::is_zip(&display, &bytes) {
            let reader = std::io::Cursor::new(&bytes);
            archive::load_zip(reader, &display, opts, &mut data, &mut summaries)?;
            continue;
        }
        let before = data.posts.len();
        let summary = load_bytes(&bytes, display, opts, &mut data)?;
        if matches!(
            summary.format,
            InputFormat::Csv | InputFormat::Tsv | InputFormat::Auto
        ) {
            marked.push(before..data.posts.len());
        }
        summaries.push(summary);
    }
    // A long text replaces the text of a post, whatever loader read it.
    if !data.long_texts.is_empty() {
        marked.clear();
    }
    twitter_archive::attach_long_texts(&mut data);
    let mut from = 0;
    for range in marked {
        mark_suppressions(&mut data.posts[from..range.start]);
        from = range.end;
    }
    mark_suppressions(&mut data.posts[from..]);
    Ok((data, summaries))
}

/// Every format: an inline `postaudit: ignore[...]` marker in the text.
/// (Loaders of tables with a `postaudit-ignore` or notes column read those
/// too.)
pub(crate) fn mark_suppressions(posts: &mut [crate::model::Post]) {
    for post in posts.iter_mut().filter(|p| p.suppress().is_empty()) {
        post.set_suppress(crate::suppress::parse(None, None, &post.text));
    }
}

/// The buffer of a file read a block of records at a time.
pub(crate) const STREAM_BUFFER: usize = 1 << 16;

/// Reads `src` a block of records at a time when it is an export that can
/// be read so: an X/Twitter archive's `tweets.js`
/// ([`twitter_archive::load_streamed`]), a Mastodon archive's
/// `outbox.json` ([`mastodon::load_streamed`]), a Facebook or Instagram
/// file that is an array of posts or comments, or Facebook's comments
/// ([`facebook::load_streamed`], [`instagram::load_streamed`]). `format` is the format
/// named, or `Auto` to recognise it as [`detect`] does. `Some` with its
/// summary when it was read that way; `None` when it is not one, or when
/// it is to be read whole (see [`json_array::Streamed::Whole`]), having
/// added nothing. The records, skips and warnings are those
/// [`load_bytes`] gives.
pub(crate) fn stream_platform<R: std::io::BufRead + Send>(
    mut src: R,
    path: &Arc<str>,
    format: InputFormat,
    out: &mut Dataset,
) -> std::io::Result<Option<InputSummary>> {
    let body = strip_bom(src.fill_buf()?);
    let (format, why) = match format {
        InputFormat::Auto => match sniff_platform(path, body) {
            Some(found) => found,
            None => return Ok(None),
        },
        named => (named, "named by --input-format"),
    };
    let streamed = match format {
        InputFormat::TwitterArchive => twitter_archive::load_streamed(src, path, out)?,
        InputFormat::Mastodon => mastodon::load_streamed(src, path, out)?,
        InputFormat::Facebook => facebook::load_streamed(src, path, out)?,
        InputFormat::Instagram => instagram::load_streamed(src, path, out)?,
        _ => return Ok(None),
    };
    Ok(match streamed {
        json_array::Streamed::Read => Some(InputSummary {
            path: path.clone(),
            format,
            why,
        }),
        json_array::Streamed::Whole => None,
    })
}

/// What the first bytes of standard input or a pipe told [`peek_once`].
enum Peeked {
    /// An export read a block at a time: all of it, copied.
    Copied(std::sync::Arc<std::fs::File>),
    /// Anything else: all of it, read.
    Whole(Vec<u8>),
}

/// The formats [`stream_platform`] reads a block at a time.
fn streams_by_block(format: InputFormat) -> bool {
    matches!(
        format,
        InputFormat::TwitterArchive
            | InputFormat::Mastodon
            | InputFormat::Facebook
            | InputFormat::Instagram
    )
}

/// Standard input (`-`) or the pipe `p`, opened to be read once.
fn open_once(p: &str) -> anyhow::Result<Box<dyn Read>> {
    if p == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let pipe = std::fs::File::open(p).with_context(|| format!("{p}: cannot read the file"))?;
    Ok(Box::new(pipe))
}

/// Reads the first bytes of `src`, standard input or the pipe `p` (read
/// only once), and recognises from them an export [`stream_platform`]
/// reads, as it would, or takes `format` as named. Such an export is
/// copied to a temporary file ([`spool::copy`]); anything else, or an
/// export that cannot be copied, is read whole.
fn peek_once(p: &str, src: &mut dyn Read, format: InputFormat) -> anyhow::Result<Peeked> {
    let display = display_of(p);
    let cannot_read = || match p {
        "-" => "cannot read standard input".to_string(),
        _ => format!("{p}: cannot read the file"),
    };
    let mut head = Vec::with_capacity(STREAM_BUFFER);
    (&mut *src)
        .take(STREAM_BUFFER as u64)
        .read_to_end(&mut head)
        .with_context(cannot_read)?;
    let platform = match format {
        InputFormat::Auto => sniff_platform(&display, strip_bom(&head)).map(|(f, _)| f),
        named => Some(named),
    };
    if platform.is_some_and(streams_by_block) {
        let mut all = std::io::Cursor::new(&head).chain(&mut *src);
        match spool::copy(p, &mut all) {
            Ok(copy) => return Ok(Peeked::Copied(copy)),
            Err(spool::CopyError::PartRead(e)) => {
                bail!("{display}: {}", spool::CopyError::PartRead(e))
            }
            // Nothing was read from `all`: read whole instead.
            Err(spool::CopyError::NotMade(_)) => {}
        }
    }
    src.read_to_end(&mut head).with_context(cannot_read)?;
    Ok(Peeked::Whole(head))
}

/// True when `p` names a regular file (which can be read more than once),
/// not a pipe, a socket or a device.
pub(crate) fn is_regular_file(p: &str) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file())
}

/// True when `p` names a pipe (`<(zcat export.csv.gz)`): anything that
/// exists but is neither a regular file nor a directory. Like standard
/// input, it can be read only once.
pub(crate) fn is_pipe(p: &str) -> bool {
    p != "-" && std::fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// How findings and messages name the input `p`: `<stdin>` for `-`.
pub(crate) fn display_of(p: &str) -> Arc<str> {
    if p == "-" { "<stdin>".into() } else { p.into() }
}

/// The first bytes of a file, to recognise a zip without reading it all.
fn read_prefix(p: &str) -> anyhow::Result<Vec<u8>> {
    let file = std::fs::File::open(p).with_context(|| format!("{p}: cannot read the file"))?;
    let mut head = Vec::with_capacity(4);
    file.take(4)
        .read_to_end(&mut head)
        .with_context(|| format!("{p}: cannot read the file"))?;
    Ok(head)
}

fn read_input(p: &str) -> anyhow::Result<(Arc<str>, Vec<u8>)> {
    let display = display_of(p);
    // Standard input or a pipe a streamed audit copied before it chose to
    // load the input whole (see `spool`).
    match spool::copied(p) {
        Some(Ok(copy)) => {
            let bytes = spool::read_all(&copy)
                .with_context(|| format!("{display}: cannot read its temporary copy"))?;
            return Ok((display, bytes));
        }
        Some(Err(e)) => bail!("{display}: {}", spool::CopyError::PartRead(e)),
        None => {}
    }
    let mut bytes = Vec::new();
    if p == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        return Ok((display, bytes));
    }
    bytes = read_file(p).with_context(|| format!("{p}: cannot read the file"))?;
    Ok((display, bytes))
}

/// Parts of a large file read at once, one per core.
const READ_PART: usize = 8 << 20;

/// A file's bytes. A file of two [`READ_PART`]s or more is read in parts
/// on all cores (positioned reads, on Unix): copying 100 MB from the
/// system's cache takes about half the time on two cores. A file whose size
/// changes meanwhile is read again, whole.
fn read_file(p: &str) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        use rayon::prelude::*;
        use std::os::unix::fs::FileExt;
        let file = std::fs::File::open(p)?;
        let meta = file.metadata()?;
        let len = usize::try_from(meta.len()).unwrap_or(0);
        if meta.is_file() && len >= 2 * READ_PART {
            let mut bytes = vec![0u8; len];
            let read = bytes
                .par_chunks_mut(READ_PART)
                .enumerate()
                .try_for_each(|(k, part)| file.read_exact_at(part, (k * READ_PART) as u64));
            if read.is_ok() && file.metadata()?.len() == meta.len() {
                return Ok(bytes);
            }
        }
    }
    std::fs::read(p)
}

/// Loads one input held in memory; `path` is how findings will name it.
pub fn load_bytes(
    bytes: &[u8],
    path: Arc<str>,
    opts: &LoadOptions,
    out: &mut Dataset,
) -> anyhow::Result<InputSummary> {
    let body = strip_bom(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        bail!("{path}: the file is empty");
    }
    let (format, why) = match opts.format {
        InputFormat::Auto => detect(&path, body),
        f => (f, "named by --input-format"),
    };
    load_as(format, bytes, &path, opts, out)?;
    Ok(InputSummary { path, format, why })
}

/// Records read on all cores, a part of an input's records on each.
const PART: usize = 1024;

/// Turns each numbered item of one input (NDJSON lines, the elements of a
/// JSON array) into a record with `push`, on all cores, a part on each,
/// and adds them to `out` in input order.
pub(crate) fn push_in_parts<T: Sync>(
    items: &[(u64, T)],
    path: &Arc<str>,
    out: &mut Dataset,
    push: impl Fn(&T, Source, &mut Dataset) + Sync,
) {
    use rayon::prelude::*;
    let parts: Vec<Dataset> = items
        .par_chunks(PART)
        .map(|part| {
            let mut d = Dataset::default();
            d.posts.reserve(part.len());
            for (line, item) in part {
                let source = Source {
                    path: path.clone(),
                    line: *line,
                };
                push(item, source, &mut d);
            }
            d
        })
        .collect();
    out.posts.reserve(items.len());
    for part in parts {
        out.append_records(part);
    }
}

/// [`push_in_parts`] for the first pass of a streamed audit: the brief of
/// each item's record, by `brief` (`None` for an item skipped), in input
/// order.
pub(crate) fn briefs_in_parts<T: Sync>(
    items: &[(u64, T)],
    path: &Arc<str>,
    brief: impl Fn(&T, Source) -> Option<fields::Brief> + Sync,
) -> Vec<fields::Brief> {
    use rayon::prelude::*;
    items
        .par_iter()
        .with_min_len(PART)
        .filter_map(|(line, item)| {
            let source = Source {
                path: path.clone(),
                line: *line,
            };
            brief(item, source)
        })
        .collect()
}

/// Reads `bytes` in the given format.
pub(crate) fn load_as(
    format: InputFormat,
    bytes: &[u8],
    path: &Arc<str>,
    opts: &LoadOptions,
    out: &mut Dataset,
) -> anyhow::Result<()> {
    let body = strip_bom(bytes);
    match format {
        InputFormat::Csv | InputFormat::Auto => csv::load(bytes, path, b',', opts, out)?,
        InputFormat::Tsv => csv::load(bytes, path, b'\t', opts, out)?,
        InputFormat::Json => json::load(utf8(body, path)?, path, opts, out)?,
        InputFormat::Ndjson => ndjson::load(body, path, opts, out)?,
        InputFormat::TwitterArchive => twitter_archive::load(utf8(body, path)?, path, out)?,
        InputFormat::Mastodon => {
            let text = utf8(body, path)?;
            if mastodon_api::sniff("", text.trim_start().as_bytes()).is_some() {
                mastodon_api::load(text, path, out)?
            } else {
                mastodon::load(text, path, out)?
            }
        }
        InputFormat::Bluesky if !body.trim_ascii_start().starts_with(b"{") => {
            bluesky_car::load(body, path, out)?
        }
        InputFormat::Bluesky => bluesky::load(utf8(body, path)?, path, out)?,
        InputFormat::Facebook => facebook::load(utf8(body, path)?, path, out)?,
        InputFormat::Instagram => instagram::load(utf8(body, path)?, path, out)?,
        InputFormat::Linkedin => linkedin::load(body, path, out)?,
        InputFormat::Hootsuite => hootsuite::load(body, path, out)?,
        InputFormat::Buffer if buffer_analyze::is_export(body) => {
            buffer_analyze::load(body, path, out)?
        }
        InputFormat::Buffer => buffer::load(body, path, out)?,
        InputFormat::Calendar => calendar::load(body, path, opts, out)?,
    }
    Ok(())
}

pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

pub(crate) fn utf8<'a>(bytes: &'a [u8], path: &str) -> anyhow::Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let upto = &bytes[..e.valid_up_to()];
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = upto.len() - upto.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
        anyhow::anyhow!("{path}:{line}:{col}: the file is not valid UTF-8")
    })
}

/// Picks a format: a platform export by name and content, then the
/// extension, then the content.
pub fn detect(path: &str, body: &[u8]) -> (InputFormat, &'static str) {
    if let Some(found) = sniff_platform(path, body) {
        return found;
    }
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => return (InputFormat::Csv, "file extension .csv"),
        Some("tsv") | Some("tab") => return (InputFormat::Tsv, "file extension .tsv"),
        Some("jsonl") | Some("ndjson") => return (InputFormat::Ndjson, "file extension"),
        Some("json") if !looks_like_lines(body) => {
            return (InputFormat::Json, "file extension .json");
        }
        _ => {}
    }
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'[') => (InputFormat::Json, "content starts with '['"),
        Some(b'{') if looks_like_lines(body) => (
            InputFormat::Ndjson,
            "content holds one JSON object per line",
        ),
        Some(b'{') => (InputFormat::Json, "content starts with '{'"),
        _ => (InputFormat::Csv, "content is not JSON"),
    }
}

/// The file name: the last component of a path or of an archive entry.
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\', ':'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase()
}

/// A format's recogniser: from the lower-cased file name and the start of
/// the content (leading whitespace skipped), why the file is in that format.
type Sniffer = fn(&str, &[u8]) -> Option<&'static str>;

/// The recognisers, most specific first.
const SNIFFERS: &[(Sniffer, InputFormat)] = &[
    (twitter_archive::sniff, InputFormat::TwitterArchive),
    (mastodon::sniff, InputFormat::Mastodon),
    (mastodon_api::sniff, InputFormat::Mastodon),
    (bluesky::sniff, InputFormat::Bluesky),
    (facebook::sniff, InputFormat::Facebook),
    (instagram::sniff, InputFormat::Instagram),
    (linkedin::sniff, InputFormat::Linkedin),
    (buffer::sniff, InputFormat::Buffer),
    (buffer_analyze::sniff, InputFormat::Buffer),
    (calendar::sniff, InputFormat::Calendar),
    (hootsuite::sniff, InputFormat::Hootsuite),
];

/// Recognises a platform export or scheduler file by its name and the start
/// of its content; `None` for anything else.
pub fn sniff_platform(path: &str, body: &[u8]) -> Option<(InputFormat, &'static str)> {
    let name = file_name(path);
    let head = &body[..body.len().min(4096)];
    let start = head.trim_ascii_start();
    if let Some(why) = bluesky_car::sniff(&name, body) {
        return Some((InputFormat::Bluesky, why));
    }
    SNIFFERS
        .iter()
        .find_map(|(sniff, format)| sniff(&name, start).map(|why| (*format, why)))
}

/// True when the first non-blank line is a whole JSON object and another
/// line starting with `{` follows it.
fn looks_like_lines(body: &[u8]) -> bool {
    let mut lines = body
        .split(|&b| b == b'\n')
        .map(|l| l.trim_ascii())
        .filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    first.starts_with(b"{")
        && serde_json::from_slice::<serde::de::IgnoredAny>(first).is_ok()
        && lines.next().is_some_and(|l| l.starts_with(b"{"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An X/Twitter archive's `tweets.js`, a Mastodon archive's
    /// `outbox.json` and Facebook's and Instagram's posts and comments are
    /// read a block at a time; anything else (an actor, a CSV) is left to
    /// be read whole.
    #[test]
    fn platform_files_that_stream_are_streamed() {
        let files = [
            (
                "data/tweets.js",
                "fixtures/platforms/twitter-archive/data/tweets.js",
            ),
            ("outbox.json", "fixtures/platforms/mastodon/outbox.json"),
            ("actor.json", "fixtures/platforms/mastodon/actor.json"),
            (
                "your_posts_1.json",
                "fixtures/platforms/facebook/your_posts_1.json",
            ),
            ("comments.json", "fixtures/platforms/facebook/comments.json"),
            ("posts_1.json", "fixtures/platforms/instagram/posts_1.json"),
            (
                "post_comments_1.json",
                "fixtures/platforms/instagram/post_comments_1.json",
            ),
            ("calendar.csv", "fixtures/calendar.csv"),
        ];
        let mut streamed = Vec::new();
        for (name, file) in files {
            let bytes = std::fs::read(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            let mut out = Dataset::default();
            let path: Arc<str> = name.into();
            let read = stream_platform(&bytes[..], &path, InputFormat::Auto, &mut out).unwrap();
            if let Some(summary) = read {
                let mut whole = Dataset::default();
                load_as(
                    summary.format,
                    &bytes,
                    &path,
                    &LoadOptions::default(),
                    &mut whole,
                )
                .unwrap();
                assert_eq!(out.posts, whole.posts, "{name}");
                assert!(!out.posts.is_empty(), "{name}");
                streamed.push((name, summary.format));
            } else {
                assert!(out.posts.is_empty() && out.skipped.is_empty(), "{name}");
            }
        }
        assert_eq!(
            streamed,
            [
                ("data/tweets.js", InputFormat::TwitterArchive),
                ("outbox.json", InputFormat::Mastodon),
                ("your_posts_1.json", InputFormat::Facebook),
                ("comments.json", InputFormat::Facebook),
                ("posts_1.json", InputFormat::Instagram),
                ("post_comments_1.json", InputFormat::Instagram),
            ]
        );
    }

    /// A large file read in parts comes back whole, each part in its place.
    #[test]
    fn reads_a_large_file_in_parts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let len = 2 * READ_PART + READ_PART / 3;
        let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let read = read_file(path.to_str().unwrap()).unwrap();
        assert!(read == bytes, "{} bytes read of {len}", read.len());
    }

    /// An input copied to a temporary file is read from the copy; one
    /// whose copy failed part way (its bytes partly taken) is an error,
    /// never read again as if it were whole.
    #[test]
    fn a_copied_input_is_read_from_its_copy_or_fails_with_the_copy() {
        let text = b"id,text\n1,hello\n";
        spool::copy("<(a copied pipe)", &mut &text[..]).unwrap();
        let (display, bytes) = read_input("<(a copied pipe)").unwrap();
        assert_eq!(
            (&*display, bytes.as_slice()),
            ("<(a copied pipe)", &text[..])
        );

        let mut half = std::io::Read::chain(&b"id,text\n"[..], Broken);
        assert!(spool::copy("<(a broken pipe)", &mut half).is_err());
        let err = read_input("<(a broken pipe)").unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            "<(a broken pipe): cannot copy it to a temporary file: the pipe broke"
        );
    }

    /// A reader that gives at most `step` bytes a read, as a pipe may.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(self.1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// Standard input or a pipe is recognised from its first bytes, however
    /// few each read gives: an export read a block at a time is copied,
    /// all of it; anything else is read, all of it.
    #[test]
    fn a_pipe_is_copied_when_it_streams_and_read_whole_when_not() {
        let tweets = std::fs::read("fixtures/platforms/twitter-archive/data/tweets.js").unwrap();
        // Past the first read's STREAM_BUFFER bytes.
        let tweets = [tweets, vec![b' '; STREAM_BUFFER + 10]].concat();
        let mut csv = b"id,text\n".to_vec();
        for i in 0..10_000 {
            csv.extend(format!("{i},window.YTD.tweets.part0 = [\n").bytes());
        }
        assert!(csv.len() > STREAM_BUFFER);
        let cases = [
            ("tweets", &tweets, InputFormat::Auto, true),
            ("csv", &csv, InputFormat::Auto, false),
            ("named", &csv, InputFormat::TwitterArchive, true),
            ("named csv", &tweets, InputFormat::Csv, false),
        ];
        for (what, bytes, format, streams) in cases {
            for step in [1, 7, 4096, usize::MAX] {
                let p = format!("<(a pipe of {what}, {step} bytes a read)");
                let peeked = peek_once(&p, &mut Trickle(bytes, step), format).unwrap();
                match peeked {
                    Peeked::Copied(copy) => {
                        assert!(streams, "{p}");
                        assert!(spool::read_all(&copy).unwrap() == *bytes, "{p}");
                        assert!(spool::copied(&p).is_some(), "{p}");
                    }
                    Peeked::Whole(read) => {
                        assert!(!streams, "{p}");
                        assert!(read == *bytes, "{p}");
                        assert!(spool::copied(&p).is_none(), "{p}");
                    }
                }
            }
        }
        // A pipe that breaks part way through its copy: an error, never a
        // part read as if it were whole.
        let mut half = std::io::Read::chain(&tweets[..100], Broken);
        let err = peek_once("<(a broken pipe of tweets)", &mut half, InputFormat::Auto);
        assert_eq!(
            format!("{:#}", err.err().unwrap()),
            "<(a broken pipe of tweets): cannot read the file: the pipe broke"
        );
        let mut half = std::io::Read::chain(&tweets[..STREAM_BUFFER + 5], Broken);
        let err = peek_once(
            "<(a pipe of tweets broken later)",
            &mut half,
            InputFormat::Auto,
        );
        assert_eq!(
            format!("{:#}", err.err().unwrap()),
            "<(a pipe of tweets broken later): cannot copy it to a temporary file: the pipe broke"
        );
        let err = read_input("<(a pipe of tweets broken later)").unwrap_err();
        assert!(format!("{err:#}").ends_with("the pipe broke"), "{err:#}");
    }

    struct Broken;

    impl Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("the pipe broke"))
        }
    }

    #[test]
    fn detects_by_extension_then_content() {
        assert_eq!(detect("a.csv", b"[1]").0, InputFormat::Csv);
        assert_eq!(detect("a.tsv", b"x").0, InputFormat::Tsv);
        assert_eq!(detect("a.jsonl", b"{}").0, InputFormat::Ndjson);
        assert_eq!(detect("<stdin>", b"  [{\"text\": 1}]").0, InputFormat::Json);
        assert_eq!(
            detect("<stdin>", b"{\"posts\": [\n{}]}").0,
            InputFormat::Json
        );
        assert_eq!(
            detect("<stdin>", b"{\"a\":1}\n{\"a\":2}\n").0,
            InputFormat::Ndjson
        );
        assert_eq!(
            detect("a.json", b"{\"a\":1}\n{\"a\":2}\n").0,
            InputFormat::Ndjson
        );
        assert_eq!(detect("<stdin>", b"id,text\n1,hi").0, InputFormat::Csv);
    }

    #[test]
    fn platform_exports_are_recognised_before_generic_formats() {
        let cases: [(&str, &[u8], InputFormat); 13] = [
            (
                "x/data/tweets.js",
                b"window.YTD.tweets.part0 = [",
                InputFormat::TwitterArchive,
            ),
            (
                "a.zip:data/account.js",
                b"window.YTD.account.part0 = [",
                InputFormat::TwitterArchive,
            ),
            (
                "outbox.json",
                b"{\"type\": \"OrderedCollection\"}",
                InputFormat::Mastodon,
            ),
            (
                "p.json",
                b"{\"records\": [{\"uri\": \"at://d/app.bsky.feed.post/1\", \"value\": {}}]}",
                InputFormat::Bluesky,
            ),
            (
                "your_posts_1.json",
                b"[{\"timestamp\": 1, \"data\": []}]",
                InputFormat::Facebook,
            ),
            ("c.json", b"{\"comments_v2\": []}", InputFormat::Facebook),
            (
                "posts_1.json",
                b"[{\"media\": [{\"uri\": \"media/posts/1.jpg\", \"creation_timestamp\": 1}]}]",
                InputFormat::Instagram,
            ),
            (
                "Shares_1.csv",
                b"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n",
                InputFormat::Linkedin,
            ),
            ("c.csv", b"Date,Link,Message\n", InputFormat::Linkedin),
            (
                "b.csv",
                b"\"Text\",\"Image URL\",\"Tags\",\"Posting Time\"\n",
                InputFormat::Buffer,
            ),
            (
                "posts-20260301-to-20260331.csv",
                b"id,type,text,date,serviceLink,retweets,media\n",
                InputFormat::Buffer,
            ),
            (
                "cal.csv",
                b"date,platform,text,campaign,status\n",
                InputFormat::Calendar,
            ),
            (
                "h.csv",
                b"04/03/2026 07:00,Hello,https://x.example\n",
                InputFormat::Hootsuite,
            ),
        ];
        for (path, body, want) in cases {
            assert_eq!(detect(path, body).0, want, "{path}");
        }
        // Generic exports stay generic.
        assert_eq!(
            detect("a.csv", b"id,author,created_at,text,in_reply_to\n").0,
            InputFormat::Csv
        );
        assert_eq!(
            detect("a.csv", b"id,type,text,date,likes\n").0,
            InputFormat::Csv
        );
        assert_eq!(
            detect(
                "a.json",
                b"[{\"id\": 1, \"text\": \"hi\", \"created_at\": 1}]"
            )
            .0,
            InputFormat::Json
        );
        // A plain export that only mentions Bluesky URIs stays JSON.
        assert_eq!(
            detect(
                "a.json",
                b"{\"posts\": [{\"id\": \"at://d/app.bsky.feed.post/1\", \"text\": \"hi\"}]}"
            )
            .0,
            InputFormat::Json
        );
    }
}
