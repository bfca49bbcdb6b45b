//! Per-record suppression: the writer of a post can silence rules for it,
//! with a `postaudit-ignore` column (or JSON key) holding codes separated by
//! commas or spaces, or with a marker `postaudit: ignore[P001,D001]` in a
//! notes column or in the text itself. `all` (or a marker with no list)
//! silences every rule. Entries take the forms of `--select`: a code, a
//! prefix, a rule name or a principle.

use std::sync::LazyLock;

use regex::Regex;

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bpostaudit:\s*ignore\b(?:\[([^\]]*)\])?").expect("valid marker pattern")
});

/// The marker's pattern (see [`crate::prebuild`]).
pub(crate) const LAZIES: &[fn()] = crate::prebuild::lazies![MARKER];

/// The rules silenced for one record, from its `postaudit-ignore` value and
/// the markers in its notes and text, in the order written, without repeats.
pub fn parse(column: Option<&str>, notes: Option<&str>, text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |entry: &str| {
        let entry = entry.trim();
        if !entry.is_empty() && !out.iter().any(|e| e.eq_ignore_ascii_case(entry)) {
            out.push(entry.to_string());
        }
    };
    if let Some(list) = column {
        split(list).for_each(&mut push);
    }
    for source in notes.into_iter().chain([text]) {
        if !mentions_postaudit(source) {
            continue;
        }
        for m in MARKER.captures_iter(source) {
            match m.get(1) {
                Some(list) => split(list.as_str()).for_each(&mut push),
                None => push("all"),
            }
        }
    }
    out
}

/// Whether `s` holds `postaudit` in any ASCII case: the cheap test that
/// spares almost every record the marker pattern.
fn mentions_postaudit(s: &str) -> bool {
    const WORD: &[u8] = b"postaudit";
    let b = s.as_bytes();
    memchr::memchr2_iter(b'p', b'P', b).any(|i| {
        b.get(i..i + WORD.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(WORD))
    })
}

fn split(list: &str) -> impl Iterator<Item = &str> {
    list.split([',', ' ', ';', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_column_and_markers() {
        assert_eq!(
            parse(Some("P001, D001 R"), None, "hi"),
            ["P001", "D001", "R"]
        );
        assert_eq!(
            parse(None, Some("ok'd by legal. postaudit: ignore[P001]"), "x"),
            ["P001"]
        );
        assert_eq!(
            parse(Some("p001"), None, "Sale! postaudit:ignore[P001, P002]"),
            ["p001", "P002"]
        );
        assert_eq!(parse(None, None, "Postaudit: ignore"), ["all"]);
        assert!(parse(None, Some("no marker here"), "ignore[P001]").is_empty());
        assert_eq!(parse(None, None, "é PoStAuDiT: ignore[A001]"), ["A001"]);
        assert!(parse(None, None, "postaudi: ignore[A001] p").is_empty());
    }
}
