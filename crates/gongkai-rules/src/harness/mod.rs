//! The rule test harness: runs the cases of `<rule-id>.test.yaml` files.
//!
//! ```yaml
//! cases:
//!   - name: 表四行政复议总计为 0 但结果维持 10、结果纠正 1
//!     expect: fire            # fire | pass | skip
//!     findings: 1             # optional: how many findings
//!     severity: error         # optional: the severity every finding must have
//!     report:                 # a small report, written as data …
//!       review_litigation:
//!         review: [10, 1, 0, 0, 0]
//!   - name: 淮安 2024 原文
//!     expect: pass
//!     fixture: huaian-city-2024.txt   # … or a sample report, with edits
//!     edits:
//!       - replace: 答复 3050 件
//!         with: 答复 3051 件
//! ```
//!
//! A case is a sample report (`fixture`, read through the caller's reader), a text (`text`), or
//! a report written as data (`report`), with `edits` (`replace` text, or `set` a cell to a value,
//! `"/"` for blank or `"~"` for missing), and optionally a `previous` report of the same shape.
//! The harness first checks each expectation; rendering the findings (for snapshots) comes after,
//! so a careless snapshot accept can never hide a rule that stopped firing.
//!
//! The crate does no I/O and has no reader: the caller passes a [`TestEnv`] that reads fixtures
//! and turns text into a [`Report`].
//!
//! The files: this one runs the cases and checks each expectation; `spec.rs` is the YAML dialect
//! of a case's input; `input.rs` builds the report a case names (read, edited); `data.rs` turns a
//! report written as data into a [`Report`] with a small text for its spans; `render.rs` prints
//! outcomes for snapshots.

// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

mod data;
mod input;
mod render;
mod spec;

use gongkai_core::Report;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::LoadError;
use crate::load::{stem_of, yaml_error, yaml_options};
use crate::set::RuleSource;
use crate::{Lang, Outcome, RuleSet};

use input::build;
pub use render::{render_finding, render_outcome};
use spec::InputSpec;

/// What the harness needs from its caller.
pub struct TestEnv<'a> {
    /// Reads a report from a file name and its text (the reader crate's job).
    pub read: &'a dyn Fn(&str, &str) -> Result<Report, String>,
    /// The text of a fixture named in a case (`fixture: huaian-city-2024.txt`).
    pub fixture: &'a dyn Fn(&str) -> Result<String, String>,
}

/// The result of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The rule tested.
    pub rule: String,
    /// The case's name (empty when the test file itself could not be loaded).
    pub case: String,
    /// The test file.
    pub path: String,
    /// The 1-based line of the case in the test file.
    pub line: u32,
    /// `None` when the expectation held; otherwise what went wrong.
    pub failure: Option<String>,
    /// The outcome rendered as text (findings with their labels on the report's text), for
    /// snapshots. Rendered only after the expectation was checked.
    pub rendered: String,
}

impl CaseResult {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    #[serde(default)]
    rule: Option<String>,
    cases: Vec<CaseSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseSpec {
    name: Spanned<String>,
    expect: Expect,
    #[serde(default)]
    findings: Option<usize>,
    /// The severity every finding must have (a finding on an uncertain cell is a warning).
    #[serde(default)]
    severity: Option<crate::Severity>,
    #[serde(default)]
    lang: Option<Lang>,
    #[serde(flatten)]
    input: InputSpec,
    #[serde(default)]
    previous: Option<InputSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Expect {
    Fire,
    Pass,
    Skip,
}

/// Runs the cases of test files against the rules of `set`. A test file that cannot be loaded,
/// or names a rule the set does not have, gives one failed result; every other case still runs.
pub fn run_tests(set: &RuleSet, tests: &[RuleSource<'_>], env: &TestEnv<'_>) -> Vec<CaseResult> {
    let mut out = Vec::new();
    for t in tests {
        let file: TestFile = match serde_saphyr::from_str_with_options(
            t.text,
            yaml_options(set.limits().max_file_bytes),
        ) {
            Ok(f) => f,
            Err(e) => {
                let err = yaml_error(t.path, t.text, &e);
                out.push(file_failure(t.path, &err));
                continue;
            }
        };
        let stem = stem_of(t.path);
        let rule_id = file
            .rule
            .clone()
            .unwrap_or_else(|| stem.strip_suffix(".test").unwrap_or(stem).to_owned());
        let Some(rule) = set.yaml_rule(&rule_id) else {
            out.push(CaseResult {
                rule: rule_id.clone(),
                case: String::new(),
                path: t.path.to_owned(),
                line: 1,
                failure: Some(format!("no rule `{rule_id}` is loaded for this test file")),
                rendered: String::new(),
            });
            continue;
        };
        for case in &file.cases {
            out.push(run_case(set, rule, &rule_id, t, case, env));
        }
    }
    out
}

fn file_failure(path: &str, err: &LoadError) -> CaseResult {
    CaseResult {
        rule: stem_of(path).trim_end_matches(".test").to_owned(),
        case: String::new(),
        path: path.to_owned(),
        line: err.line(),
        failure: Some(format!(
            "{}{}",
            err.message(),
            err.suggestion()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default()
        )),
        rendered: String::new(),
    }
}

fn run_case(
    set: &RuleSet,
    rule: &crate::rule::Rule,
    rule_id: &str,
    t: &RuleSource<'_>,
    case: &CaseSpec,
    env: &TestEnv<'_>,
) -> CaseResult {
    // Lines end at `\n`, as everywhere else in gongkai (load errors, report spans); the YAML
    // parser's own line also counts a lone `\r`, so it is used only without a byte offset.
    let line = case
        .name
        .referenced
        .span()
        .byte_offset()
        .and_then(|b| usize::try_from(b).ok())
        .and_then(|b| t.text.get(..b))
        .map_or_else(
            || u32::try_from(case.name.referenced.line()).unwrap_or(0),
            |before| u32::try_from(before.matches('\n').count() + 1).unwrap_or(u32::MAX),
        );
    let mut result = CaseResult {
        rule: rule_id.to_owned(),
        case: case.name.value.clone(),
        path: t.path.to_owned(),
        line,
        failure: None,
        rendered: String::new(),
    };
    let (report, text) = match build(&case.input, env) {
        Ok(r) => r,
        Err(e) => {
            result.failure = Some(e);
            return result;
        }
    };
    let previous = match &case.previous {
        None => None,
        Some(p) => match build(p, env) {
            Ok(r) => Some(r),
            Err(e) => {
                result.failure = Some(format!("previous: {e}"));
                return result;
            }
        },
    };
    let lang = case.lang.unwrap_or_default();
    let severity = set.get(rule_id).map_or(rule.meta.severity, |m| m.severity);
    let outcome = crate::eval::evaluate(
        rule,
        &report,
        previous.as_ref().map(|p| &p.0),
        lang,
        severity,
        &crate::eval::Shared::default(),
    );
    // Expectations first.
    result.failure = match (&outcome, case.expect) {
        (Outcome::Findings { findings }, Expect::Fire) => match case.findings {
            Some(n) if n != findings.len() => {
                Some(format!("expected {n} findings, got {}", findings.len()))
            }
            _ => case.severity.and_then(|want| {
                findings.iter().find(|f| f.severity != want).map(|f| {
                    format!(
                        "expected every finding to be {want:?}, got {:?}",
                        f.severity
                    )
                })
            }),
        },
        (Outcome::Pass, Expect::Pass) | (Outcome::Skipped { .. }, Expect::Skip) => None,
        (o, e) => Some(format!(
            "expected {}, got {}",
            match e {
                Expect::Fire => "findings",
                Expect::Pass => "pass",
                Expect::Skip => "skip",
            },
            describe(o)
        )),
    };
    result.rendered = render_outcome(&outcome, &text, previous.as_ref().map(|p| p.1.as_str()));
    result
}

fn describe(o: &Outcome) -> String {
    match o {
        Outcome::Pass => "pass".into(),
        Outcome::Findings { findings } => format!(
            "{} finding(s): {}",
            findings.len(),
            findings
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        Outcome::Skipped { reason } => format!("skip ({reason})"),
        Outcome::Error { message } => format!("error ({message})"),
    }
}
