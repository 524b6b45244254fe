//! Reads PDF 政府信息公开工作年度报告 into a [`gongkai_reader::Document`].
//!
//! The key decision: **an untrusted PDF is never parsed in this process.** Every in-process Rust
//! PDF parser tested either panicked on the predefined Chinese CMaps (`UniGB-UCS2-H`,
//! `GBK-EUC-H`) that government PDFs use, or overflowed its stack on deep nesting — an abort that
//! neither `catch_unwind` nor a thread contains (see `docs/decisions.md`). poppler's `pdftotext`
//! reads all of them; it runs as a separate program (GPL, not linked) with a time limit and an
//! output cap, and `-bbox-layout` gives every word with its box.
//!
//! From the boxes, [`layout`](crate) rebuilds lines and table rows by position (a row is one
//! baseline band; cells go to value columns by x position), so a value lands in its cell even
//! when the PDF's text order runs column by column. The [`Document`]'s source is that rebuilt
//! text: one line per printed line or table row (cells separated by TABs), pages separated by a
//! line holding only a form feed. The source knows its pages: [`gongkai_core::Source::position`]
//! gives an offset's page and its printed line on that page.
//!
//! The word source is a trait ([`WordSource`]), so a pure-Rust backend can be added (and used
//! where no process can be spawned) without touching the layout.

mod error;
mod layout;
mod messages;
mod poppler;

use std::path::PathBuf;
use std::time::Duration;

pub use error::PdfError;
pub use gongkai_reader::Document;
pub use poppler::{Poppler, parse_output};

/// Options for reading a PDF.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PdfOptions {
    /// Refuse files larger than this many bytes.
    pub max_bytes: usize,
    /// Stop pdftotext after this long.
    pub timeout: Duration,
    /// Refuse PDFs whose extracted layout is larger than this many bytes.
    pub max_output_bytes: usize,
    /// The pdftotext program (a name looked up in `PATH`, or a path).
    pub pdftotext: PathBuf,
    /// Asked after pdftotext and around the layout step: when it says stop, the read ends
    /// with [`PdfError::Interrupted`] (the caller's time limit; this crate has no clock of its
    /// own besides pdftotext's [`PdfOptions::timeout`]).
    pub interrupt: Option<gongkai_reader::Interrupt>,
}

impl Default for PdfOptions {
    fn default() -> Self {
        Self {
            max_bytes: 50 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            max_output_bytes: 64 * 1024 * 1024,
            pdftotext: PathBuf::from("pdftotext"),
            interrupt: None,
        }
    }
}

/// A word of a page with its box, in PDF points from the top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
    /// The word's text.
    pub text: String,
}

/// A page: its size and its words.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Width in points.
    pub width: f64,
    /// Height in points.
    pub height: f64,
    /// The words, in any order.
    pub words: Vec<Word>,
    /// Pairs of consecutive words of one printed line (as the word source found lines) of which
    /// the second is below the first: a page whose lines run top to bottom is turned clockwise.
    /// 0 when the source does not know lines.
    pub lines_down: usize,
    /// Such pairs of which the second is above the first (a page turned counter-clockwise).
    pub lines_up: usize,
}

/// Where a word of the rebuilt text is on its page: `length` bytes of the [`Document`]'s source
/// from `offset` are the word whose box this is (PDF points from the top-left corner, as
/// [`Word`], on the page as the word source gave it, also where the layout turned the page
/// upright).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Byte offset of the word in the source text.
    pub offset: usize,
    /// Its length in bytes.
    pub length: usize,
    /// The 0-based page.
    pub page: usize,
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

/// Something that gives the positioned words of a PDF's pages.
pub trait WordSource {
    /// The pages of `pdf`, with their words.
    ///
    /// # Errors
    /// A [`PdfError`] when the PDF cannot be read.
    fn pages(&self, pdf: &[u8], options: &PdfOptions) -> Result<Vec<Page>, PdfError>;
}

/// Reads a PDF's text layer with poppler and rebuilds its lines and table rows.
///
/// # Errors
/// A [`PdfError`]: pdftotext missing (saying what to install), an encrypted, copy-protected or
/// malformed PDF, a PDF without a text layer (needs OCR), a file or output over its limit, or a
/// time-out.
pub fn read_pdf(bytes: &[u8], name: &str, options: &PdfOptions) -> Result<Document, PdfError> {
    read_pdf_with(&Poppler, bytes, name, options)
}

/// [`read_pdf`] with another source of words.
///
/// # Errors
/// As [`read_pdf`].
pub fn read_pdf_with(
    source: &dyn WordSource,
    bytes: &[u8],
    name: &str,
    options: &PdfOptions,
) -> Result<Document, PdfError> {
    read_pdf_placed_with(source, bytes, name, options).map(|(document, _)| document)
}

/// [`read_pdf_with`], with the box of every word of the rebuilt text: a page that draws the
/// PDF finds a finding's span on it (a span's words are the [`Placed`] it overlaps).
///
/// # Errors
/// As [`read_pdf`].
pub fn read_pdf_placed_with(
    source: &dyn WordSource,
    bytes: &[u8],
    name: &str,
    options: &PdfOptions,
) -> Result<(Document, Vec<Placed>), PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    if bytes.len() > options.max_bytes {
        return Err(PdfError::TooLarge {
            size: bytes.len(),
            limit: options.max_bytes,
        });
    }
    let head = bytes.get(..1024).unwrap_or(bytes);
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotAPdf);
    }
    let interrupted = || {
        gongkai_reader::Interrupt::poll(options.interrupt.as_ref())
            .map_err(|_| PdfError::Interrupted)
    };
    let pages = source.pages(bytes, options)?;
    interrupted()?;
    if pages.iter().all(|p| p.words.is_empty()) {
        return Err(PdfError::NeedsOcr { pages: pages.len() });
    }
    let placed = layout::build_until(
        &pages,
        name,
        &mut layout::Work::default(),
        options.interrupt.as_ref(),
    )
    .map_err(|_| PdfError::Interrupted)?;
    interrupted()?;
    Ok(placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_pdf_empty_and_too_large() {
        let o = PdfOptions::default();
        assert!(matches!(read_pdf(b"", "x", &o), Err(PdfError::Empty)));
        assert!(matches!(
            read_pdf(b"<html>", "x", &o),
            Err(PdfError::NotAPdf)
        ));
        let small = PdfOptions {
            max_bytes: 4,
            ..PdfOptions::default()
        };
        assert!(matches!(
            read_pdf(b"%PDF-1.4", "x", &small),
            Err(PdfError::TooLarge { .. })
        ));
    }
}
