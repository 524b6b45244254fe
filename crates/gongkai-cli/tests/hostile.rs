//! Issue 12 as the user meets it: ambiguous containers are errors of their own (exit 2), damage
//! to the tables and hidden text are findings at their place (structure rules), and a report in
//! other line ends or a wide encoding is checked like its UTF-8 original. The reader-level tests
//! of the same inputs are in `crates/gongkai-reader/tests/hostile.rs`.

mod common;

use common::{gongkai, repo, scratch};

use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn hongze() -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/hongze-district-2023.txt"))
        .expect("fixture")
}

/// Runs `check --format json` on one file: the exit code and the file's JSON entry.
fn check(path: &Path) -> (Option<i32>, serde_json::Value) {
    let o = gongkai(&["check", "--no-config", "--format", "json", s(path)]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{}: {stderr}", path.display());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    (o.status.code(), v["files"][0].clone())
}

/// The findings of a rule in a file's entry: (severity, line, column, message).
fn findings(file: &serde_json::Value, rule: &str) -> Vec<(String, u64, u64, String)> {
    file["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            let label = &f["labels"][0];
            (
                f["severity"].as_str().unwrap_or_default().to_owned(),
                label["line"].as_u64().unwrap_or(0),
                label["column"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_pdf_that_is_a_zip_too_and_a_docx_with_two_documents_exit_2() {
    let dir = scratch("ambiguous");
    let mut polyglot =
        std::fs::read(repo().join("tests/fixtures/hongze-district-2023.pdf")).expect("fixture");
    polyglot.extend(
        std::fs::read(repo().join("tests/fixtures/official-template-2021.docx")).expect("fixture"),
    );
    let path = dir.join("report.pdf");
    std::fs::write(&path, &polyglot).expect("write");
    let (code, file) = check(&path);
    assert_eq!(code, Some(2));
    assert_eq!(file["error"]["kind"], "pdf_and_zip");
    let message = file["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("既是 PDF 又是 ZIP"), "{message}");
}

#[test]
fn damage_to_the_tables_is_an_error_finding_at_its_place() {
    let dir = scratch("damage");
    let text = hongze().replace(
        "（一）予以公开 0 0 0 0 0 0 0",
        "（一）予以公开 0 0 0 0 0 0 0 8",
    );
    let path = dir.join("eighth.txt");
    std::fs::write(&path, &text).expect("write");
    let (code, file) = check(&path);
    assert_eq!(code, Some(1), "{file}");
    let line = 1 + text[..text.find("（一）予以公开").unwrap()]
        .matches('\n')
        .count() as u64;
    assert_eq!(
        findings(&file, "structure-row-extra-values"),
        [(
            "error".to_owned(),
            line,
            23,
            "表三“（一）予以公开”行有 8 个数值，格式只有 7 列，多出的未读取".to_owned()
        )]
    );

    let pasted = format!(
        "{}\n{}",
        hongze(),
        hongze().replace("（七）总计 21 0 0 0 0 0 21", "（七）总计 22 0 0 0 0 0 22")
    );
    let path = dir.join("twice.txt");
    std::fs::write(&path, &pasted).expect("write");
    let (code, file) = check(&path);
    assert_eq!(code, Some(1));
    let f = findings(&file, "structure-table-conflict");
    assert_eq!(f.len(), 1, "{file}");
    assert_eq!(f[0].0, "error");
    assert_eq!(f[0].3, "表三再次出现，数值与第一次不同");
    assert_eq!(f[0].1 as usize, hongze().lines().count() + 1 + 74);
}

#[test]
fn a_report_whose_cells_are_all_slashes_exits_1_with_not_filled_errors() {
    let dir = scratch("slashes");
    let text: String = hongze()
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| {
            // 表二 to 表四 (lines 41 to 131 of the fixture), page footers left alone.
            if !(40..131).contains(&i) || line.starts_with("- ") {
                return line.to_owned();
            }
            let body = line.trim_end_matches('\n');
            let words: Vec<&str> = body
                .split(' ')
                .map(|w| {
                    if !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                        "/"
                    } else {
                        w
                    }
                })
                .collect();
            words.join(" ") + &line[body.len()..]
        })
        .collect();
    let path = dir.join("slashes.txt");
    std::fs::write(&path, &text).expect("write");
    let (code, file) = check(&path);
    assert_eq!(code, Some(1), "{file}");
    let f = findings(&file, "structure-table-not-filled");
    let messages: Vec<&str> = f.iter().map(|f| f.3.as_str()).collect();
    assert_eq!(
        messages,
        [
            "表二未填写：没有一个单元格填写了数字",
            "表三未填写：没有一个单元格填写了数字",
            "表四未填写：没有一个单元格填写了数字"
        ],
        "{file}"
    );
    assert!(f.iter().all(|f| f.0 == "error"));
}

#[test]
fn hidden_text_is_an_info_finding_and_cr_only_text_is_checked_like_the_original() {
    let dir = scratch("hidden");
    let html = std::fs::read_to_string(repo().join("tests/fixtures/huaian-city-2024.html"))
        .expect("fixture");
    let page = html.replacen(">3001<", ">3001<span style=\"display:none\">19</span><", 1);
    let path = dir.join("hidden.html");
    std::fs::write(&path, &page).expect("write");
    let (_, file) = check(&path);
    let f = findings(&file, "structure-hidden-text");
    assert_eq!(f.len(), 1, "{file}");
    assert_eq!(f[0].0, "info");
    assert_eq!(f[0].3, "此处有 2 个隐藏的字符（“19”），读者看不到，未读取");
    assert_eq!(f[0].1, 54);

    // CR-only line ends: the same findings, at the same places, as the original.
    let original = dir.join("original.txt");
    std::fs::write(&original, hongze()).expect("write");
    let cr = dir.join("cr.txt");
    std::fs::write(&cr, hongze().replace('\n', "\r")).expect("write");
    let (code_a, a) = check(&original);
    let (code_b, b) = check(&cr);
    assert_eq!(code_a, code_b);
    assert_eq!(a["diagnostics"], b["diagnostics"]);
}
