//! postaudit.toml: the top-level keys, flags overriding them, errors that
//! name the key and line, `postaudit init` and `check --show-config`.

mod common;

use std::path::{Path, PathBuf};

use common::postaudit;
use predicates::prelude::*;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A directory holding `postaudit.toml` with `config`.
fn with_config(config: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("postaudit.toml");
    std::fs::write(&path, config).unwrap();
    (dir, path)
}

/// `check --format json` run in `dir`: the document and exit code.
fn check_in(dir: &Path, args: &[&str]) -> (serde_json::Value, i32) {
    let out = postaudit()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (doc, out.status.code().unwrap())
}

#[test]
fn top_level_keys_set_account_selection_and_fail_level() {
    let sample = fixture("larkspur.csv");
    let (dir, _) = with_config(
        "account = [\"@Larkspur\"]\nfail-on = \"never\"\nselect = [\"R\"]\nignore = [\"R102\"]\n",
    );
    let (doc, code) = check_in(dir.path(), &[&sample]);
    assert_eq!(code, 0, "fail-on = never");
    assert_eq!(doc["account"]["handles"][0], "larkspur");
    assert_eq!(doc["account"]["inferred"], false);
    assert_eq!(common::codes(&doc), ["R001", "R002", "R002", "R101"]);

    // Flags replace the file's values; --extend-select adds to them.
    let (doc, code) = check_in(
        dir.path(),
        &[
            &sample,
            "--fail-on",
            "error",
            "--ignore",
            "R1",
            "--extend-select",
            "P101",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(common::codes(&doc), ["R001", "R002", "R002", "P101"]);
}

#[test]
fn min_score_from_the_file_and_the_flag() {
    let sample = fixture("larkspur.csv");
    let (dir, _) = with_config("fail-on = \"never\"\nmin-score = 90\n");
    assert_eq!(check_in(dir.path(), &[&sample]).1, 1);
    assert_eq!(check_in(dir.path(), &[&sample, "--min-score", "50"]).1, 0);
}

#[test]
fn allowed_phrases_are_not_flagged() {
    // "free shipping" is the name of a product line here.
    let (dir, _) =
        with_config("allow = [\"Free Shipping\", \"limited time\"]\nselect = [\"P0\"]\n");
    let (doc, _) = check_in(dir.path(), &[&fixture("larkspur.csv")]);
    let sells: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "P001")
        .collect();
    // Post 1012 ("Limited time: free shipping ... Order now!") is still
    // flagged, for "Order now" only.
    let post_1012 = sells.iter().find(|f| f["post_id"] == "1012").unwrap();
    assert_eq!(post_1012["span"]["text"], "order today");
    let message = post_1012["message"].as_str().unwrap();
    assert!(!message.contains("free shipping"), "{message}");
    // Without the list, the first span is "Limited time".
    let (doc, _) = check_in(dir.path(), &[&fixture("larkspur.csv"), "--isolated"]);
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "P001" && f["post_id"] == "1012")
        .unwrap();
    assert_eq!(f["span"]["text"], "Limited time");

    // A post whose only hard-sell phrase is allowed is not flagged at all.
    let (dir, _) = with_config("allow = [\"free shipping\"]\nselect = [\"P001\"]\n");
    let out = postaudit()
        .current_dir(dir.path())
        .args(["check", "-", "--format", "json"])
        .write_stdin("id,text\n1,Free shipping is our shop's name\n")
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(common::codes(&doc), Vec::<String>::new());
}

#[test]
fn default_platform_fills_records_without_one() {
    let (dir, _) = with_config("[platform]\ndefault = \"X\"\n");
    let (doc, _) = check_in(dir.path(), &[&fixture("calendar.csv")]);
    let platforms: Vec<&str> = doc["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["platform"].as_str().unwrap())
        .collect();
    assert_eq!(platforms, ["x", "instagram", "x", "x", "x"]);
}

#[test]
fn unknown_keys_and_bad_values_name_the_key_and_line() {
    let sample = fixture("larkspur.csv");
    let cases = [
        (
            "min-posts = 5\nfail-onn = \"error\"\n",
            "line 2",
            "fail-onn",
        ),
        ("fail-on = \"sometimes\"\n", "line 1", "sometimes"),
        ("account = \"larkspur\"\n", "line 1", "expected a sequence"),
        (
            "\nmin-score = 101\n",
            "postaudit.toml:2: min-score = 101",
            "0 to 100",
        ),
        (
            "[dialogue]\n\nmin-reply-share = 3\n",
            "postaudit.toml:3: dialogue.min-reply-share = 3",
            "expected a share",
        ),
        (
            "select = [\"P\", \"Q9\"]\n",
            "postaudit.toml:1: select",
            "\"Q9\"",
        ),
        (
            "allow = [\"ok\", \" \"]\n",
            "postaudit.toml:1: allow",
            "entry 2 is empty",
        ),
    ];
    for (config, place, what) in cases {
        let (dir, _) = with_config(config);
        postaudit()
            .current_dir(dir.path())
            .args(["check", &sample])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(place))
            .stderr(predicate::str::contains(what));
    }
}

#[test]
fn init_writes_a_starter_that_reads_back_as_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    postaudit()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(0)
        .stdout("wrote postaudit.toml\n");
    let written = std::fs::read_to_string(dir.path().join("postaudit.toml")).unwrap();
    assert!(written.starts_with("# postaudit.toml"));
    assert!(written.contains("# [[custom]]"));
    // Merged with no flags, it shows the same settings as no file at all.
    let show = |args: &[&str]| {
        postaudit()
            .current_dir(dir.path())
            .args(["check", "--show-config"])
            .args(args)
            .output()
            .unwrap()
    };
    let from_file = show(&[]);
    assert_eq!(from_file.status.code(), Some(0));
    assert_eq!(from_file.stdout, show(&["--isolated"]).stdout);
    // Its commented examples are valid too: uncommented, they read.
    let uncommented = written
        .replace("# min-score = 70", "min-score = 70")
        .replace("# default = \"x\"", "default = \"x\"");
    std::fs::write(dir.path().join("postaudit.toml"), uncommented).unwrap();
    assert_eq!(show(&[]).status.code(), Some(0));

    // Never over an existing file.
    postaudit()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("postaudit.toml already exists"));
}

#[test]
fn show_config_prints_the_merged_settings_as_toml() {
    let (dir, _) = with_config(
        "fail-on = \"warning\"\nallow = [\"Larkspur Blend\"]\n\n[dialogue]\nmin-reply-share = 0.5\n",
    );
    let out = postaudit()
        .current_dir(dir.path())
        .args([
            "check",
            "--show-config",
            "--select",
            "P,D",
            "--account",
            "brand",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let shown: toml::Table = toml::from_str(std::str::from_utf8(&out.stdout).unwrap()).unwrap();
    assert_eq!(shown["fail-on"].as_str(), Some("warning"));
    assert_eq!(shown["select"].as_array().unwrap().len(), 2);
    assert_eq!(shown["account"][0].as_str(), Some("brand"));
    assert_eq!(shown["allow"][0].as_str(), Some("Larkspur Blend"));
    assert_eq!(shown["dialogue"]["min-reply-share"].as_float(), Some(0.5));
    assert_eq!(shown["min-posts"].as_integer(), Some(5));

    // What it prints reads back as the same settings, custom rules too.
    let (dir, _) = with_config(
        "min-score = 60\n[[custom]]\ncode = \"X001\"\nmessage = \"m\"\nprinciple = \"authenticity\"\nphrases = [\"synergy\"]\n",
    );
    let show = |config: &Path| {
        postaudit()
            .current_dir(dir.path())
            .args(["check", "--show-config", "--config"])
            .arg(config)
            .output()
            .unwrap()
            .stdout
    };
    let first = show(&dir.path().join("postaudit.toml"));
    assert!(String::from_utf8_lossy(&first).contains("[[custom]]"));
    let again = dir.path().join("shown.toml");
    std::fs::write(&again, &first).unwrap();
    assert_eq!(show(&again), first);
}

#[test]
fn the_readme_config_examples_are_valid() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```toml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert!(blocks.len() >= 2);
    for block in blocks {
        let (dir, path) = with_config(block);
        let out = postaudit()
            .current_dir(dir.path())
            .args(["check", "--show-config", "--config"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{block}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
