//! Exit codes: 0 clean, 1 findings at or above --fail-on or a score below
//! --min-score, 2 usage, config or input errors.

mod common;

use common::postaudit;
use predicates::prelude::*;

const CLEAN: &str = "id,author,text\n1,brand,What is your favourite way to brew?\n";
/// One warning (hard sell) and one info (no invitation), no error.
const WARNS: &str = "id,author,text\n1,brand,Shop now!\n";

#[test]
fn clean_input_exits_zero() {
    postaudit()
        .args(["check", "-"])
        .write_stdin(CLEAN)
        .assert()
        .code(0);
}

#[test]
fn fail_on_picks_the_level() {
    postaudit()
        .args(["check", "-"])
        .write_stdin(WARNS)
        .assert()
        .code(0);
    postaudit()
        .args(["check", "-", "--fail-on", "warning"])
        .write_stdin(WARNS)
        .assert()
        .code(1);
    postaudit()
        .args(["check", "-", "--fail-on", "info", "--select", "D"])
        .write_stdin(WARNS)
        .assert()
        .code(1);
    postaudit()
        .args(["check", "-", "--fail-on", "warning", "--select", "D"])
        .write_stdin(WARNS)
        .assert()
        .code(0);
    postaudit()
        .args(["check", "fixtures/larkspur.csv"])
        .assert()
        .code(1);
    postaudit()
        .args(["check", "fixtures/larkspur.csv", "--fail-on", "never"])
        .assert()
        .code(0);
}

#[test]
fn min_score_fails_a_low_score() {
    // The sample scores in the 70s.
    postaudit()
        .args([
            "check",
            "fixtures/larkspur.csv",
            "--fail-on",
            "never",
            "--min-score",
            "90",
        ])
        .assert()
        .code(1);
    postaudit()
        .args([
            "check",
            "fixtures/larkspur.csv",
            "--fail-on",
            "never",
            "--min-score",
            "50",
        ])
        .assert()
        .code(0);
    postaudit()
        .args(["check", "fixtures/larkspur.csv", "--min-score", "101"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("101"));
}

#[test]
fn usage_and_input_errors_exit_two() {
    postaudit().args(["check"]).assert().code(2);
    postaudit()
        .args(["check", "-", "--format", "yaml"])
        .write_stdin(CLEAN)
        .assert()
        .code(2);
    postaudit()
        .args(["check", "-", "--select", "Q9"])
        .write_stdin(CLEAN)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule selector \"Q9\""));
    postaudit()
        .args(["check", "tests"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "tests: no export found in the directory",
        ));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // Read one line of a long report, then close the pipe.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("postaudit"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "-", "--fail-on", "never"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = String::from("id,author,text\n");
    for i in 0..20_000 {
        input.push_str(&format!(
            "{i},brand,Shop now and save 20% on beans number {i}\n"
        ));
    }
    use std::io::{Read, Write};
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
