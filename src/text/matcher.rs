//! Case-insensitive patterns searched only for where they match (not for
//! their groups, not to replace text), built without the search for
//! literals that `regex::Regex` always runs.
//!
//! For an alternation of phrases matched case-insensitively, that search
//! takes half or more of the time it takes to build the pattern, and finds
//! no literal worth looking for first: the search of a text is as fast
//! without it. Building every pattern is most of the time an audit of a
//! small file takes, so the built-in phrase lists are built this way.

use regex_automata::util::syntax;
use regex_automata::{MatchKind, meta};

/// A pattern, or several at once, built by [`matcher_of`].
pub type Matcher = meta::Regex;

/// `patterns` as one [`Matcher`] that tells with one search whether any of
/// them matches, and where: the settings of `regex::RegexBuilder` with
/// `case_insensitive(true)`, the literals left out.
pub fn matcher_of<S: AsRef<str>>(patterns: &[S]) -> Result<Matcher, Box<meta::BuildError>> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(10 * (1 << 20)))
                .hybrid_cache_capacity(2 * (1 << 20))
                .match_kind(MatchKind::LeftmostFirst)
                .utf8_empty(true)
                .auto_prefilter(false),
        )
        .syntax(syntax::Config::new().case_insensitive(true).utf8(true))
        .build_many(patterns)
        .map_err(Box::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::RegexBuilder;

    proptest! {
        /// A matcher finds what the regex crate finds with the same
        /// pattern, case-insensitively: the same matches, in order.
        #[test]
        fn a_matcher_matches_as_the_regex_crate(text in crate::text::test_text(&[
            "let us know", "LET ME KNOW", "shop now", "ſhop", "K", "10% off", "é", "\u{1F600}", " ", "x",
        ])) {
            for pattern in [
                r"let (?:us|me) know|shop (?:now|today)",
                r"\b(?:let (?:us|me) know|shop now)\b",
                r"(?:^|\b)\d+\s?% off(?:\b|$)",
                r"k|é|\b",
            ] {
                let re = RegexBuilder::new(pattern).case_insensitive(true).build().unwrap();
                let m = matcher_of(&[pattern]).unwrap();
                let want: Vec<(usize, usize)> =
                    re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
                let got: Vec<(usize, usize)> =
                    m.find_iter(text.as_str()).map(|m| (m.start(), m.end())).collect();
                prop_assert_eq!(got, want, "{}", pattern);
            }
        }
    }
}
