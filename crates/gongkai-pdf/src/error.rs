use std::fmt::Display;

use gongkai_diagnostic::catalogue::Entry;
use gongkai_diagnostic::{Lang, PdfKind};

use crate::messages::entry;

/// Why a PDF could not be read. Every variant means exit code 2 in the CLI.
///
/// Its [`kind`](PdfError::kind) is the stable part (its code is `gongkai::pdf::…`); its words
/// are in this crate's catalogue (`messages`), in both languages. `Display` gives the Chinese
/// message without the help.
#[derive(Debug)]
#[non_exhaustive]
pub enum PdfError {
    /// poppler's `pdftotext` is not installed (or not where it was configured to be).
    PdftotextMissing {
        /// The program that was looked for.
        program: String,
    },
    /// The file has no bytes.
    Empty,
    /// The bytes do not start like a PDF.
    NotAPdf,
    /// The file is larger than the configured limit.
    TooLarge {
        /// The file's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The PDF is encrypted with a password needed to open it.
    Encrypted,
    /// The PDF forbids copying its text.
    CopyProtected,
    /// The PDF is broken: poppler could not read it.
    Malformed {
        /// What poppler said.
        detail: String,
    },
    /// The PDF has pages but no text on them: a scan.
    NeedsOcr {
        /// Number of pages.
        pages: usize,
    },
    /// pdftotext ran longer than the time limit and was stopped.
    Timeout {
        /// The limit in seconds.
        seconds: u64,
    },
    /// The caller's interrupt ([`crate::PdfOptions::interrupt`]) stopped the read: its time
    /// limit passed while the PDF's text was extracted or laid out.
    Interrupted,
    /// pdftotext produced more output than the limit.
    OutputTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// pdftotext could not be run, or its output could not be understood.
    Backend {
        /// What went wrong.
        detail: String,
    },
}

impl PdfError {
    /// The error's kind (`needs_ocr`, `encrypted`…).
    pub fn kind(&self) -> PdfKind {
        use PdfKind as K;
        match self {
            Self::PdftotextMissing { .. } => K::PdftotextMissing,
            Self::Empty => K::Empty,
            Self::NotAPdf => K::NotAPdf,
            Self::TooLarge { .. } => K::TooLarge,
            Self::Encrypted => K::Encrypted,
            Self::CopyProtected => K::CopyProtected,
            Self::Malformed { .. } => K::Malformed,
            Self::NeedsOcr { .. } => K::NeedsOcr,
            Self::Timeout { .. } => K::Timeout,
            Self::Interrupted => K::Interrupted,
            Self::OutputTooLarge { .. } => K::OutputTooLarge,
            Self::Backend { .. } => K::Backend,
        }
    }

    /// What happened, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.with_entry(|entry, args| entry.message.fill(lang, args))
    }

    /// What to do about it, in `lang`, where there is something.
    pub fn help(&self, lang: Lang) -> Option<String> {
        self.with_entry(|entry, args| entry.help.map(|h| h.fill(lang, args)))
    }

    /// The message and its help as one sentence in `lang`: what the renderers show.
    pub fn text(&self, lang: Lang) -> String {
        self.with_entry(|entry, args| entry.text(lang, args))
    }

    /// `f` on the catalogue's entry for this error and the values of its placeholders.
    fn with_entry<R>(&self, f: impl FnOnce(Entry, &[(&str, &dyn Display)]) -> R) -> R {
        let entry = entry(self.kind());
        match self {
            Self::PdftotextMissing { program } => f(entry, &[("program", program)]),
            Self::TooLarge { size, limit } => f(entry, &[("size", size), ("limit", limit)]),
            Self::Malformed { detail } | Self::Backend { detail } => {
                f(entry, &[("detail", detail)])
            }
            Self::NeedsOcr { pages } => f(entry, &[("pages", pages)]),
            Self::Timeout { seconds } => f(entry, &[("seconds", seconds)]),
            Self::OutputTooLarge { limit } => f(entry, &[("limit", limit)]),
            Self::Empty
            | Self::NotAPdf
            | Self::Encrypted
            | Self::CopyProtected
            | Self::Interrupted => f(entry, &[]),
        }
    }
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Zh))
    }
}

impl std::error::Error for PdfError {}
