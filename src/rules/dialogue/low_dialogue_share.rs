use crate::declare_rule;
use crate::rules::{Context, Finding, Rule, RuleMeta, percent};

declare_rule! {
    /// ## What it does
    /// Judges the account's original posts as a whole: flags an account where
    /// fewer than `dialogue.min-invitation-share` of them (default 25%) ask a
    /// question or invite a reply. Needs at least `min-posts` (5) posts.
    ///
    /// ## Why is this bad?
    /// An account that mostly tells is "all one sided ... which is not how you
    /// build a relationship" (004_d10b3528b2158389.txt); "social engagement is
    /// about two-way dialogue" (002_b7e3e3f5bdb5ad11.txt).
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
    /// 1,brand,New mugs in store. Which colour would you pick?
    /// 2,brand,Open late on Friday.
    /// 3,brand,Our autumn blend is back. Tell us how you brew it.
    /// 4,brand,Fresh croissants every morning.
    /// 5,brand,We roast on Tuesdays.
    /// ```
    ///
    /// ## Options
    /// - `dialogue.min-invitation-share` (default `0.25`)
    /// - `min-posts` (default `5`)
    pub struct LowDialogueShare {
        code: "D101",
        name: "low-dialogue-share",
        principle: Dialogue,
        severity: Warning,
        scope: Account,
        seeds: ["004_d10b3528b2158389.txt", "002_b7e3e3f5bdb5ad11.txt"],
    }
}

impl Rule for LowDialogueShare {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let m = cx.metrics;
        let min = cx.settings.dialogue.min_invitation_share;
        let Some(share) = m.dialogue_share else {
            return;
        };
        if m.top_level_posts < cx.settings.min_posts || share >= min {
            return;
        }
        out.push(Finding::on_account(
            &Self::META,
            format!(
                "{} of {} posts ({}) ask a question or invite a reply; aim for at least {}",
                m.inviting_posts,
                m.top_level_posts,
                percent(share),
                percent(min)
            ),
        ));
    }
}
