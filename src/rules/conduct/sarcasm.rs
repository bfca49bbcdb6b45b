use std::sync::LazyLock;

use regex::Regex;

use crate::declare_rule;
use crate::rules::authenticity::own_words;
use crate::rules::conduct::{Matcher, Reading, matcher, matcher_of, regex};
use crate::rules::cues::Cue;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::Span;
use crate::text::vader::polarity;

declare_rule! {
    /// ## What it does
    /// Flags sarcasm in the account's posts and replies. Two kinds of cue:
    /// - markers that are sarcastic on their own: "/s", the eye-roll emoji 🙄,
    ///   "thanks for nothing", "said no one ever", "slow clap", and 👏
    ///   between words;
    /// - praise that turns sour in a negative context: "oh great", "oh
    ///   wonderful", "thanks a lot", "just what we needed", "yeah right",
    ///   "nice try", "good luck with that", "must be nice", "what a
    ///   surprise" ... flagged only when the rest of the post reads negative
    ///   (VADER compound below `conduct.sarcasm-context-tone`, -0.2,
    ///   without the cue) and the post does not
    ///   apologise. "Oh great, the sun is out!" is not flagged, nor "thanks a
    ///   lot for your patience, and sorry for the wait".
    ///
    /// ## Why is this bad?
    /// "if you are speaking as the voice of a organisation, you need to follow
    /// strict protocols of how you engage … what you say .. and how you say
    /// it", and bringing "your personal views of what they did, or how they
    /// have treated you is counter-productive and will lose you followers"
    /// (004_d10b3528b2158389.txt). Sarcasm in public mocks the person it
    /// answers in front of everyone, and it does not survive a screenshot out
    /// of context.
    ///
    /// ## Example
    /// ```post
    /// Oh great, another complaint about the queue. Thanks a lot.
    /// ```
    ///
    /// Use instead:
    /// ```post
    /// You're right that the queue was long on Saturday. We're adding a second till this week.
    /// ```
    ///
    /// ## Options
    /// - `conduct.sarcasm-context-tone` (default `-0.2`)
    pub struct Sarcasm {
        code: "V002",
        name: "sarcasm",
        principle: Conduct,
        severity: Warning,
        scope: Post,
        seeds: ["004_d10b3528b2158389.txt"],
    }
}

pub(crate) const MARKER_PATTERN: &str = r"(?:^|\s)/s\b|🙄|\bthanks for nothing\b|\bsaid no one ever\b|\bslow clap\b|\w+\s*👏\s*\w+\s*👏";

pub(crate) const SOUR_PRAISE_PATTERN: &str = r"\b(?:oh,? (?:great|wonderful|perfect|joy|brilliant|lovely|fantastic|sure)|thanks a lot|thanks so much for that|just what (?:we|i) needed|yeah,? right|nice try|good luck with that|must be nice|what a surprise|how (?:lovely|nice) of you|love that for (?:you|us)|great job,? (?:guys|everyone|team)|well done,? (?:guys|everyone))\b";

static MARKER: LazyLock<Matcher> = LazyLock::new(|| matcher(MARKER_PATTERN));

static SOUR_PRAISE: LazyLock<Regex> = LazyLock::new(|| regex(SOUR_PRAISE_PATTERN));

/// [`MARKER`] and [`SOUR_PRAISE`] at once: most posts have neither, and
/// one search tells so.
static ANY_CUE: LazyLock<Matcher> =
    LazyLock::new(|| matcher_of(&[MARKER_PATTERN, SOUR_PRAISE_PATTERN]));

/// Where `text` is sarcastic, if it is: a marker, or sour praise in a post
/// whose rest has a tone below `context_tone`.
pub fn sarcasm(text: &str, context_tone: f64) -> Option<Span> {
    if !ANY_CUE.is_match(text) {
        return None;
    }
    if let Some(m) = MARKER.find(text) {
        let found = &text[m.range()];
        let start = m.start() + (found.len() - found.trim_start().len());
        return Some(Span::new(start, m.end()));
    }
    let m = SOUR_PRAISE.find(text)?;
    let r = Reading::new(text);
    if r.cares || !r.english() {
        return None;
    }
    let rest: String = SOUR_PRAISE.replace_all(text, " ").into_owned();
    (polarity(&rest).compound < context_tone).then(|| Span::new(m.start(), m.end()))
}

impl Rule for Sarcasm {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn lazies(&self) -> Vec<fn()> {
        [
            crate::rules::conduct::lazies(),
            crate::prebuild::lazies![ANY_CUE].to_vec(),
        ]
        .concat()
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        if !own_words(c, i) {
            return;
        }
        if !c.signals[i].cues.may(Cue::Sarcasm) {
            return;
        }
        let text = &c.posts[i].text;
        let Some(span) = sarcasm(text, cx.settings.conduct.sarcasm_context_tone) else {
            return;
        };
        out.push(
            Finding::on_post(
                &Self::META,
                i,
                format!(
                    "\"{}\" reads as sarcasm: say plainly what happened and what you will do",
                    span.slice(text)
                ),
            )
            .with_span(span),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sarcastic_posts_are_found() {
        for (text, cue) in [
            (
                "Oh great, another complaint about shipping. Thanks a lot.",
                "Oh great",
            ),
            ("Love waiting on hold all day /s", "/s"),
            ("Sure, we'll get right on that 🙄", "🙄"),
            (
                "Yeah right, blame us for the terrible weather.",
                "Yeah right",
            ),
            ("Best 👏 customer 👏 ever", "Best 👏 customer 👏"),
        ] {
            let span = sarcasm(text, -0.2).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(span.slice(text), cue, "{text}");
        }
    }

    #[test]
    fn sincere_posts_are_not() {
        for text in [
            "Oh great, the sun is out! Come and sit in the garden.",
            "Thanks a lot for your patience, and sorry for the wait on your order.",
            "Thanks a lot, Maya! We loved your photo.",
            "Nice try! So close: the answer was Kenya.",
            "We're sorry, that's a terrible experience. Thanks a lot for telling us.",
            "Our new s/s collection is here",
            "Well done team 👏👏👏 what a launch!",
            "Read more at https://ex.com/a/s",
        ] {
            assert_eq!(sarcasm(text, -0.2), None, "{text}");
        }
    }
}
