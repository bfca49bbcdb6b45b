//! The words of a text, exactly as Unicode word segmentation (UAX #29,
//! `unicode_segmentation`'s `unicode_words`) finds them, without its table
//! lookups on the plain ASCII that most posts are made of.
//!
//! A text is cut into pieces between a space and an ASCII character that
//! is not a space, either way round: no rule of UAX #29 joins a space to a
//! letter, digit or punctuation mark on either side, and none looks across
//! such a space (the rules that look two characters ahead or behind need
//! letters, digits or marks between letters on both sides; only another
//! space joins a space), so a word never spans two pieces and each piece
//! segments as it would within the whole text. A
//! piece of ASCII (and `’`) is segmented here by the few rules that can
//! apply to it; any other piece by `unicode_segmentation`.

use unicode_segmentation::{UnicodeSegmentation, UnicodeWords};

/// The words of `text`: the same as `text.unicode_words()`.
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        at: 0,
        end: 0,
        slow: None,
    }
}

/// The iterator of [`words`].
pub struct Words<'a> {
    text: &'a str,
    /// Where to go on in the current piece, when it is plain.
    at: usize,
    /// The end of the current piece.
    end: usize,
    /// The current piece's words, when it is not plain.
    slow: Option<UnicodeWords<'a>>,
}

/// `’`, which word segmentation reads as the ASCII `.` (MidNumLet).
const RIGHT_QUOTE: &[u8] = "’".as_bytes();

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// ALetter.
    Letter,
    /// Numeric.
    Digit,
    /// ExtendNumLet (`_`).
    Connector,
    /// MidLetter (`:`).
    MidLetter,
    /// MidNumLet or Single_Quote (`.`, `'`, `’`).
    MidNumLetQ,
    /// MidNum (`,`, `;`).
    MidNum,
    Other,
}

/// The class of the character at `i` of a plain piece, and its length.
fn class(b: &[u8], i: usize) -> (Class, usize) {
    match b[i] {
        b'a'..=b'z' | b'A'..=b'Z' => (Class::Letter, 1),
        b'0'..=b'9' => (Class::Digit, 1),
        b'_' => (Class::Connector, 1),
        b':' => (Class::MidLetter, 1),
        b'.' | b'\'' => (Class::MidNumLetQ, 1),
        b',' | b';' => (Class::MidNum, 1),
        0xE2 => (Class::MidNumLetQ, 3),
        _ => (Class::Other, 1),
    }
}

impl<'a> Words<'a> {
    /// Moves to the next piece, from `self.end`: the longest plain piece
    /// there, else the piece that holds the first character that is not
    /// plain.
    fn next_piece(&mut self) {
        let b = self.text.as_bytes();
        let start = self.end;
        self.at = start;
        self.end = b.len();
        if self.text[start..].is_ascii() {
            return;
        }
        let mut q = start;
        while q < b.len() {
            if b[q] < 0x80 {
                q += 1;
            } else if b[q..].starts_with(RIGHT_QUOTE) {
                q += RIGHT_QUOTE.len();
            } else {
                break;
            }
        }
        if q == b.len() {
            return;
        }
        // The last cut before the character, if any, ends a plain piece.
        // Cuts fall between a space and an ASCII character that is not a
        // space, either way round: no rule joins the two, and none looks
        // across a space. Cutting before the space keeps the word before
        // it out of the piece that needs the tables.
        let is_cut = |k: usize| {
            let (x, y) = (b[k - 1], b[k]);
            x < 0x80 && y < 0x80 && (x == b' ') != (y == b' ')
        };
        if let Some(cut) = (start + 1..q).rev().find(|&k| is_cut(k)) {
            self.end = cut;
            return;
        }
        self.end = (q + 1..b.len()).find(|&k| is_cut(k)).unwrap_or(b.len());
        let piece = &self.text[start..self.end];
        // Unicode's words are the segments that hold a letter or a digit: a
        // piece of pictographs and punctuation (an emoji between spaces)
        // holds none.
        if piece
            .chars()
            .all(|c| (c.is_ascii() && !c.is_ascii_alphanumeric()) || is_pictographic(c))
        {
            self.at = self.end;
        } else {
            self.slow = Some(piece.unicode_words());
        }
    }

    /// The next word of the current plain piece, from `self.at`.
    fn next_plain(&mut self) -> Option<&'a str> {
        let b = self.text.as_bytes();
        let end = self.end;
        let mut i = self.at;
        while i < end {
            let (c, w) = class(b, i);
            if !matches!(c, Class::Letter | Class::Digit | Class::Connector) {
                i += w;
                continue;
            }
            let start = i;
            let mut last = c;
            let mut alnum = c != Class::Connector;
            i += 1;
            while i < end {
                let (c, w) = class(b, i);
                match c {
                    Class::Letter | Class::Digit | Class::Connector => {
                        alnum |= c != Class::Connector;
                        last = c;
                        i += w;
                        continue;
                    }
                    Class::Other => break,
                    _ => {}
                }
                // A mark joins two letters (WB6, WB7) or two digits (WB11,
                // WB12).
                if i + w >= end {
                    break;
                }
                let (after, _) = class(b, i + w);
                let joins = match (last, c) {
                    (Class::Letter, Class::MidLetter | Class::MidNumLetQ) => after == Class::Letter,
                    (Class::Digit, Class::MidNum | Class::MidNumLetQ) => after == Class::Digit,
                    _ => false,
                };
                if !joins {
                    break;
                }
                i += w + 1;
            }
            if alnum {
                self.at = i;
                return Some(&self.text[start..i]);
            }
        }
        self.at = end;
        None
    }
}

/// Pictographs, emoji modifiers and the joiner and selectors of emoji
/// sequences: characters that are neither letters nor digits (the
/// dingbats' circled digits are left out).
fn is_pictographic(c: char) -> bool {
    matches!(c,
        '\u{1F300}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{2775}'
        | '\u{2794}'..='\u{27BF}'
        | '\u{200D}'
        | '\u{FE0E}'
        | '\u{FE0F}')
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            if let Some(slow) = &mut self.slow {
                if let Some(w) = slow.next() {
                    return Some(w);
                }
                self.slow = None;
                self.at = self.end;
            } else if self.at < self.end
                && let Some(w) = self.next_plain()
            {
                return Some(w);
            }
            if self.end >= self.text.len() {
                return None;
            }
            self.next_piece();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIECES: &[&str] = &[
        "a",
        "B",
        "we",
        "you",
        "1",
        "42",
        "_",
        ":",
        ".",
        "'",
        "’",
        "‘",
        ",",
        ";",
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\r\n",
        "-",
        "!",
        "?",
        "@",
        "#",
        "é",
        "e\u{301}",
        "\u{301}",
        "\u{93f}",
        "\u{fe0f}",
        "\u{200d}",
        "\u{200b}",
        "\u{ad}",
        "☕",
        "👩‍👧",
        "🇨🇴",
        "🇦",
        "中文",
        "コーヒー",
        "ｶ",
        "א",
        "\"",
        "ß",
        "İ",
        "\u{a0}",
        "\u{3000}",
        "٣",
        "\u{feff}",
        "\0",
        "\u{2003}",
        "\u{5b0}",
        "🏽",
        "\u{20e3}",
        "1\u{fe0f}\u{20e3}",
        "a ",
        " b",
        "\u{2776}",
        "🙂",
        "\u{1F3FB}",
        "\u{1FAE0}",
        "\u{1F130}",
        "_",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        #[test]
        fn the_same_words_as_unicode_segmentation(text in crate::text::test_text(PIECES)) {
            let fast: Vec<&str> = words(&text).collect();
            let plain: Vec<&str> = text.unicode_words().collect();
            proptest::prop_assert_eq!(fast, plain);
        }
    }

    #[test]
    fn pictographs_are_no_words() {
        for c in ('\0'..=char::MAX).filter(|&c| is_pictographic(c)) {
            let text = format!(" {c} ");
            assert_eq!(text.unicode_words().next(), None, "{c:?}");
        }
    }

    #[test]
    fn words_of_plain_and_mixed_text() {
        for text in [
            "",
            " ",
            "We’re open: 9:30 to 5, e.g. today. 3.14 U.S.A. a_b __ x1",
            "Hi ☕ there, we're back!! can't won't 1,000,000 a.b.c",
            " \u{301}abc  é'x ok",
        ] {
            let fast: Vec<&str> = words(text).collect();
            let plain: Vec<&str> = text.unicode_words().collect();
            assert_eq!(fast, plain, "{text:?}");
        }
    }
}
