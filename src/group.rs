//! One wrong cell, one finding: the table findings that a single corrected cell explains are
//! given as one diagnostic.
//!
//! A wrong total of 表三 breaks up to three relations at once — its row (the applicant columns
//! add up to 总计), its column (the outcomes add up to （七）总计) and the column's balance
//! (new + carried over = handled + carried forward) — and each is a rule of its own, so one
//! slip of the pen gave three errors, each proposing a value for some cell. This module takes
//! each proposal ("this cell should be `expected`"), sets that cell in a copy of the report,
//! and runs the rules again: when the correction removes two or more of the table findings and
//! brings up none that was not there, those findings are one mistake, and they become one
//! diagnostic whose primary label is the cell, with the others under [`Finding::also`].
//!
//! Nothing is guessed: a proposal that would leave a finding it claims to explain, or that
//! would break a relation that holds today, groups nothing, and two proposals that explain
//! as many findings between them as each other (an honest ambiguity) group nothing either.
//! Findings about the narrative are never folded in: a sentence that now contradicts the
//! table is a second place for the clerk to correct, and stays a finding of its own.

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;

use gongkai_core::template::CellId;
use gongkai_core::{CellMut, Interrupt, Report};
use rust_decimal::Decimal;

use crate::checked::findings_of;
use crate::rules::RuleSet;
use crate::{Cell, Finding, Lang};

/// At most this many corrections are tried on one report (a report read so badly that it has
/// hundreds of table findings is not helped by grouping them, and each try runs every rule).
const MAX_TRIES: usize = 24;

/// A finding's identity across two evaluations: its rule and where its primary label is (the
/// message changes with the numbers; the place does not).
type Key = (String, Option<(usize, usize)>);

fn key(f: &Finding) -> Key {
    (
        f.code.clone(),
        f.primary_label().map(|l| (l.span.offset, l.span.length)),
    )
}

/// A proposed correction: cell `cell` should hold `value` (as the rules wrote it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Correction {
    cell: CellId,
    value: String,
}

/// The findings of `report`, with those that one corrected cell explains grouped into one
/// diagnostic (see the module's documentation). `findings` are in report order and stay so.
/// When `interrupt` says stop, the findings are given back as they came.
pub(crate) fn group_by_cell(
    findings: Vec<Finding>,
    report: &Report,
    previous: Option<&Report>,
    rules: &RuleSet,
    lang: Lang,
    interrupt: Option<&Interrupt>,
) -> Vec<Finding> {
    // The cells of the report by where they were read: a finding's primary label is on the
    // span of the cell it blames.
    let proposals: Vec<(usize, Correction)> = {
        let table_findings = findings
            .iter()
            .filter(|f| f.expected.is_some() && f.primary_label().is_some())
            .count();
        if table_findings < 2 {
            return findings;
        }
        let by_span: HashMap<(usize, usize), CellId> = CellId::all()
            .filter_map(|id| {
                let cell = report.cell(id)?;
                cell.value()?;
                let span = cell.span()?;
                Some(((span.offset, span.length), id))
            })
            .collect();
        findings
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let label = f.primary_label()?;
                let cell = *by_span.get(&(label.span.offset, label.span.length))?;
                let value = f.expected.clone()?;
                Some((i, Correction { cell, value }))
            })
            .collect()
    };
    let table: BTreeSet<usize> = proposals.iter().map(|(i, _)| *i).collect();
    if table.len() < 2 {
        return findings;
    }
    let mut tries: Vec<Correction> = proposals.iter().map(|(_, c)| c.clone()).collect();
    tries.sort();
    tries.dedup();
    tries.truncate(MAX_TRIES);

    let before: BTreeSet<Key> = findings.iter().map(key).collect();
    // For each correction that introduces nothing: the table findings it removes.
    let mut explained: Vec<(Correction, BTreeSet<usize>)> = Vec::new();
    for correction in tries {
        let Some(corrected) = corrected(report, &correction) else {
            continue;
        };
        let Ok(results) = rules.evaluate_until(&corrected, previous, lang, interrupt) else {
            return findings;
        };
        let after: BTreeSet<Key> = findings_of(&results, lang).iter().map(key).collect();
        if !after.is_subset(&before) {
            continue;
        }
        let removed: BTreeSet<usize> = table
            .iter()
            .copied()
            .filter(|i| !after.contains(&key(&findings[*i])))
            .collect();
        let proposed_by_removed = proposals
            .iter()
            .any(|(i, c)| *c == correction && removed.contains(i));
        if removed.len() >= 2 && proposed_by_removed {
            explained.push((correction, removed));
        }
    }

    // The largest explanation first; one that another of the same size contradicts (a finding
    // in one and not the other) is ambiguous and groups nothing.
    explained.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    let mut groups: Vec<(Correction, BTreeSet<usize>)> = Vec::new();
    for (n, (correction, removed)) in explained.iter().enumerate() {
        if !removed.is_disjoint(&taken) {
            continue;
        }
        let rival = explained.iter().enumerate().any(|(m, (_, other))| {
            m != n
                && other.len() == removed.len()
                && other != removed
                && !other.is_disjoint(removed)
        });
        if rival {
            continue;
        }
        taken.extend(removed.iter().copied());
        groups.push((correction.clone(), removed.clone()));
    }
    if groups.is_empty() {
        return findings;
    }
    merge(findings, &proposals, &groups)
}

/// A copy of `report` with `correction` made; `None` when the value is no value of that cell.
fn corrected(report: &Report, correction: &Correction) -> Option<Report> {
    let mut copy = report.clone();
    match copy.cell_mut(correction.cell)? {
        CellMut::Count(c) => {
            let value = correction.value.parse().ok()?;
            let span = c.span()?;
            *c = Cell::Present {
                value,
                raw: correction.value.clone(),
                span,
            };
        }
        CellMut::Money(c) => {
            let value = Decimal::from_str(&correction.value).ok()?;
            let span = c.span()?;
            *c = Cell::Present {
                value,
                raw: correction.value.clone(),
                span,
            };
        }
    }
    Some(copy)
}

/// `findings` with each group made one diagnostic, at the place of its first member.
///
/// The diagnostic that leads a group is one of the findings that proposed the correction, the
/// one with the fewest labels (the simplest relation to verify by hand: a balance of four cells
/// before a column of twenty); the others follow under `also`, most serious first.
fn merge(
    findings: Vec<Finding>,
    proposals: &[(usize, Correction)],
    groups: &[(Correction, BTreeSet<usize>)],
) -> Vec<Finding> {
    let mut slots: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
    let mut out_of_group: HashMap<usize, Finding> = HashMap::new();
    for (correction, members) in groups {
        let lead = members
            .iter()
            .copied()
            .filter(|i| proposals.iter().any(|(p, c)| p == i && c == correction))
            .min_by_key(|i| slots[*i].as_ref().map_or(usize::MAX, |f| f.labels.len()));
        let (Some(lead), Some(first)) = (lead, members.first().copied()) else {
            continue;
        };
        let Some(mut head) = slots[lead].take() else {
            continue;
        };
        let mut also: Vec<Finding> = Vec::new();
        for &i in members.iter().filter(|i| **i != lead) {
            let Some(mut f) = slots[i].take() else {
                continue;
            };
            // A relation that proposed another cell proposed the wrong one: its value and
            // advice would contradict the correction this diagnostic gives.
            if !proposals.iter().any(|(p, c)| *p == i && c == correction) {
                f.expected = None;
                f.help = None;
            }
            also.push(f);
        }
        // A stable order: most serious first, then as they were (the order of the file).
        also.sort_by_key(|f| std::cmp::Reverse(f.severity));
        head.severity = also
            .iter()
            .map(|f| f.severity)
            .fold(head.severity, std::cmp::max);
        head.also = also;
        out_of_group.insert(first, head);
    }
    let mut out = Vec::with_capacity(slots.len());
    for (i, slot) in slots.into_iter().enumerate() {
        if let Some(head) = out_of_group.remove(&i) {
            out.push(head);
        }
        if let Some(f) = slot {
            out.push(f);
        }
    }
    out
}
