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
//! let checker = gongkai::Checker::new();
//! let bytes = std::fs::read("report.txt")?;
//! match checker.check(&bytes, "report.txt") {
//!     Ok(checked) => {
//!         for finding in checked.findings() {
//!             println!("{}: {}", finding.rule, finding.message);
//!         }
//!         print!("{}", checked.render("report.txt", &gongkai::HumanOptions::default()));
//!     }
//!     Err(e) => eprintln!("not a report: {e}"),
//! }
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! The library never prints, never exits and keeps no global state; reading a path
//! ([`Checker::check_path`]) is its only I/O. See `docs/embedding.md`.

use std::path::Path;

pub use gongkai_core::{Cell, FormatVersion, InputKind, Report, Source, Span};
pub use gongkai_diagnostics::{
    FileError, FileView, HumanOptions, JsonFile, JsonOutput, SarifBuilder, SarifLog, Summary,
};
pub use gongkai_reader::{Extracted, ReadError, ReadOptions};
pub use gongkai_rules::{DocumentRole, Finding, Label, Lang, Outcome, RuleResult, Severity};

use gongkai_diagnostics::{CheckedFile, FileStatus};

/// Checks reports: holds the rules, the language of messages and the reading limits.
///
/// Cheap to share between threads (`&Checker` is all a check needs).
#[derive(Debug, Clone, Default)]
pub struct Checker {
    lang: Lang,
    read: ReadOptions,
}

impl Checker {
    /// A checker with the built-in rules, messages in Chinese and default limits.
    pub fn new() -> Self {
        Self::default()
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

    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.lang
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
        let extracted = self.read(bytes, name)?;
        let _ = previous;
        Ok(Checked {
            extracted,
            results: Vec::new(),
            findings: Vec::new(),
        })
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
        #[cfg(feature = "pdf")]
        if gongkai_reader::sniff(bytes, name) == InputKind::Pdf {
            let mut options = gongkai_pdf::PdfOptions::default();
            options.max_bytes = self.read.max_bytes;
            let document = gongkai_pdf::read_pdf(bytes, name, &options)?;
            return Ok(gongkai_reader::extract(document)?);
        }
        Ok(gongkai_reader::read(bytes, name, &self.read)?)
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

/// Reads a file, refusing one larger than `limit` bytes before reading it.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::Read`] with [`ReadError::TooLarge`] when
/// it is too large.
pub fn read_file(path: &Path, limit: usize) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(Error::Io(std::io::Error::other("is a directory")));
    }
    let size = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    if size > limit {
        return Err(Error::Read(ReadError::TooLarge { size, limit }));
    }
    Ok(std::fs::read(path)?)
}

/// Why a path could not be checked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read from disk.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The file is no readable report.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The file is a PDF that could not be read (no text layer, encrypted, broken, pdftotext
    /// missing…).
    #[cfg(feature = "pdf")]
    #[error(transparent)]
    Pdf(#[from] gongkai_pdf::PdfError),
}

impl Error {
    /// The error as the renderers show it, in `lang`.
    pub fn to_file_error(&self, lang: Lang) -> FileError {
        match self {
            Error::Io(e) => FileError::new(
                "io",
                match lang {
                    Lang::En => format!("cannot read the file: {e}"),
                    Lang::Zh => format!("无法读取文件：{e}"),
                },
            ),
            Error::Read(e) => file_error(e, lang),
            #[cfg(feature = "pdf")]
            Error::Pdf(e) => pdf_file_error(e, lang),
        }
    }
}

/// A [`gongkai_pdf::PdfError`] as the renderers show it: its kind (`needs_ocr`, `encrypted`,
/// `pdftotext_missing`…) and its message in `lang`, with what to do where there is something.
#[cfg(feature = "pdf")]
fn pdf_file_error(error: &gongkai_pdf::PdfError, lang: Lang) -> FileError {
    use gongkai_pdf::PdfError as E;
    use miette::Diagnostic as _;
    let kind = error
        .code()
        .map(|c| c.to_string())
        .and_then(|c| c.rsplit("::").next().map(str::to_owned))
        .unwrap_or_else(|| "unreadable".to_owned());
    let message = match (lang, error) {
        (Lang::En, E::PdftotextMissing { program }) => format!(
            "reading a PDF needs poppler's pdftotext, which was not found ({program}): install it \
             with `apt-get install poppler-utils poppler-data` (Debian/Ubuntu) or \
             `brew install poppler` (macOS)"
        ),
        (Lang::En, E::NeedsOcr { pages }) => format!(
            "the PDF has no text layer ({pages} pages without extractable text); it is probably \
             a scan and needs OCR first"
        ),
        (Lang::En, E::Encrypted) => "the PDF is encrypted with a password".to_owned(),
        (Lang::En, E::CopyProtected) => "the PDF forbids copying its text".to_owned(),
        (Lang::En, E::Malformed { detail }) => format!("the PDF is broken: {detail}"),
        (Lang::En, E::Timeout { seconds }) => {
            format!("reading the PDF took longer than {seconds} s and was stopped")
        }
        (Lang::En, _) => error.to_string(),
        (Lang::Zh, _) => match error.help() {
            Some(help) => format!("{error}。{help}"),
            None => error.to_string(),
        },
    };
    FileError::new(kind, message)
}

/// A [`ReadError`] as the renderers show it: its stable kind (from its diagnostic code,
/// `gongkai::read::empty` → `empty`) and its message in `lang`.
pub fn file_error(error: &ReadError, lang: Lang) -> FileError {
    use miette::Diagnostic as _;
    let kind = error
        .code()
        .map(|c| c.to_string())
        .and_then(|c| c.rsplit("::").next().map(str::to_owned))
        .unwrap_or_else(|| "unreadable".to_owned());
    let message = match (lang, error) {
        (Lang::En, ReadError::Empty) => "the file is empty".to_owned(),
        (Lang::En, ReadError::Binary) => {
            "the file is neither text nor a known document format (PDF, DOCX, HTML)".to_owned()
        }
        (Lang::En, ReadError::NotAReport) => "the file is not a government information-disclosure annual report: no report title, section headings or tables found".to_owned(),
        (Lang::En, ReadError::TooLarge { size, limit }) => {
            format!("the file is too large: {size} bytes, over the limit of {limit} bytes")
        }
        _ => error.to_string(),
    };
    FileError::new(kind, message)
}

/// A report read and checked: the extracted model, every rule's outcome, and the findings.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The source text and the report model.
    pub extracted: Extracted,
    /// What each rule did (pass, findings, skipped with the reason, error).
    pub results: Vec<RuleResult>,
    findings: Vec<Finding>,
}

impl Checked {
    /// The findings, in report order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The report model.
    pub fn report(&self) -> &Report {
        &self.extracted.report
    }

    /// Whether any finding is at `level` or above.
    pub fn has_findings_at(&self, level: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= level)
    }

    /// This report as the renderers see it, named `path`; `previous` is last year's report (with
    /// its path) when one was given, so labels on it can be drawn.
    pub fn view<'a>(
        &'a self,
        path: &'a str,
        previous: Option<(&'a str, &'a Source)>,
    ) -> FileView<'a> {
        FileView {
            path,
            status: FileStatus::Checked(CheckedFile {
                source: &self.extracted.source,
                previous,
                input: self.extracted.report.metadata.input,
                form: self.extracted.report.metadata.format,
                findings: &self.findings,
            }),
        }
    }

    /// The findings drawn on the file for a person (no colour unless `options` asks).
    pub fn render(&self, path: &str, options: &HumanOptions) -> String {
        gongkai_diagnostics::render_file(&self.view(path, None), options)
    }

    /// The file's entry of the JSON output.
    pub fn to_json(&self, path: &str, lang: Lang) -> JsonFile {
        gongkai_diagnostics::json_file(&self.view(path, None), lang)
    }
}
