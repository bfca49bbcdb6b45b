use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher as _, BuildHasherDefault, Hash, Hasher};
use std::sync::{Arc, LazyLock, OnceLock};

use rayon::prelude::*;
#[cfg(test)]
use regex::Regex;

use crate::corpus::{Corpus, Hashed};
use crate::declare_rule;
use crate::model::normalize_handle;
#[cfg(test)]
use crate::rules::conduct::regex;
use crate::rules::conduct::{Matcher, Reading, blame, looks_english, matcher, may_be_at_people};
use crate::rules::cues::{Cue, Cues};
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::vader::polarity;

declare_rule! {
    /// ## What it does
    /// Flags an argument with a customer in public: in one thread, the
    /// account replied at least `conduct.argument-min-replies` (2) times to
    /// the same person, that person's messages read negative (mean VADER
    /// compound below -0.05), and at least half of the account's replies to
    /// them, and at least two, push back: disputing or blaming words ("as we
    /// said", "that's not true", "you're wrong", "not our fault", "read the
    /// instructions", "for the last time"), or a tone at or below
    /// `conduct.pushback-tone` (-0.3) aimed at people once apologies and
    /// empathy are left out. Messages not in
    /// English are not scored. The finding is on the account's last reply of
    /// the exchange.
    ///
    /// A patient exchange (the customer is angry, the account apologises and
    /// helps) is not an argument and is not flagged.
    ///
    /// ## Why is this bad?
    /// "if you are speaking as the voice of a organisation, you need to follow
    /// strict protocols of how you engage … what you say .. and how you say
    /// it", and bringing "your personal views of what they did, or how they
    /// have treated you is counter-productive and will lose you followers"
    /// (004_d10b3528b2158389.txt). A public back-and-forth is watched by every
    /// other customer; nobody wins it. Answer once, calmly, then move to a
    /// private channel.
    ///
    /// ## Example
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,brand,Our new opening hours start today.,
    /// 2,maya,Terrible decision. You ruined my mornings.,1
    /// 3,brand,@maya That's not true. We posted the change weeks ago.,2
    /// 4,maya,Nobody saw it. Awful way to treat regulars.,3
    /// 5,brand,"@maya As we said, it was on the door. Not our fault you missed it.",4
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,brand,Our new opening hours start today.,
    /// 2,maya,Terrible decision. You ruined my mornings.,1
    /// 3,brand,"@maya We're sorry, Maya, that's a real blow to your routine. Can we call you to talk it through?",2
    /// 4,maya,Nobody saw it. Awful way to treat regulars.,3
    /// 5,brand,"@maya You're right that we should have said it louder. Sorry. Your next coffee is on us.",4
    /// ```
    ///
    /// ## Options
    /// - `conduct.argument-min-replies` (default `2`)
    /// - `conduct.pushback-tone` (default `-0.3`)
    pub struct PublicArgument {
        code: "V003",
        name: "public-argument",
        principle: Conduct,
        severity: Error,
        scope: Post,
        seeds: ["004_d10b3528b2158389.txt"],
    }
}

/// Words that contradict or blame the other side.
///
/// Only asked whether it matches: "... has complain" ends a match on its
/// own, as `complain\w*\b` always matches where `complain` does (see
/// `PEOPLE` in the parent module).
static DISPUTE: LazyLock<Matcher> = LazyLock::new(|| matcher(DISPUTE_PATTERN));

/// [`DISPUTE`]'s pattern, also one of the cues searched at once (see
/// [`crate::rules::cues`]).
pub(crate) const DISPUTE_PATTERN: &str = r"\b(?:as (?:we|i) (?:said|already (?:said|explained|told you|mentioned|stated)|explained|mentioned|stated|told you)|(?:we|i) (?:already|have already) (?:said|told you|explained)|that'?s not (?:true|what happened|correct|how (?:it|this) works)|(?:you'?re|you are) (?:wrong|mistaken|incorrect|lying)|not our (?:fault|problem|responsibility)|(?:read|check) the (?:instructions|manual|faq|terms|policy|sign)|for the (?:last|second|third|final|hundredth) time|with (?:all )?due respect|let'?s be clear|if you (?:had|would have) (?:read|checked|looked|bothered))\b|\bno(?: ?one| other customer) (?:else )?(?:has|is) complain";

/// [`DISPUTE`] as first written, for the tests.
#[cfg(test)]
const DISPUTE_AS_WRITTEN: &str = r"\b(?:as (?:we|i) (?:said|already (?:said|explained|told you|mentioned|stated)|explained|mentioned|stated|told you)|(?:we|i) (?:already|have already) (?:said|told you|explained)|that'?s not (?:true|what happened|correct|how (?:it|this) works)|(?:you'?re|you are) (?:wrong|mistaken|incorrect|lying)|not our (?:fault|problem|responsibility)|(?:read|check) the (?:instructions|manual|faq|terms|policy|sign)|for the (?:last|second|third|final|hundredth) time|with (?:all )?due respect|no(?: ?one| other customer) (?:else )?(?:has|is) complain\w*|let'?s be clear|if you (?:had|would have) (?:read|checked|looked|bothered))\b";

/// True when `text` holds [`DISPUTE`]'s words.
pub(crate) fn disputes(text: &str) -> bool {
    DISPUTE.is_match(text)
}

/// One exchange that reads as an argument.
#[derive(Debug, PartialEq)]
struct Argument {
    person: String,
    replies: usize,
    their_tone: f64,
    pushback: usize,
}

/// Per record that closes an argument: the argument.
struct Arguments(HashMap<usize, Argument>);

/// An exchange: a thread (its first record) and the person the account
/// replied to in it, with the key's hash computed beforehand.
#[derive(Debug)]
struct Exchange<'a> {
    hash: u64,
    thread: usize,
    person: Cow<'a, str>,
}

impl<'a> Exchange<'a> {
    fn new(thread: usize, person: Cow<'a, str>) -> Self {
        Exchange {
            hash: KEYS.hash_one((thread, person.as_ref())),
            thread,
            person,
        }
    }

    /// Which of `count` (a power of two) shards holds the exchange: bits
    /// of the hash the map does not use to place it (the low ones).
    fn shard(&self, count: usize) -> usize {
        (self.hash >> 32) as usize & (count - 1)
    }
}

impl PartialEq for Exchange<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.thread == other.thread && self.person == other.person
    }
}

impl Eq for Exchange<'_> {}

impl Hash for Exchange<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The hash of an [`Exchange`]'s key (fixed: the shards need not be
/// reproducible, only consistent within an audit).
static KEYS: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(0x7633);

/// Exchange -> the account's replies to them, their messages, in input
/// order.
type Exchanges<'a> = HashMap<Exchange<'a>, (Vec<usize>, Vec<usize>), BuildHasherDefault<Hashed>>;

/// The first record of `i`'s thread (itself when it has no parent in the
/// export), remembered in `roots`. A cycle in bad data ends the walk at the
/// record that closes it; `on_path` marks the records of the current walk.
/// `path` is room for the walk, reused from call to call.
fn root(
    parent: &[Option<usize>],
    roots: &mut [Option<usize>],
    on_path: &mut [bool],
    path: &mut Vec<usize>,
    i: usize,
) -> usize {
    if let Some(r) = roots[i] {
        return r;
    }
    path.clear();
    let mut at = i;
    let found = loop {
        if let Some(r) = roots[at] {
            break r;
        }
        path.push(at);
        on_path[at] = true;
        match parent[at] {
            Some(p) if !on_path[p] => at = p,
            _ => break at,
        }
    };
    for &p in path.iter() {
        roots[p] = Some(found);
        on_path[p] = false;
    }
    found
}

/// The roots [`root`] finds whatever the order it is asked in, found in one
/// pass: those of the records whose every parent comes before them in the
/// input (most replies). Their chain cannot close a cycle, so its first
/// record is the root. The others are `None`, for [`root`] to walk in the
/// order it is asked: where bad data holds a cycle, the order picks the
/// root, and a walk that reaches a record with a root from this pass ends
/// there at the root it would have walked to.
fn ordered_roots(parent: &[Option<usize>]) -> Vec<Option<usize>> {
    let mut roots = Vec::with_capacity(parent.len());
    for (i, p) in parent.iter().enumerate() {
        let r = match *p {
            None => Some(i),
            Some(p) if p < i => roots[p],
            Some(_) => None,
        };
        roots.push(r);
    }
    roots
}

/// [`normalize_handle`], borrowed from `handle` when that changes nothing
/// but the white space and `@` it trims (most handles).
fn handle_key(handle: &str) -> Cow<'_, str> {
    let h = handle.trim().trim_start_matches('@');
    if h.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(h)
    } else {
        Cow::Owned(normalize_handle(handle))
    }
}

/// True when a reply contradicts, blames, or turns on the person: disputing
/// or blaming words, or a clearly negative tone aimed at people (apologies
/// and empathy left out: "sad, indeed" to a sad customer is not pushing
/// back).
fn pushes_back(text: &str, cues: Cues, pushback_tone: f64) -> bool {
    if (cues.may(Cue::Dispute) && disputes(text)) || (cues.may(Cue::Blame) && blame(text).is_some())
    {
        return true;
    }
    if !cues
        .get(Cue::AtPeople)
        .unwrap_or_else(|| may_be_at_people(text))
    {
        return false;
    }
    let r = Reading::new(text);
    // The language test last, as in hostile-tone.
    r.at_people() && r.sentiment().compound <= pushback_tone && r.english()
}

/// The tone of someone's message, or `None` when it is not in English.
fn their_tone(text: &str) -> Option<f64> {
    looks_english(text).then(|| polarity(text).compound)
}

/// [`Arguments`], computed once: the memo may run its `init` on two threads
/// that ask at the same time, and the arguments are costly, so the memo
/// holds a cell that computes them once (the second thread waits).
struct ArgumentsOnce(OnceLock<Arguments>);

/// The arguments of the corpus, computed on first use.
fn arguments(cx: &Context) -> Arc<ArgumentsOnce> {
    let once = cx
        .corpus
        .memo
        .get_or_init(|| ArgumentsOnce(OnceLock::new()));
    once.0.get_or_init(|| find_arguments(cx));
    once
}

/// The record the account's record `i` replies to, when that is someone's
/// (named) message.
fn replied_message(c: &Corpus, i: usize) -> Option<usize> {
    let p = c.parent[i]?;
    (c.is_account[i] && !c.is_account[p] && !c.posts[p].author.is_empty()).then_some(p)
}

/// True for a named person's record: a message an exchange may hold.
fn someones(c: &Corpus, i: usize) -> bool {
    !c.is_account[i] && !c.posts[i].author.is_empty()
}

/// Records in `items` (in input order) sorted into `shards` exchange maps,
/// side by side, each in input order: `add` files one in its shard's map.
fn by_shard<'a, T: Sync>(
    shards: &mut [Exchanges<'a>],
    items: &[T],
    shard_of: impl Fn(&T) -> usize + Sync,
    add: impl Fn(&mut Exchanges<'a>, &T) + Sync,
) {
    shards.par_iter_mut().enumerate().for_each(|(s, map)| {
        for item in items.iter().filter(|item| shard_of(item) == s) {
            add(map, item);
        }
    });
}

fn find_arguments(cx: &Context) -> Arguments {
    let c = cx.corpus;
    let n = c.posts.len();
    let min = cx.settings.conduct.argument_min_replies;
    let pushback_tone = cx.settings.conduct.pushback_tone;
    let mut roots = ordered_roots(&c.parent);
    let mut on_path = vec![false; n];
    let mut path = Vec::new();
    // The account's replies to someone's message, in input order.
    let replies: Vec<usize> = (0..n)
        .into_par_iter()
        .with_min_len(4096)
        .filter(|&i| replied_message(c, i).is_some())
        .collect();
    // Roots the first pass did not find, walked in input order.
    for &i in &replies {
        root(&c.parent, &mut roots, &mut on_path, &mut path, i);
    }
    let roots = roots;
    // Each reply's exchange: its thread and the person it answers.
    let keyed: Vec<(usize, Exchange)> = replies
        .par_iter()
        .with_min_len(4096)
        .map(|&i| {
            let p = c.parent[i].expect("a reply");
            let thread = roots[i].expect("walked");
            (i, Exchange::new(thread, handle_key(&c.posts[p].author)))
        })
        .collect();
    drop(replies);
    let count = rayon::current_num_threads().next_power_of_two().min(64);
    let mut shards: Vec<Exchanges> = (0..count).map(|_| Exchanges::default()).collect();
    by_shard(
        &mut shards,
        &keyed,
        |(_, e)| e.shard(count),
        |map, (i, e)| {
            map.entry(Exchange {
                hash: e.hash,
                thread: e.thread,
                person: e.person.clone(),
            })
            .or_default()
            .0
            .push(*i);
        },
    );
    drop(keyed);
    shards
        .par_iter_mut()
        .for_each(|map| map.retain(|_, (replies, _)| replies.len() >= min));
    if shards.iter().all(HashMap::is_empty) {
        return Arguments(HashMap::new());
    }
    // The threads with an exchange: a message in another has none.
    let mut in_exchange = vec![false; n];
    for e in shards.iter().flat_map(HashMap::keys) {
        in_exchange[e.thread] = true;
    }
    // Every message's root is asked in the same order as before the
    // exchanges were known: where bad data holds a cycle, the order picks
    // the root.
    let mut roots = roots;
    for i in 0..n {
        if roots[i].is_none() && someones(c, i) {
            root(&c.parent, &mut roots, &mut on_path, &mut path, i);
        }
    }
    // Each message in a thread with an exchange, with the exchange it
    // would be in.
    let messages: Vec<(usize, Exchange)> = (0..n)
        .into_par_iter()
        .with_min_len(4096)
        .filter_map(|i| {
            let thread = roots[i]?;
            (in_exchange[thread] && someones(c, i))
                .then(|| (i, Exchange::new(thread, handle_key(&c.posts[i].author))))
        })
        .collect();
    by_shard(
        &mut shards,
        &messages,
        |(_, e)| e.shard(count),
        |map, (i, e)| {
            if let Some(e) = map.get_mut(e) {
                e.1.push(*i);
            }
        },
    );
    drop(messages);
    // Each exchange judged on all cores. The account's replies first: most
    // exchanges have no pushing back, and their messages need no scoring
    // (VADER, the costly part). A reply is in one exchange, so the last
    // replies differ.
    let exchanges: Vec<_> = shards.into_iter().flatten().collect();
    let found = exchanges
        .into_par_iter()
        .filter_map(|(e, (replies, theirs))| {
            let pushback = replies
                .iter()
                .filter(|&&r| pushes_back(&c.posts[r].text, c.signals[r].cues, pushback_tone))
                .count();
            if pushback * 2 < replies.len() || pushback < 2.min(replies.len()) {
                return None;
            }
            let tones: Vec<f64> = theirs
                .iter()
                .filter_map(|&q| their_tone(&c.posts[q].text))
                .collect();
            if tones.is_empty() {
                return None;
            }
            let their_tone = tones.iter().sum::<f64>() / tones.len() as f64;
            if their_tone >= -0.05 {
                return None;
            }
            let last = *replies
                .iter()
                .max_by_key(|&&r| (c.posts[r].created.unwrap_or(i64::MIN), r))
                .expect("at least one reply");
            Some((
                last,
                Argument {
                    person: e.person.into_owned(),
                    replies: replies.len(),
                    their_tone,
                    pushback,
                },
            ))
        })
        .collect();
    Arguments(found)
}

impl Rule for PublicArgument {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn lazies(&self) -> Vec<fn()> {
        crate::rules::conduct::lazies()
    }

    fn prepare(&self, cx: &Context) {
        arguments(cx);
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        // Only a reply by the account to someone's message closes an
        // argument: other records need not ask the memo.
        let Some(p) = c.parent[i] else { return };
        if !c.is_account[i] || c.is_account[p] || c.posts[p].author.is_empty() {
            return;
        }
        let args = arguments(cx);
        let Some(a) = args.0.get().and_then(|args| args.0.get(&i)) else {
            return;
        };
        out.push(Finding::on_post(
            &Self::META,
            i,
            format!(
                "a public argument: {} replies to @{} in this thread, {} of them pushing back, while their tone is {:.2}: answer once, calmly, then offer a private channel",
                a.replies, a.person, a.pushback, a.their_tone
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dataset, Post, Source};
    use proptest::prelude::*;

    fn corpus(parents: &[Option<&str>]) -> Corpus {
        let posts = parents
            .iter()
            .enumerate()
            .map(|(i, parent)| {
                let mut p = Post::new(
                    i.to_string(),
                    "x",
                    Source {
                        path: "t.csv".into(),
                        line: i as u64 + 2,
                    },
                );
                p.author = "brand".into();
                p.parent_id = parent.map(Into::into);
                p
            })
            .collect();
        Corpus::build(
            Dataset {
                posts,
                ..Default::default()
            },
            &[],
            &[],
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn handle_keys_are_normalized_handles(
            handle in prop_oneof![any::<String>(), "[ @]{0,2}[A-Za-zÉé\u{130}_.]{0,8}[ ]?"]
        ) {
            prop_assert_eq!(handle_key(&handle), normalize_handle(&handle));
        }

        #[test]
        fn dispute_matches_as_first_written(
            text in prop_oneof![
                crate::rules::conduct::tests::wordy_text(),
                prop::collection::vec(
                    prop::sample::select(&[
                        "no one", "noone", "No other customer", " ", "else ", "has ", "is ",
                        "complain", "ed", "é", "ſ", "_", ".", "you're wrong", "as we said", "x",
                    ][..]),
                    0..12,
                )
                .prop_map(|v| v.concat()),
            ]
        ) {
            static FIRST: LazyLock<Regex> = LazyLock::new(|| regex(DISPUTE_AS_WRITTEN));
            prop_assert_eq!(DISPUTE.is_match(&text), FIRST.is_match(&text));
        }
    }

    /// [`find_arguments`] as first written, one record at a time, for the
    /// tests.
    fn find_arguments_serial(cx: &Context) -> Arguments {
        let c = cx.corpus;
        let min = cx.settings.conduct.argument_min_replies;
        let pushback_tone = cx.settings.conduct.pushback_tone;
        let n = c.posts.len();
        let (mut roots, mut on_path, mut path) = (vec![None; n], vec![false; n], Vec::new());
        let mut exchanges: HashMap<_, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for i in 0..n {
            let Some(p) = c.parent[i] else { continue };
            if !c.is_account[i] || c.is_account[p] || c.posts[p].author.is_empty() {
                continue;
            }
            let thread = root(&c.parent, &mut roots, &mut on_path, &mut path, i);
            let key: (usize, Cow<str>) = (thread, handle_key(&c.posts[p].author));
            exchanges.entry(key).or_default().0.push(i);
        }
        exchanges.retain(|_, (replies, _)| replies.len() >= min);
        if exchanges.is_empty() {
            return Arguments(HashMap::new());
        }
        for i in 0..n {
            if c.is_account[i] || c.posts[i].author.is_empty() {
                continue;
            }
            let thread = root(&c.parent, &mut roots, &mut on_path, &mut path, i);
            if let Some(e) = exchanges.get_mut(&(thread, handle_key(&c.posts[i].author))) {
                e.1.push(i);
            }
        }
        let mut found = HashMap::new();
        for ((_, person), (replies, theirs)) in exchanges {
            let tones: Vec<f64> = theirs
                .iter()
                .filter_map(|&q| their_tone(&c.posts[q].text))
                .collect();
            if tones.is_empty() {
                continue;
            }
            let their_tone = tones.iter().sum::<f64>() / tones.len() as f64;
            let pushback = replies
                .iter()
                .filter(|&&r| pushes_back(&c.posts[r].text, c.signals[r].cues, pushback_tone))
                .count();
            if their_tone >= -0.05
                || pushback * 2 < replies.len()
                || pushback < 2.min(replies.len())
            {
                continue;
            }
            let last = *replies
                .iter()
                .max_by_key(|&&r| (c.posts[r].created.unwrap_or(i64::MIN), r))
                .expect("at least one reply");
            let (person, replies) = (person.into_owned(), replies.len());
            found.insert(
                last,
                Argument {
                    person,
                    replies,
                    their_tone,
                    pushback,
                },
            );
        }
        Arguments(found)
    }

    /// Records by `brand` and people, each `(author, parent, text)`.
    fn thread_corpus(records: &[(&str, Option<usize>, &str)]) -> Corpus {
        let ids: Vec<String> = (0..records.len()).map(|i| i.to_string()).collect();
        let posts = records
            .iter()
            .enumerate()
            .map(|(i, &(author, parent, text))| {
                let mut p = Post::new(
                    ids[i].as_str(),
                    text,
                    Source {
                        path: "t.csv".into(),
                        line: i as u64 + 2,
                    },
                );
                p.author = author.into();
                p.parent_id = parent.map(|p| ids[p].clone());
                p
            })
            .collect();
        Corpus::build(
            Dataset {
                posts,
                ..Default::default()
            },
            &["brand".to_string()],
            &[],
        )
    }

    fn arguments_of(c: &Corpus, serial: bool) -> HashMap<usize, Argument> {
        let settings = crate::config::Settings::default();
        let metrics = crate::metrics::Metrics::compute(c);
        let cx = Context {
            corpus: c,
            metrics: &metrics,
            settings: &settings,
        };
        if serial {
            find_arguments_serial(&cx).0
        } else {
            find_arguments(&cx).0
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Roots found in one pass, then walked for the rest, are the roots
        /// walked for every record, in any order, cycles and all.
        #[test]
        fn ordered_roots_are_the_walks(
            (parent, order) in (1..14usize).prop_flat_map(|n| (
                prop::collection::vec(prop::option::weighted(0.8, 0..n), n),
                prop::collection::vec(0..n, 0..2 * n),
            ))
        ) {
            let n = parent.len();
            let walk = |mut roots: Vec<Option<usize>>| {
                let (mut on_path, mut path) = (vec![false; n], Vec::new());
                order
                    .iter()
                    .map(|&i| root(&parent, &mut roots, &mut on_path, &mut path, i))
                    .collect::<Vec<_>>()
            };
            prop_assert_eq!(walk(ordered_roots(&parent)), walk(vec![None; n]));
        }

        /// The arguments found on all cores are those found one record at a
        /// time, on threads of any shape (replies before what they answer,
        /// cycles, people with the same handle written differently).
        #[test]
        fn arguments_as_found_one_record_at_a_time(
            records in (1..40usize).prop_flat_map(|n| prop::collection::vec(
                (
                    prop::sample::select(&["brand", "brand", "maya", "@Maya ", "li", ""][..]),
                    prop::option::weighted(0.85, 0..n),
                    prop::sample::select(&[
                        "Terrible service. You ruined my morning, awful.",
                        "This is a disgrace and I hate it.",
                        "@maya That's not true. As we said, not our fault.",
                        "@maya You're wrong, read the instructions.",
                        "@maya Sorry to hear that, we'll fix it.",
                        "Thanks, lovely coffee!",
                    ][..]),
                ),
                n,
            ))
        ) {
            let c = thread_corpus(&records);
            prop_assert_eq!(arguments_of(&c, false), arguments_of(&c, true));
        }
    }

    #[test]
    fn an_argument_is_found_as_one_record_at_a_time() {
        let c = thread_corpus(&[
            ("brand", None, "Our new opening hours start today."),
            (
                "maya",
                Some(0),
                "Terrible decision. You ruined my mornings.",
            ),
            (
                "brand",
                Some(1),
                "@maya That's not true. We posted the change weeks ago.",
            ),
            (
                "maya",
                Some(2),
                "Nobody saw it. Awful way to treat regulars.",
            ),
            (
                "brand",
                Some(3),
                "@maya As we said, it was on the door. Not our fault you missed it.",
            ),
        ]);
        let found = arguments_of(&c, false);
        assert_eq!(found.keys().collect::<Vec<_>>(), [&4]);
        assert_eq!(found[&4].person, "maya");
        assert_eq!(found, arguments_of(&c, true));
    }

    #[test]
    fn roots_of_chains_and_cycles() {
        // 0 <- 1 <- 2, and 3 <-> 4 reply to each other.
        let c = corpus(&[None, Some("0"), Some("1"), Some("4"), Some("3")]);
        let n = c.posts.len();
        let (mut roots, mut on_path, mut path) = (vec![None; n], vec![false; n], Vec::new());
        assert_eq!(root(&c.parent, &mut roots, &mut on_path, &mut path, 2), 0);
        assert_eq!(root(&c.parent, &mut roots, &mut on_path, &mut path, 1), 0);
        assert_eq!(root(&c.parent, &mut roots, &mut on_path, &mut path, 3), 4);
        assert_eq!(root(&c.parent, &mut roots, &mut on_path, &mut path, 4), 4);
        // The first pass finds the chain's, and leaves the cycle's.
        assert_eq!(
            ordered_roots(&c.parent),
            [Some(0), Some(0), Some(0), None, None]
        );
    }

    #[test]
    fn a_long_chain_is_walked_once() {
        let ids: Vec<String> = (0..50_000).map(|i: usize| i.to_string()).collect();
        let parents: Vec<Option<&str>> = (0..50_000)
            .map(|i| (i > 0).then(|| ids[i - 1].as_str()))
            .collect();
        let c = corpus(&parents);
        let n = c.posts.len();
        let (mut roots, mut on_path, mut path) = (vec![None; n], vec![false; n], Vec::new());
        let start = std::time::Instant::now();
        for i in (0..n).rev() {
            assert_eq!(root(&c.parent, &mut roots, &mut on_path, &mut path, i), 0);
        }
        assert!(start.elapsed().as_secs() < 10);
    }
}
