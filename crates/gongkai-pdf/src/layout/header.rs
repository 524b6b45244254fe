//! Value columns that no row fills, taken from the table's header.
//!
//! A table's columns come from its values (`columns`), so a column blank in every row — 表四's
//! single row with one empty cell — does not exist, and the row's values then stand one column
//! off from the form's. The header says where the columns are: its *leaf* cells (the header
//! text with no other header text under it: "维持", "纠正" under "结果", "总计") stand one over each
//! value column. Where the leaves match the columns one to one except for leaves over no column
//! at all, between two columns, those are the blank columns, and they are added; in a table whose
//! rows have no label text (表四), a leaf a column's pitch before the first column or after the
//! last is one too. Where the header does not match the
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

fn centre(a: (f64, f64)) -> f64 {
    f64::midpoint(a.0, a.1)
}

/// How far beside the first or the last column (centre to centre) a header leaf is a blank
/// outer column: half again the widest pitch of the table's columns, for a table whose rows
/// have no label text; `None` (never) for any other, or with fewer than two columns to take
/// the pitch from.
fn outer_reach(table: &Table) -> Option<f64> {
    if table.labels_x1.is_finite() || table.columns.len() < 2 {
        return None;
    }
    let pitch = table
        .columns
        .windows(2)
        .map(|p| centre(p[1]) - centre(p[0]))
        .fold(0.0, f64::max);
    Some(1.5 * pitch)
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
    let (first_col, last_col) = (table.columns[0], table.columns[table.columns.len() - 1]);
    let outer_reach = outer_reach(table);
    for &g in &groups {
        let over: Vec<usize> = (0..table.columns.len())
            .filter(|&c| overlap(g, table.columns[c]))
            .collect();
        match over[..] {
            // Between two columns: a blank column.
            [] if g.0 > first_col.1 && g.1 < last_col.0 => blank.push(g),
            // Beside the first or the last column the header text may be the label columns'
            // header running on (a long note wrapped into the gap before the values), and an
            // outer column no row fills is rarer than such a note — unless the rows have no
            // label at all (表四's single row, its first cell blank): then no label header
            // runs on, and a leaf a column's pitch beside the outer column is one more.
            [] if outer_reach.is_some_and(|reach| {
                let c = centre(g);
                (c < first_col.0 && centre(first_col) - c <= reach)
                    || (c > last_col.1 && c - centre(last_col) <= reach)
            }) =>
            {
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

#[cfg(test)]
mod tests {
    use gongkai_reader::{Block, Text};

    use crate::layout::build;
    use crate::layout::testing::word;
    use crate::{Page, Word};

    fn w(x0: f64, y0: f64, x1: f64, text: &str) -> Word {
        word(x0, y0, x1, y0 + 11.7, text)
    }

    fn last_row(words: Vec<Word>) -> String {
        let page = Page {
            width: 595.0,
            height: 842.0,
            words,
            ..Page::default()
        };
        let d = build(&[page], "t.pdf");
        d.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Row(cells) => Some(cells.iter().map(Text::as_str).collect::<Vec<_>>()),
                Block::Line(_) => None,
            })
            .next_back()
            .map(|c| c.join("|"))
            .unwrap_or_default()
    }

    /// 表四 as LibreOffice prints a saved portal page: a row of values without a label, its
    /// first cell blank, under a header whose leaves ("持" under "结果维", "总计") stand one
    /// over each column. The leaf before the first value is a blank first column — the
    /// values stay in their own columns instead of every one moving a column left.
    #[test]
    fn a_blank_first_cell_of_a_row_without_label_comes_from_the_header() {
        let mut words = vec![w(113.9, 305.0, 149.9, "行政复议")];
        for (i, leaf) in ["持", "正", "果", "结"].iter().enumerate() {
            let x = 59.6 + 31.9 * f64::from(u8::try_from(i).unwrap_or(0));
            words.push(w(
                x,
                344.7,
                x + 27.0,
                ["结果维", "结果纠", "其他结", "尚未审"][i],
            ));
            words.push(w(x + 9.0, 354.1, x + 18.0, leaf));
        }
        words.push(w(187.1, 349.4, 205.1, "总计"));
        for (x, v) in [(103.1, "0"), (135.0, "1"), (166.9, "0"), (193.8, "1")] {
            words.push(w(x, 395.4, x + 4.5, v));
        }
        assert_eq!(last_row(words.clone()), "|0|1|0|1");
        // A leaf further than a column's pitch and a half from the first value is no column.
        for word in words.iter_mut().filter(|w| w.y0 > 340.0 && w.x0 < 90.0) {
            word.x0 -= 40.0;
            word.x1 -= 40.0;
        }
        assert_eq!(last_row(words), "0|1|0|1");
    }
}
