//! Tables 2–4: rows found by their labels in the form's order, values read after each label.

use std::ops::Range;
use std::sync::LazyLock;

use gongkai_core::template::{
    ACTIVE_DISCLOSURE_2019, ACTIVE_DISCLOSURE_2021, APPLICANT_COLUMNS, APPLICATION_GROUPS,
    APPLICATION_OTHER_HANDLING_SINGLE, APPLICATION_ROWS, FormatVersion, ItemTemplate,
    REVIEW_COLUMNS, REVIEW_GROUPS, RowTemplate, TableId, ValueKind,
};
use gongkai_core::{
    ActiveDisclosure, ApplicantRow, Applications, Cell, CellId, CellMut, Count, FoundLabel, Money,
    ReadIssue, ReadIssueKind, ReviewLitigation, Source,
};

use super::labels::{Found, LabelKey, find_exact, find_fuzzy};
use super::stream::{Cursor, Stream, fold};
use super::values::{RawValue, Skippable, read_values, value_follows};

/// A stretch of the stream: key indices and tokens.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Region {
    pub from_key: usize,
    pub to_key: usize,
    pub from_tok: usize,
    pub to_tok: usize,
}

impl Region {
    /// The region of blocks `blocks`.
    pub fn of_blocks(s: &Stream, blocks: Range<usize>) -> Region {
        let from_tok = s.tok_of_block(blocks.start);
        let to_tok = s.tok_of_block(blocks.end);
        Region {
            from_key: s.key_of_tok(from_tok),
            to_key: s.key_of_tok(to_tok),
            from_tok,
            to_tok,
        }
    }
}

/// The labels of a row, prepared.
pub(crate) struct RowKeys {
    pub id: &'static str,
    pub official: &'static str,
    pub keys: Vec<LabelKey>,
}

fn row_keys(t: &'static RowTemplate) -> RowKeys {
    RowKeys {
        id: t.id,
        official: t.label,
        keys: std::iter::once(LabelKey::new(t.label, false))
            .chain(t.variants.iter().map(|v| LabelKey::new(v, true)))
            .collect(),
    }
}

pub(crate) static APPLICATION_KEYS: LazyLock<Vec<RowKeys>> =
    LazyLock::new(|| APPLICATION_ROWS.iter().map(row_keys).collect());
static OTHER_SINGLE_KEYS: LazyLock<RowKeys> =
    LazyLock::new(|| row_keys(&APPLICATION_OTHER_HANDLING_SINGLE));
static GROUP_FRAGMENTS: LazyLock<Vec<Vec<char>>> = LazyLock::new(|| {
    APPLICATION_GROUPS
        .iter()
        .copied()
        .chain([gongkai_core::template::APPLICANT_LEGAL_PERSON_GROUP])
        .map(|g| g.chars().filter_map(fold).collect())
        .collect()
});

struct ItemKeys {
    item: &'static ItemTemplate,
    heading: Vec<LabelKey>,
    rows: Vec<RowKeys>,
}

fn item_keys(items: &'static [ItemTemplate]) -> Vec<ItemKeys> {
    items
        .iter()
        .map(|item| ItemKeys {
            item,
            heading: vec![LabelKey::new(item.heading, false)],
            rows: item.rows.iter().map(row_keys).collect(),
        })
        .collect()
}

static ITEMS_2021: LazyLock<Vec<ItemKeys>> = LazyLock::new(|| item_keys(&ACTIVE_DISCLOSURE_2021));
static ITEMS_2019: LazyLock<Vec<ItemKeys>> = LazyLock::new(|| item_keys(&ACTIVE_DISCLOSURE_2019));

/// How far past the previous row a row's label is looked for, in key characters: room for
/// vertical group labels, page headers and placeholder header rows, not for a whole table.
const ROW_WINDOW: usize = 800;

/// What reading a table gave.
#[derive(Debug, Default)]
pub(crate) struct TableRead {
    pub issues: Vec<ReadIssue>,
    /// The blocks the table occupies (from its first label to its last value).
    pub blocks: Option<Range<usize>>,
    /// How many rows were found.
    pub rows_found: usize,
    /// The cells and rows read without certainty.
    pub uncertain: Vec<super::certainty::Mark>,
    /// Rows whose label stands in a table row without a value: fragments if the table has
    /// values rows without labels.
    pub label_only: Vec<super::certainty::Mark>,
    /// The blocks values were read from.
    pub value_blocks: Vec<usize>,
    /// Units written after values: (row, unit, the form's unit or "", where).
    pub units: Vec<(String, &'static str, &'static str, gongkai_core::Span)>,
}

impl TableRead {
    /// Records what of a row-labelled table was not found: the whole table when no row was, else
    /// each missing row at the place it was expected.
    fn report_missing(
        &mut self,
        table: TableId,
        missing: Vec<(&'static str, usize)>,
        source: &Source,
    ) {
        if self.rows_found == 0 {
            self.issues.push(ReadIssue {
                kind: ReadIssueKind::TableMissing {
                    table: table.id().to_owned(),
                },
                span: None,
            });
        } else {
            for (id, at) in missing {
                self.issues
                    .push(row_missing(table, id, Some(source.span(at, at))));
            }
        }
    }

    fn cover(&mut self, s: &Stream, start_key: usize, end: Cursor) {
        let a = s.block_of_key(start_key);
        let b = s
            .toks
            .get(end.tok.saturating_sub(1))
            .map_or(a, |t| t.block as usize);
        let b = b.max(a) + 1;
        self.blocks = Some(match self.blocks.take() {
            Some(r) => r.start.min(a)..r.end.max(b),
            None => a..b,
        });
    }
}

fn found_label(s: &Stream, source: &Source, f: Found) -> FoundLabel {
    let src = s.key_source_range(f.start..f.end);
    FoundLabel {
        // Words hold no whitespace: the label as written, spaces and line breaks removed.
        text: s.key_text(f.start..f.end),
        span: source.span(src.start, src.end),
        exact: f.distance == 0,
    }
}

/// Finds a row's label in `key[from..to]`, never past the label of one of the rows after it.
fn locate(s: &Stream, row: &RowKeys, next: &[&RowKeys], from: usize, to: usize) -> Option<Found> {
    let bound = next
        .iter()
        .filter_map(|n| find_exact(s, &n.keys, from, to))
        .map(|f| f.start)
        .min()
        .unwrap_or(to);
    match find_exact(s, &row.keys, from, to) {
        Some(f) if f.start <= bound => Some(f),
        _ => find_fuzzy(s, &row.keys, from, bound),
    }
}

fn variant_issue(
    s: &Stream,
    source: &Source,
    table: TableId,
    row: &RowKeys,
    f: Found,
) -> Option<ReadIssue> {
    if f.is_official(&row.keys) {
        return None;
    }
    let label = found_label(s, source, f);
    Some(ReadIssue {
        kind: ReadIssueKind::LabelVariant {
            table: table.id().to_owned(),
            row: row.id.to_owned(),
            expected: row.official.to_owned(),
            found: label.text,
        },
        span: Some(label.span),
    })
}

fn incomplete(
    source: &Source,
    table: TableId,
    row: &str,
    found: usize,
    expected: usize,
    label: &FoundLabel,
    s_end: Option<Range<usize>>,
) -> ReadIssue {
    let span = s_end.map_or(label.span, |r| source.span(r.start, r.end));
    ReadIssue {
        kind: ReadIssueKind::RowIncomplete {
            table: table.id().to_owned(),
            row: row.to_owned(),
            found,
            expected,
        },
        span: Some(span),
    }
}

/// Where a region starts in the source.
fn region_start_offset(s: &Stream, region: Region) -> usize {
    s.toks
        .get(region.from_tok)
        .map_or(s.doc.source.text().len(), |t| {
            s.source_range(region.from_tok, t.start..t.end).start
        })
}

/// Where reading stopped, in the source: the end of the last value read, or of the label.
fn end_offset(s: &Stream, hit: &RowHit, label_end_key: usize) -> usize {
    hit.values.last().map_or_else(
        || {
            label_end_key
                .checked_sub(1)
                .and_then(|k| s.key_at(k))
                .map_or(0, |k| s.source_range(k.tok as usize, k.start..k.end).end)
        },
        |v| v.source.end,
    )
}

fn row_missing(table: TableId, row: &str, span: Option<gongkai_core::Span>) -> ReadIssue {
    ReadIssue {
        kind: ReadIssueKind::RowMissing {
            table: table.id().to_owned(),
            row: row.to_owned(),
        },
        span,
    }
}

/// Reads one row: the label, then its values.
struct RowHit<'d> {
    label: FoundLabel,
    values: Vec<RawValue<'d>>,
    end: Cursor,
    start_key: usize,
}

fn read_row<'d>(
    s: &Stream<'d>,
    source: &Source,
    f: Found,
    kinds: &[ValueKind],
    region: Region,
) -> RowHit<'d> {
    let label = found_label(s, source, f);
    let start = s.cursor_after_key(f.end);
    let reading = read_values(
        s,
        start,
        kinds,
        region.to_tok,
        &Skippable {
            fragments: &GROUP_FRAGMENTS,
        },
    );
    RowHit {
        label,
        values: reading.values,
        end: reading.end,
        start_key: f.start,
    }
}

fn count(values: &[RawValue], i: usize, source: &Source) -> Cell<Count> {
    values
        .get(i)
        .map_or(Cell::Missing, |v| v.count_cell(source))
}

fn money(values: &[RawValue], i: usize, source: &Source) -> Cell<Money> {
    values
        .get(i)
        .map_or(Cell::Missing, |v| v.money_cell(source))
}

/// 表三: the rows in the form's order.
pub(crate) fn applications(
    s: &Stream,
    source: &Source,
    region: Region,
) -> (Applications, TableRead) {
    let mut apps = Applications::default();
    let mut out = TableRead::default();
    let rows = &*APPLICATION_KEYS;
    let mut pos = region.from_key;
    let mut stopped = region_start_offset(s, region);
    // Missing rows, with where they were expected: just after the row before.
    let mut missing: Vec<(&'static str, usize)> = Vec::new();
    let mut first = true;
    let mut i = 0;
    let kinds = [ValueKind::Count; 7];
    while i < rows.len() {
        let row = &rows[i];
        let window = if first {
            region.to_key
        } else {
            region.to_key.min(pos + ROW_WINDOW)
        };
        // （六）其他处理: one row (2019 format, some 2021 reports) or a group of three.
        if row.id == "other_no_correction" {
            let single = &*OTHER_SINGLE_KEYS;
            let sub = find_exact(s, &row.keys, pos, window);
            let mut single_hit = find_exact(s, &single.keys, pos, window);
            // A heading over a one-row table ("### （六）其他处理" from markdown converters) names
            // the row without its values: the row itself is a later occurrence.
            for _ in 0..4 {
                match single_hit {
                    Some(g)
                        if !value_follows(s, s.cursor_after_key(g.end), region.to_tok)
                            && sub.is_none_or(|sub| sub.start > g.end) =>
                    {
                        match find_exact(s, &single.keys, g.end, window) {
                            Some(later) if sub.is_none_or(|sub| sub.start > later.end) => {
                                single_hit = Some(later);
                            }
                            _ => break,
                        }
                    }
                    _ => break,
                }
            }
            if let Some(g) = single_hit {
                let after = s.cursor_after_key(g.end);
                // A sub-row label right after the group label means the group of three, even when
                // its ordinal stands alone on a line and so reads like a value ("1" / ".申请人…").
                if sub.is_none_or(|sub| sub.start > g.end) && value_follows(s, after, region.to_tok)
                {
                    let hit = read_row(s, source, g, &kinds, region);
                    let end = hit.end;
                    stopped = end_offset(s, &hit, g.end);
                    store_application(&mut apps, &mut out, s, source, single.id, hit);
                    pos = s.key_at_cursor(end).max(g.end);
                    i += 3;
                    first = false;
                    continue;
                }
            }
        }
        let next: Vec<&RowKeys> = rows.iter().skip(i + 1).take(2).collect();
        let Some(mut f) = locate(s, row, &next, pos, window) else {
            missing.push((row.id, stopped));
            i += 1;
            continue;
        };
        // A label with no value after it may be a heading over the row (markdown converters
        // write "### 一、本年新收…" above a one-row table): prefer a later occurrence with values.
        let mut probe = f;
        for _ in 0..4 {
            if value_follows(s, s.cursor_after_key(probe.end), region.to_tok) {
                f = probe;
                break;
            }
            match locate(s, row, &next, probe.end, window) {
                Some(p) => probe = p,
                None => break,
            }
        }
        if let Some(issue) = variant_issue(s, source, TableId::Applications, row, f) {
            out.issues.push(issue);
        }
        let hit = read_row(s, source, f, &kinds, region);
        let end = hit.end;
        stopped = end_offset(s, &hit, f.end);
        store_application(&mut apps, &mut out, s, source, row.id, hit);
        pos = s.key_at_cursor(end).max(f.end);
        first = false;
        i += 1;
    }
    out.report_missing(TableId::Applications, missing, source);
    (apps, out)
}

fn store_application(
    apps: &mut Applications,
    out: &mut TableRead,
    s: &Stream,
    source: &Source,
    id: &'static str,
    hit: RowHit,
) {
    out.rows_found += 1;
    out.cover(s, hit.start_key, hit.end);
    let columns: Vec<&'static str> = APPLICANT_COLUMNS.iter().map(|c| c.id).collect();
    let kinds: Vec<ValueKind> = APPLICANT_COLUMNS.iter().map(|c| c.kind).collect();
    super::certainty::note_units(source, out, id, &hit.values, &kinds, None);
    super::certainty::judge_row(
        s,
        source,
        out,
        id,
        hit.start_key,
        hit.label.span,
        &hit.values,
        &columns,
    );
    out.issues.extend(super::damage::past_last_column(
        s,
        source,
        (TableId::Applications, id),
        APPLICANT_COLUMNS.len(),
        hit.values.len() == APPLICANT_COLUMNS.len(),
        hit.end,
    ));
    if hit.values.len() < APPLICANT_COLUMNS.len() {
        let last = hit.values.last().map(|v| v.source.clone());
        out.issues.push(incomplete(
            source,
            TableId::Applications,
            id,
            hit.values.len(),
            APPLICANT_COLUMNS.len(),
            &hit.label,
            last,
        ));
    }
    if let Some(row) = apps.get_mut(id) {
        let mut r = ApplicantRow {
            label: Some(hit.label),
            ..ApplicantRow::default()
        };
        for (ci, col) in APPLICANT_COLUMNS.iter().enumerate() {
            if let Some(cell) = r.cells.get_mut(col.id) {
                *cell = count(&hit.values, ci, source);
            }
        }
        *row = r;
    }
}

/// 表二 in the given format.
pub(crate) fn active_disclosure(
    s: &Stream,
    source: &Source,
    region: Region,
    format: FormatVersion,
    format_certain: bool,
) -> (ActiveDisclosure, TableRead) {
    let items: &[ItemKeys] = if format == FormatVersion::F2019 {
        &ITEMS_2019
    } else {
        &ITEMS_2021
    };
    let mut out = TableRead::default();
    let mut ad = ActiveDisclosure::empty(format);
    let mut pos = region.from_key;
    let mut stopped = region_start_offset(s, region);
    let mut missing = Vec::new();
    for item in items {
        if let Some(h) = find_exact(s, &item.heading, pos, region.to_key) {
            pos = h.end;
            if out.blocks.is_none() {
                out.cover(s, h.start, s.cursor_after_key(h.end));
            }
        }
        let kinds: Vec<ValueKind> = item.item.columns.iter().map(|c| c.kind).collect();
        for (ri, row) in item.rows.iter().enumerate() {
            let next: Vec<&RowKeys> = item.rows.iter().skip(ri + 1).take(1).collect();
            let mut from = pos;
            let mut hit = None;
            // A label not followed by a value is a mention in the text: look further.
            for _ in 0..6 {
                let Some(f) = locate(s, row, &next, from, region.to_key) else {
                    break;
                };
                if value_follows(s, s.cursor_after_key(f.end), region.to_tok) {
                    hit = Some(f);
                    break;
                }
                from = f.end;
            }
            let Some(f) = hit else {
                missing.push((row.id, stopped));
                continue;
            };
            if let Some(issue) = variant_issue(s, source, TableId::ActiveDisclosure, row, f) {
                out.issues.push(issue);
            }
            let hit = read_row(s, source, f, &kinds, region);
            stopped = end_offset(s, &hit, f.end);
            out.rows_found += 1;
            out.cover(s, hit.start_key, hit.end);
            let columns: Vec<&'static str> = item.item.columns.iter().map(|c| c.id).collect();
            // 2021 fees are 万元 by the form; the 2019 procurement amount keeps its own unit.
            let money_unit = (format != FormatVersion::F2019).then_some("万元");
            super::certainty::note_units(source, &mut out, row.id, &hit.values, &kinds, money_unit);
            super::certainty::judge_row(
                s,
                source,
                &mut out,
                row.id,
                hit.start_key,
                hit.label.span,
                &hit.values,
                &columns,
            );
            pos = s.key_at_cursor(hit.end).max(f.end);
            // A row whose column count differs between the forms may be the other form's row
            // read with too few columns: overfull only when the form is certain.
            if format_certain || kinds.len() >= super::damage::active_disclosure_columns(row.id) {
                out.issues.extend(super::damage::past_last_column(
                    s,
                    source,
                    (TableId::ActiveDisclosure, row.id),
                    kinds.len(),
                    hit.values.len() == kinds.len(),
                    hit.end,
                ));
            }
            if hit.values.len() < kinds.len() {
                let last = hit.values.last().map(|v| v.source.clone());
                out.issues.push(incomplete(
                    source,
                    TableId::ActiveDisclosure,
                    row.id,
                    hit.values.len(),
                    kinds.len(),
                    &hit.label,
                    last,
                ));
            }
            store(&mut ad, item.item, row.id, hit, source);
        }
    }
    out.report_missing(TableId::ActiveDisclosure, missing, source);
    (ad, out)
}

/// Stores a row of 表二 read as `hit`: its label, and its values in the order of the item's
/// columns, each by the column's kind.
fn store(ad: &mut ActiveDisclosure, item: &ItemTemplate, row: &str, hit: RowHit, source: &Source) {
    let v = &hit.values;
    if let Some(slot) = ad.label_mut(row) {
        *slot = Some(hit.label);
    }
    for (i, column) in item.columns.iter().enumerate() {
        let Some(id) = CellId::find(TableId::ActiveDisclosure.id(), row, column.id) else {
            continue;
        };
        match ad.cell_mut(id) {
            Some(CellMut::Count(c)) => *c = count(v, i, source),
            Some(CellMut::Money(c)) => *c = money(v, i, source),
            None => {}
        }
    }
    // The 2019 procurement amount keeps the unit written after it (元 or 万元).
    if let ActiveDisclosure::F2019(t) = ad
        && row == "procurement"
    {
        t.procurement.amount_unit = v.get(1).and_then(|x| x.unit.map(str::to_owned));
    }
}

/// 表四: fifteen values, from the lines or cells that hold only values, after the header.
pub(crate) fn review_litigation(
    s: &Stream,
    source: &Source,
    region: Region,
) -> (ReviewLitigation, TableRead) {
    let mut out = TableRead::default();
    let mut values: Vec<RawValue> = Vec::new();
    let need = REVIEW_GROUPS.len() * REVIEW_COLUMNS.len();
    let kinds = vec![ValueKind::Count; need];
    let first_unit = s.units.partition_point(|u| u.toks.start < region.from_tok);
    let mut started = false;
    let mut first_tok = None;
    let mut last_end = None;
    let mut ui = first_unit;
    let in_region = |u: &&super::stream::Unit| u.toks.start < region.to_tok;
    // A table whose values rows were left empty (a half-filled form) has only empty cells:
    // then the first row of at least five empty cells starts the values, read as blanks at
    // their places, rather than no table at all.
    let any_real = s.units[first_unit..].iter().take_while(in_region).any(|u| {
        unit_is_values(s, u.toks.clone())
            && u.toks
                .clone()
                .any(|t| s.toks.get(t).is_some_and(|t| !t.empty_cell))
    });
    let empty_row = |block: u32| match s.doc.blocks.get(block as usize) {
        Some(crate::document::Block::Row(cells)) => {
            cells.len() >= REVIEW_COLUMNS.len()
                && cells.iter().all(|c| c.as_str().trim().is_empty())
        }
        _ => false,
    };
    while ui < s.units.len() && values.len() < need {
        let unit = &s.units[ui];
        if unit.toks.start >= region.to_tok {
            break;
        }
        ui += 1;
        let whole = unit_is_values(s, unit.toks.clone());
        // Values after words in one line or cell: a group's label and its five values ("行政复议
        // 10 1 0 0 11"), or the header and all fifteen when the table lost its line breaks.
        let toks = if whole {
            unit.toks.clone()
        } else {
            let from = value_suffix(s, unit.toks.clone());
            if unit.toks.end - from < REVIEW_COLUMNS.len() {
                continue;
            }
            from..unit.toks.end
        };
        let real = toks
            .clone()
            .any(|t| s.toks.get(t).is_some_and(|t| !t.empty_cell));
        let mut start_tok = toks.start;
        if !started {
            if !real && (any_real || !empty_row(unit.block)) {
                continue;
            }
            // Empty cells before the first value in the same row are values too.
            let mut back = if whole { ui - 1 } else { first_unit };
            while whole && back > first_unit {
                let prev = &s.units[back - 1];
                if prev.block != unit.block || !unit_is_values(s, prev.toks.clone()) {
                    break;
                }
                back -= 1;
                start_tok = prev.toks.start;
            }
            started = true;
            first_tok = Some(start_tok);
        }
        let end_tok = unit.toks.end;
        let reading = read_values(
            s,
            Cursor {
                tok: start_tok,
                byte: 0,
            },
            &kinds[values.len()..],
            end_tok,
            &Skippable { fragments: &[] },
        );
        values.extend(reading.values);
        last_end = Some(reading.end);
    }
    let mut table = ReviewLitigation::default();
    let (Some(first_tok), Some(end)) = (first_tok, last_end) else {
        out.issues.push(ReadIssue {
            kind: ReadIssueKind::TableMissing {
                table: TableId::ReviewLitigation.id().to_owned(),
            },
            span: None,
        });
        return (table, out);
    };
    out.cover(s, s.key_of_tok(first_tok), end);
    out.rows_found = values.len().div_ceil(REVIEW_COLUMNS.len());
    // The fifteen values end the last group's row: a number right after them is one too many.
    if let Some(last) = REVIEW_GROUPS.last() {
        out.issues.extend(super::damage::past_last_column(
            s,
            source,
            (TableId::ReviewLitigation, last.id),
            REVIEW_COLUMNS.len(),
            values.len() == need,
            end,
        ));
    }
    super::certainty::judge_values(s, source, &mut out, &values, need, |i| {
        let group = REVIEW_GROUPS.get(i / REVIEW_COLUMNS.len())?;
        let column = REVIEW_COLUMNS.get(i % REVIEW_COLUMNS.len())?;
        Some((group.id, column.id))
    });
    for (gi, group) in REVIEW_GROUPS.iter().enumerate() {
        let base = gi * REVIEW_COLUMNS.len();
        let found = values.len().saturating_sub(base).min(REVIEW_COLUMNS.len());
        if found < REVIEW_COLUMNS.len() {
            let span = values
                .last()
                .map(|v| source.span(v.source.start, v.source.end));
            out.issues.push(if found == 0 {
                row_missing(TableId::ReviewLitigation, group.id, span)
            } else {
                ReadIssue {
                    kind: ReadIssueKind::RowIncomplete {
                        table: TableId::ReviewLitigation.id().to_owned(),
                        row: group.id.to_owned(),
                        found,
                        expected: REVIEW_COLUMNS.len(),
                    },
                    span,
                }
            });
        }
        if let Some(g) = table.get_mut(group.id) {
            for (ci, col) in REVIEW_COLUMNS.iter().enumerate() {
                if let Some(cell) = g.cells.get_mut(col.id) {
                    *cell = count(&values, base + ci, source);
                }
            }
        }
    }
    (table, out)
}

/// The first token of the run of values that ends `toks` (its end when the last is no value).
fn value_suffix(s: &Stream, toks: Range<usize>) -> usize {
    let mut from = toks.end;
    while from > toks.start && unit_is_values(s, from - 1..from) {
        from -= 1;
    }
    from
}

fn unit_is_values(s: &Stream, toks: Range<usize>) -> bool {
    !toks.is_empty()
        && toks.clone().all(|t| {
            s.toks.get(t).is_some_and(|tok| {
                tok.empty_cell || super::values::is_value_word(s.word_from(t, tok.start))
            })
        })
}
