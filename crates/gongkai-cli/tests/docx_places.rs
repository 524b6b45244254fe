//! A finding on a Word document names the paragraph or the table cell, in every format (issue
//! 14): Word has no line numbers, so "第 52 行" of the text gongkai rendered is nowhere to be found.
//! The places were checked by hand in the files' XML (tests/fixtures/README.md).

mod common;

use common::gongkai;

const NARRATIVE: &str = "tests/fixtures/synthetic-narrative-mismatch-2021.docx";
const TABLE4: &str = "tests/fixtures/synthetic-table4-total-2021.docx";

fn out(args: &[&str]) -> String {
    let o = gongkai(args);
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn human_output_heads_each_snippet_with_its_paragraph_or_cell() {
    let text = out(&["check", "--no-config", NARRATIVE]);
    assert!(
        text.contains(&format!("╭─[{NARRATIVE} 第 6 段第 30 字]")),
        "{text}"
    );
    assert!(
        text.contains(&format!("╭─[{NARRATIVE} 第 2 个表格第 27 行第 10 列]")),
        "{text}"
    );
    // No line:column of the rendering in the header.
    assert!(!text.contains(&format!("{NARRATIVE}:")), "{text}");
    let en = out(&["check", "--no-config", "--lang", "en", TABLE4]);
    assert!(
        en.contains(&format!("╭─[{TABLE4} table 3, row 4, column 10]")),
        "{en}"
    );
}

#[test]
fn concise_lines_name_the_cell_in_fixed_fields() {
    let text = out(&[
        "check",
        "--no-config",
        "--format",
        "concise",
        NARRATIVE,
        TABLE4,
    ]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with(&format!(
            "{NARRATIVE}:para6:char30 error narrative-handled-mismatch "
        )),
        "{text}"
    );
    assert!(
        lines[1].starts_with(&format!(
            "{TABLE4}:table3:row4:col10 error review-litigation-total-mismatch "
        )),
        "{text}"
    );
}

#[test]
fn json_and_sarif_carry_the_place_and_github_names_it() {
    let v: serde_json::Value = serde_json::from_str(&out(&[
        "check",
        "--no-config",
        "--format",
        "json",
        NARRATIVE,
    ]))
    .unwrap();
    let labels = &v["files"][0]["diagnostics"][0]["labels"];
    assert_eq!(
        labels[0]["place"],
        serde_json::json!({"kind": "paragraph", "paragraph": 6, "character": 30})
    );
    assert_eq!(labels[0]["text"], "6");
    assert_eq!(
        labels[1]["place"],
        serde_json::json!({"kind": "cell", "table": 2, "row": 27, "column": 10})
    );
    assert_eq!(labels[1]["text"], "4");
    // A text file has no place.
    let t: serde_json::Value = serde_json::from_str(&out(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "tests/fixtures/hongze-district-2023.txt",
    ]))
    .unwrap();
    assert!(
        t["files"][0]["diagnostics"][0]["labels"][0]
            .get("place")
            .is_none()
    );

    let sarif: serde_json::Value =
        serde_json::from_str(&out(&["check", "--no-config", "--format", "sarif", TABLE4])).unwrap();
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        region["properties"]["place"],
        serde_json::json!({"kind": "cell", "table": 3, "row": 4, "column": 10})
    );
    assert!(region["properties"].get("page").is_none());

    let gh = out(&["check", "--no-config", "--format", "github", TABLE4]);
    assert!(gh.contains("::第 3 个表格第 4 行第 10 列："), "{gh}");
}
