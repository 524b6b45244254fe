//! HTML, as portals publish it: a page with navigation, breadcrumbs and a footer around the
//! report; tables with rowspan/colspan as Word exports them, cells wrapped in `<p><span>`, blank
//! cells as `&nbsp;`.

use gongkai_core::template::{APPLICANT_COLUMNS, APPLICATIONS_BALANCE_NOTE, REVIEW_COLUMNS};

use crate::model::{Cell, Facts, Model};
use crate::narrative::{self, Spacing};
use crate::rng::Rng;

struct Html {
    out: String,
    wrap: bool,
}

impl Html {
    fn td(&mut self, text: &str, rowspan: usize, colspan: usize) {
        self.out.push_str("<td");
        if rowspan > 1 {
            self.out.push_str(&format!(" rowspan=\"{rowspan}\""));
        }
        if colspan > 1 {
            self.out.push_str(&format!(" colspan=\"{colspan}\""));
        }
        self.out.push('>');
        let text = if text.is_empty() { "&nbsp;" } else { text };
        if self.wrap {
            self.out.push_str(&format!(
                "<p align=\"center\"><span style=\"font-size:12px\">{text}</span></p>"
            ));
        } else {
            self.out.push_str(text);
        }
        self.out.push_str("</td>");
    }

    fn values(&mut self, cells: &[Cell]) {
        for c in cells {
            self.td(&c.text(), 1, 1);
        }
    }
}

/// Renders `m` as an HTML page.
pub(crate) fn render(m: &Model, truth: &Facts, rng: &mut Rng) -> (&'static str, Vec<u8>) {
    let n = narrative::write(m, truth, rng, Spacing(false));
    let mut h = Html {
        out: String::with_capacity(40_000),
        wrap: rng.chance(0.6),
    };
    h.out.push_str(&format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title>\
         <script>var _hmt = _hmt || []; var pv = 12345;</script></head><body>\n\
         <div class=\"nav\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/zwgk/\">政务公开</a></li>\
         <li><a href=\"/hdjl/\">互动交流</a></li></ul></div>\n\
         <div class=\"crumb\">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>\n\
         <div class=\"article\"><h1>{}</h1>\n",
        n.title, n.title
    ));
    for p in &n.intro {
        h.out.push_str(&format!("<p>{p}</p>\n"));
    }
    for (i, id) in narrative::ORDER.iter().enumerate() {
        if Some(*id) == m.missing_section {
            continue;
        }
        let t = id.template();
        h.out.push_str(&format!(
            "<p><strong>{}、{}</strong></p>\n",
            t.number, t.heading
        ));
        for p in &n.sections[i] {
            h.out.push_str(&format!("<p>{p}</p>\n"));
        }
        match i {
            1 => table2(m, &mut h),
            2 => table3(m, rng, &mut h),
            3 => table4(m, &mut h),
            5 => {
                for s in &n.signature {
                    h.out
                        .push_str(&format!("<p style=\"text-align:right\">{s}</p>\n"));
                }
            }
            _ => {}
        }
    }
    h.out.push_str(
        "</div>\n<div class=\"footer\"><p>主办单位：人民政府办公室 电话：0517-83605210</p>\
         <p>网站标识码：3208000001 ICP备案号：苏ICP备05008254号-1</p></div>\n</body></html>\n",
    );
    ("portal", h.out.into_bytes())
}

fn table2(m: &Model, h: &mut Html) {
    h.out
        .push_str("<table border=\"1\" cellspacing=\"0\" width=\"600\">\n");
    for item in &m.t2 {
        h.out.push_str("<tr>");
        h.td(item.heading, 1, 4);
        h.out.push_str("</tr>\n<tr>");
        h.td("信息内容", 1, 1);
        let k = item.columns.len();
        for (j, c) in item.columns.iter().enumerate() {
            h.td(c, 1, if j + 1 == k { 4 - k } else { 1 });
        }
        h.out.push_str("</tr>\n");
        for r in &item.rows {
            h.out.push_str("<tr>");
            h.td(r.label, 1, 1);
            for (j, c) in r.cells.iter().enumerate() {
                h.td(&c.text(), 1, if j + 1 == k { 4 - k } else { 1 });
            }
            h.out.push_str("</tr>\n");
        }
    }
    h.out.push_str("</table>\n");
}

fn table3(m: &Model, rng: &mut Rng, h: &mut Html) {
    h.out
        .push_str("<table border=\"1\" cellspacing=\"0\" width=\"600\">\n<tr>");
    h.td(APPLICATIONS_BALANCE_NOTE, 3, 3);
    h.td("申请人情况", 1, 7);
    h.out.push_str("</tr>\n<tr>");
    h.td("自然人", 2, 1);
    h.td("法人或其他组织", 1, 5);
    h.td("总计", 2, 1);
    h.out.push_str("</tr>\n<tr>");
    for c in &APPLICANT_COLUMNS[1..6] {
        h.td(c.label, 1, 1);
    }
    h.out.push_str("</tr>\n");
    for r in m.rows3(rng, false) {
        h.out.push_str("<tr>");
        if let Some(o) = r.outer {
            h.td(o, r.outer_span, 1);
        }
        if let Some(g) = r.inner {
            h.td(g, r.inner_span, 1);
        }
        let sub =
            m.t3.iter()
                .any(|x| x.id == r.id && x.group.is_some_and(|g| g != crate::model::RESULTS));
        let outcome = m.t3.iter().any(|x| x.id == r.id && x.group.is_some());
        let colspan = if sub {
            1
        } else if outcome {
            2
        } else {
            3
        };
        h.td(&r.label, 1, colspan);
        h.values(r.cells);
        h.out.push_str("</tr>\n");
    }
    h.out.push_str("</table>\n");
}

fn table4(m: &Model, h: &mut Html) {
    h.out
        .push_str("<table border=\"1\" cellspacing=\"0\" width=\"600\">\n<tr>");
    h.td("行政复议", 1, 5);
    h.td("行政诉讼", 1, 10);
    h.out.push_str("</tr>\n<tr>");
    for c in &REVIEW_COLUMNS {
        h.td(c.label, 2, 1);
    }
    h.td("未经复议直接起诉", 1, 5);
    h.td("复议后起诉", 1, 5);
    h.out.push_str("</tr>\n<tr>");
    for _ in 0..2 {
        for c in &REVIEW_COLUMNS {
            h.td(c.label, 1, 1);
        }
    }
    h.out.push_str("</tr>\n<tr>");
    for g in &m.t4 {
        h.values(g);
    }
    h.out.push_str("</tr>\n</table>\n");
}
