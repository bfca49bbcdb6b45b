#![allow(dead_code)]

use assert_cmd::Command;

/// The postaudit binary, run from the crate root with no config file and no
/// colour unless a test asks.
pub fn postaudit() -> Command {
    let mut cmd = Command::cargo_bin("postaudit").expect("binary built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

/// Runs `check` with the given arguments and `--format json`, returning the
/// parsed document and the exit code.
pub fn check_json(args: &[&str]) -> (serde_json::Value, i32) {
    let out = postaudit()
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (doc, out.status.code().expect("exit code"))
}

/// The rule codes of a JSON report's findings, in order.
pub fn codes(doc: &serde_json::Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// `(rule, post_id, message)` of every finding, `-` for an account-level one.
pub fn hits_with_messages(doc: &serde_json::Value) -> Vec<(String, String, String)> {
    doc["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["post_id"].as_str().unwrap_or("-").to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `(rule, post_id)` of every finding, `-` for an account-level one.
pub fn hits(doc: &serde_json::Value) -> Vec<(String, String)> {
    hits_with_messages(doc)
        .into_iter()
        .map(|(rule, post, _)| (rule, post))
        .collect()
}

/// A file or folder of the shared conformance material (`../shared/conformance`
/// beside the project, or `$POSTAUDIT_CONFORMANCE`); `None`, saying the test
/// is skipped, when it is not here.
pub fn conformance(rel: &str) -> Option<std::path::PathBuf> {
    let root = std::env::var_os("POSTAUDIT_CONFORMANCE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance")
        });
    let p = root.join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is not here", p.display());
        None
    }
}

/// `(records, posts, audience, skipped)` of a JSON report, checking that
/// they add up.
pub fn counts(doc: &serde_json::Value) -> (u64, u64, u64, u64) {
    let s = &doc["summary"];
    let c = (
        s["records"].as_u64().unwrap(),
        s["posts"].as_u64().unwrap(),
        s["audience"].as_u64().unwrap(),
        s["skipped"].as_u64().unwrap(),
    );
    assert_eq!(c.0, c.1 + c.2 + c.3, "records = posts + audience + skipped");
    c
}

/// `(line, reason)` of each record the document reports as skipped.
pub fn skipped_by_line(doc: &serde_json::Value) -> Vec<(u64, &str)> {
    by_line(doc, "skipped", "reason")
}

/// `(line, message)` of each warning the document reports.
pub fn warnings_by_line(doc: &serde_json::Value) -> Vec<(u64, &str)> {
    by_line(doc, "warnings", "message")
}

fn by_line<'a>(doc: &'a serde_json::Value, array: &str, field: &str) -> Vec<(u64, &'a str)> {
    doc[array]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"]["line"].as_u64().unwrap(),
                e[field].as_str().unwrap(),
            )
        })
        .collect()
}

/// The document's first finding of `rule`; panics when there is none.
pub fn first_finding<'a>(doc: &'a serde_json::Value, rule: &str) -> &'a serde_json::Value {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} finding in {doc}"))
}
