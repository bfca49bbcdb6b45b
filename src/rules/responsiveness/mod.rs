//! `responsiveness`: reply to the people who talk to you (seeds 001, 003).

pub mod late_reply;
pub mod low_response_rate;
pub mod slow_response;
pub mod unanswered_comment;
pub mod unanswered_question;

use crate::corpus::Corpus;

/// True when audience record `i` calls for an answer from the account
/// (see [`Corpus::expects_reply`]) and has none.
pub(crate) fn unanswered(c: &Corpus, i: usize) -> bool {
    c.expects_reply(i) && c.first_account_reply(i).is_none()
}

/// `@maya_r` for a record with an author, `someone` without.
pub(crate) fn who(c: &Corpus, i: usize) -> String {
    match c.posts[i].author.as_str() {
        "" => "someone".to_string(),
        a => format!("@{a}"),
    }
}
