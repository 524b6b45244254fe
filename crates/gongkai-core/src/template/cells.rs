//! Every cell of tables 2–4 by a dense id, built once from the form above.
//!
//! A [`CellId`] is a small `Copy` index into one table of all cells of both formats: 表二's cells
//! of the 2021 format, then those only the 2019 format has, then 表三 row by row (seven applicant
//! columns each), then 表四 group by group. This order is the order of the CSV columns and of a
//! rule's glob, so both come from here. A cell knows its table, row and column ids, its path
//! (`applications.total.natural_person`), which formats have it, its column template and its
//! Chinese names ([`CellId::label`]); nothing else in gongkai keeps a list of cells.

use std::sync::LazyLock;

use super::{
    ACTIVE_DISCLOSURE_2019, ACTIVE_DISCLOSURE_2021, APPLICANT_COLUMNS, ColumnTemplate,
    FormatVersion, ItemTemplate, REVIEW_COLUMNS, REVIEW_GROUPS, RowTemplate, TableId, ValueKind,
    application_rows,
};

/// One cell of the form (either format), as a dense index: see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellId(u16);

/// Which name of a cell [`CellId::label`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelStyle {
    /// The full official name, as in messages: "表三 / （七）总计 / 自然人",
    /// "表二 / 第二十条第（一）项 / 规章 / 现行有效件数".
    Full,
    /// Without the table, with 表三's short row names, as drawn on the file:
    /// "本年新收 / 自然人" (but "（七）总计 / 总计", whose short name would read like the column).
    Short,
    /// The spreadsheet header: "表三/一、本年新收政府信息公开申请数量/自然人".
    Header,
}

struct CellDef {
    table: TableId,
    row: &'static str,
    column: &'static ColumnTemplate,
    in_2021: bool,
    in_2019: bool,
    /// The position of the row among its table's rows (see [`row_ids`]).
    row_index: u8,
    path: String,
    full: String,
    short: String,
    header: String,
}

struct Cells {
    defs: Vec<CellDef>,
    /// Where each table's cells start in `defs`, in the order of [`TABLE_ORDER`], and the end.
    starts: [usize; 4],
}

/// The slot of a table's cells in [`Cells::starts`]: 表二, 表三, 表四, the order of the cells.
fn table_slot(t: TableId) -> usize {
    match t {
        TableId::ActiveDisclosure => 0,
        TableId::Applications => 1,
        TableId::ReviewLitigation => 2,
    }
}

static CELLS: LazyLock<Cells> = LazyLock::new(build);

fn build() -> Cells {
    let mut defs: Vec<CellDef> = Vec::new();
    let mut starts = [0; 4];
    starts[0] = defs.len();
    let items = ACTIVE_DISCLOSURE_2021
        .iter()
        .map(|i| (i, FormatVersion::F2021))
        .chain(
            ACTIVE_DISCLOSURE_2019
                .iter()
                .map(|i| (i, FormatVersion::F2019)),
        );
    for (item, format) in items {
        for row in item.rows {
            for column in item.columns {
                if let Some(d) = defs
                    .iter_mut()
                    .find(|d| d.row == row.id && d.column.id == column.id)
                {
                    d.in_2019 |= format == FormatVersion::F2019;
                    continue;
                }
                defs.push(def(
                    TableId::ActiveDisclosure,
                    row.id,
                    column,
                    format,
                    // The spreadsheet names a cell by the item it first occurs in (2021 first).
                    format!("表二/{}/{}/{}", item.heading, row.label, column.label),
                ));
            }
        }
    }
    starts[1] = defs.len();
    for row in application_rows() {
        let row_header = match row.group {
            Some(group) => format!("{group}/{}", row.label),
            None => row.label.to_owned(),
        };
        for column in &APPLICANT_COLUMNS {
            let header = format!("表三/{row_header}/{}", column.label);
            defs.push(def(
                TableId::Applications,
                row.id,
                column,
                FormatVersion::Unknown,
                header,
            ));
        }
    }
    starts[2] = defs.len();
    for group in &REVIEW_GROUPS {
        for column in &REVIEW_COLUMNS {
            let header = format!("表四/{}/{}", group.short, column.label);
            defs.push(def(
                TableId::ReviewLitigation,
                group.id,
                column,
                FormatVersion::Unknown,
                header,
            ));
        }
    }
    starts[3] = defs.len();
    for slot in 0..3 {
        let mut rows: Vec<&'static str> = Vec::new();
        for d in &mut defs[starts[slot]..starts[slot + 1]] {
            let at = rows.iter().position(|r| *r == d.row).unwrap_or_else(|| {
                rows.push(d.row);
                rows.len() - 1
            });
            // A table has a few dozen rows at most.
            d.row_index = at as u8;
        }
    }
    Cells { defs, starts }
}

/// A cell's definition; `format` is the 表二 format it first occurs in (`Unknown`: every format).
fn def(
    table: TableId,
    row: &'static str,
    column: &'static ColumnTemplate,
    format: FormatVersion,
    header: String,
) -> CellDef {
    let row_name = row_label(table, row).unwrap_or_else(|| row.to_owned());
    let short_row = match (table, row_template(table, row)) {
        (TableId::Applications, Some(t)) if t.short != "总计" => t.short.to_owned(),
        _ => row_name.clone(),
    };
    CellDef {
        table,
        row,
        column,
        in_2021: format != FormatVersion::F2019,
        in_2019: format != FormatVersion::F2021,
        row_index: 0,
        path: format!("{}.{row}.{}", table.id(), column.id),
        full: format!("{} / {row_name} / {}", table.short_label(), column.label),
        short: format!("{short_row} / {}", column.label),
        header,
    }
}

/// The items of 表二 of both formats, 2021 first: where a row is looked up by id.
fn disclosure_items() -> impl Iterator<Item = &'static ItemTemplate> {
    ACTIVE_DISCLOSURE_2021
        .iter()
        .chain(ACTIVE_DISCLOSURE_2019.iter())
}

/// The template of a row of a table by id (表二: the 2021 format's row first, then the 2019
/// format's; 表四: a group), `None` for an id the table does not have.
pub fn row_template(table: TableId, row: &str) -> Option<&'static RowTemplate> {
    match table {
        TableId::Applications => super::application_row(row),
        TableId::ReviewLitigation => REVIEW_GROUPS.iter().find(|g| g.id == row),
        TableId::ActiveDisclosure => disclosure_items().find_map(|item| item_row(item, row)),
    }
}

fn item_row(item: &'static ItemTemplate, row: &str) -> Option<&'static RowTemplate> {
    item.rows.iter().find(|r| r.id == row)
}

/// The Chinese name of a row, as in messages: "（三）不予公开 / 1.属于国家秘密",
/// "行政诉讼 / 复议后起诉", "第二十条第（一）项 / 规章"; `None` for an id the table does not have.
pub fn row_label(table: TableId, row: &str) -> Option<String> {
    match table {
        TableId::Applications => super::application_row(row).map(|t| {
            // The parenthetical of （二）部分公开 is an instruction, not part of the name.
            let label = t
                .label
                .split_once("（区分")
                .map_or(t.label, |(head, _)| head);
            match t.group {
                Some(g) if !g.starts_with("三、") => format!("{g} / {label}"),
                _ => label.to_owned(),
            }
        }),
        TableId::ReviewLitigation => row_template(table, row).map(|g| match g.group {
            Some(parent) => format!("{parent} / {}", g.label),
            None => g.label.to_owned(),
        }),
        TableId::ActiveDisclosure => disclosure_items().find_map(|item| {
            item_row(item, row).map(|r| format!("{} / {}", item.heading, r.label))
        }),
    }
}

/// The Chinese name of a column: of the cell `table.row.column`, or when the row does not have
/// it (or is not given), of the first row of the table that has the column; `None` for a column
/// id the table does not have.
pub fn column_label(table: TableId, row: &str, column: &str) -> Option<&'static str> {
    CellId::find(table.id(), row, column)
        .or_else(|| CellId::of_table(table).find(|c| c.column() == column))
        .map(|c| c.column_template().label)
}

/// The row ids of a table in the form's order: for 表二 the rows of the 2021 format, then those
/// only the 2019 format has.
pub fn row_ids(table: TableId) -> Vec<&'static str> {
    let mut rows: Vec<&'static str> = Vec::new();
    for c in CellId::of_table(table) {
        if !rows.contains(&c.row()) {
            rows.push(c.row());
        }
    }
    rows
}

/// The row ids of a table that a report of `format` has, in that format's order.
pub fn rows_in_format(table: TableId, format: FormatVersion) -> Vec<&'static str> {
    match (table, format) {
        (TableId::ActiveDisclosure, FormatVersion::F2019) => ACTIVE_DISCLOSURE_2019
            .iter()
            .flat_map(|item| item.rows.iter().map(|r| r.id))
            .collect(),
        (TableId::ActiveDisclosure, _) => ACTIVE_DISCLOSURE_2021
            .iter()
            .flat_map(|item| item.rows.iter().map(|r| r.id))
            .collect(),
        (t, _) => row_ids(t),
    }
}

impl CellId {
    /// How many cells the form has, both formats together.
    pub fn count() -> usize {
        CELLS.defs.len()
    }

    /// Every cell, in order.
    pub fn all() -> impl DoubleEndedIterator<Item = CellId> + Clone {
        // The table has a few hundred cells: every index fits in u16.
        (0..Self::count()).map(|i| CellId(i as u16))
    }

    /// The cells of one table, in order.
    pub fn of_table(table: TableId) -> impl DoubleEndedIterator<Item = CellId> + Clone {
        let slot = table_slot(table);
        let cells = &*CELLS;
        (cells.starts[slot]..cells.starts[slot + 1]).map(|i| CellId(i as u16))
    }

    /// The cells of one row of a table (any format), in order.
    pub fn of_row(table: TableId, row: &str) -> impl Iterator<Item = CellId> + Clone + '_ {
        Self::of_table(table).filter(move |c| c.row() == row)
    }

    /// The cell at `table.row.column`, if either format has it.
    pub fn find(table: &str, row: &str, column: &str) -> Option<CellId> {
        let table = TableId::from_id(table)?;
        let cells = &*CELLS;
        let start = cells.starts[table_slot(table)];
        // 表三 and 表四 are full grids: the id is computed, not searched for.
        let grid = |rows: &[&str], columns: &[ColumnTemplate]| {
            let r = rows.iter().position(|r| *r == row)?;
            let c = columns.iter().position(|c| c.id == column)?;
            Some(CellId((start + r * columns.len() + c) as u16))
        };
        match table {
            TableId::Applications => grid(crate::Applications::IDS, &APPLICANT_COLUMNS),
            TableId::ReviewLitigation => grid(crate::ReviewLitigation::IDS, &REVIEW_COLUMNS),
            TableId::ActiveDisclosure => {
                Self::of_table(table).find(|c| c.row() == row && c.column() == column)
            }
        }
    }

    /// The cell with this path (`applications.total.natural_person`).
    pub fn from_path(path: &str) -> Option<CellId> {
        let mut parts = path.split('.');
        let (t, r, c) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        Self::find(t, r, c)
    }

    /// The position of the cell in [`CellId::all`], for arrays indexed by cell.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The cell at this position, if there is one.
    pub fn from_index(index: usize) -> Option<CellId> {
        (index < Self::count()).then_some(CellId(index as u16))
    }

    fn def(self) -> &'static CellDef {
        &CELLS.defs[self.index()]
    }

    /// The table the cell is in.
    pub fn table(self) -> TableId {
        self.def().table
    }

    /// The row id, as in JSON.
    pub fn row(self) -> &'static str {
        self.def().row
    }

    /// The position of the cell's row among its table's rows, as in [`row_ids`] (表三: as in
    /// [`crate::Applications::IDS`]).
    pub fn row_index(self) -> usize {
        usize::from(self.def().row_index)
    }

    /// The column id, as in JSON.
    pub fn column(self) -> &'static str {
        self.def().column.id
    }

    /// The column's template (its official header and kind of value).
    pub fn column_template(self) -> &'static ColumnTemplate {
        self.def().column
    }

    /// The kind of value the cell holds.
    pub fn kind(self) -> ValueKind {
        self.def().column.kind
    }

    /// The path, as in rules and CSV headers: `applications.total.natural_person`.
    pub fn path(self) -> &'static str {
        &self.def().path
    }

    /// Whether a table of this format has the cell (a report whose format is not recognised
    /// holds 表二 in the 2021 layout).
    pub fn in_format(self, format: FormatVersion) -> bool {
        let d = self.def();
        match format {
            FormatVersion::F2019 => d.in_2019,
            _ => d.in_2021,
        }
    }

    /// The cell's Chinese name in a style (see [`LabelStyle`]), built once.
    pub fn label(self, style: LabelStyle) -> &'static str {
        let d = self.def();
        match style {
            LabelStyle::Full => &d.full,
            LabelStyle::Short => &d.short,
            LabelStyle::Header => &d.header,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_dense_and_found_by_path() {
        assert_eq!(CellId::count(), 29 + 26 * 7 + 3 * 5);
        for id in CellId::all() {
            assert_eq!(CellId::from_path(id.path()), Some(id), "{}", id.path());
            assert_eq!(CellId::from_index(id.index()), Some(id));
        }
        assert_eq!(CellId::from_path("applications.total"), None);
        assert_eq!(CellId::from_path("applications.total.x"), None);
        assert_eq!(CellId::from_path("active_disclosure.fees.in_force"), None);
        for table in TableId::ALL {
            let rows = row_ids(table);
            for id in CellId::of_table(table) {
                assert_eq!(rows[id.row_index()], id.row(), "{}", id.path());
            }
        }
    }

    #[test]
    fn formats_of_table_two() {
        let at = |p: &str| CellId::from_path(p).unwrap();
        let decisions = at("active_disclosure.licensing.decisions");
        assert!(
            decisions.in_format(FormatVersion::F2021) && decisions.in_format(FormatVersion::F2019)
        );
        let made = at("active_disclosure.regulations.newly_made");
        assert!(!made.in_format(FormatVersion::F2021) && made.in_format(FormatVersion::F2019));
        let issued = at("active_disclosure.regulations.issued");
        assert!(
            issued.in_format(FormatVersion::Unknown) && !issued.in_format(FormatVersion::F2019)
        );
        assert_eq!(at("active_disclosure.fees.amount").kind(), ValueKind::Money);
        assert_eq!(
            at("active_disclosure.fees.change").kind(),
            ValueKind::SignedCount
        );
    }

    #[test]
    fn labels_are_the_official_names() {
        let label = |p: &str, s| CellId::from_path(p).unwrap().label(s);
        assert_eq!(
            label("applications.total.natural_person", LabelStyle::Full),
            "表三 / （七）总计 / 自然人"
        );
        assert_eq!(
            label("applications.withheld_state_secret.total", LabelStyle::Full),
            "表三 / （三）不予公开 / 1.属于国家秘密 / 总计"
        );
        assert_eq!(
            label("applications.partially_granted.total", LabelStyle::Full),
            "表三 / （二）部分公开 / 总计"
        );
        assert_eq!(
            label(
                "review_litigation.litigation_after_review.upheld",
                LabelStyle::Full
            ),
            "表四 / 行政诉讼 / 复议后起诉 / 结果维持"
        );
        assert_eq!(
            label("active_disclosure.regulations.in_force", LabelStyle::Full),
            "表二 / 第二十条第（一）项 / 规章 / 现行有效件数"
        );
        assert_eq!(
            label("applications.new_received.commercial", LabelStyle::Short),
            "本年新收 / 商业企业"
        );
        assert_eq!(
            label("applications.total.total", LabelStyle::Short),
            "（七）总计 / 总计"
        );
        assert_eq!(
            label("applications.granted.research", LabelStyle::Header),
            "表三/三、本年度办理结果/（一）予以公开/科研机构"
        );
        assert_eq!(
            label(
                "active_disclosure.normative_documents.newly_made",
                LabelStyle::Header
            ),
            "表二/第二十条第（一）项/规范性文件/本年新制作数量"
        );
    }

    #[test]
    fn rows_in_order() {
        let rows = row_ids(TableId::ActiveDisclosure);
        assert_eq!(
            rows,
            [
                "regulations",
                "normative_documents",
                "licensing",
                "punishment",
                "coercion",
                "fees",
                "other_services",
                "procurement"
            ]
        );
        assert_eq!(row_ids(TableId::Applications), crate::Applications::IDS);
        assert_eq!(
            row_ids(TableId::ReviewLitigation),
            crate::ReviewLitigation::IDS
        );
        assert_eq!(
            rows_in_format(TableId::ActiveDisclosure, FormatVersion::F2019).len(),
            8
        );
        let cols: Vec<_> = CellId::of_row(TableId::ActiveDisclosure, "licensing")
            .map(CellId::column)
            .collect();
        assert_eq!(cols, ["decisions", "previous_items", "change"]);
    }
}
