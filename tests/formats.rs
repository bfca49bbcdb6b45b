//! The output formats checked against their specifications: the JSON
//! Schema in `schema/`, the official SARIF 2.1.0 schema and GitHub's code
//! scanning requirements, the Actions runner's workflow-command parser, the
//! JUnit XML schema, JSON Lines and CSV. The conformance material lives in
//! `../shared/conformance` beside the project (or `$POSTAUDIT_CONFORMANCE`); tests that need
//! it, or a tool it needs (python3, xmllint, jq), say so and pass without it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use common::{conformance, postaudit};
use serde_json::Value;

const SELECT: &str = "D001,D101,D102,P001,P002,P101,R001,R002,R101,R102";

/// `check` on `args` in `format`: stdout and exit code.
fn run(format: &str, args: &[&str]) -> (Vec<u8>, i32) {
    let out = postaudit()
        .env_remove("GITHUB_STEP_SUMMARY")
        .arg("check")
        .args(args)
        .args(["--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.code() != Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.stdout, out.status.code().unwrap())
}

fn has_tool(cmd: &str, args: &[&str]) -> bool {
    let ok = Process::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: {cmd} {} does not run here", args.join(" "));
    }
    ok
}

fn temp_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const INPUTS: &[&str] = &[
    "fixtures/larkspur.csv",
    "fixtures/larkspur.json",
    "fixtures/larkspur.ndjson",
    "fixtures/bad-rows.csv",
    "fixtures/calendar.csv",
    "fixtures/snapshot.csv",
];

fn our_schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/postaudit.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn json_output_validates_against_the_published_schema() {
    let schema = our_schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    for input in INPUTS {
        let (out, _) = run("json", &[input]);
        let doc: Value = serde_json::from_slice(&out).unwrap();
        assert_valid(&validator, &doc, input);
    }
    // With suppression, a baseline and custom rules.
    let dir = tempfile::tempdir().unwrap();
    let config = temp_file(
        dir.path(),
        "postaudit.toml",
        b"[[custom]]\ncode = \"X001\"\nmessage = \"m %s\"\nprinciple = \"platform\"\nphrases = [\"beans\"]\n",
    );
    let (out, _) = run(
        "json",
        &[
            "fixtures/snapshot.csv",
            "--config",
            config.to_str().unwrap(),
        ],
    );
    let doc: Value = serde_json::from_slice(&out).unwrap();
    assert!(common::codes(&doc).contains(&"X001".to_string()));
    assert_valid(&validator, &doc, "custom rules");
    // The schema is strict: it notices a field it does not know.
    let mut doc = doc;
    doc["summary"]["surprise"] = Value::from(1);
    assert!(!validator.is_valid(&doc));
}

#[test]
fn ndjson_is_json_lines_one_finding_a_line_then_the_summary() {
    let schema = our_schema();
    let mut line_schema = schema.clone();
    line_schema["$ref"] = Value::from("#/$defs/ndjsonLine");
    for key in ["type", "required", "additionalProperties", "properties"] {
        line_schema.as_object_mut().unwrap().remove(key);
    }
    let validator = jsonschema::validator_for(&line_schema).unwrap();
    for input in INPUTS {
        let (out, _) = run("ndjson", &[input, "--select", SELECT]);
        let (json, _) = run("json", &[input, "--select", SELECT]);
        let doc: Value = serde_json::from_slice(&json).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(text.ends_with('\n') && !text.starts_with('\u{feff}'));
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is one JSON value"))
            .collect();
        for l in &lines {
            assert_valid(&validator, l, input);
        }
        let of = |t: &str| lines.iter().filter(|l| l["type"] == t).count();
        assert_eq!(of("finding"), doc["findings"].as_array().unwrap().len());
        assert_eq!(of("skipped"), doc["skipped"].as_array().unwrap().len());
        assert_eq!(of("warning"), doc["warnings"].as_array().unwrap().len());
        let last = lines.last().unwrap();
        assert_eq!(last["type"], "summary");
        assert_eq!(last["data"], doc["summary"]);
        let findings: Vec<&Value> = lines
            .iter()
            .filter(|l| l["type"] == "finding")
            .map(|l| &l["data"])
            .collect();
        assert_eq!(
            findings,
            doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .collect::<Vec<_>>()
        );

        if let Some(check) = conformance("jsonlines/harness/check_jsonl.sh")
            && has_tool("jq", &["--version"])
        {
            let dir = tempfile::tempdir().unwrap();
            let f = temp_file(dir.path(), "out.jsonl", &out);
            let status = Process::new("bash").arg(&check).arg(&f).status().unwrap();
            assert!(
                status.success(),
                "{input}: check_jsonl.sh rejects the output"
            );
        }
    }
}

/// Checks GitHub code scanning's requirements (GITHUB-REQUIREMENTS.md) on a
/// SARIF log; returns the problems found.
fn github_problems(log: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut need = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    let text_ok = |v: &Value, max: usize| {
        v.as_str()
            .is_some_and(|s| !s.trim().is_empty() && s.chars().count() <= max)
    };
    need(log["$schema"].is_string(), "$schema".into());
    need(log["version"] == "2.1.0", "version".into());
    for run in log["runs"].as_array().into_iter().flatten() {
        let driver = &run["tool"]["driver"];
        need(text_ok(&driver["name"], usize::MAX), "driver.name".into());
        let rules = driver["rules"].as_array();
        need(rules.is_some(), "driver.rules".into());
        for r in rules.into_iter().flatten() {
            let id = r["id"].as_str().unwrap_or("?");
            need(text_ok(&r["id"], usize::MAX), "rule id".into());
            need(
                text_ok(&r["shortDescription"]["text"], 1024),
                format!("{id}: shortDescription.text"),
            );
            need(
                text_ok(&r["fullDescription"]["text"], 1024),
                format!("{id}: fullDescription.text"),
            );
            need(
                text_ok(&r["help"]["text"], usize::MAX),
                format!("{id}: help.text"),
            );
            need(
                r["name"].as_str().is_none_or(|n| n.len() <= 255),
                format!("{id}: name"),
            );
        }
        let results = run["results"].as_array();
        need(results.is_some(), "run.results".into());
        for (n, res) in results.into_iter().flatten().enumerate() {
            need(
                text_ok(&res["message"]["text"], usize::MAX),
                format!("result {n}: message"),
            );
            let locations = res["locations"].as_array();
            need(
                locations.is_some_and(|l| !l.is_empty() && l.len() <= 10),
                format!("result {n}: locations"),
            );
            for loc in locations.into_iter().flatten() {
                let phys = &loc["physicalLocation"];
                let uri = phys["artifactLocation"]["uri"].as_str().unwrap_or("");
                need(
                    !uri.is_empty() && !uri.contains("://") && !uri.starts_with('/'),
                    format!("result {n}: uri {uri:?} is not relative"),
                );
                let region = &phys["region"];
                for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                    need(
                        region[key].as_u64().is_some_and(|v| v >= 1),
                        format!("result {n}: region.{key}"),
                    );
                }
            }
            need(
                text_ok(
                    &res["partialFingerprints"]["primaryLocationLineHash"],
                    usize::MAX,
                ),
                format!("result {n}: partialFingerprints.primaryLocationLineHash"),
            );
            if let (Some(i), Some(rules)) = (res["ruleIndex"].as_u64(), driver["rules"].as_array())
            {
                need(
                    rules
                        .get(i as usize)
                        .is_some_and(|r| r["id"] == res["ruleId"]),
                    format!("result {n}: ruleIndex"),
                );
            }
        }
    }
    problems
}

#[test]
fn sarif_validates_against_the_official_schema_and_githubs_rules() {
    let Some(schema_path) = conformance("sarif/schema/sarif-schema-2.1.0.json") else {
        return;
    };
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema loads");
    // The checks catch what they should, on the reference examples.
    let example = |name: &str| -> Value {
        let p = conformance(&format!("sarif/examples/{name}")).unwrap();
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    assert!(validator.is_valid(&example("good-min.sarif")));
    assert!(github_problems(&example("good-min.sarif")).is_empty());
    assert!(!validator.is_valid(&example("bad-schema.sarif")));
    assert!(validator.is_valid(&example("bad-github.sarif")));
    assert!(github_problems(&example("bad-github.sarif")).len() >= 5);

    for input in INPUTS {
        let (out, _) = run("sarif", &[input]);
        let log: Value = serde_json::from_slice(&out).unwrap();
        assert_valid(&validator, &log, input);
        let problems = github_problems(&log);
        assert!(problems.is_empty(), "{input}: {problems:#?}");
    }
    // Custom rules too.
    let dir = tempfile::tempdir().unwrap();
    let config = temp_file(
        dir.path(),
        "postaudit.toml",
        b"[[custom]]\ncode = \"X001\"\nmessage = \"jargon %s\"\nprinciple = \"authenticity\"\nphrases = [\"beans\"]\n",
    );
    let (out, _) = run(
        "sarif",
        &[
            "fixtures/snapshot.csv",
            "--config",
            config.to_str().unwrap(),
        ],
    );
    let log: Value = serde_json::from_slice(&out).unwrap();
    assert_valid(&validator, &log, "custom rules");
    assert!(
        github_problems(&log).is_empty(),
        "{:#?}",
        github_problems(&log)
    );
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let custom = rules.iter().find(|r| r["id"] == "X001").unwrap();
    assert_eq!(custom["fullDescription"]["text"], "jargon the matched text");
    // And stdin.
    let out = postaudit()
        .args(["check", "-", "--format", "sarif"])
        .write_stdin("id,author,text\n1,b,Shop now!\n")
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&validator, &log, "stdin");
    assert!(github_problems(&log).is_empty());
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%3Cstdin%3E"
    );
}

#[test]
fn sarif_results_point_at_the_record_line_and_phrase() {
    let (out, _) = run(
        "sarif",
        &["fixtures/snapshot.csv", "--select", "P001,R002,P101"],
    );
    let log: Value = serde_json::from_slice(&out).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let region = |i: usize| &results[i]["locations"][0]["physicalLocation"]["region"];
    // Record 1 is line 2; "limited time only" starts at column 59 there.
    let line2 = std::fs::read_to_string("fixtures/snapshot.csv").unwrap();
    let line2 = line2.lines().nth(1).unwrap();
    let col = line2.find("limited time only").unwrap() + 1;
    assert_eq!(results[0]["ruleId"], "P001");
    assert_eq!(region(0)["startLine"], 2);
    assert_eq!(region(0)["startColumn"], col);
    assert_eq!(region(0)["endColumn"], col + "limited time only".len());
    // The question of record 5 starts on line 8, after a record of 3 lines.
    assert_eq!(results[1]["ruleId"], "R002");
    assert_eq!(region(1)["startLine"], 8);
    // An account-level finding points at the input's first line.
    let account = results.iter().find(|r| r["ruleId"] == "P101").unwrap();
    assert_eq!(
        account["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    assert!(
        account["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("account: ")
    );
    // A JSON record's line is its object's opening brace.
    let (out, _) = run("sarif", &["fixtures/larkspur.json", "--select", "P001"]);
    let log: Value = serde_json::from_slice(&out).unwrap();
    let text = std::fs::read_to_string("fixtures/larkspur.json").unwrap();
    for r in log["runs"][0]["results"].as_array().unwrap() {
        let line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap() as usize;
        let l = text.lines().nth(line - 1).unwrap();
        assert!(l.trim_start().starts_with('{'), "line {line}: {l}");
    }
}

/// Runs the conformance parser of workflow commands on `stdout`.
fn parse_annotations(stdout: &[u8]) -> Option<Vec<Value>> {
    let harness = conformance("gha-workflow-commands/harness/parse_gha_commands.py")?;
    if !has_tool("python3", &["--version"]) {
        return None;
    }
    let mut child = Process::new("python3")
        .arg(harness)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(stdout).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the runner's parser rejects a line: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    )
}

#[test]
fn github_annotations_parse_back_to_the_findings() {
    // A file name and messages with the characters that need escaping.
    let dir = tempfile::tempdir().unwrap();
    let csv = temp_file(
        dir.path(),
        "plan, v2: 100%.csv",
        "id,author,text\n1,b,\"Sale: 50% off,\r\nshop now!\"\n2,c,\"@b where, exactly?\"\n"
            .as_bytes(),
    );
    let path = csv.to_str().unwrap();
    let (out, _) = run("github", &[path, "--select", "P001,R002,D101"]);
    let (json, _) = run("json", &[path, "--select", "P001,R002,D101"]);
    let doc: Value = serde_json::from_slice(&json).unwrap();
    let Some(parsed) = parse_annotations(&out) else {
        return;
    };
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(parsed.len(), findings.len());
    for (a, f) in parsed.iter().zip(findings) {
        let expected = match f["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        assert_eq!(a["command"], expected);
        assert_eq!(a["data"], f["message"]);
        assert_eq!(a["properties"]["file"], path);
        assert_eq!(a["properties"]["line"], f["source"]["line"].to_string());
        let title = a["properties"]["title"].as_str().unwrap();
        assert!(title.starts_with(f["rule"].as_str().unwrap()), "{title}");
    }
    assert!(parsed[0]["data"].as_str().unwrap().contains("50% off"));

    // The whole sample too.
    let (out, _) = run("github", &["fixtures/snapshot.csv", "--select", SELECT]);
    let (json, _) = run("json", &["fixtures/snapshot.csv", "--select", SELECT]);
    let doc: Value = serde_json::from_slice(&json).unwrap();
    let Some(parsed) = parse_annotations(&out) else {
        return;
    };
    assert_eq!(parsed.len(), doc["findings"].as_array().unwrap().len());
    let account = parsed.last().unwrap();
    assert!(account["properties"].get("file").is_none());
    assert!(account["data"].as_str().unwrap().starts_with("account: "));
}

#[test]
fn github_appends_a_markdown_summary_to_the_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = temp_file(dir.path(), "summary.md", b"earlier step\n");
    for _ in 0..2 {
        postaudit()
            .env("GITHUB_STEP_SUMMARY", &summary)
            .args(["check", "fixtures/snapshot.csv", "--select", SELECT])
            .args(["--format", "github"])
            .assert()
            .code(1);
    }
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("earlier step\n# postaudit report\n"));
    assert_eq!(text.matches("# postaudit report").count(), 2);
    let markdown = postaudit()
        .args(["check", "fixtures/snapshot.csv", "--select", SELECT])
        .args(["--format", "markdown"])
        .output()
        .unwrap()
        .stdout;
    assert!(text.contains(std::str::from_utf8(&markdown).unwrap()));
}

#[test]
fn the_step_summary_stays_under_githubs_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,author,text\n");
    for i in 0..9000 {
        csv.push_str(&format!(
            "{i},brand,\"Shop now, item {i}: 20% off today, with text long enough to make a wide row\"\n"
        ));
    }
    let input = temp_file(dir.path(), "wide.csv", csv.as_bytes());
    let summary = dir.path().join("summary.md");
    postaudit()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .arg("check")
        .arg(&input)
        .args(["--format", "github", "--select", "P001"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.len() < 1024 * 1024, "{} bytes", text.len());
    assert!(
        text.len() > 900 * 1024,
        "cut more than needed: {} bytes",
        text.len()
    );
    let rows = text.lines().filter(|l| l.contains("`P001`")).count();
    assert!(text.contains(&format!("… and {} more findings", 9000 - rows)));
}

#[test]
fn junit_validates_against_the_schema_and_counts_add_up() {
    let dir = tempfile::tempdir().unwrap();
    for input in INPUTS {
        let (out, _) = run("junit", &[input]);
        let xml = temp_file(dir.path(), "report.xml", &out);
        if let Some(xsd) = conformance("junit-xml/jenkins-xunit/junit-10.xsd")
            && has_tool("xmllint", &["--version"])
        {
            let o = Process::new("xmllint")
                .args(["--noout", "--schema"])
                .arg(&xsd)
                .arg(&xml)
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "{input}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        if let Some(harness) = conformance("junit-xml/harness/junit_counts.py")
            && has_tool("python3", &["-c", "import junitparser"])
        {
            let o = Process::new("python3")
                .arg(harness)
                .arg(&xml)
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "{input}: {}",
                String::from_utf8_lossy(&o.stdout)
            );
        }
    }
    // One test case per post of the account, failures for findings.
    let (out, _) = run("junit", &["fixtures/larkspur.csv", "--select", "P001"]);
    let xml = String::from_utf8(out).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), 8 + 1);
    assert_eq!(xml.matches("<failure ").count(), 2);
    assert!(
        xml.contains(r#"<failure type="P001" message="hard-sell language &quot;FLASH SALE&quot;"#)
    );
}

#[test]
fn csv_has_one_row_per_finding() {
    let (out, _) = run("csv", &["fixtures/snapshot.csv", "--select", SELECT]);
    let (json, _) = run("json", &["fixtures/snapshot.csv", "--select", SELECT]);
    let doc: Value = serde_json::from_slice(&json).unwrap();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    assert_eq!(reader.headers().unwrap().get(0), Some("path"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(rows.len(), findings.len());
    for (row, f) in rows.iter().zip(findings) {
        assert_eq!(&row[3], f["rule"].as_str().unwrap());
        assert_eq!(&row[7], f["message"].as_str().unwrap());
        assert_eq!(&row[12], f["fingerprint"].as_str().unwrap());
        match f["span"]["text"].as_str() {
            Some(t) => assert_eq!(&row[10], t),
            None => assert_eq!(&row[10], ""),
        }
    }
}

#[test]
fn data_formats_keep_an_exports_escape_characters_byte_for_byte() {
    // An id holding a terminal escape: the CSV report writes it as read,
    // whatever --color says; JSON escapes it.
    let dir = tempfile::tempdir().unwrap();
    let id = "a\u{1b}[31mred\u{1b}[0m";
    let input = temp_file(
        dir.path(),
        "escape.csv",
        format!("id,author,text\n{id},shop,Buy now! 50% off everything.\n").as_bytes(),
    );
    let input = input.to_str().unwrap();
    for color in ["auto", "never"] {
        let (out, _) = run("csv", &[input, "--select", "D001", "--color", color]);
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.as_slice())
            .records()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), 1, "--color {color}");
        assert_eq!(&rows[0][2], id, "--color {color}");
    }
    let (json, _) = run("json", &[input, "--select", "D001", "--color", "always"]);
    let doc: Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(doc["findings"][0]["post_id"], id);
}

#[test]
fn a_record_with_no_id_of_its_own_is_named_by_its_place_once() {
    // A content calendar has no id column: each record's id is its place,
    // which every report shows already.
    let (text, _) = run("text", &["fixtures/calendar.csv", "--color", "never"]);
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("fixtures/calendar.csv:2  post  \"Spring sale!"),
        "{text}"
    );
    let (md, _) = run("markdown", &["fixtures/calendar.csv"]);
    let md = String::from_utf8(md).unwrap();
    assert!(
        md.contains("| `fixtures/calendar.csv:2` | post | `D001`"),
        "{md}"
    );
    let (xml, _) = run("junit", &["fixtures/calendar.csv"]);
    let xml = String::from_utf8(xml).unwrap();
    assert!(xml.contains(r#"<testcase name="post (line 2)""#), "{xml}");
    // With ids, the id is shown.
    let (xml, _) = run("junit", &["fixtures/larkspur.csv"]);
    let xml = String::from_utf8(xml).unwrap();
    assert!(
        xml.contains(r#"<testcase name="post 1001 (line 2)""#),
        "{xml}"
    );
}

#[test]
fn every_format_is_the_same_bytes_every_run_and_can_go_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    for format in [
        "text", "json", "ndjson", "sarif", "github", "junit", "markdown", "csv",
    ] {
        let once = run(format, &["fixtures/larkspur.csv", "fixtures/snapshot.csv"]);
        let twice = run(format, &["fixtures/larkspur.csv", "fixtures/snapshot.csv"]);
        assert_eq!(once, twice, "--format {format}");
        let file = dir.path().join(format!("report.{format}"));
        let out = postaudit()
            .env_remove("GITHUB_STEP_SUMMARY")
            .args(["check", "fixtures/larkspur.csv", "fixtures/snapshot.csv"])
            .args(["--format", format, "-o"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(once.1), "--format {format} -o");
        assert!(out.stdout.is_empty());
        assert_eq!(
            std::fs::read(&file).unwrap(),
            once.0,
            "--format {format} -o"
        );
    }
}
