//! A report as published on a government portal (`huaian-city-2024.html`: the 淮安市 2024 report's
//! text and tables inside a typical portal page with navigation, breadcrumbs, a sidebar, scripts
//! and a footer, in a layout table; tables with rowspan/colspan and `&nbsp;` cells).

use gongkai_reader::{Block, Document, ReadOptions, Text};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(bytes: &[u8]) -> Document {
    gongkai_reader::read_document(bytes, "huaian-city-2024.html", &ReadOptions::default()).unwrap()
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.') && !s.ends_with('.')
}

fn units(d: &Document) -> Vec<&Text> {
    d.blocks
        .iter()
        .flat_map(|b| match b {
            Block::Line(t) => vec![t],
            Block::Row(cells) => cells.iter().collect(),
        })
        .collect()
}

/// The numbers of the text version of the same report between the tables' first heading and
/// section 五, page footers left out.
fn text_values() -> Vec<String> {
    let text = String::from_utf8(fixture("huaian-city-2024.txt")).unwrap();
    let start = text.find("二、主动公开政府信息情况").unwrap();
    let end = text.find("五、存在的主要问题").unwrap();
    text[start..end]
        .lines()
        .filter(|l| !l.trim().starts_with('-'))
        .flat_map(str::split_whitespace)
        .filter(|t| is_number(t))
        .map(str::to_owned)
        .collect()
}

fn table_values(d: &Document) -> Vec<String> {
    let all = units(d);
    let start = all
        .iter()
        .position(|t| t.as_str() == "二、主动公开政府信息情况")
        .unwrap();
    let end = all
        .iter()
        .position(|t| t.as_str().starts_with("五、存在"))
        .unwrap();
    all[start..end]
        .iter()
        .map(|t| t.as_str())
        .filter(|s| is_number(s))
        .map(str::to_owned)
        .collect()
}

fn row_with<'a>(d: &'a Document, label: &str) -> Vec<&'a str> {
    d.blocks
        .iter()
        .find_map(|b| match b {
            Block::Row(cells) if cells.iter().any(|c| c.as_str() == label) => {
                Some(cells.iter().map(Text::as_str).collect())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no row {label}"))
}

/// Line and column (1-based, in characters) of the first `needle` after `after` in `text`.
fn locate(text: &str, after: &str, needle: &str) -> (u32, u32) {
    let from = text.find(after).unwrap();
    let at = from + text[from..].find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    (line as u32, column as u32)
}

#[test]
fn tables_give_the_values_of_the_text_version() {
    let d = read(&fixture("huaian-city-2024.html"));
    assert_eq!(table_values(&d), text_values());
    let secret = row_with(&d, "1.属于国家秘密");
    assert_eq!(
        secret,
        [
            "三、本年度办理结果",
            "(三)不予公开",
            "1.属于国家秘密",
            "2",
            "0",
            "0",
            "0",
            "0",
            "0",
            "2"
        ]
    );
    assert_eq!(row_with(&d, "行政许可"), ["行政许可", "447228"]);
    assert_eq!(
        row_with(&d, "四、结转下年度继续办理"),
        [
            "四、结转下年度继续办理",
            "103",
            "0",
            "0",
            "0",
            "0",
            "0",
            "103"
        ]
    );
}

#[test]
fn portal_chrome_is_left_out() {
    let d = read(&fixture("huaian-city-2024.html"));
    let text: Vec<&str> = units(&d).iter().map(|t| t.as_str()).collect();
    for junk in [
        "首页",
        "当前位置",
        "主办单位",
        "不是正文",
        "相关链接",
        "分享到",
        "siteId",
    ] {
        assert!(!text.iter().any(|t| t.contains(junk)), "{junk} was read");
    }
    // The report itself is all there, title to the last sentence.
    assert!(text.contains(&"淮安市人民政府"));
    assert!(text.iter().any(|t| t.ends_with("信息处理费 3940 元。")));
}

#[test]
fn spans_land_on_the_line_and_column_of_the_number_in_the_file() {
    for gbk in [false, true] {
        let utf8 = String::from_utf8(fixture("huaian-city-2024.html")).unwrap();
        let page = if gbk {
            utf8.replace("charset=utf-8", "charset=gb2312")
        } else {
            utf8.clone()
        };
        let bytes = if gbk {
            encoding_rs::GBK.encode(&page).0.into_owned()
        } else {
            page.clone().into_bytes()
        };
        let d = read(&bytes);
        assert_eq!(d.encoding, if gbk { "GB18030" } else { "UTF-8" });
        assert_eq!(table_values(&d), text_values());
        for (label, value, nth) in [
            ("行政许可", "447228", 1),
            ("2.其他法律行政法规禁止公开", "31", 9),
        ] {
            let row = d
                .blocks
                .iter()
                .find_map(|b| match b {
                    Block::Row(cells) if cells.iter().any(|c| c.as_str() == label) => Some(cells),
                    _ => None,
                })
                .unwrap();
            let cell = row.iter().filter(|c| !c.is_empty()).nth(nth).unwrap();
            assert_eq!(cell.as_str(), value);
            let r = cell.source_range(0..cell.as_str().len());
            let span = d.source.span(r.start, r.end);
            assert_eq!(d.source.slice(span), value);
            let after = format!(">{label}<");
            let expected = locate(&page, &after, &format!(">{value}<"));
            assert_eq!((span.line, span.column - 1), expected, "{label} gbk={gbk}");
        }
    }
}

/// The tables of a report as JSON, without spans, raw texts and labels as found (which differ
/// between an HTML page and a text version by design).
fn tables(report: &gongkai_core::Report) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("span");
                m.remove("raw");
                m.remove("label");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::json!({
        "active_disclosure": report.active_disclosure,
        "applications": report.applications,
        "review_litigation": report.review_litigation,
    });
    strip(&mut v);
    v
}

#[test]
fn the_page_gives_the_report_of_the_text_version() {
    let options = ReadOptions::default();
    let txt = gongkai_reader::read(&fixture("huaian-city-2024.txt"), "t.txt", &options).unwrap();
    for gbk in [false, true] {
        let mut page = String::from_utf8(fixture("huaian-city-2024.html")).unwrap();
        let bytes = if gbk {
            page = page.replace("charset=utf-8", "charset=gb2312");
            encoding_rs::GBK.encode(&page).0.into_owned()
        } else {
            page.clone().into_bytes()
        };
        let html = gongkai_reader::read(&bytes, "huaian-city-2024.html", &options).unwrap();
        assert_eq!(tables(&html.report), tables(&txt.report), "gbk={gbk}");
        assert_eq!(html.report.metadata.input, gongkai_core::InputKind::Html);
        let year = html.report.metadata.year.as_ref().map(|y| y.value);
        assert_eq!(year, Some(2024));
        for (a, b) in html.report.sections.iter().zip(&txt.report.sections) {
            assert!(a.heading.is_some(), "{:?}", a.id);
            let values = |s: &gongkai_core::Section| {
                s.numbers
                    .iter()
                    .map(|n| n.value.to_string())
                    .collect::<Vec<_>>()
            };
            assert_eq!(values(a), values(b), "{:?}", a.id);
        }
        // 表三 一、本年新收 / 自然人 3001: its span is on the `3001` in the HTML file.
        let received = html.report.applications.get("new_received").unwrap();
        let cell = serde_json::to_value(received).unwrap();
        let span = &cell["natural_person"]["span"];
        let (line, column) = (
            span["line"].as_u64().unwrap(),
            span["column"].as_u64().unwrap(),
        );
        let file_line = page.lines().nth(line as usize - 1).unwrap();
        let at: String = file_line
            .chars()
            .skip(column as usize - 1)
            .take(4)
            .collect();
        assert_eq!(at, "3001");
    }
}

#[test]
fn the_portal_toolbar_is_no_part_of_the_title_or_organisation() {
    // The real 平潭 pages print "长者模式 退出长者模式 无障碍浏览" and a breadcrumb before the title.
    for year in 2019..=2022 {
        let name = format!("pingtan-{year}.html");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(&name);
        let bytes = std::fs::read(path).unwrap();
        let report = gongkai_reader::read(&bytes, &name, &gongkai_reader::ReadOptions::default())
            .unwrap()
            .report;
        let m = &report.metadata;
        assert_eq!(
            m.organisation.as_ref().map(|o| o.value.as_str()),
            Some("平潭综合实验区"),
            "{name}"
        );
        assert_eq!(
            m.title.as_ref().map(|t| t.value.clone()),
            Some(format!("平潭综合实验区{year}年度政府信息公开工作年度报告")),
            "{name}"
        );
        assert_eq!(m.year.as_ref().map(|y| y.value), Some(year), "{name}");
    }
}
