use crate::declare_rule;
use crate::model::Kind;
use crate::rules::consistency::date;
use crate::rules::{Context, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags the account's longest broadcast streak when it is longer than
    /// `dialogue.max-broadcast-streak` (default 10): original posts one after
    /// another, in time order, with no reply to anyone in between. Replies to
    /// people end a streak (in an export without a parent column, a record
    /// that opens with someone's `@mention` is such a reply); re-shares and replies within the account's own
    /// threads neither add to it nor end it. Records without a time are left
    /// out. Not judged on a calendar of planned posts, which can hold no
    /// replies.
    ///
    /// ## Why is this bad?
    /// Social media "is not a one way passive “relationship” as in Mass
    /// Media" (004_d10b3528b2158389.txt); being social "requires you to listen
    /// just as much (if not more) as it requires your input"
    /// (003_5cbde5e7d00acd36.txt). A long run of posts without a single reply
    /// is a broadcast channel, whatever the share over the whole export.
    ///
    /// ## Example
    /// ```csv
    /// id,author,created_at,text,in_reply_to
    /// 1,brand,2026-03-02 09:00,Monday roast.,
    /// 2,brand,2026-03-03 09:00,Tuesday roast.,
    /// 3,brand,2026-03-04 09:00,Wednesday roast.,
    /// 4,brand,2026-03-05 09:00,Thursday roast.,
    /// 5,brand,2026-03-06 09:00,Friday roast.,
    /// 6,brand,2026-03-07 09:00,Saturday roast.,
    /// 7,brand,2026-03-08 09:00,Sunday roast.,
    /// 8,brand,2026-03-09 09:00,Monday again.,
    /// 9,brand,2026-03-10 09:00,Tuesday again.,
    /// 10,brand,2026-03-11 09:00,Wednesday again.,
    /// 11,brand,2026-03-12 09:00,Thursday again.,
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,created_at,text,in_reply_to
    /// 1,brand,2026-03-02 09:00,Monday roast.,
    /// 2,brand,2026-03-03 09:00,Tuesday roast.,
    /// 3,brand,2026-03-04 09:00,Wednesday roast.,
    /// 4,brand,2026-03-05 09:00,Thursday roast.,
    /// 5,brand,2026-03-06 09:00,Friday roast.,
    /// 6,maya,2026-03-06 10:00,Is it the Kenyan one?,5
    /// 7,brand,2026-03-06 10:30,"It is, Maya!",6
    /// 8,brand,2026-03-07 09:00,Saturday roast.,
    /// 9,brand,2026-03-08 09:00,Sunday roast.,
    /// 10,brand,2026-03-09 09:00,Monday again.,
    /// 11,brand,2026-03-10 09:00,Tuesday again.,
    /// 12,brand,2026-03-11 09:00,Wednesday again.,
    /// 13,brand,2026-03-12 09:00,Thursday again.,
    /// ```
    ///
    /// ## Options
    /// - `dialogue.max-broadcast-streak` (default `10`)
    pub struct BroadcastStreak {
        code: "D103",
        name: "broadcast-streak",
        principle: Dialogue,
        severity: Warning,
        scope: Account,
        seeds: ["004_d10b3528b2158389.txt", "003_5cbde5e7d00acd36.txt"],
    }
}

impl Rule for BroadcastStreak {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        let max = cx.settings.dialogue.max_broadcast_streak;
        if c.account_posts().all(|i| c.posts[i].planned) {
            return;
        }
        let mut events: Vec<(i64, usize)> = c
            .account_posts()
            .filter(|&i| c.posts[i].kind != Kind::Share)
            .filter(|&i| c.is_top_level(i) || c.is_reply_to_people(i))
            .filter_map(|i| c.posts[i].created.map(|t| (t, i)))
            .collect();
        events.sort();

        // The longest streak, as (length, first time, last time).
        let mut best = (0, 0, 0);
        let mut run = (0, 0, 0);
        for &(t, i) in &events {
            if c.is_top_level(i) {
                run = if run.0 == 0 {
                    (1, t, t)
                } else {
                    (run.0 + 1, run.1, t)
                };
                if run.0 > best.0 {
                    best = run;
                }
            } else {
                run = (0, 0, 0);
            }
        }
        if best.0 <= max {
            return;
        }
        out.push(Finding::on_account(
            &Self::META,
            format!(
                "{} original posts in a row ({} to {}) without a reply to anyone: answer the people who talk to you between posts",
                best.0,
                date(best.1),
                date(best.2)
            ),
        ));
    }
}
