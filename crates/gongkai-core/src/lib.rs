//! The report model of gongkai.
//!
//! A 政府信息公开工作年度报告 (government information-disclosure annual report) is read into a
//! [`Report`]: metadata, the six sections of narrative, and the three tables of the official form.
//! The key decision of this crate is that **nothing read from a file loses its origin**: every
//! number, blank cell, label and sentence carries a [`Span`] into the [`Source`] text it came from,
//! so that any finding can be drawn on the user's own file, and a cell that could not be found is
//! [`Cell::Missing`] — never a silent 0.
//!
//! The official form itself (section headings, row labels and their known variants, column
//! layouts, value kinds) is data in [`template`], in one place, so that readers and rules refer to
//! rows by stable English ids and never scatter Chinese labels through code.
//!
//! This crate does no I/O and builds for `wasm32-unknown-unknown`.

mod access;
mod body;
mod cell;
mod certainty;
mod excerpt;
mod interrupt;
mod page;
mod place;
mod report;
mod source;
mod span;
pub mod template;

pub use access::{CellMut, CellRef, CellState};
pub use body::{body_key, same_body};
pub use cell::{Cell, Count, Money};
pub use certainty::{Uncertain, UncertainReason};
pub use excerpt::{Excerpt, ExcerptLine, MAX_LINE_CHARS, MAX_SPAN_LINES, WINDOW_CHARS};
pub use interrupt::{Interrupt, Interrupted};
pub use page::PageIndex;
pub use place::{Anchor, Place, PlaceIndex};
pub use report::{
    ActiveDisclosure, ActiveDisclosure2019, ActiveDisclosure2021, ApplicantCells, ApplicantRow,
    Applications, DecisionsRow, DocumentsRow, DocumentsRow2019, FeesRow, FoundLabel, InputKind,
    ItemsRow2019, Metadata, NarrativeNumber, ProcurementRow2019, ReadIssue, ReadIssueKind, Report,
    ReviewCells, ReviewGroup, ReviewLitigation, Section, Sentence, Spanned,
};
pub use source::{LineIndex, Location, Position, Source};
pub use span::Span;
pub use template::{CellId, FormatVersion, LabelStyle, SectionId, TableId};
