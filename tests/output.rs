//! `-o FILE`: the report is put in place only once whole (see
//! `src/output.rs`).

mod common;

use std::path::Path;

use common::postaudit;

/// The record-local rules: with `--format ndjson` the audit is streamed.
const LOCAL: &str = "D001,P002,P003,V001";

fn check(args: &[&str], output: &Path) -> std::process::Output {
    postaudit()
        .args(["check", "--isolated"])
        .args(args)
        .arg("-o")
        .arg(output)
        .output()
        .unwrap()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_failed_run_leaves_the_output_file_as_it_was_and_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.out");
    for args in [
        // A whole audit, and a streamed one (which starts writing before
        // it meets the error).
        &["fixtures/no-text-column.csv", "--format", "json"][..],
        &[
            "fixtures/no-text-column.csv",
            "--select",
            LOCAL,
            "--format",
            "ndjson",
        ],
        &["fixtures/truncated.json", "--format", "sarif"],
    ] {
        std::fs::write(&report, "the previous report\n").unwrap();
        let out = check(args, &report);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            std::fs::read_to_string(&report).unwrap(),
            "the previous report\n",
            "{args:?}"
        );
        assert_eq!(entries(dir.path()), ["report.out"], "{args:?}");
    }
}

#[test]
fn an_input_named_as_the_output_is_read_before_it_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("posts.ndjson");
    for args in [
        &["--select", LOCAL, "--format", "ndjson"][..],
        &["--format", "json"],
    ] {
        std::fs::copy("fixtures/larkspur.ndjson", &input).unwrap();
        let expected = postaudit()
            .args(["check", "--isolated"])
            .arg(&input)
            .args(args)
            .output()
            .unwrap();
        assert!(!expected.stdout.is_empty());
        let out = postaudit()
            .args(["check", "--isolated"])
            .arg(&input)
            .args(args)
            .arg("-o")
            .arg(&input)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), expected.status.code(), "{args:?}");
        assert!(out.stdout.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&std::fs::read(&input).unwrap()),
            String::from_utf8_lossy(&expected.stdout),
            "{args:?}"
        );
        assert_eq!(entries(dir.path()), ["posts.ndjson"]);
    }
}

#[cfg(unix)]
#[test]
fn a_replaced_file_keeps_its_permissions_and_a_link_stays_a_link() {
    use std::os::unix::fs::PermissionsExt as _;

    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    std::fs::write(&report, "old").unwrap();
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("latest.txt");
    std::os::unix::fs::symlink("report.txt", &link).unwrap();

    let expected = postaudit()
        .args(["check", "--isolated", "fixtures/calendar.csv"])
        .output()
        .unwrap();
    let out = check(&["fixtures/calendar.csv"], &link);
    assert_eq!(out.status.code(), expected.status.code());
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(std::fs::read(&report).unwrap(), expected.stdout);
    let mode = std::fs::metadata(&report).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_eq!(entries(dir.path()), ["latest.txt", "report.txt"]);
}

#[cfg(unix)]
#[test]
fn a_device_is_written_to_not_replaced() {
    use std::os::unix::fs::FileTypeExt as _;

    let null = Path::new("/dev/null");
    if !std::fs::metadata(null).is_ok_and(|m| m.file_type().is_char_device()) {
        eprintln!("skipped: no /dev/null device here");
        return;
    }
    for args in [
        &["fixtures/calendar.csv", "--format", "json"][..],
        &[
            "fixtures/calendar.csv",
            "--select",
            LOCAL,
            "--format",
            "ndjson",
        ],
    ] {
        let out = check(args, null);
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(1),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{args:?}");
        assert!(
            std::fs::metadata(null)
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
}

#[test]
fn a_new_file_in_a_missing_directory_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("no-such-dir").join("report.json");
    let out = check(&["fixtures/calendar.csv", "--format", "json"], &report);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{}: cannot write the output file",
            report.display()
        )),
        "{stderr}"
    );
    assert!(!report.exists());
}

#[cfg(unix)]
#[test]
fn a_writable_file_in_a_directory_that_is_not_is_written_in_place() {
    use std::os::unix::fs::PermissionsExt as _;

    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("reports");
    std::fs::create_dir(&locked).unwrap();
    let report = locked.join("report.json");
    std::fs::write(&report, "old").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let unlock = || std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755));
    // Where permissions do not bind (the superuser), there is nothing to
    // see.
    if std::fs::write(locked.join("probe"), "").is_ok() {
        unlock().unwrap();
        eprintln!("skipped: the directory's permissions do not bind here");
        return;
    }
    let expected = postaudit()
        .args([
            "check",
            "--isolated",
            "fixtures/calendar.csv",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let out = check(&["fixtures/calendar.csv", "--format", "json"], &report);
    let written = std::fs::read(&report);
    unlock().unwrap();
    assert_eq!(
        out.status.code(),
        expected.status.code(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(written.unwrap(), expected.stdout);
    assert_eq!(entries(&locked), ["report.json"]);
}
