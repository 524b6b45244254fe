//! The concise format: one line per finding, `path:page:line:col severity rule message`, for a
//! supervisor's `grep`, `sort` and `wc -l` over hundreds of reports; a finding that stands for
//! several (the broken relations of one wrong cell, what a text cut short made unreadable)
//! ends with `[+rule]` for each of the others' rules, `[+rule×n]` for several of one rule.

use std::fmt::Write as _;

use gongkai_core::{Interrupt, Interrupted};
use gongkai_diagnostic::{Diagnostic, DocumentRole, Severity};

use crate::file::{CheckedFile, FileStatus, FileView};

/// The lines of one file: one per finding (its place is that of its primary label: the page,
/// for a PDF, then the line within that page and the column; a finding with no place has the path
/// alone), or one line saying why the file could not be read. Messages are joined onto their
/// line: a finding never spans two lines.
///
/// # Errors
/// [`Interrupted`] when `interrupt` says stop (asked before each finding).
pub fn concise_lines_until(
    file: &FileView<'_>,
    interrupt: Option<&Interrupt>,
) -> Result<String, Interrupted> {
    let mut out = String::new();
    match file.status {
        FileStatus::Failed(error) => failure(&mut out, file.path, error),
        FileStatus::Invalid { error, problems } => {
            failure(&mut out, file.path, error);
            lines(&mut out, file.path, &problems, interrupt)?;
        }
        FileStatus::Checked(checked) => lines(&mut out, file.path, &checked, interrupt)?,
    }
    Ok(out)
}

/// As [`concise_lines_until`], never interrupted.
pub fn concise_lines(file: &FileView<'_>) -> String {
    concise_lines_until(file, None).unwrap_or_default()
}

fn failure(out: &mut String, path: &str, error: &crate::FileError) {
    let _ = writeln!(
        out,
        "{path} error {} {}",
        error.kind.code(),
        one_line(&error.message)
    );
}

fn lines(
    out: &mut String,
    path: &str,
    checked: &CheckedFile<'_>,
    interrupt: Option<&Interrupt>,
) -> Result<(), Interrupted> {
    for finding in checked.findings {
        Interrupt::poll(interrupt)?;
        let _ = write!(
            out,
            "{} {} {} {}",
            place(path, checked, finding),
            severity(finding.severity),
            finding.code,
            one_line(&finding.message)
        );
        // A grouped finding names the other rules it stands for, so that a `grep` for any of
        // them finds the line: each once, in the order they first come, with their count
        // when there are several (a text cut in 表三: `[+structure-row-missing×17]`).
        let mut codes: Vec<(&str, usize)> = Vec::new();
        for other in &finding.also {
            match codes.iter_mut().find(|(c, _)| *c == other.code) {
                Some((_, n)) => *n += 1,
                None => codes.push((&other.code, 1)),
            }
        }
        for (code, n) in codes {
            match n {
                1 => {
                    let _ = write!(out, " [+{code}]");
                }
                n => {
                    let _ = write!(out, " [+{code}×{n}]");
                }
            }
        }
        out.push('\n');
    }
    Ok(())
}

/// `path:page:line:col` (page only when the source has pages), `path:table4:row14:col8` or
/// `path:para7:char65` in a Word document, or the path alone.
fn place(path: &str, checked: &CheckedFile<'_>, finding: &Diagnostic) -> String {
    let label = finding
        .labels
        .iter()
        .find(|l| l.primary && l.document == DocumentRole::Current)
        .or_else(|| {
            finding
                .labels
                .iter()
                .find(|l| l.document == DocumentRole::Current)
        });
    let Some(label) = label else {
        return path.to_owned();
    };
    let at = checked.source.position(label.span.offset);
    // A Word document has no lines: its paragraph or table cell instead.
    if let Some(place) = at.place {
        return format!("{path}:{}", gongkai_diagnostic::place_fields(place));
    }
    match at.page {
        // The column is that of the line as shown, as in the JSON output.
        Some(page) => format!("{path}:{page}:{}:{}", at.line, label.span.column),
        None => format!("{path}:{}:{}", at.line, label.span.column),
    }
}

/// The severity as a fixed English word, whatever the language: it is what `grep` looks for.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// A message on one line: line breaks become spaces.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
