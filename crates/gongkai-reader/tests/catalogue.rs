//! The bad-input catalogue of issue 6, at the reader: each hostile or broken input gets its own
//! specific error (or is read as far as it goes, with what is wrong recorded), never a panic,
//! and in bounded memory. The CLI's exit codes and messages for the same inputs are tested in
//! `crates/gongkai-cli/tests/bad_input.rs`; rule files in `crates/gongkai-rules/tests/`.
//!
//! Speed is not asserted here (no timed tests): an input the reader handled in quadratic time
//! would make this file hang, which is how a regression shows; the figures are in
//! `docs/robustness.md`.

mod common;

use gongkai_core::{Cell, ReadIssueKind};
use gongkai_reader::{ReadError, ReadOptions, read};

fn opts() -> ReadOptions {
    ReadOptions::default()
}

fn fixture_text(name: &str) -> String {
    String::from_utf8(common::fixture(name)).expect("utf-8 fixture")
}

#[test]
fn invalid_utf8_in_the_middle_is_counted_and_located_not_fatal() {
    let text = fixture_text("hongze-district-2023.txt");
    let mut bytes = text.clone().into_bytes();
    // Broken sequences in the middle of the narrative, on a character boundary.
    // At the end of the line before a heading, so the heading still starts its line.
    let mid = text.find("\n二、主动公开政府信息情况").expect("heading");
    bytes.splice(mid..mid, [0xff, 0xfe, b' ', 0xc3]);
    let x = read(&bytes, "h.txt", &opts()).expect("still a report");
    let issue = x
        .report
        .issues
        .iter()
        .find(|i| matches!(i.kind, ReadIssueKind::DecodingErrors { .. }))
        .expect("decoding errors recorded");
    // Three maximal invalid sequences (0xff, 0xfe, a lone lead byte 0xc3): three U+FFFD.
    assert_eq!(issue.kind, ReadIssueKind::DecodingErrors { count: 3 });
    let span = issue.span.expect("located");
    assert_eq!(x.source.slice(span), "\u{fffd}");
    // The heading right after the damage is still found.
    assert!(
        x.report
            .section(gongkai_core::SectionId::ActiveDisclosure)
            .is_some_and(|s| s.heading.is_some())
    );
}

#[test]
fn a_report_in_a_legacy_encoding_is_decoded_and_garbage_in_a_guessed_one_is_refused() {
    // GB18030 is guessed right and read whole.
    let text = fixture_text("xigong-emergency-2023.txt");
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let x = read(&gb, "x.txt", &opts()).expect("GB18030 report reads");
    assert!(x.report.applications.total.is_found());
    // Big5 (traditional characters) is a legacy encoding the guesser may pick for some bytes:
    // whatever it guesses, the text is no report in simplified Chinese, so it is refused as such
    // rather than mis-read into cells.
    let (big5, _, _) =
        encoding_rs::BIG5.encode("這是一份會議通知，與年度報告無關。請各單位準時參加。");
    let e = read(&big5, "x.txt", &opts()).expect_err("not a report");
    assert!(
        matches!(e, ReadError::NotAReport | ReadError::Undecodable { .. }),
        "{e:?}"
    );
    // Latin-1 bytes mis-taken for a Chinese encoding: refused, never panicking.
    let latin: Vec<u8> = b"Rapport annuel \xe9t\xe9 \xe0 publier \xab caf\xe9 \xbb\n".repeat(20);
    let e = read(&latin, "x.txt", &opts()).expect_err("not a report");
    assert!(
        matches!(e, ReadError::NotAReport | ReadError::Undecodable { .. }),
        "{e:?}"
    );
}

/// A real report whose last section ends in one line of `size` bytes: the report flattened
/// (every line break a space) and repeated, as a converter that lost the line breaks writes it.
fn one_line(size: usize) -> Vec<u8> {
    let report = fixture_text("hongze-district-2023.txt");
    let flat = report.replace(['\n', '\r'], " ");
    let mut bytes = Vec::with_capacity(size + report.len());
    bytes.extend_from_slice(report.as_bytes());
    while bytes.len() + flat.len() <= size {
        bytes.extend_from_slice(flat.as_bytes());
    }
    bytes.resize(size.max(report.len()), b' ');
    bytes
}

#[test]
fn a_100_mb_line_is_refused_by_the_default_limit() {
    let big = one_line(100 * 1024 * 1024);
    let e = read(&big, "big.txt", &opts()).expect_err("over 50 MB");
    assert!(matches!(
        e,
        ReadError::TooLarge { size, limit } if size == big.len() && limit == 50 * 1024 * 1024
    ));
}

/// A report ending in a line of `size` bytes, read with the limit raised: the report's tables
/// are read, and the long line is narrative of its last section, with its sentences located
/// (every span's column counted on that line); a line as long of nothing report-like is no
/// report.
fn one_long_line_reads(size: usize) {
    let mut allowed = opts();
    allowed.max_bytes = size + 1024;
    // The characters of a long line are a budget of their own (16 per item).
    allowed.max_items = allowed.max_items.max(size / 8);
    let big = one_line(size);
    let x = read(&big, "big.txt", &allowed).expect("the report reads");
    assert_eq!(x.report.applications.total.cells.total.value(), Some(&21));
    let last_line = u32::try_from(x.source.lines().len()).expect("few lines");
    let on_long_line = x
        .report
        .sections
        .iter()
        .flat_map(|s| &s.sentences)
        .filter(|s| s.span.line == last_line)
        .count();
    assert!(
        on_long_line > 100,
        "{on_long_line} sentences on the long line"
    );
    drop(x);
    let chars = "数".repeat(size / 3).into_bytes();
    assert!(matches!(
        read(&chars, "big.txt", &allowed),
        Err(ReadError::NotAReport)
    ));
    let digits = "1".repeat(size).into_bytes();
    assert!(matches!(
        read(&digits, "big.txt", &allowed),
        Err(ReadError::NotAReport)
    ));
}

/// A 64 KB line in every `cargo test` (the 100 MB one below is too slow for unoptimised
/// builds): long enough to cross many column marks of the line index.
#[test]
fn a_64_kb_line_is_read_when_allowed() {
    one_long_line_reads(64 * 1024);
}

/// The full 100 MB line of the catalogue. Ignored in the default run because unoptimised test
/// builds push every character through NFKC at a few MB/s; run it with
/// `cargo test --release -p gongkai-reader --test catalogue -- --ignored` (timings in
/// docs/robustness.md).
#[test]
#[ignore = "100 MB through an unoptimised build takes minutes; run with --release -- --ignored"]
fn a_100_mb_line_is_read_when_allowed() {
    one_long_line_reads(100 * 1024 * 1024);
}

#[test]
fn huge_and_negative_numbers_in_tables_are_kept_as_written() {
    let text = fixture_text("hongze-district-2023.txt");
    let text = text.replace(
        "（七）总计 21 0 0 0 0 0 21",
        "（七）总计 99999999999999999999999 0 0 0 0 -1 21",
    );
    let x = read(text.as_bytes(), "h.txt", &opts()).expect("reads");
    let total = &x.report.applications.total.cells;
    assert!(
        matches!(&total.natural_person, Cell::Invalid { raw, .. } if raw == "99999999999999999999999"),
        "{:?}",
        total.natural_person
    );
    assert_eq!(total.other.value(), Some(&-1));
    assert_eq!(total.total.value(), Some(&21));
}

#[test]
fn a_pdf_name_on_html_content_is_read_as_html() {
    let html = common::fixture("huaian-city-2024.html");
    let x = read(&html, "report.pdf", &opts()).expect("content decides, not the name");
    assert_eq!(x.report.metadata.input, gongkai_core::InputKind::Html);
    assert!(x.report.applications.total.is_found());
}

#[test]
fn a_pdf_handed_to_the_reader_is_refused_with_its_own_error() {
    for name in ["encrypted-user-password.pdf", "scanned-no-text-layer.pdf"] {
        let pdf = common::fixture(&format!("bad/{name}"));
        assert!(matches!(
            read(&pdf, name, &opts()),
            Err(ReadError::PdfNotSupportedHere)
        ));
    }
}

#[test]
fn html_nested_100000_deep_is_refused_at_the_limit() {
    for tag in ["div", "table", "span", "blockquote"] {
        let html = format!(
            "<html><body>{}政府信息公开工作年度报告</body></html>",
            format!("<{tag}>").repeat(100_000)
        );
        let e = read(html.as_bytes(), "deep.html", &opts())
            .err()
            .unwrap_or_else(|| panic!("{tag}: not refused"));
        assert!(
            matches!(
                e,
                ReadError::TooDeep {
                    limit: 512,
                    line: 1
                }
            ),
            "{tag}: {e:?}"
        );
    }
    // `<td>` (and `<p>`, `<li>`…) close the open one implicitly in HTML: 100,000 of them are
    // siblings, not nesting, and the page is read, not refused.
    let tds = format!(
        "<html><body><table><tr>{}</tr></table>政府信息公开工作年度报告</body></html>",
        "<td>".repeat(100_000)
    );
    assert!(read(tds.as_bytes(), "tds.html", &opts()).is_ok());
    // Closed as often as opened, the same depth is still refused: depth, not length, counts.
    let html = format!(
        "<html><body>{}{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    assert!(matches!(
        read(html.as_bytes(), "deep.html", &opts()),
        Err(ReadError::TooDeep { .. })
    ));
    // 10,000 siblings are no nesting at all: a long page is read, not refused.
    let wide = format!(
        "<html><body><h1>2023年政府信息公开工作年度报告</h1>{}</body></html>",
        "<div>一、总体情况</div>".repeat(10_000)
    );
    let r = read(wide.as_bytes(), "wide.html", &opts());
    assert!(!matches!(r, Err(ReadError::TooDeep { .. })), "{r:?}");
}

/// Writes the data of one ZIP entry.
type Writer = Box<dyn Fn(&mut dyn std::io::Write)>;

/// A DOCX holding `entries` as (name, data), deflated, through a streaming writer.
fn docx_with(entries: &mut dyn Iterator<Item = (String, Writer)>) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, write) in entries {
        writer.start_file(name, o).expect("zip entry");
        write(&mut writer);
    }
    writer.finish().expect("zip");
    out.into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;

fn entry(name: &str, f: impl Fn(&mut dyn std::io::Write) + 'static) -> (String, Writer) {
    (name.to_owned(), Box::new(f))
}

#[test]
fn a_docx_zip_bomb_is_refused_without_inflating_it() {
    // 256 MiB of spaces in word/document.xml: about 250 KB compressed.
    let bomb = docx_with(
        &mut [
            entry("[Content_Types].xml", |w| {
                w.write_all(CONTENT_TYPES.as_bytes()).unwrap();
            }),
            entry("word/document.xml", |w| {
                w.write_all(b"<w:document><w:body><w:p><w:r><w:t>").unwrap();
                let chunk = vec![b' '; 1 << 20];
                for _ in 0..256 {
                    w.write_all(&chunk).unwrap();
                }
                w.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
                    .unwrap();
            }),
        ]
        .into_iter(),
    );
    assert!(bomb.len() < 2 * 1024 * 1024, "{}", bomb.len());
    assert!(matches!(
        read(&bomb, "bomb.docx", &opts()),
        Err(ReadError::DocxTooLarge { limit }) if limit == 64 * 1024 * 1024
    ));
    // The same bomb whose headers lie about its size (claiming 1 KiB): inflating stops one byte
    // past the limit, and the file is still refused.
    let mut lying = bomb.clone();
    let mut patched = 0;
    for sig in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
        let size_at = if sig[2] == 3 { 22 } else { 24 };
        let mut from = 0;
        while let Some(i) = lying[from..].windows(4).position(|w| w == sig) {
            let at = from + i;
            let name_len_at = if sig[2] == 3 { 26 } else { 28 };
            let name_len =
                u16::from_le_bytes([lying[at + name_len_at], lying[at + name_len_at + 1]]) as usize;
            let name_at = if sig[2] == 3 { 30 } else { 46 };
            if lying[at + name_at..at + name_at + name_len] == *b"word/document.xml"
                && lying[at + size_at..at + size_at + 4] != [0xff; 4]
            {
                lying[at + size_at..at + size_at + 4].copy_from_slice(&1024u32.to_le_bytes());
                patched += 1;
            }
            from = at + 4;
        }
    }
    let r = read(&lying, "lying.docx", &opts());
    assert!(
        matches!(
            r,
            Err(ReadError::DocxTooLarge { .. } | ReadError::DocxMalformed { .. })
        ),
        "patched {patched} headers: {r:?}"
    );
}

#[test]
fn a_docx_with_thousands_of_entries_is_refused() {
    let mut entries = vec![
        entry("[Content_Types].xml", |w| {
            w.write_all(CONTENT_TYPES.as_bytes()).unwrap();
        }),
        entry("word/document.xml", |w| {
            w.write_all(b"<w:document><w:body/></w:document>").unwrap();
        }),
    ];
    for i in 0..5000 {
        entries.push(entry(&format!("word/media/image{i}.png"), |w| {
            w.write_all(b"x").unwrap();
        }));
    }
    let many = docx_with(&mut entries.into_iter());
    assert!(matches!(
        read(&many, "many.docx", &opts()),
        Err(ReadError::DocxTooManyEntries {
            entries: 5002,
            limit: 2000
        })
    ));
}

#[test]
fn a_docx_nested_100000_deep_is_refused() {
    let deep = docx_with(
        &mut [
            entry("[Content_Types].xml", |w| {
                w.write_all(CONTENT_TYPES.as_bytes()).unwrap();
            }),
            entry("word/document.xml", |w| {
                w.write_all(b"<w:document><w:body>").unwrap();
                w.write_all("<w:sdt>".repeat(100_000).as_bytes()).unwrap();
            }),
        ]
        .into_iter(),
    );
    assert!(matches!(
        read(&deep, "deep.docx", &opts()),
        Err(ReadError::TooDeep { limit: 512, .. })
    ));
}

#[test]
fn a_zip_that_is_not_a_docx_and_a_truncated_docx_are_told_apart() {
    let other = docx_with(&mut [entry("hello.txt", |w| w.write_all(b"hi").unwrap())].into_iter());
    assert!(matches!(
        read(&other, "x.docx", &opts()),
        Err(ReadError::DocxNoDocument)
    ));
    let docx = common::fixture("official-template-2021.docx");
    for cut in [10, docx.len() / 2, docx.len() - 10] {
        let r = read(&docx[..cut], "cut.docx", &opts());
        assert!(
            matches!(
                r,
                Err(ReadError::DocxMalformed { .. } | ReadError::DocxNoDocument)
            ),
            "cut at {cut}: {r:?}"
        );
    }
}

/// A report cut inside table 3 and followed by a long line of junk: the rows before the cut are
/// read and the rest are missing, not found somewhere in the junk.
#[test]
fn a_truncated_table_followed_by_a_long_junk_line_reads_what_is_there() {
    let text = fixture_text("hongze-district-2023.txt");
    let cut = text
        .find("（四）无法提供")
        .expect("the fixture has the row group");
    let mut bytes = text.as_bytes()[..cut].to_vec();
    bytes.push(b'\n');
    bytes.extend_from_slice("政务公开工作持续推进".repeat(30 * 1024).as_bytes());
    let x = read(&bytes, "cut.txt", &opts()).expect("the start of the report reads");
    let apps = &x.report.applications;
    assert_eq!(apps.new_received.cells.total.value(), Some(&21));
    assert_eq!(
        apps.withheld_enforcement_files.cells.natural_person.value(),
        Some(&1)
    );
    assert!(apps.total.cells.total.is_missing());
    assert!(apps.carried_forward.cells.total.is_missing());
}

#[test]
fn an_interrupt_stops_the_read_between_steps_with_its_own_error() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let bytes = common::fixture("huaian-city-2024.txt");
    // Asked at every step and never set: the read is the same as without one.
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let mut options = opts();
    options.interrupt = Some(gongkai_reader::Interrupt::new(move || {
        counter.fetch_add(1, Ordering::Relaxed);
        false
    }));
    let with = read(&bytes, "h.txt", &options).expect("read");
    let without = read(&bytes, "h.txt", &opts()).expect("read");
    assert_eq!(with.report, without.report);
    let steps = asked.load(Ordering::Relaxed);
    assert!(steps >= 10, "asked only {steps} times");

    // Set from the start, or only at the last step: the read stops either way.
    for stop_after in [0, steps - 1] {
        let asked = Arc::new(AtomicUsize::new(0));
        let mut options = opts();
        options.interrupt = Some(gongkai_reader::Interrupt::new(move || {
            asked.fetch_add(1, Ordering::Relaxed) >= stop_after
        }));
        assert!(
            matches!(read(&bytes, "h.txt", &options), Err(ReadError::Interrupted)),
            "stop after {stop_after}"
        );
    }
}

#[test]
fn an_interrupt_is_asked_inside_one_long_line_of_text() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    // A report and one line of 200,000 U+FDFA (600 KB): normalising such a line was one step
    // of five seconds for 7.9 M of them in a release build, past a one-second time limit.
    let report = fixture_text("hongze-district-2023.txt");
    let text = report.clone() + "\n" + &"\u{fdfa}".repeat(200_000);
    let questions = |text: &str| {
        let asked = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&asked);
        let mut options = opts();
        options.interrupt = Some(gongkai_reader::Interrupt::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            false
        }));
        read(text.as_bytes(), "h.txt", &options).expect("reads");
        asked.load(Ordering::Relaxed)
    };
    // At least once per 64 KiB of the line, besides the steps of the report.
    let (alone, with_line) = (questions(&report), questions(&text));
    assert!(with_line >= alone + 600_000 / 65_536, "{alone} {with_line}");
    // Set once the line is being normalised: the read stops there.
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let mut options = opts();
    options.interrupt = Some(gongkai_reader::Interrupt::new(move || {
        counter.fetch_add(1, Ordering::Relaxed) >= 2
    }));
    assert!(matches!(
        read(text.as_bytes(), "h.txt", &options),
        Err(ReadError::Interrupted)
    ));
}
