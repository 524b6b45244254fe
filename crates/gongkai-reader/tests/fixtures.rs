//! Reading the real reports in `tests/fixtures`: spans that point at exactly the digits read,
//! and values checked against the source.

mod common;

use gongkai_core::{Cell, FormatVersion, ReadIssueKind};
use unicode_normalization::UnicodeNormalization;

#[test]
fn every_cell_span_slices_to_its_raw_text() {
    for name in common::text_fixtures() {
        let x = common::extract(&name);
        let cells = common::cell_spans(&x.report);
        assert!(!cells.is_empty(), "{name}: no cells");
        for (path, raw, span) in cells {
            let slice = x.source.slice(span);
            let normalised: String = slice.nfkc().collect();
            assert_eq!(
                normalised, raw,
                "{name} {path}: span {span:?} slices to {slice:?}"
            );
            let loc = x.source.lines().locate(x.source.text(), span.offset);
            assert_eq!(
                (loc.line, loc.column),
                (span.line, span.column),
                "{name} {path}"
            );
        }
    }
}

fn count(c: &Cell<i64>) -> Option<i64> {
    c.value().copied()
}

#[test]
fn hongze_table_four_is_read_as_printed() {
    let x = common::extract("hongze-district-2023.txt");
    let r = &x.report.review_litigation;
    let got: Vec<Option<i64>> = ["review", "litigation_direct", "litigation_after_review"]
        .iter()
        .flat_map(|g| {
            let g = r.get(g).unwrap();
            ["upheld", "corrected", "other", "pending", "total"]
                .map(|c| count(g.cells.get(c).unwrap()))
        })
        .collect();
    let want: Vec<Option<i64>> = [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]
        .into_iter()
        .map(Some)
        .collect();
    assert_eq!(got, want);
    // The single-row （六）其他处理 and the typo label.
    let apps = &x.report.applications;
    assert!(apps.other_handling.is_found());
    assert!(!apps.other_no_correction.is_found());
    assert!(x.report.issues.iter().any(|i| matches!(
        &i.kind,
        ReadIssueKind::LabelVariant { row, .. } if row == "withheld_prohibited_by_law"
    )));
}

#[test]
fn huaian_money_and_large_counts() {
    let x = common::extract("huaian-city-2024.txt");
    let gongkai_core::ActiveDisclosure::F2021(ad) = &x.report.active_disclosure else {
        panic!("2021 format expected");
    };
    assert_eq!(
        ad.fees.amount.value().map(ToString::to_string).as_deref(),
        Some("96171.6")
    );
    assert_eq!(count(&ad.punishment.decisions), Some(3_985_758));
    assert_eq!(count(&x.report.applications.total.cells.total), Some(3050));
    assert_eq!(
        count(&x.report.applications.unavailable_not_held.cells.total),
        Some(769)
    );
    assert_eq!(x.report.metadata.format, FormatVersion::F2021);
    assert_eq!(x.report.metadata.year.as_ref().map(|y| y.value), Some(2024));
    assert!(x.report.issues.is_empty(), "{:?}", x.report.issues);
}

#[test]
fn shanghai_2019_format_with_blank_cells() {
    let x = common::extract("shanghai-govoffice-2019.tsv.txt");
    assert_eq!(x.report.metadata.format, FormatVersion::F2019);
    let gongkai_core::ActiveDisclosure::F2019(ad) = &x.report.active_disclosure else {
        panic!("2019 format expected");
    };
    assert_eq!(
        ad.procurement
            .amount
            .value()
            .map(ToString::to_string)
            .as_deref(),
        Some("251000")
    );
    assert_eq!(ad.procurement.amount_unit.as_deref(), Some("元"));
    assert_eq!(count(&ad.regulations.total_published), Some(524));
    let apps = &x.report.applications;
    assert_eq!(count(&apps.granted.cells.natural_person), Some(258));
    assert!(apps.granted.cells.total.is_blank());
    assert!(apps.other_handling.is_found());
    assert_eq!(count(&apps.total.cells.total), Some(805));
    let r = &x.report.review_litigation;
    assert_eq!(count(&r.review.cells.total), Some(7));
    assert_eq!(count(&r.litigation_direct.cells.total), Some(9));
    assert!(r.litigation_after_review.cells.total.is_blank());
}

#[test]
fn partial_reports_list_what_is_missing() {
    for name in [
        "partial-town-2023.txt",
        "partial-stats-bureau-2023.txt",
        "partial-gaoling-2021.txt",
    ] {
        let x = common::extract(name);
        let kinds: Vec<&ReadIssueKind> = x.report.issues.iter().map(|i| &i.kind).collect();
        assert!(kinds.contains(&&ReadIssueKind::Truncated), "{name}");
        assert!(
            kinds.iter().any(|k| matches!(k, ReadIssueKind::TableMissing { table } if table == "review_litigation")),
            "{name}"
        );
        assert!(
            kinds.iter().any(
                |k| matches!(k, ReadIssueKind::RowMissing { row, .. } if row == "carried_forward")
            ),
            "{name}"
        );
        let gongkai_core::ActiveDisclosure::F2021(ad) = &x.report.active_disclosure else {
            panic!("{name}: 2021 format expected");
        };
        assert!(
            ad.regulations.label.is_some() && ad.fees.label.is_some(),
            "{name}"
        );
    }
}

#[test]
fn narrative_numbers_keep_unit_words_and_spans() {
    let x = common::extract("xigong-emergency-2023.txt");
    let overview = x
        .report
        .section(gongkai_core::SectionId::Overview)
        .expect("section");
    let done = overview
        .numbers
        .iter()
        .find(|n| n.before.ends_with("全年办结"))
        .expect("全年办结 28 件");
    assert_eq!(
        (done.raw.as_str(), done.unit.as_deref()),
        ("28", Some("件"))
    );
    assert_eq!((done.span.line, done.span.column), (15, 1));
    // The line break inside the paragraph is gone from the text.
    assert!(overview.text.contains("全年办结28件。"));

    let x = common::extract("shanghai-govoffice-2019.tsv.txt");
    let overview = x
        .report
        .section(gongkai_core::SectionId::Overview)
        .expect("section");
    let share = overview
        .numbers
        .iter()
        .find(|n| n.before.ends_with("部分公开258件,占"))
        .expect("占33.9%");
    assert_eq!(share.value.to_string(), "33.9");
    assert_eq!(share.unit.as_deref(), Some("%"));
}

#[test]
fn every_narrative_span_slices_to_what_it_reports() {
    for name in common::text_fixtures() {
        let x = common::extract(&name);
        for section in &x.report.sections {
            for n in &section.numbers {
                let slice: String = x.source.slice(n.span).nfkc().collect();
                assert_eq!(slice, n.raw, "{name} {:?}", section.id);
                assert_eq!(
                    section.text.get(n.offset..n.offset + n.raw.len()),
                    Some(n.raw.as_str())
                );
            }
            for s in &section.sentences {
                let text = section
                    .text
                    .get(s.offset..s.offset + s.length)
                    .expect("in text");
                // A sentence across a page break spans the footer line, which the text leaves out.
                let slice: String = x
                    .source
                    .slice(s.span)
                    .lines()
                    .filter(|l| !is_footer_line(l))
                    .collect::<String>()
                    .nfkc()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                assert_eq!(slice, text, "{name} {:?}", section.id);
            }
        }
    }
}

fn is_footer_line(line: &str) -> bool {
    let t = line.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.starts_with(['-', '—'])
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '—' | ' '))
}
