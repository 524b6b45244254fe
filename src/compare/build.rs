//! How a [`Comparison`] is built: the reports put in order, each table laid out cell by cell,
//! the marks mapped back from the previous-year rules' labels, and each pair's text reuse.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{
    CellValue, CompareError, ComparedCell, ComparedReport, ComparedTable, Comparison, Mark,
    OTHER_HANDLING_ITEMS, ReuseRate, ReusedPassage, Step, StepFinding, TOP_PASSAGES,
};
use crate::core::template::{CellId, LabelStyle, ValueKind, row_label};
use crate::core::{Cell, CellRef, FormatVersion, Span, TableId};
use crate::{Checker, DocumentRole, Extracted, Lang, Outcome, Report};

/// Compares `reports` (name, report) of one body, in any order: see the module documentation.
/// The marks come from `checker`'s rules tagged `previous-year` (others are not run), in its
/// language.
///
/// # Errors
/// Fewer than two reports, a report without year or organisation, reports of different bodies
/// or two of one year.
pub fn compare(
    checker: &Checker,
    reports: &[(String, Extracted)],
) -> Result<Comparison, CompareError> {
    if reports.len() < 2 {
        return Err(CompareError::TooFew {
            given: reports.len(),
        });
    }
    let mut keyed: Vec<(i32, &str, &Extracted)> = Vec::with_capacity(reports.len());
    for (path, e) in reports {
        let meta = &e.report.metadata;
        let year = meta
            .year
            .as_ref()
            .ok_or_else(|| CompareError::NoYear { path: path.clone() })?;
        meta.organisation
            .as_ref()
            .ok_or_else(|| CompareError::NoOrganisation { path: path.clone() })?;
        keyed.push((year.value, path.as_str(), e));
    }
    let org = |e: &Extracted| {
        e.report
            .metadata
            .organisation
            .as_ref()
            .map(|o| o.value.clone())
            .unwrap_or_default()
    };
    let (_, first_path, first) = keyed[0];
    for &(_, path, e) in &keyed[1..] {
        if !crate::core::same_body(&org(first), &org(e)) {
            return Err(CompareError::DifferentBodies {
                first: (first_path.to_owned(), org(first)),
                other: (path.to_owned(), org(e)),
            });
        }
    }
    keyed.sort_by_key(|k| k.0);
    for w in keyed.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(CompareError::SameYear {
                year: w[0].0,
                paths: (w[0].1.to_owned(), w[1].1.to_owned()),
            });
        }
    }
    let lang = checker.lang();
    let years: Vec<i32> = keyed.iter().map(|k| k.0).collect();
    let extracted: Vec<&Extracted> = keyed.iter().map(|k| k.2).collect();
    let compared: Vec<ComparedReport> = keyed
        .iter()
        .map(|&(year, path, e)| ComparedReport {
            path: path.to_owned(),
            year,
            form: form_name(e.report.metadata.format).to_owned(),
        })
        .collect();

    let cells_at: Vec<HashMap<(usize, usize), CellId>> =
        extracted.iter().map(|e| cells_by_span(&e.report)).collect();
    let mut marks: HashMap<CellId, Vec<Mark>> = HashMap::new();
    let mut steps = Vec::with_capacity(extracted.len() - 1);
    for k in 1..extracted.len() {
        let (prev, cur) = (extracted[k - 1], extracted[k]);
        let mut step = Step {
            from: years[k - 1],
            to: years[k],
            reuse: reuse_rate(prev, cur),
            findings: Vec::new(),
            skipped: Vec::new(),
        };
        for result in checker
            .rules()
            .evaluate(&cur.report, Some(&prev.report), lang)
        {
            let previous_year = checker
                .rules()
                .get(&result.rule)
                .is_some_and(|m| m.tags.iter().any(|t| t == "previous-year"));
            // The reuse rules' rate is the step's `reuse`, measured once.
            if !previous_year || crate::reuse::RULE_IDS.contains(&result.rule.as_str()) {
                continue;
            }
            match result.outcome {
                Outcome::Findings { findings } => {
                    for f in findings {
                        let mut placed = false;
                        for label in &f.labels {
                            let (at, year) = match label.document {
                                DocumentRole::Current => (k, years[k]),
                                DocumentRole::Previous => (k - 1, years[k - 1]),
                            };
                            let span = (label.span.offset, label.span.length);
                            let Some(&id) = cells_at[at].get(&span) else {
                                continue;
                            };
                            placed = true;
                            marks.entry(id).or_default().push(Mark {
                                step: k - 1,
                                year,
                                rule: result.rule.clone(),
                                primary: label.primary,
                                message: f.message.clone(),
                            });
                        }
                        if !placed {
                            step.findings.push(StepFinding {
                                rule: result.rule.clone(),
                                message: f.message,
                            });
                        }
                    }
                }
                Outcome::Skipped { reason } => step.skipped.push(StepFinding {
                    rule: result.rule,
                    message: reason,
                }),
                Outcome::Error { message } => step.findings.push(StepFinding {
                    rule: result.rule,
                    message,
                }),
                Outcome::Pass => {}
            }
        }
        steps.push(step);
    }

    let tables = TableId::ALL
        .iter()
        .map(|&table| compared_table(table, &extracted, &years, &mut marks, lang))
        .collect();
    Ok(Comparison {
        organisation: org(extracted[extracted.len() - 1]),
        reports: compared,
        tables,
        steps,
    })
}

fn form_name(f: FormatVersion) -> &'static str {
    match f {
        FormatVersion::F2021 => "2021",
        FormatVersion::F2019 => "2019",
        FormatVersion::Unknown => "unknown",
    }
}

/// Every cell of a report that was written somewhere, by its span.
fn cells_by_span(report: &Report) -> HashMap<(usize, usize), CellId> {
    let mut out = HashMap::new();
    for id in CellId::all() {
        let span = match report.cell(id) {
            Some(CellRef::Count(c)) => c.span(),
            Some(CellRef::Money(c)) => c.span(),
            None => None,
        };
        if let Some(s) = span {
            out.entry((s.offset, s.length)).or_insert(id);
        }
    }
    out
}

/// Whether a report lays （六）其他处理 out as one row (the 2019 form, some 2021-form reports)
/// rather than its three items: whichever it was found with, else what its form prints.
fn single_other_handling(report: &Report) -> bool {
    let found = |row: &str| {
        report
            .applications
            .get(row)
            .is_some_and(crate::core::ApplicantRow::is_found)
    };
    let single = found("other_handling");
    let items = OTHER_HANDLING_ITEMS.iter().any(|r| found(r));
    if single == items {
        report.metadata.format == FormatVersion::F2019
    } else {
        single
    }
}

/// A cell's state as the comparison shows it.
fn state_of<T>(cell: &Cell<T>, show: impl Fn(&T) -> String) -> CellValue {
    match cell {
        Cell::Present { value, .. } => CellValue::Value { value: show(value) },
        Cell::Blank { .. } => CellValue::Blank,
        Cell::Invalid { raw, .. } => CellValue::Invalid { raw: raw.clone() },
        Cell::Missing => CellValue::Missing,
    }
}

fn cell_value(report: &Report, id: CellId) -> CellValue {
    if id.table() == TableId::Applications {
        let single = single_other_handling(report);
        let is_single = id.row() == "other_handling";
        let is_item = OTHER_HANDLING_ITEMS.contains(&id.row());
        if (is_single && !single) || (is_item && single) {
            return CellValue::NotInForm;
        }
    }
    match report.cell(id) {
        Some(CellRef::Count(c)) => state_of(c, ToString::to_string),
        Some(CellRef::Money(c)) => state_of(c, |d| d.normalize().to_string()),
        None => CellValue::NotInForm,
    }
}

/// This year's value minus last year's, exact, with its sign.
fn change(last: &CellValue, this: &CellValue, money: bool) -> Option<String> {
    let (CellValue::Value { value: a }, CellValue::Value { value: b }) = (last, this) else {
        return None;
    };
    let d = if money {
        let (a, b) = (a.parse::<Decimal>().ok()?, b.parse::<Decimal>().ok()?);
        b.checked_sub(a)?.normalize().to_string()
    } else {
        let (a, b) = (a.parse::<i64>().ok()?, b.parse::<i64>().ok()?);
        b.checked_sub(a)?.to_string()
    };
    Some(if d.starts_with('-') || d == "0" {
        d
    } else {
        format!("+{d}")
    })
}

/// The short name of a cell's row, as the checker draws it on the file.
fn row_short(id: CellId) -> String {
    let full = id.label(LabelStyle::Short);
    let column = id.column_template().label;
    full.strip_suffix(column)
        .and_then(|s| s.strip_suffix(" / "))
        .unwrap_or(full)
        .to_owned()
}

fn compared_table(
    table: TableId,
    reports: &[&Extracted],
    years: &[i32],
    marks: &mut HashMap<CellId, Vec<Mark>>,
    lang: Lang,
) -> ComparedTable {
    let mut cells = Vec::new();
    let mut partial = 0usize;
    for id in CellId::of_table(table) {
        let values: Vec<CellValue> = reports.iter().map(|e| cell_value(&e.report, id)).collect();
        let absent = values
            .iter()
            .filter(|v| **v == CellValue::NotInForm)
            .count();
        if absent == values.len() {
            continue;
        }
        if absent > 0 {
            partial += 1;
        }
        let money = id.kind() == ValueKind::Money;
        let changes = values
            .windows(2)
            .map(|w| change(&w[0], &w[1], money))
            .collect();
        let mut cell_marks = marks.remove(&id).unwrap_or_default();
        cell_marks.sort_by_key(|m| (m.step, !m.primary, m.rule.clone()));
        cells.push(ComparedCell {
            path: id.path().to_owned(),
            row: row_label(table, id.row()).unwrap_or_else(|| id.row().to_owned()),
            row_short: row_short(id),
            column: id.column_template().label.to_owned(),
            money,
            values,
            changes,
            marks: cell_marks,
        });
    }
    ComparedTable {
        table: table.id().to_owned(),
        label: table.label().to_owned(),
        not_comparable: (partial > 0).then(|| not_comparable(table, reports, years, partial, lang)),
        cells,
    }
}

/// Why `partial` cells of `table` are not in every report: said once for the table.
fn not_comparable(
    table: TableId,
    reports: &[&Extracted],
    years: &[i32],
    partial: usize,
    lang: Lang,
) -> String {
    let list = |f: FormatVersion| {
        years
            .iter()
            .zip(reports)
            .filter(|(_, e)| {
                (e.report.metadata.format == FormatVersion::F2019) == (f == FormatVersion::F2019)
            })
            .map(|(y, _)| y.to_string())
            .collect::<Vec<_>>()
    };
    let (old, new) = (list(FormatVersion::F2019), list(FormatVersion::F2021));
    let sep = |v: &[String], lang| v.join(if lang == Lang::Zh { "、" } else { ", " });
    let short = table.short_label();
    let forms_differ = !old.is_empty() && !new.is_empty();
    match (lang, table, forms_differ) {
        (Lang::Zh, TableId::ActiveDisclosure, true) => format!(
            "{short}：{} 年度报告用 2019 年版表格，{} 年度报告用 2021 年版表格，两版{short}的栏目不同（2019 年版为本年新制作、本年新公开、对外公开总数量等，2021 年版为本年制发、本年废止、现行有效件数等）：只有一版有的 {partial} 格记为“—”，不作比较",
            sep(&old, lang),
            sep(&new, lang)
        ),
        (Lang::En, TableId::ActiveDisclosure, true) => format!(
            "{short}: the reports for {} use the 2019 form and those for {} the 2021 form, whose {short} columns differ (made, published, total published… in 2019; issued, repealed, in force… in 2021): the {partial} cells only one form has are shown as \"—\" and not compared",
            sep(&old, lang),
            sep(&new, lang)
        ),
        (Lang::Zh, _, _) => format!(
            "{short}：（六）其他处理在一些年度的报告中只有一行（2019 年版表格的写法），在另一些年度分为三项：只有部分报告有的 {partial} 格记为“—”，不作比较"
        ),
        (Lang::En, _, _) => format!(
            "{short}: （六）其他处理 is one row in some years' reports (as in the 2019 form) and three items in others: the {partial} cells only some reports have are shown as \"—\" and not compared"
        ),
    }
}

fn reuse_rate(prev: &Extracted, cur: &Extracted) -> Option<ReuseRate> {
    let r = crate::reuse::reuse(&prev.report, &cur.report);
    let permille = r.permille()?;
    Some(ReuseRate {
        rate: r.rate_text(),
        permille,
        reused_chars: r.reused_chars,
        total_chars: r.total_chars,
        sentences: r.sentences,
        reused_sentences: r.passages.len(),
        passages: r
            .passages
            .iter()
            .take(TOP_PASSAGES)
            .map(|p| ReusedPassage {
                chars: p.chars,
                text: sentence_text(&cur.report, p.current),
                previous_line: p.previous.line,
                current_line: p.current.line,
            })
            .collect(),
    })
}

/// The narrative text of the sentence at `span` (normalised, without the markup an HTML
/// page has around it).
fn sentence_text(report: &Report, span: Span) -> String {
    report
        .sections
        .iter()
        .flat_map(|sec| sec.sentences.iter().map(move |s| (sec, s)))
        .find(|(_, s)| s.span == span)
        .and_then(|(sec, s)| sec.text.get(s.offset..s.offset + s.length))
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> CellValue {
        CellValue::Value {
            value: s.to_owned(),
        }
    }

    #[test]
    fn changes_are_exact_and_signed() {
        assert_eq!(change(&v("3"), &v("10"), false).as_deref(), Some("+7"));
        assert_eq!(change(&v("10"), &v("3"), false).as_deref(), Some("-7"));
        assert_eq!(change(&v("5"), &v("5"), false).as_deref(), Some("0"));
        assert_eq!(
            change(&v("24252.311082"), &v("9116.36"), true).as_deref(),
            Some("-15135.951082")
        );
        assert_eq!(change(&v("0.1"), &v("0.3"), true).as_deref(), Some("+0.2"));
        assert_eq!(change(&CellValue::NotInForm, &v("3"), false), None);
        assert_eq!(change(&CellValue::Blank, &v("3"), false), None);
    }

    #[test]
    fn a_short_row_name_drops_the_column() {
        let id = CellId::from_path("applications.carried_over.natural_person").unwrap();
        assert_eq!(row_short(id), "上年结转");
    }
}
