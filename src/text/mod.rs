//! Text functions the rules share: entities (mentions, hashtags, URLs),
//! words, and the signals that show a principle at work.

pub mod entities;
pub mod length;
pub mod matcher;
pub mod phrases;
pub mod pricing;
pub mod signals;
pub mod similar;
pub mod vader;
pub mod words;

use serde::Serialize;

/// A byte range of a post's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The span's text within `text`.
    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }

    /// The span in Unicode scalar values (characters) rather than bytes:
    /// the offsets a Python or jq user can index with.
    pub fn to_chars(self, text: &str) -> (usize, usize) {
        let start = text[..self.start].chars().count();
        (start, start + text[self.start..self.end].chars().count())
    }
}

/// Byte ranges of a text, held in 32 bits each: the lists a record keeps
/// for the report (a bulk upload of a million promotions keeps four
/// hard-sell phrases each), in half the room of [`Span`]s. A range past
/// 4 GiB into a text is left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans(Box<[[u32; 2]]>);

impl Spans {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn first(&self) -> Option<Span> {
        self.iter().next()
    }

    pub fn iter(&self) -> impl Iterator<Item = Span> + '_ {
        self.0
            .iter()
            .map(|&[start, end]| Span::new(start as usize, end as usize))
    }

    /// Keeps the spans `keep` accepts, in order.
    pub fn retain(&mut self, keep: impl FnMut(&Span) -> bool) {
        if !self.is_empty() {
            *self = self.iter().filter(keep).collect();
        }
    }
}

impl FromIterator<Span> for Spans {
    fn from_iter<I: IntoIterator<Item = Span>>(spans: I) -> Self {
        Spans(
            spans
                .into_iter()
                .filter_map(|s| Some([u32::try_from(s.start).ok()?, u32::try_from(s.end).ok()?]))
                .collect(),
        )
    }
}

/// `text` with each of `spans` (links, mentions ...) replaced by `with`;
/// a span overlapping one before it is left out. Borrowed when there is
/// nothing to cut.
pub fn cut_spans<'t>(text: &'t str, mut spans: Vec<Span>, with: &str) -> std::borrow::Cow<'t, str> {
    if spans.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    spans.sort();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        if s.start >= at {
            out.push_str(&text[at..s.start]);
            out.push_str(with);
            at = s.end;
        }
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
}

/// The first line of a text, cut to at most `max` characters with `…`.
pub fn first_line(text: &str, max: usize) -> String {
    let mut out = String::new();
    push_first_line(&mut out, text, max);
    out
}

/// [`first_line`], written at the end of `out`.
pub fn push_first_line(out: &mut String, text: &str, max: usize) {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    // Where the first `max` characters end: the line is longer when more
    // follow. The text has more lines when a second one follows.
    let cut = line
        .char_indices()
        .nth(max)
        .map_or(line.len(), |(at, _)| at);
    out.reserve(cut + '…'.len_utf8());
    out.push_str(&line[..cut]);
    if cut < line.len() || text.trim().lines().nth(1).is_some() {
        out.push('…');
    }
}

/// [`first_line`] as first written, character by character: for the tests.
#[cfg(test)]
fn first_line_plain(text: &str, max: usize) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut out: String = line.chars().take(max).collect();
    if line.chars().count() > max || text.trim().lines().count() > 1 {
        out.push('…');
    }
    out
}

/// Arbitrary Unicode text, or text built from `pieces` (the words and
/// marks a function looks for, and their look-alikes): for property tests
/// of a fast path against its plain definition.
#[cfg(test)]
pub(crate) fn test_text(
    pieces: &'static [&'static str],
) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(pieces), 0..40).prop_map(|v| v.concat()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Spans read back as they were given, in order, but for those past
        /// 4 GiB into a text; `retain` keeps those it is told to.
        #[test]
        fn spans_read_back_as_given(
            given in proptest::collection::vec((0usize..1 << 33, 0usize..40), 0..8),
            drop_every in 1usize..4,
        ) {
            let given: Vec<Span> = given.into_iter().map(|(s, n)| Span::new(s, s + n)).collect();
            let fits: Vec<Span> = given
                .iter()
                .copied()
                .filter(|s| s.end <= u32::MAX as usize)
                .collect();
            let mut spans: Spans = given.into_iter().collect();
            proptest::prop_assert_eq!(spans.iter().collect::<Vec<_>>(), fits.clone());
            proptest::prop_assert_eq!((spans.len(), spans.is_empty()), (fits.len(), fits.is_empty()));
            proptest::prop_assert_eq!(spans.first(), fits.first().copied());
            let mut k = 0;
            spans.retain(|_| { k += 1; k % drop_every != 0 });
            let kept: Vec<Span> = fits
                .into_iter()
                .enumerate()
                .filter(|(k, _)| (k + 1) % drop_every != 0)
                .map(|(_, s)| s)
                .collect();
            proptest::prop_assert_eq!(spans.iter().collect::<Vec<_>>(), kept);
        }

        #[test]
        fn first_line_is_as_first_written(
            text in test_text(&["a", "é", "☕", " ", "\n", "\r\n", "\r", "\t", "\u{2028}", "\u{a0}"]),
            max in 0usize..12,
        ) {
            proptest::prop_assert_eq!(first_line(&text, max), first_line_plain(&text, max));
        }
    }

    #[test]
    fn cut_spans_replaces_each_span_and_skips_overlaps() {
        let text = "hi @maya see https://a.example/x now";
        let spans = vec![Span::new(13, 32), Span::new(3, 8), Span::new(5, 9)];
        assert_eq!(cut_spans(text, spans.clone(), " "), "hi   see   now");
        assert_eq!(cut_spans(text, spans, ""), "hi  see  now");
        assert!(matches!(
            cut_spans(text, Vec::new(), " "),
            std::borrow::Cow::Borrowed(t) if t == text
        ));
    }
}
