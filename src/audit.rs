//! One audit, from loaded records to findings and scores.

use rayon::prelude::*;

use crate::baseline::{self, Baseline};
use crate::config::Settings;
use crate::corpus::Corpus;
use crate::findings::Findings;
use crate::load::InputSummary;
use crate::metrics::Metrics;
use crate::model::Dataset;
use crate::model::InputWarning;
use crate::progress::Progress;
use crate::rules::{self, Context, Finding, Rule, RuleMeta, Severity};
use crate::score::{self, Scores};
use crate::text::phrases::PhraseSet;

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
    pub findings: Findings,
    pub scores: Scores,
    pub rules: Vec<&'static RuleMeta>,
    pub settings: Settings,
    /// The inputs read, in order.
    pub inputs: Vec<InputSummary>,
    /// Findings silenced by their record (`postaudit-ignore`, markers):
    /// counted, not reported, not scored.
    pub suppressed: usize,
    /// Findings left out because the baseline lists them (scored, not
    /// reported).
    pub baselined: usize,
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
    run_on(corpus, inputs, opts, progress)
}

/// [`run`] on records already linked (`opts.accounts` is not read).
pub fn run_on(
    mut corpus: Corpus,
    inputs: Vec<InputSummary>,
    opts: AuditOptions,
    progress: &Progress,
) -> Audit {
    let allow = PhraseSet::new(&opts.settings.allow);
    // Allowed phrases are not hard sell: not in P001's message, not in the
    // promotional share.
    for (post, signals) in corpus.posts.iter().zip(corpus.signals.iter_mut()) {
        signals.hard_sell.retain(|s| !allow.covers(&post.text, *s));
    }
    warn_unknown_suppressions(&mut corpus, &opts.rules);
    let metrics = Metrics::compute(&corpus);
    let cx = Context {
        corpus: &corpus,
        metrics: &metrics,
        settings: &opts.settings,
    };
    progress.stage("checking", Some(corpus.posts.len() as u64));
    opts.rules.par_iter().for_each(|rule| rule.prepare(&cx));
    let blocks = check_posts(&cx, &opts.rules, progress);
    progress.stage("scoring", None);
    // Account rules run side by side; their findings are taken in rule
    // order, whatever the scheduling.
    let by_rule: Vec<Vec<Finding>> = opts
        .rules
        .par_iter()
        .map(|rule| {
            let mut out = Vec::new();
            rule.check_account(&cx, &mut out);
            out
        })
        .collect();
    let mut findings = assemble(blocks, by_rule);
    for f in findings.iter_mut() {
        f.severity = opts.settings.severity_of(f.rule);
    }
    // Any rule's finding whose matched text is an allowed phrase.
    findings.retain(|f| match (f.post(), f.span()) {
        (Some(i), Some(span)) => !allow.covers(&corpus.posts[i].text, span),
        _ => true,
    });
    let before = findings.len();
    findings.retain(|f| {
        !f.post()
            .is_some_and(|i| is_suppressed(corpus.posts[i].suppress(), f))
    });
    let suppressed = before - findings.len();
    let scores = score::compute(&corpus, &opts.settings, &opts.rules, &findings);
    Audit {
        rules: opts.rules.iter().map(|r| r.meta()).collect(),
        corpus,
        metrics,
        findings,
        scores,
        settings: opts.settings,
        inputs,
        suppressed,
        baselined: 0,
    }
}

/// The findings in report order: those on records in input order of their
/// record (for one record, the post-level rules' first, then those the
/// account rules filed on it, each in rule order), then the account's by
/// code.
///
/// Rules that judge records across the timeline (consistency) report
/// post-level findings from `check_account`; they are put in record order
/// and merged with the blocks', which are in record order already. The
/// blocks are kept (see [`Findings`]): neither sorted nor copied into one
/// list, which would hold every finding twice (a bulk upload of a million
/// records has four million findings).
fn assemble(mut blocks: Vec<Vec<Finding>>, by_rule: Vec<Vec<Finding>>) -> Findings {
    let mut on_posts: Vec<Finding> = Vec::new();
    let mut account: Vec<Finding> = Vec::new();
    for mut found in by_rule {
        if found.iter().any(|f| f.post().is_none()) {
            account.extend(found.extract_if(.., |f| f.post().is_none()));
        }
        // Most often one rule's, taken as it is.
        if on_posts.is_empty() {
            on_posts = found;
        } else {
            on_posts.append(&mut found);
        }
    }
    // Stable: one record's stay in rule order.
    on_posts.sort_by_key(|f| f.post());
    account.sort_by_key(|f| f.rule.code);
    // Each of `on_posts` goes before the first of the blocks' findings on a
    // later record: into the block that holds that finding, where a stable
    // sort by record puts it after the block's own on its record. The block
    // is sorted where it is (two sorted runs, merged), mostly in the room
    // it has spare, not copied.
    let mut on_posts = on_posts.into_iter();
    for block in &mut blocks {
        let last = block.last().map(|f| f.post());
        let n = on_posts
            .as_slice()
            .partition_point(|g| Some(g.post()) < last);
        if n > 0 {
            block.extend(on_posts.by_ref().take(n));
            block.sort_by_key(|f| f.post());
        }
    }
    let mut rest: Vec<Finding> = on_posts.collect();
    rest.append(&mut account);
    blocks.push(rest);
    Findings::from_blocks(blocks)
}

fn is_suppressed(selectors: &[String], f: &Finding) -> bool {
    selectors.iter().any(|s| rules::matches(s, f.rule))
}

/// A suppression that names no rule is a typo the writer should hear of.
fn warn_unknown_suppressions(corpus: &mut Corpus, selected: &[&'static dyn Rule]) {
    let known = |s: &str| {
        rules::ALL
            .iter()
            .chain(selected)
            .any(|r| rules::matches(s, r.meta()))
    };
    for p in &corpus.posts {
        for s in p.suppress().iter().filter(|s| !known(s)) {
            corpus.warnings.push(InputWarning {
                source: p.source.clone(),
                message: format!("postaudit-ignore: {s:?} names no rule"),
            });
        }
    }
}

/// Runs the post-level rules on every record, on all cores, in blocks of
/// records; the findings of each block, in input order, whatever the
/// scheduling.
fn check_posts(
    cx: &Context,
    rules: &[&'static dyn Rule],
    progress: &Progress,
) -> Vec<Vec<Finding>> {
    const BLOCK: usize = 2048;
    let n = cx.corpus.posts.len();
    (0..n.div_ceil(BLOCK))
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
        .collect()
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

    /// A finding's fingerprint (see [`baseline`]).
    pub fn fingerprint(&self, f: &Finding) -> String {
        baseline::fingerprint(f, &self.corpus)
    }

    /// Leaves out the findings `known` lists; they are counted in
    /// `baselined`.
    pub fn apply_baseline(&mut self, known: &Baseline) {
        let mut budget = known.counts();
        let corpus = &self.corpus;
        let before = self.findings.len();
        self.findings.retain(
            |f| match budget.get_mut(baseline::fingerprint(f, corpus).as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            },
        );
        self.baselined += before - self.findings.len();
    }

    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The order first written: every finding of the account rules in one
    /// list, the post-level ones sorted into the blocks' by record (a
    /// stable sort), the account's by code.
    fn sorted_whole(blocks: Vec<Vec<Finding>>, by_rule: Vec<Vec<Finding>>) -> Vec<Finding> {
        let (on_posts, mut account): (Vec<Finding>, Vec<Finding>) = by_rule
            .into_iter()
            .flatten()
            .partition(|f| f.post().is_some());
        let mut findings: Vec<Finding> = blocks.into_iter().flatten().collect();
        findings.extend(on_posts);
        findings.sort_by_key(|f| f.post());
        account.sort_by_key(|f| f.rule.code);
        findings.extend(account);
        findings
    }

    fn finding(rule: usize, post: Option<usize>, tag: usize) -> Finding {
        let meta = rules::ALL[rule % rules::ALL.len()].meta();
        let message = format!("#{tag}");
        match post {
            Some(i) => Finding::on_post(meta, i, message),
            None => Finding::on_account(meta, message),
        }
    }

    /// The message `finding` wrote.
    fn tag(f: &Finding) -> String {
        match &f.message {
            rules::Message::Owned(s) => s.clone(),
            other => panic!("{other:?}"),
        }
    }

    fn seen<'a>(
        findings: impl IntoIterator<Item = &'a Finding>,
    ) -> Vec<(Option<usize>, &'static str, String)> {
        findings
            .into_iter()
            .map(|f| (f.post(), f.rule.code, tag(f)))
            .collect()
    }

    #[test]
    fn findings_on_a_record_from_the_account_rules_come_after_its_own() {
        let blocks = vec![
            vec![finding(0, Some(0), 0), finding(5, Some(0), 1)],
            vec![],
            vec![finding(0, Some(2), 2)],
        ];
        let by_rule = vec![
            vec![
                finding(30, Some(2), 3),
                finding(30, None, 4),
                finding(30, Some(0), 5),
                finding(30, Some(1), 6),
            ],
            vec![finding(1, None, 7)],
        ];
        let tags: Vec<String> = assemble(blocks, by_rule).iter().map(tag).collect();
        assert_eq!(tags, ["#0", "#1", "#5", "#6", "#2", "#3", "#7", "#4"]);
    }

    proptest! {
        #[test]
        fn merged_as_a_stable_sort_would_order_them(
            mut posts in prop::collection::vec((0usize..12, 0usize..60), 0..40),
            cuts in prop::collection::vec(0usize..40, 0..6),
            by_rule in prop::collection::vec(
                prop::collection::vec((prop::option::of(0usize..12), 0usize..60), 0..8),
                0..4,
            ),
        ) {
            posts.sort_by_key(|&(post, _)| post);
            let mut tag = 0;
            let mut next = |rule, post| {
                tag += 1;
                finding(rule, post, tag)
            };
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(posts.len())).collect();
            cuts.sort_unstable();
            let mut blocks = Vec::new();
            let mut from = 0;
            for cut in cuts.into_iter().chain([posts.len()]) {
                blocks.push(
                    posts[from..cut]
                        .iter()
                        .map(|&(post, rule)| next(rule, Some(post)))
                        .collect::<Vec<_>>(),
                );
                from = cut;
            }
            let by_rule: Vec<Vec<Finding>> = by_rule
                .into_iter()
                .map(|found| found.into_iter().map(|(post, rule)| next(rule, post)).collect())
                .collect();
            let expected = sorted_whole(blocks.clone(), by_rule.clone());
            prop_assert_eq!(seen(&assemble(blocks, by_rule)), seen(&expected));
        }
    }
}
