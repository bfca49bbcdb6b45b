//! How findings become scores. Every score is 0-100, higher is better, and
//! depends only on findings (relationship behaviour), never on likes or
//! follower counts.
//!
//! - **Post score**: 100 minus a penalty per finding on the post: error 30,
//!   warning 15, info 5; never below 0.
//! - **Principle score**: over the records the principle judges (the
//!   account's posts; for `responsiveness`, the comments addressed to the
//!   account; for `platform`, the account's posts on a platform postaudit
//!   knows; for `consistency`, the account's posts when at least two
//!   original posts have a time), the mean of 100 minus that principle's post penalties, then
//!   minus a penalty per account-level finding of the principle (error 25,
//!   warning 15, info 5), kept within 0-100. A principle with none of its
//!   rules selected, or nothing to judge, has no score (`null`).
//! - **Account score**: the mean of the principle scores, the core three
//!   (dialogue, promotion, responsiveness) weighing double.

use std::collections::BTreeMap;

use crate::config::Settings;
use crate::corpus::Corpus;
use crate::rules::consistency::timeline;
use crate::rules::platform::record_platform;
use crate::rules::{Finding, Principle, Rule, Severity};

pub fn post_penalty(s: Severity) -> f64 {
    match s {
        Severity::Error => 30.0,
        Severity::Warning => 15.0,
        Severity::Info => 5.0,
    }
}

pub fn account_penalty(s: Severity) -> f64 {
    match s {
        Severity::Error => 25.0,
        Severity::Warning => 15.0,
        Severity::Info => 5.0,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Per account record (corpus index), its score.
    pub posts: Vec<(usize, u8)>,
    /// Per principle with a selected rule, its score.
    pub principles: BTreeMap<Principle, Option<u8>>,
    pub account: Option<u8>,
}

pub fn compute(
    c: &Corpus,
    settings: &Settings,
    rules: &[&dyn Rule],
    findings: &[Finding],
) -> Scores {
    let mut post_cost = vec![0.0; c.posts.len()];
    let mut principle_cost: BTreeMap<Principle, Vec<(usize, f64)>> = BTreeMap::new();
    let mut account_cost: BTreeMap<Principle, f64> = BTreeMap::new();
    for f in findings {
        let principle = f.rule.principle;
        match f.post {
            Some(i) => {
                post_cost[i] += post_penalty(f.severity);
                principle_cost
                    .entry(principle)
                    .or_default()
                    .push((i, post_penalty(f.severity)));
            }
            None => *account_cost.entry(principle).or_default() += account_penalty(f.severity),
        }
    }

    let posts = c
        .account_posts()
        .map(|i| (i, (100.0 - post_cost[i]).max(0.0).round() as u8))
        .collect();

    let mut principles = BTreeMap::new();
    for r in rules {
        let p = r.meta().principle;
        if principles.contains_key(&p) {
            continue;
        }
        let population: Vec<usize> = match p {
            Principle::Responsiveness => {
                (0..c.posts.len()).filter(|&i| c.expects_reply(i)).collect()
            }
            // Only records on a platform postaudit knows can fit it or not.
            Principle::Platform => c
                .account_posts()
                .filter(|&i| record_platform(c, settings, i).is_some())
                .collect(),
            // Cadence needs at least two dated original posts.
            Principle::Consistency => {
                let t = timeline(c);
                if t.len() < 2 {
                    Vec::new()
                } else {
                    c.account_posts().collect()
                }
            }
            _ => c.account_posts().collect(),
        };
        let score = (!population.is_empty()).then(|| {
            let mut cost = vec![0.0; c.posts.len()];
            for &(i, pen) in principle_cost.get(&p).map(Vec::as_slice).unwrap_or(&[]) {
                cost[i] += pen;
            }
            let mean = population
                .iter()
                .map(|&i| (100.0 - cost[i]).max(0.0))
                .sum::<f64>()
                / population.len() as f64;
            let total = mean - account_cost.get(&p).copied().unwrap_or(0.0);
            total.clamp(0.0, 100.0).round() as u8
        });
        principles.insert(p, score);
    }

    let (sum, weight) = principles
        .iter()
        .filter_map(|(p, s)| s.map(|s| (f64::from(s) * p.weight(), p.weight())))
        .fold((0.0, 0.0), |(a, b), (s, w)| (a + s, b + w));
    let account = (weight > 0.0).then(|| (sum / weight).round() as u8);
    Scores {
        posts,
        principles,
        account,
    }
}
