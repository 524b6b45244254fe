//! `gongkai extract --format csv|jsonl` over the fixtures, and `check` on structured input: one
//! row per report with the known values, and schema problems located in every output format.

// A small CSV reader with one arm per state reads clearer than merged arms; short names are the
// CSV columns being compared. (Added by robust to make main clippy-clean.)
#![allow(clippy::match_same_arms, clippy::many_single_char_names)]

mod common;

use common::gongkai;

/// Splits CSV text into records (the fields written by gongkai never hold line breaks unless
/// quoted; this parser handles quotes).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (_, c) => field.push(c),
        }
    }
    rows
}

fn cell<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    &row[i]
}

#[test]
fn csv_over_the_fixtures_has_one_correct_row_per_report() {
    let o = gongkai(&["extract", "--format", "csv", "tests/fixtures"]);
    let text = String::from_utf8(o.stdout).unwrap();
    // A byte-order mark first, for Excel (formats_summary.rs tests `--no-bom`).
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let rows = parse_csv(text);
    let header = &rows[0];
    assert_eq!(header[0], "path");
    let find = |suffix: &str| -> &Vec<String> {
        rows.iter()
            .find(|r| r[0].ends_with(suffix))
            .unwrap_or_else(|| panic!("no row for {suffix}"))
    };
    let huaian = find("huaian-city-2024.txt");
    assert_eq!(cell(header, huaian, "applications.total.total"), "3050");
    assert_eq!(cell(header, huaian, "year"), "2024");
    assert_eq!(cell(header, huaian, "form"), "2021");
    assert_eq!(cell(header, huaian, "error"), "");
    // 2019-only columns stay empty for a 2021-form report.
    assert_eq!(
        cell(header, huaian, "active_disclosure.regulations.newly_made"),
        ""
    );
    let hongze = find("hongze-district-2023.txt");
    assert_eq!(cell(header, hongze, "review_litigation.review.total"), "0");
    assert_eq!(
        cell(header, hongze, "review_litigation.review.upheld"),
        "10"
    );
    // Every file under the folder has exactly one row, each as wide as the header.
    for r in &rows {
        assert_eq!(r.len(), header.len(), "{}", r[0]);
    }
    let paths: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), paths.len(), "one row per file");
    // The unreadable PDFs under bad/ get a row with the error, and the exit code says so.
    let bad = find("scanned-no-text-layer.pdf");
    assert!(!cell(header, bad, "error").is_empty());
    assert_eq!(cell(header, bad, "applications.total.total"), "");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn csv_distinguishes_blank_missing_and_values_and_has_a_chinese_header() {
    let dir = std::env::temp_dir().join(format!("gongkai-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("r.yaml");
    std::fs::write(
        &file,
        "metadata: {organisation: \"某区, 政府\", year: 2024}\nactive_disclosure: {fees: {amount: \"12.50\"}}\napplications:\n  new_received: {natural_person: 0, commercial: /}\nreview_litigation: {}\n",
    )
    .unwrap();
    let o = gongkai(&[
        "extract",
        "--format",
        "csv",
        "--header",
        "both",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let rows = parse_csv(&String::from_utf8(o.stdout).unwrap());
    let (header, zh, row) = (&rows[0], &rows[1], &rows[2]);
    assert_eq!(rows.len(), 3);
    let i = header
        .iter()
        .position(|h| h == "applications.new_received.natural_person")
        .unwrap();
    assert_eq!(zh[i], "表三/一、本年新收政府信息公开申请数量/自然人");
    assert_eq!(
        cell(header, row, "applications.new_received.natural_person"),
        "0"
    );
    assert_eq!(
        cell(header, row, "applications.new_received.commercial"),
        "/"
    );
    assert_eq!(cell(header, row, "applications.new_received.research"), "");
    assert_eq!(cell(header, row, "active_disclosure.fees.amount"), "12.5");
    assert_eq!(cell(header, row, "organisation"), "某区, 政府");
    let o = gongkai(&["extract", "--format", "jsonl", file.to_str().unwrap()]);
    let line: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(line["applications.new_received.natural_person"], 0);
    assert_eq!(line["applications.new_received.commercial"], "/");
    assert!(line["applications.new_received.research"].is_null());
    assert_eq!(line["active_disclosure.fees.amount"], "12.5");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_schema_invalid_report_exits_2_with_located_diagnostics_in_every_format() {
    let dir = std::env::temp_dir().join(format!("gongkai-invalid-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("r.json");
    std::fs::write(
        &file,
        "{\n  \"metadata\": {},\n  \"active_disclosure\": {},\n  \"applications\": {\"total\": {\"total\": -3}},\n  \"review_litigation\": {}\n}\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();

    let out = gongkai(&["check", "--format", "json", path]);
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &doc["files"][0];
    assert_eq!(f["error"]["kind"], "invalid_structure");
    let d = &f["diagnostics"][0];
    assert_eq!(d["rule"], "report-schema");
    assert_eq!(
        d["message"],
        "表三 / （七）总计 / 总计: 应为非负整数（空白可写“/”），实为 -3"
    );
    assert_eq!(d["labels"][0]["line"], 4);
    assert_eq!(d["labels"][0]["column"], 39);
    assert_eq!(d["labels"][0]["text"], "-3");

    let out = gongkai(&["check", "--format", "sarif", path]);
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &doc["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "report-schema");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        39
    );

    let out = gongkai(&["check", "--format", "github", path]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(",line=4,col=39,"), "{text}");

    let out = gongkai(&["check", path]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("应为非负整数"), "{text}");
    assert!(text.contains("r.json:4:"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}
