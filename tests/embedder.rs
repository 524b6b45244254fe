//! What an embedder gets with `gongkai = { …, default-features = false }` (docs/embedding.md):
//! text reports checked with the built-in rules and written as JSON, and a structured (JSON/YAML)
//! report refused with its own error rather than dropped. `.ci/run` runs this file without the
//! default features (`cargo test -p gongkai --no-default-features --test embedder`); with them,
//! as in `scripts/test`, the structured report is read instead.

use gongkai::{Checker, Lang};

/// A real report with two wrong totals in its table 4.
const HONGZE: &[u8] = include_bytes!("fixtures/hongze-district-2023.txt");
/// The documented structured report (docs/examples).
const STRUCTURED: &[u8] = include_bytes!("../docs/examples/structured-report.yaml");

#[test]
fn a_text_report_is_checked_and_written_as_json() {
    let checker = Checker::new().expect("the built-in rules load");
    let report = checker
        .check(HONGZE, "hongze.txt")
        .expect("the text report is read");
    let totals = report
        .findings()
        .iter()
        .filter(|f| f.code == "review-litigation-total-mismatch")
        .count();
    assert_eq!(totals, 2, "{:?}", report.findings());

    let json = serde_json::to_value(report.to_json("hongze.txt", Lang::En)).expect("serialises");
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("a diagnostics list")
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert_eq!(
        rules
            .iter()
            .filter(|r| **r == "review-litigation-total-mismatch")
            .count(),
        2,
        "{json}"
    );
    assert_eq!(json["path"], "hongze.txt");
}

#[cfg(not(feature = "structured"))]
#[test]
fn a_structured_report_is_refused_saying_the_feature_is_off() {
    let checker = Checker::new().expect("the built-in rules load");
    let Err(error) = checker.check(STRUCTURED, "report.yaml") else {
        panic!("a YAML report was read without the `structured` feature");
    };
    for lang in [Lang::Zh, Lang::En] {
        let file = error.to_file_error(lang);
        assert_eq!(file.kind.name(), "structured_disabled", "{}", file.message);
        assert!(!file.message.is_empty());
    }
    assert!(
        error.to_file_error(Lang::En).message.contains("structured"),
        "{}",
        error.to_file_error(Lang::En).message
    );
}

#[cfg(feature = "structured")]
#[test]
fn a_structured_report_is_read() {
    let checker = Checker::new().expect("the built-in rules load");
    checker
        .check(STRUCTURED, "report.yaml")
        .expect("the documented structured report is read");
}
