//! Near-duplicate texts, found in time linear in their number.
//!
//! Each text is normalised (lower case; mentions, URLs, numbers and
//! punctuation removed, so "Hi @maya, order 1234" and "Hi @tom, order 5678"
//! read the same) and cut into word pairs (shingles). Identical normalised
//! texts are grouped with a hash map. Each distinct text then gets a MinHash
//! signature of [`HASHES`] values, whose share of equal positions between two
//! texts estimates the Jaccard similarity of their shingle sets. Signatures are
//! split into [`BANDS`] bands: texts that agree on a whole band land in the
//! same bucket, and a text is compared only with the first text of each of its
//! buckets, joined to its cluster when the Jaccard similarity of their word
//! pairs (computed exactly) reaches the threshold. No
//! pair of texts is compared unless a band makes them likely near-duplicates,
//! so a million texts take a million signature computations, not a trillion
//! comparisons.

/// Keys looked up once per text: a fast hasher (the results are sorted, so
/// no order depends on it).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::text::entities::{mentions, urls};
use crate::text::words::words;

/// MinHash values per signature.
pub const HASHES: usize = 30;
/// Bands of the signature; each band is `HASHES / BANDS` values. With 10
/// bands of 3, texts of similarity 0.6 share a band 91% of the time and texts
/// of 0.7 99%; texts of 0.3 do 24% of the time, and are then told apart by
/// their whole signatures.
pub const BANDS: usize = 10;
const ROWS: usize = HASHES / BANDS;

/// The words of `text` that say something: lower case, without mentions,
/// URLs, words holding a digit, or punctuation.
pub fn normalize(text: &str) -> Vec<String> {
    match Normalized::of(text, 1) {
        Some(n) => n.words().map(String::from).collect(),
        None => Vec::new(),
    }
}

/// A text's [`normalize`]d words, joined by single spaces: the key that
/// tells identical texts.
struct Normalized {
    key: String,
    /// The words themselves, when a word holds a space (white space before
    /// a combining mark starts a word), so that the key does not split them.
    apart: Option<Vec<String>>,
}

impl Normalized {
    /// `text` normalised, when it has at least `min_words` words.
    fn of(text: &str, min_words: usize) -> Option<Normalized> {
        let cleaned = cleaned(text);
        if cleaned.is_ascii() {
            // Most texts: whole words copied, then lower-cased at once.
            let mut key = String::with_capacity(cleaned.len());
            let mut n = 0;
            for_each_ascii_word(&cleaned, |w, numeric| {
                if !numeric {
                    if n > 0 {
                        key.push(' ');
                    }
                    n += 1;
                    key.push_str(w);
                }
            });
            if n < min_words {
                return None;
            }
            key.make_ascii_lowercase();
            return Some(Normalized { key, apart: None });
        }
        // Built as bytes (a byte at a time for ASCII words), checked as
        // UTF-8 once at the end.
        let mut key = Vec::with_capacity(text.len());
        let mut n = 0;
        let mut spaced = false;
        for_each_cleaned_word(&cleaned, |w| {
            if n > 0 {
                key.push(b' ');
            }
            n += 1;
            if w.is_ascii() {
                key.extend(w.bytes().map(|b| b.to_ascii_lowercase()));
            } else {
                let lower = w.to_lowercase().replace('’', "'");
                spaced |= lower.contains(' ');
                key.extend_from_slice(lower.as_bytes());
            }
        });
        if n < min_words {
            return None;
        }
        let key = String::from_utf8(key).expect("made of whole words");
        let apart = spaced.then(|| {
            let mut words = Vec::new();
            for_each_cleaned_word(&cleaned, |w| words.push(w.to_lowercase().replace('’', "'")));
            words
        });
        Some(Normalized { key, apart })
    }

    fn words(&self) -> impl Iterator<Item = &str> {
        let (apart, joined) = match &self.apart {
            Some(words) => (Some(words.iter().map(String::as_str)), None),
            None => (None, Some(self.key.split(' '))),
        };
        apart
            .into_iter()
            .flatten()
            .chain(joined.into_iter().flatten())
    }
}

/// How many words [`normalize`] gives, without making them.
pub fn normalized_len(text: &str) -> usize {
    let mut n = 0;
    for_each_word(text, |_| n += 1);
    n
}

/// Calls `f` with each word of `text` that [`normalize`] keeps, as written.
fn for_each_word(text: &str, f: impl FnMut(&str)) {
    for_each_cleaned_word(&cleaned(text), f);
}

/// `text` with each URL and mention replaced by a space.
fn cleaned(text: &str) -> std::borrow::Cow<'_, str> {
    let cut: Vec<_> = urls(text).into_iter().chain(mentions(text)).collect();
    crate::text::cut_spans(text, cut, " ")
}

/// Calls `f` with each word of a [`cleaned`] text that [`normalize`]
/// keeps, as written.
fn for_each_cleaned_word(cleaned: &str, mut f: impl FnMut(&str)) {
    if cleaned.is_ascii() {
        for_each_ascii_word(cleaned, |w, numeric| {
            if !numeric {
                f(w);
            }
        });
        return;
    }
    for w in words(cleaned) {
        let numeric = if w.is_ascii() {
            w.bytes().any(|b| b.is_ascii_digit())
        } else {
            w.chars().any(char::is_numeric)
        };
        if !numeric {
            f(w);
        }
    }
}

/// Word characters and the marks that can join two of them, as word
/// segmentation classes ASCII (see `crate::text::words`).
const LETTER: u8 = 0;
const DIGIT: u8 = 1;
const CONNECTOR: u8 = 2;
/// `:`, which joins letters.
const MID_LETTER: u8 = 3;
/// `.` and `'`, which join letters or digits.
const MID_NUM_LET: u8 = 4;
/// `,` and `;`, which join digits.
const MID_NUM: u8 = 5;
const OTHER: u8 = 6;

static CLASS: [u8; 128] = {
    let mut t = [OTHER; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'0'..=b'9' => DIGIT,
            b'_' => CONNECTOR,
            b':' => MID_LETTER,
            b'.' | b'\'' => MID_NUM_LET,
            b',' | b';' => MID_NUM,
            _ => OTHER,
        };
        b += 1;
    }
    t
};

/// Calls `f` with each word of an ASCII text (as `words` finds it: the
/// same as Unicode word segmentation) and whether it holds a digit, in one
/// pass over its bytes.
fn for_each_ascii_word<'t>(text: &'t str, mut f: impl FnMut(&'t str, bool)) {
    let b = text.as_bytes();
    let class = |i: usize| CLASS[usize::from(b[i] & 0x7F)];
    let n = b.len();
    let mut i = 0;
    while i < n {
        let c = class(i);
        i += 1;
        if c > CONNECTOR {
            continue;
        }
        let start = i - 1;
        // The classes seen in the word, one bit each.
        let mut seen = 1u8 << c;
        while i < n {
            let c = class(i);
            if c <= CONNECTOR {
                seen |= 1 << c;
                i += 1;
                continue;
            }
            // A mark joins two letters (WB6, WB7) or two digits (WB11,
            // WB12).
            if c == OTHER || i + 1 >= n {
                break;
            }
            let (last, after) = (class(i - 1), class(i + 1));
            let joins = match (last, c) {
                (LETTER, MID_LETTER | MID_NUM_LET) => after == LETTER,
                (DIGIT, MID_NUM | MID_NUM_LET) => after == DIGIT,
                _ => false,
            };
            if !joins {
                break;
            }
            i += 2;
        }
        if seen & (1 << LETTER | 1 << DIGIT) != 0 {
            f(&text[start..i], seen & 1 << DIGIT != 0);
        }
    }
}

/// [`normalize`] as first written, on Unicode's own word segmentation.
#[cfg(test)]
fn normalize_plain(text: &str) -> Vec<String> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut cleaned = String::with_capacity(text.len());
    let mut cut: Vec<_> = urls(text).into_iter().chain(mentions(text)).collect();
    cut.sort();
    let mut at = 0;
    for span in cut {
        if span.start >= at {
            cleaned.push_str(&text[at..span.start]);
            cleaned.push(' ');
            at = span.end;
        }
    }
    cleaned.push_str(&text[at..]);
    cleaned
        .unicode_words()
        .filter(|w| !w.chars().any(|c| c.is_numeric()))
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect()
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// SplitMix64: a fast, well-mixed permutation of 64-bit values.
const fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The hashes of a word sequence's pairs (its single word when it has only
/// one), sorted, without repeats.
fn shingles(words: &[&str]) -> Vec<u64> {
    let mut out: Vec<u64> = if words.len() < 2 {
        words.iter().map(hash_of).collect()
    } else {
        words.windows(2).map(hash_of).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// The Jaccard similarity of two sorted shingle sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let either = a.len() + b.len() - both;
    if either == 0 {
        1.0
    } else {
        both as f64 / either as f64
    }
}

/// The seed of each MinHash function: the `j`th hashes `mix(s ^ mix(j))`.
const SEEDS: [u64; HASHES] = {
    let mut seeds = [0; HASHES];
    let mut j = 0;
    while j < HASHES {
        seeds[j] = mix(j as u64);
        j += 1;
    }
    seeds
};

/// The MinHash signature of a word sequence's pairs (its [`shingles`]).
fn signature(shingles: &[u64]) -> [u32; HASHES] {
    let mut sig = [u32::MAX; HASHES];
    for &s in shingles {
        for (slot, seed) in sig.iter_mut().zip(SEEDS) {
            let v = (mix(s ^ seed) >> 32) as u32;
            *slot = (*slot).min(v);
        }
    }
    sig
}

/// The estimated Jaccard similarity of two signatures.
pub fn similarity(a: &[u32; HASHES], b: &[u32; HASHES]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / HASHES as f64
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        // The smaller root wins, so that a cluster is named by its first text.
        if a < b {
            self.0[b] = a;
        } else if b < a {
            self.0[a] = b;
        }
    }
}

/// Groups of near-identical texts among `texts` (each an id and its text):
/// those whose word pairs overlap at least `threshold` (Jaccard, 0-1), after
/// [`normalize`]. Texts of fewer than `min_words` words are left out. Returns
/// the groups of two or more, each listing ids in input order, groups in
/// order of their first id.
pub fn near_duplicates<'a>(
    texts: impl IntoIterator<Item = (usize, &'a str)>,
    threshold: f64,
    min_words: usize,
) -> Vec<Vec<usize>> {
    let texts: Vec<(usize, &str)> = texts.into_iter().collect();
    // The texts as written, each once (canned replies and reposts repeat
    // word for word): normalising depends on the text alone.
    let mut written: HashMap<&str, usize> = HashMap::default();
    let mut firsts: Vec<&str> = Vec::new();
    let written_of: Vec<usize> = texts
        .iter()
        .map(|&(_, text)| {
            *written.entry(text).or_insert_with(|| {
                firsts.push(text);
                firsts.len() - 1
            })
        })
        .collect();
    drop(written);
    // Distinct normalised texts. The written ones are normalised on every
    // core, a block at a time, so that only the distinct ones are held;
    // numbered in order of their first text, as the texts come.
    const BLOCK: usize = 16 * 1024;
    let mut distinct: HashMap<String, usize> = HashMap::default();
    let mut apart_of: Vec<Option<Vec<String>>> = Vec::new();
    let mut distinct_of: Vec<Option<usize>> = Vec::with_capacity(firsts.len());
    for block in firsts.chunks(BLOCK) {
        let keys: Vec<Option<Normalized>> = block
            .par_iter()
            .map(|text| Normalized::of(text, min_words.max(1)))
            .collect();
        for key in keys {
            distinct_of.push(key.map(|Normalized { key, apart }| {
                *distinct.entry(key).or_insert_with(|| {
                    apart_of.push(apart);
                    apart_of.len() - 1
                })
            }));
        }
    }
    drop(firsts);
    // Which ids carry each distinct text, in input order.
    let mut ids_of: Vec<Vec<usize>> = vec![Vec::new(); apart_of.len()];
    for (&(id, _), w) in texts.iter().zip(written_of) {
        if let Some(d) = distinct_of[w] {
            ids_of[d].push(id);
        }
    }
    let mut words_of: Vec<Normalized> = apart_of
        .into_iter()
        .map(|apart| Normalized {
            key: String::new(),
            apart,
        })
        .collect();
    for (key, d) in distinct {
        words_of[d].key = key;
    }

    let mut sets = UnionFind((0..words_of.len()).collect());
    if threshold < 1.0 {
        let shingles_of: Vec<Vec<u64>> = words_of
            .par_iter()
            .map(|key| shingles(&key.words().collect::<Vec<_>>()))
            .collect();
        drop(words_of);
        // A band's key is a hash of its values; a rare collision only costs a
        // comparison of whole signatures. Signatures and keys are made on
        // every core; the buckets are filled in order.
        let band_keys: Vec<[u64; BANDS]> = shingles_of
            .par_iter()
            .map(|s| {
                let sig = signature(s);
                std::array::from_fn(|band| hash_of((band, &sig[band * ROWS..(band + 1) * ROWS])))
            })
            .collect();
        let mut buckets: HashMap<u64, u32> =
            HashMap::with_capacity_and_hasher(band_keys.len() * BANDS, Default::default());
        for (d, keys) in band_keys.iter().enumerate() {
            for &key in keys {
                match buckets.get(&key) {
                    Some(&first) => {
                        let first = first as usize;
                        if sets.find(first) != sets.find(d)
                            && jaccard(&shingles_of[first], &shingles_of[d]) >= threshold
                        {
                            sets.union(first, d);
                        }
                    }
                    None => {
                        buckets.insert(key, d as u32);
                    }
                }
            }
        }
    }

    groups(ids_of, &mut sets)
}

/// The groups of two ids or more: the ids of each distinct text
/// (`ids_of`), joined by cluster, each in input order, groups in order of
/// their first id.
fn groups(ids_of: Vec<Vec<usize>>, sets: &mut UnionFind) -> Vec<Vec<usize>> {
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::default();
    for (d, ids) in ids_of.into_iter().enumerate() {
        groups.entry(sets.find(d)).or_default().extend(ids);
    }
    let mut out: Vec<Vec<usize>> = groups
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|mut g| {
            g.sort_unstable();
            g
        })
        .collect();
    out.sort_unstable_by_key(|g| g[0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_away_names_numbers_links_and_case() {
        assert_eq!(
            normalize("Hi @maya_r! Order #1234 ships today: https://ex.com/t/1 We’ll WRITE."),
            ["hi", "order", "ships", "today", "we'll", "write"]
        );
    }

    #[test]
    fn a_word_that_holds_a_space_stays_whole() {
        // A space before a combining mark starts a word.
        let text = "ready \u{11D8A} set go";
        assert_eq!(normalize(text), normalize_plain(text));
        assert!(normalize(text).iter().any(|w| w.contains(' ')));
    }

    proptest::proptest! {
        #[test]
        fn normalizes_as_the_plain_definition(text in crate::text::test_text(&[
            "Hi", "WE", "we’re", "We'RE", "@maya_r", "@ann@x.org", "https://ex.com/1", "www.a.b",
            "order", "1234", "a1", "٣", "Ⅻ", "½", "İ", "ß", "Σ", "é", "’", "'", ".", ",", " ", "!",
            "\n", "☕", "中文", "_",
        ])) {
            let fast = normalize(&text);
            proptest::prop_assert_eq!(normalized_len(&text), fast.len());
            proptest::prop_assert_eq!(fast, normalize_plain(&text));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        #[test]
        fn ascii_texts_normalize_as_the_plain_definition(text in crate::text::test_text(&[
            "Hi", "WE", "we're", "We'RE", "@maya_r", "@ann@x.org", "https://ex.com/1", "www.a.b",
            "order", "1234", "a1", "3.14", "1,000", "9:30", "a:b", "a.b", "U.S.A.", "x_y", "_", "__",
            "'", ".", ",", ";", ":", " ", "!", "\n", "\r\n", "\t", "-", "#", "a", "1", "Z", "e.g.",
        ])) {
            let fast = normalize(&text);
            proptest::prop_assert_eq!(normalized_len(&text), fast.len());
            proptest::prop_assert_eq!(fast, normalize_plain(&text));
        }
    }

    #[test]
    fn ascii_words_are_unicode_words() {
        use unicode_segmentation::UnicodeSegmentation;
        let text = "We're open: 9:30 to 5, e.g. today. 3.14 U.S.A. a_b __ x1 1,000;2 a:b: .a. _1 '";
        let mut fast = Vec::new();
        for_each_ascii_word(text, |w, digit| {
            fast.push(w);
            assert_eq!(digit, w.bytes().any(|b| b.is_ascii_digit()));
        });
        assert_eq!(fast, text.unicode_words().collect::<Vec<_>>());
    }

    #[test]
    fn finds_near_duplicates_and_leaves_different_texts() {
        let texts = [
            "Hi @maya, sorry to hear that! Please DM us your order number and we'll look into it.",
            "Our autumn blend is back in all stores from Monday, with a new roast profile.",
            "Hi @tom, sorry to hear that! Please DM us your order number and we'll look into it right away.",
            "Hey @ann, so sorry to hear that! Please DM us your order number 42 and we'll look into it.",
            "Sorry to hear about the delay, Sam: the courier has your parcel and it lands tomorrow.",
            "Thanks!",
            "Thanks!",
        ];
        let groups = near_duplicates(texts.iter().copied().enumerate(), 0.6, 3);
        assert_eq!(groups, [vec![0, 2, 3]]);
        // Exact copies only, at threshold 1.
        let exact = near_duplicates(
            ["a b c d", "A b, c d!", "a b c e"]
                .iter()
                .copied()
                .enumerate(),
            1.0,
            1,
        );
        assert_eq!(exact, [vec![0, 1]]);
        // Three short thanks, each pair of Jaccard 0.6 exactly.
        let thanks = [
            "@jo Thank you so much, Jo!",
            "@kim Thank you so much, Kim!",
            "@raj Thank you so much, Raj!",
        ];
        let groups = near_duplicates(thanks.iter().copied().enumerate(), 0.6, 4);
        assert_eq!(groups, [vec![0, 1, 2]]);
        assert!(near_duplicates(thanks.iter().copied().enumerate(), 0.61, 4).is_empty());
    }

    #[test]
    fn similar_texts_have_similar_signatures() {
        let words = |t: &str| Normalized::of(t, 1).unwrap().key;
        let (a, b, c) = (
            words("the quick brown fox jumps over the lazy dog today"),
            words("the quick brown fox jumps over the lazy cat today"),
            words("an entirely different sentence about coffee and cake"),
        );
        let shingles = |k: &str| shingles(&k.split(' ').collect::<Vec<_>>());
        assert!(similarity(&signature(&shingles(&a)), &signature(&shingles(&b))) > 0.4);
        assert!(similarity(&signature(&shingles(&a)), &signature(&shingles(&c))) < 0.2);
    }

    #[test]
    fn scales_linearly() {
        // 20,000 distinct texts and 100 copies of one reply: a quadratic
        // method would make 200 million comparisons.
        let texts: Vec<String> = (0..20_000u64)
            .map(|i| {
                (0..8)
                    .map(|k| to_letters((mix(i * 8 + k) % 5_000) as usize))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .chain(
                (0..100)
                    .map(|i| format!("@user{i} thanks for reaching out, we are looking into it")),
            )
            .collect();
        let start = std::time::Instant::now();
        let groups = near_duplicates(texts.iter().map(String::as_str).enumerate(), 0.6, 3);
        assert!(start.elapsed().as_secs() < 20);
        let big: Vec<&Vec<usize>> = groups.iter().filter(|g| g.len() >= 100).collect();
        assert_eq!(big.len(), 1);
        assert_eq!(big[0][0], 20_000);
    }

    /// [`near_duplicates`] as first written: every text normalised, its
    /// signature hashed with `mix(j)` computed in place, bands one by one.
    fn near_duplicates_plain(
        texts: &[(usize, &str)],
        threshold: f64,
        min_words: usize,
    ) -> Vec<Vec<usize>> {
        let mut distinct: HashMap<String, usize> = HashMap::default();
        let mut words_of: Vec<Normalized> = Vec::new();
        let mut ids_of: Vec<Vec<usize>> = Vec::new();
        for &(id, text) in texts {
            let Some(n) = Normalized::of(text, min_words.max(1)) else {
                continue;
            };
            let d = *distinct.entry(n.key.clone()).or_insert_with(|| {
                words_of.push(n);
                ids_of.push(Vec::new());
                ids_of.len() - 1
            });
            ids_of[d].push(id);
        }
        let mut sets = UnionFind((0..words_of.len()).collect());
        if threshold < 1.0 {
            let shingles_of: Vec<Vec<u64>> = words_of
                .iter()
                .map(|key| shingles(&key.words().collect::<Vec<_>>()))
                .collect();
            let mut buckets: HashMap<u64, usize> = HashMap::default();
            for (d, sh) in shingles_of.iter().enumerate() {
                let mut sig = [u32::MAX; HASHES];
                for &s in sh {
                    for (j, slot) in sig.iter_mut().enumerate() {
                        *slot = (*slot).min((mix(s ^ mix(j as u64)) >> 32) as u32);
                    }
                }
                for band in 0..BANDS {
                    let key = hash_of((band, &sig[band * ROWS..(band + 1) * ROWS]));
                    match buckets.get(&key) {
                        Some(&first) => {
                            if sets.find(first) != sets.find(d)
                                && jaccard(&shingles_of[first], sh) >= threshold
                            {
                                sets.union(first, d);
                            }
                        }
                        None => {
                            buckets.insert(key, d);
                        }
                    }
                }
            }
        }
        groups(ids_of, &mut sets)
    }

    /// Texts made of a few phrases, so that copies word for word, copies
    /// but for names and numbers, near-copies and short texts all occur.
    fn phrase_texts() -> impl proptest::strategy::Strategy<Value = Vec<String>> {
        use proptest::prelude::*;
        const PHRASES: &[&str] = &[
            "thanks for reaching out",
            "please DM us your order number",
            "@maya",
            "@tom",
            "order 1234",
            "order 98",
            "we'll look into it",
            "sorry",
            "the autumn blend is back",
            "Thanks!",
            "in all stores from Monday",
            "https://ex.com/a",
            "right away",
        ];
        proptest::collection::vec(
            proptest::collection::vec(proptest::sample::select(PHRASES), 1..6)
                .prop_map(|p| p.join(" ")),
            0..60,
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Each text as written normalised once, the seeds computed once,
        /// the bands hashed on all cores: the groups are the same.
        #[test]
        fn groups_as_one_text_at_a_time(
            texts in phrase_texts(),
            threshold in proptest::sample::select(vec![0.3, 0.6, 0.8, 1.0]),
            min_words in 1usize..5,
        ) {
            // Ids that are not the texts' places.
            let texts: Vec<(usize, &str)> =
                texts.iter().enumerate().map(|(i, t)| (3 * i + 7, t.as_str())).collect();
            proptest::prop_assert_eq!(
                near_duplicates(texts.iter().copied(), threshold, min_words),
                near_duplicates_plain(&texts, threshold, min_words)
            );
        }
    }

    fn to_letters(mut i: usize) -> String {
        let mut s = String::new();
        loop {
            s.push((b'a' + (i % 26) as u8) as char);
            i /= 26;
            if i == 0 {
                return s;
            }
        }
    }
}
