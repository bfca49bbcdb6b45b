//! Settings: every threshold the rules use, with the defaults documented in
//! README. Read from `postaudit.toml` (found by walking up from the working
//! directory, or named with `--config`); unknown keys are an error.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::ValueEnum;
use serde::{Deserialize, Serialize};

use crate::rules::{Principle, Severity};

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
    /// The platform of records whose export names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_platform: Option<String>,
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
            account: Vec::new(),
            fail_on: FailOn::Error,
            min_score: None,
            select: Vec::new(),
            extend_select: Vec::new(),
            ignore: Vec::new(),
            allow: Vec::new(),
            default_platform: None,
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct AuthenticityOptions {}

/// Thresholds of the consistency rules (`S`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct ConsistencyOptions {}

/// Thresholds of the community rules (`C`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct CommunityOptions {}

/// Thresholds of the conduct rules (`V`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct ConductOptions {}

/// Thresholds of the platform rules (`F`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct PlatformOptions {}

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
        let registry = crate::rules::custom::registry(&self.custom)?;
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
# The platform of records whose export names none ("x", "instagram", ...).
# default-platform = "x"
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
}
