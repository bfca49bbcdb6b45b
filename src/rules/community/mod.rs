//! `community`: build community and credit others (seeds 000, 004).

pub mod low_community_share;
pub mod never_credits;

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use crate::corpus::Corpus;
use crate::model::Kind;
#[cfg(test)]
use crate::rules::authenticity::mention_stuffing::chosen_mentions;
use crate::rules::authenticity::mention_stuffing::has_chosen_mention;

/// Words that credit or thank someone.
const CREDIT_PATTERN: &str = r"(?:\b(?:thank(?:s| you)|thx|shout-?outs?|kudos|props to|hats? off|h/t|hat tip|credit(?:s|ed)?(?: to)?|photo(?:graph)?s? by|shot by|made by|designed by|illustrat(?:ed|ion) by|art by|words by|congrat\w*|big up|cheers to|grateful to|featuring|regram|repost(?:ed)? from|rt @)\b|📸)";

static CREDIT: LazyLock<Regex> = LazyLock::new(|| credit_regex(CREDIT_PATTERN));

/// The credit words without word boundaries: matches wherever [`CREDIT`]
/// does (and more), on the fast engines that Unicode `\b` keeps off any
/// text with an emoji. A text it misses credits no one.
static CREDIT_LOOSE: LazyLock<Regex> =
    LazyLock::new(|| credit_regex(&CREDIT_PATTERN.replace(r"\b", "")));

/// The credit pattern every text is first searched with (see
/// [`crate::prebuild`]).
pub(crate) const LAZIES: &[fn()] = crate::prebuild::lazies![CREDIT_LOOSE];

fn credit_regex(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .expect("valid credit pattern")
}

/// True when `text` credits or thanks someone.
fn credits(text: &str) -> bool {
    // The exact pattern cannot match before the loose one does.
    CREDIT_LOOSE
        .find(text)
        .is_some_and(|l| CREDIT.is_match_at(text, l.start()))
}

/// The account's feed: its original posts and its shares (not its replies).
pub(crate) fn feed(c: &Corpus) -> impl Iterator<Item = usize> + '_ {
    (0..c.posts.len()).filter(|&i| c.is_account[i] && c.posts[i].parent_id.is_none())
}

/// True when feed record `i` turns to others: it shares their post,
/// mentions another account, or credits or thanks someone.
pub(crate) fn turns_to_others(c: &Corpus, i: usize) -> bool {
    c.posts[i].kind == Kind::Share || has_chosen_mention(c, i) || credits(&c.posts[i].text)
}

/// Feed records in all, and those that turn to others; counted once per
/// audit for the rules that judge them.
pub(crate) fn community_counts(c: &Corpus) -> (usize, usize) {
    struct Counts(usize, usize);
    let counts = c.memo.get_or_init_ref(|| {
        let (all, others) = feed(c).fold((0, 0), |(all, others), i| {
            (all + 1, others + usize::from(turns_to_others(c, i)))
        });
        Counts(all, others)
    });
    (counts.0, counts.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_loose_credit_words_never_hide_one(text in crate::text::test_text(&[
            "thanks", "Thank you", "thx", "shout-out", "kudos", "h/t", "photo by", "congrats",
            "congratulations", "rt @", "📸", "é", "x", "_", "1", " ", "\n", "☕", "ß", "thanksgiving",
        ])) {
            proptest::prop_assert_eq!(credits(&text), CREDIT.is_match(&text));
        }
    }

    #[test]
    fn chosen_mentions_found_without_collecting_them() {
        use crate::corpus::Corpus;
        use crate::model::{Dataset, Post, Source};
        let texts = [
            "@brand thanks",
            "hi @Brand and @BRAND@x.org",
            "@fan1 @brand hello @maya",
            "@fan2 hi",
            "no mention",
            "@fan3 @MAYA@social.example",
        ];
        let posts = texts
            .iter()
            .enumerate()
            .map(|(n, t)| {
                let mut p = Post::new(
                    n.to_string(),
                    *t,
                    Source {
                        path: "t".into(),
                        line: 1,
                    },
                );
                p.author = "brand".into();
                if n % 2 == 0 {
                    p.parent_id = Some("x".into());
                }
                p
            })
            .collect();
        let c = Corpus::build(
            Dataset {
                posts,
                ..Default::default()
            },
            &["brand".into()],
            &[],
        );
        for i in 0..texts.len() {
            assert_eq!(
                has_chosen_mention(&c, i),
                !chosen_mentions(&c, i).is_empty(),
                "{i}"
            );
        }
    }

    #[test]
    fn credit_words() {
        for t in [
            "Thank you to everyone who came!",
            "Huge shout-out to the night shift",
            "📸 Jo Smith",
            "Photo by Jo",
            "Congratulations to our barista champion",
            "Beans roasted by our friends, h/t Mill Lane",
        ] {
            assert!(CREDIT.is_match(t), "{t}");
        }
        for t in ["New roast out now", "Our thanksgiving hours", "Open till 3"] {
            assert!(!CREDIT.is_match(t), "{t}");
        }
    }
}
