//! Settings: every threshold the rules use, with the defaults documented in
//! README. Read from `postaudit.toml` (found by walking up from the working
//! directory, or named with `--config`); unknown keys are an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::ValueEnum;
use serde::{Deserialize, Serialize};

use crate::rules::{self, Principle, RuleMeta, Severity};
use crate::text::length::Platform;

pub const CONFIG_FILE: &str = "postaudit.toml";

/// When a run fails (exit 1): at findings of this severity or above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// The least severity that fails, or `None` for never.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// A rule written in the config file (`[[custom]]`): phrases or a pattern
/// that, found in one of the account's posts, make a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CustomRuleConfig {
    /// Its code: capital letters then digits (`X001`), unlike any built-in.
    pub code: String,
    /// Kebab-case name (default: `custom-` and the code in lower case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What a finding says; `%s` stands for the matched text.
    pub message: String,
    /// What the rule is for, shown by `postaudit explain` and in SARIF help.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The principle whose score its findings count against.
    pub principle: Principle,
    #[serde(default = "default_custom_severity")]
    pub severity: Severity,
    /// Words or phrases, matched whole-word and case-insensitively.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
    /// Or a regular expression (case-sensitive unless it says `(?i)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

fn default_custom_severity() -> Severity {
    Severity::Warning
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct Settings {
    /// The account's handles, whose posts are audited (`--account`); empty
    /// to infer the most frequent author.
    pub account: Vec<String>,
    /// Exit 1 at findings of this severity or above (`--fail-on`).
    pub fail_on: FailOn,
    /// Exit 1 when the account score is below this (`--min-score`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<u8>,
    /// Only these rules (`--select`): codes, prefixes, names, principles.
    pub select: Vec<String>,
    /// Rules added to the selection (`--extend-select`).
    pub extend_select: Vec<String>,
    /// Rules left out (`--ignore`).
    pub ignore: Vec<String>,
    /// Words and phrases never flagged by phrase-based rules: a finding whose
    /// matched text lies within one of them (whole-word, any case) is dropped.
    pub allow: Vec<String>,
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
    /// Severity overrides: a rule code (`P001`), code prefix (`P`, `R1`),
    /// rule name (`hard-sell`) or principle (`promotion`) mapped to `error`,
    /// `warning` or `info`. The most specific key wins: a code or name, then
    /// the longest prefix, then the principle.
    pub severity: BTreeMap<String, Severity>,
    /// Rules written in the config file.
    pub custom: Vec<CustomRuleConfig>,
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
            severity: BTreeMap::new(),
            account: Vec::new(),
            fail_on: FailOn::Error,
            min_score: None,
            select: Vec::new(),
            extend_select: Vec::new(),
            ignore: Vec::new(),
            allow: Vec::new(),
            custom: Vec::new(),
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
    /// D103: most original posts in a row, by time, with no reply to anyone
    /// in between.
    pub max_broadcast_streak: usize,
}

impl Default for DialogueOptions {
    fn default() -> Self {
        DialogueOptions {
            min_invitation_share: 0.25,
            min_reply_share: 0.2,
            max_broadcast_streak: 10,
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
    /// P003: a post with a link needs at least this many words of its own
    /// (besides links, hashtags and mentions).
    pub link_only_min_words: usize,
    /// P004: most prices, discounts and codes in one post.
    pub max_pricing_mentions: usize,
    /// P103: most posts that may carry the same discount code.
    pub max_code_posts: usize,
    /// P102 (4-1-1): re-shares of others' content wanted per promotional post.
    pub reshares_per_promotion: f64,
    /// P102 (4-1-1): posts of value (not promotional) wanted per promotional post.
    pub value_posts_per_promotion: f64,
}

impl Default for PromotionOptions {
    fn default() -> Self {
        PromotionOptions {
            max_promotional_share: 0.2,
            min_first_person: 3,
            first_person_ratio: 2.0,
            extra_phrases: Vec::new(),
            link_only_min_words: 4,
            max_pricing_mentions: 2,
            max_code_posts: 2,
            reshares_per_promotion: 1.0,
            value_posts_per_promotion: 4.0,
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
    /// R003: a first reply later than this many hours is late.
    pub late_reply_hours: f64,
    /// R003: leave Saturdays and Sundays (UTC) out of the wait, so that a
    /// team that answers on working days is not flagged for weekends.
    pub skip_weekends: bool,
}

impl Default for ResponsivenessOptions {
    fn default() -> Self {
        ResponsivenessOptions {
            target_response_rate: 0.8,
            target_median_minutes: 60.0,
            late_reply_hours: 48.0,
            skip_weekends: true,
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
    /// Most share of the account's replies to people that may be canned
    /// (A101).
    pub max_canned_share: f64,
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
            max_canned_share: 0.25,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct ConsistencyOptions {
    /// S001: most days between consecutive top-level posts.
    pub max_gap_days: f64,
    /// S002: this many promotional posts ...
    pub promo_burst_posts: usize,
    /// ... within this many hours are a promotional burst.
    pub promo_burst_hours: f64,
    /// S101: a gap longer than this many days is a silence that splits the
    /// timeline into periods of activity.
    pub silence_days: f64,
    /// S101: a period of activity no longer than this many days ...
    pub burst_days: f64,
    /// ... holding at least this many posts is a burst.
    pub burst_min_posts: usize,
    /// S101: campaign mode when bursts hold at least this share of posts.
    pub campaign_share: f64,
}

impl Default for ConsistencyOptions {
    fn default() -> Self {
        ConsistencyOptions {
            max_gap_days: 14.0,
            promo_burst_posts: 3,
            promo_burst_hours: 48.0,
            silence_days: 14.0,
            burst_days: 7.0,
            burst_min_posts: 3,
            campaign_share: 0.6,
        }
    }
}

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct PlatformOptions {
    /// The platform of records whose export names none: `x`, `bluesky`,
    /// `mastodon`, `threads`, `linkedin` or `instagram`. Unset, such records
    /// are not judged by the platform rules.
    pub default: Option<String>,
    /// X: most weighted characters (twitter-text v3).
    pub x_limit: usize,
    /// Bluesky: most graphemes.
    pub bluesky_limit: usize,
    /// Mastodon: most characters (the server's setting; 500 by default).
    pub mastodon_limit: usize,
    /// Threads: most characters.
    pub threads_limit: usize,
    /// LinkedIn: most characters in a post.
    pub linkedin_limit: usize,
    /// Instagram: most characters in a caption.
    pub instagram_limit: usize,
    /// Instagram: most hashtags in a caption (30; Instagram announced 5 in
    /// December 2025).
    pub instagram_max_hashtags: usize,
    /// LinkedIn: most characters in a comment (a reply).
    pub linkedin_comment_limit: usize,
    /// Threads: most distinct links in a post (Meta refuses more from
    /// December 22, 2025).
    pub threads_max_links: usize,
}

impl Default for PlatformOptions {
    fn default() -> Self {
        PlatformOptions {
            default: None,
            x_limit: 280,
            bluesky_limit: 300,
            mastodon_limit: 500,
            threads_limit: 500,
            linkedin_limit: 3000,
            instagram_limit: 2200,
            instagram_max_hashtags: 30,
            linkedin_comment_limit: 1250,
            threads_max_links: 5,
        }
    }
}

impl PlatformOptions {
    /// The length limit of `platform`.
    pub fn limit(&self, platform: Platform) -> usize {
        match platform {
            Platform::X => self.x_limit,
            Platform::Bluesky => self.bluesky_limit,
            Platform::Mastodon => self.mastodon_limit,
            Platform::Threads => self.threads_limit,
            Platform::LinkedIn => self.linkedin_limit,
            Platform::Instagram => self.instagram_limit,
        }
    }
}

impl Settings {
    /// Parses a config file's text; `path` names it in errors.
    pub fn from_toml(text: &str, path: &Path) -> anyhow::Result<Settings> {
        let settings: Settings = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.to_string().trim_end()))?;
        if let Err(e) = settings.validate() {
            // Validation messages start with the key they are about: point
            // at the line that sets it.
            let msg = format!("{e:#}");
            let key = msg.split([' ', ':']).next().unwrap_or("");
            return Err(match key_line(text, key) {
                Some(line) => anyhow::anyhow!("{}:{line}: {msg}", path.display()),
                None => anyhow::anyhow!("{}: {msg}", path.display()),
            });
        }
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

    /// The value of a dotted settings key (`dialogue.min-reply-share`,
    /// `min-posts`) as JSON, `None` for a key that does not exist.
    pub fn value_of(&self, key: &str) -> Option<serde_json::Value> {
        let mut v = serde_json::to_value(self).ok()?;
        for part in key.split('.') {
            v = v.get_mut(part)?.take();
        }
        Some(v)
    }

    /// The severity `[severity]` gives the rule, if any: the most specific
    /// key that selects it.
    pub fn severity_override(&self, meta: &RuleMeta) -> Option<Severity> {
        self.severity
            .iter()
            .filter(|(key, _)| rules::matches(key, meta))
            .max_by_key(|(key, _)| specificity(key, meta))
            .map(|(_, s)| *s)
    }

    /// The severity findings of the rule carry: the override or the default.
    pub fn severity_of(&self, meta: &RuleMeta) -> Severity {
        self.severity_override(meta).unwrap_or(meta.severity)
    }

    /// Adds `--severity KEY=LEVEL` overrides, which win over the file's.
    pub fn add_severity_overrides(&mut self, args: &[String]) -> anyhow::Result<()> {
        for arg in args {
            let (key, level) = arg
                .split_once('=')
                .with_context(|| format!("--severity {arg:?}: expected CODE=LEVEL"))?;
            let level = match level.trim().to_lowercase().as_str() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "info" => Severity::Info,
                other => anyhow::bail!(
                    "--severity {arg:?}: unknown level {other:?} (expected error, warning or info)"
                ),
            };
            let key = key.trim().to_string();
            check_severity_key(&self.registry()?, &key)
                .with_context(|| format!("--severity {arg:?}"))?;
            self.severity.insert(key, level);
        }
        Ok(())
    }

    fn validate(&self) -> anyhow::Result<()> {
        let registry = crate::rules::custom::registry(&self.custom)?;
        for key in self.severity.keys() {
            check_severity_key(&registry, key).with_context(|| format!("[severity] {key:?}"))?;
        }
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
            (
                "consistency.campaign-share",
                self.consistency.campaign_share,
            ),
            ("authenticity.similarity", self.authenticity.similarity),
            (
                "authenticity.max-canned-share",
                self.authenticity.max_canned_share,
            ),
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
            self.responsiveness.late_reply_hours > 0.0,
            "responsiveness.late-reply-hours must be positive"
        );
        let p = &self.promotion;
        for (key, v) in [
            ("promotion.reshares-per-promotion", p.reshares_per_promotion),
            (
                "promotion.value-posts-per-promotion",
                p.value_posts_per_promotion,
            ),
        ] {
            anyhow::ensure!(
                (0.0..=100.0).contains(&v),
                "{key} = {v}: expected a number from 0 to 100"
            );
        }
        anyhow::ensure!(
            p.max_code_posts >= 1,
            "promotion.max-code-posts must be at least 1"
        );
        anyhow::ensure!(
            self.dialogue.max_broadcast_streak >= 1,
            "dialogue.max-broadcast-streak must be at least 1"
        );
        let c = &self.consistency;
        for (key, v) in [
            ("consistency.max-gap-days", c.max_gap_days),
            ("consistency.promo-burst-hours", c.promo_burst_hours),
            ("consistency.silence-days", c.silence_days),
            ("consistency.burst-days", c.burst_days),
        ] {
            anyhow::ensure!(v > 0.0, "{key} = {v}: expected a positive number");
        }
        anyhow::ensure!(
            c.promo_burst_posts >= 2,
            "consistency.promo-burst-posts = {}: expected at least 2",
            c.promo_burst_posts
        );
        anyhow::ensure!(
            c.burst_min_posts >= 2,
            "consistency.burst-min-posts = {}: expected at least 2",
            c.burst_min_posts
        );
        anyhow::ensure!(
            c.burst_days < c.silence_days,
            "consistency.burst-days ({}) must be shorter than consistency.silence-days ({})",
            c.burst_days,
            c.silence_days
        );
        if let Some(d) = &self.platform.default {
            anyhow::ensure!(
                Platform::parse(d).is_some(),
                "platform.default = {d:?}: expected one of x, bluesky, mastodon, threads, linkedin, instagram"
            );
        }
        anyhow::ensure!(
            self.platform.linkedin_comment_limit > 0,
            "platform.linkedin-comment-limit must be at least 1"
        );
        for p in Platform::ALL {
            anyhow::ensure!(
                self.platform.limit(p) > 0,
                "platform.{}-limit must be at least 1",
                p.name().to_lowercase()
            );
        }
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
        if let Some(score) = self.min_score {
            anyhow::ensure!(
                score <= 100,
                "min-score = {score}: expected a score from 0 to 100"
            );
        }
        for (i, phrase) in self.allow.iter().enumerate() {
            anyhow::ensure!(!phrase.trim().is_empty(), "allow: entry {} is empty", i + 1);
        }
        for (key, selectors) in [
            ("select", &self.select),
            ("extend-select", &self.extend_select),
            ("ignore", &self.ignore),
        ] {
            crate::rules::check_selectors(&registry, selectors).with_context(|| key.to_string())?;
        }
        Ok(())
    }

    /// Every rule the settings know of: the built-in ones, then the custom
    /// ones of `[[custom]]`.
    pub fn registry(&self) -> anyhow::Result<Vec<&'static dyn crate::rules::Rule>> {
        crate::rules::custom::registry(&self.custom)
    }
}

/// How specific a `[severity]` key is for a rule it selects: a principle
/// or `all` 0, a code prefix its length, a full code or name 10.
fn specificity(key: &str, meta: &RuleMeta) -> usize {
    let key = key.trim();
    if key.eq_ignore_ascii_case(meta.code) || key.eq_ignore_ascii_case(meta.name) {
        10
    } else if key.eq_ignore_ascii_case(meta.principle.id()) || key.eq_ignore_ascii_case("all") {
        0
    } else {
        key.len()
    }
}

/// A `[severity]` key must select a rule: built-in or `[[custom]]`.
fn check_severity_key(registry: &[&'static dyn rules::Rule], key: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        registry.iter().any(|r| rules::matches(key, r.meta())),
        "selects no rule: give a code or prefix (P, P001), a rule name or a principle"
    );
    Ok(())
}

/// The 1-based line that sets `key` in a TOML document: a dotted path
/// (`dialogue.min-reply-share`) whose parts may index an array of tables
/// (`custom[2].pattern`, counting from 1).
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let mut table = root.get_ref();
    let mut start = None;
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let (k, v) = table.iter().find(|(k, _)| k.get_ref() == name)?;
        start = Some(k.span().start);
        let mut value = v;
        if let (Some(i), toml::de::DeValue::Array(items)) = (index, v.get_ref()) {
            value = items.get(i.checked_sub(1)?)?;
            start = Some(value.span().start);
        }
        match value.get_ref() {
            toml::de::DeValue::Table(t) if parts.peek().is_some() => table = t,
            _ => break,
        }
    }
    start.map(|s| text[..s].matches('\n').count() + 1)
}

/// What `postaudit init` writes: every setting at its default, commented.
/// Sections and keys come from the defaults themselves, so every option is
/// listed; the keys below get an explanation.
pub fn starter() -> String {
    let mut out = String::from(STARTER_HEAD);
    let docs = key_docs();
    let defaults = toml::to_string(&Settings::default()).expect("the defaults serialise");
    let mut section = String::new();
    for line in defaults.lines() {
        if let Some(name) = line.strip_prefix('[') {
            section = name.trim_end_matches(']').to_string();
            out.push('\n');
            out.push_str(line);
            out.push('\n');
            if section == "platform" {
                out.push_str(
                    "# The platform of records whose export names none (\"x\", \"instagram\", ...).\n# default = \"x\"\n",
                );
            }
            continue;
        }
        let Some((key, _)) = line.split_once(" = ") else {
            continue;
        };
        let key = key.trim();
        if section.is_empty() && (key == "custom" || STARTER_HEAD.contains(&format!("\n{key} ="))) {
            continue;
        }
        let path = if section.is_empty() {
            key.to_string()
        } else {
            format!("{section}.{key}")
        };
        if let Some((_, doc)) = docs.iter().find(|(k, _)| *k == path) {
            for line in wrap(doc, 76) {
                out.push_str(&format!("# {line}\n"));
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(STARTER_TAIL);
    out
}

const STARTER_HEAD: &str = r#"# postaudit.toml: settings for `postaudit check`, found by walking up from
# the working directory. Every value here is the default; flags given on the
# command line override them. `postaudit check --show-config` prints the
# settings in force.

# The account's handles, whose posts are audited (--account). Empty: the
# most frequent author of top-level posts.
account = []
# Exit 1 at findings of this severity or above (--fail-on): "error",
# "warning", "info" or "never".
fail-on = "error"
# Exit 1 when the account score (0-100) is below this (--min-score).
# min-score = 70
# Rules to run (--select; empty: all), to add (--extend-select) and to leave
# out (--ignore): codes (P001), prefixes (P, R1), names (hard-sell) or
# principles (promotion).
select = []
extend-select = []
ignore = []
# Words and phrases that phrase-based rules never flag (a product called
# "Free Shipping Co", a campaign name): whole words, any case.
allow = []
"#;

const STARTER_TAIL: &str = r#"
# Rules of your own: phrases (whole words, any case) or a regular
# expression; `%s` in the message stands for the matched text. Codes are
# capital letters then digits, unlike any built-in code.
#
# [[custom]]
# code = "X001"
# name = "no-jargon"
# message = "jargon %s: say it the way your readers would"
# principle = "authenticity"
# severity = "warning"
# phrases = ["synergy", "leverage"]
# pattern = "(?i)\bbest[- ]in[- ]class\b"    # instead of phrases
"#;

/// Every key's doc comment, by dotted path (`dialogue.min-reply-share`),
/// read from this file's source: the settings structs document each field,
/// so the starter file explains every key, whoever added it.
pub fn key_docs() -> Vec<(String, String)> {
    // (struct, field, type, doc) of every documented `pub` field.
    let mut fields: Vec<(&str, &str, &str, String)> = Vec::new();
    let mut current: Option<&str> = None;
    let mut doc: Vec<&str> = Vec::new();
    for line in include_str!("config.rs").lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("pub struct ") {
            current = rest.split([' ', '{', '(']).next();
            doc.clear();
        } else if line.starts_with('}') {
            current = None;
        } else if let Some(d) = t.strip_prefix("///") {
            doc.push(d.trim());
        } else if t.starts_with("#[") {
            // Attributes between a doc comment and its field.
        } else {
            if let (Some(s), Some(rest)) = (current, t.strip_prefix("pub "))
                && let Some((name, ty)) = rest.split_once(':')
            {
                fields.push((
                    s,
                    name.trim(),
                    ty.trim().trim_end_matches(','),
                    doc.join(" "),
                ));
            }
            doc.clear();
        }
    }
    let section = |s: &str| -> Option<String> {
        if s == "Settings" {
            return Some(String::new());
        }
        fields
            .iter()
            .find(|(owner, _, ty, _)| *owner == "Settings" && *ty == s)
            .map(|(_, name, _, _)| name.replace('_', "-"))
    };
    fields
        .iter()
        .filter(|(_, _, _, doc)| !doc.is_empty())
        .filter_map(|(owner, name, _, doc)| {
            let key = name.replace('_', "-");
            let path = match section(owner)? {
                s if s.is_empty() => key,
                s => format!("{s}.{key}"),
            };
            Some((path, doc.clone()))
        })
        .collect()
}

/// Words of `text` in lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_reads_back_as_the_defaults() {
        let s = Settings::from_toml(&starter(), Path::new("postaudit.toml")).unwrap();
        assert_eq!(s, Settings::default());
    }

    #[test]
    fn every_option_has_its_doc_comment_in_the_starter() {
        let docs = key_docs();
        let doc = |k: &str| docs.iter().find(|(p, _)| p == k).map(|(_, d)| d.as_str());
        assert_eq!(
            doc("dialogue.min-reply-share"),
            Some("Least share of the account's output that is replies to people.")
        );
        assert!(doc("min-posts").unwrap().starts_with("Account-level rules"));
        assert!(doc("responsiveness.target-median-minutes").is_some());
        let starter = starter();
        let at = starter.find("\nmin-reply-share = ").unwrap();
        assert!(
            starter[..at]
                .ends_with("# Least share of the account's output that is replies to people."),
            "{starter}"
        );
        // Every key of a section gets a comment line above it.
        let lines: Vec<&str> = starter.lines().collect();
        let mut in_section = false;
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with('[') {
                in_section = true;
            } else if in_section && !line.starts_with('#') && line.contains(" = ") {
                assert!(lines[i - 1].starts_with('#'), "no comment above {line:?}");
            }
        }
    }

    #[test]
    fn out_of_range_thresholds_name_their_key() {
        for (toml, key) in [
            (
                "[consistency]\ncampaign-share = 2\n",
                "consistency.campaign-share",
            ),
            (
                "[consistency]\nmax-gap-days = 0\n",
                "consistency.max-gap-days",
            ),
            (
                "[consistency]\npromo-burst-posts = 1\n",
                "consistency.promo-burst-posts",
            ),
            (
                "[consistency]\nburst-min-posts = 1\n",
                "consistency.burst-min-posts",
            ),
            ("[platform]\nx-limit = 0\n", "platform.x-limit"),
            (
                "[platform]\nlinkedin-comment-limit = 0\n",
                "platform.linkedin-comment-limit",
            ),
            (
                "[responsiveness]\nlate-reply-hours = 0\n",
                "responsiveness.late-reply-hours",
            ),
            (
                "[dialogue]\nmax-broadcast-streak = 0\n",
                "dialogue.max-broadcast-streak",
            ),
            (
                "[promotion]\nmax-code-posts = 0\n",
                "promotion.max-code-posts",
            ),
            (
                "[promotion]\nvalue-posts-per-promotion = -1\n",
                "promotion.value-posts-per-promotion",
            ),
        ] {
            let e = Settings::from_toml(toml, Path::new("p.toml")).unwrap_err();
            let msg = format!("{e:#}");
            assert!(msg.contains(key) && msg.contains("p.toml"), "{toml}: {msg}");
        }
    }

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
    fn the_most_specific_severity_key_wins() {
        let s = Settings::from_toml(
            "[severity]\npromotion = \"error\"\nP0 = \"info\"\nhard-sell = \"warning\"\n",
            Path::new("p.toml"),
        )
        .unwrap();
        let meta = |code| rules::find(code).unwrap().meta();
        assert_eq!(s.severity_of(meta("P001")), Severity::Warning);
        assert_eq!(s.severity_of(meta("P002")), Severity::Info);
        assert_eq!(s.severity_of(meta("P101")), Severity::Error);
        assert_eq!(s.severity_of(meta("R002")), Severity::Error);
        assert_eq!(s.severity_override(meta("R001")), None);

        let e =
            Settings::from_toml("[severity]\nZ9 = \"info\"\n", Path::new("p.toml")).unwrap_err();
        assert!(
            format!("{e:#}").contains("[severity] \"Z9\": selects no rule"),
            "{e:#}"
        );
        let e =
            Settings::from_toml("[severity]\nP001 = \"loud\"\n", Path::new("p.toml")).unwrap_err();
        assert!(format!("{e:#}").contains("loud"), "{e:#}");
    }

    #[test]
    fn every_documented_option_is_a_setting() {
        let s = Settings::default();
        for r in rules::ALL {
            for key in r.meta().option_keys() {
                assert!(
                    s.value_of(&key).is_some(),
                    "{}: documents {key}, which is not a setting",
                    r.meta().code
                );
            }
        }
        assert_eq!(
            s.value_of("dialogue.min-reply-share"),
            Some(serde_json::json!(0.2))
        );
        assert_eq!(
            s.value_of("platform.default"),
            Some(serde_json::Value::Null)
        );
        assert_eq!(s.value_of("dialogue.nope"), None);
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
