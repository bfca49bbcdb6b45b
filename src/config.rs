//! Settings: every threshold the rules use, with the defaults documented in
//! README. Read from `postaudit.toml` (found by walking up from the working
//! directory, or named with `--config`); unknown keys are an error.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

pub const CONFIG_FILE: &str = "postaudit.toml";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct Settings {
    /// Account-level rules that judge a share of posts need at least this
    /// many posts to say anything.
    pub min_posts: usize,
    pub dialogue: DialogueOptions,
    pub promotion: PromotionOptions,
    pub responsiveness: ResponsivenessOptions,
    pub authenticity: AuthenticityOptions,
    pub consistency: ConsistencyOptions,
    pub community: CommunityOptions,
    pub conduct: ConductOptions,
    pub platform: PlatformOptions,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_posts: 5,
            dialogue: DialogueOptions::default(),
            promotion: PromotionOptions::default(),
            responsiveness: ResponsivenessOptions::default(),
            authenticity: AuthenticityOptions::default(),
            consistency: ConsistencyOptions::default(),
            community: CommunityOptions::default(),
            conduct: ConductOptions::default(),
            platform: PlatformOptions::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct DialogueOptions {
    /// Least share of top-level posts that ask or invite a reply.
    pub min_invitation_share: f64,
    /// Least share of the account's output that is replies to people.
    pub min_reply_share: f64,
}

impl Default for DialogueOptions {
    fn default() -> Self {
        DialogueOptions {
            min_invitation_share: 0.25,
            min_reply_share: 0.2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct PromotionOptions {
    /// Most share of top-level posts that may be promotional (the 80/20 norm).
    pub max_promotional_share: f64,
    /// Brand-centred wording needs at least this many first-person words ...
    pub min_first_person: usize,
    /// ... and this many times as many as second-person ones (plus one).
    pub first_person_ratio: f64,
    /// More hard-sell phrases (regular expressions, case-insensitive).
    pub extra_phrases: Vec<String>,
}

impl Default for PromotionOptions {
    fn default() -> Self {
        PromotionOptions {
            max_promotional_share: 0.2,
            min_first_person: 3,
            first_person_ratio: 2.0,
            extra_phrases: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct ResponsivenessOptions {
    /// Least share of comments and mentions the account should answer.
    pub target_response_rate: f64,
    /// Most median minutes to the account's first reply.
    pub target_median_minutes: f64,
}

impl Default for ResponsivenessOptions {
    fn default() -> Self {
        ResponsivenessOptions {
            target_response_rate: 0.8,
            target_median_minutes: 60.0,
        }
    }
}

/// Thresholds of the authenticity rules (`A`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct AuthenticityOptions {
    /// Least similarity (Jaccard of word pairs, 0-1) for two texts to count
    /// as the same text (A001, A003); 1 means identical after normalising.
    pub similarity: f64,
    /// Texts shorter than this many words are never called copies (A001, A003).
    pub min_words: usize,
    /// A reply sent at least this many times, nearly word for word, is
    /// canned (A001).
    pub canned_min_copies: usize,
    /// A reply asking only to "DM us" has at most this many other words (A002).
    pub dm_only_max_words: usize,
    /// More boilerplate phrases (regular expressions, case-insensitive; A002).
    pub extra_boilerplate: Vec<String>,
    /// Most share of letters in capitals (A004).
    pub max_caps_share: f64,
    /// Capitals are judged only on posts with at least this many letters,
    /// not counting acronyms of up to three capitals (A004).
    pub min_caps_letters: usize,
    /// Longest run of exclamation marks allowed (A004).
    pub max_exclamation_run: usize,
    /// Most hashtags in a post (A005).
    pub max_hashtags: usize,
    /// Most accounts mentioned in a post (A006).
    pub max_mentions: usize,
    /// More engagement-bait phrases (regular expressions, case-insensitive; A007).
    pub extra_bait: Vec<String>,
}

impl Default for AuthenticityOptions {
    fn default() -> Self {
        AuthenticityOptions {
            similarity: 0.6,
            min_words: 8,
            canned_min_copies: 3,
            dm_only_max_words: 4,
            extra_boilerplate: Vec::new(),
            max_caps_share: 0.7,
            min_caps_letters: 12,
            max_exclamation_run: 2,
            max_hashtags: 5,
            max_mentions: 5,
            extra_bait: Vec::new(),
        }
    }
}

/// Thresholds of the consistency rules (`S`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct ConsistencyOptions {}

/// Thresholds of the community rules (`C`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct CommunityOptions {
    /// Least share of the account's feed (original posts and shares) that
    /// mentions, credits, thanks or reshares others (C101).
    pub min_community_share: f64,
}

impl Default for CommunityOptions {
    fn default() -> Self {
        CommunityOptions {
            min_community_share: 0.2,
        }
    }
}

/// Thresholds of the conduct rules (`V`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct ConductOptions {
    /// A post whose tone (VADER compound, -1 to 1, apologies left out) is at
    /// or below this reads as hostile or complaining (V001).
    pub max_negative_tone: f64,
    /// Replies by the account to the same person in one thread, in a
    /// negative exchange, that make a public argument (V003).
    pub argument_min_replies: usize,
    /// A reply whose tone aimed at people is at or below this pushes back
    /// (V003).
    pub pushback_tone: f64,
    /// Praise such as "oh great" is sarcastic when the rest of the post is
    /// below this tone (V002).
    pub sarcasm_context_tone: f64,
}

impl Default for ConductOptions {
    fn default() -> Self {
        ConductOptions {
            max_negative_tone: -0.5,
            argument_min_replies: 2,
            pushback_tone: -0.3,
            sarcasm_context_tone: -0.2,
        }
    }
}

/// Thresholds of the platform rules (`F`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct PlatformOptions {}

impl Settings {
    /// Parses a config file's text; `path` names it in errors.
    pub fn from_toml(text: &str, path: &Path) -> anyhow::Result<Settings> {
        let settings: Settings = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.to_string().trim_end()))?;
        settings
            .validate()
            .with_context(|| format!("{}", path.display()))?;
        Ok(settings)
    }

    /// Loads `explicit`, or the nearest `postaudit.toml` above `start`, or
    /// the defaults. Returns the settings and the file they came from.
    pub fn discover(
        explicit: Option<&Path>,
        start: &Path,
    ) -> anyhow::Result<(Settings, Option<PathBuf>)> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => start
                .ancestors()
                .map(|d| d.join(CONFIG_FILE))
                .find(|p| p.is_file()),
        };
        match path {
            None => Ok((Settings::default(), None)),
            Some(p) => {
                let text = std::fs::read_to_string(&p)
                    .with_context(|| format!("{}: cannot read the config file", p.display()))?;
                Ok((Settings::from_toml(&text, &p)?, Some(p)))
            }
        }
    }

    fn validate(&self) -> anyhow::Result<()> {
        let shares = [
            (
                "dialogue.min-invitation-share",
                self.dialogue.min_invitation_share,
            ),
            ("dialogue.min-reply-share", self.dialogue.min_reply_share),
            (
                "promotion.max-promotional-share",
                self.promotion.max_promotional_share,
            ),
            (
                "responsiveness.target-response-rate",
                self.responsiveness.target_response_rate,
            ),
            ("authenticity.similarity", self.authenticity.similarity),
            (
                "authenticity.max-caps-share",
                self.authenticity.max_caps_share,
            ),
            (
                "community.min-community-share",
                self.community.min_community_share,
            ),
        ];
        for (key, v) in shares {
            anyhow::ensure!(
                (0.0..=1.0).contains(&v),
                "{key} = {v}: expected a share from 0 to 1"
            );
        }
        anyhow::ensure!(
            self.responsiveness.target_median_minutes >= 0.0,
            "responsiveness.target-median-minutes must not be negative"
        );
        anyhow::ensure!(
            self.authenticity.canned_min_copies >= 2,
            "authenticity.canned-min-copies = {}: expected at least 2",
            self.authenticity.canned_min_copies
        );
        anyhow::ensure!(
            self.conduct.argument_min_replies >= 1,
            "conduct.argument-min-replies = 0: expected at least 1"
        );
        let tones = [
            ("conduct.max-negative-tone", self.conduct.max_negative_tone),
            ("conduct.pushback-tone", self.conduct.pushback_tone),
            (
                "conduct.sarcasm-context-tone",
                self.conduct.sarcasm_context_tone,
            ),
        ];
        for (key, v) in tones {
            anyhow::ensure!(
                (-1.0..=0.0).contains(&v),
                "{key} = {v}: expected a tone from -1 to 0"
            );
        }
        let patterns = [
            (
                "authenticity.extra-boilerplate",
                &self.authenticity.extra_boilerplate,
            ),
            ("authenticity.extra-bait", &self.authenticity.extra_bait),
        ];
        for (key, list) in patterns {
            for p in list {
                regex::Regex::new(p)
                    .with_context(|| format!("{key}: {p:?} is not a valid regular expression"))?;
            }
        }
        for p in &self.promotion.extra_phrases {
            regex::Regex::new(p).with_context(|| {
                format!("promotion.extra-phrases: {p:?} is not a valid regular expression")
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kebab_case_and_keeps_defaults() {
        let s = Settings::from_toml(
            "[responsiveness]\ntarget-median-minutes = 120\n",
            Path::new("postaudit.toml"),
        )
        .unwrap();
        assert_eq!(s.responsiveness.target_median_minutes, 120.0);
        assert_eq!(s.promotion, PromotionOptions::default());
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        let e =
            Settings::from_toml("[promotion]\nmax-share = 0.3\n", Path::new("p.toml")).unwrap_err();
        let msg = format!("{e:#}");
        assert!(
            msg.contains("p.toml") && msg.contains("max-share") && msg.contains("line 2"),
            "{msg}"
        );
        let e = Settings::from_toml("[dialogue]\nmin-reply-share = 3\n", Path::new("p.toml"))
            .unwrap_err();
        assert!(format!("{e:#}").contains("expected a share from 0 to 1"));
    }

    #[test]
    fn checks_the_authenticity_community_and_conduct_options() {
        let s = Settings::from_toml(
            "[authenticity]\nmax-hashtags = 3\nextra-bait = [\"smash that\"]\n[conduct]\nmax-negative-tone = -0.7\n[community]\nmin-community-share = 0.3\n",
            Path::new("p.toml"),
        )
        .unwrap();
        assert_eq!(s.authenticity.max_hashtags, 3);
        assert_eq!(s.authenticity.min_words, 8);
        assert_eq!(s.conduct.max_negative_tone, -0.7);
        assert_eq!(s.community.min_community_share, 0.3);
        for (toml, expected) in [
            (
                "[authenticity]\nsimilarity = 1.5\n",
                "authenticity.similarity = 1.5",
            ),
            (
                "[authenticity]\ncanned-min-copies = 1\n",
                "expected at least 2",
            ),
            (
                "[authenticity]\nextra-boilerplate = [\"(\"]\n",
                "authenticity.extra-boilerplate",
            ),
            (
                "[conduct]\nmax-negative-tone = 0.5\n",
                "expected a tone from -1 to 0",
            ),
            (
                "[conduct]\nargument-min-replies = 0\n",
                "argument-min-replies",
            ),
            (
                "[conduct]\npushback-tone = -2\n",
                "conduct.pushback-tone = -2",
            ),
            (
                "[conduct]\nsarcasm-context-tone = 1\n",
                "conduct.sarcasm-context-tone = 1",
            ),
            (
                "[community]\nmin-community-share = -1\n",
                "community.min-community-share",
            ),
            ("[community]\nmin-share = 0.1\n", "min-share"),
        ] {
            let e = Settings::from_toml(toml, Path::new("p.toml")).unwrap_err();
            let msg = format!("{e:#}");
            assert!(
                msg.contains(expected) && msg.contains("p.toml"),
                "{toml}: {msg}"
            );
        }
    }
}
