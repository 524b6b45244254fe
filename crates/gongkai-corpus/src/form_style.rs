//! How people format the official form before exporting it to PDF: the vertical alignment of
//! the cells, the font and its size, the width of the label and value columns, a landscape
//! section for the wide tables, repeated header rows, and more text before table 3 so that it
//! breaks across pages at a different row. Each is an edit of the filled `word/document.xml`.
//!
//! The variations are those Word and WPS users make and LibreOffice renders: nothing here is
//! chosen to suit a reader.

use std::collections::BTreeMap;

use crate::docx::escape;
use crate::rng::Rng;

/// Page orientation of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Landscape {
    /// Portrait throughout (the template).
    No,
    /// Tables 3 and 4 in a landscape section of their own (section breaks around them).
    Tables,
    /// The whole document landscape.
    All,
}

/// One combination of formatting choices.
#[derive(Debug, Clone)]
pub(crate) struct FormStyle {
    /// `top`, `center` or `bottom` for every cell; `None` keeps the template's (mixed).
    pub valign: Option<&'static str>,
    /// `center` or `right` for the value cells; `None` keeps the template's (justified, so
    /// numbers sit at the left of their cells).
    pub halign: Option<&'static str>,
    /// The font family of everything; `None` keeps the template's 宋体 (the PDF machine
    /// substitutes whatever fontconfig offers, as on a server without Windows fonts).
    pub font: Option<&'static str>,
    /// Table text size in half-points (template: 10 and 12 pt).
    pub table_size: Option<u32>,
    /// Narrative text size in half-points.
    pub body_size: u32,
    /// The label columns of table 3 as a percentage of their template width (the value columns
    /// share the rest): below 100 labels wrap over more lines, above it the values get narrow.
    pub label_width: u32,
    /// Landscape pages.
    pub landscape: Landscape,
    /// Paragraphs added to section 一 (moves table 3's page break to another row).
    pub filler: usize,
    /// Table 3's header rows repeated on each page (Word's 重复标题行).
    pub repeat_header: bool,
    /// Narrative line spacing in twentieths of a point, exact (公文 style: 28–29 pt); `None`
    /// keeps single spacing. With the font size and `filler` it moves table 3's page break.
    pub line_spacing: Option<u32>,
}

/// Fonts named in the document. `None` (宋体) and 仿宋_GB2312 are what Chinese Word users pick;
/// on a Linux server without them fontconfig substitutes a CJK font (Noto Sans CJK here). The
/// TrueType fonts are weighted up because LibreOffice embeds CFF fonts (Noto CJK) as Type 1,
/// which does not compress: they keep the committed PDFs small.
const FONTS: &[Option<&str>] = &[
    None,
    Some("仿宋_GB2312"),
    Some("Noto Serif CJK SC"),
    Some("WenQuanYi Zen Hei"),
    Some("WenQuanYi Zen Hei"),
    Some("WenQuanYi Zen Hei"),
    Some("WenQuanYi Zen Hei"),
    Some("AR PL UMing CN"),
    Some("AR PL UMing CN"),
    Some("AR PL UMing CN"),
];

impl FormStyle {
    /// A random combination, with `landscape` as given.
    pub(crate) fn random(rng: &mut Rng, landscape: Landscape) -> Self {
        Self {
            valign: *rng.pick(&[None, Some("top"), Some("center"), Some("bottom")]),
            halign: *rng.pick(&[None, Some("center"), Some("center"), Some("right")]),
            font: *rng.pick(FONTS),
            table_size: *rng.pick(&[None, Some(18), Some(20), Some(21), Some(24)]),
            body_size: *rng.pick(&[21, 24, 28, 32]),
            label_width: *rng.pick(&[50, 65, 80, 100, 100, 120, 140]),
            landscape,
            filler: rng.below(5),
            repeat_header: rng.chance(0.4),
            line_spacing: *rng.pick(&[None, None, Some(400), Some(560), Some(580)]),
        }
    }

    /// The choices, for the manifest.
    pub(crate) fn describe(&self) -> BTreeMap<String, String> {
        let mut d = BTreeMap::new();
        d.insert("valign".into(), self.valign.unwrap_or("template").into());
        d.insert("halign".into(), self.halign.unwrap_or("template").into());
        d.insert("font".into(), self.font.unwrap_or("宋体 (template)").into());
        d.insert(
            "table_size_pt".into(),
            self.table_size
                .map_or("template".into(), |s| format!("{}", f64::from(s) / 2.0)),
        );
        d.insert(
            "body_size_pt".into(),
            format!("{}", f64::from(self.body_size) / 2.0),
        );
        d.insert("label_width_percent".into(), self.label_width.to_string());
        d.insert(
            "landscape".into(),
            match self.landscape {
                Landscape::No => "no",
                Landscape::Tables => "tables 3 and 4",
                Landscape::All => "all pages",
            }
            .into(),
        );
        d.insert("filler_paragraphs".into(), self.filler.to_string());
        d.insert("repeat_header".into(), self.repeat_header.to_string());
        d.insert(
            "line_spacing_pt".into(),
            self.line_spacing
                .map_or("single".into(), |l| format!("{}", f64::from(l) / 20.0)),
        );
        d
    }

    /// The paragraph properties of narrative paragraphs: first-line indent of two characters,
    /// the line spacing.
    fn body_ppr(&self) -> String {
        let spacing = self.line_spacing.map_or(String::new(), |l| {
            format!("<w:spacing w:line=\"{l}\" w:lineRule=\"exact\"/>")
        });
        format!("<w:pPr>{spacing}<w:ind w:firstLineChars=\"200\"/></w:pPr>")
    }

    /// Applies the choices to a filled `word/document.xml`.
    pub(crate) fn apply(&self, xml: String, rng_seed: u64) -> String {
        let mut xml = xml;
        let family = self.font.unwrap_or("宋体");
        if let Some(font) = self.font {
            for old in ["\"宋体\"", "\"楷体\""] {
                xml = xml.replace(old, &format!("\"{font}\""));
            }
        }
        // Runs the generator wrote carry no properties: give them what typing into the form
        // gives (the font of the document, the size of the table or the body).
        let fonts = format!(
            "<w:rFonts w:ascii=\"{family}\" w:hAnsi=\"{family}\" w:eastAsia=\"{family}\" w:cs=\"{family}\"/>"
        );
        let table_sz = self.table_size.unwrap_or(21);
        let ppr = self.body_ppr();
        xml = xml.replace(
            "<w:p><w:r><w:t>",
            &format!(
                "<w:p>{ppr}<w:r><w:rPr>{fonts}<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/></w:rPr><w:t>",
                self.body_size
            ),
        );
        xml = xml.replace(
            "<w:r><w:t>",
            &format!(
                "<w:r><w:rPr>{fonts}<w:sz w:val=\"{table_sz}\"/><w:szCs w:val=\"{table_sz}\"/></w:rPr><w:t>"
            ),
        );
        if self.filler > 0 {
            xml = add_filler(
                &xml,
                self.filler,
                rng_seed,
                &format!(
                    "{ppr}<w:r><w:rPr>{fonts}<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/></w:rPr>",
                    self.body_size
                ),
            );
        }
        let landscape_width = 16838 - 2 * 1440;
        xml = map_tables(&xml, |k, table| {
            let mut t = table.to_owned();
            if let Some(size) = self.table_size {
                t = set_sizes(&t, size);
            }
            if let Some(v) = self.valign {
                t = set_valign(&t, v);
            }
            if let Some(h) = self.halign {
                // The value cells' paragraphs are the ones with no properties but the run's.
                t = t.replace(
                    "<w:pPr><w:rPr>",
                    &format!("<w:pPr><w:jc w:val=\"{h}\"/><w:rPr>"),
                );
            }
            let wide = self.landscape != Landscape::No && k >= 1;
            if k == 1 {
                t = set_label_width(&t, self.label_width, wide.then_some(landscape_width));
                if self.repeat_header {
                    t = repeat_header(&t, 3);
                }
            } else if wide {
                t = scale_grid(&t, landscape_width);
            }
            t
        });
        match self.landscape {
            Landscape::No => {}
            Landscape::All => {
                xml = xml.replace(
                    "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>",
                    "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>",
                );
            }
            Landscape::Tables => xml = landscape_tables(&xml),
        }
        xml
    }
}

/// Sentences of a 总体情况 that state no number (a number would be a claim the rules check).
const FILLER: &[&str] = &[
    "进一步健全政府信息公开工作机制，明确分管领导和具体工作人员，形成主要领导亲自抓、分管领导具体抓、工作人员抓落实的工作格局。",
    "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，确保公开信息安全准确。",
    "围绕重点领域信息公开要求，及时发布财政预决算、重大建设项目、公共资源配置、社会公益事业等方面的政府信息。",
    "加强政府网站和政务新媒体建设管理，优化栏目设置，规范信息发布流程，提升平台的权威性和便民性。",
    "规范依申请公开办理流程，严格按照法定时限答复，做到受理、登记、审核、答复、归档全过程留痕。",
    "组织开展政府信息公开业务培训，提升工作人员依法公开的意识和能力。",
    "将政府信息公开工作纳入年度绩效考核，定期开展督促检查，对发现的问题及时通报整改。",
    "深化政策解读工作，通过图文解读、视频解读、新闻发布会等形式，增强政策解读的针对性和实效性。",
];

fn add_filler(xml: &str, n: usize, seed: u64, run_start: &str) -> String {
    // After the overview's last paragraph: the heading of section 二 follows it.
    let Some(at) = xml.find("二、主动公开政府信息情况") else {
        return xml.to_owned();
    };
    let Some(p) = paragraph_start(xml, at) else {
        return xml.to_owned();
    };
    let mut rng = Rng::for_report(seed, 1);
    let mut add = String::new();
    for _ in 0..n {
        let a = *rng.pick(FILLER);
        let b = *rng.pick(FILLER);
        add.push_str(&format!(
            "<w:p>{run_start}<w:t>{}</w:t></w:r></w:p>",
            escape(&format!("{a}{b}"))
        ));
    }
    format!("{}{add}{}", &xml[..p], &xml[p..])
}

/// Calls `edit(k, table)` for the k-th top-level table (0-based) and splices the result back.
fn map_tables(xml: &str, edit: impl Fn(usize, &str) -> String) -> String {
    let mut out = String::with_capacity(xml.len() + 8192);
    let mut rest = xml;
    let mut k = 0;
    while let Some(start) = rest.find("<w:tbl>") {
        let Some(len) = rest[start..].find("</w:tbl>") else {
            break;
        };
        let end = start + len + "</w:tbl>".len();
        out.push_str(&rest[..start]);
        out.push_str(&edit(k, &rest[start..end]));
        k += 1;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn set_sizes(t: &str, size: u32) -> String {
    let t = set_attr(t, "<w:sz w:val=\"", &size.to_string());
    set_attr(&t, "<w:szCs w:val=\"", &size.to_string())
}

/// Replaces the value after every `tag` (which ends with the attribute's opening quote).
fn set_attr(t: &str, tag: &str, value: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(i) = rest.find(tag) {
        let after = i + tag.len();
        let Some(q) = rest[after..].find('"') else {
            break;
        };
        out.push_str(&rest[..after]);
        out.push_str(value);
        rest = &rest[after + q..];
    }
    out.push_str(rest);
    out
}

/// The start of the paragraph that contains byte `at`.
fn paragraph_start(xml: &str, at: usize) -> Option<usize> {
    let a = xml[..at].rfind("<w:p>");
    let b = xml[..at].rfind("<w:p ");
    a.max(b)
}

fn set_valign(t: &str, v: &str) -> String {
    let mut s = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(i) = rest.find("<w:vAlign ") {
        s.push_str(&rest[..i]);
        let Some(e) = rest[i..].find("/>") else {
            rest = &rest[i..];
            break;
        };
        rest = &rest[i + e + 2..];
    }
    s.push_str(rest);
    s.replace("</w:tcPr>", &format!("<w:vAlign w:val=\"{v}\"/></w:tcPr>"))
}

/// The grid column widths of a table.
fn grid(t: &str) -> Vec<u32> {
    t.split("<w:gridCol w:w=\"")
        .skip(1)
        .filter_map(|p| p.split('"').next()?.parse().ok())
        .collect()
}

/// Sets the grid to `cols`, the table width to their sum and every cell's width to the sum of
/// the grid columns it spans.
fn set_grid(t: &str, cols: &[u32]) -> String {
    let total: u32 = cols.iter().sum();
    let (Some(gs), Some(ge)) = (t.find("<w:tblGrid>"), t.find("</w:tblGrid>")) else {
        return t.to_owned();
    };
    let mut g = String::from("<w:tblGrid>");
    for c in cols {
        g.push_str(&format!("<w:gridCol w:w=\"{c}\"/>"));
    }
    let mut t = format!("{}{g}{}", &t[..gs], &t[ge..]);
    if let Some(i) = t.find("<w:tblW w:w=\"") {
        let a = i + "<w:tblW w:w=\"".len();
        if let Some(q) = t[a..].find('"') {
            t.replace_range(a..a + q, &total.to_string());
        }
    }
    let mut out = String::with_capacity(t.len());
    for (n, row) in t.split("<w:tr ").enumerate() {
        if n > 0 {
            out.push_str("<w:tr ");
        }
        if n == 0 {
            out.push_str(row);
            continue;
        }
        let mut col = 0usize;
        let mut rest = row;
        while let Some(i) = rest.find("<w:tc>") {
            out.push_str(&rest[..i]);
            let end = rest[i..].find("</w:tc>").map_or(rest.len(), |e| i + e + 7);
            let cell = &rest[i..end];
            let span = cell
                .split("<w:gridSpan w:val=\"")
                .nth(1)
                .and_then(|p| p.split('"').next()?.parse::<usize>().ok())
                .unwrap_or(1);
            let width: u32 = cols.iter().skip(col).take(span).sum();
            col += span;
            let mut c = cell.to_owned();
            if let Some(w) = c.find("<w:tcW w:w=\"") {
                let a = w + "<w:tcW w:w=\"".len();
                if let Some(q) = c[a..].find('"') {
                    c.replace_range(a..a + q, &width.to_string());
                }
            }
            out.push_str(&c);
            rest = &rest[end..];
        }
        out.push_str(rest);
    }
    out
}

/// Table 3: its three label columns at `percent` of their width, the seven value columns
/// sharing the rest of the table's width (`width`, else the template's).
fn set_label_width(t: &str, percent: u32, width: Option<u32>) -> String {
    let cols = grid(t);
    if cols.len() != 10 {
        return t.to_owned();
    }
    let total = width.unwrap_or_else(|| cols.iter().sum());
    let labels: Vec<u32> = cols[..3].iter().map(|c| c * percent / 100).collect();
    let label_total: u32 = labels.iter().sum();
    let value = total.saturating_sub(label_total) / 7;
    let mut new = labels;
    new.extend(std::iter::repeat_n(value.max(300), 7));
    set_grid(t, &new)
}

fn scale_grid(t: &str, width: u32) -> String {
    let cols = grid(t);
    let total: u32 = cols.iter().sum();
    if total == 0 {
        return t.to_owned();
    }
    let new: Vec<u32> = cols.iter().map(|c| c * width / total).collect();
    set_grid(t, &new)
}

fn repeat_header(t: &str, rows: usize) -> String {
    let mut out = String::with_capacity(t.len() + 64);
    for (n, row) in t.split("<w:tr ").enumerate() {
        if n > 0 {
            out.push_str("<w:tr ");
        }
        if (1..=rows).contains(&n) && row.contains("<w:trPr>") {
            out.push_str(&row.replacen("<w:trPr>", "<w:trPr><w:tblHeader/>", 1));
        } else {
            out.push_str(row);
        }
    }
    out
}

/// Tables 3 and 4 in a landscape section: a section break (portrait) before table 3 and one
/// (landscape) after table 4; the document's last section stays portrait.
fn landscape_tables(xml: &str) -> String {
    let sect = |landscape: bool| {
        let size = if landscape {
            "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/><w:pgMar w:top=\"1800\" w:right=\"1440\" w:bottom=\"1800\" w:left=\"1440\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>"
        } else {
            "<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1800\" w:bottom=\"1440\" w:left=\"1800\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>"
        };
        format!(
            "<w:p><w:pPr><w:sectPr>{size}<w:cols w:space=\"425\" w:num=\"1\"/><w:docGrid w:type=\"lines\" w:linePitch=\"312\" w:charSpace=\"0\"/></w:sectPr></w:pPr></w:p>"
        )
    };
    let starts: Vec<usize> = xml.match_indices("<w:tbl>").map(|(i, _)| i).collect();
    let ends: Vec<usize> = xml
        .match_indices("</w:tbl>")
        .map(|(i, _)| i + "</w:tbl>".len())
        .collect();
    if starts.len() < 3 || ends.len() < 3 {
        return xml.to_owned();
    }
    // The section starts with the heading of section 三, the paragraph before table 3.
    let heading = xml[..starts[1]]
        .rfind("三、收到和处理政府信息公开申请情况")
        .and_then(|h| paragraph_start(xml, h))
        .unwrap_or(starts[1]);
    let (a, b) = (heading, ends[2]);
    format!(
        "{}{}{}{}{}",
        &xml[..a],
        sect(false),
        &xml[a..b],
        sect(true),
        &xml[b..]
    )
}
