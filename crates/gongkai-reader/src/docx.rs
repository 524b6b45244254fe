//! Word (.docx) documents, read into a [`Document`] from `word/document.xml`.
//!
//! The key decision is what a *location* in a DOCX means. A DOCX has no lines or columns of its
//! own, so the [`Source`] of a DOCX is a plain-text rendering of its body, defined here and
//! documented in `docs/input-formats.md`: every non-empty paragraph is one line (a manual line
//! break inside a paragraph starts a new line); every table row is one line whose cells (one per
//! `w:tc`, including the empty continuation of a vertical merge) are separated by TAB characters.
//! "Line 40, column 12" of a DOCX finding is a position in that rendering.
//!
//! Table cells merged horizontally (`w:gridSpan`) and vertically (`w:vMerge`) are expanded the
//! same way as HTML's `colspan`/`rowspan`: a group label spanning rows is repeated for each row
//! it names, a value is never repeated.
//!
//! Text Word does not show (hidden runs, see [`crate::docx_styles`]) is not read; each paragraph
//! or cell that held some is reported as a [`ReadIssueKind::HiddenText`] located on what Word
//! shows of it.
//!
//! Limits, each with its own error: the number of ZIP entries, the decompressed size of
//! `word/document.xml` and `word/styles.xml` (a ZIP bomb is refused before it is inflated past
//! the limit), and the XML nesting depth. A package naming one of those parts twice is refused:
//! ZIP readers disagree on which copy counts.

use std::io::Read;

use std::ops::Range;

use gongkai_core::{Anchor, InputKind, ReadIssue, Source};
use quick_xml::events::{BytesStart, Event};

use crate::budget::{self, Budgeted};
use crate::docx_styles::{STYLES_PART, Styles, attr, toggle};
use crate::hidden::{self, Hidden};
use crate::ticker::Ticker;
use crate::{Block, Document, ReadError, ReadOptions, Text};

/// The main document part of a WordprocessingML package.
const DOCUMENT_PART: &str = "word/document.xml";

/// Reads a DOCX file: the document, and the issues reading it found (hidden text skipped).
pub(crate) fn read(
    bytes: &[u8],
    name: &str,
    options: &ReadOptions,
) -> Result<(Document, Vec<ReadIssue>), ReadError> {
    let malformed = |e: zip::result::ZipError| ReadError::DocxMalformed {
        reason: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(malformed)?;
    if archive.len() > options.max_docx_entries {
        return Err(ReadError::DocxTooManyEntries {
            entries: archive.len(),
            limit: options.max_docx_entries,
        });
    }
    if archive.has_duplicate_names() {
        for part in [DOCUMENT_PART, STYLES_PART] {
            let count = entries_named(bytes, archive.central_directory_start(), part);
            if count > 1 {
                return Err(ReadError::DocxDuplicateEntry {
                    part: part.to_owned(),
                    count,
                });
            }
        }
    }
    let Some(xml) = part_xml(&mut archive, DOCUMENT_PART, options)? else {
        return Err(ReadError::DocxNoDocument);
    };
    // Without a styles part (or with a broken one) nothing is hidden through styles.
    let styles = part_xml(&mut archive, STYLES_PART, options)
        .ok()
        .flatten()
        .map(|x| Styles::parse(&x))
        .unwrap_or_default();
    crate::poll(options.interrupt.as_ref())?;
    // One count of work for the body's XML and its rendering: a question to the interrupt every
    // 64 KiB of either.
    let ticker = Ticker::new(options.interrupt.as_ref());
    let nodes = parse(&xml, &styles, options, &ticker)?;
    let (text, blocks, hidden, anchors) = render(&nodes, options.max_items, &ticker)?;
    // A location in the rendering is named by its paragraph or table cell: Word has no lines.
    let source = Source::docx(name, text, anchors);
    let issues = hidden::issues(&source, hidden);
    let document = Document {
        source,
        kind: InputKind::Docx,
        encoding: "UTF-8".to_owned(),
        blocks,
    };
    Ok((document, issues))
}

/// How many entries of the ZIP central directory starting at `directory` are named `part`.
/// The zip crate keeps one entry per name; the directory itself lists every one.
fn entries_named(bytes: &[u8], directory: u64, part: &str) -> usize {
    let u16_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .map_or(0, |b| usize::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let mut at = usize::try_from(directory).unwrap_or(usize::MAX);
    let mut count = 0;
    while bytes.get(at..at + 4) == Some(b"PK\x01\x02") {
        let (name_len, extra_len, comment_len) =
            (u16_at(at + 28), u16_at(at + 30), u16_at(at + 32));
        if bytes.get(at + 46..at + 46 + name_len) == Some(part.as_bytes()) {
            count += 1;
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    count
}

/// Unzips one XML part, within the size limit; `None` when the package has no such part.
fn part_xml(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    part: &str,
    options: &ReadOptions,
) -> Result<Option<String>, ReadError> {
    let malformed = |e: zip::result::ZipError| ReadError::DocxMalformed {
        reason: e.to_string(),
    };
    let mut file = match archive.by_name(part) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(malformed(e)),
    };
    let limit = options.max_docx_xml_bytes;
    if usize::try_from(file.size()).unwrap_or(usize::MAX) > limit {
        return Err(ReadError::DocxTooLarge { limit });
    }
    // The declared size can lie: read at most one byte past the limit.
    let mut xml = Vec::new();
    (&mut file)
        .take(limit as u64 + 1)
        .read_to_end(&mut xml)
        .map_err(|e| ReadError::DocxMalformed {
            reason: e.to_string(),
        })?;
    if xml.len() > limit {
        return Err(ReadError::DocxTooLarge { limit });
    }
    String::from_utf8(xml)
        .map(Some)
        .map_err(|_| ReadError::DocxMalformed {
            reason: format!("{part} 不是 UTF-8 编码的 XML"),
        })
}

/// A body paragraph (with the hidden text skipped in it) or table, before rendering.
#[derive(Debug)]
enum Node {
    Paragraph(String, Hidden),
    Table(Vec<RawRow>),
}

/// An open paragraph: its text, its style (for runs without their own), what was hidden.
#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
    hidden: Hidden,
}

/// An open run: its own `vanish` and character style.
#[derive(Debug, Default)]
struct Run {
    vanish: Option<bool>,
    style: Option<String>,
}

/// The open elements the parser needs to know the parent of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum El {
    Run,
    RunProperties,
    ParagraphProperties,
    Other,
}

#[derive(Debug, Default)]
struct RawRow {
    /// Grid columns skipped before the first cell (`w:gridBefore`).
    grid_before: usize,
    cells: Vec<RawCell>,
}

#[derive(Debug)]
struct RawCell {
    text: String,
    grid_span: usize,
    merge: Merge,
    hidden: Hidden,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    None,
    Restart,
    Continue,
}

/// Widest `w:gridSpan` honoured: a bound on what a hostile file can make us allocate.
const MAX_GRID_SPAN: usize = 64;

struct Parser<'s> {
    styles: &'s Styles,
    nodes: Vec<Node>,
    /// Open paragraphs (a text box inside a paragraph holds paragraphs of its own).
    paragraphs: Vec<Para>,
    tables: Vec<Vec<RawRow>>,
    in_text: bool,
    /// Open runs (a text box inside a run holds runs of its own).
    runs: Vec<Run>,
    /// What the open elements are, as far as the parser asks for a parent.
    stack: Vec<El>,
    /// Inside `mc:Fallback`, which repeats the content of `mc:Choice` for old readers.
    fallback: usize,
    /// Paragraphs, rows and cells opened so far (an upper bound on lines and cells).
    items: usize,
}

fn parse(
    xml: &str,
    styles: &Styles,
    options: &ReadOptions,
    ticker: &Ticker<'_>,
) -> Result<Vec<Node>, ReadError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut p = Parser {
        styles,
        nodes: Vec::new(),
        paragraphs: Vec::new(),
        tables: Vec::new(),
        in_text: false,
        runs: Vec::new(),
        stack: Vec::new(),
        fallback: 0,
        items: 0,
    };
    let mut depth = 0usize;
    loop {
        let position = reader.buffer_position();
        let event = reader.read_event().map_err(|e| ReadError::DocxMalformed {
            reason: format!("{DOCUMENT_PART} 第 {} 行：{e}", line_of(xml, position)),
        })?;
        let read = reader.buffer_position().saturating_sub(position);
        ticker.tick(usize::try_from(read).unwrap_or(usize::MAX))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > options.max_depth {
                    return Err(ReadError::TooDeep {
                        limit: options.max_depth,
                        line: line_of(xml, position),
                    });
                }
                p.start(&e, false);
                p.stack.push(match e.name().as_ref() {
                    "w:r" => El::Run,
                    "w:rPr" => El::RunProperties,
                    "w:pPr" => El::ParagraphProperties,
                    _ => El::Other,
                });
                budget::check(Budgeted::LinesAndCells, p.items, options.max_items)?;
            }
            Event::Empty(e) => p.start(&e, true),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                p.stack.pop();
                p.end(e.name().as_ref());
            }
            Event::Text(t) if p.in_text && p.fallback == 0 => p.push_text(&t.xml10_content()),
            Event::CData(t) if p.in_text && p.fallback == 0 => {
                p.push_text(&t);
            }
            Event::GeneralRef(r) if p.in_text && p.fallback == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    p.push_text(c.encode_utf8(&mut [0; 4]));
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                    p.push_text(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(p.nodes)
}

impl Parser<'_> {
    /// Whether the innermost open run is hidden (text outside runs is not).
    fn run_hidden(&self) -> bool {
        self.runs.last().is_some_and(|run| {
            let paragraph_style = self.paragraphs.last().and_then(|p| p.style.as_deref());
            self.styles
                .run_hidden(run.vanish, run.style.as_deref(), paragraph_style)
        })
    }

    /// Text of a run: kept, or skipped and counted when the run is hidden.
    fn push_text(&mut self, s: &str) {
        if self.run_hidden() {
            if let Some(para) = self.paragraphs.last_mut() {
                para.hidden.push(s);
            }
        } else {
            self.push_str(s);
        }
    }

    /// What a run's tab, break or hyphen adds, unless the run is hidden.
    fn push_mark(&mut self, s: &str) {
        if !self.run_hidden() {
            self.push_str(s);
        }
    }

    fn push_str(&mut self, s: &str) {
        if let Some(para) = self.paragraphs.last_mut() {
            para.text.push_str(s);
        }
    }

    /// Whether the parent of the element being started is the `w:rPr` of a run.
    fn in_run_properties(&self) -> bool {
        matches!(self.stack.as_slice(), [.., El::Run, El::RunProperties])
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.name();
        match name.as_ref() {
            "mc:Fallback" if !empty => self.fallback += 1,
            _ if self.fallback > 0 => {}
            "w:p" if !empty => {
                self.items += 1;
                self.paragraphs.push(Para::default());
            }
            "w:r" if !empty => self.runs.push(Run::default()),
            "w:t" if !empty => self.in_text = true,
            "w:tab" | "w:ptab" if !self.runs.is_empty() => self.push_mark(" "),
            "w:br" | "w:cr" if !self.runs.is_empty() => self.push_mark("\n"),
            "w:noBreakHyphen" => self.push_mark("-"),
            "w:vanish" | "w:specVanish" if self.in_run_properties() => {
                let on = toggle(e);
                if let Some(run) = self.runs.last_mut() {
                    // Either property hides the run; one turned off does not show what the
                    // other hides.
                    run.vanish = Some(on || run.vanish == Some(true));
                }
            }
            "w:rStyle" if self.in_run_properties() => {
                let style = attr(e, "w:val");
                if let Some(run) = self.runs.last_mut() {
                    run.style = style;
                }
            }
            "w:pStyle" if self.stack.last() == Some(&El::ParagraphProperties) => {
                let style = attr(e, "w:val");
                if let Some(para) = self.paragraphs.last_mut() {
                    para.style = style;
                }
            }
            "w:tbl" if !empty => self.tables.push(Vec::new()),
            "w:tr" if !empty => {
                self.items += 1;
                if let Some(t) = self.tables.last_mut() {
                    t.push(RawRow::default());
                }
            }
            "w:tc" if !empty => {
                self.items += 1;
                if let Some(row) = self.tables.last_mut().and_then(|t| t.last_mut()) {
                    row.cells.push(RawCell {
                        text: String::new(),
                        grid_span: 1,
                        merge: Merge::None,
                        hidden: Hidden::default(),
                    });
                }
            }
            "w:gridSpan" => {
                let span = val(e)
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, MAX_GRID_SPAN);
                if let Some(cell) = self.current_cell() {
                    cell.grid_span = span;
                }
            }
            "w:vMerge" => {
                let merge = if val(e).as_deref() == Some("restart") {
                    Merge::Restart
                } else {
                    Merge::Continue
                };
                if let Some(cell) = self.current_cell() {
                    cell.merge = merge;
                }
            }
            "w:gridBefore" => {
                let before = val(e)
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(0)
                    .min(MAX_GRID_SPAN);
                if let Some(row) = self.tables.last_mut().and_then(|t| t.last_mut()) {
                    row.grid_before = before;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "mc:Fallback" => self.fallback = self.fallback.saturating_sub(1),
            _ if self.fallback > 0 => {}
            "w:t" => self.in_text = false,
            "w:r" => {
                self.runs.pop();
            }
            "w:p" => {
                if let Some(para) = self.paragraphs.pop() {
                    self.finish_paragraph(para);
                }
            }
            "w:tbl" => {
                if let Some(rows) = self.tables.pop() {
                    if self.tables.is_empty() {
                        self.nodes.push(Node::Table(rows));
                    } else {
                        // A table inside a cell: its text becomes part of the cell's text.
                        let text: Vec<&str> = rows
                            .iter()
                            .flat_map(|r| r.cells.iter().map(|c| c.text.as_str()))
                            .filter(|t| !t.is_empty())
                            .collect();
                        let text = text.join(" ");
                        let mut hidden = Hidden::default();
                        for c in rows.iter().flat_map(|r| &r.cells) {
                            hidden.merge(&c.hidden);
                        }
                        if let Some(cell) = self.current_cell() {
                            join_into(&mut cell.text, &text);
                            cell.hidden.merge(&hidden);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn current_cell(&mut self) -> Option<&mut RawCell> {
        self.tables
            .last_mut()
            .and_then(|t| t.last_mut())
            .and_then(|r| r.cells.last_mut())
    }

    fn finish_paragraph(&mut self, para: Para) {
        if let Some(outer) = self.paragraphs.last_mut() {
            // A paragraph of a text box inside a paragraph: part of the outer one.
            join_into(&mut outer.text, &para.text);
            outer.hidden.merge(&para.hidden);
        } else if let Some(cell) = self.current_cell() {
            join_into(&mut cell.text, &para.text.replace('\n', " "));
            cell.hidden.merge(&para.hidden);
        } else if self.tables.is_empty() {
            self.nodes.push(Node::Paragraph(para.text, para.hidden));
        }
    }
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, "w:val")
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// Appends a paragraph's text to a cell's: no space between two Chinese characters (a wrapped
/// label), one space otherwise.
fn join_into(text: &mut String, more: &str) {
    let more = more.trim_matches(is_blank);
    if more.is_empty() {
        return;
    }
    let trimmed_len = text.trim_end_matches(is_blank).len();
    text.truncate(trimmed_len);
    if let (Some(a), Some(b)) = (text.chars().last(), more.chars().next())
        && (a.is_ascii() || b.is_ascii())
    {
        text.push(' ');
    }
    text.push_str(more);
}

fn line_of(s: &str, offset: u64) -> usize {
    let end = usize::try_from(offset).unwrap_or(usize::MAX).min(s.len());
    s[..end].lines().count().max(1)
}

/// Where hidden text was skipped: the range of the rendering showing the paragraph or cell.
type Places = Vec<(Range<usize>, Hidden)>;

/// What [`render`] makes: the text, its blocks, where hidden text was skipped, and where each
/// paragraph and cell starts in the text.
type Rendered = (String, Vec<Block>, Places, Vec<(usize, Anchor)>);

/// Renders the body as text (see the module docs) and builds the blocks over that text; also
/// where hidden text was skipped: the range of the rendering showing the paragraph or cell
/// (empty where nothing of it shows); and where each paragraph that shows text and each table
/// cell starts, numbered as a user counts them in Word.
fn render(nodes: &[Node], max_items: usize, ticker: &Ticker<'_>) -> Result<Rendered, ReadError> {
    let mut copied = 0usize;
    let mut out = String::new();
    let mut blocks = Vec::new();
    let mut hidden = Vec::new();
    let mut anchors = Vec::new();
    let (mut paragraphs, mut tables) = (0u32, 0u32);
    for node in nodes {
        match node {
            Node::Paragraph(para, skipped) => {
                let start = out.len();
                if para
                    .split('\n')
                    .any(|l| !l.trim_matches(is_blank).is_empty())
                {
                    paragraphs += 1;
                    anchors.push((
                        start,
                        Anchor::Paragraph {
                            paragraph: paragraphs,
                        },
                    ));
                }
                for line in para.split('\n') {
                    let line = line.trim_matches(is_blank);
                    if line.is_empty() {
                        continue;
                    }
                    let mut text = Text::default();
                    ticker.push_source(&mut text, line, out.len())?;
                    out.push_str(line);
                    out.push('\n');
                    blocks.push(Block::Line(text));
                }
                if skipped.chars > 0 {
                    let end = out.len().saturating_sub(1).max(start);
                    hidden.push((start..end, skipped.clone()));
                }
            }
            Node::Table(rows) => {
                tables += 1;
                render_table(
                    rows,
                    tables,
                    &mut Rendering {
                        out: &mut out,
                        blocks: &mut blocks,
                        hidden: &mut hidden,
                        anchors: &mut anchors,
                    },
                    &mut copied,
                    max_items,
                    ticker,
                )?;
            }
        }
    }
    Ok((out, blocks, hidden, anchors))
}

/// What [`render_table`] adds to.
struct Rendering<'a> {
    out: &'a mut String,
    blocks: &'a mut Vec<Block>,
    hidden: &'a mut Places,
    anchors: &'a mut Vec<(usize, Anchor)>,
}

/// Renders a table, one line per row and one TAB-separated cell per `w:tc`, and expands
/// vertically merged cells as HTML's `rowspan` (see the `html` module): a label continues into
/// the rows it spans, a value does not (the row gets an empty cell there). A cell spanning
/// columns (`w:gridSpan`) is one cell. Only a label short enough to name rows is continued
/// (as in HTML, see `html::repeats_below`), and the bytes continued count against the budget.
fn render_table(
    rows: &[RawRow],
    table: u32,
    r: &mut Rendering<'_>,
    copied: &mut usize,
    max_items: usize,
    ticker: &Ticker<'_>,
) -> Result<(), ReadError> {
    let Rendering {
        out,
        blocks,
        hidden,
        anchors,
    } = r;
    // The text of each grid column in the previous row, to continue vertical merges.
    let mut previous: Vec<Option<Text>> = Vec::new();
    for (row_index, row) in rows.iter().enumerate() {
        let mut texts: Vec<Text> = Vec::new();
        let mut columns: Vec<Option<Text>> = vec![None; row.grid_before];
        for (i, cell) in row.cells.iter().enumerate() {
            ticker.tick(0)?;
            if i > 0 {
                out.push('\t');
            }
            let at = out.len();
            let column = columns.len();
            anchors.push((
                at,
                Anchor::Cell {
                    table,
                    row: u32::try_from(row_index + 1).unwrap_or(u32::MAX),
                    column: u32::try_from(column + 1).unwrap_or(u32::MAX),
                },
            ));
            let text = if cell.merge == Merge::Continue {
                match previous.get(column) {
                    Some(Some(above)) if crate::html::repeats_below(above.as_str()) => {
                        *copied += above.as_str().len();
                        budget::check(Budgeted::MergedCellText, *copied, max_items)?;
                        above.clone()
                    }
                    _ => Text::empty_at(at),
                }
            } else {
                let content: String = cell
                    .text
                    .trim_matches(is_blank)
                    .chars()
                    .map(|c| {
                        if matches!(c, '\t' | '\n' | '\r') {
                            ' '
                        } else {
                            c
                        }
                    })
                    .collect();
                let mut text = Text::empty_at(at);
                ticker.push_source(&mut text, &content, at)?;
                out.push_str(&content);
                if cell.hidden.chars > 0 {
                    hidden.push((at..out.len(), cell.hidden.clone()));
                }
                text
            };
            columns.push(Some(text.clone()));
            columns.extend(std::iter::repeat_n(None, cell.grid_span - 1));
            texts.push(text);
        }
        out.push('\n');
        if texts.iter().any(|t| !t.is_empty()) {
            blocks.push(Block::Row(texts));
        }
        previous = columns;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal DOCX: `word/document.xml` with `body` inside `w:body`.
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file(DOCUMENT_PART, opts).unwrap();
        write!(
            zip,
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>"
        )
        .unwrap();
        zip.finish().unwrap();
        buf.into_inner()
    }

    fn rendered(d: &Document) -> Vec<String> {
        d.blocks.iter().map(Block::joined).collect()
    }

    fn p(s: &str) -> String {
        format!("<w:p><w:r><w:t>{s}</w:t></w:r></w:p>")
    }

    fn tc(props: &str, s: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(s))
    }

    #[test]
    fn paragraphs_and_merged_cells() {
        let body = format!(
            "{}<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>{}",
            p("二、主动公开 &amp; 情况"),
            tc("<w:vMerge w:val=\"restart\"/>", "（三）不予公开"),
            tc("", "1.属于国家秘密"),
            tc("<w:vMerge w:val=\"restart\"/>", "5"),
            tc("<w:vMerge/>", ""),
            tc("", "2.其他"),
            tc("<w:vMerge/>", ""),
            tc("<w:gridSpan w:val=\"2\"/>", "（七）总计"),
            tc("", "　　"),
            p("末")
        );
        let (d, _) = read(&docx(&body), "t.docx", &ReadOptions::default()).unwrap();
        assert_eq!(
            rendered(&d),
            [
                "二、主动公开 & 情况",
                "(三)不予公开|1.属于国家秘密|5",
                "(三)不予公开|2.其他|",
                "(七)总计|",
                "末"
            ]
        );
        let text = d.source.text();
        assert_eq!(
            text,
            "二、主动公开 & 情况\n（三）不予公开\t1.属于国家秘密\t5\n\t2.其他\t\n（七）总计\t\n末\n"
        );
        // Spans point into the rendering: the 5 on line 2, third TAB-separated slot.
        let Block::Row(cells) = &d.blocks[1] else {
            panic!()
        };
        let span = d.source.span(
            cells[2].source_range(0..1).start,
            cells[2].source_range(0..1).end,
        );
        assert_eq!((d.source.slice(span), span.line, span.column), ("5", 2, 18));
    }

    #[test]
    fn limits_and_malformed_files_have_their_own_errors() {
        let opts = ReadOptions {
            max_docx_xml_bytes: 100,
            ..ReadOptions::default()
        };
        let big = docx(&p(&"规章".repeat(100)));
        assert!(matches!(
            read(&big, "t", &opts),
            Err(ReadError::DocxTooLarge { limit: 100 })
        ));
        let deep = docx(&"<w:sdt>".repeat(1000));
        assert!(matches!(
            read(&deep, "t", &ReadOptions::default()),
            Err(ReadError::TooDeep { .. })
        ));
        assert!(matches!(
            read(b"PK\x03\x04garbage", "t", &ReadOptions::default()),
            Err(ReadError::DocxMalformed { .. })
        ));
    }
}
