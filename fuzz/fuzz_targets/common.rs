//! Shared by the fuzz targets: load bytes as one format, then audit and
//! report what was loaded. Errors are fine; panics, hangs and crashes are
//! what the fuzzer looks for.

use std::sync::Arc;

use postaudit::audit::{self, AuditOptions};
use postaudit::config::Settings;
use postaudit::load::{self, InputFormat, LoadOptions};
use postaudit::model::Dataset;
use postaudit::report::{self, Format};

pub fn load_and_audit(bytes: &[u8], path: &str, format: InputFormat) {
    let opts = LoadOptions {
        format,
        ..LoadOptions::default()
    };
    let mut data = Dataset::default();
    let Ok(summary) = load::load_bytes(bytes, Arc::from(path), &opts, &mut data) else {
        return;
    };
    // As after every input is read: long posts joined to their tweets.
    load::twitter_archive::attach_long_texts(&mut data);
    let records = data.records();
    let audit = audit::run(
        data,
        vec![summary],
        AuditOptions {
            accounts: Vec::new(),
            rules: postaudit::rules::ALL.to_vec(),
            settings: Settings::default(),
        },
    );
    assert_eq!(
        audit.corpus.records_read, records,
        "records = posts + audience + skipped"
    );
    // The JSON report writes its long arrays field by field: byte for byte
    // what serde_json writes.
    let doc = report::json::Document::new(&audit);
    let mut written = Vec::new();
    report::json::write_pretty(&doc, &mut written).expect("writing to memory");
    let serde = serde_json::to_vec_pretty(&doc).expect("serializing to memory");
    assert!(written == serde, "the JSON report is not serde_json's");
    for format in [Format::Text, Format::Json, Format::Ndjson] {
        let mut out = Vec::new();
        report::reporter(format, false)
            .report(&audit, &mut out)
            .expect("writing to memory");
    }
}
