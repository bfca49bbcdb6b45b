//! Prices, discounts and discount codes in a post's text: what pricing spam
//! is made of.
//!
//! - a **price**: a currency sign and an amount (`$9.99`, `€ 5`, `£10`), or
//!   an amount and a currency (`12.50 EUR`, `20 dollars`);
//! - a **discount**: `20% off`, `20 percent off`, `save 20%`, `up to 50%`,
//!   `half price`, `2 for 1`, `BOGO`;
//! - a **code**: the word after "code" or "coupon" when it is written in
//!   capitals, or mixes letters and digits (`use code BEAN20`, `code
//!   bean20`, `promo code: SPRING`; not `use code below`), or a
//!   capitals-and-digits token such as `SAVE20` in a post that also speaks
//!   of a discount or a code (a price alone is not enough: `GPT4` next to
//!   `$10` is a model name).

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use crate::text::Span;

const PRICE_PATTERN: &str = r"(?i)(?:[$€£¥]\s?\d+(?:[.,]\d{1,2})?\b|\b\d+(?:[.,]\d{1,2})?\s?(?:usd|eur|gbp|dollars?|euros?)\b)";
const DISCOUNT_PATTERN: &str = r"(?i)\b(?:\d+\s?(?:%|percent) off\b|save (?:up to )?\d+\s?%|up to \d+\s?%|half[- ]price\b|\d for \d\b|bogo\b)";
const NAMED_CODE_PATTERN: &str = r"(?i)\b(?:code|coupon|voucher)s?\b\s*:?\s*([A-Za-z0-9]{3,})";
const CODE_LIKE_PATTERN: &str = r"\b[A-Z]{3,}\d{1,3}\b";

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid pricing pattern")
}

static PRICE: LazyLock<Regex> = LazyLock::new(|| regex(PRICE_PATTERN));
static DISCOUNT: LazyLock<Regex> = LazyLock::new(|| regex(DISCOUNT_PATTERN));
static NAMED_CODE: LazyLock<Regex> = LazyLock::new(|| regex(NAMED_CODE_PATTERN));
static CODE_LIKE: LazyLock<Regex> = LazyLock::new(|| regex(CODE_LIKE_PATTERN));

/// The patterns with ASCII word boundaries (`(?-u:\b)`), for a text that
/// holds no word character outside ASCII: there each boundary falls where
/// the Unicode one does (the word characters of ASCII are the same in both,
/// and every other character of such a text is no word character either way),
/// so each pattern matches just where its Unicode form does. The fast regex
/// engines give up on a Unicode boundary as soon as a text holds any
/// character outside ASCII (an emoji, a `£`), and the slow one they fall
/// back on costs tens of thousands of instructions for a post.
static ASCII: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    [
        PRICE_PATTERN,
        DISCOUNT_PATTERN,
        NAMED_CODE_PATTERN,
        CODE_LIKE_PATTERN,
    ]
    .map(|p| regex(&p.replace(r"\b", r"(?-u:\b)")))
});

/// True when `text` holds a word character (`\w`) outside ASCII: only then
/// can a Unicode word boundary fall elsewhere than an ASCII one.
fn holds_unicode_word(text: &str) -> bool {
    !text.is_ascii()
        && text
            .chars()
            .any(|c| !c.is_ascii() && regex_syntax::is_word_character(c))
}

/// The four patterns without their word boundaries, in one set: each
/// matches wherever its pattern does (a boundary only narrows a match), and
/// without Unicode word boundaries the fast regex engines can scan any text
/// in one pass. A pattern whose loose form finds nothing need not be run:
/// most posts name no price at all.
static LOOSE: LazyLock<RegexSet> =
    LazyLock::new(|| RegexSet::new(loose_patterns()).expect("valid loose pricing patterns"));

/// The pattern every text is first searched with (see [`crate::prebuild`]).
pub(crate) const LAZIES: &[fn()] = crate::prebuild::lazies![LOOSE];

/// The patterns of `LOOSE`.
pub fn loose_patterns() -> [String; 4] {
    [
        PRICE_PATTERN,
        DISCOUNT_PATTERN,
        NAMED_CODE_PATTERN,
        CODE_LIKE_PATTERN,
    ]
    .map(|p| p.replace(r"\b", ""))
}

/// One pricing signal in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricingSignal {
    pub span: Span,
    /// For a code: the code in capitals (`BEAN20`), held in its length.
    pub code: Option<Box<str>>,
    /// True for a discount or a code, false for a plain price.
    pub offer: bool,
}

/// A word after "code": in capitals (`WELCOME`, `BEAN20`), or letters and
/// digits mixed in any case (`bean20`); not a plain word (`below`).
fn is_code_token(t: &str) -> bool {
    let letters = t.chars().any(|c| c.is_ascii_alphabetic());
    let digits = t.chars().any(|c| c.is_ascii_digit());
    t.len() >= 3
        && letters
        && (digits
            || t.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

/// Where the code (the group) starts in a match of [`NAMED_CODE_PATTERN`],
/// found without the slower engines that groups need: the match ends with
/// the code, and the character before it is white space or `:` (the word
/// boundary after "code" keeps a letter or digit from following it at
/// once), so the code is the run of its characters that ends the match:
/// ASCII letters and digits, and `ſ` and the Kelvin sign, which the
/// case-insensitive class takes for `s` and `k`.
fn named_code_start(found: &str) -> usize {
    found
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_ascii_alphanumeric() || c == 'ſ' || c == '\u{212A}')
        .last()
        .map_or(found.len(), |(at, _)| at)
}

/// The prices, discounts and codes in `text`, in order of appearance,
/// without overlaps.
pub fn pricing_signals(text: &str) -> Vec<PricingSignal> {
    // Which patterns can match takes a search for all of them; whether any
    // can stops at the first, and most texts have none.
    if !LOOSE.is_match(text) {
        return Vec::new();
    }
    let loose = LOOSE.matches(text);
    let [price, discount, named_code, code_like]: [&Regex; 4] = if holds_unicode_word(text) {
        [&PRICE, &DISCOUNT, &NAMED_CODE, &CODE_LIKE]
    } else {
        let ascii = &*ASCII;
        [&ascii[0], &ascii[1], &ascii[2], &ascii[3]]
    };
    let mut out: Vec<PricingSignal> = Vec::new();
    if loose.matched(0) {
        for m in price.find_iter(text) {
            out.push(PricingSignal {
                span: Span::new(m.start(), m.end()),
                code: None,
                offer: false,
            });
        }
    }
    if loose.matched(1) {
        for m in discount.find_iter(text) {
            out.push(PricingSignal {
                span: Span::new(m.start(), m.end()),
                code: None,
                offer: true,
            });
        }
    }
    let mut codes: Vec<PricingSignal> = Vec::new();
    if loose.matched(2) {
        codes.extend(
            named_code
                .find_iter(text)
                .map(|m| (m.start() + named_code_start(m.as_str()), m.end()))
                .filter(|&(start, end)| is_code_token(&text[start..end]))
                .map(|(start, end)| PricingSignal {
                    span: Span::new(start, end),
                    code: Some(text[start..end].to_uppercase().into()),
                    offer: true,
                }),
        );
    }
    // A bare code-like token needs a discount or a code nearby; a price
    // alone is not enough ("GPT4 Turbo is only $10").
    if loose.matched(3) && (out.iter().any(|s| s.offer) || !codes.is_empty() || offer_words(text)) {
        // The named codes come in order of their starts, as do the
        // code-like tokens: one walk finds the tokens a named code starts
        // at (searching the list for each token is quadratic in a huge text).
        let named: Vec<usize> = codes.iter().map(|c| c.span.start).collect();
        let mut at = 0;
        for m in code_like.find_iter(text) {
            while named.get(at).is_some_and(|&s| s < m.start()) {
                at += 1;
            }
            if named.get(at) != Some(&m.start()) {
                codes.push(PricingSignal {
                    span: Span::new(m.start(), m.end()),
                    code: Some(m.as_str().into()),
                    offer: true,
                });
            }
        }
    }
    out.extend(codes);
    out.sort_by_key(|s| s.span);
    let mut kept: Vec<PricingSignal> = Vec::with_capacity(out.len());
    for s in out {
        if kept.last().is_none_or(|k| s.span.start >= k.span.end) {
            kept.push(s);
        }
    }
    kept
}

/// Words that speak of an offer: a code-like token near them is a code.
fn offer_words(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["discount", "coupon", "promo", "checkout", "sale", " off"]
        .iter()
        .any(|w| lower.contains(w))
}

/// [`pricing_signals`] as first written: every pattern, with its Unicode
/// word boundaries, run on every text.
#[cfg(test)]
fn pricing_signals_reference(text: &str) -> Vec<PricingSignal> {
    let mut out: Vec<PricingSignal> = Vec::new();
    for m in PRICE.find_iter(text) {
        out.push(PricingSignal {
            span: Span::new(m.start(), m.end()),
            code: None,
            offer: false,
        });
    }
    for m in DISCOUNT.find_iter(text) {
        out.push(PricingSignal {
            span: Span::new(m.start(), m.end()),
            code: None,
            offer: true,
        });
    }
    let mut codes: Vec<PricingSignal> = NAMED_CODE
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .filter(|m| is_code_token(m.as_str()))
        .map(|m| PricingSignal {
            span: Span::new(m.start(), m.end()),
            code: Some(m.as_str().to_uppercase().into()),
            offer: true,
        })
        .collect();
    let context = out.iter().any(|s| s.offer) || !codes.is_empty() || offer_words(text);
    if context {
        for m in CODE_LIKE.find_iter(text) {
            if !codes.iter().any(|c| c.span.start == m.start()) {
                codes.push(PricingSignal {
                    span: Span::new(m.start(), m.end()),
                    code: Some(m.as_str().into()),
                    offer: true,
                });
            }
        }
    }
    out.extend(codes);
    out.sort_by_key(|s| s.span);
    let mut kept: Vec<PricingSignal> = Vec::with_capacity(out.len());
    for s in out {
        if kept.last().is_none_or(|k| s.span.start >= k.span.end) {
            kept.push(s);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Prices, discounts and codes, their look-alikes, and characters that
    /// tell Unicode word boundaries from ASCII ones.
    const PIECES: &[&str] = &[
        "$9.99",
        "$",
        "€ 5",
        "£10",
        "¥",
        "12.50 EUR",
        "20 dollars",
        "usd",
        "Euros",
        "20",
        "2",
        "1",
        ".",
        ",",
        "% off",
        "%",
        " percent off",
        "off",
        "save ",
        "Save up to ",
        "up to ",
        "half price",
        "Half-Price",
        " for ",
        "BOGO",
        "bogo",
        "code",
        "Code: ",
        "coupons",
        "voucher",
        "SAVE20",
        "bean20",
        "WELCOME",
        "below",
        "GX200",
        "sale",
        "checkout",
        "promo",
        "Discount",
        " ",
        "\u{a0}",
        "\n",
        "é",
        "中",
        "٣",
        "\u{212a}",
        "ſ",
        "İ",
        "☕",
        "_",
        "x",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn skipping_by_the_loose_patterns_changes_nothing(
            text in prop_oneof![
                any::<String>(),
                prop::collection::vec(prop::sample::select(PIECES), 0..25)
                    .prop_map(|v| v.concat()),
            ]
        ) {
            prop_assert_eq!(pricing_signals(&text), pricing_signals_reference(&text));
        }
    }

    fn found(text: &str) -> Vec<&str> {
        pricing_signals(text)
            .into_iter()
            .map(|s| s.span.slice(text))
            .collect()
    }

    #[test]
    fn finds_prices_discounts_and_codes() {
        assert_eq!(
            found("20% off everything, use code SAVE20. Mugs now $9.99, beans 12.50 EUR!"),
            ["20% off", "SAVE20", "$9.99", "12.50 EUR"]
        );
        assert_eq!(
            found("Promo code: WELCOME gets you half price"),
            ["WELCOME", "half price"]
        );
        assert_eq!(found("Sale! BEAN20 at checkout"), ["BEAN20"]);
        assert_eq!(
            pricing_signals("use code SAVE20")[0].code.as_deref(),
            Some("SAVE20")
        );
        // A bare code-like token needs a discount or code nearby.
        assert!(found("SAVE20").is_empty());
        assert_eq!(
            pricing_signals("code bean20")[0].code.as_deref(),
            Some("BEAN20")
        );
        assert!(found("use the code below").is_empty());
    }

    #[test]
    fn word_boundaries_are_unicode_ones() {
        // An emoji or a currency sign leaves the boundaries as in ASCII.
        assert_eq!(
            found("FLASH SALE! 20% off, use code BEAN20 🛒 or £5 off"),
            ["20% off", "BEAN20", "£5"]
        );
        // A letter outside ASCII is a word character: no boundary before
        // the code, nor after the price.
        assert!(found("Sale! éBEAN20 at checkout").is_empty());
        assert_eq!(found("Sale! BEAN20 at checkout, $5é"), ["BEAN20"]);
    }

    #[test]
    fn a_code_is_the_group_of_its_pattern() {
        for text in [
            "use code: \u{17f}AVE20 now",
            "coupons :\u{a0}\u{212a}\u{212a}9 and code:x1 code  : AB1",
            "codes:: AB1, vouchers \u{3000}bean20\u{17f}",
        ] {
            assert_eq!(
                pricing_signals(text),
                pricing_signals_reference(text),
                "{text}"
            );
        }
        assert_eq!(found("code: \u{17f}AVE20"), ["\u{17f}AVE20"]);
    }

    #[test]
    fn leaves_lookalikes_alone() {
        // No discount context: a model number, a year, a code of conduct.
        assert!(found("Our new grinder, the GX200, arrives in 2026.").is_empty());
        assert!(found("Read our code of conduct before the meetup").is_empty());
        assert!(found("COVID19 rules for the cafe").is_empty());
        assert_eq!(
            found("Claude 3 Opus is $15 per million tokens and GPT4 Turbo is only $10"),
            ["$15", "$10"]
        );
        assert!(found("We roasted 20 kilos today, 100% arabica").is_empty());
        assert!(found("20 pounds of beans went to the food bank").is_empty());
    }
}
