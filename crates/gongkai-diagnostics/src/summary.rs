//! Counts over a run, and the closing summary a person reads.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use gongkai_diagnostic::{Diagnostic, Lang, Severity};
use serde::{Deserialize, Serialize};

use crate::file::{FileStatus, FileView};
use crate::text::words;

/// Counts over one run: files read and failed, findings by severity and by rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    /// Input files.
    pub files: usize,
    /// Files read and checked.
    pub checked: usize,
    /// Files that could not be read as a report.
    pub failed: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Findings per rule id (sorted by id).
    pub by_rule: BTreeMap<String, RuleCount>,
    /// Rules that could not check some file: rule id → in how many files (sorted by id).
    #[serde(default)]
    pub skipped: BTreeMap<String, usize>,
    /// Rule evaluations that ran (found something or passed), over all files: 0 when no rule
    /// checked anything (`--ignore all`, or no file read).
    #[serde(default)]
    pub rules_ran: usize,
    /// Reports of the run paired with their body's report of the year before (a run over
    /// several reports, or `--previous-dir`), in the order of the run; absent when none was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<YearPair>,
    /// Reports with two or more reports of their body for the year before: none was used, and
    /// the year-over-year rules did not check them; absent when there were none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ambiguous: Vec<AmbiguousPair>,
    /// Files given for last year's reports (`--previous-dir`) that could not be used: not
    /// readable, or no organisation or year found; absent when there were none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_unused: Vec<UnusedPrevious>,
}

/// A report and its body's report of the year before, which the year-over-year rules
/// compared it with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearPair {
    /// Last year's report (its path).
    pub previous: String,
    /// This year's report (its path).
    pub current: String,
    /// The body, as this year's report names it.
    pub organisation: String,
    /// This year's year.
    pub year: i32,
}

/// A report whose body has more than one report for the year before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AmbiguousPair {
    /// The report (its path).
    pub current: String,
    /// The reports of the same body for the year before (their paths): none was used.
    pub candidates: Vec<String>,
    /// The body, as this year's report names it (the candidates name the same body, perhaps
    /// written otherwise).
    #[serde(default)]
    pub organisation: String,
    /// The year the candidates report on (the year before this report's).
    #[serde(default)]
    pub year: i32,
}

impl AmbiguousPair {
    /// Why none of the candidates was used, in a sentence: the skip reason of this report's
    /// year-over-year rules.
    pub fn reason(&self, lang: Lang) -> String {
        match lang {
            Lang::En => format!(
                "last year's report is ambiguous: {} reports of {} for {} ({}); none was used",
                self.candidates.len(),
                self.organisation,
                self.year,
                self.candidates.join(", ")
            ),
            Lang::Zh => format!(
                "上年度报告不唯一：“{}”{} 年度的报告有 {} 份（{}），均未使用",
                self.organisation,
                self.year,
                self.candidates.len(),
                self.candidates.join("、")
            ),
        }
    }
}

/// A file given for last year's reports (`--previous-dir`) that could not serve as one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnusedPrevious {
    /// The file (its path).
    pub path: String,
    /// Why: it could not be read, or its organisation or year was not found.
    pub reason: String,
}

/// Findings of one rule over a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuleCount {
    /// How many findings.
    pub findings: usize,
    /// In how many files.
    pub files: usize,
}

impl Summary {
    /// Counts one file in.
    pub fn add(&mut self, file: &FileView<'_>) {
        self.files += 1;
        match file.status {
            FileStatus::Failed(_) | FileStatus::Invalid { .. } => self.failed += 1,
            FileStatus::Checked(checked) => {
                self.checked += 1;
                self.add_findings(checked.findings);
                self.rules_ran += checked.rules_ran;
                for skipped in checked.skipped {
                    *self.skipped.entry(skipped.rule.clone()).or_default() += 1;
                }
            }
        }
    }

    fn add_findings(&mut self, findings: &[Diagnostic]) {
        let mut seen: Vec<&str> = Vec::new();
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            let count = self.by_rule.entry(f.code.clone()).or_default();
            count.findings += 1;
            if !seen.contains(&f.code.as_str()) {
                seen.push(&f.code);
                count.files += 1;
            }
        }
    }

    /// Adds another summary's counts (for batches summarised in parts).
    pub fn merge(&mut self, other: &Summary) {
        self.files += other.files;
        self.checked += other.checked;
        self.failed += other.failed;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        for (rule, count) in &other.by_rule {
            let mine = self.by_rule.entry(rule.clone()).or_default();
            mine.findings += count.findings;
            mine.files += count.files;
        }
        for (rule, files) in &other.skipped {
            *self.skipped.entry(rule.clone()).or_default() += files;
        }
        self.rules_ran += other.rules_ran;
    }

    /// The number of findings at `level` or above.
    pub fn at_or_above(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.errors + self.warnings + self.infos,
        }
    }

    /// The closing summary for a person; with `per_rule`, a line per rule as well.
    pub fn render(&self, lang: Lang, per_rule: bool) -> String {
        let w = words(lang);
        let mut out = String::new();
        let findings = self.errors + self.warnings + self.infos;
        let (sep, open, close) = if lang == Lang::En {
            (", ", " (", ")")
        } else {
            ("，", "（", "）")
        };
        let _ = write!(
            out,
            "{} {}{sep}{} {}{sep}{} {}",
            w.summary_files,
            self.files,
            w.summary_read,
            self.checked,
            w.summary_failed,
            self.failed
        );
        if findings == 0 {
            // "No problems found" only when something was looked for everywhere: a run whose
            // files could not be read, or in which no rule ran, found nothing because it did
            // not look.
            let verdict = if self.checked == 0 && self.failed > 0 {
                w.nothing_read
            } else if self.rules_ran == 0 && self.checked > 0 {
                w.no_rule_ran
            } else if self.failed > 0 {
                w.no_findings_in_read
            } else if self.checked == 0 {
                ""
            } else {
                w.no_findings
            };
            if !verdict.is_empty() {
                let _ = write!(out, "{sep}{verdict}");
            }
        } else {
            let _ = write!(
                out,
                "{sep}{} {findings}{open}{} {}{sep}{} {}{sep}{} {}{close}",
                w.summary_findings,
                w.error,
                self.errors,
                w.warning,
                self.warnings,
                w.info,
                self.infos
            );
        }
        out.push('\n');
        out.push_str(&self.render_skipped(lang));
        if per_rule {
            out.push_str(&self.render_rules(lang));
        }
        out
    }

    /// The line on the rules that could not check some file ("3 条规则未能检查：…"), naming
    /// the first few; nothing when every rule ran.
    pub fn render_skipped(&self, lang: Lang) -> String {
        const SHOWN: usize = 3;
        let w = words(lang);
        if self.skipped.is_empty() {
            return String::new();
        }
        let ids: Vec<&str> = self
            .skipped
            .keys()
            .take(SHOWN)
            .map(String::as_str)
            .collect();
        let more = if self.skipped.len() > SHOWN {
            w.and_more
        } else {
            ""
        };
        let list_sep = if lang == Lang::En { ", " } else { "、" };
        format!(
            "{}{}{}{more}{}\n",
            self.skipped.len(),
            w.rules_skipped,
            ids.join(list_sep),
            w.show_skipped
        )
    }

    /// The pairs of reports compared year over year, and the reports whose previous year was
    /// ambiguous, a line each (nothing when there are none).
    pub fn render_pairs(&self, lang: Lang) -> String {
        let mut out = String::new();
        if !self.pairs.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                match lang {
                    Lang::En => format!("year over year ({} pairs):", self.pairs.len()),
                    Lang::Zh => format!("跨年度核对（{} 对）：", self.pairs.len()),
                }
            );
            for p in &self.pairs {
                let _ = writeln!(out, "  {} → {}", p.previous, p.current);
            }
        }
        if !self.ambiguous.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                match lang {
                    Lang::En => format!(
                        "last year's report is ambiguous ({} reports; none was used):",
                        self.ambiguous.len()
                    ),
                    Lang::Zh => format!(
                        "上年度报告不唯一（{} 份报告，均未使用）：",
                        self.ambiguous.len()
                    ),
                }
            );
            let list_sep = if lang == Lang::En { ", " } else { "、" };
            let sep = if lang == Lang::En { ": " } else { "：" };
            for a in &self.ambiguous {
                let _ = match lang {
                    Lang::En => writeln!(
                        out,
                        "  {}{sep}{} reports of {} for {}: {}",
                        a.current,
                        a.candidates.len(),
                        a.organisation,
                        a.year,
                        a.candidates.join(list_sep)
                    ),
                    Lang::Zh => writeln!(
                        out,
                        "  {}{sep}“{}”{} 年度的报告有 {} 份：{}",
                        a.current,
                        a.organisation,
                        a.year,
                        a.candidates.len(),
                        a.candidates.join(list_sep)
                    ),
                };
            }
        }
        if !self.previous_unused.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                previous_unused_heading(self.previous_unused.len(), lang)
            );
            let sep = if lang == Lang::En { ": " } else { "：" };
            for u in &self.previous_unused {
                let _ = writeln!(out, "  {}{sep}{}", u.path, u.reason);
            }
        }
        out
    }

    /// The lines per rule of [`Summary::render`]: findings and files of each rule that fired
    /// (nothing when none did).
    pub fn render_rules(&self, lang: Lang) -> String {
        let w = words(lang);
        let (open, close) = if lang == Lang::En {
            (" (", ")")
        } else {
            ("（", "）")
        };
        let mut out = String::new();
        if self.by_rule.is_empty() {
            return out;
        }
        let _ = writeln!(out, "{}", w.by_rule);
        let width = self.by_rule.keys().map(String::len).max().unwrap_or(0);
        for (rule, count) in &self.by_rule {
            let _ = writeln!(
                out,
                "  {rule:<width$}  {:>5}  {open}{}{}{close}",
                count.findings, count.files, w.files_after_count
            );
        }
        out
    }
}

/// The line above the list of `--previous-dir` files that could not be used.
pub fn previous_unused_heading(count: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "{count} {} given for last year could not be used:",
            if count == 1 { "file" } else { "files" }
        ),
        Lang::Zh => format!("作为上年度报告提供的 {count} 个文件未能使用："),
    }
}
