//! Damage the table reader would otherwise pass over in silence: values past a row's last
//! column, a row or the whole of 表三 given a second time, and tables without a single number.
//!
//! Each is a [`ReadIssue`] at its place; what is read does not change (the first occurrence of
//! a row or table is the one read, values past the form's columns are not read). The checks are
//! built to be certain before they speak:
//!
//! - *too many values*: a number in the same line or table row right after the row's last value
//!   (an empty cell or a word between them ends the row), for a row read with all the columns the
//!   template gives it: every row of 表三, 表四's last (its fifteen values end there) and 表二's
//!   rows — those whose column count differs between the two forms only when the form was
//!   recognised from the table's own words, since a row of the other form read with fewer
//!   columns would otherwise look overfull.
//! - *a row given twice*: within 表三's own extent, another exact occurrence of a row's label
//!   followed by a complete row of values (seven, none of them text). Same values: repeated;
//!   different: a conflict.
//! - *a table given twice*: after 表三, another occurrence of its first row's label from which
//!   表三 reads again with at least half of its complete rows (and three): the whole table (as
//!   when the report is pasted twice), compared row by row.
//! - *not filled in*: a table found (a row of it read) in which no cell is a number.

use gongkai_core::template::{
    ACTIVE_DISCLOSURE_2019, ACTIVE_DISCLOSURE_2021, APPLICANT_COLUMNS, TableId, ValueKind,
};
use gongkai_core::{Applications, Cell, Count, ReadIssue, ReadIssueKind, Source};

use super::stream::{Cursor, Stream};
use super::tables::{APPLICATION_KEYS, Region, TableRead, applications};
use super::values::{RawKind, Skippable, read_values};
use crate::mapper::labels::find_exact;

/// Values after `end` (just past a row's last value) in the same block as that value: the
/// number of further numbers before anything else, and the source range of the first.
fn extra_values(s: &Stream, end: Cursor) -> Option<(usize, std::ops::Range<usize>)> {
    let last = s.toks.get(end.tok.checked_sub(1)?)?;
    let mut tok = end.tok;
    let mut count = 0;
    let mut first = None;
    while let Some(t) = s.toks.get(tok) {
        if t.block != last.block || t.empty_cell {
            break;
        }
        let reading = read_values(
            s,
            Cursor { tok, byte: 0 },
            &[ValueKind::Count],
            tok + 1,
            &Skippable { fragments: &[] },
        );
        match reading.values.first() {
            Some(v) if v.kind == RawKind::Number => {
                count += 1;
                first.get_or_insert(v.source.clone());
            }
            _ => break,
        }
        tok += 1;
    }
    first.map(|range| (count, range))
}

/// The most columns either form gives 表二's row `id`.
pub(crate) fn active_disclosure_columns(id: &str) -> usize {
    ACTIVE_DISCLOSURE_2021
        .iter()
        .chain(&ACTIVE_DISCLOSURE_2019)
        .filter(|item| item.rows.iter().any(|r| r.id == id))
        .map(|item| item.columns.len())
        .max()
        .unwrap_or(0)
}

/// The issue of values past the last column of a row read whole (`whole`: with every column
/// the template gives it, `expected` of them, the last value ending at `end`), if any.
pub(crate) fn past_last_column(
    s: &Stream,
    source: &Source,
    (table, row): (TableId, &str),
    expected: usize,
    whole: bool,
    end: Cursor,
) -> Option<ReadIssue> {
    if !whole || expected == 0 {
        return None;
    }
    let (extra, at) = extra_values(s, end)?;
    Some(ReadIssue {
        kind: ReadIssueKind::RowTooManyValues {
            table: table.id().to_owned(),
            row: row.to_owned(),
            found: expected + extra,
            expected,
        },
        span: Some(source.span(at.start, at.end)),
    })
}

/// Whether two cells say the same: the same number, or both blank.
fn same(a: &Cell<Count>, b: &Cell<Count>) -> bool {
    match (a, b) {
        (Cell::Present { value: x, .. }, Cell::Present { value: y, .. }) => x == y,
        (Cell::Blank { .. }, Cell::Blank { .. }) | (Cell::Missing, Cell::Missing) => true,
        (Cell::Invalid { raw: x, .. }, Cell::Invalid { raw: y, .. }) => x == y,
        _ => false,
    }
}

/// Rows of 表三 with all seven cells read.
fn complete_rows(apps: &Applications) -> Vec<&'static str> {
    Applications::IDS
        .iter()
        .copied()
        .filter(|id| {
            apps.get(id).is_some_and(|r| {
                r.label.is_some()
                    && APPLICANT_COLUMNS
                        .iter()
                        .all(|c| r.cell(c.id).is_some_and(|x| !x.is_missing()))
            })
        })
        .collect()
}

/// Rows and the whole of 表三 given a second time (see the module docs).
pub(crate) fn repeated_applications(
    s: &Stream,
    source: &Source,
    apps: &Applications,
    read: &TableRead,
) -> Vec<ReadIssue> {
    let Some(blocks) = read.blocks.clone() else {
        return Vec::new();
    };
    let table_from = s.key_of_tok(s.tok_of_block(blocks.start));
    let table_to = s.key_of_tok(s.tok_of_block(blocks.end));
    if let Some(issue) = repeated_table(s, source, apps, table_to) {
        return vec![issue];
    }
    let mut issues = Vec::new();
    // Where every row's label was read: an occurrence inside one is no repetition.
    let labels: Vec<std::ops::Range<usize>> = Applications::IDS
        .iter()
        .filter_map(|id| apps.get(id)?.label.as_ref())
        .map(|l| l.span.range())
        .collect();
    let kinds = [ValueKind::Count; 7];
    for row in APPLICATION_KEYS.iter() {
        let Some(primary) = apps.get(row.id).filter(|r| r.label.is_some()) else {
            continue;
        };
        let mut from = table_from;
        while let Some(f) = find_exact(s, &row.keys, from, table_to) {
            from = f.end.max(from + 1);
            let at = s.key_source_range(f.start..f.end);
            if labels
                .iter()
                .any(|l| l.start <= at.start && at.start < l.end.max(l.start + 1))
            {
                continue;
            }
            let reading = read_values(
                s,
                s.cursor_after_key(f.end),
                &kinds,
                s.toks.len(),
                &Skippable { fragments: &[] },
            );
            if reading.values.len() < kinds.len()
                || reading.values.iter().any(|v| v.kind == RawKind::Invalid)
            {
                continue;
            }
            let differs = APPLICANT_COLUMNS.iter().zip(&reading.values).any(|(c, v)| {
                primary
                    .cell(c.id)
                    .is_none_or(|p| !same(p, &v.count_cell(source)))
            });
            let table = TableId::Applications.id().to_owned();
            let row_id = row.id.to_owned();
            issues.push(ReadIssue {
                kind: if differs {
                    ReadIssueKind::RowConflict { table, row: row_id }
                } else {
                    ReadIssueKind::RowRepeated { table, row: row_id }
                },
                span: Some(source.span(at.start, at.end)),
            });
            break;
        }
    }
    issues
}

/// 表三 read again after its end (key `after`), when it is there as a whole.
fn repeated_table(
    s: &Stream,
    source: &Source,
    apps: &Applications,
    after: usize,
) -> Option<ReadIssue> {
    let first_rows = complete_rows(apps);
    let anchor = APPLICATION_KEYS
        .iter()
        .find(|r| first_rows.contains(&r.id))?;
    let found = find_exact(s, &anchor.keys, after, s.key.len())?;
    let region = Region {
        from_key: found.start,
        to_key: s.key.len(),
        from_tok: s
            .key_at(found.start)
            .map_or(s.toks.len(), |k| k.tok as usize),
        to_tok: s.toks.len(),
    };
    let (again, _) = applications(s, source, region);
    let second_rows = complete_rows(&again);
    if second_rows.len() < 3 || second_rows.len() * 2 < first_rows.len() {
        return None;
    }
    let differs = second_rows.iter().any(|id| {
        let (Some(first), Some(second)) = (apps.get(id), again.get(id)) else {
            return true;
        };
        APPLICANT_COLUMNS
            .iter()
            .any(|c| match (first.cell(c.id), second.cell(c.id)) {
                (Some(one), Some(other)) => !same(one, other),
                _ => true,
            })
    });
    let at = again
        .get(anchor.id)
        .and_then(|r| r.label.as_ref())
        .map(|l| l.span)?;
    let table = TableId::Applications.id().to_owned();
    Some(ReadIssue {
        kind: if differs {
            ReadIssueKind::TableConflict { table }
        } else {
            ReadIssueKind::TableRepeated { table }
        },
        span: Some(at),
    })
}

/// The issue of a table found without a single number, located on its first cell read.
pub(crate) fn not_filled(
    table: TableId,
    model: &impl serde::Serialize,
    read: &TableRead,
) -> Option<ReadIssue> {
    if read.rows_found == 0 {
        return None;
    }
    let value = serde_json::to_value(model).ok()?;
    let mut present = false;
    let mut first: Option<gongkai_core::Span> = None;
    visit_cells(&value, &mut |cell| {
        match cell.get("status").and_then(|s| s.as_str()) {
            Some("present") => present = true,
            Some(_) => {
                // The first cell in the file (the model's fields are not in the file's order).
                let span: Option<gongkai_core::Span> = cell
                    .get("span")
                    .and_then(|s| serde_json::from_value(s.clone()).ok());
                if let Some(span) = span
                    && first.is_none_or(|f| span.offset < f.offset)
                {
                    first = Some(span);
                }
            }
            None => {}
        }
    });
    if present {
        return None;
    }
    Some(ReadIssue {
        kind: ReadIssueKind::TableNotFilled {
            table: table.id().to_owned(),
        },
        span: first,
    })
}

/// Calls `f` on every object of `value` that has a `status` (a cell).
fn visit_cells(
    value: &serde_json::Value,
    f: &mut impl FnMut(&serde_json::Map<String, serde_json::Value>),
) {
    match value {
        serde_json::Value::Object(map) => {
            if map.contains_key("status") {
                f(map);
            } else {
                for v in map.values() {
                    visit_cells(v, f);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                visit_cells(v, f);
            }
        }
        _ => {}
    }
}

/// The cells of a table model in a fixed order, each as its status and value (spans and labels
/// left out): what two copies of a table are compared by.
fn cell_values(model: &impl serde::Serialize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(value) = serde_json::to_value(model) {
        visit_cells(&value, &mut |cell| {
            let get = |k: &str| cell.get(k).map(ToString::to_string).unwrap_or_default();
            out.push((get("status"), format!("{}{}", get("value"), get("raw"))));
        });
    }
    out
}

/// 表二 read again after its end, when it is there as a whole (three complete rows at least,
/// and half of those of the copy read): repeated or in conflict, at the second copy's first row.
pub(crate) fn repeated_active_disclosure(
    s: &Stream,
    source: &Source,
    first: &gongkai_core::ActiveDisclosure,
    read: &TableRead,
    format: gongkai_core::template::FormatVersion,
) -> Option<ReadIssue> {
    let blocks = read.blocks.clone()?;
    let from_tok = s.tok_of_block(blocks.end);
    let region = Region {
        from_key: s.key_of_tok(from_tok),
        to_key: s.key.len(),
        from_tok,
        to_tok: s.toks.len(),
    };
    let (again, second) = super::tables::active_disclosure(s, source, region, format, false);
    let whole = |t: &TableRead| {
        t.rows_found
            - t.issues
                .iter()
                .filter(|i| {
                    matches!(
                        i.kind,
                        ReadIssueKind::RowIncomplete { .. } | ReadIssueKind::RowMissing { .. }
                    )
                })
                .count()
                .min(t.rows_found)
    };
    let (n1, n2) = (whole(read), whole(&second));
    if n2 < 3 || n2 * 2 < n1 {
        return None;
    }
    let (a, b) = (cell_values(first), cell_values(&again));
    let differs = a.len() != b.len()
        || a.iter()
            .zip(&b)
            .any(|(x, y)| x.0 != "\"missing\"" && y.0 != "\"missing\"" && x != y);
    // The second copy's first row label (the model's fields are not in the file's order).
    let at = serde_json::to_value(&again).ok().and_then(|v| {
        v.as_object()?
            .values()
            .filter_map(|row| {
                let span = row.get("label")?.get("span")?;
                serde_json::from_value::<gongkai_core::Span>(span.clone()).ok()
            })
            .min_by_key(|s| s.offset)
    });
    let table = TableId::ActiveDisclosure.id().to_owned();
    Some(ReadIssue {
        kind: if differs {
            ReadIssueKind::TableConflict { table }
        } else {
            ReadIssueKind::TableRepeated { table }
        },
        span: at,
    })
}
