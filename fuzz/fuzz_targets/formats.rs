//! The same records written as CSV, as NDJSON and as a JSON array load as
//! the same posts:
//! arbitrary values of the common columns (id, author, time, text, reply-to,
//! platform, notes; an absent one is empty), written with the csv crate
//! and serde_json, read by the two loaders. Every record is a post in both or skipped in both with the
//! same reason, every post has the same fields (the place aside: the lines
//! differ when a text spans several) and the warnings say the same.
#![no_main]

use std::io::Write as _;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use postaudit::load::{self, LoadOptions};
use postaudit::model::Dataset;

const COLUMNS: [&str; 7] = [
    "id",
    "author",
    "created_at",
    "text",
    "in_reply_to",
    "platform",
    "notes",
];

#[derive(Arbitrary, Debug)]
struct Record {
    values: [Option<String>; 7],
}

/// Loads `bytes` from a temporary file named `name`.
fn load(name: &str, bytes: &[u8]) -> Dataset {
    let path = std::env::temp_dir().join(format!("postaudit-fuzz-{}-{name}", std::process::id()));
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .expect("writing the input");
    let path = path.to_str().expect("a UTF-8 temporary path").to_string();
    let (data, _) = load::load_inputs(&[path], &LoadOptions::default()).expect("a readable input");
    data
}

/// What must agree between two loads of the same records: each post's
/// fields (its id only when the export gave one), the skips' reasons and
/// the warnings with their lines.
#[allow(clippy::type_complexity)]
fn comparable(d: &Dataset) -> (Vec<String>, Vec<String>, Vec<(u64, String)>) {
    let posts = d.posts.iter().map(|p| {
        let given = !p.id.contains("postaudit-fuzz-");
        format!(
            "{:?}",
            (
                given.then_some(&p.id),
                (&p.author, p.created, &p.text, &p.parent_id, &p.platform),
                (p.kind, p.planned, p.suppress()),
            )
        )
    });
    let reasons = d.skipped.iter().map(|s| s.reason.clone());
    let warnings = d
        .warnings
        .iter()
        .map(|w| (w.source.line, w.message.clone()));
    (posts.collect(), reasons.collect(), warnings.collect())
}

fuzz_target!(|records: Vec<Record>| {
    if records.is_empty() {
        return;
    }
    let mut csv = csv::WriterBuilder::new().from_writer(Vec::new());
    csv.write_record(COLUMNS).unwrap();
    let mut ndjson = Vec::new();
    for r in &records {
        csv.write_record(r.values.iter().map(|v| v.as_deref().unwrap_or("")))
            .unwrap();
        let object: serde_json::Map<String, serde_json::Value> = COLUMNS
            .iter()
            .zip(&r.values)
            .map(|(c, v)| (c.to_string(), v.clone().unwrap_or_default().into()))
            .collect();
        serde_json::to_writer(&mut ndjson, &object).unwrap();
        ndjson.push(b'\n');
    }
    let csv = csv.into_inner().unwrap();
    // The same objects as one JSON array, an object a line.
    let mut json = b"[\n".to_vec();
    for (i, line) in ndjson.split_inclusive(|&b| b == b'\n').enumerate() {
        if i > 0 {
            json.extend_from_slice(b",\n");
        }
        json.extend_from_slice(line.strip_suffix(b"\n").unwrap_or(line));
    }
    json.extend_from_slice(b"\n]\n");
    let (a, b) = (load("in.csv", &csv), load("in.ndjson", &ndjson));
    let c = load("in.json", &json);
    assert_eq!(c.records(), records.len(), "every JSON record read");
    // NDJSON and the JSON array: the same records, each a line further
    // down (after the `[`), so even made-up ids differ only in the line.
    let lines = |d: &Dataset| {
        let posts = d.posts.iter().map(|p| p.source.line);
        let skips = d.skipped.iter().map(|s| s.source.line);
        posts.chain(skips).collect::<Vec<_>>()
    };
    let shifted: Vec<u64> = lines(&b).iter().map(|l| l + 1).collect();
    assert_eq!(shifted, lines(&c), "NDJSON and JSON records on their lines");
    let (bp, br, bw) = comparable(&b);
    let (cp, cr, cw) = comparable(&c);
    assert_eq!(bp, cp, "NDJSON and JSON posts");
    assert_eq!(br, cr, "NDJSON and JSON skips");
    let bw: Vec<_> = bw.into_iter().map(|(l, m)| (l + 1, m)).collect();
    assert_eq!(bw, cw, "NDJSON and JSON warnings");
    assert_eq!(a.records(), records.len(), "every CSV record read");
    assert_eq!(b.records(), records.len(), "every NDJSON record read");
    let reasons = |d: &Dataset| {
        d.skipped
            .iter()
            .map(|s| s.reason.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(reasons(&a), reasons(&b), "the same skips");
    let messages = |d: &Dataset| {
        d.warnings
            .iter()
            .map(|w| w.message.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(messages(&a), messages(&b), "the same warnings");
    assert_eq!(a.posts.len(), b.posts.len());
    for (p, q) in a.posts.iter().zip(&b.posts) {
        // One record a line in NDJSON.
        let r = &records[q.source.line as usize - 1];
        if r.values[0]
            .as_deref()
            .is_some_and(|id| !id.trim().is_empty())
        {
            assert_eq!(p.id, q.id, "{r:?}");
        }
        assert_eq!(
            (&p.author, p.created, &p.text, &p.parent_id, &p.platform),
            (&q.author, q.created, &q.text, &q.parent_id, &q.platform),
            "{r:?}"
        );
        assert_eq!(
            (p.kind, p.planned, p.suppress()),
            (q.kind, q.planned, q.suppress()),
            "{r:?}"
        );
    }
});
