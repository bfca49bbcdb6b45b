use crate::declare_rule;
use crate::rules::{Context, Finding, Rule, RuleMeta, percent};

declare_rule! {
    /// ## What it does
    /// Flags an account whose original posts are promotional (hold hard-sell
    /// language, see P001) more often than `promotion.max-promotional-share`
    /// allows (default 20%, the 80/20 norm: at most one post in five sells).
    /// Needs at least `min-posts` (5) posts.
    ///
    /// ## Why is this bad?
    /// "Be ready to bring value, in order to get value" (001_24e1877a1fee5122.txt);
    /// a feed that keeps selling is "thousands of voices of the Internet .. that
    /// say .. buy this .. do this" (004_d10b3528b2158389.txt), and people follow
    /// a brand for the relationship, not transactions (000_740e0177f429c1a3.txt).
    ///
    /// ## Example
    /// ```csv
    /// id,author,text
    /// 1,brand,20% off all beans this week. Shop now!
    /// 2,brand,Free shipping on every order today.
    /// 3,brand,How do you take your coffee?
    /// 4,brand,"Meet Sam, our newest barista."
    /// 5,brand,Rain again. Stay dry out there.
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text
    /// 1,brand,20% off all beans this week. Shop now!
    /// 2,brand,Our guide to grinding at home.
    /// 3,brand,How do you take your coffee?
    /// 4,brand,"Meet Sam, our newest barista."
    /// 5,brand,Rain again. Stay dry out there.
    /// ```
    ///
    /// ## Options
    /// - `promotion.max-promotional-share` (default `0.2`)
    /// - `min-posts` (default `5`)
    pub struct PromotionalShare {
        code: "P101",
        name: "promotional-share-too-high",
        principle: Promotion,
        severity: Warning,
        scope: Account,
        seeds: ["001_24e1877a1fee5122.txt", "004_d10b3528b2158389.txt", "000_740e0177f429c1a3.txt"],
    }
}

impl Rule for PromotionalShare {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let m = cx.metrics;
        let max = cx.settings.promotion.max_promotional_share;
        let Some(share) = m.promotional_share else {
            return;
        };
        if m.top_level_posts < cx.settings.min_posts || share <= max {
            return;
        }
        out.push(Finding::on_account(
            &Self::META,
            format!(
                "{} of {} posts ({}) are promotional; keep it to {} or less (the 80/20 norm) and give value in the rest",
                m.promotional_posts,
                m.top_level_posts,
                percent(share),
                percent(max)
            ),
        ));
    }
}
