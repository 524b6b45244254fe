//! The versioned JSON output: one document per run. Its schema is generated from these types
//! (`schemas/diagnostics.schema.json`); the fields named in the output's documentation are kept
//! across versions, new ones may be added.

use gongkai_core::{FormatVersion, InputKind, Interrupt, Interrupted, Place};
use gongkai_diagnostic::{Diagnostic, DocumentRole, Lang, Severity};
use serde::{Deserialize, Serialize};

use crate::file::{CheckedFile, FileStatus, FileView, RuleDocs, SkippedRule};
use crate::help::help_text;
use crate::summary::Summary;

/// The version of the JSON output's shape. Raised when a documented field changes meaning or is
/// removed; adding fields does not raise it.
pub const JSON_VERSION: u32 = 1;

/// The whole output of one `gongkai check --format json` run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(title = "gongkai diagnostics"))]
pub struct JsonOutput {
    /// The version of this shape ([`JSON_VERSION`]).
    pub version: u32,
    /// The tool that wrote it.
    pub tool: JsonTool,
    /// One entry per input file, in the order the files were given (directories: sorted paths).
    pub files: Vec<JsonFile>,
    /// Counts over the whole run.
    pub summary: Summary,
}

impl JsonOutput {
    /// The output for `files`, with their summary.
    pub fn new(files: Vec<JsonFile>, summary: Summary) -> Self {
        Self {
            version: JSON_VERSION,
            tool: JsonTool::default(),
            files,
            summary,
        }
    }
}

/// Writes the same document as [`JsonOutput`] pretty-printed, one file at a time, so a run over
/// 100,000 reports holds one file's output in memory instead of all of them.
///
/// The pieces, concatenated, are byte for byte `serde_json::to_string_pretty` of the
/// [`JsonOutput`] with the same files and summary.
#[derive(Debug, Default)]
pub struct JsonStream {
    files: usize,
}

/// The key before which a [`JsonOutput`]'s pretty text is split into head and tail.
const FILES_KEY: &str = "\"files\": []";

impl JsonStream {
    /// A stream with no file written yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The opening of the document, up to and including the `files` array's `[`.
    pub fn begin(&self) -> String {
        let empty = pretty(&JsonOutput::new(Vec::new(), Summary::default()));
        match empty.split_once(FILES_KEY) {
            Some((head, _)) => format!("{head}\"files\": ["),
            None => String::new(),
        }
    }

    /// One file's entry, with the separator before it.
    pub fn file(&mut self, file: &JsonFile) -> String {
        let mut out = String::from(if self.files == 0 { "\n" } else { ",\n" });
        self.files += 1;
        for (i, line) in pretty(file).lines().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str("    ");
            out.push_str(line);
        }
        out
    }

    /// The close of the `files` array and the rest of the document, with a final newline.
    pub fn finish(&self, summary: &Summary) -> String {
        let rest = pretty(&JsonOutput::new(Vec::new(), summary.clone()));
        let tail = rest.split_once(FILES_KEY).map_or("", |(_, tail)| tail);
        let close = if self.files == 0 { "]" } else { "\n  ]" };
        format!("{close}{tail}\n")
    }
}

/// Pretty JSON of a value made of strings, numbers and plain structs, which cannot fail to
/// serialise.
fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Name and version of the tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JsonTool {
    /// Always "gongkai".
    pub name: String,
    /// The version of gongkai.
    pub version: String,
}

impl Default for JsonTool {
    fn default() -> Self {
        Self {
            name: "gongkai".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JsonFile {
    /// The path as given (or as found under a directory given).
    pub path: String,
    /// What kind of input it was read as; `null` when it could not be read.
    pub format: Option<InputKind>,
    /// Which official form its tables follow ("2021", "2019", "unknown"); `null` when it could not
    /// be read.
    pub form: Option<FormatVersion>,
    /// Why the file could not be read as a report; `null` when it was checked.
    pub error: Option<JsonError>,
    /// The findings, in order; empty when the file could not be read.
    pub diagnostics: Vec<JsonDiagnostic>,
    /// The rules that could not check this file, with why (no previous report given, a cell
    /// missing, another form); empty when the file could not be read.
    #[serde(default)]
    pub skipped: Vec<SkippedRule>,
}

/// Why a file could not be read as a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JsonError {
    /// Stable kind in snake_case: `empty`, `binary`, `not_a_report`, `too_large`, `io`…
    pub kind: String,
    /// The message, in the run's language.
    pub message: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JsonDiagnostic {
    /// The rule id.
    pub rule: String,
    /// How serious.
    pub severity: JsonSeverity,
    /// What is wrong, with the numbers involved.
    pub message: String,
    /// What to do, with the expected value; `null` when the rule gives no advice.
    pub help: Option<String>,
    /// The value the primary cell should have, where one follows from the others.
    pub expected: Option<String>,
    /// The rule's documentation page, when there is a real one (the rule's own `url:` or the
    /// run's `--docs-url`); `null` otherwise — `gongkai rules explain <rule>` prints it.
    pub url: Option<String>,
    /// Where: exactly one primary label when the finding has a place, and the cells it was
    /// compared with.
    pub labels: Vec<JsonLabel>,
    /// The other relations the same wrong cell breaks: findings (each in this same shape, with
    /// no `also` of its own) that setting the primary cell to `expected` removes as well, given
    /// here rather than as findings of their own — one wrong total is one finding, not four.
    /// Absent when the finding stands alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<JsonDiagnostic>,
}

/// A labelled span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JsonLabel {
    /// 1-based line of the first character (within its page for a PDF: see `page`).
    pub line: u32,
    /// 1-based column of the first character, counted in characters (Unicode scalar values).
    pub column: u32,
    /// 1-based line of the position just past the last character (within its page for a PDF).
    pub end_line: u32,
    /// 1-based column (in characters) of the position just past the last character.
    pub end_column: u32,
    /// Byte offset in the text as read (UTF-8; for files in other encodings, of their UTF-8
    /// decoding).
    pub offset: usize,
    /// Length in bytes, in the same text.
    pub length: usize,
    /// The characters the span covers.
    pub text: String,
    /// What is there ("总计 0"); may be empty.
    pub message: String,
    /// Whether this is the cell or sentence at fault (as opposed to what it was compared with).
    pub primary: bool,
    /// Which report the span points into: this one, or last year's (`--previous`).
    pub document: JsonDocument,
    /// For a PDF (and text with form feeds, such as pdftotext's output): the 1-based page the
    /// span is on. For a PDF, `line` and `end_line` are then lines *within that page* (of the
    /// text gongkai rebuilt from it: a line per printed line or table row), what a user finds on
    /// the page; `offset` and `length` stay byte positions in the whole rebuilt text. Absent for
    /// other inputs. See `docs/input-formats.md`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// For a Word document: the paragraph or table cell the span starts in, which is what a user
    /// finds in Word (`line` and `column` are of the text gongkai rendered from it: a line per
    /// paragraph or table row). Absent for other inputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<JsonPlace>,
}

/// Where a span is in a Word document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JsonPlace {
    /// In a paragraph outside the tables.
    Paragraph {
        /// 1-based, counting the paragraphs outside tables that show text.
        paragraph: u32,
        /// 1-based character within the paragraph.
        character: u32,
    },
    /// In a table cell.
    Cell {
        /// 1-based, counting the document's tables.
        table: u32,
        /// 1-based row of the table, counting every row.
        row: u32,
        /// 1-based column of the table's grid (a cell spanning two columns counts two).
        column: u32,
    },
}

impl From<Place> for JsonPlace {
    fn from(place: Place) -> Self {
        match place {
            Place::Paragraph {
                paragraph,
                character,
            } => JsonPlace::Paragraph {
                paragraph,
                character,
            },
            Place::Cell { table, row, column } => JsonPlace::Cell { table, row, column },
        }
    }
}

/// Severity in the JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum JsonSeverity {
    /// Wrong.
    Error,
    /// Probably wrong.
    Warning,
    /// Worth knowing.
    Info,
}

impl From<Severity> for JsonSeverity {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Error => JsonSeverity::Error,
            Severity::Warning => JsonSeverity::Warning,
            Severity::Info => JsonSeverity::Info,
        }
    }
}

/// Which report a label points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum JsonDocument {
    /// The report checked (`path` of the file).
    Current,
    /// Last year's report given with `--previous`.
    Previous,
}

/// The JSON entry for one file.
pub fn json_file(file: &FileView<'_>, lang: Lang) -> JsonFile {
    // Without an interrupt nothing stops it; the empty entry is never made.
    json_file_until(file, lang, &RuleDocs::default(), None).unwrap_or_else(|Interrupted| JsonFile {
        path: file.path.to_owned(),
        format: None,
        form: None,
        error: None,
        diagnostics: Vec::new(),
        skipped: Vec::new(),
    })
}

/// As [`json_file`], with the documentation links of `rules`, asking `interrupt` before each
/// finding (a caller's time limit per file).
///
/// # Errors
/// [`Interrupted`] when `interrupt` says stop.
pub fn json_file_until(
    file: &FileView<'_>,
    lang: Lang,
    rules: &RuleDocs,
    interrupt: Option<&Interrupt>,
) -> Result<JsonFile, Interrupted> {
    let error = |error: &crate::FileError| JsonError {
        kind: error.kind.name().to_owned(),
        message: error.message.clone(),
    };
    Ok(match file.status {
        FileStatus::Failed(e) => JsonFile {
            path: file.path.to_owned(),
            format: None,
            form: None,
            error: Some(error(e)),
            diagnostics: Vec::new(),
            skipped: Vec::new(),
        },
        // The file is no report (format and form stay null), but its problems have places.
        FileStatus::Invalid { error: e, problems } => JsonFile {
            path: file.path.to_owned(),
            format: None,
            form: None,
            error: Some(error(e)),
            diagnostics: diagnostics(file.path, &problems, lang, rules, interrupt)?,
            skipped: Vec::new(),
        },
        FileStatus::Checked(checked) => JsonFile {
            path: file.path.to_owned(),
            format: Some(checked.input),
            form: Some(checked.form),
            error: None,
            diagnostics: diagnostics(file.path, &checked, lang, rules, interrupt)?,
            skipped: checked.skipped.to_vec(),
        },
    })
}

fn diagnostics(
    path: &str,
    checked: &CheckedFile<'_>,
    lang: Lang,
    rules: &RuleDocs,
    interrupt: Option<&Interrupt>,
) -> Result<Vec<JsonDiagnostic>, Interrupted> {
    checked
        .findings
        .iter()
        .map(|f| {
            Interrupt::poll(interrupt)?;
            Ok(diagnostic(f, path, checked, lang, rules))
        })
        .collect()
}

fn diagnostic(
    f: &Diagnostic,
    path: &str,
    checked: &CheckedFile<'_>,
    lang: Lang,
    rules: &RuleDocs,
) -> JsonDiagnostic {
    JsonDiagnostic {
        rule: f.code.clone(),
        severity: f.severity.into(),
        message: f.message.clone(),
        help: help_text(f, lang),
        expected: f.expected.clone(),
        url: rules.url(&f.code).map(str::to_owned),
        labels: f
            .labels
            .iter()
            .filter_map(|l| {
                let (_, source) = checked.source_of(l.document, path)?;
                // Lines as the source shows them (within the page for a PDF); a page is
                // a binary search in the source's page index, not a scan of the text
                // before the span (8,000 findings on one report).
                let start = source.position(l.span.offset);
                let end = source.position(l.span.end());
                Some(JsonLabel {
                    line: start.line,
                    column: l.span.column,
                    end_line: end.line,
                    end_column: end.column,
                    offset: l.span.offset,
                    length: l.span.length,
                    text: source.slice(l.span).to_owned(),
                    message: l.message.clone(),
                    primary: l.primary,
                    document: match l.document {
                        DocumentRole::Current => JsonDocument::Current,
                        DocumentRole::Previous => JsonDocument::Previous,
                    },
                    page: start.page,
                    place: start.place.map(JsonPlace::from),
                })
            })
            .collect(),
        also: f
            .also
            .iter()
            .map(|a| diagnostic(a, path, checked, lang, rules))
            .collect(),
    }
}

/// The JSON Schema of [`JsonOutput`], as checked in at `schemas/diagnostics.schema.json`
/// (feature `schema`).
#[cfg(feature = "schema")]
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(JsonOutput)).unwrap_or_default()
}
