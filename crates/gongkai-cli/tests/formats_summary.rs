//! `--format summary`: one row per file — organisation, year, format, errors, warnings, infos,
//! rules fired, unreadable reason — as a table on standard output, as CSV (with a UTF-8
//! byte-order mark unless `--no-bom`) with `-o FILE`; and `-o` for the other formats.

mod common;

use common::{gongkai, scratch};

const HONGZE: &str = "tests/fixtures/hongze-district-2023.txt";
const EMPTY_NAME: &str = "tests/fixtures/bad/does-not-exist.txt";
const BOM: &[u8] = b"\xef\xbb\xbf";

#[test]
fn the_table_has_one_row_per_file_and_names_the_unreadable_ones() {
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "summary",
        HONGZE,
        "tests/fixtures/huaian-city-2024.pdf",
        EMPTY_NAME,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("文件") && lines[0].contains("触发的规则"),
        "{out}"
    );
    let hongze: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(
        hongze,
        [
            HONGZE,
            "洪泽区人民政府",
            "2023",
            "text",
            "2",
            "0",
            "1",
            "review-litigation-total-mismatch",
            "structure-label-variant"
        ],
        "{out}"
    );
    let huaian: Vec<&str> = lines[2].split_whitespace().collect();
    assert_eq!(
        huaian[1..7],
        ["淮安市人民政府", "2024", "pdf", "0", "0", "0"]
    );
    assert!(
        lines[3].starts_with(EMPTY_NAME) && lines[3].contains("无法读取"),
        "{out}"
    );
    // The counts line up under their headers whatever the width of the Chinese names.
    let col = |line: &str, what: &str| {
        unicode_width::UnicodeWidthStr::width(&line[..line.find(what).unwrap() + what.len()])
    };
    assert_eq!(col(lines[0], "错误"), col(lines[1], " 2 ") - 1);
}

#[test]
fn with_output_the_summary_is_csv_with_a_byte_order_mark() {
    let dir = scratch("csv");
    let file = dir.join("batch.csv");
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "summary",
        "-o",
        file.to_str().unwrap(),
        HONGZE,
        EMPTY_NAME,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(BOM));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(
        rows[0],
        "文件,机关,年度,格式,错误,警告,提示,触发的规则,无法读取的原因"
    );
    assert_eq!(
        rows[1],
        "tests/fixtures/hongze-district-2023.txt,洪泽区人民政府,2023,text,2,0,1,review-litigation-total-mismatch structure-label-variant,"
    );
    // No counts for a file that was not read: it was not checked, not found clean.
    assert!(
        rows[2].starts_with("tests/fixtures/bad/does-not-exist.txt,,,,,,,,"),
        "{text}"
    );
    assert_eq!(rows.len(), 3);

    // English column names with --lang en; no mark with --no-bom.
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "summary",
        "--lang",
        "en",
        "--no-bom",
        "-o",
        file.to_str().unwrap(),
        HONGZE,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(
        b"path,organisation,year,format,errors,warnings,infos,rules fired,unreadable\r\n"
    ));
}

#[test]
fn output_writes_every_format_to_the_file() {
    let dir = scratch("every");
    for format in ["human", "concise", "json", "sarif", "github"] {
        let file = dir.join(format!("out.{format}"));
        let o = gongkai(&[
            "check",
            "--no-config",
            "--format",
            format,
            "-o",
            file.to_str().unwrap(),
            HONGZE,
        ]);
        assert_eq!(o.status.code(), Some(1), "{format}");
        assert!(o.stdout.is_empty(), "{format}");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("review-litigation-total-mismatch"),
            "{format}: {text}"
        );
        assert!(!text.contains('\u{1b}'), "no colour in a file: {format}");
    }
    // A file that cannot be created is a usage error before any report is read.
    let o = gongkai(&[
        "check",
        "--no-config",
        "-o",
        "/nonexistent-dir/x.txt",
        HONGZE,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("无法写入输出文件"));
}

#[test]
fn extract_csv_has_a_byte_order_mark_unless_no_bom() {
    let o = gongkai(&["extract", "--format", "csv", HONGZE]);
    assert!(o.stdout.starts_with(BOM));
    assert!(o.stdout[3..].starts_with(b"path,"));
    let o = gongkai(&["extract", "--format", "csv", "--no-bom", HONGZE]);
    assert!(o.stdout.starts_with(b"path,"));
    // JSONL is no spreadsheet: no mark.
    let o = gongkai(&["extract", "--format", "jsonl", HONGZE]);
    assert!(o.stdout.starts_with(b"{"));
    let dir = scratch("extract");
    let file = dir.join("tables.csv");
    let o = gongkai(&[
        "extract",
        "--format",
        "csv",
        "-o",
        file.to_str().unwrap(),
        HONGZE,
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read(&file).unwrap().starts_with(BOM));
}
