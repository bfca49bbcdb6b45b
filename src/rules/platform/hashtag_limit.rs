use crate::declare_rule;
use crate::rules::platform::platform_of;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::entities::hashtags;
use crate::text::length::Platform;

declare_rule! {
    /// ## What it does
    /// Flags an Instagram caption with more hashtags than
    /// `platform.instagram-max-hashtags` (default 30, the number Instagram
    /// has long accepted; it announced a limit of 5 in December 2025, so set
    /// 5 to follow it).
    ///
    /// ## Why is this bad?
    /// "Make sure you are using different social platforms to reach them all"
    /// (002_b7e3e3f5bdb5ad11.txt) means writing in each platform's form. Instagram does not publish a
    /// caption over its hashtag limit, and a wall of tags reads as a bid for
    /// reach, not as something said to a person.
    ///
    /// ## Example
    /// ```csv
    /// id,author,platform,text
    /// 1,brand,instagram,"Autumn blend is back. #coffee #autumn #blend #roast #beans #latte #espresso #barista #cafe #brew #morning #cozy #fall #pumpkin #caramel #cocoa #oatmilk #local #smallbatch #roastery #coffeelover #coffeetime #coffeeshop #instacoffee #coffeegram #coffeeaddict #coffeeart #butfirstcoffee #mug #weekend #new"
    /// ```
    ///
    /// Use instead:
    /// ```csv
    /// id,author,platform,text
    /// 1,brand,instagram,Autumn blend is back. What will you pair it with? #coffee #autumn
    /// ```
    ///
    /// ## Options
    /// - `platform.instagram-max-hashtags` (default `30`)
    /// - `platform.default` (unset)
    pub struct HashtagLimit {
        code: "F002",
        name: "too-many-hashtags-for-platform",
        principle: Platform,
        severity: Warning,
        scope: Post,
        seeds: ["002_b7e3e3f5bdb5ad11.txt"],
    }
}

impl Rule for HashtagLimit {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        if platform_of(cx, i) != Some(Platform::Instagram) {
            return;
        }
        let max = cx.settings.platform.instagram_max_hashtags;
        let tags = hashtags(&cx.corpus.posts[i].text);
        if tags.len() <= max {
            return;
        }
        out.push(
            Finding::on_post(
                &Self::META,
                i,
                format!(
                    "{} hashtags where Instagram takes {max}: keep the few that say what the post is about",
                    tags.len()
                ),
            )
            .with_span(tags[max]),
        );
    }
}
