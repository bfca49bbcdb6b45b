use crate::declare_rule;
use crate::rules::responsiveness::{quoting, unanswered};
use crate::rules::{Context, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a question from someone else, addressed to the account (a comment
    /// on its post, a reply to its reply, a mention), that the account never
    /// answered. A question is a `?` outside links, or a sentence that opens
    /// with a question word (how, what, can, does ...).
    ///
    /// ## Why is this bad?
    /// Social media is where you "answer questions, provide meaningful content"
    /// (003_5cbde5e7d00acd36.txt); "conversations should never be one-sided"
    /// (003_5cbde5e7d00acd36.txt). A question left hanging is worse than a
    /// comment left unanswered: someone asked for help in public and everyone
    /// can see that nobody came.
    ///
    /// ## Example
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,brand,Our autumn blend is back.,
    /// 2,maya,Is it available decaf?,1
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,brand,Our autumn blend is back.,
    /// 2,maya,Is it available decaf?,1
    /// 3,brand,"Not yet, Maya, but we'll tell you the day it is!",2
    /// ```
    pub struct UnansweredQuestion {
        code: "R002",
        name: "unanswered-question",
        principle: Responsiveness,
        severity: Error,
        scope: Post,
        seeds: ["003_5cbde5e7d00acd36.txt"],
    }
}

impl Rule for UnansweredQuestion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        if !c.signals[i].question || !unanswered(c, i) {
            return;
        }
        out.push(Finding::on_post(
            &Self::META,
            i,
            quoting(c, i, "asked", " and got no answer: reply to them"),
        ));
    }
}
