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
use crate::report::json::render_in_order;
use crate::report::{Reporter, record_subject};

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

/// A test case: a record (`None` for the account) and the indices of its
/// findings, in report order.
struct Case<'a> {
    post: Option<usize>,
    findings: &'a [u32],
}

struct Suite<'a> {
    name: &'a str,
    cases: Vec<Case<'a>>,
}

impl Suite<'_> {
    fn failures(&self) -> usize {
        self.cases.iter().filter(|c| !c.findings.is_empty()).count()
    }
}

/// The findings of each record, as one list of finding indices cut by
/// record (`starts[i]..starts[i + 1]` are record `i`'s), then the
/// account's: no list per record.
struct ByRecord {
    order: Vec<u32>,
    starts: Vec<usize>,
    account: Vec<u32>,
}

impl ByRecord {
    fn of(a: &Audit) -> Self {
        let mut starts = vec![0; a.corpus.posts.len() + 1];
        let mut account = Vec::new();
        for (k, f) in a.findings.iter().enumerate() {
            match f.post() {
                Some(i) => starts[i + 1] += 1,
                None => account.push(k as u32),
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut order = vec![0; starts[starts.len() - 1]];
        for (k, f) in a.findings.iter().enumerate() {
            if let Some(i) = f.post() {
                order[next[i]] = k as u32;
                next[i] += 1;
            }
        }
        ByRecord {
            order,
            starts,
            account,
        }
    }

    fn of_record(&self, i: usize) -> &[u32] {
        &self.order[self.starts[i]..self.starts[i + 1]]
    }
}

fn suites<'a>(a: &'a Audit, by: &'a ByRecord) -> Vec<Suite<'a>> {
    let c = &a.corpus;
    let mut suites: Vec<Suite> = a
        .inputs
        .iter()
        .map(|i| Suite {
            name: &i.path,
            cases: Vec::new(),
        })
        .collect();
    // The suite of the record before, found again only when the file
    // changes.
    let mut last: Option<usize> = None;
    for (i, p) in c.posts.iter().enumerate() {
        let findings = by.of_record(i);
        if !c.is_account[i] && findings.is_empty() {
            continue;
        }
        let case = Case {
            post: Some(i),
            findings,
        };
        let path = &*p.source.path;
        let at = match last {
            Some(k) if suites[k].name == path => k,
            _ => match suites.iter().position(|s| s.name == path) {
                Some(k) => k,
                None => {
                    suites.push(Suite {
                        name: path,
                        cases: Vec::new(),
                    });
                    suites.len() - 1
                }
            },
        };
        last = Some(at);
        suites[at].cases.push(case);
    }
    suites.push(Suite {
        name: "account",
        cases: vec![Case {
            post: None,
            findings: &by.account,
        }],
    });
    suites
}

/// A test case and its failures.
fn write_case(a: &Audit, case: &Case, out: &mut Vec<u8>) -> io::Result<()> {
    let c = &a.corpus;
    let (name, classname) = match case.post {
        Some(i) => {
            let p = &c.posts[i];
            (
                format!("{} (line {})", record_subject(c, i), p.source.line),
                &*p.source.path,
            )
        }
        None => ("account".to_string(), "account"),
    };
    write!(
        out,
        r#"    <testcase name="{}" classname="{}""#,
        xml(&name),
        xml(classname)
    )?;
    if case.findings.is_empty() {
        return writeln!(out, "/>");
    }
    writeln!(out, ">")?;
    for &k in case.findings {
        let f = &a.findings[k as usize];
        let message = xml(&f.message(&a.corpus));
        writeln!(
            out,
            r#"      <failure type="{}" message="{message}">{} {} ({}, {}): {message}</failure>"#,
            f.rule.code, f.rule.code, f.rule.name, f.rule.principle, f.severity,
        )?;
    }
    writeln!(out, "    </testcase>")
}

impl Reporter for Junit {
    /// Each suite's test cases are rendered on all cores, a run at a time
    /// (see [`render_in_order`]).
    fn report(&self, a: &Audit, out: &mut dyn Write) -> io::Result<()> {
        let by = ByRecord::of(a);
        let suites = suites(a, &by);
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
                xml(s.name),
                s.cases.len(),
                s.failures()
            )?;
            render_in_order(
                s.cases.len(),
                200,
                |k, buf, _| write_case(a, &s.cases[k], buf),
                |run| out.write_all(run),
            )?;
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Finding;

    /// The report as first written: a list of findings per record, a
    /// case with its name made for every case, then written one by one.
    fn as_first_written(a: &Audit) -> Vec<u8> {
        struct Case<'a> {
            name: String,
            classname: String,
            findings: Vec<&'a Finding>,
        }
        let c = &a.corpus;
        let mut on_post: Vec<Vec<&Finding>> = vec![Vec::new(); c.posts.len()];
        let mut on_account = Vec::new();
        for f in &a.findings {
            match f.post() {
                Some(i) => on_post[i].push(f),
                None => on_account.push(f),
            }
        }
        let mut suites: Vec<(String, Vec<Case>)> = a
            .inputs
            .iter()
            .map(|i| (i.path.to_string(), Vec::new()))
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
            match suites.iter_mut().find(|s| *s.0 == *p.source.path) {
                Some(s) => s.1.push(case),
                None => suites.push((p.source.path.to_string(), vec![case])),
            }
        }
        suites.push((
            "account".to_string(),
            vec![Case {
                name: "account".to_string(),
                classname: "account".to_string(),
                findings: on_account,
            }],
        ));
        let failed = |cases: &[Case]| cases.iter().filter(|c| !c.findings.is_empty()).count();
        let mut out = Vec::new();
        let tests: usize = suites.iter().map(|s| s.1.len()).sum();
        let failures: usize = suites.iter().map(|s| failed(&s.1)).sum();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#).unwrap();
        writeln!(
            out,
            r#"<testsuites name="postaudit" tests="{tests}" failures="{failures}" errors="0">"#
        )
        .unwrap();
        for (name, cases) in &suites {
            writeln!(
                out,
                r#"  <testsuite name="{}" tests="{}" failures="{}" errors="0" skipped="0">"#,
                xml(name),
                cases.len(),
                failed(cases)
            )
            .unwrap();
            for case in cases {
                let open = format!(
                    r#"    <testcase name="{}" classname="{}""#,
                    xml(&case.name),
                    xml(&case.classname)
                );
                if case.findings.is_empty() {
                    writeln!(out, "{open}/>").unwrap();
                    continue;
                }
                writeln!(out, "{open}>").unwrap();
                for f in &case.findings {
                    writeln!(
                        out,
                        r#"      <failure type="{}" message="{}">{} {} ({}, {}): {}</failure>"#,
                        f.rule.code,
                        xml(&f.message(&a.corpus)),
                        f.rule.code,
                        f.rule.name,
                        f.rule.principle,
                        f.severity,
                        xml(&f.message(&a.corpus))
                    )
                    .unwrap();
                }
                writeln!(out, "    </testcase>").unwrap();
            }
            writeln!(out, "  </testsuite>").unwrap();
        }
        writeln!(out, "</testsuites>").unwrap();
        out
    }

    #[test]
    fn cases_rendered_in_runs_are_those_written_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        for a in [
            crate::report::json::tests::audit_of_many(dir.path()),
            crate::report::json::tests::audit_of(&[
                "fixtures/larkspur.csv",
                "fixtures/platforms/twitter-archive",
                "fixtures/snapshot.csv",
                "fixtures/header-only.csv",
            ]),
        ] {
            let mut got = Vec::new();
            Junit.report(&a, &mut got).unwrap();
            assert!(got == as_first_written(&a));
        }
    }

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
