//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding, so
//! that findings show as annotations on the file in a pull request.

use std::fmt::Write as _;

use gongkai_core::{Interrupt, Interrupted, Position};
use gongkai_diagnostic::{DocumentRole, Lang, Severity};

use crate::file::{CheckedFile, FileStatus, FileView, span_end};
use crate::help::{help_text, with_also};

/// The workflow commands for one file.
pub fn github_annotations(file: &FileView<'_>, lang: Lang) -> String {
    github_annotations_until(file, lang, None).unwrap_or_default()
}

/// As [`github_annotations`], asking `interrupt` before each finding (a caller's time limit per
/// file).
///
/// # Errors
/// [`Interrupted`] when `interrupt` says stop.
pub fn github_annotations_until(
    file: &FileView<'_>,
    lang: Lang,
    interrupt: Option<&Interrupt>,
) -> Result<String, Interrupted> {
    let mut out = String::new();
    match file.status {
        FileStatus::Failed(error) => {
            let _ = writeln!(
                out,
                "::error file={},title={}::{}",
                property(file.path),
                property(error.kind.code()),
                data(&error.message)
            );
        }
        FileStatus::Invalid { error, problems } => {
            let _ = writeln!(
                out,
                "::error file={},title={}::{}",
                property(file.path),
                property(error.kind.code()),
                data(&error.message)
            );
            findings(&mut out, file.path, &problems, lang, interrupt)?;
        }
        FileStatus::Checked(checked) => findings(&mut out, file.path, &checked, lang, interrupt)?,
    }
    Ok(out)
}

fn findings(
    out: &mut String,
    path: &str,
    checked: &CheckedFile<'_>,
    lang: Lang,
    interrupt: Option<&Interrupt>,
) -> Result<(), Interrupted> {
    for finding in checked.findings {
        Interrupt::poll(interrupt)?;
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let primary = finding
            .labels
            .iter()
            .find(|l| l.primary && l.document == DocumentRole::Current);
        // An annotation's line is of the text gongkai rebuilt from a PDF or a Word document: the
        // page and its printed line, or the paragraph or cell, go first in the message, where a
        // person finds them.
        let mut message = match primary.map(|l| checked.source.position(l.span.offset)) {
            Some(Position {
                page: Some(page),
                line,
                ..
            }) => page_line(page, line, lang),
            // A Word document has no lines: its paragraph or table cell.
            Some(Position {
                place: Some(place), ..
            }) => format!(
                "{}{}",
                gongkai_diagnostic::place_words(place, lang),
                match lang {
                    Lang::Zh => "：",
                    Lang::En => ": ",
                }
            ),
            _ => String::new(),
        };
        message.push_str(&finding.message);
        if let Some(help) = with_also(help_text(finding, lang), finding, lang) {
            message.push('\n');
            message.push_str(&help);
        }
        let _ = write!(out, "::{command} file={}", property(path));
        if let Some(label) = primary {
            let (end_line, end_column) = span_end(checked.source, label.span);
            let _ = write!(
                out,
                ",line={},col={},endLine={end_line},endColumn={end_column}",
                label.span.line, label.span.column
            );
        }
        let _ = writeln!(
            out,
            ",title={}::{}",
            property(&finding.code),
            data(&message)
        );
    }
    Ok(())
}

/// "第 4 页第 19 行：" — the place on a page, before a message.
fn page_line(page: u32, line: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第 {page} 页第 {line} 行："),
        Lang::En => format!("page {page}, line {line}: "),
    }
}

/// Escapes a command's message (the part after `::`).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(data("50%\nb"), "50%25%0Ab");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
