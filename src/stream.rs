//! Streamed audits: `check --format ndjson` in bounded memory, when every
//! selected rule is record-local.
//!
//! A **record-local** rule judges a record from that record alone: its
//! text, its fields, and whether the account wrote it. It never looks at
//! other records (threads, replies, near-duplicates across the export, the
//! account's timeline), so its findings on a record are the same whatever
//! else the export holds. [`is_record_local`] says which rules are; the
//! test `record_local_rules_judge_a_record_alone` checks the claim on every
//! fixture, and fails if a rule that looks at other records is declared
//! local.
//!
//! When the output is ndjson, every selected rule is record-local, and the
//! inputs are CSV, TSV or NDJSON, or JSON (an array of records, or an
//! object holding one), the records are read a chunk at a time ([`CHUNK`]
//! records), each chunk is linked with the account fixed, audited, and its
//! `finding` lines written in input order before the next chunk is read.
//! Without `--account` (or `account` in the settings), a first pass over
//! the inputs infers the account exactly as a whole load does. Standard
//! input and pipes can be read only once: with an account, a CSV, TSV or
//! NDJSON one streams as it comes; otherwise (a first pass, or a JSON check)
//! it is first copied to a temporary file ([`load::spool`]), which is read
//! instead. Anything else (other formats, directories, archives,
//! `--write-baseline`, rules that look across records, `--no-stream`)
//! loads the whole input as usual; `-v` says why.
//!
//! The output is the whole load's, line for line: the same `finding` lines
//! in the same order, the same `skipped` and `warning` lines, and the same
//! `summary` with its counts and scores, except the metrics that need the
//! reply threads (`replies_to_people`, `reply_share`,
//! `comments_to_account`, `comments_answered`, `response_rate`,
//! `median_response_minutes`): they are `null`, as no reply thread is
//! linked. `--baseline` works record by record (fingerprints depend on the
//! record alone).
//!
//! What is kept across chunks: the counts (among them the account's records
//! linked so far, which decide when records get their cues: see
//! [`crate::corpus::CUED_FROM`]), one 16-byte fingerprint per
//! record id (a record whose id repeats an earlier one is skipped, as in a
//! whole load; after a first pass, only the places of the repeats), the
//! author counts of the first pass, and the `skipped` and
//! `warning` lines, which come after the findings. Every file's header is
//! read before anything is written, so a file that cannot be read ends the
//! run with nothing written, as in a whole load; but a fatal error found
//! mid-way (an input that fails to read part way, or a CSV header on
//! standard input or a pipe streamed as it comes, after other inputs) ends
//! it with exit 2 after the findings of the chunks before it. A line of an
//! NDJSON file that is not UTF-8 is skipped, as in a whole load.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::hash::BuildHasher as _;
use std::io::{self, BufRead, BufReader, IsTerminal as _, Read, Seek as _, Write};
use std::path::Path;
use std::sync::{Arc, mpsc};
use std::thread;

use anyhow::Context as _;
use serde::Serialize;

use crate::audit::{self, AuditOptions};
use crate::baseline::{self, Baseline};
use crate::config::Settings;
use crate::corpus::{Account, AuthorTally, Corpus};
use crate::load::fields::Brief;
use crate::load::{self, InputFormat, InputSummary, LoadOptions, archive};
use crate::metrics::Metrics;
use crate::model::{Dataset, InputWarning, Post, Skipped, Source, normalize_handle};
use crate::progress::Progress;
use crate::report::json::{JsonCost, SeverityCounts, Summary};
use crate::report::ndjson::{write_finding_lines, write_line};
use crate::rules::platform::record_platform;
use crate::rules::{self, Principle, Rule, RuleMeta, Scope, Severity};
use crate::score::post_penalty;

/// Records audited at a time.
pub const CHUNK: usize = 4096;

/// The built-in post-level rules that judge a record from that record
/// alone (see the module documentation). Custom rules of `postaudit.toml`
/// match the record's own text, so they are record-local too.
pub const RECORD_LOCAL: &[&str] = &[
    "D001", "P002", "P003", "P004", "A002", "A004", "A005", "A006", "A007", "V001", "V002", "F001",
    "F002", "F003", "F004",
];

/// True when `rule` judges each record from that record alone.
pub fn is_record_local(rule: &dyn Rule) -> bool {
    let m = rule.meta();
    let custom = !rules::ALL.iter().any(|r| r.meta().code == m.code);
    m.scope == Scope::Post && (custom || RECORD_LOCAL.contains(&m.code))
}

/// One input to stream.
pub struct Input {
    /// As given on the command line (`-` for standard input).
    arg: String,
    summary: InputSummary,
    /// Where a JSON file's array of records starts.
    array: Option<load::json_array::ArrayAt>,
    /// A pipe (anything but a regular file), opened once with its first
    /// bytes peeked at, taken by the one [`Reader`] that reads it.
    pipe: Option<std::sync::Mutex<Option<BufReader<File>>>>,
    /// Standard input or a pipe copied to a temporary file (see
    /// [`load::spool`]), read from there as often as needed.
    copy: Option<Arc<File>>,
}

impl Input {
    /// Standard input or a pipe not copied: read once, so with no first
    /// pass and no look at its header before its turn.
    fn once(&self) -> bool {
        self.copy.is_none() && (self.arg == "-" || self.pipe.is_some())
    }
}

/// What a streamed audit reads: the inputs, and the account when it is
/// known without reading them.
pub struct Plan {
    inputs: Vec<Input>,
    account: Option<Account>,
    /// Records read and audited at a time.
    chunk: usize,
}

/// What the command line and settings ask for, as far as streaming goes.
pub struct Request<'a> {
    pub paths: &'a [String],
    pub load: &'a LoadOptions,
    pub ndjson: bool,
    pub no_stream: bool,
    pub write_baseline: bool,
    /// Records per chunk, [`CHUNK`] when `None` (smaller chunks are for
    /// tests: the output must not depend on where the chunks end).
    pub chunk: Option<usize>,
    /// Where checking a JSON file shows (see [`progress_for`]).
    pub progress: &'a Progress,
}

/// The plan of a streamed audit, or why the input must be loaded whole.
/// Reads only the first bytes of each input (standard input is peeked at,
/// not consumed), except a JSON file, which is checked whole (see
/// [`crate::load::json_array`]).
pub fn plan(
    req: &Request,
    settings: &Settings,
    selected: &[&'static dyn Rule],
) -> Result<Plan, String> {
    if !req.ndjson {
        return Err("the output format is not ndjson".into());
    }
    if req.no_stream {
        return Err("--no-stream".into());
    }
    if let Some(r) = selected.iter().find(|r| !is_record_local(**r)) {
        return Err(format!(
            "rule {} looks at other records (only record-local rules stream: {})",
            r.meta().code,
            RECORD_LOCAL.join(", ")
        ));
    }
    if let Some(r) = selected.iter().find(|r| {
        matches!(
            r.meta().principle,
            Principle::Responsiveness | Principle::Consistency
        )
    }) {
        return Err(format!(
            "the {} score of rule {} is over records found from the threads or the timeline",
            r.meta().principle,
            r.meta().code
        ));
    }
    if req.write_baseline {
        return Err("--write-baseline lists the findings of the whole input".into());
    }
    if req.paths.len() > 255 {
        return Err("more than 255 inputs".into());
    }
    let account = (!settings.account.is_empty()).then(|| Account {
        handles: settings
            .account
            .iter()
            .map(|h| normalize_handle(h))
            .collect(),
        inferred: false,
        named_in: None,
    });
    let mut inputs = Vec::new();
    for p in req.paths {
        // Anything but a regular file (`<(zcat export.csv.gz)`) is a pipe:
        // read once, as standard input is.
        let pipe = load::is_pipe(p);
        let display = load::display_of(p);
        if (p == "-" || pipe) && req.paths.iter().filter(|q| *q == p).count() > 1 {
            return Err(format!("{display} is named twice"));
        }
        if p != "-" && Path::new(p).is_dir() {
            return Err(format!("{p} is a directory"));
        }
        let (head, pipe) = if pipe {
            let (head, reader) = peek_pipe(p).map_err(|e| format!("{p}: {e}"))?;
            (head, Some(reader))
        } else {
            (head_of(p).map_err(|e| format!("{p}: {e}"))?, None)
        };
        if archive::is_zip(&display, &head) {
            return Err(format!("{display} is a .zip archive"));
        }
        let body = load::strip_bom(&head);
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(format!("{display} starts with nothing to read"));
        }
        let (format, why) = match req.load.format {
            InputFormat::Auto => load::detect(&display, body),
            f => (f, "named by --input-format"),
        };
        if !matches!(
            format,
            InputFormat::Csv | InputFormat::Tsv | InputFormat::Ndjson | InputFormat::Json
        ) {
            return Err(format!(
                "{display} is read as {}, which is read whole (CSV, TSV, NDJSON and JSON arrays stream)",
                format.name()
            ));
        }
        // Standard input or a pipe is read twice when the account is
        // inferred, and a JSON one is checked before it streams: copied
        // first, as it comes. A copy that fails part way fails the run
        // (the whole load reports it: see `load::spool`).
        let mut pipe = pipe;
        let copy =
            if (p == "-" || pipe.is_some()) && (account.is_none() || format == InputFormat::Json) {
                req.progress
                    .stage(format!("copying {display} to a temporary file"), None);
                let copied = match pipe.take() {
                    Some(mut reader) => load::spool::copy(p, &mut reader),
                    None => load::spool::copy(p, &mut io::stdin().lock()),
                };
                Some(copied.map_err(|e| format!("{display}: {e}"))?)
            } else {
                None
            };
        let array = match format {
            InputFormat::Json => {
                let src: Box<dyn Read + Send> = match &copy {
                    Some(copy) => Box::new(load::spool::CopyReader::new(Arc::clone(copy), 0)),
                    None => Box::new(File::open(p).map_err(|e| format!("{display}: {e}"))?),
                };
                Some(check_json(src, &display, req.progress)?)
            }
            _ => None,
        };
        inputs.push(Input {
            arg: p.clone(),
            summary: InputSummary {
                path: display,
                format,
                why,
            },
            array,
            pipe: pipe.map(|reader| std::sync::Mutex::new(Some(reader))),
            copy,
        });
    }
    Ok(Plan {
        inputs,
        account,
        chunk: req.chunk.unwrap_or(CHUNK).max(1),
    })
}

/// Whether a JSON input streams, and from where: one a whole load reads
/// without an error, holding an array of records or an object with one,
/// which is checked here (value by value, nothing kept), before anything is
/// written. `src` is the file, or the copy of standard input or a pipe. Any
/// other is loaded whole, which reports what is wrong as always.
fn check_json(
    src: Box<dyn Read + Send>,
    display: &str,
    progress: &Progress,
) -> Result<load::json_array::ArrayAt, String> {
    progress.stage(format!("checking the JSON of {display}"), None);
    match load::json_array::check(BufReader::with_capacity(1 << 16, src), display) {
        Ok(Ok(at)) => Ok(at),
        Ok(Err(why)) => Err(format!(
            "{display} is not JSON a whole load reads ({why}): a whole load says what is wrong"
        )),
        Err(e) => Err(format!("{e:#}")),
    }
}

/// The first bytes of an input, to recognise its format: up to 64 KiB of a
/// file; what standard input has ready, left unread.
fn head_of(p: &str) -> io::Result<Vec<u8>> {
    if p == "-" {
        let mut stdin = io::stdin().lock();
        return Ok(stdin.fill_buf()?.to_vec());
    }
    let mut head = Vec::new();
    File::open(p)?.take(64 * 1024).read_to_end(&mut head)?;
    Ok(head)
}

/// A pipe opened, and the first bytes it has ready, left unread.
fn peek_pipe(p: &str) -> io::Result<(Vec<u8>, BufReader<File>)> {
    let mut reader = BufReader::with_capacity(1 << 16, File::open(p)?);
    Ok((reader.fill_buf()?.to_vec(), reader))
}

impl Plan {
    /// Records read and audited at a time.
    pub fn chunk(&self) -> usize {
        self.chunk
    }

    pub fn inputs(&self) -> impl Iterator<Item = &InputSummary> {
        self.inputs.iter().map(|i| &i.summary)
    }

    /// The inputs copied to a temporary file (standard input or pipes),
    /// with the size of each copy in bytes.
    pub fn copies(&self) -> impl Iterator<Item = (&str, u64)> {
        self.inputs.iter().filter_map(|i| {
            let copy = i.copy.as_ref()?;
            Some((&*i.summary.path, copy.metadata().map_or(0, |m| m.len())))
        })
    }
}

/// Reads the records of one input, a chunk at a time.
enum Reader {
    Table(Box<load::csv::Rows<Box<dyn Read>>>),
    Lines(load::ndjson::Lines<Box<dyn BufRead>>),
    Array(load::json_array::Chunks<Box<dyn BufRead>>),
}

impl Reader {
    fn open(input: &Input, opts: &LoadOptions) -> anyhow::Result<Reader> {
        let path = input.summary.path.clone();
        let offset = input.array.map_or(0, |a| a.offset);
        let src: Box<dyn BufRead> = if let Some(copy) = &input.copy {
            let reader = load::spool::CopyReader::new(Arc::clone(copy), offset);
            Box::new(BufReader::with_capacity(1 << 16, reader))
        } else if input.arg == "-" {
            Box::new(io::stdin().lock())
        } else if let Some(pipe) = &input.pipe {
            let taken = pipe.lock().ok().and_then(|mut p| p.take());
            let Some(reader) = taken else {
                anyhow::bail!("{}: a pipe is read once", input.arg);
            };
            Box::new(reader)
        } else {
            let mut file = File::open(&input.arg)
                .with_context(|| format!("{}: cannot read the file", input.arg))?;
            if let Some(array) = input.array {
                file.seek(io::SeekFrom::Start(array.offset))
                    .with_context(|| format!("{}: cannot read the file", input.arg))?;
            }
            Box::new(BufReader::with_capacity(1 << 16, file))
        };
        Ok(match input.summary.format {
            InputFormat::Ndjson => Reader::Lines(load::ndjson::Lines::new(src, path)),
            InputFormat::Json => {
                let line = input.array.map_or(1, |a| a.line);
                Reader::Array(load::json_array::Chunks::new(src, path, line))
            }
            f => {
                let delimiter = if f == InputFormat::Tsv { b'\t' } else { b',' };
                let src: Box<dyn Read> = Box::new(src);
                Reader::Table(Box::new(load::csv::Rows::new(src, path, delimiter, opts)?))
            }
        })
    }

    /// Up to `max` more records into `out`; false at the end.
    fn read(&mut self, max: usize, opts: &LoadOptions, out: &mut Dataset) -> anyhow::Result<bool> {
        match self {
            Reader::Table(rows) => rows.read(max, out),
            Reader::Lines(lines) => lines.read(max, opts, out),
            Reader::Array(array) => array.read(max, opts, out),
        }
    }

    /// [`Reader::read`] for the first pass: the [`Brief`]s of the posts it
    /// would read into a dataset, without building them.
    fn read_briefs(
        &mut self,
        max: usize,
        opts: &LoadOptions,
        out: &mut Vec<Brief>,
    ) -> anyhow::Result<bool> {
        match self {
            Reader::Table(rows) => rows.read_briefs(max, out),
            Reader::Lines(lines) => lines.read_briefs(max, opts, out),
            Reader::Array(array) => array.read_briefs(max, opts, out),
        }
    }
}

/// What a chunk is read into: a dataset, or the briefs of the first pass.
trait Chunk: Default + Send {
    fn read(&mut self, reader: &mut Reader, max: usize, opts: &LoadOptions)
    -> anyhow::Result<bool>;
}

impl Chunk for Dataset {
    fn read(
        &mut self,
        reader: &mut Reader,
        max: usize,
        opts: &LoadOptions,
    ) -> anyhow::Result<bool> {
        // Room for the whole chunk at once, not grown (and copied) on
        // the way.
        self.posts.reserve(max);
        reader.read(max, opts, self)
    }
}

impl Chunk for Vec<Brief> {
    fn read(
        &mut self,
        reader: &mut Reader,
        max: usize,
        opts: &LoadOptions,
    ) -> anyhow::Result<bool> {
        self.reserve(max);
        reader.read_briefs(max, opts, self)
    }
}

/// The ids seen so far, each as a 16-byte fingerprint of the id (80 bits
/// of hash) with where it was first seen: records whose id repeats an
/// earlier one are skipped, as [`Corpus::build`] does.
#[derive(Default)]
struct Ids {
    /// Key: a 64-bit hash of the id (probed linearly on a clash). Value:
    /// 16 more bits of hash, the input's number (8 bits) and the line (40).
    seen: HashMap<u64, u64, foldhash::fast::RandomState>,
}

const LINE_BITS: u32 = 40;

impl Ids {
    /// Where a record with this id was first seen; `None` (and the id is
    /// remembered) when this is the first.
    fn first(&mut self, id: &str, input: usize, line: u64) -> Option<FirstAt> {
        let h = foldhash::fast::FixedState::with_seed(0x7061_7564_6974_0001).hash_one(id);
        let check = foldhash::fast::FixedState::with_seed(0x7061_7564_6974_0002).hash_one(id) >> 48;
        let mut key = h;
        loop {
            match self.seen.get(&key) {
                None => {
                    let at = ((input as u64) << LINE_BITS) | line.min((1 << LINE_BITS) - 1);
                    self.seen.insert(key, (check << 48) | at);
                    return None;
                }
                Some(&v) if v >> 48 == check => {
                    let at = v & ((1 << 48) - 1);
                    return Some(((at >> LINE_BITS) as usize, at & ((1 << LINE_BITS) - 1)));
                }
                Some(_) => key = key.wrapping_add(1),
            }
        }
    }
}

/// A record's place: the input's number and the record's number among the
/// records read from it (from 0). Not the line: a JSON array may hold
/// several records on one line, or all of them.
type Place = (usize, u64);

/// Where an id's first record is: the input's number and the line.
type FirstAt = (usize, u64);

/// A record that repeats an earlier id: its place, and where the id's
/// first record is.
type Repeat = (Place, FirstAt);

/// What the second pass knows of repeated ids.
enum Seen {
    /// No first pass: every id so far, added to as the records come.
    Table(Ids),
    /// After a first pass: just the records that repeat an earlier id, by
    /// place, each with where the id's first record is, in input order.
    /// The table of every id is dropped before the second pass, which only
    /// looks these up.
    Repeats(Vec<Repeat>),
}

/// Counts the records read from each input, for their [`Place`]s.
#[derive(Default)]
struct Counter {
    input: usize,
    next: u64,
}

impl Counter {
    /// The place of the first of `len` more records read from `input`,
    /// which follow those counted so far.
    fn take(&mut self, input: usize, len: usize) -> Place {
        if input != self.input {
            (self.input, self.next) = (input, 0);
        }
        let at = (input, self.next);
        self.next += len as u64;
        at
    }
}

/// Drops the records whose id was seen before, with the reason
/// [`Corpus::build`] gives, into `skipped`; with a table, remembers the
/// ids of the rest. `counter` numbers the records of each input, which
/// come in order.
fn drop_repeats(
    posts: &mut Vec<Post>,
    seen: &mut Seen,
    (input, paths): (usize, &[Arc<str>]),
    counter: &mut Counter,
    skipped: &mut Vec<Skipped>,
) {
    let (_, mut next) = counter.take(input, posts.len());
    posts.retain(|p| {
        let here = (input, next);
        next += 1;
        let first = match seen {
            Seen::Table(ids) => ids.first(&p.id, input, p.source.line),
            Seen::Repeats(list) => list
                .binary_search_by_key(&here, |(at, _)| *at)
                .ok()
                .map(|k| list[k].1),
        };
        match first {
            None => true,
            Some((at, line)) => {
                let first = Source {
                    path: paths[at].clone(),
                    line,
                };
                skipped.push(Skipped {
                    reason: format!("duplicate id {:?} (first seen at {first})", p.id),
                    source: p.source.clone(),
                });
                false
            }
        }
    });
}

/// The first pass's [`drop_repeats`]: drops the briefs of records whose id
/// was seen before, each noted in `found` with where the id's first record
/// is, and remembers the ids of the rest.
fn find_repeats(
    briefs: &mut Vec<Brief>,
    ids: &mut Ids,
    input: usize,
    counter: &mut Counter,
    found: &mut Vec<Repeat>,
) {
    let (_, mut next) = counter.take(input, briefs.len());
    briefs.retain(|b| {
        let here = (input, next);
        next += 1;
        let first = ids.first(&b.id, input, b.line);
        if let Some(first) = first {
            found.push((here, first));
        }
        first.is_none()
    });
}

/// Calls `f` with each chunk of every input and the input's number, in
/// order, while a thread reads the next chunk (the channel holds one, so at
/// most three are in memory at once). Stops at the first error, the
/// reader's or `f`'s.
fn for_each_chunk<C: Chunk>(
    plan: &Plan,
    opts: &LoadOptions,
    mut f: impl FnMut(usize, C) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::sync_channel::<anyhow::Result<(usize, C)>>(1);
    thread::scope(|scope| {
        scope.spawn(move || read_chunks(&plan.inputs, plan.chunk, opts, &tx));
        // Returning drops `rx`, which stops the reader.
        for next in rx {
            let (n, chunk) = next?;
            f(n, chunk)?;
        }
        Ok(())
    })
}

/// Reads every input a chunk at a time into `tx`, with the input's number;
/// stops at the first error, which it sends, or when nobody is listening.
fn read_chunks<C: Chunk>(
    inputs: &[Input],
    size: usize,
    opts: &LoadOptions,
    tx: &mpsc::SyncSender<anyhow::Result<(usize, C)>>,
) {
    for (n, input) in inputs.iter().enumerate() {
        let mut reader = match Reader::open(input, opts) {
            Ok(reader) => reader,
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        };
        loop {
            let mut chunk = C::default();
            match chunk.read(&mut reader, size, opts) {
                Ok(more) => {
                    if tx.send(Ok((n, chunk))).is_err() || !more {
                        break;
                    }
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            }
        }
    }
}

/// The first pass: the account, inferred from every input as a whole load
/// infers it, and the records that repeat an earlier id (the second pass
/// skips them, without a table of every id). It reads only the [`Brief`]s
/// of the records: the records a whole load would skip are left out, as
/// they are from its count, and the rest are not built.
fn infer_account(plan: &Plan, opts: &LoadOptions) -> anyhow::Result<(Account, Seen)> {
    let mut ids = Ids::default();
    let mut counter = Counter::default();
    let mut repeats = Vec::new();
    let mut tally = AuthorTally::default();
    for_each_chunk(plan, opts, |n, mut briefs: Vec<Brief>| {
        find_repeats(&mut briefs, &mut ids, n, &mut counter, &mut repeats);
        tally.add(&briefs);
        Ok(())
    })?;
    // In input order already: inputs in turn, each one's records by line.
    debug_assert!(repeats.is_sorted_by_key(|(at, _)| *at));
    Ok((tally.account(), Seen::Repeats(repeats)))
}

/// The summary's metrics when streamed: those that need reply threads are
/// `null`. Same keys, same order as [`Metrics`].
#[derive(Debug, Default, Serialize)]
pub struct StreamedMetrics {
    pub account_posts: usize,
    pub top_level_posts: usize,
    pub inviting_posts: usize,
    pub dialogue_share: Option<f64>,
    pub replies_to_people: Option<usize>,
    pub reply_share: Option<f64>,
    pub promotional_posts: usize,
    pub promotional_share: Option<f64>,
    pub comments_to_account: Option<usize>,
    pub comments_answered: Option<usize>,
    pub response_rate: Option<f64>,
    pub median_response_minutes: Option<f64>,
}

impl StreamedMetrics {
    fn add(&mut self, m: &Metrics) {
        self.account_posts += m.account_posts;
        self.top_level_posts += m.top_level_posts;
        self.inviting_posts += m.inviting_posts;
        self.promotional_posts += m.promotional_posts;
    }

    fn finish(&mut self) {
        let share = |part: usize, whole: usize| (whole > 0).then(|| part as f64 / whole as f64);
        self.dialogue_share = share(self.inviting_posts, self.top_level_posts);
        self.promotional_share = share(self.promotional_posts, self.top_level_posts);
    }
}

/// A principle's score as [`crate::score::compute`] makes it, summed chunk
/// by chunk: the records it judges, and the sum of their scores.
#[derive(Default)]
struct PrincipleSum {
    judged: usize,
    sum: f64,
    /// Per rule: its findings on judged records, and the points they cost
    /// before the division by the records judged (see `score::compute`).
    rules: Vec<(&'static RuleMeta, usize, f64)>,
}

/// What a streamed audit found, for the exit code.
pub struct Streamed {
    pub worst: Option<Severity>,
    pub score: Option<u8>,
}

/// Runs the streamed audit of `plan`, writing ndjson to `out`.
pub fn run(
    plan: &Plan,
    opts: &LoadOptions,
    settings: &Settings,
    selected: &[&'static dyn Rule],
    known: Option<&Baseline>,
    progress: &Progress,
    out: &mut dyn Write,
) -> anyhow::Result<Streamed> {
    // A header row that cannot be read is an error before anything is
    // written, as in a whole load (standard input and pipes are read once:
    // their header is read when their turn comes).
    for input in plan.inputs.iter().filter(|i| !i.once()) {
        Reader::open(input, opts)?;
    }
    let (account, mut seen) = match &plan.account {
        Some(a) => (a.clone(), Seen::Table(Ids::default())),
        None => {
            progress.stage("finding the account", None);
            infer_account(plan, opts)?
        }
    };
    let paths: Vec<Arc<str>> = plan.inputs().map(|i| i.path.clone()).collect();
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let mut budget = known.map(Baseline::counts).unwrap_or_default();
    let (mut load_skipped, mut repeats) = (Vec::new(), Vec::new());
    let (mut load_warnings, mut late_warnings) = (Vec::<InputWarning>::new(), Vec::new());
    let (mut records, mut audience, mut suppressed, mut baselined) = (0, 0, 0, 0);
    // The account's records linked so far (see `corpus::CUED_FROM`).
    let mut own = 0;
    let mut counter = Counter::default();
    let mut counts = [0usize; 3];
    let mut metrics = StreamedMetrics::default();
    let mut principles: BTreeMap<Principle, PrincipleSum> = selected
        .iter()
        .map(|r| (r.meta().principle, PrincipleSum::default()))
        .collect();
    progress.stage("checking", None);
    for_each_chunk(plan, opts, |n, mut chunk: Dataset| {
        records += chunk.records();
        load_skipped.append(&mut chunk.skipped);
        load_warnings.append(&mut chunk.warnings);
        if let Some(platform) = &settings.platform.default {
            for p in chunk.posts.iter_mut().filter(|p| p.platform.is_none()) {
                p.platform = Some(platform.to_lowercase());
            }
        }
        // A table's rows had the markers of their text read as they were
        // built (`fields::build_post_from`); JSON records not all.
        if matches!(
            plan.inputs[n].summary.format,
            InputFormat::Ndjson | InputFormat::Json
        ) {
            load::mark_suppressions(&mut chunk.posts);
        }
        drop_repeats(
            &mut chunk.posts,
            &mut seen,
            (n, &paths),
            &mut counter,
            &mut repeats,
        );
        let len = chunk.posts.len() as u64;
        let corpus = Corpus::build_for(
            chunk,
            account.clone(),
            &settings.promotion.extra_phrases,
            own,
        );
        own += corpus.is_account.iter().filter(|&&a| a).count();
        let mut a = audit::run_on(
            corpus,
            Vec::new(),
            AuditOptions {
                accounts: Vec::new(),
                rules: selected.to_vec(),
                settings: settings.clone(),
            },
            &Progress::hidden(),
        );
        late_warnings.append(&mut a.corpus.warnings);
        // `drop_repeats` leaves the linking no repeated id to skip; were
        // there one, it would still be counted.
        repeats.append(&mut a.corpus.skipped);
        audience += a.corpus.audience_count();
        suppressed += a.suppressed;
        metrics.add(&a.metrics);
        add_scores(&mut principles, &a, settings);
        if known.is_some() {
            let before = a.findings.len();
            let c = &a.corpus;
            a.findings.retain(
                |f| match budget.get_mut(baseline::fingerprint(f, c).as_str()) {
                    Some(k) if *k > 0 => {
                        *k -= 1;
                        false
                    }
                    _ => true,
                },
            );
            baselined += before - a.findings.len();
        }
        for f in &a.findings {
            counts[f.severity as usize] += 1;
        }
        write_finding_lines(&a, &mut out)?;
        progress.inc(len);
        Ok(())
    })?;
    for s in load_skipped.iter().chain(&repeats) {
        write_line(&mut out, "skipped", s)?;
    }
    for w in load_warnings.iter().chain(&late_warnings) {
        write_line(&mut out, "warning", w)?;
    }
    metrics.finish();
    let by_principle: Vec<(Principle, Option<u8>)> = principles
        .iter()
        .map(|(p, s)| {
            let score =
                (s.judged > 0).then(|| (s.sum / s.judged as f64).clamp(0.0, 100.0).round() as u8);
            (*p, score)
        })
        .collect();
    let (sum, weight) = by_principle
        .iter()
        .filter_map(|(p, s)| s.map(|s| (f64::from(s) * p.weight(), p.weight())))
        .fold((0.0, 0.0), |(a, b), (s, w)| (a + s, b + w));
    let score = (weight > 0.0).then(|| (sum / weight).round() as u8);
    let scores = by_principle.iter().map(|(p, s)| (p.id(), *s)).collect();
    let [info, warning, error] = counts;
    let summary = Summary {
        records,
        posts: metrics.account_posts,
        audience,
        skipped: load_skipped.len() + repeats.len(),
        warnings: load_warnings.len() + late_warnings.len(),
        findings: SeverityCounts {
            error,
            warning,
            info,
        },
        suppressed,
        baselined,
        score,
        principles: scores,
        costs: costs_of(&principles),
        metrics: &metrics,
    };
    write_line(&mut out, "summary", &summary)?;
    out.flush()?;
    let worst = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .find(|s| counts[*s as usize] > 0);
    Ok(Streamed { worst, score })
}

/// Adds a chunk's records to the principle scores, as
/// [`crate::score::compute`] counts them: per record the principle judges,
/// 100 less the penalties of the principle's findings on it, at least 0.
fn add_scores(principles: &mut BTreeMap<Principle, PrincipleSum>, a: &audit::Audit, s: &Settings) {
    let c = &a.corpus;
    for (&p, sum) in principles.iter_mut() {
        let mut cost = vec![0.0; c.posts.len()];
        for f in a.findings.iter().filter(|f| f.rule.principle == p) {
            if let Some(i) = f.post() {
                cost[i] += post_penalty(f.severity);
            }
        }
        let mut judged = vec![false; c.posts.len()];
        for i in c.account_posts() {
            if p == Principle::Platform && record_platform(c, s, i).is_none() {
                continue;
            }
            judged[i] = true;
            sum.judged += 1;
            sum.sum += (100.0 - cost[i]).max(0.0);
        }
        // What each rule cost: a finding's share of its record's capped
        // penalty, as `score::compute` counts it.
        for f in a.findings.iter().filter(|f| f.rule.principle == p) {
            let Some(i) = f.post().filter(|&i| judged[i]) else {
                continue;
            };
            let points = post_penalty(f.severity) * cost[i].min(100.0) / cost[i];
            match sum.rules.iter_mut().find(|r| r.0.code == f.rule.code) {
                Some(r) => {
                    r.1 += 1;
                    r.2 += points;
                }
                None => sum.rules.push((f.rule, 1, points)),
            }
        }
    }
}

/// Per scored principle, what each rule cost it (`summary.costs`).
fn costs_of(
    principles: &BTreeMap<Principle, PrincipleSum>,
) -> BTreeMap<&'static str, Vec<JsonCost>> {
    principles
        .iter()
        .filter(|(_, s)| s.judged > 0)
        .map(|(p, s)| {
            let mut costs: Vec<JsonCost> = s
                .rules
                .iter()
                .map(|&(rule, findings, points)| JsonCost {
                    rule: rule.code,
                    name: rule.name,
                    findings,
                    points: points / s.judged as f64,
                })
                .collect();
            costs.sort_by(|a, b| b.points.total_cmp(&a.points).then(a.rule.cmp(b.rule)));
            for c in &mut costs {
                c.points = (c.points * 100.0).round() / 100.0;
            }
            (p.id(), costs)
        })
        .collect()
}

/// The output of a streamed audit: `--output FILE` or `out`, and whether
/// a progress display may be shown beside it.
pub fn progress_for(output_to_file: bool, no_progress: bool) -> Progress {
    if !output_to_file && io::stdout().is_terminal() {
        Progress::hidden()
    } else {
        Progress::for_stderr(no_progress)
    }
}

#[cfg(test)]
mod tests;
