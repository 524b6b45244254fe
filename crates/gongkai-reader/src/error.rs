use std::fmt::Display;

use gongkai_diagnostic::catalogue::Entry;
use gongkai_diagnostic::{Lang, ReadKind};

use crate::messages::entry;

/// Why a file could not be read as a report. Every variant means exit code 2 in the CLI.
///
/// Its [`kind`](ReadError::kind) is the stable part; its words are in the reader's catalogue
/// (`messages`), in both languages: [`text`](ReadError::text) is what the renderers show.
/// `Display` gives the Chinese message without the help.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadError {
    /// The file has no bytes.
    Empty,
    /// The file has only whitespace.
    WhitespaceOnly,
    /// The file is binary data, not text or a known document format.
    Binary,
    /// The bytes are text in no encoding that could be recognised: too many characters could not
    /// be decoded.
    Undecodable {
        /// The encoding tried last.
        encoding: String,
        /// How many characters could not be decoded.
        replacements: usize,
    },
    /// The text is not a 政府信息公开工作年度报告.
    NotAReport,
    /// The file is larger than the configured limit.
    TooLarge {
        /// The file's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The file would make more of some derived item (lines and cells, words, sentences,
    /// narrative numbers, structured nodes) than the budget allows: far more than any report
    /// has, so reading it would only exhaust memory.
    TooComplex {
        /// What there is too much of.
        what: crate::Budgeted,
        /// The budget.
        limit: usize,
    },
    // ---- formats (HTML, DOCX) ----
    /// The markup is nested deeper than the limit (a hostile or broken page).
    TooDeep {
        /// The nesting limit.
        limit: usize,
        /// The 1-based line (of the HTML or XML) where the limit was passed.
        line: usize,
    },
    /// A ZIP file that is no Word document.
    DocxNoDocument,
    /// A DOCX whose ZIP container or XML is broken.
    DocxMalformed {
        /// What is broken.
        reason: String,
    },
    /// A DOCX whose document text inflates past the limit (a ZIP bomb, or an absurd file).
    DocxTooLarge {
        /// The limit on the decompressed size.
        limit: usize,
    },
    /// A DOCX with more ZIP entries than any real document has.
    DocxTooManyEntries {
        /// The number of entries.
        entries: usize,
        /// The limit.
        limit: usize,
    },
    /// A ZIP archive naming a part the reader uses more than once: ZIP readers disagree on
    /// which copy counts (the first, the last), so the document's content is ambiguous.
    DocxDuplicateEntry {
        /// The part's name, e.g. `word/document.xml`.
        part: String,
        /// How many entries have that name.
        count: usize,
    },
    /// A file that is a valid PDF and a valid ZIP archive at once: PDF readers and ZIP readers
    /// each see a different document in it.
    PdfAndZip,
    /// An OLE compound file: a legacy .doc/.xls, or an encrypted (password-protected) Office file.
    LegacyOrEncryptedOffice,
    /// A PDF handed to the text reader: PDFs are read by the `gongkai` program (it runs poppler).
    PdfNotSupportedHere,
    /// The caller stopped the read (its time limit passed).
    Interrupted,
    // ---- structured input (JSON, YAML) ----
    /// A structured report that is no valid JSON/YAML or breaks the input schema; every problem
    /// is located in the file.
    Structured(Box<crate::StructuredError>),
    /// A structured report, in a build without the `structured` feature (an embedder's choice):
    /// refused rather than read as text, which would hide why it fails.
    StructuredDisabled,
}

impl ReadError {
    /// The error's kind (`empty`, `not_a_report`…).
    pub fn kind(&self) -> ReadKind {
        use ReadKind as K;
        match self {
            Self::Empty => K::Empty,
            Self::WhitespaceOnly => K::WhitespaceOnly,
            Self::Binary => K::Binary,
            Self::Undecodable { .. } => K::Undecodable,
            Self::NotAReport => K::NotAReport,
            Self::TooLarge { .. } => K::TooLarge,
            Self::TooComplex { .. } => K::TooComplex,
            Self::TooDeep { .. } => K::TooDeep,
            Self::DocxNoDocument => K::DocxNoDocument,
            Self::DocxMalformed { .. } => K::DocxMalformed,
            Self::DocxTooLarge { .. } => K::DocxTooLarge,
            Self::DocxTooManyEntries { .. } => K::DocxTooManyEntries,
            Self::DocxDuplicateEntry { .. } => K::DocxDuplicateEntry,
            Self::PdfAndZip => K::PdfAndZip,
            Self::LegacyOrEncryptedOffice => K::LegacyOrEncryptedOffice,
            Self::PdfNotSupportedHere => K::PdfNeedsCli,
            Self::Interrupted => K::Interrupted,
            Self::Structured(_) => K::InvalidStructure,
            Self::StructuredDisabled => K::StructuredDisabled,
        }
    }

    /// What happened, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.with_entry(lang, |entry, args| entry.message.fill(lang, args))
    }

    /// What to do about it, in `lang`, where there is something.
    pub fn help(&self, lang: Lang) -> Option<String> {
        self.with_entry(lang, |entry, args| entry.help.map(|h| h.fill(lang, args)))
    }

    /// The message and its help as one sentence in `lang`: what the renderers show.
    pub fn text(&self, lang: Lang) -> String {
        self.with_entry(lang, |entry, args| entry.text(lang, args))
    }

    /// `f` on the catalogue's entry for this error and the values of its placeholders.
    fn with_entry<R>(&self, lang: Lang, f: impl FnOnce(Entry, &[(&str, &dyn Display)]) -> R) -> R {
        let entry = entry(self.kind());
        match self {
            Self::Undecodable {
                encoding,
                replacements,
            } => f(
                entry,
                &[("encoding", encoding), ("replacements", replacements)],
            ),
            Self::TooLarge { size, limit } => f(entry, &[("size", size), ("limit", limit)]),
            Self::TooComplex { what, limit } => {
                f(entry, &[("what", &what.name(lang)), ("limit", limit)])
            }
            Self::TooDeep { limit, line } => f(entry, &[("limit", limit), ("line", line)]),
            Self::DocxMalformed { reason } => f(entry, &[("reason", reason)]),
            Self::DocxTooLarge { limit } => f(entry, &[("limit", limit)]),
            Self::DocxTooManyEntries { entries, limit } => {
                f(entry, &[("entries", entries), ("limit", limit)])
            }
            Self::DocxDuplicateEntry { part, count } => {
                f(entry, &[("part", part), ("count", count)])
            }
            Self::Structured(e) => f(
                entry,
                &[
                    ("count", &e.problems.len()),
                    ("first", &e.first_problem(lang)),
                ],
            ),
            Self::Empty
            | Self::WhitespaceOnly
            | Self::Binary
            | Self::NotAReport
            | Self::DocxNoDocument
            | Self::PdfAndZip
            | Self::LegacyOrEncryptedOffice
            | Self::PdfNotSupportedHere
            | Self::Interrupted
            | Self::StructuredDisabled => f(entry, &[]),
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Zh))
    }
}

impl std::error::Error for ReadError {}
