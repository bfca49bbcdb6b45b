use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use crate::declare_rule;
use crate::rules::authenticity::{own_words, phrases_regex};
use crate::rules::cues::Cue;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::Span;
use crate::text::matcher::Matcher;
use crate::text::similar::normalized_len;

declare_rule! {
    /// ## What it does
    /// Flags corporate boilerplate in the account's posts and replies: stock
    /// phrases such as "we apologise for any inconvenience", "valued
    /// customer", "your call is important to us", "we take this very
    /// seriously", "please be advised", "do not hesitate to contact us", "so
    /// that we can further assist you". Also
    /// flags a reply that is only a request to move to private messages
    /// ("Please DM us.", "Hi there, please send us a DM with your details"),
    /// with at most `authenticity.dm-only-max-words` (4) other words: no
    /// acknowledgement of what the person said.
    ///
    /// ## Why is this bad?
    /// "People want to feel like there is a person behind the brand, not just a
    /// company trying to sell their product or service"
    /// (002_b7e3e3f5bdb5ad11.txt); "you MUST speak with your own voice and from
    /// your own values" (004_d10b3528b2158389.txt). A form letter is neither,
    /// and "Behind EVERY social media page or post is a PERSON"
    /// (003_5cbde5e7d00acd36.txt): a stock phrase tells them they are talking
    /// to a procedure. Moving a problem to private messages is often right, but
    /// say so in a sentence that shows you read theirs.
    ///
    /// ## Example
    /// ```post
    /// We apologise for any inconvenience caused. Your feedback is important to us.
    /// ```
    ///
    /// Use instead:
    /// ```post
    /// That's a rotten start to the week, sorry. Jo from our team will call you before noon.
    /// ```
    ///
    /// ## Options
    /// - `authenticity.extra-boilerplate`: more phrases (regular expressions)
    /// - `authenticity.dm-only-max-words` (default `4`)
    pub struct Boilerplate {
        code: "A002",
        name: "corporate-boilerplate",
        principle: Authenticity,
        severity: Warning,
        scope: Post,
        seeds: ["002_b7e3e3f5bdb5ad11.txt", "003_5cbde5e7d00acd36.txt", "004_d10b3528b2158389.txt"],
    }
}

/// Stock phrases of customer-service and corporate writing.
pub const BOILERPLATE_PATTERNS: &[&str] = &[
    r"(?:we |i )?(?:sincerely |truly |deeply )?apologi[sz]e for (?:any|the) inconvenience(?: (?:this|that) (?:may have |has |might have )?caused| caused)?",
    r"(?:we'?re |we are |i'?m |i am )?(?:very |so )?sorry for (?:any|the) inconvenience(?: (?:this|that) (?:may have |has )?caused| caused)?",
    r"(?:valued|esteemed) (?:customer|client|guest|member|patron)s?",
    r"your (?:call|business|feedback|custom|satisfaction|patience|privacy|safety|opinion|experience|concerns?) (?:is|are) (?:very |extremely |really |incredibly )?important to us",
    r"we (?:truly |really |greatly |always )?value your (?:feedback|business|custom|input|patience|loyalty)",
    r"(?:thank you|thanks) for (?:your patience and understanding|bringing this to our attention|your understanding)",
    r"(?:so (?:that )?we (?:can|may) )?(?:further assist(?: you)?|assist you further)|for further assistance",
    r"we appreciate your (?:patience|understanding)",
    r"we take (?:this|these matters|such matters|all (?:feedback|complaints|concerns)|your (?:concerns?|feedback|privacy|safety)|(?:customer )?(?:safety|privacy|feedback|complaints)) (?:very |extremely )?seriously",
    r"please be advised(?: that)?",
    r"(?:do not|don't|dont) hesitate to (?:contact|reach out|get in touch|call|email|message)",
    r"(?:has|have) been (?:escalated|forwarded|passed on) to the (?:relevant|appropriate|responsible) (?:team|department|parties|people)",
    r"for (?:quality|training) (?:and training )?purposes",
    r"we are (?:currently )?experiencing (?:a )?(?:high|higher than (?:normal|usual)|unusually high) (?:volume|volumes|number)",
    r"we regret (?:any|to inform)",
    r"(?:as )?per (?:our|the) (?:policy|policies|terms and conditions)",
    r"kindly (?:note|be advised)",
    r"(?:we are|we're) (?:committed|dedicated) to (?:providing|delivering) (?:the best|excellent|exceptional|outstanding)",
];

/// A request to move to private messages.
pub(crate) const DM_PATTERN: &str = r"\b(?:(?:please |pls |kindly )?(?:(?:can|could|would) you (?:please )?)?(?:(?:dm|pm|direct message|private message|message|inbox) us|(?:send|shoot|drop) us (?:a |an )?(?:quick )?(?:dm|pm|direct message|private message|message))(?:,? (?:with |including )?(?:your|the) (?:order |account |booking |reference |tracking |case )?(?:number|details|info|information|email(?: address)?|name))?|(?:please )?check your (?:dms?|inbox|direct messages)|(?:reach out|get in touch|contact us) (?:to us )?(?:via|by|through|in|over) (?:dms?|pms?|direct messages?|private messages?)|we(?:'ve| have) (?:sent|dropped) you a (?:dm|pm|direct message|message))\b";

static DM_REQUEST: LazyLock<Regex> = LazyLock::new(|| dm_regex(DM_PATTERN));

/// [`DM_REQUEST`] without its word boundaries: it matches wherever the
/// exact pattern does, on the fast engines that a Unicode `\b` keeps off
/// any text with an emoji.
static DM_LOOSE: LazyLock<Regex> = LazyLock::new(|| dm_regex(&DM_PATTERN.replace(r"\b", "")));

fn dm_regex(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .expect("valid DM pattern")
}

/// The stock phrases with the user's extra ones.
struct Phrases(Matcher);

/// The built-in stock phrases, for settings that add none.
static BUILTIN: LazyLock<Matcher> = LazyLock::new(|| phrases_regex(BOILERPLATE_PATTERNS, &[]));

impl Rule for Boilerplate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn lazies(&self) -> Vec<fn()> {
        crate::prebuild::lazies![BUILTIN].to_vec()
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        if !own_words(c, i) {
            return;
        }
        let o = &cx.settings.authenticity;
        let phrases: &Matcher = if o.extra_boilerplate.is_empty() {
            &BUILTIN
        } else {
            &c.memo
                .get_or_init_ref(|| {
                    Phrases(phrases_regex(BOILERPLATE_PATTERNS, &o.extra_boilerplate))
                })
                .0
        };
        let text = &c.posts[i].text;
        let cues = c.signals[i].cues;
        // The user's extra phrases are not among the cues.
        let found: Vec<Span> = if o.extra_boilerplate.is_empty() && !cues.may(Cue::Boilerplate) {
            Vec::new()
        } else {
            phrases
                .find_iter(text)
                .map(|m| Span::new(m.start(), m.end()))
                .collect()
        };
        if let Some(&first) = found.first() {
            let quoted: Vec<String> = found
                .iter()
                .map(|s| format!("\"{}\"", s.slice(text)))
                .collect();
            out.push(
                Finding::on_post(
                    &Self::META,
                    i,
                    format!(
                        "corporate boilerplate {}: say it the way a person on your team would, about this case",
                        quoted.join(", ")
                    ),
                )
                .with_span(first),
            );
            return;
        }
        if c.posts[i].parent_id.is_some()
            && cues.may(Cue::DmRequest)
            && let Some(span) = dm_only(text, o.dm_only_max_words)
        {
            out.push(
                Finding::on_post(
                    &Self::META,
                    i,
                    format!(
                        "the reply only asks to \"{}\": first answer what they said in a sentence of your own, then offer the private channel",
                        span.slice(text)
                    ),
                )
                .with_span(span),
            );
        }
    }
}

/// The DM request of a reply that says little else: at most `max_other`
/// words besides the request (mentions, links and numbers not counted).
pub fn dm_only(text: &str, max_other: usize) -> Option<Span> {
    if !may_ask_for_dm(text) {
        return None;
    }
    // The exact match cannot start before the loose one.
    let from = DM_LOOSE.find(text)?.start();
    let m = DM_REQUEST.find_at(text, from)?;
    let rest = format!("{} {}", &text[..m.start()], &text[m.end()..]);
    (normalized_len(&rest) <= max_other).then(|| Span::new(m.start(), m.end()))
}

/// False when `text` cannot hold a match of [`DM_LOOSE`]: each
/// alternative holds `dm`, `pm`, `message` or `inbox`, in any case. A
/// case-insensitive pattern reads no character but ASCII as these letters,
/// save `ſ` as an `s` (see `ascii_letters_fold_only_to_ascii_and_two_more`
/// in the tests): a text holding one is let through.
fn may_ask_for_dm(text: &str) -> bool {
    let b = text.as_bytes();
    let at = |i: usize, word: &[u8]| {
        b.get(i..i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    memchr::memchr2_iter(b'm', b'M', b)
        .any(|i| (i > 0 && matches!(b[i - 1] | 0x20, b'd' | b'p')) || at(i + 1, b"essage"))
        || memchr::memchr2_iter(b'x', b'X', b).any(|i| i >= 4 && at(i - 4, b"inbo"))
        || (!b.is_ascii() && text.contains('ſ'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_letters_fold_only_to_ascii_and_two_more() {
        // The characters a case-insensitive pattern reads as an ASCII
        // letter: the prefilters above rely on it.
        let letter = RegexBuilder::new("^[a-z]$")
            .case_insensitive(true)
            .build()
            .unwrap();
        let others: Vec<char> = ('\u{80}'..=char::MAX)
            .filter(|c| letter.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        assert_eq!(others, ['ſ', '\u{212A}']);
    }

    proptest::proptest! {
        #[test]
        fn the_dm_prefilter_never_hides_a_request(text in crate::text::test_text(&[
            "dm", "DM", "Dm", "pm", "PM", "message", "MESSAGE", "meſſage", "meſsage", "inbox",
            "INBOX", "inbo", "x", "m", "d", "p", "us", "please ", "send us a ", "check your ",
            "we've sent you a ", "via ", "d m", "é", "ſ", " ", ".", "☕",
        ])) {
            if DM_LOOSE.is_match(&text) {
                proptest::prop_assert!(may_ask_for_dm(&text));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn dm_requests_found_as_by_the_exact_pattern(text in crate::text::test_text(&[
            "please ", "dm us", "DM", "us", "send us a dm", "check your dms", "inbox", "message",
            " with your order number", "é", "_", "x", " ", ".", "!", "☕", "@maya ", "pm us",
        ])) {
            let fast = DM_LOOSE
                .find(&text)
                .and_then(|l| DM_REQUEST.find_at(&text, l.start()))
                .map(|m| (m.start(), m.end()));
            let plain = DM_REQUEST.find(&text).map(|m| (m.start(), m.end()));
            proptest::prop_assert_eq!(fast, plain);
        }
    }

    #[test]
    fn dm_only_replies_and_fuller_ones() {
        let t = "@maya Please DM us.";
        assert_eq!(dm_only(t, 4).unwrap().slice(t), "Please DM us");
        let t = "Hi there! Can you send us a DM with your order number?";
        assert_eq!(
            dm_only(t, 4).unwrap().slice(t),
            "Can you send us a DM with your order number"
        );
        assert!(dm_only("Thanks for reaching out! Please check your DMs.", 4).is_some());
        assert!(dm_only("Hey there! Shoot us a DM.", 4).is_some());
        for fuller in [
            "Hi Maya, please DM us your order number and we'll sort it out.",
            "Sorry to hear that! Please DM us your details and we'll help.",
            "Stale beans are no good. Please DM us your order number and we'll send a fresh bag today.",
            "Thanks so much for the lovely photo!",
        ] {
            assert!(dm_only(fuller, 4).is_none(), "{fuller}");
        }
    }

    #[test]
    fn stock_phrases_match_and_plain_words_do_not() {
        let re = phrases_regex(BOILERPLATE_PATTERNS, &[]);
        for t in [
            "We sincerely apologize for the inconvenience this may have caused.",
            "Dear valued customer,",
            "Your call is very important to us.",
            "We take your privacy extremely seriously.",
            "Please don't hesitate to contact us.",
            "Your case has been escalated to the relevant team.",
            "Thanks for bringing this to our attention!",
            "Please send us a DM so that we can further assist you.",
        ] {
            assert!(re.is_match(t), "{t}");
        }
        for t in [
            "Sorry about the mix-up, Sam! A new bag is on its way.",
            "We value every bean we roast.",
            "Please note that we're closed on Easter Monday.",
            "Thanks for your patience, the new grinder was worth the wait!",
            "Hi Loreen, kindly DM us your booking number and we'll fix it for you, see you there!",
        ] {
            assert!(!re.is_match(t), "{t}");
        }
    }
}
