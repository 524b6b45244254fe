//! Reports as published (PDF, HTML, DOCX) through the `gongkai` binary, and each kind of
//! malformed file with its own error kind, message and exit code 2.

mod common;

use common::{gongkai, repo, scratch};

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// `gongkai check --format json FILE`: the exit code and the file's entry.
fn check(path: &Path) -> (i32, serde_json::Value) {
    let o = gongkai(&["check", "--format", "json", path.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    (o.status.code().unwrap_or(-1), v["files"][0].clone())
}

fn zip_with(entries: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

#[test]
fn published_formats_are_read_by_content() {
    for (file, format) in [
        ("tests/fixtures/huaian-city-2024.pdf", "pdf"),
        ("tests/fixtures/hongze-district-2023.pdf", "pdf"),
        ("tests/fixtures/huaian-city-2024.html", "html"),
    ] {
        let (_, entry) = check(&repo().join(file));
        assert_eq!(entry["error"], serde_json::Value::Null, "{file}: {entry}");
        assert_eq!(entry["format"], format, "{file}");
    }
    // The content decides, not the name: a PDF named .txt is still a PDF.
    let dir = scratch("renamed");
    let renamed = dir.join("report.txt");
    std::fs::copy(repo().join("tests/fixtures/huaian-city-2024.pdf"), &renamed).unwrap();
    let (_, entry) = check(&renamed);
    assert_eq!(entry["format"], "pdf");
}

/// A finding in a PDF points at the page and the printed line of that page (洪泽 2023: the
/// 复议后起诉 总计 of 表四 is on page 4, its values on the page's 19th printed line, under a
/// two-line column header), not at a line of the text gongkai rebuilt (96).
#[test]
fn a_pdf_finding_names_its_page_and_printed_line() {
    let (code, entry) = check(&repo().join("tests/fixtures/hongze-district-2023.pdf"));
    assert_eq!(code, 1, "{entry}");
    let total = entry["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "review-litigation-total-mismatch")
        .flat_map(|d| d["labels"].as_array().unwrap().iter())
        .find(|l| l["primary"] == true && l["column"] == 30)
        .unwrap_or_else(|| panic!("{entry}"))
        .clone();
    assert_eq!(
        (&total["page"], &total["line"]),
        (&4.into(), &19.into()),
        "{total}"
    );
    assert_eq!(total["end_line"], 19, "{total}");
    // The label of the heading variant on page 3.
    let variant = entry["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "structure-label-variant")
        .unwrap_or_else(|| panic!("{entry}"));
    assert_eq!(variant["labels"][0]["page"], 3, "{variant}");
    assert_eq!(variant["labels"][0]["line"], 24, "{variant}");
}

#[test]
fn each_malformed_kind_exits_2_with_its_own_error() {
    let dir = scratch("bad");
    let fixtures = repo().join("tests/fixtures");
    let pdf = std::fs::read(fixtures.join("huaian-city-2024.pdf")).unwrap();
    let mut deep = b"<html><body>".to_vec();
    deep.extend(b"<div>".repeat(100_000));
    let bomb = zip_with(
        &[("word/document.xml", &vec![b' '; 64 * 1024 * 1024 + 1])],
        true,
    );
    let names: Vec<String> = (0..2100)
        .map(|i| format!("word/media/image{i}.png"))
        .collect();
    let mut many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    many.push(("word/document.xml", b"<w:document/>"));
    let many = zip_with(&many, false);
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "scan.pdf",
            std::fs::read(fixtures.join("bad/scanned-no-text-layer.pdf")).unwrap(),
            "needs_ocr",
            "OCR",
        ),
        (
            "encrypted.pdf",
            std::fs::read(fixtures.join("bad/encrypted-user-password.pdf")).unwrap(),
            "encrypted",
            "加密",
        ),
        ("truncated.pdf", pdf[..3000].to_vec(), "malformed", "损坏"),
        ("deep.html", deep, "too_deep", "嵌套过深"),
        ("bomb.docx", bomb, "docx_too_large", "解压后过大"),
        ("many.docx", many, "docx_too_many_entries", "2101"),
        (
            "broken.docx",
            b"PK\x03\x04 not really a zip".to_vec(),
            "docx_malformed",
            "损坏",
        ),
        (
            "sheet.docx",
            zip_with(&[("xl/workbook.xml", b"<workbook/>")], false),
            "docx_no_document",
            "word/document.xml",
        ),
        (
            "legacy.doc",
            [
                &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1][..],
                &[0u8; 512][..],
            ]
            .concat(),
            "legacy_or_encrypted_office",
            ".doc",
        ),
    ];
    for (name, bytes, kind, words) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let (code, entry) = check(&path);
        assert_eq!(code, 2, "{name}: {entry}");
        assert_eq!(entry["error"]["kind"], kind, "{name}: {entry}");
        let message = entry["error"]["message"].as_str().unwrap();
        assert!(message.contains(words), "{name}: {message}");
    }
}

#[test]
fn a_bad_file_does_not_stop_the_batch() {
    let dir = scratch("batch");
    std::fs::copy(
        repo().join("tests/fixtures/bad/scanned-no-text-layer.pdf"),
        dir.join("a-scan.pdf"),
    )
    .unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/huaian-city-2024.pdf"),
        dir.join("b.pdf"),
    )
    .unwrap();
    let o = gongkai(&["check", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["error"]["kind"], "needs_ocr");
    assert_eq!(files[1]["error"], serde_json::Value::Null);
    assert_eq!(files[1]["format"], "pdf");
}

#[test]
fn without_pdftotext_the_message_says_what_to_install() {
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "check",
            "--format",
            "json",
            "tests/fixtures/huaian-city-2024.pdf",
        ])
        .current_dir(repo())
        .env("PATH", "/nonexistent")
        .output()
        .expect("gongkai runs");
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let error = &v["files"][0]["error"];
    assert_eq!(error["kind"], "pdftotext_missing");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("apt-get install poppler-utils poppler-data"),
        "{message}"
    );
}
