use crate::declare_rule;
use crate::rules::{Context, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an original post by the account that neither asks a question nor
    /// invites a reply ("let us know", "tell us", "share your ...", "what do
    /// you think"). Replies and re-shares are not judged.
    ///
    /// ## Why is this bad?
    /// A post that only tells is broadcast, and social media "is not a one way
    /// passive relationship as in Mass Media" (004_d10b3528b2158389.txt).
    /// Brands should "ask them questions and build upon your answers"
    /// (002_b7e3e3f5bdb5ad11.txt); engagement is "bidirectional, give & take"
    /// (001_24e1877a1fee5122.txt).
    ///
    /// Not every post must ask; this is information, and the account-level
    /// rule D101 judges the mix.
    ///
    /// ## Example
    /// ```post
    /// Our autumn blend is back in all stores from Monday.
    /// ```
    ///
    /// Use instead:
    /// ```post
    /// Our autumn blend is back from Monday. How do you like to brew it?
    /// ```
    pub struct NoInvitation {
        code: "D001",
        name: "no-invitation-to-reply",
        principle: Dialogue,
        severity: Info,
        scope: Post,
        seeds: ["002_b7e3e3f5bdb5ad11.txt", "004_d10b3528b2158389.txt", "001_24e1877a1fee5122.txt"],
    }
}

impl Rule for NoInvitation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        if !cx.corpus.is_top_level(i) || cx.corpus.signals[i].invitation.is_some() {
            return;
        }
        out.push(Finding::on_post(
            &Self::META,
            i,
            "the post tells but does not ask: end with a question or an invitation to reply",
        ));
    }
}
