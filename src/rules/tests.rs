//! Every rule's doc examples run as tests: the `## Example` block must be
//! flagged by the rule and the `Use instead:` block must not.
//!
//! A ```` ```post ```` block is one original post by the account `brand`; a
//! ```` ```csv ```` block is a small export (account `brand`) read by the real
//! CSV loader.

use std::collections::HashSet;

use super::*;
use crate::audit::{self, AuditOptions};
use crate::load::{InputFormat, LoadOptions, load_bytes};
use crate::model::{Dataset, Post, Source};

/// The first fenced block after `marker`: its info string and body.
fn block_after<'a>(doc: &'a str, marker: &str) -> Option<(&'a str, String)> {
    let rest = &doc[doc.find(marker)? + marker.len()..];
    let open = rest.find("```")?;
    let after = &rest[open + 3..];
    let info_end = after.find('\n')?;
    let info = after[..info_end].trim();
    let body = &after[info_end + 1..];
    let close = body.find("```")?;
    Some((info, body[..close].to_string()))
}

fn dataset(info: &str, body: &str, code: &str) -> Dataset {
    let mut data = Dataset::default();
    match info {
        "post" => {
            let mut p = Post::new(
                "1",
                body.trim(),
                Source {
                    path: "example".into(),
                    line: 1,
                },
            );
            p.author = "brand".into();
            data.posts.push(p);
        }
        "csv" => {
            let opts = LoadOptions {
                format: InputFormat::Csv,
                columns: vec![],
            };
            load_bytes(body.as_bytes(), "example.csv".into(), &opts, &mut data)
                .unwrap_or_else(|e| panic!("{code}: example does not load: {e:#}"));
        }
        other => panic!("{code}: unknown example block type {other:?}"),
    }
    assert!(
        data.skipped.is_empty(),
        "{code}: example skips records: {:?}",
        data.skipped
    );
    assert!(
        data.warnings.is_empty(),
        "{code}: example has input warnings: {:?}",
        data.warnings
    );
    data
}

fn flagged(rule: &'static dyn Rule, info: &str, body: &str) -> Vec<String> {
    let code = rule.meta().code;
    let audit = audit::run(
        dataset(info, body, code),
        vec![],
        AuditOptions {
            accounts: vec!["brand".into()],
            rules: vec![rule],
            settings: Default::default(),
        },
    );
    audit
        .findings
        .iter()
        .map(|f| f.message(&audit.corpus).into_owned())
        .collect()
}

/// The messages `rule` gives on one original post by `brand`: for rules'
/// own edge-case tests.
pub(crate) fn flagged_post(rule: &'static dyn Rule, text: &str) -> Vec<String> {
    flagged(rule, "post", text)
}

/// The ids of the records `rule` flags in a CSV export whose account is
/// `brand`: for rules' own edge-case tests.
pub(crate) fn flagged_ids(rule: &'static dyn Rule, csv: &str) -> Vec<String> {
    let audit = audit_csv(rule, csv);
    audit
        .findings
        .iter()
        .filter_map(|f| f.post().map(|i| audit.corpus.posts[i].id.clone()))
        .collect()
}

/// The findings of `rule` on a CSV export whose account is `brand`.
pub(crate) fn flagged_findings(rule: &'static dyn Rule, csv: &str) -> Vec<Finding> {
    audit_csv(rule, csv).findings.iter().cloned().collect()
}

/// A message written when its finding was made (not `Message::Later`).
pub(crate) fn written(f: &Finding) -> &str {
    match &f.message {
        Message::Owned(s) => s,
        Message::Fixed(s) => s,
        Message::Shared(s) => s,
        Message::Later(_) => panic!("{} writes its message later", f.rule.code),
    }
}

fn audit_csv(rule: &'static dyn Rule, csv: &str) -> audit::Audit {
    audit::run(
        dataset("csv", csv, rule.meta().code),
        vec![],
        AuditOptions {
            accounts: vec!["brand".into()],
            rules: vec![rule],
            settings: Default::default(),
        },
    )
}

#[test]
fn every_rule_flags_its_example_and_passes_its_alternative() {
    for rule in ALL {
        let m = rule.meta();
        let doc = m.doc_text();
        let (info, bad) = block_after(&doc, "## Example")
            .unwrap_or_else(|| panic!("{}: no ## Example block", m.code));
        let (good_info, good) = block_after(&doc, "Use instead:")
            .unwrap_or_else(|| panic!("{}: no `Use instead:` block", m.code));
        assert!(
            !flagged(*rule, info, &bad).is_empty(),
            "{}: its example is not flagged",
            m.code
        );
        let found = flagged(*rule, good_info, &good);
        assert!(
            found.is_empty(),
            "{}: its alternative is flagged: {found:?}",
            m.code
        );
    }
}

#[test]
fn every_rule_is_documented_and_cites_a_seed() {
    let seeds = ["000_", "001_", "002_", "003_", "004_"];
    for rule in ALL {
        let m = rule.meta();
        let doc = m.doc_text();
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "Use instead:",
        ] {
            assert!(doc.contains(heading), "{}: doc lacks {heading}", m.code);
        }
        assert!(!m.why().is_empty(), "{}: empty why", m.code);
        let quoted: Vec<&str> = m.seed_quotes().iter().map(|(_, s)| *s).collect();
        assert!(
            !quoted.is_empty(),
            "{}: its why quotes no seed before citing it",
            m.code
        );
        for seed in m.seeds {
            assert!(
                seeds.iter().any(|s| seed.starts_with(s)) && seed.ends_with(".txt"),
                "{}: {seed}",
                m.code
            );
            assert!(
                doc.contains(seed),
                "{}: cites {seed} but its doc does not quote it",
                m.code
            );
        }
        assert!(
            m.code.starts_with(m.principle.letter()),
            "{}: wrong family letter",
            m.code
        );
        let number = &m.code[1..];
        assert!(
            number.len() == 3 && number.bytes().all(|b| b.is_ascii_digit()),
            "{}",
            m.code
        );
        let account_code = number.starts_with('1');
        assert_eq!(
            account_code,
            m.scope == Scope::Account,
            "{}: 1xx codes are account rules",
            m.code
        );
        assert!(
            m.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{}: name not kebab-case",
            m.code
        );
    }
}

#[test]
fn codes_and_names_are_unique() {
    let mut seen = HashSet::new();
    for rule in ALL {
        assert!(
            seen.insert(rule.meta().code),
            "duplicate code {}",
            rule.meta().code
        );
        assert!(
            seen.insert(rule.meta().name),
            "duplicate name {}",
            rule.meta().name
        );
    }
}

#[test]
fn selection_by_code_prefix_name_and_principle() {
    let codes = |sel: &[&str], ign: &[&str]| -> Vec<&str> {
        let s: Vec<String> = sel.iter().map(|s| s.to_string()).collect();
        let i: Vec<String> = ign.iter().map(|s| s.to_string()).collect();
        select(&s, &i)
            .unwrap()
            .iter()
            .map(|r| r.meta().code)
            .collect()
    };
    assert_eq!(
        codes(&["P"], &[]),
        ["P001", "P002", "P003", "P004", "P101", "P102", "P103"]
    );
    assert_eq!(codes(&["p0"], &[]), ["P001", "P002", "P003", "P004"]);
    assert_eq!(codes(&["hard-sell", "R101"], &[]), ["P001", "R101"]);
    assert_eq!(
        codes(&["responsiveness"], &["R1"]),
        ["R001", "R002", "R003"]
    );
    assert_eq!(codes(&["R"], &["R0"]), ["R101", "R102"]);
    let rest = codes(&[], &["D", "P", "R0"]);
    assert!(rest.starts_with(&["R101", "R102"]), "{rest:?}");
    assert!(
        !rest
            .iter()
            .any(|c| c.starts_with(['D', 'P']) || c.starts_with("R0")),
        "{rest:?}"
    );
    let err = select(&["Z9".into()], &[]).map(|_| ()).unwrap_err();
    assert!(err.to_string().contains("unknown rule selector \"Z9\""));
}

#[test]
fn durations_and_percentages_read_well() {
    assert_eq!(duration(45.0), "45 min");
    assert_eq!(duration(60.0), "1 h");
    assert_eq!(duration(200.0), "3 h 20 min");
    assert_eq!(duration(60.0 * 24.0 + 240.0), "1 day 4 h");
    assert_eq!(percent(0.256), "26%");
    assert_eq!(id_list(&["1", "2"], 3), "1, 2");
    assert_eq!(id_list(&["1", "2", "3", "4"], 2), "1, 2 and 2 more");
    assert_eq!(id_list(&["1", "2"], 2), "1, 2");
    assert_eq!(id_list(&[], 2), "");
}

/// A list of a million ids reads only the ids it names: an iterator that
/// panics past them is never asked for more.
#[test]
fn an_id_list_reads_only_the_ids_it_names() {
    let ids = ["a", "b", "c"]
        .into_iter()
        .chain(std::iter::repeat_with(|| -> &str {
            panic!("an id read past the shown ones")
        }));
    assert_eq!(
        crate::rules::id_list_of(ids, 1_000_000, 3),
        "a, b, c and 999997 more"
    );
}

/// What every rule finds in a dataset, the account's records with their
/// cues (see [`crate::rules::cues`]) searched for in one pass (`cued`) or
/// each rule searching on its own; and whether any record got cues.
fn findings_cued(
    load: &dyn Fn() -> Dataset,
    settings: &Settings,
    cued: bool,
) -> (Vec<String>, bool) {
    let corpus =
        crate::corpus::Corpus::build_cued(load(), &[], &settings.promotion.extra_phrases, cued);
    let got_cues = corpus
        .signals
        .iter()
        .any(|s| s.cues != crate::rules::cues::Cues::UNKNOWN);
    let audit = audit::run_on(
        corpus,
        vec![],
        AuditOptions {
            accounts: vec![],
            rules: ALL.to_vec(),
            settings: settings.clone(),
        },
        &crate::progress::Progress::hidden(),
    );
    let found = audit
        .findings
        .iter()
        .map(|f| {
            let message = f.message(&audit.corpus);
            format!("{} {:?} {:?} {message}", f.rule.code, f.post(), f.span())
        })
        .collect();
    (found, got_cues)
}

#[test]
fn cues_change_no_finding() {
    // Every fixture that loads, and every rule's example and alternative.
    let mut loads: Vec<Box<dyn Fn() -> Dataset>> = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    for path in paths {
        let arg = vec![path.display().to_string()];
        let opts = LoadOptions {
            format: InputFormat::Auto,
            columns: vec![],
        };
        if crate::load::load_inputs(&arg, &opts).is_ok() {
            loads.push(Box::new(move || {
                crate::load::load_inputs(&arg, &opts).unwrap().0
            }));
        }
    }
    for rule in ALL {
        let doc = rule.meta().doc_text();
        for marker in ["## Example", "Use instead:"] {
            if let Some((info, body)) = block_after(&doc, marker) {
                let (code, info) = (rule.meta().code, info.to_string());
                loads.push(Box::new(move || dataset(&info, &body, code)));
            }
        }
    }
    assert!(loads.len() > 60, "{}", loads.len());
    let mut extra = Settings::default();
    extra.promotion.extra_phrases = vec!["mega deal".into()];
    extra.authenticity.extra_boilerplate = vec!["we hear you".into()];
    let mut cued_records = 0;
    for settings in [Settings::default(), extra] {
        for load in &loads {
            let (plain, no_cues) = findings_cued(load.as_ref(), &settings, false);
            let (cued, got_cues) = findings_cued(load.as_ref(), &settings, true);
            assert!(!no_cues);
            cued_records += usize::from(got_cues);
            assert_eq!(plain, cued);
        }
    }
    assert!(cued_records > 60, "{cued_records}");
}

/// A message is held in about the room it needs, however it was written:
/// `format!` leaves up to twice its length, and a bulk upload holds
/// millions of messages.
#[test]
fn a_message_is_held_in_the_room_it_needs() {
    let advice = "lead with what the reader gets, not what you sell";
    let written = [
        format!("hard-sell language {:?}: {advice}", "Flash sale"),
        format!("repeats post {}: {advice}", 7),
        {
            let mut s = String::with_capacity(160);
            s.push_str(advice);
            s
        },
        String::new(),
    ];
    for s in written {
        let text = s.clone();
        let Message::Owned(held) = Message::from(s) else {
            panic!("an owned message");
        };
        assert_eq!(held, text);
        assert!(
            held.capacity() <= held.len() + held.len() / 8,
            "{} for {}",
            held.capacity(),
            held.len()
        );
    }
}

/// The messages a bulk upload repeats on every record are written when
/// the report is, from the record, not held a million times; they read as
/// if written when found.
#[test]
fn messages_written_from_the_record_read_as_written_when_found() {
    let csv = "id,author,created_at,text\n\
               1,brand,2026-03-02 09:00,Flash sale! 20% off all beans with code SAVE20 today\n\
               2,brand,2026-03-02 10:00,Flash sale! 20% off all beans with code SAVE20 today!\n\
               3,brand,2026-03-02 11:00,Flash sale! 20% off all beans with code SAVE20 today!!\n\
               4,brand,2026-03-02 12:00,Shop now: the mugs are back\n";
    let sale = "hard-sell language \"Flash sale\", \"20% off\", \"with code SAVE20\": lead with what the reader gets, not what you sell";
    let copy = "nearly word for word: say something new, or reply to the people who answered the first one";
    let burst = "spread promotions out and give something of value in between";
    for (code, want) in [
        (
            "P001",
            vec![
                sale.to_string(),
                sale.to_string(),
                sale.to_string(),
                "hard-sell language \"Shop now\": lead with what the reader gets, not what you sell".to_string(),
            ],
        ),
        (
            "A003",
            vec![format!("repeats post 1 {copy}"), format!("repeats posts 1, 2 {copy}")],
        ),
        (
            "S002",
            vec![
                format!("promotional post 3 within 48 h (after 1, 2): {burst}"),
                format!("promotional post 4 within 48 h (after 1, 2, 3): {burst}"),
            ],
        ),
    ] {
        let audit = audit_csv(crate::rules::find(code).unwrap(), csv);
        assert!(
            audit.findings.iter().all(|f| matches!(f.message, Message::Later(_))),
            "{code}"
        );
        let got: Vec<String> = audit
            .findings
            .iter()
            .map(|f| f.message(&audit.corpus).into_owned())
            .collect();
        assert_eq!(got, want);
    }
}

/// A finding is small (a bulk upload has four million), and reads back the
/// record and span it was made with.
#[test]
fn a_finding_holds_its_record_and_span_in_48_bytes() {
    assert!(
        std::mem::size_of::<Finding>() <= 48,
        "{}",
        std::mem::size_of::<Finding>()
    );
    let meta = ALL[0].meta();
    let f = Finding::on_post(meta, 7, "m").with_span(Span::new(3, 9));
    assert_eq!((f.post(), f.span()), (Some(7), Some(Span::new(3, 9))));
    let f = Finding::on_post(meta, u32::MAX as usize - 1, "m");
    assert_eq!((f.post(), f.span()), (Some(u32::MAX as usize - 1), None));
    let f = Finding::on_account(meta, "m");
    assert_eq!((f.post(), f.span()), (None, None));
    // Past 4 GiB into a text, the span is left out; up to it, kept.
    let far = u32::MAX as usize;
    let f = Finding::on_post(meta, 0, "m").with_span(Span::new(far, far + 4));
    assert_eq!(f.span(), None);
    let f = Finding::on_post(meta, 0, "m").with_span(Span::new(far - 1, far));
    assert_eq!(f.span(), Some(Span::new(far - 1, far)));
}
