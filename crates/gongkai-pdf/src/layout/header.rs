//! Value columns that no row fills, taken from the table's header.
//!
//! A table's columns come from its values (`columns`), so a column blank in every row — 表四's
//! single row with one empty cell — does not exist, and the row's values then stand one column
//! off from the form's. The header says where the columns are: its *leaf* cells (the header
//! text with no other header text under it: "维持", "纠正" under "结果", "总计") stand one over each
//! value column. Where the leaves match the columns one to one except for leaves over no column
//! at all, between two columns, those are the blank columns, and they are added. Where the header does not match the
//! columns so cleanly (a header cell over two columns, a column with no leaf or two), the
//! columns stay as the values gave them: a guess from a header that does not fit would put
//! every value of a row in a wrong cell.

use super::bands::Band;
use super::columns::Anchor;
use super::rows::is_heading;
use super::tables::{MAX_COLUMNS, Table};
use super::{Role, Work};
use crate::Word;

/// How many lines above a table's first row are read as its header.
const MAX_HEADER_LINES: usize = 10;
/// The most header words compared with each other (each with all others): a header holds a
/// few words per column.
const MAX_HEADER_WORDS: usize = 4 * MAX_COLUMNS;

/// Strict horizontal overlap of two extents (touching edges are none).
fn overlap(a: (f64, f64), b: (f64, f64)) -> bool {
    a.0 < b.1 - 0.5 && a.1 > b.0 + 0.5
}

/// Adds to `table` the value columns its header shows and no row fills (see the module docs).
pub(super) fn complete(bands: &[Band<'_>], roles: &[Role], table: &mut Table, work: &mut Work) {
    let Some(&first) = table.rows.first() else {
        return;
    };
    if table.columns.is_empty() {
        return;
    }
    let page = bands[first].page;
    // The header: the lines right above the first row, up to the section heading or whatever
    // else is no plain line of this page.
    let mut words: Vec<(&Word, f64)> = Vec::new();
    for i in (first.saturating_sub(MAX_HEADER_LINES)..first).rev() {
        let b = &bands[i];
        if b.page != page || roles[i] != Role::Line || b.is_row() || is_heading(b) {
            break;
        }
        work.add(b.words.len());
        // The header of the label columns is no value column's.
        words.extend(
            b.words
                .iter()
                .filter(|w| w.x0 > table.labels_x1 + 0.5)
                .map(|&w| (w, b.h)),
        );
        if words.len() > MAX_HEADER_WORDS {
            return;
        }
    }
    work.add(words.len() * words.len());
    // Leaves: header text with no header text under it.
    let mut leaves: Vec<(f64, f64)> = words
        .iter()
        .filter(|(w, h)| {
            !words
                .iter()
                .any(|(v, _)| v.y0 >= w.y1 - 0.25 * h && overlap((v.x0, v.x1), (w.x0, w.x1)))
        })
        .map(|(w, _)| (w.x0, w.x1))
        .collect();
    leaves.sort_by(|a, b| a.0.total_cmp(&b.0));
    // The lines of one leaf cell overlap: one group per cell.
    let mut groups: Vec<(f64, f64)> = Vec::new();
    for l in leaves {
        match groups.last_mut() {
            Some(g) if overlap(*g, l) => g.1 = g.1.max(l.1),
            _ => groups.push(l),
        }
    }
    // Each group over one column or none, each column under exactly one group.
    let mut under = vec![0usize; table.columns.len()];
    let mut blank: Vec<(f64, f64)> = Vec::new();
    for &g in &groups {
        let over: Vec<usize> = (0..table.columns.len())
            .filter(|&c| overlap(g, table.columns[c]))
            .collect();
        match over[..] {
            // Between two columns only: beside the first or the last one the header text may
            // be the label columns' header running on (a long note wrapped into the gap before
            // the values), and an outer column no row fills is rarer than such a note.
            [] if g.0 > table.columns[0].1 && g.1 < table.columns[table.columns.len() - 1].0 => {
                blank.push(g);
            }
            [] => {}
            [c] => under[c] += 1,
            _ => return,
        }
    }
    if blank.is_empty()
        || under.iter().any(|&n| n != 1)
        || blank.len() > table.columns.len()
        || table.columns.len() + blank.len() > MAX_COLUMNS
    {
        return;
    }
    for g in blank {
        let at = table.columns.partition_point(|c| c.0 < g.0);
        table.columns.insert(at, g);
        if at <= table.anchors.len() {
            table.anchors.insert(at, Anchor::default());
        }
    }
}
