//! The tables of many reports as one spreadsheet: one row per report, one column per cell of
//! tables 2–4 (`gongkai extract --format csv|jsonl`).
//!
//! Column names are stable English paths (`applications.new_received.natural_person`), the same
//! ids as in the JSON model; [`Column::label`] gives the Chinese header. Table 2 has the columns
//! of both forms (2021 and 2019): a report fills those of its own form, the others are empty.
//! A cell is written so that a spreadsheet user can tell its states apart
//! (see [`value`]): a value as a plain number, a cell written blank as `/`, a cell the
//! report lacks as an empty field, and text that is no valid value prefixed with `?`.

use gongkai_core::template::{self, FormatVersion};
use gongkai_core::{ActiveDisclosure, Cell, Report};
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
    Active(&'static str, &'static str),
    AmountUnit,
    Applications(&'static str, &'static str),
    Review(&'static str, &'static str),
}

/// What is known about one report besides its tables: the file, why it could not be read, and
/// how many findings it has.
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
}

/// The columns, in order: the file, error, organisation, year, form, input kind, the number of
/// error and warning findings, then table 2 (2021 form, then the columns only the 2019 form has),
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
    ];
    for item in template::ACTIVE_DISCLOSURE_2021
        .iter()
        .chain(&template::ACTIVE_DISCLOSURE_2019)
    {
        for row in item.rows {
            for col in item.columns {
                let name = format!("active_disclosure.{}.{}", row.id, col.id);
                if cols.iter().any(|c| c.name == name) {
                    continue;
                }
                cols.push(Column {
                    name,
                    label: format!("表二/{}/{}/{}", item.heading, row.label, col.label),
                    what: What::Active(row.id, col.id),
                });
                if row.id == "procurement" && col.id == "amount" {
                    cols.push(plain(
                        "active_disclosure.procurement.amount_unit",
                        "表二/第二十条第（九）项/政府集中采购/采购总金额单位",
                        What::AmountUnit,
                    ));
                }
            }
        }
    }
    for row in gongkai_core::Applications::IDS {
        let row_label = template::application_row(row).map_or_else(
            || (*row).to_owned(),
            |r| match r.group {
                Some(group) => format!("{group}/{}", r.label),
                None => r.label.to_owned(),
            },
        );
        for col in &template::APPLICANT_COLUMNS {
            cols.push(Column {
                name: format!("applications.{row}.{}", col.id),
                label: format!("表三/{row_label}/{}", col.label),
                what: What::Applications(row, col.id),
            });
        }
    }
    for group in &template::REVIEW_GROUPS {
        for col in &template::REVIEW_COLUMNS {
            cols.push(Column {
                name: format!("review_litigation.{}.{}", group.id, col.id),
                label: format!("表四/{}/{}", group.short, col.label),
                what: What::Review(group.id, col.id),
            });
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
        (What::Applications(row, col), Some(r)) => r
            .applications
            .get(row)
            .and_then(|row| row.cell(col))
            .map(count_text)
            .unwrap_or_default(),
        (What::Review(group, col), Some(r)) => r
            .review_litigation
            .get(group)
            .and_then(|g| g.cells.get(col))
            .map(count_text)
            .unwrap_or_default(),
        (What::AmountUnit, Some(r)) => match &r.active_disclosure {
            ActiveDisclosure::F2019(a) => a.procurement.amount_unit.clone().unwrap_or_default(),
            ActiveDisclosure::F2021(_) => String::new(),
        },
        (What::Active(row, col), Some(r)) => active(r, row, col),
    }
}

fn active(r: &Report, row: &str, col: &str) -> String {
    match &r.active_disclosure {
        ActiveDisclosure::F2021(a) => {
            let docs = match row {
                "regulations" => Some(&a.regulations),
                "normative_documents" => Some(&a.normative_documents),
                _ => None,
            };
            let decisions = match row {
                "licensing" => Some(&a.licensing),
                "punishment" => Some(&a.punishment),
                "coercion" => Some(&a.coercion),
                _ => None,
            };
            match (docs, decisions, row, col) {
                (Some(d), _, _, "issued") => count_text(&d.issued),
                (Some(d), _, _, "repealed") => count_text(&d.repealed),
                (Some(d), _, _, "in_force") => count_text(&d.in_force),
                (_, Some(d), _, "decisions") => count_text(&d.decisions),
                (_, _, "fees", "amount") => money_text(&a.fees.amount),
                _ => String::new(),
            }
        }
        ActiveDisclosure::F2019(a) => {
            let docs = match row {
                "regulations" => Some(&a.regulations),
                "normative_documents" => Some(&a.normative_documents),
                _ => None,
            };
            let items = match row {
                "licensing" => Some(&a.licensing),
                "other_services" => Some(&a.other_services),
                "punishment" => Some(&a.punishment),
                "coercion" => Some(&a.coercion),
                "fees" => Some(&a.fees),
                _ => None,
            };
            match (docs, items, row, col) {
                (Some(d), _, _, "newly_made") => count_text(&d.newly_made),
                (Some(d), _, _, "newly_published") => count_text(&d.newly_published),
                (Some(d), _, _, "total_published") => count_text(&d.total_published),
                (_, Some(i), _, "previous_items") => count_text(&i.previous_items),
                (_, Some(i), _, "change") => count_text(&i.change),
                (_, Some(i), _, "decisions") => count_text(&i.decisions),
                (_, _, "procurement", "items") => count_text(&a.procurement.items),
                (_, _, "procurement", "amount") => money_text(&a.procurement.amount),
                _ => String::new(),
            }
        }
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
/// money as strings (exact decimals).
pub fn json_record(columns: &[Column], info: &RowInfo<'_>, report: Option<&Report>) -> String {
    let mut obj = serde_json::Map::new();
    for c in columns {
        let text = value(c, info, report);
        let is_money = matches!(c.what, What::Active(_, "amount"));
        let v = match &c.what {
            What::Path | What::Error if text.is_empty() => serde_json::Value::Null,
            What::Path
            | What::Error
            | What::Organisation
            | What::Form
            | What::Input
            | What::AmountUnit => {
                if text.is_empty() {
                    serde_json::Value::Null
                } else {
                    serde_json::Value::String(text)
                }
            }
            _ if text.is_empty() => serde_json::Value::Null,
            _ if is_money => serde_json::Value::String(text),
            _ => text
                .parse::<i64>()
                .map_or(serde_json::Value::String(text), serde_json::Value::from),
        };
        obj.insert(c.name.clone(), v);
    }
    let mut s = serde_json::Value::Object(obj).to_string();
    s.push('\n');
    s
}
