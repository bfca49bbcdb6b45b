//! One committed snapshot per output format, on `fixtures/snapshot.csv`,
//! compared byte for byte. The rules are pinned with `--select` so that
//! rules added later do not change them. After a deliberate change, run
//! `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` and review the diff.

mod common;

use std::path::Path;

use common::postaudit;

/// The rules the snapshots were made with.
pub const SELECT: &str = "D001,D101,D102,P001,P002,P101,R001,R002,R101,R102";

fn snapshot(format: &str, extension: &str) {
    let out = postaudit()
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["check", "fixtures/snapshot.csv", "--select", SELECT])
        .args(["--format", format, "--color", "never", "--fail-on", "never"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("snapshot.{extension}"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &out.stdout).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with UPDATE_SNAPSHOTS=1 cargo test --test snapshots",
            path.display()
        )
    });
    if out.stdout != expected {
        panic!(
            "--format {format} differs from {} (UPDATE_SNAPSHOTS=1 to accept):\n--- got\n{}",
            path.display(),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn text() {
    snapshot("text", "txt");
}

#[test]
fn json() {
    snapshot("json", "json");
}

#[test]
fn ndjson() {
    snapshot("ndjson", "ndjson");
}

#[test]
fn sarif() {
    snapshot("sarif", "sarif");
}

#[test]
fn github() {
    snapshot("github", "github.txt");
}

#[test]
fn junit() {
    snapshot("junit", "junit.xml");
}

#[test]
fn markdown() {
    snapshot("markdown", "md");
}

#[test]
fn csv() {
    snapshot("csv", "csv");
}
