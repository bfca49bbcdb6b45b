use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::Corpus;
use crate::declare_rule;
use crate::model::Kind;
use crate::rules::promotion::link_only::is_link_only;
use crate::rules::{Context, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Holds the account's mix against the 4-1-1 rule (Tippingpoint Labs and
    /// Joe Pulizzi): for every self-promotional post, one re-share of someone
    /// else's content and four posts of value. With `promotions` the
    /// promotional original posts, the check is
    ///
    /// - `reshares >= promotions × promotion.reshares-per-promotion` (default 1), and
    /// - `value posts >= promotions × promotion.value-posts-per-promotion` (default 4),
    ///
    /// where a *re-share* is a re-share record (`RT @...`) or an original post
    /// that credits someone else (`via @x`, `h/t @x`, `photo by @x`,
    /// `shout-out to @x`, `repost from @x`), and a *value post* is any other
    /// original post that does not sell. Flags the account when either ratio
    /// falls short. Needs at least `min-posts` (5) original posts and one
    /// promotion.
    ///
    /// ## Why is this bad?
    /// The essays ask brands to share "a message and content that I can relate
    /// to" from others, as people re-tweet what they value
    /// (004_d10b3528b2158389.txt), to "be ready to bring value, in order to get
    /// value" (001_24e1877a1fee5122.txt), and to build a community where
    /// people connect with each other (000_740e0177f429c1a3.txt). The 4-1-1
    /// ratio is the industry's number for that balance.
    ///
    /// ## Example
    /// ```csv
    /// id,author,text
    /// 1,brand,Shop now: 20% off all beans.
    /// 2,brand,How do you brew on a Monday?
    /// 3,brand,Three tips for a better pour-over.
    /// 4,brand,Meet Sam from the roastery.
    /// 5,brand,Rainy day. Stay dry out there!
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text
    /// 1,brand,Shop now: 20% off all beans.
    /// 2,brand,How do you brew on a Monday?
    /// 3,brand,Three tips for a better pour-over.
    /// 4,brand,Meet Sam from the roastery.
    /// 5,brand,Rainy day. Stay dry out there!
    /// 6,brand,Gorgeous latte art from the cafe next door. Photo by @milkandfoam
    /// ```
    ///
    /// ## Options
    /// - `promotion.reshares-per-promotion` (default `1`)
    /// - `promotion.value-posts-per-promotion` (default `4`)
    /// - `min-posts` (default `5`)
    pub struct FourOneOne {
        code: "P102",
        name: "four-one-one-mix",
        principle: Promotion,
        severity: Info,
        scope: Account,
        seeds: ["004_d10b3528b2158389.txt", "001_24e1877a1fee5122.txt", "000_740e0177f429c1a3.txt"],
    }
}

const CREDIT_PATTERN: &str = r"(?i)(?:\bvia|\bh/t|\bhat tip(?: to)?|\bht|\bphoto(?: by|: )|📸|\bshout-?out to|\brepost(?:ed)? from|\bregram(?: from)?|\bcredit:?|\bby)\s*@\w";

/// An original post that passes on someone else's content with credit.
static CREDIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(CREDIT_PATTERN).expect("valid credit pattern"));

/// [`CREDIT`] without its word boundaries: it matches wherever [`CREDIT`]
/// does, and the fast regex engines run it on any text (they give up on a
/// Unicode boundary next to an emoji). Most posts credit no one.
static LOOSE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&CREDIT_PATTERN.replace(r"\b", "")).expect("valid loose credit pattern")
});

fn credits(text: &str) -> bool {
    LOOSE_CREDIT.is_match(text) && CREDIT.is_match(text)
}

fn is_reshare(c: &Corpus, i: usize) -> bool {
    c.posts[i].kind == Kind::Share || (c.is_top_level(i) && credits(&c.posts[i].text))
}

impl Rule for FourOneOne {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn lazies(&self) -> Vec<fn()> {
        crate::prebuild::lazies![LOOSE_CREDIT].to_vec()
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        let o = &cx.settings.promotion;
        let (mut promotions, mut reshares, mut value, mut originals) = (0, 0, 0, 0);
        for i in c.account_posts() {
            if is_reshare(c, i) {
                reshares += 1;
            }
            if !c.is_top_level(i) {
                continue;
            }
            originals += 1;
            let text = &c.posts[i].text;
            if !c.signals[i].hard_sell.is_empty() || c.signals[i].pricing.iter().any(|s| s.offer) {
                promotions += 1;
            } else if !is_reshare(c, i) && !is_link_only(text, o.link_only_min_words) {
                value += 1;
            }
        }
        if originals < cx.settings.min_posts || promotions == 0 {
            return;
        }
        let want_reshares = promotions as f64 * o.reshares_per_promotion;
        let want_value = promotions as f64 * o.value_posts_per_promotion;
        let mut short = Vec::new();
        if (reshares as f64) < want_reshares {
            short.push(format!(
                "{reshares} re-share(s) of others' content where 4-1-1 asks {}",
                want_reshares.ceil()
            ));
        }
        if (value as f64) < want_value {
            short.push(format!(
                "{value} post(s) of value where it asks {}",
                want_value.ceil()
            ));
        }
        if short.is_empty() {
            return;
        }
        out.push(Finding::on_account(
            &Self::META,
            format!(
                "{promotions} promotional post(s), {}: share and credit what others make, and post more that helps the reader",
                short.join(" and ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_loose_credit_test_changes_nothing(
            text in prop_oneof![
                any::<String>(),
                prop::collection::vec(
                    prop::sample::select(&[
                        "via", "VIA", "h/t", "hat tip to", "ht", "photo by", "Photo: ", "📸",
                        "shoutout to", "shout-out to", "reposted from", "regram", "credit:",
                        "by", "@", "@ann", " ", "\u{a0}", "é", "x", "\u{212a}", "ſ", "_",
                    ][..]),
                    0..20,
                )
                .prop_map(|v| v.concat()),
            ]
        ) {
            prop_assert_eq!(credits(&text), CREDIT.is_match(&text));
        }
    }
}
