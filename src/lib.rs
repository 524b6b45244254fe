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
//! The library never prints, never exits and keeps no global state; reading a path
//! ([`Checker::check_path`]) is its only I/O. See `docs/embedding.md`.

pub mod table;

use std::path::Path;
use std::time::{Duration, Instant};

pub use gongkai_core::{Cell, FormatVersion, InputKind, Report, Source, Span};
pub use gongkai_diagnostics::{
    FileError, FileView, HumanOptions, JsonFile, JsonOutput, SarifBuilder, SarifLog, Summary,
};
pub use gongkai_reader::{Extracted, Interrupt, Problem, ReadError, ReadOptions, StructuredError};
pub use gongkai_rules::{
    DocumentRole, Finding, Label, Lang, LoadErrors, Outcome, RuleLimits, RuleMeta, RuleResult,
    RuleSet, RuleSource, Severity,
};

use gongkai_diagnostics::{CheckedFile, FileStatus};

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
        Ok(Self::with_rules(RuleSet::builtin()?))
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
        self.checked(extracted, results)
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
        Ok(self.checked(extracted, results))
    }

    fn checked(&self, extracted: Extracted, results: Vec<RuleResult>) -> Checked {
        let findings = findings_of(&results, self.lang);
        Checked {
            extracted,
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
                let d = d.interrupt.clone();
                Some(Interrupt::new(move || d.is_set() || caller.is_set()))
            }
            (Some(d), None) => Some(d.interrupt.clone()),
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

/// The findings of all rules, in the order of the file (findings about the report as a whole
/// first). A rule that could not be evaluated becomes a warning of its own, so that it never
/// passes silently.
fn findings_of(results: &[RuleResult], lang: Lang) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    for r in results {
        match &r.outcome {
            Outcome::Findings { findings: f } => findings.extend(f.iter().cloned()),
            Outcome::Error { message } => findings.push(Finding {
                code: r.rule.clone(),
                severity: Severity::Warning,
                message: match lang {
                    Lang::En => format!("the rule could not be evaluated: {message}"),
                    Lang::Zh => format!("规则无法执行：{message}"),
                },
                help: None,
                expected: None,
                labels: Vec::new(),
            }),
            Outcome::Pass | Outcome::Skipped { .. } => {}
        }
    }
    findings.sort_by_key(|f| {
        f.labels
            .iter()
            .find(|l| l.primary && l.document == DocumentRole::Current)
            .or_else(|| {
                f.labels
                    .iter()
                    .find(|l| l.document == DocumentRole::Current)
            })
            .map(|l| (l.span.offset, l.span.length))
    });
    findings
}

/// Reads a file, refusing one larger than `limit` bytes before reading it, and refusing a path
/// that is no regular file (a directory, a FIFO, a socket, a device) without opening it: opening
/// a FIFO nobody writes to would block for ever.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::NotAFile`] when the path is no regular
/// file, [`Error::Read`] with [`ReadError::TooLarge`] when it is too large (also when it grew past
/// the limit while being read).
pub fn read_file(path: &Path, limit: usize) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Error::NotAFile(file_kind(meta.file_type())));
    }
    let size = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    if size > limit {
        return Err(Error::Read(ReadError::TooLarge { size, limit }));
    }
    // Read at most one byte past the limit: the file may be growing.
    let mut bytes = Vec::with_capacity(size.saturating_add(1));
    std::fs::File::open(path)?
        .take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(Error::Read(ReadError::TooLarge {
            size: bytes.len(),
            limit,
        }));
    }
    Ok(bytes)
}

/// What a path that is no regular file is, for messages.
fn file_kind(file_type: std::fs::FileType) -> NotAFileKind {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return NotAFileKind::Fifo;
        }
        if file_type.is_socket() {
            return NotAFileKind::Socket;
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return NotAFileKind::Device;
        }
    }
    if file_type.is_dir() {
        NotAFileKind::Directory
    } else {
        NotAFileKind::Other
    }
}

/// What a path given as a report is when it is no regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotAFileKind {
    /// A directory.
    Directory,
    /// A named pipe.
    Fifo,
    /// A socket.
    Socket,
    /// A block or character device.
    Device,
    /// Something else.
    Other,
}

impl NotAFileKind {
    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Directory, Lang::Zh) => "目录",
            (Self::Fifo, Lang::Zh) => "命名管道（FIFO）",
            (Self::Socket, Lang::Zh) => "套接字",
            (Self::Device, Lang::Zh) => "设备文件",
            (Self::Other, Lang::Zh) => "特殊文件",
            (Self::Directory, Lang::En) => "a directory",
            (Self::Fifo, Lang::En) => "a named pipe (FIFO)",
            (Self::Socket, Lang::En) => "a socket",
            (Self::Device, Lang::En) => "a device",
            (Self::Other, Lang::En) => "a special file",
        }
    }
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
    /// The path is no regular file.
    #[error("不是普通文件，而是{}", .0.name(Lang::Zh))]
    NotAFile(NotAFileKind),
    /// The file is a PDF that could not be read (no text layer, encrypted, broken, pdftotext
    /// missing…).
    #[cfg(feature = "pdf")]
    #[error(transparent)]
    Pdf(#[from] gongkai_pdf::PdfError),
    /// The rules did not load.
    #[error(transparent)]
    Rules(#[from] LoadErrors),
    /// Processing the file took longer than the checker's time limit
    /// ([`Checker::with_time_limit`]).
    #[error("处理超时：{}超过每个文件 {}的时间上限", .stage.name(Lang::Zh), duration_zh(*.limit))]
    TimedOut {
        /// The limit.
        limit: Duration,
        /// What the file was at when the limit passed.
        stage: Stage,
    },
}

/// What a file was at when its time limit passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// Reading and decoding the file, and finding the report in it.
    Reading,
    /// Rebuilding a PDF's lines and table rows from its words.
    Layout,
    /// Running the rules.
    Rules,
    /// Rendering the findings.
    Rendering,
}

impl Stage {
    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Reading, Lang::Zh) => "读取",
            (Self::Layout, Lang::Zh) => "PDF 版面重建",
            (Self::Rules, Lang::Zh) => "规则检查",
            (Self::Rendering, Lang::Zh) => "输出结果",
            (Self::Reading, Lang::En) => "reading",
            (Self::Layout, Lang::En) => "the PDF layout",
            (Self::Rules, Lang::En) => "the rules",
            (Self::Rendering, Lang::En) => "rendering",
        }
    }
}

/// One file's time limit, running from when the file was taken up: its interrupt is asked by
/// every stage (reading, a PDF's layout, the rules, the renderers), so that the limit covers
/// the whole of the file's processing.
#[derive(Clone, Debug)]
pub struct Deadline {
    at: Instant,
    limit: Duration,
    interrupt: Interrupt,
}

impl Deadline {
    /// A deadline `limit` from now (none if that is past the clock's range: no limit).
    pub fn start(limit: Duration) -> Option<Self> {
        let at = Instant::now().checked_add(limit)?;
        Some(Self {
            at,
            limit,
            interrupt: Interrupt::new(move || Instant::now() >= at),
        })
    }

    /// The interrupt that is set once the deadline has passed.
    pub fn interrupt(&self) -> &Interrupt {
        &self.interrupt
    }

    /// Whether the deadline has passed.
    pub fn passed(&self) -> bool {
        Instant::now() >= self.at
    }

    /// The time left.
    pub fn remaining(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    /// The limit it was started with.
    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// The time-out error at `stage` (a deadline of zero when there is none).
    pub fn timed_out(deadline: Option<&Self>, stage: Stage) -> Error {
        Error::TimedOut {
            limit: deadline.map_or(Duration::ZERO, |d| d.limit),
            stage,
        }
    }
}

/// A duration in Chinese: "30 秒", "0.5 秒".
fn duration_zh(d: Duration) -> String {
    format!("{} 秒", seconds(d))
}

/// Seconds, with the milliseconds when there are any ("30", "0.25").
fn seconds(d: Duration) -> String {
    let ms = d.subsec_millis();
    if ms == 0 {
        d.as_secs().to_string()
    } else {
        format!("{}.{:03}", d.as_secs(), ms)
            .trim_end_matches('0')
            .to_owned()
    }
}

impl Error {
    /// The error as the renderers show it, in `lang`, with the places in the file when it has
    /// any (a structured report that breaks its schema).
    pub fn to_failure(&self, lang: Lang) -> Failure {
        match self {
            Error::Read(e) => failure(e, lang),
            _ => Failure {
                error: self.to_file_error(lang),
                located: None,
            },
        }
    }

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
            Error::NotAFile(kind) => FileError::new(
                "not_a_file",
                match lang {
                    Lang::En => format!("not a regular file but {}", kind.name(lang)),
                    Lang::Zh => format!("不是普通文件，而是{}", kind.name(lang)),
                },
            ),
            #[cfg(feature = "pdf")]
            Error::Pdf(e) => pdf_file_error(e, lang),
            Error::Rules(e) => FileError::new("rules", e.to_string()),
            Error::TimedOut { limit, stage } => FileError::new(
                "timeout",
                match lang {
                    Lang::En => format!(
                        "timed out: {} went past the limit of {} s per file",
                        stage.name(lang),
                        seconds(*limit)
                    ),
                    Lang::Zh => format!(
                        "处理超时：{}超过每个文件 {}的时间上限",
                        stage.name(lang),
                        duration_zh(*limit)
                    ),
                },
            ),
        }
    }
}

/// Why a file could not be checked, ready for the renderers: the error, and for a structured
/// (JSON/YAML) report that breaks its schema, the file's text with one finding per problem
/// (rule [`gongkai_diagnostics::SCHEMA_RULE`]), so that every output format shows where.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The error as a whole.
    pub error: FileError,
    located: Option<(Source, Vec<Finding>)>,
}

impl Failure {
    /// A failure with no places in the file: `error` alone (a caller's own error, such as a
    /// panic caught while processing the file).
    pub fn new(error: FileError) -> Self {
        Self {
            error,
            located: None,
        }
    }

    /// The failure as the renderers see it, for the file named `path`.
    pub fn view<'a>(&'a self, path: &'a str) -> FileView<'a> {
        let status = match &self.located {
            Some((source, findings)) => FileStatus::Invalid {
                error: &self.error,
                problems: CheckedFile {
                    source,
                    previous: None,
                    input: InputKind::Structured,
                    form: FormatVersion::Unknown,
                    findings,
                },
            },
            None => FileStatus::Failed(&self.error),
        };
        FileView { path, status }
    }

    /// The located problems of a structured report, as findings (empty for other failures).
    pub fn problems(&self) -> &[Finding] {
        self.located.as_ref().map_or(&[], |(_, f)| f.as_slice())
    }
}

/// A [`ReadError`] as the renderers show it, with its places when it has any.
pub fn failure(error: &ReadError, lang: Lang) -> Failure {
    let located = match error {
        ReadError::Structured(e) => Some((
            e.source.clone(),
            e.problems
                .iter()
                .map(|p| Finding {
                    code: gongkai_diagnostics::SCHEMA_RULE.to_owned(),
                    severity: Severity::Error,
                    message: match lang {
                        Lang::Zh => p.message.clone(),
                        Lang::En => p.message_en.clone(),
                    },
                    help: None,
                    expected: None,
                    labels: vec![Label {
                        span: p.span,
                        message: String::new(),
                        primary: true,
                        document: DocumentRole::Current,
                    }],
                })
                .collect(),
        )),
        _ => None,
    };
    Failure {
        error: file_error(error, lang),
        located,
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

/// The English message of a [`ReadError`] (the reader speaks Chinese).
fn english_read_error(error: &ReadError) -> String {
    match error {
        ReadError::Empty => "the file is empty".to_owned(),
        ReadError::Structured(e) => {
            let first = e.problems.first().map_or(String::new(), |p| {
                format!(
                    "; line {}, column {}: {}",
                    p.span.line, p.span.column, p.message_en
                )
            });
            format!(
                "the structured report does not follow the report input schema: {} problem(s){first}",
                e.problems.len()
            )
        }
        ReadError::WhitespaceOnly => "the file holds only whitespace".to_owned(),
        ReadError::Binary => {
            "the file is neither text nor a known document format (PDF, DOCX, HTML)".to_owned()
        }
        ReadError::Undecodable {
            encoding,
            replacements,
        } => format!(
            "the file's character encoding was not recognised: decoding it as {encoding} left \
             {replacements} characters undecodable; save it as UTF-8 and try again"
        ),
        ReadError::NotAReport => "the file is not a government information-disclosure annual \
                                  report: no report title, section headings or tables found"
            .to_owned(),
        ReadError::TooLarge { size, limit } => {
            format!("the file is too large: {size} bytes, over the limit of {limit} bytes")
        }
        ReadError::TooDeep { limit, line } => format!(
            "the file's markup is nested more than {limit} levels deep (line {line}); it is \
             probably broken"
        ),
        ReadError::DocxNoDocument => {
            "the ZIP file has no word/document.xml: it is not a Word (.docx) document".to_owned()
        }
        ReadError::DocxMalformed { reason } => format!(
            "the DOCX file is broken ({reason}); open it in Word or WPS and save it as .docx again"
        ),
        ReadError::DocxTooLarge { limit } => format!(
            "the DOCX file is too large once decompressed: word/document.xml exceeds {limit} bytes"
        ),
        ReadError::DocxTooManyEntries { entries, limit } => {
            format!("the DOCX file has {entries} entries, over the limit of {limit}")
        }
        ReadError::DocxDuplicateEntry { part, count } => format!(
            "the DOCX file holds {part} {count} times: which copy is the document is ambiguous; \
             open it in Word or WPS and save it as .docx again"
        ),
        ReadError::PdfAndZip => "the file is both a PDF and a ZIP archive (such as a DOCX): \
                                 each reading gives different content, so which is the report \
                                 is ambiguous; provide the report as a PDF or as a DOCX"
            .to_owned(),
        ReadError::LegacyOrEncryptedOffice => "the file is a legacy Office (.doc) or a \
                                               password-protected Office document; remove the \
                                               password and save it as .docx"
            .to_owned(),
        ReadError::PdfNotSupportedHere => {
            "PDF files are read by the gongkai program (it runs pdftotext)".to_owned()
        }
        ReadError::Interrupted => "reading was stopped: over the time limit".to_owned(),
        ReadError::TooComplex { what, limit } => format!(
            "the file is too complex: more than {limit} {}, far more than any annual report has; \
             check that the file is not damaged and is a report (raise `[limits] max-items` to \
             read it anyway)",
            what.en()
        ),
        _ => error.to_string(),
    }
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
    let message = match lang {
        Lang::En => english_read_error(error),
        // The reader's own words, with its advice where it gives one.
        Lang::Zh => match error.help() {
            Some(help) => format!("{error}。{help}"),
            None => error.to_string(),
        },
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
