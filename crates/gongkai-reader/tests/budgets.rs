//! Budgets on derived work (issue 12): a small or line-heavy file must not cost memory out of
//! proportion to its size. Each hostile input is generated here, scaled so that the old
//! representations (a map per line, a copy of a merged label per spanned row, every value of a
//! JSON array parsed) would clearly pass the bound; the bound is on the growth of the
//! process's peak resident memory during the read (Linux).

use std::sync::Mutex;

use gongkai_reader::{Budgeted, ReadError, ReadOptions, read};

/// The tests run one at a time, each for its whole length (the peak is the process's: an input
/// built or dropped by another test while one measures counted in its peak, and failed it under
/// load).
static SERIAL: Mutex<()> = Mutex::new(());

/// Held by every test from its first line to its last.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A field of `/proc/self/status` in bytes (Linux), e.g. `VmRSS`.
fn status_bytes(field: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Reads `bytes` and returns the result with the growth of the process's peak resident memory
/// during the read (the peak is reset first through `/proc/self/clear_refs`; where that is not
/// available, 0: the memory bounds are then not checked, the behaviour still is).
fn measured(bytes: &[u8], name: &str, options: &ReadOptions) -> (Result<(), ReadError>, usize) {
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = status_bytes("VmRSS");
    let result = read(bytes, name, options).map(drop);
    let peak = match (reset, before, status_bytes("VmHWM")) {
        (true, Some(before), Some(peak)) => peak.saturating_sub(before),
        _ => 0,
    };
    (result, peak)
}

/// As [`measured`] for an input made by `make` (and dropped) inside the measured function;
/// also its size.
fn measured_made(
    make: impl FnOnce() -> String,
    name: &str,
    options: &ReadOptions,
) -> (Result<(), ReadError>, usize, usize) {
    let bytes = make().into_bytes();
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = status_bytes("VmRSS");
    let result = read(&bytes, name, options).map(drop);
    let peak = match (reset, before, status_bytes("VmHWM")) {
        (true, Some(before), Some(peak)) => peak.saturating_sub(before),
        _ => 0,
    };
    let len = bytes.len();
    drop(bytes);
    (result, peak, len)
}

const MIB: usize = 1 << 20;

/// A real report, to which each test adds its hostile part.
fn report() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/huaian-city-2024.txt"
    ))
    .expect("fixture")
}

fn too_complex(result: &Result<(), ReadError>) -> Option<Budgeted> {
    match result {
        Err(ReadError::TooComplex { what, .. }) => Some(*what),
        _ => None,
    }
}

#[test]
fn short_lines_cost_a_small_record_each() {
    let _serial = serial();
    // 200,000 one-character lines (400 KB) within the budget: a block, a word and a piece of
    // narrative each, a few hundred bytes at most (the budget bounds the number of lines).
    let text = report() + &"a\n".repeat(200_000);
    let (result, peak) = measured(text.as_bytes(), "r.txt", &ReadOptions::default());
    assert!(result.is_ok(), "{result:?}");
    let per_line = peak / 200_000;
    assert!(
        per_line <= 400,
        "{peak} bytes at the peak: {per_line} a line"
    );
}

#[test]
fn more_lines_than_the_budget_are_too_complex_before_they_are_built() {
    let _serial = serial();
    let text = report() + &"a\n".repeat(600_000);
    let (result, peak) = measured(text.as_bytes(), "r.txt", &ReadOptions::default());
    assert_eq!(
        too_complex(&result),
        Some(Budgeted::LinesAndCells),
        "{result:?}"
    );
    // Refused after decoding, before any block: the decoded text and little more.
    assert!(peak < 4 * text.len() + MIB, "{peak}");
    let message = result.unwrap_err().to_string();
    assert!(message.starts_with("文件过于复杂"), "{message}");
}

#[test]
fn tab_cells_count_against_the_budget() {
    let _serial = serial();
    let mut options = ReadOptions::default();
    options.max_items = 50_000;
    let text = report() + &"规章\t".repeat(60_000);
    let (result, _) = measured(text.as_bytes(), "r.txt", &options);
    assert_eq!(
        too_complex(&result),
        Some(Budgeted::LinesAndCells),
        "{result:?}"
    );
}

#[test]
fn words_numbers_and_sentences_have_budgets() {
    let _serial = serial();
    let mut options = ReadOptions::default();
    options.max_items = 20_000;
    let tail = |piece: &str| report() + "\n" + &piece.repeat(30_000) + "\n";
    for (piece, what) in [
        ("ab ", Budgeted::Words),
        ("1、", Budgeted::NarrativeNumbers),
        ("是。", Budgeted::Sentences),
    ] {
        let text = tail(piece);
        let (result, peak) = measured(text.as_bytes(), "r.txt", &options);
        assert_eq!(too_complex(&result), Some(what), "{piece}: {result:?}");
        assert!(peak < 64 * text.len() + 4 * MIB, "{piece}: {peak}");
    }
    // Within the budget the same inputs read.
    options.max_items = 100_000;
    for piece in ["ab ", "1、", "是。"] {
        let (result, _) = measured(tail(piece).as_bytes(), "r.txt", &options);
        assert!(result.is_ok(), "{piece}: {result:?}");
    }
}

/// The report as an HTML page with `table` after it.
fn html_with(table: &str) -> String {
    let mut body = String::new();
    for l in report().lines() {
        body.push_str("<p>");
        body.push_str(l);
        body.push_str("</p>\n");
    }
    format!("<html><body>{body}{table}</body></html>")
}

#[test]
fn a_long_label_spanning_many_rows_is_not_copied_into_each() {
    let _serial = serial();
    // A 20 KB "label" with rowspan over 5,000 rows: copied into each row it was 100 MB.
    let label = "规".repeat(6_800);
    let rows = "<tr><td>1</td></tr>".repeat(4_999);
    let page = html_with(&format!(
        "<table><tr><td rowspan=5000>{label}</td><td>1</td></tr>{rows}</table>"
    ));
    let (result, peak) = measured(page.as_bytes(), "r.html", &ReadOptions::default());
    assert!(result.is_ok(), "{result:?}");
    assert!(peak < 32 * MIB, "{peak} for {} bytes", page.len());
}

#[test]
fn a_short_label_is_repeated_within_the_budget_only() {
    let _serial = serial();
    let label = "（三）不予公开".repeat(5);
    let rows = "<tr><td>1</td></tr>".repeat(2_999);
    let page = html_with(&format!(
        "<table><tr><td rowspan=3000>{label}</td><td>1</td></tr>{rows}</table>"
    ));
    let mut options = ReadOptions::default();
    options.max_items = 100_000;
    let (result, _) = measured(page.as_bytes(), "r.html", &options);
    assert_eq!(
        too_complex(&result),
        Some(Budgeted::MergedCellText),
        "{result:?}"
    );
    options.max_items = 1_000_000;
    let (result, _) = measured(page.as_bytes(), "r.html", &options);
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn html_rows_and_cells_count_against_the_budget() {
    let _serial = serial();
    let mut options = ReadOptions::default();
    options.max_items = 30_000;
    let page = html_with(&format!(
        "<table>{}</table>",
        "<tr><td>a</td><td>1</td></tr>".repeat(20_000)
    ));
    let (result, peak) = measured(page.as_bytes(), "r.html", &options);
    assert_eq!(
        too_complex(&result),
        Some(Budgeted::LinesAndCells),
        "{result:?}"
    );
    assert!(peak < 64 * page.len() + 4 * MIB, "{peak}");
}

/// A DOCX whose `word/document.xml` has `body` inside `w:body`.
fn docx(body: &str) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", opts).expect("zip");
    write!(
        zip,
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>"
    )
    .expect("zip");
    zip.finish().expect("zip");
    buf.into_inner()
}

fn docx_report(table_rows: &str, label: &str) -> Vec<u8> {
    let mut paras = String::new();
    for l in report()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.contains(['<', '&']))
    {
        paras.push_str("<w:p><w:r><w:t>");
        paras.push_str(l);
        paras.push_str("</w:t></w:r></w:p>");
    }
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    docx(&format!(
        "{paras}<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r>\
         <w:t>{label}</w:t></w:r></w:p></w:tc>{}</w:tr>{table_rows}</w:tbl>",
        cell("1")
    ))
}

#[test]
fn docx_vertical_merges_share_the_budget() {
    let _serial = serial();
    let continuation = "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>\
                        <w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>";
    // A long label over 5,000 continuations: not copied (it names no rows), read in little memory.
    let long = docx_report(&continuation.repeat(5_000), &"规".repeat(6_800));
    let (result, peak) = measured(&long, "r.docx", &ReadOptions::default());
    assert!(result.is_ok(), "{result:?}");
    assert!(peak < 32 * MIB, "{peak}");
    // A short label is continued, within the budget only.
    let short = docx_report(&continuation.repeat(3_000), &"（三）不予公开".repeat(5));
    let mut options = ReadOptions::default();
    options.max_items = 100_000;
    let (result, _) = measured(&short, "r.docx", &options);
    assert_eq!(
        too_complex(&result),
        Some(Budgeted::MergedCellText),
        "{result:?}"
    );
    // Rows and cells themselves.
    options.max_items = 5_000;
    let (result, _) = measured(&long, "r.docx", &options);
    assert_eq!(
        too_complex(&result),
        Some(Budgeted::LinesAndCells),
        "{result:?}"
    );
}

#[test]
fn a_json_array_of_many_numbers_is_refused_before_it_is_parsed() {
    let _serial = serial();
    // 600,000 numbers (1.2 MB): parsed, a few hundred bytes each.
    let json = format!(
        "{{\"metadata\": {{}}, \"sections\": [{}0]}}",
        "0,".repeat(600_000)
    );
    let (result, peak) = measured(json.as_bytes(), "r.json", &ReadOptions::default());
    assert_eq!(
        too_complex(&result),
        Some(Budgeted::StructuredValues),
        "{result:?}"
    );
    assert!(peak < 4 * json.len() + MIB, "{peak}");
}

#[test]
fn a_text_over_the_character_budget_is_refused_before_it_is_normalised() {
    let _serial = serial();
    // 9 M characters on one line (the budget is 16 × 500,000 = 8 M): refused after decoding,
    // in little more than the decoded text.
    let make = || report() + "\n" + &"a".repeat(9_000_000) + "\n";
    let (result, peak, len) = measured_made(make, "r.txt", &ReadOptions::default());
    assert_eq!(
        too_complex(&result),
        Some(Budgeted::Characters),
        "{result:?}"
    );
    assert!(peak < 3 * len + 4 * MIB, "{peak}");
}

#[test]
fn normalised_text_counts_against_the_character_budget() {
    let _serial = serial();
    // "⒇" is 3 bytes and one character as written, four once normalised ("(20)"): 3 M of them
    // pass the check of the decoded text and are refused once normalised (12 M characters).
    let make = || report() + "\n" + &"⒇".repeat(3_000_000) + "\n";
    let (result, peak, len) = measured_made(make, "r.txt", &ReadOptions::default());
    assert_eq!(
        too_complex(&result),
        Some(Budgeted::Characters),
        "{result:?}"
    );
    assert!(peak < 8 * len + 4 * MIB, "{peak}");
}

#[test]
fn a_character_of_long_normal_form_is_kept_as_written() {
    let _serial = serial();
    // U+FDFA normalises to 18 characters: a file of it cost 18 times its characters.
    let make = || report() + "\n" + &"\u{fdfa}".repeat(1_000_000) + "\n";
    let (result, peak, len) = measured_made(make, "r.txt", &ReadOptions::default());
    assert!(result.is_ok(), "{result:?}");
    assert!(peak < 12 * len + 4 * MIB, "{peak}");
}

#[test]
fn a_long_html_paragraph_costs_its_text_not_a_record_per_character() {
    let _serial = serial();
    // One paragraph of 4 M letters: twelve bytes a character before its text was built (and 25
    // more in the metadata's year search).
    let make = || html_with(&format!("<p>{}</p>", "a".repeat(4_000_000)));
    let (result, peak, len) = measured_made(make, "r.html", &ReadOptions::default());
    assert!(result.is_ok(), "{result:?}");
    assert!(peak < 16 * len + 4 * MIB, "{peak} for {len} bytes");
    // Past the character budget the page is refused while it is scanned.
    let make = || html_with(&format!("<p>{}</p>", "a".repeat(9_000_000)));
    let (result, _, _) = measured_made(make, "r.html", &ReadOptions::default());
    assert_eq!(
        too_complex(&result),
        Some(Budgeted::Characters),
        "{result:?}"
    );
}
