//! `--format text`: what a person reads.

mod common;

use common::postaudit;
use predicates::prelude::*;

#[test]
fn groups_findings_by_post_with_code_severity_message_and_why() {
    let out = postaudit()
        .args(["check", "fixtures/larkspur.csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(
        "fixtures/larkspur.csv:7  post 1006  \"FLASH SALE! 20% off all beans, use code BEAN20. Shop now, li…\"\n"
    ), "{text}");
    assert!(
        text.contains("  warning P001 hard-sell  hard-sell language \"FLASH SALE\", \"20% off\"")
    );
    assert!(text.contains("          why: Social media is \"a gift economy\""));
    assert!(text.contains("fixtures/larkspur.csv:8  comment 1007 by @priya.k  \"Does the code work for subscriptions?\""));
    assert!(text.contains("  error   R002 unanswered-question  @priya.k asked"));
    assert!(text.contains("\naccount\n  warning "));
    assert!(text.contains("\n  warning D101 low-dialogue-share  1 of 6 posts (17%)"));
    assert!(text.contains("  account    @larkspur (inferred: the most frequent author of top-level posts; set it with --account)"));
    assert!(
        text.contains("  records    14 read: 8 by the account, 6 from the audience, 0 skipped")
    );
    assert!(
        text.contains("  metrics    response rate 40% (2 of 5) · median first reply 3 h 35 min")
    );
    assert!(text.contains("  principles 0-100 each; what cost the most"));
    assert!(text.contains("  score      "));
    // The closing "Yes please" in an answered thread is not flagged.
    assert!(!text.contains("comment 1004"));
}

#[test]
fn no_colour_in_a_pipe_or_with_no_color() {
    postaudit()
        .args(["check", "fixtures/larkspur.csv"])
        .assert()
        .stdout(predicate::str::contains("\x1b[").not());
    postaudit()
        .args(["check", "fixtures/larkspur.csv", "--color", "always"])
        .assert()
        .stdout(predicate::str::contains("\x1b["));
    // NO_COLOR wins over a forced terminal colour; an explicit
    // `--color always` wins over both.
    postaudit()
        .args(["check", "fixtures/larkspur.csv"])
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .stdout(predicate::str::contains("\x1b["));
    postaudit()
        .args(["check", "fixtures/larkspur.csv"])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .assert()
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn account_can_be_named() {
    postaudit()
        .args(["check", "fixtures/larkspur.csv", "--account", "@Maya_R"])
        .assert()
        .stdout(predicate::str::contains("  account    @maya_r\n"))
        .stdout(predicate::str::contains(
            "2 by the account, 12 from the audience",
        ));
}

#[test]
fn a_calendar_without_authors_is_all_the_accounts() {
    postaudit()
        .args(["check", "-"])
        .write_stdin("date,text\n2026-03-02,Shop now!\n2026-03-03,How do you brew?\n")
        .assert()
        .stdout(predicate::str::contains(
            "(none: the export names no authors, every record is the account's)",
        ))
        .stdout(predicate::str::contains(
            "2 read: 2 by the account, 0 from the audience",
        ))
        // No id column: the record is named by its place, once.
        .stdout(predicate::str::contains("<stdin>:2  post  \"Shop now!\"\n"));
}

#[test]
fn each_principle_score_shows_the_findings_that_cost_the_most() {
    let out = postaudit()
        .args(["check", "fixtures/larkspur.csv", "--select", "D,R,F"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // Dialogue: 100 - 15 (D101, account) - 5×5/8 (D001 on 5 of 8 posts)
    // - 15/8 (D002 on one post) = 80.
    assert!(
        text.contains(
            "    dialogue         80  D101 low-dialogue-share −15 · D001 no-invitation-to-reply ×5 −3.1\n"
        ),
        "{text}"
    );
    assert!(text.contains(
        "    responsiveness   55  R101 low-response-rate −15 · R102 slow-first-reply −15\n"
    ));
    // No platform column and no default: nothing to judge.
    assert!(text.contains("    platform          -  nothing to judge\n"));
    assert!(!text.contains("    promotion "));

    let out = postaudit()
        .args(["check", "-", "--select", "D001"])
        .write_stdin("id,text\n1,What do you brew?\n")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("    dialogue        100  no findings\n"),
        "{text}"
    );
}

#[test]
fn a_plain_report_is_the_styled_one_without_its_styles() {
    for fixture in [
        "fixtures/larkspur.csv",
        "fixtures/realistic-brand.csv",
        "fixtures/bad-rows.csv",
    ] {
        let plain = postaudit().args(["check", fixture]).output().unwrap();
        let styled = postaudit()
            .args(["check", fixture, "--color", "always"])
            .output()
            .unwrap();
        let styled = String::from_utf8(styled.stdout).unwrap();
        assert!(styled.contains("\x1b["), "{fixture}");
        assert_eq!(
            String::from_utf8(plain.stdout).unwrap(),
            anstream::adapter::strip_str(&styled).to_string(),
            "{fixture}"
        );
    }
}

#[test]
fn a_plain_report_leaves_out_an_exports_control_characters_and_keeps_its_own_text() {
    // Escapes and control characters in an id, an author and a text; the
    // second text leaves a sequence open at its end.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("escapes.csv");
    std::fs::write(
        &input,
        "id,author,created_at,text\n\
         a\x1b[31mred,larkspur,2026-01-01T10:00:00Z,\"Hello \x1b[1mbold\x1b[0m, shop now!\"\n\
         2,fan\x07bell,2026-01-01T11:00:00Z,\"@larkspur why \x1b]0;title\x07 is this \x1b[\"\n\
         3,larkspur,2026-01-01T12:00:00Z,\"Buy now \x7f today\"\n",
    )
    .unwrap();
    let report = dir.path().join("report.txt");
    let out = postaudit().args(["check"]).arg(&input).output().unwrap();
    postaudit()
        .args(["check"])
        .arg(&input)
        .arg("--output")
        .arg(&report)
        .output()
        .unwrap();
    let file = std::fs::read_to_string(&report).unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, file);
    assert!(!text.contains(['\x1b', '\x07', '\x7f']), "{text:?}");
    assert!(
        text.contains(":2  post ared  \"Hello bold, shop now!\"\n"),
        "{text}"
    );
    assert!(text.contains(":4  post 3  \"Buy now  today\"\n"), "{text}");
    // The sequence left open takes nothing after its own text.
    assert!(
        text.contains(" by @fanbell  \"@larkspur why  is this \"\n"),
        "{text}"
    );
}
