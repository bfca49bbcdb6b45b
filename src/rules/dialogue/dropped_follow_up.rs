use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use crate::corpus::Corpus;
use crate::declare_rule;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::entities::{mentions, urls};
use crate::text::first_line;
use crate::text::words::words;

declare_rule! {
    /// ## What it does
    /// Flags a reply by the account that the person answered, and that the
    /// account never followed up: the thread stops at the person's follow-up
    /// with nothing back. A follow-up that merely closes the thread ("thanks,
    /// that worked!", "aww, that made her day!", "👍") is let be, unless the
    /// account's reply had asked them something (then their answer deserves
    /// one). So is a follow-up the account answered further down, or by
    /// writing again in its own thread later, and a short "sent!" after the
    /// account asked to continue in private (DM, phone, chat). A follow-up
    /// that asks a question is left to R002.
    ///
    /// ## Why is this bad?
    /// Dialogue means to "ask them questions and build upon your answers"
    /// (002_b7e3e3f5bdb5ad11.txt); "conversations should never be one-sided"
    /// (003_5cbde5e7d00acd36.txt). Answering once and walking away when the
    /// person comes back is the polite form of not listening.
    ///
    /// ## Example
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,brand,Our autumn blend is back.,
    /// 2,maya,Is there a decaf?,1
    /// 3,brand,"Not yet, Maya. Want a sample when there is?",2
    /// 4,maya,"Yes please, I'd love that!",3
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,text,in_reply_to
    /// 1,brand,Our autumn blend is back.,
    /// 2,maya,Is there a decaf?,1
    /// 3,brand,"Not yet, Maya. Want a sample when there is?",2
    /// 4,maya,"Yes please, I'd love that!",3
    /// 5,brand,"Done, you're on the list!",4
    /// ```
    pub struct DroppedFollowUp {
        code: "D002",
        name: "dropped-follow-up",
        principle: Dialogue,
        severity: Warning,
        scope: Post,
        seeds: ["002_b7e3e3f5bdb5ad11.txt", "003_5cbde5e7d00acd36.txt"],
    }
}

/// Words that close a conversation rather than carry it on.
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(
        r"\b(?:thanks?|thank you|thx|ty|cheers|ta|much appreciated|appreciate it|perfect|great|awesome|brilliant|amazing|lovely|cool|nice|ok(?:ay)?|got it|will do|sounds good|that worked|works now|all good|all set|sorted|fixed|solved|resolved|no worries|you too|same to you|aww+|yay|haha|lol|love (?:it|this|that|you)|made (?:my|her|his|their|our) (?:day|night|week))\b|[👍🙏❤♥😊🙂😍🥰🙌👌💯]",
    )
    .case_insensitive(true)
    .build()
    .expect("valid closing pattern")
});

/// True for a short follow-up that closes the thread: at most eight words
/// besides mentions and links, holding a word of thanks or assent, or at
/// most two words in all ("Nice!", an emoji).
pub(crate) fn is_closing(text: &str) -> bool {
    let mut rest = text.to_string();
    for span in mentions(text).into_iter().chain(urls(text)).rev() {
        rest.replace_range(span.start..span.end, " ");
    }
    let words = words(&rest).count();
    words <= 2 || (words <= 8 && CLOSING.is_match(&rest))
}

/// An answer that takes the conversation somewhere private.
static MOVED_PRIVATE: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(
        r"\b(?:dms?|direct message|private message|pm|inbox|e-?mail us|call us|by phone|phone or chat|chat (?:here|with us)|contact us (?:via|by|at|on|here))\b",
    )
    .case_insensitive(true)
    .build()
    .expect("valid private-channel pattern")
});

/// A short follow-up that says the person did what was asked ("sent!").
static CONFIRMS: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(r"\b(?:sent|done|dm'?d|messaged|just did|followed|will do)\b")
        .case_insensitive(true)
        .build()
        .expect("valid confirmation pattern")
});

/// True when the account wrote a record in the thread below `i`.
fn account_replied_below(c: &Corpus, i: usize) -> bool {
    let mut stack = c.children(i).to_vec();
    while let Some(j) = stack.pop() {
        if c.is_account[j] {
            return true;
        }
        stack.extend(c.children(j));
    }
    false
}

/// True when the account, after follow-up `f` to its reply `r`, wrote again
/// under `r` (say, a second message in its own thread). Without times,
/// input order decides.
fn account_wrote_after(c: &Corpus, r: usize, f: usize) -> bool {
    let after = |j: usize| match (c.posts[j].created, c.posts[f].created) {
        (Some(a), Some(b)) => a > b,
        _ => j > f,
    };
    c.children(r)
        .iter()
        .any(|&j| j != f && c.is_account[j] && after(j))
}

/// True when `f` has had its answer: below it, later in the thread, or in
/// private, as the account's reply `r` asked and `f` confirms.
fn followed_up(c: &Corpus, r: usize, f: usize) -> bool {
    let moved = MOVED_PRIVATE.is_match(&c.posts[r].text)
        && CONFIRMS.is_match(&c.posts[f].text)
        && words(&c.posts[f].text).count() <= 12;
    moved || account_replied_below(c, f) || account_wrote_after(c, r, f)
}

impl Rule for DroppedFollowUp {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        // An answer by the account to someone in the export.
        if !c.is_account[i] || c.parent[i].is_none_or(|p| c.is_account[p]) {
            return;
        }
        let asked = c.signals[i].invitation.is_some();
        let dropped = c.children(i).iter().copied().find(|&f| {
            !c.is_account[f]
                && !c.signals[f].question
                && (asked || !is_closing(&c.posts[f].text))
                && !followed_up(c, i, f)
        });
        let Some(f) = dropped else { return };
        let who = match c.posts[f].author.as_str() {
            "" => "someone".to_string(),
            a => format!("@{a}"),
        };
        out.push(Finding::on_post(
            &Self::META,
            i,
            format!(
                "{who} answered this reply (\"{}\") and heard nothing back: follow up, the conversation is not over",
                first_line(&c.posts[f].text, 40)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::is_closing;

    #[test]
    fn closings_are_short_thanks_or_assent() {
        assert!(is_closing("Thanks, that worked!"));
        assert!(is_closing("@brand thank you so much 🙏"));
        assert!(is_closing("👍"));
        assert!(is_closing("Nice one!"));
        assert!(is_closing("@AmazonHelp Aww your reply made her night!"));
        assert!(is_closing("@AdobeCare Solved this via phone support"));
        assert!(!is_closing(
            "Tried it this morning with oat milk and it was too bitter for me"
        ));
        assert!(!is_closing(
            "Still waiting for my order, it has been two weeks"
        ));
        assert!(!is_closing(
            "Thanks, but the parcel never came and the tracking link is dead, what now"
        ));
    }
}
