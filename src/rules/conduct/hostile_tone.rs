use crate::declare_rule;
use crate::rules::authenticity::own_words;
use crate::rules::conduct::{
    Reading, blame, may_be_at_people, negative_words, plain, quoted_words,
};
use crate::rules::cues::Cue;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::vader::holds_negative_words;

declare_rule! {
    /// ## What it does
    /// Flags a post or reply by the account whose tone is hostile or
    /// complaining, in either of two ways:
    /// - its tone, by VADER, is at or below `conduct.max-negative-tone`
    ///   (-0.5, on VADER's scale from -1 to 1), carried by at least two words
    ///   negative in themselves (a negated "not support" does not count), and
    ///   aimed at people ("you", "customers", "some people", "reviews"). VADER is a lexicon and set of rules made for
    ///   social-media text (Hutto and Gilbert, ICWSM 2014): it reads negation
    ///   ("not great"), boosters ("really bad"), capitals, "!!!", emoticons
    ///   and emoji;
    /// - it blames, dismisses or airs a grudge in words the lexicon misses:
    ///   "not our problem", "shop elsewhere", "stop complaining", "some people
    ///   just love to", "learn to read", "shame on", "disgraceful".
    ///
    /// Sentences that apologise, empathise or grieve ("we're so sorry, that's
    /// awful") are left out before scoring, so a caring reply to an unhappy
    /// customer is not flagged; "Sorry, but ..." and "sorry you feel that
    /// way" are not apologies and are scored. Questions are left out too
    /// ("Tired of bad coffee? Try ours."), and bad news aimed at nobody ("our
    /// oven broke, no croissants today") is not a tone.
    ///
    /// ## Why is this bad?
    /// "if you are speaking as the voice of a organisation, you need to follow
    /// strict protocols of how you engage … what you say .. and how you say
    /// it", and bringing "your personal views of what they did, or how they
    /// have treated you is counter-productive and will lose you followers"
    /// (004_d10b3528b2158389.txt). A brand's angry post is read by every
    /// customer, not only the one it answers.
    ///
    /// ## Example
    /// ```post
    /// Honestly, some of the reviews we get are ridiculous and pathetic. Stop complaining!
    /// ```
    ///
    /// Use instead:
    /// ```post
    /// We read every review. Two of you said the queue was too long, so we've added a second till.
    /// ```
    ///
    /// ## Options
    /// - `conduct.max-negative-tone` (default `-0.5`)
    pub struct HostileTone {
        code: "V001",
        name: "hostile-tone",
        principle: Conduct,
        severity: Warning,
        scope: Post,
        seeds: ["004_d10b3528b2158389.txt"],
    }
}

impl Rule for HostileTone {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn lazies(&self) -> Vec<fn()> {
        crate::rules::conduct::lazies()
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        if !own_words(c, i) {
            return;
        }
        let text = &c.posts[i].text;
        let cues = c.signals[i].cues;
        if cues.may(Cue::Blame)
            && let Some(span) = blame(text)
        {
            out.push(
                Finding::on_post(
                    &Self::META,
                    i,
                    format!(
                        "\"{}\" blames, dismisses or airs a grudge in public: say what you will do about it, calmly, and take any grievance to a private channel",
                        span.slice(text)
                    ),
                )
                .with_span(span),
            );
            return;
        }
        let max = cx.settings.conduct.max_negative_tone;
        // The cheap tests first: VADER runs on English text aimed at people.
        if !cues
            .get(Cue::AtPeople)
            .unwrap_or_else(|| may_be_at_people(text))
        {
            return;
        }
        // The scored sentences are some of the plain text's, whole: when
        // it holds fewer than two negative words, they do too, and the
        // text is not scored (below). Most texts hold none.
        let plain = plain(text);
        if !holds_negative_words(&plain, 2) {
            return;
        }
        let r = Reading::of_plain(plain);
        if !r.at_people() {
            return;
        }
        // One negative word ("killer deal") is slang or a topic more often
        // than a tone, and bad news about an oven is not aimed at anyone: a
        // text with fewer than two words of negative valence is not scored.
        // The language test last: it costs about as much as the score, and
        // most texts pass it while few read as hostile.
        let Some(sentiment) = r.sentiment_with_negative_words(2) else {
            return;
        };
        if sentiment.compound > max || negative_words(&sentiment) < 2 || !r.english() {
            return;
        }
        out.push(Finding::on_post(
            &Self::META,
            i,
            format!(
                "the tone reads as hostile or complaining ({:.2} on a scale from -1 to 1; {}): say what you will do about it, calmly, and take a grievance to a private channel",
                sentiment.compound,
                quoted_words(&sentiment, 3)
            ),
        ));
    }
}
