//! Findings drawn on the user's own file with miette's graphical renderer.

use std::fmt;

use gongkai_core::Source;
use gongkai_rules::{DocumentRole, Finding, Lang, Severity};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::file::{CheckedFile, FileError, FileStatus, FileView, rule_url};
use crate::text::words;

/// How to draw findings for a person.
#[derive(Debug, Clone)]
pub struct HumanOptions {
    /// The language of the renderer's own words (the findings' messages come from the rules).
    pub lang: Lang,
    /// ANSI colours (the caller decides: a terminal, and no `NO_COLOR`).
    pub color: bool,
    /// Terminal hyperlinks (OSC 8) on rule ids instead of printing the rule's URL.
    pub links: bool,
    /// Width to wrap messages at, in terminal columns.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            lang: Lang::Zh,
            color: false,
            links: false,
            width: 100,
        }
    }
}

/// A [`Source`] as miette sees it: named by the user's path, with columns counted in characters.
///
/// miette's own [`SourceCode`] for `str` counts the column it prints in a snippet's header in
/// bytes, which is three times too far right on a line of Chinese; this wrapper replaces it with
/// the character column that the JSON output and editors use.
#[derive(Debug, Clone, Copy)]
pub struct SourceRef<'a> {
    name: &'a str,
    source: &'a Source,
}

impl<'a> SourceRef<'a> {
    /// The source, named `name` in rendered snippets.
    pub fn new(name: &'a str, source: &'a Source) -> Self {
        Self { name, source }
    }
}

impl SourceCode for SourceRef<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner =
            self.source
                .text()
                .read_span(span, context_lines_before, context_lines_after)?;
        let start = inner.span().offset();
        let column = self.source.lines().locate(self.source.text(), start).column;
        // Text rebuilt from a PDF has its pages separated by form feeds: name the page the way
        // PDF viewers open it (`report.pdf#page=4`), since the line is one of the rebuilt text.
        let text = self.source.text();
        let name = if text.contains('\u{c}') {
            let before = text.as_bytes().get(..span.offset()).unwrap_or_default();
            let page = before.split(|&b| b == 0x0c).count();
            format!("{}#page={page}", self.name)
        } else {
            self.name.to_owned()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            name,
            inner.data(),
            *inner.span(),
            inner.line(),
            column.saturating_sub(1) as usize,
            inner.line_count(),
        )))
    }
}

/// One finding as a miette [`Diagnostic`] on the user's file: the rule id as its code, a link to
/// the rule's documentation, help with the expected value, and the finding's labels.
///
/// miette draws all labels of one diagnostic on one source (zkat/miette#193), so labels on last
/// year's report become a related diagnostic on that report.
#[derive(Debug)]
pub struct FindingDiagnostic<'a> {
    message: String,
    code: Option<&'a str>,
    severity: miette::Severity,
    help: Option<String>,
    url: Option<String>,
    source: Option<SourceRef<'a>>,
    labels: Vec<LabeledSpan>,
    related: Vec<FindingDiagnostic<'a>>,
}

impl<'a> FindingDiagnostic<'a> {
    /// The diagnostic for `finding`, a finding on the report at `path` checked as `file`.
    pub fn new(finding: &'a Finding, path: &'a str, file: &CheckedFile<'a>, lang: Lang) -> Self {
        let w = words(lang);
        let labels = labels_in(finding, DocumentRole::Current);
        let mut related = Vec::new();
        let previous = labels_in(finding, DocumentRole::Previous);
        if !previous.is_empty()
            && let Some((previous_path, previous_source)) =
                file.source_of(DocumentRole::Previous, path)
        {
            related.push(FindingDiagnostic {
                message: w.previous_report.to_owned(),
                code: None,
                severity: miette::Severity::Advice,
                help: None,
                url: None,
                source: Some(SourceRef::new(previous_path, previous_source)),
                labels: previous,
                related: Vec::new(),
            });
        }
        // Without a label there is no snippet, and so no file name: say which file in the message.
        let message = if labels.is_empty() {
            format!("{path}: {}", finding.message)
        } else {
            finding.message.clone()
        };
        Self {
            message,
            code: Some(finding.rule.as_str()),
            severity: miette_severity(finding.severity),
            help: help_text(finding, lang),
            url: Some(rule_url(&finding.rule)),
            source: Some(SourceRef::new(path, file.source)),
            labels,
            related,
        }
    }
}

fn labels_in(finding: &Finding, role: DocumentRole) -> Vec<LabeledSpan> {
    finding
        .labels
        .iter()
        .filter(|l| l.document == role)
        .map(|l| {
            let text = (!l.message.is_empty()).then(|| l.message.clone());
            let span = SourceSpan::new(l.span.offset.into(), l.span.length);
            if l.primary {
                LabeledSpan::new_primary_with_span(text, span)
            } else {
                LabeledSpan::new_with_span(text, span)
            }
        })
        .collect()
}

/// The help line: the rule's advice, and the expected value unless the advice already states it.
pub(crate) fn help_text(finding: &Finding, lang: Lang) -> Option<String> {
    let expected = finding
        .expected
        .as_deref()
        .filter(|e| finding.help.as_deref().is_none_or(|h| !h.contains(*e)))
        .map(|e| format!("{}{e}", words(lang).expected));
    match (finding.help.as_deref(), expected) {
        (Some(h), Some(e)) => Some(format!("{h}\n{e}")),
        (Some(h), None) => Some(h.to_owned()),
        (None, e) => e,
    }
}

pub(crate) fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display + 'b>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'b>)
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display + 'b>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
        }
    }
}

/// A file that could not be read as a report, as a diagnostic.
#[derive(Debug)]
pub struct ReadFailure<'a> {
    message: String,
    code: String,
    _error: &'a FileError,
}

impl<'a> ReadFailure<'a> {
    /// The diagnostic for `error` on the file at `path`.
    pub fn new(path: &str, error: &'a FileError) -> Self {
        Self {
            message: format!("{path}: {}", error.message),
            code: format!("gongkai::read::{}", error.kind),
            _error: error,
        }
    }
}

impl fmt::Display for ReadFailure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReadFailure<'_> {}

impl Diagnostic for ReadFailure<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Error)
    }
}

/// The graphical handler for `options`.
pub fn handler(options: &HumanOptions) -> GraphicalReportHandler {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(options.links)
        .with_context_lines(1)
        .with_show_related_as_nested(true)
}

/// Renders every finding of one file (or why it could not be read) for a person.
pub fn render_file(file: &FileView<'_>, options: &HumanOptions) -> String {
    let handler = handler(options);
    let mut out = String::new();
    match file.status {
        FileStatus::Checked(checked) => {
            for finding in checked.findings {
                let diagnostic = FindingDiagnostic::new(finding, file.path, &checked, options.lang);
                render_one(&handler, &diagnostic, &mut out);
            }
        }
        FileStatus::Failed(error) => {
            render_one(&handler, &ReadFailure::new(file.path, error), &mut out);
        }
        FileStatus::Invalid { error, problems } => {
            render_one(&handler, &ReadFailure::new(file.path, error), &mut out);
            for finding in problems.findings {
                let diagnostic =
                    FindingDiagnostic::new(finding, file.path, &problems, options.lang);
                render_one(&handler, &diagnostic, &mut out);
            }
        }
    }
    out
}

fn render_one(handler: &GraphicalReportHandler, diagnostic: &dyn Diagnostic, out: &mut String) {
    // Rendering into a String cannot fail for I/O reasons; a formatting error would mean a
    // broken span, and then the plain message is still worth showing.
    let mut rendered = String::new();
    if handler.render_report(&mut rendered, diagnostic).is_ok() {
        out.push_str(&rendered);
    } else {
        out.push_str(&diagnostic.to_string());
        out.push('\n');
    }
    out.push('\n');
}
