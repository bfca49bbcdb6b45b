use crate::declare_rule;
use crate::rules::platform::platform_of;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::entities::urls;
use crate::text::length::Platform;

declare_rule! {
    /// ## What it does
    /// Flags a Threads post with more distinct links than
    /// `platform.threads-max-links` (default 5): Meta's Threads API refuses
    /// such posts from December 22, 2025 (`THREADS_API__LINK_LIMIT_EXCEEDED`).
    /// The same address twice counts once.
    ///
    /// ## Why is this bad?
    /// "Make sure you are using different social platforms to reach them all"
    /// (002_b7e3e3f5bdb5ad11.txt), each in its own form. A post that is a list
    /// of links is refused on Threads, and where it is not, it sends the
    /// reader away rather than talking with them.
    ///
    /// ## Example
    /// ```csv
    /// id,author,platform,text
    /// 1,brand,threads,"Our week: https://ex.com/1 https://ex.com/2 https://ex.com/3 https://ex.com/4 https://ex.com/5 https://ex.com/6"
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,platform,text
    /// 1,brand,threads,"Our week in one page, with the six stories we loved: https://ex.com/week"
    /// ```
    ///
    /// ## Options
    /// - `platform.threads-max-links` (default `5`)
    /// - `platform.default` (unset)
    pub struct TooManyLinks {
        code: "F004",
        name: "too-many-links-for-platform",
        principle: Platform,
        severity: Error,
        scope: Post,
        seeds: ["002_b7e3e3f5bdb5ad11.txt"],
    }
}

impl Rule for TooManyLinks {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        if platform_of(cx, i) != Some(Platform::Threads) {
            return;
        }
        let text = &cx.corpus.posts[i].text;
        let mut links: Vec<&str> = urls(text).iter().map(|s| s.slice(text)).collect();
        links.sort_unstable();
        links.dedup();
        let max = cx.settings.platform.threads_max_links;
        if links.len() <= max {
            return;
        }
        out.push(Finding::on_post(
            &Self::META,
            i,
            format!(
                "{} links where Threads takes {max}: link one page that gathers them, or split the post",
                links.len()
            ),
        ));
    }
}
