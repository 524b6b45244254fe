//! Structured input: a report given as data (JSON or YAML following
//! `schemas/report-input.schema.json`), as a form or statistics system writes it before any
//! document exists — or as `gongkai extract` wrote it.
//!
//! The file is parsed into a tree whose nodes keep their byte range, validated against the input
//! schema, and turned into a [`Report`] whose every span is the place of the value in *this*
//! file, so that findings are drawn on the JSON or YAML the user gave. A file that breaks the
//! schema is no report: it is refused with one located [`Problem`] per violation.

#[cfg(feature = "structured")]
mod convert;
#[cfg(feature = "structured")]
mod messages;
#[cfg(feature = "structured")]
mod read;
mod schema;
#[cfg(feature = "structured")]
mod tree;

use gongkai_core::{Source, Span};

pub use schema::{input_schema, input_schema_json};

use crate::{Extracted, ReadError, ReadOptions};
use gongkai_diagnostic::{Diagnostic, Label, Lang, SCHEMA_CODE, Severity};

/// At most this many problems are listed for one file: past that, the file is plainly not in
/// the expected shape, and more would bury the first.
#[cfg(feature = "structured")]
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
///
/// # Errors
/// The reader's errors of a structured report (not JSON/YAML, breaks the schema, too large…).
#[cfg(feature = "structured")]
pub(crate) fn read(
    bytes: &[u8],
    name: &str,
    options: &ReadOptions,
) -> Result<Extracted, ReadError> {
    read::read(bytes, name, options)
}

/// Without the `structured` feature a JSON or YAML file is refused, saying so: read as text it
/// would only fail as "not a report", which hides the reason.
#[cfg(not(feature = "structured"))]
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn read(
    _bytes: &[u8],
    _name: &str,
    _options: &ReadOptions,
) -> Result<Extracted, ReadError> {
    Err(ReadError::StructuredDisabled)
}
