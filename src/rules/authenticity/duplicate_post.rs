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

/// The sets of copies, and per record (when a set was found) the set it
/// repeats and its place in it; `(0, 0)` for none. Looked up once per
/// record and kept for the messages: a list by record, not a hash map,
/// which for a bulk upload of a million copies took about 70 MB.
struct Repeats {
    groups: Vec<Vec<usize>>,
    at: Vec<(u32, u32)>,
}

impl Repeats {
    /// The copies before record `i`, if it repeats an earlier post.
    fn earlier(&self, i: usize) -> Option<&[usize]> {
        match self.at.get(i) {
            Some(&(g, k)) if k > 0 => Some(&self.groups[g as usize][..k as usize]),
            _ => None,
        }
    }
}

fn repeats<'c>(cx: &Context<'c>) -> &'c Repeats {
    let c = cx.corpus;
    let o = &cx.settings.authenticity;
    c.memo.get_or_init_ref(|| {
        let posts = (0..c.posts.len())
            .filter(|&i| original_post(c, i))
            .map(|i| (i, c.posts[i].text.as_str()));
        let groups = near_duplicates(posts, o.similarity, o.min_words);
        let mut at = Vec::new();
        if !groups.is_empty() {
            at = vec![(0, 0); c.posts.len()];
        }
        for (g, group) in groups.iter().enumerate() {
            for (k, &i) in group.iter().enumerate().skip(1) {
                // Fewer than 2^32 records, and sets of them.
                at[i] = (g as u32, k as u32);
            }
        }
        Repeats { groups, at }
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
        if repeats(cx).earlier(i).is_some() {
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
    match c.memo.get::<Repeats>().and_then(|r| r.earlier(i)) {
        Some(earlier) => push_id_list(&mut m, c, earlier.iter().copied(), earlier.len()),
        // Not reached: the finding was made from the memo.
        None => m.push_str("an earlier post"),
    }
    m.push_str(
        " nearly word for word: say something new, or reply to the people who answered the first one",
    );
    m
}
