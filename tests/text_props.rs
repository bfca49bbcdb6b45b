//! Property tests of the text functions on arbitrary Unicode: no panics,
//! spans within bounds and on character boundaries, and the fast paths
//! giving exactly what the plain definitions give.

use postaudit::text::entities::{hashtags, mentions, mentions_handle, urls, without_urls};
use postaudit::text::signals::{
    self, HARD_SELL_PATTERNS, INVITATION_PHRASES, Pronouns, hard_sell, invitation, is_question,
    pronouns,
};
use postaudit::text::{Span, first_line};
use std::sync::LazyLock;

use proptest::prelude::*;
use regex::{Regex, RegexBuilder};
use unicode_segmentation::UnicodeSegmentation;

/// Pieces of posts: words, pronouns, phrases the signals look for,
/// entities, emoji, combining marks, letters that change length when
/// lower-cased, and separators.
const PIECES: &[&str] = &[
    "we",
    "We",
    "our",
    "you",
    "YOUR",
    "you’re",
    "we've",
    "I",
    "US",
    "u",
    "y'all",
    "shop now",
    "Shop Now",
    "20% off",
    "use code BEAN20",
    "free shipping",
    "link in bio",
    "let us know",
    "Tell us",
    "what do you think",
    "how do you",
    "?",
    "？",
    "¿",
    "!",
    ".",
    ",",
    "\n",
    " ",
    "  ",
    "\t",
    "@larkspur",
    "@ann@mastodon.social",
    "me@example.com",
    "#coffee",
    "#1",
    "&#",
    "https://ex.com/a?b=c).",
    "www.ex.org",
    "HTTP://X.Y/?",
    "☕",
    "🇨🇴",
    "👩‍👩‍👧",
    "é",
    "e\u{301}",
    "İ",
    "K",
    "ß",
    "Σ",
    "ſ",
    "中文",
    "コーヒー",
    "\u{200d}",
    "\u{feff}",
    "\0",
    "'",
    "’",
    "_",
    "-",
    "éshop now",
    "shop nowé",
    "Is",
    "what",
    "Can",
    "x",
];

fn social_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), social_text()]
}

fn assert_span(text: &str, s: Span) {
    assert!(s.start <= s.end && s.end <= text.len(), "{s:?} in {text:?}");
    assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "{s:?} in {text:?}"
    );
    let (cs, ce) = s.to_chars(text);
    assert!(cs <= ce && ce <= text.chars().count());
    let by_chars: String = text.chars().skip(cs).take(ce - cs).collect();
    assert_eq!(by_chars, s.slice(text));
}

fn spans(re: &Regex, text: &str) -> Vec<Span> {
    re.find_iter(text)
        .map(|m| Span::new(m.start(), m.end()))
        .collect()
}

fn exact(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .unwrap()
}

/// The plain patterns, Unicode `\b` and all, compiled once.
static SELL: LazyLock<Regex> = LazyLock::new(|| {
    exact(&format!(
        r"(?:^|\b)(?:{})(?:\b|$)",
        HARD_SELL_PATTERNS.join("|")
    ))
});
static SELL_EXTRA: LazyLock<Regex> = LazyLock::new(|| {
    exact(&format!(
        r"(?:^|\b)(?:{}|mega ?deal)(?:\b|$)",
        HARD_SELL_PATTERNS.join("|")
    ))
});
static EXTRA: LazyLock<signals::Phrases> =
    LazyLock::new(|| signals::hard_sell_regex(&["mega ?deal".to_string()]).into_owned());
static INVITE: LazyLock<Regex> = LazyLock::new(|| exact(&format!(r"\b(?:{INVITATION_PHRASES})\b")));
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>]+").unwrap());

/// The pronoun count as first written: each word lower-cased, `’` as `'`.
fn pronouns_reference(text: &str) -> Pronouns {
    use signals::{FIRST_PERSON as FIRST, SECOND_PERSON as SECOND};
    let mut p = Pronouns::default();
    for word in text.unicode_words() {
        if word == "US" {
            continue;
        }
        let w = word.to_lowercase().replace('’', "'");
        if FIRST.contains(&w.as_str()) {
            p.first_person += 1;
        } else if SECOND.contains(&w.as_str()) {
            p.second_person += 1;
        }
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn entity_spans_are_in_bounds_on_char_boundaries(text in any_text()) {
        for s in urls(&text) {
            assert_span(&text, s);
            prop_assert!(s.start < s.end);
        }
        for s in mentions(&text) {
            assert_span(&text, s);
            prop_assert!(s.slice(&text).starts_with('@'));
        }
        for s in hashtags(&text) {
            assert_span(&text, s);
            prop_assert!(s.slice(&text).starts_with('#'));
        }
        let stripped = without_urls(&text);
        prop_assert!(urls(&stripped).is_empty());
        let _ = mentions_handle(&text, "larkspur");
    }

    #[test]
    fn signal_spans_are_in_bounds(text in any_text()) {
        for s in hard_sell(&text) {
            assert_span(&text, s);
        }
        if let Some(s) = invitation(&text) {
            assert_span(&text, s);
        }
        let _ = is_question(&text);
    }

    #[test]
    fn fast_phrase_matching_equals_the_plain_patterns(text in any_text()) {
        prop_assert_eq!(hard_sell(&text), spans(&SELL, &text));
        let first_invite = spans(&INVITE, &text).first().copied();
        let got = invitation(&text);
        match first_invite {
            Some(s) => prop_assert_eq!(got, Some(s)),
            None => prop_assert_eq!(got.is_some(), is_question(&text)),
        }
        prop_assert_eq!(signals::hard_sell_with(&EXTRA, &text), spans(&SELL_EXTRA, &text));
    }

    #[test]
    fn url_and_mention_fast_paths_equal_the_plain_patterns(text in any_text()) {
        let plain: Vec<Span> = URL
            .find_iter(&text)
            .map(|m| {
                let t = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '"']);
                Span::new(m.start(), m.start() + t.len())
            })
            .collect();
        prop_assert_eq!(urls(&text), plain);
        prop_assert_eq!(without_urls(&text).into_owned(), URL.replace_all(&text, " ").into_owned());
    }

    #[test]
    fn pronoun_counts_equal_the_plain_definition(text in any_text()) {
        prop_assert_eq!(pronouns(&text), pronouns_reference(&text));
    }

    #[test]
    fn first_line_is_short_and_never_panics(text in any_text(), max in 0usize..80) {
        let line = first_line(&text, max);
        prop_assert!(line.chars().count() <= max + 1);
    }
}
