//! The CI examples shipped with the project: the GitHub Actions workflow in
//! `examples/` and the pre-commit hooks in `.pre-commit-hooks.yaml`. Their
//! YAML is read (with python3 and PyYAML), their postaudit commands are run
//! as written, and what those write is checked: the SARIF against the
//! official schema, the annotations with the runner's parser. Checks that
//! need a missing tool or `../shared/conformance` beside the project (or
//! `$POSTAUDIT_CONFORMANCE`) say so and pass.

mod common;

use common::conformance;

use std::path::Path;
use std::process::Command as Process;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A YAML file as JSON, or `None` without python3 and PyYAML.
fn yaml(path: &Path) -> Option<Value> {
    let out = Process::new("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
        ])
        .arg(path)
        .output()
        .ok()
        .filter(|o| o.status.success());
    match out {
        Some(o) => Some(serde_json::from_slice(&o.stdout).expect("PyYAML writes JSON")),
        None => {
            eprintln!("skipped: python3 with PyYAML is not here");
            None
        }
    }
}

/// Runs a command line of an example (`postaudit ...`, plain words and
/// `$VARS`) in `dir` with the binary under test.
fn run_line(line: &str, dir: &Path, vars: &[(&str, &str)]) -> std::process::Output {
    let words: Vec<String> = line
        .split_whitespace()
        .map(|w| match w.strip_prefix('$') {
            Some(var) => vars
                .iter()
                .find(|(k, _)| *k == var)
                .map(|(_, v)| v.to_string())
                .unwrap_or_else(|| panic!("${var} is not set")),
            None => w.to_string(),
        })
        .collect();
    assert_eq!(words[0], "postaudit", "{line}");
    common::postaudit()
        .current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(&words[1..])
        .output()
        .unwrap()
}

#[test]
fn the_github_workflow_runs_and_uploads_valid_sarif() {
    let path = root().join("examples/github-actions.yml");
    if let Ok(o) = Process::new("check-jsonschema")
        .args(["--builtin-schema", "vendor.github-workflows"])
        .arg(&path)
        .output()
    {
        assert!(
            o.status.success(),
            "not a valid workflow: {}",
            String::from_utf8_lossy(&o.stdout)
        );
    } else {
        eprintln!("skipped: check-jsonschema is not here");
    }
    let Some(workflow) = yaml(&path) else {
        return;
    };
    let calendar = workflow["env"]["CALENDAR"].as_str().unwrap();
    let steps = workflow["jobs"]["audit"]["steps"].as_array().unwrap();
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("a step uploads the SARIF");
    let sarif_file = upload["with"]["sarif_file"].as_str().unwrap();
    assert_eq!(upload["if"], "always()");

    // The repository the workflow runs in: a calendar where it says.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join(calendar);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::copy(root().join("fixtures/calendar.csv"), &target).unwrap();

    let runs: Vec<&str> = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .filter(|r| r.starts_with("postaudit "))
        .collect();
    assert_eq!(runs.len(), 2);
    let sarif_run = run_line(runs[0], dir.path(), &[("CALENDAR", calendar)]);
    assert_eq!(
        sarif_run.status.code(),
        Some(0),
        "the SARIF step never fails the job"
    );
    let log: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join(sarif_file)).unwrap()).unwrap();
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
    if let Some(schema) = conformance("sarif/schema/sarif-schema-2.1.0.json") {
        let schema: Value =
            serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        assert!(validator.is_valid(&log));
    }
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, calendar, "paths relative to the repository root");

    let gate = run_line(runs[1], dir.path(), &[("CALENDAR", calendar)]);
    assert_eq!(gate.status.code(), Some(1), "warnings fail the job");
    if let Some(harness) = conformance("gha-workflow-commands/harness/parse_gha_commands.py") {
        let mut child = Process::new("python3")
            .arg(harness)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&gate.stdout).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let first: Value = serde_json::from_str(
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .next()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(first["properties"]["file"], calendar);
    }
}

#[test]
fn the_pre_commit_hooks_run_on_the_files_they_match() {
    let path = root().join(".pre-commit-hooks.yaml");
    match Process::new("pre-commit")
        .args(["validate-manifest"])
        .arg(&path)
        .output()
    {
        Ok(o) => assert!(
            o.status.success(),
            "pre-commit rejects the manifest: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(_) => eprintln!("skipped: pre-commit is not here"),
    }
    let Some(hooks) = yaml(&path) else {
        return;
    };
    let hooks = hooks.as_array().unwrap();
    assert!(!hooks.is_empty());
    for hook in hooks {
        let id = hook["id"].as_str().unwrap();
        assert_eq!(hook["language"], "rust", "{id}");
        assert_eq!(
            hook["require_serial"], true,
            "{id}: one run sees the whole account"
        );
        let entry = hook["entry"].as_str().unwrap();
        assert!(entry.starts_with("postaudit check"), "{id}");
        // pre-commit passes the staged files that match `files`.
        let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
        let staged: Vec<&str> = [
            "fixtures/larkspur.csv",
            "fixtures/calendar.csv",
            "README.md",
        ]
        .into_iter()
        .filter(|f| files.is_match(f))
        .collect();
        assert!(staged.contains(&"fixtures/calendar.csv"), "{id}");
        assert!(!staged.contains(&"README.md"), "{id}");
        let line = format!("{entry} {}", staged.join(" "));
        let out = run_line(&line, root(), &[]);
        let code = out.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "{id}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("summary"),
            "{id}"
        );
    }
}
