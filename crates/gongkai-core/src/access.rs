//! A report's cells by [`CellId`]: the one place where a cell id meets the fields of the model.

use std::sync::LazyLock;

use rust_decimal::Decimal;

use crate::template::{CellId, FormatVersion, TableId};
use crate::{ActiveDisclosure, Cell, Count, FoundLabel, Money, Report, Span};

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

/// The fields of 表二 in one format, listed once: the cells as (row, column, kind) and the rows
/// with their labels. From the list come the keys, a reader and a writer per field (non-capturing
/// closures, so that a cell is reached by index, not by comparing its ids).
macro_rules! disclosure_fields {
    (
        $module:ident, $ty:ty,
        cells: [$(($row:ident, $col:ident, $kind:ident)),* $(,)?],
        rows: [$($label_row:ident),* $(,)?]
    ) => {
        mod $module {
            use super::{CellMut, CellRef, FoundLabel};
            type T = $ty;
            /// (row id, column id) of each field, in the order of [`GET`] and [`GET_MUT`].
            pub(super) const KEYS: &[(&str, &str)] = &[$((stringify!($row), stringify!($col))),*];
            pub(super) static GET: &[for<'a> fn(&'a T) -> CellRef<'a>] =
                &[$(|t: &T| CellRef::$kind(&t.$row.$col)),*];
            pub(super) static GET_MUT: &[for<'a> fn(&'a mut T) -> CellMut<'a>] =
                &[$(|t: &mut T| CellMut::$kind(&mut t.$row.$col)),*];
            /// The row ids with a label, in the order of [`LABEL`] and [`LABEL_MUT`].
            pub(super) const ROWS: &[&str] = &[$(stringify!($label_row)),*];
            pub(super) static LABEL: &[for<'a> fn(&'a T) -> &'a Option<FoundLabel>] =
                &[$(|t: &T| &t.$label_row.label),*];
            pub(super) static LABEL_MUT: &[for<'a> fn(&'a mut T) -> &'a mut Option<FoundLabel>] =
                &[$(|t: &mut T| &mut t.$label_row.label),*];
        }
    };
}

disclosure_fields!(
    f2021, crate::ActiveDisclosure2021,
    cells: [
        (regulations, issued, Count),
        (regulations, repealed, Count),
        (regulations, in_force, Count),
        (normative_documents, issued, Count),
        (normative_documents, repealed, Count),
        (normative_documents, in_force, Count),
        (licensing, decisions, Count),
        (punishment, decisions, Count),
        (coercion, decisions, Count),
        (fees, amount, Money),
    ],
    rows: [regulations, normative_documents, licensing, punishment, coercion, fees]
);

disclosure_fields!(
    f2019, crate::ActiveDisclosure2019,
    cells: [
        (regulations, newly_made, Count),
        (regulations, newly_published, Count),
        (regulations, total_published, Count),
        (normative_documents, newly_made, Count),
        (normative_documents, newly_published, Count),
        (normative_documents, total_published, Count),
        (licensing, previous_items, Count),
        (licensing, change, Count),
        (licensing, decisions, Count),
        (other_services, previous_items, Count),
        (other_services, change, Count),
        (other_services, decisions, Count),
        (punishment, previous_items, Count),
        (punishment, change, Count),
        (punishment, decisions, Count),
        (coercion, previous_items, Count),
        (coercion, change, Count),
        (coercion, decisions, Count),
        (fees, previous_items, Count),
        (fees, change, Count),
        (procurement, items, Count),
        (procurement, amount, Money),
    ],
    rows: [
        regulations, normative_documents, licensing, other_services, punishment, coercion, fees,
        procurement
    ]
);

/// Where each cell of 表二 is among the fields of each format (`u8::MAX`: not in that format),
/// by the cell's position in the table: the ids are compared once, here.
struct DisclosureSlots {
    f2021: Vec<u8>,
    f2019: Vec<u8>,
}

static DISCLOSURE_SLOTS: LazyLock<DisclosureSlots> = LazyLock::new(|| {
    let slots = |keys: &[(&str, &str)]| -> Vec<u8> {
        CellId::of_table(TableId::ActiveDisclosure)
            .map(|id| {
                keys.iter()
                    .position(|k| *k == (id.row(), id.column()))
                    // 表二 has a few dozen fields: every position fits in u8.
                    .map_or(u8::MAX, |p| p as u8)
            })
            .collect()
    };
    DisclosureSlots {
        f2021: slots(f2021::KEYS),
        f2019: slots(f2019::KEYS),
    }
});

/// The position of a 表二 cell among the fields of its table's format, if the format has it.
fn disclosure_slot(id: CellId, format: FormatVersion) -> Option<usize> {
    let offset = id.index().checked_sub(disclosure_start())?;
    let slots = &*DISCLOSURE_SLOTS;
    let table = match format {
        FormatVersion::F2019 => &slots.f2019,
        _ => &slots.f2021,
    };
    table
        .get(offset)
        .copied()
        .filter(|s| *s != u8::MAX)
        .map(usize::from)
}

fn disclosure_start() -> usize {
    CellId::of_table(TableId::ActiveDisclosure)
        .next()
        .map_or(0, CellId::index)
}

impl ActiveDisclosure {
    /// The format this 表二 is in.
    pub fn format(&self) -> FormatVersion {
        match self {
            ActiveDisclosure::F2021(_) => FormatVersion::F2021,
            ActiveDisclosure::F2019(_) => FormatVersion::F2019,
        }
    }

    /// An empty 表二 in a format (the 2021 layout unless `F2019`).
    pub fn empty(format: FormatVersion) -> Self {
        match format {
            FormatVersion::F2019 => ActiveDisclosure::F2019(crate::ActiveDisclosure2019::default()),
            _ => ActiveDisclosure::F2021(crate::ActiveDisclosure2021::default()),
        }
    }

    /// The cell `id` of 表二, or `None` when it is of another table or not in this format.
    pub fn cell(&self, id: CellId) -> Option<CellRef<'_>> {
        if id.table() != TableId::ActiveDisclosure {
            return None;
        }
        let slot = disclosure_slot(id, self.format())?;
        match self {
            ActiveDisclosure::F2021(t) => f2021::GET.get(slot).map(|get| get(t)),
            ActiveDisclosure::F2019(t) => f2019::GET.get(slot).map(|get| get(t)),
        }
    }

    /// The cell `id` of 表二, mutably.
    pub fn cell_mut(&mut self, id: CellId) -> Option<CellMut<'_>> {
        if id.table() != TableId::ActiveDisclosure {
            return None;
        }
        let slot = disclosure_slot(id, self.format())?;
        match self {
            ActiveDisclosure::F2021(t) => f2021::GET_MUT.get(slot).map(|get| get(t)),
            ActiveDisclosure::F2019(t) => f2019::GET_MUT.get(slot).map(|get| get(t)),
        }
    }

    /// The label found for a row (by id), or `None` when this format has no such row.
    pub fn label(&self, row: &str) -> Option<&Option<FoundLabel>> {
        match self {
            ActiveDisclosure::F2021(t) => label_of(f2021::ROWS, f2021::LABEL, row).map(|f| f(t)),
            ActiveDisclosure::F2019(t) => label_of(f2019::ROWS, f2019::LABEL, row).map(|f| f(t)),
        }
    }

    /// The label found for a row, mutably.
    pub fn label_mut(&mut self, row: &str) -> Option<&mut Option<FoundLabel>> {
        match self {
            ActiveDisclosure::F2021(t) => {
                label_of(f2021::ROWS, f2021::LABEL_MUT, row).map(|f| f(t))
            }
            ActiveDisclosure::F2019(t) => {
                label_of(f2019::ROWS, f2019::LABEL_MUT, row).map(|f| f(t))
            }
        }
    }
}

fn label_of<F: Copy>(rows: &[&str], fields: &[F], row: &str) -> Option<F> {
    rows.iter()
        .position(|r| *r == row)
        .and_then(|i| fields.get(i).copied())
}

/// The position of a cell of a grid table (表三, 表四) among its cells: row, then column.
fn grid_position(id: CellId, table: TableId, width: usize) -> Option<(usize, usize)> {
    if id.table() != table {
        return None;
    }
    let offset = id.index() - CellId::of_table(table).next()?.index();
    Some((offset / width, offset % width))
}

impl crate::Applications {
    /// The cell `id` of 表三, or `None` for a cell of another table.
    pub fn cell(&self, id: CellId) -> Option<&Cell<Count>> {
        let (row, col) =
            grid_position(id, TableId::Applications, crate::ApplicantCells::IDS.len())?;
        self.at(row)?.cells.at(col)
    }
}

impl crate::ReviewLitigation {
    /// The cell `id` of 表四, or `None` for a cell of another table.
    pub fn cell(&self, id: CellId) -> Option<&Cell<Count>> {
        let (group, col) =
            grid_position(id, TableId::ReviewLitigation, crate::ReviewCells::IDS.len())?;
        self.at(group)?.cells.at(col)
    }
}

impl Report {
    /// The cell `id`, or `None` when the report's 表二 is in a format without it.
    pub fn cell(&self, id: CellId) -> Option<CellRef<'_>> {
        match id.table() {
            TableId::Applications => self.applications.cell(id).map(CellRef::Count),
            TableId::ReviewLitigation => self.review_litigation.cell(id).map(CellRef::Count),
            TableId::ActiveDisclosure => self.active_disclosure.cell(id),
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
            TableId::ActiveDisclosure => self.active_disclosure.cell_mut(id),
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

    /// Every row of 表二 in each format has its label reached by id, and no other row does.
    #[test]
    fn every_row_of_table_two_has_its_label() {
        for format in [FormatVersion::F2021, FormatVersion::F2019] {
            let mut table = ActiveDisclosure::empty(format);
            let rows = crate::template::rows_in_format(TableId::ActiveDisclosure, format);
            for row in crate::template::row_ids(TableId::ActiveDisclosure) {
                assert_eq!(table.label(row).is_some(), rows.contains(&row), "{row}");
                assert_eq!(table.label_mut(row).is_some(), rows.contains(&row), "{row}");
            }
            assert!(table.label("total").is_none());
            assert_eq!(table.format(), format);
        }
    }
}
