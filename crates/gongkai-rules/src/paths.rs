//! Cell paths (`applications.total.natural_person`) and the iteration sets of `for_each`.
//!
//! A path names one cell of the form by the stable English ids of
//! [`gongkai_core::template`]: `<table>.<row>.<column>`. Paths are checked against the ids when a
//! rule is loaded, so a rule can never refer to a cell the model does not have; the Chinese name a
//! user knows the cell by is built here from the template, so messages never hard-code labels.

use gongkai_core::template::{self, FormatVersion, TableId};
use gongkai_core::{
    ActiveDisclosure, ApplicantCells, Applications, Cell, Report, ReviewCells, ReviewLitigation,
};
use rust_decimal::Decimal;

/// The tables a path can start with.
pub(crate) const TABLES: &[&str] = &["applications", "review_litigation", "active_disclosure"];

/// Row ids of 表二 in the 2021 format, with their columns.
const DISCLOSURE_2021: &[(&str, &[&str])] = &[
    ("regulations", &["issued", "repealed", "in_force"]),
    ("normative_documents", &["issued", "repealed", "in_force"]),
    ("licensing", &["decisions"]),
    ("punishment", &["decisions"]),
    ("coercion", &["decisions"]),
    ("fees", &["amount"]),
];

/// Row ids of 表二 in the 2019 format, with their columns.
const DISCLOSURE_2019: &[(&str, &[&str])] = &[
    (
        "regulations",
        &["newly_made", "newly_published", "total_published"],
    ),
    (
        "normative_documents",
        &["newly_made", "newly_published", "total_published"],
    ),
    ("licensing", &["previous_items", "change", "decisions"]),
    ("other_services", &["previous_items", "change", "decisions"]),
    ("punishment", &["previous_items", "change", "decisions"]),
    ("coercion", &["previous_items", "change", "decisions"]),
    ("fees", &["previous_items", "change"]),
    ("procurement", &["items", "amount"]),
];

/// A cell of the report, resolved: what the rule sees of it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CellView<'a> {
    Count(&'a Cell<i64>),
    Money(&'a Cell<Decimal>),
}

impl<'a> CellView<'a> {
    pub(crate) fn value(self) -> Option<Decimal> {
        match self {
            CellView::Count(c) => c.value().map(|v| Decimal::from(*v)),
            CellView::Money(c) => c.value().copied(),
        }
    }
    pub(crate) fn span(self) -> Option<gongkai_core::Span> {
        match self {
            CellView::Count(c) => c.span(),
            CellView::Money(c) => c.span(),
        }
    }
    /// What was written, borrowed.
    pub(crate) fn raw_str(self) -> Option<&'a str> {
        match self {
            CellView::Count(c) => c.raw(),
            CellView::Money(c) => c.raw(),
        }
    }
    pub(crate) fn raw(self) -> Option<String> {
        match self {
            CellView::Count(c) => c.raw().map(str::to_owned),
            CellView::Money(c) => c.raw().map(str::to_owned),
        }
    }
    pub(crate) fn state(self) -> CellState {
        let (missing, blank, present) = match self {
            CellView::Count(c) => (c.is_missing(), c.is_blank(), c.value().is_some()),
            CellView::Money(c) => (c.is_missing(), c.is_blank(), c.value().is_some()),
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

/// What a cell holds, without its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellState {
    Present,
    Blank,
    Invalid,
    Missing,
}

/// Why a path does not name a cell, for load-time messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathError {
    /// Index of the bad segment (0 = table).
    pub segment: usize,
    pub message: String,
    pub suggestion: Option<String>,
}

/// The ids allowed at each segment after `table`, for checking and suggestions.
pub(crate) fn rows_of(table: &str) -> Vec<&'static str> {
    match table {
        "applications" => Applications::IDS.to_vec(),
        "review_litigation" => ReviewLitigation::IDS.to_vec(),
        "active_disclosure" => {
            let mut v: Vec<&str> = DISCLOSURE_2021.iter().map(|r| r.0).collect();
            for r in DISCLOSURE_2019 {
                if !v.contains(&r.0) {
                    v.push(r.0);
                }
            }
            v
        }
        _ => Vec::new(),
    }
}

/// The column ids of a row of a table (any format).
pub(crate) fn columns_of(table: &str, row: &str) -> Vec<&'static str> {
    match table {
        "applications" => ApplicantCells::IDS.to_vec(),
        "review_litigation" => ReviewCells::IDS.to_vec(),
        "active_disclosure" => {
            let mut v: Vec<&str> = Vec::new();
            for (r, cols) in DISCLOSURE_2021.iter().chain(DISCLOSURE_2019) {
                if *r == row {
                    for c in *cols {
                        if !v.contains(c) {
                            v.push(c);
                        }
                    }
                }
            }
            v
        }
        _ => Vec::new(),
    }
}

/// The closest of `candidates` to `word`, if close enough to be a plausible typo: a few edits
/// away (a dropped, added, changed or swapped letter), or very similar overall.
pub(crate) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let max_edits = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| {
            let edits = strsim::damerau_levenshtein(word, c);
            let similar = strsim::jaro_winkler(word, c);
            (edits, similar, c)
        })
        .filter(|(edits, similar, _)| *edits <= max_edits || *similar > 0.85)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| c.to_owned())
}

/// Checks a concrete (no placeholders, no glob) path `table.row.col`.
pub(crate) fn check_path(segments: &[&str]) -> Result<(), PathError> {
    let Some(table) = segments.first() else {
        return Err(PathError {
            segment: 0,
            message: "empty path".into(),
            suggestion: None,
        });
    };
    if !TABLES.contains(table) {
        return Err(PathError {
            segment: 0,
            message: format!("unknown table `{table}`"),
            suggestion: suggest(table, TABLES.iter().copied()),
        });
    }
    let rows = rows_of(table);
    let Some(row) = segments.get(1) else {
        return Err(PathError {
            segment: 0,
            message: format!("`{table}` needs a row and a column: `{table}.<row>.<column>`"),
            suggestion: None,
        });
    };
    if !glob_any(row, &rows) {
        return Err(PathError {
            segment: 1,
            message: format!("unknown row `{row}` of table `{table}`"),
            suggestion: suggest(row, rows.iter().copied()),
        });
    }
    if segments.len() == 2 {
        return Ok(());
    }
    let col = segments[2];
    let cols: Vec<&str> = rows
        .iter()
        .filter(|r| glob_match(row, r))
        .flat_map(|r| columns_of(table, r))
        .collect();
    if !glob_any(col, &cols) {
        return Err(PathError {
            segment: 2,
            message: format!("unknown column `{col}` of `{table}.{row}`"),
            suggestion: suggest(col, cols.iter().copied()),
        });
    }
    if segments.len() > 3 {
        return Err(PathError {
            segment: 3,
            message: "a cell path has three parts: `<table>.<row>.<column>`".into(),
            suggestion: None,
        });
    }
    Ok(())
}

/// Whether a glob (`*` = any run of characters) matches any candidate.
pub(crate) fn glob_any(pattern: &str, candidates: &[&str]) -> bool {
    candidates.iter().any(|c| glob_match(pattern, c))
}

/// Matches `*` globs; without `*` it is plain equality.
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    // Evaluation matches every row and column id against the path's parts: the common cases
    // first, without a substring search.
    if pattern == "*" {
        return true;
    }
    let Some(star) = pattern.bytes().position(|b| b == b'*') else {
        return pattern == text;
    };
    let (first, rest) = (&pattern[..star], &pattern[star + 1..]);
    let Some(mut remaining) = text.strip_prefix(first) else {
        return false;
    };
    if !rest.as_bytes().contains(&b'*') {
        return remaining.ends_with(rest);
    }
    let mut parts = rest.split('*').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            return remaining.ends_with(part);
        }
        match remaining.find(part) {
            Some(p) => remaining = &remaining[p + part.len()..],
            None => return false,
        }
    }
    true
}

/// The cell at `table.row.col` of a report, if the report's format has it.
pub(crate) fn cell<'a>(
    report: &'a Report,
    table: &str,
    row: &str,
    col: &str,
) -> Option<CellView<'a>> {
    match table {
        "applications" => report
            .applications
            .get(row)
            .and_then(|r| r.cells.get(col))
            .map(CellView::Count),
        "review_litigation" => report
            .review_litigation
            .get(row)
            .and_then(|g| g.cells.get(col))
            .map(CellView::Count),
        "active_disclosure" => disclosure_cell(&report.active_disclosure, row, col),
        _ => None,
    }
}

fn disclosure_cell<'a>(ad: &'a ActiveDisclosure, row: &str, col: &str) -> Option<CellView<'a>> {
    use CellView::{Count, Money};
    match ad {
        ActiveDisclosure::F2021(t) => match (row, col) {
            ("regulations" | "normative_documents", _) => {
                let r = if row == "regulations" {
                    &t.regulations
                } else {
                    &t.normative_documents
                };
                match col {
                    "issued" => Some(Count(&r.issued)),
                    "repealed" => Some(Count(&r.repealed)),
                    "in_force" => Some(Count(&r.in_force)),
                    _ => None,
                }
            }
            ("licensing", "decisions") => Some(Count(&t.licensing.decisions)),
            ("punishment", "decisions") => Some(Count(&t.punishment.decisions)),
            ("coercion", "decisions") => Some(Count(&t.coercion.decisions)),
            ("fees", "amount") => Some(Money(&t.fees.amount)),
            _ => None,
        },
        ActiveDisclosure::F2019(t) => match row {
            "regulations" | "normative_documents" => {
                let r = if row == "regulations" {
                    &t.regulations
                } else {
                    &t.normative_documents
                };
                match col {
                    "newly_made" => Some(Count(&r.newly_made)),
                    "newly_published" => Some(Count(&r.newly_published)),
                    "total_published" => Some(Count(&r.total_published)),
                    _ => None,
                }
            }
            "licensing" | "other_services" | "punishment" | "coercion" | "fees" => {
                let r = match row {
                    "licensing" => &t.licensing,
                    "other_services" => &t.other_services,
                    "punishment" => &t.punishment,
                    "coercion" => &t.coercion,
                    _ => &t.fees,
                };
                match col {
                    "previous_items" => Some(Count(&r.previous_items)),
                    "change" => Some(Count(&r.change)),
                    "decisions" if row != "fees" => Some(Count(&r.decisions)),
                    _ => None,
                }
            }
            "procurement" => match col {
                "items" => Some(Count(&t.procurement.items)),
                "amount" => Some(Money(&t.procurement.amount)),
                _ => None,
            },
            _ => None,
        },
    }
}

/// A mutable cell, for the test harness's `set` edits.
pub(crate) enum CellMut<'a> {
    Count(&'a mut Cell<i64>),
    Money(&'a mut Cell<Decimal>),
}

/// The cell at `table.row.col`, mutably.
pub(crate) fn cell_mut<'a>(
    report: &'a mut Report,
    table: &str,
    row: &str,
    col: &str,
) -> Option<CellMut<'a>> {
    match table {
        "applications" => report
            .applications
            .get_mut(row)
            .and_then(|r| r.cells.get_mut(col))
            .map(CellMut::Count),
        "review_litigation" => report
            .review_litigation
            .get_mut(row)
            .and_then(|g| g.cells.get_mut(col))
            .map(CellMut::Count),
        "active_disclosure" => match &mut report.active_disclosure {
            ActiveDisclosure::F2021(t) => match (row, col) {
                ("regulations", c) => doc_col_2021(&mut t.regulations, c),
                ("normative_documents", c) => doc_col_2021(&mut t.normative_documents, c),
                ("licensing", "decisions") => Some(CellMut::Count(&mut t.licensing.decisions)),
                ("punishment", "decisions") => Some(CellMut::Count(&mut t.punishment.decisions)),
                ("coercion", "decisions") => Some(CellMut::Count(&mut t.coercion.decisions)),
                ("fees", "amount") => Some(CellMut::Money(&mut t.fees.amount)),
                _ => None,
            },
            ActiveDisclosure::F2019(t) => {
                let r = match row {
                    "regulations" | "normative_documents" => {
                        let d = if row == "regulations" {
                            &mut t.regulations
                        } else {
                            &mut t.normative_documents
                        };
                        return match col {
                            "newly_made" => Some(CellMut::Count(&mut d.newly_made)),
                            "newly_published" => Some(CellMut::Count(&mut d.newly_published)),
                            "total_published" => Some(CellMut::Count(&mut d.total_published)),
                            _ => None,
                        };
                    }
                    "procurement" => {
                        return match col {
                            "items" => Some(CellMut::Count(&mut t.procurement.items)),
                            "amount" => Some(CellMut::Money(&mut t.procurement.amount)),
                            _ => None,
                        };
                    }
                    "licensing" => &mut t.licensing,
                    "other_services" => &mut t.other_services,
                    "punishment" => &mut t.punishment,
                    "coercion" => &mut t.coercion,
                    "fees" => &mut t.fees,
                    _ => return None,
                };
                match col {
                    "previous_items" => Some(CellMut::Count(&mut r.previous_items)),
                    "change" => Some(CellMut::Count(&mut r.change)),
                    "decisions" => Some(CellMut::Count(&mut r.decisions)),
                    _ => None,
                }
            }
        },
        _ => None,
    }
}

fn doc_col_2021<'a>(r: &'a mut gongkai_core::DocumentsRow, col: &str) -> Option<CellMut<'a>> {
    match col {
        "issued" => Some(CellMut::Count(&mut r.issued)),
        "repealed" => Some(CellMut::Count(&mut r.repealed)),
        "in_force" => Some(CellMut::Count(&mut r.in_force)),
        _ => None,
    }
}

/// The rows of a table that exist in a report's format (for globs).
pub(crate) fn rows_in_format(table: &str, format: FormatVersion) -> Vec<&'static str> {
    match table {
        "active_disclosure" => match format {
            FormatVersion::F2019 => DISCLOSURE_2019.iter().map(|r| r.0).collect(),
            _ => DISCLOSURE_2021.iter().map(|r| r.0).collect(),
        },
        t => rows_of(t),
    }
}

/// Calls `f` with the row id, column id and cell of each cell a glob path `table.row.col` names
/// in a report, in the form's order (rows of the report's format; 表三 rows not found in the
/// report are left out of a row glob), without allocating.
pub(crate) fn for_each_glob_cell<'r>(
    report: &'r Report,
    table: &str,
    row: &str,
    col: &str,
    mut f: impl FnMut(&str, &str, CellView<'r>),
) {
    type Rows = &'static [(&'static str, &'static [&'static str])];
    let (ids, disclosure): (&'static [&'static str], Rows) = match table {
        "applications" => (Applications::IDS, &[]),
        "review_litigation" => (ReviewLitigation::IDS, &[]),
        "active_disclosure" => (
            &[],
            if report.metadata.format == FormatVersion::F2019 {
                DISCLOSURE_2019
            } else {
                DISCLOSURE_2021
            },
        ),
        _ => (&[], &[]),
    };
    let rows = ids.iter().copied().chain(disclosure.iter().map(|r| r.0));
    for r in rows {
        if !glob_match(row, r) {
            continue;
        }
        if table == "applications"
            && row.contains('*')
            && !report
                .applications
                .get(r)
                .is_some_and(gongkai_core::ApplicantRow::is_found)
        {
            continue;
        }
        if !col.contains('*') {
            // One column: a cell of it exists exactly when the row has that column.
            if let Some(v) = cell(report, table, r, col) {
                f(r, col, v);
            }
            continue;
        }
        for_each_column(table, r, |c| {
            if glob_match(col, c)
                && let Some(v) = cell(report, table, r, c)
            {
                f(r, c, v);
            }
        });
    }
}

/// [`columns_of`] without allocating: calls `f` with each column id of a row, in that order.
fn for_each_column(table: &str, row: &str, mut f: impl FnMut(&'static str)) {
    match table {
        "applications" => ApplicantCells::IDS.iter().copied().for_each(f),
        "review_litigation" => ReviewCells::IDS.iter().copied().for_each(f),
        "active_disclosure" => {
            let of = |rows: &'static [(&'static str, &'static [&'static str])]| {
                rows.iter()
                    .filter(|r| r.0 == row)
                    .flat_map(|r| r.1.iter().copied())
            };
            for c in of(DISCLOSURE_2021) {
                f(c);
            }
            for c in of(DISCLOSURE_2019) {
                if !of(DISCLOSURE_2021).any(|x| x == c) {
                    f(c);
                }
            }
        }
        _ => {}
    }
}

/// The official Chinese name of a cell, e.g. "表三 / （七）总计 / 自然人".
pub(crate) fn cell_label(table: &str, row: &str, col: &str) -> String {
    format!(
        "{} / {} / {}",
        table_label(table),
        row_label(table, row),
        column_label(table, row, col)
    )
}

/// The name of a table as users say it: "表三".
pub(crate) fn table_label(table: &str) -> &'static str {
    match table {
        "applications" => "表三",
        "review_litigation" => "表四",
        "active_disclosure" => "表二",
        _ => "表",
    }
}

/// The full Chinese name of a table.
pub(crate) fn table_title(table: &str) -> &'static str {
    match table {
        "applications" => TableId::Applications.label(),
        "review_litigation" => TableId::ReviewLitigation.label(),
        _ => TableId::ActiveDisclosure.label(),
    }
}

/// A cell's name without the table: "（七）总计 / 自然人".
pub(crate) fn short_cell_label(table: &str, row: &str, col: &str) -> String {
    // Labels drawn on the file use the short row names ("本年新收"), except （七）总计, whose
    // short name would read like the 总计 column.
    let row_name = match (table, template::application_row(row)) {
        ("applications", Some(t)) if t.short != "总计" => t.short.to_owned(),
        _ => row_label(table, row),
    };
    format!("{row_name} / {}", column_label(table, row, col))
}

/// The Chinese name of a row, e.g. "（三）不予公开 / 1.属于国家秘密".
pub(crate) fn row_label(table: &str, row: &str) -> String {
    match table {
        "applications" => match template::application_row(row) {
            Some(t) => {
                // The parenthetical of （二）部分公开 is an instruction, not part of the name.
                let label = t
                    .label
                    .split_once("（区分")
                    .map_or(t.label, |(head, _)| head);
                match t.group {
                    Some(g) if !g.starts_with("三、") => format!("{g} / {label}"),
                    _ => label.to_owned(),
                }
            }
            None => row.to_owned(),
        },
        "review_litigation" => match template::REVIEW_GROUPS.iter().find(|g| g.id == row) {
            Some(g) => match g.group {
                Some(parent) => format!("{parent} / {}", g.label),
                None => g.label.to_owned(),
            },
            None => row.to_owned(),
        },
        _ => {
            for item in template::ACTIVE_DISCLOSURE_2021
                .iter()
                .chain(template::ACTIVE_DISCLOSURE_2019.iter())
            {
                if let Some(r) = item.rows.iter().find(|r| r.id == row) {
                    return format!("{} / {}", item.heading, r.label);
                }
            }
            row.to_owned()
        }
    }
}

/// The Chinese name of a column.
pub(crate) fn column_label(table: &str, row: &str, col: &str) -> String {
    let found = match table {
        "applications" => template::APPLICANT_COLUMNS
            .iter()
            .find(|c| c.id == col)
            .map(|c| c.label),
        "review_litigation" => template::REVIEW_COLUMNS
            .iter()
            .find(|c| c.id == col)
            .map(|c| c.label),
        _ => template::ACTIVE_DISCLOSURE_2021
            .iter()
            .chain(template::ACTIVE_DISCLOSURE_2019.iter())
            .filter(|item| item.rows.iter().any(|r| r.id == row))
            .flat_map(|item| item.columns.iter())
            .find(|c| c.id == col)
            .map(|c| c.label),
    };
    found.unwrap_or(col).to_owned()
}

/// The Chinese name of an iteration value (`{col}` = "自然人", `{row}` = "（七）总计", …).
pub(crate) fn value_label(set: &str, value: &str) -> String {
    match set {
        "columns" | "applicant_columns" => column_label("applications", "", value),
        "rows" => row_label("applications", value),
        "groups" => row_label("review_litigation", value),
        "review_columns" | "review_results" => column_label("review_litigation", "", value),
        "disclosure_rows" => row_label("active_disclosure", value),
        "sections" => gongkai_core::SectionId::ALL
            .iter()
            .find(|s| s.id() == value)
            .map_or_else(|| value.to_owned(), |s| section_label(*s)),
        _ => {
            // A list of explicit ids: try each table.
            if template::application_row(value).is_some() {
                row_label("applications", value)
            } else if let Some(c) = template::APPLICANT_COLUMNS.iter().find(|c| c.id == value) {
                c.label.to_owned()
            } else if template::REVIEW_GROUPS.iter().any(|g| g.id == value) {
                row_label("review_litigation", value)
            } else if let Some(c) = template::REVIEW_COLUMNS.iter().find(|c| c.id == value) {
                c.label.to_owned()
            } else {
                let l = row_label("active_disclosure", value);
                if l == value { value.to_owned() } else { l }
            }
        }
    }
}

/// "三、收到和处理政府信息公开申请情况".
pub(crate) fn section_label(s: gongkai_core::SectionId) -> String {
    let t = s.template();
    format!("{}、{}", t.number, t.heading)
}

/// The named iteration sets of `for_each`, and the values each can take (at load time, all of
/// them; at run time, `rows` is limited to the rows found in the report).
pub(crate) const SETS: &[&str] = &[
    "columns",
    "applicant_columns",
    "rows",
    "groups",
    "review_columns",
    "review_results",
    "disclosure_rows",
    "sections",
];

/// All values a named set can take.
pub(crate) fn set_values(set: &str) -> Option<Vec<&'static str>> {
    Some(match set {
        "columns" => ApplicantCells::IDS.to_vec(),
        "applicant_columns" => ApplicantCells::IDS
            .iter()
            .copied()
            .filter(|c| *c != "total")
            .collect(),
        "rows" => Applications::IDS.to_vec(),
        "groups" => ReviewLitigation::IDS.to_vec(),
        "review_columns" => ReviewCells::IDS.to_vec(),
        "review_results" => ReviewCells::IDS
            .iter()
            .copied()
            .filter(|c| *c != "total")
            .collect(),
        "disclosure_rows" => rows_of("active_disclosure"),
        "sections" => gongkai_core::SectionId::ALL
            .iter()
            .map(|s| s.id())
            .collect(),
        _ => return None,
    })
}

/// The values of a named set for one report: rows not found in the report, and 表二 rows not in
/// its format, are left out.
pub(crate) fn set_values_for(set: &str, report: &Report) -> Vec<&'static str> {
    match set {
        "rows" => Applications::IDS
            .iter()
            .copied()
            .filter(|r| {
                report
                    .applications
                    .get(r)
                    .is_some_and(gongkai_core::ApplicantRow::is_found)
            })
            .collect(),
        "disclosure_rows" => rows_in_format("active_disclosure", report.metadata.format),
        s => set_values(s).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("withheld_*", "withheld_state_secret"));
        assert!(!glob_match("withheld_*", "unavailable_unclear"));
        assert!(glob_match("*", "x"));
        assert!(glob_match("a*c", "abbc"));
        assert!(!glob_match("a*c", "abcd"));
    }

    #[test]
    fn paths_are_checked_with_suggestions() {
        assert!(check_path(&["applications", "total", "natural_person"]).is_ok());
        let e = check_path(&["applications", "totl", "natural_person"]).unwrap_err();
        assert_eq!((e.segment, e.suggestion.as_deref()), (1, Some("total")));
        let e = check_path(&["applications", "total", "natural_persn"]).unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("natural_person"));
        let e = check_path(&["aplications", "total", "x"]).unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("applications"));
        assert!(check_path(&["active_disclosure", "fees", "amount"]).is_ok());
        assert!(check_path(&["active_disclosure", "regulations", "newly_made"]).is_ok());
        assert!(check_path(&["active_disclosure", "fees", "in_force"]).is_err());
    }

    #[test]
    fn labels_are_the_official_names() {
        assert_eq!(
            cell_label("applications", "total", "natural_person"),
            "表三 / （七）总计 / 自然人"
        );
        assert_eq!(
            cell_label("applications", "withheld_state_secret", "total"),
            "表三 / （三）不予公开 / 1.属于国家秘密 / 总计"
        );
        assert_eq!(
            cell_label("applications", "partially_granted", "total"),
            "表三 / （二）部分公开 / 总计"
        );
        assert_eq!(
            cell_label("review_litigation", "litigation_after_review", "upheld"),
            "表四 / 行政诉讼 / 复议后起诉 / 结果维持"
        );
        assert_eq!(
            cell_label("active_disclosure", "regulations", "in_force"),
            "表二 / 第二十条第（一）项 / 规章 / 现行有效件数"
        );
    }
}
