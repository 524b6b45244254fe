use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Span;

/// A count of documents, decisions or applications. Signed, because the 2019 form's
/// 本年增/减 (change this year) column may be negative.
pub type Count = i64;

/// An amount of money in the unit printed by the form (万元 for 行政事业性收费), exact.
pub type Money = Decimal;

/// One cell of a table, as found in the report.
///
/// A cell is never silently 0: a cell the reader could not find is [`Cell::Missing`], a cell the
/// report writes as "/", "—" or leaves empty is [`Cell::Blank`], and text in a cell's place that
/// is no valid value (a number too large to be a count, "12a") is [`Cell::Invalid`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Cell<T> {
    /// A value, with the characters it was read from.
    Present {
        /// The value.
        value: T,
        /// The characters as written in the report (after width normalisation), e.g. "96171.6".
        raw: String,
        /// Where the value's characters are in the source.
        span: Span,
    },
    /// Written but blank: "/", "—", "-", "无" or an empty table cell.
    Blank {
        /// What was written ("" for an empty cell).
        raw: String,
        /// Where the blank was written (for an empty cell, the cell's position).
        span: Span,
    },
    /// Text where a value was expected that is not a valid value of this cell's kind.
    Invalid {
        /// What was written.
        raw: String,
        /// Where it was written.
        span: Span,
    },
    /// Not found in the report at all.
    Missing,
}

// Written by hand: a derive would demand `T: Default`, which a missing cell does not need.
#[allow(clippy::derivable_impls)]
impl<T> Default for Cell<T> {
    fn default() -> Self {
        Cell::Missing
    }
}

impl<T> Cell<T> {
    /// The value, if the cell holds one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Cell::Present { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Where the cell was read from; `None` only for a missing cell.
    pub fn span(&self) -> Option<Span> {
        match self {
            Cell::Present { span, .. } | Cell::Blank { span, .. } | Cell::Invalid { span, .. } => {
                Some(*span)
            }
            Cell::Missing => None,
        }
    }

    /// What was written in the cell; `None` only for a missing cell.
    pub fn raw(&self) -> Option<&str> {
        match self {
            Cell::Present { raw, .. } | Cell::Blank { raw, .. } | Cell::Invalid { raw, .. } => {
                Some(raw)
            }
            Cell::Missing => None,
        }
    }

    /// Whether the cell is [`Cell::Missing`].
    pub fn is_missing(&self) -> bool {
        matches!(self, Cell::Missing)
    }

    /// Whether the cell is [`Cell::Blank`].
    pub fn is_blank(&self) -> bool {
        matches!(self, Cell::Blank { .. })
    }
}
