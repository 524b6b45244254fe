//! A report's cells by [`CellId`]: the one place where a cell id meets the fields of the model.

use rust_decimal::Decimal;

use crate::template::{CellId, TableId};
use crate::{ActiveDisclosure, Cell, Count, Money, Report, Span};

/// A cell of a report, borrowed: a count or an amount of money.
#[derive(Debug, Clone, Copy)]
pub enum CellRef<'a> {
    /// A count (every column but the amounts).
    Count(&'a Cell<Count>),
    /// An exact amount of money.
    Money(&'a Cell<Money>),
}

/// A cell of a report, mutably borrowed.
#[derive(Debug)]
pub enum CellMut<'a> {
    /// A count.
    Count(&'a mut Cell<Count>),
    /// An exact amount of money.
    Money(&'a mut Cell<Money>),
}

/// What a cell holds, without its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    /// A value.
    Present,
    /// Written blank.
    Blank,
    /// Text that is no valid value.
    Invalid,
    /// Not found.
    Missing,
}

impl<'a> CellRef<'a> {
    /// The value as an exact decimal (every count fits), if the cell holds one.
    pub fn value(self) -> Option<Decimal> {
        match self {
            CellRef::Count(c) => c.value().map(|v| Decimal::from(*v)),
            CellRef::Money(c) => c.value().copied(),
        }
    }

    /// Where the cell was read from; `None` only for a missing cell.
    pub fn span(self) -> Option<Span> {
        match self {
            CellRef::Count(c) => c.span(),
            CellRef::Money(c) => c.span(),
        }
    }

    /// What was written; `None` only for a missing cell.
    pub fn raw(self) -> Option<&'a str> {
        match self {
            CellRef::Count(c) => c.raw(),
            CellRef::Money(c) => c.raw(),
        }
    }

    /// What the cell holds.
    pub fn state(self) -> CellState {
        let (missing, blank, present) = match self {
            CellRef::Count(c) => (c.is_missing(), c.is_blank(), c.value().is_some()),
            CellRef::Money(c) => (c.is_missing(), c.is_blank(), c.value().is_some()),
        };
        if present {
            CellState::Present
        } else if missing {
            CellState::Missing
        } else if blank {
            CellState::Blank
        } else {
            CellState::Invalid
        }
    }
}

/// The 表二 cell of `$t` at (`$row`, `$col`) in one format, as `$count` or `$money` of a shared
/// (no `$m`) or mutable (`$m` = `mut`) borrow: the fields of each format listed once for both.
macro_rules! disclosure_2021 {
    ($t:expr, $row:expr, $col:expr, $count:path, $money:path $(, $m:tt)?) => {
        match ($row, $col) {
            ("regulations", "issued") => Some($count(&$($m)? $t.regulations.issued)),
            ("regulations", "repealed") => Some($count(&$($m)? $t.regulations.repealed)),
            ("regulations", "in_force") => Some($count(&$($m)? $t.regulations.in_force)),
            ("normative_documents", "issued") => Some($count(&$($m)? $t.normative_documents.issued)),
            ("normative_documents", "repealed") => Some($count(&$($m)? $t.normative_documents.repealed)),
            ("normative_documents", "in_force") => Some($count(&$($m)? $t.normative_documents.in_force)),
            ("licensing", "decisions") => Some($count(&$($m)? $t.licensing.decisions)),
            ("punishment", "decisions") => Some($count(&$($m)? $t.punishment.decisions)),
            ("coercion", "decisions") => Some($count(&$($m)? $t.coercion.decisions)),
            ("fees", "amount") => Some($money(&$($m)? $t.fees.amount)),
            _ => None,
        }
    };
}

/// [`disclosure_2021`] for the 2019 format.
macro_rules! disclosure_2019 {
    ($t:expr, $row:expr, $col:expr, $count:path, $money:path $(, $m:tt)?) => {
        match ($row, $col) {
            ("regulations", "newly_made") => Some($count(&$($m)? $t.regulations.newly_made)),
            ("regulations", "newly_published") => Some($count(&$($m)? $t.regulations.newly_published)),
            ("regulations", "total_published") => Some($count(&$($m)? $t.regulations.total_published)),
            ("normative_documents", "newly_made") => Some($count(&$($m)? $t.normative_documents.newly_made)),
            ("normative_documents", "newly_published") => Some($count(&$($m)? $t.normative_documents.newly_published)),
            ("normative_documents", "total_published") => Some($count(&$($m)? $t.normative_documents.total_published)),
            ("licensing", "previous_items") => Some($count(&$($m)? $t.licensing.previous_items)),
            ("licensing", "change") => Some($count(&$($m)? $t.licensing.change)),
            ("licensing", "decisions") => Some($count(&$($m)? $t.licensing.decisions)),
            ("other_services", "previous_items") => Some($count(&$($m)? $t.other_services.previous_items)),
            ("other_services", "change") => Some($count(&$($m)? $t.other_services.change)),
            ("other_services", "decisions") => Some($count(&$($m)? $t.other_services.decisions)),
            ("punishment", "previous_items") => Some($count(&$($m)? $t.punishment.previous_items)),
            ("punishment", "change") => Some($count(&$($m)? $t.punishment.change)),
            ("punishment", "decisions") => Some($count(&$($m)? $t.punishment.decisions)),
            ("coercion", "previous_items") => Some($count(&$($m)? $t.coercion.previous_items)),
            ("coercion", "change") => Some($count(&$($m)? $t.coercion.change)),
            ("coercion", "decisions") => Some($count(&$($m)? $t.coercion.decisions)),
            ("fees", "previous_items") => Some($count(&$($m)? $t.fees.previous_items)),
            ("fees", "change") => Some($count(&$($m)? $t.fees.change)),
            ("procurement", "items") => Some($count(&$($m)? $t.procurement.items)),
            ("procurement", "amount") => Some($money(&$($m)? $t.procurement.amount)),
            _ => None,
        }
    };
}

impl Report {
    /// The cell `id`, or `None` when the report's 表二 is in a format without it.
    pub fn cell(&self, id: CellId) -> Option<CellRef<'_>> {
        let offset = id.index() - CellId::of_table(id.table()).next()?.index();
        match id.table() {
            TableId::Applications => {
                let width = crate::ApplicantCells::IDS.len();
                let row = self.applications.at(offset / width)?;
                row.cells.at(offset % width).map(CellRef::Count)
            }
            TableId::ReviewLitigation => {
                let width = crate::ReviewCells::IDS.len();
                let group = self.review_litigation.at(offset / width)?;
                group.cells.at(offset % width).map(CellRef::Count)
            }
            TableId::ActiveDisclosure => match &self.active_disclosure {
                ActiveDisclosure::F2021(t) => {
                    disclosure_2021!(t, id.row(), id.column(), CellRef::Count, CellRef::Money)
                }
                ActiveDisclosure::F2019(t) => {
                    disclosure_2019!(t, id.row(), id.column(), CellRef::Count, CellRef::Money)
                }
            },
        }
    }

    /// The cell `id`, mutably, or `None` when the report's 表二 is in a format without it.
    pub fn cell_mut(&mut self, id: CellId) -> Option<CellMut<'_>> {
        let offset = id.index() - CellId::of_table(id.table()).next()?.index();
        match id.table() {
            TableId::Applications => {
                let width = crate::ApplicantCells::IDS.len();
                let row = self.applications.at_mut(offset / width)?;
                row.cells.at_mut(offset % width).map(CellMut::Count)
            }
            TableId::ReviewLitigation => {
                let width = crate::ReviewCells::IDS.len();
                let group = self.review_litigation.at_mut(offset / width)?;
                group.cells.at_mut(offset % width).map(CellMut::Count)
            }
            TableId::ActiveDisclosure => match &mut self.active_disclosure {
                ActiveDisclosure::F2021(t) => {
                    disclosure_2021!(
                        t,
                        id.row(),
                        id.column(),
                        CellMut::Count,
                        CellMut::Money,
                        mut
                    )
                }
                ActiveDisclosure::F2019(t) => {
                    disclosure_2019!(
                        t,
                        id.row(),
                        id.column(),
                        CellMut::Count,
                        CellMut::Money,
                        mut
                    )
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::FormatVersion;
    use crate::{ActiveDisclosure2019, Span};

    /// Every id reaches the field the JSON model names by the id's path, in both formats.
    #[test]
    fn every_cell_is_the_field_of_its_path() {
        for format in [FormatVersion::F2021, FormatVersion::F2019] {
            let mut report = Report::default();
            if format == FormatVersion::F2019 {
                report.active_disclosure = ActiveDisclosure::F2019(ActiveDisclosure2019::default());
            }
            let ids: Vec<CellId> = CellId::all().filter(|c| c.in_format(format)).collect();
            for id in &ids {
                let raw = id.index().to_string();
                let span = Span {
                    offset: 0,
                    length: 1,
                    line: 1,
                    column: 1,
                };
                match report.cell_mut(*id) {
                    Some(CellMut::Count(c)) => {
                        *c = Cell::Present {
                            value: i64::try_from(id.index()).unwrap(),
                            raw,
                            span,
                        };
                    }
                    Some(CellMut::Money(c)) => {
                        *c = Cell::Present {
                            value: Decimal::from(id.index()),
                            raw,
                            span,
                        };
                    }
                    None => panic!("{} not in {format:?}", id.path()),
                }
            }
            let json = serde_json::to_value(&report).unwrap();
            for id in CellId::all() {
                let pointer = format!("/{}/raw", id.path().replace('.', "/"));
                let found = json.pointer(&pointer).and_then(|v| v.as_str());
                if id.in_format(format) {
                    assert_eq!(found, Some(id.index().to_string().as_str()), "{pointer}");
                    assert_eq!(report.cell(id).and_then(CellRef::raw), found);
                } else {
                    assert!(report.cell(id).is_none(), "{pointer}");
                }
            }
        }
    }
}
