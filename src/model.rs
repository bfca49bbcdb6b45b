//! The one shape every loader produces: records read from an export, the
//! records that were skipped, and notes about records that were read but not
//! fully understood.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// Where a record came from: the input's display path and the 1-based line
/// on which the record starts (for a CSV row, the line of its first field,
/// even when quoted fields span several lines).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Source {
    pub path: Arc<str>,
    pub line: u64,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

/// What a record is, as far as the export says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// An original post, or a reply when it has a parent.
    #[default]
    Post,
    /// A re-share of someone else's content (a retweet, a boost, a repost).
    Share,
}

impl Kind {
    /// Its name in reports: `post` or `share`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Share => "share",
        }
    }
}

/// One record of an export: a post, a reply, a comment or a share.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// The export's id, or `<file>:<line>` when the export has none.
    pub id: String,
    /// The author's handle as written in the export (without a leading `@`);
    /// empty when the export has no author column (a content calendar).
    pub author: String,
    /// Seconds since the Unix epoch, UTC, when the export gives a readable time.
    pub created: Option<i64>,
    pub text: String,
    /// The id of the record this one replies to.
    pub parent_id: Option<String>,
    /// The platform, lower-cased, when the export says.
    pub platform: Option<String>,
    pub kind: Kind,
    /// True for a post that is scheduled, not published (it can have no replies).
    pub planned: bool,
    pub source: Source,
    /// What few records carry ([`Post::campaign`], [`Post::status`],
    /// [`Post::suppress`]), held apart: `None` for most records, which are
    /// the smaller for it (64 bytes each: 64 MB for a million records).
    extra: Option<Box<Extra>>,
}

/// The fields of a [`Post`] that most records leave empty.
#[derive(Debug, Clone, PartialEq, Default)]
struct Extra {
    campaign: Option<String>,
    status: Option<String>,
    suppress: Vec<String>,
}

impl Post {
    /// A record with the given text and source and every other field empty.
    pub fn new(id: impl Into<String>, text: impl Into<String>, source: Source) -> Self {
        Post {
            id: id.into(),
            author: String::new(),
            created: None,
            text: text.into(),
            parent_id: None,
            platform: None,
            kind: Kind::Post,
            planned: false,
            source,
            extra: None,
        }
    }

    /// The campaign a content calendar files the post under, when it says.
    pub fn campaign(&self) -> Option<&str> {
        self.extra.as_ref()?.campaign.as_deref()
    }

    /// The workflow status a content calendar gives (`draft`, `scheduled`
    /// ...).
    pub fn status(&self) -> Option<&str> {
        self.extra.as_ref()?.status.as_deref()
    }

    /// Rules the writer silenced for this record, as written (codes,
    /// prefixes, names, or `all`): from a `postaudit-ignore` column or a
    /// `postaudit: ignore[..]` marker in the notes or the text.
    pub fn suppress(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |e| e.suppress.as_slice())
    }

    pub fn set_campaign(&mut self, campaign: Option<String>) {
        self.set_extra(campaign.is_none(), |e| e.campaign = campaign);
    }

    pub fn set_status(&mut self, status: Option<String>) {
        self.set_extra(status.is_none(), |e| e.status = status);
    }

    pub fn set_suppress(&mut self, suppress: Vec<String>) {
        self.set_extra(suppress.is_empty(), |e| e.suppress = suppress);
    }

    /// Changes the extra fields (`empty`: to an empty value). A record
    /// whose extra fields are all empty holds none, so that two records
    /// equal field by field are equal, and most records allocate nothing.
    fn set_extra(&mut self, empty: bool, set: impl FnOnce(&mut Extra)) {
        if empty && self.extra.is_none() {
            return;
        }
        let mut extra = self.extra.take().unwrap_or_default();
        set(&mut extra);
        if *extra != Extra::default() {
            self.extra = Some(extra);
        }
    }
}

/// A record that was read but not audited, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub source: Source,
    pub reason: String,
}

/// A problem with one field of a record that was still audited (for example
/// a time that could not be read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputWarning {
    pub source: Source,
    pub message: String,
}

/// The parent id of a reply whose export says it answers someone but not
/// which record (a Facebook or Instagram comment): it never matches a
/// record, so the reply counts as one to people outside the export.
pub const UNKNOWN_PARENT: &str = "?";

/// A handle an export names as its owner (Twitter's `account.js`,
/// Mastodon's `actor.json`): the account when `--account` is not given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub handle: String,
    /// The file that names it.
    pub path: Arc<str>,
}

/// Everything the loaders read from all inputs.
#[derive(Debug, Default)]
pub struct Dataset {
    pub posts: Vec<Post>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<InputWarning>,
    /// Handles the exports name as their owner, in the order read.
    pub owners: Vec<Owner>,
    /// Files inside a directory or archive that were passed over (not a
    /// recognised export), each with why.
    pub passed_over: Vec<String>,
    /// Full texts of X long posts (an archive's `note-tweet.js`), joined
    /// to their truncated tweets once every input is read.
    pub long_texts: Vec<crate::load::twitter_archive::LongText>,
}

impl Dataset {
    /// Records read in all: audited plus skipped.
    pub fn records(&self) -> usize {
        self.posts.len() + self.skipped.len()
    }

    pub fn skip(&mut self, source: Source, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            source,
            reason: reason.into(),
        });
    }

    /// Records `handle` as named by `path` as the export's owner.
    pub fn add_owner(&mut self, handle: &str, path: &Arc<str>) {
        let handle = handle.trim().trim_start_matches('@');
        if !handle.is_empty() && !self.owners.iter().any(|o| o.handle == handle) {
            self.owners.push(Owner {
                handle: handle.to_string(),
                path: path.clone(),
            });
        }
    }

    pub fn warn(&mut self, source: Source, message: impl Into<String>) {
        self.warnings.push(InputWarning {
            source,
            message: message.into(),
        });
    }

    /// Adds the records, skips and warnings of the records read after
    /// those of `self` (a part of the same input read on another core), and
    /// the owners they name that `self` does not (so the owner named first
    /// stays first, as when read on one core).
    pub fn append_records(&mut self, mut later: Dataset) {
        self.posts.append(&mut later.posts);
        self.skipped.append(&mut later.skipped);
        self.warnings.append(&mut later.warnings);
        for owner in later.owners {
            self.add_owner(&owner.handle, &owner.path);
        }
        debug_assert!(later.long_texts.is_empty() && later.passed_over.is_empty());
    }
}

/// Normalises a handle for comparison: no leading `@`, lower case.
pub fn normalize_handle(handle: &str) -> String {
    handle.trim().trim_start_matches('@').to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post() -> Post {
        Post::new(
            "1",
            "hi",
            Source {
                path: Arc::from("a.csv"),
                line: 2,
            },
        )
    }

    #[test]
    fn extra_fields_are_set_read_and_cleared() {
        let mut p = post();
        p.set_campaign(Some("launch".into()));
        p.set_status(Some("draft".into()));
        p.set_suppress(vec!["P001".into()]);
        assert_eq!(
            (p.campaign(), p.status(), p.suppress()),
            (Some("launch"), Some("draft"), &["P001".to_string()][..])
        );
        p.set_campaign(None);
        p.set_status(None);
        assert_ne!(p, post());
        p.set_suppress(Vec::new());
        // Emptied, the record is the one that never had them.
        assert_eq!(p, post());
        assert_eq!(
            (p.campaign(), p.status(), p.suppress()),
            (None, None, &[][..])
        );
    }

    #[test]
    fn a_post_holds_its_rare_fields_apart() {
        // Five strings, a time, the source, two flags and a pointer (264
        // bytes with the rare fields in place).
        assert!(
            std::mem::size_of::<Post>() <= 200,
            "{}",
            std::mem::size_of::<Post>()
        );
    }
}
