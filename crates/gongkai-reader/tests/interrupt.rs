//! The time limit inside one long step of reading (issue 12): the HTML scanner, the DOCX body
//! and the markdown reader ask the caller's interrupt while they work through a long text (every
//! 64 KiB of it), not only between steps; so does the plain-text reader in TAB-separated rows
//! and `|`-ended cells (its long lines: `catalogue.rs`).
//!
//! Each case is a real report with 200,000 U+FDFA (600 KB; NFKC is the slowest work per byte)
//! added where the format keeps text: an interrupt never set is asked many more times and
//! changes nothing, and one set after its second question stops the read with
//! [`ReadError::Interrupted`].

mod common;

use std::io::{Read as _, Write as _};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use gongkai_reader::{Extracted, Interrupt, ReadError, ReadOptions, read};

/// Bytes of the long text added to each report.
const LONG: usize = 600_000;

fn long_text() -> String {
    "\u{fdfa}".repeat(LONG / 3)
}

/// The read of `bytes` with an interrupt that counts its questions and says stop from question
/// `stop_at` on; and how many times it was asked.
fn read_asking(bytes: &[u8], name: &str, stop_at: usize) -> (Result<Extracted, ReadError>, usize) {
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let mut options = ReadOptions::default();
    options.interrupt = Some(Interrupt::new(move || {
        counter.fetch_add(1, Ordering::Relaxed) >= stop_at
    }));
    let read = read(bytes, name, &options);
    (read, asked.load(Ordering::Relaxed))
}

/// The checks of the module docs, for a report and the same report with the long text.
fn asked_inside(report: &[u8], with_long: &[u8], name: &str) {
    let (alone, asked_alone) = read_asking(report, name, usize::MAX);
    alone.expect("the report reads");
    let (long, asked_long) = read_asking(with_long, name, usize::MAX);
    let long = long.expect("the report with the long text reads");
    // At least once per 64 KiB of the long text, besides the steps of the report.
    assert!(
        asked_long >= asked_alone + LONG / 65_536,
        "{name}: asked {asked_alone} times for the report, {asked_long} with the long text"
    );
    // Never set: the read is the one without an interrupt.
    let without = read(with_long, name, &ReadOptions::default()).expect("reads");
    assert_eq!(long.report, without.report, "{name}");
    assert_eq!(long.source.text(), without.source.text(), "{name}");
    // Set at the second question, or at the last: the read stops with its own error.
    for stop_at in [2, asked_long - 1] {
        let (stopped, _) = read_asking(with_long, name, stop_at);
        assert!(
            matches!(stopped, Err(ReadError::Interrupted)),
            "{name}: stop at {stop_at}: {:?}",
            stopped.map(|x| x.report.issues.len())
        );
    }
}

#[test]
fn the_html_scanner_asks_inside_a_long_paragraph() {
    let page = String::from_utf8(common::fixture("huaian-city-2024.html")).expect("utf-8");
    let at = page.rfind("</body>").expect("a body");
    let with_long = format!("{}<p>{}</p>{}", &page[..at], long_text(), &page[at..]);
    asked_inside(page.as_bytes(), with_long.as_bytes(), "h.html");
}

#[test]
fn the_html_scanner_asks_inside_a_long_table_cell() {
    let page = String::from_utf8(common::fixture("huaian-city-2024.html")).expect("utf-8");
    let at = page.rfind("</body>").expect("a body");
    let with_long = format!(
        "{}<table><tr><td>说明</td><td>{}</td></tr></table>{}",
        &page[..at],
        long_text(),
        &page[at..]
    );
    asked_inside(page.as_bytes(), with_long.as_bytes(), "h.html");
}

#[test]
fn the_docx_reader_asks_inside_a_long_paragraph_and_cell() {
    let docx = common::fixture("official-template-2021.docx");
    let long = long_text();
    let half = &long[..LONG / 2];
    let with_long = rewrite_document(&docx, |xml| {
        let at = xml.find("<w:body>").expect("a body") + "<w:body>".len();
        format!(
            "{}<w:p><w:r><w:t>{half}</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>说明</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>{half}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>{}",
            &xml[..at],
            &xml[at..]
        )
    });
    asked_inside(&docx, &with_long, "t.docx");
}

#[test]
fn the_markdown_reader_asks_inside_a_long_line_and_cell() {
    let report = String::from_utf8(common::fixture("shuyang-county-2025.md")).expect("utf-8");
    let long = long_text();
    let half = &long[..LONG / 2];
    let with_long = format!("{report}\n{half}\n\n| 说明 | {half} |\n");
    asked_inside(report.as_bytes(), with_long.as_bytes(), "s.md");
}

/// The DOCX with its `word/document.xml` rewritten by `edit` (every other entry kept).
fn rewrite_document(docx: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("utf-8 name").into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        if name == "word/document.xml" {
            data = edit(&String::from_utf8(data).expect("utf-8 xml")).into_bytes();
        }
        writer.start_file(name, options).expect("start");
        writer.write_all(&data).expect("write");
    }
    writer.finish().expect("finish");
    out.into_inner()
}

#[test]
fn the_text_reader_asks_inside_a_long_tab_separated_row() {
    let report = String::from_utf8(common::fixture("hongze-district-2023.txt")).expect("utf-8");
    let with_long = format!("{report}\n说明\t{}\n", long_text());
    asked_inside(report.as_bytes(), with_long.as_bytes(), "h.txt");
}

#[test]
fn the_text_reader_asks_inside_a_long_pipe_ended_cell() {
    // A report whose table rows end in `|` (the `|`-cell layout), and one long cell.
    let report = String::from_utf8(common::fixture("hongze-district-2023.txt")).expect("utf-8");
    let piped: String = report
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                "\n".to_owned()
            } else {
                format!("{l}|\n")
            }
        })
        .collect();
    let with_long = format!("{piped}说明|{}|\n", long_text());
    asked_inside(piped.as_bytes(), with_long.as_bytes(), "h.txt");
}
