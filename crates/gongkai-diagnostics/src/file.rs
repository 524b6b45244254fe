use gongkai_core::{FormatVersion, InputKind, Source, Span};
use gongkai_diagnostic::{Diagnostic, DocumentRole, ErrorKind, SCHEMA_CODE, Severity};

/// What happened to one input file, borrowed for rendering.
///
/// Every renderer takes one of these per file, so that a batch can render each file as soon as it
/// is checked and drop its text (the run-level parts, [`Summary`](crate::Summary) and the SARIF
/// log, are assembled from small per-file pieces).
#[derive(Debug, Clone, Copy)]
pub struct FileView<'a> {
    /// The path as the user gave it (or as found under a directory they gave).
    pub path: &'a str,
    /// Checked, or why not.
    pub status: FileStatus<'a>,
}

/// Checked with findings, or not readable as a report.
#[derive(Debug, Clone, Copy)]
pub enum FileStatus<'a> {
    /// Read and checked.
    Checked(CheckedFile<'a>),
    /// Could not be read as a report (exit code 2 in the CLI).
    Failed(&'a FileError),
    /// Could not be read as a report, with the places in the file that make it unreadable: a
    /// structured (JSON/YAML) report that breaks its schema. Counted as failed (exit code 2);
    /// each problem is shown like a finding on the file.
    Invalid {
        /// Why, as for [`FileStatus::Failed`].
        error: &'a FileError,
        /// The file's text and one error-severity finding per problem.
        problems: CheckedFile<'a>,
    },
}

/// A file that was read and checked.
#[derive(Debug, Clone, Copy)]
pub struct CheckedFile<'a> {
    /// The text every span of the findings labelled [`DocumentRole::Current`] points into.
    pub source: &'a Source,
    /// Last year's report, for labels labelled [`DocumentRole::Previous`], with its path.
    pub previous: Option<(&'a str, &'a Source)>,
    /// What kind of input the file was.
    pub input: InputKind,
    /// The form version its tables follow.
    pub form: FormatVersion,
    /// The findings, in the order they should be shown.
    pub findings: &'a [Diagnostic],
}

/// Why a file could not be read as a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The stable, machine-readable kind: its name (`empty`, `binary`, `not_a_report`,
    /// `too_large`, `io`…) is the JSON output's `kind`, its code (`gongkai::read::empty`,
    /// `gongkai::pdf::encrypted`) what the other outputs show.
    pub kind: ErrorKind,
    /// The message for the user, in the run's language.
    pub message: String,
}

impl FileError {
    /// An error of `kind` with `message`.
    pub fn new(kind: impl Into<ErrorKind>, message: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            message: message.into(),
        }
    }
}

/// What renderers need to know about a rule beyond its findings (SARIF rule metadata, links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// The rule id.
    pub id: String,
    /// The one-line title.
    pub title: String,
    /// The longer description (what it checks, why it matters, how to fix), if any.
    pub description: Option<String>,
    /// The rule's default severity.
    pub severity: Severity,
}

impl<'a> CheckedFile<'a> {
    /// The source a label's span points into, and the path of that source.
    pub(crate) fn source_of(
        &self,
        role: DocumentRole,
        path: &'a str,
    ) -> Option<(&'a str, &'a Source)> {
        match role {
            DocumentRole::Current => Some((path, self.source)),
            DocumentRole::Previous => self.previous,
        }
    }
}

/// Where a span ends: 1-based line and character column of the position just past its last
/// character (what SARIF calls `endLine`/`endColumn`), a line of the whole text. SARIF and
/// GitHub annotations have no pages: their lines are the text's (a PDF's rebuilt text).
pub(crate) fn span_end(source: &Source, span: Span) -> (u32, u32) {
    let loc = source.lines().locate(source.text(), span.end());
    (loc.line, loc.column)
}

/// The link to a rule's documentation.
///
/// Built from the repository URL the package was published with, so that links follow the project
/// when it moves.
pub fn rule_url(rule: &str) -> String {
    if rule == SCHEMA_CODE {
        return format!(
            "{}/blob/main/docs/structured-input.md",
            env!("CARGO_PKG_REPOSITORY").trim_end_matches('/')
        );
    }
    format!(
        "{}/blob/main/docs/rules/{rule}.md",
        env!("CARGO_PKG_REPOSITORY").trim_end_matches('/')
    )
}
