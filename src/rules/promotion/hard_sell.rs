use crate::corpus::Corpus;
use crate::declare_rule;
use crate::model::Kind;
use crate::rules::{Context, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags hard-sell and call-to-buy language in the account's original
    /// posts: "buy now", "shop now", "20% off", "use code BEAN20", "limited
    /// time", "free shipping", "link in bio", "order today" and the like. The
    /// finding points at the first phrase and names them all. Replies to
    /// people are left alone: "click the link on the rewards page" or "it is
    /// only $10 at the door" answers a question, it is not a pitch.
    ///
    /// ## Why is this bad?
    /// Social media is "a gift economy", not a market: "as opposed to pushing
    /// products onto an audience", a brand earns trust (000_740e0177f429c1a3.txt).
    /// "If you continually push your products and services on those in your
    /// social network you are breaking one of the fundamental rules"
    /// (002_b7e3e3f5bdb5ad11.txt); it is "not a direct influence or sales path"
    /// (004_d10b3528b2158389.txt).
    ///
    /// A promotion now and then is fine; the account-level rule P101 judges the
    /// mix. Rewrite the post around what the reader gets.
    ///
    /// ## Example
    /// ```post
    /// Flash sale! 20% off all beans, use code BEAN20. Shop now!
    /// ```
    ///
    /// Use instead:
    /// ```post
    /// Three ways to get more out of a light roast, from our head barista.
    /// ```
    ///
    /// ## Options
    /// - `promotion.extra-phrases`: more phrases (regular expressions)
    pub struct HardSell {
        code: "P001",
        name: "hard-sell",
        principle: Promotion,
        severity: Warning,
        scope: Post,
        seeds: ["000_740e0177f429c1a3.txt", "002_b7e3e3f5bdb5ad11.txt", "004_d10b3528b2158389.txt"],
    }
}

impl Rule for HardSell {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        let spans = &c.signals[i].hard_sell;
        if !c.is_account[i] || c.posts[i].kind == Kind::Share || c.is_reply_to_people(i) {
            return;
        }
        let Some(first) = spans.first() else {
            return;
        };
        out.push(Finding::later(&Self::META, i, message).with_span(first));
    }
}

/// The message on record `i`, written when the report is: it names the
/// phrases, which the record's signals hold.
fn message(c: &Corpus, i: usize) -> String {
    let text = &c.posts[i].text;
    let mut m = String::from("hard-sell language ");
    for (k, s) in c.signals[i].hard_sell.iter().enumerate() {
        if k > 0 {
            m.push_str(", ");
        }
        m.push('"');
        m.push_str(s.slice(text));
        m.push('"');
    }
    m.push_str(": lead with what the reader gets, not what you sell");
    m
}

#[cfg(test)]
mod tests {
    use super::HardSell;
    use crate::rules::tests::flagged_ids;

    #[test]
    fn replies_that_answer_about_prices_and_links_are_not_judged() {
        let csv = "id,author,text,in_reply_to\n\
                   1,ann,@brand how do I get the cash back?,\n\
                   2,brand,@ann Click the link on the rewards page: it is only $10 to join.,1\n\
                   3,brand,Flash sale! 20% off all beans. Shop now!,\n";
        assert_eq!(flagged_ids(&HardSell, csv), ["3"]);
    }
}
