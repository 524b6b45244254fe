//! The true value of every printed cell of a report, by the ids the reader's report uses, so a
//! test can measure how many cells a reader gets right without regenerating the report.

use std::collections::BTreeMap;

use crate::inject::{APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, column2};
use crate::model::Model;

/// Table id → row id → column id → the text printed in the cell ("" for an empty cell, "/" or
/// "—" for a blank marker). A row left out of the report (an injected missing row) is absent.
pub type Cells = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;

/// The printed cells of `m`.
pub(crate) fn cells(m: &Model) -> Cells {
    let mut out = Cells::new();
    let t2 = out.entry("active_disclosure".to_owned()).or_default();
    for item in &m.t2 {
        for r in &item.rows {
            let row = t2.entry(r.id.to_owned()).or_default();
            for (c, v) in r.cells.iter().enumerate() {
                row.insert(column2(m.format, r.id, c).to_owned(), v.text());
            }
        }
    }
    let t3 = out.entry("applications".to_owned()).or_default();
    for r in &m.t3 {
        if Some(r.id) == m.missing_row {
            continue;
        }
        let row = t3.entry(r.id.to_owned()).or_default();
        for (c, v) in r.cells.iter().enumerate() {
            row.insert(APPLICANT_COLUMNS[c].to_owned(), v.text());
        }
    }
    let t4 = out.entry("review_litigation".to_owned()).or_default();
    for (g, group) in m.t4.iter().enumerate() {
        let row = t4.entry(REVIEW_GROUPS[g].to_owned()).or_default();
        for (c, v) in group.iter().enumerate() {
            row.insert(REVIEW_COLUMNS[c].to_owned(), v.text());
        }
    }
    out
}
