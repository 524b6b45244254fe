//! Errors in rule files: located in the YAML, with a suggestion where one can be made.

use std::fmt;

use gongkai_core::{Excerpt, LineIndex};
use miette::{Diagnostic, LabeledSpan, SourceCode};

use crate::Snippet;

/// A rule file (or rule test file) that could not be loaded, located at a line and column of
/// the file, with a "did you mean" suggestion where one can be made.
#[derive(Debug)]
pub struct LoadError(Box<Inner>);

#[derive(Debug)]
struct Inner {
    path: String,
    message: String,
    label: String,
    help: Option<String>,
    /// The lines around the error's place (long lines windowed), once it has one.
    source: Option<Snippet>,
    /// Where the error is in the file: byte offset and length.
    place: Option<(usize, usize)>,
    /// Where the label is, in the snippet's offsets.
    offset: Option<usize>,
    length: usize,
    line: u32,
    column: u32,
}

impl LoadError {
    pub(crate) fn new(path: &str, _text: &str, message: impl Into<String>) -> Self {
        Self(Box::new(Inner {
            path: path.to_owned(),
            message: message.into(),
            label: String::new(),
            help: None,
            source: None,
            place: None,
            offset: None,
            length: 0,
            line: 0,
            column: 0,
        }))
    }

    /// Points the error at a byte range of the file.
    pub(crate) fn at(
        mut self,
        text: &str,
        offset: usize,
        length: usize,
        label: impl Into<String>,
    ) -> Self {
        let offset = offset.min(text.len());
        let mut o = offset;
        while o > 0 && !text.is_char_boundary(o) {
            o -= 1;
        }
        let before = &text[..o];
        self.0.line = u32::try_from(before.matches('\n').count() + 1).unwrap_or(u32::MAX);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        self.0.column = u32::try_from(before[line_start..].chars().count() + 1).unwrap_or(u32::MAX);
        // The end moves forward to a character boundary: callers give lengths in bytes (often
        // 1 for "here"), which would otherwise cut a CJK character in half.
        let mut end = o.saturating_add(length).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        // Only the lines around the place are kept, windowed on a long line: a rule file of one
        // 200,000-character line would otherwise be drawn whole (and overflow miette's width).
        let excerpt = Excerpt::new(text, &LineIndex::new(text), &[(o, end - o)], 1);
        let (at, length) = excerpt.map(o, end - o);
        self.0.source = Some(Snippet::new(self.0.path.clone(), excerpt));
        self.0.place = Some((o, end - o));
        self.0.offset = Some(at);
        self.0.length = length;
        self.0.label = label.into();
        self
    }

    pub(crate) fn help(mut self, help: Option<String>) -> Self {
        self.0.help = help;
        self
    }

    /// The path of the file, as given to the loader.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The suggestion, e.g. "did you mean `natural_person`?".
    pub fn suggestion(&self) -> Option<&str> {
        self.0.help.as_deref()
    }

    /// Where the error is in the file: byte offset and length, on character boundaries (none
    /// when it has no place). The diagnostic's label ([`Diagnostic::labels`]) is in the offsets
    /// of its snippet, which shows only the lines around this place.
    pub fn span(&self) -> Option<(usize, usize)> {
        self.0.place
    }

    /// 1-based line in the file (0 when the error has no place).
    pub fn line(&self) -> u32 {
        self.0.line
    }

    /// 1-based column in characters (0 when the error has no place).
    pub fn column(&self) -> u32 {
        self.0.column
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.0.path, self.0.line, self.0.column, self.0.message
            )
        } else {
            write!(f, "{}: {}", self.0.path, self.0.message)
        }
    }
}

impl std::error::Error for LoadError {}

impl Diagnostic for LoadError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("gongkai::rule-file"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.0.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let offset = self.0.offset?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(
                Some(self.0.label.clone()).filter(|l| !l.is_empty()),
                (offset, self.0.length),
            ),
        )))
    }
}

/// All the errors of one load: every file is checked, so an author sees every mistake at once.
#[derive(Debug, Default)]
pub struct LoadErrors(pub Vec<LoadError>);

/// One line: each error is its related diagnostic, drawn on its file with its place. Listing
/// them here as well printed every error twice.
impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [] => write!(f, "规则文件无法加载 / rule files do not load"),
            [one] if one.0.source.is_none() => write!(f, "{one}"),
            errors => write!(
                f,
                "规则文件无法加载（{n} 处错误）/ rule files do not load ({n} error{s})",
                n = errors.len(),
                s = if errors.len() == 1 { "" } else { "s" }
            ),
        }
    }
}

impl std::error::Error for LoadErrors {}

impl Diagnostic for LoadErrors {
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        // A lone error without a place is the whole message already.
        match self.0.as_slice() {
            [one] if one.0.source.is_none() => None,
            errors => Some(Box::new(errors.iter().map(|e| e as &dyn Diagnostic))),
        }
    }
}
