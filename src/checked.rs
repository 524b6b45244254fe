//! A report read and checked, and its findings in the order of the file.

#[cfg(feature = "human")]
use gongkai_diagnostics::HumanOptions;
use gongkai_diagnostics::{CheckedFile, FileStatus, FileView, JsonFile, SkippedRule};

use crate::messages;
use crate::{
    DocumentRole, Extracted, Finding, Lang, Outcome, Report, RuleResult, Severity, Source,
};

/// The findings of all rules, in the order of the file (findings about the report as a whole
/// first). A rule that could not be evaluated becomes a warning of its own, so that it never
/// passes silently.
pub(crate) fn findings_of(results: &[RuleResult], lang: Lang) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    for r in results {
        match &r.outcome {
            Outcome::Findings { findings: f } => findings.extend(f.iter().cloned()),
            Outcome::Error { message } => findings.push(Finding {
                code: r.rule.clone(),
                severity: Severity::Warning,
                message: messages::RULE_FAILED.fill(lang, &[("message", message)]),
                help: None,
                expected: None,
                labels: Vec::new(),
                also: Vec::new(),
            }),
            Outcome::Pass | Outcome::Skipped { .. } => {}
        }
    }
    findings.sort_by_key(|f| {
        f.labels
            .iter()
            .find(|l| l.primary && l.document == DocumentRole::Current)
            .or_else(|| {
                f.labels
                    .iter()
                    .find(|l| l.document == DocumentRole::Current)
            })
            .map(|l| (l.span.offset, l.span.length))
    });
    findings
}

/// A report read and checked: the extracted model, every rule's outcome, and the findings.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The source text and the report model.
    pub extracted: Extracted,
    /// What each rule did (pass, findings, skipped with the reason, error).
    pub results: Vec<RuleResult>,
    pub(crate) findings: Vec<Finding>,
    /// The rules of `results` that were skipped, with their reasons, as the renderers take them.
    pub(crate) skipped: Vec<SkippedRule>,
}

/// The skipped rules of `results`, in rule order.
pub(crate) fn skipped_of(results: &[RuleResult]) -> Vec<SkippedRule> {
    results
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Skipped { reason } => Some(SkippedRule {
                rule: r.rule.clone(),
                reason: reason.clone(),
            }),
            _ => None,
        })
        .collect()
}

impl Checked {
    /// The findings, in report order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The report model.
    pub fn report(&self) -> &Report {
        &self.extracted.report
    }

    /// Whether any finding is at `level` or above.
    pub fn has_findings_at(&self, level: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= level)
    }

    /// Says why no report of last year was used, where the rules that compare with one were
    /// skipped for want of it: `reason` replaces [`no_previous_reason`] (in `lang`, the
    /// checker's language) in [`results`](Self::results) and in every output. A run that found
    /// two reports of the body for last year says so here, so that the file's skipped rules do
    /// not read as if none had been given.
    ///
    /// [`no_previous_reason`]: crate::rules::no_previous_reason
    pub fn explain_no_previous(&mut self, lang: Lang, reason: &str) {
        let none = crate::rules::no_previous_reason(lang);
        for result in &mut self.results {
            if let Outcome::Skipped { reason: r } = &mut result.outcome
                && r == none
            {
                reason.clone_into(r);
            }
        }
        self.skipped = skipped_of(&self.results);
    }

    /// This report as the renderers see it, named `path`; `previous` is last year's report (with
    /// its path) when one was given, so labels on it can be drawn.
    pub fn view<'a>(
        &'a self,
        path: &'a str,
        previous: Option<(&'a str, &'a Source)>,
    ) -> FileView<'a> {
        FileView {
            path,
            status: FileStatus::Checked(CheckedFile {
                source: &self.extracted.source,
                previous,
                input: self.extracted.report.metadata.input,
                form: self.extracted.report.metadata.format,
                findings: &self.findings,
                skipped: &self.skipped,
                rules_ran: self
                    .results
                    .iter()
                    .filter(|r| matches!(r.outcome, Outcome::Pass | Outcome::Findings { .. }))
                    .count(),
            }),
        }
    }

    /// The findings drawn on the file for a person (no colour unless `options` asks; feature
    /// `human`).
    #[cfg(feature = "human")]
    pub fn render(&self, path: &str, options: &HumanOptions) -> String {
        gongkai_diagnostics::render_file(&self.view(path, None), options)
    }

    /// The file's entry of the JSON output.
    pub fn to_json(&self, path: &str, lang: Lang) -> JsonFile {
        gongkai_diagnostics::json_file(&self.view(path, None), lang)
    }
}
