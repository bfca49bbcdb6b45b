use crate::declare_rule;
use crate::rules::consistency::{DAY, date, days, timeline};
use crate::rules::{Context, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags the first original post after a silence: more than
    /// `consistency.max-gap-days` (default 14) since the account's previous
    /// top-level post. Works on published posts and on planned ones, so a
    /// content calendar shows its holes before they happen. Replies do not
    /// fill a gap (the rule is about the account's own content); records
    /// without a time are left out.
    ///
    /// ## Why is this bad?
    /// Those who "make a commitment to building a presence, a community of
    /// friends, and a steady amount of new content to keep their communities
    /// engaged will benefit most" (001_24e1877a1fee5122.txt). A feed that goes
    /// quiet for weeks tells followers the relationship was a campaign.
    ///
    /// ## Example
    /// ```csv
    /// id,author,created_at,text
    /// 1,brand,2026-03-02 09:00,How do you brew on a Monday?
    /// 2,brand,2026-04-06 09:00,We're back! What did we miss?
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,created_at,text
    /// 1,brand,2026-03-02 09:00,How do you brew on a Monday?
    /// 2,brand,2026-03-12 09:00,Which mug is your favourite?
    /// 3,brand,2026-03-23 09:00,Rainy day. What are you drinking?
    /// 4,brand,2026-04-06 09:00,Spring menu ideas welcome!
    /// ```
    ///
    /// ## Options
    /// - `consistency.max-gap-days` (default `14`)
    pub struct LongGap {
        code: "S001",
        name: "long-gap-between-posts",
        principle: Consistency,
        severity: Warning,
        scope: Post,
        seeds: ["001_24e1877a1fee5122.txt"],
    }
}

impl Rule for LongGap {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let max = cx.settings.consistency.max_gap_days;
        let t = timeline(cx.corpus);
        for pair in t.windows(2) {
            let ((before, _), (after, i)) = (pair[0], pair[1]);
            let gap = after - before;
            if (gap as f64) <= max * DAY as f64 {
                continue;
            }
            let silence = if cx.corpus.posts[i].planned {
                "with nothing planned"
            } else {
                "of silence"
            };
            out.push(Finding::on_post(
                &Self::META,
                i,
                format!(
                    "{} {silence} before this post (last post {}): keep a steady rhythm, a post at least every {} days",
                    days(gap),
                    date(before),
                    max
                ),
            ));
        }
    }
}
