//! Fingerprints of findings, and baseline files made of them.
//!
//! A fingerprint names a finding by what it is about, not where: the rule
//! code and a stable hash (64-bit FNV-1a, fixed forever so files written by
//! one version are read by the next) of the post's author and normalised
//! text (lower case, runs of white space as one space). Lines and ids do not
//! enter it, so records added above, re-exports and re-orderings keep it.
//! An account-level finding hashes the account's handles instead.
//!
//! A baseline is a JSON file listing the fingerprints of the findings of one
//! run (`--write-baseline`); with `--baseline`, findings it lists are known
//! and not reported. Identical posts share a fingerprint, so the file keeps
//! one entry per finding and each entry absorbs one finding.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::rules::Finding;

pub const BASELINE_VERSION: u32 = 1;

/// 64-bit FNV-1a of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    fnv1a64_more(FNV_START, bytes)
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `bytes` continued from `hash`.
fn fnv1a64_more(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash = fnv1a64_byte(hash, b);
    }
    hash
}

fn fnv1a64_byte(hash: u64, b: u8) -> u64 {
    (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// Text as compared for fingerprints: lower case, white space collapsed.
pub fn normalize_text(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The hash of what a finding is about: its record's author and text, or
/// the account's handles.
pub fn subject_hash(f: &Finding, c: &Corpus) -> u64 {
    match f.post() {
        Some(i) => post_hash(&c.posts[i].author, &c.posts[i].text),
        None => fnv1a64(format!("account\0{}", c.account.handles.join(",")).as_bytes()),
    }
}

/// The hash of a post's author and normalised text.
fn post_hash(author: &str, text: &str) -> u64 {
    // `str::to_lowercase` lowers each character on its own but for a
    // capital sigma, whose small form depends on its place in the word.
    if text.contains('Σ') {
        return post_hash_built(author, text);
    }
    // The text is hashed as it is read: the same bytes as the normalised
    // text, without building it.
    let mut hash = fnv1a64_more(FNV_START, b"post\0");
    hash = fnv1a64_more(hash, crate::model::normalize_handle(author).as_bytes());
    hash = fnv1a64_byte(hash, 0);
    if text.is_ascii() {
        // Byte by byte: the white space `split_whitespace` splits on that
        // is ASCII is tab to carriage return and the space.
        let (mut started, mut space) = (false, false);
        for b in text.bytes() {
            if matches!(b, b'\t'..=b'\r' | b' ') {
                space = started;
                continue;
            }
            if space {
                hash = fnv1a64_byte(hash, b' ');
                space = false;
            }
            started = true;
            hash = fnv1a64_byte(hash, b.to_ascii_lowercase());
        }
        return hash;
    }
    // Character by character, as `split_whitespace` splits and each
    // character lower-cases on its own.
    let (mut started, mut space) = (false, false);
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_whitespace() {
            space = started;
            continue;
        }
        if space {
            hash = fnv1a64_byte(hash, b' ');
            space = false;
        }
        started = true;
        if c.is_ascii() {
            hash = fnv1a64_byte(hash, (c as u8).to_ascii_lowercase());
        } else {
            for lower in c.to_lowercase() {
                hash = fnv1a64_more(hash, lower.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    hash
}

/// [`post_hash`] by building the string it hashes.
fn post_hash_built(author: &str, text: &str) -> u64 {
    let subject = format!(
        "post\0{}\0{}",
        crate::model::normalize_handle(author),
        normalize_text(text)
    );
    fnv1a64(subject.as_bytes())
}

/// A finding's fingerprint: `P001:` and 16 hex digits.
pub fn fingerprint(f: &Finding, c: &Corpus) -> String {
    format!("{}:{:016x}", f.rule.code, subject_hash(f, c))
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// One known finding; `post_id` and `message` are there for the reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    #[serde(default)]
    pub post_id: Option<String>,
    #[serde(default)]
    pub message: String,
}

impl Baseline {
    /// The baseline of `findings`, in their order.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>, c: &Corpus) -> Baseline {
        Baseline {
            version: BASELINE_VERSION,
            findings: findings
                .into_iter()
                .map(|f| Entry {
                    fingerprint: fingerprint(f, c),
                    rule: f.rule.code.to_string(),
                    post_id: f.post().map(|i| c.posts[i].id.clone()),
                    message: f.message(c).into_owned(),
                })
                .collect(),
        }
    }

    pub fn read(path: &Path) -> anyhow::Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the baseline file", path.display()))?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}:{}: not a postaudit baseline: {}",
                path.display(),
                e.line(),
                e.column(),
                crate::load::json::error_text(&e)
            )
        })?;
        anyhow::ensure!(
            baseline.version == BASELINE_VERSION,
            "{}: baseline version {} is not supported (expected {BASELINE_VERSION})",
            path.display(),
            baseline.version
        );
        Ok(baseline)
    }

    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        std::fs::write(path, text)
            .with_context(|| format!("{}: cannot write the baseline file", path.display()))
    }

    /// How many findings each fingerprint may absorb.
    pub fn counts(&self) -> HashMap<&str, usize> {
        let mut counts = HashMap::new();
        for e in &self.findings {
            *counts.entry(e.fingerprint.as_str()).or_default() += 1;
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_is_the_standard_one() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    proptest::proptest! {
        #[test]
        fn any_text_hashes_as_its_normalised_form(author in ".{0,8}", text in "(?s).{0,64}") {
            proptest::prop_assert_eq!(post_hash(&author, &text), post_hash_built(&author, &text));
        }

        #[test]
        fn any_ascii_text_hashes_as_its_normalised_form(text in "[ -~\t\n\x0b\x0c\r\x1c\x00]{0,64}") {
            proptest::prop_assert_eq!(post_hash("a", &text), post_hash_built("a", &text));
        }

        /// Mostly ASCII, with some characters that are not: emoji, accented
        /// and capital letters, white space outside ASCII.
        #[test]
        fn mixed_text_hashes_as_its_normalised_form(
            author in "[ @A-Za-z0-9_éÉİ]{0,8}",
            text in "[ -~\t\n\r\u{85}\u{a0}\u{2003}\u{3000}éÉİẞǅ☕🙂Ω]{0,64}"
        ) {
            proptest::prop_assert_eq!(post_hash(&author, &text), post_hash_built(&author, &text));
        }
    }

    #[test]
    fn texts_hash_as_their_normalised_form() {
        for (author, text) in [
            ("@Maya", "  Hello\tWORLD \u{b}x\r\n y  "),
            ("brand", ""),
            ("", "one"),
            ("Ünï", "Café ΣΑΣ naïve  text"),
            ("x", "ÉCOLE İstanbul ǅ ẞ ☕🙂 \u{2003}ΑΒΓ\u{85}end"),
            ("x", "ΟΔΟΣ odos"),
        ] {
            assert_eq!(
                post_hash(author, text),
                post_hash_built(author, text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn normalises_case_and_space() {
        assert_eq!(normalize_text("  Shop NOW\r\n today "), "shop now today");
    }
}
