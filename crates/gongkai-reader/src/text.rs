//! Plain text to a [`Document`]: a line per block; lines with TABs are table rows; text
//! flattened from HTML tables with `|` cell terminators becomes cells.
//!
//! The `|`-terminated layout (a cell's content is everything since the previous `|`, possibly
//! over several lines) comes from HTML pages converted to text. A cell whose content spans lines
//! keeps its earlier lines as [`Block::Line`]s and its last part as a one-cell [`Block::Row`]:
//! what the mapper needs from a cell boundary is only whether the cell was empty (a blank
//! value), and labels are matched across blocks anyway.

use gongkai_core::{InputKind, Source};

use crate::document::{Block, Document, Text};
use crate::footer::is_footer;
use crate::ticker::Ticker;
use crate::{Interrupt, ReadError};

/// How a text file lays out its tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Lines; a line with TABs is a row of cells.
    Lines,
    /// Cells terminated by `|`.
    PipeCells,
}

/// Recognises the layout from the content: many lines ending in a `|` mean `|`-terminated cells.
pub(crate) fn detect_layout(text: &str) -> Layout {
    if !text.contains('|') {
        return Layout::Lines;
    }
    let mut pipe_ended = 0usize;
    let mut nonempty = 0usize;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        nonempty += 1;
        if t.ends_with('|') {
            pipe_ended += 1;
        }
    }
    if pipe_ended >= 8 && pipe_ended * 5 >= nonempty {
        Layout::PipeCells
    } else {
        Layout::Lines
    }
}

/// Splits `text` into lines with their byte offsets, without line endings.
pub(crate) fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        (start, line)
    })
}

/// How much of a line is normalised between two questions to the interrupt: NFKC of a line of
/// millions of characters is one long step otherwise.
const POLL_BYTES: usize = 64 * 1024;

/// A line's text, asking `interrupt` every [`POLL_BYTES`].
fn line_text(s: &str, offset: usize, interrupt: Option<&Interrupt>) -> Result<Text, ReadError> {
    let mut t = Text::empty_at(offset);
    // Pushed in pieces: adjacent pieces make the same text and map as one push.
    let mut at = 0;
    while at < s.len() {
        let mut end = (at + POLL_BYTES).min(s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        t.push_source(&s[at..end], offset + at);
        at = end;
        if at < s.len() {
            crate::poll(interrupt)?;
        }
    }
    Ok(t)
}

/// Builds the document of a plain text (or TAB-separated) file.
pub(crate) fn document(source: Source, encoding: String) -> Document {
    document_until(source, encoding, None).unwrap_or_else(|_| unreachable_document())
}

/// Never made: without an interrupt [`document_until`] does not fail.
fn unreachable_document() -> Document {
    Document {
        source: Source::new("", String::new()),
        kind: InputKind::Text,
        encoding: String::new(),
        blocks: Vec::new(),
    }
}

/// As [`document`], asking `interrupt` every 1,024 lines and every [`POLL_BYTES`] of a long line.
///
/// # Errors
/// [`ReadError::Interrupted`] when `interrupt` says stop.
pub(crate) fn document_until(
    source: Source,
    encoding: String,
    interrupt: Option<&Interrupt>,
) -> Result<Document, ReadError> {
    let layout = detect_layout(source.text());
    // TAB-separated rows and `|` cells: asked every 64 KiB of their text.
    let ticker = Ticker::new(interrupt);
    let mut blocks = Vec::with_capacity(source.lines().len());
    let mut tab_rows = 0usize;
    match layout {
        Layout::Lines => {
            // `pdftotext -layout` text: rows wrapped around their values, rebuilt.
            let plan = crate::layout_text::plan(source.text()).unwrap_or_default();
            for (i, (offset, line)) in lines_with_offsets(source.text()).enumerate() {
                if i % 1024 == 1023 {
                    crate::poll(interrupt)?;
                }
                if let Some(rebuilt) = plan.get(&i) {
                    for (pieces, uncertain) in rebuilt {
                        let mut t = pieced(source.text(), pieces);
                        if *uncertain {
                            t.mark_uncertain(gongkai_core::UncertainReason::AmbiguousLayout);
                        }
                        blocks.push(Block::Line(t));
                    }
                    continue;
                }
                if line.trim().is_empty() || is_footer(line) {
                    continue;
                }
                if line.contains('\t') {
                    tab_rows += 1;
                    ticker.tick(line.len())?;
                    blocks.push(Block::Row(split_cells(line, offset, '\t', &ticker)?));
                } else {
                    blocks.push(Block::Line(line_text(line, offset, interrupt)?));
                }
            }
        }
        Layout::PipeCells => pipe_cells(source.text(), &mut blocks, &ticker)?,
    }
    let kind = if tab_rows >= 3 {
        InputKind::Tsv
    } else {
        InputKind::Text
    };
    Ok(Document {
        source,
        kind,
        encoding,
        blocks,
    })
}

/// A line made of pieces of the source (words of several printed lines), separated by spaces
/// that stand for no source character (or glued, the parts of a wrapped number): each piece
/// keeps its own place in the file.
fn pieced(text: &str, pieces: &[(std::ops::Range<usize>, bool)]) -> Text {
    let mut t = Text::empty_at(pieces.first().map_or(0, |(r, _)| r.start));
    for (i, (r, glued)) in pieces.iter().enumerate() {
        if i > 0 && !glued {
            t.push_mapped(" ", r.start..r.start);
        }
        t.push_source(text.get(r.clone()).unwrap_or(""), r.start);
    }
    t
}

/// The cells of a line split at `sep`; an empty cell is anchored where it sits. Their text is
/// normalised through `ticker`.
fn split_cells(
    line: &str,
    offset: usize,
    sep: char,
    ticker: &Ticker<'_>,
) -> Result<Vec<Text>, ReadError> {
    let mut cells = Vec::new();
    let mut start = 0;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), sep)))
    {
        if c == sep {
            let cell = line.get(start..i).unwrap_or("");
            let at = offset + start;
            let mut text = Text::empty_at(at);
            if !cell.trim().is_empty() {
                ticker.push_source(&mut text, cell, at)?;
            }
            cells.push(text);
            start = i + sep.len_utf8();
        }
    }
    Ok(cells)
}

fn pipe_cells(text: &str, blocks: &mut Vec<Block>, ticker: &Ticker<'_>) -> Result<(), ReadError> {
    // Whether the cell being read has had content on earlier lines.
    let mut open_has_content = false;
    for (offset, line) in lines_with_offsets(text) {
        ticker.tick(line.len())?;
        let trimmed = line.trim();
        if trimmed.is_empty() || is_footer(line) {
            continue;
        }
        // A line of two or more bare pipes separates rows; it holds no cells.
        if !open_has_content && trimmed.len() >= 2 && trimmed.bytes().all(|b| b == b'|') {
            continue;
        }
        let mut row = Vec::new();
        let mut start = 0;
        for (i, c) in line.char_indices() {
            if c != '|' {
                continue;
            }
            let piece = line.get(start..i).unwrap_or("");
            if piece.trim().is_empty() {
                if !open_has_content {
                    row.push(Text::empty_at(offset + i));
                }
            } else {
                let mut text = Text::empty_at(offset + start);
                ticker.push_source(&mut text, piece, offset + start)?;
                row.push(text);
            }
            open_has_content = false;
            start = i + 1;
        }
        if !row.is_empty() {
            blocks.push(Block::Row(row));
        }
        let rest = line.get(start..).unwrap_or("");
        if !rest.trim().is_empty() {
            let mut text = Text::empty_at(offset + start);
            ticker.push_source(&mut text, rest, offset + start)?;
            blocks.push(Block::Line(text));
            open_has_content = true;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Line(t) => format!("L:{}", t.as_str()),
                Block::Row(cells) => format!(
                    "R:{}",
                    cells
                        .iter()
                        .map(|c| c.as_str().trim())
                        .collect::<Vec<_>>()
                        .join("|")
                ),
            })
            .collect()
    }

    #[test]
    fn tabs_make_rows_with_empty_cells_kept() {
        let doc = document(
            Source::new("t", "标题\n规章\t13\t\t524\r\n- 2 -\n"),
            "UTF-8".into(),
        );
        assert_eq!(shapes(&doc), ["L:标题", "R:规章|13||524"]);
        let Block::Row(cells) = &doc.blocks[1] else {
            panic!()
        };
        let text = doc.source.text();
        assert_eq!(cells[2].anchor(), text.find("\t\t").unwrap() + 1);
    }

    #[test]
    fn pipes_end_cells_across_lines() {
        let src = "标题\n规章 |\n/ |\n|\n||\n商业\n企业\n|\n0 |\n".repeat(3);
        let doc = document(Source::new("t", src), "UTF-8".into());
        assert_eq!(
            shapes(&doc)[..6],
            ["L:标题", "R:规章", "R:/", "R:", "L:商业", "L:企业"]
        );
        assert_eq!(shapes(&doc)[6], "R:0");
    }
}
