use std::collections::BTreeSet;

use crate::corpus::Corpus;
use crate::declare_rule;
use crate::model::normalize_handle;
use crate::rules::authenticity::own_words;
use crate::rules::{Context, Finding, Rule, RuleMeta};
use crate::text::Span;
use crate::text::entities::mentions;

declare_rule! {
    /// ## What it does
    /// Flags a post or reply by the account that mentions more than
    /// `authenticity.max-mentions` (5) different accounts. In a reply, the run
    /// of mentions that opens it is left out: platforms add the people in the
    /// thread there on their own. The account's own handles do not count.
    ///
    /// ## Why is this bad?
    /// Tagging a crowd to borrow their reach treats people as a distribution
    /// list: "do not make the mistake of seeing your followers as a means to an
    /// end" (004_d10b3528b2158389.txt). Seed 001 asks brands to "Think genuine,
    /// relevant, evolution (not fake, not impersonated)"
    /// (001_24e1877a1fee5122.txt). Mention the people a post is about, and say
    /// why.
    ///
    /// ## Example
    /// ```post
    /// Big weekend ahead! @anna @ben @cara @dan @eve @finn @gus check it out
    /// ```
    ///
    /// Use instead:
    /// ```post
    /// Thank you @anna and @ben for the latte art class on Saturday: twenty people poured their first rosetta!
    /// ```
    ///
    /// ## Options
    /// - `authenticity.max-mentions` (default `5`)
    pub struct MentionStuffing {
        code: "A006",
        name: "mention-stuffing",
        principle: Authenticity,
        severity: Warning,
        scope: Post,
        seeds: ["004_d10b3528b2158389.txt", "001_24e1877a1fee5122.txt"],
    }
}

/// The mentions of record `i` that the writer chose: without the opening run
/// of a reply, and without the account's own handles.
pub fn chosen_mentions(c: &Corpus, i: usize) -> Vec<Span> {
    let text = &c.posts[i].text;
    let all = mentions(text);
    let mut skip = 0;
    if c.posts[i].parent_id.is_some() {
        let mut at = 0;
        for m in &all {
            if !text[at..m.start].trim().is_empty() {
                break;
            }
            at = m.end;
            skip += 1;
        }
    }
    all.into_iter()
        .skip(skip)
        .filter(|m| {
            let handle = normalize_handle(m.slice(text));
            let local = handle.split('@').next().unwrap_or("");
            !c.account.handles.iter().any(|h| h == local)
        })
        .collect()
}

/// True when record `i` has a [`chosen_mentions`], found without
/// collecting them or allocating.
pub fn has_chosen_mention(c: &Corpus, i: usize) -> bool {
    let text = &c.posts[i].text;
    if !text.contains('@') {
        return false;
    }
    let mut opening = c.posts[i].parent_id.is_some();
    let mut at = 0;
    mentions(text).iter().any(|m| {
        if opening {
            if text[at..m.start].trim().is_empty() {
                at = m.end;
                return false;
            }
            opening = false;
        }
        // As `normalize_handle`, for a mention (ASCII by its pattern).
        let handle = m.slice(text).trim().trim_start_matches('@');
        let local = handle.split('@').next().unwrap_or("");
        !c.account.handles.iter().any(|h| {
            h.len() == local.len()
                && h.bytes()
                    .zip(local.bytes())
                    .all(|(a, b)| a == b.to_ascii_lowercase())
        })
    })
}

impl Rule for MentionStuffing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        if !own_words(c, i) {
            return;
        }
        let max = cx.settings.authenticity.max_mentions;
        let text = &c.posts[i].text;
        let chosen = chosen_mentions(c, i);
        let distinct: BTreeSet<String> = chosen
            .iter()
            .map(|m| m.slice(text).to_lowercase())
            .collect();
        if distinct.len() <= max {
            return;
        }
        let span = Span::new(chosen[0].start, chosen[chosen.len() - 1].end);
        out.push(
            Finding::on_post(
                &Self::META,
                i,
                format!(
                    "{} accounts tagged: mention only the people the post is about (at most {max}), and say why",
                    distinct.len()
                ),
            )
            .with_span(span),
        );
    }
}
