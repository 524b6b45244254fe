//! DOCX: the official blank form of 国办公开办函〔2021〕30号 (`tests/fixtures/official-template-2021.docx`),
//! its value cells filled in document order, its title and "（文字描述）" placeholders replaced
//! by the narrative.

use std::io::{Cursor, Read, Write};

use crate::model::{Cell, Facts, Model};
use crate::narrative::{self, Narrative, Spacing};
use crate::rng::Rng;

/// The official blank form of 国办公开办函〔2021〕30号, as published (Word).
pub static TEMPLATE_2021: &[u8] =
    include_bytes!("../../../tests/fixtures/official-template-2021.docx");

/// An error rewriting a DOCX archive (a broken template).
#[derive(Debug)]
pub struct DocxError(String);

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DocxError {}

/// Writes `value(k)` into the k-th empty value cell (k from 1, in document order) of the
/// template's tables and returns the new DOCX with the number of cells filled. Empty cells that
/// continue a vertical merge are left alone. An empty `value` leaves the cell blank.
///
/// # Errors
/// When `template` is not a readable DOCX.
pub fn fill_template(
    template: &[u8],
    value: impl Fn(usize) -> String,
) -> Result<(Vec<u8>, usize), DocxError> {
    let mut filled = 0;
    let bytes = rewrite_document(template, |xml| {
        let (xml, n) = fill_cells(xml, &value);
        filled = n;
        xml
    })?;
    Ok((bytes, filled))
}

/// Rewrites `word/document.xml` of a DOCX with `edit`, copying every other entry.
fn rewrite_document(
    template: &[u8],
    mut edit: impl FnMut(&str) -> String,
) -> Result<Vec<u8>, DocxError> {
    let err = |e: &dyn std::fmt::Display| DocxError(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(template)).map_err(|e| err(&e))?;
    let mut out = Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| err(&e))?;
        let name = file.name().map_err(|e| err(&e))?.into_owned();
        let mut data = Vec::new();
        file.read_to_end(&mut data).map_err(|e| err(&e))?;
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).map_err(|e| err(&e))?;
            data = edit(&xml).into_bytes();
        }
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(name, opts).map_err(|e| err(&e))?;
        writer.write_all(&data).map_err(|e| err(&e))?;
    }
    writer.finish().map_err(|e| err(&e))?;
    Ok(out.into_inner())
}

/// The text of the `<w:t>` runs in `xml`.
fn runs_text(xml: &str) -> String {
    xml.split("<w:t")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .map(|(_, r)| r.split('<').next().unwrap_or(""))
        })
        .collect()
}

fn fill_cells(xml: &str, value: &impl Fn(usize) -> String) -> (String, usize) {
    let mut out = String::with_capacity(xml.len() + 4096);
    let mut rest = xml;
    let mut k = 0;
    while let Some(start) = rest.find("<w:tc>") {
        let Some(len) = rest[start..].find("</w:tc>") else {
            break;
        };
        let end = start + len + "</w:tc>".len();
        out.push_str(&rest[..start]);
        let cell = &rest[start..end];
        let continues = cell.contains("<w:vMerge/>") || cell.contains("w:val=\"continue\"");
        let empty = runs_text(cell)
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
            .is_empty();
        match cell.rfind("</w:p>") {
            Some(close) if empty && !continues => {
                k += 1;
                out.push_str(&cell[..close]);
                let v = value(k);
                if !v.is_empty() {
                    out.push_str("<w:r><w:t>");
                    out.push_str(&escape(&v));
                    out.push_str("</w:t></w:r>");
                }
                out.push_str(&cell[close..]);
            }
            _ => out.push_str(cell),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    (out, k)
}

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Label text compared loosely: the template writes "1．" or "（三）" where the form has "1." or "(三)".
fn loose(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '.' | '．' | '、' | '(' | ')' | '（' | '）') && !c.is_whitespace())
        .collect()
}

/// Removes the table row whose label is `label`.
fn remove_row(xml: &str, label: &str) -> String {
    let want = loose(label);
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find("<w:tr") {
        let Some(len) = rest[start..].find("</w:tr>") else {
            break;
        };
        let end = start + len + "</w:tr>".len();
        out.push_str(&rest[..start]);
        let row = &rest[start..end];
        let text = loose(&runs_text(row));
        if !(text.ends_with(&want) && text.len() - want.len() < 40) {
            out.push_str(row);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn paragraphs(ps: &[String]) -> String {
    let mut out = String::new();
    for p in ps {
        out.push_str("<w:p><w:r><w:t>");
        out.push_str(&escape(p));
        out.push_str("</w:t></w:r></w:p>");
    }
    out
}

/// Renders `m` (2021 format) into the official template.
pub(crate) fn render(m: &Model, truth: &Facts, rng: &mut Rng) -> (&'static str, Vec<u8>) {
    let n: Narrative = narrative::write(m, truth, rng, Spacing(false));
    ("template", render_with(m, &n, |xml| xml))
}

/// Renders `m` (2021 format) with the narrative `n` into the official template, then applies
/// `restyle` to the filled `word/document.xml` (the LibreOffice variations).
pub(crate) fn render_with(m: &Model, n: &Narrative, restyle: impl Fn(String) -> String) -> Vec<u8> {
    let mut values: Vec<String> = Vec::with_capacity(200);
    for item in &m.t2 {
        for r in &item.rows {
            values.extend(r.cells.iter().map(Cell::text));
        }
    }
    for r in &m.t3 {
        if Some(r.id) == m.missing_row {
            continue;
        }
        values.extend(r.cells.iter().map(Cell::text));
    }
    values.extend(m.t4.iter().flatten().map(Cell::text));

    let missing_label = m
        .missing_row
        .and_then(|id| m.t3.iter().find(|r| r.id == id))
        .map(|r| r.label);
    let edit = |xml: &str| {
        let mut xml = xml.to_owned();
        if let Some(label) = missing_label {
            xml = remove_row(&xml, label);
        }
        let (filled, _) = fill_cells(&xml, &|k| values.get(k - 1).cloned().unwrap_or_default());
        let mut xml = filled;
        let mut title = vec![n.title.clone()];
        title.extend(n.intro.iter().cloned());
        xml = xml.replacen(
            "<w:t>政府信息公开工作年度报告格式模板</w:t></w:r></w:p>",
            &format!(
                "<w:t>{}</w:t></w:r></w:p>{}",
                escape(&title[0]),
                paragraphs(&title[1..])
            ),
            1,
        );
        let placeholder = "<w:t>（文字描述）</w:t></w:r></w:p>";
        let overview = format!("<w:t></w:t></w:r></w:p>{}", paragraphs(&n.sections[0]));
        xml = xml.replacen(placeholder, &overview, 1);
        if m.missing_section.is_some() {
            xml = xml.replacen("<w:t>五、存在的主要问题及改进情况</w:t>", "<w:t></w:t>", 1);
            xml = xml.replacen(placeholder, "<w:t></w:t></w:r></w:p>", 1);
        } else {
            let problems = format!("<w:t></w:t></w:r></w:p>{}", paragraphs(&n.sections[4]));
            xml = xml.replacen(placeholder, &problems, 1);
        }
        let mut other = n.sections[5].clone();
        other.extend(n.signature.iter().cloned());
        xml = xml.replacen(
            "<w:t>（文字描述，收取信息处理费情况在此处报告。）</w:t></w:r></w:p>",
            &format!("<w:t></w:t></w:r></w:p>{}", paragraphs(&other)),
            1,
        );
        restyle(xml)
    };
    rewrite_document(TEMPLATE_2021, edit).unwrap_or_default()
}
