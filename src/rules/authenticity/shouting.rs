use crate::declare_rule;
use crate::rules::authenticity::own_words;
use crate::rules::{Context, Finding, Rule, RuleMeta, percent};
use crate::text::Span;
use crate::text::entities::{hashtags, mentions, urls};
use crate::text::words::words;

declare_rule! {
    /// ## What it does
    /// Flags a post or reply by the account that shouts: more than
    /// `authenticity.max-caps-share` (70%) of its letters in capitals, judged
    /// on posts with at least `authenticity.min-caps-letters` (12) letters;
    /// or a run of more than `authenticity.max-exclamation-run` (2)
    /// exclamation marks ("!!!"). Acronyms of up to three capitals (FAQ, USA,
    /// DM), mentions, hashtags and links are not counted, so "Our FAQ is
    /// updated" is fine.
    ///
    /// ## Why is this bad?
    /// Capitals and piles of exclamation marks are how a broadcast tries to be
    /// heard over a crowd; a person talking with you does not need them. The
    /// essays ask brands to "Think genuine, relevant, evolution (not fake, not
    /// impersonated)" (001_24e1877a1fee5122.txt) and say "you MUST speak with
    /// your own voice and from your own values" (004_d10b3528b2158389.txt).
    ///
    /// ## Example
    /// ```post
    /// HUGE NEWS!!! OUR NEW STORE OPENS FRIDAY!!!
    /// ```
    ///
    /// Use instead:
    /// ```post
    /// Big news: our new store on Elm Street opens on Friday. Come and say hello!
    /// ```
    ///
    /// ## Options
    /// - `authenticity.max-caps-share` (default `0.7`)
    /// - `authenticity.min-caps-letters` (default `12`)
    /// - `authenticity.max-exclamation-run` (default `2`)
    pub struct Shouting {
        code: "A004",
        name: "shouting",
        principle: Authenticity,
        severity: Info,
        scope: Post,
        seeds: ["001_24e1877a1fee5122.txt", "004_d10b3528b2158389.txt"],
    }
}

/// Letters in capitals and letters in all, leaving out mentions, hashtags,
/// links and acronyms (words of one to three letters, all capitals).
pub fn capital_letters(text: &str) -> (usize, usize) {
    let spans: Vec<Span> = urls(text)
        .into_iter()
        .chain(mentions(text))
        .chain(hashtags(text))
        .collect();
    let plain = crate::text::cut_spans(text, spans, " ");
    let (mut upper, mut letters) = (0, 0);
    for word in words(&plain) {
        let (mut caps, mut cased) = (0, 0);
        for c in word.chars() {
            if c.is_uppercase() {
                caps += 1;
                cased += 1;
            } else if c.is_lowercase() {
                cased += 1;
            }
        }
        if cased <= 3 && caps == cased {
            continue;
        }
        upper += caps;
        letters += cased;
    }
    (upper, letters)
}

/// Every capital letter of the text, mentions and links included: at least
/// the capitals [`capital_letters`] counts.
fn capitals_in_all(text: &str) -> usize {
    if text.is_ascii() {
        text.bytes().filter(u8::is_ascii_uppercase).count()
    } else {
        text.chars().filter(|c| c.is_uppercase()).count()
    }
}

/// [`capital_letters`] as first written: every word's cased letters
/// collected, on Unicode's own word segmentation.
#[cfg(test)]
fn capital_letters_plain(text: &str) -> (usize, usize) {
    use unicode_segmentation::UnicodeSegmentation;
    let mut spans: Vec<Span> = urls(text)
        .into_iter()
        .chain(mentions(text))
        .chain(hashtags(text))
        .collect();
    spans.sort();
    let mut plain = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        if s.start >= at {
            plain.push_str(&text[at..s.start]);
            plain.push(' ');
            at = s.end;
        }
    }
    plain.push_str(&text[at..]);
    let (mut upper, mut letters) = (0, 0);
    for word in plain.unicode_words() {
        let cased: Vec<char> = word
            .chars()
            .filter(|c| c.is_uppercase() || c.is_lowercase())
            .collect();
        let caps = cased.iter().filter(|c| c.is_uppercase()).count();
        if cased.len() <= 3 && caps == cased.len() {
            continue;
        }
        upper += caps;
        letters += cased.len();
    }
    (upper, letters)
}

/// The longest run of exclamation marks (`!` or fullwidth `！`).
pub fn exclamation_run(text: &str) -> Option<Span> {
    // Runs start at a `!` or at the first byte of a `！` (0xEF, which
    // starts other characters too): a byte search finds them.
    const WIDE: &[u8] = "！".as_bytes();
    let b = text.as_bytes();
    let mut best: Option<(Span, usize)> = None;
    let mut at = 0;
    while let Some(k) = memchr::memchr2(b'!', WIDE[0], &b[at..]) {
        let start = at + k;
        let (mut end, mut chars) = (start, 0);
        loop {
            if b.get(end) == Some(&b'!') {
                end += 1;
            } else if b[end..].starts_with(WIDE) {
                end += WIDE.len();
            } else {
                break;
            }
            chars += 1;
        }
        if chars == 0 {
            // Another character that starts with 0xEF: its other bytes
            // are continuation bytes, which no search stops at.
            at = start + 1;
            continue;
        }
        if best.is_none_or(|(_, n)| chars > n) {
            best = Some((Span::new(start, end), chars));
        }
        at = end;
    }
    best.map(|(run, _)| run)
}

/// [`exclamation_run`] as first written, a character at a time.
#[cfg(test)]
fn exclamation_run_plain(text: &str) -> Option<Span> {
    let mut best: Option<Span> = None;
    let mut start = None;
    for (at, ch) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (ch == '!' || ch == '！', start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                let run = Span::new(s, at);
                let len = |r: Span| r.slice(text).chars().count();
                if best.is_none_or(|b| len(run) > len(b)) {
                    best = Some(run);
                }
                start = None;
            }
            _ => {}
        }
    }
    best
}

impl Rule for Shouting {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_post(&self, cx: &Context, i: usize, out: &mut Vec<Finding>) {
        let c = cx.corpus;
        if !own_words(c, i) {
            return;
        }
        let o = &cx.settings.authenticity;
        let text = &c.posts[i].text;
        let mut what = Vec::new();
        // The capitals counted are some of the text's capitals, and the
        // letters at least `min_caps_letters`: a text with no more capitals
        // in all than the share of that minimum cannot be over the share.
        let may_shout = capitals_in_all(text) as f64 > o.max_caps_share * o.min_caps_letters as f64;
        let (upper, letters) = if may_shout {
            capital_letters(text)
        } else {
            (0, 0)
        };
        if letters >= o.min_caps_letters && upper as f64 > o.max_caps_share * letters as f64 {
            what.push(format!(
                "{} of its letters are capitals",
                percent(upper as f64 / letters as f64)
            ));
        }
        let run =
            exclamation_run(text).filter(|r| r.slice(text).chars().count() > o.max_exclamation_run);
        if let Some(r) = run {
            what.push(format!("\"{}\"", r.slice(text)));
        }
        if what.is_empty() {
            return;
        }
        let finding = Finding::on_post(
            &Self::META,
            i,
            format!(
                "it shouts ({}): write in sentence case with one exclamation mark at most; let the news carry the excitement",
                what.join("; ")
            ),
        );
        out.push(match run {
            Some(r) => finding.with_span(r),
            None => finding,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_capitals_without_acronyms_handles_and_tags() {
        assert_eq!(capital_letters("Our FAQ and DM rules"), (1, 11));
        assert_eq!(capital_letters("@NASA #USA https://EX.COM ok"), (0, 2));
        assert_eq!(capital_letters("FREE SHIPPING"), (12, 12));
    }

    proptest::proptest! {
        #[test]
        fn counts_as_the_plain_definition(text in crate::text::test_text(&[
            "FREE", "Free", "free", "FAQ", "DM", "a", "I", "ß", "ǅ", "Σ", "İ", "É", "é", "e\u{301}",
            "ﬀ", "Ⅻ", "ⓐ", "@NASA", "#USA", "https://EX.COM", " ", ".", "'", "’", "!", "1", "_",
            "中", "☕", "\n",
        ])) {
            proptest::prop_assert_eq!(capital_letters(&text), capital_letters_plain(&text));
            // The quick test before it never leaves out a capital it counts.
            proptest::prop_assert!(capitals_in_all(&text) >= capital_letters(&text).0);
        }
    }

    proptest::proptest! {
        #[test]
        fn exclamation_runs_as_the_plain_definition(text in crate::text::test_text(&[
            "!", "！", "!!", "！！", "a", " ", "\u{ff01}\u{ff01}!", "\u{ff02}", "\u{f8ff}", "\u{fe01}",
            "é", "☕", "?", "\n",
        ])) {
            proptest::prop_assert_eq!(exclamation_run(&text), exclamation_run_plain(&text));
        }
    }

    #[test]
    fn finds_the_longest_exclamation_run() {
        let t = "Wow! Open now!!! Yes!!";
        assert_eq!(exclamation_run(t).unwrap().slice(t), "!!!");
        assert_eq!(exclamation_run("none"), None);
        let t = "終わり！！！";
        assert_eq!(exclamation_run(t).unwrap().slice(t), "！！！");
    }
}
