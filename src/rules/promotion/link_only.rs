use crate::declare_rule;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::Span;
use crate::text::entities::{hashtags, mentions, urls};

declare_rule! {
    /// ## What it does
    /// Flags an original post that is a link and little else: besides links,
    /// hashtags and mentions it has fewer than `promotion.link-only-min-words`
    /// (default 4) words. Replies are not judged (a link is often the answer
    /// someone asked for), nor records that open with someone's `@mention`.
    /// A post whose links are all `t.co` links is not judged either: X's
    /// exports write an attached photo or video as such a link, so
    /// "Rain https://t.co/x" is a photo with a caption.
    ///
    /// ## Why is this bad?
    /// "Be ready to bring value, in order to get value" (001_24e1877a1fee5122.txt).
    /// A bare link gives the reader nothing in the feed and asks them to leave
    /// it; it is "talking at consumers" rather than to them
    /// (000_740e0177f429c1a3.txt).
    ///
    /// ## Example
    /// ```post
    /// New! 👉 https://example.com/shop/autumn-blend #coffee #autumn @roastmag
    /// ```
    ///
    /// Use instead:
    /// ```post
    /// Caramel up front, a little cocoa at the end: how our autumn blend tastes, and how to brew it. https://example.com/autumn-blend
    /// ```
    ///
    /// ## Options
    /// - `promotion.link-only-min-words` (default `4`)
    pub struct LinkOnly {
        code: "P003",
        name: "link-only-post",
        principle: Promotion,
        severity: Warning,
        scope: Post,
        seeds: ["001_24e1877a1fee5122.txt", "000_740e0177f429c1a3.txt"],
    }
}

/// True for a text with a link and fewer than `min_words` words of its own.
/// Links that are all `t.co` links do not count: X's exports write an
/// attached photo or video as one, so "Rain https://t.co/x" is a photo post.
pub(crate) fn is_link_only(text: &str, min_words: usize) -> bool {
    let links = urls(text);
    let all_tco = links.iter().all(|s| {
        let l = s.slice(text).as_bytes();
        [&b"https://t.co/"[..], b"http://t.co/"]
            .iter()
            .any(|p| l.get(..p.len()).is_some_and(|l| l.eq_ignore_ascii_case(p)))
    });
    !links.is_empty() && !all_tco && own_words_besides(text, links, min_words) < min_words
}

/// The words of `text` besides its links, hashtags and mentions, counted
/// up to `limit`.
fn own_words(text: &str, limit: usize) -> usize {
    own_words_besides(text, urls(text), limit)
}

/// [`own_words`], with the text's links already found.
fn own_words_besides(text: &str, links: Vec<Span>, limit: usize) -> usize {
    let spans: Vec<_> = links
        .into_iter()
        .chain(hashtags(text))
        .chain(mentions(text))
        .collect();
    crate::text::words::words(&crate::text::cut_spans(text, spans, " "))
        .take(limit)
        .count()
}

impl Rule for LinkOnly {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        if !c.is_top_level(i) {
            return;
        }
        let text = &c.posts[i].text;
        let min = cx.settings.promotion.link_only_min_words;
        if !is_link_only(text, min) {
            return;
        }
        let link = urls(text)[0];
        let words = own_words(text, min);
        out.push(
            Finding::on_post(
                &Self::META,
                i,
                format!(
                    "a link with {words} word(s) around it: say in a sentence what the reader will find there and why it is worth their time"
                ),
            )
            .with_span(link),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::own_words;

    #[test]
    fn media_links_in_x_exports_are_not_bare_links() {
        assert!(!super::is_link_only("Rain https://t.co/Ju8KDcQCzq", 4));
        assert!(!super::is_link_only("Rain HTTPS://T.co/Ju8KDcQCzq", 4));
        assert!(!super::is_link_only("Rain http://t.CO/Ju8KDcQCzq", 4));
        assert!(super::is_link_only("Rain https://t.com/Ju8KDcQCzq", 4));
        assert!(super::is_link_only("Rain https://example.com/rain", 4));
        assert!(super::is_link_only(
            "Rain https://t.co/a https://example.com/b",
            4
        ));
    }

    #[test]
    fn counts_words_besides_links_tags_and_mentions() {
        let all = usize::MAX;
        assert_eq!(own_words("https://ex.com #a #b @c", all), 0);
        assert_eq!(own_words("New! 👉 https://ex.com/x #coffee", all), 1);
        assert_eq!(own_words("Our guide to cold brew: https://ex.com", all), 5);
        assert_eq!(own_words("see www.ex.com/#top and #this", all), 2);
        assert_eq!(own_words("Our guide to cold brew: https://ex.com", 4), 4);
    }
}
