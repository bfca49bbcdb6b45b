//! The same records written as CSV and as NDJSON load as the same posts:
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
    let (a, b) = (load("in.csv", &csv), load("in.ndjson", &ndjson));
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
            (p.kind, p.planned, &p.suppress),
            (q.kind, q.planned, &q.suppress),
            "{r:?}"
        );
    }
});
