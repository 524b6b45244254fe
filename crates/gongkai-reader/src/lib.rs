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

mod document;
mod docx;
mod error;
mod html;
mod sniff;

pub use document::{Block, Document, Text};
pub use error::ReadError;
pub use sniff::sniff;

use gongkai_core::{Report, Source};

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
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            max_bytes: 50 * 1024 * 1024,
            max_depth: 512,
            max_docx_xml_bytes: 64 * 1024 * 1024,
            max_docx_entries: 2000,
        }
    }
}

/// Reads a report from the bytes of a file named `name` (the name is used for messages and to
/// help recognise the input kind; the content decides).
///
/// # Errors
/// A [`ReadError`] when the bytes are no readable report: empty, binary, undecodable, too large,
/// or text that is not an annual report.
pub fn read(bytes: &[u8], name: &str, options: &ReadOptions) -> Result<Extracted, ReadError> {
    let _ = (bytes, name, options);
    Err(ReadError::NotAReport)
}

/// Reads the bytes of a file into a [`Document`], choosing the reader by content (see
/// [`sniff`]): HTML and DOCX here; PDF is refused (it is read outside this crate, by a process
/// that runs poppler — see the `gongkai-pdf` crate).
///
/// # Errors
/// A [`ReadError`] when the file is too large, empty, or malformed in its format (each kind with
/// its own variant).
pub fn read_document(
    bytes: &[u8],
    name: &str,
    options: &ReadOptions,
) -> Result<Document, ReadError> {
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
        sniff::Sniffed::Docx => docx::read(bytes, name, options),
        sniff::Sniffed::OtherZip => Err(ReadError::DocxNoDocument),
        sniff::Sniffed::Ole => Err(ReadError::LegacyOrEncryptedOffice),
        sniff::Sniffed::Html => html::read(bytes, name, options),
        // The text reader (plain, TAB-separated, markdown) plugs in here.
        sniff::Sniffed::Text => Err(ReadError::NotAReport),
    }
}
