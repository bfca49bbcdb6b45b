//! VADER as first written here: every token lower-cased into a string of
//! its own, word lists searched in order, idioms matched by formatting
//! n-grams. The scoring of the parent module must agree with it on any text.

use std::borrow::Cow;

use super::{
    B_DECR, B_INCR, BOOST_DOWN, BOOST_UP, C_INCR, LEXICON, N_SCALAR, NEGATE, SPECIAL_CASES,
    Sentiment, score, strip_punc_if_word,
};

fn booster(word_lower: &str) -> Option<f64> {
    if BOOST_UP.contains(&word_lower) {
        Some(B_INCR)
    } else if BOOST_DOWN.contains(&word_lower) {
        Some(B_DECR)
    } else {
        None
    }
}

fn special_case(phrase: &str) -> Option<f64> {
    SPECIAL_CASES
        .iter()
        .find(|(p, _)| *p == phrase)
        .map(|(_, v)| *v)
}

fn is_upper(word: &str) -> bool {
    word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase)
}

fn negated(word_lower: &str) -> bool {
    NEGATE.contains(&word_lower) || word_lower.contains("n't")
}

fn describe_emoji(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut prev_space = true;
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let key: &str = c.encode_utf8(&mut buf);
        match (!c.is_ascii())
            .then(|| vader_sentiment::EMOJI_LEXICON.get(key))
            .flatten()
        {
            Some(description) => {
                if !prev_space {
                    out.push(' ');
                }
                out.push_str(description);
                prev_space = false;
            }
            None => {
                out.push(c);
                prev_space = c == ' ';
            }
        }
    }
    Cow::Owned(out)
}

struct Tokens<'a> {
    words: Vec<&'a str>,
    lower: Vec<String>,
    cap_diff: bool,
}

impl Tokens<'_> {
    fn lower(&self, i: usize) -> &str {
        &self.lower[i]
    }

    fn in_lexicon(&self, i: usize) -> bool {
        LEXICON.contains_key(self.lower(i))
    }
}

pub(super) fn polarity(text: &str) -> Sentiment {
    let described = describe_emoji(text);
    let text = described.trim();
    let words: Vec<&str> = text.split_whitespace().map(strip_punc_if_word).collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let caps = words.iter().filter(|w| is_upper(w)).count();
    let t = Tokens {
        cap_diff: caps > 0 && caps < words.len(),
        words,
        lower,
    };

    let mut sentiments = Vec::with_capacity(t.words.len());
    for i in 0..t.words.len() {
        let modifier = booster(t.lower(i)).is_some()
            || (i + 1 < t.words.len() && t.lower(i) == "kind" && t.lower(i + 1) == "of");
        sentiments.push(if modifier { 0.0 } else { word_valence(&t, i) });
    }
    but_check(&t, &mut sentiments);
    score(&t.words, sentiments, text)
}

fn word_valence(t: &Tokens, i: usize) -> f64 {
    let n = t.words.len();
    let Some(&base) = LEXICON.get(t.lower(i)) else {
        return 0.0;
    };
    let mut valence = base;
    if t.lower(i) == "no" && i + 1 < n && t.in_lexicon(i + 1) {
        valence = 0.0;
    }
    if (i > 0 && t.lower(i - 1) == "no")
        || (i > 1 && t.lower(i - 2) == "no")
        || (i > 2 && t.lower(i - 3) == "no" && matches!(t.lower(i - 1), "or" | "nor"))
    {
        valence = base * N_SCALAR;
    }
    if is_upper(t.words[i]) && t.cap_diff {
        valence += if valence > 0.0 { C_INCR } else { -C_INCR };
    }
    for start in 0..3 {
        if i > start && !t.in_lexicon(i - start - 1) {
            let mut s = scalar_inc_dec(t, i - start - 1, valence);
            if start == 1 && s != 0.0 {
                s *= 0.95;
            }
            if start == 2 && s != 0.0 {
                s *= 0.9;
            }
            valence += s;
            valence = negation_check(t, valence, start, i);
            if start == 2 {
                valence = special_idioms_check(t, valence, i);
            }
        }
    }
    least_check(t, valence, i)
}

fn scalar_inc_dec(t: &Tokens, j: usize, valence: f64) -> f64 {
    let Some(mut scalar) = booster(t.lower(j)) else {
        return 0.0;
    };
    if valence < 0.0 {
        scalar = -scalar;
    }
    if is_upper(t.words[j]) && t.cap_diff {
        scalar += if valence > 0.0 { C_INCR } else { -C_INCR };
    }
    scalar
}

fn negation_check(t: &Tokens, valence: f64, start: usize, i: usize) -> f64 {
    let w = |k: usize| t.lower(i - k);
    match start {
        0 if negated(w(1)) => valence * N_SCALAR,
        1 if w(2) == "never" && matches!(w(1), "so" | "this") => valence * 1.25,
        1 if w(2) == "without" && w(1) == "doubt" => valence,
        1 if negated(w(2)) => valence * N_SCALAR,
        2 if (w(3) == "never" && matches!(w(2), "so" | "this"))
            || matches!(w(1), "so" | "this") =>
        {
            valence * 1.25
        }
        2 if w(3) == "without" && (w(2) == "doubt" || w(1) == "doubt") => valence,
        2 if negated(w(3)) => valence * N_SCALAR,
        _ => valence,
    }
}

fn special_idioms_check(t: &Tokens, mut valence: f64, i: usize) -> f64 {
    let w = |k: usize| t.lower(k);
    let one_zero = format!("{} {}", w(i - 1), w(i));
    let two_one_zero = format!("{} {} {}", w(i - 2), w(i - 1), w(i));
    let two_one = format!("{} {}", w(i - 2), w(i - 1));
    let three_two_one = format!("{} {} {}", w(i - 3), w(i - 2), w(i - 1));
    let three_two = format!("{} {}", w(i - 3), w(i - 2));
    for seq in [
        &one_zero,
        &two_one_zero,
        &two_one,
        &three_two_one,
        &three_two,
    ] {
        if let Some(v) = special_case(seq) {
            valence = v;
            break;
        }
    }
    let n = t.words.len();
    if n - 1 > i
        && let Some(v) = special_case(&format!("{} {}", w(i), w(i + 1)))
    {
        valence = v;
    }
    if n - 1 > i + 1
        && let Some(v) = special_case(&format!("{} {} {}", w(i), w(i + 1), w(i + 2)))
    {
        valence = v;
    }
    for n_gram in [&three_two_one, &three_two, &two_one] {
        if let Some(b) = booster(n_gram) {
            valence += b;
        }
    }
    valence
}

fn least_check(t: &Tokens, valence: f64, i: usize) -> f64 {
    let after_least = i > 0 && t.lower(i - 1) == "least" && !t.in_lexicon(i - 1);
    if !after_least {
        return valence;
    }
    if i > 1 && matches!(t.lower(i - 2), "at" | "very") {
        valence
    } else {
        valence * N_SCALAR
    }
}

fn but_check(t: &Tokens, sentiments: &mut [f64]) {
    let Some(bi) = t.lower.iter().position(|w| w == "but") else {
        return;
    };
    for (i, s) in sentiments.iter_mut().enumerate() {
        if i < bi {
            *s *= 0.5;
        } else if i > bi {
            *s *= 1.5;
        }
    }
}
