//! One audit, from loaded records to findings and scores.

use rayon::prelude::*;

use crate::config::Settings;
use crate::corpus::Corpus;
use crate::load::InputSummary;
use crate::metrics::Metrics;
use crate::model::Dataset;
use crate::progress::Progress;
use crate::rules::{Context, Finding, Rule, RuleMeta, Severity};
use crate::score::{self, Scores};

/// What to audit with.
pub struct AuditOptions {
    /// The account's handles; empty to infer them.
    pub accounts: Vec<String>,
    pub rules: Vec<&'static dyn Rule>,
    pub settings: Settings,
}

/// The outcome of an audit: everything the reporters print.
pub struct Audit {
    pub corpus: Corpus,
    pub metrics: Metrics,
    /// Findings on records in input order, then account findings by code.
    pub findings: Vec<Finding>,
    pub scores: Scores,
    pub rules: Vec<&'static RuleMeta>,
    pub settings: Settings,
    /// The inputs read, in order.
    pub inputs: Vec<InputSummary>,
}

pub fn run(data: Dataset, inputs: Vec<InputSummary>, opts: AuditOptions) -> Audit {
    run_with_progress(data, inputs, opts, &Progress::hidden())
}

/// [`run`], reporting each stage to `progress`.
pub fn run_with_progress(
    data: Dataset,
    inputs: Vec<InputSummary>,
    opts: AuditOptions,
    progress: &Progress,
) -> Audit {
    progress.stage(format!("linking {} records", data.records()), None);
    let corpus = Corpus::build(data, &opts.accounts, &opts.settings.promotion.extra_phrases);
    let metrics = Metrics::compute(&corpus);
    let cx = Context {
        corpus: &corpus,
        metrics: &metrics,
        settings: &opts.settings,
    };
    progress.stage("checking", Some(corpus.posts.len() as u64));
    let mut findings = check_posts(&cx, &opts.rules, progress);
    progress.stage("scoring", None);
    let mut account = Vec::new();
    for rule in &opts.rules {
        rule.check_account(&cx, &mut account);
    }
    account.sort_by_key(|f| f.rule.code);
    findings.extend(account);
    let scores = score::compute(&corpus, &opts.rules, &findings);
    Audit {
        rules: opts.rules.iter().map(|r| r.meta()).collect(),
        corpus,
        metrics,
        findings,
        scores,
        settings: opts.settings,
        inputs,
    }
}

/// Runs the post-level rules on every record, on all cores, in blocks of
/// records; findings come out in input order, whatever the scheduling.
fn check_posts(cx: &Context, rules: &[&'static dyn Rule], progress: &Progress) -> Vec<Finding> {
    const BLOCK: usize = 2048;
    let n = cx.corpus.posts.len();
    let blocks: Vec<Vec<Finding>> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut out = Vec::new();
            let block = b * BLOCK..((b + 1) * BLOCK).min(n);
            let len = block.len() as u64;
            for i in block {
                for rule in rules {
                    rule.check_post(cx, i, &mut out);
                }
            }
            progress.inc(len);
            out
        })
        .collect();
    let mut findings = Vec::with_capacity(blocks.iter().map(Vec::len).sum());
    for block in blocks {
        findings.extend(block);
    }
    findings
}

impl Audit {
    /// Findings at each severity: `[info, warning, error]`.
    pub fn counts(&self) -> [usize; 3] {
        let mut n = [0; 3];
        for f in &self.findings {
            n[f.severity as usize] += 1;
        }
        n
    }

    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}
