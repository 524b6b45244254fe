//! The diagnostic of gongkai: the one value every part that finds a problem produces and every
//! renderer consumes.
//!
//! A [`Diagnostic`] is a code, a [`Severity`], a message, [`Label`]s on the report and help —
//! already in the run's [`Lang`]uage. The rules produce one per finding; the reader produces them
//! for the places where a structured report breaks its schema; a file that cannot be read at all
//! is an [`ErrorKind`] with its message. The renderers (`gongkai-diagnostics`: human, JSON,
//! SARIF, GitHub) know these types and nothing of the rule engine or the readers.
//!
//! The key decision is that this crate sits **below** the reader, the PDF reader and the rules
//! (the model of `oxc_diagnostics`): so that any of them can say what is wrong in the same terms,
//! and a crate's own messages live beside it, in its [`catalogue`] keyed by message id, in both
//! languages — a missing translation is a test failure, not a fallback.
//!
//! [`Snippet`] is here too: the lines of a file around some labels as miette source code, used by
//! the human renderer, the rule loader and the CLI's configuration errors alike.
//!
//! This crate does no I/O and builds for `wasm32-unknown-unknown`.

pub mod catalogue;
mod diagnostic;
mod kind;
mod place;
mod snippet;

pub use diagnostic::{Diagnostic, DocumentRole, Label, Lang, SCHEMA_CODE, Severity};
pub use kind::{ErrorKind, FileKind, PdfKind, ReadKind};
pub use place::{place_fields, place_words};
pub use snippet::Snippet;
