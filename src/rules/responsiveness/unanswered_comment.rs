use crate::declare_rule;
use crate::rules::responsiveness::{quoting, unanswered};
use crate::rules::{Context, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a comment, reply or mention from someone else, addressed to the
    /// account, that the account never replied to. Questions are left to R002.
    /// A closing follow-up in a thread the account already answered ("thanks,
    /// that worked!") is not flagged.
    ///
    /// ## Why is this bad?
    /// "Conversations should never be one-sided, nor should comments be
    /// ignored" (003_5cbde5e7d00acd36.txt). Engagement means to "react, follow
    /// their lead" (001_24e1877a1fee5122.txt): every ignored comment is a
    /// person who spoke and was not heard.
    ///
    /// ## Example
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,brand,Our autumn blend is back.,
    /// 2,maya,Loved it last year!,1
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,brand,Our autumn blend is back.,
    /// 2,maya,Loved it last year!,1
    /// 3,brand,"Thank you, Maya! It's even better this year.",2
    /// ```
    pub struct UnansweredComment {
        code: "R001",
        name: "unanswered-comment",
        principle: Responsiveness,
        severity: Warning,
        scope: Post,
        seeds: ["003_5cbde5e7d00acd36.txt", "001_24e1877a1fee5122.txt"],
    }
}

impl Rule for UnansweredComment {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        if c.signals[i].question || !unanswered(c, i) {
            return;
        }
        out.push(Finding::on_post(
            &Self::META,
            i,
            quoting(c, i, "wrote", " and got no reply: answer them"),
        ));
    }
}
