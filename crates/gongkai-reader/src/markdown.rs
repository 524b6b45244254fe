//! Markdown (the output of OCR and PDF-to-markdown converters) to a [`Document`].
//!
//! Headings become lines without their `#` marks; pipe-table rows become rows of cells, their
//! `|---|` separator rows dropped. Converters often split one table into one table per row
//! with placeholder header rows: nothing here tries to stitch them, since the mapper reads rows
//! by their labels, wherever the table boundaries fall.

use gongkai_core::{InputKind, Source};

use crate::document::{Block, Document, Text};
use crate::footer::is_footer;
use crate::text::lines_with_offsets;
use crate::ticker::Ticker;
use crate::{Interrupt, ReadError};

/// Whether the text looks like markdown: a pipe-table separator row, or `#` headings.
pub(crate) fn looks_like_markdown(text: &str) -> bool {
    // Both signs need a `|` or a "# " somewhere: most texts are ruled out by two fast scans.
    if !text.contains('|') && !text.contains("# ") {
        return false;
    }
    let mut headings = 0;
    for line in text.lines().take(2000) {
        let t = line.trim();
        if is_separator_row(t) {
            return true;
        }
        if t.starts_with("# ") || t.starts_with("## ") || t.starts_with("### ") {
            headings += 1;
        }
    }
    headings >= 3
}

fn is_separator_row(t: &str) -> bool {
    t.starts_with('|')
        && t.contains("---")
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Builds the document of a markdown file.
pub(crate) fn document(source: Source, encoding: String) -> Document {
    let fallback = Source::new(source.name(), String::new());
    document_until(source, encoding.clone(), None).unwrap_or_else(|_| Document {
        // Never made: without an interrupt [`document_until`] does not fail.
        source: fallback,
        kind: InputKind::Markdown,
        encoding,
        blocks: Vec::new(),
    })
}

/// As [`document`], asking `interrupt` every 64 KiB of text read (lines counted with their
/// length, one long line or cell in pieces).
///
/// # Errors
/// [`ReadError::Interrupted`] when `interrupt` says stop.
pub(crate) fn document_until(
    source: Source,
    encoding: String,
    interrupt: Option<&Interrupt>,
) -> Result<Document, ReadError> {
    let ticker = Ticker::new(interrupt);
    let mut blocks = Vec::new();
    for (offset, line) in lines_with_offsets(source.text()) {
        ticker.tick(line.len())?;
        let trimmed = line.trim();
        if trimmed.is_empty() || is_footer(line) || is_separator_row(trimmed) {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        if trimmed.starts_with('|') {
            blocks.push(Block::Row(row_cells(trimmed, offset + lead, &ticker)?));
            continue;
        }
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        let (body, at) = if hashes > 0 && hashes <= 6 {
            let rest = &trimmed[hashes..];
            let skip = rest.len() - rest.trim_start().len();
            (&rest[skip..], offset + lead + hashes + skip)
        } else {
            (trimmed, offset + lead)
        };
        if body.is_empty() {
            continue;
        }
        let mut text = Text::empty_at(at);
        ticker.push_source(&mut text, body, at)?;
        blocks.push(Block::Line(text));
    }
    Ok(Document {
        source,
        kind: InputKind::Markdown,
        encoding,
        blocks,
    })
}

/// The cells of a pipe-table row (`| a | b |`), at byte `offset` of the source.
fn row_cells(row: &str, offset: usize, ticker: &Ticker<'_>) -> Result<Vec<Text>, ReadError> {
    let inner_start = usize::from(row.starts_with('|'));
    let inner_end = if row.len() > inner_start && row.ends_with('|') && !row.ends_with("\\|") {
        row.len() - 1
    } else {
        row.len()
    };
    let inner = row.get(inner_start..inner_end).unwrap_or("");
    let mut cells = Vec::new();
    let mut start = 0;
    let mut prev = '\0';
    for (i, c) in inner
        .char_indices()
        .chain(std::iter::once((inner.len(), '|')))
    {
        if c == '|' && prev != '\\' {
            let cell = inner.get(start..i).unwrap_or("");
            let at = offset + inner_start + start;
            let mut text = Text::empty_at(at);
            if !cell.trim().is_empty() {
                ticker.push_source(&mut text, cell, at)?;
            }
            cells.push(text);
            start = i + 1;
        }
        prev = c;
    }
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_tables() {
        let src = "# 标题\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 |  |\n";
        assert!(looks_like_markdown(src));
        let doc = document(Source::new("t.md", src), "UTF-8".into());
        assert_eq!(doc.blocks.len(), 3);
        let Block::Line(title) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(title.as_str(), "标题");
        assert_eq!(&src[title.source_range(0..title.as_str().len())], "标题");
        let Block::Row(cells) = &doc.blocks[2] else {
            panic!()
        };
        assert_eq!(cells.len(), 2);
        assert_eq!(cells[0].as_str().trim(), "规章");
        assert!(cells[1].is_empty());
        assert_eq!(&src[cells[1].anchor()..cells[1].anchor() + 2], "  ");
    }
}
