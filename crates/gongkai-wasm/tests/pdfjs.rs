//! pdf.js's text items (recorded by `web/tools/pdfjs-items.mjs` from the sample PDFs) read as
//! poppler's word boxes do: the same rebuilt text and the same findings as the CLI's pdftotext
//! path, for the bundled reports and one PDF of each producer of the synthetic corpus.

use std::path::{Path, PathBuf};

use gongkai::Checker;
use gongkai_wasm::check::{Request, check};
use gongkai_wasm::pdfjs::JsPage;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// (rule, message, expected, primary label's text and page) of each finding of a JSON output.
fn findings(output: &serde_json::Value) -> Vec<(String, String, String, String)> {
    output["files"][0]["diagnostics"]
        .as_array()
        .map(|d| {
            d.iter()
                .map(|f| {
                    let primary = f["labels"]
                        .as_array()
                        .and_then(|l| l.iter().find(|l| l["primary"] == true))
                        .map(|l| format!("{} p{} l{}", l["text"], l["page"], l["line"]))
                        .unwrap_or_default();
                    (
                        f["rule"].to_string(),
                        f["message"].to_string(),
                        f["expected"].to_string(),
                        primary,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Compares the pdf.js reading of `pdf` with poppler's: the table rows (with their labels when
/// `labels`, else their values only) and the findings.
fn compare(pdf: &Path, items: &str, labels: bool) {
    let bytes = std::fs::read(pdf).unwrap();
    let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
    let pages: Vec<JsPage> =
        serde_json::from_str(&std::fs::read_to_string(root().join(items)).unwrap()).unwrap();
    let checker = Checker::new().unwrap();
    let poppler = checker
        .check(&bytes, &name)
        .expect("poppler reads the sample");
    let poppler_json = serde_json::to_value(gongkai::JsonOutput::new(
        vec![poppler.to_json(&name, gongkai::Lang::Zh)],
        gongkai::Summary::default(),
    ))
    .unwrap();
    let request = Request {
        name: name.clone(),
        pages: Some(pages),
        ..Request::default()
    };
    let response = check(&request, &bytes, None);
    assert!(
        response.output["files"][0]["error"].is_null(),
        "{name}: {}",
        response.output["files"][0]["error"]
    );
    // The tables are what matters: every row of values the same.
    let rows = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.contains('\t'))
            .map(|l| {
                if labels {
                    l.to_owned()
                } else {
                    let values: Vec<&str> = l
                        .split('\t')
                        .filter(|c| c.chars().all(|c| c.is_ascii_digit() || c == '.'))
                        .collect();
                    values.join("\t")
                }
            })
            .collect()
    };
    assert_eq!(
        rows(&response.source),
        rows(poppler.extracted.source.text()),
        "{name}: table rows"
    );
    assert_eq!(
        findings(&response.output),
        findings(&poppler_json),
        "{name}: findings"
    );
    // Every finding's primary span lies on words with boxes (the page can draw it).
    for d in response.output["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
    {
        for l in d["labels"].as_array().unwrap() {
            let (o, n) = (
                usize::try_from(l["offset"].as_u64().unwrap()).unwrap(),
                usize::try_from(l["length"].as_u64().unwrap()).unwrap(),
            );
            if n == 0 {
                continue;
            }
            assert!(
                response.boxes.iter().any(|b| b.0 < o + n && o < b.0 + b.1),
                "{name}: no box under {l}"
            );
        }
    }
}

#[test]
fn hongze_2023_reads_the_same_from_pdfjs_as_from_poppler() {
    compare(
        &root().join("tests/fixtures/hongze-district-2023.pdf"),
        "crates/gongkai-wasm/tests/pdfjs/hongze-district-2023.json",
        // Values only: pdf.js drops the end of the vertical group label 三、本年度办理结果
        // (it gives "三、本年" and no item for "度办理结果", which poppler reads), so that
        // label is attached differently; every value and finding is the same.
        false,
    );
}

#[test]
fn huaian_2024_reads_the_same_from_pdfjs_as_from_poppler() {
    compare(
        &root().join("tests/fixtures/huaian-city-2024.pdf"),
        "crates/gongkai-wasm/tests/pdfjs/huaian-city-2024.json",
        true,
    );
}

#[test]
fn one_pdf_of_each_producer_reads_the_same_from_pdfjs() {
    for name in [
        "chromium-portal-003",
        "lo-form-005",
        "lo-html-005",
        "lo-landscape-005",
        "lo-rotated-005",
    ] {
        compare(
            &root().join(format!("tests/fixtures/pdf-corpus/{name}.pdf")),
            &format!("crates/gongkai-wasm/tests/pdfjs/{name}.json"),
            true,
        );
    }
}

/// The two table-4 errors of 洪泽 2023 are on page 4, boxed where pdf.js puts the two totals.
#[test]
fn hongze_2023_table_4_errors_have_boxes_on_page_4() {
    let pdf = root().join("tests/fixtures/hongze-district-2023.pdf");
    let pages: Vec<JsPage> = serde_json::from_str(
        &std::fs::read_to_string(
            root().join("crates/gongkai-wasm/tests/pdfjs/hongze-district-2023.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let request = Request {
        name: "hongze-district-2023.pdf".to_owned(),
        pages: Some(pages),
        ..Request::default()
    };
    let response = check(&request, &std::fs::read(pdf).unwrap(), None);
    let errors: Vec<&serde_json::Value> = response.output["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "review-litigation-total-mismatch")
        .collect();
    assert_eq!(errors.len(), 2);
    for e in errors {
        let primary = e["labels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["primary"] == true)
            .unwrap();
        let offset = usize::try_from(primary["offset"].as_u64().unwrap()).unwrap();
        let b = response
            .boxes
            .iter()
            .find(|b| b.0 == offset)
            .expect("a box at the total");
        assert_eq!(b.2, 3, "page 4 (0-based 3)");
        assert_eq!(primary["text"], "0");
        // Where poppler puts 表四's row of values on page 4 (its words "0" span y 452.0–466.1;
        // web/test/browser.test.mjs compares the boxes word by word).
        assert!(b.4 > 450.0 && b.6 < 468.0, "{b:?}");
    }
}

/// On a page the layout turns upright (LibreOffice's rotated table page), the words' boxes are
/// given back on the page as pdf.js displays it: each is the box of a word pdf.js gave.
#[test]
fn boxes_of_a_turned_page_are_where_pdfjs_displays_the_words() {
    let name = "lo-rotated-005";
    let pdf = root().join(format!("tests/fixtures/pdf-corpus/{name}.pdf"));
    let pages: Vec<JsPage> = serde_json::from_str(
        &std::fs::read_to_string(
            root().join(format!("crates/gongkai-wasm/tests/pdfjs/{name}.json")),
        )
        .unwrap(),
    )
    .unwrap();
    let words: Vec<gongkai::pdf::Page> = pages.iter().map(gongkai_wasm::pdfjs::page).collect();
    let turned: Vec<usize> = words
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lines_down + p.lines_up > 0 || p.width > p.height)
        .map(|(i, _)| i)
        .collect();
    let request = Request {
        name: format!("{name}.pdf"),
        pages: Some(pages),
        ..Request::default()
    };
    let response = check(&request, &std::fs::read(pdf).unwrap(), None);
    let mut on_turned = 0;
    let mut matched = 0;
    for b in &response.boxes {
        if !turned.contains(&b.2) {
            continue;
        }
        on_turned += 1;
        let text = &response.source[b.0..b.0 + b.1];
        if words[b.2].words.iter().any(|w| {
            w.text == text
                && (w.x0 - b.3).abs() < 0.01
                && (w.y0 - b.4).abs() < 0.01
                && (w.x1 - b.5).abs() < 0.01
                && (w.y1 - b.6).abs() < 0.01
        }) {
            matched += 1;
        }
    }
    assert!(on_turned > 50, "{on_turned} words on turned pages");
    // Words the layout joins (a number wrapped in a narrow cell) have a box of their own.
    assert!(matched * 100 >= on_turned * 95, "{matched} of {on_turned}");
}
