//! 表三 in markdown as OCR converters write it: one small table per row under a heading that
//! repeats the row's label. Found by the corpus recall test: with the 2019 form's single row
//! （六）其他处理, the heading was taken for the group label of the 2021 form's three sub-rows,
//! and the row's values were lost.

use std::fmt::Write as _;

use gongkai_core::Cell;
use gongkai_core::template::{
    APPLICANT_COLUMNS, APPLICATION_OTHER_HANDLING_SINGLE, APPLICATION_ROWS, SECTIONS,
};
use gongkai_reader::ReadOptions;

/// A 2019-format report whose 表三 is one table per row, row `k` holding `k` in every cell
/// but the total (`6k`).
fn per_row_2019() -> String {
    let mut md = String::from("# 某县人民政府2020年政府信息公开工作年度报告\n\n");
    for s in &SECTIONS {
        let _ = write!(md, "## {}、{}\n\n正文。\n\n", s.number, s.heading);
        if s.id != "applications" {
            continue;
        }
        let header: Vec<&str> = APPLICANT_COLUMNS.iter().map(|c| c.label).collect();
        let rows = APPLICATION_ROWS
            .iter()
            .filter(|r| !r.id.starts_with("other_"))
            .flat_map(|r| {
                if r.id == "total" {
                    vec![&APPLICATION_OTHER_HANDLING_SINGLE, r]
                } else {
                    vec![r]
                }
            });
        for (k, r) in rows.enumerate() {
            let _ = write!(
                md,
                "### {}\n| 类别 | {} |\n|{}\n| {} | {} | {} |\n\n",
                r.label,
                header.join(" | "),
                "---|".repeat(8),
                r.label,
                vec![k.to_string(); 6].join(" | "),
                6 * k
            );
        }
    }
    md
}

#[test]
fn single_other_handling_row_under_its_own_heading_is_read() {
    let md = per_row_2019();
    let read = gongkai_reader::read(md.as_bytes(), "r.md", &ReadOptions::default()).unwrap();
    let apps = &read.report.applications;
    let row = apps.get("other_handling").expect("the single row is read");
    // It is the 21st row (k = 20): every applicant cell 20, total 120.
    let value = |row: &gongkai_core::ApplicantRow, column: &str| match row.cell(column) {
        Some(Cell::Present { value, .. }) => Some(*value),
        _ => None,
    };
    assert_eq!(value(row, "natural_person"), Some(20));
    assert_eq!(value(row, "total"), Some(120));
    let total = apps.get("total").expect("total row");
    assert_eq!(value(total, "total"), Some(126));
    let issues = format!("{:?}", read.report.issues);
    assert!(
        !issues.contains("RowMissing"),
        "no row reported missing: {issues}"
    );
}
