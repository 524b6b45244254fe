//! How sure the reading of each table is.
//!
//! A value is read with certainty when it sits where the form puts it: in a document of table
//! rows (markdown, HTML, DOCX, PDF rows rebuilt from geometry), in the row of its own label.
//! A value the reader had to fetch from another row — the table was cut into fragments, a label
//! row here and the values some fragments later — may belong to another row, and a value from a
//! text the format reader marked as guessed ([`crate::Text::mark_uncertain`]) may belong to
//! another column. Such cells are marked uncertain, and the table then gets one
//! [`ReadIssueKind::TableUncertain`] instead of the row-by-row structure errors that a
//! fragmented reading produces (rows "missing" or "incomplete" only because their values are
//! elsewhere).

use std::ops::Range;

use gongkai_core::template::TableId;
use gongkai_core::{ReadIssue, ReadIssueKind, Source, Span, UncertainReason};

use super::stream::Stream;
use super::tables::TableRead;
use super::values::RawValue;
use crate::document::Block;

/// A cell or row read without certainty.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub row: String,
    /// `None`: the whole row.
    pub column: Option<&'static str>,
    pub reason: UncertainReason,
    pub span: Span,
}

/// Marks the values of one row, read after the label starting at key `label_key` (written at
/// `label`), whose columns are `columns` (in order).
///
/// In a table of rows, a label row without a single value is a fragment too: its values were
/// cut off into another piece of the table.
#[allow(clippy::too_many_arguments)] // the row as read: all of it is needed, none of it groups
pub(crate) fn judge_row(
    s: &Stream,
    source: &Source,
    out: &mut TableRead,
    row: &str,
    label_key: usize,
    label: Span,
    values: &[RawValue],
    columns: &[&'static str],
) {
    let label_block = s.block_of_key(label_key);
    let cut = cut_reason(s);
    let label_cells = match s.doc.blocks.get(label_block) {
        Some(Block::Row(cells)) => cells.len(),
        _ => 0,
    };
    if label_cells > 0 && values.is_empty() {
        // Only a fragment if the table has values rows without labels (see `settle`).
        out.label_only.push(Mark {
            row: row.to_owned(),
            column: None,
            reason: cut,
            span: label,
        });
        return;
    }
    for (v, column) in values.iter().zip(columns) {
        let block = s.toks.get(v.tok).map_or(label_block, |t| t.block as usize);
        out.value_blocks.push(block);
        // A value outside its label's row is fetched from another piece of the table when
        // either row is a row of several cells; a table written one cell per line (each row a
        // single cell, as some converters print HTML) is read in order like text.
        let elsewhere =
            label_cells > 0 && block != label_block && (label_cells > 1 || cells_of(s, block) > 1);
        let reason = s
            .text(v.tok)
            .uncertain()
            .or_else(|| elsewhere.then_some(cut));
        if let Some(reason) = reason {
            out.uncertain.push(Mark {
                row: row.to_owned(),
                column: Some(column),
                reason,
                span: source.span(v.source.start, v.source.end),
            });
        }
    }
}

/// Records the units written after values ("13件"; "96.5元" where the form says `money_unit`):
/// read as written, reported once per table by [`settle`].
pub(crate) fn note_units(
    source: &Source,
    out: &mut TableRead,
    row: &str,
    values: &[RawValue],
    kinds: &[gongkai_core::template::ValueKind],
    money_unit: Option<&'static str>,
) {
    for (v, kind) in values.iter().zip(kinds) {
        let Some(unit) = v.unit else { continue };
        let expected = if *kind == gongkai_core::template::ValueKind::Money {
            match money_unit {
                Some(m) if m != unit => m,
                _ => continue,
            }
        } else {
            ""
        };
        out.units.push((
            row.to_owned(),
            unit,
            expected,
            source.span(v.source.start, v.source.end + unit.len()),
        ));
    }
}

/// Marks the values of 表四 (read as `need` values in order, without row labels): the texts a
/// format reader marked as guessed, and in a PDF with fewer than `need` values all of them. A
/// PDF's rows are rebuilt with a cell per column the layout found, an empty one for a blank
/// cell; fewer values means a column it could not find (a blank cell under a header whose
/// words it could not match), and which one is not known: every value after it may stand one
/// column off.
pub(crate) fn judge_values(
    s: &Stream,
    source: &Source,
    out: &mut TableRead,
    values: &[RawValue],
    need: usize,
    cell_of: impl Fn(usize) -> Option<(&'static str, &'static str)>,
) {
    let short_pdf = s.doc.kind == gongkai_core::InputKind::Pdf && values.len() < need;
    for (i, v) in values.iter().enumerate() {
        if let (Some(unit), Some((row, _))) = (v.unit, cell_of(i)) {
            out.units.push((
                row.to_owned(),
                unit,
                "",
                source.span(v.source.start, v.source.end + unit.len()),
            ));
        }
        let guessed = s.text(v.tok).uncertain();
        let reason = guessed.or(short_pdf.then_some(UncertainReason::AmbiguousLayout));
        if let (Some(reason), Some((row, column))) = (reason, cell_of(i)) {
            out.uncertain.push(Mark {
                row: row.to_owned(),
                column: Some(column),
                reason,
                span: source.span(v.source.start, v.source.end),
            });
        }
    }
}

/// Why values outside their label's row are uncertain: in a PDF, whose rows the layout rebuilt
/// from word positions, the layout could not place them; elsewhere the table was cut into
/// fragments.
fn cut_reason(s: &Stream) -> UncertainReason {
    if s.doc.kind == gongkai_core::InputKind::Pdf {
        UncertainReason::AmbiguousLayout
    } else {
        UncertainReason::Fragmented
    }
}

/// How many cells block `block` has (0 for a line).
fn cells_of(s: &Stream, block: usize) -> usize {
    match s.doc.blocks.get(block) {
        Some(Block::Row(cells)) => cells.len(),
        _ => 0,
    }
}

/// Whether block `block` is a row of several cells holding only values (numbers, blank marks,
/// empty cells), at least one of them written: the values of a row whose label is elsewhere.
fn is_values_row(s: &Stream, block: usize) -> bool {
    let Some(Block::Row(cells)) = s.doc.blocks.get(block) else {
        return false;
    };
    cells.len() > 1
        && cells.iter().any(|c| !c.as_str().trim().is_empty())
        && cells.iter().all(|c| {
            c.as_str()
                .split_whitespace()
                .all(super::values::is_value_word)
        })
}

/// Settles a table's reading: in a fragmented table, the row-level structure issues (a row
/// missing, incomplete, with extra values) say where the fragments were cut, not what the
/// report lacks — they become uncertain rows; and a table with any uncertain reading gets one
/// [`ReadIssueKind::TableUncertain`], located on its first.
///
/// Label rows without values are fragments when `blocks` (the table's region, less `exclude`,
/// the blocks other tables were read from) hold a values row no row of this table was read
/// from: the values cut off from their labels.
pub(crate) fn settle(
    table: TableId,
    read: &mut TableRead,
    s: &Stream,
    blocks: Range<usize>,
    exclude: &[Range<usize>],
) {
    let id = table.id();
    if let Some((row, found, expected, span)) = read.units.first().cloned() {
        read.issues.push(ReadIssue {
            kind: ReadIssueKind::UnitVariant {
                table: id.to_owned(),
                row,
                found: found.to_owned(),
                expected: expected.to_owned(),
                cells: read.units.len(),
            },
            span: Some(span),
        });
    }
    if !read.label_only.is_empty() {
        let orphan = blocks.clone().any(|b| {
            !exclude.iter().any(|e| e.contains(&b))
                && !read.value_blocks.contains(&b)
                && is_values_row(s, b)
        });
        if orphan {
            read.uncertain.append(&mut read.label_only);
        }
    }
    let cut = cut_reason(s);
    // Rows whose values a text reader could not put in their columns (`pdftotext -layout` text
    // with a cell left empty): their row-level issues say as little as a fragment's.
    let in_doubt: Vec<String> = read
        .uncertain
        .iter()
        .filter(|m| m.reason == UncertainReason::AmbiguousLayout && cut != m.reason)
        .map(|m| m.row.clone())
        .collect();
    let fragmented = read.uncertain.iter().any(|m| m.reason == cut);
    if fragmented || !in_doubt.is_empty() {
        let mut kept = Vec::with_capacity(read.issues.len());
        for issue in std::mem::take(&mut read.issues) {
            let row = match &issue.kind {
                ReadIssueKind::RowMissing { table, row }
                | ReadIssueKind::RowIncomplete { table, row, .. }
                | ReadIssueKind::RowTooManyValues { table, row, .. }
                    if table == id && (fragmented || in_doubt.contains(row)) =>
                {
                    Some(row.clone())
                }
                _ => None,
            };
            let reason = if fragmented {
                cut
            } else {
                UncertainReason::AmbiguousLayout
            };
            match (row, issue.span) {
                (Some(row), Some(span)) => read.uncertain.push(Mark {
                    row,
                    column: None,
                    reason,
                    span,
                }),
                _ => kept.push(issue),
            }
        }
        read.issues = kept;
    }
    let Some(first) = read.uncertain.iter().min_by_key(|m| m.span.offset) else {
        return;
    };
    let mut rows: Vec<&str> = read.uncertain.iter().map(|m| m.row.as_str()).collect();
    rows.sort_unstable();
    rows.dedup();
    read.issues.push(ReadIssue {
        kind: ReadIssueKind::TableUncertain {
            table: id.to_owned(),
            reason: first.reason,
            rows: rows.len(),
        },
        span: Some(first.span),
    });
}
