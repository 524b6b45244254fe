//! Diagnostics shown to people and to machines: the crate of gongkai that draws them with miette
//! and writes the JSON output and SARIF. It knows the diagnostic (`gongkai-diagnostic`) and the
//! report's source text, not the rule engine or the readers.
//!
//! A batch may hold thousands of reports, so everything here works on one file at a time: a
//! [`FileView`] borrows a file's source text and findings, each renderer turns it into that file's
//! part of the output, and the run-level pieces ([`Summary`], [`JsonOutput`], [`SarifBuilder`])
//! are assembled from small per-file parts after the file's text is gone.
//!
//! The key decision is that a finding is drawn **on the user's own file**: miette snippets are
//! named by the path and columns are counted in characters (a line of Chinese is three bytes per
//! character); labels on last year's report become a related diagnostic, because miette draws
//! all labels of one diagnostic on one source.
//!
//! This crate does no I/O and decides nothing about terminals: colour and width are options.

mod concise;
mod file;
mod github;
mod help;
#[cfg(feature = "human")]
mod human;
mod json;
mod sarif;
mod summary;
mod text;

pub use concise::{concise_lines, concise_lines_until};
pub use file::{
    CheckedFile, FileError, FileStatus, FileView, RuleDocs, RuleInfo, SkippedRule, docs_url,
};
pub use github::{github_annotations, github_annotations_until};
#[cfg(feature = "human")]
pub use human::{
    FindingDiagnostic, HumanOptions, ReadFailure, handler, render_file, render_file_until,
};
#[cfg(feature = "schema")]
pub use json::json_schema;
pub use json::{
    JSON_VERSION, JsonDiagnostic, JsonDocument, JsonError, JsonFile, JsonLabel, JsonOutput,
    JsonPlace, JsonSeverity, JsonStream, JsonTool, json_file, json_file_until,
};
pub use sarif::{SarifBuilder, SarifFile, SarifLog};
pub use summary::{
    AmbiguousPair, RuleCount, Summary, UnusedPrevious, YearPair, previous_unused_heading,
};
