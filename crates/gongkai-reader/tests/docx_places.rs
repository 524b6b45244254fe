//! Locations in a Word document are its paragraphs and table cells (issue 14): Word has no line
//! numbers, so a finding on a DOCX names "第 2 个表格第 27 行第 10 列", not line 52 of the text
//! gongkai rendered from it.

use std::io::{Read as _, Write as _};

use gongkai_core::Place;
use gongkai_reader::{Block, ReadOptions};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text of `word/document.xml` in a DOCX.
fn document_xml(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a DOCX");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("a document part")
        .read_to_string(&mut xml)
        .expect("UTF-8");
    xml
}

/// The text of the `w:t` runs in `xml`.
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    for piece in xml.split("<w:t").skip(1) {
        // `<w:t>` or `<w:t xml:space="preserve">`, not `<w:tc>`, `<w:tr>`, `<w:tbl>`...
        let Some(rest) = piece.strip_prefix('>').or_else(|| {
            piece
                .strip_prefix(' ')
                .and_then(|p| p.split_once('>').map(|(_, r)| r))
        }) else {
            continue;
        };
        out.push_str(rest.split("</w:t>").next().unwrap_or(""));
    }
    out
}

/// An oracle independent of the reader's parser: the (table, row, grid column) of every
/// non-empty cell of a DOCX without nested tables, found by splitting the XML.
fn cells_by_splitting(xml: &str) -> Vec<(String, u32, u32, u32)> {
    let mut cells = Vec::new();
    for (t, table) in xml.split("<w:tbl>").skip(1).enumerate() {
        let table = table.split("</w:tbl>").next().unwrap_or("");
        // Split at row ends: "<w:tr" also starts "<w:trPr>".
        let rows: Vec<&str> = table.split("</w:tr>").collect();
        for (r, row) in rows.iter().take(rows.len().saturating_sub(1)).enumerate() {
            let mut column = 1u32;
            for cell in row.split("<w:tc>").skip(1) {
                let cell = cell.split("</w:tc>").next().unwrap_or("");
                let span = cell
                    .split("w:gridSpan w:val=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .and_then(|s| s.parse::<u32>().ok())
                    .unwrap_or(1);
                let text = text_of(cell).trim().to_owned();
                if !text.is_empty() {
                    cells.push((text, t as u32 + 1, r as u32 + 1, column));
                }
                column += span;
            }
        }
    }
    cells
}

#[test]
fn every_cell_of_the_filled_official_form_is_named_by_its_table_row_and_column() {
    let (docx, filled) =
        gongkai_corpus::fill_template(&fixture("official-template-2021.docx"), |k| {
            format!("{}", 7000 + k)
        })
        .expect("the template is a DOCX");
    assert_eq!(filled, 200);
    let expected = cells_by_splitting(&document_xml(&docx));
    let doc = gongkai_reader::read_document(&docx, "form.docx", &ReadOptions::default()).unwrap();
    let mut seen = 0;
    for block in &doc.blocks {
        let Block::Row(cells) = block else { continue };
        for cell in cells.iter().filter(|c| {
            let s = c.as_str();
            s.len() == 4 && s.starts_with('7') && s.bytes().all(|b| b.is_ascii_digit())
        }) {
            let Some((_, table, row, column)) = expected.iter().find(|(t, ..)| t == cell.as_str())
            else {
                panic!("value {} not in the XML", cell.as_str());
            };
            let at = cell.anchor();
            assert_eq!(
                doc.source.position(at).place,
                Some(Place::Cell {
                    table: *table,
                    row: *row,
                    column: *column
                }),
                "value {}",
                cell.as_str()
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 200, "every filled value was located");
}

fn docx(body: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", opts).unwrap();
    write!(
        zip,
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>"
    )
    .unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

#[test]
fn paragraphs_are_counted_as_they_show_and_cells_by_the_grid() {
    let body = concat!(
        // An empty paragraph shows nothing and is not counted.
        "<w:p></w:p>",
        "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>",
        // A line break inside a paragraph: one paragraph, the break one character.
        "<w:p><w:r><w:t>收到申请</w:t><w:br/><w:t>58件</w:t></w:r></w:p>",
        "<w:tbl>",
        "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc>",
        "<w:tc><w:p><w:r><w:t>12</w:t></w:r></w:p></w:tc></w:tr>",
        "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr><w:tc><w:p><w:r><w:t>规范性文件</w:t></w:r></w:p></w:tc>",
        "<w:tc><w:p><w:r><w:t>34</w:t></w:r></w:p></w:tc></w:tr>",
        "</w:tbl>",
        "<w:p><w:r><w:t>五、存在的主要问题</w:t></w:r></w:p>",
    );
    let doc =
        gongkai_reader::read_document(&docx(body), "t.docx", &ReadOptions::default()).unwrap();
    let text = doc.source.text();
    let place = |needle: &str| {
        let at = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {text:?}"));
        doc.source.position(at).place
    };
    assert_eq!(
        place("一、"),
        Some(Place::Paragraph {
            paragraph: 1,
            character: 1
        })
    );
    // 收 到 申 请 ⏎ 5: the sixth character of paragraph 2.
    assert_eq!(
        place("58"),
        Some(Place::Paragraph {
            paragraph: 2,
            character: 6
        })
    );
    assert_eq!(
        place("12"),
        Some(Place::Cell {
            table: 1,
            row: 1,
            column: 3
        })
    );
    assert_eq!(
        place("规范性"),
        Some(Place::Cell {
            table: 1,
            row: 2,
            column: 2
        })
    );
    assert_eq!(
        place("34"),
        Some(Place::Cell {
            table: 1,
            row: 2,
            column: 3
        })
    );
    assert_eq!(
        place("五、"),
        Some(Place::Paragraph {
            paragraph: 3,
            character: 1
        })
    );
}
