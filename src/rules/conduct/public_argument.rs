use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, OnceLock};

use rayon::prelude::*;
#[cfg(test)]
use regex::Regex;

use crate::corpus::Corpus;
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
#[derive(Debug)]
struct Argument {
    person: String,
    replies: usize,
    their_tone: f64,
    pushback: usize,
}

/// Per record that closes an argument: the argument.
struct Arguments(HashMap<usize, Argument>);

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// (thread, person) -> the account's replies to them, their messages.
type Exchanges<'a> = FastMap<(usize, Cow<'a, str>), (Vec<usize>, Vec<usize>)>;

/// The first record of `i`'s thread (itself when it has no parent in the
/// export), remembered in `roots`. A cycle in bad data ends the walk at the
/// record that closes it; `on_path` marks the records of the current walk.
/// `path` is room for the walk, reused from call to call.
fn root(
    c: &Corpus,
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
        match c.parent[at] {
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

fn find_arguments(cx: &Context) -> Arguments {
    let c = cx.corpus;
    let min = cx.settings.conduct.argument_min_replies;
    let pushback_tone = cx.settings.conduct.pushback_tone;
    {
        let mut roots = vec![None; c.posts.len()];
        let mut on_path = vec![false; c.posts.len()];
        let mut path = Vec::new();
        // (thread, person) -> the account's replies to them, their messages.
        let mut exchanges: Exchanges = FastMap::default();
        for i in 0..c.posts.len() {
            let Some(p) = c.parent[i] else { continue };
            if !c.is_account[i] || c.is_account[p] || c.posts[p].author.is_empty() {
                continue;
            }
            let key = (
                root(c, &mut roots, &mut on_path, &mut path, i),
                handle_key(&c.posts[p].author),
            );
            exchanges.entry(key).or_default().0.push(i);
        }
        exchanges.retain(|_, (replies, _)| replies.len() >= min);
        if exchanges.is_empty() {
            return Arguments(HashMap::new());
        }
        // The threads with an exchange: a message in another has none.
        let mut in_exchange = vec![false; c.posts.len()];
        for (thread, _) in exchanges.keys() {
            in_exchange[*thread] = true;
        }
        for i in 0..c.posts.len() {
            if c.is_account[i] || c.posts[i].author.is_empty() {
                continue;
            }
            // Every record's root is asked in the same order as before:
            // where bad data holds a cycle, the order picks the root.
            let thread = root(c, &mut roots, &mut on_path, &mut path, i);
            if !in_exchange[thread] {
                continue;
            }
            if let Some(e) = exchanges.get_mut(&(thread, handle_key(&c.posts[i].author))) {
                e.1.push(i);
            }
        }
        // Each exchange's tones on all cores: scoring the messages is the
        // costly part. A reply is in one exchange, so the last replies differ.
        let exchanges: Vec<_> = exchanges.into_iter().collect();
        let found = exchanges
            .into_par_iter()
            .filter_map(|((_, person), (replies, theirs))| {
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
                let pushback = replies
                    .iter()
                    .filter(|&&r| pushes_back(&c.posts[r].text, c.signals[r].cues, pushback_tone))
                    .count();
                if pushback * 2 < replies.len() || pushback < 2.min(replies.len()) {
                    return None;
                }
                let last = *replies
                    .iter()
                    .max_by_key(|&&r| (c.posts[r].created.unwrap_or(i64::MIN), r))
                    .expect("at least one reply");
                Some((
                    last,
                    Argument {
                        person: person.into_owned(),
                        replies: replies.len(),
                        their_tone,
                        pushback,
                    },
                ))
            })
            .collect();
        Arguments(found)
    }
}

impl Rule for PublicArgument {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
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

    #[test]
    fn roots_of_chains_and_cycles() {
        // 0 <- 1 <- 2, and 3 <-> 4 reply to each other.
        let c = corpus(&[None, Some("0"), Some("1"), Some("4"), Some("3")]);
        let n = c.posts.len();
        let (mut roots, mut on_path, mut path) = (vec![None; n], vec![false; n], Vec::new());
        assert_eq!(root(&c, &mut roots, &mut on_path, &mut path, 2), 0);
        assert_eq!(root(&c, &mut roots, &mut on_path, &mut path, 1), 0);
        assert_eq!(root(&c, &mut roots, &mut on_path, &mut path, 3), 4);
        assert_eq!(root(&c, &mut roots, &mut on_path, &mut path, 4), 4);
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
            assert_eq!(root(&c, &mut roots, &mut on_path, &mut path, i), 0);
        }
        assert!(start.elapsed().as_secs() < 10);
    }
}
