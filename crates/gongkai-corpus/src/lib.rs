//! Synthetic 政府信息公开工作年度报告 for recall tests and benchmarks.
//!
//! [`generate`] makes report number `index` of the corpus of a `seed`: a body, a year, one of the
//! two official formats, tables 2 to 4 in which every relation of the form holds, and a
//! narrative that states the same numbers — written as plain text (PDF-like with page footers
//! and labels broken across lines, TAB-separated, or a cell per line), markdown, HTML (tables
//! with rowspan/colspan) or DOCX (the official template, filled). A share of the reports get one
//! injected error (a total off by k, a narrative number contradicting its table, a missing row
//! or section, a blank cell, …), recorded with every finding it must produce: the rule id and
//! the cell, row or narrative text the finding must point at.
//!
//! The key decision is that the generator knows the form only through
//! [`gongkai_core::template`] and knows the rules only through the expectations it records: the
//! recall test then checks the reader and the rules against it, and a disagreement is either a
//! bug in them or a wrong expectation here — never silently absorbed.
//!
//! Everything is deterministic for a seed (its own SplitMix64, no external RNG), and a report
//! depends only on `(seed, index)`, so a corpus of 100 is the first 100 of a corpus of 100,000.

// A text generator: `push_str(&format!(..))` reads as the text it writes, and short names
// (m = model, f = facts, k = the offset injected) follow the form's own notation.
#![allow(clippy::format_push_string, clippy::many_single_char_names)]

mod docx;
mod form_style;
mod html;
mod inject;
mod markdown;
mod model;
mod narrative;
mod producers;
mod rng;
mod text;
mod truth;

use gongkai_core::FormatVersion;
use serde::{Deserialize, Serialize};

pub use docx::{TEMPLATE_2021, fill_template};
pub use inject::ERROR_KINDS;
pub use producers::{
    PDF_CORPUS_ERROR_RATE, PDF_CORPUS_SEED, PDF_ERROR_KINDS, PdfEntry, Rotate, Variant, pdf_input,
};
pub use truth::Cells;

use crate::rng::Rng;

/// The kind of file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Plain text: PDF-like (wrapped, page footers), TAB-separated, or a cell per line.
    Text,
    /// Markdown with pipe tables.
    Md,
    /// An HTML page with tables (rowspan/colspan).
    Html,
    /// A DOCX made from the official 2021 template.
    Docx,
}

impl Kind {
    /// All kinds.
    pub const ALL: [Kind; 4] = [Kind::Text, Kind::Md, Kind::Html, Kind::Docx];

    /// The name used on the command line and in the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Md => "md",
            Kind::Html => "html",
            Kind::Docx => "docx",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Text => "txt",
            Kind::Md => "md",
            Kind::Html => "html",
            Kind::Docx => "docx",
        }
    }

    /// The kind named `name` ("text", "md"/"markdown", "html", "docx").
    pub fn from_name(name: &str) -> Option<Kind> {
        match name.trim() {
            "text" | "txt" => Some(Kind::Text),
            "md" | "markdown" => Some(Kind::Md),
            "html" | "htm" => Some(Kind::Html),
            "docx" => Some(Kind::Docx),
            _ => None,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The kinds to choose from (each report picks one).
    pub kinds: Vec<Kind>,
    /// The share of reports (0.0–1.0) that get one injected error.
    pub error_rate: f64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            kinds: Kind::ALL.to_vec(),
            error_rate: 0.3,
        }
    }
}

/// Where a finding must point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum Location {
    /// A table cell, by the model's ids (e.g. `applications` / `total` / `natural_person`).
    Cell {
        /// `active_disclosure`, `applications` or `review_litigation`.
        table: String,
        /// The row id (for 表四 the group id).
        row: String,
        /// The column id.
        column: String,
    },
    /// A whole row of a table (a missing row: the finding names it).
    Row {
        /// The table id.
        table: String,
        /// The row id.
        row: String,
    },
    /// Narrative text of a section: the finding's primary span contains `text`.
    Narrative {
        /// The section id.
        section: String,
        /// Text the primary span must contain (the injected number, the quoted words).
        text: String,
    },
    /// A section (a missing section: the finding names it).
    Section {
        /// The section id.
        section: String,
    },
    /// The report as a whole (no place in particular).
    Report,
}

/// A finding an injected error must produce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expected {
    /// The rule id that must fire.
    pub rule: String,
    /// Where its primary label must point.
    pub location: Location,
}

/// The injected error of a report, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Injected {
    /// The kind of error (one of [`ERROR_KINDS`]).
    pub error: String,
    /// The value or text before the change.
    pub original: String,
    /// The value or text written instead ("" for something removed).
    pub injected: String,
    /// Every finding it must produce (all other rules stay silent at warning and above).
    pub expected: Vec<Expected>,
}

/// One generated report.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The file name (`000017.txt`).
    pub name: String,
    /// The kind of file.
    pub kind: Kind,
    /// The layout within the kind (`pdf`, `tsv`, `cells`, `pipe`, `per-row`, `portal`, `template`).
    pub layout: &'static str,
    /// The official format of the tables.
    pub format: FormatVersion,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The injected error, if any.
    pub injected: Option<Injected>,
}

/// One line of the manifest (JSON Lines): one expected finding of one injected error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestLine {
    /// The file name.
    pub file: String,
    /// The kind of file.
    pub kind: Kind,
    /// The layout within the kind.
    pub layout: String,
    /// "2021" or "2019".
    pub format: String,
    /// The kind of error.
    pub error: String,
    /// The rule that must fire.
    pub rule: String,
    /// Where its finding must point.
    pub location: Location,
    /// The value before the change.
    pub original: String,
    /// The value written instead.
    pub injected: String,
}

impl Generated {
    /// The manifest lines of this report (none for a clean report).
    pub fn manifest_lines(&self) -> Vec<ManifestLine> {
        let Some(inj) = &self.injected else {
            return Vec::new();
        };
        inj.expected
            .iter()
            .map(|e| ManifestLine {
                file: self.name.clone(),
                kind: self.kind,
                layout: self.layout.to_owned(),
                format: format_name(self.format).to_owned(),
                error: inj.error.clone(),
                rule: e.rule.clone(),
                location: e.location.clone(),
                original: inj.original.clone(),
                injected: inj.injected.clone(),
            })
            .collect()
    }
}

pub(crate) fn format_name(f: FormatVersion) -> &'static str {
    match f {
        FormatVersion::F2019 => "2019",
        _ => "2021",
    }
}

/// Generates report `index` of the corpus of `seed`.
pub fn generate(seed: u64, index: u64, options: &Options) -> Generated {
    let mut rng = Rng::for_report(seed, index);
    let kinds = if options.kinds.is_empty() {
        &Kind::ALL[..]
    } else {
        &options.kinds[..]
    };
    let kind = *rng.pick(kinds);
    // The official DOCX template is the 2021 form.
    let (m, injected) = model_with_error(
        &mut rng,
        kind == Kind::Docx,
        options.error_rate,
        ERROR_KINDS,
    );
    let truth = m.facts_from_tables(&mut Rng::for_report(0, 0));
    let (layout, bytes) = match kind {
        Kind::Text => text::render(&m, &truth, &mut rng),
        Kind::Md => markdown::render(&m, &truth, &mut rng),
        Kind::Html => html::render(&m, &truth, &mut rng),
        Kind::Docx => docx::render(&m, &truth, &mut rng),
    };
    Generated {
        name: format!("{index:06}.{}", kind.extension()),
        kind,
        layout,
        format: m.format,
        bytes,
        injected,
    }
}

/// A consistent report, then with probability `error_rate` one error of the kinds `errors`
/// (tried up to eight times: a kind may find no place in this report).
pub(crate) fn model_with_error(
    rng: &mut Rng,
    only_2021: bool,
    error_rate: f64,
    errors: &[&'static str],
) -> (model::Model, Option<Injected>) {
    model_in_with_error(rng, only_2021, false, error_rate, errors)
}

/// [`model_with_error`], with the 2019 format forced when `only_2019`.
pub(crate) fn model_in_with_error(
    rng: &mut Rng,
    only_2021: bool,
    only_2019: bool,
    error_rate: f64,
    errors: &[&'static str],
) -> (model::Model, Option<Injected>) {
    let mut m = model::Model::generate_in(rng, only_2021, only_2019);
    let mut injected = None;
    if rng.chance(error_rate) {
        for _ in 0..8 {
            let error = *rng.pick(errors);
            if let Some(inj) = inject::apply(error, &mut m, rng) {
                injected = Some(Injected {
                    error: inj.error.to_owned(),
                    original: inj.original,
                    injected: inj.injected,
                    expected: inj.expected,
                });
                break;
            }
        }
    }
    (m, injected)
}
