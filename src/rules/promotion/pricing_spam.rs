use crate::declare_rule;
use crate::model::Kind;
use crate::rules::{Context, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a post by the account that piles up prices, discounts and
    /// discount codes: more than `promotion.max-pricing-mentions` (default 2)
    /// of `$9.99`, `12 EUR`, `20% off`, `save 30%`, `half price`, `BOGO`,
    /// `use code SAVE20` and the like, at least one of them a discount or a
    /// code. Plain prices alone (a café's menu, a salary range, ticket
    /// prices) are information, not spam. The finding points at the first
    /// one and names them all.
    ///
    /// ## Why is this bad?
    /// "If you continually push your products and services on those in your
    /// social network you are breaking one of the fundamental rules"
    /// (002_b7e3e3f5bdb5ad11.txt). A post that reads like a price list is an
    /// advertisement, and people are on social media "to develop their
    /// relationships ... not to make transactions" (000_740e0177f429c1a3.txt).
    ///
    /// ## Example
    /// ```post
    /// 30% off beans, mugs now $9.99, grinders $49! Use code SAVE30 at checkout.
    /// ```
    ///
    /// Use instead:
    /// ```post
    /// Our mugs are 30% off this week. Which colour would you pick?
    /// ```
    ///
    /// ## Options
    /// - `promotion.max-pricing-mentions` (default `2`)
    pub struct PricingSpam {
        code: "P004",
        name: "pricing-spam",
        principle: Promotion,
        severity: Warning,
        scope: Post,
        seeds: ["002_b7e3e3f5bdb5ad11.txt", "000_740e0177f429c1a3.txt"],
    }
}

impl Rule for PricingSpam {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        if !c.is_account[i] || c.posts[i].kind == Kind::Share {
            return;
        }
        let text = &c.posts[i].text;
        let signals = &c.signals[i].pricing;
        let max = cx.settings.promotion.max_pricing_mentions;
        if signals.len() <= max || !signals.iter().any(|s| s.offer) {
            return;
        }
        let named: Vec<String> = signals
            .iter()
            .map(|s| format!("\"{}\"", s.span.slice(text)))
            .collect();
        out.push(
            Finding::on_post(
                &Self::META,
                i,
                format!(
                    "{} prices, discounts and codes ({}): one offer, told with what it does for the reader, is enough",
                    signals.len(),
                    named.join(", ")
                ),
            )
            .with_span(signals[0].span),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::flagged_post;

    #[test]
    fn menus_and_salaries_are_not_spam() {
        let rule = &super::PricingSpam;
        assert!(
            flagged_post(
                rule,
                "Espresso £2.80, flat white £3.40, cortado £3.20. See you soon!"
            )
            .is_empty()
        );
        assert!(
            flagged_post(
                rule,
                "Head roaster wanted: £38,000-£42,000 plus a £2,000 relocation budget."
            )
            .is_empty()
        );
        assert_eq!(
            flagged_post(rule, "Mugs $9.99, beans $12.99, 20% off grinders!").len(),
            1
        );
        assert_eq!(
            flagged_post(rule, "BOGO on beans, 30% off mugs, code MUG30").len(),
            1
        );
    }
}
