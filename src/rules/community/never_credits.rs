use crate::declare_rule;
use crate::rules::community::community_counts;
use crate::rules::{Context, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an account none of whose feed records (original posts and
    /// shares, at least `min-posts` (5) of them) shares someone's post,
    /// mentions another account, or credits or thanks anyone: the strong
    /// form of C101.
    ///
    /// ## Why is this bad?
    /// Social media is "a gift economy": people are there "to develop their
    /// relationships", and the best way to succeed "is to develop a community
    /// for these individuals to connect with each other"
    /// (000_740e0177f429c1a3.txt). "it is not a one way passive
    /// “relationship” as in Mass Media" but "a joint experience, and note
    /// joint means together" (004_d10b3528b2158389.txt). A feed that never
    /// names anyone else is a broadcast.
    ///
    /// ## Example
    /// ```csv
    /// id,author,text
    /// 1,brand,New mugs in store.
    /// 2,brand,Open late on Friday.
    /// 3,brand,Our autumn blend is back.
    /// 4,brand,Fresh croissants every morning.
    /// 5,brand,We roast on Tuesdays.
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text
    /// 1,brand,New mugs in store. Glazed by @clayworks down the road!
    /// 2,brand,Open late on Friday.
    /// 3,brand,Our autumn blend is back.
    /// 4,brand,Fresh croissants every morning.
    /// 5,brand,We roast on Tuesdays.
    /// ```
    ///
    /// ## Options
    /// - `min-posts` (default `5`)
    pub struct NeverCredits {
        code: "C102",
        name: "never-credits-others",
        principle: Community,
        severity: Warning,
        scope: Account,
        seeds: ["000_740e0177f429c1a3.txt", "004_d10b3528b2158389.txt"],
    }
}

impl Rule for NeverCredits {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn lazies(&self) -> Vec<fn()> {
        crate::rules::community::LAZIES.to_vec()
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let (feed, others) = community_counts(cx.corpus);
        if feed < cx.settings.min_posts || others > 0 {
            return;
        }
        out.push(Finding::on_account(
            &Self::META,
            format!(
                "none of the account's {feed} posts shares, mentions, credits or thanks anyone else: share a customer's photo with their name, thank a supplier, pass on a neighbour's news"
            ),
        ));
    }
}
