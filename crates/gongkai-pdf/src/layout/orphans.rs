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
use super::bands::is_value;
use super::tables::{RowPlan, Table};
use crate::Word;

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

/// Values left among a row's label text: a number on a line of its own that stands in a value
/// column, right of every row's label, which no step made a value of its row (a cell set half
/// a line off its row's line before the table's columns were all seen). Read as label text it
/// would shift the row's values one cell along; it is the row's value in its column, uncertain
/// (the layout did not place it), or, when the row has a value in that column already, every
/// cell of the row is uncertain.
pub(super) fn adopt_stray_values(
    tables: &[Table],
    plans: &mut [Vec<RowPlan<'_>>],
    work: &mut Work,
) {
    for (table, rows) in tables.iter().zip(plans.iter_mut()) {
        for row in rows.iter_mut() {
            work.add(row.labels.len());
            let stray = |w: &Word| {
                is_value(&w.text) && w.x0 > table.labels_x1 && table.column_for(w).is_some()
            };
            if !row.labels.iter().any(|(_, w)| stray(w)) {
                continue;
            }
            let mut kept = Vec::with_capacity(row.labels.len());
            for (b, w) in std::mem::take(&mut row.labels) {
                let Some(c) = table.column_for(w).filter(|_| stray(w)) else {
                    kept.push((b, w));
                    continue;
                };
                let taken = row.values.iter().any(|v| table.column_for(v) == Some(c));
                if taken {
                    kept.push((b, w));
                    row.ambiguous.extend(0..table.columns.len());
                } else {
                    row.values.push(w.clone());
                    row.certain.push(true);
                    row.ambiguous.push(c);
                }
            }
            row.labels = kept;
            // Values in column order, each with its certainty.
            let mut order: Vec<usize> = (0..row.values.len()).collect();
            order.sort_by(|&a, &b| row.values[a].x0.total_cmp(&row.values[b].x0));
            let values = order.iter().map(|&i| row.values[i].clone()).collect();
            let certain = order.iter().map(|&i| row.certain[i]).collect();
            row.values = values;
            row.certain = certain;
        }
    }
}

#[cfg(test)]
mod tests {
    use gongkai_reader::Block;

    use crate::layout::build;
    use crate::layout::testing::{rendered, word};
    use crate::{Page, Word};

    fn w(x0: f64, y0: f64, x1: f64, text: &str) -> Word {
        word(x0, y0, x1, y0 + 8.0, text)
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

    /// A number on a line of its own in a column no row above has filled yet (a total set
    /// half a line higher than its row's other values and too far from the next row's line
    /// to be one line with it) is not label text of the row it is attached to — which would
    /// shift that row's values one cell — but its value in that column, uncertain.
    #[test]
    fn a_stray_value_in_a_value_column_is_its_rows_uncertain_value() {
        let mut words = vec![w(80.0, 100.0, 200.0, "一、本年新收")];
        for (k, v) in ["1", "2", "3"].iter().enumerate() {
            let x = 300.0 + 30.0 * f64::from(u8::try_from(k).unwrap_or(0));
            words.push(w(x, 100.0, x + 6.0, v));
        }
        words.push(w(390.0, 110.0, 402.0, "19"));
        words.push(w(80.0, 118.0, 200.0, "二、上年结转"));
        for (k, v) in ["5", "12", "2"].iter().enumerate() {
            let x = 300.0 + 30.0 * f64::from(u8::try_from(k).unwrap_or(0));
            words.push(w(
                x,
                118.0,
                x + 6.0 * f64::from(u8::try_from(v.len()).unwrap_or(0)),
                v,
            ));
        }
        words.push(w(80.0, 140.0, 200.0, "（七）总计"));
        for (k, v) in ["6", "14", "5", "25"].iter().enumerate() {
            let x = 300.0 + 30.0 * f64::from(u8::try_from(k).unwrap_or(0));
            words.push(w(
                x,
                140.0,
                x + 6.0 * f64::from(u8::try_from(v.len()).unwrap_or(0)),
                v,
            ));
        }
        let read = rendered(words.clone());
        assert!(
            read.iter().any(|r| r == "二、上年结转|5|12|2|19")
                || read.iter().any(|r| r == "一、本年新收|1|2|3|19"),
            "{read:?}"
        );
        assert!(
            !read.iter().any(|r| r.contains("|19|")),
            "19 read as a label: {read:?}"
        );
        let marks = uncertain(words);
        assert!(marks.iter().any(|r| r.last() == Some(&true)), "{marks:?}");
        assert_eq!(marks.last(), Some(&vec![false, false, false, false, false]));
    }
}
