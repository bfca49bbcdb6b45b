//! `--format json`: one document, schema version [`SCHEMA_VERSION`],
//! documented in README. Fields are only ever added within a version.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::audit::Audit;
use crate::corpus::Account;
use crate::metrics::Metrics;
use crate::model::{InputWarning, Kind, Skipped, Source};
use crate::report::Reporter;
use crate::report::json_object::{self, ObjectWriter};
use crate::rules::Finding;

pub const SCHEMA_VERSION: u32 = 1;

pub struct Json;

#[derive(Serialize)]
pub struct Document<'a> {
    pub version: u32,
    pub tool: Tool,
    pub inputs: Vec<Input<'a>>,
    pub account: &'a Account,
    pub summary: Summary<'a>,
    /// Built element by element as they are written, never all at once.
    pub findings: Lazy<'a, JsonFinding<'a>>,
    pub posts: Lazy<'a, JsonPost<'a>>,
    pub skipped: &'a [Skipped],
    pub warnings: &'a [InputWarning],
}

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Serialize)]
pub struct Input<'a> {
    pub path: &'a str,
    pub format: &'static str,
}

/// The summary; `M` is the metrics (a streamed audit has fewer, see
/// [`crate::stream`]).
#[derive(Serialize)]
pub struct Summary<'a, M: Serialize = Metrics> {
    pub records: usize,
    pub posts: usize,
    pub audience: usize,
    pub skipped: usize,
    pub warnings: usize,
    pub findings: SeverityCounts,
    /// Findings silenced by their record (`postaudit-ignore`).
    pub suppressed: usize,
    /// Findings left out because the baseline lists them.
    pub baselined: usize,
    pub score: Option<u8>,
    pub principles: BTreeMap<&'static str, Option<u8>>,
    /// Per scored principle, what each rule's findings took off its score,
    /// the costliest first: why the score is what it is.
    pub costs: BTreeMap<&'static str, Vec<JsonCost>>,
    pub metrics: &'a M,
}

/// The points one rule's findings took off a principle score.
#[derive(Serialize)]
pub struct JsonCost {
    pub rule: &'static str,
    pub name: &'static str,
    /// Findings of the rule that count toward the score.
    pub findings: usize,
    /// Points taken off, before the score is rounded and kept within
    /// 0-100; to two decimals.
    pub points: f64,
}

#[derive(Serialize)]
pub struct SeverityCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

#[derive(Serialize)]
pub struct JsonFinding<'a> {
    pub rule: &'static str,
    pub name: &'static str,
    pub principle: &'static str,
    pub severity: &'static str,
    pub message: Cow<'a, str>,
    pub post_id: Option<&'a str>,
    pub source: Option<&'a Source>,
    pub span: Option<JsonSpan<'a>>,
    /// Stable across edits elsewhere in the file (see `--baseline`).
    pub fingerprint: Fingerprint,
}

/// A finding's fingerprint, `P001:` and 16 hex digits (see
/// [`crate::baseline::fingerprint`]), kept as its parts until written.
pub struct Fingerprint {
    pub rule: &'static str,
    pub hash: u64,
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{:016x}", self.rule, self.hash)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Fingerprint {
    /// As a JSON string: `"P001:0123456789abcdef"`.
    fn write_json(&self, out: &mut Vec<u8>) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.push(b'"');
        out.extend_from_slice(self.rule.as_bytes());
        out.push(b':');
        out.extend(
            (0..16)
                .rev()
                .map(|i| HEX[(self.hash >> (i * 4)) as usize & 15]),
        );
        out.push(b'"');
    }
}

/// What one element of a long array shares with the element before it,
/// kept while a run of elements is rendered: the last record's fingerprint
/// hash (a record with findings often has several, one after another) and
/// the last input path, escaped (an input's records all have the same).
#[derive(Default)]
pub struct Shared {
    post: Option<(usize, u64)>,
    path: Option<(Arc<str>, Vec<u8>)>,
}

impl Shared {
    /// [`crate::baseline::subject_hash`] of `f`, computed once per record.
    pub(crate) fn subject_hash(&mut self, a: &Audit, f: &Finding) -> u64 {
        match (f.post(), self.post) {
            (Some(i), Some((last, hash))) if i == last => hash,
            _ => {
                let hash = crate::baseline::subject_hash(f, &a.corpus);
                if let Some(i) = f.post() {
                    self.post = Some((i, hash));
                }
                hash
            }
        }
    }

    /// `path` as a JSON string, escaped once per input.
    fn path(&mut self, path: &Arc<str>) -> &[u8] {
        if !self
            .path
            .as_ref()
            .is_some_and(|(p, _)| Arc::ptr_eq(p, path))
        {
            let mut json = Vec::with_capacity(path.len() + 2);
            json_object::write_str(&mut json, path);
            self.path = Some((Arc::clone(path), json));
        }
        &self.path.as_ref().expect("just set").1
    }
}

impl<'a> JsonFinding<'a> {
    pub fn new(a: &'a Audit, f: &'a Finding) -> Self {
        Self::with(a, f, &mut Shared::default())
    }

    /// [`JsonFinding::new`], with what it shares with the finding before.
    pub fn with(a: &'a Audit, f: &'a Finding, shared: &mut Shared) -> Self {
        let post = f.post().map(|i| &a.corpus.posts[i]);
        JsonFinding {
            rule: f.rule.code,
            name: f.rule.name,
            principle: f.rule.principle.id(),
            severity: f.severity.name(),
            message: f.message(&a.corpus),
            post_id: post.map(|p| p.id.as_str()),
            source: post.map(|p| &p.source),
            span: f.span().zip(post).map(|(s, p)| {
                let (start, end) = s.to_chars(&p.text);
                JsonSpan {
                    start,
                    end,
                    text: s.slice(&p.text),
                }
            }),
            fingerprint: Fingerprint {
                rule: f.rule.code,
                hash: shared.subject_hash(a, f),
            },
        }
    }

    /// Writes the finding as its derived `Serialize` does, pretty at
    /// `depth` or compact with `None` (see [`ObjectWriter`]), with what it
    /// shares with the element before.
    pub fn write_json_with(&self, out: &mut Vec<u8>, depth: Option<usize>, shared: &mut Shared) {
        let mut o = ObjectWriter::begin(out, depth);
        o.plain("rule", self.rule);
        o.plain("name", self.name);
        o.plain("principle", self.principle);
        o.plain("severity", self.severity);
        o.str("message", &self.message);
        o.opt_str("post_id", self.post_id);
        match self.source {
            Some(s) => s.write_json(o.object("source"), shared),
            None => o.null("source"),
        }
        match &self.span {
            Some(span) => {
                let mut s = o.object("span");
                s.uint("start", span.start as u64);
                s.uint("end", span.end as u64);
                s.str("text", span.text);
                s.end();
            }
            None => o.null("span"),
        }
        o.raw("fingerprint", |out| self.fingerprint.write_json(out));
        o.end();
    }
}

/// A matched phrase: `start`/`end` count Unicode characters (code points)
/// from the start of the post's text, end exclusive.
#[derive(Serialize)]
pub struct JsonSpan<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct JsonPost<'a> {
    pub id: &'a str,
    pub score: u8,
    pub source: &'a Source,
    /// `post` or `share` (a retweet, boost or repost of someone else's).
    pub kind: Kind,
    /// As the export says, or the `platform.default` setting.
    pub platform: Option<&'a str>,
    /// The id of the record this one replies to, as the export gives it.
    pub parent_id: Option<&'a str>,
    /// True for a scheduled post from a content calendar.
    pub planned: bool,
    pub campaign: Option<&'a str>,
    /// A content calendar's workflow status (`draft`, `scheduled` ...).
    pub status: Option<&'a str>,
}

/// An array of the audit's items, serialized as the JSON elements `make`
/// builds from them one at a time: a long array never exists twice over.
pub struct Lazy<'a, T> {
    audit: &'a Audit,
    len: usize,
    make: fn(&'a Audit, usize) -> T,
}

impl<'a, T: Serialize> Lazy<'a, T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The element for item `i`.
    pub fn get(&self, i: usize) -> T {
        (self.make)(self.audit, i)
    }
}

impl<T: Serialize> Serialize for Lazy<'_, T> {
    fn serialize<Z: serde::Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {
        z.collect_seq((0..self.len()).map(|i| self.get(i)))
    }
}

impl<'a> JsonPost<'a> {
    fn new(a: &'a Audit, &(i, score): &'a (usize, u8)) -> Self {
        let p = &a.corpus.posts[i];
        JsonPost {
            id: &p.id,
            score,
            source: &p.source,
            kind: p.kind,
            platform: p.platform.as_deref(),
            parent_id: p.parent_id.as_deref(),
            planned: p.planned,
            campaign: p.campaign(),
            status: p.status(),
        }
    }

    /// Writes the post as its derived `Serialize` does (see
    /// [`JsonFinding::write_json_with`]).
    pub fn write_json(&self, out: &mut Vec<u8>, depth: Option<usize>, shared: &mut Shared) {
        let mut o = ObjectWriter::begin(out, depth);
        o.str("id", self.id);
        o.uint("score", self.score.into());
        self.source.write_json(o.object("source"), shared);
        o.plain("kind", self.kind.name());
        o.opt_str("platform", self.platform);
        o.opt_str("parent_id", self.parent_id);
        o.bool("planned", self.planned);
        o.opt_str("campaign", self.campaign);
        o.opt_str("status", self.status);
        o.end();
    }
}

impl Source {
    /// The fields of a record's `source` object, then its end.
    fn write_json(&self, mut o: ObjectWriter<'_>, shared: &mut Shared) {
        o.raw("path", |out| out.extend_from_slice(shared.path(&self.path)));
        o.uint("line", self.line);
        o.end();
    }
}

impl<'a> Document<'a> {
    pub fn new(a: &'a Audit) -> Self {
        let c = &a.corpus;
        let findings = Lazy {
            audit: a,
            len: a.findings.len(),
            make: |a, i| JsonFinding::new(a, &a.findings[i]),
        };
        let posts = Lazy {
            audit: a,
            len: a.scores.posts.len(),
            make: |a, i| JsonPost::new(a, &a.scores.posts[i]),
        };
        Document {
            version: SCHEMA_VERSION,
            tool: Tool {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
            inputs: a
                .inputs
                .iter()
                .map(|i| Input {
                    path: &i.path,
                    format: i.format.name(),
                })
                .collect(),
            account: &c.account,
            summary: Summary::new(a),
            findings,
            posts,
            skipped: &c.skipped,
            warnings: &c.warnings,
        }
    }
}

impl<'a> Summary<'a> {
    pub fn new(a: &'a Audit) -> Self {
        let c = &a.corpus;
        let [info, warning, error] = a.counts();
        Summary {
            records: c.records_read,
            posts: a.metrics.account_posts,
            audience: c.audience_count(),
            skipped: c.skipped.len(),
            warnings: c.warnings.len(),
            findings: SeverityCounts {
                error,
                warning,
                info,
            },
            suppressed: a.suppressed,
            baselined: a.baselined,
            score: a.scores.account,
            principles: a
                .scores
                .principles
                .iter()
                .map(|(p, s)| (p.id(), *s))
                .collect(),
            costs: a
                .scores
                .costs
                .iter()
                .map(|(p, costs)| {
                    let costs = costs
                        .iter()
                        .map(|c| JsonCost {
                            rule: c.rule.code,
                            name: c.rule.name,
                            findings: c.findings,
                            points: (c.points * 100.0).round() / 100.0,
                        })
                        .collect();
                    (p.id(), costs)
                })
                .collect(),
            metrics: &a.metrics,
        }
    }
}

impl Reporter for Json {
    fn report(&self, audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
        let mut buf = io::BufWriter::with_capacity(1 << 16, out);
        write_pretty(&Document::new(audit), &mut buf)?;
        writeln!(buf)?;
        buf.flush()
    }
}

/// The document as `serde_json::to_writer_pretty` writes it, byte for
/// byte, with the long arrays rendered on all cores: each element is
/// written pretty on its own and indented to its depth (serde_json escapes
/// newlines in strings, so every newline it writes is layout).
pub fn write_pretty(doc: &Document, out: &mut impl Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Head<'a> {
        version: u32,
        tool: &'a Tool,
        inputs: &'a [Input<'a>],
        account: &'a Account,
        summary: &'a Summary<'a>,
    }
    let head = serde_json::to_vec_pretty(&Head {
        version: doc.version,
        tool: &doc.tool,
        inputs: &doc.inputs,
        account: doc.account,
        summary: &doc.summary,
    })?;
    // All but the closing "\n}": the arrays follow.
    out.write_all(&head[..head.len() - 2])?;
    // The long arrays are written field by field; the short ones through
    // serde.
    let a = doc.findings.audit;
    write_array(
        out,
        "findings",
        doc.findings.len(),
        768,
        |i, buf, shared| {
            JsonFinding::with(a, &a.findings[i], shared).write_json_with(buf, Some(2), shared);
            Ok(())
        },
    )?;
    write_array(out, "posts", doc.posts.len(), 384, |i, buf, shared| {
        doc.posts.get(i).write_json(buf, Some(2), shared);
        Ok(())
    })?;
    write_array(out, "skipped", doc.skipped.len(), 256, |i, buf, _| {
        serialize_nested(&doc.skipped[i], buf)
    })?;
    write_array(out, "warnings", doc.warnings.len(), 256, |i, buf, _| {
        serialize_nested(&doc.warnings[i], buf)
    })?;
    out.write_all(b"\n}")
}

/// An element of a top-level array, through serde.
fn serialize_nested(item: &impl Serialize, buf: &mut Vec<u8>) -> io::Result<()> {
    serialize_at(item, 2, buf)
}

/// `item` as serde_json's pretty writer lays it out `depth` levels deep in
/// a document.
pub(crate) fn serialize_at(
    item: &impl Serialize,
    depth: usize,
    buf: &mut Vec<u8>,
) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(buf, Nested::new(depth));
    Ok(item.serialize(&mut ser)?)
}

/// Writes `,\n  "key": [...]` as a field of the top-level object, whose
/// `len` elements `render` writes, each as it is laid out two levels deep
/// (about `size` bytes each).
fn write_array(
    out: &mut impl Write,
    key: &str,
    len: usize,
    size: usize,
    render: impl Fn(usize, &mut Vec<u8>, &mut Shared) -> io::Result<()> + Sync,
) -> io::Result<()> {
    write!(out, ",\n  \"{key}\": ")?;
    if len == 0 {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let mut first = true;
    render_in_order(
        len,
        size + 6,
        |i, buf, shared| {
            buf.extend_from_slice(b",\n    ");
            render(i, buf, shared)
        },
        |chunk| {
            // The first element of the array has no comma before it.
            let skip = usize::from(std::mem::take(&mut first));
            out.write_all(&chunk[skip..])
        },
    )?;
    out.write_all(b"\n  ]")
}

/// Renders elements `0..len` on all cores, a run of them per task, and
/// hands the rendered runs to `write` in order. Tasks run a window at a
/// time, so memory stays bounded however many elements there are. `size`
/// is about the bytes of one element.
pub(crate) fn render_in_order(
    len: usize,
    size: usize,
    render: impl Fn(usize, &mut Vec<u8>, &mut Shared) -> io::Result<()> + Sync,
    mut write: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    /// Elements rendered by one task.
    const CHUNK: usize = 512;
    const WINDOW: usize = 64 * CHUNK;
    let run = |chunk: Range<usize>| -> io::Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(chunk.len() * size);
        let mut shared = Shared::default();
        for i in chunk {
            render(i, &mut buf, &mut shared)?;
        }
        Ok(buf)
    };
    for window in (0..len).step_by(WINDOW) {
        let end = (window + WINDOW).min(len);
        let rendered: Vec<io::Result<Vec<u8>>> = (window..end)
            .step_by(CHUNK)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|chunk| run(chunk..(chunk + CHUNK).min(end)))
            .collect();
        for chunk in rendered {
            write(&chunk?)?;
        }
    }
    Ok(())
}

/// serde_json's `PrettyFormatter` (two spaces a level) for a value that
/// starts `depth` levels deep: each of its lines is indented as it would be
/// in the whole document.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn new(depth: usize) -> Self {
        Nested {
            depth,
            has_value: false,
        }
    }

    fn line(&self, out: &mut (impl Write + ?Sized), first: bool) -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(out)
    }

    fn indent(&self, out: &mut (impl Write + ?Sized)) -> io::Result<()> {
        for _ in 0..self.depth {
            out.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open(&mut self, out: &mut (impl Write + ?Sized), bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close(&mut self, out: &mut (impl Write + ?Sized), bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            self.indent(out)?;
        }
        out.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.line(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.line(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::audit::{self, AuditOptions};
    use crate::load::{self, LoadOptions};

    /// The audit of fixtures with every rule and the default settings.
    pub(crate) fn audit_of(paths: &[&str]) -> Audit {
        let paths: Vec<String> = paths
            .iter()
            .map(|p| match std::path::Path::new(p).is_absolute() {
                true => p.to_string(),
                false => format!("{}/{p}", env!("CARGO_MANIFEST_DIR")),
            })
            .collect();
        let (data, inputs) = load::load_inputs(&paths, &LoadOptions::default()).unwrap();
        audit::run(
            data,
            inputs,
            AuditOptions {
                accounts: Vec::new(),
                rules: crate::rules::ALL.to_vec(),
                settings: Default::default(),
            },
        )
    }

    /// The audit of 1,500 records written to `dir`, with more than 1,200
    /// findings: records with several, texts that recur, phrases after a
    /// character of two bytes.
    pub(crate) fn audit_of_many(dir: &std::path::Path) -> Audit {
        let path = dir.join("many.csv");
        let mut csv = String::from("id,author,created_at,text\n");
        for i in 0..1500 {
            let text = match i % 4 {
                0 => "Flash sale! 20% off, shop now".to_string(),
                1 => format!("Café news {}: buy now before it ends", i % 7),
                2 => format!("What do you brew on day {i}?"),
                _ => "We are the best, our beans are the best".to_string(),
            };
            csv.push_str(&format!(
                "{i},brand,2026-03-02 09:{:02},\"{text}\"\n",
                i % 60
            ));
        }
        std::fs::write(&path, csv).unwrap();
        let a = audit_of(&[path.to_str().unwrap()]);
        assert!(a.findings.len() > 1200, "{}", a.findings.len());
        a
    }

    #[test]
    fn long_arrays_render_across_chunks_and_windows() {
        let items: Vec<(u32, String, Vec<Vec<u8>>)> = (0..70_001)
            .map(|i| {
                let nested = if i % 3 == 0 {
                    vec![]
                } else {
                    vec![vec![], vec![1, 2]]
                };
                (i, format!("item \"{i}\"\nline"), nested)
            })
            .collect();
        let mut got = b"{\n  \"a\": 1".to_vec();
        let render = |i: usize, buf: &mut Vec<u8>, _: &mut Shared| serialize_nested(&items[i], buf);
        write_array(&mut got, "x", items.len(), 32, render).unwrap();
        write_array(&mut got, "y", 0, 32, render).unwrap();
        got.extend_from_slice(b"\n}");
        let want =
            serde_json::to_vec_pretty(&serde_json::json!({"a": 1, "x": items, "y": []})).unwrap();
        assert!(got == want, "differs");
    }

    #[test]
    fn runs_are_written_in_order_across_chunks_and_windows() {
        let len = 100_003;
        let mut got = Vec::new();
        render_in_order(
            len,
            8,
            |i, buf, _| {
                writeln!(buf, "{i}")?;
                Ok(())
            },
            |run| {
                got.extend_from_slice(run);
                Ok(())
            },
        )
        .unwrap();
        let want: String = (0..len).map(|i| format!("{i}\n")).collect();
        assert!(got == want.as_bytes(), "out of order");
    }

    #[test]
    fn a_record_hash_is_shared_only_with_the_same_record() {
        let a = audit_of(&["fixtures/larkspur.csv", "fixtures/bad-rows.csv"]);
        let mut shared = Shared::default();
        for f in &a.findings {
            let want = crate::baseline::subject_hash(f, &a.corpus);
            assert_eq!(shared.subject_hash(&a, f), want);
        }
        let path = |p: &str| {
            let mut want = Vec::new();
            json_object::write_str(&mut want, p);
            want
        };
        for p in a.corpus.posts.iter().rev() {
            assert_eq!(shared.path(&p.source.path), path(&p.source.path));
        }
    }

    #[test]
    fn parallel_rendering_is_byte_for_byte_serde_json_pretty() {
        for paths in [
            &["fixtures/larkspur.csv"][..],
            &["fixtures/bad-rows.csv", "fixtures/larkspur.ndjson"],
            &["fixtures/header-only.csv"],
        ] {
            let a = audit_of(paths);
            let doc = Document::new(&a);
            let want = serde_json::to_vec_pretty(&doc).unwrap();
            let mut got = Vec::new();
            write_pretty(&doc, &mut got).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
                "{paths:?}"
            );
        }
    }
}
