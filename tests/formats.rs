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

/// `name` with the word at `line` (1-based) and character `column` (1-based) replaced by `new`,
/// and the byte offset of the replacement.
fn mutated(name: &str, line: usize, column: usize, old: &str, new: &str) -> (Vec<u8>, usize) {
    let text = String::from_utf8(fixture(name)).unwrap();
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let this = text[start..].lines().next().unwrap();
    let at = start + this.char_indices().nth(column - 1).unwrap().0;
    assert!(
        text[at..].starts_with(old),
        "{name}:{line}:{column} is not {old:?}"
    );
    let mut out = text[..at].to_owned();
    out.push_str(new);
    out.push_str(&text[at + old.len()..]);
    (out.into_bytes(), at)
}

/// One value changed in the `-layout` text of a row rebuilt from several printed lines: the
/// rule that must fire does, with its primary label on exactly the changed number in the file.
#[test]
fn a_value_changed_in_layout_text_is_found_on_its_cell() {
    for (name, line, column, old, new, rule) in [
        // 部分公开: label above and below the values.
        (
            "huaian-city-2024.layout.txt",
            130,
            45,
            "7",
            "8",
            "applications-total-row-mismatch",
        ),
        (
            "huaian-city-2024.layout.txt",
            130,
            81,
            "454",
            "455",
            "applications-total-column-mismatch",
        ),
        // 1、申请人无正当理由…: label over three lines, a blank line inside it.
        (
            "huaian-city-2024.layout.txt",
            182,
            41,
            "67",
            "68",
            "applications-total-row-mismatch",
        ),
        // 2、申请人逾期…: the group label "（六）其 / 他处理" between the label's lines.
        (
            "huaian-city-2024.layout.txt",
            188,
            94,
            "6",
            "9",
            "applications-total-column-mismatch",
        ),
        // 部分公开 with its total on the label's first line, the other values on the next.
        (
            "pdf-corpus/lo-form-000.layout.txt",
            60,
            62,
            "0",
            "5",
            "applications-total-column-mismatch",
        ),
        // 表四 from its line of fifteen values.
        (
            "hongze-district-2023.layout.txt",
            149,
            1,
            "10",
            "12",
            "review-litigation-total-mismatch",
        ),
    ] {
        let (bytes, at) = mutated(name, line, column, old, new);
        let checked = Checker::new().unwrap().check(&bytes, name).unwrap();
        let hit = checked.findings().iter().any(|f| {
            f.code == rule
                && f.labels.iter().any(|l| {
                    l.span.offset == at
                        && l.span.length == new.len()
                        && l.span.line as usize == line
                })
        });
        assert!(
            hit,
            "{name}:{line}:{column} {old}→{new}: no {rule} on it: {:#?}",
            checked
                .findings()
                .iter()
                .map(|f| (&f.code, &f.message))
                .collect::<Vec<_>>()
        );
    }
}
