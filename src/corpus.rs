//! The audited set: records linked into reply threads, split into the
//! account's own output and its audience, with each record's text signals
//! computed once.
//!
//! The account is the set of handles given with `--account`; without it,
//! the most frequent author of top-level records (ties go to the handle that
//! sorts first). A record with no author (a content calendar names none) is
//! the account's.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{Dataset, InputWarning, Kind, Post, Skipped, normalize_handle};
use crate::text::Span;
use crate::text::entities::mentions_handle;
use crate::text::signals;

/// Whose posts are audited, and how that was decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub handles: Vec<String>,
    /// True when the handles were inferred rather than given.
    pub inferred: bool,
}

/// What a record's text shows, computed once for all rules.
#[derive(Debug, Clone, Default)]
pub struct Signals {
    pub invitation: Option<Span>,
    pub question: bool,
    pub hard_sell: Vec<Span>,
    pub pronouns: signals::Pronouns,
}

#[derive(Debug)]
pub struct Corpus {
    pub posts: Vec<Post>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<InputWarning>,
    pub account: Account,
    /// Per record: written by the account.
    pub is_account: Vec<bool>,
    /// Per record: the index of the record it replies to, when that record
    /// is in the export.
    pub parent: Vec<Option<usize>>,
    /// Per record: the replies to it, in input order.
    pub children: Vec<Vec<usize>>,
    pub signals: Vec<Signals>,
    /// Records read in all, audited or skipped.
    pub records_read: usize,
}

impl Corpus {
    /// Links `data` into threads for the account `handles` (inferred when
    /// empty). Records whose id repeats an earlier one are skipped.
    pub fn build(data: Dataset, handles: &[String], extra_sell: &[String]) -> Corpus {
        let records_read = data.records();
        let Dataset {
            posts: all,
            mut skipped,
            warnings,
        } = data;

        let mut posts = Vec::with_capacity(all.len());
        let mut by_id: HashMap<String, usize> = HashMap::with_capacity(all.len());
        for post in all {
            if let Some(&first) = by_id.get(&post.id) {
                let first: &Post = &posts[first];
                skipped.push(Skipped {
                    reason: format!(
                        "duplicate id {:?} (first seen at {})",
                        post.id, first.source
                    ),
                    source: post.source,
                });
                continue;
            }
            by_id.insert(post.id.clone(), posts.len());
            posts.push(post);
        }

        let account = match handles {
            [] => infer_account(&posts),
            given => Account {
                handles: given.iter().map(|h| normalize_handle(h)).collect(),
                inferred: false,
            },
        };
        let is_account: Vec<bool> = posts
            .iter()
            .map(|p| p.author.is_empty() || account.handles.contains(&normalize_handle(&p.author)))
            .collect();

        let parent: Vec<Option<usize>> = posts
            .iter()
            .map(|p| p.parent_id.as_ref().and_then(|id| by_id.get(id).copied()))
            .collect();
        let mut children = vec![Vec::new(); posts.len()];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = *p
                && p != i
            {
                children[p].push(i);
            }
        }

        let sell = signals::hard_sell_regex(extra_sell);
        let signals = posts
            .iter()
            .map(|p| Signals {
                invitation: signals::invitation(&p.text),
                question: signals::is_question(&p.text),
                hard_sell: signals::hard_sell_with(&sell, &p.text),
                pronouns: signals::pronouns(&p.text),
            })
            .collect();

        Corpus {
            posts,
            skipped,
            warnings,
            account,
            is_account,
            parent,
            children,
            signals,
            records_read,
        }
    }

    /// Indices of the account's records, in input order.
    pub fn account_posts(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.posts.len()).filter(|&i| self.is_account[i])
    }

    /// True for the account's own original posts: not a reply, not a share.
    pub fn is_top_level(&self, i: usize) -> bool {
        let p = &self.posts[i];
        self.is_account[i] && p.parent_id.is_none() && p.kind == Kind::Post
    }

    /// True for the account's replies to someone else (a reply whose parent
    /// is not in the export counts: archives hold only the account's side).
    pub fn is_reply_to_people(&self, i: usize) -> bool {
        self.is_account[i]
            && self.posts[i].parent_id.is_some()
            && !self.parent[i].is_some_and(|p| self.is_account[p])
    }

    /// True for an audience record that speaks to the account: a reply to
    /// one of the account's records, or a mention of one of its handles.
    pub fn addresses_account(&self, i: usize) -> bool {
        if self.is_account[i] {
            return false;
        }
        self.parent[i].is_some_and(|p| self.is_account[p])
            || self
                .account
                .handles
                .iter()
                .any(|h| mentions_handle(&self.posts[i].text, h))
    }

    /// True for an audience record that speaks to the account and calls for
    /// an answer. A follow-up that is not a question, in a thread where the
    /// account already replied ("thanks, that worked!"), closes the
    /// conversation and does not.
    pub fn expects_reply(&self, i: usize) -> bool {
        if !self.addresses_account(i) {
            return false;
        }
        let follow_up =
            self.parent[i].is_some_and(|p| self.is_account[p] && self.posts[p].parent_id.is_some());
        !follow_up || self.signals[i].question
    }

    /// The account's first reply to record `i`, if any: the earliest by time,
    /// or the first in input order when times are missing.
    pub fn first_account_reply(&self, i: usize) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .filter(|&c| self.is_account[c])
            .min_by_key(|&c| (self.posts[c].created.unwrap_or(i64::MAX), c))
    }

    /// Records by the audience (not the account).
    pub fn audience_count(&self) -> usize {
        self.is_account.iter().filter(|a| !**a).count()
    }
}

fn infer_account(posts: &[Post]) -> Account {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for p in posts
        .iter()
        .filter(|p| p.parent_id.is_none() && !p.author.is_empty())
    {
        *counts.entry(normalize_handle(&p.author)).or_default() += 1;
    }
    if counts.is_empty() {
        for p in posts.iter().filter(|p| !p.author.is_empty()) {
            *counts.entry(normalize_handle(&p.author)).or_default() += 1;
        }
    }
    let best = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(h, _)| h);
    Account {
        handles: best.into_iter().collect(),
        inferred: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn post(id: &str, author: &str, parent: Option<&str>, text: &str) -> Post {
        let mut p = Post::new(
            id,
            text,
            Source {
                path: "t.csv".into(),
                line: 2,
            },
        );
        p.author = author.into();
        p.parent_id = parent.map(Into::into);
        p
    }

    fn data(posts: Vec<Post>) -> Dataset {
        Dataset {
            posts,
            ..Default::default()
        }
    }

    #[test]
    fn infers_the_most_frequent_top_level_author() {
        let c = Corpus::build(
            data(vec![
                post("1", "Brand", None, "a"),
                post("2", "fan", Some("1"), "b"),
                post("3", "fan", Some("1"), "c"),
                post("4", "brand", None, "d"),
            ]),
            &[],
            &[],
        );
        assert_eq!(
            c.account,
            Account {
                handles: vec!["brand".into()],
                inferred: true
            }
        );
        assert_eq!(c.is_account, [true, false, false, true]);
        assert_eq!(c.children[0], [1, 2]);
        assert!(c.addresses_account(1));
    }

    #[test]
    fn skips_duplicate_ids_with_the_first_place() {
        let c = Corpus::build(
            data(vec![post("1", "a", None, "x"), post("1", "a", None, "y")]),
            &[],
            &[],
        );
        assert_eq!(c.posts.len(), 1);
        assert_eq!(
            c.skipped[0].reason,
            "duplicate id \"1\" (first seen at t.csv:2)"
        );
        assert_eq!(c.records_read, 2);
    }

    #[test]
    fn self_threads_are_not_replies_to_people() {
        let c = Corpus::build(
            data(vec![
                post("1", "b", None, "x"),
                post("2", "b", Some("1"), "y"),
                post("3", "b", Some("99"), "z"),
            ]),
            &["@B".into()],
            &[],
        );
        assert!(!c.is_reply_to_people(1));
        assert!(c.is_reply_to_people(2));
    }
}
