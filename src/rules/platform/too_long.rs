use crate::declare_rule;
use crate::rules::platform::platform_of;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::entities::{mentions, urls};
use crate::text::length::{Platform, length};

declare_rule! {
    /// ## What it does
    /// Flags a post or reply by the account that is longer than its
    /// platform allows, counted the way that platform counts:
    ///
    /// | platform | limit | counted as |
    /// |---|---|---|
    /// | X | 280 | twitter-text v3 weighted length: links 23, most Latin and punctuation 1, CJK and other scripts 2, an emoji (even a ZWJ sequence, flag or skin tone) 2 |
    /// | Bluesky | 300 | graphemes |
    /// | Mastodon | 500 | graphemes, links 23, `@user@domain` as `@user` |
    /// | Threads | 500 | characters |
    /// | LinkedIn | 3,000 (a comment 1,250) | characters |
    /// | Instagram | 2,200 | characters |
    ///
    /// The platform is the export's `platform` column, or `platform.default`;
    /// a record on a platform postaudit does not know is not judged. On X, the
    /// `@mentions` that open a reply are not counted (X leaves them out), and
    /// a `t.co` link that ends the text is taken for an attached photo or
    /// video (X's exports write attachments so) and not counted.
    ///
    /// ## Why is this bad?
    /// The essays ask brands to "make sure you are using different social
    /// platforms to reach them all" (002_b7e3e3f5bdb5ad11.txt): each platform
    /// in its own form. A post over the limit is cut off or refused, and a
    /// text written for one channel and pasted into another reads that way.
    ///
    /// ## Example
    /// ```csv
    /// id,author,platform,text
    /// 1,brand,x,"Our autumn blend is back! We spent the whole summer tasting beans from six farms, roasting small test batches every Tuesday, and arguing about caramel versus cocoa notes until we found the one. It's in every store from Monday, in whole bean and ground, and our baristas can't wait for you to try it with oat milk."
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,platform,text
    /// 1,brand,x,"Our autumn blend is back from Monday: a summer of tasting six farms' beans, and caramel won over cocoa. How will you brew it?"
    /// ```
    ///
    /// ## Options
    /// - `platform.default`: the platform of records whose export names none (unset)
    /// - `platform.x-limit` (default `280`)
    /// - `platform.bluesky-limit` (default `300`)
    /// - `platform.mastodon-limit` (default `500`; servers may allow more)
    /// - `platform.threads-limit` (default `500`)
    /// - `platform.linkedin-limit` (default `3000`)
    /// - `platform.linkedin-comment-limit` (default `1250`): replies on LinkedIn
    /// - `platform.instagram-limit` (default `2200`)
    pub struct TooLong {
        code: "F001",
        name: "too-long-for-platform",
        principle: Platform,
        severity: Error,
        scope: Post,
        seeds: ["002_b7e3e3f5bdb5ad11.txt"],
    }
}

/// The text as the platform counts it. On X, the mentions that open a reply
/// are not counted, and X's exports end a post that has a photo or video
/// with the attachment's `t.co` link, which X does not count either.
/// True when `text` is within `limit` on any platform without measuring it:
/// it has no link (a link counts as 23 on X and Mastodon, however short)
/// and no more bytes than the limit. No character counts for more than its
/// bytes: on X a character weighs 2 only from U+1100 on (three bytes or
/// more), an emoji sequence 2 in all.
fn within_by_bytes(text: &str, limit: usize) -> bool {
    text.len() <= limit && urls(text).is_empty()
}

fn counted_text(platform: Platform, text: &str) -> &str {
    if platform != Platform::X {
        return text;
    }
    let mut text = text.trim_start();
    // A mention holds no white space: whether one opens the text, and where
    // it ends, shows in its first word (the whole text each time would be
    // quadratic in a text of many mentions).
    while let Some(m) = mentions(first_word(text)).first().filter(|m| m.start == 0) {
        text = text[m.end..].trim_start();
    }
    let trimmed = text.trim_end();
    match urls(trimmed).last() {
        Some(u)
            if u.end == trimmed.len() && {
                let l = u.slice(trimmed).to_ascii_lowercase();
                l.starts_with("https://t.co/") || l.starts_with("http://t.co/")
            } =>
        {
            trimmed[..u.start].trim_end()
        }
        _ => text,
    }
}

/// `text` up to its first white space.
fn first_word(text: &str) -> &str {
    text.find(char::is_whitespace)
        .map_or(text, |end| &text[..end])
}

/// [`counted_text`] as first written: the mentions of the whole text
/// found again after each opening one.
#[cfg(test)]
fn counted_text_reference(platform: Platform, text: &str) -> &str {
    if platform != Platform::X {
        return text;
    }
    let mut text = text.trim_start();
    while let Some(m) = mentions(text).first().filter(|m| m.start == 0) {
        text = text[m.end..].trim_start();
    }
    let trimmed = text.trim_end();
    match urls(trimmed).last() {
        Some(u)
            if u.end == trimmed.len() && {
                let l = u.slice(trimmed).to_ascii_lowercase();
                l.starts_with("https://t.co/") || l.starts_with("http://t.co/")
            } =>
        {
            trimmed[..u.start].trim_end()
        }
        _ => text,
    }
}

impl Rule for TooLong {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let Some(platform) = platform_of(cx, i) else {
            return;
        };
        let reply = cx.corpus.posts[i].parent_id.is_some();
        let limit = match platform {
            Platform::LinkedIn if reply => cx.settings.platform.linkedin_comment_limit,
            p => cx.settings.platform.limit(p),
        };
        let text = &cx.corpus.posts[i].text;
        if within_by_bytes(text, limit) {
            return;
        }
        let len = length(platform, counted_text(platform, text));
        if len <= limit {
            return;
        }
        out.push(Finding::on_post(
            &Self::META,
            i,
            format!(
                "{len} {} where {platform} allows {limit}{}: cut {} or split it into a thread",
                platform.unit(),
                if reply && platform == Platform::LinkedIn {
                    " in a comment"
                } else {
                    ""
                },
                len - limit
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::{counted_text, counted_text_reference, within_by_bytes};
    use crate::text::length::{Platform, length};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The shortcut never passes a text that measures over the limit.
        #[test]
        fn a_text_within_by_bytes_is_within(
            text in prop_oneof![
                any::<String>(),
                prop::collection::vec(
                    prop::sample::select(&[
                        "@ann", "@bob@x.social", "a", "é", "\u{10ff}", "\u{1100}", "中", "\u{2000}",
                        "😀", "👍🏽", "👨‍👩‍👧", "1\u{fe0f}\u{20e3}", "🇫🇷", "\u{fe0f}", "\r\n", " ",
                        "\u{301}", "x.co", "https://a.co", "www.b.io",
                    ][..]),
                    0..40,
                )
                .prop_map(|v| v.concat()),
            ]
        ) {
            for p in Platform::ALL {
                // Passing a limit passes every larger one: it is enough
                // that the one just below the length is not passed.
                let len = length(p, counted_text(p, &text));
                if len > 0 {
                    prop_assert!(!within_by_bytes(&text, len - 1), "{p:?}: {len}");
                }
            }
        }

        #[test]
        fn opening_mentions_are_skipped_as_before(
            text in prop_oneof![
                any::<String>(),
                prop::collection::vec(
                    prop::sample::select(&[
                        "@ann", "@bob@x.social", "@", "@@", "@a.b", "ann", ".", "/", " ", "\u{a0}",
                        "\n", "\u{3000}", "é", "_", "https://t.co/x", "hi",
                    ][..]),
                    0..15,
                )
                .prop_map(|v| v.concat()),
            ]
        ) {
            prop_assert_eq!(
                counted_text(Platform::X, &text),
                counted_text_reference(Platform::X, &text)
            );
        }
    }

    #[test]
    fn a_trailing_tco_link_on_x_is_an_attachment() {
        let t = "Rain all day https://t.co/Ju8KDcQCzq ";
        assert_eq!(counted_text(Platform::X, t), "Rain all day");
        assert_eq!(counted_text(Platform::Bluesky, t), t);
        let mid = "See https://t.co/abc for more";
        assert_eq!(counted_text(Platform::X, mid), mid);
        let other = "Read https://example.com/a";
        assert_eq!(counted_text(Platform::X, other), other);
        assert_eq!(
            counted_text(Platform::X, "@ann @bob@x.social thanks both!"),
            "thanks both!"
        );
        assert_eq!(counted_text(Platform::X, "Thanks @ann!"), "Thanks @ann!");
        assert_eq!(counted_text(Platform::Mastodon, "@ann hi"), "@ann hi");
    }
}
