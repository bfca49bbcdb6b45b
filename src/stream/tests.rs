use std::collections::BTreeSet;

use super::*;
use crate::audit::Audit;
use crate::config::Settings;

/// Fixtures of generic exports, together holding every kind of record the
/// rules tell apart (threads, self-threads, repeats, bursts, gaps ...).
const FIXTURES: &[&str] = &[
    "fixtures/stream-mixed.csv",
    "fixtures/authenticity.csv",
    "fixtures/conduct.csv",
    "fixtures/dialogue.csv",
    "fixtures/promotion.csv",
    "fixtures/platforms.csv",
    "fixtures/realistic-brand.csv",
    "fixtures/larkspur.csv",
    "fixtures/snapshot.csv",
    "fixtures/office-hours.csv",
    "fixtures/late-reply.csv",
    "fixtures/care-threads.csv",
    "fixtures/campaign-calendar.csv",
];

fn path(rel: &str) -> String {
    format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))
}

/// The settings of the locality test: a custom rule too, so that custom
/// rules are held to the same claim.
fn settings() -> Settings {
    toml::from_str(
        r#"
        [platform]
        default = "instagram"
        [[custom]]
        code = "X001"
        name = "says-synergy"
        principle = "authenticity"
        severity = "info"
        message = "%s is jargon"
        phrases = ["synergy", "leverage"]
        "#,
    )
    .expect("valid settings")
}

fn audit_of(posts: Vec<Post>, account: Account, settings: &Settings) -> Audit {
    let corpus = Corpus::build_for(
        Dataset {
            posts,
            ..Default::default()
        },
        account,
        &settings.promotion.extra_phrases,
        0,
    );
    audit::run_on(
        corpus,
        Vec::new(),
        AuditOptions {
            accounts: Vec::new(),
            rules: settings.registry().unwrap(),
            settings: settings.clone(),
        },
        &Progress::hidden(),
    )
}

/// What a rule said: (code, message, span).
type Said = (&'static str, String, Option<(usize, usize)>);

/// What each rule said about record `i`.
fn said(a: &Audit, i: usize) -> BTreeSet<Said> {
    a.findings
        .iter()
        .filter(|f| f.post() == Some(i))
        .map(|f| {
            (
                f.rule.code,
                f.message(&a.corpus).into_owned(),
                f.span().map(|s| (s.start, s.end)),
            )
        })
        .collect()
}

#[test]
fn record_local_rules_judge_a_record_alone() {
    let settings = settings();
    let registry = settings.registry().unwrap();
    let mut shown_non_local: BTreeSet<&str> = BTreeSet::new();
    let mut local_hits: BTreeSet<&str> = BTreeSet::new();
    for fixture in FIXTURES {
        let opts = LoadOptions::default();
        let (mut data, _) = load::load_inputs(&[path(fixture)], &opts).unwrap();
        for p in data.posts.iter_mut().filter(|p| p.platform.is_none()) {
            p.platform = Some("instagram".into());
        }
        let posts = data.posts.clone();
        let whole = audit::run(
            data,
            Vec::new(),
            AuditOptions {
                accounts: Vec::new(),
                rules: registry.clone(),
                settings: settings.clone(),
            },
        );
        assert!(
            whole.corpus.skipped.is_empty(),
            "{fixture}: no repeated ids"
        );
        for (i, post) in posts.into_iter().enumerate() {
            let alone = audit_of(vec![post], whole.corpus.account.clone(), &settings);
            let (full, one) = (said(&whole, i), said(&alone, 0));
            for rule in &registry {
                let code = rule.meta().code;
                let pick = |s: &BTreeSet<Said>| -> Vec<Said> {
                    s.iter().filter(|f| f.0 == code).cloned().collect()
                };
                let (in_full, in_one) = (pick(&full), pick(&one));
                if is_record_local(*rule) {
                    assert_eq!(
                        in_full, in_one,
                        "{code} is declared record-local, but on {fixture} record {i} it says otherwise alone"
                    );
                    if !in_full.is_empty() {
                        local_hits.insert(code);
                    }
                } else if in_full != in_one {
                    shown_non_local.insert(code);
                }
            }
        }
    }
    // Every post-level rule not declared local is shown to need other
    // records on these fixtures: declaring it local fails the loop above.
    let undeclared: Vec<&str> = registry
        .iter()
        .filter(|r| r.meta().scope == Scope::Post && !is_record_local(**r))
        .map(|r| r.meta().code)
        .filter(|c| !shown_non_local.contains(c))
        .collect();
    assert!(
        undeclared.is_empty(),
        "not shown to look at other records on the fixtures: {undeclared:?}"
    );
    // And the local ones were exercised.
    let idle: Vec<&str> = registry
        .iter()
        .filter(|r| is_record_local(**r))
        .map(|r| r.meta().code)
        .filter(|c| !local_hits.contains(c))
        .collect();
    assert!(idle.is_empty(), "never fired on the fixtures: {idle:?}");
}

#[test]
fn only_post_level_rules_are_local() {
    for code in RECORD_LOCAL {
        let rule = rules::find(code).expect("a built-in rule");
        assert_eq!(rule.meta().scope, Scope::Post, "{code}");
        assert!(is_record_local(rule));
    }
    assert!(!is_record_local(rules::find("R001").unwrap()));
    assert!(!is_record_local(rules::find("D101").unwrap()));
}

#[test]
fn the_first_pass_infers_the_account_a_whole_load_infers() {
    let fixtures = ["fixtures/larkspur.ndjson", "fixtures/larkspur.json"];
    for fixture in FIXTURES.iter().chain(&fixtures) {
        let opts = LoadOptions::default();
        let paths = [path(fixture)];
        let (data, _) = load::load_inputs(&paths, &opts).unwrap();
        let whole = Corpus::build(data, &[], &[]).account;
        let req = Request {
            paths: &paths,
            load: &opts,
            ndjson: true,
            no_stream: false,
            write_baseline: false,
            chunk: Some(3),
            progress: &Progress::hidden(),
        };
        let plan = plan(&req, &Settings::default(), &[]).unwrap();
        assert_eq!(infer_account(&plan, &opts).unwrap().0, whole, "{fixture}");
    }
}

#[test]
fn repeated_ids_are_found_with_their_first_place() {
    let mut ids = Ids::default();
    assert_eq!(ids.first("a", 0, 2), None);
    assert_eq!(ids.first("b", 1, 7), None);
    assert_eq!(ids.first("a", 1, 9), Some((0, 2)));
    assert_eq!(ids.first("b", 0, 3), Some((1, 7)));
    // Ids whose first hash clashes are still told apart (probed).
    let h = |id: &str| foldhash::fast::FixedState::with_seed(0x7061_7564_6974_0001).hash_one(id);
    ids.seen.insert(h("c"), u64::MAX);
    assert_eq!(ids.first("c", 0, 11), None);
    assert_eq!(ids.first("c", 0, 12), Some((0, 11)));
    // Each record that repeats an earlier id is dropped, and its place
    // found; the second pass drops the same records from those places
    // alone, with the same reasons.
    let posts = || {
        vec![
            Post::new("a", "x", src(2)),
            Post::new("d", "x", src(3)),
            Post::new("a", "x", src(4)),
            Post::new("d", "x", src(5)),
            Post::new("e", "x", src(6)),
        ]
    };
    let paths: [Arc<str>; 1] = ["t.csv".into()];
    let (mut first, mut second) = (posts(), posts());
    let mut table = Seen::Table(Ids::default());
    let mut skipped = Vec::new();
    // In two chunks, 2 records then 3: the places count on.
    let mut rest = first.split_off(2);
    let mut counter = Counter::default();
    for chunk in [&mut first, &mut rest] {
        drop_repeats(chunk, &mut table, (0, &paths), &mut counter, &mut skipped);
    }
    first.append(&mut rest);
    // The first pass finds the same repeats from the records' briefs.
    let (mut ids, mut found) = (Ids::default(), Vec::new());
    let mut briefs: Vec<Brief> = posts().into_iter().map(Brief::of).collect();
    let mut rest = briefs.split_off(2);
    let mut counter = Counter::default();
    for chunk in [&mut briefs, &mut rest] {
        find_repeats(chunk, &mut ids, 0, &mut counter, &mut found);
    }
    briefs.append(&mut rest);
    let lines: Vec<u64> = briefs.iter().map(|b| b.line).collect();
    assert_eq!(lines, [2, 3, 6]);
    assert_eq!(found, [((0, 2), (0, 2)), ((0, 3), (0, 3))]);
    let mut again = Vec::new();
    drop_repeats(
        &mut second,
        &mut Seen::Repeats(found),
        (0, &paths),
        &mut Counter::default(),
        &mut again,
    );
    for (kept, skipped) in [(&first, &skipped), (&second, &again)] {
        let lines: Vec<u64> = kept.iter().map(|p| p.source.line).collect();
        assert_eq!(lines, [2, 3, 6]);
        let reasons: Vec<&str> = skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "duplicate id \"a\" (first seen at t.csv:2)",
                "duplicate id \"d\" (first seen at t.csv:3)"
            ]
        );
    }
}

/// Records on one line (a JSON array written on one line) are told apart
/// by their place, not their line: a repeat there is dropped too, in both
/// passes.
#[test]
fn repeats_on_one_line_are_dropped() {
    let posts = || {
        vec![
            Post::new("a", "x", src(1)),
            Post::new("b", "x", src(1)),
            Post::new("a", "x", src(1)),
        ]
    };
    let paths: [Arc<str>; 2] = ["t.csv".into(), "u.csv".into()];
    let (mut first, mut found, mut skipped) = (posts(), Vec::new(), Vec::new());
    let mut counter = Counter::default();
    for _ in 0..2 {
        // The same records again, as a second input: counted from 0.
        let input = usize::from(!found.is_empty());
        let mut chunk: Vec<Brief> = posts().into_iter().map(Brief::of).collect();
        find_repeats(
            &mut chunk,
            &mut Ids::default(),
            input,
            &mut counter,
            &mut found,
        );
        assert_eq!(chunk.len(), 2);
        // Without a first pass, the repeat is dropped with its reason.
        let mut chunk = posts();
        let mut skipped = Vec::new();
        drop_repeats(
            &mut chunk,
            &mut Seen::Table(Ids::default()),
            (input, &paths[..]),
            &mut Counter::default(),
            &mut skipped,
        );
        assert_eq!(chunk.len(), 2);
        assert_eq!(skipped.len(), 1);
    }
    assert_eq!(found, [((0, 2), (0, 1)), ((1, 2), (1, 1))]);
    drop_repeats(
        &mut first,
        &mut Seen::Repeats(found),
        (0, &paths[..]),
        &mut Counter::default(),
        &mut skipped,
    );
    let ids: Vec<&str> = first.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
}

fn src(line: u64) -> Source {
    Source {
        path: "t.csv".into(),
        line,
    }
}

#[test]
fn streamed_metrics_have_the_keys_of_the_metrics_in_order() {
    let keys = |v: String| -> Vec<String> {
        v.trim_matches(|c| c == '{' || c == '}')
            .split(',')
            .map(|kv| kv.split(':').next().unwrap().to_string())
            .collect()
    };
    let whole = serde_json::to_string(&Metrics::default()).unwrap();
    let streamed = serde_json::to_string(&StreamedMetrics::default()).unwrap();
    assert_eq!(keys(whole), keys(streamed));
}
