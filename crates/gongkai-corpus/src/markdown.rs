//! Markdown, as converters write it: `#` headings, paragraphs, pipe tables — 表三 either as one
//! table (group labels in their own cells on the first row of a group) or as one small table per
//! row under a heading naming the row (as an OCR converter split it).

use gongkai_core::template::{APPLICANT_COLUMNS, APPLICATIONS_BALANCE_NOTE, REVIEW_COLUMNS};

use crate::model::{Cell, Facts, Model};
use crate::narrative::{self, Spacing};
use crate::rng::Rng;

fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for r in rows {
        out.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    out.push('\n');
}

fn blank_md(c: &Cell) -> String {
    match c {
        Cell::Blank("") => " ".to_owned(),
        c => c.text(),
    }
}

/// Renders `m` as markdown.
pub(crate) fn render(m: &Model, truth: &Facts, rng: &mut Rng) -> (&'static str, Vec<u8>) {
    let per_row = rng.chance(0.3);
    let n = narrative::write(m, truth, rng, Spacing(false));
    let mut out = format!("# {}\n\n", n.title);
    for p in &n.intro {
        out.push_str(p);
        out.push_str("\n\n");
    }
    for (i, id) in narrative::ORDER.iter().enumerate() {
        if Some(*id) == m.missing_section {
            continue;
        }
        let t = id.template();
        out.push_str(&format!("## {}、{}\n\n", t.number, t.heading));
        for p in &n.sections[i] {
            out.push_str(p);
            out.push_str("\n\n");
        }
        match i {
            1 => {
                for item in &m.t2 {
                    out.push_str(&format!("### {}\n", item.heading));
                    let mut header = vec!["信息内容"];
                    header.extend(item.columns.iter().copied());
                    let rows: Vec<Vec<String>> = item
                        .rows
                        .iter()
                        .map(|r| {
                            let mut v = vec![r.label.to_owned()];
                            v.extend(r.cells.iter().map(blank_md));
                            v
                        })
                        .collect();
                    table(&mut out, &header, &rows);
                }
            }
            2 => {
                out.push_str(APPLICATIONS_BALANCE_NOTE);
                out.push_str("\n\n");
                let mut header = vec!["申请人情况"];
                header.extend(APPLICANT_COLUMNS.iter().map(|c| c.label));
                if per_row {
                    for r in m.rows3(rng, false) {
                        out.push_str(&format!("### {}\n", r.label));
                        let mut v = vec![r.label.clone()];
                        v.extend(r.cells.iter().map(blank_md));
                        table(&mut out, &header, &[v]);
                    }
                } else {
                    let rows: Vec<Vec<String>> = m
                        .rows3(rng, false)
                        .iter()
                        .map(|r| {
                            let mut v: Vec<String> = Vec::new();
                            v.extend(r.outer.map(str::to_owned));
                            v.extend(r.inner.map(str::to_owned));
                            v.push(r.label.clone());
                            v.extend(r.cells.iter().map(blank_md));
                            v
                        })
                        .collect();
                    table(&mut out, &header, &rows);
                }
            }
            3 => {
                let mut header: Vec<String> = Vec::new();
                for g in ["行政复议", "未经复议直接起诉", "复议后起诉"] {
                    for c in &REVIEW_COLUMNS {
                        header.push(format!("{g}{}", c.label));
                    }
                }
                let header: Vec<&str> = header.iter().map(String::as_str).collect();
                let values: Vec<String> = m.t4.iter().flatten().map(blank_md).collect();
                table(&mut out, &header, &[values]);
            }
            5 => {
                for s in &n.signature {
                    out.push_str(s);
                    out.push_str("\n\n");
                }
            }
            _ => {}
        }
    }
    (if per_row { "per-row" } else { "pipe" }, out.into_bytes())
}
