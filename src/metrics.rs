//! Account metrics: the numbers the account-level rules judge and the
//! report shows. All come from relationship behaviour (who talks, who
//! answers), never from like or follower counts.

use rayon::prelude::*;
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
        // Counted on all cores, a share of the records on each; the delays
        // are only sorted for the median, so their order does not matter.
        let (mut m, mut delays) = (0..c.posts.len())
            .into_par_iter()
            .with_min_len(4096)
            .fold(
                || (Metrics::default(), Vec::new()),
                |(mut m, mut delays), i| {
                    m.count(c, i, &mut delays);
                    (m, delays)
                },
            )
            .reduce(
                || (Metrics::default(), Vec::new()),
                |(mut a, mut da), (b, db)| {
                    a.add(&b);
                    da.extend(db);
                    (a, da)
                },
            );
        m.dialogue_share = share(m.inviting_posts, m.top_level_posts);
        m.reply_share = share(m.replies_to_people, m.account_posts);
        m.promotional_share = share(m.promotional_posts, m.top_level_posts);
        m.response_rate = share(m.comments_answered, m.comments_to_account);
        m.median_response_minutes = median(&mut delays);
        m
    }

    /// Counts record `i`; the minutes to its answer go to `delays`.
    fn count(&mut self, c: &Corpus, i: usize, delays: &mut Vec<f64>) {
        if c.is_account[i] {
            self.account_posts += 1;
            if c.is_top_level(i) {
                self.top_level_posts += 1;
                self.inviting_posts += usize::from(c.signals[i].invitation.is_some());
                self.promotional_posts += usize::from(!c.signals[i].hard_sell.is_empty());
            }
            self.replies_to_people += usize::from(c.is_reply_to_people(i));
        } else if c.expects_reply(i) {
            self.comments_to_account += 1;
            if let Some(r) = c.first_account_reply(i) {
                self.comments_answered += 1;
                if let (Some(asked), Some(answered)) = (c.posts[i].created, c.posts[r].created) {
                    delays.push((answered - asked).max(0) as f64 / 60.0);
                }
            }
        }
    }

    /// Adds the counts of `other` (the shares are computed at the end).
    fn add(&mut self, other: &Metrics) {
        self.account_posts += other.account_posts;
        self.top_level_posts += other.top_level_posts;
        self.inviting_posts += other.inviting_posts;
        self.replies_to_people += other.replies_to_people;
        self.promotional_posts += other.promotional_posts;
        self.comments_to_account += other.comments_to_account;
        self.comments_answered += other.comments_answered;
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

    /// Counted on all cores, in shares of 4,096 records: the counts of the
    /// shares add up, and the median is over every answered comment.
    #[test]
    fn counts_add_up_across_shares() {
        use crate::model::{Dataset, Post, Source};
        let post = |id: String, author: &str, parent: Option<String>, at: i64| {
            let mut p = Post::new(
                id,
                "Is the autumn blend back?",
                Source {
                    path: "t.csv".into(),
                    line: 2,
                },
            );
            p.author = author.into();
            p.parent_id = parent;
            p.created = Some(at);
            p
        };
        let mut posts = vec![post("p".into(), "brand", None, 0)];
        let mut want = Vec::new();
        for k in 0..6000 {
            posts.push(post(format!("c{k}"), "fan", Some("p".into()), 60 * k));
        }
        for k in 0..3000 {
            let minutes = k % 7 + 1;
            posts.push(post(
                format!("r{k}"),
                "brand",
                Some(format!("c{k}")),
                60 * (k + minutes),
            ));
            want.push(minutes as f64);
        }
        let data = Dataset {
            posts,
            ..Dataset::default()
        };
        let c = Corpus::build(data, &["brand".to_string()], &[]);
        let m = Metrics::compute(&c);
        assert_eq!(
            (m.account_posts, m.top_level_posts, m.replies_to_people),
            (3001, 1, 3000)
        );
        assert_eq!((m.comments_to_account, m.comments_answered), (6000, 3000));
        assert_eq!(m.response_rate, Some(0.5));
        assert_eq!(m.median_response_minutes, median(&mut want));
    }

    #[test]
    fn median_of_odd_even_and_none() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
