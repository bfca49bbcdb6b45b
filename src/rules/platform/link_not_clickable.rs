use crate::declare_rule;
use crate::rules::platform::platform_of;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::entities::urls;
use crate::text::length::Platform;

declare_rule! {
    /// ## What it does
    /// Flags a link in an Instagram caption or comment by the account.
    /// Instagram does not make links in captions clickable: the reader sees
    /// an address they cannot tap.
    ///
    /// ## Why is this bad?
    /// Brands should use "different social platforms to reach them all"
    /// (002_b7e3e3f5bdb5ad11.txt), each in the way it works. A dead link asks
    /// the reader to copy and type it, and shows the post was written for
    /// another channel.
    ///
    /// ## Example
    /// ```csv
    /// id,author,platform,text
    /// 1,brand,instagram,Our brewing guide is up: https://example.com/guide
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,platform,text
    /// 1,brand,instagram,"Our brewing guide, in three photos: swipe for the grind size that suits a French press."
    /// ```
    ///
    /// ## Options
    /// - `platform.default` (unset)
    pub struct LinkNotClickable {
        code: "F003",
        name: "link-not-clickable",
        principle: Platform,
        severity: Info,
        scope: Post,
        seeds: ["002_b7e3e3f5bdb5ad11.txt"],
    }
}

impl Rule for LinkNotClickable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        if platform_of(cx, i) != Some(Platform::Instagram) {
            return;
        }
        let Some(&url) = urls(&cx.corpus.posts[i].text).first() else {
            return;
        };
        out.push(
            Finding::on_post(
                &Self::META,
                i,
                "links in Instagram captions cannot be tapped: put the content in the post itself, or say in words where to find it",
            )
            .with_span(url),
        );
    }
}
