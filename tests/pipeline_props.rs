//! Property test of the whole pipeline: report-like documents assembled from the form's labels
//! (`gongkai_core::template`) and numbers, written as text, markdown and HTML, then mutated
//! (labels broken, cells blanked or replaced by odd values, lines dropped, duplicated or
//! swapped, junk inserted), are read and checked with every built-in rule without a panic;
//! every finding's labels lie inside the source, on character boundaries, at the line and
//! column of their offset; the JSON output validates against `schemas/diagnostics.schema.json`.
//! Bounded so it runs in `cargo test`; the unbounded version is the `check` fuzz target.

use std::fmt::Write as _;
use std::sync::OnceLock;

use gongkai::{Checker, HumanOptions, JsonOutput, Lang, Summary};
use gongkai_core::template::{
    ACTIVE_DISCLOSURE_2019, ACTIVE_DISCLOSURE_2021, APPLICANT_COLUMNS, APPLICATION_ROWS,
    BLANK_MARKERS, REVIEW_COLUMNS, REVIEW_GROUPS, SECTIONS, SectionId,
};
use proptest::prelude::*;

/// A line of the document before it is written in a format.
#[derive(Debug, Clone)]
enum Line {
    Text(String),
    Row(Vec<String>),
}

/// The skeleton of a report of the 2021 or 2019 form: headings, the tables' rows with their
/// labels and a value per cell (taken from `numbers` in turn), and narrative sentences.
fn skeleton(v2019: bool, numbers: &[u32]) -> Vec<Line> {
    let mut n = numbers.iter().cycle();
    let mut num = || n.next().map_or_else(|| "0".to_owned(), u32::to_string);
    let mut out = vec![Line::Text(
        "某某区人民政府2023年政府信息公开工作年度报告".into(),
    )];
    for s in &SECTIONS {
        out.push(Line::Text(format!("{}、{}", s.number, s.heading)));
        match s.section {
            SectionId::Overview => out.push(Line::Text(format!(
                "本年共收到政府信息公开申请{}件，办结{}件，行政复议{}件。",
                num(),
                num(),
                num()
            ))),
            SectionId::ActiveDisclosure => {
                let items: &[_] = if v2019 {
                    &ACTIVE_DISCLOSURE_2019
                } else {
                    &ACTIVE_DISCLOSURE_2021
                };
                for item in items {
                    out.push(Line::Text(item.heading.to_owned()));
                    let mut head = vec!["信息内容".to_owned()];
                    head.extend(item.columns.iter().map(|c| c.label.to_owned()));
                    out.push(Line::Row(head));
                    for r in item.rows {
                        let mut row = vec![r.label.to_owned()];
                        row.extend(item.columns.iter().map(|_| num()));
                        out.push(Line::Row(row));
                    }
                }
            }
            SectionId::Applications => {
                let mut head = vec![
                    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
                        .to_owned(),
                ];
                head.extend(APPLICANT_COLUMNS.iter().map(|c| c.label.to_owned()));
                out.push(Line::Row(head));
                for r in &APPLICATION_ROWS {
                    let mut row: Vec<String> = r.group.map(str::to_owned).into_iter().collect();
                    row.push(r.label.to_owned());
                    row.extend(APPLICANT_COLUMNS.iter().map(|_| num()));
                    out.push(Line::Row(row));
                }
            }
            SectionId::ReviewLitigation => {
                let mut head: Vec<String> =
                    REVIEW_GROUPS.iter().map(|g| g.label.to_owned()).collect();
                out.push(Line::Row(std::mem::take(&mut head)));
                let cols: Vec<String> = REVIEW_GROUPS
                    .iter()
                    .flat_map(|_| REVIEW_COLUMNS.iter().map(|c| c.label.to_owned()))
                    .collect();
                out.push(Line::Row(cols.clone()));
                out.push(Line::Row(cols.iter().map(|_| num()).collect()));
            }
            SectionId::Problems | SectionId::Other => {
                out.push(Line::Text(format!(
                    "本年度收取信息处理费{}元，办结率{}%。",
                    num(),
                    num()
                )));
            }
        }
    }
    out
}

/// Odd values and syntax put into cells and lines by the mutations.
fn piece(i: usize) -> String {
    const EXTRA: &[&str] = &[
        "99999999999999999999999",
        "-3",
        "１２",
        "0.5",
        "1,234",
        "",
        " ",
        "\t",
        "|",
        "<td>",
        "</tr>",
        "&amp;",
        "\u{3000}",
        "\u{feff}",
        "\u{fffd}",
        "（七）总计",
        "- 2 -",
        "2023年",
        "件",
        "万元",
        "——",
        "<b>",
        "**",
        "\r",
        "&#x4e00;",
        "<!--",
        "㈠",
        "第二十条",
    ];
    let pool: Vec<&str> = BLANK_MARKERS.iter().chain(EXTRA).copied().collect();
    pool[i % pool.len()].to_owned()
}

#[derive(Debug, Clone)]
enum Edit {
    Cell(usize, usize, usize),
    BreakLabel(usize, usize),
    Drop(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Junk(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = 1usize << 12;
    prop_oneof![
        4 => (0..n, 0..n, 0..n).prop_map(|(a, b, c)| Edit::Cell(a, b, c)),
        2 => (0..n, 0..n).prop_map(|(a, b)| Edit::BreakLabel(a, b)),
        1 => (0..n).prop_map(Edit::Drop),
        1 => (0..n).prop_map(Edit::Duplicate),
        1 => (0..n, 0..n).prop_map(|(a, b)| Edit::Swap(a, b)),
        1 => (0..n, 0..n).prop_map(|(a, b)| Edit::Junk(a, b)),
    ]
}

// Short names for indices picked by proptest (line, cell, piece).
#[allow(clippy::many_single_char_names)]
fn apply(lines: &mut Vec<Line>, e: &Edit) {
    let n = lines.len();
    if n == 0 {
        return;
    }
    match *e {
        Edit::Cell(l, c, p) => match &mut lines[l % n] {
            Line::Row(cells) if !cells.is_empty() => {
                let k = c % cells.len();
                cells[k] = piece(p);
            }
            Line::Row(_) => {}
            Line::Text(t) => t.push_str(&piece(p)),
        },
        Edit::BreakLabel(l, at) => {
            // Break a label or sentence in two (a line break or a space inside it).
            let t = match &mut lines[l % n] {
                Line::Row(cells) if !cells.is_empty() => {
                    let k = at % cells.len();
                    &mut cells[k]
                }
                Line::Row(_) => return,
                Line::Text(t) => t,
            };
            let chars = t.chars().count();
            if chars > 1 {
                let cut = t
                    .char_indices()
                    .nth(1 + at % (chars - 1))
                    .map_or(0, |(i, _)| i);
                t.insert_str(cut, if at % 2 == 0 { "\n" } else { " " });
            }
        }
        Edit::Drop(l) => {
            lines.remove(l % n);
        }
        Edit::Duplicate(l) => {
            let d = lines[l % n].clone();
            lines.insert(l % n, d);
        }
        Edit::Swap(a, b) => lines.swap(a % n, b % n),
        Edit::Junk(l, p) => lines.insert(l % (n + 1), Line::Text(piece(p))),
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

fn write(lines: &[Line], format: usize) -> (String, &'static str) {
    let mut out = String::new();
    match format {
        0 => {
            for l in lines {
                match l {
                    Line::Text(t) => out.push_str(t),
                    Line::Row(c) => out.push_str(&c.join("\t")),
                }
                out.push('\n');
            }
            (out, "r.txt")
        }
        1 => {
            let mut in_table = false;
            for l in lines {
                match l {
                    Line::Text(t) => {
                        in_table = false;
                        out.push_str(t);
                        out.push_str("\n\n");
                    }
                    Line::Row(c) => {
                        let _ = writeln!(out, "| {} |", c.join(" | "));
                        if !in_table {
                            let _ = writeln!(out, "|{}", " --- |".repeat(c.len()));
                            in_table = true;
                        }
                    }
                }
            }
            (out, "r.md")
        }
        _ => {
            out.push_str("<html><body>\n");
            let mut in_table = false;
            for l in lines {
                match l {
                    Line::Text(t) => {
                        if in_table {
                            out.push_str("</table>\n");
                            in_table = false;
                        }
                        let _ = writeln!(out, "<p>{}</p>", html_escape(t));
                    }
                    Line::Row(c) => {
                        if !in_table {
                            out.push_str("<table>\n");
                            in_table = true;
                        }
                        out.push_str("<tr>");
                        for cell in c {
                            let _ = write!(out, "<td>{}</td>", html_escape(cell));
                        }
                        out.push_str("</tr>\n");
                    }
                }
            }
            out.push_str("</table></body></html>\n");
            (out, "r.html")
        }
    }
}

fn checker() -> &'static Checker {
    static C: OnceLock<Checker> = OnceLock::new();
    C.get_or_init(|| Checker::new().expect("built-in rules load"))
}

fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let text = include_str!("../schemas/diagnostics.schema.json");
        let schema: serde_json::Value = serde_json::from_str(text).expect("schema parses");
        jsonschema::validator_for(&schema).expect("schema compiles")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn mutated_reports_check_with_located_findings_and_valid_json(
        v2019 in any::<bool>(),
        numbers in proptest::collection::vec(0u32..5000, 1..40),
        edits in proptest::collection::vec(edit(), 0..12),
        format in 0..3usize,
    ) {
        let mut lines = skeleton(v2019, &numbers);
        for e in &edits {
            apply(&mut lines, e);
        }
        let (text, name) = write(&lines, format);
        let checked = match checker().check(text.as_bytes(), name) {
            Ok(c) => c,
            // Refusing a mutated document is fine; the error must still render.
            Err(e) => {
                let _ = e.to_failure(Lang::Zh);
                return Ok(());
            }
        };
        let source = &checked.extracted.source;
        let src = source.text();
        for f in checked.findings() {
            for l in &f.labels {
                let s = l.span;
                prop_assert!(s.offset + s.length <= src.len(), "{}: label outside the source", f.code);
                prop_assert!(src.is_char_boundary(s.offset) && src.is_char_boundary(s.offset + s.length),
                    "{}: label splits a character", f.code);
                let again = source.span(s.offset, s.offset + s.length);
                prop_assert_eq!((again.line, again.column), (s.line, s.column), "{}", f.code);
            }
        }
        let _ = checked.render(name, &HumanOptions::default());
        let file = checked.to_json(name, Lang::Zh);
        let mut summary = Summary::default();
        summary.add(&checked.view(name, None));
        let value = serde_json::to_value(JsonOutput::new(vec![file], summary)).expect("serialises");
        let errors: Vec<String> = validator().iter_errors(&value).map(|e| e.to_string()).collect();
        prop_assert!(errors.is_empty(), "JSON output breaks its schema: {:?}", errors);
    }
}
