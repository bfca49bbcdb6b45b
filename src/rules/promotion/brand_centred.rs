use crate::declare_rule;
use crate::rules::{Context, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an original post by the account that talks about itself (I, me, my, we, us,
    /// our) far more than about its reader (you, your): at least
    /// `promotion.min-first-person` first-person words (default 3), and at
    /// least `promotion.first-person-ratio` (default 2) times as many as
    /// second-person words plus one. Replies to people are left alone: "we
    /// can look into our records for you" is how help sounds.
    ///
    /// ## Why is this bad?
    /// "Social media isn't about 'me'": customers do not follow a brand "to
    /// hear continuous business talk about your product or services"
    /// (002_b7e3e3f5bdb5ad11.txt). Brands "so focused on getting their message
    /// across" miss "the other side of the picture" (004_d10b3528b2158389.txt).
    ///
    /// ## Example
    /// ```post
    /// We are proud of our new roastery. Our team built it and we love it.
    /// ```
    ///
    /// Use instead:
    /// ```post
    /// You asked for a place to watch the roast: our new roastery is open to you every Saturday.
    /// ```
    ///
    /// ## Options
    /// - `promotion.min-first-person` (default `3`)
    /// - `promotion.first-person-ratio` (default `2.0`)
    pub struct BrandCentred {
        code: "P002",
        name: "brand-centred-wording",
        principle: Promotion,
        severity: Info,
        scope: Post,
        seeds: ["002_b7e3e3f5bdb5ad11.txt", "004_d10b3528b2158389.txt"],
    }
}

impl Rule for BrandCentred {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        if !c.is_top_level(i) {
            return;
        }
        let p = c.signals[i].pronouns;
        let o = &cx.settings.promotion;
        if p.first_person < o.min_first_person
            || (p.first_person as f64) < o.first_person_ratio * (p.second_person as f64 + 1.0)
        {
            return;
        }
        out.push(Finding::on_post(
            &Self::META,
            i,
            format!(
                "talks about the brand ({} × I/we/our) far more than the reader ({} × you/your): turn it towards the reader",
                p.first_person, p.second_person
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::BrandCentred;
    use crate::rules::tests::flagged_ids;

    #[test]
    fn replies_to_people_are_not_judged() {
        let csv = "id,author,text,in_reply_to\n\
                   1,ann,@brand where is my order?,\n\
                   2,brand,@ann We are on it: our team is checking our records now and we will write back.,1\n\
                   3,brand,We are proud of our new roastery. Our team built it and we love it.,\n";
        assert_eq!(flagged_ids(&BrandCentred, csv), ["3"]);
    }
}
