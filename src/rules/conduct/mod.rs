//! `conduct`: the organisation's voice follows a protocol (seed 004).
//!
//! Tone is VADER's compound score (see [`crate::text::vader`]), a lexicon and
//! rules made for social-media text. Sentences that apologise, empathise or
//! grieve ("so sorry to hear that, that's awful") are left out before
//! scoring: an apology is not hostility, and customer-care replies are full
//! of negative words about the customer's bad day. Questions are left out
//! too ("Tired of bad coffee? Try ours."): they set a scene more often than
//! they speak the writer's mind. Text in another language (too few English
//! function words) is not scored: an English lexicon misreads it.

pub mod hostile_tone;
pub mod public_argument;
pub mod sarcasm;

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use crate::text::Span;
use crate::text::entities::{mentions, urls};
#[cfg(test)]
use crate::text::vader::holds_negative_words;
use crate::text::vader::{Sentiment, polarity, polarity_with_negative_words, valence};

/// Word boundaries are ASCII ones (`(?-u:\b)`): the fast regex engines
/// give up on Unicode boundaries as soon as a text holds an emoji, and the
/// phrases matched are English.
fn regex(pattern: &str) -> Regex {
    RegexBuilder::new(&ascii_boundaries(pattern))
        .case_insensitive(true)
        .build()
        .expect("valid conduct pattern")
}

/// A pattern searched only for where it matches: [`regex`]'s pattern and
/// its matches, built as [`crate::text::matcher`] builds it.
pub(crate) use crate::text::matcher::Matcher;

fn matcher(pattern: &str) -> Matcher {
    matcher_of(&[pattern])
}

/// The patterns as [`matcher`] builds each, in one: it tells whether any
/// of them matches with one search.
fn matcher_of(patterns: &[&str]) -> Matcher {
    let patterns: Vec<String> = patterns.iter().map(|p| ascii_boundaries(p)).collect();
    crate::text::matcher::matcher_of(&patterns).expect("valid conduct pattern")
}

pub(crate) fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// Apology, empathy and grief: sentences that say sorry or share a loss.
/// The patterns and tables a text is first read with: a [`Reading`], the
/// blame and the people addressed, and the sentiment lexicons (see
/// [`crate::prebuild`]).
pub(crate) fn lazies() -> Vec<fn()> {
    [
        crate::prebuild::lazies![CARE, BLAME, PEOPLE, MAYBE_PEOPLE, ENGLISH_SET],
        crate::text::vader::LAZIES,
    ]
    .concat()
}

static CARE: LazyLock<Matcher> = LazyLock::new(|| {
    matcher(
        r"\b(?:sorry|apologi[sz]e[sd]?|apologies|apologising|apologizing|(?:we|i) (?:completely |totally |fully )?understand|we hear you|(?:we|i) feel (?:terrible|awful|bad)|our (?:mistake|fault|bad)|we (?:messed|screwed) up|we got (?:this|it) wrong|that'?s (?:not (?:ok|okay|good enough|acceptable|the experience)|awful|terrible|frustrating|disappointing|so frustrating|really frustrating)|(?:(?:we'?re|we are|i'?m|i am) (?:so |truly |deeply )?)?(?:gutted|devastated|heartbroken)|(?:we'?re|we are|i'?m|i am) (?:so |truly |deeply )?sad|sad to (?:announce|share|say|hear)|(?:saddening|upsetting|frustrating|disappointing|awful|terrible|concerning|troubling|heartbreaking) to (?:hear|read|see)|heavy hearts?|condolences|thoughts are with|rest in peace|passed away|in memory of|we mourn|our hearts go out)\b",
    )
});

/// Phrases that use "sorry" to blame: not an apology.
static NON_APOLOGY: LazyLock<Matcher> = LazyLock::new(|| {
    matcher(
        r"\b(?:sorry,? but|sorry (?:if|that) you (?:feel|felt|think|thought|were offended|are offended|took)|sorry you feel|sorry to (?:say|break it)|not sorry|you'?ll be sorry)\b",
    )
});

/// Blame, dismissal and grievance: words that push a person away or air a
/// grudge, whatever the lexicon makes of them ("not our problem" has no
/// negative word).
static BLAME: LazyLock<Matcher> = LazyLock::new(|| matcher(BLAME_PATTERN));

/// [`BLAME`]'s pattern, also one of the cues searched at once (see
/// [`crate::rules::cues`]).
pub(crate) const BLAME_PATTERN: &str = r"\b(?:not our (?:fault|problem|responsibility)|(?:shop|go|take your (?:business|custom)) elsewhere|if you don'?t like (?:it|our|the)|stop (?:complaining|whining|moaning|crying)|some people (?:just )?(?:love to|need to|can'?t|don'?t|never)|learn to read|do your (?:own )?research|(?:you|you'?re|you are) (?:clearly|obviously) (?:didn'?t|don'?t|not|wrong)|we know who you are|get over it|deal with it|calm down|nobody asked|shame on|how dare|fed up with|sick and tired of|(?:absolutely |utterly )?(?:disgraceful|shameful)|a disgrace)\b";

/// The first blaming, dismissive or aggrieved phrase in `text`.
pub fn blame(text: &str) -> Option<Span> {
    BLAME.find(text).map(|m| Span::new(m.start(), m.end()))
}

/// Words that aim a sentence at people: the reader ("you"), customers,
/// critics. "People", "they" and "them" are left out: a post about people
/// killed in a war is not aimed at anyone.
///
/// Only asked whether it matches: "complain", "whin" and "moan" end a
/// match on their own, as `complain\w*\b` always matches where `complain`
/// does (the run of ASCII letters after it ends at a word boundary), and
/// without `\w*` the pattern builds in half the time.
static PEOPLE: LazyLock<Matcher> = LazyLock::new(|| {
    matcher(
        r"\b(?:you|your|you'?re|you'?ve|you'?ll|yourself|yourselves|u|ur|some (?:people|folks|customers|of you)|customers?|reviewers?|reviews|critics|haters|trolls)\b|\b(?:complain|whin|moan)",
    )
});

/// [`PEOPLE`] as first written, for the tests.
#[cfg(test)]
const PEOPLE_AS_WRITTEN: &str = r"\b(?:you|your|you'?re|you'?ve|you'?ll|yourself|yourselves|u|ur|some (?:people|folks|customers|of you)|customers?|reviewers?|reviews|critics|haters|trolls|complain\w*|whin\w*|moan\w*)\b";

/// [`PEOPLE`] with "some people" and "some folks" read as "people" and
/// "folks", searched in the text as written: a text it does not match is
/// not [`Reading::at_people`], so the reading need not be made.
///
/// Why: the scored sentences are pieces of the text without mentions,
/// links and "shoot us a" (see [`plain`]), trimmed and joined by spaces. A
/// match inside a piece is one in the text: each piece begins after white
/// space and ends before it, a cut mention or link has no letter or digit
/// on either side (so no word of the pattern begins, ends or crosses
/// there), and "send us a" holds no word of it and keeps the letters at its
/// ends. A match across two pieces is "some" at the end of one and
/// "people", "folks", "customers" or "of you" at the start of the next,
/// and the word after "some" matches here on its own.
static MAYBE_PEOPLE: LazyLock<Matcher> = LazyLock::new(|| matcher(MAYBE_PEOPLE_PATTERN));

/// [`MAYBE_PEOPLE`]'s pattern, also one of the cues searched at once (see
/// [`crate::rules::cues`]).
pub(crate) const MAYBE_PEOPLE_PATTERN: &str = r"\b(?:you|your|you'?re|you'?ve|you'?ll|yourself|yourselves|u|ur|people|folks|customers?|reviewers?|reviews|critics|haters|trolls)\b|\b(?:complain|whin|moan)";

/// False when `text` cannot be [`Reading::at_people`] (see
/// `MAYBE_PEOPLE`): a cheap test before making the reading.
pub fn may_be_at_people(text: &str) -> bool {
    MAYBE_PEOPLE.is_match(text)
}

/// True when `sentence` apologises, empathises or grieves, and does not use
/// "sorry" to blame.
pub fn is_care(sentence: &str) -> bool {
    CARE.is_match(sentence) && !NON_APOLOGY.is_match(sentence)
}

/// The sentences of `text`, each ending after its run of `.`, `!`, `?` or
/// `…`, or at a line break.
pub fn sentences(text: &str) -> Vec<Span> {
    // A byte at a time: the marks are ASCII or three bytes led by one of
    // E2, E3, EF, and neither is ever a byte inside another character.
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at < b.len() {
        // Most bytes are none of those: skip them by a table.
        match b[at..].iter().position(|&c| MAY_END[usize::from(c)]) {
            Some(skip) => at += skip,
            None => break,
        }
        let end = match b[at] {
            b'\n' => at + 1,
            b'.' | b'!' | b'?' => at + 1,
            // … U+2026, 。 U+3002, ！ U+FF01, ？ U+FF1F
            0xE2 if b[at + 1..].starts_with(&[0x80, 0xA6]) => at + 3,
            0xE3 if b[at + 1..].starts_with(&[0x80, 0x82]) => at + 3,
            0xEF if b[at + 1..].starts_with(&[0xBC, 0x81])
                || b[at + 1..].starts_with(&[0xBC, 0x9F]) =>
            {
                at + 3
            }
            _ => {
                at += 1;
                continue;
            }
        };
        let ends = b[at] == b'\n'
            || text[end..]
                .chars()
                .next()
                .is_none_or(|n| n.is_whitespace() && n != '\u{a0}');
        if ends {
            if !text[start..end].trim().is_empty() {
                out.push(Span::new(start, end));
            }
            start = end;
        }
        at = end;
    }
    if !text[start..].trim().is_empty() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// The bytes [`sentences`] looks at: `\n . ! ?` and the first bytes of
/// `…` `。` `！` `？`.
static MAY_END: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    let marks = [b'\n', b'.', b'!', b'?', 0xE2, 0xE3, 0xEF];
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    t
};

/// [`sentences`] as first written, a character at a time.
#[cfg(test)]
fn sentences_reference(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let end_mark = matches!(c, '.' | '!' | '?' | '…' | '！' | '？' | '。');
        let next = chars.peek().map(|&(_, n)| n);
        let ends =
            c == '\n' || (end_mark && next.is_none_or(|n| n.is_whitespace() && n != '\u{a0}'));
        if ends {
            let end = at + c.len_utf8();
            if !text[start..end].trim().is_empty() {
                out.push(Span::new(start, end));
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// English function words: a text without them is in another language, and
/// an English lexicon misreads it (German "die" is not a threat).
const ENGLISH: &[&str] = &[
    "the", "a", "an", "and", "or", "to", "of", "in", "on", "for", "is", "are", "was", "were", "be",
    "been", "you", "your", "we", "our", "us", "i", "my", "me", "it", "it's", "this", "that",
    "with", "have", "has", "not", "at", "but", "just", "can", "will", "do", "does", "did",
    "please", "thanks", "thank", "sorry", "they", "their", "what", "how", "if", "about", "from",
    "would", "should", "could", "there", "here", "all", "any", "get", "got", "know", "let",
    "we're", "you're", "i'm", "don't", "can't", "isn't",
];

/// True when `text` reads as English: at least 15% of its words are English
/// function words, or it is too short to tell (under four words).
pub fn looks_english(text: &str) -> bool {
    use unicode_segmentation::UnicodeSegmentation;
    let (mut words, mut english) = (0usize, 0usize);
    let mut buf = [0u8; ENGLISH_MAX];
    for w in text.unicode_words() {
        words += 1;
        if fold_english(w, &mut buf).is_some_and(|w| ENGLISH_SET.contains(w)) {
            english += 1;
        }
    }
    if words < 4 {
        return true;
    }
    english as f64 >= 0.15 * words as f64
}

/// The longest word in [`ENGLISH`], in bytes.
const ENGLISH_MAX: usize = 8;

static ENGLISH_SET: LazyLock<HashSet<&'static str, foldhash::fast::RandomState>> =
    LazyLock::new(|| {
        assert!(
            ENGLISH
                .iter()
                .all(|w| w.len() <= ENGLISH_MAX && w.is_ascii())
        );
        ENGLISH.iter().copied().collect()
    });

/// The word lower-cased with `’` read as `'`, as [`ENGLISH`] spells words,
/// written into `buf` without allocating; `None` when the result could not
/// be one of them (too long, or not ASCII). A non-ASCII letter can
/// lower-case to an ASCII one (the Kelvin sign to `k`): letters are
/// lower-cased as `str::to_lowercase` does.
fn fold_english<'b>(word: &str, buf: &'b mut [u8; ENGLISH_MAX]) -> Option<&'b str> {
    let mut n = 0;
    let mut put = |b: u8| -> Option<()> {
        *buf.get_mut(n)? = b;
        n += 1;
        Some(())
    };
    for c in word.chars() {
        if c.is_ascii() {
            put(c.to_ascii_lowercase() as u8)?;
        } else if c == '’' {
            put(b'\'')?;
        } else {
            // Only the final-sigma rule makes `str::to_lowercase` differ
            // from lower-casing each character, and sigma is not ASCII.
            for l in c.to_lowercase() {
                put(u8::try_from(l).ok().filter(u8::is_ascii)?)?;
            }
        }
    }
    std::str::from_utf8(&buf[..n]).ok()
}

#[cfg(test)]
fn looks_english_reference(text: &str) -> bool {
    use unicode_segmentation::UnicodeSegmentation;
    let words: Vec<String> = text
        .unicode_words()
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect();
    if words.len() < 4 {
        return true;
    }
    let english = words
        .iter()
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .count();
    english as f64 >= 0.15 * words.len() as f64
}

/// The tone of a text by the account.
#[derive(Debug, Clone)]
pub struct Tone {
    /// VADER's compound score of the sentences that are not apologies,
    /// empathy, grief or questions: -1 (most negative) to 1.
    pub sentiment: Sentiment,
    /// True when some sentence apologised, empathised or grieved.
    pub cares: bool,
    /// True when the scored sentences speak to or about people ("you",
    /// "customers", "some people", "reviews").
    pub at_people: bool,
    /// False for text in another language: its tone is not judged.
    pub english: bool,
}

impl Tone {
    /// Words negative in themselves that carry the score: "awful", not a
    /// negated "not support".
    pub fn negative_words(&self) -> usize {
        negative_words(&self.sentiment)
    }
}

/// [`Tone::negative_words`] of a score.
pub fn negative_words(s: &Sentiment) -> usize {
    s.words
        .iter()
        .filter(|(w, v)| *v < 0.0 && valence(w).is_some_and(|base| base < 0.0))
        .count()
}

/// "Shoot us a DM" asks for a message; VADER reads "shoot" as violence.
static SHOOT_US: LazyLock<Regex> = LazyLock::new(|| regex(r"\bshoot (?:us|me) (?:a|an)\b"));

/// Mentions and links read as words ("@happybakes") would skew the tone,
/// and so would "shoot us a DM".
fn plain(text: &str) -> String {
    let links = if may_hold_url(text) {
        urls(text)
    } else {
        Vec::new()
    };
    let cut: Vec<Span> = links.into_iter().chain(mentions(text)).collect();
    let out = crate::text::cut_spans(text, cut, "").into_owned();
    if !holds_ascii_nocase(&out, b"hoot") {
        return out;
    }
    match SHOOT_US.replace_all(&out, "send us a") {
        Cow::Borrowed(_) => out,
        Cow::Owned(replaced) => replaced,
    }
}

/// False when `text` holds no URL: every URL starts with `http://`,
/// `https://` or `www.` in any case, and the only letter of them with a
/// case variant outside ASCII (`s`, as `ſ`) is not in `://` or `www.`.
fn may_hold_url(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"://").is_some() || holds_ascii_nocase(text, b"www.")
}

/// True when `text` holds `needle` (lower-case ASCII) in any ASCII case.
/// "shoot" matched case-insensitively holds "hoot" so: of its letters only
/// `s` has a case variant outside ASCII.
fn holds_ascii_nocase(text: &str, needle: &[u8]) -> bool {
    let (b, first) = (text.as_bytes(), needle[0]);
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), b).any(|at| {
        b[at..]
            .get(..needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

pub fn tone(text: &str) -> Tone {
    Reading::new(text).tone()
}

/// A text by the account, read for its tone a step at a time: a rule asks
/// only for what it judges, the cheap parts first, and the VADER score
/// when the rest holds. [`Reading::tone`] gives all of it, as [`tone`].
pub struct Reading {
    /// The text without mentions and links.
    plain: String,
    /// The sentences that are not apologies, empathy, grief or questions.
    kept: String,
    /// True when some sentence apologised, empathised or grieved.
    pub cares: bool,
}

impl Reading {
    pub fn new(text: &str) -> Reading {
        Self::with(text, true)
    }

    /// [`Reading::new`] of a text whose [`plain`] text this is.
    fn of_plain(plain: String) -> Reading {
        Self::read(plain, true)
    }

    /// `skim` first tests the whole text for care phrases, as
    /// [`Reading::new`] does, or (false, for tests) tests every sentence.
    fn with(text: &str, skim: bool) -> Reading {
        Self::read(plain(text), skim)
    }

    fn read(text: String, skim: bool) -> Reading {
        let mut kept = String::with_capacity(text.len());
        let mut cares = false;
        // A sentence begins after white space and ends before it (or at an
        // end of the text), so each match in a sentence is one in the whole
        // text: when the text has none, no sentence needs looking at.
        let any_care = !skim || CARE.is_match(&text);
        for s in sentences(&text) {
            let sentence = s.slice(&text).trim();
            if any_care && is_care(sentence) {
                cares = true;
            } else if !sentence.ends_with(['?', '？']) {
                // A question ("Tired of bad coffee?") sets up more often
                // than it attacks; its words are not the writer's tone.
                kept.push_str(sentence);
                kept.push(' ');
            }
        }
        Reading {
            plain: text,
            kept,
            cares,
        }
    }

    /// False for text in another language: its tone is not judged.
    pub fn english(&self) -> bool {
        looks_english(&self.plain)
    }

    /// True when the scored sentences speak to or about people.
    pub fn at_people(&self) -> bool {
        PEOPLE.is_match(&self.kept)
    }

    /// VADER's score of the scored sentences, for a text in English.
    pub fn sentiment(&self) -> Sentiment {
        polarity(&self.kept)
    }

    /// [`Reading::sentiment`], or `None` when fewer than `min` of the
    /// scored words have a negative valence: then fewer than `min` are
    /// [`negative_words`].
    pub fn sentiment_with_negative_words(&self, min: usize) -> Option<Sentiment> {
        polarity_with_negative_words(&self.kept, min)
    }

    pub fn tone(self) -> Tone {
        let english = self.english();
        Tone {
            sentiment: if english {
                self.sentiment()
            } else {
                polarity("")
            },
            cares: self.cares,
            at_people: self.at_people(),
            english,
        }
    }
}

/// `"ridiculous", "fault"`: the most negative words, quoted.
pub(crate) fn quoted_words(s: &Sentiment, n: usize) -> String {
    s.most_negative(n)
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_sentences() {
        let t = "Oh no! That's awful... We'll fix it.\nCall us? v1.2 is out";
        let got: Vec<&str> = sentences(t).iter().map(|s| s.slice(t)).collect();
        assert_eq!(
            got,
            [
                "Oh no!",
                " That's awful...",
                " We'll fix it.",
                "Call us?",
                " v1.2 is out"
            ]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn fast_sentences_equal_the_reference(
            text in crate::text::test_text(&[
                "Oh no", ".", "!", "?", "…", "！", "？", "。", " ", "\n", "\r", "\t",
                "\u{a0}", "\u{2003}", "\u{3000}", "a", "é", "☕", "\u{2025}", "\u{3001}",
                "\u{ff1e}", "v1.2",
            ])
        ) {
            prop_assert_eq!(sentences(&text), sentences_reference(&text));
        }

        #[test]
        fn fast_language_test_equals_the_reference(
            text in crate::text::test_text(&[
                "the", "THE", "you’re", "You're", "don’t", "it's", "\u{212a}now", "İt",
                "Σ", "die", "Filme", "kommen", "thanks", "pleased", " ", ", ", ". ",
                "\n", "☕", "中文", "e\u{301}", "a", "’", "'", "_",
            ])
        ) {
            prop_assert_eq!(looks_english(&text), looks_english_reference(&text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn skimming_for_care_changes_no_tone(
            text in crate::text::test_text(&[
                "sorry", "Sorry, but", "so sorry", "we hear you", "that's awful",
                "SAD", "we're sad", "passed away", "not sorry", "terrible", "you", "some",
                "people", "customers", "the", "and", "is", ".", "!", "?", "…", "？", " ",
                "\n", "\u{a0}", "@ann", "https://ex.com/a", "shoot us a", "é", "☕",
                "\u{212a}", "ſ",
            ])
        ) {
            let (a, b) = (Reading::with(&text, true).tone(), Reading::with(&text, false).tone());
            prop_assert_eq!(a.sentiment, b.sentiment);
            prop_assert_eq!((a.cares, a.at_people, a.english), (b.cares, b.at_people, b.english));
        }
    }

    /// Texts for the patterns of words: the words, their parts, and what
    /// may follow them.
    pub(crate) fn wordy_text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            prop::collection::vec(
                prop::sample::select(
                    &[
                        "complain",
                        "COMPLAINING",
                        "whin",
                        "moan",
                        "ed",
                        "s",
                        "é",
                        "ſ",
                        "\u{212a}",
                        "_",
                        "1",
                        "'",
                        "’",
                        " ",
                        "\n",
                        ".",
                        "-",
                        "☕",
                        "x",
                        "you",
                        "r",
                        "re",
                        "some",
                        "people",
                        "no one",
                        "noone",
                        "no other customer",
                        "else",
                        "has",
                        "is",
                    ][..]
                ),
                0..16,
            )
            .prop_map(|v| v.concat()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn people_words_match_as_first_written(text in wordy_text()) {
            static FIRST: LazyLock<Regex> = LazyLock::new(|| regex(PEOPLE_AS_WRITTEN));
            prop_assert_eq!(PEOPLE.is_match(&text), FIRST.is_match(&text));
        }

        #[test]
        fn text_without_people_words_is_not_at_people(
            text in crate::text::test_text(&[
                "you", "You're", "u", "ur", "some", "SOME", "ſome", "people", "folks",
                "customers", "of", "complain", "whin", "moan", "é", "ſ", "\u{212a}", "_",
                "'", "’", "re", " ", "\n", "\u{a0}", ".", "?", "!", "…", "@ann", "@ann@x.co",
                "@a.b", "me@x.com", "https://ex.com/a", "www.x.y", "https://", "shoot",
                "shoot us a", "SHOOT ME AN", "us", "a", "an", "sorry", "so sorry",
                "that's awful", "Sorry, but", "ok", "-", "/", "☕", "Tired of it?",
            ])
        ) {
            if Reading::new(&text).at_people() {
                prop_assert!(may_be_at_people(&text), "{:?}", text);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn texts_skipped_hold_no_link_and_no_shoot_us(
            text in crate::text::test_text(&[
                "http", "HTTPS", "httpſ", "://", ":/", "/", "www", "WwW", ".", "ex.com",
                "shoot", "ſhoot", "SHOOT", "hoot", " ", "us", "me", "a", "an", "x", "é",
                "\n",
            ])
        ) {
            if !may_hold_url(&text) {
                prop_assert!(urls(&text).is_empty(), "{:?}", text);
            }
            if !holds_ascii_nocase(&text, b"hoot") {
                prop_assert!(!SHOOT_US.is_match(&text), "{:?}", text);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// `hostile-tone` leaves a text unread when its plain text holds
        /// fewer than two negative words: then the sentences it would score
        /// hold fewer too.
        #[test]
        fn the_scored_sentences_hold_no_more_negative_words_than_the_text(
            text in crate::text::test_text(&[
                "awful", "HATE", "terrible", "no", "not", "bad,", "bad.", "worst!", "sorry",
                "so sorry", "stupid?", "you", "people", "@ann", "https://ex.com/bad", "www.x.y",
                "shoot", "us", "a", "😠", "😡", "☕", "é", " ", "\n", "\u{a0}", "\u{3000}",
                ".", "!", "?", "…", ":(", ":-(", "'", "’", "-",
            ])
        ) {
            for min in 1..4 {
                if !holds_negative_words(&plain(&text), min) {
                    prop_assert!(
                        Reading::new(&text).sentiment_with_negative_words(min).is_none(),
                        "{:?} {}", text, min
                    );
                }
            }
            prop_assert_eq!(
                Reading::of_plain(plain(&text)).kept,
                Reading::new(&text).kept
            );
        }
    }

    #[test]
    fn care_in_a_sentence_is_care_in_the_text() {
        // The whole-text test that lets tone() skip the sentences agrees
        // with the sentences on edges: line breaks, marks, no spaces.
        for t in [
            "Fine.\nSorry",
            "sorry.x",
            "ok!sorry",
            "We hear you.\u{a0}Sorry",
            "that's awful…",
        ] {
            let by_sentence = sentences(t).iter().any(|s| is_care(s.slice(t).trim()));
            assert!(!by_sentence || CARE.is_match(t), "{t}");
        }
    }

    #[test]
    fn other_languages_are_not_scored() {
        assert!(!looks_english(
            "Hi, wir erhalten die Filme so vom jeweiligen Studio."
        ));
        assert!(!looks_english(
            "Bonjour, le trafic est perturbé sur la ligne ce matin."
        ));
        assert!(looks_english(
            "Sad, indeed. I still think you should come in!"
        ));
        assert!(looks_english("Die hard fans!"));
        let t = tone("Die Filme kommen so vom Studio, tut mir leid.");
        assert!(!t.english);
        assert_eq!(t.sentiment.compound, 0.0);
    }

    #[test]
    fn negated_praise_and_talk_about_people_are_not_hostility() {
        let t = tone(
            "The API does not support that, and it cannot use tools like search unless you enable them.",
        );
        assert_eq!(t.negative_words(), 0, "{t:?}");
        let t = tone("Several were killed for their discoveries. People died for science.");
        assert!(!t.at_people);
        let t = tone("Some people just hate good coffee.");
        assert!(t.at_people);
    }

    #[test]
    fn care_phrases_and_idioms_of_customer_service() {
        let t = tone(
            "This is saddening to hear. Please shoot us a DM, so that we can look into this for you.",
        );
        assert!(t.cares);
        assert!(t.sentiment.compound > -0.05, "{t:?}");
    }

    #[test]
    fn apologies_do_not_count_against_the_tone() {
        let care =
            tone("We're so sorry your order arrived damaged, that's awful. A new one ships today.");
        assert!(care.cares);
        assert!(care.sentiment.compound >= 0.0, "{care:?}");
        let hostile = tone("Sorry, but that is ridiculous and frankly pathetic. Stop complaining.");
        assert!(!hostile.cares);
        assert!(hostile.sentiment.compound < -0.3, "{hostile:?}");
    }
}
