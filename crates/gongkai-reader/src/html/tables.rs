//! Data tables made into rows: layout tables told apart, each cell's text, and merged cells
//! expanded so that a row holds its own label and its values in their columns — under the budget,
//! since a hostile `rowspan` would otherwise copy a label millions of times.

use super::text::Collapsed;
use super::{Cell, Item, Table};
use crate::ticker::Ticker;
use crate::{Budgeted, ReadError, Text};

/// Bytes of label text repeated into the rows a merged cell spans, against the budget.
pub(super) struct Copied {
    pub(super) bytes: usize,
    pub(super) limit: usize,
}

impl Copied {
    pub(super) fn add(&mut self, text: &Text) -> Result<(), ReadError> {
        self.bytes += text.as_str().len();
        crate::budget::check(Budgeted::MergedCellText, self.bytes, self.limit)
    }
}

/// A table used for page layout rather than data: it holds another table, or has a single
/// column. Its cells are read as flowing text.
pub(super) fn is_layout(table: &Table) -> bool {
    let nested = table
        .rows
        .iter()
        .flatten()
        .any(|c| c.sink.items.iter().any(|i| matches!(i, Item::Table(_))));
    let width = table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.colspan).sum::<usize>())
        .max()
        .unwrap_or(0);
    nested || width <= 1
}

/// The text of one cell: its lines joined, without a space between two Chinese characters (a
/// line wrapped inside a cell) and with one otherwise.
fn cell_text<'a>(src: &'a str, cell: &Cell, ticker: &'a Ticker<'a>) -> Result<Text, ReadError> {
    let mut all = Collapsed::new(src, ticker);
    for item in &cell.sink.items {
        let Item::Line(line) = item else { continue };
        all.next_line();
        all.push_line(line)?;
    }
    Ok(if all.is_empty() {
        Text::empty_at(cell.content_start)
    } else {
        all.text
    })
}

/// Expands a table into rows: a cell spanning several rows is seen in each of them.
///
/// What a row holds for a cell spanning it from above depends on the cell: a label (a group
/// label such as "（三）不予公开") is repeated, because it names each row it spans; a value ("0",
/// "/", blank) is *not* repeated — a merged value cell holds one value, and copying it would count
/// it twice — so the row gets an empty cell there, anchored at the merged cell, keeping the row's
/// values in their columns. A cell spanning several columns is one cell: the columns it covers
/// add nothing, so a label spanning three label columns is not followed by empty "values".
///
/// Only a label that can name rows is repeated: one of at most [`MAX_REPEATED_LABEL`]
/// characters (the form's longest label has about forty). A longer text spanning rows is
/// content, not a name; below it the rows get an empty cell, as under a value. The bytes
/// repeated count against the budget, and so do the grid's slots: a hostile page is
/// [`ReadError::TooComplex`], never gigabytes of copies.
pub(super) fn expand<'a>(
    src: &'a str,
    table: &Table,
    copied: &mut Copied,
    max_slots: usize,
    ticker: &'a Ticker<'a>,
) -> Result<Vec<Vec<Text>>, ReadError> {
    let cells: Vec<Vec<(Text, usize, usize)>> = table
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| Ok((cell_text(src, c, ticker)?, c.rowspan, c.colspan)))
                .collect::<Result<_, ReadError>>()
        })
        .collect::<Result<_, _>>()?;
    expand_grid(cells, copied, max_slots)
}

/// The longest label (in characters) repeated into the rows a merged cell spans.
pub(crate) const MAX_REPEATED_LABEL: usize = 100;

/// Whether a cell spanning rows is repeated in each: a label short enough to name rows.
pub(crate) fn repeats_below(text: &str) -> bool {
    !is_value_like(text) && text.chars().nth(MAX_REPEATED_LABEL).is_none()
}

/// One position of the expanded grid.
#[derive(Clone)]
enum Slot {
    Free,
    /// The first column of a cell, in its own row or a row it spans.
    Cell(Text),
    /// A further column covered by a cell spanning columns.
    Covered,
}

/// The grid expansion of rows of `(text, rowspan, colspan)` (see [`expand`]), in at most
/// `max_slots` slots (rows × columns).
fn expand_grid(
    rows: Vec<Vec<(Text, usize, usize)>>,
    copied: &mut Copied,
    max_slots: usize,
) -> Result<Vec<Vec<Text>>, ReadError> {
    let n_rows = rows.len();
    let mut grid: Vec<Vec<Slot>> = vec![Vec::new(); n_rows];
    let mut slots = 0usize;
    for (r, row) in rows.into_iter().enumerate() {
        let mut c = 0;
        for (text, rowspan, colspan) in row {
            while grid[r].get(c).is_some_and(|s| !matches!(s, Slot::Free)) {
                c += 1;
            }
            let last_row = (r + rowspan.max(1)).min(n_rows);
            let repeat = repeats_below(text.as_str());
            let below = if repeat {
                text.clone()
            } else {
                Text::empty_at(text.source_range(0..0).start)
            };
            for (rr, grid_row) in grid.iter_mut().enumerate().take(last_row).skip(r) {
                for cc in c..c + colspan.max(1) {
                    slots += 1;
                    crate::budget::check(Budgeted::LinesAndCells, slots, max_slots)?;
                    if grid_row.len() <= cc {
                        grid_row.resize(cc + 1, Slot::Free);
                    }
                    grid_row[cc] = if cc > c {
                        Slot::Covered
                    } else if rr == r {
                        Slot::Cell(text.clone())
                    } else {
                        if repeat {
                            copied.add(&below)?;
                        }
                        Slot::Cell(below.clone())
                    };
                }
            }
            c += colspan.max(1);
        }
    }
    Ok(grid
        .into_iter()
        .map(|row| {
            row.into_iter()
                .filter_map(|slot| match slot {
                    Slot::Cell(t) => Some(t),
                    Slot::Free | Slot::Covered => None,
                })
                .collect()
        })
        .collect())
}

/// Whether a cell holds a value (or a blank) rather than a label: digits and the marks used for
/// "none" in report tables.
pub(crate) fn is_value_like(s: &str) -> bool {
    let s = s.trim();
    s.is_empty()
        || s == "无"
        || s.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '%' | '/' | '—' | '–' | ' ')
        })
}
