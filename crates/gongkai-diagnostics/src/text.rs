//! The renderers' own words (the findings' words come from the rules), in both languages.

use gongkai_diagnostic::Lang;

pub(crate) struct Words {
    /// "应为：" — the label before an expected value, with its colon.
    pub expected: &'static str,
    /// "个文件" / " files" after a count.
    pub files_after_count: &'static str,
    /// The related diagnostic on last year's report (the human output's alone).
    #[cfg_attr(not(feature = "human"), allow(dead_code))]
    pub previous_report: &'static str,
    pub summary_files: &'static str,
    pub summary_read: &'static str,
    pub summary_failed: &'static str,
    pub summary_findings: &'static str,
    pub by_rule: &'static str,
    pub no_findings: &'static str,
    /// Every file failed: nothing was checked.
    pub nothing_read: &'static str,
    /// No rule ran (`--ignore all`).
    pub no_rule_ran: &'static str,
    /// Some files failed; the others had no finding.
    pub no_findings_in_read: &'static str,
    /// " 条规则未能检查：" after a count.
    pub rules_skipped: &'static str,
    pub and_more: &'static str,
    pub show_skipped: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
    pub info: &'static str,
    /// The header of a structured report's schema problem.
    pub schema_title: &'static str,
    /// Before the other relations a grouped finding's cell breaks.
    pub also: &'static str,
    /// Before what a finding without a corrected value (a text cut short) caused.
    pub also_caused: &'static str,
    /// After the first of a long list of those: `{n}` more.
    pub also_more: &'static str,
}

const ZH: Words = Words {
    expected: "应为：",
    files_after_count: " 个文件",
    previous_report: "上年报告中的相关数据",
    summary_files: "文件",
    summary_read: "已检查",
    summary_failed: "无法读取",
    summary_findings: "问题",
    by_rule: "按规则统计：",
    no_findings: "未发现问题",
    nothing_read: "没有可以检查的文件",
    no_rule_ran: "没有运行任何规则，未做检查",
    no_findings_in_read: "已读取的文件未发现问题",
    rules_skipped: " 条规则未能检查：",
    and_more: " 等",
    show_skipped: "（--show-skipped 查看原因）",
    error: "错误",
    warning: "警告",
    info: "提示",
    schema_title: "结构化报告不符合输入格式",
    also: "这一格的错误同时使以下关系不成立（改正这一格后均成立）：",
    also_caused: "由此引起（不另计为问题）：",
    also_more: "……另有 {n} 项（--format json 列出全部）",
};

const EN: Words = Words {
    expected: "expected: ",
    files_after_count: " files",
    previous_report: "in last year's report",
    summary_files: "files",
    summary_read: "checked",
    summary_failed: "unreadable",
    summary_findings: "findings",
    by_rule: "by rule:",
    no_findings: "no problems found",
    nothing_read: "no file could be checked",
    no_rule_ran: "no rule ran: nothing was checked",
    no_findings_in_read: "no problems found in the files read",
    rules_skipped: " rules could not check: ",
    and_more: " and others",
    show_skipped: " (--show-skipped for the reasons)",
    error: "error",
    warning: "warning",
    info: "info",
    schema_title: "the structured report breaks the input schema",
    also: "the same wrong cell also breaks these relations (correcting it mends each):",
    also_caused: "caused by it (not counted as findings of their own):",
    also_more: "… and {n} more (--format json lists them all)",
};

pub(crate) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}
