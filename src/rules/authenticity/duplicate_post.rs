use std::sync::Arc;

/// Looked up once per record: a fast hasher.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use crate::corpus::Corpus;
use crate::declare_rule;
use crate::rules::authenticity::{original_post, push_id_list};
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::similar::near_duplicates;

declare_rule! {
    /// ## What it does
    /// Flags an original post of the account that repeats an earlier one
    /// nearly word for word (published or planned). A post that opens with a
    /// mention reads as a reply and is left to A001. Texts are compared as in
    /// A001: without mentions, links, numbers, punctuation and case, with word
    /// pairs overlapping by at least `authenticity.similarity` (0.6); posts
    /// under `authenticity.min-words` (8) words are not judged. The first post
    /// of a set is not flagged; each later copy is.
    ///
    /// ## Why is this bad?
    /// A feed of repeats is a broadcast, not a voice. Seed 001 asks brands to
    /// "Think genuine, relevant, evolution (not fake, not impersonated)"
    /// (001_24e1877a1fee5122.txt); seed 003 warns that "there are generators
    /// that spit out content like carnival tickets" (003_5cbde5e7d00acd36.txt).
    /// The same post again gives the people who saw it nothing new.
    ///
    /// ## Example
    /// ```csv
    /// id,author,text
    /// 1,brand,Our autumn blend is back in all stores from Monday!
    /// 2,brand,Our autumn blend is back in all stores from Monday!!
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text
    /// 1,brand,Our autumn blend is back in all stores from Monday!
    /// 2,brand,"Day one of the autumn blend: Jo says it tastes like apple pie. What do you taste?"
    /// ```
    ///
    /// ## Options
    /// - `authenticity.similarity` (default `0.6`)
    /// - `authenticity.min-words` (default `8`)
    pub struct DuplicatePost {
        code: "A003",
        name: "duplicate-post",
        principle: Authenticity,
        severity: Warning,
        scope: Post,
        seeds: ["001_24e1877a1fee5122.txt", "003_5cbde5e7d00acd36.txt"],
    }
}

/// Per original post that repeats an earlier one: its set of copies, and its
/// place in the set.
struct Repeats(HashMap<usize, (Arc<[usize]>, usize)>);

fn repeats<'c>(cx: &Context<'c>) -> &'c Repeats {
    let c = cx.corpus;
    let o = &cx.settings.authenticity;
    c.memo.get_or_init_ref(|| {
        let posts = (0..c.posts.len())
            .filter(|&i| original_post(c, i))
            .map(|i| (i, c.posts[i].text.as_str()));
        let mut earlier = HashMap::default();
        for group in near_duplicates(posts, o.similarity, o.min_words) {
            let group: Arc<[usize]> = group.into();
            for (k, &i) in group.iter().enumerate().skip(1) {
                earlier.insert(i, (Arc::clone(&group), k));
            }
        }
        Repeats(earlier)
    })
}

impl Rule for DuplicatePost {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn prepare(&self, cx: &Context) {
        repeats(cx);
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        if !original_post(cx.corpus, i) {
            return;
        }
        if repeats(cx).0.contains_key(&i) {
            out.push(Finding::later(&Self::META, i, message));
        }
    }
}

/// The message on record `i`, written when the report is (a set of copies
/// gives a finding per copy): it names the copies before it, which the
/// memo holds.
fn message(c: &Corpus, i: usize) -> String {
    let mut m = String::with_capacity(160);
    m.push_str("repeats ");
    match c.memo.get::<Repeats>().and_then(|r| r.0.get(&i)) {
        Some((group, k)) => push_id_list(&mut m, c, group[..*k].iter().copied(), *k),
        // Not reached: the finding was made from the memo.
        None => m.push_str("an earlier post"),
    }
    m.push_str(
        " nearly word for word: say something new, or reply to the people who answered the first one",
    );
    m
}
