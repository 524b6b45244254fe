//! One check as the page asks for it: a file (and optionally last year's), its name, the
//! language, and for a PDF the text items pdf.js read from it; the answer is the CLI's JSON
//! output for that file, plus what the page needs to draw the findings on the report.

use gongkai::core::template::{CellId, LabelStyle, TableId, column_label, row_label};
use gongkai::core::{CellState, FormatVersion};
use gongkai::pdf::{PdfOptions, Placed};
use gongkai::render::{JsonStream, RuleDocs, json_file_until};
use std::sync::OnceLock;

use gongkai::{Checker, Error, Extracted, FileError, InputKind, Lang, Summary};
use serde::{Deserialize, Serialize};

use crate::pdfjs::{JsPage, PdfJs};

/// What the page sends with a file's bytes.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Request {
    /// The file's name (its kind is recognised from the content, the name is a hint).
    pub name: String,
    /// `"zh"` (default) or `"en"`.
    #[serde(default)]
    pub lang: String,
    /// For a PDF: its pages as pdf.js read them.
    #[serde(default)]
    pub pages: Option<Vec<JsPage>>,
    /// Last year's report, whose bytes come as the second buffer.
    #[serde(default)]
    pub previous: Option<PreviousRequest>,
}

/// Last year's report in a [`Request`].
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PreviousRequest {
    /// Its file name.
    pub name: String,
    /// For a PDF: its pages as pdf.js read them.
    #[serde(default)]
    pub pages: Option<Vec<JsPage>>,
}

/// The answer.
#[derive(Debug, Serialize)]
pub struct Response {
    /// Exactly what `gongkai check --format json FILE` prints for the file (a JSON document).
    pub output: serde_json::Value,
    /// The report's source text (the findings' byte offsets point into it).
    pub source: String,
    /// For a PDF: the box of each word of `source`, `[offset, length, page (0-based), x0, y0,
    /// x1, y1]` in points from the page's top-left corner.
    pub boxes: Vec<WordBox>,
    /// The report's three tables as the official form lays them out (empty when not read).
    pub tables: Vec<FormTable>,
    /// Why last year's report could not be read, when it was given and could not.
    pub previous_error: Option<String>,
}

/// A word's place: `(offset, length, page (0-based), x0, y0, x1, y1)`.
pub type WordBox = (usize, usize, usize, f64, f64, f64, f64);

/// A table of the official form with the report's cells.
#[derive(Debug, Serialize)]
pub struct FormTable {
    /// "表二", "表三", "表四".
    pub id: String,
    /// Its title in the form.
    pub title: String,
    /// The rows in the form's order.
    pub rows: Vec<FormRow>,
}

/// A row of a [`FormTable`].
#[derive(Debug, Serialize)]
pub struct FormRow {
    /// The row's Chinese name ("（三）不予公开 / 1.属于国家秘密").
    pub label: String,
    /// Its cells in column order.
    pub cells: Vec<FormCell>,
}

/// A cell of a [`FormRow`].
#[derive(Debug, Serialize)]
pub struct FormCell {
    /// The column's Chinese name.
    pub column: String,
    /// The cell's full name, as in messages.
    pub name: String,
    /// What was written (`""` for a missing cell).
    pub text: String,
    /// `present`, `blank`, `invalid` or `missing`.
    pub state: &'static str,
    /// Where it was read from: byte offset and length in `source` (`null` when missing).
    pub span: Option<[usize; 2]>,
}

/// The checker of a language, built once: loading the rules (YAML, regular expressions) is most
/// of the time of a small report's check, and the page checks again on every file and language
/// switch.
fn checker(lang: Lang) -> &'static Result<Checker, FileError> {
    static ZH: OnceLock<Result<Checker, FileError>> = OnceLock::new();
    static EN: OnceLock<Result<Checker, FileError>> = OnceLock::new();
    let cell = match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    };
    cell.get_or_init(|| {
        Checker::new()
            .map(|c| c.with_lang(lang))
            .map_err(|e| Error::from(e).to_file_error(lang))
    })
}

/// Checks the file `bytes` as `request` describes; `previous` is last year's file. Never fails:
/// a file that is no report gives the CLI's JSON for an unreadable file.
pub fn check(request: &Request, bytes: &[u8], previous: Option<&[u8]>) -> Response {
    let lang = if request.lang == "en" {
        Lang::En
    } else {
        Lang::Zh
    };
    let checker = match checker(lang) {
        Ok(c) => c,
        Err(e) => {
            let failure = gongkai::Failure::new(e.clone());
            return respond(
                &failure.view(&request.name),
                lang,
                &RuleDocs::default(),
                None,
            );
        }
    };
    let docs = RuleDocs::new(&checker.rule_info(None));
    let mut previous_error = None;
    let last_year = match (&request.previous, previous) {
        (Some(p), Some(prev_bytes)) => match read(checker, prev_bytes, &p.name, p.pages.as_ref()) {
            Ok((e, _)) => Some((p.name.clone(), e)),
            Err(e) => {
                previous_error = Some(e.to_file_error(lang).message);
                None
            }
        },
        _ => None,
    };
    let read = read(checker, bytes, &request.name, request.pages.as_ref());
    let mut response = match read {
        Ok((extracted, placed)) => {
            let tables = form_tables(&extracted);
            let result = checker.check_extracted(extracted, last_year.as_ref().map(|(_, e)| e));
            let view = result.view(
                &request.name,
                last_year.as_ref().map(|(n, e)| (n.as_str(), &e.source)),
            );
            let mut r = respond(&view, lang, &docs, Some(result.extracted.source.text()));
            r.boxes = placed
                .iter()
                .map(|p| (p.offset, p.length, p.page, p.x0, p.y0, p.x1, p.y1))
                .collect();
            r.tables = tables;
            r
        }
        Err(e) => {
            let failure = e.to_failure(lang);
            respond(&failure.view(&request.name), lang, &docs, None)
        }
    };
    response.previous_error = previous_error;
    response
}

/// The CLI's JSON document for one file, and the source text.
fn respond(
    view: &gongkai::FileView<'_>,
    lang: Lang,
    docs: &RuleDocs,
    source: Option<&str>,
) -> Response {
    let mut summary = Summary::default();
    summary.add(view);
    let mut stream = JsonStream::new();
    let mut text = stream.begin();
    // Without an interrupt the renderer is never stopped.
    if let Ok(file) = json_file_until(view, lang, docs, None) {
        text.push_str(&stream.file(&file));
    }
    text.push_str(&stream.finish(&summary));
    Response {
        output: serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        source: source.unwrap_or_default().to_owned(),
        boxes: Vec::new(),
        tables: Vec::new(),
        previous_error: None,
    }
}

/// Reads a file: a PDF from pdf.js's pages (with its words' boxes), anything else as the CLI
/// reads it.
fn read(
    checker: &Checker,
    bytes: &[u8],
    name: &str,
    pages: Option<&Vec<JsPage>>,
) -> Result<(Extracted, Vec<Placed>), Error> {
    if gongkai::reader::sniff(bytes, name) != InputKind::Pdf {
        return checker.read(bytes, name).map(|e| (e, Vec::new()));
    }
    let source = PdfJs {
        pages: pages.cloned().unwrap_or_default(),
    };
    let mut options = PdfOptions::default();
    options.max_bytes = checker.read_options().max_bytes;
    let (document, placed) = gongkai::pdf::read_pdf_placed_with(&source, bytes, name, &options)?;
    let extracted = gongkai::reader::extract_with(document, checker.read_options())?;
    Ok((extracted, placed))
}

/// The report's three tables in the form's layout.
fn form_tables(extracted: &Extracted) -> Vec<FormTable> {
    let report = &extracted.report;
    let format = report.metadata.format;
    let format = if format == FormatVersion::Unknown {
        FormatVersion::F2021
    } else {
        format
    };
    TableId::ALL
        .iter()
        .map(|&table| {
            let mut rows: Vec<FormRow> = Vec::new();
            let mut current: Option<&str> = None;
            for id in CellId::of_table(table).filter(|c| c.in_format(format)) {
                if current != Some(id.row()) {
                    current = Some(id.row());
                    rows.push(FormRow {
                        label: row_label(table, id.row()).unwrap_or_default(),
                        cells: Vec::new(),
                    });
                }
                let cell = report.cell(id);
                let state = cell.map_or(CellState::Missing, gongkai::core::CellRef::state);
                if let Some(row) = rows.last_mut() {
                    row.cells.push(FormCell {
                        column: column_label(table, id.row(), id.column())
                            .unwrap_or_default()
                            .to_owned(),
                        name: id.label(LabelStyle::Full).to_owned(),
                        text: cell
                            .and_then(gongkai::core::CellRef::raw)
                            .unwrap_or_default()
                            .to_owned(),
                        state: match state {
                            CellState::Present => "present",
                            CellState::Blank => "blank",
                            CellState::Invalid => "invalid",
                            CellState::Missing => "missing",
                        },
                        span: cell
                            .and_then(gongkai::core::CellRef::span)
                            .map(|s| [s.offset, s.length]),
                    });
                }
            }
            FormTable {
                id: table.short_label().to_owned(),
                title: table.label().to_owned(),
                rows,
            }
        })
        .collect()
}
