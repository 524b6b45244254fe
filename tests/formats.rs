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

/// The report's tables without positions: every cell's status, value and raw text, by table,
/// row and column (spans and labels differ by design between two files of one report).
fn cells(name: &str) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("span");
                m.remove("label");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let checked = Checker::new().unwrap().check(&fixture(name), name).unwrap();
    let report = serde_json::to_value(checked.report()).unwrap();
    let mut tables = serde_json::json!({
        "active_disclosure": report["active_disclosure"],
        "applications": report["applications"],
        "review_litigation": report["review_litigation"],
    });
    strip(&mut tables);
    tables
}

/// What many users have after converting a PDF (`pdftotext -layout`, poppler 22.12; committed,
/// as CI's poppler may lay out differently): every cell read as the PDF reads it — labels
/// wrapped above and below their values, group labels beside them — and the same findings, each
/// on the same text.
#[test]
fn pdftotext_layout_text_reads_as_the_pdf() {
    for (pdf, layout) in [
        ("huaian-city-2024.pdf", "huaian-city-2024.layout.txt"),
        (
            "hongze-district-2023.pdf",
            "hongze-district-2023.layout.txt",
        ),
    ] {
        let (a, b) = (cells(pdf), cells(layout));
        let mut present = 0;
        for (table, rows) in a.as_object().unwrap() {
            for (row, columns) in rows.as_object().unwrap() {
                for (column, cell) in columns.as_object().into_iter().flatten() {
                    if !cell.is_object() {
                        continue;
                    }
                    present += usize::from(cell["status"] == "present");
                    assert_eq!(
                        cell, &b[table][row][column],
                        "{layout}: {table}/{row}/{column}"
                    );
                }
            }
        }
        assert!(present >= 180, "{pdf}: {present} cells");
        assert_eq!(a, b, "{layout}");
        let ((fa, _), (fb, _)) = (findings(pdf), findings(layout));
        assert_eq!(fa, fb, "{pdf} vs {layout}");
    }
}
