//! The sample PDFs, read through poppler: the rebuilt rows hold exactly the values of the text
//! versions of the same reports (extracted independently, by pypdf), in the same order, and every
//! table row has its full set of cells.

use gongkai_pdf::{PdfError, PdfOptions, read_pdf};
use gongkai_reader::{Block, Document, Text};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str) -> Document {
    read_pdf(&fixture(name), name, &PdfOptions::default()).unwrap()
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.') && !s.ends_with('.')
}

/// The numbers of the text version between the tables' first heading and section 五, page
/// footers ("- 4 -") left out.
fn text_values(name: &str) -> Vec<String> {
    let text = String::from_utf8(fixture(name)).unwrap();
    let start = text.find("二、主动公开政府信息情况").unwrap();
    let end = text.find("五、存在的主要问题").unwrap();
    text[start..end]
        .lines()
        .filter(|l| {
            let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            !(t.starts_with('-') && t.ends_with('-'))
        })
        .flat_map(str::split_whitespace)
        .filter(|t| is_number(t))
        .map(str::to_owned)
        .collect()
}

/// The same region of the PDF document: value cells of rows (and any number on a line).
fn pdf_rows(d: &Document) -> Vec<Vec<&Text>> {
    let start = d
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Line(t) if t.as_str().starts_with("二、主动公开")))
        .unwrap();
    let end = d
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Line(t) if t.as_str().starts_with("五、存在")))
        .unwrap();
    d.blocks[start..end]
        .iter()
        .filter_map(|b| match b {
            Block::Row(cells) => Some(cells.iter().collect()),
            Block::Line(t) => {
                assert!(
                    !t.as_str().split_whitespace().any(is_number),
                    "a number outside a row: {}",
                    t.as_str()
                );
                None
            }
        })
        .collect()
}

fn values<'a>(row: &[&'a Text]) -> Vec<&'a str> {
    row.iter()
        .map(|t| t.as_str())
        .filter(|s| is_number(s))
        .collect()
}

fn check(pdf: &str, txt: &str) {
    let d = read(pdf);
    let rows = pdf_rows(&d);
    let got: Vec<&str> = rows.iter().flat_map(|r| values(r)).collect();
    assert_eq!(got, text_values(txt), "{pdf}");
    // Table 3 rows: 7 values each, none empty; table 4: one row of 15.
    let table3: Vec<_> = rows.iter().filter(|r| values(r).len() == 7).collect();
    assert_eq!(
        table3.len(),
        25 - usize::from(pdf.starts_with("hongze")) * 2,
        "{pdf}"
    );
    assert_eq!(rows.last().map(|r| values(r).len()), Some(15), "{pdf}");
    // Every value's span slices to its digits in the rebuilt text.
    for row in &rows {
        for t in row {
            let r = t.source_range(0..t.as_str().len());
            if is_number(t.as_str()) {
                assert_eq!(&d.source.text()[r], t.as_str());
            }
        }
    }
}

#[test]
fn huaian_pdf_values_equal_the_text_version() {
    check("huaian-city-2024.pdf", "huaian-city-2024.txt");
}

#[test]
fn hongze_pdf_values_equal_the_text_version() {
    check("hongze-district-2023.pdf", "hongze-district-2023.txt");
}

#[test]
fn labels_wrapped_around_values_read_before_them() {
    let d = read("huaian-city-2024.pdf");
    let row = d
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Row(cells) if cells[0].as_str().starts_with("(二)部分公开") => Some(cells),
            _ => None,
        })
        .unwrap();
    let cells: Vec<&str> = row.iter().map(Text::as_str).collect();
    assert_eq!(
        cells,
        [
            "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
            "447",
            "7",
            "0",
            "0",
            "0",
            "0",
            "454"
        ]
    );
}

#[test]
fn page_footers_are_dropped_and_pages_are_recoverable() {
    let d = read("huaian-city-2024.pdf");
    let text = d.source.text();
    assert!(
        !text
            .lines()
            .any(|l| l.trim() == "-4-" || l.trim() == "- 4 -")
    );
    // 行政复议 72 (table 4) is on page 5 of the PDF.
    let row = d
        .blocks
        .iter()
        .rev()
        .find_map(|b| match b {
            Block::Row(cells) if cells.len() == 15 => Some(cells),
            _ => None,
        })
        .unwrap();
    let r = row[0].source_range(0..2);
    assert_eq!(&text[r.clone()], "72");
    let at = d.source.position(r.start);
    assert_eq!(at.page, Some(5));
    assert!(at.line > 10, "{at:?}");
    // The title is on page 1, line 1.
    let title = d.source.position(0);
    assert_eq!((title.page, title.line), (Some(1), 1));
}

fn bad(name: &str) -> PdfError {
    read_pdf(
        &fixture(&format!("bad/{name}")),
        name,
        &PdfOptions::default(),
    )
    .unwrap_err()
}

#[test]
fn a_scan_needs_ocr() {
    let e = bad("scanned-no-text-layer.pdf");
    assert!(matches!(e, PdfError::NeedsOcr { pages: 1 }), "{e:?}");
    assert!(e.to_string().contains("OCR"), "{e}");
}

#[test]
fn an_encrypted_pdf_says_so() {
    let e = bad("encrypted-user-password.pdf");
    assert!(matches!(e, PdfError::Encrypted), "{e:?}");
    assert!(e.to_string().contains("加密"), "{e}");
}

#[test]
fn a_truncated_pdf_is_malformed() {
    let pdf = fixture("huaian-city-2024.pdf");
    let e = read_pdf(&pdf[..2000], "t.pdf", &PdfOptions::default()).unwrap_err();
    assert!(matches!(e, PdfError::Malformed { .. }), "{e:?}");
    assert!(e.to_string().contains("损坏"), "{e}");
}

#[test]
fn a_missing_pdftotext_names_the_package_to_install() {
    let mut options = PdfOptions::default();
    options.pdftotext = "/nonexistent/pdftotext".into();
    let e = read_pdf(&fixture("huaian-city-2024.pdf"), "x.pdf", &options).unwrap_err();
    assert!(matches!(e, PdfError::PdftotextMissing { .. }), "{e:?}");
    let help = e.help(gongkai_diagnostic::Lang::Zh).unwrap();
    assert!(
        help.contains("apt-get install poppler-utils poppler-data"),
        "{help}"
    );
}

#[test]
fn a_hanging_pdftotext_is_stopped_at_the_time_limit() {
    // A stand-in "pdftotext" that never finishes: the limit, not the program, ends the read.
    let dir = std::env::temp_dir().join(format!("gongkai-pdf-hang-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fake = dir.join("pdftotext");
    std::fs::write(&fake, "#!/bin/sh\nexec sleep 30\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut options = PdfOptions::default();
    options.pdftotext = fake;
    options.timeout = std::time::Duration::from_millis(200);
    let e = read_pdf(b"%PDF-1.4 x", "x.pdf", &options).unwrap_err();
    assert!(matches!(e, PdfError::Timeout { .. }), "{e:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The tables of a report as JSON, without spans and raw texts (which differ between a PDF and
/// its text version by design).
fn tables(report: &gongkai_core::Report) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("span");
                m.remove("raw");
                m.remove("label");
                for (_, x) in m.iter_mut() {
                    strip(x);
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::json!({
        "active_disclosure": report.active_disclosure,
        "applications": report.applications,
        "review_litigation": report.review_litigation,
    });
    strip(&mut v);
    v
}

/// Values of the narrative numbers of each section, and the metadata, as text.
fn narrative(report: &gongkai_core::Report) -> Vec<String> {
    let mut out = vec![
        format!("{:?}", report.metadata.year.as_ref().map(|y| y.value)),
        format!(
            "{:?}",
            report.metadata.organisation.as_ref().map(|o| &o.value)
        ),
        format!("{:?}", report.metadata.format),
    ];
    for section in &report.sections {
        out.push(format!(
            "{:?} heading={} numbers={:?}",
            section.id,
            section.heading.is_some(),
            section
                .numbers
                .iter()
                .map(|n| n.value.to_string())
                .collect::<Vec<_>>()
        ));
    }
    out
}

fn present_cells(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(m) => {
            usize::from(m.get("status").and_then(|s| s.as_str()) == Some("present"))
                + m.values().map(present_cells).sum::<usize>()
        }
        serde_json::Value::Array(a) => a.iter().map(present_cells).sum(),
        _ => 0,
    }
}

/// The raw text and byte range of every cell read.
fn spans(v: &serde_json::Value, out: &mut Vec<(String, usize, usize)>) {
    match v {
        serde_json::Value::Object(m) => {
            if let (Some(raw), Some(span)) = (m.get("raw"), m.get("span")) {
                let off = span["offset"].as_u64().unwrap() as usize;
                let len = span["length"].as_u64().unwrap() as usize;
                out.push((raw.as_str().unwrap_or_default().to_owned(), off, len));
            }
            m.values().for_each(|x| spans(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| spans(x, out)),
        _ => {}
    }
}

/// The done-when of issue 5: a PDF and the text version of the same report give the same
/// report, every cell of tables 2 to 4, the metadata and the narrative numbers of each section.
fn same_report(pdf: &str, txt: &str, cells: usize) {
    let from_pdf = gongkai_reader::extract(read(pdf)).unwrap();
    let from_txt =
        gongkai_reader::read(&fixture(txt), txt, &gongkai_reader::ReadOptions::default()).unwrap();
    let (a, b) = (tables(&from_pdf.report), tables(&from_txt.report));
    assert_eq!(a, b, "{pdf}");
    assert_eq!(present_cells(&a), cells, "{pdf}");
    assert_eq!(
        narrative(&from_pdf.report),
        narrative(&from_txt.report),
        "{pdf}"
    );
    assert_eq!(
        from_pdf
            .report
            .issues
            .iter()
            .map(|i| format!("{:?}", i.kind))
            .collect::<Vec<_>>(),
        from_txt
            .report
            .issues
            .iter()
            .map(|i| format!("{:?}", i.kind))
            .collect::<Vec<_>>(),
    );
    // Every value's span in the PDF's source slices to its digits.
    let json = serde_json::to_value(&from_pdf.report.applications).unwrap();
    let source_text = from_pdf.source.text();
    let mut all = Vec::new();
    spans(&json, &mut all);
    assert!(all.len() >= 150, "{pdf}: {}", all.len());
    for (raw, off, len) in all {
        assert_eq!(&source_text[off..off + len], raw, "{pdf}");
    }
}

#[test]
fn huaian_pdf_gives_the_report_of_its_text_version() {
    // 表二 10 cells, 表三 25 rows × 7, 表四 15.
    same_report(
        "huaian-city-2024.pdf",
        "huaian-city-2024.txt",
        10 + 175 + 15,
    );
}

#[test]
fn hongze_pdf_gives_the_report_of_its_text_version() {
    // 表三 with the single-row （六）其他处理: 23 rows × 7.
    same_report(
        "hongze-district-2023.pdf",
        "hongze-district-2023.txt",
        10 + 161 + 15,
    );
}

/// 洪泽区 2023 with page 3 turned counter-clockwise and page 4 (表三) clockwise
/// (`qpdf --rotate=-90:3 --rotate=+90:4`): pdftotext gives those pages' words sideways, and the
/// layout turns them back, so the document is exactly that of the upright PDF.
#[test]
fn turned_pages_read_as_upright_ones() {
    let path = format!(
        "{}/tests/fixtures/hongze-district-2023-turned-pages.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    let turned = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let turned = read_pdf(&turned, "t.pdf", &PdfOptions::default()).unwrap();
    let upright = read("hongze-district-2023.pdf");
    assert_eq!(turned.source.text(), upright.source.text());
    let (a, b) = (
        gongkai_reader::extract(turned).unwrap(),
        gongkai_reader::extract(upright).unwrap(),
    );
    assert_eq!(tables(&a.report), tables(&b.report));
    assert_eq!(present_cells(&tables(&a.report)), 10 + 161 + 15);
}

/// The official 2021 form (Word) filled with the values of 淮安市 2024 and exported by
/// LibreOffice, with the template's own mix of centred and top-aligned cells, and with every
/// cell bottom-aligned: a value and the lines of its row's label sit on different
/// baselines (（二）部分公开's 总计 on its label's first line, its other values on the second),
/// and 表二's values are left-aligned in wide cells away from their headers. Every one of the 200
/// cells is read as in the text version. (With every cell top-aligned, the group label
/// 三、本年度办理结果 sits in the first two rows' bands and is split between them: not read yet.)
#[test]
fn libreoffice_form_rows_come_from_their_labels() {
    let txt = fixture("huaian-city-2024.txt");
    let from_txt = gongkai_reader::read(
        &txt,
        "huaian-city-2024.txt",
        &gongkai_reader::ReadOptions::default(),
    )
    .unwrap();
    for name in [
        "lo-form-huaian-mixed-valign.pdf",
        "lo-form-huaian-bottom.pdf",
    ] {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let pdf = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let d = read_pdf(&pdf, name, &PdfOptions::default()).unwrap();
        let from_pdf = gongkai_reader::extract(d).unwrap();
        let got = tables(&from_pdf.report);
        assert_eq!(got, tables(&from_txt.report), "{name}");
        assert_eq!(present_cells(&got), 10 + 175 + 15, "{name}");
    }
}
