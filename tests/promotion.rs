//! Promotion rules added on top of the core: link-only posts (P003),
//! pricing spam (P004), the 4-1-1 mix (P102), repeated codes (P103).

mod common;

use common::check_json;

fn findings(args: &[&str]) -> Vec<(String, String, String)> {
    let (doc, _) = check_json(args);
    common::hits_with_messages(&doc)
}

fn rules_and_posts(f: &[(String, String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(a, b, _)| (a.as_str(), b.as_str())).collect()
}

#[test]
fn link_only_pricing_spam_411_and_repeated_codes() {
    // 7 is a photo with a caption: X writes the photo as a t.co link.
    let f = findings(&["fixtures/promotion.csv", "--select", "P003,P004,P102,P103"]);
    assert_eq!(
        rules_and_posts(&f),
        [("P004", "1"), ("P003", "2"), ("P102", "-"), ("P103", "-")]
    );
    assert_eq!(
        f[0].2,
        "3 prices, discounts and codes (\"20% off\", \"BEAN20\", \"$9.99\"): one offer, told with what it does for the reader, is enough"
    );
    assert!(f[1].2.starts_with("a link with 0 word(s) around it"));
    assert_eq!(
        f[2].2,
        "3 promotional post(s), 0 re-share(s) of others' content where 4-1-1 asks 3 and 3 post(s) of value where it asks 12: share and credit what others make, and post more that helps the reader"
    );
    // Codes match in any case.
    assert!(
        f[3].2
            .starts_with("code BEAN20 appears in 3 posts (1, 3, 5)")
    );
}

#[test]
fn a_realistic_brand_week_raises_no_new_promotion_findings_but_the_bare_link() {
    // Salaries, ticket prices, "100% bought direct", credited shares and a
    // members' discount are not spam; post 16 is a bare link.
    let f = findings(&[
        "fixtures/realistic-brand.csv",
        "--account",
        "northwind",
        "--select",
        "P003,P004,P102,P103",
    ]);
    assert_eq!(rules_and_posts(&f), [("P003", "16")]);
}

#[test]
fn promotion_thresholds_come_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("postaudit.toml");
    std::fs::write(
        &cfg,
        "[promotion]\nlink-only-min-words = 0\nmax-pricing-mentions = 3\nmax-code-posts = 3\nvalue-posts-per-promotion = 1\nreshares-per-promotion = 0\n",
    )
    .unwrap();
    let f = findings(&[
        "fixtures/promotion.csv",
        "--select",
        "P003,P004,P102,P103",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert!(f.is_empty(), "{f:?}");
}
