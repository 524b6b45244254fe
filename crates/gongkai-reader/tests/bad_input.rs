//! Bad input gets a specific error, never a panic; odd but readable input is read as far as it
//! goes, with what is missing listed.

mod common;

use gongkai_core::{Cell, ReadIssueKind, SectionId};
use gongkai_reader::{ReadError, ReadOptions, read};
use proptest::prelude::*;

fn err(bytes: &[u8]) -> ReadError {
    read(bytes, "x.txt", &ReadOptions::default()).expect_err("must be refused")
}

#[test]
fn empty_whitespace_binary_and_too_large() {
    assert!(matches!(err(b""), ReadError::Empty));
    assert!(matches!(err(b"  \r\n\t\n"), ReadError::WhitespaceOnly));
    assert!(matches!(
        err(b"\x7fELF\x02\x01\x01\0\0\0\0"),
        ReadError::Binary
    ));
    let mut options = ReadOptions::default();
    options.max_bytes = 10;
    assert!(matches!(
        read(&[b'a'; 11], "x.txt", &options),
        Err(ReadError::TooLarge {
            size: 11,
            limit: 10
        })
    ));
}

#[test]
fn mostly_undecodable_bytes_are_refused() {
    // Bytes that are no text in any encoding tried: continuation bytes only.
    let bytes: Vec<u8> = (0u8..=255)
        .cycle()
        .take(400)
        .map(|b| 0x80 | (b % 0x3f))
        .collect();
    let e = err(&bytes);
    assert!(
        matches!(e, ReadError::Undecodable { .. } | ReadError::NotAReport),
        "{e:?}"
    );
}

#[test]
fn a_meeting_notice_is_not_a_report() {
    let notice = "关于召开2024年政务公开工作会议的通知\n各有关单位：\n\
        经研究，定于2024年3月5日上午9时在区政府三楼会议室召开政务公开工作会议。\n\
        一、会议时间\n2024年3月5日\n二、参会人员\n各单位分管负责同志\n三、有关要求\n请准时参会。\n";
    assert!(matches!(err(notice.as_bytes()), ReadError::NotAReport));
}

#[test]
fn report_truncated_at_every_section_boundary_lists_what_is_missing() {
    let text = String::from_utf8(common::fixture("huaian-city-2024.txt")).expect("utf-8");
    let headings = [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ];
    for (i, h) in headings.iter().enumerate() {
        let cut = text.find(h).expect("heading in fixture");
        let x = read(&text.as_bytes()[..cut], "cut.txt", &ReadOptions::default())
            .expect("a truncated report still reads");
        let kinds: Vec<&ReadIssueKind> = x.report.issues.iter().map(|i| &i.kind).collect();
        assert!(kinds.contains(&&ReadIssueKind::Truncated), "cut before {h}");
        for id in &SectionId::ALL[i + 1..] {
            assert!(
                kinds.contains(&&ReadIssueKind::SectionMissing { section: *id }),
                "cut before {h}: {id:?} missing"
            );
        }
        // What is there is read: the sections before the cut keep their headings.
        for id in &SectionId::ALL[..=i] {
            assert!(x.report.section(*id).is_some_and(|s| s.heading.is_some()));
        }
    }
}

#[test]
fn huge_and_negative_numbers_are_kept_not_guessed() {
    let text = String::from_utf8(common::fixture("hongze-district-2023.txt")).expect("utf-8");
    let text = text
        .replace("行政处罚 4119", "行政处罚 99999999999999999999999")
        .replace("行政强制 195", "行政强制 -3");
    let x = read(text.as_bytes(), "h.txt", &ReadOptions::default()).expect("reads");
    let gongkai_core::ActiveDisclosure::F2021(ad) = &x.report.active_disclosure else {
        panic!("2021 format");
    };
    assert!(
        matches!(&ad.punishment.decisions, Cell::Invalid { raw, .. } if raw == "99999999999999999999999")
    );
    assert_eq!(ad.coercion.decisions.value(), Some(&-3));
}

#[test]
fn a_row_cut_short_is_incomplete_not_zero() {
    let text = String::from_utf8(common::fixture("hongze-district-2023.txt")).expect("utf-8");
    let text = text.replace("（七）总计 21 0 0 0 0 0 21", "（七）总计 21 0 0");
    let x = read(text.as_bytes(), "h.txt", &ReadOptions::default()).expect("reads");
    let total = &x.report.applications.total.cells;
    assert_eq!(total.commercial.value(), Some(&0));
    assert_eq!(total.research.value(), Some(&0));
    assert!(total.public_interest.is_missing() && total.total.is_missing());
    assert!(x.report.issues.iter().any(|i| matches!(
        &i.kind,
        ReadIssueKind::RowIncomplete { row, found: 3, expected: 7, .. } if row == "total"
    )));
}

const PIECES: &[&str] = &[
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "第二十条第（一）项",
    "规章",
    "行政事业性收费",
    "（六）其他处理",
    "（七）总计",
    "1.",
    "属于国家秘密",
    "四、结转下年度继续办理",
    "0",
    "12",
    "-",
    "—",
    "/",
    "无",
    "|",
    "||",
    "\t",
    " ",
    "\n",
    "\r\n",
    "- 3 -",
    "（",
    "）",
    "元",
    "１",
    "##",
    "| --- |",
    "2023年",
    "年度报告",
    "\u{feff}",
    "\u{fffd}",
    "㈠",
    "99999999999999999999",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = read(&bytes, "x.txt", &ReadOptions::default());
        let _ = read(&bytes, "x.md", &ReadOptions::default());
    }

    #[test]
    fn report_like_text_never_panics(idx in proptest::collection::vec(0..PIECES.len(), 0..300)) {
        let text: String = idx.iter().map(|&i| PIECES[i]).collect();
        for name in ["x.txt", "x.md"] {
            if let Ok(x) = read(text.as_bytes(), name, &ReadOptions::default()) {
                for (_, _, span) in common::cell_spans(&x.report) {
                    prop_assert!(span.end() <= x.source.text().len());
                    prop_assert!(x.source.text().is_char_boundary(span.offset));
                }
            }
        }
    }
}
