//! Plain-text layouts, as real reports reach us after conversion:
//!
//! - `pdf`: the text layer of a PDF — paragraphs wrapped at a fixed width, page footers
//!   ("- 3 -", "第3页 共9页") between any two lines, table rows as values separated by spaces,
//!   long row labels and group labels broken across lines, header cells broken mid-word;
//! - `tsv`: an HTML page flattened — a paragraph per line, table rows as TAB-separated cells,
//!   empty cells kept, group labels inline before the first row of the group;
//! - `cells`: a table flattened a cell per line, with blank lines or `|` lines between cells.

use gongkai_core::FormatVersion;
use gongkai_core::template::{
    APPLICANT_COLUMNS, APPLICATIONS_BALANCE_NOTE, REVIEW_COLUMNS, SectionId,
};

use crate::model::{Cell, Facts, Model};
use crate::narrative::{self, Narrative, Spacing};
use crate::rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Pdf,
    Tsv,
    Cells,
}

/// Renders `m` as text; returns the layout's name and the bytes.
pub(crate) fn render(m: &Model, truth: &Facts, rng: &mut Rng) -> (&'static str, Vec<u8>) {
    let layout = match rng.below(5) {
        0..=2 => Layout::Pdf,
        3 => Layout::Tsv,
        _ => Layout::Cells,
    };
    let sp = Spacing(layout == Layout::Pdf && rng.chance(0.5));
    let n = narrative::write(m, truth, rng, sp);
    let mut w = Writer {
        lines: Vec::new(),
        layout,
        width: usize::try_from(rng.range(24, 40)).unwrap_or(30),
        blank_between: layout == Layout::Cells || rng.chance(0.3),
        bar_cells: rng.chance(0.5),
    };
    body(m, &n, rng, &mut w);
    let mut lines = w.lines;
    if layout == Layout::Pdf {
        lines = paginate(lines, rng);
    }
    let mut text = lines.join("\n");
    text.push('\n');
    let name = match layout {
        Layout::Pdf => "pdf",
        Layout::Tsv => "tsv",
        Layout::Cells => "cells",
    };
    (name, text.into_bytes())
}

struct Writer {
    lines: Vec<String>,
    layout: Layout,
    width: usize,
    blank_between: bool,
    bar_cells: bool,
}

impl Writer {
    fn line(&mut self, s: impl Into<String>) {
        self.lines.push(s.into());
    }

    fn paragraph(&mut self, p: &str) {
        match self.layout {
            Layout::Pdf => {
                for l in wrap(p, self.width) {
                    self.lines.push(l);
                }
            }
            _ => self.lines.push(p.to_owned()),
        }
        if self.blank_between {
            self.lines.push(String::new());
        }
    }

    /// A table row: label cells, then values.
    fn row(&mut self, rng: &mut Rng, labels: &[&str], values: &[String]) {
        match self.layout {
            Layout::Tsv => {
                let mut cells: Vec<String> = labels.iter().map(|s| (*s).to_owned()).collect();
                cells.extend(values.iter().cloned());
                self.lines.push(cells.join("\t"));
            }
            Layout::Cells => {
                for c in labels
                    .iter()
                    .map(|s| (*s).to_owned())
                    .chain(values.iter().cloned())
                {
                    self.cell(&c);
                }
            }
            Layout::Pdf => {
                let values: Vec<String> = values
                    .iter()
                    .map(|v| {
                        if v.is_empty() {
                            "/".to_owned()
                        } else {
                            v.clone()
                        }
                    })
                    .collect();
                let mut pieces: Vec<String> = Vec::new();
                for l in labels {
                    pieces.extend(break_label(l, rng));
                }
                let joined = values.join(" ");
                let Some(last) = pieces.pop() else {
                    self.lines.push(joined);
                    return;
                };
                for p in pieces {
                    self.lines.push(p);
                }
                let broken = last.chars().count() > 4 && rng.chance(0.15);
                if broken && values.len() > 1 {
                    // Values on their own line, the last one wrapped (as in a narrow PDF column).
                    self.lines.push(last);
                    let (head, tail) = values.split_at(values.len() - 1);
                    self.lines.push(head.join(" "));
                    self.lines.push(tail.join(" "));
                } else if broken {
                    self.lines.push(last);
                    self.lines.push(joined);
                } else {
                    self.lines.push(format!("{last} {joined}"));
                }
            }
        }
    }

    fn cell(&mut self, c: &str) {
        self.lines.push(c.to_owned());
        if self.bar_cells {
            self.lines.push("|".to_owned());
        } else {
            self.lines.push(String::new());
        }
    }

    /// Header cells of a table (they carry no values).
    fn header(&mut self, rng: &mut Rng, cells: &[&str]) {
        match self.layout {
            Layout::Tsv => self.lines.push(cells.join("\t")),
            Layout::Cells => {
                for c in cells {
                    self.cell(c);
                }
            }
            Layout::Pdf => {
                if rng.chance(0.5) {
                    self.lines.push(cells.join(" "));
                } else {
                    for c in cells {
                        for p in break_label(c, rng) {
                            self.lines.push(p);
                        }
                    }
                }
            }
        }
    }
}

/// Breaks a label the way a narrow PDF cell does: into pieces of 2 to 14 characters, or not.
fn break_label(label: &str, rng: &mut Rng) -> Vec<String> {
    let chars: Vec<char> = label.chars().collect();
    if chars.len() < 6 || !rng.chance(0.35) {
        return vec![label.to_owned()];
    }
    let width = usize::try_from(rng.range(3, 14)).unwrap_or(8);
    chars.chunks(width).map(|c| c.iter().collect()).collect()
}

/// Wraps a paragraph at `width` characters, never inside a run of digits.
fn wrap(p: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut n = 0;
    let chars: Vec<char> = p.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        n += 1;
        let next_digit = chars
            .get(i + 1)
            .is_some_and(|d| d.is_ascii_digit() || *d == '.');
        if n >= width && !(c.is_ascii_digit() && next_digit) && c != ' ' {
            out.push(std::mem::take(&mut cur));
            n = 0;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Inserts page footers between lines, a page every 30 to 45 lines.
fn paginate(lines: Vec<String>, rng: &mut Rng) -> Vec<String> {
    let style = rng.below(4);
    let per_page = usize::try_from(rng.range(30, 45)).unwrap_or(40);
    let pages = lines.len() / per_page + 1;
    let footer = |p: usize| match style {
        0 => format!("- {p} -"),
        1 => format!("— {p} —"),
        2 => format!("第{p}页 共{pages}页"),
        _ => format!("{p}/{pages}"),
    };
    let mut out = Vec::with_capacity(lines.len() + pages + 1);
    let leading = rng.chance(0.5);
    if leading {
        out.push(footer(1));
    }
    for (i, l) in lines.into_iter().enumerate() {
        if i > 0 && i % per_page == 0 {
            out.push(footer(i / per_page + usize::from(leading)));
        }
        out.push(l);
    }
    if !leading {
        out.push(footer(pages));
    }
    out
}

fn cell_text(c: &Cell) -> String {
    c.text()
}

fn body(m: &Model, n: &Narrative, rng: &mut Rng, w: &mut Writer) {
    // The title, sometimes broken before its last character (as PDF text layers do).
    if w.layout == Layout::Pdf && rng.chance(0.3) {
        w.line(m.org.clone());
        w.line(format!("{}年政府信息公开工作年度报告", m.year));
    } else {
        w.line(n.title.clone());
    }
    if w.blank_between {
        w.line("");
    }
    for p in &n.intro {
        w.paragraph(p);
    }
    for (i, id) in narrative::ORDER.iter().enumerate() {
        if Some(*id) == m.missing_section {
            continue;
        }
        let t = id.template();
        let heading = if rng.chance(0.15) {
            t.variants.first().copied().unwrap_or(t.heading)
        } else {
            t.heading
        };
        w.line(format!("{}、{heading}", t.number));
        if w.blank_between {
            w.line("");
        }
        for p in &n.sections[i] {
            w.paragraph(p);
        }
        match id {
            SectionId::ActiveDisclosure => table2(m, rng, w),
            SectionId::Applications => table3(m, rng, w),
            SectionId::ReviewLitigation => table4(m, rng, w),
            SectionId::Other => {
                for s in &n.signature {
                    w.line(s.clone());
                }
            }
            _ => {}
        }
    }
}

fn table2(m: &Model, rng: &mut Rng, w: &mut Writer) {
    for item in &m.t2 {
        let heading = if w.layout == Layout::Pdf && rng.chance(0.3) {
            item.heading.replacen("第（", " 第（", 1)
        } else {
            item.heading.to_owned()
        };
        w.line(heading);
        let mut header = vec!["信息内容"];
        header.extend(item.columns.iter().copied());
        w.header(rng, &header);
        for r in &item.rows {
            let values: Vec<String> = r.cells.iter().map(cell_text).collect();
            w.row(rng, &[r.label], &values);
        }
    }
}

fn table3(m: &Model, rng: &mut Rng, w: &mut Writer) {
    w.header(rng, &[APPLICATIONS_BALANCE_NOTE, "申请人情况"]);
    let mut header = vec!["自然人", "法人或其他组织", "总计"];
    header.extend(APPLICANT_COLUMNS[1..6].iter().map(|c| c.label));
    w.header(rng, &header);
    let inline_groups = w.layout == Layout::Tsv || (w.layout == Layout::Pdf && rng.chance(0.3));
    for r in m.rows3(rng, w.layout == Layout::Pdf) {
        let values: Vec<String> = r.cells.iter().map(cell_text).collect();
        let mut labels: Vec<&str> = Vec::new();
        if inline_groups {
            labels.extend(
                r.outer
                    .filter(|_| r.inner.is_none() || w.layout == Layout::Tsv),
            );
            labels.extend(r.inner);
        } else {
            if let Some(o) = r.outer {
                group_label(w, rng, o);
            }
            if let Some(g) = r.inner {
                group_label(w, rng, g);
            }
        }
        labels.push(&r.label);
        w.row(rng, &labels, &values);
    }
}

/// A merged group label on its own: one line, a character per line, or a few pieces.
fn group_label(w: &mut Writer, rng: &mut Rng, label: &str) {
    match w.layout {
        Layout::Pdf => match rng.below(3) {
            0 => w.line(label),
            1 => {
                let chars: Vec<char> = label.chars().collect();
                let (head, rest) = chars.split_at(
                    chars
                        .iter()
                        .position(|&c| c == '、' || c == '）')
                        .map_or(0, |p| p + 1),
                );
                if !head.is_empty() {
                    w.line(head.iter().collect::<String>());
                }
                for c in rest {
                    w.line(c.to_string());
                }
            }
            _ => {
                for p in break_label(label, rng) {
                    w.line(p);
                }
            }
        },
        Layout::Cells => w.cell(label),
        Layout::Tsv => w.line(label),
    }
}

fn table4(m: &Model, rng: &mut Rng, w: &mut Writer) {
    w.header(rng, &["行政复议", "行政诉讼"]);
    let cols: Vec<&str> = REVIEW_COLUMNS.iter().map(|c| c.label).collect();
    w.header(rng, &cols);
    w.header(rng, &["未经复议直接起诉", "复议后起诉"]);
    let mut both = cols.clone();
    both.extend(cols.iter().copied());
    w.header(rng, &both);
    let values: Vec<String> = m.t4.iter().flatten().map(cell_text).collect();
    w.row(rng, &[], &values);
    let _ = FormatVersion::F2021;
}
