//! Documentation generated from the rules themselves: one page per rule and an index
//! (`docs/rules/`), and the text `rules explain` prints.

use std::fmt::Write as _;

use crate::Severity;
use crate::meta::{RuleMeta, Status};

/// One-line help for each function of the check language (shown on arity errors).
pub(crate) fn function_help(name: &str) -> &'static str {
    match name {
        "sum" => {
            "sum(cells…): the sum of cells; `*` in a path means every row or column, e.g. sum(applications.withheld_*.{col})"
        }
        "total" => {
            "total(rows…): the 总计 of rows of 表三 (or the sum of their columns when 总计 is blank), e.g. total(applications.granted, applications.partially_granted)"
        }
        "abs" => "abs(x): the absolute value",
        "min" | "max" => "min(a, b, …) / max(a, b, …)",
        "percent" => "percent(part, whole): part × 100 ÷ whole, exactly",
        "present" => "present(cell): true when the cell holds a value",
        "blank" => "blank(cell): true when the cell is written blank (\"/\", \"—\", empty)",
        "invalid" => {
            "invalid(cell): true when the cell holds text that is no valid value (a number too large, a word)"
        }
        "sum_numbers" => {
            "sum_numbers(capture[, unit[, total]]): the sum of the numbers written in a capture (with the total: the list read on across \"；\" as far as it adds up)"
        }
        "count_numbers" => {
            "count_numbers(capture[, unit[, total]]): how many numbers a capture holds (read as sum_numbers reads it)"
        }
        _ => "",
    }
}

fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error（错误）",
        Severity::Warning => "warning（警告）",
        Severity::Info => "info（提示）",
    }
}

/// A rule's documentation page, in markdown.
pub fn rule_page(meta: &RuleMeta) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", meta.id);
    let _ = writeln!(s, "**{}**\n", meta.title);
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| 领域 area | `{}` |", meta.area);
    let _ = writeln!(s, "| 级别 severity | {} |", severity_zh(meta.severity));
    let _ = writeln!(
        s,
        "| 状态 status | {} |",
        match meta.status {
            Status::Stable => "stable",
            Status::Preview => "preview（试行）",
        }
    );
    if !meta.tags.is_empty() {
        let _ = writeln!(
            s,
            "| 标签 tags | {} |",
            meta.tags
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    let _ = writeln!(s, "| 规则文件 | `{}` |\n", meta.origin);
    let _ = writeln!(s, "## 检查什么 What it checks\n\n{}\n", meta.doc.what);
    let _ = writeln!(s, "## 为什么重要 Why it matters\n\n{}\n", meta.doc.why);
    let _ = writeln!(s, "## 如何修改 How to fix\n\n{}\n", meta.doc.fix);
    if !meta.references.is_empty() {
        let _ = writeln!(s, "## 依据 References\n");
        for r in &meta.references {
            let _ = writeln!(s, "- {r}");
        }
        s.push('\n');
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

/// The index page of `docs/rules/`.
pub fn rules_index<'a>(rules: impl IntoIterator<Item = &'a RuleMeta>) -> String {
    let mut s = String::from(
        "# 内置规则 Built-in rules\n\n本目录由规则文件生成（`rules/`），请勿手工修改：修改规则文件后运行\n`UPDATE_GENERATED=1 cargo test -p gongkai-rules --test generated` 重新生成。\n\nGenerated from `rules/`; do not edit by hand.\n\n| 规则 rule | 领域 area | 级别 severity | 说明 title |\n|---|---|---|---|\n",
    );
    for m in rules {
        let sev = match m.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let _ = writeln!(
            s,
            "| [{0}]({0}.md) | {1} | {2} | {3} |",
            m.id, m.area, sev, m.title
        );
    }
    s
}
