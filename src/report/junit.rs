//! `--format junit`: JUnit XML for CI test dashboards. One `<testsuite>`
//! per input file, with a `<testcase>` per audited post of the account (and
//! per audience record that has findings), in input order; each finding on
//! it is a `<failure>` whose `type` is the rule code. Account-level findings
//! go to a last suite, `account`, with one test case. Counts are of test
//! cases, as JUnit consumers count them. Valid against the Jenkins xUnit
//! `junit-10.xsd` (the strict Ant schema wants a timestamp and host name,
//! which would make the output differ from run to run).

use std::io::{self, Write};

use crate::audit::Audit;
use crate::report::{Reporter, record_subject};
use crate::rules::Finding;

pub struct Junit;

/// Text for an XML attribute value or element content: markup escaped,
/// characters XML 1.0 cannot hold replaced by U+FFFD.
///
/// Copied a run at a time: only the ASCII bytes named below and the
/// encodings of U+FFFE and U+FFFF (`EF BF BE`, `EF BF BF`) change, and
/// none of them is part of another character's encoding.
pub fn xml(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let (with, len) = match b[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\n' => ("&#10;", 1),
            b'\r' => ("&#13;", 1),
            b'\t' => ("&#9;", 1),
            c if c < 0x20 => ("\u{FFFD}", 1),
            0xEF if matches!(b.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("\u{FFFD}", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[run..i]);
        out.push_str(with);
        i += len;
        run = i;
    }
    out.push_str(&text[run..]);
    out
}

/// [`xml`] as first written: a character at a time.
#[cfg(test)]
fn xml_by_char(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

struct Case<'a> {
    name: String,
    classname: String,
    findings: Vec<&'a Finding>,
}

struct Suite<'a> {
    name: String,
    cases: Vec<Case<'a>>,
}

impl Suite<'_> {
    fn failures(&self) -> usize {
        self.cases.iter().filter(|c| !c.findings.is_empty()).count()
    }
}

fn suites(a: &Audit) -> Vec<Suite<'_>> {
    let c = &a.corpus;
    let mut on_post: Vec<Vec<&Finding>> = vec![Vec::new(); c.posts.len()];
    let mut on_account = Vec::new();
    for f in &a.findings {
        match f.post {
            Some(i) => on_post[i].push(f),
            None => on_account.push(f),
        }
    }
    let mut suites: Vec<Suite> = a
        .inputs
        .iter()
        .map(|i| Suite {
            name: i.path.to_string(),
            cases: Vec::new(),
        })
        .collect();
    for (i, findings) in on_post.into_iter().enumerate() {
        if !c.is_account[i] && findings.is_empty() {
            continue;
        }
        let p = &c.posts[i];
        let case = Case {
            name: format!("{} (line {})", record_subject(c, i), p.source.line),
            classname: p.source.path.to_string(),
            findings,
        };
        match suites.iter_mut().find(|s| *s.name == *p.source.path) {
            Some(s) => s.cases.push(case),
            None => suites.push(Suite {
                name: p.source.path.to_string(),
                cases: vec![case],
            }),
        }
    }
    suites.push(Suite {
        name: "account".to_string(),
        cases: vec![Case {
            name: "account".to_string(),
            classname: "account".to_string(),
            findings: on_account,
        }],
    });
    suites
}

impl Reporter for Junit {
    fn report(&self, a: &Audit, out: &mut dyn Write) -> io::Result<()> {
        let suites = suites(a);
        let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
        let failures: usize = suites.iter().map(Suite::failures).sum();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="postaudit" tests="{tests}" failures="{failures}" errors="0">"#
        )?;
        for s in &suites {
            writeln!(
                out,
                r#"  <testsuite name="{}" tests="{}" failures="{}" errors="0" skipped="0">"#,
                xml(&s.name),
                s.cases.len(),
                s.failures()
            )?;
            for case in &s.cases {
                let open = format!(
                    r#"    <testcase name="{}" classname="{}""#,
                    xml(&case.name),
                    xml(&case.classname)
                );
                if case.findings.is_empty() {
                    writeln!(out, "{open}/>")?;
                    continue;
                }
                writeln!(out, "{open}>")?;
                for f in &case.findings {
                    writeln!(
                        out,
                        r#"      <failure type="{}" message="{}">{} {} ({}, {}): {}</failure>"#,
                        f.rule.code,
                        xml(&f.message),
                        f.rule.code,
                        f.rule.name,
                        f.rule.principle,
                        f.severity,
                        xml(&f.message)
                    )?;
                }
                writeln!(out, "    </testcase>")?;
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;\u{FFFD}"
        );
    }

    proptest::proptest! {
        #[test]
        fn escapes_as_first_written(text in crate::text::test_text(&[
            "a", "&", "<", ">", "\"", "'", "\n", "\r", "\t", "\u{1}", "\u{1f}", " ", "é",
            "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{EFBF}", "\u{EFFF}", "\u{FBFF}", "☕",
        ])) {
            proptest::prop_assert_eq!(xml(&text), xml_by_char(&text));
        }
    }
}
