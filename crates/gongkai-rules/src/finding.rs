use gongkai_core::Span;
use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
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

/// A labelled span of a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there, e.g. "总计 0" or "结果维持 10 + 结果纠正 1 = 11".
    pub message: String,
    /// The cell or sentence at fault (one per finding), as opposed to what it was compared with.
    pub primary: bool,
    /// Which report the span points into.
    pub document: DocumentRole,
}

/// One problem found by one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The id of the rule, e.g. `applications-balance-mismatch`.
    pub rule: String,
    /// How serious.
    pub severity: Severity,
    /// What is wrong, with the actual numbers ("28 + 0 ≠ 27 + 0").
    pub message: String,
    /// What to do, including the value the cell should have where one follows.
    pub help: Option<String>,
    /// The value the primary cell should have, where one follows from the others.
    pub expected: Option<String>,
    /// Labels: exactly one primary (when the finding has a place at all) and any secondary ones.
    pub labels: Vec<Label>,
}

/// What a rule did on one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Evaluated, nothing found.
    Pass,
    /// Evaluated, found problems.
    Findings {
        /// The findings.
        findings: Vec<Finding>,
    },
    /// Not evaluated, for a stated reason (no previous report given, cell missing, other format).
    Skipped {
        /// Why.
        reason: String,
    },
    /// Could not be evaluated (the rule itself is faulty at run time, e.g. division by zero).
    Error {
        /// Why.
        message: String,
    },
}

/// The outcome of one rule on one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleResult {
    /// The rule's id.
    pub rule: String,
    /// What happened.
    pub outcome: Outcome,
}
