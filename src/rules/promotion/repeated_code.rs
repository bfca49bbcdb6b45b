use std::collections::BTreeMap;

use crate::declare_rule;
use crate::model::Kind;
use crate::rules::{Context, Finding, Rule, RuleMeta, id_list};

declare_rule! {
    /// ## What it does
    /// Flags a discount code that the account pushes again and again: the
    /// same code (`BEAN20`, any case) in more than `promotion.max-code-posts`
    /// (default 2) of its posts and replies. One finding per code, naming the
    /// posts.
    ///
    /// ## Why is this bad?
    /// Repeating an offer is what "thousands of voices of the Internet .. that
    /// say .. buy this .. do this" do (004_d10b3528b2158389.txt); "if you
    /// continually push your products and services on those in your social
    /// network you are breaking one of the fundamental rules"
    /// (002_b7e3e3f5bdb5ad11.txt).
    ///
    /// ## Example
    /// ```csv
    /// id,author,text
    /// 1,brand,Autumn blend is here! Use code BEAN20.
    /// 2,brand,Still time: code BEAN20 works all week.
    /// 3,brand,Last day for code BEAN20!
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text
    /// 1,brand,Autumn blend is here! Use code BEAN20 this week.
    /// 2,brand,How do you brew a light roast?
    /// 3,brand,Meet Sam from the roastery.
    /// ```
    ///
    /// ## Options
    /// - `promotion.max-code-posts` (default `2`)
    pub struct RepeatedCode {
        code: "P103",
        name: "repeated-discount-code",
        principle: Promotion,
        severity: Warning,
        scope: Account,
        seeds: ["004_d10b3528b2158389.txt", "002_b7e3e3f5bdb5ad11.txt"],
    }
}

impl Rule for RepeatedCode {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        let max = cx.settings.promotion.max_code_posts;
        let mut posts_by_code: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for i in c.account_posts() {
            if c.posts[i].kind == Kind::Share {
                continue;
            }
            let mut codes: Vec<String> = c.signals[i]
                .pricing
                .iter()
                .filter_map(|s| s.code.as_deref())
                .map(str::to_uppercase)
                .collect();
            codes.sort();
            codes.dedup();
            for code in codes {
                posts_by_code
                    .entry(code)
                    .or_default()
                    .push(c.posts[i].id.as_str());
            }
        }
        for (code, ids) in posts_by_code {
            if ids.len() <= max {
                continue;
            }
            out.push(Finding::on_account(
                &Self::META,
                format!(
                    "code {code} appears in {} posts ({}): announce an offer once, and give the other posts to something for the reader",
                    ids.len(),
                    id_list(&ids, 5)
                ),
            ));
        }
    }
}
