//! Checks for gongkai, declared in YAML: table arithmetic (勾稽关系), narrative cross-references,
//! structure, and year-over-year rules.
//!
//! Findings are values, not errors: evaluating rules on a [`gongkai_core::Report`] yields one
//! [`RuleResult`] per rule — pass, findings, skipped (with the reason) or error — and a rule that
//! cannot evaluate never passes silently.
//!
//! This crate does no I/O: rule files are handed to it as text, and it builds for
//! `wasm32-unknown-unknown`.

mod finding;

pub use finding::{DocumentRole, Finding, Label, Lang, Outcome, RuleResult, Severity};
