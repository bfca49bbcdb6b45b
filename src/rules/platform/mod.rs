//! `platform`: fit the channel (seed 002).
//!
//! A record's platform is its export's `platform` column, or
//! `platform.default` when the export names none. A platform postaudit does
//! not know (say `facebook`) leaves the record unjudged.

pub mod hashtag_limit;
pub mod link_not_clickable;
pub mod too_long;
pub mod too_many_links;

use crate::config::Settings;
use crate::corpus::Corpus;
use crate::model::Kind;
use crate::rules::Context;
use crate::text::length::Platform;

/// The platform of account record `i`, when the rules should judge it: the
/// account's own posts and replies, not its re-shares.
pub(crate) fn platform_of(cx: &Context, i: usize) -> Option<Platform> {
    record_platform(cx.corpus, cx.settings, i)
}

/// `platform_of` for callers without a rule context (scores).
pub fn record_platform(c: &Corpus, settings: &Settings, i: usize) -> Option<Platform> {
    let p = &c.posts[i];
    if !c.is_account[i] || p.kind == Kind::Share {
        return None;
    }
    match &p.platform {
        // Read once, with the record's other signals.
        Some(_) => c.signals[i].platform,
        None => settings
            .platform
            .default
            .as_deref()
            .and_then(Platform::parse),
    }
}
