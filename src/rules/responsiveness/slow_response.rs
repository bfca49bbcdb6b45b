use crate::declare_rule;
use crate::rules::{Context, Finding, Rule, RuleMeta, duration};

declare_rule! {
    /// ## What it does
    /// Flags an account whose median time from a comment to its first reply is
    /// above `responsiveness.target-median-minutes` (default 60). Only answered
    /// comments where both times are known count (the median, as Sprout Social
    /// and Brandwatch report it).
    ///
    /// ## Why is this bad?
    /// A conversation needs the other side to "react, follow their lead"
    /// (001_24e1877a1fee5122.txt); a reply that comes a day later is not a
    /// conversation (003_5cbde5e7d00acd36.txt). Many customers expect an answer
    /// on social channels within the hour.
    ///
    /// ## Example
    /// ```csv
    /// id,author,created_at,text,in_reply_to
    /// 1,brand,2026-03-02 08:00,Our autumn blend is back.,
    /// 2,maya,2026-03-02 09:00,Is it decaf?,1
    /// 3,brand,2026-03-02 15:00,"Not yet, Maya!",2
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,created_at,text,in_reply_to
    /// 1,brand,2026-03-02 08:00,Our autumn blend is back.,
    /// 2,maya,2026-03-02 09:00,Is it decaf?,1
    /// 3,brand,2026-03-02 09:20,"Not yet, Maya!",2
    /// ```
    ///
    /// ## Options
    /// - `responsiveness.target-median-minutes` (default `60`)
    pub struct SlowResponse {
        code: "R102",
        name: "slow-first-reply",
        principle: Responsiveness,
        severity: Warning,
        scope: Account,
        seeds: ["001_24e1877a1fee5122.txt", "003_5cbde5e7d00acd36.txt"],
    }
}

impl Rule for SlowResponse {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let target = cx.settings.responsiveness.target_median_minutes;
        let Some(median) = cx.metrics.median_response_minutes else {
            return;
        };
        if median <= target {
            return;
        }
        out.push(Finding::on_account(
            &Self::META,
            format!(
                "the median first reply took {} over {} answered comments; aim for under {}",
                duration(median),
                cx.metrics.comments_answered,
                duration(target)
            ),
        ));
    }
}
