//! Findings drawn on the user's own file with miette's graphical renderer.

use std::fmt;

use gongkai_core::{Excerpt, Interrupt, Interrupted, Source};
use gongkai_diagnostic::{self as diag, DocumentRole, Lang, Severity, Snippet, place_words};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode, SourceSpan,
};

use crate::file::{CheckedFile, FileError, FileStatus, FileView, RuleDocs};
use crate::help::{help_text, with_also};
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
    /// The run's rules, for each header's title and documentation link.
    pub rules: RuleDocs,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            lang: Lang::Zh,
            color: false,
            links: false,
            width: 100,
            rules: RuleDocs::default(),
        }
    }
}

/// The lines of context a snippet shows before and after its labels.
const CONTEXT_LINES: u32 = 1;

/// One finding as a miette [`Diagnostic`] on the user's file: a header with the rule's title and
/// id and where to read more, help with the expected value, and the finding's labels.
///
/// miette draws all labels of one diagnostic on one source (zkat/miette#193), so labels on last
/// year's report become a related diagnostic on that report.
#[derive(Debug)]
pub struct FindingDiagnostic {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    url: Option<String>,
    source: Option<Snippet>,
    labels: Vec<LabeledSpan>,
    related: Vec<FindingDiagnostic>,
}

impl FindingDiagnostic {
    /// The diagnostic for `finding`, a finding on the report at `path` checked as `file`.
    ///
    /// The snippets hold only the lines of the labels (long lines cut to windows around them),
    /// found through the source's line index: drawing a finding costs what it shows, not the
    /// size of the file.
    pub fn new(
        finding: &diag::Diagnostic,
        path: &str,
        file: &CheckedFile<'_>,
        options: &HumanOptions,
    ) -> Self {
        let lang = options.lang;
        let w = words(lang);
        let mut related = Vec::new();
        if let Some((previous_path, previous_source)) = file.source_of(DocumentRole::Previous, path)
            && let Some((snippet, labels)) = snippet(
                finding,
                DocumentRole::Previous,
                previous_path,
                previous_source,
                lang,
            )
        {
            related.push(FindingDiagnostic {
                message: w.previous_report.to_owned(),
                code: None,
                severity: miette::Severity::Advice,
                help: None,
                url: None,
                source: Some(snippet),
                labels,
                related: Vec::new(),
            });
        }
        let (source, labels) =
            match snippet(finding, DocumentRole::Current, path, file.source, lang) {
                Some((snippet, labels)) => (Some(snippet), labels),
                None => (None, Vec::new()),
            };
        // Without a label there is no snippet, and so no file name: say which file in the message.
        let message = if labels.is_empty() {
            format!("{path}: {}", finding.message)
        } else {
            finding.message.clone()
        };
        let (code, url) = header(&finding.code, options);
        Self {
            message,
            code: Some(code),
            severity: miette_severity(finding.severity),
            help: with_also(help_text(finding, lang), finding, lang),
            url,
            source,
            labels,
            related,
        }
    }
}

/// A finding's header (miette's code, and what it shows in brackets after it) for the rule
/// `code`: the rule's title first, for the clerk who reads it, then the id, for the search and
/// the `--ignore`; then the documentation link when the rule has a real one, otherwise the
/// command that prints the rule's page. A rule the run does not know (none should be) is named
/// by its id alone.
fn header(code: &str, options: &HumanOptions) -> (String, Option<String>) {
    let title = options.rules.title(code, options.lang);
    let named = match title {
        Some(title) => format!("{title} [{code}]"),
        None => code.to_owned(),
    };
    match options.rules.url(code) {
        Some(url) => (named, Some(url.to_owned())),
        // A terminal hyperlink needs a URL: the command goes into the header's text instead.
        None if options.links => (format!("{named} ({})", RuleDocs::pointer(code)), None),
        // The command names the id already: the title alone before it.
        None => (
            title.unwrap_or(code).to_owned(),
            Some(RuleDocs::pointer(code)),
        ),
    }
}

/// The snippet of the labels of `finding` on the document of `role`, and those labels in the
/// snippet's offsets; none without such labels.
fn snippet(
    finding: &diag::Diagnostic,
    role: DocumentRole,
    path: &str,
    source: &Source,
    lang: Lang,
) -> Option<(Snippet, Vec<LabeledSpan>)> {
    let labels: Vec<&diag::Label> = finding
        .labels
        .iter()
        .filter(|l| l.document == role)
        .collect();
    if labels.is_empty() {
        return None;
    }
    let spans: Vec<(usize, usize)> = labels
        .iter()
        .map(|l| (l.span.offset, l.span.length))
        .collect();
    let excerpt = Excerpt::new(source.text(), source.lines(), &spans, CONTEXT_LINES);
    // A Word document's labels are named by their paragraph or table cell, the primary first.
    let mut places: Vec<(usize, String)> = Vec::new();
    if !source.places().is_empty() {
        let mut ordered: Vec<&&diag::Label> = labels.iter().collect();
        ordered.sort_by_key(|l| !l.primary);
        for l in ordered {
            if let Some(place) = source.position(l.span.offset).place {
                places.push((excerpt.map(l.span.offset, 0).0, place_words(place, lang)));
            }
        }
    }
    let labels = labels
        .iter()
        .map(|l| {
            let text = (!l.message.is_empty()).then(|| l.message.clone());
            let (offset, length) = excerpt.map(l.span.offset, l.span.length);
            let span = SourceSpan::new(offset.into(), length);
            if l.primary {
                LabeledSpan::new_primary_with_span(text, span)
            } else {
                LabeledSpan::new_with_span(text, span)
            }
        })
        .collect();
    Some((
        Snippet::new(path, excerpt).located(source.pages().clone(), places),
        labels,
    ))
}

pub(crate) fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display + 'b>)
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
            code: error.kind.code().to_owned(),
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
        // The snippets name their location themselves (`Snippet::located`): a Word document
        // has no lines to name, and a PDF's line is the printed line of its page.
        .without_primary_span_start()
}

/// Renders every finding of one file (or why it could not be read) for a person.
pub fn render_file(file: &FileView<'_>, options: &HumanOptions) -> String {
    render_file_until(file, options, None).unwrap_or_default()
}

/// As [`render_file`], asking `interrupt` before each finding (a caller's time limit per file).
///
/// # Errors
/// [`Interrupted`] when `interrupt` says stop.
pub fn render_file_until(
    file: &FileView<'_>,
    options: &HumanOptions,
    interrupt: Option<&Interrupt>,
) -> Result<String, Interrupted> {
    let handler = handler(options);
    let mut out = String::new();
    match file.status {
        FileStatus::Checked(checked) => {
            for finding in checked.findings {
                Interrupt::poll(interrupt)?;
                let diagnostic = FindingDiagnostic::new(finding, file.path, &checked, options);
                render_one(&handler, &diagnostic, &mut out);
            }
        }
        FileStatus::Failed(error) => {
            render_one(&handler, &ReadFailure::new(file.path, error), &mut out);
        }
        FileStatus::Invalid { error, problems } => {
            render_one(&handler, &ReadFailure::new(file.path, error), &mut out);
            for finding in problems.findings {
                Interrupt::poll(interrupt)?;
                let diagnostic = FindingDiagnostic::new(finding, file.path, &problems, options);
                render_one(&handler, &diagnostic, &mut out);
            }
        }
    }
    Ok(out)
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
