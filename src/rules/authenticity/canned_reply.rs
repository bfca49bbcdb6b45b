use std::sync::Arc;

/// Looked up once per record: a fast hasher.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use crate::corpus::Corpus;
use crate::declare_rule;
use crate::rules::authenticity::{SHOWN, push_id_list, reply_to_people};
use crate::rules::{Context, Finding, Message, Rule, RuleMeta};
use crate::text::similar::near_duplicates;

declare_rule! {
    /// ## What it does
    /// Flags replies by the account that repeat, nearly word for word, at
    /// least `authenticity.canned-min-copies` (3) of its replies in all: the
    /// same answer pasted to many people. Texts are compared after removing
    /// mentions, links, numbers, punctuation and case, so "Hi @maya, order
    /// 1234" and "Hi @tom, order 5678" are the same text; near-copies count
    /// when their word pairs overlap by at least `authenticity.similarity`
    /// (0.6). Replies shorter than `authenticity.min-words` (8) words, such as
    /// "Thank you so much, Maya!", are not judged: short thanks repeat
    /// naturally.
    ///
    /// A reply is a record that answers someone else, or, where the export
    /// links no parent, one that opens with a mention ("@maya ...").
    ///
    /// The comparison takes time linear in the number of replies (MinHash
    /// signatures and banding, not a comparison of every pair), so exports of
    /// millions of records are fine.
    ///
    /// ## Why is this bad?
    /// Seed 001 asks brands to "Think genuine, relevant, evolution (not fake,
    /// not impersonated)" (001_24e1877a1fee5122.txt). "Behind EVERY social
    /// media page or post is a PERSON" (003_5cbde5e7d00acd36.txt), and seed 003
    /// warns that "there are generators that spit out content like carnival
    /// tickets" (003_5cbde5e7d00acd36.txt): a pasted answer tells the person
    /// that nobody read what they wrote.
    ///
    /// ## Example
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,maya,My beans arrived stale,
    /// 2,brand,"@maya Thanks for reaching out! We're sorry to hear that, please DM us your order number.",1
    /// 3,tom,Where is my parcel?,
    /// 4,brand,"@tom Thanks for reaching out! We're sorry to hear that, please DM us your order number.",3
    /// 5,ann,The grinder is broken,
    /// 6,brand,"@ann Thanks for reaching out! We're so sorry to hear that, please DM us your order number.",5
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,maya,My beans arrived stale,
    /// 2,brand,"@maya Stale beans are the worst. Which roast date is on the bag? We'll send a fresh one.",1
    /// 3,tom,Where is my parcel?,
    /// 4,brand,"@tom It left on Monday, so it should be with you tomorrow. Tell us if not!",3
    /// 5,ann,The grinder is broken,
    /// 6,brand,"@ann Oh no! Is it the burr or the motor? A photo would help us fix it fast.",5
    /// ```
    ///
    /// ## Options
    /// - `authenticity.canned-min-copies` (default `3`)
    /// - `authenticity.similarity` (default `0.6`)
    /// - `authenticity.min-words` (default `8`)
    pub struct CannedReply {
        code: "A001",
        name: "canned-reply",
        principle: Authenticity,
        severity: Warning,
        scope: Post,
        seeds: ["001_24e1877a1fee5122.txt", "003_5cbde5e7d00acd36.txt"],
    }
}

/// Per reply that is one of a canned set: the whole set.
/// Each reply of a canned set, with its set.
pub(crate) struct CannedSets(pub(crate) HashMap<usize, Arc<CannedSet>>);

/// Replies sent nearly word for word, in input order.
pub(crate) struct CannedSet {
    members: Box<[usize]>,
    /// The message of every member after the first [`SHOWN`]: each names
    /// the same first [`SHOWN`] members, so they share one message.
    shared: Option<Arc<str>>,
}

/// The account's canned replies, found once per audit (A001, A101).
pub(crate) fn canned_sets<'c>(cx: &Context<'c>) -> &'c CannedSets {
    let c: &Corpus = cx.corpus;
    let o = &cx.settings.authenticity;
    c.memo.get_or_init_ref(|| {
        let replies = (0..c.posts.len())
            .filter(|&i| reply_to_people(c, i))
            .map(|i| (i, c.posts[i].text.as_str()));
        let mut sets = HashMap::default();
        for group in near_duplicates(replies, o.similarity, o.min_words) {
            if group.len() >= o.canned_min_copies {
                let shared = group.get(SHOWN).map(|&i| message(c, &group, i).into());
                let set = Arc::new(CannedSet {
                    members: group.into(),
                    shared,
                });
                for &i in set.members.iter() {
                    sets.insert(i, Arc::clone(&set));
                }
            }
        }
        CannedSets(sets)
    })
}

impl Rule for CannedReply {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn prepare(&self, cx: &Context) {
        canned_sets(cx);
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        if !reply_to_people(cx.corpus, i) {
            return;
        }
        let sets = canned_sets(cx);
        let Some(set) = sets.0.get(&i) else {
            return;
        };
        let message = match &set.shared {
            Some(shared) if !set.members[..SHOWN].contains(&i) => {
                Message::Shared(Arc::clone(shared))
            }
            _ => message(cx.corpus, &set.members, i).into(),
        };
        out.push(Finding::on_post(&Self::META, i, message));
    }
}

/// The message of copy `i` of `set`: it names the other copies.
fn message(c: &Corpus, set: &[usize], i: usize) -> String {
    // Written piece by piece: a canned set gives a finding per copy.
    let mut message = String::with_capacity(160);
    message.push_str("the same reply, nearly word for word, went out ");
    message.push_str(itoa::Buffer::new().format(set.len()));
    message.push_str(" times (also ");
    push_id_list(
        &mut message,
        c,
        set.iter().copied().filter(|&j| j != i),
        set.len() - 1,
    );
    message.push_str("): answer each person in your own words, about what they said");
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tests::{flagged_findings, written};

    /// Each copy's message names the other copies: the first three of them,
    /// then how many more. The copies after the first three name the same
    /// ones, and share one message.
    #[test]
    fn each_copy_names_the_others() {
        let mut csv = String::from("id,author,text,in_reply_to\n");
        for k in 1..=6 {
            csv.push_str(&format!(
                "c{k},fan{k},Where is my parcel?,\n\
                 r{k},brand,\"@fan{k} Thanks for reaching out! We're sorry, please DM us your order number.\",c{k}\n"
            ));
        }
        let findings = flagged_findings(&CannedReply, &csv);
        let messages: Vec<&str> = findings.iter().map(written).collect();
        let want = |others: &str| {
            format!(
                "the same reply, nearly word for word, went out 6 times (also posts {others} and 2 more): \
                 answer each person in your own words, about what they said"
            )
        };
        assert_eq!(
            messages,
            [
                want("r2, r3, r4"),
                want("r1, r3, r4"),
                want("r1, r2, r4"),
                want("r1, r2, r3"),
                want("r1, r2, r3"),
                want("r1, r2, r3"),
            ]
        );
        let shared: Vec<bool> = findings
            .iter()
            .map(|f| matches!(f.message, Message::Shared(_)))
            .collect();
        assert_eq!(shared, [false, false, false, true, true, true]);
    }
}
