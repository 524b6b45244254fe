//! Issue 12, at the reader: what a reader of the document cannot see is not read, ambiguous
//! containers are refused, damage to the tables is reported, and text in other line-end
//! conventions and wide encodings reads like its UTF-8 original. Each case asserts its specific
//! error or issue (kind, fields, place); the CLI's exit codes for the same inputs are in
//! `crates/gongkai-cli/tests/bad_input.rs`.

mod common;

use std::io::{Read as _, Write as _};

use gongkai_core::{Cell, ReadIssue, ReadIssueKind};
use gongkai_reader::{Extracted, ReadError, ReadOptions, read};

fn opts() -> ReadOptions {
    ReadOptions::default()
}

fn hongze() -> String {
    String::from_utf8(common::fixture("hongze-district-2023.txt")).expect("utf-8")
}

fn issues<'a>(x: &'a Extracted, f: impl Fn(&ReadIssueKind) -> bool + 'a) -> Vec<&'a ReadIssue> {
    x.report.issues.iter().filter(|i| f(&i.kind)).collect()
}

fn granted_natural(x: &Extracted) -> Option<i64> {
    x.report
        .applications
        .new_received
        .cell("natural_person")
        .and_then(|c| c.value().copied())
}

/// The one issue saying `table` is given again, asserted to be a conflict (other numbers) or a
/// repetition (the same) as `conflict` says.
fn copy_issue(x: &Extracted, table: &str, conflict: bool) -> ReadIssue {
    let found = issues(x, |k| {
        matches!(
            k,
            ReadIssueKind::TableConflict { table: t } | ReadIssueKind::TableRepeated { table: t }
                if t == table
        )
    });
    assert_eq!(found.len(), 1, "{:?}", x.report.issues);
    let table = table.to_owned();
    assert_eq!(
        found[0].kind,
        if conflict {
            ReadIssueKind::TableConflict { table }
        } else {
            ReadIssueKind::TableRepeated { table }
        }
    );
    found[0].clone()
}

// ---- DOCX: hidden runs -------------------------------------------------------------------

/// The official form filled with 1 everywhere, except the first cell of 表三 (本年新收, 自然人),
/// which gets `31` followed by a run made of `hidden_run` holding `19`.
fn docx_with_hidden_run(hidden_run: &str, styles_extra: &str) -> Vec<u8> {
    let template = common::fixture("official-template-2021.docx");
    // 表二 has 10 value cells; the 11th is 表三's first.
    let (filled, _) = gongkai_corpus::fill_template(&template, |k| {
        if k == 11 {
            "31MARK".to_owned()
        } else {
            "1".to_owned()
        }
    })
    .expect("template");
    rewrite_zip(&filled, |name, data| match name {
        "word/document.xml" => String::from_utf8(data)
            .expect("xml")
            .replace("31MARK</w:t></w:r>", &format!("31</w:t></w:r>{hidden_run}"))
            .into_bytes(),
        "word/styles.xml" if !styles_extra.is_empty() => String::from_utf8(data)
            .expect("xml")
            .replace("</w:styles>", &format!("{styles_extra}</w:styles>"))
            .into_bytes(),
        _ => data,
    })
}

/// Rewrites every entry of a ZIP archive with `edit`.
fn rewrite_zip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("entry");
        let name = f.name().expect("utf-8 name").into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        writer.start_file(&name, o).expect("start");
        writer.write_all(&edit(&name, data)).expect("write");
    }
    writer.finish().expect("finish");
    out.into_inner()
}

fn assert_hidden_19(x: &Extracted) {
    assert_eq!(granted_natural(x), Some(31), "Word shows 31");
    let hidden = issues(x, |k| matches!(k, ReadIssueKind::HiddenText { .. }));
    assert_eq!(hidden.len(), 1, "{:?}", x.report.issues);
    assert_eq!(
        hidden[0].kind,
        ReadIssueKind::HiddenText {
            text: "19".to_owned(),
            chars: 2
        }
    );
    // Located on what Word shows of the cell.
    let span = hidden[0].span.expect("located");
    assert_eq!(x.source.slice(span), "31");
}

#[test]
fn a_docx_run_formatted_hidden_is_not_read_and_is_reported() {
    let docx = docx_with_hidden_run("<w:r><w:rPr><w:vanish/></w:rPr><w:t>19</w:t></w:r>", "");
    let x = read(&docx, "t.docx", &opts()).expect("reads");
    assert_hidden_19(&x);
    let docx = docx_with_hidden_run(
        "<w:r><w:rPr><w:b/><w:specVanish w:val=\"true\"/></w:rPr><w:t>19</w:t></w:r>",
        "",
    );
    assert_hidden_19(&read(&docx, "t.docx", &opts()).expect("reads"));
    // Turned off explicitly, the run is shown and read.
    let docx = docx_with_hidden_run(
        "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>19</w:t></w:r>",
        "",
    );
    let x = read(&docx, "t.docx", &opts()).expect("reads");
    assert_eq!(granted_natural(&x), Some(3119));
    assert!(issues(&x, |k| matches!(k, ReadIssueKind::HiddenText { .. })).is_empty());
}

#[test]
fn a_docx_run_hidden_by_its_character_style_is_not_read() {
    let style = "<w:style w:type=\"character\" w:styleId=\"Secret\"><w:name w:val=\"Secret\"/>\
                 <w:rPr><w:vanish/></w:rPr></w:style>\
                 <w:style w:type=\"character\" w:styleId=\"Secret2\"><w:basedOn w:val=\"Secret\"/></w:style>";
    let docx = docx_with_hidden_run(
        "<w:r><w:rPr><w:rStyle w:val=\"Secret2\"/></w:rPr><w:t>19</w:t></w:r>",
        style,
    );
    assert_hidden_19(&read(&docx, "t.docx", &opts()).expect("reads"));
}

// ---- HTML: hidden elements -------------------------------------------------------------------

fn huaian_html() -> String {
    String::from_utf8(common::fixture("huaian-city-2024.html")).expect("utf-8")
}

/// The huaian page with `extra` inserted right after the first value of 表三's first row, and
/// `css` in a `<style>` element of its head.
fn html_with(extra: &str, css: &str) -> (String, i64) {
    let page = huaian_html();
    let x = read(page.as_bytes(), "h.html", &opts()).expect("fixture reads");
    let cell = x
        .report
        .applications
        .new_received
        .cell("natural_person")
        .expect("cell");
    let span = cell.span().expect("located");
    let end = span.offset + span.length;
    let mut page = page.clone();
    page.insert_str(end, extra);
    let head = page.find("</head>").expect("head");
    page.insert_str(head, &format!("<style>{css}</style>"));
    let value = cell.value().copied().expect("a number");
    (page, value)
}

fn assert_html_hidden(page: &str, value: i64, hidden: &str) {
    let x = read(page.as_bytes(), "h.html", &opts()).expect("reads");
    assert_eq!(
        granted_natural(&x),
        Some(value),
        "the hidden digits are not read"
    );
    let found = issues(&x, |k| matches!(k, ReadIssueKind::HiddenText { .. }));
    assert_eq!(found.len(), 1, "{:?}", x.report.issues);
    let ReadIssueKind::HiddenText { text, chars } = &found[0].kind else {
        unreachable!()
    };
    assert_eq!((text.as_str(), *chars), (hidden, hidden.chars().count()));
    // Located on the hidden text itself, in the page.
    assert_eq!(x.source.slice(found[0].span.expect("located")), hidden);
}

#[test]
fn html_hidden_by_inline_style_or_attribute_is_not_read_and_is_reported() {
    for extra in [
        "<span style=\"display: none\">19</span>",
        "<span style=\"color:red;VISIBILITY:hidden\">19</span>",
        "<span hidden>19</span>",
        "<font hidden=\"hidden\"><b>19</b></font>",
    ] {
        let (page, value) = html_with(extra, "");
        assert_html_hidden(&page, value, "19");
    }
    // Shown again inside an invisible element, or by the page's CSS: read.
    let (page, value) = html_with(
        "<span style=\"visibility:hidden\"><i style=\"visibility:visible\">19</i></span>",
        "",
    );
    let x = read(page.as_bytes(), "h.html", &opts()).expect("reads");
    assert_eq!(granted_natural(&x), Some(value * 100 + 19));
    let (page, value) = html_with(
        "<span hidden class=\"shown\">19</span>",
        ".shown{display:inline}",
    );
    let x = read(page.as_bytes(), "h.html", &opts()).expect("reads");
    assert_eq!(granted_natural(&x), Some(value * 100 + 19));
}

#[test]
fn html_hidden_by_a_rule_of_the_pages_style_sheet_is_not_read() {
    for (extra, css) in [
        (
            "<span class=\"x hide\">19</span>",
            ".hide { display: none }",
        ),
        ("<span id=\"n1\">19</span>", "#n1{visibility:hidden}"),
        ("<em>19</em>", "td em { display:none }"),
        (
            "<b><i>19</i></b>",
            "table td > p span > b i { display : none !important }",
        ),
    ] {
        let (page, value) = html_with(extra, css);
        assert_html_hidden(&page, value, "19");
    }
    // Rules that apply only on some screens or with selectors not understood hide nothing.
    for (extra, css) in [
        (
            "<span class=\"m\">19</span>",
            "@media (max-width: 600px) { .m { display: none } }",
        ),
        ("<span class=\"h\">19</span>", ".h:hover { display: none }"),
    ] {
        let (page, value) = html_with(extra, css);
        let x = read(page.as_bytes(), "h.html", &opts()).expect("reads");
        assert_eq!(granted_natural(&x), Some(value * 100 + 19), "{css}");
    }
}

// ---- Ambiguous containers and format detection -------------------------------------------

#[test]
fn a_docx_naming_its_document_twice_is_refused() {
    let template = common::fixture("official-template-2021.docx");
    // Copy the document under a name of the same length, then rename it in place: ZIP writers
    // refuse duplicate names, ZIP readers disagree on which copy counts.
    let doubled = rewrite_zip(&template, |_, d| d);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&doubled[..])).expect("zip");
    let mut document = Vec::new();
    archive
        .by_name("word/document.xml")
        .expect("document")
        .read_to_end(&mut document)
        .expect("read");
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let o = zip::write::SimpleFileOptions::default();
        for i in 0..archive.len() {
            let mut f = archive.by_index(i).expect("entry");
            let name = f.name().expect("utf-8 name").into_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            w.start_file(&name, o).expect("start");
            w.write_all(&data).expect("write");
        }
        let evil = String::from_utf8(document)
            .expect("xml")
            .replace("<w:t>", "<w:t>9");
        w.start_file("word/documenX.xml", o).expect("start");
        w.write_all(evil.as_bytes()).expect("write");
        w.finish().expect("finish");
    }
    let mut bytes = out.into_inner();
    let from = b"word/documenX.xml";
    let mut i = 0;
    while let Some(p) = bytes[i..].windows(from.len()).position(|w| w == from) {
        bytes[i + p..i + p + from.len()].copy_from_slice(b"word/document.xml");
        i += p + from.len();
    }
    let e = read(&bytes, "t.docx", &opts()).expect_err("ambiguous");
    assert!(
        matches!(&e, ReadError::DocxDuplicateEntry { part, count: 2 } if part == "word/document.xml"),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("word/document.xml 出现了 2 次"),
        "{e}"
    );
}

#[test]
fn a_file_that_is_a_pdf_and_a_zip_is_refused() {
    // A PDF with a DOCX appended: PDF readers read from the start, ZIP readers from the end.
    let mut polyglot = common::fixture("hongze-district-2023.pdf");
    polyglot.extend(common::fixture("official-template-2021.docx"));
    let e = read(&polyglot, "report.pdf", &opts()).expect_err("ambiguous");
    assert!(matches!(e, ReadError::PdfAndZip), "{e:?}");
    assert_eq!(
        gongkai_reader::sniff(&polyglot, "report.pdf"),
        gongkai_core::InputKind::Docx
    );
    // A ZIP whose first entry's name puts a PDF header in the window PDF readers search.
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        w.start_file("%PDF-1.4", o).expect("start");
        w.write_all(b"1 0 obj <<>> endobj trailer <<>> %%EOF")
            .expect("write");
        w.finish().expect("finish");
    }
    let e = read(&out.into_inner(), "a.docx", &opts()).expect_err("ambiguous");
    assert!(matches!(e, ReadError::PdfAndZip), "{e:?}");
    // A PDF alone is still a PDF (refused here, read by the CLI), a DOCX alone a DOCX.
    let pdf = common::fixture("hongze-district-2023.pdf");
    assert!(matches!(
        read(&pdf, "a.pdf", &opts()),
        Err(ReadError::PdfNotSupportedHere)
    ));
    assert_eq!(
        gongkai_reader::sniff(&pdf, "a.pdf"),
        gongkai_core::InputKind::Pdf
    );
}

#[test]
fn a_text_report_quoting_the_pdf_header_is_read_as_text() {
    let text = hongze();
    let at = text.find('\n').expect("a first line") + 1;
    let mut quoted = text.clone();
    quoted.insert_str(at, "（附件为 PDF 文件，文件头 %PDF-1.7）\n");
    let x = read(quoted.as_bytes(), "h.txt", &opts()).expect("text");
    assert_eq!(x.report.metadata.input, gongkai_core::InputKind::Text);
    assert_eq!(granted_natural(&x), Some(21));
}

// ---- Decoding ----------------------------------------------------------------------------------

/// The per-cell rendering of a report (cells, labels, sections with lines and columns), without
/// the encoding.
fn rendered(x: &Extracted) -> String {
    common::render(&x.report)
        .lines()
        .filter(|l| !l.starts_with("metadata.format"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn cr_only_and_unicode_line_separators_read_like_the_original() {
    let text = hongze();
    let original = read(text.as_bytes(), "h.txt", &opts()).expect("reads");
    let expected = rendered(&original);
    // Old Mac OS line ends: the same cells at the same lines, columns and offsets.
    let cr = text.replace('\n', "\r");
    let x = read(cr.as_bytes(), "h.txt", &opts()).expect("CR-only text reads");
    assert_eq!(rendered(&x), expected);
    assert_eq!(
        common::cell_spans(&x.report),
        common::cell_spans(&original.report)
    );
    // U+2028 / U+2029: the same cells, lines and columns.
    for sep in ['\u{2028}', '\u{2029}'] {
        let ls = text.replace('\n', &sep.to_string());
        let x = read(ls.as_bytes(), "h.txt", &opts()).expect("LS text reads");
        assert_eq!(rendered(&x), expected, "U+{:04X}", sep as u32);
    }
}

#[test]
fn utf16_and_utf32_without_bom_read_like_the_original() {
    let text = hongze();
    let original = read(text.as_bytes(), "h.txt", &opts()).expect("reads");
    let expected = rendered(&original);
    let wide: [(&str, Vec<u8>); 4] = [
        (
            "UTF-16LE",
            text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        ),
        (
            "UTF-16BE",
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ),
        (
            "UTF-32LE",
            text.chars()
                .flat_map(|c| (c as u32).to_le_bytes())
                .collect(),
        ),
        (
            "UTF-32BE",
            text.chars()
                .flat_map(|c| (c as u32).to_be_bytes())
                .collect(),
        ),
    ];
    for (encoding, bytes) in wide {
        let x = read(&bytes, "h.txt", &opts()).unwrap_or_else(|e| panic!("{encoding}: {e}"));
        assert_eq!(x.report.metadata.encoding, encoding);
        assert_eq!(rendered(&x), expected, "{encoding}");
    }
}

// ---- Damage --------------------------------------------------------------------------------

#[test]
fn an_eighth_value_in_a_row_of_table_3_is_reported_at_it() {
    let text = hongze().replace(
        "（一）予以公开 0 0 0 0 0 0 0",
        "（一）予以公开 0 0 0 0 0 0 0 8",
    );
    let x = read(text.as_bytes(), "h.txt", &opts()).expect("reads");
    let found = issues(&x, |k| matches!(k, ReadIssueKind::RowTooManyValues { .. }));
    assert_eq!(found.len(), 1, "{:?}", x.report.issues);
    assert_eq!(
        found[0].kind,
        ReadIssueKind::RowTooManyValues {
            table: "applications".into(),
            row: "granted".into(),
            found: 8,
            expected: 7
        }
    );
    let span = found[0].span.expect("located");
    assert_eq!(x.source.slice(span), "8");
    assert_eq!(
        span.line as usize,
        1 + text[..span.offset].matches('\n').count()
    );
    // The seven values are read as before.
    assert!(matches!(
        x.report.applications.granted.cell("total"),
        Some(Cell::Present { value: 0, .. })
    ));
    // And 表二's documents rows have three columns in both forms.
    let text = hongze().replace("规章 0 0 0", "规章 0 0 0 5");
    let x = read(text.as_bytes(), "h.txt", &opts()).expect("reads");
    let found = issues(&x, |k| matches!(k, ReadIssueKind::RowTooManyValues { .. }));
    assert_eq!(found.len(), 1, "{:?}", x.report.issues);
    assert!(
        matches!(&found[0].kind, ReadIssueKind::RowTooManyValues { table, row, found: 4, expected: 3 }
        if table == "active_disclosure" && row == "regulations")
    );
}

#[test]
fn a_value_past_the_last_column_of_table_2_or_4_is_reported_at_it() {
    // 表二's one-column rows (the form is recognised from the table's words) and 表四's
    // fifteen values, each given one more.
    for (row, with, table, id, expected, extra) in [
        (
            "行政许可 550",
            "行政许可 550 6",
            "active_disclosure",
            "licensing",
            1,
            "6",
        ),
        (
            "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0",
            "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0 9",
            "review_litigation",
            "litigation_after_review",
            5,
            "9",
        ),
    ] {
        let text = hongze();
        assert!(text.contains(row), "{row}");
        let text = text.replace(row, with);
        let x = read(text.as_bytes(), "h.txt", &opts()).expect("reads");
        let found = issues(&x, |k| matches!(k, ReadIssueKind::RowTooManyValues { .. }));
        assert_eq!(found.len(), 1, "{with}: {:?}", x.report.issues);
        assert_eq!(
            found[0].kind,
            ReadIssueKind::RowTooManyValues {
                table: table.into(),
                row: id.into(),
                found: expected + 1,
                expected
            }
        );
        let span = found[0].span.expect("located");
        assert_eq!(x.source.slice(span), extra);
        assert_eq!(
            span.offset,
            text.find(with).unwrap() + with.len() - extra.len()
        );
    }
}

#[test]
fn a_row_given_twice_is_reported_at_the_second() {
    let row = "1.属于国家秘密 1 0 0 0 0 0 1";
    for (again, conflict) in [("1.属于国家秘密 2 0 0 0 0 0 2", true), (row, false)] {
        let text = hongze().replace(row, &format!("{row}\n{again}"));
        let x = read(text.as_bytes(), "h.txt", &opts()).expect("reads");
        let found = issues(&x, |k| {
            matches!(
                k,
                ReadIssueKind::RowConflict { .. } | ReadIssueKind::RowRepeated { .. }
            )
        });
        assert_eq!(found.len(), 1, "{:?}", x.report.issues);
        let (table, row_id) = (
            "applications".to_owned(),
            "withheld_state_secret".to_owned(),
        );
        assert_eq!(
            found[0].kind,
            if conflict {
                ReadIssueKind::RowConflict { table, row: row_id }
            } else {
                ReadIssueKind::RowRepeated { table, row: row_id }
            }
        );
        let span = found[0].span.expect("located");
        assert_eq!(
            span.offset,
            text.find(row).unwrap() + row.len() + 1,
            "the second"
        );
        // The first is read.
        assert!(matches!(
            x.report.applications.withheld_state_secret.cell("total"),
            Some(Cell::Present { value: 1, .. })
        ));
    }
}

#[test]
fn a_report_pasted_twice_is_reported_at_the_second_table() {
    let text = hongze();
    let total = "（七）总计 21 0 0 0 0 0 21";
    for (second, conflict) in [
        (text.replace(total, "（七）总计 22 0 0 0 0 0 22"), true),
        (text.clone(), false),
    ] {
        let twice = format!("{text}\n{second}");
        let x = read(twice.as_bytes(), "h.txt", &opts()).expect("reads");
        let found = [copy_issue(&x, "applications", conflict)];
        let first_row = "一、本年新收政府信息公开申请数量";
        let second_at = text.len() + 1 + text.find(first_row).unwrap();
        assert_eq!(found[0].span.expect("located").offset, second_at);
        // No row-by-row noise besides.
        assert!(
            issues(&x, |k| matches!(
                k,
                ReadIssueKind::RowConflict { .. } | ReadIssueKind::RowRepeated { .. }
            ))
            .is_empty()
        );
        assert_eq!(granted_natural(&x), Some(21), "the first copy is read");
    }
}

#[test]
fn table_2_given_twice_is_reported_at_the_second() {
    let text = hongze();
    for (second, conflict) in [
        (text.replace("行政许可 550", "行政许可 551"), true),
        (text.clone(), false),
    ] {
        let twice = format!("{text}\n{second}");
        let x = read(twice.as_bytes(), "h.txt", &opts()).expect("reads");
        let found = [copy_issue(&x, "active_disclosure", conflict)];
        let second_at = text.len() + 1 + text.find("规章 0 0 0").unwrap();
        assert_eq!(found[0].span.expect("located").offset, second_at);
    }
    // One copy: nothing.
    let x = read(text.as_bytes(), "h.txt", &opts()).expect("reads");
    assert!(
        issues(&x, |k| matches!(
            k,
            ReadIssueKind::TableConflict { .. } | ReadIssueKind::TableRepeated { .. }
        ))
        .is_empty()
    );
}

#[test]
fn tables_in_which_no_cell_holds_a_number_are_reported() {
    let text = hongze();
    let start = text.find("二、主动公开政府信息情况").expect("table 2");
    let end = text.find("五、存在的主要问题").expect("section 5");
    let tables: String = text[start..end]
        .split_inclusive('\n')
        .map(|line| {
            if line.starts_with("- ") {
                return line.to_owned();
            }
            let end = line.trim_end_matches('\n');
            let words: Vec<&str> = end
                .split(' ')
                .map(|w| {
                    if !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                        "/"
                    } else {
                        w
                    }
                })
                .collect();
            words.join(" ") + &line[end.len()..]
        })
        .collect();
    let blank = format!("{}{tables}{}", &text[..start], &text[end..]);
    let x = read(blank.as_bytes(), "h.txt", &opts()).expect("reads");
    let found: Vec<String> = issues(&x, |k| matches!(k, ReadIssueKind::TableNotFilled { .. }))
        .iter()
        .map(|i| match &i.kind {
            ReadIssueKind::TableNotFilled { table } => {
                let span = i.span.expect("located");
                format!("{table} @ {}", x.source.slice(span))
            }
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        found,
        [
            "active_disclosure @ /",
            "applications @ /",
            "review_litigation @ /"
        ],
        "{:?}",
        x.report.issues
    );
    // The filled-in original has none.
    let x = read(text.as_bytes(), "h.txt", &opts()).expect("reads");
    assert!(issues(&x, |k| matches!(k, ReadIssueKind::TableNotFilled { .. })).is_empty());
}

#[test]
fn table_4_given_twice_is_reported_at_the_second() {
    let text = hongze();
    let values = "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0";
    assert!(text.contains(values));
    for (second, conflict) in [
        (text.replace(values, "10 1 0 0 0 0 0 0 0 0 5 0 0 0 5"), true),
        (text.clone(), false),
    ] {
        let twice = format!("{text}\n{second}");
        let x = read(twice.as_bytes(), "h.txt", &opts()).expect("reads");
        let found = [copy_issue(&x, "review_litigation", conflict)];
        // At the second copy's first value.
        let second_at = text.len() + 1 + text.find(values).unwrap();
        assert_eq!(found[0].span.expect("located").offset, second_at);
        // The first copy is read.
        assert!(matches!(
            x.report
                .review_litigation
                .litigation_after_review
                .cells
                .get("total"),
            Some(Cell::Present { value: 0, .. })
        ));
    }
    // A sentence naming the four results after the table, and numbers later on, is no copy.
    let sentence = "五、存在的主要问题及改进情况\n本年度行政复议结果维持、结果纠正、其他结果、尚未审结的情况均已公开。\n";
    let with = text.replacen("五、存在的主要问题及改进情况\n", sentence, 1);
    assert_ne!(with, text);
    let x = read(with.as_bytes(), "h.txt", &opts()).expect("reads");
    assert!(
        issues(&x, |k| matches!(
            k,
            ReadIssueKind::TableConflict { .. } | ReadIssueKind::TableRepeated { .. }
        ))
        .is_empty(),
        "{:?}",
        x.report.issues
    );
}

#[test]
fn a_copy_of_table_3_before_the_one_read_is_reported() {
    let text = hongze();
    let start = text
        .find("一、本年新收政府信息公开申请数量")
        .expect("table 3");
    let end = text.find("四、政府信息公开行政复议").expect("table 4");
    let copy = &text[start..end];
    let total = "（七）总计 21 0 0 0 0 0 21";
    assert!(copy.contains(total));
    let heading = "一、总体情况\n";
    let at = text.find(heading).expect("section 1") + heading.len();
    for (pasted, conflict) in [
        (copy.replace(total, "（七）总计 22 0 0 0 0 0 22"), true),
        (copy.to_owned(), false),
    ] {
        let with = format!("{}{pasted}{}", &text[..at], &text[at..]);
        let x = read(with.as_bytes(), "h.txt", &opts()).expect("reads");
        let found = [copy_issue(&x, "applications", conflict)];
        // At the pasted copy's first row; the table under its own heading is read.
        assert_eq!(found[0].span.expect("located").offset, at);
        let total = x.report.applications.total.cell("natural_person");
        assert_eq!(total.and_then(|c| c.value().copied()), Some(21));
    }
}

#[test]
fn a_copy_of_table_2_before_the_one_read_is_reported() {
    let text = hongze();
    let start = text.find("规章 0 0 0").expect("table 2");
    let end = text
        .find("三、收到和处理政府信息公开申请情况")
        .expect("table 3");
    let copy = &text[start..end];
    let heading = "一、总体情况\n";
    let at = text.find(heading).expect("section 1") + heading.len();
    for (pasted, conflict) in [
        (copy.replace("行政许可 550", "行政许可 551"), true),
        (copy.to_owned(), false),
    ] {
        let with = format!("{}{pasted}{}", &text[..at], &text[at..]);
        let x = read(with.as_bytes(), "h.txt", &opts()).expect("reads");
        let found = [copy_issue(&x, "active_disclosure", conflict)];
        assert_eq!(found[0].span.expect("located").offset, at);
    }
}
