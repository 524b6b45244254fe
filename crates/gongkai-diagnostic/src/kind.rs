//! Why a file could not be read as a report, as a typed kind: what the JSON output calls an
//! error's `kind` and what the human, SARIF and GitHub outputs show as its code.

/// The crate that refused the file, the middle of an error's code (`gongkai::pdf::encrypted`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Domain {
    /// The reader (text, HTML, DOCX, JSON/YAML) and the file around it (I/O, time limit).
    Read,
    /// The PDF reader.
    Pdf,
}

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident => $domain:ident $name:literal; )*) => {
        /// Why a file could not be read as a report (every kind means exit code 2 in the CLI).
        ///
        /// The kinds are the stable part of an error: a kind's [`name`](ErrorKind::name) is the
        /// `kind` of the JSON output and its [`code`](ErrorKind::code) what the other outputs
        /// show. The message that goes with it is in the catalogue of the crate that raises it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorKind {
            /// Every kind, for tests that walk the catalogues.
            pub const ALL: &[ErrorKind] = &[$(ErrorKind::$variant),*];

            /// The kind's name in snake_case (`empty`, `needs_ocr`): the `kind` of the JSON
            /// output. Two domains may share a name (`too_large`); their codes differ.
            pub fn name(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $name,)*
                }
            }

            /// The crate that raises it.
            pub fn domain(self) -> Domain {
                match self {
                    $(ErrorKind::$variant => Domain::$domain,)*
                }
            }

            /// The diagnostic code: `gongkai::read::empty`, `gongkai::pdf::encrypted`.
            pub fn code(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => kinds!(@code $domain $name),)*
                }
            }
        }
    };
    (@code Read $name:literal) => { concat!("gongkai::read::", $name) };
    (@code Pdf $name:literal) => { concat!("gongkai::pdf::", $name) };
}

kinds! {
    // ---- the reader ----
    /// The file has no bytes.
    Empty => Read "empty";
    /// The file has only whitespace.
    WhitespaceOnly => Read "whitespace_only";
    /// Binary data, neither text nor a known document format.
    Binary => Read "binary";
    /// Text in no encoding that could be recognised.
    Undecodable => Read "undecodable";
    /// Text that is no annual report.
    NotAReport => Read "not_a_report";
    /// Larger than the size limit.
    TooLarge => Read "too_large";
    /// More derived items (lines, cells, words…) than the budget allows.
    TooComplex => Read "too_complex";
    /// Markup nested deeper than the limit.
    TooDeep => Read "too_deep";
    /// A ZIP file without `word/document.xml`.
    DocxNoDocument => Read "docx_no_document";
    /// A DOCX whose container or XML is broken.
    DocxMalformed => Read "docx_malformed";
    /// A DOCX whose document inflates past the limit.
    DocxTooLarge => Read "docx_too_large";
    /// A DOCX with more entries than the limit.
    DocxTooManyEntries => Read "docx_too_many_entries";
    /// A DOCX naming a part it needs more than once.
    DocxDuplicateEntry => Read "docx_duplicate_entry";
    /// A file that is a PDF and a ZIP archive at once.
    PdfAndZip => Read "pdf_and_zip";
    /// A legacy (.doc) or password-protected Office file.
    LegacyOrEncryptedOffice => Read "legacy_or_encrypted_office";
    /// A PDF handed to the in-process reader (PDFs need the `gongkai` program).
    PdfNeedsCli => Read "pdf_needs_cli";
    /// The caller stopped the read.
    Interrupted => Read "interrupted";
    /// A structured (JSON/YAML) report that breaks the input schema.
    InvalidStructure => Read "invalid_structure";
    // ---- the file around the reader (its code stays under `read`: reading it failed) ----
    /// The file could not be read from disk.
    Io => Read "io";
    /// The path is no regular file.
    NotAFile => Read "not_a_file";
    /// The rules did not load.
    Rules => Read "rules";
    /// The file's processing went past the time limit.
    TimedOut => Read "timeout";
    /// gongkai itself failed on the file (a panic caught while processing it).
    Internal => Read "internal";
    // ---- the PDF reader ----
    /// poppler's `pdftotext` is not installed.
    PdftotextMissing => Pdf "pdftotext_missing";
    /// A PDF with no bytes.
    PdfEmpty => Pdf "empty";
    /// Bytes that do not start like a PDF.
    NotAPdf => Pdf "not_a_pdf";
    /// A PDF larger than the size limit.
    PdfTooLarge => Pdf "too_large";
    /// A PDF encrypted with a password.
    Encrypted => Pdf "encrypted";
    /// A PDF that forbids copying its text.
    CopyProtected => Pdf "copy_protected";
    /// A PDF poppler cannot read.
    Malformed => Pdf "malformed";
    /// A PDF without a text layer (a scan).
    NeedsOcr => Pdf "needs_ocr";
    /// pdftotext ran past its time limit.
    PdfTimeout => Pdf "timeout";
    /// The caller stopped the PDF's read.
    PdfInterrupted => Pdf "interrupted";
    /// pdftotext's output is larger than the limit.
    OutputTooLarge => Pdf "output_too_large";
    /// pdftotext could not be run or understood.
    Backend => Pdf "backend";
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
    fn codes_are_unique_and_name_their_domain() {
        let mut codes: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        let all = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all, "two kinds share a code");
        assert_eq!(ErrorKind::Encrypted.code(), "gongkai::pdf::encrypted");
        assert_eq!(ErrorKind::Empty.code(), "gongkai::read::empty");
        assert_eq!(ErrorKind::PdfTooLarge.name(), "too_large");
        for k in ErrorKind::ALL {
            let prefix = match k.domain() {
                Domain::Read => "gongkai::read::",
                Domain::Pdf => "gongkai::pdf::",
            };
            assert_eq!(k.code(), format!("{prefix}{}", k.name()));
        }
    }
}
