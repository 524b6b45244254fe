//! Why a file could not be checked, and the error as the renderers show it.

use std::path::Path;
use std::time::Duration;

use gongkai_diagnostic::FileKind;
use gongkai_diagnostics::{CheckedFile, FileError, FileStatus, FileView};

use crate::messages;
use crate::{Finding, FormatVersion, InputKind, Lang, LoadErrors, ReadError, Source};

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
    #[error("{}", self.to_file_error(Lang::Zh).message)]
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
    /// ([`Checker::with_time_limit`](crate::Checker::with_time_limit)).
    #[error("{}", self.to_file_error(Lang::Zh).message)]
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
        let file = |kind: FileKind, args: &[(&str, &dyn std::fmt::Display)]| {
            FileError::new(kind, messages::entry(kind).text(lang, args))
        };
        match self {
            Error::Io(e) => file(FileKind::Io, &[("error", &messages::os_error(e, lang))]),
            Error::Read(e) => file_error(e, lang),
            Error::NotAFile(kind) => file(
                FileKind::NotAFile,
                &[("what", &messages::not_a_file(*kind).get(lang))],
            ),
            #[cfg(feature = "pdf")]
            Error::Pdf(e) => FileError::new(e.kind(), e.text(lang)),
            Error::Rules(e) => file(FileKind::Rules, &[("error", e)]),
            Error::TimedOut { limit, stage } => file(
                FileKind::TimedOut,
                &[
                    ("stage", &messages::stage(*stage).get(lang)),
                    ("seconds", &seconds(*limit)),
                ],
            ),
        }
    }
}

/// A panic while processing `file`, as that file's error (`detail` says what panicked).
pub fn internal_error(file: &str, detail: &str, lang: Lang) -> FileError {
    let issues = concat!(env!("CARGO_PKG_REPOSITORY"), "/issues");
    let text = messages::entry(FileKind::Internal).text(
        lang,
        &[("issues", &issues), ("file", &file), ("detail", &detail)],
    );
    FileError::new(FileKind::Internal, text)
}

/// Why a file could not be checked, ready for the renderers: the error, and for a structured
/// (JSON/YAML) report that breaks its schema, the file's text with the reader's diagnostic for
/// each problem ([`gongkai_reader::StructuredError::diagnostics`]), so that every output format
/// shows where.
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
                    skipped: &[],
                    rules_ran: 0,
                },
            },
            None => FileStatus::Failed(&self.error),
        };
        FileView { path, status }
    }

    /// The file's entry of the JSON output, as `gongkai check --format json` gives it for a
    /// file that could not be checked: the error, and for a structured report that breaks its
    /// schema, each problem with its place — the same shape as
    /// [`Checked::to_json`](crate::Checked::to_json), so that an embedder writes one list of
    /// files whatever happened to each.
    pub fn to_json(&self, path: &str, lang: Lang) -> gongkai_diagnostics::JsonFile {
        gongkai_diagnostics::json_file(&self.view(path), lang)
    }

    /// The located problems of a structured report (empty for other failures).
    pub fn problems(&self) -> &[Finding] {
        self.located.as_ref().map_or(&[], |(_, f)| f.as_slice())
    }
}

/// A [`ReadError`] as the renderers show it, with its places when it has any.
pub fn failure(error: &ReadError, lang: Lang) -> Failure {
    let located = match error {
        ReadError::Structured(e) => Some((e.source.clone(), e.diagnostics(lang))),
        _ => None,
    };
    Failure {
        error: file_error(error, lang),
        located,
    }
}

/// A [`ReadError`] as the renderers show it: its kind and its message in `lang`, with what to
/// do where there is something.
pub fn file_error(error: &ReadError, lang: Lang) -> FileError {
    FileError::new(error.kind(), error.text(lang))
}
