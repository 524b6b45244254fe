//! HTML pages as published on government portals, read into a [`Document`].
//!
//! The key decision: this is **not** a spec-complete HTML parser but a tolerant, linear scanner
//! over the decoded source that knows exactly the byte range of every character and entity it
//! keeps. html5ever (via scraper) would parse malformed markup more faithfully, but it gives no
//! source offsets for text nodes, is quadratic in nesting depth, and recovering offsets would mean
//! a second tokenizer aligned with its tree. For the limited job here — the text of paragraphs,
//! and tables with `rowspan`/`colspan` — a scanner with the handful of HTML's implied-end-tag rules
//! that matter (`<p>`, `<li>`, `<td>`, `<tr>`) gives the same blocks, exact spans into the file,
//! and an explicit stack whose depth is capped (see `docs/decisions.md`).
//!
//! What it produces: each paragraph, heading or line break outside tables is a [`Block::Line`];
//! each row of a data table is a [`Block::Row`] with merged cells expanded (see [`tables::expand`]);
//! layout tables (a table holding another table, or a single column) are read as flowing text.
//! Script, style, forms' widgets and the portal's chrome (`nav`, `footer`, `aside`, and elements
//! whose `class`/`id` name navigation, headers or footers) are skipped.
//!
//! Text a visitor of the page does not see — in an element with the `hidden` attribute, or made
//! invisible by `display: none` or `visibility: hidden` in its `style` attribute or in a rule of
//! the page's own `<style>` elements (the subset of CSS in [`crate::html_css`]) — is not read;
//! each such element holding text is reported as a [`ReadIssueKind::HiddenText`](gongkai_core::ReadIssueKind::HiddenText) on that text.
//!
//! The reading is cut in the order the bytes go through it: [`charset`] decodes the bytes;
//! [`scan`](mod@scan) walks the markup once, with the implied-end-tag rules and the page's CSS (its tags
//! parsed by [`tag`]), into the lines and tables below; [`text`] turns a line's kept runs and
//! entities into the [`crate::Text`] a browser would show; [`tables`] expands a data table's merged cells
//! into rows. This file holds what the scanner builds and how it becomes blocks.

mod charset;
mod scan;
mod tables;
mod tag;
#[cfg(test)]
mod tests;
mod text;

use std::ops::Range;

use gongkai_core::{InputKind, ReadIssue, Source};

use crate::hidden::{self, Hidden};
use crate::ticker::Ticker;
use crate::{Block, Document, ReadError, ReadOptions};

use charset::decode;
use scan::scan;
pub(crate) use tables::repeats_below;
use tables::{Copied, expand, is_layout};
use text::Collapsed;

/// Reads an HTML page: decodes it by byte order mark, `<meta charset>` or detection, and scans it
/// into blocks whose spans point into the decoded page; also the issues of the hidden text
/// skipped.
pub(crate) fn read(
    bytes: &[u8],
    name: &str,
    options: &ReadOptions,
) -> Result<(Document, Vec<ReadIssue>), ReadError> {
    let (text, encoding) = decode(bytes)?;
    crate::poll(options.interrupt.as_ref())?;
    let ticker = Ticker::new(options.interrupt.as_ref());
    let (blocks, places) = scan(&text, options, &ticker)?;
    let source = Source::new(name, text);
    let issues = hidden::issues(&source, places);
    let document = Document {
        source,
        kind: InputKind::Html,
        encoding,
        blocks,
    };
    Ok((document, issues))
}

/// Kept text of the page: a run of source characters taken as they are (`entity` is `None`),
/// or one character reference (`&nbsp;`) decoded to `entity`, with the source bytes it spans.
/// Runs rather than characters: a page that was one 49 MiB paragraph cost twelve bytes a
/// character before its text was built.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: u32,
    end: u32,
    entity: Option<char>,
}

impl Piece {
    fn run(start: usize, end: usize) -> Self {
        Self {
            start: start as u32,
            end: end as u32,
            entity: None,
        }
    }
}

/// Lines and tables in reading order, inside the page or inside one table cell.
#[derive(Debug, Default)]
struct Sink {
    items: Vec<Item>,
    pending: Vec<Piece>,
}

impl Sink {
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.items.push(Item::Line(line));
        }
    }
}

#[derive(Debug)]
enum Item {
    Line(Vec<Piece>),
    Table(Table),
}

#[derive(Debug)]
struct Cell {
    sink: Sink,
    rowspan: usize,
    colspan: usize,
    /// Where the cell's content starts (an empty cell is anchored here).
    content_start: usize,
}

#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<Cell>>,
    open_cell: Option<Cell>,
}

impl Table {
    fn close_cell(&mut self) {
        if let Some(mut cell) = self.open_cell.take() {
            cell.sink.flush();
            if self.rows.is_empty() {
                self.rows.push(Vec::new());
            }
            if let Some(row) = self.rows.last_mut() {
                row.push(cell);
            }
        }
    }
}

/// Hidden text found in a page: where (source ranges), how much, its start.
type Places = Vec<(Range<usize>, Hidden)>;

fn emit<'a>(
    src: &'a str,
    items: &[Item],
    blocks: &mut Vec<Block>,
    copied: &mut Copied,
    max_slots: usize,
    ticker: &'a Ticker<'a>,
) -> Result<(), ReadError> {
    for item in items {
        match item {
            Item::Line(pieces) => {
                let mut line = Collapsed::new(src, ticker);
                line.push_line(pieces)?;
                if !line.is_empty() {
                    blocks.push(Block::Line(line.text));
                }
            }
            Item::Table(table) if is_layout(table) => {
                for cell in table.rows.iter().flatten() {
                    emit(src, &cell.sink.items, blocks, copied, max_slots, ticker)?;
                }
            }
            Item::Table(table) => {
                for row in expand(src, table, copied, max_slots, ticker)? {
                    if row.iter().any(|t| !t.is_empty()) {
                        blocks.push(Block::Row(row));
                    }
                }
            }
        }
    }
    Ok(())
}
