use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use gongkai_core::{FormatVersion, InputKind, Source, Span};
use gongkai_diagnostic::{Diagnostic, DocumentRole, ErrorKind, Lang, SCHEMA_CODE, Severity};

use crate::text::words;

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
    /// The rules that could not check this report, with why: shown in every format, since a
    /// rule that did not run must not pass for one that found nothing.
    pub skipped: &'a [SkippedRule],
    /// How many rules ran on the report (found something or passed): "未发现问题" is said only
    /// when some did.
    pub rules_ran: usize,
}

/// A rule that did not check a report, and why (no previous report given, a cell missing,
/// another form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SkippedRule {
    /// The rule id.
    pub rule: String,
    /// Why, in the run's language.
    pub reason: String,
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

/// What renderers need to know about a rule beyond its findings (SARIF rule metadata, headers,
/// links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// The rule id.
    pub id: String,
    /// The one-line title, in the run's language.
    pub title: String,
    /// The longer description (what it checks, why it matters, how to fix), if any.
    pub description: Option<String>,
    /// The rule's default severity.
    pub severity: Severity,
    /// A real documentation page, if there is one: the rule's own `url:`, or the run's
    /// `--docs-url` base with the id (see [`docs_url`]). `None` points to
    /// `gongkai rules explain <id>` instead: a link that leads nowhere is worse than none.
    pub url: Option<String>,
}

/// The rules of a run as the renderers look them up by a finding's code: titles for headers,
/// documentation links. An empty catalogue (the default) names findings by their code alone.
#[derive(Debug, Clone, Default)]
pub struct RuleDocs {
    rules: HashMap<String, RuleInfo>,
}

impl RuleDocs {
    /// The catalogue of `rules`.
    pub fn new(rules: &[RuleInfo]) -> Self {
        Self {
            rules: rules.iter().map(|r| (r.id.clone(), r.clone())).collect(),
        }
    }

    /// The rule with id `code`, if it is one of the run's.
    pub fn get(&self, code: &str) -> Option<&RuleInfo> {
        self.rules.get(code)
    }

    /// The documentation URL of the rule `code`, when there is a real one.
    pub fn url(&self, code: &str) -> Option<&str> {
        self.get(code).and_then(|r| r.url.as_deref())
    }

    /// The title of `code` in `lang`: the rule's, or for the reader's schema problems the
    /// renderers' own words; `None` for a code of no known rule.
    pub fn title(&self, code: &str, lang: Lang) -> Option<&str> {
        if code == SCHEMA_CODE {
            return Some(words(lang).schema_title);
        }
        self.get(code).map(|r| r.title.as_str())
    }

    /// Where a person reads more about `code` when there is no documentation URL: the command
    /// that prints the rule's page (for schema problems, the schema itself).
    pub fn pointer(code: &str) -> String {
        if code == SCHEMA_CODE {
            "gongkai schema report-input".to_owned()
        } else {
            format!("gongkai rules explain {code}")
        }
    }
}

/// The documentation URL of rule `id` under `base` (`--docs-url`, `docs-url` in gongkai.toml):
/// `{id}` in `base` is replaced by the id; otherwise the page is `<base>/<id>.md`, the layout of
/// `docs/rules/` in the repository.
pub fn docs_url(base: &str, id: &str) -> String {
    if base.contains("{id}") {
        base.replace("{id}", id)
    } else {
        format!("{}/{id}.md", base.trim_end_matches('/'))
    }
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
