//! gongkai checks Chinese government information-disclosure annual reports
//! (政府信息公开工作年度报告): tables whose totals don't add up, narrative numbers that contradict
//! the tables, missing sections and rows, data inconsistent with last year's report.
//!
//! This façade is the library API: a handful of types and one call for the common case. A
//! [`Checker`] holds the rules and options; [`Checker::check`] takes a file's bytes and returns
//! a [`Checked`] report — the extracted model and the findings — which the renderers turn into
//! text for a person ([`Checked::render`]), the JSON output ([`Checked::to_json`]) or SARIF.
//!
//! ```no_run
//! let checker = gongkai::Checker::new()?;
//! let bytes = std::fs::read("report.txt")?;
//! match checker.check(&bytes, "report.txt") {
//!     Ok(checked) => {
//!         for finding in checked.findings() {
//!             println!("{}: {}", finding.code, finding.message);
//!         }
//!         print!("{}", checked.render("report.txt", &gongkai::HumanOptions::default()));
//!     }
//!     Err(e) => eprintln!("not a report: {e}"),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The parts are here as modules — [`core`] (the report model), [`diagnostic`] (the diagnostic,
//! its languages and error kinds), [`reader`], [`pdf`] (feature `pdf`), [`rules`] and
//! [`render`] (human, JSON, SARIF, GitHub) — so that a caller, the `gongkai` program among them,
//! depends on this crate alone. The modules of the façade itself: `checked` (a report read and
//! checked), [`compare`] (one body's reports side by side), [`pairing`] (each report of a run with its body's report of the year before), [`reuse`] (how much of last year's narrative a report repeats), `error` (why a file could not be checked, as the renderers show it), `deadline`
//! (one file's time limit), `messages` (its zh/en catalogue) and [`table`] (rows out).
//!
//! The library never prints, never exits and keeps no global state; reading a path
//! ([`Checker::check_path`]) is its only I/O. See `docs/embedding.md`.

// The crates, as modules of the façade (as ripgrep's `grep` crate does): the CLI and any other
// caller depend on this crate alone and reach the parts by these names.
pub use gongkai_core as core;
pub use gongkai_diagnostic as diagnostic;
pub use gongkai_diagnostics as render;
#[cfg(feature = "pdf")]
pub use gongkai_pdf as pdf;
pub use gongkai_reader as reader;
pub use gongkai_rules as rules;

mod checked;
pub mod compare;
mod deadline;
mod error;
mod group;
mod messages;
pub mod pairing;
pub mod reuse;
pub mod table;
mod truncated;

use std::path::Path;
use std::time::Duration;

pub use checked::Checked;
pub use deadline::Deadline;
pub use error::{
    Error, Failure, NotAFileKind, Stage, failure, file_error, internal_error, read_file,
};

/// What the operating system said about `error`, in `lang`: the standard library's text is
/// English only ("No such file or directory (os error 2)"); a kind without words of its own keeps
/// the system's text inside generic words, so nothing it said is lost.
pub fn os_error_text(error: &std::io::Error, lang: Lang) -> String {
    messages::os_error(error, lang)
}

pub use gongkai_core::{Cell, FormatVersion, InputKind, Report, Source, Span};
pub use gongkai_diagnostic::{
    Diagnostic, ErrorKind, FileKind, PdfKind, ReadKind, SCHEMA_CODE, catalogue,
};
#[cfg(feature = "human")]
pub use gongkai_diagnostics::HumanOptions;
pub use gongkai_diagnostics::{
    FileError, FileView, JsonFile, JsonOutput, SarifBuilder, SarifLog, Summary,
};
pub use gongkai_reader::{Extracted, Interrupt, Problem, ReadError, ReadOptions, StructuredError};
pub use gongkai_rules::{
    DocumentRole, Finding, Label, Lang, LoadErrors, Outcome, RuleLimits, RuleMeta, RuleResult,
    RuleSet, RuleSource, Severity,
};

use checked::findings_of;

/// Reads and checks one report with the built-in rules, in Chinese: the shortcut for a single
/// file. To check many files, build a [`Checker`] once and reuse it.
///
/// # Errors
/// [`Error::Rules`] if the built-in rules do not load (a broken build), [`Error::Read`] when the
/// bytes are no readable report.
pub fn check(bytes: &[u8], name: &str) -> Result<Checked, Error> {
    Checker::new()?.check(bytes, name)
}

/// Checks reports: holds the rules, the language of messages and the reading limits.
///
/// Loading the rules is the costly part; a checker is built once and shared (`&Checker` is all a
/// check needs, from any thread).
#[derive(Debug)]
pub struct Checker {
    rules: RuleSet,
    lang: Lang,
    read: ReadOptions,
    time_limit: Option<Duration>,
}

impl Checker {
    /// A checker with the built-in rules, messages in Chinese and default limits.
    ///
    /// # Errors
    /// When the built-in rules do not load — never in a released build (a test loads them).
    pub fn new() -> Result<Self, LoadErrors> {
        let mut rules = RuleSet::builtin()?;
        reuse::add_rules(&mut rules, reuse::DEFAULT_THRESHOLD_PERMILLE)
            .map_err(|e| LoadErrors(vec![e]))?;
        Ok(Self::with_rules(rules))
    }

    /// A checker with these rules.
    pub fn with_rules(rules: RuleSet) -> Self {
        Self {
            rules,
            lang: Lang::default(),
            read: ReadOptions::default(),
            time_limit: None,
        }
    }

    /// The rules.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The rules, to select, ignore, re-grade or add rules.
    pub fn rules_mut(&mut self) -> &mut RuleSet {
        &mut self.rules
    }

    /// The same checker with messages in `lang`.
    #[must_use]
    pub fn with_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The same checker with these reading options (size limit).
    #[must_use]
    pub fn with_read_options(mut self, read: ReadOptions) -> Self {
        self.read = read;
        self
    }

    /// The same checker with a limit on the time one file may take (none by default): reading,
    /// a PDF's layout, the rules and (for a caller that renders under the same [`Deadline`])
    /// rendering.
    ///
    /// Text, HTML and DOCX files are stopped between reading steps once the limit has passed
    /// ([`Error::TimedOut`], naming the [`Stage`]); a PDF's `pdftotext` is killed when it runs
    /// past the limit (without a limit here, after `gongkai_pdf`'s default of 30 s), and its
    /// layout is checked before and after; the rules are asked before each rule.
    #[must_use]
    pub fn with_time_limit(mut self, limit: Option<Duration>) -> Self {
        self.time_limit = limit;
        self
    }

    /// The limit on the time one file may take.
    pub fn time_limit(&self) -> Option<Duration> {
        self.time_limit
    }

    /// One file's deadline under this checker's time limit, starting now (none without a
    /// limit). Pass it to [`Checker::read_by`], [`Checker::check_extracted_by`] and the
    /// renderers so that the limit covers the whole of the file's processing.
    pub fn deadline(&self) -> Option<Deadline> {
        self.time_limit.and_then(Deadline::start)
    }

    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The rules' titles (in the checker's language), descriptions and documentation links, as
    /// the renderers take them ([`render::RuleDocs::new`], [`SarifBuilder::new`]): a rule's own
    /// `url:`, else `docs_url` with the rule's id (see [`render::docs_url`]), else none.
    pub fn rule_info(&self, docs_url: Option<&str>) -> Vec<render::RuleInfo> {
        self.rules
            .rules()
            .map(|r| render::RuleInfo {
                id: r.id.clone(),
                title: r.title_in(self.lang).to_owned(),
                description: Some(r.doc.what.clone()).filter(|d| !d.is_empty()),
                severity: r.severity,
                url: r
                    .url
                    .clone()
                    .or_else(|| docs_url.map(|base| render::docs_url(base, &r.id))),
            })
            .collect()
    }

    /// `error` as this checker's users should read it: its message in the checker's language
    /// (an [`Error`]'s `Display` is Chinese for gongkai's own errors and the system's English
    /// for an I/O error, whatever the checker's language).
    pub fn describe(&self, error: &Error) -> String {
        error.to_file_error(self.lang).message
    }

    /// `error` as the renderers take it, in the checker's language (see [`Error::to_failure`]).
    pub fn failure(&self, error: &Error) -> Failure {
        error.to_failure(self.lang)
    }

    /// The reading options (the size limit applies before a file is read whole).
    pub fn read_options(&self) -> &ReadOptions {
        &self.read
    }

    /// Reads a report from the bytes of a file named `name` and checks it.
    ///
    /// # Errors
    /// An [`Error`] when the bytes are no readable report (empty, binary, not an annual
    /// report, a PDF without text…). Findings are not errors: they are in the [`Checked`] result.
    pub fn check(&self, bytes: &[u8], name: &str) -> Result<Checked, Error> {
        self.check_with_previous(bytes, name, None)
    }

    /// Like [`Checker::check`], with last year's report of the same body for the year-over-year
    /// rules.
    ///
    /// # Errors
    /// As [`Checker::check`].
    pub fn check_with_previous(
        &self,
        bytes: &[u8],
        name: &str,
        previous: Option<&Extracted>,
    ) -> Result<Checked, Error> {
        let deadline = self.deadline();
        let extracted = self.read_by(bytes, name, deadline.as_ref())?;
        self.check_extracted_by(extracted, previous, deadline.as_ref())
    }

    /// Checks a report already read (or built in code, or from a form system's data): the
    /// rules run on `extracted.report`, and findings point into `extracted.source`. No time
    /// limit applies (see [`Checker::check_extracted_by`]).
    pub fn check_extracted(&self, extracted: Extracted, previous: Option<&Extracted>) -> Checked {
        let results =
            self.rules
                .evaluate(&extracted.report, previous.map(|p| &p.report), self.lang);
        self.checked(extracted, previous, results, None)
    }

    /// As [`Checker::check_extracted`], stopping between rules once `deadline` has passed.
    ///
    /// # Errors
    /// [`Error::TimedOut`] (stage [`Stage::Rules`]) when the deadline passed.
    pub fn check_extracted_by(
        &self,
        extracted: Extracted,
        previous: Option<&Extracted>,
        deadline: Option<&Deadline>,
    ) -> Result<Checked, Error> {
        let results = self
            .rules
            .evaluate_until(
                &extracted.report,
                previous.map(|p| &p.report),
                self.lang,
                deadline.map(Deadline::interrupt),
            )
            .map_err(|_| Deadline::timed_out(deadline, Stage::Rules))?;
        Ok(self.checked(
            extracted,
            previous,
            results,
            deadline.map(Deadline::interrupt),
        ))
    }

    /// The checked report: the findings of `results` in report order, those that one wrong
    /// cell explains grouped into one (see `group`), and those that a text cut short explains
    /// under the truncation (see `truncated`).
    fn checked(
        &self,
        extracted: Extracted,
        previous: Option<&Extracted>,
        results: Vec<RuleResult>,
        interrupt: Option<&Interrupt>,
    ) -> Checked {
        let findings = group::group_by_cell(
            findings_of(&results, self.lang),
            &extracted.report,
            previous.map(|p| &p.report),
            &self.rules,
            self.lang,
            interrupt,
        );
        let findings =
            truncated::fold_into_truncation(findings, &extracted.report, &extracted.source);
        Checked {
            extracted,
            skipped: checked::skipped_of(&results),
            results,
            findings,
        }
    }

    /// Checks a [`Report`] built in code, without any file: its spans (if any) point nowhere, so
    /// findings carry no places to draw; their messages and values are as for a file.
    pub fn check_report(&self, report: Report) -> Checked {
        let extracted = Extracted {
            source: Source::new("report", ""),
            report,
        };
        self.check_extracted(extracted, None)
    }

    /// Reads a report without checking it (what `gongkai extract` prints).
    ///
    /// # Errors
    /// As [`Checker::check`].
    ///
    /// The kind of input is recognised from the content: text, markdown, HTML and DOCX are read
    /// in-process; a PDF (with the default `pdf` feature) through poppler's `pdftotext`, run as a
    /// separate, time-limited process.
    pub fn read(&self, bytes: &[u8], name: &str) -> Result<Extracted, Error> {
        self.read_by(bytes, name, self.deadline().as_ref())
    }

    /// As [`Checker::read`], under `deadline` (one file's time, see [`Checker::deadline`]).
    ///
    /// # Errors
    /// As [`Checker::check`]; [`Error::TimedOut`] when the deadline passed (stage
    /// [`Stage::Reading`], or [`Stage::Layout`] for a PDF's layout).
    pub fn read_by(
        &self,
        bytes: &[u8],
        name: &str,
        deadline: Option<&Deadline>,
    ) -> Result<Extracted, Error> {
        let mut read = self.read.clone();
        let caller = read.interrupt.take();
        read.interrupt = match (deadline, caller) {
            (Some(d), Some(caller)) => {
                let d = d.interrupt().clone();
                Some(Interrupt::new(move || d.is_set() || caller.is_set()))
            }
            (Some(d), None) => Some(d.interrupt().clone()),
            (None, caller) => caller,
        };
        let timed_out = |e: ReadError| match (e, deadline) {
            (ReadError::Interrupted, Some(_)) => Deadline::timed_out(deadline, Stage::Reading),
            (e, _) => Error::Read(e),
        };
        #[cfg(feature = "pdf")]
        if gongkai_reader::sniff(bytes, name) == InputKind::Pdf {
            let mut options = gongkai_pdf::PdfOptions::default();
            options.max_bytes = read.max_bytes;
            options.interrupt.clone_from(&read.interrupt);
            if let Some(d) = deadline {
                // pdftotext gets what is left of the file's time (at least a moment, so that
                // a limit that has just passed still gives a clean time-out).
                options.timeout = d.remaining().max(Duration::from_millis(1));
            }
            let document = match gongkai_pdf::read_pdf(bytes, name, &options) {
                Ok(document) => document,
                Err(gongkai_pdf::PdfError::Interrupted) if deadline.is_some() => {
                    return Err(Deadline::timed_out(deadline, Stage::Layout));
                }
                Err(gongkai_pdf::PdfError::Timeout { .. }) if deadline.is_some() => {
                    return Err(Deadline::timed_out(deadline, Stage::Reading));
                }
                Err(e) => return Err(e.into()),
            };
            return gongkai_reader::extract_with(document, &read).map_err(timed_out);
        }
        gongkai_reader::read(bytes, name, &read).map_err(timed_out)
    }

    /// Reads the file at `path` and checks it.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, [`Error::Read`] when it is no report.
    pub fn check_path(&self, path: &Path) -> Result<Checked, Error> {
        let bytes = read_file(path, self.read.max_bytes)?;
        self.check(&bytes, &path.display().to_string())
    }
}
