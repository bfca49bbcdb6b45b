use crate::declare_rule;
use crate::rules::consistency::{DAY, date, days, timeline};
use crate::rules::{Context, Finding, Rule, RuleMeta, percent};

declare_rule! {
    /// ## What it does
    /// Flags an account in campaign mode: it posts in bursts and falls
    /// silent in between. Precisely, over the account's original posts with a
    /// time (published or planned), in time order:
    ///
    /// 1. a gap longer than `consistency.silence-days` (default 14) is a
    ///    *silence*; silences split the timeline into *periods*;
    /// 2. a period that spans at most `consistency.burst-days` (default 7)
    ///    from its first post to its last and holds at least
    ///    `consistency.burst-min-posts` (default 3) posts is a *burst*;
    /// 3. the account is in campaign mode when there is at least one
    ///    silence, a burst is followed by a silence, and bursts hold at least
    ///    `consistency.campaign-share` (default 60%) of the posts.
    ///
    /// A steady feed is one long period and is never flagged, however busy
    /// its campaigns; a feed that stopped once is a long period and a
    /// silence, and is left to S001. Needs at least `min-posts` (5) posts.
    ///
    /// ## Why is this bad?
    /// The essays name the shift "from “campaign” mode to “relationship with
    /// overlaid campaigns on top mode”" as the hardest to make; campaigns are
    /// "simply the different seasons of the relationship", and those who
    /// "make a commitment to building a presence ... and a steady amount of
    /// new content" benefit most (001_24e1877a1fee5122.txt). A feed that only
    /// speaks when it has something to sell is "all one sided"
    /// (004_d10b3528b2158389.txt).
    ///
    /// ## Example
    /// ```csv
    /// id,author,created_at,text
    /// 1,brand,2026-03-02 09:00,Autumn blend launch!
    /// 2,brand,2026-03-03 09:00,Autumn blend: the tasting notes.
    /// 3,brand,2026-03-04 09:00,Autumn blend in stores now.
    /// 4,brand,2026-04-13 09:00,Winter blend launch!
    /// 5,brand,2026-04-14 09:00,Winter blend: the tasting notes.
    /// 6,brand,2026-04-15 09:00,Winter blend in stores now.
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,created_at,text
    /// 1,brand,2026-03-02 09:00,Autumn blend launch!
    /// 2,brand,2026-03-03 09:00,Autumn blend: the tasting notes.
    /// 3,brand,2026-03-04 09:00,Autumn blend in stores now.
    /// 4,brand,2026-03-16 09:00,How do you brew on a rainy day?
    /// 5,brand,2026-03-30 09:00,Meet Sam from the roastery.
    /// 6,brand,2026-04-13 09:00,Winter blend launch!
    /// 7,brand,2026-04-14 09:00,Winter blend: the tasting notes.
    /// 8,brand,2026-04-15 09:00,Winter blend in stores now.
    /// ```
    ///
    /// ## Options
    /// - `consistency.silence-days` (default `14`)
    /// - `consistency.burst-days` (default `7`)
    /// - `consistency.burst-min-posts` (default `3`)
    /// - `consistency.campaign-share` (default `0.6`)
    /// - `min-posts` (default `5`)
    pub struct CampaignMode {
        code: "S101",
        name: "campaign-mode",
        principle: Consistency,
        severity: Warning,
        scope: Account,
        seeds: ["001_24e1877a1fee5122.txt", "004_d10b3528b2158389.txt"],
    }
}

impl Rule for CampaignMode {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let o = &cx.settings.consistency;
        let t = timeline(cx.corpus);
        if t.len() < cx.settings.min_posts {
            return;
        }
        let silence = (o.silence_days * DAY as f64) as i64;
        let burst_span = (o.burst_days * DAY as f64) as i64;

        // Periods as (first, last) indices into `t`.
        let mut periods = Vec::new();
        let mut start = 0;
        let mut longest_silence = 0;
        for k in 1..t.len() {
            let gap = t[k].0 - t[k - 1].0;
            if gap > silence {
                periods.push((start, k - 1));
                start = k;
                longest_silence = longest_silence.max(gap);
            }
        }
        periods.push((start, t.len() - 1));
        if periods.len() < 2 {
            return;
        }
        let is_burst = |&(a, b): &(usize, usize)| {
            b + 1 - a >= o.burst_min_posts && t[b].0 - t[a].0 <= burst_span
        };
        let bursts: Vec<(usize, usize)> = periods.iter().copied().filter(is_burst).collect();
        let followed_by_silence = periods[..periods.len() - 1].iter().any(is_burst);
        let in_bursts: usize = bursts.iter().map(|(a, b)| b + 1 - a).sum();
        let share = in_bursts as f64 / t.len() as f64;
        if !followed_by_silence || share < o.campaign_share {
            return;
        }
        let when: Vec<String> = bursts
            .iter()
            .map(|&(a, b)| format!("{} to {}", date(t[a].0), date(t[b].0)))
            .collect();
        out.push(Finding::on_account(
            &Self::META,
            format!(
                "{in_bursts} of {} posts ({}) came in {} bursts ({}), with silences of up to {} between: keep a steady presence and lay campaigns on top of it",
                t.len(),
                percent(share),
                bursts.len(),
                when.join("; "),
                days(longest_silence)
            ),
        ));
    }
}
