use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};
use unicode_segmentation::UnicodeSegmentation;

use crate::corpus::Corpus;
use crate::declare_rule;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::entities::{mentions, urls};
use crate::text::first_line;

declare_rule! {
    /// ## What it does
    /// Flags a reply by the account that the person answered, and that the
    /// account never followed up: the thread stops at the person's follow-up
    /// with nothing back. A follow-up that merely closes the thread ("thanks,
    /// that worked!", "👍") is let be, unless the account's reply had asked
    /// them something (then their answer deserves one). A follow-up that asks
    /// a question is left to R002.
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
        r"\b(?:thanks?|thank you|thx|ty|cheers|ta|much appreciated|appreciate it|perfect|great|awesome|brilliant|amazing|lovely|cool|nice|ok(?:ay)?|got it|will do|sounds good|that worked|all good|no worries|you too|same to you)\b|[👍🙏❤♥😊🙂😍🥰🙌👌💯]",
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
    let words = rest.unicode_words().count();
    words <= 2 || (words <= 8 && CLOSING.is_match(&rest))
}

/// True when the account wrote a record in the thread below `i`.
fn account_replied_below(c: &Corpus, i: usize) -> bool {
    let mut stack = c.children[i].clone();
    while let Some(j) = stack.pop() {
        if c.is_account[j] {
            return true;
        }
        stack.extend(&c.children[j]);
    }
    false
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
        let dropped = c.children[i].iter().copied().find(|&f| {
            !c.is_account[f]
                && !c.signals[f].question
                && (asked || !is_closing(&c.posts[f].text))
                && !account_replied_below(c, f)
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
