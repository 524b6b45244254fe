//! How sure the reading of each table is (issue 11): a table that a converter cut into
//! fragments — label rows here, their values some fragments later — is read *without
//! certainty*, and says so once; the samples are read with certainty.

use gongkai_core::{ReadIssueKind, UncertainReason};
use gongkai_reader::{Block, ReadOptions};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// The end of 沭阳 2025's 表三 as it is printed ...
const WHOLE: &str = "| 3. 其他 | 142 | 1 | 0 | 0 | 0 | 0 | 143 |
| （七）总计 | 710 | 3 | 0 | 0 | 5 | 0 | 718 |
| 四、结转下年度继续办理 | 31 | 0 | 0 | 0 | 0 | 0 | 31 |";

/// … and as a converter cut it: three label rows, then (with or without a repeated header
/// between them) the three rows of values.
fn fragmented(header: bool) -> String {
    let md = fixture("shuyang-county-2025.md");
    assert!(md.contains(WHOLE));
    let header = if header {
        "\n| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计 |\n|---|---|---|---|---|---|---|---|"
    } else {
        ""
    };
    md.replace(
        WHOLE,
        &format!(
            "| 3. 其他 |\n| （七）总计 |\n| 四、结转下年度继续办理 |{header}\n| 142 | 1 | 0 | 0 | 0 | 0 | 143 |\n| 710 | 3 | 0 | 0 | 5 | 0 | 718 |\n| 31 | 0 | 0 | 0 | 0 | 0 | 31 |"
        ),
    )
}

fn read(text: &str, name: &str) -> gongkai_core::Report {
    gongkai_reader::read(text.as_bytes(), name, &ReadOptions::default())
        .unwrap()
        .report
}

#[test]
fn a_fragmented_converter_table_is_uncertain_once_and_without_row_errors() {
    for header in [false, true] {
        let report = read(&fragmented(header), "r.md");
        assert!(!report.is_certain("applications"), "header {header}");
        // The rows read before the cut are still certain.
        assert!(
            report
                .uncertainty("applications", "granted", "total")
                .is_none()
        );
        // The values after the three labels: the first row's values went to the third label.
        let u = report
            .uncertainty("applications", "carried_forward", "total")
            .expect("结转下年度 is uncertain");
        assert_eq!(u.reason, UncertainReason::Fragmented);
        assert!(u.span.is_some());
        for row in ["other_other", "total"] {
            assert!(
                report.uncertainty("applications", row, "total").is_some(),
                "{row}, header {header}"
            );
        }
        let of_t3: Vec<&ReadIssueKind> = report
            .issues
            .iter()
            .map(|i| &i.kind)
            .filter(|k| {
                matches!(k,
                    ReadIssueKind::RowMissing { table, .. }
                    | ReadIssueKind::RowIncomplete { table, .. }
                    | ReadIssueKind::RowTooManyValues { table, .. }
                    | ReadIssueKind::TableUncertain { table, .. } if table == "applications")
            })
            .collect();
        assert_eq!(
            of_t3,
            vec![&ReadIssueKind::TableUncertain {
                table: "applications".into(),
                reason: UncertainReason::Fragmented,
                rows: 3,
            }],
            "header {header}"
        );
        // The other tables are not touched.
        assert!(report.is_certain("active_disclosure"));
        assert!(report.is_certain("review_litigation"));
    }
}

#[test]
fn the_samples_are_read_with_certainty() {
    for name in [
        "hongze-district-2023.txt",
        "huaian-city-2024.txt",
        "huaian-city-2024.html",
        "huaian-city-2024.layout.txt",
        "hongze-district-2023.layout.txt",
        "partial-gaoling-2021.txt",
        "partial-stats-bureau-2023.txt",
        "partial-town-2023.txt",
        "pingtan-2019.html",
        "pingtan-2020.html",
        "pingtan-2021.html",
        "pingtan-2022.html",
        "shanghai-govoffice-2019.tsv.txt",
        "shuyang-county-2025.md",
        "xigong-emergency-2023.txt",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(name);
        let bytes = std::fs::read(path).unwrap();
        let report = gongkai_reader::read(&bytes, name, &ReadOptions::default())
            .unwrap()
            .report;
        assert!(
            report.uncertain.is_empty(),
            "{name}: {:?}",
            report.uncertain
        );
        assert!(
            !report
                .issues
                .iter()
                .any(|i| matches!(i.kind, ReadIssueKind::TableUncertain { .. })),
            "{name}"
        );
    }
}

#[test]
fn a_cell_a_format_reader_marked_is_an_uncertain_cell() {
    let text = fixture("huaian-city-2024.txt");
    let source = gongkai_core::Source::new("r.txt", text);
    let mut doc = gongkai_reader::text_document(source, "UTF-8", "r.txt");
    let at = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Line(t) if t.as_str().contains("行政许可")))
        .expect("the 行政许可 line");
    assert_eq!(gongkai_reader::map(&doc).uncertain, vec![]);
    doc.mark_uncertain(at, None, UncertainReason::SplitWord);
    let report = gongkai_reader::map(&doc);
    let u = report
        .uncertainty("active_disclosure", "licensing", "decisions")
        .expect("the value read from the marked line");
    assert_eq!(u.reason, UncertainReason::SplitWord);
    assert_eq!(
        report
            .issues
            .iter()
            .filter(|i| matches!(i.kind, ReadIssueKind::TableUncertain { .. }))
            .count(),
        1
    );
}

/// A PDF's 表四 with a value fewer than the form's fifteen: the layout gives a cell per column
/// it found, so a missing value is a column it could not find, and which one is not known —
/// every value may stand one column off. The table is uncertain (one finding, a warning), not
/// rows "incomplete"; the same text read as text keeps its row error.
#[test]
fn a_pdf_table_four_short_of_a_value_is_uncertain() {
    let full = fixture("huaian-city-2024.txt");
    let line = "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20";
    assert!(full.contains(line));
    let text = full.replace(line, "72 64 178 37 351 13 4 8 1 26 12 1 1 6");
    let issues_of = |pdf: bool| {
        let source = gongkai_core::Source::new("r.txt", text.clone());
        let mut doc = gongkai_reader::text_document(source, "UTF-8", "r.txt");
        if pdf {
            doc.kind = gongkai_core::InputKind::Pdf;
        }
        let report = gongkai_reader::map(&doc);
        let of_t4: Vec<ReadIssueKind> = report
            .issues
            .iter()
            .map(|i| i.kind.clone())
            .filter(|k| {
                matches!(k,
                    ReadIssueKind::RowMissing { table, .. }
                    | ReadIssueKind::RowIncomplete { table, .. }
                    | ReadIssueKind::TableUncertain { table, .. } if table == "review_litigation")
            })
            .collect();
        (report.is_certain("review_litigation"), of_t4)
    };
    let (certain, issues) = issues_of(true);
    assert!(!certain);
    assert_eq!(
        issues,
        vec![ReadIssueKind::TableUncertain {
            table: "review_litigation".into(),
            reason: UncertainReason::AmbiguousLayout,
            rows: 3,
        }]
    );
    let (certain, issues) = issues_of(false);
    assert!(certain);
    assert!(
        matches!(issues.as_slice(), [ReadIssueKind::RowIncomplete { .. }]),
        "{issues:?}"
    );
}
