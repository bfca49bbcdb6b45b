//! Account metrics: the numbers the account-level rules judge and the
//! report shows. All come from relationship behaviour (who talks, who
//! answers), never from like or follower counts.

use serde::Serialize;

use crate::corpus::Corpus;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// The account's records (posts, replies, shares).
    pub account_posts: usize,
    /// The account's original top-level posts.
    pub top_level_posts: usize,
    /// Top-level posts that ask or invite a reply.
    pub inviting_posts: usize,
    /// `inviting_posts / top_level_posts`.
    pub dialogue_share: Option<f64>,
    /// The account's replies to other people.
    pub replies_to_people: usize,
    /// `replies_to_people / account_posts`.
    pub reply_share: Option<f64>,
    /// Top-level posts with hard-sell language.
    pub promotional_posts: usize,
    /// `promotional_posts / top_level_posts`.
    pub promotional_share: Option<f64>,
    /// Audience records that speak to the account and call for an answer
    /// (comments on its posts, replies to its replies, mentions; not a
    /// closing "thanks!" in a thread it already answered).
    pub comments_to_account: usize,
    /// Of those, the ones the account replied to.
    pub comments_answered: usize,
    /// `comments_answered / comments_to_account`.
    pub response_rate: Option<f64>,
    /// Median minutes from a comment to the account's first reply, over the
    /// answered comments where both times are known.
    pub median_response_minutes: Option<f64>,
}

impl Metrics {
    pub fn compute(c: &Corpus) -> Metrics {
        let mut m = Metrics::default();
        let mut delays = Vec::new();
        for i in 0..c.posts.len() {
            if c.is_account[i] {
                m.account_posts += 1;
                if c.is_top_level(i) {
                    m.top_level_posts += 1;
                    m.inviting_posts += usize::from(c.signals[i].invitation.is_some());
                    m.promotional_posts += usize::from(!c.signals[i].hard_sell.is_empty());
                }
                m.replies_to_people += usize::from(c.is_reply_to_people(i));
            } else if c.expects_reply(i) {
                m.comments_to_account += 1;
                if let Some(r) = c.first_account_reply(i) {
                    m.comments_answered += 1;
                    if let (Some(asked), Some(answered)) = (c.posts[i].created, c.posts[r].created)
                    {
                        delays.push((answered - asked).max(0) as f64 / 60.0);
                    }
                }
            }
        }
        m.dialogue_share = share(m.inviting_posts, m.top_level_posts);
        m.reply_share = share(m.replies_to_people, m.account_posts);
        m.promotional_share = share(m.promotional_posts, m.top_level_posts);
        m.response_rate = share(m.comments_answered, m.comments_to_account);
        m.median_response_minutes = median(&mut delays);
        m
    }
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The median, or `None` for no values.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_even_and_none() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
