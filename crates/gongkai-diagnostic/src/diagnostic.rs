use gongkai_core::Span;
use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; never fails a run by default.
    Info,
    /// Probably wrong; fails a run with `--fail-on warning`.
    Warning,
    /// Wrong: the numbers contradict each other or the form.
    Error,
}

/// The language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Every language, for tests that walk a catalogue.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];
}

/// Which report a label points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentRole {
    /// The report being checked.
    #[default]
    Current,
    /// Last year's report of the same body (`--previous`).
    Previous,
}

/// A labelled span of a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there, e.g. "总计 0" or "结果维持 10 + 结果纠正 1 = 11".
    pub message: String,
    /// The cell or sentence at fault (one per diagnostic), as opposed to what it was compared
    /// with.
    pub primary: bool,
    /// Which report the span points into.
    pub document: DocumentRole,
}

impl Label {
    /// The primary label at `span` of the current report, with no message.
    pub fn primary(span: Span) -> Self {
        Self {
            span,
            message: String::new(),
            primary: true,
            document: DocumentRole::Current,
        }
    }
}

/// One problem in a report, already in the run's language: what a rule found, or a place where
/// a structured report breaks its schema.
///
/// The renderers (human, JSON, SARIF, GitHub annotations) draw nothing else: whoever finds a
/// problem (the rules, the readers) says it as a `Diagnostic`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// What kind of problem: the id of the rule that found it
    /// (`applications-balance-mismatch`), or the reader's id for a kind of problem
    /// (`report-schema`).
    pub code: String,
    /// How serious.
    pub severity: Severity,
    /// What is wrong, with the actual numbers ("28 + 0 ≠ 27 + 0").
    pub message: String,
    /// What to do, including the value the cell should have where one follows.
    pub help: Option<String>,
    /// The value the primary cell should have, where one follows from the others.
    pub expected: Option<String>,
    /// Labels: exactly one primary (when the diagnostic has a place at all) and any secondary
    /// ones.
    pub labels: Vec<Label>,
    /// The other relations that the same wrong cell breaks: findings (of other rules, or of the
    /// same rule on another row or column) that setting the primary cell to `expected` removes
    /// as well, given here instead of as findings of their own — one wrong total is one
    /// diagnostic, not four. Empty for a diagnostic that stands alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Diagnostic>,
}

impl Diagnostic {
    /// The primary label on the report checked, if the diagnostic has one.
    pub fn primary_label(&self) -> Option<&Label> {
        self.labels
            .iter()
            .find(|l| l.primary && l.document == DocumentRole::Current)
    }
}

/// The code of the reader's diagnostics on a structured (JSON/YAML) report that breaks its
/// schema; its documentation is `docs/structured-input.md` (every other code is a rule's id,
/// documented at `docs/rules/<code>.md`).
pub const SCHEMA_CODE: &str = "report-schema";
