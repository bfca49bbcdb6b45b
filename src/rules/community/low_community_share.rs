use crate::declare_rule;
use crate::rules::community::community_counts;
use crate::rules::{Context, Finding, Rule, RuleMeta, percent};

declare_rule! {
    /// ## What it does
    /// Judges the account's feed (original posts and shares, not replies):
    /// flags an account where fewer than `community.min-community-share`
    /// (20%) of them turn to others: share someone's post, mention another
    /// account, or credit or thank someone ("thanks to", "photo by", "📸",
    /// "shout-out", "congrats"). Needs at least `min-posts` (5) feed records.
    /// An account that never does is left to C102.
    ///
    /// The default is gentler than the industry norms: Hootsuite's rule of
    /// thirds gives a third of a feed to sharing others' ideas, and the 4-1-1
    /// rule (Tippingpoint Labs and Joe Pulizzi) four pieces of others'
    /// content and one re-share for each self-serving post.
    ///
    /// ## Why is this bad?
    /// "The best way to be successful in social media is to develop a
    /// community for these individuals to connect with each other"
    /// (000_740e0177f429c1a3.txt). Social media is meant "to build a joint
    /// experience, and note joint means together", re-tweeting "content that
    /// I can relate to" (004_d10b3528b2158389.txt). A feed only about itself
    /// gives people no reason to gather around it.
    ///
    /// ## Example
    /// ```csv
    /// id,author,text
    /// 1,brand,New mugs in store.
    /// 2,brand,Open late on Friday.
    /// 3,brand,Our autumn blend is back.
    /// 4,brand,Fresh croissants every morning.
    /// 5,brand,We roast on Tuesdays.
    /// 6,brand,Thanks to @millbakery for the sourdough!
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text
    /// 1,brand,New mugs in store.
    /// 2,brand,Open late on Friday.
    /// 3,brand,Our autumn blend is back. Photo by @jo_snaps
    /// 4,brand,Fresh croissants every morning.
    /// 5,brand,We roast on Tuesdays.
    /// 6,brand,Thanks to @millbakery for the sourdough!
    /// ```
    ///
    /// ## Options
    /// - `community.min-community-share` (default `0.2`)
    /// - `min-posts` (default `5`)
    pub struct LowCommunityShare {
        code: "C101",
        name: "low-community-share",
        principle: Community,
        severity: Info,
        scope: Account,
        seeds: ["000_740e0177f429c1a3.txt", "004_d10b3528b2158389.txt"],
    }
}

impl Rule for LowCommunityShare {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn lazies(&self) -> Vec<fn()> {
        crate::rules::community::LAZIES.to_vec()
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let (feed, others) = community_counts(cx.corpus);
        let min = cx.settings.community.min_community_share;
        if feed < cx.settings.min_posts || others == 0 {
            return;
        }
        let share = others as f64 / feed as f64;
        if share >= min {
            return;
        }
        out.push(Finding::on_account(
            &Self::META,
            format!(
                "{others} of {feed} posts ({}) share, mention, credit or thank others; aim for at least {}: share what your customers and neighbours make, and say who made it",
                percent(share),
                percent(min)
            ),
        ));
    }
}
