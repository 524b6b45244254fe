//! Outcomes printed as plain text for snapshots: each finding with its labels' line, column and
//! the text they point at. Rendered after the expectations are checked (see the module essay).

use std::fmt::Write as _;

use crate::{Finding, Outcome};

/// Renders an outcome as plain text, each label with the line, column and text it points at.
pub fn render_outcome(o: &Outcome, text: &str, previous_text: Option<&str>) -> String {
    match o {
        Outcome::Pass => "pass\n".into(),
        Outcome::Skipped { reason } => format!("skipped: {reason}\n"),
        Outcome::Error { message } => format!("error: {message}\n"),
        Outcome::Findings { findings } => findings
            .iter()
            .map(|f| render_finding(f, text, previous_text))
            .collect(),
    }
}

/// Renders one finding as plain text (see [`render_outcome`]).
pub fn render_finding(f: &Finding, text: &str, previous_text: Option<&str>) -> String {
    let mut s = String::new();
    let sev = match f.severity {
        crate::Severity::Error => "error",
        crate::Severity::Warning => "warning",
        crate::Severity::Info => "info",
    };
    let _ = writeln!(s, "{sev}[{}]: {}", f.code, f.message);
    for l in &f.labels {
        let src = match l.document {
            crate::DocumentRole::Previous => previous_text.unwrap_or(""),
            crate::DocumentRole::Current => text,
        };
        let slice = src.get(l.span.range()).unwrap_or("?");
        let slice: String = slice.chars().take(40).collect();
        let _ = writeln!(
            s,
            "  {} {}{}:{} `{}` {}",
            if l.primary { "^" } else { "-" },
            if l.document == crate::DocumentRole::Previous {
                "previous "
            } else {
                ""
            },
            l.span.line,
            l.span.column,
            slice.replace('\n', "⏎"),
            l.message
        );
    }
    if let Some(e) = &f.expected {
        let _ = writeln!(s, "  expected: {e}");
    }
    if let Some(h) = &f.help {
        let _ = writeln!(s, "  help: {h}");
    }
    s
}
