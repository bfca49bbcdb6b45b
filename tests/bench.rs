//! The benchmark generator (benches/gen.rs) writes an export postaudit reads
//! in full: every record audited or skipped for a stated reason.

mod common;

use std::path::PathBuf;
use std::process::Command;

/// The benchmark example `name`, next to the test binaries' folder. A plain
/// `cargo test` builds the examples; `cargo test --test bench` does not, so
/// they are built here when missing.
fn example(name: &str) -> PathBuf {
    let mut p = std::env::current_exe().expect("test binary path");
    p.pop();
    if p.ends_with("deps") {
        p.pop();
    }
    let release = p.ends_with("release");
    let path = p.join("examples").join(name);
    if !path.exists() {
        let mut cargo = Command::new(env!("CARGO"));
        cargo
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["build", "--quiet", "--example", name]);
        if release {
            cargo.arg("--release");
        }
        assert!(cargo.status().expect("cargo runs").success());
    }
    path
}

#[test]
fn generated_export_is_read_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.csv");
    let status = Command::new(example("gen"))
        .arg("3000")
        .arg(&file)
        .status()
        .expect("gen runs");
    assert!(status.success());
    let (doc, code) = common::check_json(&[file.to_str().unwrap()]);
    assert_eq!(code, 1, "the generated export has unanswered questions");
    let s = &doc["summary"];
    assert_eq!(s["records"], 3000);
    assert_eq!(doc["account"]["handles"][0], "larkspur");
    let (posts, audience, skipped) = (
        s["posts"].as_u64().unwrap(),
        s["audience"].as_u64().unwrap(),
        s["skipped"].as_u64().unwrap(),
    );
    assert_eq!(posts + audience + skipped, 3000);
    assert!(posts > 600 && audience > 1200, "{s}");
    // The only records skipped are the few repeated ids.
    assert!(skipped >= 1, "{s}");
    for sk in doc["skipped"].as_array().unwrap() {
        assert!(
            sk["reason"].as_str().unwrap().starts_with("duplicate id"),
            "{sk}"
        );
    }
    // Texts vary as in a real export (a benchmark of a few texts repeated
    // would measure caches, not the work), and canned replies repeat word
    // for word.
    let mut texts = std::collections::HashMap::<String, usize>::new();
    for record in csv::Reader::from_path(&file).unwrap().records() {
        *texts.entry(record.unwrap()[3].to_string()).or_default() += 1;
    }
    assert!(texts.len() > 2000, "{} distinct texts", texts.len());
    let canned = "Thanks for reaching out! Please DM us and we'll look into it.";
    assert!(texts[canned] > 50, "{} canned replies", texts[canned]);
    // Multi-line quoted fields keep their line numbers straight: the floor
    // counts the same records.
    let floor = Command::new(example("floor")).arg(&file).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&floor.stdout).trim(),
        "3000 records, 18000 fields"
    );
}

/// The same records written as NDJSON and as a JSON array are audited as
/// the CSV is: the same findings on the same records, the same counts.
#[test]
fn generated_formats_give_the_same_audit() {
    let dir = tempfile::tempdir().unwrap();
    let audit = |format: &str| {
        let file = dir.path().join(format!("export.{format}"));
        let status = Command::new(example("gen"))
            .args(["2000", file.to_str().unwrap(), "--format", format])
            .status()
            .expect("gen runs");
        assert!(status.success());
        let (doc, code) = common::check_json(&[file.to_str().unwrap()]);
        let findings: Vec<(String, String, String)> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let field = |k: &str| f[k].as_str().unwrap_or_default().to_string();
                (field("rule"), field("post_id"), field("message"))
            })
            .collect();
        (code, doc["summary"]["findings"].clone(), findings)
    };
    let csv = audit("csv");
    assert!(csv.2.len() > 500, "{} findings", csv.2.len());
    assert_eq!(audit("ndjson"), csv);
    assert_eq!(audit("json"), csv);
}
