//! `consistency`: a steady relationship with campaigns on top, not campaign
//! mode (seeds 001, 004).
//!
//! These rules read the account's original top-level posts in time order
//! (not replies, nor records that open with someone's `@mention`),
//! published or planned alike, so they judge a content calendar before it
//! goes out as well as an archive after. Records without a readable time
//! are left out.

pub mod campaign_mode;
pub mod long_gap;
pub mod promotional_burst;

use crate::corpus::Corpus;

pub const DAY: i64 = 24 * 60 * 60;

/// The account's top-level posts that have a time, as `(time, index)`,
/// earliest first (input order breaks ties). Sorted once per audit and
/// kept in the memo: three rules and the score read it.
pub fn timeline(c: &Corpus) -> &[(i64, usize)] {
    &c.memo
        .get_or_init_ref(|| {
            let mut t: Vec<(i64, usize)> = c
                .account_posts()
                .filter(|&i| c.is_top_level(i))
                .filter_map(|i| c.posts[i].created.map(|t| (t, i)))
                .collect();
            t.sort();
            Timeline(t)
        })
        .0
}

struct Timeline(Vec<(i64, usize)>);

/// A time as a UTC date, `2026-03-02`.
pub(crate) fn date(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| secs.to_string())
}

/// Seconds as days: whole days from 30 on, one decimal from 2 to 30 (so
/// that 14.3 days does not read as the 14-day limit), hours below.
pub(crate) fn days(secs: i64) -> String {
    let d = secs as f64 / DAY as f64;
    if d >= 30.0 {
        format!("{d:.0} days")
    } else if d >= 2.0 {
        let s = format!("{d:.1}");
        format!("{} days", s.strip_suffix(".0").unwrap_or(&s))
    } else {
        crate::rules::duration(secs as f64 / 60.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::audit::{self, AuditOptions};
    use crate::config::Settings;
    use crate::model::{Dataset, Post, Source};
    use crate::rules::{self, Rule};

    /// Planned posts of a content calendar (no author), one per
    /// `(day offset, text)`, from 2026-03-02 09:00 UTC.
    pub(crate) fn calendar(days: &[(f64, &str)]) -> Dataset {
        let start = 1_772_442_000; // 2026-03-02T09:00:00Z
        let posts = days
            .iter()
            .enumerate()
            .map(|(n, (d, text))| {
                let mut p = Post::new(
                    format!("c{}", n + 1),
                    *text,
                    Source {
                        path: "calendar.csv".into(),
                        line: n as u64 + 2,
                    },
                );
                p.created = Some(start + (d * 86_400.0) as i64);
                p.planned = true;
                p
            })
            .collect();
        Dataset {
            posts,
            ..Default::default()
        }
    }

    /// `(code, post id or "-", message)` of what `rule` finds.
    pub(crate) fn run(
        rule: &'static dyn Rule,
        data: Dataset,
        settings: Settings,
    ) -> Vec<(String, String, String)> {
        let a = audit::run(
            data,
            vec![],
            AuditOptions {
                accounts: vec![],
                rules: vec![rule],
                settings,
            },
        );
        a.findings
            .iter()
            .map(|f| {
                (
                    f.rule.code.to_string(),
                    f.post()
                        .map_or("-".to_string(), |i| a.corpus.posts[i].id.clone()),
                    f.message(&a.corpus).into_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn the_date_of_the_calendar_start() {
        assert_eq!(super::date(1_772_442_000), "2026-03-02");
        assert_eq!(super::days(3 * super::DAY), "3 days");
        assert_eq!(super::days(14 * super::DAY + 8 * 3600), "14.3 days");
        assert_eq!(super::days(45 * super::DAY + 8 * 3600), "45 days");
        assert_eq!(super::days(super::DAY), "1 day");
        assert!(rules::find("S001").is_some());
    }

    use crate::rules::consistency::{
        campaign_mode::CampaignMode, long_gap::LongGap, promotional_burst::PromotionalBurst,
    };

    #[test]
    fn a_calendar_with_a_hole_is_flagged_before_it_happens() {
        let data = calendar(&[
            (0.0, "How do you brew?"),
            (7.0, "Meet Sam."),
            (30.0, "We're back."),
            (31.0, "Spring menu."),
        ]);
        let found = run(&LongGap, data, Settings::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "c3");
        assert!(
            found[0].2.starts_with(
                "23 days with nothing planned before this post (last post 2026-03-09)"
            ),
            "{found:?}"
        );
        // Out of order in the file, in order in time.
        let data = calendar(&[(30.0, "later"), (0.0, "first"), (10.0, "middle")]);
        let found = run(&LongGap, data, Settings::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "c1");
        let mut wide = Settings::default();
        wide.consistency.max_gap_days = 30.0;
        let data = calendar(&[(0.0, "a"), (30.0, "b")]);
        assert!(run(&LongGap, data, wide).is_empty());
    }

    #[test]
    fn promotional_bursts_count_only_promotions_inside_the_window() {
        let data = calendar(&[
            (0.0, "Flash sale today!"),
            (0.5, "How do you brew?"),
            (1.0, "20% off mugs."),
            (1.9, "Shop now: last day."),
            (5.0, "Buy now, free shipping."),
        ]);
        let found = run(&PromotionalBurst, data, Settings::default());
        let ids: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
        assert_eq!(ids, ["c4"], "{found:?}");
        assert!(
            found[0]
                .2
                .contains("promotional post 3 within 48 h (after c1, c3)")
        );
        let mut two = Settings::default();
        two.consistency.promo_burst_posts = 2;
        let data = calendar(&[(0.0, "Flash sale!"), (1.0, "20% off."), (9.0, "Shop now.")]);
        let ids: Vec<String> = run(&PromotionalBurst, data, two)
            .into_iter()
            .map(|f| f.1)
            .collect();
        assert_eq!(ids, ["c2"]);
    }

    #[test]
    fn campaign_mode_needs_bursts_then_silence() {
        let burst = |from: f64| (0..4).map(move |k| (from + k as f64, "Launch week post"));
        let mut days: Vec<(f64, &str)> = burst(0.0).chain(burst(40.0)).collect();
        let found = run(&CampaignMode, calendar(&days), Settings::default());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].2.starts_with(
            "8 of 8 posts (100%) came in 2 bursts (2026-03-02 to 2026-03-05; 2026-04-11 to 2026-04-14), with silences of up to 37 days between"
        ), "{found:?}");

        // The same campaigns on top of a weekly rhythm: one long period.
        days.extend([(10.0, "a"), (20.0, "b"), (30.0, "c")]);
        assert!(run(&CampaignMode, calendar(&days), Settings::default()).is_empty());

        // A steady feed that stopped once: no burst before the silence.
        let steady: Vec<(f64, &str)> = (0..8)
            .map(|k| (k as f64 * 5.0, "weekly"))
            .chain([(80.0, "back")])
            .collect();
        assert!(run(&CampaignMode, calendar(&steady), Settings::default()).is_empty());

        // Bursts hold too small a share.
        let mut mostly_steady: Vec<(f64, &str)> =
            (0..10).map(|k| (k as f64 * 6.0, "weekly")).collect();
        mostly_steady.extend(burst(100.0));
        mostly_steady.push((130.0, "after"));
        assert!(run(&CampaignMode, calendar(&mostly_steady), Settings::default()).is_empty());
    }

    #[test]
    fn campaign_mode_needs_min_posts_with_times() {
        let days = [(0.0, "a"), (1.0, "b"), (60.0, "c"), (61.0, "d")];
        assert!(run(&CampaignMode, calendar(&days), Settings::default()).is_empty());
    }

    #[test]
    fn a_calendar_of_planned_posts_is_no_broadcast_streak() {
        use crate::rules::dialogue::broadcast_streak::BroadcastStreak;
        let days: Vec<(f64, &str)> = (0..12).map(|k| (k as f64, "daily post")).collect();
        assert!(run(&BroadcastStreak, calendar(&days), Settings::default()).is_empty());
        let mut published = calendar(&days);
        for p in &mut published.posts {
            p.planned = false;
        }
        let found = run(&BroadcastStreak, published, Settings::default());
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .2
                .starts_with("12 original posts in a row (2026-03-02 to 2026-03-13)")
        );
    }
}
