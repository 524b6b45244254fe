//! Schema violations turned into messages a clerk understands: the place named by the form's
//! Chinese labels ("表三 / 一、本年新收政府信息公开申请数量 / 自然人"), and what was expected in
//! words ("应为非负整数，实为 -3"), not the schema's keywords.

use gongkai_core::template::{self, TableId};
use jsonschema::error::{TypeKind, ValidationErrorKind};

/// What a value at a path should be, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Count,
    Signed,
    Money,
    Other,
}

/// The place a JSON pointer names, in Chinese and in English.
pub(crate) fn place(segments: &[String]) -> (String, String) {
    let mut zh: Vec<String> = Vec::new();
    let mut en: Vec<String> = Vec::new();
    let seg = |i: usize| segments.get(i).map(String::as_str);
    let table = seg(0).and_then(TableId::from_id);
    if let Some(table) = table {
        // "表三", "table 3"; then the row's official label (表四: its short name), the column's.
        let short = table.short_label();
        zh.push(short.into());
        en.push(format!("table {}", table_number(table)));
        if let Some(row) = seg(1) {
            let name = template::row_template(table, row).map(|r| match table {
                TableId::ReviewLitigation => r.short,
                _ => r.label,
            });
            zh.push(name.unwrap_or(row).to_owned());
            en.push(row.to_owned());
        }
        if let Some(col) = seg(2) {
            zh.push(
                template::column_label(table, "", col)
                    .unwrap_or(col)
                    .to_owned(),
            );
            en.push(col.to_owned());
        }
    }
    match seg(0) {
        _ if table.is_some() => {}
        Some("metadata") => {
            zh.push("基本信息".into());
            en.push("metadata".into());
            if let Some(field) = seg(1) {
                zh.push(
                    match field {
                        "title" => "标题",
                        "organisation" => "机关名称",
                        "year" => "年度",
                        "format" => "格式版本",
                        other => other,
                    }
                    .to_owned(),
                );
                en.push(field.to_owned());
            }
        }
        Some("sections") => {
            zh.push("正文".into());
            en.push("sections".into());
            if let Some(i) = seg(1).and_then(|s| s.parse::<usize>().ok()) {
                zh.push(format!("第 {} 节", i + 1));
                en.push(format!("section {}", i + 1));
            }
            for s in segments.iter().skip(2) {
                zh.push(s.clone());
                en.push(s.clone());
            }
        }
        _ => {
            for s in segments {
                zh.push(s.clone());
                en.push(s.clone());
            }
        }
    }
    if zh.is_empty() {
        return ("报告".into(), "the report".into());
    }
    (zh.join(" / "), en.join(" / "))
}

/// The number of a table as in "table 3".
fn table_number(table: TableId) -> u8 {
    match table {
        TableId::ActiveDisclosure => 2,
        TableId::Applications => 3,
        TableId::ReviewLitigation => 4,
    }
}

/// What the value at a path should be.
pub(crate) fn expect(segments: &[String]) -> Expect {
    let table = segments.first().map(String::as_str);
    let depth = segments.len();
    match (table, depth) {
        (Some("applications" | "review_litigation"), 3) => Expect::Count,
        (Some("active_disclosure"), 3) => match segments.get(2).map(String::as_str) {
            Some("amount") => Expect::Money,
            Some("change") => Expect::Signed,
            Some("label") => Expect::Other,
            _ => Expect::Count,
        },
        _ => Expect::Other,
    }
}

/// The value as the user wrote it, short.
pub(crate) fn shown(value: &serde_json::Value) -> String {
    let s = match value {
        serde_json::Value::String(s) => format!("“{s}”"),
        serde_json::Value::Object(_) => "一个对象".to_owned(),
        serde_json::Value::Array(_) => "一个列表".to_owned(),
        other => other.to_string(),
    };
    let mut chars = s.chars();
    let short: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

fn shown_en(value: &serde_json::Value) -> String {
    let s = match value {
        serde_json::Value::Object(_) => "an object".to_owned(),
        serde_json::Value::Array(_) => "a list".to_owned(),
        other => other.to_string(),
    };
    let mut chars = s.chars();
    let short: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

/// The message (Chinese, English) for a violation of `kind` by `value` at `segments`, and, for
/// an unknown field, its name (so the caller can point at the key).
pub(crate) fn message(
    kind: &ValidationErrorKind,
    segments: &[String],
    value: &serde_json::Value,
    known: &[String],
) -> (String, String, Option<String>) {
    let (place_zh, place_en) = place(segments);
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let name = unexpected.first().cloned().unwrap_or_default();
            let suggestion = suggest(&name, known);
            let (hint_zh, hint_en) = suggestion.map_or_else(
                || (String::new(), String::new()),
                |s| {
                    (
                        format!("；是否应为“{s}”？"),
                        format!("; did you mean `{s}`?"),
                    )
                },
            );
            (
                format!("{place_zh}: 未知字段“{name}”{hint_zh}"),
                format!("{place_en}: unknown field `{name}`{hint_en}"),
                Some(name),
            )
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default().to_owned();
            let mut child = segments.to_vec();
            child.push(name.clone());
            let (child_zh, _) = place(&child);
            let what_zh = if segments.is_empty() {
                child_zh
            } else {
                format!("“{name}”")
            };
            (
                format!("{place_zh}: 缺少{what_zh}（字段 {name}）"),
                format!("{place_en}: missing field `{name}`"),
                None,
            )
        }
        _ => {
            let expected = expect(segments);
            let (zh, en) = match expected {
                Expect::Count => (
                    "应为非负整数（空白可写“/”）",
                    "expected a non-negative integer (or \"/\" for blank)",
                ),
                Expect::Signed => (
                    "应为整数（可为负数）",
                    "expected an integer (may be negative)",
                ),
                Expect::Money => (
                    "应为非负金额（如 12.5，空白可写“/”）",
                    "expected a non-negative amount such as 12.5 (or \"/\" for blank)",
                ),
                Expect::Other => return other(kind, &place_zh, &place_en, value),
            };
            (
                format!("{place_zh}: {zh}，实为 {}", shown(value)),
                format!("{place_en}: {en}, found {}", shown_en(value)),
                None,
            )
        }
    }
}

fn other(
    kind: &ValidationErrorKind,
    place_zh: &str,
    place_en: &str,
    value: &serde_json::Value,
) -> (String, String, Option<String>) {
    let (zh, en) = match kind {
        ValidationErrorKind::Type { kind } => {
            let names: Vec<&str> = match kind {
                TypeKind::Single(t) => vec![type_zh(&t.to_string())],
                TypeKind::Multiple(set) => set.iter().map(|t| type_zh(&t.to_string())).collect(),
            };
            (
                format!("应为{}", names.join("或")),
                format!("expected {kind:?}").to_lowercase(),
            )
        }
        ValidationErrorKind::Enum { options } => (
            format!("应为以下之一：{options}"),
            format!("expected one of {options}"),
        ),
        ValidationErrorKind::Constant { expected_value } => (
            format!("应为 {expected_value}"),
            format!("expected {expected_value}"),
        ),
        ValidationErrorKind::Minimum { limit } => (
            format!("不应小于 {limit}"),
            format!("must be at least {limit}"),
        ),
        ValidationErrorKind::Maximum { limit } => (
            format!("不应大于 {limit}"),
            format!("must be at most {limit}"),
        ),
        _ => ("格式不符".to_owned(), "has the wrong form".to_owned()),
    };
    (
        format!("{place_zh}: {zh}，实为 {}", shown(value)),
        format!("{place_en}: {en}, found {}", shown_en(value)),
        None,
    )
}

fn type_zh(t: &str) -> &'static str {
    match t {
        "string" => "文本",
        "integer" => "整数",
        "number" => "数字",
        "object" => "对象",
        "array" => "列表",
        "boolean" => "true 或 false",
        "null" => "null",
        _ => "其他类型",
    }
}

/// The closest known name, if one is close enough to be a typo.
fn suggest(name: &str, known: &[String]) -> Option<String> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.clone())
}
