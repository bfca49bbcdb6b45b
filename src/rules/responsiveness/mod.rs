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
    let mut out = String::new();
    push_who(&mut out, c, i);
    out
}

/// [`who`], written at the end of `out`.
fn push_who(out: &mut String, c: &Corpus, i: usize) {
    match c.posts[i].author.as_str() {
        "" => out.push_str("someone"),
        a => {
            out.push('@');
            out.push_str(a);
        }
    }
}

/// `@maya_r wrote "Where is my parcel?"` then `rest`: who wrote record `i`,
/// how it begins, and what to do, in one string (a large export has
/// hundreds of thousands of these).
pub(crate) fn quoting(c: &Corpus, i: usize, verb: &str, rest: &str) -> String {
    let mut out = String::with_capacity(96 + rest.len());
    push_who(&mut out, c, i);
    out.push(' ');
    out.push_str(verb);
    out.push_str(" \"");
    crate::text::push_first_line(&mut out, &c.posts[i].text, 40);
    out.push('"');
    out.push_str(rest);
    out
}
