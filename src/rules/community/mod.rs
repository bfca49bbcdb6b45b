//! `community`: build community and credit others (seeds 000, 004).

pub mod low_community_share;
pub mod never_credits;

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use crate::corpus::Corpus;
use crate::model::Kind;
use crate::rules::authenticity::mention_stuffing::chosen_mentions;

/// Words that credit or thank someone.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(
        r"(?:\b(?:thank(?:s| you)|thx|shout-?outs?|kudos|props to|hats? off|h/t|hat tip|credit(?:s|ed)?(?: to)?|photo(?:graph)?s? by|shot by|made by|designed by|illustrat(?:ed|ion) by|art by|words by|congrat\w*|big up|cheers to|grateful to|featuring|regram|repost(?:ed)? from|rt @)\b|📸)",
    )
    .case_insensitive(true)
    .build()
    .expect("valid credit pattern")
});

/// The account's feed: its original posts and its shares (not its replies).
pub(crate) fn feed(c: &Corpus) -> impl Iterator<Item = usize> + '_ {
    (0..c.posts.len()).filter(|&i| c.is_account[i] && c.posts[i].parent_id.is_none())
}

/// True when feed record `i` turns to others: it shares their post,
/// mentions another account, or credits or thanks someone.
pub(crate) fn turns_to_others(c: &Corpus, i: usize) -> bool {
    c.posts[i].kind == Kind::Share
        || !chosen_mentions(c, i).is_empty()
        || CREDIT.is_match(&c.posts[i].text)
}

/// Feed records in all, and those that turn to others.
pub(crate) fn community_counts(c: &Corpus) -> (usize, usize) {
    feed(c).fold((0, 0), |(all, others), i| {
        (all + 1, others + usize::from(turns_to_others(c, i)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
