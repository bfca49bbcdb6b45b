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

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::audit::Audit;
use crate::report::{Reporter, location, one_line, rule_summary};
use crate::rules::{RuleMeta, Severity};

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

/// The lines of the inputs that can be read again (not stdin), for columns.
struct Lines {
    files: HashMap<String, Option<Vec<String>>>,
}

impl Lines {
    fn line(&mut self, path: &str, n: u64) -> Option<&str> {
        let lines = self.files.entry(path.to_string()).or_insert_with(|| {
            std::fs::read(path).ok().map(|bytes| {
                String::from_utf8_lossy(&bytes)
                    .lines()
                    .map(str::to_string)
                    .collect()
            })
        });
        let line = lines
            .as_ref()?
            .get(usize::try_from(n).ok()?.checked_sub(1)?)?;
        Some(line.strip_prefix('\u{feff}').unwrap_or(line))
    }
}

impl Reporter for Sarif {
    fn report(&self, a: &Audit, out: &mut dyn Write) -> io::Result<()> {
        let index: HashMap<&str, usize> = a
            .rules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.code, i))
            .collect();
        let mut lines = Lines {
            files: HashMap::new(),
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut results = Vec::with_capacity(a.findings.len());
        for f in &a.findings {
            let (path, line) = location(a, f);
            let (start, end) = columns(a, f, lines.line(&path, line));
            let fingerprint = a.fingerprint(f);
            let n = seen.entry(fingerprint.clone()).or_default();
            *n += 1;
            let message = match f.post {
                Some(_) => one_line(&f.message),
                None => one_line(&format!("account: {}", f.message)),
            };
            let hash = &fingerprint[fingerprint.len() - 16..];
            results.push(SarifResult {
                rule_id: f.rule.code,
                rule_index: index.get(f.rule.code).copied(),
                level: level(f.severity),
                message: Text { text: message },
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation { uri: uri(&path) },
                        region: Region {
                            start_line: line,
                            start_column: start,
                            end_line: line,
                            end_column: end,
                        },
                    },
                }],
                partial_fingerprints: Fingerprints {
                    primary_location_line_hash: format!("{hash}:{n}"),
                    postaudit: fingerprint,
                },
            });
        }
        let log = Log {
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
        };
        // serde_json writes a few bytes at a time: into a buffer of a
        // known type, its writes are copies, not calls through `out`.
        let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *out);
        serde_json::to_writer_pretty(&mut buffered, &log)?;
        writeln!(buffered)?;
        buffered.flush()
    }
}

/// The 1-based columns (end exclusive) a finding covers on its line: the
/// matched phrase where it can be found on the line, else the whole line.
fn columns(a: &Audit, f: &crate::rules::Finding, line: Option<&str>) -> (usize, usize) {
    let Some(line) = line else {
        return (1, 2);
    };
    if let Some((span, i)) = f.span.zip(f.post) {
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

    #[test]
    fn clips_long_descriptions() {
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }
}
