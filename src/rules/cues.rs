//! The first searches of the phrase rules, made in one pass over a text.
//!
//! Most of the account's posts hold none of the phrases the rules look for
//! (blame, sarcasm, engagement bait, boilerplate, a request to move to
//! private messages, hard sell, prices ...), and each rule told so with a
//! search of its own over the whole text: ten passes over every post.
//! [`Cues::of`] makes those first searches together, as one set of
//! patterns (`regex::RegexSet`) in one pass, when the records are linked
//! ([`crate::corpus::Signals::cues`]); a rule whose cue is absent skips its
//! search, and one whose cue is present searches as before.
//!
//! Each cue's pattern is the very pattern of the search it stands for, with
//! the same settings (case-insensitive, pricing's own flags kept), so a cue
//! is present exactly when that search matches. The test
//! `each_cue_is_the_search_it_stands_for` checks it on texts made of the
//! phrases' words; a pattern changed in a rule changes its cue with it.
//! The user's extra phrases (`extra-hard-sell`, `extra-boilerplate`) are
//! not in the set: with any, those rules search as before.

use std::sync::LazyLock;

use regex::{RegexSet, RegexSetBuilder};

use crate::rules::authenticity::boilerplate::{BOILERPLATE_PATTERNS, DM_PATTERN};
use crate::rules::authenticity::{engagement_bait, phrases_pattern};
use crate::rules::conduct::public_argument::DISPUTE_PATTERN;
use crate::rules::conduct::sarcasm::{MARKER_PATTERN, SOUR_PRAISE_PATTERN};
use crate::rules::conduct::{BLAME_PATTERN, MAYBE_PEOPLE_PATTERN, ascii_boundaries};
use crate::text::pricing;
use crate::text::signals::{INVITATION_PHRASES, hard_sell_loose};

/// A first search, named by what it looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// The invitation phrases without word boundaries ("let us know"):
    /// the first search of [`crate::text::signals::invitation_phrase`].
    Invitation,
    /// The built-in hard-sell phrases without word boundaries: the first
    /// search of [`crate::text::signals::hard_sell_with`].
    HardSell,
    /// A price, discount or code, without word boundaries: the first
    /// search of [`crate::text::pricing::pricing_signals`].
    Pricing,
    /// [`crate::rules::conduct::blame`]'s pattern.
    Blame,
    /// [`crate::rules::conduct::may_be_at_people`]'s pattern.
    AtPeople,
    /// The disputing words of `public-argument`.
    Dispute,
    /// A sarcasm marker or sour praise: the first search of
    /// [`crate::rules::conduct::sarcasm::sarcasm`].
    Sarcasm,
    /// Every kind of engagement bait without word boundaries: the first
    /// search of [`crate::rules::authenticity::engagement_bait::bait`].
    Bait,
    /// The built-in boilerplate phrases.
    Boilerplate,
    /// A request to move to private messages, without word boundaries:
    /// the first search of
    /// [`crate::rules::authenticity::boilerplate::dm_only`].
    DmRequest,
}

/// The cues of one text: which first searches match it, when they were
/// made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cues(u16);

/// The bit that tells the searches were made.
const SEARCHED: u16 = 1 << 15;

impl Cues {
    /// No search made: every rule searches on its own.
    pub const UNKNOWN: Cues = Cues(0);

    /// Every first search, made on `text` in one pass.
    pub fn of(text: &str) -> Cues {
        let set = &*SET;
        let mut bits = SEARCHED;
        for i in set.regexes.matches(text).iter() {
            bits |= 1 << set.cues[i] as u16;
        }
        Cues(bits)
    }

    /// Whether the search `cue` stands for matches the text; `None` when
    /// the searches were not made.
    pub fn get(self, cue: Cue) -> Option<bool> {
        (self.0 & SEARCHED != 0).then_some(self.0 & (1 << cue as u16) != 0)
    }

    /// False only when the search `cue` stands for is known to find
    /// nothing: the rule need not make it.
    pub fn may(self, cue: Cue) -> bool {
        self.get(cue) != Some(false)
    }
}

/// The patterns, and the cue of each (a cue may have several).
struct Set {
    regexes: RegexSet,
    cues: Vec<Cue>,
}

static SET: LazyLock<Set> = LazyLock::new(|| {
    let (cues, patterns): (Vec<Cue>, Vec<String>) = patterns().into_iter().unzip();
    Set {
        regexes: RegexSetBuilder::new(patterns)
            .case_insensitive(true)
            .build()
            .expect("valid cue patterns"),
        cues,
    }
});

/// Each search's pattern, as its rule builds it. All of them are
/// case-insensitive but pricing's, which set their own flags.
fn patterns() -> Vec<(Cue, String)> {
    let mut all = vec![
        (Cue::Invitation, INVITATION_PHRASES.to_string()),
        (Cue::HardSell, hard_sell_loose(&[])),
    ];
    all.extend(
        pricing::loose_patterns()
            .into_iter()
            .map(|p| (Cue::Pricing, format!("(?-i:{p})"))),
    );
    all.extend([
        (Cue::Blame, ascii_boundaries(BLAME_PATTERN)),
        (Cue::AtPeople, ascii_boundaries(MAYBE_PEOPLE_PATTERN)),
        (Cue::Dispute, ascii_boundaries(DISPUTE_PATTERN)),
        (Cue::Sarcasm, ascii_boundaries(MARKER_PATTERN)),
        (Cue::Sarcasm, ascii_boundaries(SOUR_PRAISE_PATTERN)),
        (Cue::Bait, engagement_bait::any_pattern()),
        (Cue::Boilerplate, phrases_pattern(BOILERPLATE_PATTERNS, &[])),
        (Cue::DmRequest, DM_PATTERN.replace(r"\b", "")),
    ]);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::authenticity::boilerplate::dm_only;
    use crate::rules::authenticity::engagement_bait::bait;
    use crate::rules::authenticity::phrases_regex;
    use crate::rules::conduct::public_argument::disputes;
    use crate::rules::conduct::sarcasm::sarcasm;
    use crate::rules::conduct::{blame, may_be_at_people};
    use crate::text::pricing::pricing_signals;
    use crate::text::signals::{hard_sell, invitation_phrase};
    use proptest::prelude::*;

    /// Words of the phrases, their parts and look-alikes: `ſ` and the
    /// Kelvin sign read as `s` and `k` case-insensitively, and pricing's
    /// code pattern is case-sensitive.
    const PIECES: &[&str] = &[
        "let us know",
        "tell us",
        "your thoughts",
        "buy now",
        "shop now",
        "20% off",
        "save",
        "$20",
        "£5",
        "code",
        "SAVE20",
        "save20",
        "bogo",
        "not our fault",
        "shop elsewhere",
        "stop complaining",
        "you",
        "You're",
        "customers",
        "some people",
        "as we said",
        "you're wrong",
        "/s",
        "🙄",
        "👏",
        "oh great",
        "thanks a lot",
        "like if",
        "rt",
        "tag a friend",
        "comment YES",
        "vote",
        "❤",
        "valued customer",
        "please dm us",
        "DM us",
        "inbox",
        "message",
        "check your DMs",
        "we appreciate your patience",
        "ſ",
        "\u{212a}",
        "é",
        "_",
        "'",
        " ",
        "  ",
        "\n",
        ".",
        ",",
        "?",
        "!",
        "a",
        "x",
        "1",
    ];

    #[test]
    fn each_cue_is_present_in_a_text_its_search_matches() {
        for (cue, text) in [
            (Cue::Invitation, "Let us know below"),
            (Cue::HardSell, "Shop now!"),
            (Cue::Pricing, "only $5"),
            (Cue::Blame, "Not our problem."),
            (Cue::AtPeople, "thank you"),
            (Cue::Dispute, "As we said before"),
            (Cue::Sarcasm, "Oh great, another delay"),
            (Cue::Bait, "Tag a friend who needs this"),
            (Cue::Boilerplate, "We appreciate your patience"),
            (Cue::DmRequest, "Please DM us"),
        ] {
            let cues = Cues::of(text);
            assert_eq!(cues.get(cue), Some(true), "{cue:?} {text}");
            assert_eq!(Cues::of("Fresh bread at nine.").get(cue), Some(false));
            assert_eq!(Cues::UNKNOWN.get(cue), None);
            assert!(Cues::UNKNOWN.may(cue));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// A cue is absent only when its search finds nothing; where a
        /// rule takes the cue for the search's answer, they are equal.
        #[test]
        fn each_cue_is_the_search_it_stands_for(text in crate::text::test_text(PIECES)) {
            static BOILERPLATE: LazyLock<crate::text::matcher::Matcher> =
                LazyLock::new(|| phrases_regex(BOILERPLATE_PATTERNS, &[]));
            let cues = Cues::of(&text);
            let get = |cue| cues.get(cue).expect("searched");
            prop_assert_eq!(get(Cue::AtPeople), may_be_at_people(&text));
            prop_assert_eq!(get(Cue::Blame), blame(&text).is_some());
            prop_assert_eq!(get(Cue::Dispute), disputes(&text));
            prop_assert_eq!(get(Cue::Boilerplate), BOILERPLATE.is_match(&text));
            prop_assert!(get(Cue::Invitation) || invitation_phrase(&text).is_none());
            prop_assert!(get(Cue::HardSell) || hard_sell(&text).is_empty());
            prop_assert!(get(Cue::Pricing) || pricing_signals(&text).is_empty());
            prop_assert!(get(Cue::Sarcasm) || sarcasm(&text, f64::INFINITY).is_none());
            prop_assert!(get(Cue::Bait) || bait(&text).is_none());
            prop_assert!(get(Cue::DmRequest) || dm_only(&text, usize::MAX).is_none());
        }
    }
}
