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

use serde::Serialize;

use crate::Lang;

// The model (this file), how it is built from the reports (`build`), and its CSV (`csv`).
mod build;
mod csv;

pub use build::compare;

/// Reused passages shown per pair, longest first (as in the reuse finding).
pub const TOP_PASSAGES: usize = 3;

/// The rows of 表三 that the 2021 form has in place of the single row （六）其他处理.
const OTHER_HANDLING_ITEMS: [&str; 3] = ["other_no_correction", "other_unpaid_fee", "other_other"];

/// The reports of one body side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ComparedReport {
    /// The file, as named.
    pub path: String,
    /// The year it reports on.
    pub year: i32,
    /// The form of its tables: `2021`, `2019` or `unknown`.
    pub form: String,
}

/// One table, cell by cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StepFinding {
    /// The rule.
    pub rule: String,
    /// Its message, or why it did not run.
    pub message: String,
}

/// The text reuse of one pair (see [`crate::reuse`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// The JSON Schema of [`Comparison`], as checked in at `schemas/compare.schema.json`
/// (feature `schema`).
#[cfg(feature = "schema")]
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Comparison)).unwrap_or_default()
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
