//! Findings from read issues, and the outcome of a rule from its iterations.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Step;
use super::env::Env;
use super::explain::{Ctx, Failure, render};
use super::value::zh_en;
use crate::file::IssueKindName;
use crate::paths;
use crate::rule::Rule;
use crate::{DocumentRole, Finding, Label, Lang, Outcome, Severity};

pub(super) fn issues(ctx: &Ctx<'_>, env: &Env<'_>, kinds: &[IssueKindName], steps: &mut Vec<Step>) {
    use gongkai_core::ReadIssueKind as K;
    let lang = ctx.lang;
    let mut any = false;
    for issue in &env.report.issues {
        let mut values = ctx.base_values(env);
        let (kind, label) = match &issue.kind {
            K::SectionMissing { section } => {
                values.insert("section".into(), paths::section_label(*section));
                (
                    IssueKindName::SectionMissing,
                    paths::section_label(*section),
                )
            }
            K::SectionOutOfOrder { section } => {
                values.insert("section".into(), paths::section_label(*section));
                (
                    IssueKindName::SectionOutOfOrder,
                    paths::section_label(*section),
                )
            }
            K::UnitVariant {
                table,
                row,
                found,
                expected,
                cells,
            } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("row".into(), paths::row_label(table, row));
                values.insert("found".into(), found.clone());
                values.insert(
                    "expected".into(),
                    if expected.is_empty() {
                        zh_en(lang, "不写单位", "no unit")
                    } else {
                        expected.clone()
                    },
                );
                values.insert("label".into(), cells.to_string());
                (IssueKindName::UnitVariant, found.clone())
            }
            K::SectionVariant { section, found } => {
                values.insert("section".into(), paths::section_label(*section));
                values.insert("found".into(), found.clone());
                values.insert("label".into(), found.clone());
                (IssueKindName::SectionVariant, found.clone())
            }
            K::TableMissing { table } => {
                values.insert("table".into(), paths::table_title(table).to_owned());
                (
                    IssueKindName::TableMissing,
                    paths::table_label(table).to_owned(),
                )
            }
            K::RowMissing { table, row } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("row".into(), paths::row_label(table, row));
                (IssueKindName::RowMissing, paths::row_label(table, row))
            }
            K::RowIncomplete {
                table,
                row,
                found,
                expected,
            } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("row".into(), paths::row_label(table, row));
                values.insert("found".into(), found.to_string());
                values.insert("expected".into(), expected.to_string());
                (IssueKindName::RowIncomplete, paths::row_label(table, row))
            }
            K::LabelVariant {
                table,
                row,
                expected,
                found,
            } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("row".into(), paths::row_label(table, row));
                values.insert("found".into(), found.clone());
                values.insert("expected".into(), expected.clone());
                values.insert("label".into(), found.clone());
                (IssueKindName::LabelVariant, found.clone())
            }
            K::HiddenText { text, chars } => {
                values.insert("found".into(), text.clone());
                values.insert("label".into(), text.clone());
                values.insert("expected".into(), chars.to_string());
                (IssueKindName::HiddenText, text.clone())
            }
            K::RowTooManyValues {
                table,
                row,
                found,
                expected,
            } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("row".into(), paths::row_label(table, row));
                values.insert("found".into(), found.to_string());
                values.insert("expected".into(), expected.to_string());
                (
                    IssueKindName::RowTooManyValues,
                    zh_en(lang, "多余的数值", "extra value"),
                )
            }
            K::RowConflict { table, row } | K::RowRepeated { table, row } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("row".into(), paths::row_label(table, row));
                let kind = if matches!(issue.kind, K::RowConflict { .. }) {
                    IssueKindName::RowConflict
                } else {
                    IssueKindName::RowRepeated
                };
                (kind, zh_en(lang, "再次出现", "given again"))
            }
            K::TableConflict { table } | K::TableRepeated { table } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                let kind = if matches!(issue.kind, K::TableConflict { .. }) {
                    IssueKindName::TableConflict
                } else {
                    IssueKindName::TableRepeated
                };
                (kind, zh_en(lang, "再次出现", "given again"))
            }
            K::TableUncertain {
                table,
                reason,
                rows,
            } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("found".into(), reason.describe(lang == Lang::En).to_owned());
                values.insert("expected".into(), rows.to_string());
                (
                    IssueKindName::TableUncertain,
                    zh_en(lang, "未能确定地读取", "not read with certainty"),
                )
            }
            K::TableNotFilled { table } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                (
                    IssueKindName::TableNotFilled,
                    paths::table_label(table).to_owned(),
                )
            }
            K::Truncated => {
                values.insert(
                    "table".into(),
                    zh_en(lang, "报告的后续内容", "the rest of the report"),
                );
                (IssueKindName::Truncated, String::new())
            }
            _ => continue,
        };
        if !kinds.contains(&kind) {
            continue;
        }
        any = true;
        // Every placeholder of an issue rule is defined, whatever the kind of issue.
        for key in ["section", "table", "row", "found", "expected", "label"] {
            values.entry(key.into()).or_default();
        }
        let message = render(ctx.rule.message.get(lang), &values);
        let help = ctx.rule.help.as_ref().map(|h| render(h.get(lang), &values));
        let labels = issue
            .span
            .map(|span| Label {
                span,
                message: label,
                primary: true,
                document: DocumentRole::Current,
            })
            .into_iter()
            .collect();
        steps.push(Step::Fail(Failure {
            message,
            help,
            expected: None,
            labels,
            ambiguous: None,
            uncertain: None,
        }));
    }
    if !any {
        steps.push(Step::Pass);
    }
}

pub(super) fn aggregate(rule: &Rule, steps: Vec<Step>, severity: Severity, lang: Lang) -> Outcome {
    let mut failures = Vec::new();
    let mut skips: Vec<String> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    // Seen reasons, so that thousands of matches with distinct reasons are not compared each
    // with all before.
    let mut seen: std::collections::HashSet<(bool, String)> = std::collections::HashSet::new();
    let mut passes = 0;
    let mut not_applicable = false;
    for s in steps {
        match s {
            Step::Pass => passes += 1,
            Step::Fail(f) => failures.push(f),
            Step::Skip(r) => {
                if seen.insert((false, r.clone())) {
                    skips.push(r);
                }
            }
            Step::Error(e) => {
                if seen.insert((true, e.clone())) {
                    errors.push(e);
                }
            }
            Step::NotApplicable => not_applicable = true,
        }
    }
    if !failures.is_empty() {
        let finding = |f: Failure| Finding {
            code: rule.meta.id.clone(),
            // A finding on an ambiguous reading, or on a cell read without certainty, is never
            // an error.
            severity: if f.ambiguous.is_some() || f.uncertain.is_some() {
                severity.min(Severity::Warning)
            } else {
                severity
            },
            message: format!(
                "{}{}{}",
                f.message,
                f.ambiguous.as_deref().unwrap_or(""),
                f.uncertain.as_deref().unwrap_or("")
            ),
            help: f.help,
            expected: f.expected,
            labels: f.labels,
            also: Vec::new(),
        };
        if rule.combine && failures.len() > 1 {
            let count = failures.len();
            let mut labels = Vec::new();
            for f in &failures {
                for l in &f.labels {
                    let mut l = l.clone();
                    l.primary = labels.is_empty() && l.primary;
                    labels.push(l);
                }
            }
            let mut first = failures.swap_remove(0);
            first.message = first.message.replace("{count}", &count.to_string());
            let mut v = BTreeMap::new();
            v.insert("count".to_owned(), count.to_string());
            first.message = render(&first.message, &v);
            first.labels = labels;
            first.expected = None;
            return Outcome::Findings {
                findings: vec![finding(first)],
            };
        }
        return Outcome::Findings {
            findings: failures
                .into_iter()
                .map(|mut f| {
                    let mut v = BTreeMap::new();
                    v.insert("count".to_owned(), "1".to_owned());
                    f.message = render(&f.message, &v);
                    finding(f)
                })
                .collect(),
        };
    }
    if !errors.is_empty() {
        return Outcome::Error {
            message: errors.join("; "),
        };
    }
    if !skips.is_empty() {
        let shown: Vec<&str> = skips.iter().take(3).map(String::as_str).collect();
        let more = skips.len().saturating_sub(3);
        let mut reason = shown.join(zh_en(lang, "；", "; ").as_str());
        if more > 0 {
            let _ = write!(
                reason,
                "{}",
                match lang {
                    Lang::En => format!(" (and {more} more)"),
                    _ => format!("（另有 {more} 处）"),
                }
            );
        }
        return Outcome::Skipped { reason };
    }
    if passes == 0 && not_applicable {
        if let Some(reason) = &rule.when_not {
            return Outcome::Skipped {
                reason: reason.get(lang).to_owned(),
            };
        }
        return Outcome::Skipped {
            reason: match lang {
                Lang::En => "its condition (`when`) does not hold for this report".into(),
                _ => "本报告不满足该规则的适用条件（when）".into(),
            },
        };
    }
    Outcome::Pass
}
