use crate::declare_rule;
use crate::rules::{Context, Finding, Rule, RuleMeta, percent};

declare_rule! {
    /// ## What it does
    /// Flags an account that replied to fewer than
    /// `responsiveness.target-response-rate` (default 80%) of the comments,
    /// replies and mentions addressed to it. Needs at least `min-posts` (5)
    /// such comments.
    ///
    /// ## Why is this bad?
    /// "Conversations should never be one-sided, nor should comments be
    /// ignored" (003_5cbde5e7d00acd36.txt). Sprout Social's Index reported about
    /// 7 in 8 messages to brands going unanswered: answering most of them is
    /// what sets an account apart.
    ///
    /// ## Example
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,brand,Our autumn blend is back.,
    /// 2,ann,Loved it last year!,1
    /// 3,bob,Yum,1
    /// 4,cat,Is it decaf?,1
    /// 5,dan,Can't wait,1
    /// 6,eve,Finally!,1
    /// 7,brand,Thanks Ann!,2
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,brand,Our autumn blend is back.,
    /// 2,ann,Loved it last year!,1
    /// 3,bob,Yum,1
    /// 4,cat,Is it decaf?,1
    /// 5,dan,Can't wait,1
    /// 6,eve,Finally!,1
    /// 7,brand,Thanks Ann!,2
    /// 8,brand,Enjoy Bob!,3
    /// 9,brand,"Not yet, Cat!",4
    /// 10,brand,Soon Dan!,5
    /// ```
    ///
    /// ## Options
    /// - `responsiveness.target-response-rate` (default `0.8`)
    /// - `min-posts` (default `5`)
    pub struct LowResponseRate {
        code: "R101",
        name: "low-response-rate",
        principle: Responsiveness,
        severity: Warning,
        scope: Account,
        seeds: ["003_5cbde5e7d00acd36.txt"],
    }
}

impl Rule for LowResponseRate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let m = cx.metrics;
        let target = cx.settings.responsiveness.target_response_rate;
        let Some(rate) = m.response_rate else { return };
        if m.comments_to_account < cx.settings.min_posts || rate >= target {
            return;
        }
        out.push(Finding::on_account(
            &Self::META,
            format!(
                "the account replied to {} of {} comments and mentions ({}); aim for at least {}",
                m.comments_answered,
                m.comments_to_account,
                percent(rate),
                percent(target)
            ),
        ));
    }
}
