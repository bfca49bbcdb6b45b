//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning
//! (`github/codeql-action/upload-sarif`) and other SARIF viewers.
//!
//! One run; `tool.driver.rules` holds every selected rule with a short
//! description (what it does), a full description (why it matters) and help
//! (its whole documentation, as text and Markdown). Each result points at
//! its record's file and start line, at the matched phrase's columns when
//! the phrase can be found on that line, else at the whole line; an
//! account-level finding points at line 1 of the first input. Every result
//! carries `partialFingerprints`: `primaryLocationLineHash` (the finding's
//! fingerprint and its occurrence, so alerts follow a post when lines move)
//! and `postaudit/v1` (the fingerprint `--baseline` uses).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use crate::audit::Audit;
use crate::report::json::{render_in_order, serialize_at};
use crate::report::{Reporter, one_line, rule_summary};
use crate::rules::{Finding, RuleMeta, Severity};

pub struct Sarif;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// GitHub's limit on rule description lengths.
const MAX_DESCRIPTION: usize = 1024;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn problem_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "recommendation",
    }
}

/// At most `max` characters, ending in `…` when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// A path as a relative URI reference: `/` separators, and characters
/// outside RFC 3986's unreserved set and `/` percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Level,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: Fingerprints,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u64,
    start_column: usize,
    end_line: u64,
    end_column: usize,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "primaryLocationLineHash")]
    primary_location_line_hash: String,
    #[serde(rename = "postaudit/v1")]
    postaudit: String,
}

fn descriptor(m: &RuleMeta) -> Descriptor<'_> {
    let summary = rule_summary(m);
    let short = if summary.is_empty() {
        m.name.to_string()
    } else {
        summary
    };
    let why = m.why();
    let full = if why.is_empty() { short.clone() } else { why };
    let doc = m.doc_text().trim().to_string();
    let mut tags = vec![m.principle.id()];
    if m.seeds.is_empty() {
        tags.push("custom");
    }
    Descriptor {
        id: m.code,
        name: m.name,
        short_description: Text {
            text: clip(&short, MAX_DESCRIPTION),
        },
        full_description: Text {
            text: clip(&full, MAX_DESCRIPTION),
        },
        help: Help {
            text: doc.clone(),
            markdown: doc,
        },
        default_configuration: Level {
            level: level(m.severity),
        },
        properties: RuleProperties {
            tags,
            precision: "high",
            problem_severity: problem_severity(m.severity),
        },
    }
}

/// The lines of the inputs that can be read again (not standard input),
/// for columns: each file read once, held as its bytes and where each of
/// its lines starts, and read only while the report is written.
struct Lines<'a> {
    files: HashMap<&'a str, Option<FileLines>>,
}

struct FileLines {
    bytes: Vec<u8>,
    /// Where each line starts, as `str::lines` splits them.
    starts: Vec<usize>,
}

impl FileLines {
    fn read(path: &str) -> Option<Self> {
        let bytes = std::fs::read(path).ok()?;
        let mut starts = Vec::with_capacity(bytes.len() / 64);
        if !bytes.is_empty() {
            starts.push(0);
        }
        starts.extend(
            memchr::memchr_iter(b'\n', &bytes)
                .map(|at| at + 1)
                .filter(|&at| at < bytes.len()),
        );
        Some(FileLines { bytes, starts })
    }

    /// Line `n` (from 1) as `String::from_utf8_lossy(..).lines()` gives it.
    fn line(&self, n: u64) -> Option<Cow<'_, str>> {
        let i = usize::try_from(n).ok()?.checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).copied().unwrap_or(self.bytes.len());
        let mut line = &self.bytes[start..end];
        if let Some(l) = line.strip_suffix(b"\n") {
            line = l.strip_suffix(b"\r").unwrap_or(l);
        }
        Some(String::from_utf8_lossy(line))
    }
}

impl<'a> Lines<'a> {
    /// The files `paths` name, each read once.
    fn of(paths: impl IntoIterator<Item = &'a str>) -> Self {
        let mut files = HashMap::new();
        for path in paths {
            files.entry(path).or_insert_with(|| FileLines::read(path));
        }
        Lines { files }
    }

    fn line(&self, path: &str, n: u64) -> Option<Cow<'_, str>> {
        let line = self.files.get(path)?.as_ref()?.line(n)?;
        Some(match line {
            Cow::Borrowed(l) => Cow::Borrowed(l.strip_prefix('\u{feff}').unwrap_or(l)),
            Cow::Owned(l) => match l.strip_prefix('\u{feff}') {
                Some(rest) => Cow::Owned(rest.to_string()),
                None => Cow::Owned(l),
            },
        })
    }
}

/// Where an account-level finding points: line 1 of the first input.
fn account_path(a: &Audit) -> &str {
    a.inputs.first().map_or("<stdin>", |i| &i.path)
}

impl Reporter for Sarif {
    /// The log is written as it is made: the run's results are rendered on
    /// all cores a window at a time (see [`render_in_order`]) between the
    /// rest of the log, which serde writes. The bytes are those of
    /// `serde_json::to_writer_pretty` on the whole log.
    fn report(&self, a: &Audit, out: &mut dyn Write) -> io::Result<()> {
        let index: HashMap<&str, usize> = a
            .rules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.code, i))
            .collect();
        // Each finding's subject hash, then which occurrence of its
        // fingerprint it is, in report order.
        let hashes: Vec<u64> = a
            .findings
            .par_iter()
            .map(|f| crate::baseline::subject_hash(f, &a.corpus))
            .collect();
        let mut seen: HashMap<(&str, u64), u32> = HashMap::new();
        let occurrences: Vec<u32> = a
            .findings
            .iter()
            .zip(&hashes)
            .map(|(f, &hash)| {
                let n = seen.entry((f.rule.code, hash)).or_default();
                *n += 1;
                *n
            })
            .collect();
        drop(seen);
        let lines = Lines::of(a.findings.iter().map(|f| match f.post() {
            Some(i) => &*a.corpus.posts[i].source.path,
            None => account_path(a),
        }));

        let log = log(a, Vec::new());
        let whole = serde_json::to_vec_pretty(&log)?;
        // The results go where serde wrote an empty array.
        const EMPTY: &[u8] = b"\"results\": []";
        let at = memchr::memmem::find(&whole, EMPTY).expect("the log has a results array");
        let (head, tail) = (&whole[..at + EMPTY.len() - 1], &whole[at + EMPTY.len()..]);
        let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *out);
        if a.findings.is_empty() {
            buffered.write_all(&whole)?;
        } else {
            buffered.write_all(head)?;
            let mut first = true;
            render_in_order(
                a.findings.len(),
                700,
                |i, buf, _| {
                    buf.extend_from_slice(b",\n        ");
                    let f = &a.findings[i];
                    let result = result(a, f, (hashes[i], occurrences[i]), &index, &lines);
                    serialize_at(&result, 4, buf)
                },
                |chunk| {
                    // The first result has no comma before it.
                    let skip = usize::from(std::mem::take(&mut first));
                    buffered.write_all(&chunk[skip..])
                },
            )?;
            buffered.write_all(b"\n      ]")?;
            buffered.write_all(tail)?;
        }
        writeln!(buffered)?;
        buffered.flush()
    }
}

/// The log, with the given results.
fn log<'a>(a: &'a Audit, results: Vec<SarifResult<'a>>) -> Log<'a> {
    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: env!("CARGO_PKG_NAME"),
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: a.rules.iter().map(|m| descriptor(m)).collect(),
                },
            },
            results,
            column_kind: "unicodeCodePoints",
        }],
    }
}

/// One finding's result; `(hash, n)` are its subject hash and which
/// occurrence of its fingerprint it is.
fn result<'a>(
    a: &Audit,
    f: &'a Finding,
    (hash, n): (u64, u32),
    index: &HashMap<&str, usize>,
    lines: &Lines,
) -> SarifResult<'a> {
    let (path, line) = match f.post() {
        Some(i) => {
            let s = &a.corpus.posts[i].source;
            (&*s.path, s.line)
        }
        None => (account_path(a), 1),
    };
    let (start, end) = columns(a, f, lines.line(path, line).as_deref());
    let message = match f.post() {
        Some(_) => one_line(&f.message(&a.corpus)),
        None => one_line(&format!("account: {}", f.message(&a.corpus))),
    };
    SarifResult {
        rule_id: f.rule.code,
        rule_index: index.get(f.rule.code).copied(),
        level: level(f.severity),
        message: Text { text: message },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: uri(path) },
                region: Region {
                    start_line: line,
                    start_column: start,
                    end_line: line,
                    end_column: end,
                },
            },
        }],
        partial_fingerprints: Fingerprints {
            primary_location_line_hash: format!("{hash:016x}:{n}"),
            postaudit: format!("{}:{hash:016x}", f.rule.code),
        },
    }
}

/// The 1-based columns (end exclusive) a finding covers on its line: the
/// matched phrase where it can be found on the line, else the whole line.
fn columns(a: &Audit, f: &Finding, line: Option<&str>) -> (usize, usize) {
    let Some(line) = line else {
        return (1, 2);
    };
    if let Some((span, i)) = f.span().zip(f.post()) {
        let phrase = span.slice(&a.corpus.posts[i].text);
        if let Some(at) = line.find(phrase) {
            let start = line[..at].chars().count() + 1;
            return (start, start + phrase.chars().count());
        }
    }
    (1, line.chars().count().max(1) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_relative_uri_references() {
        assert_eq!(uri("./data/my posts.csv"), "data/my%20posts.csv");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("a\\b.csv"), "a/b.csv");
    }

    fn file_lines(bytes: &[u8]) -> FileLines {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        std::fs::write(&path, bytes).unwrap();
        FileLines::read(path.to_str().unwrap()).unwrap()
    }

    proptest::proptest! {
        #[test]
        fn a_line_is_the_line_the_whole_file_read_as_text_has(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just(b'\n'),
                    proptest::strategy::Just(b'\r'),
                    proptest::strategy::Just(b'a'),
                    proptest::strategy::Just(0xE2u8),
                    proptest::strategy::Just(0x82u8),
                    proptest::strategy::Just(0xFFu8),
                    proptest::num::u8::ANY,
                ],
                0..40,
            ),
        ) {
            let lines = file_lines(&bytes);
            let text = String::from_utf8_lossy(&bytes);
            let whole: Vec<&str> = text.lines().collect();
            for n in 0..whole.len() as u64 + 3 {
                let want = n.checked_sub(1).and_then(|i| whole.get(i as usize).copied());
                let got = lines.line(n);
                proptest::prop_assert_eq!(got.as_deref(), want, "line {}", n);
            }
        }
    }

    #[test]
    fn lines_are_split_as_text_lines_are() {
        let lines = file_lines(b"\xEF\xBB\xBFid,text\r\n1,caf\xC3\xA9\n2,bad \xFF\r\n\n3,end\r");
        assert_eq!(lines.line(1).as_deref(), Some("\u{feff}id,text"));
        assert_eq!(lines.line(2).as_deref(), Some("1,café"));
        assert_eq!(lines.line(3).as_deref(), Some("2,bad \u{fffd}"));
        assert_eq!(lines.line(4).as_deref(), Some(""));
        assert_eq!(lines.line(5).as_deref(), Some("3,end\r"));
        assert_eq!(lines.line(6), None);
        assert_eq!(lines.line(0), None);
        let files = Lines {
            files: HashMap::from([("export.csv", Some(lines))]),
        };
        assert_eq!(files.line("export.csv", 1).as_deref(), Some("id,text"));
        assert_eq!(files.line("other.csv", 1), None);
    }

    /// The log as first written: every result made in turn (the
    /// occurrences counted by fingerprint string, each input's lines read
    /// as text), then the whole log through serde.
    fn whole_log(a: &Audit) -> Vec<u8> {
        let index: HashMap<&str, usize> = a
            .rules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.code, i))
            .collect();
        let mut texts: HashMap<String, Option<Vec<String>>> = HashMap::new();
        let mut seen: HashMap<String, u32> = HashMap::new();
        let mut results = Vec::new();
        for f in &a.findings {
            let (path, line) = crate::report::location(a, f);
            let lines = texts.entry(path.clone()).or_insert_with(|| {
                std::fs::read(&path).ok().map(|bytes| {
                    String::from_utf8_lossy(&bytes)
                        .lines()
                        .map(str::to_string)
                        .collect()
                })
            });
            let text = lines
                .as_ref()
                .and_then(|l| l.get(usize::try_from(line).ok()? - 1))
                .map(|l| l.strip_prefix('\u{feff}').unwrap_or(l));
            let fingerprint = a.fingerprint(f);
            let n = seen.entry(fingerprint.clone()).or_default();
            *n += 1;
            let hash = u64::from_str_radix(&fingerprint[fingerprint.len() - 16..], 16).unwrap();
            let mut r = result(a, f, (hash, *n), &index, &Lines::of([]));
            let (start, end) = columns(a, f, text);
            r.locations[0].physical_location.region.start_column = start;
            r.locations[0].physical_location.region.end_column = end;
            r.partial_fingerprints.postaudit = fingerprint;
            results.push(r);
        }
        let mut whole = serde_json::to_vec_pretty(&log(a, results)).unwrap();
        whole.push(b'\n');
        whole
    }

    #[test]
    fn the_log_written_in_pieces_is_the_whole_log() {
        for paths in [
            &["fixtures/realistic-brand.csv", "fixtures/calendar.csv"][..],
            &["fixtures/bom-crlf.csv"],
            &["fixtures/header-only.csv"],
            &["fixtures/platforms/mastodon"],
        ] {
            let a = crate::report::json::tests::audit_of(paths);
            let mut got = Vec::new();
            Sarif.report(&a, &mut got).unwrap();
            assert!(got == whole_log(&a), "{paths:?}");
        }
        // Results across the renderer's runs, fingerprints that recur, and
        // phrases after a character of two bytes.
        let dir = tempfile::tempdir().unwrap();
        let a = crate::report::json::tests::audit_of_many(dir.path());
        let mut got = Vec::new();
        Sarif.report(&a, &mut got).unwrap();
        assert!(got == whole_log(&a), "many.csv");
    }

    #[test]
    fn clips_long_descriptions() {
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }
}
