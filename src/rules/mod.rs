//! The rule engine: the [`Rule`] trait, the registry of every rule, and rule
//! selection.
//!
//! Each rule lives in its own file under the folder of its principle and is
//! declared with [`declare_rule!`](crate::declare_rule), whose doc comment is the rule's
//! documentation (`postaudit explain CODE` prints it). A rule's code is a
//! family letter and three digits: the letter names the principle, `0xx`
//! codes judge one post, `1xx` codes judge the account as a whole.

pub mod authenticity;
pub mod community;
pub mod conduct;
pub mod consistency;
pub mod cues;
pub mod custom;
pub mod dialogue;
pub mod platform;
pub mod promotion;
pub mod responsiveness;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use clap::ValueEnum;
use serde::{Deserialize, Serialize};

use crate::config::Settings;
use crate::corpus::Corpus;
use crate::metrics::Metrics;
use crate::text::Span;

/// How much a finding matters. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The principles of `PRINCIPLES.md`, each a family of rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Principle {
    Dialogue,
    Promotion,
    Responsiveness,
    Authenticity,
    Consistency,
    Community,
    Conduct,
    Platform,
}

impl Principle {
    pub const ALL: [Principle; 8] = [
        Principle::Dialogue,
        Principle::Promotion,
        Principle::Responsiveness,
        Principle::Authenticity,
        Principle::Consistency,
        Principle::Community,
        Principle::Conduct,
        Principle::Platform,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Principle::Dialogue => "dialogue",
            Principle::Promotion => "promotion",
            Principle::Responsiveness => "responsiveness",
            Principle::Authenticity => "authenticity",
            Principle::Consistency => "consistency",
            Principle::Community => "community",
            Principle::Conduct => "conduct",
            Principle::Platform => "platform",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Principle::Dialogue => "Two-way dialogue",
            Principle::Promotion => "Value before promotion",
            Principle::Responsiveness => "Reply to the people who talk to you",
            Principle::Authenticity => "A genuine, human voice",
            Principle::Consistency => "Relationship with campaigns on top",
            Principle::Community => "Build community and credit others",
            Principle::Conduct => "The organisation's voice follows a protocol",
            Principle::Platform => "Fit the channel",
        }
    }

    /// The family letter of the principle's rule codes.
    pub fn letter(self) -> char {
        match self {
            Principle::Dialogue => 'D',
            Principle::Promotion => 'P',
            Principle::Responsiveness => 'R',
            Principle::Authenticity => 'A',
            Principle::Consistency => 'S',
            Principle::Community => 'C',
            Principle::Conduct => 'V',
            Principle::Platform => 'F',
        }
    }

    /// The core three weigh double in the account score.
    pub fn weight(self) -> f64 {
        match self {
            Principle::Dialogue | Principle::Promotion | Principle::Responsiveness => 2.0,
            _ => 1.0,
        }
    }
}

impl fmt::Display for Principle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Whether a rule judges single records or the account as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Post,
    Account,
}

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    /// `D001`: family letter and number.
    pub code: &'static str,
    /// Kebab-case name of the bad pattern.
    pub name: &'static str,
    pub principle: Principle,
    pub severity: Severity,
    pub scope: Scope,
    /// The seed essays the rule rests on, by file name.
    pub seeds: &'static [&'static str],
    /// The doc comment: `## What it does`, `## Why is this bad?`,
    /// `## Example`, `Use instead:`, `## Options`.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The doc comment with the one leading space of each `///` line removed.
    pub fn doc_text(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The first paragraph of `## Why is this bad?`, on one line: what a
    /// finding says after "why:".
    pub fn why(&self) -> String {
        section(&self.doc_text(), "## Why is this bad?")
            .split("\n\n")
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl RuleMeta {
    /// The settings keys named in `## Options` (`- \`dialogue.min-reply-share\` ...`).
    pub fn option_keys(&self) -> Vec<String> {
        section(&self.doc_text(), "## Options")
            .lines()
            .filter_map(|l| l.trim().strip_prefix("- `"))
            .filter_map(|l| l.split('`').next())
            .map(str::to_string)
            .collect()
    }

    /// What the rule rests on: each seed cited in `## Why is this bad?`,
    /// with the words quoted from it, as `(quote, seed file)`. Quotes
    /// between two citations belong to the second.
    pub fn seed_quotes(&self) -> Vec<(String, &'static str)> {
        let doc = self.doc_text();
        let why = section(&doc, "## Why is this bad?");
        let why = why.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut out = Vec::new();
        let mut from = 0;
        loop {
            let next = self
                .seeds
                .iter()
                .filter_map(|seed| why[from..].find(seed).map(|at| (from + at, *seed)))
                .min_by_key(|(at, _)| *at);
            let Some((at, seed)) = next else { break };
            let quotes: Vec<&str> = why[from..at]
                .split('"')
                .skip(1)
                .step_by(2)
                .filter(|q| !q.trim().is_empty())
                .collect();
            if !quotes.is_empty() {
                out.push((format!("\"{}\"", quotes.join("\" ... \"")), seed));
            }
            from = at + seed.len();
        }
        out
    }
}

/// The text of a `## Heading` section, up to the next `## ` heading.
pub fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let Some(start) = doc.find(heading) else {
        return "";
    };
    let body = &doc[start + heading.len()..];
    let end = body.find("\n## ").unwrap_or(body.len());
    body[..end].trim()
}

/// Declares a rule: a unit struct, its doc comment and its [`RuleMeta`].
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $kebab:literal,
            principle: $principle:ident,
            severity: $severity:ident,
            scope: $scope:ident,
            seeds: [$($seed:literal),+ $(,)?] $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $kebab,
                principle: $crate::rules::Principle::$principle,
                severity: $crate::rules::Severity::$severity,
                scope: $crate::rules::Scope::$scope,
                seeds: &[$($seed),+],
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}

/// What a rule sees: the linked records, the account metrics, the settings.
pub struct Context<'a> {
    pub corpus: &'a Corpus,
    pub metrics: &'a Metrics,
    pub settings: &'a Settings,
}

/// One thing a rule saw.
///
/// A bulk upload of a million records has four million findings, so the
/// record and the span are held in 32 bits each (read with
/// [`Finding::post`] and [`Finding::span`]): 48 bytes a finding, not 80.
/// No corpus has 2^32 records; a span past 4 GiB into a text is left out.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: Message,
    /// The record's index in the corpus, or [`NONE`] for the account.
    post: u32,
    /// The matched phrase's byte range in the record's text; `[NONE, _]`
    /// for none.
    span: [u32; 2],
}

/// No record, no span.
const NONE: u32 = u32::MAX;

impl Finding {
    pub fn on_post(rule: &'static RuleMeta, post: usize, message: impl Into<Message>) -> Self {
        Finding {
            rule,
            severity: rule.severity,
            message: message.into(),
            post: u32::try_from(post)
                .ok()
                .filter(|&p| p != NONE)
                .expect("fewer than 2^32 - 1 records"),
            span: [NONE, 0],
        }
    }

    pub fn on_account(rule: &'static RuleMeta, message: impl Into<Message>) -> Self {
        Finding {
            rule,
            severity: rule.severity,
            message: message.into(),
            post: NONE,
            span: [NONE, 0],
        }
    }

    /// The matched phrase in the record's text (left out past 4 GiB).
    pub fn with_span(mut self, span: Span) -> Self {
        if let (Ok(start), Ok(end)) = (u32::try_from(span.start), u32::try_from(span.end))
            && start != NONE
        {
            self.span = [start, end];
        }
        self
    }

    /// The record it concerns (an index into the corpus), or `None` for the
    /// account as a whole.
    pub fn post(&self) -> Option<usize> {
        (self.post != NONE).then_some(self.post as usize)
    }

    /// The matched phrase in the record's text.
    pub fn span(&self) -> Option<Span> {
        (self.span[0] != NONE).then(|| Span::new(self.span[0] as usize, self.span[1] as usize))
    }
}

/// A finding's message. Most are written for their finding; one that many
/// findings share word for word (advice that names nothing of the record,
/// every copy of a canned reply) is held once, not once per finding: a
/// large export can have hundreds of thousands of them. One that the rule
/// can write again from the record (`Later`) is written when the report is:
/// a bulk upload of a million promotions has a million of them.
///
/// Read it with [`Finding::message`], which has the corpus `Later` needs.
#[derive(Debug, Clone)]
pub enum Message {
    Owned(String),
    Fixed(&'static str),
    Shared(Arc<str>),
    /// Written by the function from the corpus and the finding's record.
    Later(fn(&Corpus, usize) -> String),
}

impl Finding {
    /// The message, as the reader sees it; `c` is the corpus the finding
    /// was made on.
    pub fn message(&self, c: &Corpus) -> Cow<'_, str> {
        match (&self.message, self.post()) {
            (Message::Owned(s), _) => Cow::Borrowed(s),
            (Message::Fixed(s), _) => Cow::Borrowed(s),
            (Message::Shared(s), _) => Cow::Borrowed(s),
            (Message::Later(write), Some(i)) => Cow::Owned(write(c, i)),
            // Made by `Finding::later`, only on a record.
            (Message::Later(_), None) => Cow::Borrowed(""),
        }
    }

    /// A finding on record `post` whose message `write` writes from the
    /// corpus when it is read.
    pub fn later(
        rule: &'static RuleMeta,
        post: usize,
        write: fn(&Corpus, usize) -> String,
    ) -> Self {
        Finding::on_post(rule, post, Message::Later(write))
    }
}

impl From<String> for Message {
    /// Held in the room it needs. `format!` and a guessed capacity leave up
    /// to twice that, which a shrinking `realloc` (mimalloc's) keeps; a
    /// bulk upload has millions of messages, so one with room to spare is
    /// copied once into a new string of its length.
    fn from(s: String) -> Self {
        if s.capacity() - s.len() > s.len() / 8 {
            Message::Owned(s.as_str().to_owned())
        } else {
            Message::Owned(s)
        }
    }
}

impl From<&'static str> for Message {
    fn from(s: &'static str) -> Self {
        Message::Fixed(s)
    }
}

impl From<Arc<str>> for Message {
    fn from(s: Arc<str>) -> Self {
        Message::Shared(s)
    }
}

/// A rule: post-level rules implement `check_post`, account-level rules
/// `check_account`.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Computes, before any record is judged, the whole-corpus results the
    /// rule's checks share (see [`crate::memo`]). Every selected rule's
    /// `prepare` runs side by side, so no two threads compute one result
    /// twice, as two threads asking the memo at once could.
    fn prepare(&self, _cx: &Context) {}

    /// Judges record `i` of the corpus.
    fn check_post(&self, _cx: &Context, _i: usize, _out: &mut Vec<Finding>) {}

    /// Judges the account as a whole. A post-level rule that needs the whole
    /// timeline (say, the gap before a post) may report its findings on
    /// records from here; they are filed with their record.
    fn check_account(&self, _cx: &Context, _out: &mut Vec<Finding>) {}

    /// The patterns and tables the rule builds the first time it searches
    /// a text, each as a `fn()` that builds it (see [`crate::prebuild`]):
    /// built side by side while the input is read.
    fn lazies(&self) -> Vec<fn()> {
        Vec::new()
    }
}

/// Every rule, in code order.
pub static ALL: &[&dyn Rule] = &[
    &dialogue::no_invitation::NoInvitation,
    &dialogue::dropped_follow_up::DroppedFollowUp,
    &dialogue::low_dialogue_share::LowDialogueShare,
    &dialogue::low_reply_share::LowReplyShare,
    &dialogue::broadcast_streak::BroadcastStreak,
    &promotion::hard_sell::HardSell,
    &promotion::brand_centred::BrandCentred,
    &promotion::link_only::LinkOnly,
    &promotion::pricing_spam::PricingSpam,
    &promotion::promotional_share::PromotionalShare,
    &promotion::four_one_one::FourOneOne,
    &promotion::repeated_code::RepeatedCode,
    &responsiveness::unanswered_comment::UnansweredComment,
    &responsiveness::unanswered_question::UnansweredQuestion,
    &responsiveness::late_reply::LateReply,
    &responsiveness::low_response_rate::LowResponseRate,
    &responsiveness::slow_response::SlowResponse,
    // authenticity (A)
    &authenticity::canned_reply::CannedReply,
    &authenticity::boilerplate::Boilerplate,
    &authenticity::duplicate_post::DuplicatePost,
    &authenticity::shouting::Shouting,
    &authenticity::hashtag_stuffing::HashtagStuffing,
    &authenticity::mention_stuffing::MentionStuffing,
    &authenticity::engagement_bait::EngagementBait,
    &authenticity::canned_share::CannedShare,
    // consistency (S)
    &consistency::long_gap::LongGap,
    &consistency::promotional_burst::PromotionalBurst,
    &consistency::campaign_mode::CampaignMode,
    // community (C)
    &community::low_community_share::LowCommunityShare,
    &community::never_credits::NeverCredits,
    // conduct (V)
    &conduct::hostile_tone::HostileTone,
    &conduct::sarcasm::Sarcasm,
    &conduct::public_argument::PublicArgument,
    // platform (F)
    &platform::too_long::TooLong,
    &platform::hashtag_limit::HashtagLimit,
    &platform::link_not_clickable::LinkNotClickable,
    &platform::too_many_links::TooManyLinks,
];

/// A share as a whole percentage: `0.256` is `26%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// Minutes as a readable duration: `45 min`, `3 h 20 min`, `2 days 4 h`.
pub fn duration(minutes: f64) -> String {
    let m = minutes.round() as i64;
    match m {
        m if m < 60 => format!("{m} min"),
        m if m < 24 * 60 => match m % 60 {
            0 => format!("{} h", m / 60),
            r => format!("{} h {r} min", m / 60),
        },
        m => {
            let days = m / (24 * 60);
            let hours = (m % (24 * 60)) / 60;
            let unit = if days == 1 { "day" } else { "days" };
            match hours {
                0 => format!("{days} {unit}"),
                h => format!("{days} {unit} {h} h"),
            }
        }
    }
}

/// Ids for a message: all of them up to `max`, then how many more
/// (`1006, 1012, 1013 and 4 more`).
pub fn id_list(ids: &[&str], max: usize) -> String {
    id_list_of(ids.iter().copied(), ids.len(), max)
}

/// [`id_list`] of `total` ids, of which `ids` yields at least the first
/// `max`: only those are read, so a list of a million ids costs no more
/// than one of `max + 1`.
pub fn id_list_of<'a>(ids: impl IntoIterator<Item = &'a str>, total: usize, max: usize) -> String {
    let mut out = String::new();
    for (k, id) in ids.into_iter().take(max.min(total)).enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(id);
    }
    if total > max {
        out.push_str(" and ");
        out.push_str(itoa::Buffer::new().format(total - max));
        out.push_str(" more");
    }
    out
}

/// Finds a rule by code or name, any case.
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    find_in(ALL, code_or_name)
}

/// Finds a rule of `registry` by code or name, any case.
pub fn find_in(registry: &[&'static dyn Rule], code_or_name: &str) -> Option<&'static dyn Rule> {
    registry.iter().copied().find(|r| {
        r.meta().code.eq_ignore_ascii_case(code_or_name)
            || r.meta().name.eq_ignore_ascii_case(code_or_name)
    })
}

/// True when `selector` picks the rule: a code or code prefix (`P`, `P0`,
/// `P001`), a rule name (`hard-sell`), a principle (`promotion`), or `ALL`.
pub fn matches(selector: &str, meta: &RuleMeta) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("all")
        || (!s.is_empty()
            && meta.code.len() >= s.len()
            && meta.code[..s.len()].eq_ignore_ascii_case(s))
        || meta.name.eq_ignore_ascii_case(s)
        || meta.principle.id().eq_ignore_ascii_case(s)
}

/// The rules `select` picks (all when empty) less those `ignore` picks.
/// A selector that picks no rule is an error naming it.
pub fn select(select: &[String], ignore: &[String]) -> anyhow::Result<Vec<&'static dyn Rule>> {
    select_from(ALL, select, ignore)
}

/// [`select`] among the rules of `registry` (built-in and custom).
pub fn select_from(
    registry: &[&'static dyn Rule],
    select: &[String],
    ignore: &[String],
) -> anyhow::Result<Vec<&'static dyn Rule>> {
    check_selectors(registry, select)?;
    check_selectors(registry, ignore)?;
    Ok(registry
        .iter()
        .copied()
        .filter(|r| select.is_empty() || select.iter().any(|s| matches(s, r.meta())))
        .filter(|r| !ignore.iter().any(|s| matches(s, r.meta())))
        .collect())
}

/// An error naming the first selector that picks no rule of `registry`.
pub fn check_selectors(registry: &[&'static dyn Rule], selectors: &[String]) -> anyhow::Result<()> {
    for s in selectors {
        anyhow::ensure!(
            registry.iter().any(|r| matches(s, r.meta())),
            "unknown rule selector {s:?}: give a code or prefix (P, P001), a rule name or a principle; `postaudit rules` lists them"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests;
