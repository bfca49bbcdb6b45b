//! Post length as each platform counts it.
//!
//! - **X**: the weighted length of twitter-text's configuration v3
//!   (`config/v3.json`: `maxWeightedTweetLength` 280, `scale` 100,
//!   `defaultWeight` 200, `transformedURLLength` 23, `emojiParsingEnabled`).
//!   A code point in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F or
//!   U+2032–U+2037 weighs 1, any other 2; a URL weighs 23 whatever its
//!   length; an emoji, including a sequence joined by U+200D, a flag, a
//!   keycap or an emoji with a skin tone, weighs 2 in all.
//! - **Bluesky**: graphemes (user-perceived characters).
//! - **Mastodon**: graphemes, every URL counting 23 and a remote mention
//!   `@user@domain` counting as `@user`.
//! - **Threads**, **LinkedIn**, **Instagram**: characters (Unicode code
//!   points). Meta documents Threads' limit as 500 characters without saying
//!   how an emoji counts; it counts one here.
//!
//! Known approximations: twitter-text normalises the text to NFC before
//! counting and also treats bare domains (`example.com`) as URLs; here a
//! decomposed accent counts its combining mark, and only links that start
//! with a scheme or `www.` count 23.

use std::fmt;

use unicode_segmentation::UnicodeSegmentation;

use crate::text::entities::{mentions, urls};

/// A platform whose form postaudit knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Platform {
    X,
    Bluesky,
    Mastodon,
    Threads,
    LinkedIn,
    Instagram,
}

impl Platform {
    pub const ALL: [Platform; 6] = [
        Platform::X,
        Platform::Bluesky,
        Platform::Mastodon,
        Platform::Threads,
        Platform::LinkedIn,
        Platform::Instagram,
    ];

    /// Reads a platform name as exports write it (`x`, `Twitter`, `bsky`,
    /// `IG` ...); `None` for a platform postaudit does not know.
    pub fn parse(name: &str) -> Option<Platform> {
        let name = name.trim();
        // Called for every record by several rules: a short ASCII name (all
        // that exports write) is lower-cased on the stack.
        let mut buf = [0u8; 32];
        if name.is_ascii() && name.len() <= buf.len() {
            let lower = &mut buf[..name.len()];
            lower.copy_from_slice(name.as_bytes());
            lower.make_ascii_lowercase();
            return Self::parse_lower(std::str::from_utf8(lower).expect("ASCII"));
        }
        Self::parse_lower(&name.to_lowercase())
    }

    fn parse_lower(n: &str) -> Option<Platform> {
        // As `trim_end_matches(".com").trim_end_matches(".app")`, without
        // building a substring searcher for every record.
        let mut n = n;
        while let Some(rest) = n.strip_suffix(".com") {
            n = rest;
        }
        while let Some(rest) = n.strip_suffix(".app") {
            n = rest;
        }
        Some(match n {
            "x" | "twitter" | "x/twitter" | "twitter/x" => Platform::X,
            "bluesky" | "bsky" | "bsky.social" => Platform::Bluesky,
            "mastodon" | "fediverse" => Platform::Mastodon,
            "threads" | "threads.net" => Platform::Threads,
            "linkedin" => Platform::LinkedIn,
            "instagram" | "ig" => Platform::Instagram,
            _ => return None,
        })
    }

    /// The name used in settings and messages.
    pub fn name(self) -> &'static str {
        match self {
            Platform::X => "X",
            Platform::Bluesky => "Bluesky",
            Platform::Mastodon => "Mastodon",
            Platform::Threads => "Threads",
            Platform::LinkedIn => "LinkedIn",
            Platform::Instagram => "Instagram",
        }
    }

    /// How the platform counts, for messages.
    pub fn unit(self) -> &'static str {
        match self {
            Platform::X => "weighted characters (links 23, CJK and emoji 2)",
            Platform::Bluesky => "characters (graphemes)",
            Platform::Mastodon => "characters (links 23)",
            Platform::Threads | Platform::LinkedIn | Platform::Instagram => "characters",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every URL counts this much on X and Mastodon.
pub const URL_LENGTH: usize = 23;

/// The length of `text` as `platform` counts it.
pub fn length(platform: Platform, text: &str) -> usize {
    match platform {
        Platform::X => x_weighted_length(text),
        Platform::Bluesky => graphemes(text),
        Platform::Mastodon => mastodon_length(text),
        Platform::Threads | Platform::LinkedIn | Platform::Instagram => text.chars().count(),
    }
}

/// User-perceived characters.
pub fn graphemes(text: &str) -> usize {
    if text.is_ascii() {
        // Between ASCII characters the only grapheme that is not one
        // character is CR LF.
        return text.len() - text.matches("\r\n").count();
    }
    text.graphemes(true).count()
}

/// X's weighted length (twitter-text v3).
pub fn x_weighted_length(text: &str) -> usize {
    let mut total = 0;
    let mut at = 0;
    for url in urls(text) {
        total += x_weight_of_text(&text[at..url.start]) + URL_LENGTH;
        at = url.end;
    }
    total + x_weight_of_text(&text[at..])
}

fn x_weight_of_text(text: &str) -> usize {
    // Without an emoji character, no grapheme is an emoji and each weighs
    // what its characters do; ASCII characters weigh 1.
    if text.is_ascii() {
        return text.len();
    }
    if !text.chars().any(is_emoji_char) {
        return text.chars().map(x_char_weight).sum();
    }
    // Graphemes break between two ASCII characters but CR LF (a character
    // before may be extended, or one after prepended, only by characters
    // that are not ASCII): the text is cut there, and only the pieces that
    // hold other characters are segmented.
    let b = text.as_bytes();
    let mut total = 0;
    let mut start = 0;
    for k in 1..b.len() {
        let (x, y) = (b[k - 1], b[k]);
        if x < 0x80 && y < 0x80 && !(x == b'\r' && y == b'\n') {
            total += x_weight_of_piece(&text[start..k]);
            start = k;
        }
    }
    total + x_weight_of_piece(&text[start..])
}

/// [`x_weight_of_text`] of a piece that segments on its own.
fn x_weight_of_piece(piece: &str) -> usize {
    if piece.is_ascii() {
        return piece.len();
    }
    piece
        .graphemes(true)
        .map(|g| {
            if is_emoji(g) {
                2
            } else {
                g.chars().map(x_char_weight).sum()
            }
        })
        .sum()
}

/// The weight of one code point in twitter-text v3.
pub fn x_char_weight(c: char) -> usize {
    match u32::from(c) {
        0..=4351 | 8192..=8205 | 8208..=8223 | 8242..=8247 => 1,
        _ => 2,
    }
}

/// True for a grapheme that is an emoji or an emoji sequence: it holds a
/// pictograph, a regional indicator (flags), or an emoji presentation
/// selector (U+FE0F) or keycap mark (U+20E3).
fn is_emoji(grapheme: &str) -> bool {
    grapheme.chars().any(is_emoji_char)
}

fn is_emoji_char(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF // pictographs, emoticons, flags, skin tones
        | 0x2600..=0x27BF // miscellaneous symbols, dingbats
        | 0x2B00..=0x2BFF
        | 0x2300..=0x23FF
        | 0xFE0F
        | 0x20E3)
}

/// [`x_weighted_length`] and [`graphemes`] as first written: grapheme by
/// grapheme, and names lower-cased on the heap.
#[cfg(test)]
mod reference {
    use super::*;

    pub fn x_weight_of_text(text: &str) -> usize {
        text.graphemes(true)
            .map(|g| {
                if is_emoji(g) {
                    2
                } else {
                    g.chars().map(x_char_weight).sum()
                }
            })
            .sum()
    }

    pub fn graphemes(text: &str) -> usize {
        text.graphemes(true).count()
    }

    pub fn parse(name: &str) -> Option<Platform> {
        Platform::parse_lower(&name.trim().to_lowercase())
    }
}

/// Mastodon: graphemes, with every URL as 23 and `@user@domain` as `@user`.
fn mastodon_length(text: &str) -> usize {
    let mut countable = String::with_capacity(text.len());
    let mut at = 0;
    let links = urls(text);
    for url in &links {
        countable.push_str(&text[at..url.start]);
        countable.push_str(&"x".repeat(URL_LENGTH));
        at = url.end;
    }
    countable.push_str(&text[at..]);
    let mut out = String::with_capacity(countable.len());
    let mut at = 0;
    for m in mentions(&countable) {
        let mention = &countable[m.start..m.end];
        // `@user@domain`: keep `@user`.
        let local_end = mention[1..].find('@').map_or(mention.len(), |p| p + 1);
        out.push_str(&countable[at..m.start]);
        out.push_str(&mention[..local_end]);
        at = m.end;
    }
    out.push_str(&countable[at..]);
    graphemes(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn fast_counts_equal_the_reference(
            text in prop_oneof![
                any::<String>(),
                "[ -~\\r\\n\\t]{0,40}",
                prop::collection::vec(
                    prop::sample::select(&[
                        "a", "\r", "\n", "\r\n", " ", "語", "é", "e\u{301}", "☕", "\u{fe0f}",
                        "\u{20e3}", "1", "\u{200d}", "👨", "🇯🇵", "🏽", "–", "…", "\u{2028}",
                        "\u{600}", "\u{903}", "\u{1100}", "\u{1161}",
                    ][..]),
                    0..30,
                )
                .prop_map(|v| v.concat()),
            ]
        ) {
            prop_assert_eq!(x_weight_of_text(&text), reference::x_weight_of_text(&text));
            prop_assert_eq!(graphemes(&text), reference::graphemes(&text));
        }

        #[test]
        fn fast_names_equal_the_reference(
            name in crate::text::test_text(&[
                "x", "X", "twitter", "Twitter", ".com", ".COM", ".app", "bsky", ".social",
                "Threads", ".net", "linked", "In", "lin\u{212a}edin", "IG", "/", " ",
                "\t", "\u{a0}", "İ", "é",
            ])
        ) {
            prop_assert_eq!(Platform::parse(&name), reference::parse(&name));
        }
    }

    #[test]
    fn x_counts_latin_as_one_and_cjk_as_two() {
        assert_eq!(x_weighted_length("hello"), 5);
        assert_eq!(x_weighted_length("café"), 4);
        assert_eq!(x_weighted_length("日本語"), 6);
        assert_eq!(x_weighted_length("한국어"), 6);
        // General punctuation in the weight-1 ranges: en dash, curly quotes,
        // prime marks.
        assert_eq!(x_weighted_length("–“”′"), 4);
        // The ellipsis U+2026 is outside them.
        assert_eq!(x_weighted_length("…"), 2);
        assert_eq!("a".repeat(280).len(), x_weighted_length(&"a".repeat(280)));
        assert_eq!(x_weighted_length(&"語".repeat(140)), 280);
    }

    #[test]
    fn x_counts_an_emoji_sequence_as_two() {
        assert_eq!(x_weighted_length("☕"), 2);
        assert_eq!(x_weighted_length("😀"), 2);
        // Family: three people joined by ZWJ.
        assert_eq!(x_weighted_length("👨\u{200D}👩\u{200D}👧"), 2);
        // Skin tone, flag, keycap, emoji presentation.
        assert_eq!(x_weighted_length("👍🏽"), 2);
        assert_eq!(x_weighted_length("🇯🇵"), 2);
        assert_eq!(x_weighted_length("1\u{FE0F}\u{20E3}"), 2);
        assert_eq!(x_weighted_length("❤\u{FE0F}"), 2);
        assert_eq!(x_weighted_length("Hi 👋 all"), 9);
    }

    #[test]
    fn x_counts_every_url_as_23() {
        let long = "https://example.com/a/very/long/path/that/goes/on/and/on?utm_source=x";
        assert_eq!(x_weighted_length(long), 23);
        assert_eq!(x_weighted_length("Read: https://ex.co"), 6 + 23);
        assert_eq!(
            x_weighted_length("a https://ex.com/1 b www.ex.org/2."),
            2 + 23 + 3 + 23 + 1
        );
    }

    #[test]
    fn bluesky_counts_graphemes() {
        assert_eq!(length(Platform::Bluesky, "👨\u{200D}👩\u{200D}👧"), 1);
        assert_eq!(length(Platform::Bluesky, "e\u{301}"), 1);
        assert_eq!(length(Platform::Bluesky, "日本語"), 3);
        let url = "https://example.com/a/long/path";
        assert_eq!(length(Platform::Bluesky, url), url.chars().count());
    }

    #[test]
    fn mastodon_counts_urls_as_23_and_remote_mentions_locally() {
        let url = "https://example.com/a/very/long/path/indeed/yes";
        assert_eq!(length(Platform::Mastodon, url), 23);
        assert_eq!(length(Platform::Mastodon, "hi @ann@mastodon.social"), 7);
        assert_eq!(length(Platform::Mastodon, "hi @ann"), 7);
        assert_eq!(length(Platform::Mastodon, "🇯🇵 ok"), 4);
    }

    #[test]
    fn others_count_code_points() {
        for p in [Platform::Threads, Platform::LinkedIn, Platform::Instagram] {
            assert_eq!(length(p, "日本語"), 3);
            assert_eq!(length(p, "👨\u{200D}👩\u{200D}👧"), 5);
            assert_eq!(length(p, "https://ex.com/abc"), 18);
        }
    }

    #[test]
    fn platform_names_as_exports_write_them() {
        assert_eq!(Platform::parse("Twitter"), Some(Platform::X));
        assert_eq!(Platform::parse(" X "), Some(Platform::X));
        assert_eq!(Platform::parse("bsky"), Some(Platform::Bluesky));
        assert_eq!(Platform::parse("IG"), Some(Platform::Instagram));
        assert_eq!(Platform::parse("linkedin.com"), Some(Platform::LinkedIn));
        assert_eq!(Platform::parse("facebook"), None);
        assert_eq!(Platform::parse(""), None);
    }
}
