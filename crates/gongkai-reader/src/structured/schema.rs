//! The JSON Schema of structured input (`schemas/report-input.schema.json`).
//!
//! It describes the shape of `schemas/report.schema.json` — what `gongkai extract` writes — as a
//! form system would write it: spans and raw text optional (they are ignored: every value's
//! location is its place in the input file), a cell as a plain number, a blank mark or `null`,
//! and nothing the report model does not know (an unknown field is an error, not ignored). It
//! is built from the model's own row and column ids, so it cannot drift from the model.

use gongkai_core::template::{self, FormatVersion, ItemTemplate, SectionId};
use gongkai_core::{ApplicantCells, Applications, ReviewCells, ReviewLitigation};
use serde_json::{Map, Value, json};

/// The input schema (draft 2020-12).
pub fn input_schema() -> Value {
    let mut defs = Map::new();
    defs.insert("Count".into(), cell_schema(Kind::Count));
    defs.insert("SignedCount".into(), cell_schema(Kind::Signed));
    defs.insert("Money".into(), cell_schema(Kind::Money));
    defs.insert(
        "Span".into(),
        json!({
            "description": "Ignored on input: a value's location is its place in the input file.",
            "type": "object"
        }),
    );
    defs.insert(
        "Text".into(),
        json!({
            "description": "A text, or an object with the text as `value` (what `extract` writes).",
            "anyOf": [
                {"type": "string"},
                {"type": "null"},
                {"type": "object", "additionalProperties": false, "required": ["value"],
                 "properties": {"value": {"type": "string"}, "span": {"$ref": "#/$defs/Span"}}}
            ]
        }),
    );
    defs.insert(
        "Label".into(),
        json!({
            "description": "The row label as written (optional).",
            "anyOf": [
                {"type": "string"},
                {"type": "null"},
                {"type": "object", "additionalProperties": false, "required": ["text"],
                 "properties": {"text": {"type": "string"}, "span": {"$ref": "#/$defs/Span"},
                                "exact": {"type": "boolean"}}}
            ]
        }),
    );
    defs.insert(
        "ApplicantRow".into(),
        row(ApplicantCells::IDS, "Count", "表三的一行：七个申请人类别"),
    );
    defs.insert(
        "ReviewGroup".into(),
        row(ReviewCells::IDS, "Count", "表四的一组：五种结果"),
    );
    let mut apps = Map::new();
    for id in Applications::IDS {
        let label = template::application_row(id).map_or("", |r| r.label);
        apps.insert(
            (*id).into(),
            json!({"description": label, "$ref": "#/$defs/ApplicantRow"}),
        );
    }
    let mut review = Map::new();
    for g in &template::REVIEW_GROUPS {
        review.insert(
            g.id.into(),
            json!({"description": g.short, "$ref": "#/$defs/ReviewGroup"}),
        );
    }
    debug_assert_eq!(review.len(), ReviewLitigation::IDS.len());
    let docs_2021 = row(
        &["issued", "repealed", "in_force"],
        "Count",
        "规章、行政规范性文件",
    );
    let decisions = row(&["decisions"], "Count", "本年处理决定数量");
    let fees = row(&["amount"], "Money", "本年收费金额（万元）");
    let docs_2019 = row(
        &["newly_made", "newly_published", "total_published"],
        "Count",
        "规章、规范性文件（2019 年版）",
    );
    let mut items_2019 = row(
        &["previous_items", "decisions"],
        "Count",
        "上一年项目数量、处理决定数量",
    );
    if let Some(props) = items_2019
        .get_mut("properties")
        .and_then(Value::as_object_mut)
    {
        props.insert("change".into(), json!({"$ref": "#/$defs/SignedCount"}));
    }
    let mut procurement = row(&["items"], "Count", "政府集中采购");
    if let Some(props) = procurement
        .get_mut("properties")
        .and_then(Value::as_object_mut)
    {
        props.insert("amount".into(), json!({"$ref": "#/$defs/Money"}));
        props.insert("amount_unit".into(), json!({"type": ["string", "null"]}));
    }
    defs.insert("DocumentsRow".into(), docs_2021);
    defs.insert("DecisionsRow".into(), decisions);
    defs.insert("FeesRow".into(), fees);
    defs.insert("DocumentsRow2019".into(), docs_2019);
    defs.insert("ItemsRow2019".into(), items_2019);
    defs.insert("ProcurementRow2019".into(), procurement);
    defs.insert(
        "ActiveDisclosure".into(),
        json!({
            "description": "表二 主动公开政府信息情况. `format` \"2021\" (the default) or \"2019\".",
            "type": "object",
            "properties": {"format": {"enum": ["2021", "2019"]}},
            "if": {"required": ["format"], "properties": {"format": {"const": "2019"}}},
            "then": rows_of(&template::ACTIVE_DISCLOSURE_2019, FormatVersion::F2019),
            "else": rows_of(&template::ACTIVE_DISCLOSURE_2021, FormatVersion::F2021),
        }),
    );
    let section_ids: Vec<&str> = SectionId::ALL.iter().map(|s| s.id()).collect();
    defs.insert(
        "Section".into(),
        json!({
            "description": "One of the six sections: its id, heading and text. Sentences and numbers are computed from the text (given ones are ignored).",
            "type": "object",
            "additionalProperties": false,
            "required": ["id"],
            "properties": {
                "id": {"enum": section_ids},
                "heading": {"$ref": "#/$defs/Text"},
                "text": {"type": "string"},
                "span": true,
                "sentences": {"type": "array"},
                "numbers": {"type": "array"}
            }
        }),
    );
    defs.insert(
        "Metadata".into(),
        json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "title": {"$ref": "#/$defs/Text"},
                "organisation": {"$ref": "#/$defs/Text"},
                "year": {"anyOf": [
                    {"type": "integer", "minimum": 1990, "maximum": 2200},
                    {"type": "null"},
                    {"type": "object", "additionalProperties": false, "required": ["value"],
                     "properties": {"value": {"type": "integer", "minimum": 1990, "maximum": 2200},
                                    "span": {"$ref": "#/$defs/Span"}}}
                ]},
                "format": {"enum": ["2021", "2019", "unknown"]},
                "input": {"type": "string"},
                "encoding": {"type": "string"}
            }
        }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gongkai.invalid/schemas/report-input.schema.json",
        "title": "gongkai structured report (input)",
        "description": "A 政府信息公开工作年度报告 as data, for `gongkai check report.json|yaml`. The shape of schemas/report.schema.json (what `gongkai extract` writes), with spans and raw text optional, cells as plain numbers allowed, and unknown fields refused. See docs/structured-input.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["metadata", "active_disclosure", "applications", "review_litigation"],
        "properties": {
            "metadata": {"$ref": "#/$defs/Metadata"},
            "sections": {"type": "array", "items": {"$ref": "#/$defs/Section"}},
            "active_disclosure": {"$ref": "#/$defs/ActiveDisclosure"},
            "applications": {
                "description": "表三 收到和处理政府信息公开申请情况",
                "type": "object", "additionalProperties": false, "properties": apps
            },
            "review_litigation": {
                "description": "表四 政府信息公开行政复议、行政诉讼情况",
                "type": "object", "additionalProperties": false, "properties": review
            },
            "issues": {
                "description": "What a reader could not read (as `extract` writes it); kept as they are.",
                "type": "array", "items": {"type": "object", "required": ["kind"]}
            }
        },
        "$defs": defs
    })
}

/// [`input_schema`] as the text of `schemas/report-input.schema.json`.
pub fn input_schema_json() -> String {
    let mut s = serde_json::to_string_pretty(&input_schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// The compiled schema, built once (`None` only if it failed to compile, which a test rules
/// out).
#[cfg(feature = "structured")]
pub(crate) fn validator() -> Option<&'static jsonschema::Validator> {
    static VALIDATOR: std::sync::OnceLock<Option<jsonschema::Validator>> =
        std::sync::OnceLock::new();
    VALIDATOR
        .get_or_init(|| jsonschema::validator_for(&input_schema()).ok())
        .as_ref()
}

#[derive(Clone, Copy)]
enum Kind {
    Count,
    Signed,
    Money,
}

/// A blank mark: "/", "—", "无", empty… (see [`template::BLANK_MARKERS`]).
fn blank_pattern() -> String {
    let marks: Vec<String> = template::BLANK_MARKERS
        .iter()
        .map(|m| regex_escape(m))
        .collect();
    format!("^\\s*({})?\\s*$", marks.join("|"))
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_punctuation() {
                format!("\\{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn cell_schema(kind: Kind) -> Value {
    let (number, digits, description) = match kind {
        Kind::Count => (
            json!({"type": "integer", "minimum": 0}),
            "^\\s*[0-9]+\\s*$",
            "A count: a non-negative integer; a blank mark such as \"/\" for a cell written blank; null for a cell the report lacks.",
        ),
        Kind::Signed => (
            json!({"type": "integer"}),
            "^\\s*[-+]?[0-9]+\\s*$",
            "A signed count (2019 form, 本年增/减).",
        ),
        Kind::Money => (
            json!({"type": "number", "minimum": 0}),
            "^\\s*[0-9]+(\\.[0-9]+)?\\s*$",
            "An amount (万元): a non-negative decimal, as a number or a string of digits (exact).",
        ),
    };
    let value = match kind {
        Kind::Money => json!({"anyOf": [number.clone(), {"type": "string", "pattern": digits}]}),
        _ => number.clone(),
    };
    json!({
        "description": description,
        "anyOf": [
            number,
            {"type": "null"},
            {"type": "string", "pattern": format!("{}|{}", digits, blank_pattern())},
            {"type": "object", "additionalProperties": false, "required": ["status", "value"],
             "properties": {"status": {"const": "present"}, "value": value,
                            "raw": {"type": "string"}, "span": {"$ref": "#/$defs/Span"}}},
            {"type": "object", "additionalProperties": false, "required": ["status"],
             "properties": {"status": {"enum": ["blank", "invalid"]},
                            "raw": {"type": "string"}, "span": {"$ref": "#/$defs/Span"}}},
            {"type": "object", "additionalProperties": false, "required": ["status"],
             "properties": {"status": {"const": "missing"}}}
        ]
    })
}

/// The rows of 表二 in one format, each by the definition of its item's columns.
fn rows_of(items: &[ItemTemplate], format: FormatVersion) -> Value {
    let mut props = Map::new();
    props.insert("format".into(), Value::Bool(true));
    for item in items {
        let def = match (format, item.id) {
            (FormatVersion::F2019, "item1") => "DocumentsRow2019",
            (FormatVersion::F2019, "item9") => "ProcurementRow2019",
            (FormatVersion::F2019, _) => "ItemsRow2019",
            (_, "item1") => "DocumentsRow",
            (_, "item8") => "FeesRow",
            _ => "DecisionsRow",
        };
        for r in item.rows {
            props.insert(r.id.into(), json!({"$ref": format!("#/$defs/{def}")}));
        }
    }
    json!({"additionalProperties": false, "properties": props})
}

/// An object with these cell ids (none required: a cell left out is missing) and a label.
fn row(ids: &[&str], cell: &str, description: &str) -> Value {
    let mut props = Map::new();
    props.insert("label".into(), json!({"$ref": "#/$defs/Label"}));
    for id in ids {
        props.insert((*id).into(), json!({"$ref": format!("#/$defs/{cell}")}));
    }
    json!({
        "description": description,
        "type": "object",
        "additionalProperties": false,
        "properties": props
    })
}
