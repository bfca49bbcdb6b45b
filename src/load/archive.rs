//! Directories and `.zip` archives: the way platforms hand exports out (a
//! Twitter archive, a Mastodon archive, a LinkedIn data export are all
//! zips; unpacked, they are folders).
//!
//! A directory is walked recursively in sorted path order; a zip's entries
//! are read in sorted name order. Only files whose extension can hold an
//! export (`.js`, `.json`, `.csv`, `.tsv`, `.ndjson`, `.jsonl`, `.car`) are
//! opened; each is read when [`sniff_platform`] recognises it, and passed
//! over otherwise (media, settings, likes ...), with a note for `-v`. A record inside is placed as `dir/data/tweets.js:LINE` or
//! `archive.zip:data/tweets.js:LINE`.

use std::io::{Read, Seek};
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, bail};

use crate::load::{
    InputFormat, InputSummary, LoadOptions, STREAM_BUFFER, load_as, sniff_platform,
    stream_platform, strip_bom,
};
use crate::model::Dataset;

/// Extensions of files that may hold an export.
const CANDIDATES: &[&str] = &["js", "json", "csv", "tsv", "ndjson", "jsonl", "car"];

/// Entries larger than this are not read whole (an export's text files are
/// far smaller; media are not read at all). A `tweets.js`, `outbox.json`,
/// Facebook or Instagram array or Facebook comments file of any size is
/// read a block of records at a time.
const MAX_ENTRY: u64 = 512 * 1024 * 1024;

/// True for a `.zip` file, by extension or by its local-header signature.
pub fn is_zip(path: &str, bytes: &[u8]) -> bool {
    path.to_ascii_lowercase().ends_with(".zip") || bytes.starts_with(b"PK\x03\x04")
}

fn is_candidate(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| CANDIDATES.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads every recognised export under `dir`.
pub fn load_dir(
    dir: &Path,
    display: &str,
    opts: &LoadOptions,
    out: &mut Dataset,
    summaries: &mut Vec<InputSummary>,
) -> anyhow::Result<()> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    let before = summaries.len();
    let mut others = 0;
    for file in files {
        let shown = file.to_string_lossy().into_owned();
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        if name.to_ascii_lowercase().ends_with(".zip") {
            let zip = std::fs::File::open(&file)
                .with_context(|| format!("{shown}: cannot read the file"))?;
            load_zip(std::io::BufReader::new(zip), &shown, opts, out, summaries)?;
            continue;
        }
        if !is_candidate(&name) {
            others += 1;
            continue;
        }
        let path: Arc<str> = shown.as_str().into();
        let reader = std::fs::File::open(&file)
            .map(|f| std::io::BufReader::with_capacity(STREAM_BUFFER, f))
            .with_context(|| format!("{shown}: cannot read the file"))?;
        let streamed = stream_platform(reader, &path, InputFormat::Auto, out)
            .with_context(|| format!("{shown}: cannot read the file"))?;
        if let Some(summary) = streamed {
            summaries.push(summary);
            continue;
        }
        let bytes =
            std::fs::read(&file).with_context(|| format!("{shown}: cannot read the file"))?;
        load_member(&bytes, path, opts, out, summaries)?;
    }
    finish(display, "directory", others, summaries.len() > before, out)
}

/// Notes the files passed over without a look, and refuses a directory or
/// archive that held no export at all.
fn finish(
    display: &str,
    what: &str,
    others: usize,
    found: bool,
    out: &mut Dataset,
) -> anyhow::Result<()> {
    if others > 0 {
        out.passed_over.push(format!(
            "{display}: passed over {others} other file(s) (media and files that hold no export)"
        ));
    }
    if !found {
        bail!("{display}: no export found in the {what} (run with -v to see what was passed over)");
    }
    Ok(())
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) -> anyhow::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read the directory", dir.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("{}: cannot read the directory", dir.display()))?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// Reads every recognised export among a zip's entries. Only the central
/// directory and the entries that may hold an export are read, so an
/// archive's media cost nothing.
pub fn load_zip<R: Read + Seek + Send>(
    reader: R,
    display: &str,
    opts: &LoadOptions,
    out: &mut Dataset,
    summaries: &mut Vec<InputSummary>,
) -> anyhow::Result<()> {
    let mut zip = zip::ZipArchive::new(reader)
        .map_err(|e| anyhow::anyhow!("{display}: not a readable zip archive: {e}"))?;
    let mut names: Vec<String> = zip
        .file_names()
        .map(|n| n.map(|n| n.into_owned()))
        .collect::<Result<_, _>>()
        .map_err(|e| anyhow::anyhow!("{display}: an entry's name cannot be read: {e}"))?;
    names.retain(|n| !n.ends_with('/'));
    names.sort();
    let before = summaries.len();
    let mut others = 0;
    for name in names {
        let shown = format!("{display}:{name}");
        if !is_candidate(&name) {
            others += 1;
            continue;
        }
        // A `tweets.js`, an `outbox.json`, a Facebook or Instagram array or
        // Facebook's comments is read a block of records at a time, whatever
        // its size; anything else whole, from the start.
        let entry = zip
            .by_name(&name)
            .map_err(|e| anyhow::anyhow!("{shown}: cannot read the entry: {e}"))?;
        let reader = std::io::BufReader::with_capacity(STREAM_BUFFER, entry);
        let path: Arc<str> = shown.as_str().into();
        let streamed = stream_platform(reader, &path, InputFormat::Auto, out)
            .map_err(|e| anyhow::anyhow!("{shown}: cannot read the entry: {e}"))?;
        if let Some(summary) = streamed {
            summaries.push(summary);
            continue;
        }
        let mut entry = zip
            .by_name(&name)
            .map_err(|e| anyhow::anyhow!("{shown}: cannot read the entry: {e}"))?;
        if entry.size() > MAX_ENTRY {
            out.passed_over.push(format!(
                "{shown}: passed over (larger than {} MiB)",
                MAX_ENTRY >> 20
            ));
            continue;
        }
        let mut data = Vec::with_capacity(entry.size() as usize);
        entry
            .by_ref()
            .take(MAX_ENTRY)
            .read_to_end(&mut data)
            .map_err(|e| anyhow::anyhow!("{shown}: cannot read the entry: {e}"))?;
        drop(entry);
        load_member(&data, shown.into(), opts, out, summaries)?;
    }
    finish(display, "archive", others, summaries.len() > before, out)
}

/// Reads one file of a directory or archive when it is a recognised export.
fn load_member(
    bytes: &[u8],
    path: Arc<str>,
    opts: &LoadOptions,
    out: &mut Dataset,
    summaries: &mut Vec<InputSummary>,
) -> anyhow::Result<()> {
    let body = strip_bom(bytes);
    let Some((format, why)) = sniff_platform(&path, body) else {
        out.passed_over
            .push(format!("{path}: passed over (not a recognised export)"));
        return Ok(());
    };
    load_as(format, bytes, &path, opts, out)?;
    summaries.push(InputSummary { path, format, why });
    Ok(())
}
