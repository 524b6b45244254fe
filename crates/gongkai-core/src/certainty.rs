//! How sure a reading is.
//!
//! A table is read *with certainty* when every row was found once, with exactly its columns, in
//! order, each value in the row of its own label. Where the layout left room for another reading
//! — a table that a converter split into fragments, so that a label row stands here and its
//! values several fragments later; a word spanning two columns that had to be split by guessing
//! — the cells read from it are marked *uncertain*, with the reason and the place. Rules never
//! make an error of a finding that rests on an uncertain cell: it becomes a warning that says the
//! table could not be read with certainty, and where (a finding with a wrong location is worse
//! than none, because it teaches the reader to distrust the true ones).

use serde::{Deserialize, Serialize};

use crate::Span;

/// Why a reading is uncertain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UncertainReason {
    /// The table is split into fragments: values were read from outside the row of their label
    /// (converter markdown, tables cut by a page break into pieces), so they may belong to
    /// another row.
    Fragmented,
    /// A word spanning two or more columns (digits of neighbouring cells touching) was split at
    /// the column boundaries without the glyph positions to do so exactly.
    SplitWord,
    /// The layout allows more than one reading of which value belongs to which cell.
    AmbiguousLayout,
}

impl UncertainReason {
    /// What the reason means, in Chinese (`en == false`) or English.
    pub fn describe(self, en: bool) -> &'static str {
        match (self, en) {
            (UncertainReason::Fragmented, false) => "表格被拆成多个片段，数值不在其标签所在的行",
            (UncertainReason::Fragmented, true) => {
                "the table is split into fragments; values are not in the row of their label"
            }
            (UncertainReason::SplitWord, false) => "相邻单元格的数字连在一起，只能按位置拆分",
            (UncertainReason::SplitWord, true) => {
                "the digits of adjacent cells touch and were split by position"
            }
            (UncertainReason::AmbiguousLayout, false) => {
                "版面可有多种读法，无法确定数值所属的单元格"
            }
            (UncertainReason::AmbiguousLayout, true) => {
                "the layout allows more than one reading of which value is in which cell"
            }
        }
    }
}

/// A cell, row or table read without certainty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Uncertain {
    /// Table id (`active_disclosure`, `applications`, `review_litigation`).
    pub table: String,
    /// Row id (as in rule paths), or `None` for the whole table.
    pub row: Option<String>,
    /// Column id (as in rule paths), or `None` for the whole row.
    pub column: Option<String>,
    /// Why.
    pub reason: UncertainReason,
    /// Where the uncertain reading is (the value, else the row's label), when there is a place.
    pub span: Option<Span>,
}

impl Uncertain {
    /// Whether this mark covers the cell `table.row.column`.
    pub fn covers(&self, table: &str, row: &str, column: &str) -> bool {
        self.table == table
            && self.row.as_deref().is_none_or(|r| r == row)
            && self.column.as_deref().is_none_or(|c| c == column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_cover_their_cell_row_or_table() {
        let mark = |row: Option<&str>, column: Option<&str>| Uncertain {
            table: "applications".into(),
            row: row.map(str::to_owned),
            column: column.map(str::to_owned),
            reason: UncertainReason::Fragmented,
            span: None,
        };
        let cell = mark(Some("granted"), Some("total"));
        assert!(cell.covers("applications", "granted", "total"));
        assert!(!cell.covers("applications", "granted", "other"));
        assert!(!cell.covers("applications", "total", "total"));
        assert!(!cell.covers("review_litigation", "granted", "total"));
        let row = mark(Some("granted"), None);
        assert!(row.covers("applications", "granted", "other"));
        assert!(!row.covers("applications", "partially_granted", "other"));
        let table = mark(None, None);
        assert!(table.covers("applications", "total", "total"));
        assert!(!table.covers("active_disclosure", "fees", "amount"));
    }
}
