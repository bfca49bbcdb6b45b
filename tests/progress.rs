//! The progress display: on a terminal only, never in a pipe, a file or a
//! CI log, and never with --no-progress.

mod common;

use std::path::Path;
use std::process::Command;

use common::postaudit;

#[test]
fn no_progress_when_stderr_is_a_pipe() {
    let out = postaudit()
        .env_remove("CI")
        .args(["check", "fixtures/larkspur.csv", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(serde_json::from_slice::<serde_json::Value>(&out.stdout).is_ok());
}

/// `-v` ends a run with how long it and each of its stages took, whole or
/// streamed; without it, nothing is said (above).
#[test]
fn verbose_says_how_long_each_stage_took() {
    let d = r"\d+ ms|\d+\.\d\d s";
    for (args, stages) in [
        (
            &["fixtures/larkspur.csv", "--format", "json"][..],
            format!(
                "reading fixtures/larkspur\\.csv ({d}), linking 14 records ({d}), checking ({d}), scoring ({d}), writing the report ({d})"
            ),
        ),
        (
            &[
                "fixtures/larkspur.json",
                "--format",
                "ndjson",
                "--select",
                "D001",
            ],
            format!(
                "checking the JSON of fixtures/larkspur\\.json ({d}), finding the account ({d}), checking ({d})"
            ),
        ),
        (
            &["-", "--format", "json"],
            format!(
                "reading <stdin> ({d}), linking 14 records ({d}), checking ({d}), scoring ({d}), writing the report ({d})"
            ),
        ),
    ] {
        let out = postaudit()
            .env_remove("CI")
            .args(["check", "-v"])
            .args(args)
            .pipe_stdin("fixtures/larkspur.csv")
            .unwrap()
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.lines().last().unwrap_or_default();
        let line = regex::Regex::new(&format!("^postaudit: took ({d}): {stages}$")).unwrap();
        assert!(line.is_match(last), "{err}");
        assert!(!out.stdout.is_empty());
    }
}

/// Runs `postaudit ARGS` with stdout to /dev/null and stderr on a
/// pseudo-terminal (util-linux `script`), returning what the terminal got;
/// `None` where `script` is missing.
fn on_a_terminal(args: &str, ci: bool) -> Option<String> {
    if !Path::new("/usr/bin/script").exists() {
        eprintln!("skipped: /usr/bin/script is not installed");
        return None;
    }
    let bin = env!("CARGO_BIN_EXE_postaudit");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("tty.log");
    let mut cmd = Command::new("/usr/bin/script");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-qec", &format!("{bin} {args} > /dev/null")])
        .arg(&log)
        .stdout(std::process::Stdio::null())
        .env_remove("CI");
    if ci {
        cmd.env("CI", "true");
    }
    let status = cmd.status().expect("script runs");
    assert!(status.code().is_some());
    Some(String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned())
}

/// A JSON file is checked before it streams (see `stream::plan`), which
/// shows; then the streamed audit.
#[test]
fn checking_a_json_file_before_it_streams_shows() {
    let Some(tty) = on_a_terminal(
        "check fixtures/larkspur.json --format ndjson --select D001 --output /dev/null",
        false,
    ) else {
        return;
    };
    assert!(
        tty.contains("checking the JSON of fixtures/larkspur.json"),
        "{tty}"
    );
}

#[test]
fn progress_on_a_terminal_outside_ci() {
    let Some(tty) = on_a_terminal("check fixtures/larkspur.csv --format json", false) else {
        return;
    };
    assert!(tty.contains("reading fixtures/larkspur.csv"), "{tty}");
    assert!(tty.contains("checking"), "{tty}");
    assert!(tty.contains("records"), "{tty}");
    // Each frame is one stage: only checking has a bar.
    let mixed = regex::Regex::new(r"(reading|linking|scoring|writing)[^\r\n\x1b]*\[").unwrap();
    assert!(!mixed.is_match(&tty), "{tty}");
    assert!(!tty.contains("0/0 records"), "{tty}");
}

#[test]
fn no_progress_in_ci_or_when_turned_off() {
    let Some(tty) = on_a_terminal("check fixtures/larkspur.csv --format json", true) else {
        return;
    };
    assert!(!tty.contains("checking"), "{tty}");
    let tty = on_a_terminal(
        "check fixtures/larkspur.csv --format json --no-progress",
        false,
    )
    .unwrap();
    assert!(!tty.contains("checking"), "{tty}");
    assert!(!tty.contains("reading"), "{tty}");
}
