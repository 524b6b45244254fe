//! Checks for gongkai, declared in YAML: table arithmetic (勾稽关系), narrative cross-references,
//! structure, and year-over-year rules.
//!
//! Findings are values, not errors: evaluating a [`RuleSet`] on a [`gongkai_core::Report`]
//! yields one [`RuleResult`] per rule — pass, findings, skipped (with the reason) or error — and a
//! rule that cannot evaluate never passes silently.
//!
//! The key decision is that **rules are data**: one YAML file per rule under `rules/<area>/`,
//! with its documentation, its messages in Chinese and English, and a one-line check written in
//! a small expression language over cell paths (`applications.total.{col}`), so that supervising
//! offices can add checks without Rust. Everything in a rule is checked when it is loaded —
//! paths against the form's ids, placeholders, expressions, patterns — and a mistake is a
//! [`LoadError`] at its line and column with a suggestion. Checks YAML cannot express are
//! [`NativeRule`]s, registered next to the YAML rules.
//!
//! The rule test harness ([`harness`]) runs the `<rule-id>.test.yaml` cases beside each rule.
//!
//! Modules, by idea: `load` (a rule file → a checked `Rule`; `load::refs` what an expression may
//! refer to), `expr` (the check language: `expr::lex` tokens, `expr::parse` the parser, the
//! syntax tree), `paths` (cell paths and the form's ids), `pattern` / `phrase` / `breakdown`
//! (narrative patterns and how a match is read), and `eval`, the evaluation of a rule on a report
//! by one evaluator generic over a trace (the value alone, or with what explains it):
//! `eval::value` (values and the traces), `eval::env` (what an expression is evaluated against;
//! placeholders filled, a cell read in its states), `eval::interp` (operators, facts, captures),
//! `eval::func` (the functions), `eval::explain` (a failed check explained: the failing
//! comparison, the expected value solved for, message and labels), `eval::narrative` (narrative
//! checks), `eval::outcome` (read issues as findings; a rule's outcome from its iterations) and
//! `eval::tests` (the language, table-driven).
//!
//! This crate does no I/O: rule files are handed to it as text, the built-in pack is embedded at
//! build time, and it builds for `wasm32-unknown-unknown`.

mod breakdown;
mod docs;
mod error;
mod eval;
mod expr;
mod file;
mod finding;
pub mod harness;
mod limits;
mod load;
mod lower;
mod meta;
mod native;
mod paths;
mod pattern;
mod phrase;
mod rule;
#[cfg(feature = "schema")]
mod schema;
mod set;

pub use docs::{rule_page, rules_index};
pub use error::{LoadError, LoadErrors};
pub use eval::no_previous_reason;
pub use finding::{DocumentRole, Finding, Label, Lang, Outcome, RuleResult, Severity};
pub use gongkai_diagnostic::{Diagnostic, Snippet};
pub use limits::RuleLimits;
pub use load::NOT_A_RULE_FILE;
pub use meta::{RuleDoc, RuleMeta, Status};
pub use native::{Context, NativeRule};
#[cfg(feature = "schema")]
pub use schema::{rule_schema, rule_schema_json};
pub use set::{RuleSet, RuleSource, builtin_rule_files, builtin_test_files, is_test_file};
