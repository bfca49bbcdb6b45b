//! The audited set: records linked into reply threads, split into the
//! account's own output and its audience, with each record's text signals
//! computed once.
//!
//! The account is the set of handles given with `--account`; without it,
//! the most frequent author of top-level records (ties go to the handle that
//! sorts first). A record with no author (a content calendar names none) is
//! the account's.

use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

use rayon::prelude::*;

use serde::Serialize;

use crate::memo::Memo;
use crate::model::{Dataset, InputWarning, Kind, Post, Skipped, normalize_handle};
use crate::rules::cues::{Cue, Cues};
use crate::text::entities::{leading_mention, mentions_handle};
use crate::text::length::Platform;
use crate::text::pricing::{PricingSignal, pricing_signals};
use crate::text::signals;
use crate::text::{Span, Spans};

/// A hash map with a fast keyed hasher (foldhash): ids and handles are
/// hashed once or twice per record, and SipHash showed in profiles.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

fn map_with_capacity<K, V>(n: usize) -> HashMap<K, V> {
    HashMap::with_capacity_and_hasher(n, Default::default())
}

/// How many records the account must have for them to get their [`Cues`]
/// (in a streamed audit, counting those of the chunks before). Building the
/// set of patterns that makes the first searches of all the phrase rules
/// in one pass costs about 60 million instructions, and the pass saves
/// about 3,600 on each account record (measured on the generated 10k and
/// 100k exports of `benches/`): it pays from about 16,000 of them. A
/// smaller export (a content calendar checked on every change) is searched
/// one rule at a time, as before. The findings are the same either way.
pub const CUED_FROM: usize = 16_384;

/// Whether the account's records get their [`Cues`].
#[derive(Debug, Clone, Copy)]
enum Cueing {
    /// When they number [`CUED_FROM`] or more with the records of the
    /// account linked before (by earlier chunks of a streamed audit).
    After(usize),
    /// As said, whatever their number.
    #[cfg(test)]
    Forced(bool),
}

/// Whose posts are audited, and how that was decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub handles: Vec<String>,
    /// True when the handles were inferred rather than given.
    pub inferred: bool,
    /// The file that named the handles as the export's owner (Twitter's
    /// `account.js`, Mastodon's `actor.json`), when they came from one.
    pub named_in: Option<String>,
}

/// What a record's text shows, computed once for all rules. What only the
/// account's records are judged by is computed for those alone.
#[derive(Debug, Clone, Default)]
pub struct Signals {
    /// Where an account record invites a reply; `None` for every other
    /// record.
    pub invitation: Option<Span>,
    pub question: bool,
    /// The hard-sell phrases of an account record; empty for every other
    /// record.
    pub hard_sell: Spans,
    /// The pronouns of one of the account's original posts (see
    /// [`Corpus::is_top_level`]); zero for every other record.
    pub pronouns: signals::Pronouns,
    /// The text mentions one of the account's handles.
    pub mentions_account: bool,
    /// The text opens with a mention of someone other than the account
    /// (`@maya thanks!`): a reply to that person, even with no reply-to id.
    pub replies_by_mention: bool,
    /// The prices, discounts and codes of an account record in its own
    /// words (not a share); empty for every other record.
    pub pricing: Box<[PricingSignal]>,
    /// The platform an account record in its own words (not a share) names,
    /// when postaudit knows it; `None` for every other record (see
    /// [`crate::rules::platform::record_platform`]).
    pub platform: Option<Platform>,
    /// The first searches of the phrase rules, made at once on an account
    /// record of a large export; [`Cues::UNKNOWN`] for every other record.
    pub cues: Cues,
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
    /// Per record: the replies to it, in input order (see
    /// [`Corpus::children`]).
    children: Children,
    pub signals: Vec<Signals>,
    /// Records read in all, audited or skipped.
    pub records_read: usize,
    /// Whole-corpus results some rules share, computed on first use.
    pub memo: Memo,
}

impl Corpus {
    /// Links `data` into threads for the account `handles` (inferred when
    /// empty). Records whose id repeats an earlier one are skipped.
    pub fn build(data: Dataset, handles: &[String], extra_sell: &[String]) -> Corpus {
        Self::link(data, handles, None, extra_sell, Cueing::After(0))
    }

    /// [`Corpus::build`], with the [`Cues`] of the account's records
    /// searched for or not, whatever the size of the export.
    #[cfg(test)]
    pub(crate) fn build_cued(
        data: Dataset,
        handles: &[String],
        extra_sell: &[String],
        cued: bool,
    ) -> Corpus {
        Self::link(data, handles, None, extra_sell, Cueing::Forced(cued))
    }

    /// [`Corpus::build`] for an account decided beforehand (a streamed
    /// audit decides it once for all its chunks). `before`: the account's
    /// records linked in the chunks before, which count towards
    /// [`CUED_FROM`].
    pub fn build_for(
        data: Dataset,
        account: Account,
        extra_sell: &[String],
        before: usize,
    ) -> Corpus {
        Self::link(data, &[], Some(account), extra_sell, Cueing::After(before))
    }

    fn link(
        data: Dataset,
        handles: &[String],
        fixed: Option<Account>,
        extra_sell: &[String],
        cueing: Cueing,
    ) -> Corpus {
        let records_read = data.records();
        let Dataset {
            posts: all,
            mut skipped,
            warnings,
            owners,
            ..
        } = data;

        // The ids, borrowed (no copy of any id): the first record of each
        // id, and the first record of each parent id.
        let mut posts = all;
        let n = posts.len();
        let ids = IdIndex::new(&posts);
        let mut parent: Vec<Option<usize>> = posts
            .par_iter()
            .with_min_len(4096)
            .map(|p| p.parent_id.as_deref().and_then(|id| ids.first(id)))
            .collect();
        let duplicates = ids.duplicates;

        if !duplicates.is_empty() {
            // Records whose id repeats an earlier one are skipped; the
            // others keep their order, renumbered in place.
            let mut duplicate_of: Vec<Option<usize>> = vec![None; n];
            for &(j, f) in &duplicates {
                duplicate_of[j] = Some(f);
            }
            let mut new_index = vec![usize::MAX; n];
            let mut kept = 0;
            for (j, dup) in duplicate_of.iter().enumerate() {
                match dup {
                    Some(f) => skipped.push(Skipped {
                        reason: format!(
                            "duplicate id {:?} (first seen at {})",
                            posts[j].id, posts[*f].source
                        ),
                        source: posts[j].source.clone(),
                    }),
                    None => {
                        new_index[j] = kept;
                        kept += 1;
                    }
                }
            }
            let mut j = 0;
            posts.retain(|_| {
                j += 1;
                duplicate_of[j - 1].is_none()
            });
            let mut j = 0;
            parent.retain(|_| {
                j += 1;
                duplicate_of[j - 1].is_none()
            });
            for p in parent.iter_mut().flatten() {
                *p = new_index[*p];
            }
        }

        let account = match handles {
            _ if fixed.is_some() => fixed.expect("checked"),
            [] if !owners.is_empty() => {
                let mut named: Vec<String> = Vec::new();
                for o in &owners {
                    let h = normalize_handle(&o.handle);
                    if !named.contains(&h) {
                        named.push(h);
                    }
                }
                Account {
                    handles: named,
                    inferred: false,
                    named_in: Some(owners[0].path.to_string()),
                }
            }
            [] => infer_account(&posts),
            given => Account {
                handles: given.iter().map(|h| normalize_handle(h)).collect(),
                inferred: false,
                named_in: None,
            },
        };
        let is_account: Vec<bool> = posts
            .par_iter()
            .map(|p| p.author.is_empty() || is_handle_of(&p.author, &account.handles))
            .collect();
        let cued = match cueing {
            Cueing::After(before) => {
                before + is_account.iter().filter(|&&own| own).count() >= CUED_FROM
            }
            #[cfg(test)]
            Cueing::Forced(cued) => cued,
        };

        let children = Children::of(&parent);

        let sell = signals::hard_sell_regex(extra_sell);
        // The user's extra hard-sell phrases are not among the cues.
        let sell_cued = extra_sell.is_empty();
        let signals = posts
            .par_iter()
            .zip(&is_account)
            .with_min_len(256)
            .map(|(p, &own)| {
                let question = signals::is_question(&p.text);
                let replies_by_mention = p.parent_id.is_none()
                    && leading_mention(&p.text).is_some_and(|h| !is_handle_of(h, &account.handles));
                // As `is_top_level`.
                let original =
                    own && p.parent_id.is_none() && p.kind == Kind::Post && !replies_by_mention;
                let cues = if own && cued {
                    Cues::of(&p.text)
                } else {
                    Cues::UNKNOWN
                };
                Signals {
                    invitation: own
                        .then(|| {
                            cues.may(Cue::Invitation)
                                .then(|| signals::invitation_phrase(&p.text))
                                .flatten()
                                .or_else(|| signals::question_mark(&p.text, question))
                        })
                        .flatten(),
                    question,
                    hard_sell: if own && (!sell_cued || cues.may(Cue::HardSell)) {
                        signals::hard_sell_with(&sell, &p.text)
                            .into_iter()
                            .collect()
                    } else {
                        Spans::default()
                    },
                    pronouns: if original {
                        signals::pronouns(&p.text)
                    } else {
                        signals::Pronouns::default()
                    },
                    mentions_account: account.handles.iter().any(|h| mentions_handle(&p.text, h)),
                    replies_by_mention,
                    pricing: if own && p.kind != Kind::Share && cues.may(Cue::Pricing) {
                        pricing_signals(&p.text).into()
                    } else {
                        Box::default()
                    },
                    platform: if own && p.kind != Kind::Share {
                        p.platform.as_deref().and_then(Platform::parse)
                    } else {
                        None
                    },
                    cues,
                }
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
            memo: Memo::default(),
        }
    }

    /// Indices of the account's records, in input order.
    pub fn account_posts(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.posts.len()).filter(|&i| self.is_account[i])
    }

    /// True for the account's own original posts: not a reply, not a share.
    pub fn is_top_level(&self, i: usize) -> bool {
        let p = &self.posts[i];
        self.is_account[i]
            && p.parent_id.is_none()
            && p.kind == Kind::Post
            && !self.signals[i].replies_by_mention
    }

    /// True for the account's replies to someone else (a reply whose parent
    /// is not in the export counts: archives hold only the account's side).
    pub fn is_reply_to_people(&self, i: usize) -> bool {
        self.is_account[i]
            && ((self.posts[i].parent_id.is_some()
                && !self.parent[i].is_some_and(|p| self.is_account[p]))
                || self.signals[i].replies_by_mention)
    }

    /// True for an audience record that speaks to the account: a reply to
    /// one of the account's records, or a mention of one of its handles.
    /// A planned record (from a content calendar) is never one: it was not
    /// published, so nobody could have answered it.
    pub fn addresses_account(&self, i: usize) -> bool {
        if self.is_account[i] || self.posts[i].planned {
            return false;
        }
        self.parent[i].is_some_and(|p| self.is_account[p]) || self.signals[i].mentions_account
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

    /// The replies to record `i` (the records whose parent it is, but for
    /// itself), in input order.
    pub fn children(&self, i: usize) -> &[usize] {
        self.children.of_record(i)
    }

    /// The account's first reply to record `i`, if any: the earliest by time,
    /// or the first in input order when times are missing.
    pub fn first_account_reply(&self, i: usize) -> Option<usize> {
        self.children(i)
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

/// The replies to each record, all in one list: those of record `i` are
/// `list[start[i]..start[i + 1]]`, in input order. (A list per record cost
/// an allocation for each record with replies, and 24 bytes for each
/// record.)
#[derive(Debug)]
struct Children {
    start: Vec<usize>,
    list: Vec<usize>,
}

impl Children {
    /// The replies of each record, given each record's parent; a record
    /// that is its own parent is not its own reply.
    fn of(parent: &[Option<usize>]) -> Children {
        let replying = |(i, p): (usize, &Option<usize>)| p.filter(|&p| p != i).map(|p| (i, p));
        // How many replies each record has, then where its list starts.
        let mut start = vec![0; parent.len() + 1];
        for (_, p) in parent.iter().enumerate().filter_map(replying) {
            start[p + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut list = vec![0; start[parent.len()]];
        let mut next = start.clone();
        for (i, p) in parent.iter().enumerate().filter_map(replying) {
            list[next[p]] = i;
            next[p] += 1;
        }
        Children { start, list }
    }

    fn of_record(&self, i: usize) -> &[usize] {
        &self.list[self.start[i]..self.start[i + 1]]
    }
}

/// The first record of each id: one hash map per shard of the ids (by
/// their hash), the shards filled side by side, each in input order; and
/// the records whose id repeats an earlier one.
struct IdIndex<'a> {
    state: foldhash::fast::RandomState,
    shards: Vec<std::collections::HashMap<Id<'a>, usize, BuildHasherDefault<Hashed>>>,
    /// `(record, first record of its id)`, in input order.
    duplicates: Vec<(usize, usize)>,
}

impl<'a> IdIndex<'a> {
    fn new(posts: &'a [Post]) -> Self {
        let state = foldhash::fast::RandomState::default();
        let hashes: Vec<u64> = posts
            .par_iter()
            .with_min_len(4096)
            .map(|p| state.hash_one(p.id.as_str()))
            .collect();
        let count = rayon::current_num_threads().next_power_of_two().min(64);
        let (shards, duplicates): (Vec<_>, Vec<_>) = (0..count)
            .into_par_iter()
            .map(|s| {
                let mut map = std::collections::HashMap::with_capacity_and_hasher(
                    posts.len() / count + posts.len() / (8 * count),
                    BuildHasherDefault::default(),
                );
                let mut duplicates = Vec::new();
                for (j, (&hash, post)) in hashes.iter().zip(posts).enumerate() {
                    if shard(hash, count) != s {
                        continue;
                    }
                    match map.entry(Id {
                        hash,
                        id: post.id.as_str(),
                    }) {
                        Entry::Occupied(e) => duplicates.push((j, *e.get())),
                        Entry::Vacant(e) => {
                            e.insert(j);
                        }
                    }
                }
                (map, duplicates)
            })
            .unzip();
        let mut duplicates: Vec<(usize, usize)> = duplicates.concat();
        duplicates.sort_unstable();
        IdIndex {
            state,
            shards,
            duplicates,
        }
    }

    /// The first record with this id.
    fn first(&self, id: &str) -> Option<usize> {
        let hash = self.state.hash_one(id);
        self.shards[shard(hash, self.shards.len())]
            .get(&Id { hash, id })
            .copied()
    }
}

/// The shard of an id's hash, out of `count` (a power of two): bits the
/// hash map does not use to place it (the low ones) nor to tag it (the top
/// seven).
fn shard(hash: u64, count: usize) -> usize {
    (hash >> 32) as usize & (count - 1)
}

/// An id with its hash, computed beforehand.
#[derive(Clone, Copy)]
struct Id<'a> {
    hash: u64,
    id: &'a str,
}

impl PartialEq for Id<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Id<'_> {}

impl Hash for Id<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The hasher of a key whose hash is computed beforehand ([`Id`]): that
/// hash, as written with `write_u64`.
#[derive(Default)]
pub(crate) struct Hashed(u64);

impl Hasher for Hashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, _: &[u8]) {
        unreachable!("a key is hashed beforehand");
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }
}

/// True when `author` is one of `handles` (normalised, see
/// [`normalize_handle`]); without allocating for an ASCII author.
fn is_handle_of(author: &str, handles: &[String]) -> bool {
    let a = author.trim().trim_start_matches('@');
    if a.is_ascii() {
        handles
            .iter()
            .any(|h| h.eq_ignore_ascii_case(a) && h.is_ascii())
    } else {
        handles.contains(&normalize_handle(author))
    }
}

fn infer_account(posts: &[Post]) -> Account {
    let mut tally = AuthorTally::default();
    tally.add(posts);
    tally.account()
}

/// The counts [`Corpus::build`] infers the account from, added to batch by
/// batch (a streamed audit reads its input in chunks): authors of top-level
/// records, and, while no record has a named top-level author nor an empty
/// one, of every record.
#[derive(Debug, Default)]
pub struct AuthorTally {
    top_level: HashMap<String, usize>,
    any: HashMap<String, usize>,
    unnamed: bool,
}

/// What [`AuthorTally`] counts of a record: its author as written, and
/// whether it is top-level (no parent, and not opening with a mention).
pub trait Tallied: Sync {
    fn author(&self) -> &str;
    /// Asked only of records with an author.
    fn top_level(&self) -> bool;
}

impl Tallied for Post {
    fn author(&self) -> &str {
        &self.author
    }

    fn top_level(&self) -> bool {
        self.parent_id.is_none() && leading_mention(&self.text).is_none()
    }
}

impl AuthorTally {
    pub fn add<T: Tallied>(&mut self, posts: &[T]) {
        // Counted by the handle as written (borrowed), a share of the
        // records on each core, then merged by its normal form: one
        // allocation per distinct handle, not per record.
        let share = posts.len().div_ceil(rayon::current_num_threads()).max(4096);
        let count = |top_level_only: bool, counts: &mut HashMap<String, usize>| {
            let raws: Vec<HashMap<&str, usize>> = posts
                .par_chunks(share)
                .map(|posts| {
                    let mut raw: HashMap<&str, usize> = map_with_capacity(0);
                    for p in posts
                        .iter()
                        .filter(|p| !p.author().is_empty() && (!top_level_only || p.top_level()))
                    {
                        *raw.entry(p.author()).or_default() += 1;
                    }
                    raw
                })
                .collect();
            for raw in raws {
                for (a, n) in raw {
                    *counts.entry(normalize_handle(a)).or_default() += n;
                }
            }
        };
        count(true, &mut self.top_level);
        self.unnamed |= posts.iter().any(|p| p.author().is_empty());
        // With no named top-level author, fall back to any named author,
        // unless records with no author (a platform archive's own posts) are
        // the account: then the named ones are people replying to it.
        if self.top_level.is_empty() && !self.unnamed {
            count(false, &mut self.any);
        } else {
            self.any = HashMap::default();
        }
    }

    /// The most frequent author (ties go to the handle that sorts first).
    pub fn account(self) -> Account {
        let counts = if self.top_level.is_empty() {
            self.any
        } else {
            self.top_level
        };
        let best = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(h, _)| h);
        Account {
            handles: best.into_iter().collect(),
            inferred: true,
            named_in: None,
        }
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
                inferred: true,
                named_in: None,
            }
        );
        assert_eq!(c.is_account, [true, false, false, true]);
        assert_eq!(c.children(0), [1, 2]);
        assert!(c.addresses_account(1));
    }

    #[test]
    fn replies_are_listed_per_record_in_input_order() {
        // Record 3 names itself as its parent; 4 and 5 form a cycle.
        let parent = [
            None,
            Some(0),
            Some(0),
            Some(3),
            Some(5),
            Some(4),
            Some(1),
            Some(0),
        ];
        let children = Children::of(&parent);
        let of: Vec<&[usize]> = (0..parent.len()).map(|i| children.of_record(i)).collect();
        let want: [&[usize]; 8] = [&[1, 2, 7], &[6], &[], &[], &[5], &[4], &[], &[]];
        assert_eq!(of, want);
        assert!(Children::of(&[]).list.is_empty());
    }

    #[test]
    fn repliers_to_unnamed_own_records_are_not_the_account() {
        let c = Corpus::build(
            data(vec![
                post("1", "", None, "own post"),
                post("2", "fan", Some("1"), "b"),
            ]),
            &[],
            &[],
        );
        assert!(c.account.handles.is_empty());
        assert_eq!(c.is_account, [true, false]);
        assert!(c.addresses_account(1));
    }

    #[test]
    fn planned_records_never_call_for_a_reply() {
        let mut planned = post("2", "fan", None, "Is @brand open today?");
        planned.planned = true;
        let c = Corpus::build(
            data(vec![
                post("1", "brand", None, "a"),
                planned,
                post("3", "fan", None, "Is @brand open today?"),
            ]),
            &["brand".into()],
            &[],
        );
        assert!(!c.addresses_account(1));
        assert!(!c.expects_reply(1));
        assert!(c.expects_reply(2));
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
    fn links_threads_across_skipped_duplicates() {
        let c = Corpus::build(
            data(vec![
                post("1", "b", None, "x"),
                post("2", "fan", Some("1"), "y"),
                post("1", "b", None, "dup"),
                post("2", "fan", None, "dup"),
                post("3", "b", Some("2"), "z"),
                post("4", "ÉMILE", Some("3"), "w"),
            ]),
            &["@B".into(), "émile".into()],
            &[],
        );
        assert_eq!(c.posts.len(), 4);
        assert_eq!(c.parent, [None, Some(0), Some(1), Some(2)]);
        assert_eq!(c.children(1), [2]);
        assert_eq!(c.is_account, [true, false, true, true]);
        let reasons: Vec<&str> = c.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "duplicate id \"1\" (first seen at t.csv:2)",
                "duplicate id \"2\" (first seen at t.csv:2)"
            ]
        );
        assert_eq!(c.records_read, 6);
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
