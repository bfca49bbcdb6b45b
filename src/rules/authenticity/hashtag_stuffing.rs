use crate::declare_rule;
use crate::rules::authenticity::own_words;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::Span;
use crate::text::entities::hashtags;

declare_rule! {
    /// ## What it does
    /// Flags a post or reply by the account with more than
    /// `authenticity.max-hashtags` (5) hashtags. The span covers the hashtags
    /// from the first to the last. (F-rules judge each platform's own limit;
    /// this one judges the voice, whatever the platform.)
    ///
    /// ## Why is this bad?
    /// A wall of hashtags is written for search engines, not for the person
    /// reading. "People want to feel like there is a person behind the brand,
    /// not just a company trying to sell their product or service"
    /// (002_b7e3e3f5bdb5ad11.txt); seed 003 warns that "there are generators
    /// that spit out content like carnival tickets" (003_5cbde5e7d00acd36.txt).
    ///
    /// ## Example
    /// ```post
    /// New roast! #coffee #coffeetime #coffeelover #barista #latte #espresso #beans #morning
    /// ```
    ///
    /// Use instead:
    /// ```post
    /// Our new roast tastes of cherries and cocoa. What would you pair it with? #coffee
    /// ```
    ///
    /// ## Options
    /// - `authenticity.max-hashtags` (default `5`)
    pub struct HashtagStuffing {
        code: "A005",
        name: "hashtag-stuffing",
        principle: Authenticity,
        severity: Warning,
        scope: Post,
        seeds: ["002_b7e3e3f5bdb5ad11.txt", "003_5cbde5e7d00acd36.txt"],
    }
}

impl Rule for HashtagStuffing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        if !own_words(c, i) {
            return;
        }
        let max = cx.settings.authenticity.max_hashtags;
        let tags = hashtags(&c.posts[i].text);
        if tags.len() <= max {
            return;
        }
        let span = Span::new(tags[0].start, tags[tags.len() - 1].end);
        out.push(
            Finding::on_post(
                &Self::META,
                i,
                format!(
                    "{} hashtags: keep the {max} or fewer that someone would actually search for, and let the words do the talking",
                    tags.len()
                ),
            )
            .with_span(span),
        );
    }
}
