//! Whole-word phrase matching, shared by custom phrase rules and the
//! `allow` list: a phrase matches where it is not part of a longer word.

use regex::{Regex, RegexBuilder};

use crate::text::Span;

/// A set of literal phrases matched case-insensitively as whole words.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    regex: Option<Regex>,
}

impl PhraseSet {
    pub fn new<S: AsRef<str>>(phrases: &[S]) -> Self {
        let alternatives: Vec<String> = phrases
            .iter()
            .map(|p| p.as_ref().trim())
            .filter(|p| !p.is_empty())
            .map(|p| {
                // Any run of spaces in a phrase matches any run of spaces.
                p.split_whitespace()
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect();
        let regex = (!alternatives.is_empty()).then(|| {
            // Longest first, so that "free shipping" wins over "free".
            let mut alternatives = alternatives;
            alternatives.sort_by_key(|a| std::cmp::Reverse(a.len()));
            RegexBuilder::new(&format!("(?:{})", alternatives.join("|")))
                .case_insensitive(true)
                .build()
                .expect("escaped phrases form a valid pattern")
        });
        PhraseSet { regex }
    }

    pub fn is_empty(&self) -> bool {
        self.regex.is_none()
    }

    /// Where the phrases occur in `text` as whole words, in order.
    pub fn find_all(&self, text: &str) -> Vec<Span> {
        let Some(re) = &self.regex else {
            return Vec::new();
        };
        let mut spans = Vec::new();
        let mut at = 0;
        while let Some(m) = re.find_at(text, at) {
            if is_whole_word(text, m.start(), m.end()) {
                spans.push(Span::new(m.start(), m.end()));
                at = m.end();
            } else {
                // Try again from the next character: "bad" in "badbad bad".
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
            if at >= text.len() {
                break;
            }
        }
        spans
    }

    /// True when `span` of `text` lies within an occurrence of a phrase.
    pub fn covers(&self, text: &str, span: Span) -> bool {
        self.find_all(text)
            .iter()
            .any(|p| p.start <= span.start && span.end <= p.end)
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A match is a whole word when it does not continue a word on either side
/// (a phrase that starts or ends with a symbol, such as `#ad`, needs no
/// boundary on that side).
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let left = !(first.is_some_and(is_word) && before.is_some_and(is_word));
    let right = !(last.is_some_and(is_word) && after.is_some_and(is_word));
    left && right
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(phrases: &[&str], text: &str) -> Vec<String> {
        PhraseSet::new(phrases)
            .find_all(text)
            .iter()
            .map(|s| s.slice(text).to_string())
            .collect()
    }

    #[test]
    fn matches_whole_words_in_any_case() {
        assert_eq!(
            found(&["synergy"], "Synergy! synergyx xsynergy"),
            ["Synergy"]
        );
        assert_eq!(found(&["bad"], "badbad bad"), ["bad"]);
        assert_eq!(found(&["#ad"], "great stuff #ad"), ["#ad"]);
        assert_eq!(
            found(&["free", "free  shipping"], "Free shipping today"),
            ["Free shipping"]
        );
        assert_eq!(found(&["café"], "Le CAFÉ ouvre"), ["CAFÉ"]);
        assert!(found(&[], "anything").is_empty());
    }

    #[test]
    fn covers_a_span_inside_a_phrase() {
        let text = "Visit Shop Now Gallery today";
        let set = PhraseSet::new(&["shop now gallery"]);
        assert!(set.covers(text, Span::new(6, 14)));
        assert!(!set.covers(text, Span::new(23, 28)));
    }
}
