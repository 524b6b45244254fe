//! The same report gives the same findings whichever form it is published in (issue 5): the PDF
//! and the HTML page against the text version, each finding located in *that* file.
//!
//! Findings are compared without their positions (which differ by design: each points into its
//! own file), but with the text under every label, so a finding on the wrong number fails.

use gongkai::{Checker, Lang};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Each finding as (rule, severity, message, expected, [(label text, primary)]).
fn findings(name: &str) -> (Vec<String>, serde_json::Value) {
    let checked = Checker::new().unwrap().check(&fixture(name), name).unwrap();
    let json = serde_json::to_value(checked.to_json(name, Lang::Zh)).unwrap();
    let list = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let labels: Vec<String> = d["labels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| format!("{}:{}", l["text"], l["primary"]))
                .collect();
            format!(
                "{} {} {} {} {labels:?}",
                d["rule"], d["severity"], d["message"], d["expected"]
            )
        })
        .collect();
    (list, json)
}

#[test]
fn pdf_and_html_give_the_findings_of_the_text_version() {
    for (published, text) in [
        ("huaian-city-2024.pdf", "huaian-city-2024.txt"),
        ("hongze-district-2023.pdf", "hongze-district-2023.txt"),
        ("huaian-city-2024.html", "huaian-city-2024.txt"),
    ] {
        let (a, json) = findings(published);
        let (b, _) = findings(text);
        assert_eq!(a, b, "{published} vs {text}");
        if text.starts_with("hongze") {
            // The real errors of table 4 are found in the PDF too, on the same numbers.
            let total_errors = a
                .iter()
                .filter(|f| f.contains("review-litigation-total-mismatch"))
                .count();
            assert_eq!(total_errors, 2, "{a:#?}");
        }
        // Every label of a PDF finding names its page.
        if published.contains(".pdf") {
            for d in json["diagnostics"].as_array().unwrap() {
                for l in d["labels"].as_array().unwrap() {
                    assert!(l["page"].as_u64().is_some_and(|p| p >= 1), "{l}");
                }
            }
        }
    }
}
