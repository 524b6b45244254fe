//! Why a file could not be read as a report, as a typed kind: what the JSON output calls an
//! error's `kind` and what the human, SARIF and GitHub outputs show as its code.
//!
//! One enum per crate that raises errors ([`ReadKind`] for the reader, [`PdfKind`] for the PDF
//! reader, [`FileKind`] for the file around them), so that each crate's message catalogue is an
//! exhaustive `match` over its own kinds; [`ErrorKind`] is any of them, as the renderers see it.

macro_rules! kinds {
    ($(#[$edoc:meta])* $enum:ident, $prefix:literal {
        $( $(#[$doc:meta])* $variant:ident => $name:literal; )*
    }) => {
        $(#[$edoc])*
        ///
        /// Not `non_exhaustive` on purpose: a new kind must break the `match` of the catalogue
        /// that gives its words.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $enum {
            $( $(#[$doc])* $variant, )*
        }

        impl $enum {
            /// Every kind, for the tests that walk a catalogue.
            pub const ALL: &[$enum] = &[$($enum::$variant),*];

            /// The kind's name in snake_case (`empty`, `needs_ocr`): the `kind` of the JSON
            /// output.
            pub fn name(self) -> &'static str {
                match self {
                    $($enum::$variant => $name,)*
                }
            }

            /// The diagnostic code (`gongkai::read::empty`, `gongkai::pdf::encrypted`).
            pub fn code(self) -> &'static str {
                match self {
                    $($enum::$variant => concat!($prefix, $name),)*
                }
            }
        }
    };
}

kinds! {
    /// Why the reader (text, markdown, HTML, DOCX, JSON/YAML) refused a file.
    ReadKind, "gongkai::read::" {
        /// The file has no bytes.
        Empty => "empty";
        /// The file has only whitespace.
        WhitespaceOnly => "whitespace_only";
        /// Binary data, neither text nor a known document format.
        Binary => "binary";
        /// Text in no encoding that could be recognised.
        Undecodable => "undecodable";
        /// Text that is no annual report.
        NotAReport => "not_a_report";
        /// Larger than the size limit.
        TooLarge => "too_large";
        /// More derived items (lines, cells, words…) than the budget allows.
        TooComplex => "too_complex";
        /// Markup nested deeper than the limit.
        TooDeep => "too_deep";
        /// A ZIP file without `word/document.xml`.
        DocxNoDocument => "docx_no_document";
        /// A DOCX whose container or XML is broken.
        DocxMalformed => "docx_malformed";
        /// A DOCX whose document inflates past the limit.
        DocxTooLarge => "docx_too_large";
        /// A DOCX with more entries than the limit.
        DocxTooManyEntries => "docx_too_many_entries";
        /// A DOCX naming a part it needs more than once.
        DocxDuplicateEntry => "docx_duplicate_entry";
        /// A file that is a PDF and a ZIP archive at once.
        PdfAndZip => "pdf_and_zip";
        /// A legacy (.doc) or password-protected Office file.
        LegacyOrEncryptedOffice => "legacy_or_encrypted_office";
        /// A PDF handed to the in-process reader (PDFs need the `gongkai` program).
        PdfNeedsCli => "pdf_needs_cli";
        /// The caller stopped the read.
        Interrupted => "interrupted";
        /// A structured (JSON/YAML) report that breaks the input schema.
        InvalidStructure => "invalid_structure";
        /// A structured (JSON/YAML) report given to a build without the `structured` feature.
        StructuredDisabled => "structured_disabled";
    }
}

kinds! {
    /// Why the PDF reader refused a file.
    PdfKind, "gongkai::pdf::" {
        /// poppler's `pdftotext` is not installed.
        PdftotextMissing => "pdftotext_missing";
        /// A PDF with no bytes.
        Empty => "empty";
        /// Bytes that do not start like a PDF.
        NotAPdf => "not_a_pdf";
        /// A PDF larger than the size limit.
        TooLarge => "too_large";
        /// A PDF encrypted with a password.
        Encrypted => "encrypted";
        /// A PDF that forbids copying its text.
        CopyProtected => "copy_protected";
        /// A PDF poppler cannot read.
        Malformed => "malformed";
        /// A PDF without a text layer (a scan).
        NeedsOcr => "needs_ocr";
        /// pdftotext ran past its time limit.
        Timeout => "timeout";
        /// The caller stopped the PDF's read.
        Interrupted => "interrupted";
        /// pdftotext's output is larger than the limit.
        OutputTooLarge => "output_too_large";
        /// pdftotext could not be run or understood.
        Backend => "backend";
    }
}

kinds! {
    /// Why a file could not be checked for a reason outside the readers: the file system, the
    /// time limit, the rules, gongkai itself. Their codes stay under `gongkai::read::` (reading
    /// the file failed), as they were published.
    FileKind, "gongkai::read::" {
        /// The file could not be read from disk.
        Io => "io";
        /// The path is no regular file.
        NotAFile => "not_a_file";
        /// The rules did not load.
        Rules => "rules";
        /// The file's processing went past the time limit.
        TimedOut => "timeout";
        /// gongkai itself failed on the file (a panic caught while processing it).
        Internal => "internal";
    }
}

/// Why a file could not be read as a report (every kind means exit code 2 in the CLI).
///
/// The kind is the stable part of an error: its [`name`](ErrorKind::name) is the `kind` of the
/// JSON output, its [`code`](ErrorKind::code) what the other outputs show. The message that goes
/// with it is in the catalogue of the crate that raises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Raised by the reader.
    Read(ReadKind),
    /// Raised by the PDF reader.
    Pdf(PdfKind),
    /// Raised around the readers.
    File(FileKind),
}

impl ErrorKind {
    /// Every kind of every crate.
    pub fn all() -> impl Iterator<Item = ErrorKind> {
        let read = ReadKind::ALL.iter().copied().map(ErrorKind::Read);
        let pdf = PdfKind::ALL.iter().copied().map(ErrorKind::Pdf);
        let file = FileKind::ALL.iter().copied().map(ErrorKind::File);
        read.chain(pdf).chain(file)
    }

    /// The kind's name in snake_case: the `kind` of the JSON output. Two crates may share a
    /// name (`too_large`); their codes differ.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Read(k) => k.name(),
            ErrorKind::Pdf(k) => k.name(),
            ErrorKind::File(k) => k.name(),
        }
    }

    /// The diagnostic code: `gongkai::read::empty`, `gongkai::pdf::encrypted`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Read(k) => k.code(),
            ErrorKind::Pdf(k) => k.code(),
            ErrorKind::File(k) => k.code(),
        }
    }
}

impl From<ReadKind> for ErrorKind {
    fn from(k: ReadKind) -> Self {
        ErrorKind::Read(k)
    }
}

impl From<PdfKind> for ErrorKind {
    fn from(k: PdfKind) -> Self {
        ErrorKind::Pdf(k)
    }
}

impl From<FileKind> for ErrorKind {
    fn from(k: FileKind) -> Self {
        ErrorKind::File(k)
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_end_in_the_name() {
        let mut codes: Vec<&str> = ErrorKind::all().map(ErrorKind::code).collect();
        let all = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all, "two kinds share a code");
        for k in ErrorKind::all() {
            assert!(k.code().ends_with(&format!("::{}", k.name())), "{k:?}");
        }
        assert_eq!(
            ErrorKind::Pdf(PdfKind::Encrypted).code(),
            "gongkai::pdf::encrypted"
        );
        assert_eq!(
            ErrorKind::Read(ReadKind::Empty).code(),
            "gongkai::read::empty"
        );
        assert_eq!(ErrorKind::Pdf(PdfKind::TooLarge).name(), "too_large");
        assert_eq!(
            ErrorKind::File(FileKind::TimedOut).code(),
            "gongkai::read::timeout"
        );
    }
}
