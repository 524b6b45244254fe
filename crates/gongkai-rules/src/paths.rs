//! Cell paths (`applications.total.natural_person`) and the iteration sets of `for_each`.
//!
//! A path names one cell of the form by the stable English ids of
//! [`gongkai_core::template`]: `<table>.<row>.<column>`. Paths are checked against the form's
//! cells ([`CellId`]) when a rule is loaded, so a rule can never refer to a cell the model does
//! not have; the Chinese name a user knows the cell by is the template's
//! ([`CellId::label`]), so messages never hard-code labels and no second list of cells exists.

use gongkai_core::template::{self, CellId, FormatVersion, LabelStyle, TableId};
use gongkai_core::{ApplicantCells, Applications, Report, ReviewCells, ReviewLitigation};

pub(crate) use gongkai_core::{CellMut, CellRef as CellView, CellState};

/// The tables a path can start with.
pub(crate) const TABLES: &[&str] = &["applications", "review_litigation", "active_disclosure"];

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
    TableId::from_id(table)
        .map(template::row_ids)
        .unwrap_or_default()
}

/// The column ids of a row of a table (any format), in the form's order.
pub(crate) fn columns_of(table: &str, row: &str) -> Vec<&'static str> {
    TableId::from_id(table).map_or_else(Vec::new, |t| {
        CellId::of_row(t, row).map(CellId::column).collect()
    })
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
    report.cell(CellId::find(table, row, col)?)
}

/// The cell at `table.row.col`, mutably.
pub(crate) fn cell_mut<'a>(
    report: &'a mut Report,
    table: &str,
    row: &str,
    col: &str,
) -> Option<CellMut<'a>> {
    report.cell_mut(CellId::find(table, row, col)?)
}

/// The rows of a table that exist in a report's format (for globs).
pub(crate) fn rows_in_format(table: &str, format: FormatVersion) -> Vec<&'static str> {
    TableId::from_id(table).map_or_else(Vec::new, |t| template::rows_in_format(t, format))
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
    let Some(t) = TableId::from_id(table) else {
        return;
    };
    let format = report.metadata.format;
    let rows: &[&'static str] = match t {
        TableId::Applications => Applications::IDS,
        TableId::ReviewLitigation => ReviewLitigation::IDS,
        TableId::ActiveDisclosure if format == FormatVersion::F2019 => disclosure_rows_2019(),
        TableId::ActiveDisclosure => disclosure_rows_2021(),
    };
    for r in rows {
        if !glob_match(row, r) {
            continue;
        }
        if t == TableId::Applications
            && row.contains('*')
            && !report
                .applications
                .get(r)
                .is_some_and(gongkai_core::ApplicantRow::is_found)
        {
            continue;
        }
        for id in CellId::of_row(t, r) {
            if glob_match(col, id.column())
                && let Some(v) = report.cell(id)
            {
                f(r, id.column(), v);
            }
        }
    }
}

/// The rows of 表二 in the 2021 format, in order, computed once.
fn disclosure_rows_2021() -> &'static [&'static str] {
    static ROWS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        template::rows_in_format(TableId::ActiveDisclosure, FormatVersion::F2021)
    });
    &ROWS
}

/// The rows of 表二 in the 2019 format, in order, computed once.
fn disclosure_rows_2019() -> &'static [&'static str] {
    static ROWS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        template::rows_in_format(TableId::ActiveDisclosure, FormatVersion::F2019)
    });
    &ROWS
}

/// The official Chinese name of a cell, e.g. "表三 / （七）总计 / 自然人".
pub(crate) fn cell_label(table: &str, row: &str, col: &str) -> String {
    match CellId::find(table, row, col) {
        Some(id) => id.label(LabelStyle::Full).to_owned(),
        None => format!(
            "{} / {} / {}",
            table_label(table),
            row_label(table, row),
            column_label(table, row, col)
        ),
    }
}

/// The name of a table as users say it: "表三".
pub(crate) fn table_label(table: &str) -> &'static str {
    TableId::from_id(table).map_or("表", TableId::short_label)
}

/// The full Chinese name of a table.
pub(crate) fn table_title(table: &str) -> &'static str {
    TableId::from_id(table).map_or(TableId::ActiveDisclosure.label(), TableId::label)
}

/// A cell's name without the table: "（七）总计 / 自然人".
pub(crate) fn short_cell_label(table: &str, row: &str, col: &str) -> String {
    match CellId::find(table, row, col) {
        Some(id) => id.label(LabelStyle::Short).to_owned(),
        None => format!(
            "{} / {}",
            row_label(table, row),
            column_label(table, row, col)
        ),
    }
}

/// The Chinese name of a row, e.g. "（三）不予公开 / 1.属于国家秘密".
pub(crate) fn row_label(table: &str, row: &str) -> String {
    // An unknown table is named as 表二 is (the form's first table), as it always was here.
    let t = TableId::from_id(table).unwrap_or(TableId::ActiveDisclosure);
    template::row_label(t, row).unwrap_or_else(|| row.to_owned())
}

/// The Chinese name of a column.
pub(crate) fn column_label(table: &str, row: &str, col: &str) -> String {
    let t = TableId::from_id(table).unwrap_or(TableId::ActiveDisclosure);
    template::column_label(t, row, col)
        .unwrap_or(col)
        .to_owned()
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
        // A list of explicit ids: try each table.
        _ => template::row_label(TableId::Applications, value)
            .or_else(|| column_name(TableId::Applications, value))
            .or_else(|| template::row_label(TableId::ReviewLitigation, value))
            .or_else(|| column_name(TableId::ReviewLitigation, value))
            .or_else(|| template::row_label(TableId::ActiveDisclosure, value))
            .unwrap_or_else(|| value.to_owned()),
    }
}

fn column_name(table: TableId, column: &str) -> Option<String> {
    template::column_label(table, "", column).map(str::to_owned)
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
