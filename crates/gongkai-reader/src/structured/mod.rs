//! Structured input: a report given as data (JSON or YAML following
//! `schemas/report-input.schema.json`), as a form or statistics system writes it before any
//! document exists — or as `gongkai extract` wrote it.
//!
//! The file is parsed into a tree whose nodes keep their byte range, validated against the input
//! schema, and turned into a [`Report`] whose every span is the place of the value in *this*
//! file, so that findings are drawn on the JSON or YAML the user gave. A file that breaks the
//! schema is no report: it is refused with one located [`Problem`] per violation.

mod convert;
mod messages;
mod schema;
mod tree;

use gongkai_core::{Report, Source, Span};

pub use schema::{input_schema, input_schema_json};

use crate::{Extracted, ReadError, ReadOptions};
use gongkai_diagnostic::{Diagnostic, Label, Lang, SCHEMA_CODE, Severity};
use tree::{Node, ParseProblem};

/// At most this many problems are listed for one file: past that, the file is plainly not in
/// the expected shape, and more would bury the first.
const MAX_PROBLEMS: usize = 50;

/// A structured report that could not be read: its text, and each problem with its place.
#[derive(Debug, Clone)]
pub struct StructuredError {
    /// The text of the file, which every problem's span points into.
    pub source: Source,
    /// The problems, in the order of the file.
    pub problems: Vec<Problem>,
}

/// One problem of a structured report: a syntax error, or a value that breaks the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file: the value at fault, or the key of an unknown field.
    pub span: Span,
    /// The JSON pointer of the value at fault (`/applications/new_received/natural_person`);
    /// empty for a syntax error.
    pub pointer: String,
    /// What is wrong, in Chinese, naming the place by the form's labels.
    pub message: String,
    /// The same in English.
    pub message_en: String,
}

impl StructuredError {
    /// The first problem, as [`ReadError::text`](crate::ReadError::text) appends it to the
    /// count ("；第 3 行第 5 列：…"); empty when there is none.
    pub(crate) fn first_problem(&self, lang: Lang) -> String {
        self.problems.first().map_or(String::new(), |p| {
            crate::messages::FIRST_PROBLEM.fill(
                lang,
                &[
                    ("line", &p.span.line),
                    ("column", &p.span.column),
                    ("message", &p.message(lang)),
                ],
            )
        })
    }

    /// One error-severity diagnostic per problem, at its place in the file, in `lang`: how every
    /// output format shows where a structured report breaks its schema.
    pub fn diagnostics(&self, lang: Lang) -> Vec<Diagnostic> {
        self.problems
            .iter()
            .map(|p| Diagnostic {
                code: SCHEMA_CODE.to_owned(),
                severity: Severity::Error,
                message: p.message(lang).to_owned(),
                help: None,
                expected: None,
                labels: vec![Label::primary(p.span)],
                also: Vec::new(),
            })
            .collect()
    }
}

impl Problem {
    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message,
            Lang::En => &self.message_en,
        }
    }
}

impl std::fmt::Display for StructuredError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = self.problems.len();
        let first = self.first_problem(Lang::Zh);
        let entry = crate::messages::entry(gongkai_diagnostic::ReadKind::InvalidStructure);
        f.write_str(
            &entry
                .message
                .fill(Lang::Zh, &[("count", &count), ("first", &first)]),
        )
    }
}

/// Whether a file is structured input: by its extension (`.json`, `.yaml`, `.yml`), or, for
/// other names, a text that starts with `{` (no annual report does).
pub fn is_structured(bytes: &[u8], name: &str) -> bool {
    let ext = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("json" | "yaml" | "yml")) {
        return true;
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{')
}

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
