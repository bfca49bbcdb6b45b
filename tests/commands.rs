//! `postaudit rules` and `postaudit explain`.

mod common;

use common::postaudit;
use predicates::prelude::*;

#[test]
fn rules_lists_every_rule() {
    postaudit()
        .arg("rules")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "P001   hard-sell                      promotion       warning  post",
        ))
        .stdout(predicate::str::contains("R101   low-response-rate"));
}

#[test]
fn rules_as_json_for_tools() {
    let out = postaudit()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rules.len() >= 10);
    let r = rules.iter().find(|r| r["code"] == "R002").unwrap();
    assert_eq!(r["name"], "unanswered-question");
    assert_eq!(r["principle"], "responsiveness");
    assert_eq!(r["severity"], "error");
    assert_eq!(r["scope"], "post");
    assert_eq!(r["seeds"][0], "003_5cbde5e7d00acd36.txt");
    assert!(
        r["summary"]
            .as_str()
            .unwrap()
            .starts_with("Flags a question")
    );
}

#[test]
fn explain_prints_the_doc_by_code_or_name() {
    for key in ["P001", "p001", "hard-sell"] {
        postaudit()
            .args(["explain", key])
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with("P001 hard-sell\n"))
            .stdout(predicate::str::contains(
                "principle: promotion (Value before promotion)",
            ))
            .stdout(predicate::str::contains(
                "seeds:     000_740e0177f429c1a3.txt",
            ))
            .stdout(predicate::str::contains("## Why is this bad?"))
            .stdout(predicate::str::contains("Use instead:"));
    }
    postaudit()
        .args(["explain", "X999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule \"X999\""));
}

#[test]
fn a_config_file_sets_thresholds_and_bad_keys_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("postaudit.toml");
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/larkspur.csv");
    std::fs::write(&cfg, "[responsiveness]\ntarget-median-minutes = 300\n").unwrap();
    // Found by walking up from the working directory.
    let sub = dir.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    let run = |cwd: &std::path::Path, extra: &[&str]| {
        let out = postaudit()
            .current_dir(cwd)
            .args(["check", sample.to_str().unwrap(), "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        common::codes(&serde_json::from_slice(&out.stdout).unwrap())
    };
    assert!(!run(&sub, &[]).contains(&"R102".to_string()));
    assert!(run(&sub, &["--isolated"]).contains(&"R102".to_string()));

    std::fs::write(&cfg, "[promotion]\nmax-share = 0.3\n").unwrap();
    postaudit()
        .current_dir(&sub)
        .args(["check", sample.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("postaudit.toml"))
        .stderr(predicate::str::contains("max-share"));
}

#[test]
fn rules_json_carries_principle_severity_scope_seeds_and_options() {
    let out = postaudit()
        .args(["rules", "--format", "json", "--isolated"])
        .output()
        .unwrap();
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let r = rules.iter().find(|r| r["code"] == "S101").unwrap();
    assert_eq!(r["principle"], "consistency");
    assert_eq!(r["principle_title"], "Relationship with campaigns on top");
    assert_eq!(r["severity"], "warning");
    assert_eq!(r["default_severity"], "warning");
    assert_eq!(r["scope"], "account");
    assert_eq!(r["seeds"][0], "001_24e1877a1fee5122.txt");
    assert_eq!(
        r["options"][0],
        serde_json::json!({"key": "consistency.silence-days", "value": 14.0, "default": 14.0})
    );
    // Every rule lists its options (possibly none) and every option has a value.
    for r in &rules {
        for o in r["options"].as_array().unwrap() {
            assert!(
                o.get("value").is_some() && o.get("default").is_some(),
                "{r}"
            );
        }
    }
}

#[test]
fn explain_shows_the_seed_quote_and_current_option_values() {
    postaudit()
        .args(["explain", "S101", "--isolated"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "principle: consistency (Relationship with campaigns on top)",
        ))
        .stdout(predicate::str::contains(
            "rests on:\n  \"from “campaign” mode to “relationship with overlaid campaigns on top mode”\"",
        ))
        .stdout(predicate::str::contains("(001_24e1877a1fee5122.txt)\n"))
        .stdout(predicate::str::contains(
            "options (values from the defaults):\n  consistency.silence-days = 14.0  (default)\n",
        ));

    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("postaudit.toml");
    std::fs::write(
        &cfg,
        "[consistency]\nsilence-days = 21\n[severity]\nconsistency = \"info\"\n",
    )
    .unwrap();
    postaudit()
        .current_dir(dir.path())
        .args(["explain", "campaign-mode"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "consistency.silence-days = 21.0  (default 14.0)",
        ))
        .stdout(predicate::str::contains("severity:  info (set in "))
        .stdout(predicate::str::contains("postaudit.toml; default warning)"));
    postaudit()
        .args(["rules", "--format", "json", "--config"])
        .arg(&cfg)
        .assert()
        .stdout(predicate::str::contains("\"severity\": \"info\""));
}

#[test]
fn explain_says_when_a_rule_has_no_options() {
    postaudit()
        .args(["explain", "R002", "--isolated"])
        .assert()
        .stdout(predicate::str::contains("options:   none"))
        .stdout(predicate::str::contains(
            "rests on:\n  \"answer questions, provide meaningful content\" (003_5cbde5e7d00acd36.txt)",
        ));
}

#[test]
fn completions_for_each_shell_come_from_the_cli_definition() {
    for (shell, marker) in [
        ("bash", "_postaudit()"),
        ("zsh", "#compdef postaudit"),
        ("fish", "complete -c postaudit"),
        ("elvish", "edit:completion:arg-completer[postaudit]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = postaudit().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}");
        assert!(
            script.contains("fail-on") && script.contains("write-baseline"),
            "{shell}"
        );
    }
    // The bash script is valid bash.
    let script = postaudit()
        .args(["completions", "bash"])
        .output()
        .unwrap()
        .stdout;
    if let Ok(mut bash) = std::process::Command::new("bash")
        .arg("-n")
        .stdin(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        bash.stdin.take().unwrap().write_all(&script).unwrap();
        assert!(bash.wait().unwrap().success());
    }
    postaudit().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_documents_the_commands_and_options() {
    let out = postaudit().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH postaudit 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"));
    for command in ["check", "rules", "explain", "init", "completions", "man"] {
        assert!(
            page.contains(&format!("postaudit\\-{command}")) || page.contains(command),
            "{command}"
        );
    }
    assert!(page.contains("Exit codes"));

    let out = postaudit().args(["man", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH postaudit-check 1"), "{page}");
    for option in [
        "\\-\\-fail\\-on",
        "\\-\\-write\\-baseline",
        "\\-\\-show\\-config",
    ] {
        assert!(page.contains(option), "{option}");
    }
    postaudit()
        .args(["man", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("commands: check, rules"));
}
