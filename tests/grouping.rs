//! One wrong cell, one finding (issue 14): the table relations that a single corrected cell
//! explains are one diagnostic on that cell, the others under `also`; a narrative sentence the
//! wrong cell now contradicts stays a finding of its own; nothing is grouped on a guess. A text
//! cut short is one finding, with the sections, tables and rows the cut made unreadable under it.
//!
//! The reports are the 淮安 2024 text (verbatim, tests/fixtures) with one number changed.

use gongkai::{Checked, Checker, Finding, Severity};

const HUAIAN: &str = include_str!("fixtures/huaian-city-2024.txt");
/// The row of totals of 表三 as the report prints it.
const TOTALS: &str = "（七）总计 2932 53 0 0 61 4 3050";

fn check_with(row: &str, with: &str) -> Checked {
    assert!(HUAIAN.contains(row), "the fixture has {row}");
    let text = HUAIAN.replacen(row, with, 1);
    Checker::new()
        .expect("built-in rules load")
        .check(text.as_bytes(), "huaian-2024.txt")
        .expect("the report reads")
}

fn errors(checked: &Checked) -> Vec<&Finding> {
    checked
        .findings()
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

/// The text of a finding's primary label in the report.
fn primary_text<'a>(checked: &'a Checked, f: &Finding) -> &'a str {
    let l = f.primary_label().expect("a primary label");
    &checked.extracted.source.text()[l.span.offset..l.span.end()]
}

#[test]
fn the_unchanged_report_has_no_error() {
    let checked = check_with(TOTALS, TOTALS);
    assert!(errors(&checked).is_empty(), "{:#?}", checked.findings());
}

#[test]
fn a_wrong_grand_total_is_one_table_finding_plus_the_sentence_it_contradicts() {
    // 3050 → 3051: its row (six columns add up to 3050), its column (the outcomes add up to
    // 3050) and the 总计 column's balance (3119 + 34 = 3050 + 103) break, and the narrative says
    // "答复 3050 件".
    let checked = check_with(TOTALS, "（七）总计 2932 53 0 0 61 4 3051");
    let errors = errors(&checked);
    let top: Vec<&str> = errors.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(
        top,
        [
            "narrative-handled-mismatch",
            "applications-balance-mismatch"
        ],
        "{errors:#?}"
    );
    let table = errors[1];
    assert_eq!(primary_text(&checked, table), "3051");
    assert_eq!(table.expected.as_deref(), Some("3050"));
    let mut also = codes(&table.also);
    also.sort_unstable();
    assert_eq!(
        also,
        [
            "applications-total-column-mismatch",
            "applications-total-row-mismatch"
        ]
    );
    // Each of them proposed this same cell and value: their advice stays.
    for a in &table.also {
        assert_eq!(a.expected.as_deref(), Some("3050"), "{a:#?}");
        assert!(a.also.is_empty());
    }
    // The sentence is a second place to correct, not folded in.
    assert!(errors[0].also.is_empty());
}

#[test]
fn a_wrong_column_total_is_one_finding_on_that_cell() {
    // 自然人's total 2932 → 2933: the column's sum and balance blame 2933 (should be 2932);
    // the row of totals blames 总计 3050 (should be 3051) — setting 2933 back to 2932 mends
    // all three, setting 3050 to 3051 would break the 总计 column: the finding is on 2933.
    let checked = check_with(TOTALS, "（七）总计 2933 53 0 0 61 4 3050");
    let errors = errors(&checked);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let f = errors[0];
    assert_eq!(primary_text(&checked, f), "2933");
    assert_eq!(f.expected.as_deref(), Some("2932"));
    assert_eq!(f.also.len(), 2, "{f:#?}");
    let column = f
        .also
        .iter()
        .find(|a| a.code == "applications-total-column-mismatch")
        .expect("the row of totals' relation is under also");
    // It proposed 3051 for another cell; that advice would contradict this finding's.
    assert_eq!(column.expected, None);
    assert_eq!(column.help, None);
    let row = f
        .also
        .iter()
        .find(|a| a.code != "applications-total-column-mismatch")
        .expect("the second relation");
    assert_eq!(row.expected.as_deref(), Some("2932"));
}

#[test]
fn findings_no_single_proposed_correction_explains_stay_apart() {
    // An inner cell (予以公开 / 自然人 1288 → 1289): the column's sum blames its total and the
    // row's sum blames the row's 总计; neither correction mends the other relation without
    // breaking one that holds, so nothing is grouped.
    let checked = check_with(
        "（一）予以公开 1288 21 0 0 50 3 1362",
        "（一）予以公开 1289 21 0 0 50 3 1362",
    );
    let errors = errors(&checked);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors.iter().all(|f| f.also.is_empty()), "{errors:#?}");
}

#[test]
fn two_wrong_totals_are_two_findings() {
    // Two independent slips in two columns: each is grouped on its own cell.
    let checked = check_with(TOTALS, "（七）总计 2933 54 0 0 61 4 3050");
    let errors = errors(&checked);
    let cells: Vec<&str> = errors.iter().map(|f| primary_text(&checked, f)).collect();
    assert!(
        cells.contains(&"2933") && cells.contains(&"54"),
        "{errors:#?}"
    );
    // The row of totals is now off by 2, which neither single correction mends: it stays a
    // finding of its own rather than being given to one of them.
    assert!(
        errors
            .iter()
            .all(|f| f.code != "applications-total-column-mismatch" || f.also.is_empty()),
        "{errors:#?}"
    );
}

/// The 淮安 text cut after its first `lines` lines, without the lines containing `drop`.
fn cut(lines: usize, drop: Option<&str>) -> Checked {
    let mut text = HUAIAN
        .lines()
        .take(lines)
        .filter(|l| drop.is_none_or(|d| !l.starts_with(d)))
        .collect::<Vec<_>>()
        .join("\n");
    text.push('\n');
    Checker::new()
        .expect("built-in rules load")
        .check(text.as_bytes(), "huaian-2024-cut.txt")
        .expect("the report reads")
}

#[test]
fn a_text_cut_short_in_table_3_is_one_finding_with_what_it_made_unreadable() {
    // Cut after "4.保护第三方合法权益": the rest of 表三, 表四 and sections 四–六 are missing.
    let checked = cut(110, None);
    let errors = errors(&checked);
    assert_eq!(
        codes_of(&errors),
        ["structure-text-truncated"],
        "{errors:#?}"
    );
    let also = &errors[0].also;
    let count = |code: &str| also.iter().filter(|f| f.code == code).count();
    assert_eq!(count("structure-section-missing"), 3, "{also:#?}");
    assert_eq!(count("structure-table-missing"), 1, "{also:#?}");
    // From "5.属于三类内部事务信息" to "四、结转下年度继续办理": 17 rows of 表三.
    assert_eq!(count("structure-row-missing"), 17, "{also:#?}");
    assert_eq!(also.len(), 21);
}

#[test]
fn what_is_missing_before_the_cut_stays_a_finding_of_its_own() {
    // The same cut, and the row 规章 of 表二 left out: that row is not the cut's doing.
    let checked = cut(110, Some("规章 1 0 11"));
    let errors = errors(&checked);
    assert_eq!(
        codes_of(&errors),
        ["structure-row-missing", "structure-text-truncated"],
        "{errors:#?}"
    );
    assert!(errors[0].message.contains("规章"), "{:#?}", errors[0]);
    assert!(errors[0].also.is_empty());
    assert_eq!(errors[1].also.len(), 21);
}

fn codes_of<'a>(findings: &[&'a Finding]) -> Vec<&'a str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}
