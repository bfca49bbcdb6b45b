use crate::declare_rule;
use crate::rules::{Context, Finding, Rule, RuleMeta, percent};

declare_rule! {
    /// ## What it does
    /// Flags an account whose output holds too few replies to other people:
    /// less than `dialogue.min-reply-share` (default 20%) of everything it
    /// published. Replies within its own threads do not count; replies whose
    /// parent is not in the export do (a platform archive holds only the
    /// account's side). Not judged on a calendar of planned posts, which can
    /// hold no replies. Needs at least `min-posts` (5) records.
    ///
    /// ## Why is this bad?
    /// Being social "requires you to listen just as much (if not more) as it
    /// requires your input" (003_5cbde5e7d00acd36.txt); an account that never
    /// replies is using a conversation medium as a broadcast channel
    /// (004_d10b3528b2158389.txt). Hootsuite's rule of thirds gives a third of
    /// the output to personal interaction; the default asks for a fifth.
    ///
    /// ## Example
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,brand,New mugs in store.,
    /// 2,brand,Open late on Friday.,
    /// 3,brand,Our autumn blend is back.,
    /// 4,brand,Fresh croissants every morning.,
    /// 5,brand,We roast on Tuesdays.,
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,brand,New mugs in store.,
    /// 2,maya,Do you have blue ones?,1
    /// 3,brand,"We do, Maya! Second shelf by the window.",2
    /// 4,brand,Our autumn blend is back.,
    /// 5,brand,Fresh croissants every morning.,
    /// 6,brand,We roast on Tuesdays.,
    /// ```
    ///
    /// ## Options
    /// - `dialogue.min-reply-share` (default `0.2`)
    /// - `min-posts` (default `5`)
    pub struct LowReplyShare {
        code: "D102",
        name: "low-reply-share",
        principle: Dialogue,
        severity: Warning,
        scope: Account,
        seeds: ["003_5cbde5e7d00acd36.txt", "004_d10b3528b2158389.txt"],
    }
}

impl Rule for LowReplyShare {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let m = cx.metrics;
        let min = cx.settings.dialogue.min_reply_share;
        let Some(share) = m.reply_share else { return };
        let all_planned = cx
            .corpus
            .account_posts()
            .all(|i| cx.corpus.posts[i].planned);
        if all_planned || m.account_posts < cx.settings.min_posts || share >= min {
            return;
        }
        out.push(Finding::on_account(
            &Self::META,
            format!(
                "{} of the account's {} posts ({}) are replies to people; aim for at least {}",
                m.replies_to_people,
                m.account_posts,
                percent(share),
                percent(min)
            ),
        ));
    }
}
