//! `authenticity`: a genuine, human voice (seeds 001, 002, 003, 004).

pub mod boilerplate;
pub mod canned_reply;
pub mod canned_share;
pub mod duplicate_post;
pub mod engagement_bait;
pub mod hashtag_stuffing;
pub mod mention_stuffing;
pub mod shouting;

use crate::corpus::Corpus;
use crate::model::Kind;
#[cfg(test)]
use crate::text::entities::mentions;
use crate::text::matcher::{Matcher, matcher_of};

/// True for the account's own words: its posts and replies, not its shares
/// of other people's posts.
pub(crate) fn own_words(c: &Corpus, i: usize) -> bool {
    c.is_account[i] && c.posts[i].kind != Kind::Share
}

/// True when `text` opens with a mention ("@maya thanks!"): how a reply
/// reads on most platforms, even where the export links no parent.
pub(crate) fn opens_with_mention(text: &str) -> bool {
    // What a mention starts with (see `mentions`), after white space.
    let b = text.trim_start().as_bytes();
    b.first() == Some(&b'@')
        && b.get(1)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
}

/// [`opens_with_mention`] as first written: the first of all mentions.
#[cfg(test)]
fn opens_with_mention_plain(text: &str) -> bool {
    mentions(text)
        .first()
        .is_some_and(|m| text[..m.start].trim().is_empty())
}

/// True for the account's replies to people: records that reply to someone
/// else, and records with no parent that open with a mention.
pub(crate) fn reply_to_people(c: &Corpus, i: usize) -> bool {
    own_words(c, i)
        && (c.is_reply_to_people(i)
            || (c.posts[i].parent_id.is_none() && opens_with_mention(&c.posts[i].text)))
}

/// True for the account's original posts: top-level, not a share, not
/// opening with a mention.
pub(crate) fn original_post(c: &Corpus, i: usize) -> bool {
    c.is_top_level(i) && !opens_with_mention(&c.posts[i].text)
}

/// One case-insensitive pattern from built-in alternatives and the user's
/// `extra` ones, matched on word boundaries, built as
/// [`crate::text::matcher`] builds a pattern.
pub(crate) fn phrases_regex(builtin: &[&str], extra: &[String]) -> Matcher {
    matcher_of(&[phrases_pattern(builtin, extra)])
        .expect("valid phrase pattern (extra ones are checked with the settings)")
}

/// The pattern of [`phrases_regex`].
pub(crate) fn phrases_pattern(builtin: &[&str], extra: &[String]) -> String {
    let all: Vec<&str> = builtin
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .collect();
    // ASCII word boundaries: the fast engines give up on Unicode ones as
    // soon as a text holds an emoji.
    format!(r"(?:^|(?-u:\b))(?:{})(?:(?-u:\b)|$)", all.join("|"))
}

/// [`push_id_list`] into a string of its own.
#[cfg(test)]
fn id_list(c: &Corpus, ids: impl IntoIterator<Item = usize>, total: usize) -> String {
    let mut out = String::new();
    push_id_list(&mut out, c, ids, total);
    out
}

/// The ids a message names; the others are counted.
pub(crate) const SHOWN: usize = 3;

/// Writes "posts 1002, 1003 and 4 more" at the end of `out`: the ids of
/// `total` records, of which `ids` yields at least the first few (corpus
/// indices). Only the first three are read, so a set of a million copies
/// costs no more than one of four.
pub(crate) fn push_id_list(
    out: &mut String,
    c: &Corpus,
    ids: impl IntoIterator<Item = usize>,
    total: usize,
) {
    out.push_str(if total == 1 { "post " } else { "posts " });
    for (k, i) in ids.into_iter().take(SHOWN).enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(&c.posts[i].id);
    }
    if total > SHOWN {
        out.push_str(" and ");
        out.push_str(itoa::Buffer::new().format(total - SHOWN));
        out.push_str(" more");
    }
}

/// [`id_list`] as first written, with `format!`.
#[cfg(test)]
fn id_list_plain(c: &Corpus, ids: impl IntoIterator<Item = usize>, total: usize) -> String {
    const SHOWN: usize = 3;
    let shown: Vec<&str> = ids
        .into_iter()
        .take(SHOWN)
        .map(|i| c.posts[i].id.as_str())
        .collect();
    let word = if total == 1 { "post" } else { "posts" };
    match total {
        n if n > SHOWN => format!("{word} {} and {} more", shown.join(", "), n - SHOWN),
        _ => format!("{word} {}", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn id_lists_as_first_written() {
        let source = || crate::model::Source {
            path: "t.csv".into(),
            line: 2,
        };
        let data = crate::model::Dataset {
            posts: (0..6)
                .map(|k| crate::model::Post::new(format!("10{k}"), "hi", source()))
                .collect(),
            ..Default::default()
        };
        let c = crate::corpus::Corpus::build(data, &[], &[]);
        for n in 0..6 {
            for total in [n, n + 1, n + 1000] {
                assert_eq!(
                    super::id_list(&c, 0..n, total),
                    super::id_list_plain(&c, 0..n, total)
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn opens_with_mention_as_the_plain_definition(text in crate::text::test_text(&[
            "@", "@maya", "@_", "@a.b", "@ann@x.org", " ", "\u{a0}", "\u{3000}", "\n", "\t", ".",
            "/", "x", "é", "@é", "me@ex.com", "#", "@@a",
        ])) {
            proptest::prop_assert_eq!(
                super::opens_with_mention(&text),
                super::opens_with_mention_plain(&text)
            );
        }
    }
}
