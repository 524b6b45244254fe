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
//!   when the report is pasted twice), compared row by row. 表二 likewise from its rows' labels.
//!   表四 has no row labels of its own (its groups are columns), so its second copy is known by
//!   its header — the column words 结果维持, 结果纠正, 其他结果, 尚未审结 close together — followed
//!   closely by all fifteen values.
//! - *not filled in*: a table found (a row of it read) in which no cell is a number.

use std::sync::LazyLock;

use gongkai_core::template::{
    self, ACTIVE_DISCLOSURE_2019, ACTIVE_DISCLOSURE_2021, APPLICANT_COLUMNS, CellId,
    REVIEW_COLUMNS, REVIEW_GROUPS, TableId, ValueKind,
};
use gongkai_core::{
    ActiveDisclosure, Applications, Cell, CellRef, CellState, Count, ReadIssue, ReadIssueKind,
    ReviewLitigation, Source,
};

use super::stream::{Cursor, Stream};
use super::tables::{APPLICATION_KEYS, Region, TableRead, applications};
use super::values::{RawKind, Skippable, read_values};
use crate::mapper::labels::{LabelKey, find_exact};

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
    // A copy after the one read (the report pasted twice), or before it (a copy pasted into an
    // earlier section, the table read being the one under its own heading).
    if let Some(issue) = repeated_table(s, source, apps, table_to..s.key.len())
        .or_else(|| repeated_table(s, source, apps, 0..table_from))
    {
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

/// 表三 read again within the keys `within` (after the copy read, or before it), when it is
/// there as a whole.
fn repeated_table(
    s: &Stream,
    source: &Source,
    apps: &Applications,
    within: std::ops::Range<usize>,
) -> Option<ReadIssue> {
    let first_rows = complete_rows(apps);
    let anchor = APPLICATION_KEYS
        .iter()
        .find(|r| first_rows.contains(&r.id))?;
    let found = find_exact(s, &anchor.keys, within.start, within.end)?;
    let tok_of = |k: usize| s.key_at(k).map_or(s.toks.len(), |k| k.tok as usize);
    let region = Region {
        from_key: found.start,
        to_key: within.end,
        from_tok: tok_of(found.start),
        to_tok: tok_of(within.end),
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

/// The issue of a table found without a single number, located on its first cell read (in the
/// file's order, which is not the form's). `cell` reads the table's cells by id.
pub(crate) fn not_filled<'t>(
    table: TableId,
    cell: impl Fn(CellId) -> Option<CellRef<'t>>,
    read: &TableRead,
) -> Option<ReadIssue> {
    if read.rows_found == 0 {
        return None;
    }
    let mut first: Option<gongkai_core::Span> = None;
    for view in CellId::of_table(table).filter_map(&cell) {
        if view.state() == CellState::Present {
            return None;
        }
        if let Some(span) = view.span()
            && first.is_none_or(|f| span.offset < f.offset)
        {
            first = Some(span);
        }
    }
    Some(ReadIssue {
        kind: ReadIssueKind::TableNotFilled {
            table: table.id().to_owned(),
        },
        span: first,
    })
}

/// The cells of a 表二 in the form's order, each as its state, value and text (spans and
/// labels left out): what two copies of the table are compared by.
fn cell_values(table: &ActiveDisclosure) -> Vec<(CellState, Option<String>, Option<&str>)> {
    CellId::of_table(TableId::ActiveDisclosure)
        .filter_map(|id| table.cell(id))
        .map(|v| (v.state(), v.value().map(|d| d.to_string()), v.raw()))
        .collect()
}

/// 表二 read again after its end or before its start, when it is there as a whole (three complete
/// rows at least, and half of those of the copy read): repeated or in conflict, at the other
/// copy's first row.
pub(crate) fn repeated_active_disclosure(
    s: &Stream,
    source: &Source,
    first: &gongkai_core::ActiveDisclosure,
    read: &TableRead,
    format: gongkai_core::template::FormatVersion,
) -> Option<ReadIssue> {
    let blocks = read.blocks.clone()?;
    let (start_tok, end_tok) = (s.tok_of_block(blocks.start), s.tok_of_block(blocks.end));
    // After the copy read (the report pasted twice), else before it (a copy pasted into an
    // earlier section, the one read being under its own heading).
    let after = Region {
        from_key: s.key_of_tok(end_tok),
        to_key: s.key.len(),
        from_tok: end_tok,
        to_tok: s.toks.len(),
    };
    let before = Region {
        from_key: 0,
        to_key: s.key_of_tok(start_tok),
        from_tok: 0,
        to_tok: start_tok,
    };
    [after, before].into_iter().find_map(|region| {
        candidate_windows(s, region)
            .into_iter()
            .find_map(|window| copy_of_active_disclosure(s, source, first, read, format, window))
    })
}

/// 表二's row labels long enough to be looked for exactly in any text (four characters or more:
/// "行政许可", "行政规范性文件"), both forms.
static ACTIVE_DISCLOSURE_ANCHORS: LazyLock<Vec<Vec<LabelKey>>> = LazyLock::new(|| {
    let mut labels: Vec<&'static str> = ACTIVE_DISCLOSURE_2021
        .iter()
        .chain(&ACTIVE_DISCLOSURE_2019)
        .flat_map(|item| item.rows.iter().map(|r| r.label))
        .filter(|l| l.chars().count() >= 4)
        .collect();
    labels.sort_unstable();
    labels.dedup();
    labels
        .into_iter()
        .map(|l| vec![LabelKey::new(l, false)])
        .collect()
});

/// How many of 表二's long row labels a window must hold exactly to be read as a copy of it.
const MIN_ANCHORS: usize = 3;

/// How far before its first long row label (key characters) a copy of 表二 may start ("规章" and
/// the item headings) and how far after it it may end.
const COPY_BEFORE: usize = 200;
const COPY_AFTER: usize = 1500;

/// How many places are tried: a narrative that names the rows now and then must stay cheap.
const COPY_TRIES: usize = 16;

/// The windows of `region` where a copy of 表二 may stand: around a first long row label with at
/// least [`MIN_ANCHORS`] of them close after it. Reading a table looks for its labels with
/// tolerance, which is costly over a whole report's text; these exact searches are not, and
/// bound the reading to a window (a report's own reading of 表二 was 40 % of its cost before).
fn candidate_windows(s: &Stream, region: Region) -> Vec<Region> {
    let to = region.to_key.min(s.key.len());
    let tok_of = |k: usize| s.key_at(k).map_or(s.toks.len(), |k| k.tok as usize);
    let anchors = &*ACTIVE_DISCLOSURE_ANCHORS;
    // Each label's next exact occurrence at or after `from`, searched again only once passed:
    // every label's text is scanned once in all.
    let mut next: Vec<Option<usize>> = anchors
        .iter()
        .map(|k| find_exact(s, k, region.from_key, to).map(|f| f.start))
        .collect();
    let mut windows = Vec::new();
    for _ in 0..COPY_TRIES {
        let Some(first) = next.iter().flatten().copied().min() else {
            break;
        };
        let end = (first + COPY_AFTER).min(to);
        let held = next.iter().flatten().filter(|&&at| at < end).count();
        let from = if held >= MIN_ANCHORS {
            let start = first.saturating_sub(COPY_BEFORE).max(region.from_key);
            windows.push(Region {
                from_key: start,
                to_key: end,
                from_tok: tok_of(start).max(region.from_tok),
                to_tok: tok_of(end).min(region.to_tok),
            });
            end
        } else {
            first + 1
        };
        for (k, at) in anchors.iter().zip(next.iter_mut()) {
            if at.is_some_and(|a| a < from) {
                *at = find_exact(s, k, from, to).map(|f| f.start);
            }
        }
    }
    windows
}

/// 表二 read in `region`, when it is there as a whole, compared with the copy read.
fn copy_of_active_disclosure(
    s: &Stream,
    source: &Source,
    first: &ActiveDisclosure,
    read: &TableRead,
    format: gongkai_core::template::FormatVersion,
    region: Region,
) -> Option<ReadIssue> {
    if region.from_tok >= region.to_tok {
        return None;
    }
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
    let missing = CellState::Missing;
    let differs = a.len() != b.len()
        || a.iter()
            .zip(&b)
            .any(|(x, y)| x.0 != missing && y.0 != missing && x != y);
    // The second copy's first row label (the form's order is not the file's).
    let at = template::rows_in_format(TableId::ActiveDisclosure, again.format())
        .into_iter()
        .filter_map(|row| again.label(row)?.as_ref().map(|l| l.span))
        .min_by_key(|s| s.offset);
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

/// How far (key characters) 表四's four column words may lie from the first of them to count as
/// its header: the header names them three times, once per group, in about 100 characters.
const REVIEW_HEADER_WINDOW: usize = 300;

/// How far (key characters) from the start of 表四's header its last value may lie: the header
/// and one to three rows of values, not numbers met later in the text.
const REVIEW_TABLE_WINDOW: usize = 800;

/// How many places that look like 表四's header are tried before giving up: each try reads to the
/// end of the text, and a text that names the four results again and again must stay linear.
const REVIEW_HEADER_TRIES: usize = 4;

/// 表四 read again after its end, when a second header is followed by all fifteen values: repeated
/// or in conflict, at the second copy's first value.
pub(crate) fn repeated_review_litigation(
    s: &Stream,
    source: &Source,
    first: &ReviewLitigation,
    read: &TableRead,
) -> Option<ReadIssue> {
    let blocks = read.blocks.clone()?;
    let keys: Vec<Vec<LabelKey>> = REVIEW_COLUMNS
        .iter()
        .filter(|c| c.id != "total")
        .map(|c| vec![LabelKey::new(c.label, false)])
        .collect();
    let (lead, rest) = keys.split_first()?;
    let mut from = s.key_of_tok(s.tok_of_block(blocks.end));
    let mut tries = 0;
    while let Some(found) = find_exact(s, lead, from, s.key.len()) {
        from = found.end.max(from + 1);
        let window = found.start..(found.start + REVIEW_HEADER_WINDOW).min(s.key.len());
        if !rest
            .iter()
            .all(|k| find_exact(s, k, window.start, window.end).is_some())
        {
            continue;
        }
        let from_tok = s
            .key_at(found.start)
            .map_or(s.toks.len(), |k| k.tok as usize);
        let region = Region {
            from_key: found.start,
            to_key: s.key.len(),
            from_tok,
            to_tok: s.toks.len(),
        };
        let (again, second) = super::tables::review_litigation(s, source, region);
        let complete = second.rows_found == REVIEW_GROUPS.len()
            && !second.issues.iter().any(|i| {
                matches!(
                    i.kind,
                    ReadIssueKind::RowIncomplete { .. }
                        | ReadIssueKind::RowMissing { .. }
                        | ReadIssueKind::TableMissing { .. }
                )
            });
        let close = second.blocks.as_ref().is_some_and(|b| {
            s.key_of_tok(s.tok_of_block(b.end.saturating_sub(1)))
                <= found.start + REVIEW_TABLE_WINDOW
        });
        if !complete || !close {
            // The words were not its header (a sentence naming the results), or the copy is
            // partial: look further, a bounded number of times (each try reads to the end).
            tries += 1;
            if tries == REVIEW_HEADER_TRIES {
                return None;
            }
            continue;
        }
        let cells = |t: &ReviewLitigation| -> Vec<Cell<Count>> {
            REVIEW_GROUPS
                .iter()
                .flat_map(|g| REVIEW_COLUMNS.iter().map(move |c| (g.id, c.id)))
                .map(|(g, c)| {
                    t.get(g)
                        .and_then(|g| g.cells.get(c))
                        .cloned()
                        .unwrap_or(Cell::Missing)
                })
                .collect()
        };
        let (a, b) = (cells(first), cells(&again));
        let differs = a.iter().zip(&b).any(|(x, y)| !same(x, y));
        let at = b.iter().find_map(Cell::span);
        let table = TableId::ReviewLitigation.id().to_owned();
        return Some(ReadIssue {
            kind: if differs {
                ReadIssueKind::TableConflict { table }
            } else {
                ReadIssueKind::TableRepeated { table }
            },
            span: at,
        });
    }
    None
}
