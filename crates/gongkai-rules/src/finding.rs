use serde::{Deserialize, Serialize};

pub use gongkai_diagnostic::{DocumentRole, Label, Lang, Severity};

/// One problem found by one rule: a [`gongkai_diagnostic::Diagnostic`] whose code is the rule's
/// id.
pub type Finding = gongkai_diagnostic::Diagnostic;

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
