use crate::corpus::Corpus;
use crate::declare_rule;
use crate::rules::consistency::timeline;
use crate::rules::{Context, Finding, Rule, RuleMeta, id_list_of};

declare_rule! {
    /// ## What it does
    /// Flags a promotional post (hard-sell language, see P001) that is the
    /// `consistency.promo-burst-posts`-th (default 3rd) or later promotional
    /// post within `consistency.promo-burst-hours` (default 48). Works on
    /// published and planned posts alike.
    ///
    /// ## Why is this bad?
    /// Campaigns are "simply the different seasons of the relationship": the
    /// essays ask for "relationship with overlaid campaigns on top mode"
    /// instead of campaign mode (001_24e1877a1fee5122.txt). A run of sales posts turns
    /// the feed into "thousands of voices of the Internet .. that say .. buy
    /// this" (004_d10b3528b2158389.txt), and when the nature of a feed changed,
    /// "that feed lost a large number of followers".
    ///
    /// ## Example
    /// ```csv
    /// id,author,created_at,text
    /// 1,brand,2026-03-02 09:00,Flash sale! 20% off all beans.
    /// 2,brand,2026-03-02 15:00,Last chance for free shipping.
    /// 3,brand,2026-03-03 09:00,Shop now: our mugs are back.
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,created_at,text
    /// 1,brand,2026-03-02 09:00,Flash sale! 20% off all beans.
    /// 2,brand,2026-03-03 09:00,How do you grind for a French press?
    /// 3,brand,2026-03-05 09:00,Shop now: our mugs are back.
    /// ```
    ///
    /// ## Options
    /// - `consistency.promo-burst-posts` (default `3`)
    /// - `consistency.promo-burst-hours` (default `48`)
    pub struct PromotionalBurst {
        code: "S002",
        name: "promotional-burst",
        principle: Consistency,
        severity: Warning,
        scope: Post,
        seeds: ["001_24e1877a1fee5122.txt", "004_d10b3528b2158389.txt"],
    }
}

impl Rule for PromotionalBurst {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_account(&self, cx: &Context, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        let o = &cx.settings.consistency;
        let window = (o.promo_burst_hours * 3600.0) as i64;
        let promos: Vec<(i64, usize)> = timeline(c)
            .iter()
            .copied()
            .filter(|&(_, i)| !c.signals[i].hard_sell.is_empty())
            .collect();
        // The promotions within the window before each one: a sliding window
        // over the time-ordered list, linear in the number of promotions.
        let mut bursts = Bursts {
            hours: o.promo_burst_hours,
            promos: promos.iter().map(|&(_, i)| i).collect(),
            at: Vec::new(),
        };
        let mut first = 0;
        for (n, &(t, i)) in promos.iter().enumerate() {
            while t - promos[first].0 > window {
                first += 1;
            }
            if n - first + 1 < o.promo_burst_posts {
                continue;
            }
            if bursts.at.is_empty() {
                bursts.at = vec![(0, 0); c.posts.len()];
            }
            // Fewer than 2^32 records.
            bursts.at[i] = (first as u32, n as u32);
            out.push(Finding::later(&Self::META, i, message));
        }
        if !bursts.at.is_empty() {
            c.memo.get_or_init_ref(|| bursts);
        }
    }
}

/// Where each flagged promotion's burst is in the time-ordered promotions:
/// the messages name the promotions before it, and are written when the
/// report is (a bulk upload with one time has a million).
struct Bursts {
    hours: f64,
    /// The promotions, in time order.
    promos: Vec<usize>,
    /// Per record, the first promotion of its burst and its own place.
    at: Vec<(u32, u32)>,
}

/// The message on record `i`.
fn message(c: &Corpus, i: usize) -> String {
    let Some(b) = c.memo.get::<Bursts>() else {
        // Not reached: the finding was made with the memo.
        return "promotional post in a burst: spread promotions out and give something of value in between".into();
    };
    let (first, n) = (b.at[i].0 as usize, b.at[i].1 as usize);
    // Only the ids the message names are read: a burst of many thousand
    // promotions (a bulk upload with one time) stays linear.
    let earlier = b.promos[first..n].iter().map(|&j| c.posts[j].id.as_str());
    format!(
        "promotional post {} within {} h (after {}): spread promotions out and give something of value in between",
        n - first + 1,
        b.hours,
        id_list_of(earlier, n - first, 5)
    )
}
