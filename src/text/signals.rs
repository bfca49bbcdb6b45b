//! The observable signals of `../PRINCIPLES.md`: does a post ask or invite a
//! reply, does it hard-sell, whom does it talk about.
//!
//! Each signal is a plain function of the text so that rules, account metrics
//! and tests share one definition.

use std::sync::LazyLock;

use regex_automata::Input;
use regex_automata::meta::{BuildError, FindMatches};

use crate::text::Span;
use crate::text::entities::without_urls;
use crate::text::matcher::{Matcher, matcher_of};
use crate::text::words::words;

/// Words that open a question even when the writer left out the `?`.
const INTERROGATIVES: &[&str] = &[
    "how", "what", "when", "where", "why", "who", "which", "whose", "can", "could", "do", "does",
    "did", "is", "are", "was", "will", "would", "should", "any", "anyone", "has", "have",
];

/// Phrases that invite a reply without a question mark.
pub const INVITATION_PHRASES: &str = r"let (?:us|me) know|tell (?:us|me)|share (?:your|yours|with us)|(?:we'?d|i'?d) love to (?:hear|see|know)|your (?:thoughts|take|stories|story|ideas|questions|feedback|experience)|comment below|reply (?:with|below)|drop (?:a|your|us)|in the comments|join the (?:conversation|discussion|chat)|ask (?:us|me) anything|hit reply|vote (?:for|below|in)|which (?:one|do you)|what do you think|how do you";

static INVITATION: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(
        &format!(r"\b(?:{INVITATION_PHRASES})\b"),
        INVITATION_PHRASES,
    )
    .expect("valid invitation pattern")
});

/// A case-insensitive phrase pattern bounded by Unicode word boundaries,
/// matched fast. The regex crate's DFAs cannot apply a Unicode `\b` to
/// non-ASCII text (emoji are everywhere in posts) and fall back to a much
/// slower engine; so a text is first tested against the phrases without
/// boundaries, on a DFA, and only a text that holds one of them is searched
/// with the exact pattern. Matches are the exact pattern's, always. Both
/// are built as [`crate::text::matcher`] builds a pattern.
#[derive(Debug, Clone)]
pub struct Phrases {
    /// The phrases without boundaries: matches whenever `exact` can.
    loose: Matcher,
    exact: Matcher,
}

impl Phrases {
    /// `exact` is the pattern; `loose` the same alternatives without any
    /// boundary assertion.
    pub fn new(exact: &str, loose: &str) -> Result<Phrases, Box<BuildError>> {
        Ok(Phrases {
            loose: matcher_of(&[loose])?,
            exact: matcher_of(&[exact])?,
        })
    }

    /// The exact pattern's matches in `text`.
    ///
    /// Each search starts where the loose pattern first matches: the
    /// exact pattern cannot match before (where it matches, so do the
    /// phrases without boundaries), and its slow engine then runs only
    /// from there to its match, so a long text costs time linear in its
    /// length. An empty match (possible only with extra phrases) hands
    /// over to the exact pattern's own iteration, which steps past it.
    pub fn find_iter<'t>(&self, text: &'t str) -> impl Iterator<Item = Span> + use<'_, 't> {
        let from = |at: usize| Input::new(text).range(at..);
        let mut at = Some(0);
        let mut found = 0;
        let mut rest: Option<FindMatches<'_, 't>> = None;
        std::iter::from_fn(move || {
            if let Some(rest) = &mut rest {
                return rest.next().map(span);
            }
            let m = self
                .loose
                .search(&from(at?))
                .and_then(|l| self.exact.search(&from(l.start())));
            match m {
                None => {
                    at = None;
                    None
                }
                Some(m) if m.is_empty() => {
                    let mut all = self.exact.find_iter(text);
                    let next = all.nth(found);
                    rest = Some(all);
                    next.map(span)
                }
                Some(m) => {
                    at = Some(m.end());
                    found += 1;
                    Some(span(m))
                }
            }
        })
    }

    /// [`Phrases::find_iter`] on the exact pattern alone.
    #[cfg(test)]
    fn find_iter_plain<'t>(&self, text: &'t str) -> impl Iterator<Item = Span> + use<'_, 't> {
        self.exact.find_iter(text).map(span)
    }

    /// The exact pattern's first match in `text`.
    pub fn find(&self, text: &str) -> Option<Span> {
        self.find_iter(text).next()
    }
}

fn span(m: regex_automata::Match) -> Span {
    Span::new(m.start(), m.end())
}

/// Hard-sell and call-to-buy phrases (seed 000: a gift economy, not a sales
/// path; seed 004: "buy this .. do this .. see here").
pub const HARD_SELL_PATTERNS: &[&str] = &[
    r"buy (?:now|today|yours|it now|one get one)",
    r"shop (?:now|today|the (?:sale|collection|look|drop)|our (?:sale|store|collection))",
    r"order (?:now|today|yours|online now)",
    r"(?:get|grab) yours (?:now|today)",
    r"\d+\s?% off",
    r"save (?:up to )?(?:\d+\s?%|[$€£]\s?\d+)",
    r"(?:use|with|enter) (?:the |our )?(?:promo |discount |coupon )?code:? [A-Za-z0-9]{3,}",
    r"(?:promo|discount|coupon) code",
    r"limited[- ]time(?: only| offer)?",
    r"while (?:supplies|stocks?) last",
    r"(?:act|hurry|book|subscribe|sign up|register) now",
    r"last chance",
    r"(?:offer|sale|deal) ends",
    r"ends (?:tonight|today|tomorrow|at midnight|soon|sunday|friday)",
    r"flash sale",
    r"free (?:shipping|delivery)",
    r"link in (?:our |the |my )?bio",
    r"(?:click|tap) (?:the|this) link",
    r"don'?t miss (?:out|this)",
    r"pre-?order (?:now|today|yours)",
    r"(?:lowest|best) prices?",
    r"only [$€£]\s?\d+",
    r"(?:exclusive|special) (?:offer|deal|discount)",
    r"bogo",
    r"in stock now",
    r"deal of the day",
];

static HARD_SELL: LazyLock<Phrases> = LazyLock::new(|| build_hard_sell(&[]));

/// The patterns linking the records builds (see [`crate::prebuild`]).
pub(crate) const LAZIES: &[fn()] = crate::prebuild::lazies![INVITATION, HARD_SELL];

/// Builds the hard-sell matcher from the built-in phrases and `extra` ones
/// (regular expressions, matched case-insensitively on word boundaries).
/// Without extra phrases, the built-in matcher, compiled once.
///
/// The built-in matcher is lent, not cloned: a cloned regex starts with
/// empty search caches, which an audit read in chunks would fill again for
/// every chunk.
pub fn hard_sell_regex(extra: &[String]) -> std::borrow::Cow<'static, Phrases> {
    if extra.is_empty() {
        return std::borrow::Cow::Borrowed(&HARD_SELL);
    }
    std::borrow::Cow::Owned(build_hard_sell(extra))
}

fn build_hard_sell(extra: &[String]) -> Phrases {
    let loose = hard_sell_loose(extra);
    Phrases::new(&format!(r"(?:^|\b){loose}(?:\b|$)"), &loose).expect("valid hard-sell pattern")
}

/// The hard-sell phrases, built-in and `extra`, in one alternation without
/// word boundaries: the loose pattern of [`hard_sell_regex`].
pub fn hard_sell_loose(extra: &[String]) -> String {
    let all: Vec<&str> = HARD_SELL_PATTERNS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .collect();
    format!("(?:{})", all.join("|"))
}

/// The hard-sell phrases in `text`, with the default phrase list.
pub fn hard_sell(text: &str) -> Vec<Span> {
    hard_sell_with(&HARD_SELL, text)
}

/// The phrases `re` (from [`hard_sell_regex`]) finds in `text`.
pub fn hard_sell_with(re: &Phrases, text: &str) -> Vec<Span> {
    re.find_iter(text).collect()
}

/// True when the text asks a question: a question mark outside URLs
/// (`?`, fullwidth `？`, Spanish `¿`), or a sentence that opens with an
/// interrogative word and runs to at least three words.
pub fn is_question(text: &str) -> bool {
    let text = without_urls(text);
    let b = text.as_bytes();
    if memchr::memchr(b'?', b).is_some() || (!text.is_ascii() && text.contains(['？', '¿'])) {
        return true;
    }
    // The sentences, split at `.`, `!` and line ends (all ASCII, so every
    // cut falls between characters).
    let mut at = 0;
    loop {
        let end = memchr::memchr3(b'.', b'!', b'\n', &b[at..]).map_or(b.len(), |e| at + e);
        if opens_with_interrogative(&text[at..end]) {
            return true;
        }
        if end == b.len() {
            return false;
        }
        at = end + 1;
    }
}

/// True when the sentence's first word is an interrogative and two more
/// words follow.
fn opens_with_interrogative(sentence: &str) -> bool {
    // Before its first word, a sentence holds only characters that are not
    // letters, digits or `_`: when the first of those is an ASCII letter or
    // digit, it starts the first word, and most sentences start with no
    // interrogative's letter. A `_` starts a word only when a letter or
    // digit joins it (`_how`); alone (`_ how are you`) it is no word.
    let b = sentence.as_bytes();
    let at = b
        .iter()
        .position(|c| c.is_ascii_alphanumeric() || *c == b'_' || !c.is_ascii());
    let first = at.map(|at| b[at]);
    if first.is_some_and(|c| c.is_ascii_alphanumeric() && !INTERROGATIVE_STARTS[usize::from(c)]) {
        return false;
    }
    // A run of ASCII letters there, followed by the end or by an ASCII
    // character that joins no letter to a word (not a letter, digit, `_`,
    // `:`, `.` or `'`), is the first word whole: when it is no
    // interrogative, the words need not be found.
    if let Some(at) = at.filter(|&at| b[at].is_ascii_alphabetic()) {
        let end = b[at..]
            .iter()
            .position(|c| !c.is_ascii_alphabetic())
            .map_or(b.len(), |n| at + n);
        let closes = b.get(end).is_none_or(|&c| {
            c.is_ascii() && !c.is_ascii_alphanumeric() && !matches!(c, b'_' | b':' | b'.' | b'\'')
        });
        if closes
            && !INTERROGATIVES
                .iter()
                .any(|q| q.as_bytes().eq_ignore_ascii_case(&b[at..end]))
        {
            return false;
        }
    }
    let mut words = words(sentence);
    // The interrogatives are ASCII, and no other letter lower-cases to
    // one of their letters: an ASCII comparison is a full one.
    let first = words.next();
    first.is_some_and(|w| INTERROGATIVES.iter().any(|q| q.eq_ignore_ascii_case(w)))
        && words.nth(1).is_some()
}

/// The first letters of the interrogatives, either case.
const INTERROGATIVE_STARTS: [bool; 256] = {
    let mut starts = [false; 256];
    let mut w = 0;
    while w < INTERROGATIVES.len() {
        let first = INTERROGATIVES[w].as_bytes()[0];
        starts[first as usize] = true;
        starts[first.to_ascii_uppercase() as usize] = true;
        w += 1;
    }
    starts
};

/// [`is_question`] as first written: for the tests.
#[cfg(test)]
pub(crate) fn is_question_plain(text: &str) -> bool {
    let text = without_urls(text);
    if text.contains(['?', '？', '¿']) {
        return true;
    }
    text.split(['.', '!', '\n']).any(|sentence| {
        let mut words = words(sentence);
        let first = words.next();
        first.is_some_and(|w| INTERROGATIVES.iter().any(|q| q.eq_ignore_ascii_case(w)))
            && words.nth(1).is_some()
    })
}

/// Where the text invites a reply: the first question mark, or an
/// invitation phrase ("let us know", "tell us", "share your ...").
pub fn invitation(text: &str) -> Option<Span> {
    invitation_given(text, is_question(text))
}

/// [`invitation`], given whether the text is a question ([`is_question`]).
pub fn invitation_given(text: &str, question: bool) -> Option<Span> {
    invitation_phrase(text).or_else(|| question_mark(text, question))
}

/// The first invitation phrase in `text`.
pub fn invitation_phrase(text: &str) -> Option<Span> {
    INVITATION.find(text)
}

/// Where a question invites a reply: its first question mark (the start
/// of the text when it has none); `None` when `question` is false.
pub fn question_mark(text: &str, question: bool) -> Option<Span> {
    question.then(|| {
        let at = text.find(['?', '？']).unwrap_or(0);
        Span::new(at, at + text[at..].chars().next().map_or(0, char::len_utf8))
    })
}

/// How often a text speaks of itself (I, we, our ...) and of its reader
/// (you, your ...).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pronouns {
    pub first_person: usize,
    pub second_person: usize,
}

/// First-person pronouns, lower case, as [`pronouns`] counts them.
pub const FIRST_PERSON: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "i'm",
    "i've",
    "i'll",
    "i'd",
    "we're",
    "we've",
    "we'll",
    "we'd",
];
/// Second-person pronouns, lower case, as [`pronouns`] counts them.
pub const SECOND_PERSON: &[&str] = &[
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "you're",
    "you've",
    "you'll",
    "you'd",
    "y'all",
    "u",
    "ur",
];

/// The first letters of the pronouns, either case: most words start with
/// another and are passed over without folding.
const PRONOUN_STARTS: [bool; 256] = {
    let mut starts = [false; 256];
    let lists = [FIRST_PERSON, SECOND_PERSON];
    let mut l = 0;
    while l < lists.len() {
        let mut w = 0;
        while w < lists[l].len() {
            let first = lists[l][w].as_bytes()[0];
            starts[first as usize] = true;
            starts[first.to_ascii_uppercase() as usize] = true;
            w += 1;
        }
        l += 1;
    }
    starts
};

pub fn pronouns(text: &str) -> Pronouns {
    let mut p = Pronouns::default();
    let mut buf = [0u8; 12];
    for word in words(text) {
        // "US" in capitals is the country, not the brand.
        if word == "US" || !PRONOUN_STARTS[word.as_bytes()[0] as usize] {
            continue;
        }
        let Some(w) = fold_pronoun(word, &mut buf) else {
            continue;
        };
        if FIRST_PERSON.contains(&w) {
            p.first_person += 1;
        } else if SECOND_PERSON.contains(&w) {
            p.second_person += 1;
        }
    }
    p
}

/// The word lower-cased with `’` read as `'`, when it could be a pronoun:
/// short and ASCII otherwise (no other letter lower-cases to an ASCII one
/// that a pronoun holds). Written into `buf`, without allocating.
fn fold_pronoun<'b>(word: &str, buf: &'b mut [u8; 12]) -> Option<&'b str> {
    let mut n = 0;
    for c in word.chars() {
        let b = match c {
            '’' => b'\'',
            c if c.is_ascii() => c.to_ascii_lowercase() as u8,
            _ => return None,
        };
        *buf.get_mut(n)? = b;
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_with_and_without_marks() {
        assert!(is_question("What are you brewing this weekend?"));
        assert!(is_question("¿Qué tal"));
        assert!(is_question("how do I reset my order"));
        assert!(!is_question("New beans are in. See https://ex.com/?utm=1"));
        assert!(!is_question("Who"));
        // A `_` alone is no word; joined to letters it is one.
        assert!(is_question("_ how！how how"));
        assert!(is_question("_ how are you"));
        assert!(!is_question("_how are you"));
    }

    #[test]
    fn invitations_point_at_the_phrase() {
        let t = "Our new roast is here. Let us know how you brew it!";
        let s = invitation(t).unwrap();
        assert_eq!(s.slice(t), "Let us know");
        let t = "Best roast ever?";
        assert_eq!(invitation(t).unwrap().slice(t), "?");
        assert_eq!(invitation("New roast out now."), None);
    }

    #[test]
    fn hard_sell_finds_the_phrases() {
        let t = "Flash sale! 20% off everything, use code BEAN20. Shop now, link in bio.";
        let found: Vec<&str> = hard_sell(t).iter().map(|s| s.slice(t)).collect();
        assert_eq!(
            found,
            [
                "Flash sale",
                "20% off",
                "use code BEAN20",
                "Shop now",
                "link in bio"
            ]
        );
        assert!(hard_sell("We shopped for new mugs and bought a grinder").is_empty());
        let extra = hard_sell_regex(&["mega deal".to_string()]);
        assert_eq!(hard_sell_with(&extra, "A MEGA DEAL today").len(), 1);
    }

    proptest::proptest! {
        #[test]
        fn phrases_match_as_the_exact_pattern(text in crate::text::test_text(&[
            "shop now", "Shop Now", "shop", "now", "20% off", "20", "%", "off", "use code BEAN20",
            "code", "free shipping", "let us know", "tell us", "é", "_", "x", " ", ".", "\n",
            "☕", "ß", "İ", "", "a", "mega", "deal",
        ])) {
            for extra in [vec![], vec!["a?".to_string()], vec!["mega ?deal".to_string(), "x*".to_string()]] {
                let re = hard_sell_regex(&extra);
                let fast: Vec<(usize, usize)> = re.find_iter(&text).map(|m| (m.start, m.end)).collect();
                let plain: Vec<(usize, usize)> =
                    re.find_iter_plain(&text).map(|m| (m.start, m.end)).collect();
                proptest::prop_assert_eq!(fast, plain);
            }
            let fast = INVITATION.find(&text).map(|m| (m.start, m.end));
            let plain = INVITATION.find_iter_plain(&text).next().map(|m| (m.start, m.end));
            proptest::prop_assert_eq!(fast, plain);
        }

        #[test]
        fn questions_are_found_as_first_written(text in crate::text::test_text(&[
            "how", "How", "WHAT", "do", "is", "anyone", "we", "brew", "today", "_how", "'how",
            "2", "?", "？", "¿", "！", ".", "!", "\n", " ", "https://ex.com/?a=1", "é", "é",
            "\u{301}", "\u{200d}", "☕", "\u{fe0f}", "ß", "İ", "©", "—", ":", "'", "’",
            "hi", "whatever", "I", ",", "(", "\"", "_", "a", "1",
        ])) {
            proptest::prop_assert_eq!(is_question(&text), is_question_plain(&text));
        }
    }

    #[test]
    fn counts_pronouns() {
        let p = pronouns("We think our new blend is the best we've made. Made in the US for you.");
        assert_eq!(
            p,
            Pronouns {
                first_person: 3,
                second_person: 1
            }
        );
    }
}
