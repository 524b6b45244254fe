//! [`Comparison::csv`]: one row per cell and pair of years.

use super::{CellValue, Comparison};
use crate::core::TableId;

impl Comparison {
    /// The comparison as CSV: a header, then one row per cell and step — table, row, column,
    /// last year, this year, last year's value, this year's, the change (without a `+`), the
    /// rules that mark
    /// the cell in that step (space-separated), the cell's path. Values as in
    /// [`CellValue::text`].
    pub fn csv(&self) -> String {
        let mut out = crate::table::csv_record([
            "table",
            "row",
            "column",
            "last_year",
            "this_year",
            "last",
            "this",
            "change",
            "mark",
            "path",
        ]);
        for t in &self.tables {
            let short = TableId::from_id(&t.table).map_or("", TableId::short_label);
            for c in &t.cells {
                for (k, step) in self.steps.iter().enumerate() {
                    let mut rules: Vec<&str> = c
                        .marks
                        .iter()
                        .filter(|m| m.step == k)
                        .map(|m| m.rule.as_str())
                        .collect();
                    rules.dedup();
                    let (from, to) = (step.from.to_string(), step.to.to_string());
                    let last = c.values.get(k).map(CellValue::text).unwrap_or_default();
                    let this = c.values.get(k + 1).map(CellValue::text).unwrap_or_default();
                    // Without the "+": a spreadsheet reads "7" as a number, and "+7" is
                    // guarded as a formula.
                    let change = c.changes.get(k).cloned().flatten().unwrap_or_default();
                    let change = change.trim_start_matches('+');
                    let mark = rules.join(" ");
                    out.push_str(&crate::table::csv_record([
                        short,
                        c.row.as_str(),
                        c.column.as_str(),
                        from.as_str(),
                        to.as_str(),
                        last.as_str(),
                        this.as_str(),
                        change,
                        mark.as_str(),
                        c.path.as_str(),
                    ]));
                }
            }
        }
        out
    }
}
