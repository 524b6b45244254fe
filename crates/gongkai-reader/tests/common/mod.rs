//! Shared helpers of the reader's integration tests: fixtures, and a compact per-cell rendering
//! of a report that is easy to check by eye against the source.

#![allow(dead_code)]

use std::fmt::Write as _;

use gongkai_core::{Report, Source, Span};
use gongkai_reader::{Extracted, ReadOptions, read};
use serde_json::Value;

/// The fixtures folder of the repository.
pub fn fixtures_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// The bytes of a fixture.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures_dir().join(name)).expect("fixture exists")
}

/// The text fixtures (everything but PDF and DOCX).
pub fn text_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            let ext = std::path::Path::new(n).extension().and_then(|e| e.to_str());
            matches!(ext, Some("txt" | "md")) && n != "README.md"
        })
        .collect();
    names.sort();
    names
}

/// Reads a fixture.
pub fn extract(name: &str) -> Extracted {
    read(&fixture(name), name, &ReadOptions::default()).expect("fixture reads")
}

fn at(span: &Value) -> String {
    format!("{}:{}", span["line"], span["column"])
}

/// Orders keys: the label first, then cells in the model's column order, then the rest.
const ORDER: &[&str] = &[
    "label",
    "issued",
    "repealed",
    "in_force",
    "newly_made",
    "newly_published",
    "total_published",
    "previous_items",
    "change",
    "decisions",
    "items",
    "amount",
    "amount_unit",
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "upheld",
    "corrected",
    "other",
    "pending",
    "total",
];

fn rank(k: &str, parent_ids: &[&str]) -> (usize, usize) {
    if let Some(i) = parent_ids.iter().position(|x| *x == k) {
        return (0, i);
    }
    (1, ORDER.iter().position(|x| *x == k).unwrap_or(usize::MAX))
}

fn all_missing(v: &Value) -> bool {
    v.as_object().is_some_and(|o| {
        o.iter().all(|(k, c)| match k.as_str() {
            "label" | "amount_unit" => c.is_null(),
            _ => c.get("status").and_then(Value::as_str) == Some("missing"),
        })
    })
}

fn walk(prefix: &str, v: &Value, out: &mut String) {
    let Some(obj) = v.as_object() else { return };
    if !obj.contains_key("status") && !obj.contains_key("format") && all_missing(v) {
        let _ = writeln!(out, "{prefix} = NOT FOUND");
        return;
    }
    if let Some(status) = obj.get("status").and_then(Value::as_str) {
        let raw = obj.get("raw").and_then(Value::as_str).unwrap_or("");
        let line = match status {
            "present" => format!(
                "{} @ {}",
                obj["value"].to_string().trim_matches('"'),
                at(&obj["span"])
            ),
            "blank" => format!("blank {raw:?} @ {}", at(&obj["span"])),
            "invalid" => format!("INVALID {raw:?} @ {}", at(&obj["span"])),
            _ => "MISSING".to_owned(),
        };
        let _ = writeln!(out, "{prefix} = {line}");
        return;
    }
    let ids: Vec<&str> = match prefix {
        "applications" => gongkai_core::Applications::IDS.to_vec(),
        "review_litigation" => gongkai_core::ReviewLitigation::IDS.to_vec(),
        "active_disclosure" => vec![
            "regulations",
            "normative_documents",
            "licensing",
            "other_services",
            "punishment",
            "coercion",
            "fees",
            "procurement",
        ],
        _ => Vec::new(),
    };
    let mut keys: Vec<(&String, &Value)> = obj.iter().collect();
    keys.sort_by_key(|(k, _)| rank(k, &ids));
    for (k, child) in keys {
        if k == "format" {
            continue;
        }
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        if k == "label" {
            match child {
                Value::Null => {
                    let _ = writeln!(out, "{path} = none");
                }
                l => {
                    let exact = if l["exact"] == Value::Bool(true) {
                        ""
                    } else {
                        " (approx)"
                    };
                    let _ = writeln!(out, "{path} = {} @ {}{exact}", l["text"], at(&l["span"]));
                }
            }
        } else if child.is_object() {
            walk(&path, child, out);
        } else if k == "amount_unit" {
            let _ = writeln!(out, "{path} = {child}");
        }
    }
}

/// One line per cell and label of tables 2–4, then metadata, sections and issues.
pub fn render(report: &Report) -> String {
    let v = serde_json::to_value(report).expect("serializes");
    let mut out = String::new();
    let m = &v["metadata"];
    for k in ["title", "organisation", "year"] {
        match &m[k] {
            Value::Null => {
                let _ = writeln!(out, "metadata.{k} = none");
            }
            s => {
                let _ = writeln!(out, "metadata.{k} = {} @ {}", s["value"], at(&s["span"]));
            }
        }
    }
    let _ = writeln!(
        out,
        "metadata.format = {}, input = {}, encoding = {}",
        m["format"], m["input"], m["encoding"]
    );
    for s in &report.sections {
        match &s.heading {
            Some(h) => {
                let _ = writeln!(
                    out,
                    "section.{} = {:?} @ {}:{}, {} sentences, {} numbers",
                    s.id.id(),
                    h.value,
                    h.span.line,
                    h.span.column,
                    s.sentences.len(),
                    s.numbers.len()
                );
            }
            None => {
                let _ = writeln!(out, "section.{} = none", s.id.id());
            }
        }
    }
    let _ = writeln!(
        out,
        "active_disclosure.format = {}",
        v["active_disclosure"]["format"]
    );
    for t in ["active_disclosure", "applications", "review_litigation"] {
        walk(t, &v[t], &mut out);
    }
    for issue in &report.issues {
        let mut j = serde_json::to_value(issue).expect("serializes");
        let span = j.as_object_mut().and_then(|o| o.remove("span"));
        let where_ = match span {
            Some(Value::Null) | None => String::new(),
            Some(s) => format!(" @ {}", at(&s)),
        };
        let _ = writeln!(out, "issue: {j}{where_}");
    }
    out
}

fn go(path: &str, v: &Value, out: &mut Vec<(String, String, Span)>) {
    match v {
        Value::Object(o) => {
            if let (Some(status), Some(span)) = (o.get("status"), o.get("span")) {
                if status != "missing" {
                    let span: Span = serde_json::from_value(span.clone()).expect("span");
                    let raw = o
                        .get("raw")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned();
                    out.push((format!("{path}[{status}]"), raw, span));
                }
                return;
            }
            for (k, c) in o {
                go(&format!("{path}.{k}"), c, out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                go(&format!("{path}[{i}]"), c, out);
            }
        }
        _ => {}
    }
}

/// Every span of present, blank and invalid cells in a report, with the raw text.
pub fn cell_spans(report: &Report) -> Vec<(String, String, Span)> {
    let v = serde_json::to_value(report).expect("serializes");
    let mut out = Vec::new();
    for t in ["active_disclosure", "applications", "review_litigation"] {
        go(t, &v[t], &mut out);
    }
    out
}

/// The source text a span covers.
pub fn slice(source: &Source, span: Span) -> &str {
    source.slice(span)
}
