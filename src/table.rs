//! The tables of many reports as one spreadsheet: one row per report, one column per cell of
//! tables 2–4 (`gongkai extract --format csv|jsonl`).
//!
//! Column names are stable English paths (`applications.new_received.natural_person`), the same
//! ids as in the JSON model; [`Column::label`] gives the Chinese header. Table 2 has the columns
//! of both forms (2021 and 2019): a report fills those of its own form, the others are empty.
//! A cell is written so that a spreadsheet user can tell its states apart
//! (see [`value`]): a value as a plain number, a cell written blank as `/`, a cell the
//! report lacks as an empty field, and text that is no valid value prefixed with `?`.

use gongkai_core::template::{CellId, FormatVersion, LabelStyle, ValueKind};
use gongkai_core::{ActiveDisclosure, Cell, CellRef, Report};
use rust_decimal::Decimal;

/// One column of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The stable English name, e.g. `applications.new_received.natural_person`.
    pub name: String,
    /// The Chinese header, e.g. `表三/一、本年新收政府信息公开申请数量/自然人`.
    pub label: String,
    what: What,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum What {
    Path,
    Error,
    Organisation,
    Year,
    Form,
    Input,
    Errors,
    Warnings,
    Previous,
    ReuseRate,
    Cell(CellId),
    AmountUnit,
}

/// What is known about one report besides its tables: the file, why it could not be read, how
/// many findings it has, and last year's report it was compared with.
#[derive(Debug, Clone, Default)]
pub struct RowInfo<'a> {
    /// The file's path.
    pub path: &'a str,
    /// Why the file could not be read (then every other column is empty).
    pub error: Option<&'a str>,
    /// The number of error-severity findings.
    pub errors: usize,
    /// The number of warning-severity findings.
    pub warnings: usize,
    /// Last year's report (its path) that this report was compared with: the same body, the
    /// year before (issue 15); `None` when there was none.
    pub previous: Option<&'a str>,
    /// The share of last year's narrative repeated, as the `previous-text-reused` finding writes
    /// it ("87.5%": a percentage with one decimal, rounded half up, from integer counts); `None`
    /// without last year's report or when it has no narrative to compare.
    pub reuse_rate: Option<&'a str>,
}

/// The columns, in order: the file, error, organisation, year, form, input kind, the number of
/// error and warning findings, last year's report and the share of its narrative repeated, then
/// table 2 (2021 form, then the columns only the 2019 form has),
/// table 3 (row by row, the seven applicant columns each) and table 4 (group by group).
pub fn columns() -> Vec<Column> {
    let mut cols = vec![
        plain("path", "文件", What::Path),
        plain("error", "读取错误", What::Error),
        plain("organisation", "机关", What::Organisation),
        plain("year", "年度", What::Year),
        plain("form", "表格格式", What::Form),
        plain("input", "文件类型", What::Input),
        plain("findings.errors", "错误数", What::Errors),
        plain("findings.warnings", "警告数", What::Warnings),
        plain("previous", "上年度报告", What::Previous),
        plain("reuse_rate", "正文沿用上年比例", What::ReuseRate),
    ];
    // The form's cells, in the template's order: 表二 (2021, then 2019 only), 表三, 表四.
    for id in CellId::all() {
        cols.push(Column {
            name: id.path().to_owned(),
            label: id.label(LabelStyle::Header).to_owned(),
            what: What::Cell(id),
        });
        if id.path() == "active_disclosure.procurement.amount" {
            cols.push(plain(
                "active_disclosure.procurement.amount_unit",
                "表二/第二十条第（九）项/政府集中采购/采购总金额单位",
                What::AmountUnit,
            ));
        }
    }
    cols
}

fn plain(name: &str, label: &str, what: What) -> Column {
    Column {
        name: name.to_owned(),
        label: label.to_owned(),
        what,
    }
}

/// The value of one column for a report (`None` when the file could not be read): a string as
/// described in the module documentation.
pub fn value(column: &Column, info: &RowInfo<'_>, report: Option<&Report>) -> String {
    match (&column.what, report) {
        (What::Path, _) => info.path.to_owned(),
        (What::Error, _) => info.error.unwrap_or_default().to_owned(),
        (_, None) => String::new(),
        (What::Organisation, Some(r)) => r
            .metadata
            .organisation
            .as_ref()
            .map(|o| o.value.clone())
            .unwrap_or_default(),
        (What::Year, Some(r)) => r
            .metadata
            .year
            .as_ref()
            .map(|y| y.value.to_string())
            .unwrap_or_default(),
        (What::Form, Some(r)) => match r.metadata.format {
            FormatVersion::F2021 => "2021",
            FormatVersion::F2019 => "2019",
            FormatVersion::Unknown => "unknown",
        }
        .to_owned(),
        (What::Input, Some(r)) => serde_json::to_value(r.metadata.input)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        (What::Errors, Some(_)) => info.errors.to_string(),
        (What::Warnings, Some(_)) => info.warnings.to_string(),
        (What::Previous, Some(_)) => info.previous.unwrap_or_default().to_owned(),
        (What::ReuseRate, Some(_)) => info.reuse_rate.unwrap_or_default().to_owned(),
        (What::Cell(id), Some(r)) => match r.cell(*id) {
            Some(CellRef::Count(c)) => count_text(c),
            Some(CellRef::Money(c)) => money_text(c),
            None => String::new(),
        },
        (What::AmountUnit, Some(r)) => match &r.active_disclosure {
            ActiveDisclosure::F2019(a) => a.procurement.amount_unit.clone().unwrap_or_default(),
            ActiveDisclosure::F2021(_) => String::new(),
        },
    }
}

fn cell_text<T>(cell: &Cell<T>, show: impl Fn(&T) -> String) -> String {
    match cell {
        Cell::Present { value, .. } => show(value),
        Cell::Blank { .. } => "/".to_owned(),
        Cell::Invalid { raw, .. } => format!("?{raw}"),
        Cell::Missing => String::new(),
    }
}

fn count_text(cell: &Cell<i64>) -> String {
    cell_text(cell, ToString::to_string)
}

fn money_text(cell: &Cell<Decimal>) -> String {
    cell_text(cell, |d| d.normalize().to_string())
}

/// One CSV record (RFC 4180: fields with a comma, quote or line break are quoted, quotes
/// doubled), ending in CRLF as the RFC and spreadsheet programs expect.
///
/// A field that a spreadsheet would run as a formula (`=`, `+`, `@`, a tab, or `-` not starting
/// a number) gets a leading `'`: organisation names and cell texts come from files written by
/// anyone, and opening the export must not run what they wrote (CSV injection).
pub fn csv_record<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let guarded;
        let f = if is_formula(f) {
            guarded = format!("'{f}");
            guarded.as_str()
        } else {
            f
        };
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
    out
}

/// Whether a spreadsheet would read `field` as a formula. Negative numbers (`-1`, `-0.5`) are
/// data, not formulas.
fn is_formula(field: &str) -> bool {
    let mut chars = field.chars();
    match chars.next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => {
            let rest = chars.as_str();
            !rest.is_empty() && rest.parse::<rust_decimal::Decimal>().is_err()
        }
        _ => false,
    }
}

/// One JSON Lines record: an object of column name to value; numbers and counts as JSON
/// numbers, a missing cell as `null`, a blank one as `"/"`, invalid text as `"?…"`; amounts of
/// money as strings (exact decimals). Each value is [`typed_value`].
pub fn json_record(columns: &[Column], info: &RowInfo<'_>, report: Option<&Report>) -> String {
    let mut obj = serde_json::Map::new();
    for c in columns {
        obj.insert(c.name.clone(), typed_value(c, info, report));
    }
    let mut s = serde_json::Value::Object(obj).to_string();
    s.push('\n');
    s
}

/// One column's value with its type, as in a JSON Lines record: [`value`]'s text, an empty one
/// as `null`, counts and finding numbers as JSON numbers, everything else (names, `"/"`, `"?…"`,
/// amounts of money, which stay exact) as strings. The Python package's data frames are made
/// from these, so that they hold what `extract --format jsonl` writes.
pub fn typed_value(
    column: &Column,
    info: &RowInfo<'_>,
    report: Option<&Report>,
) -> serde_json::Value {
    let text = value(column, info, report);
    if text.is_empty() {
        return serde_json::Value::Null;
    }
    match &column.what {
        What::Path
        | What::Error
        | What::Organisation
        | What::Form
        | What::Input
        | What::Previous
        | What::ReuseRate
        | What::AmountUnit => serde_json::Value::String(text),
        _ if column.is_money() => serde_json::Value::String(text),
        _ => text
            .parse::<i64>()
            .map_or(serde_json::Value::String(text), serde_json::Value::from),
    }
}

impl Column {
    /// Whether the column holds an amount of money (万元), written as an exact decimal.
    pub fn is_money(&self) -> bool {
        matches!(self.what, What::Cell(id) if id.kind() == ValueKind::Money)
    }
}
