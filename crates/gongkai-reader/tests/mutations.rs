//! The same report written differently must read to the same values: line ends, encodings,
//! full-width digits, page footers inside tables, labels broken anywhere, a row's last value
//! on the next line.

mod common;

use gongkai_core::Report;
use gongkai_reader::{ReadOptions, read};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

const REPORTS: [&str; 3] = [
    "xigong-emergency-2023.txt",
    "huaian-city-2024.txt",
    "hongze-district-2023.txt",
];

/// Every cell of tables 2–4 and every row label's presence: path, status and raw text.
fn values(report: &Report) -> Vec<String> {
    fn go(path: &str, v: &Value, out: &mut Vec<String>) {
        let Some(o) = v.as_object() else { return };
        if let Some(status) = o.get("status") {
            out.push(format!(
                "{path} {status} {}",
                o.get("raw").unwrap_or(&Value::Null)
            ));
            return;
        }
        for (k, c) in o {
            if k == "label" {
                out.push(format!("{path}.label found={}", !c.is_null()));
            } else {
                go(&format!("{path}.{k}"), c, out);
            }
        }
    }
    let v = serde_json::to_value(report).expect("serializes");
    let mut out = vec![format!("format {}", v["metadata"]["format"])];
    for t in ["active_disclosure", "applications", "review_litigation"] {
        go(t, &v[t], &mut out);
    }
    out
}

fn read_bytes(bytes: &[u8], name: &str) -> gongkai_reader::Extracted {
    read(bytes, name, &ReadOptions::default()).expect("mutated report reads")
}

/// Spans still slice to the raw text of each cell.
fn assert_spans(x: &gongkai_reader::Extracted, what: &str) {
    for (path, raw, span) in common::cell_spans(&x.report) {
        let slice: String = x.source.slice(span).nfkc().collect();
        assert_eq!(slice, raw, "{what}: {path} at {span:?}");
    }
}

fn check(name: &str, what: &str, mutated: &[u8]) {
    let original = values(&common::extract(name).report);
    let x = read_bytes(mutated, name);
    assert_spans(&x, &format!("{name} {what}"));
    let got = values(&x.report);
    for (a, b) in original.iter().zip(&got) {
        assert_eq!(a, b, "{name}: {what}");
    }
    assert_eq!(original.len(), got.len(), "{name}: {what}");
}

fn text(name: &str) -> String {
    String::from_utf8(common::fixture(name)).expect("utf-8 fixture")
}

#[test]
fn crlf_line_ends() {
    for name in REPORTS {
        check(name, "CRLF", text(name).replace('\n', "\r\n").as_bytes());
    }
}

#[test]
fn gb18030_encoding() {
    for name in REPORTS {
        let original = text(name);
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&original);
        assert!(!unmappable);
        check(name, "GB18030", &bytes);
        let x = read_bytes(&bytes, name);
        assert_eq!(x.report.metadata.encoding, "GB18030");
    }
}

#[test]
fn utf8_byte_order_mark() {
    for name in REPORTS {
        let mut bytes = vec![0xef, 0xbb, 0xbf];
        bytes.extend_from_slice(text(name).as_bytes());
        check(name, "BOM", &bytes);
    }
}

#[test]
fn utf16_with_byte_order_mark() {
    for name in REPORTS {
        let mut bytes = vec![0xff, 0xfe];
        for u in text(name).encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        check(name, "UTF-16LE", &bytes);
    }
}

#[test]
fn full_width_digits() {
    for name in REPORTS {
        let wide: String = text(name)
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xff10).unwrap_or(c),
                '.' => '．',
                c => c,
            })
            .collect();
        check(name, "full-width digits", wide.as_bytes());
    }
}

#[test]
fn page_footers_inside_tables() {
    let footers = ["- 7 -", "— 12 —", "第 3 页", "3/10", "第2页 共9页"];
    for name in REPORTS {
        let mut out = String::new();
        for (i, line) in text(name).lines().enumerate() {
            out.push_str(line);
            out.push('\n');
            if i % 2 == 1 {
                out.push_str(footers[i % footers.len()]);
                out.push('\n');
            }
        }
        check(name, "footers", out.as_bytes());
    }
}

#[test]
fn labels_broken_at_every_character() {
    for name in REPORTS {
        let source = text(name);
        let x = common::extract(name);
        let v = serde_json::to_value(&x.report).expect("serializes");
        let mut spans = Vec::new();
        for t in ["active_disclosure", "applications"] {
            if let Some(rows) = v[t].as_object() {
                for row in rows.values() {
                    if let Some(label) = row.get("label").filter(|l| !l.is_null()) {
                        let span: gongkai_core::Span =
                            serde_json::from_value(label["span"].clone()).expect("span");
                        spans.push(span);
                    }
                }
            }
        }
        assert!(spans.len() > 25, "{name}: labels found");
        for span in spans {
            let range = span.range();
            let breaks: Vec<usize> = source[range.clone()]
                .char_indices()
                .skip(1)
                .map(|(i, _)| range.start + i)
                .collect();
            for at in breaks {
                let mut m = source.clone();
                m.insert(at, '\n');
                check(name, &format!("label broken at byte {at}"), m.as_bytes());
            }
        }
    }
}

#[test]
fn last_value_of_a_row_on_the_next_line() {
    for name in REPORTS {
        let moved: String = text(name)
            .lines()
            .map(|line| match line.rsplit_once(' ') {
                Some((head, last))
                    if !head.trim().is_empty() && last.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    format!("{head}\n{last}\n")
                }
                _ => format!("{line}\n"),
            })
            .collect();
        check(name, "last value moved", moved.as_bytes());
    }
}

#[test]
fn labels_with_characters_dropped_or_changed_are_read_and_reported() {
    let name = "huaian-city-2024.txt";
    let typos = [
        ("4.保护第三方合法权益", "4.保护第三方合法权"),
        ("6.属于四类过程性信息", "6.属于四类过裎性信息"),
        ("1.信访举报投诉类申请", "1.信访举报投拆类申请"),
        ("4.无正当理由大量反复申请", "4.无正当理由反复申请"),
    ];
    let mut t = text(name);
    for (good, bad) in typos {
        assert!(t.contains(good));
        t = t.replacen(good, bad, 1);
    }
    check(name, "typos in labels", t.as_bytes());
    let x = read_bytes(t.as_bytes(), name);
    let variants: Vec<(String, bool)> = x
        .report
        .issues
        .iter()
        .filter_map(|i| match &i.kind {
            gongkai_core::ReadIssueKind::LabelVariant { found, .. } => {
                Some((found.clone(), i.span.is_some()))
            }
            _ => None,
        })
        .collect();
    for (_, bad) in typos {
        assert!(
            variants.contains(&(bad.to_owned(), true)),
            "{bad}: {variants:?}"
        );
    }
}

#[test]
fn signed_changes_of_the_2019_form() {
    let name = "shanghai-govoffice-2019.tsv.txt";
    let t = text(name).replace("行政许可\t0\t0\t0", "行政许可\t120\t+1036\t3");
    let t = t.replace("行政处罚\t0\t0\t0", "行政处罚\t9\t-2\t1");
    let x = read_bytes(t.as_bytes(), name);
    let gongkai_core::ActiveDisclosure::F2019(ad) = &x.report.active_disclosure else {
        panic!("2019 format");
    };
    assert_eq!(ad.licensing.change.value(), Some(&1036));
    assert_eq!(ad.licensing.change.raw(), Some("+1036"));
    assert_eq!(ad.punishment.change.value(), Some(&-2));
    assert_eq!(ad.licensing.decisions.value(), Some(&3));
}

#[test]
fn a_missing_row_is_reported_where_it_was_expected() {
    let name = "hongze-district-2023.txt";
    let t = text(name).replace("2.重复申请 0 0 0 0 0 0 0\n", "");
    let x = read_bytes(t.as_bytes(), name);
    assert!(!x.report.applications.not_processed_repeated.is_found());
    let issue = x
        .report
        .issues
        .iter()
        .find(|i| matches!(&i.kind, gongkai_core::ReadIssueKind::RowMissing { row, .. } if row == "not_processed_repeated"))
        .expect("row_missing issue");
    // Right after the row before it (line 103 of the fixture).
    assert_eq!(issue.span.map(|s| s.line), Some(103));
    // The rows after it are still read.
    assert_eq!(
        x.report
            .applications
            .not_processed_publication
            .cells
            .total
            .value(),
        Some(&0)
    );
}

/// The section headings found, each as its section and the text its span slices to.
fn headings(x: &gongkai_reader::Extracted) -> Vec<String> {
    x.report
        .sections
        .iter()
        .filter_map(|s| {
            let h = s.heading.as_ref()?;
            Some(format!("{:?} {}", s.id, x.source.slice(h.span)))
        })
        .collect()
}

#[test]
fn a_report_whose_line_breaks_were_lost() {
    // A page's text copied without its line breaks: one long line, the words and cells
    // separated by spaces. Every cell, the title's organisation and year and the six headings
    // read as from the original.
    for name in REPORTS {
        let one_line = text(name).replace('\n', " ");
        check(name, "one line", one_line.as_bytes());
        let (original, x) = (common::extract(name), read_bytes(one_line.as_bytes(), name));
        let meta = |x: &gongkai_reader::Extracted| {
            let m = &x.report.metadata;
            (
                m.organisation.as_ref().map(|o| o.value.clone()),
                m.year.as_ref().map(|y| y.value),
            )
        };
        assert_eq!(meta(&original), meta(&x), "{name}");
        let found = headings(&x);
        assert_eq!(found.len(), headings(&original).len(), "{name}: {found:?}");
        assert_eq!(found, headings(&original), "{name}");
        assert!(
            !x.report
                .issues
                .iter()
                .any(|i| matches!(i.kind, gongkai_core::ReadIssueKind::SectionMissing { .. })),
            "{name}: {:?}",
            x.report.issues
        );
    }
}

#[test]
fn a_heading_in_the_middle_of_a_line_of_narrative() {
    // The overview's paragraph runs on into the next heading ("…成效。二、主动公开政府信息
    // 情况"); the heading is found where it is, and its body read.
    let name = "hongze-district-2023.txt";
    let original = text(name);
    let heading = "\n二、主动公开政府信息情况\n";
    assert!(original.contains(heading));
    let run_on = original.replacen(heading, "二、主动公开政府信息情况", 1);
    check(name, "heading inside a line", run_on.as_bytes());
    let x = read_bytes(run_on.as_bytes(), name);
    let found = headings(&x);
    assert!(
        found.contains(&"ActiveDisclosure 二、主动公开政府信息情况".to_owned()),
        "{found:?}"
    );
    assert_eq!(found.len(), 6, "{found:?}");
    // A numbered item of the narrative that only looks like a heading stays narrative: not
    // after a sentence end, or not the heading's words.
    for not_heading in [
        "共二、主动公开政府信息情况",
        "。二、主动公开的重点领域",
        "第十二、主动公开政府信息情况",
    ] {
        let with = original.replacen(
            "一、总体情况\n",
            &format!("一、总体情况\n本机关{not_heading}。\n"),
            1,
        );
        let x = read_bytes(with.as_bytes(), name);
        let ad: Vec<_> = x
            .report
            .sections
            .iter()
            .filter(|s| s.id == gongkai_core::SectionId::ActiveDisclosure)
            .filter_map(|s| s.heading.as_ref().map(|h| h.span.offset))
            .collect();
        assert_eq!(
            ad,
            vec![with.find("二、主动公开政府信息情况\n").unwrap()],
            "{not_heading}"
        );
    }
}

#[test]
fn a_report_with_its_own_numbering_and_captioned_tables() {
    use gongkai_core::ReadIssueKind as K;
    // The narrative numbered 一、二、三、… on its own (总体情况, 工作机制保障, 存在的主要问题…,
    // 其他需要报告的事项), then the three tables under their captions numbered 一、二、三: every
    // part is found (a label variant each where the number differs), none is "missing", and the
    // tables read as in the original.
    let name = "hongze-district-2023.txt";
    let original = text(name);
    let lines: Vec<&str> = original.lines().collect();
    let at = |h: &str| lines.iter().position(|l| *l == h).expect(h);
    let (i2, i3, i4, i5, i6) = (
        at("二、主动公开政府信息情况"),
        at("三、收到和处理政府信息公开申请情况"),
        at("四、政府信息公开行政复议、行政诉讼情况"),
        at("五、存在的主要问题及改进情况"),
        at("六、其他需要报告的事项"),
    );
    let mut out: Vec<&str> = lines[..i2].to_vec();
    out.extend([
        "二、工作机制保障",
        "本机关健全政府信息公开工作机制，明确专人负责。",
    ]);
    out.push("三、存在的主要问题及改进情况");
    out.extend(&lines[i5 + 1..i6]);
    out.push("四、其他需要报告的事项");
    out.extend(&lines[i6 + 1..]);
    out.extend(["附表", "一、主动公开政府信息情况"]);
    out.extend(&lines[i2 + 1..i3]);
    out.push("二、收到和处理政府信息公开申请情况");
    out.extend(&lines[i3 + 1..i4]);
    out.push("三、政府信息公开行政复议、行政诉讼情况");
    out.extend(&lines[i4 + 1..i5]);
    let own = out.join("\n") + "\n";
    check(name, "own numbering", own.as_bytes());
    let x = read_bytes(own.as_bytes(), name);
    let kinds: Vec<&K> = x.report.issues.iter().map(|i| &i.kind).collect();
    assert!(
        !kinds
            .iter()
            .any(|k| matches!(k, K::SectionMissing { .. } | K::Truncated)),
        "{kinds:?}"
    );
    let mut variants: Vec<String> = x
        .report
        .issues
        .iter()
        .filter_map(|i| match &i.kind {
            K::SectionVariant { found, .. } => Some(found.clone()),
            _ => None,
        })
        .collect();
    variants.sort();
    let mut expected = [
        "一、主动公开政府信息情况",
        "二、收到和处理政府信息公开申请情况",
        "三、政府信息公开行政复议、行政诉讼情况",
        "三、存在的主要问题及改进情况",
        "四、其他需要报告的事项",
    ]
    .map(String::from);
    expected.sort();
    assert_eq!(variants, expected);
    // Narrative sub-headings of one's own numbering are not parts: "二、工作机制保障" is in 一.
    let overview = &x.report.sections[0];
    assert!(overview.text.contains("工作机制"), "{}", overview.text);
}
