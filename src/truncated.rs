//! A report cut short is one finding: the sections, tables and rows missing *because* the text
//! stops are given under the `structure-text-truncated` finding's `also`, not as twenty errors
//! of their own (a report pasted half into a portal page listed every row of 表三 after the cut,
//! every later section and 表四, each as an error, burying the one thing to fix).
//!
//! What counts as a consequence of the cut follows from how the reader decides that the text is
//! truncated (the sections found are a strict prefix of the six): every missing section comes
//! after the cut; a missing row or table with a place is a consequence when nothing but white
//! space was read between that place and the end of the text; a missing table without a place
//! is one when its section was not found or is the last one found (the cut falls inside it) —
//! and only when every missing table is such, since a finding without a place cannot be told
//! from another. Anything missing *before* the cut stays a finding of its own.

use gongkai_core::template::{SectionId, TableId};
use gongkai_core::{ReadIssueKind, Report, Source};

use crate::Finding;

/// The rule that reports a truncated text, and the rules whose findings the cut explains (the
/// built-in rules of the reader's `section_missing`, `table_missing` and `row_missing` issues).
const TRUNCATED: &str = "structure-text-truncated";
const SECTION_MISSING: &str = "structure-section-missing";
const TABLE_MISSING: &str = "structure-table-missing";
const ROW_MISSING: &str = "structure-row-missing";

/// The section a table belongs to (表二 in 二, 表三 in 三, 表四 in 四): its index in
/// [`SectionId::ALL`].
fn section_of(table: TableId) -> usize {
    match table {
        TableId::ActiveDisclosure => 1,
        TableId::Applications => 2,
        TableId::ReviewLitigation => 3,
    }
}

/// `findings` with those the cut explains moved under the truncation finding (see the module's
/// documentation); unchanged when the text is not truncated.
pub(crate) fn fold_into_truncation(
    mut findings: Vec<Finding>,
    report: &Report,
    source: &Source,
) -> Vec<Finding> {
    let Some(head) = findings.iter().position(|f| f.code == TRUNCATED) else {
        return findings;
    };
    if !report
        .issues
        .iter()
        .any(|i| matches!(i.kind, ReadIssueKind::Truncated))
    {
        return findings;
    }
    let text = source.text();
    let cut = findings[head]
        .primary_label()
        .map_or(text.len(), |l| l.span.offset);
    let found = SectionId::ALL
        .iter()
        .take_while(|id| report.section(**id).is_some_and(|s| s.heading.is_some()))
        .count();
    let table_after_cut =
        |table: &str| TableId::from_id(table).is_some_and(|t| section_of(t) + 1 >= found);
    let tables_without_place_after_cut = report
        .issues
        .iter()
        .filter_map(|i| match &i.kind {
            ReadIssueKind::TableMissing { table } if i.span.is_none() => Some(table),
            _ => None,
        })
        .all(|t| table_after_cut(t));
    let nothing_after = |end: usize| {
        text.get(end..cut)
            .is_some_and(|rest| rest.chars().all(char::is_whitespace))
    };
    let consequence = |f: &Finding| {
        if ![SECTION_MISSING, TABLE_MISSING, ROW_MISSING].contains(&f.code.as_str()) {
            return false;
        }
        match f.primary_label() {
            Some(l) => nothing_after(l.span.end()),
            None if f.code == SECTION_MISSING => true,
            None => f.code == TABLE_MISSING && tables_without_place_after_cut,
        }
    };
    let mut also = Vec::new();
    let mut kept = Vec::with_capacity(findings.len());
    let mut head_at = None;
    for (i, f) in findings.drain(..).enumerate() {
        if i == head {
            head_at = Some(kept.len());
            kept.push(f);
        } else if consequence(&f) {
            also.push(f);
        } else {
            kept.push(f);
        }
    }
    if let Some(h) = head_at {
        kept[h].severity = also
            .iter()
            .map(|f| f.severity)
            .fold(kept[h].severity, std::cmp::max);
        kept[h].also.extend(also);
    }
    kept
}
