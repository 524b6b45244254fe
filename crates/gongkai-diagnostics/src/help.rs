//! A finding's help as every output shows it: the rule's advice, the expected value, and the
//! other relations a grouped finding's cell breaks. Apart from the human renderer (feature
//! `human`) because the JSON, SARIF and GitHub outputs show the same text without it.

use std::fmt::Write as _;

use gongkai_diagnostic::{self as diag, Lang};

use crate::text::words;

/// At most this many of a grouped finding's other findings are listed under it (a report cut
/// in 表三 has twenty rows and three sections after the cut); the JSON output has them all.
const MAX_ALSO_SHOWN: usize = 8;

/// The help line: the rule's advice, and the expected value unless the advice already states it.
pub(crate) fn help_text(finding: &diag::Diagnostic, lang: Lang) -> Option<String> {
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

/// The help with the other relations the same wrong cell breaks (a grouped finding's `also`),
/// one line each, its rule's id first (an id at the end was cut at its hyphens by the
/// wrapping), after the help proper.
pub(crate) fn with_also(
    help: Option<String>,
    finding: &diag::Diagnostic,
    lang: Lang,
) -> Option<String> {
    if finding.also.is_empty() {
        return help;
    }
    let w = words(lang);
    let mut text = help.map(|h| h + "\n").unwrap_or_default();
    // A finding with a corrected value stands for the relations its cell breaks; one without
    // (a text cut short) for what it made impossible to read.
    text.push_str(if finding.expected.is_some() {
        w.also
    } else {
        w.also_caused
    });
    for other in finding.also.iter().take(MAX_ALSO_SHOWN) {
        let _ = write!(text, "\n· [{}] {}", other.code, other.message);
    }
    if finding.also.len() > MAX_ALSO_SHOWN {
        let _ = write!(
            text,
            "\n{}",
            w.also_more
                .replace("{n}", &(finding.also.len() - MAX_ALSO_SHOWN).to_string())
        );
    }
    Some(text)
}
