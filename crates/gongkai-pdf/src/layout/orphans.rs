//! Values that belong to no row.
//!
//! A line of a few values with no label between two rows of a table is, in a form whose every
//! row has its label, the wrapped part of a number of the row above or the row below (its first
//! or last digits, see `wrapped`) — or of a cell whose text the producer set on a line of its
//! own. Where `wrapped` could not tell which row it belongs to (it fits both equally, or a
//! shape it does not know), the values of both rows in those columns may be cut short: "2"
//! read for 252, whose "25" stands on the line above. Such cells are marked uncertain
//! ([`UncertainReason::AmbiguousLayout`]), so a check that rests on them is a warning that says
//! the table could not be read with certainty, never an error about a value that was not
//! printed.
//!
//! A line of values with no label that fills every column is a row of its own (表四's one
//! line of values under its header), and one with no labelled row beside it marks nothing.

use super::Work;
use super::tables::{RowPlan, Table};

/// Marks, in `ambiguous` of the rows next to each label-less line of values that leaves some
/// columns empty, the columns that line has values in.
pub(super) fn mark(tables: &[Table], plans: &mut [Vec<RowPlan<'_>>], work: &mut Work) {
    for (table, rows) in tables.iter().zip(plans.iter_mut()) {
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_key(|&i| rows[i].anchor);
        work.add(rows.len() * (usize::BITS - rows.len().leading_zeros()) as usize);
        let mut marks: Vec<(usize, Vec<usize>)> = Vec::new();
        for (k, &i) in order.iter().enumerate() {
            let row = &rows[i];
            if !row.labels.is_empty() || row.values.is_empty() {
                continue;
            }
            work.add(row.values.len());
            let mut columns: Vec<usize> = row
                .values
                .iter()
                .filter_map(|w| table.column_for(w))
                .collect();
            columns.sort_unstable();
            columns.dedup();
            if columns.is_empty() || columns.len() >= table.columns.len() {
                continue;
            }
            let above = k.checked_sub(1).map(|j| order[j]);
            let below = order.get(k + 1).copied();
            for n in [above, below].into_iter().flatten() {
                if !rows[n].labels.is_empty() {
                    marks.push((n, columns.clone()));
                }
            }
        }
        for (n, columns) in marks {
            if let Some(r) = rows.get_mut(n) {
                r.ambiguous.extend(columns);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use gongkai_reader::Block;

    use crate::layout::build;
    use crate::{Page, Word};

    fn w(x0: f64, y0: f64, x1: f64, text: &str) -> Word {
        Word {
            x0,
            y0,
            x1,
            y1: y0 + 8.0,
            text: text.to_owned(),
        }
    }

    /// Whether each cell of each row block is uncertain.
    fn uncertain(words: Vec<Word>) -> Vec<Vec<bool>> {
        let page = Page {
            width: 595.0,
            height: 842.0,
            words,
            ..Page::default()
        };
        build(&[page], "t.pdf")
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Row(cells) => Some(cells.iter().map(|t| t.uncertain().is_some()).collect()),
                Block::Line(_) => None,
            })
            .collect()
    }

    /// A line of two values between two rows, one line from each, which fits both as the
    /// wrapped part of their numbers and is joined to neither: the cells of both rows in its
    /// columns may be cut short ("9" for 119), so they are uncertain; the column it leaves
    /// empty is not, nor is a row with no such line beside it.
    #[test]
    fn a_line_of_no_row_makes_the_cells_beside_it_uncertain() {
        let mut words = vec![
            w(80.0, 100.0, 100.0, "甲类"),
            w(300.0, 100.0, 310.0, "23"),
            w(335.0, 100.0, 340.0, "0"),
            w(360.0, 100.0, 370.0, "23"),
            w(300.0, 109.0, 310.0, "11"),
            w(360.0, 109.0, 370.0, "15"),
            w(80.0, 118.0, 100.0, "乙类"),
            w(305.0, 118.0, 310.0, "9"),
            w(335.0, 118.0, 340.0, "0"),
            w(365.0, 118.0, 370.0, "4"),
        ];
        assert_eq!(
            uncertain(words.clone()),
            [
                vec![false, true, false, true],
                vec![false, false, false],
                vec![false, true, false, true],
            ]
        );
        // Without the line, nothing is uncertain.
        words.retain(|w| (w.y0 - 109.0).abs() > 0.5);
        assert_eq!(
            uncertain(words),
            [
                vec![false, false, false, false],
                vec![false, false, false, false]
            ]
        );
    }

    /// A line of values with no label that fills every column is a row (表四's one line of
    /// values), and marks nothing.
    #[test]
    fn a_full_line_of_values_is_a_row_of_its_own() {
        let words = vec![
            w(300.0, 100.0, 310.0, "1"),
            w(335.0, 100.0, 340.0, "0"),
            w(360.0, 100.0, 370.0, "1"),
        ];
        assert_eq!(uncertain(words), [vec![false, false, false]]);
    }
}
