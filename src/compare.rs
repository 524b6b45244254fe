//! One body's reports side by side, year by year (`gongkai compare`, issue 15).
//!
//! [`compare`] takes two or more reports of one body, sorts them by the year each names, and
//! lays the three tables (表二 主动公开, 表三 依申请, 表四 复议诉讼) out cell by cell: each year's
//! value and the change between consecutive years (an integer for counts, an exact decimal for
//! 万元). A cell that one report's form does not have — 表二 of the 2019 form against the 2021
//! form, or （六）其他处理 as one row against its three items — is [`CellValue::NotInForm`] and
//! has no change; why is said once per table ([`ComparedTable::not_comparable`]).
//!
//! Cells that break a cross-year relation are marked from the results of the previous-year
//! rules (tag `previous-year`) run on each consecutive pair: a finding's labels are mapped back
//! to the cells they point at, this year's and last year's. Nothing here recomputes a relation.
//! Each pair also has its text reuse ([`crate::reuse`]) and the previous-year rules that could
//! not run on it, with why.
//!
//! The result serialises to the JSON of `gongkai compare --format json` (schema:
//! `schemas/compare.schema.json`, from [`json_schema`]); [`Comparison::csv`] is its CSV.

use std::collections::HashMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use crate::core::template::{CellId, LabelStyle, ValueKind, row_label};
use crate::core::{Cell, CellRef, FormatVersion, Span, TableId};
use crate::{Checker, DocumentRole, Extracted, Lang, Outcome, Report};

/// Reused passages shown per pair, longest first (as in the reuse finding).
pub const TOP_PASSAGES: usize = 3;

/// The rows of 表三 that the 2021 form has in place of the single row （六）其他处理.
const OTHER_HANDLING_ITEMS: [&str; 3] = ["other_no_correction", "other_unpaid_fee", "other_other"];

/// The reports of one body side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Comparison {
    /// The body, as the newest report names it.
    pub organisation: String,
    /// The reports, oldest first: the order of every `values` array.
    pub reports: Vec<ComparedReport>,
    /// 表二, 表三, 表四.
    pub tables: Vec<ComparedTable>,
    /// One per pair of consecutive reports: the order of every `changes` array.
    pub steps: Vec<Step>,
}

/// One report of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ComparedReport {
    /// The file, as named.
    pub path: String,
    /// The year it reports on.
    pub year: i32,
    /// The form of its tables: `2021`, `2019` or `unknown`.
    pub form: String,
}

/// One table, cell by cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ComparedTable {
    /// `active_disclosure`, `applications` or `review_litigation`.
    pub table: String,
    /// Its name: "表三 收到和处理政府信息公开申请情况".
    pub label: String,
    /// Why some cells are not compared (`not_in_form` in some years), said once; absent when
    /// every cell is in every report's form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_comparable: Option<String>,
    /// The cells that at least one report's form has, in the form's order.
    pub cells: Vec<ComparedCell>,
}

/// One cell over the years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ComparedCell {
    /// The stable path, as in rules and `extract`: `applications.carried_over.natural_person`.
    pub path: String,
    /// The row's official name: "二、上年结转政府信息公开申请数量".
    pub row: String,
    /// The row's short name, for narrow tables: "上年结转".
    pub row_short: String,
    /// The column's official name: "自然人".
    pub column: String,
    /// Whether the cell holds an amount of money (万元 unless the report says otherwise).
    pub money: bool,
    /// One per report, oldest first.
    pub values: Vec<CellValue>,
    /// One per step: this year's value minus last year's ("+3", "-12", "0", "-15135.951082"),
    /// `null` unless both are values.
    pub changes: Vec<Option<String>>,
    /// The cross-year relations this cell breaks, per step.
    pub marks: Vec<Mark>,
}

/// What one report has in one cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CellValue {
    /// A value: an integer, or an exact decimal for money.
    Value {
        /// The value as text (exact).
        value: String,
    },
    /// Written blank ("/", "—", empty).
    Blank,
    /// Written, but no valid value.
    Invalid {
        /// What was written.
        raw: String,
    },
    /// The report's form has the cell but it was not found in the report.
    Missing,
    /// The report's form has no such cell (2019 form against 2021, （六）其他处理 as one row
    /// or as three): not compared.
    NotInForm,
}

impl CellValue {
    /// The value as in a table of the comparison: the number, `/` blank, `?raw` invalid,
    /// empty when missing, `—` when the form has no such cell.
    pub fn text(&self) -> String {
        match self {
            CellValue::Value { value } => value.clone(),
            CellValue::Blank => "/".to_owned(),
            CellValue::Invalid { raw } => format!("?{raw}"),
            CellValue::Missing => String::new(),
            CellValue::NotInForm => "—".to_owned(),
        }
    }

    fn is_zero(&self) -> bool {
        matches!(self, CellValue::Value { value } if value == "0")
    }
}

/// A cross-year relation that a cell breaks, found by a previous-year rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Mark {
    /// The step (index into `steps`) whose rules found it.
    pub step: usize,
    /// The year of the report whose cell this is (the step's year or the year before).
    pub year: i32,
    /// The rule.
    pub rule: String,
    /// The cell at fault (this year's), as opposed to one it was compared with.
    pub primary: bool,
    /// The finding's message.
    pub message: String,
}

/// Two consecutive reports of the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Step {
    /// Last year.
    pub from: i32,
    /// This year.
    pub to: i32,
    /// How much of last year's narrative this year's repeats; absent when last year's has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reuse: Option<ReuseRate>,
    /// Findings of the previous-year rules that point at no cell of the tables.
    pub findings: Vec<StepFinding>,
    /// The previous-year rules that could not check this pair, with why.
    pub skipped: Vec<StepFinding>,
}

/// A rule and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct StepFinding {
    /// The rule.
    pub rule: String,
    /// Its message, or why it did not run.
    pub message: String,
}

/// The text reuse of one pair (see [`crate::reuse`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ReuseRate {
    /// "2.2%": one decimal, rounded half up.
    pub rate: String,
    /// The same in tenths of a percent.
    pub permille: u32,
    /// Characters of last year's counted sentences found again.
    pub reused_chars: usize,
    /// Characters of last year's counted sentences.
    pub total_chars: usize,
    /// Last year's counted sentences.
    pub sentences: usize,
    /// How many of them were found again.
    pub reused_sentences: usize,
    /// The longest reused passages (at most [`TOP_PASSAGES`]), longest first.
    pub passages: Vec<ReusedPassage>,
}

/// One reused passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ReusedPassage {
    /// Its characters (spaces left out).
    pub chars: usize,
    /// This year's text of it.
    pub text: String,
    /// Its line in last year's report.
    pub previous_line: u32,
    /// Its line in this year's report.
    pub current_line: u32,
}

/// Why reports cannot be compared: a usage error, never guessed around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareError {
    /// Fewer than two reports.
    TooFew {
        /// How many were given.
        given: usize,
    },
    /// A report names no year.
    NoYear {
        /// The report.
        path: String,
    },
    /// A report names no organisation.
    NoOrganisation {
        /// The report.
        path: String,
    },
    /// Two reports are by different bodies.
    DifferentBodies {
        /// The first report and its organisation.
        first: (String, String),
        /// The other report and its organisation.
        other: (String, String),
    },
    /// Two reports are for the same year.
    SameYear {
        /// The year.
        year: i32,
        /// The two reports.
        paths: (String, String),
    },
}

impl CompareError {
    /// The error in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::TooFew { given }, Lang::Zh) => {
                format!("对照至少需要同一机关的两份报告，只给了 {given} 份")
            }
            (Self::TooFew { given }, Lang::En) => {
                format!("a comparison needs at least two reports of one body; {given} given")
            }
            (Self::NoYear { path }, Lang::Zh) => {
                format!("{path}：报告标题和统计期限中都没有年度，无法排列")
            }
            (Self::NoYear { path }, Lang::En) => format!(
                "{path}: neither the title nor the reporting period names the year: the reports cannot be put in order"
            ),
            (Self::NoOrganisation { path }, Lang::Zh) => {
                format!("{path}：报告中没有机关名称，无法确认是同一机关")
            }
            (Self::NoOrganisation { path }, Lang::En) => format!(
                "{path}: the report names no organisation: it cannot be told to be the same body"
            ),
            (Self::DifferentBodies { first, other }, Lang::Zh) => format!(
                "不是同一机关的报告：{}（{}）与 {}（{}）",
                first.0, first.1, other.0, other.1
            ),
            (Self::DifferentBodies { first, other }, Lang::En) => format!(
                "the reports are not of one body: {} ({}) and {} ({})",
                first.0, first.1, other.0, other.1
            ),
            (Self::SameYear { year, paths }, Lang::Zh) => {
                format!("两份报告都是 {year} 年度：{} 与 {}", paths.0, paths.1)
            }
            (Self::SameYear { year, paths }, Lang::En) => {
                format!("two reports are for {year}: {} and {}", paths.0, paths.1)
            }
        }
    }
}

impl std::fmt::Display for CompareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Zh))
    }
}

impl std::error::Error for CompareError {}

/// The JSON Schema of [`Comparison`], as checked in at `schemas/compare.schema.json`.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Comparison)).unwrap_or_default()
}

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

impl ComparedCell {
    /// Whether the cell is 0 in every report whose form has it and marked in no step: what a
    /// terminal view may leave out (the table's `not_comparable` says why a cell is "—").
    pub fn is_quiet(&self) -> bool {
        self.marks.is_empty()
            && self
                .values
                .iter()
                .all(|v| v.is_zero() || *v == CellValue::NotInForm)
    }
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
