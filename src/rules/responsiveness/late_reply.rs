use crate::declare_rule;
use crate::rules::responsiveness::who;
use crate::rules::{Context, Finding, Rule, RuleMeta, duration};
use crate::text::first_line;

declare_rule! {
    /// ## What it does
    /// Flags a comment, reply or mention to the account whose first answer
    /// came more than `responsiveness.late-reply-hours` (default 48) after
    /// it. With `responsiveness.skip-weekends` (default on), Saturdays and
    /// Sundays (UTC) do not count toward the wait: a team that answers on
    /// working days, or only in office hours, is not flagged for that. Only
    /// answered comments where both times are known are judged; unanswered
    /// ones are R001's and R002's.
    ///
    /// ## Why is this bad?
    /// The essays ask brands to "react, follow their lead"
    /// (001_24e1877a1fee5122.txt); "conversations should never be one-sided,
    /// nor should comments be ignored" (003_5cbde5e7d00acd36.txt). An answer
    /// that comes days later reaches someone who has moved on: for them the
    /// comment was ignored.
    ///
    /// ## Example
    /// ```csv
    /// id,author,created_at,text,in_reply_to
    /// 1,brand,2026-03-02 08:00,Our autumn blend is back.,
    /// 2,maya,2026-03-02 09:00,Is it decaf?,1
    /// 3,brand,2026-03-05 10:00,"Not yet, Maya!",2
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,created_at,text,in_reply_to
    /// 1,brand,2026-03-02 08:00,Our autumn blend is back.,
    /// 2,maya,2026-03-02 09:00,Is it decaf?,1
    /// 3,brand,2026-03-02 16:00,"Not yet, Maya!",2
    /// ```
    ///
    /// ## Options
    /// - `responsiveness.late-reply-hours` (default `48`)
    /// - `responsiveness.skip-weekends` (default `true`)
    pub struct LateReply {
        code: "R003",
        name: "late-reply",
        principle: Responsiveness,
        severity: Warning,
        scope: Post,
        seeds: ["001_24e1877a1fee5122.txt", "003_5cbde5e7d00acd36.txt"],
    }
}

const DAY: i64 = 24 * 60 * 60;

/// Seconds from `from` to `to` that fall on Monday to Friday (UTC).
pub fn weekday_seconds(from: i64, to: i64) -> i64 {
    let mut total = 0;
    let mut t = from;
    while t < to {
        let day = t.div_euclid(DAY);
        let end = to.min((day + 1) * DAY);
        // 1970-01-01 was a Thursday: Monday is 0.
        if (day + 3).rem_euclid(7) < 5 {
            total += end - t;
        }
        t = end;
    }
    total
}

impl Rule for LateReply {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        let o = &cx.settings.responsiveness;
        if !c.expects_reply(i) {
            return;
        }
        let Some(r) = c.first_account_reply(i) else {
            return;
        };
        let (Some(asked), Some(answered)) = (c.posts[i].created, c.posts[r].created) else {
            return;
        };
        let waited = (answered - asked).max(0);
        let counted = if o.skip_weekends {
            weekday_seconds(asked, answered)
        } else {
            waited
        };
        if counted as f64 <= o.late_reply_hours * 3600.0 {
            return;
        }
        let weekends = if o.skip_weekends && counted != waited {
            format!(
                " ({} not counting weekends)",
                duration(counted as f64 / 60.0)
            )
        } else {
            String::new()
        };
        out.push(Finding::on_post(
            &Self::META,
            i,
            format!(
                "{} waited {}{weekends} for an answer to \"{}\": answer within {}",
                who(c, i),
                duration(waited as f64 / 60.0),
                first_line(&c.posts[i].text, 40),
                duration(o.late_reply_hours * 60.0)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-03-06 is a Friday.
    const FRI_18: i64 = 1_772_820_000;

    #[test]
    fn weekends_do_not_count() {
        assert_eq!(FRI_18 % DAY, 18 * 3600);
        let mon_09 = FRI_18 + 63 * 3600;
        assert_eq!(weekday_seconds(FRI_18, mon_09), (6 + 9) * 3600);
        assert_eq!(weekday_seconds(FRI_18, FRI_18 + 3600), 3600);
        // Saturday to Sunday: nothing.
        let sat = FRI_18 + 6 * 3600;
        assert_eq!(weekday_seconds(sat, sat + DAY), 0);
        // A full week counts five days.
        assert_eq!(weekday_seconds(FRI_18, FRI_18 + 7 * DAY), 5 * DAY);
    }
}
