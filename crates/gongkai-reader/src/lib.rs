//! Reads 政府信息公开工作年度报告 files into the gongkai [`Report`] model.
//!
//! Reading happens in three steps, and format differences end after the first:
//!
//! 1. A format reader turns the file's bytes into a [`Document`]: the decoded [`Source`] text
//!    plus an ordered list of [`Block`]s — lines of text, and table rows made of cells. Every
//!    block's text is normalised ([`Text`]: NFKC, so full-width digits and punctuation become
//!    half-width) while keeping a map from each normalised byte back to the source.
//! 2. The template mapper walks the blocks against the official form
//!    ([`gongkai_core::template`]): section headings, table row labels matched tolerantly, and the
//!    expected number of values after each label, across line breaks and page footers.
//! 3. What did not fit is recorded in [`Report::issues`] — never guessed.
//!
//! This crate does no I/O: it reads bytes handed to it, and builds for `wasm32-unknown-unknown`.

mod budget;
mod decode;
mod document;
mod docx;
mod docx_styles;
mod error;
mod footer;
mod hidden;
mod html;
mod html_css;
mod layout_text;
mod mapper;
mod markdown;
mod messages;
mod sniff;
mod structured;
mod text;
mod ticker;

pub use budget::{Budgeted, CHARS_PER_ITEM};
pub use document::{Block, Document, Text};
pub use error::ReadError;
pub use gongkai_diagnostic::{Diagnostic, Lang, ReadKind};
pub use mapper::map;
pub use sniff::sniff;
pub use structured::{Problem, StructuredError, input_schema, input_schema_json, is_structured};

use gongkai_core::{ReadIssue, ReadIssueKind, Report, Source};

/// A report as read from one file: the source text its spans point into, and the model.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The text every span of `report` points into.
    pub source: Source,
    /// The report.
    pub report: Report,
}

/// Options for reading.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Refuse inputs larger than this many bytes.
    pub max_bytes: usize,
    /// Refuse HTML pages and DOCX XML nested deeper than this many elements.
    pub max_depth: usize,
    /// Refuse DOCX files whose `word/document.xml` inflates to more than this many bytes.
    pub max_docx_xml_bytes: usize,
    /// Refuse DOCX files (ZIP archives) with more entries than this.
    pub max_docx_entries: usize,
    /// Budget on the work derived from the input ([`ReadError::TooComplex`] past it), each
    /// counted on its own: lines and table cells, words, narrative sentences, narrative numbers,
    /// values of a structured report, and bytes of text a merged table cell is repeated with in
    /// the rows it spans. A report has a few thousand of each. The characters of text have a
    /// budget of [`CHARS_PER_ITEM`] times this.
    pub max_items: usize,
    /// Asked between the steps of reading (decoding, each table, each section) and inside the
    /// long ones (the text, markdown, HTML and DOCX readers and the mapper's stream ask about
    /// every 64 KiB of work): when it says stop, the read ends with [`ReadError::Interrupted`].
    /// This crate has no clock (it builds for wasm32); a caller with one sets a deadline here
    /// (the `gongkai` façade does).
    pub interrupt: Option<Interrupt>,
}

pub use gongkai_core::Interrupt;

/// Fails with [`ReadError::Interrupted`] when the caller asked to stop.
pub(crate) fn poll(interrupt: Option<&Interrupt>) -> Result<(), ReadError> {
    if interrupt.is_some_and(Interrupt::is_set) {
        Err(ReadError::Interrupted)
    } else {
        Ok(())
    }
}

/// The default of [`ReadOptions::max_items`]: a hundred times what the largest report has.
pub const DEFAULT_MAX_ITEMS: usize = 500_000;

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            max_bytes: 50 * 1024 * 1024,
            max_depth: 512,
            max_docx_xml_bytes: 64 * 1024 * 1024,
            max_docx_entries: 2000,
            max_items: DEFAULT_MAX_ITEMS,
            interrupt: None,
        }
    }
}

/// Reads a report from the bytes of a file named `name` (the name is used for messages and to
/// help recognise the input kind; the content decides).
///
/// Spans in the result are byte offsets into [`Extracted::source`]: the file's text as decoded
/// (for a UTF-8 file the file itself, after a byte order mark; for GB18030 or UTF-16 files the
/// UTF-8 text they were decoded to, whose lines and columns are those of the file).
///
/// A structured report (JSON or YAML, see [`is_structured`]) is read as data: its spans point at
/// the values in that file.
///
/// # Errors
/// A [`ReadError`] when the bytes are no readable report: empty, whitespace only, binary,
/// undecodable, too large, text that is not an annual report, or a structured report that
/// breaks its schema ([`ReadError::Structured`], with every problem located).
pub fn read(bytes: &[u8], name: &str, options: &ReadOptions) -> Result<Extracted, ReadError> {
    if is_structured(bytes, name) {
        return structured::read(bytes, name, options);
    }
    let Read {
        document,
        replacements,
        issues,
    } = document_of(bytes, name, options)?;
    let mut report = mapper::map_until(&document, options.interrupt.as_ref(), options.max_items)?;
    // What the format reader noticed comes first, in the order of the file.
    report.issues.splice(0..0, issues);
    if replacements > 0 {
        let text = document.source.text();
        let span = text
            .find('\u{fffd}')
            .map(|i| document.source.span(i, i + '\u{fffd}'.len_utf8()));
        report.issues.insert(
            0,
            ReadIssue {
                kind: ReadIssueKind::DecodingErrors {
                    count: replacements,
                },
                span,
            },
        );
    }
    finish(document, report)
}

/// Maps a [`Document`] made by a reader outside this crate (a PDF's, by `gongkai-pdf`) to a
/// report, exactly as [`read`] does for the formats read here.
///
/// # Errors
/// [`ReadError::NotAReport`] when the document is no annual report.
pub fn extract(document: Document) -> Result<Extracted, ReadError> {
    extract_until(document, None)
}

/// As [`extract`], stopping with [`ReadError::Interrupted`] when `interrupt` says so.
///
/// # Errors
/// As [`extract`], and [`ReadError::Interrupted`].
pub fn extract_until(
    document: Document,
    interrupt: Option<&Interrupt>,
) -> Result<Extracted, ReadError> {
    let report = mapper::map_until(&document, interrupt, usize::MAX)?;
    finish(document, report)
}

/// As [`extract`], with the interrupt and the budget of `options` ([`ReadOptions::interrupt`],
/// [`ReadOptions::max_items`]).
///
/// # Errors
/// As [`extract`], [`ReadError::Interrupted`] and [`ReadError::TooComplex`].
pub fn extract_with(document: Document, options: &ReadOptions) -> Result<Extracted, ReadError> {
    let report = mapper::map_until(&document, options.interrupt.as_ref(), options.max_items)?;
    finish(document, report)
}

fn finish(document: Document, report: Report) -> Result<Extracted, ReadError> {
    if !looks_like_report(&report) {
        return Err(ReadError::NotAReport);
    }
    Ok(Extracted {
        source: document.source,
        report,
    })
}

/// Reads the bytes of a file into a [`Document`], choosing the reader by content (see
/// [`sniff`]): HTML, DOCX, and text (plain, TAB-separated, markdown). A PDF is refused: it is
/// read outside this crate, by a process that runs poppler (the `gongkai-pdf` crate).
///
/// # Errors
/// A [`ReadError`] when the file is too large, empty, binary, undecodable, or malformed in its
/// format (each kind with its own variant).
pub fn read_document(
    bytes: &[u8],
    name: &str,
    options: &ReadOptions,
) -> Result<Document, ReadError> {
    document_of(bytes, name, options).map(|read| read.document)
}

/// What a format reader gives.
struct Read {
    document: Document,
    /// How many characters could not be decoded.
    replacements: usize,
    /// What the format reader noticed that the mapper cannot see (hidden text skipped).
    issues: Vec<ReadIssue>,
}

/// The document of a file, the number of characters that could not be decoded, and the issues
/// of its format reader.
fn document_of(bytes: &[u8], name: &str, options: &ReadOptions) -> Result<Read, ReadError> {
    if bytes.len() > options.max_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len(),
            limit: options.max_bytes,
        });
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    match sniff::sniff_bytes(bytes, name) {
        sniff::Sniffed::Pdf => Err(ReadError::PdfNotSupportedHere),
        // Another ZIP gets the precise error: broken, or no Word document inside.
        sniff::Sniffed::Docx | sniff::Sniffed::OtherZip => {
            let (document, issues) = docx::read(bytes, name, options)?;
            Ok(Read {
                document,
                replacements: 0,
                issues,
            })
        }
        sniff::Sniffed::Ole => Err(ReadError::LegacyOrEncryptedOffice),
        sniff::Sniffed::PdfAndZip => Err(ReadError::PdfAndZip),
        sniff::Sniffed::Html => {
            let (document, issues) = html::read(bytes, name, options)?;
            Ok(Read {
                document,
                replacements: 0,
                issues,
            })
        }
        sniff::Sniffed::Text => {
            let decoded = decode::decode(bytes)?;
            budget::check(
                Budgeted::LinesAndCells,
                budget::text_items(&decoded.text),
                options.max_items,
            )?;
            // Before any text is normalised: a file of 49 MiB of one character read for a
            // minute and a gigabyte.
            budget::check(
                Budgeted::Characters,
                budget::chars(&decoded.text),
                budget::max_chars(options.max_items),
            )?;
            let source = Source::new(name, decoded.text);
            let replacements = decoded.replacements;
            poll(options.interrupt.as_ref())?;
            Ok(Read {
                document: text_document_until(
                    source,
                    decoded.encoding,
                    name,
                    options.interrupt.as_ref(),
                )?,
                replacements,
                issues: Vec::new(),
            })
        }
    }
}

/// Builds the [`Document`] of decoded text: markdown when it looks like markdown (or the name
/// ends in `.md`), otherwise plain text — lines, TAB-separated rows, or `|`-terminated cells.
///
/// Other readers (e.g. of a PDF's text layer) can hand their text here and [`map`] the result.
pub fn text_document(source: Source, encoding: &str, name: &str) -> Document {
    let markdown = is_markdown(&source, name);
    if markdown {
        markdown::document(source, encoding.to_owned())
    } else {
        text::document(source, encoding.to_owned())
    }
}

/// As [`text_document`], asking `interrupt` while the plain text or markdown document is built
/// (plain text: every 1,024 lines and every 64 KiB of a long line; markdown and the TAB and `|`
/// layouts: every 64 KiB of work).
fn text_document_until(
    source: Source,
    encoding: &str,
    name: &str,
    interrupt: Option<&Interrupt>,
) -> Result<Document, ReadError> {
    if is_markdown(&source, name) {
        markdown::document_until(source, encoding.to_owned(), interrupt)
    } else {
        text::document_until(source, encoding.to_owned(), interrupt)
    }
}

/// Whether decoded text is read as markdown: it looks like markdown, or its name ends in `.md`.
fn is_markdown(source: &Source, name: &str) -> bool {
    let extension = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(extension.as_deref(), Some("md" | "markdown"))
        || markdown::looks_like_markdown(source.text())
}

/// Whether what was read is an annual report at all: a title naming one, two section headings,
/// or three table rows.
fn looks_like_report(report: &Report) -> bool {
    let titled = report
        .metadata
        .title
        .as_ref()
        .is_some_and(|t| t.value.contains("政府信息公开") || t.value.contains("信息公开"));
    let sections = report
        .sections
        .iter()
        .filter(|s| s.heading.is_some())
        .count();
    let rows = gongkai_core::Applications::IDS
        .iter()
        .filter(|id| {
            report
                .applications
                .get(id)
                .is_some_and(gongkai_core::ApplicantRow::is_found)
        })
        .count();
    titled || sections >= 2 || rows >= 3
}
