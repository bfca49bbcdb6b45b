//! `[[custom]]` rules in postaudit.toml: findings with spans, listed by
//! `postaudit rules`, explained, selectable, validated.

mod common;

use common::postaudit;
use predicates::prelude::*;

const CONFIG: &str = r#"
[[custom]]
code = "X001"
name = "corporate-jargon"
message = "jargon %s: say it the way your readers would"
principle = "authenticity"
severity = "warning"
phrases = ["synergy", "best in class"]

[[custom]]
code = "X002"
message = "a date written %s is ambiguous abroad"
principle = "platform"
severity = "info"
pattern = "\\b\\d{1,2}/\\d{1,2}\\b"
"#;

const POSTS: &str = "id,author,text\n1,brand,\"Real synergy: our Best  in Class beans, from 3/4. What do you think?\"\n2,fan,synergy is a silly word\n";

fn in_dir(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("postaudit.toml"), config).unwrap();
    dir
}

#[test]
fn custom_rules_flag_phrases_and_patterns_with_spans() {
    let dir = in_dir(CONFIG);
    let out = postaudit()
        .current_dir(dir.path())
        .args(["check", "-", "--format", "json", "--select", "X"])
        .write_stdin(POSTS)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["span"]["text"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Only the account's post is judged (not the fan's comment).
    assert_eq!(
        found,
        [
            (
                "X001".to_string(),
                "synergy".to_string(),
                "jargon \"synergy\": say it the way your readers would".to_string()
            ),
            (
                "X001".into(),
                "Best  in Class".into(),
                "jargon \"Best  in Class\": say it the way your readers would".into()
            ),
            (
                "X002".into(),
                "3/4".into(),
                "a date written \"3/4\" is ambiguous abroad".into()
            ),
        ]
    );
    let x1 = &doc["findings"][0];
    assert_eq!(x1["name"], "corporate-jargon");
    assert_eq!(x1["principle"], "authenticity");
    assert_eq!(x1["severity"], "warning");
    assert_eq!(
        (x1["span"]["start"].as_u64(), x1["span"]["end"].as_u64()),
        (Some(5), Some(12))
    );
    // They count against their principle's score.
    assert!(
        doc["summary"]["principles"]["authenticity"]
            .as_u64()
            .unwrap()
            < 100
    );

    // Selection by code, prefix or name, and --ignore.
    let codes = |args: &[&str]| {
        let out = postaudit()
            .current_dir(dir.path())
            .args(["check", "-", "--format", "json"])
            .args(args)
            .write_stdin(POSTS)
            .output()
            .unwrap();
        common::codes(&serde_json::from_slice(&out.stdout).unwrap())
    };
    assert_eq!(codes(&["--select", "corporate-jargon"]), ["X001", "X001"]);
    assert_eq!(codes(&["--select", "X", "--ignore", "X001"]), ["X002"]);
    assert!(!codes(&[]).is_empty());
}

#[test]
fn custom_rules_are_listed_and_explained() {
    let dir = in_dir(CONFIG);
    postaudit()
        .current_dir(dir.path())
        .arg("rules")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "X001   corporate-jargon               authenticity    warning  post",
        ))
        .stdout(predicate::str::contains("X002   custom-x002"));
    postaudit()
        .current_dir(dir.path())
        .args(["rules", "--isolated"])
        .assert()
        .stdout(predicate::str::contains("X001").not());
    postaudit()
        .current_dir(dir.path())
        .args(["explain", "corporate-jargon"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("X001 corporate-jargon\n"))
        .stdout(predicate::str::contains("\"synergy\", \"best in class\""))
        .stdout(predicate::str::contains("seeds:     (none: a custom rule"));
}

#[test]
fn bad_custom_rules_are_errors_naming_the_table_and_key() {
    let cases = [
        (
            "[[custom]]\ncode = \"X001\"\nmessage = \"m\"\nprinciple = \"dialogue\"\nphrases = [\"a\"]\n\n[[custom]]\ncode = \"X002\"\nmessage = \"m\"\nprinciple = \"dialogue\"\npattern = \"(oops\"\n",
            "postaudit.toml:11: custom[2].pattern: \"(oops\" is not a valid regular expression",
        ),
        (
            "[[custom]]\ncode = \"P001\"\nmessage = \"m\"\nprinciple = \"dialogue\"\nphrases = [\"a\"]\n",
            "postaudit.toml:2: custom[1].code: \"P001\" is already the code of P001 (hard-sell)",
        ),
        (
            "[[custom]]\ncode = \"X001\"\nmessage = \"m\"\nprinciple = \"dialogue\"\n",
            "custom[1]: give `phrases = [..]` or `pattern = \"regex\"`",
        ),
        (
            "[[custom]]\ncode = \"X001\"\nmessage = \"m\"\nprinciple = \"kindness\"\nphrases = [\"a\"]\n",
            "line 4",
        ),
        (
            "[[custom]]\ncode = \"X001\"\nmesage = \"m\"\n",
            "unknown field `mesage`",
        ),
    ];
    for (config, expected) in cases {
        let dir = in_dir(config);
        postaudit()
            .current_dir(dir.path())
            .args(["check", "-"])
            .write_stdin(POSTS)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected));
    }
}

/// `[severity]` and `--severity` reach custom rules by code, name or
/// prefix, like built-in ones.
#[test]
fn severity_overrides_reach_custom_rules() {
    let severities = |config: &str, args: &[&str]| {
        let dir = in_dir(config);
        let out = postaudit()
            .current_dir(dir.path())
            .args(["check", "-", "--format", "json", "--select", "X"])
            .args(args)
            .write_stdin(POSTS)
            .output()
            .unwrap();
        assert!(
            out.status.code() != Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{}={}",
                    f["rule"].as_str().unwrap(),
                    f["severity"].as_str().unwrap()
                )
            })
            .collect::<Vec<_>>()
    };
    let file = format!("{CONFIG}\n[severity]\ncorporate-jargon = \"error\"\n");
    assert_eq!(
        severities(&file, &[]),
        ["X001=error", "X001=error", "X002=info"]
    );
    assert_eq!(
        severities(
            CONFIG,
            &["--severity", "X002=warning", "--severity", "X0=info"]
        ),
        ["X001=info", "X001=info", "X002=warning"]
    );
    // A key that names no rule, built-in or custom, is still an error.
    let dir = in_dir(CONFIG);
    postaudit()
        .current_dir(dir.path())
        .args(["check", "-", "--severity", "X009=info"])
        .write_stdin(POSTS)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("selects no rule"));
}
