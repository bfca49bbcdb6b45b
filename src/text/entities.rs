//! Mentions, hashtags and URLs in a post's text, with their byte spans.
//!
//! The patterns follow what the platforms link: a mention is `@` and a
//! handle not preceded by a word character (so `me@example.com` is not one;
//! Mastodon's `@user@domain` is one mention); a hashtag is `#` and a word that
//! holds at least one letter (`#1` is not a hashtag); a URL starts with a
//! scheme or `www.` and ends before trailing punctuation.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::Span;

/// The URL pattern, as [`url_matches`] applies it (checked against it in
/// the tests).
#[cfg(test)]
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>]+").expect("valid URL pattern"));
/// What every URL starts with (see [`url_matches`] and [`url_start_at`]).
#[cfg(test)]
static URL_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)https?://|www\.").expect("valid URL start pattern"));
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\w@/])(@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)")
        .expect("valid mention pattern")
});
static HASHTAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\w&/#])(#[\w]*\p{L}[\w]*)").expect("valid hashtag pattern")
});

/// The patterns of mentions and hashtags (see [`crate::prebuild`]).
pub(crate) const LAZIES: &[fn()] = crate::prebuild::lazies![MENTION, HASHTAG];

/// URLs, without trailing punctuation such as `.` `,` `)` `!`.
pub fn urls(text: &str) -> Vec<Span> {
    url_matches(text)
        .map(|(start, end)| {
            let trimmed =
                text[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '"']);
            Span::new(start, start + trimmed.len())
        })
        .collect()
}

/// The byte ranges of [`URL`]'s matches, as its `find_iter` gives them,
/// found without it: a start of a URL ([`url_start_at`], a byte search) not
/// after a word character (the pattern's `\b`: its first letter is one),
/// then everything up to white space, `<` or `>`, at least one character.
fn url_matches(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    // Most texts hold no URL: a byte search tells.
    let mut at = if may_hold_url(text) { 0 } else { text.len() };
    std::iter::from_fn(move || {
        loop {
            // A start of a URL is four bytes at least: none starts at the
            // end, and the search is not run there.
            if at >= text.len() {
                return None;
            }
            let (start, found_end) = url_start_at(text, at)?;
            let boundary = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !regex_syntax::is_word_character(c));
            let rest = &text[found_end..];
            let len = rest
                .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
                .unwrap_or(rest.len());
            if boundary && len > 0 {
                at = found_end + len;
                return Some((start, at));
            }
            // No URL starts here: its first letter is ASCII.
            at = start + 1;
        }
    })
}

/// The first match of `URL_START` (`(?i)https?://|www\.`) in `text` that
/// starts at or after `at`, found without a regex: `http` and `www` in any
/// ASCII case (of their letters none has a case form outside ASCII), and
/// the optional `s` as `s`, `S` or `ſ`, which the case-insensitive `s`
/// also takes. Each `://` has one scheme it can end, by the character
/// before it, and each `.` one `www` before it. The `:` and `.` are visited
/// in order, once: the first that ends a match ends the leftmost, since
/// the letters of a scheme hold no `.` (a `www.` whose `.` comes first
/// starts first), and a scheme starts at most six bytes before its `:`
/// (one whose `:` comes first starts first). One pass each call, so
/// finding every URL of a text takes time linear in its length.
fn url_start_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    memchr::memchr2_iter(b':', b'.', &b[at..]).find_map(|p| {
        let p = at + p;
        if b[p] == b'.' {
            let start = p.checked_sub(3).filter(|&s| s >= at)?;
            return b[start..p]
                .eq_ignore_ascii_case(b"www")
                .then_some((start, p + 1));
        }
        if !b[p + 1..].starts_with(b"//") {
            return None;
        }
        let before = &b[..p];
        let start = if before.ends_with("ſ".as_bytes()) {
            p.checked_sub(6)
        } else if before.last().is_some_and(|c| c.eq_ignore_ascii_case(&b's')) {
            p.checked_sub(5)
        } else {
            p.checked_sub(4)
        }?;
        (start >= at && b[start..start + 4].eq_ignore_ascii_case(b"http")).then_some((start, p + 3))
    })
}

/// False when `text` holds no match of `URL_START`: each holds `://`
/// or `www.` as written (`:`, `/`, `.` and `w` have no case forms but
/// ASCII's; `ſ` and the Kelvin sign only stand for `s` and `k`).
fn may_hold_url(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b':', b).any(|i| b[i + 1..].starts_with(b"//"))
        || memchr::memchr_iter(b'.', b).any(|i| i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www"))
}

/// Mentions, `@` included.
pub fn mentions(text: &str) -> Vec<Span> {
    if !text.contains('@') {
        return Vec::new();
    }
    MENTION
        .find_iter(text)
        .map(|m| after_prefix(text, m, '@'))
        .collect()
}

/// The entity of a match of [`MENTION`] or [`HASHTAG`]: the match without
/// the one character before the entity, when there is one (the pattern's
/// group 1, found without the slower engines that groups need). The
/// character cannot be the entity's first (`@`, `#`): the pattern leaves
/// it out of the character before.
fn after_prefix(text: &str, m: regex::Match<'_>, first: char) -> Span {
    let at = m.start();
    let start = if text[at..].starts_with(first) {
        at
    } else {
        at + text[at..].chars().next().map_or(0, char::len_utf8)
    };
    Span::new(start, m.end())
}

/// Hashtags, `#` included.
pub fn hashtags(text: &str) -> Vec<Span> {
    if !text.contains('#') {
        return Vec::new();
    }
    HASHTAG
        .find_iter(text)
        .map(|m| after_prefix(text, m, '#'))
        .collect()
}

/// The text with every URL replaced by a space, so that a `?` inside a query
/// string is not read as a question.
pub fn without_urls(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    let mut at = 0;
    for (start, end) in url_matches(text) {
        out.push_str(&text[at..start]);
        out.push(' ');
        at = end;
    }
    if at == 0 && out.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
}

/// True when `text` mentions `handle` (given without `@`, any case).
pub fn mentions_handle(text: &str, handle: &str) -> bool {
    mentions(text).iter().any(|s| {
        let m = &text[s.start + 1..s.end];
        let local = m.split('@').next().unwrap_or(m);
        local.eq_ignore_ascii_case(handle)
    })
}

/// The handle a text opens with (`@maya_r thanks!` gives `maya_r`): on
/// X and its kind, a post that starts with a mention is a reply to that
/// person, even where the export keeps no reply-to id.
pub fn leading_mention(text: &str) -> Option<&str> {
    let t = text.trim_start();
    // What a mention starts with: most texts are done here.
    let b = t.as_bytes();
    if b.first() != Some(&b'@')
        || !b
            .get(1)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
    {
        return None;
    }
    let first = mentions(t).into_iter().next()?;
    (first.start == 0).then(|| {
        let m = &t[1..first.end];
        m.split('@').next().unwrap_or(m)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_are_the_pattern_matches_on_edge_cases() {
        for text in [
            "éhttp://a.example x",
            "_www.a.example",
            "(https://a.example).",
            "HTTPS://A.EXAMPLE",
            "httpſ://x",
            "https:// x www.",
            "http://<www.a.example>",
            "日本https://a.example",
            "a\u{300}https://x",
            "https://x\u{a0}y",
            "wwww.x",
            "see www.a.example",
            "(WwW.x)",
            "https://x\u{2028}y",
        ] {
            let plain: Vec<(usize, usize)> =
                URL.find_iter(text).map(|m| (m.start(), m.end())).collect();
            assert_eq!(url_matches(text).collect::<Vec<_>>(), plain, "{text:?}");
        }
    }

    use super::*;

    fn texts(text: &str, spans: Vec<Span>) -> Vec<&str> {
        spans.into_iter().map(|s| s.slice(text)).collect()
    }

    /// [`leading_mention`] as first written: the first of all mentions.
    fn leading_mention_plain(text: &str) -> Option<&str> {
        let t = text.trim_start();
        let first = mentions(t).into_iter().next()?;
        (first.start == 0).then(|| {
            let m = &t[1..first.end];
            m.split('@').next().unwrap_or(m)
        })
    }

    /// The entities as first found: group 1 of each match.
    fn group_spans(re: &Regex, text: &str) -> Vec<Span> {
        re.captures_iter(text)
            .filter_map(|c| c.get(1))
            .map(|m| Span::new(m.start(), m.end()))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn urls_as_the_pattern_matches(text in crate::text::test_text(&[
            "http", "HTTPS", "httpſ", "://", ":/", "/", ":", "www", "WwW", "ww", ".", "w", "x", " ",
            "www.", " www.x",
            "\n", "<", "é", "_", "中", "a.example", "\u{a0}",
        ])) {
            let plain: Vec<(usize, usize)> =
                URL.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            proptest::prop_assert_eq!(url_matches(&text).collect::<Vec<_>>(), plain);
        }

        #[test]
        fn url_starts_as_the_pattern_finds_them(text in crate::text::test_text(&[
            "http", "HTTPS", "httpſ", "httpS", "hTtp", "://", ":/", "/", ":", "www", "WwW", "ww",
            ".", "w", "s", "ſ", "p", "x", " ", "www.", "é", "中",
        ])) {
            for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                let plain = URL_START.find_at(&text, at).map(|m| (m.start(), m.end()));
                proptest::prop_assert_eq!(url_start_at(&text, at), plain, "at {}", at);
            }
        }

        #[test]
        fn entities_as_the_pattern_groups(text in crate::text::test_text(&[
            "@", "#", "@maya", "#Coffee", "#1", "@_", "@a.b", "@ann@x.org", "&#", "/#", "/@", "é#x",
            "é@x", "a@b", " ", "\n", ".", "x", "_", "中", "#中", "☕", "&", "ß", "İ",
        ])) {
            proptest::prop_assert_eq!(mentions(&text), group_spans(&MENTION, &text));
            proptest::prop_assert_eq!(hashtags(&text), group_spans(&HASHTAG, &text));
        }

        #[test]
        fn leading_mention_as_the_plain_definition(text in crate::text::test_text(&[
            "@", "@maya", "@_", "@a.b", "@ann@x.org", " ", "\u{a0}", "\n", ".", "/", "x", "é",
            "@é", "me@ex.com", "@@a",
        ])) {
            proptest::prop_assert_eq!(leading_mention(&text), leading_mention_plain(&text));
        }
    }

    #[test]
    fn a_text_opening_with_a_mention_names_whom_it_answers() {
        assert_eq!(leading_mention("  @maya_r thanks!"), Some("maya_r"));
        assert_eq!(leading_mention("@ann@mastodon.social hi"), Some("ann"));
        assert_eq!(leading_mention("Thanks @maya_r"), None);
        assert_eq!(leading_mention(".@maya_r said it best"), None);
        assert_eq!(leading_mention("me@example.com wrote"), None);
    }

    #[test]
    fn finds_entities_and_leaves_lookalikes() {
        let t = "Thanks @maya_r and @ann@mastodon.social! Mail me@example.com. #Coffee #1 https://ex.com/a?b=c).";
        assert_eq!(texts(t, mentions(t)), ["@maya_r", "@ann@mastodon.social"]);
        assert_eq!(texts(t, hashtags(t)), ["#Coffee"]);
        assert_eq!(texts(t, urls(t)), ["https://ex.com/a?b=c"]);
    }

    #[test]
    fn url_fragments_are_not_hashtags() {
        let t = "see https://ex.com/page#section and www.ex.org";
        assert!(hashtags(t).is_empty());
        assert_eq!(
            texts(t, urls(t)),
            ["https://ex.com/page#section", "www.ex.org"]
        );
        assert!(!without_urls("https://a.b/?q=1").contains('?'));
    }

    #[test]
    fn matches_handles_case_insensitively() {
        assert!(mentions_handle("hey @Larkspur how?", "larkspur"));
        assert!(mentions_handle("hey @larkspur@social.example", "larkspur"));
        assert!(!mentions_handle("hey @larkspurfan", "larkspur"));
    }
}
