//! Rules written in `postaudit.toml`, the way Vale users write their own:
//!
//! ```toml
//! [[custom]]
//! code = "X001"
//! message = "say 'community', not %s"
//! principle = "community"
//! severity = "warning"
//! phrases = ["target audience", "consumers"]   # or: pattern = "regex"
//! ```
//!
//! A custom rule judges each of the account's own posts (not shares) and
//! makes one finding per match, with its span, like the built-in phrase
//! rules. Rules live for the whole run, so their metadata is leaked once
//! into `'static` memory, as the built-in rules' is static.

use anyhow::{Context as _, bail, ensure};
use regex::Regex;

use crate::config::CustomRuleConfig;
use crate::model::Kind;
use crate::rules::{ALL, Context, Finding, Rule, RuleMeta, Scope};
use crate::text::phrases::PhraseSet;

/// A rule from a `[[custom]]` table.
pub struct CustomRule {
    meta: &'static RuleMeta,
    message: String,
    matcher: Matcher,
}

enum Matcher {
    Phrases(PhraseSet),
    Pattern(Regex),
}

impl Rule for CustomRule {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        let post = &c.posts[i];
        if !c.is_account[i] || post.kind == Kind::Share {
            return;
        }
        let spans = match &self.matcher {
            Matcher::Phrases(set) => set.find_all(&post.text),
            Matcher::Pattern(re) => re
                .find_iter(&post.text)
                .filter(|m| !m.is_empty())
                .map(|m| crate::text::Span::new(m.start(), m.end()))
                .collect(),
        };
        for span in spans {
            let message = self
                .message
                .replace("%s", &format!("\"{}\"", span.slice(&post.text)));
            out.push(Finding::on_post(self.meta, i, message).with_span(span));
        }
    }
}

/// The built-in rules, then the custom rules of `tables`, checked: a code of
/// capital letters and digits that no other rule has, a message, phrases or
/// a valid pattern. Errors name the table (`custom[2]`, counting from 1) and
/// the key.
pub fn registry(tables: &[CustomRuleConfig]) -> anyhow::Result<Vec<&'static dyn Rule>> {
    let mut rules: Vec<&'static dyn Rule> = ALL.to_vec();
    for (n, table) in tables.iter().enumerate() {
        let at = format!("custom[{}]", n + 1);
        let rule = build(table, &rules, &at)?;
        rules.push(rule);
    }
    Ok(rules)
}

fn build(
    t: &CustomRuleConfig,
    known: &[&'static dyn Rule],
    at: &str,
) -> anyhow::Result<&'static dyn Rule> {
    let code = t.code.trim();
    let letters = code.bytes().take_while(u8::is_ascii_uppercase).count();
    ensure!(
        letters > 0 && letters < code.len() && code[letters..].bytes().all(|b| b.is_ascii_digit()),
        "{at}.code: {code:?} is not a rule code: capital letters then digits, such as \"X001\""
    );
    if let Some(other) = known.iter().find(|r| r.meta().code == code) {
        bail!(
            "{at}.code: {code:?} is already the code of {} ({}): pick another, such as \"X{}\"",
            other.meta().code,
            other.meta().name,
            &code[letters..]
        );
    }
    let name = match &t.name {
        Some(name) => name.trim().to_string(),
        None => format!("custom-{}", code.to_ascii_lowercase()),
    };
    ensure!(
        !name.is_empty()
            && name.split('-').all(|w| !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
        "{at}.name: {name:?} is not a kebab-case name such as \"no-jargon\""
    );
    if let Some(other) = known.iter().find(|r| r.meta().name == name) {
        bail!(
            "{at}.name: {name:?} is already the name of {}",
            other.meta().code
        );
    }
    ensure!(!t.message.trim().is_empty(), "{at}.message: is empty");
    let matcher = match (&t.pattern, t.phrases.is_empty()) {
        (Some(_), false) => bail!("{at}: give `phrases` or `pattern`, not both"),
        (None, true) => bail!("{at}: give `phrases = [..]` or `pattern = \"regex\"`"),
        (None, false) => {
            if let Some(i) = t.phrases.iter().position(|p| p.trim().is_empty()) {
                bail!("{at}.phrases: entry {} is empty", i + 1);
            }
            Matcher::Phrases(PhraseSet::new(&t.phrases))
        }
        (Some(p), true) => {
            let re = Regex::new(p).with_context(|| {
                format!("{at}.pattern: {p:?} is not a valid regular expression")
            })?;
            ensure!(
                !re.is_match(""),
                "{at}.pattern: {p:?} matches empty text, so it would flag every post"
            );
            Matcher::Pattern(re)
        }
    };
    let meta: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        code: leak(code.to_string()),
        name: leak(name),
        principle: t.principle,
        severity: t.severity,
        scope: Scope::Post,
        seeds: &[],
        doc: leak(doc(t)),
    }));
    Ok(Box::leak(Box::new(CustomRule {
        meta,
        message: t.message.trim().to_string(),
        matcher,
    })))
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The documentation `postaudit explain` prints, in the sections of the
/// built-in rules' doc comments (each line with the leading space a `///`
/// comment leaves).
fn doc(t: &CustomRuleConfig) -> String {
    let what = match (&t.pattern, &t.phrases) {
        (Some(p), _) => format!("Flags the account's posts that match the pattern `{p}`."),
        (None, phrases) => format!(
            "Flags the account's posts that use any of: {} (whole words, any case).",
            phrases
                .iter()
                .map(|p| format!("\"{}\"", p.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let why = t
        .description
        .clone()
        .unwrap_or_else(|| t.message.replace("%s", "the matched text"));
    let text = format!(
        "## What it does\n{what}\n\n## Why is this bad?\n{why}\n\n## Options\nA custom rule, defined by a `[[custom]]` table of postaudit.toml.\n"
    );
    text.lines().map(|l| format!(" {l}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Principle, Severity};

    fn table(code: &str) -> CustomRuleConfig {
        CustomRuleConfig {
            code: code.into(),
            name: None,
            message: "avoid %s".into(),
            description: None,
            principle: Principle::Authenticity,
            severity: Severity::Warning,
            phrases: vec!["synergy".into()],
            pattern: None,
        }
    }

    #[test]
    fn builds_after_the_built_in_rules() {
        let rules = registry(&[table("X001")]).unwrap();
        assert_eq!(rules.len(), ALL.len() + 1);
        let m = rules.last().unwrap().meta();
        assert_eq!((m.code, m.name), ("X001", "custom-x001"));
        assert!(m.why().contains("avoid the matched text"), "{}", m.why());
    }

    #[test]
    fn rejects_bad_codes_clashes_and_patterns() {
        let err = |t: CustomRuleConfig| format!("{:#}", registry(&[t]).err().unwrap());
        assert!(err(table("x1")).starts_with("custom[1].code:"));
        assert!(err(table("P001")).contains("already the code of P001 (hard-sell)"));
        let mut t = table("X001");
        t.phrases.clear();
        t.pattern = Some("(unclosed".into());
        assert!(err(t).starts_with("custom[1].pattern: \"(unclosed\" is not a valid"));
        let mut t = table("X001");
        t.pattern = Some("x".into());
        assert!(err(t).contains("not both"));
        let dup = format!(
            "{:#}",
            registry(&[table("X001"), table("X001")]).err().unwrap()
        );
        assert!(dup.starts_with("custom[2].code:"), "{dup}");
    }
}
