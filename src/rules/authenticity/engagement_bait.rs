use std::sync::{Arc, LazyLock, OnceLock};

use regex::{Regex, RegexBuilder};

use crate::declare_rule;
use crate::rules::authenticity::{own_words, phrases_regex};
use crate::rules::cues::Cue;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::Span;
use crate::text::matcher::Matcher;

declare_rule! {
    /// ## What it does
    /// Flags engagement bait in the account's posts and replies, in the five
    /// kinds Meta's News Feed guidance names and demotes:
    /// - *vote baiting*: voting with reactions or shares ("like for yes,
    ///   share for no", "vote with an emoji");
    /// - *react baiting*: "like if you agree", "double tap if", "smash that
    ///   like button";
    /// - *share baiting*: "share if you agree", "share to win", "like and
    ///   share";
    /// - *tag baiting*: "tag a friend who", "tag 3 friends", "tag someone";
    /// - *comment baiting*: a set answer to type ("comment YES if", "type
    ///   AMEN", "drop a 🔥").
    ///
    /// An open question ("which would you pick?", "tell us in the
    /// comments") is an invitation, not bait, and is not flagged; nor is
    /// "tag us in your photos".
    ///
    /// ## Why is this bad?
    /// Bait asks for a reflex, not a reply: it counts clicks rather than
    /// listening to people. "Social engagement is about two-way dialogue"
    /// (002_b7e3e3f5bdb5ad11.txt); "conversations should never be one-sided"
    /// (003_5cbde5e7d00acd36.txt); "Think genuine, relevant, evolution (not
    /// fake, not impersonated)" (001_24e1877a1fee5122.txt). Meta also shows
    /// bait posts to fewer people.
    ///
    /// ## Example
    /// ```post
    /// Tag a friend who needs coffee this morning! Like if you agree ☕
    /// ```
    ///
    /// Use instead:
    /// ```post
    /// Who taught you to love coffee? Tell us about them in the comments ☕
    /// ```
    ///
    /// ## Options
    /// - `authenticity.extra-bait`: more phrases (regular expressions)
    pub struct EngagementBait {
        code: "A007",
        name: "engagement-bait",
        principle: Authenticity,
        severity: Warning,
        scope: Post,
        seeds: ["002_b7e3e3f5bdb5ad11.txt", "003_5cbde5e7d00acd36.txt", "001_24e1877a1fee5122.txt"],
    }
}

const REACTION: &str = r"(?:like|share|react|comment|retweet|rt|repost|love|heart|haha|wow|\p{Extended_Pictographic}\x{FE0F}?)";

/// Meta's kinds of engagement bait and the pattern that shows each.
fn kinds() -> [(&'static str, String); 5] {
    let vote = format!(
        r"(?:^|\s|\b){REACTION}\s+(?:this\s+)?(?:if|for)\s+[^,.;!?\n]{{1,30}}?[,;/]?\s*(?:and\s+|or\s+)?{REACTION}\s+(?:this\s+)?(?:if|for)\b|\bvote (?:by|with|using) (?:a |an |your )?(?:reactions?|reacts|emojis?|likes?|hearts?|retweets?|shares?)\b|\bvote\s+\p{{Extended_Pictographic}}"
    );
    [
        ("vote baiting", vote),
        (
            "react baiting",
            r"\b(?:like|react to|heart|double[- ]tap|retweet|rt)\s+(?:this\s+)?(?:post\s+|photo\s+|pic\s+|tweet\s+)?if\b|\b(?:smash|hit) (?:that|the) like(?: button)?\b"
            .into(),
        ),
        (
            "share baiting",
            r"\b(?:share|retweet|rt|repost|reblog)\s+(?:this\s+)?(?:post\s+|tweet\s+)?(?:if\b|to win\b|for a chance\b|with (?:all\s+)?(?:your|\d+|ten|five|three) (?:friends|followers|people)\b)|\b(?:like|follow)\s*(?:,|&|\+|and)\s*(?:share|retweet|rt|repost)\b"
            .into(),
        ),
        (
            "tag baiting",
            r"\b(?:tag|mention)\s+(?:(?:a|an|your|one|two|three|four|five|\d+|some|all|the|that)\s+)?(?:[\w']+\s+){0,2}?(?:friends?|someone|somebody|people|buddy|buddies|bffs?|besties?|mates?|person|pals?|partner|squad|crew|fam|family|mom|mum|dad|sister|brother)\b"
            .into(),
        ),
        (
            "comment baiting",
            r"\b(?:comment|type|reply)\s+(?:(?-i:[A-Z]{2,})\b|[\x22'“‘][^\x22'”’\n]{1,20}[\x22'”’]|\d+\b|\p{Extended_Pictographic})|\bdrop (?:a|an|your)\s+\p{Extended_Pictographic}|\b(?:comment|reply|type)\s+(?:below\s+)?if you agree\b"
            .into(),
        ),
    ]
}

/// A kind's pattern without its word boundaries: it matches wherever the
/// pattern matched with them (and more). A text the loose alternation of
/// every kind misses holds no bait, and the exact patterns (whose Unicode
/// `\b` keeps the fast engines off any text with an emoji) are not run on
/// it.
fn loose(pattern: &str) -> String {
    format!("(?:{})", pattern.replace(r"\b", ""))
}

/// Every kind's loose pattern in one alternation: [`Kinds::any`].
pub(crate) fn any_pattern() -> String {
    kinds().map(|(_, p)| loose(&p)).join("|")
}

static KINDS: LazyLock<Kinds> = LazyLock::new(|| {
    let kinds = kinds();
    let loose: Vec<String> = kinds.iter().map(|(_, p)| loose(p)).collect();
    Kinds {
        any: build(&loose.join("|")),
        each: kinds
            .into_iter()
            .zip(loose)
            .map(|((kind, p), l)| Kind {
                name: kind,
                loose: Lazy(l, OnceLock::new()),
                exact: Lazy(p, OnceLock::new()),
            })
            .collect(),
    }
});

fn build(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .expect("valid bait pattern")
}

/// A pattern, built when first searched for: most audits find no text that
/// the loose alternation matches, and then need none of a kind's own.
struct Lazy(String, OnceLock<Regex>);

impl Lazy {
    fn get(&self) -> &Regex {
        self.1.get_or_init(|| build(&self.0))
    }
}

struct Kinds {
    /// Every kind's pattern without word boundaries, in one alternation.
    any: Regex,
    each: Vec<Kind>,
}

/// A kind of bait: its name, its loose pattern and its exact one.
struct Kind {
    name: &'static str,
    loose: Lazy,
    exact: Lazy,
}

/// The kind of bait and where, for the first kind found in `text`.
pub fn bait(text: &str) -> Option<(&'static str, Span)> {
    if !KINDS.any.is_match(text) {
        return None;
    }
    // A kind's exact match cannot start before its loose one: the exact
    // pattern's slow engine runs from there, not over the whole text.
    KINDS
        .each
        .iter()
        .filter_map(|kind| {
            let from = kind.loose.get().find(text)?.start();
            kind.exact
                .get()
                .find_at(text, from)
                .map(|m| (kind.name, Span::new(m.start(), m.end())))
        })
        .min_by_key(|(_, s)| s.start)
}

/// [`bait`] as first written: each kind's exact pattern on the whole text.
#[cfg(test)]
fn bait_exact(text: &str) -> Option<(&'static str, Span)> {
    KINDS
        .each
        .iter()
        .filter_map(|kind| {
            kind.exact
                .get()
                .find(text)
                .map(|m| (kind.name, Span::new(m.start(), m.end())))
        })
        .min_by_key(|(_, s)| s.start)
}

struct Extra(Matcher);

impl Rule for EngagementBait {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn lazies(&self) -> Vec<fn()> {
        crate::prebuild::lazies![KINDS].to_vec()
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        if !own_words(c, i) {
            return;
        }
        let text = &c.posts[i].text;
        let extra_list = &cx.settings.authenticity.extra_bait;
        let cued = c.signals[i].cues.may(Cue::Bait);
        let found = cued.then(|| bait(text)).flatten().or_else(|| {
            if extra_list.is_empty() {
                return None;
            }
            let extra: Arc<Extra> = c.memo.get_or_init(|| Extra(phrases_regex(&[], extra_list)));
            extra
                .0
                .find(text)
                .map(|m| ("engagement bait", Span::new(m.start(), m.end())))
        });
        let Some((kind, span)) = found else {
            return;
        };
        out.push(
            Finding::on_post(
                &Self::META,
                i,
                format!(
                    "{kind}: \"{}\" asks for a reflex, not a reply; ask something people can answer in their own words",
                    span.slice(text)
                ),
            )
            .with_span(span),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_kind_of_bait() {
        for (text, kind, phrase) in [
            (
                "Like for latte, share for flat white!",
                "vote baiting",
                "Like for latte, share for",
            ),
            (
                "❤️ for yes, 😂 for no",
                "vote baiting",
                "❤️ for yes, 😂 for",
            ),
            (
                "Vote with your reactions below",
                "vote baiting",
                "Vote with your reactions",
            ),
            ("Like if you agree", "react baiting", "Like if"),
            (
                "Double tap if you're a morning person",
                "react baiting",
                "Double tap if",
            ),
            ("Share if you agree!", "share baiting", "Share if"),
            (
                "Follow & RT to win a bag of beans",
                "share baiting",
                "Follow & RT",
            ),
            ("Tag a friend who needs this", "tag baiting", "Tag a friend"),
            ("tag 3 friends to enter", "tag baiting", "tag 3 friends"),
            (
                "Tag someone who owes you a coffee",
                "tag baiting",
                "Tag someone",
            ),
            (
                "Comment YES if you want the recipe",
                "comment baiting",
                "Comment YES",
            ),
            ("Type 'AMEN' below", "comment baiting", "Type 'AMEN'"),
            ("Drop a 🔥 if you're in", "comment baiting", "Drop a 🔥"),
        ] {
            let (k, span) = bait(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((k, span.slice(text)), (kind, phrase), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_prefilter_never_hides_bait(text in crate::text::test_text(BAIT_PIECES)) {
            proptest::prop_assert_eq!(bait(&text), bait_exact(&text));
        }
    }

    /// Pieces of bait and of the words around it.
    const BAIT_PIECES: &[&str] = &[
        "like",
        "Like",
        "share",
        "RT",
        "tag",
        "Tag",
        "comment",
        "type",
        "reply",
        "drop",
        "vote",
        "double tap",
        "smash",
        "hit",
        "that",
        "the",
        "like button",
        "if",
        "for",
        "to win",
        "with",
        "your",
        "a",
        "3",
        "friends",
        "someone",
        "mom",
        "yes",
        "YES",
        "AMEN",
        "'",
        "\"",
        "“",
        "”",
        "below",
        "you agree",
        "&",
        "+",
        "and",
        "or",
        ",",
        "/",
        ";",
        " ",
        "  ",
        "\n",
        "🔥",
        "❤️",
        "😂",
        "\u{fe0f}",
        "é",
        "É",
        "_",
        "x",
        "ß",
        "İ",
        "中",
        "this",
        "post",
        "reactions",
        "emoji",
    ];

    #[test]
    fn leaves_real_questions_and_ordinary_words() {
        for text in [
            "Which roast would you pick? Tell us in the comments!",
            "Tag us in your photos with #larkspur",
            "Tag your photos with the location so we can find them",
            "We'd love to hear what you think: comment below with your favourite brew",
            "Share your brewing tips with us",
            "I like the new blend for its cherry notes",
            "Reply with your order number and we'll check",
            "Thanks for the share! We love it.",
            "Comment below if you have any questions",
            "Our friends at Oak Bakery made these",
        ] {
            assert_eq!(bait(text), None, "{text}");
        }
    }
}
