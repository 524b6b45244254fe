//! Reading a structured report (feature `structured`): the tree with its byte ranges, the
//! schema check with located problems, and the conversion into the model.

use gongkai_core::{Report, Source};

use super::tree::{self, Node, ParseProblem};
use super::{MAX_PROBLEMS, Problem, StructuredError, convert, messages, schema};
use crate::{Extracted, ReadError, ReadOptions};

/// Reads a structured report.
pub(crate) fn read(
    bytes: &[u8],
    name: &str,
    options: &ReadOptions,
) -> Result<Extracted, ReadError> {
    if bytes.len() > options.max_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len(),
            limit: options.max_bytes,
        });
    }
    let decoded = crate::decode::decode(bytes)?;
    let source = Source::new(name, decoded.text);
    if source.text().trim().is_empty() {
        return Err(ReadError::WhitespaceOnly);
    }
    crate::budget::check(
        crate::Budgeted::StructuredValues,
        tree::value_bound(source.text()),
        options.max_items,
    )?;
    let root = match tree::parse(source.text()) {
        Ok(root) => root,
        Err(p) => {
            let problem = parse_problem(&p, &source);
            return Err(ReadError::Structured(Box::new(StructuredError {
                source,
                problems: vec![problem],
            })));
        }
    };
    let problems = validate(&root, &source);
    if !problems.is_empty() {
        return Err(ReadError::Structured(Box::new(StructuredError {
            source,
            problems,
        })));
    }
    let report: Report = convert::report(&root, &source, decoded.encoding, options.max_items)?;
    Ok(Extracted { source, report })
}

fn parse_problem(p: &ParseProblem, source: &Source) -> Problem {
    let point = |at: usize| {
        let end = source
            .text()
            .get(at..)
            .and_then(|r| r.chars().next())
            .map_or(at, |c| at + c.len_utf8());
        source.span(at, end)
    };
    let (span, message, message_en) = match p {
        ParseProblem::Syntax { at, message } => (
            point(*at),
            format!("不是有效的 JSON 或 YAML：{message}"),
            format!("not valid JSON or YAML: {message}"),
        ),
        ParseProblem::TooDeep { at } => (
            point(*at),
            format!("嵌套超过 {} 层，不是年度报告的数据", tree::MAX_DEPTH),
            format!(
                "nested deeper than {} levels: no report data",
                tree::MAX_DEPTH
            ),
        ),
        ParseProblem::NotOneDocument => (
            point(0),
            "文件中应恰好有一个 JSON 或 YAML 文档".to_owned(),
            "the file must hold exactly one JSON or YAML document".to_owned(),
        ),
        ParseProblem::Unsupported { span, what } => (
            source.span(span.start, span.end),
            if *what == "key" {
                "字段名应为文本".to_owned()
            } else {
                "不支持 YAML 别名（*name）和标签，请直接写出数值".to_owned()
            },
            if *what == "key" {
                "field names must be text".to_owned()
            } else {
                "YAML aliases (*name) are not supported: write the values out".to_owned()
            },
        ),
    };
    Problem {
        span,
        pointer: String::new(),
        message,
        message_en,
    }
}

/// Every schema violation, located and worded; empty when the tree follows the schema.
fn validate(root: &Node, source: &Source) -> Vec<Problem> {
    let Some(validator) = schema::validator() else {
        return vec![Problem {
            span: source.span(0, 0),
            pointer: String::new(),
            message: "内部错误：报告格式（schema）无法加载".to_owned(),
            message_en: "internal error: the input schema does not compile".to_owned(),
        }];
    };
    let instance = root.to_json();
    let mut problems: Vec<Problem> = Vec::new();
    for error in validator.iter_errors(&instance) {
        let pointer = error.instance_path().to_string();
        let segments: Vec<String> = error
            .instance_path()
            .into_iter()
            .map(|seg| match seg {
                jsonschema::paths::LocationSegment::Property(p) => p.to_string(),
                jsonschema::paths::LocationSegment::Index(i) => i.to_string(),
            })
            .collect();
        let (node, _) = root.walk(&segments);
        let known = known_fields(&segments);
        let (message, message_en, unknown) =
            messages::message(error.kind(), &segments, error.instance(), &known);
        // An unknown field is shown on its key, everything else on the value.
        let range = unknown
            .and_then(|name| match &node.kind {
                tree::Kind::Map(entries) => entries
                    .iter()
                    .find(|(k, _, _)| *k == name)
                    .map(|(_, r, _)| r.clone()),
                _ => None,
            })
            .unwrap_or_else(|| node.span.clone());
        let span = source.span(range.start, range.end);
        if problems
            .iter()
            .any(|p| p.span == span && p.message == message)
        {
            continue;
        }
        problems.push(Problem {
            span,
            pointer,
            message,
            message_en,
        });
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    problems.sort_by_key(|p| p.span.offset);
    problems
}

/// The field names allowed at a path, for "did you mean" suggestions.
fn known_fields(segments: &[String]) -> Vec<String> {
    use gongkai_core::template::{self, CellId, FormatVersion, TableId};
    use gongkai_core::{ApplicantCells, Applications, ReviewCells, ReviewLitigation};
    let owned = |ids: &[&str]| ids.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let seg: Vec<&str> = segments.iter().map(String::as_str).collect();
    match seg.as_slice() {
        [] => owned(&[
            "metadata",
            "sections",
            "active_disclosure",
            "applications",
            "review_litigation",
            "issues",
        ]),
        ["metadata"] => owned(&[
            "title",
            "organisation",
            "year",
            "format",
            "input",
            "encoding",
        ]),
        ["applications"] => owned(Applications::IDS),
        ["applications", _] => {
            let mut v = owned(ApplicantCells::IDS);
            v.push("label".into());
            v
        }
        ["review_litigation"] => owned(ReviewLitigation::IDS),
        ["review_litigation", _] => owned(ReviewCells::IDS),
        // 表二's rows in the 2019 format's order (it has every row), its columns in the
        // template's: the fields of both formats.
        ["active_disclosure"] => {
            let mut v = owned(&["format"]);
            v.extend(owned(&template::rows_in_format(
                TableId::ActiveDisclosure,
                FormatVersion::F2019,
            )));
            v
        }
        ["active_disclosure", _] => {
            let mut v = owned(&["label"]);
            for id in CellId::of_table(TableId::ActiveDisclosure) {
                if !v.iter().any(|c| c == id.column()) {
                    v.push(id.column().to_owned());
                }
            }
            v.push("amount_unit".into());
            v
        }
        ["sections", _] => owned(&["id", "heading", "text"]),
        _ => owned(&["status", "value", "raw", "span"]),
    }
}
