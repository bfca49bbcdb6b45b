use crate::declare_rule;
use crate::rules::authenticity::canned_reply::canned_sets;
use crate::rules::authenticity::reply_to_people;
use crate::rules::{Context, Finding, Rule, RuleMeta, percent};

declare_rule! {
    /// ## What it does
    /// Judges the account's replies to people as a whole: flags an account
    /// where more than `authenticity.max-canned-share` of them (default 25%)
    /// are canned, the replies A001 finds sent nearly word for word at least
    /// `authenticity.canned-min-copies` (3) times. Needs at least `min-posts`
    /// (5) replies to people.
    ///
    /// A001 points at each pasted reply; this rule says how much of the
    /// account's conversation is pasted, which a long list of A001 findings
    /// does not.
    ///
    /// ## Why is this bad?
    /// Seed 001 asks brands to "Think genuine, relevant, evolution (not fake,
    /// not impersonated)" (001_24e1877a1fee5122.txt), and seed 003 warns that
    /// "there are generators that spit out content like carnival tickets"
    /// (003_5cbde5e7d00acd36.txt). When a quarter of the answers are the same
    /// paste, the people writing in are talking to a script.
    ///
    /// ## Example
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,maya,My beans arrived stale,
    /// 2,brand,"@maya Thanks for reaching out! We're sorry to hear that, please DM us your order number.",1
    /// 3,tom,Where is my parcel?,
    /// 4,brand,"@tom Thanks for reaching out! We're sorry to hear that, please DM us your order number.",3
    /// 5,ann,The grinder is broken,
    /// 6,brand,"@ann Thanks for reaching out! We're so sorry to hear that, please DM us your order number.",5
    /// 7,lee,Do you ship to Norway?,
    /// 8,brand,"@lee We do! Shipping to Norway takes about five days.",7
    /// 9,kim,Love the new mugs,
    /// 10,brand,"@kim Thank you, Kim! The blue one is our favourite too.",9
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,maya,My beans arrived stale,
    /// 2,brand,"@maya Stale beans are the worst. Which roast date is on the bag? We'll send a fresh one.",1
    /// 3,tom,Where is my parcel?,
    /// 4,brand,"@tom It left on Monday, so it should be with you tomorrow. Tell us if not!",3
    /// 5,ann,The grinder is broken,
    /// 6,brand,"@ann Oh no! Is it the burr or the motor? A photo would help us fix it fast.",5
    /// 7,lee,Do you ship to Norway?,
    /// 8,brand,"@lee We do! Shipping to Norway takes about five days.",7
    /// 9,kim,Love the new mugs,
    /// 10,brand,"@kim Thank you, Kim! The blue one is our favourite too.",9
    /// ```
    ///
    /// ## Options
    /// - `authenticity.max-canned-share` (default `0.25`)
    /// - `authenticity.canned-min-copies` (default `3`)
    /// - `authenticity.similarity` (default `0.6`)
    /// - `authenticity.min-words` (default `8`)
    /// - `min-posts` (default `5`)
    pub struct CannedShare {
        code: "A101",
        name: "canned-reply-share",
        principle: Authenticity,
        severity: Warning,
        scope: Account,
        seeds: ["001_24e1877a1fee5122.txt", "003_5cbde5e7d00acd36.txt"],
    }
}

impl Rule for CannedShare {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        let replies = (0..c.posts.len())
            .filter(|&i| reply_to_people(c, i))
            .count();
        if replies == 0 || replies < cx.settings.min_posts {
            return;
        }
        let canned = canned_sets(cx).0.len();
        let share = canned as f64 / replies as f64;
        let max = cx.settings.authenticity.max_canned_share;
        if share <= max {
            return;
        }
        out.push(Finding::on_account(
            &Self::META,
            format!(
                "{canned} of {replies} replies to people ({}) were sent nearly word for word at least {} times; keep pasted answers under {}",
                percent(share),
                cx.settings.authenticity.canned_min_copies,
                percent(max)
            ),
        ));
    }
}
