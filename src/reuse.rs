//! How much of last year's narrative a report repeats (issue 15).
//!
//! Evaluators criticise reports made by copying last year's and changing the year. The measure
//! is at the level of sentences: a sentence of last year's narrative is **reused** when this
//! year's narrative has a sentence equal to it once every run of digits (years, counts,
//! percentages, with their decimal points) is replaced by one placeholder and spaces are
//! removed — so that "2021年共受理申请12件" and "2022年共受理申请15件" are the same sentence.
//! Sentences shorter than [`MIN_CHARS`] characters ("无。", "（一）") are left out of both counts:
//! every report has them.
//!
//! The rate is reused characters over all characters of last year's counted sentences (as
//! written, spaces left out): integers, shown in tenths of a percent by integer arithmetic.
//! Two native rules report it: `previous-text-reused` (info, always, with the rate) and
//! `previous-text-mostly-reused` (a warning when the rate is at or above a threshold, 80 % by
//! default).

use std::collections::HashSet;

use crate::core::{Report, Span};
use crate::rules::{Context, NativeRule, RuleDoc, RuleMeta};
use crate::{DocumentRole, Finding, Label, Lang, Outcome, RuleSet, Severity};

/// Sentences with fewer characters (spaces left out) are not counted.
pub const MIN_CHARS: usize = 6;

/// The default threshold of `previous-text-mostly-reused`, in tenths of a percent (80 %).
pub const DEFAULT_THRESHOLD_PERMILLE: u32 = 800;

/// The ids of the two reuse rules.
pub const RULE_IDS: [&str; 2] = ["previous-text-reused", "previous-text-mostly-reused"];

/// Passages named in a finding, longest first.
const SHOWN_PASSAGES: usize = 3;

/// A sentence of last year's narrative found again this year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Where it is in last year's report.
    pub previous: Span,
    /// Where it is in this year's report.
    pub current: Span,
    /// Its characters (spaces left out), as last year wrote it.
    pub chars: usize,
}

/// How much of last year's narrative this year's repeats.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reuse {
    /// Characters of last year's counted sentences found again this year.
    pub reused_chars: usize,
    /// Characters of all last year's counted sentences.
    pub total_chars: usize,
    /// Last year's counted sentences.
    pub sentences: usize,
    /// The reused sentences, longest first (ties in the order of last year's report).
    pub passages: Vec<Passage>,
}

impl Reuse {
    /// The rate in tenths of a percent, rounded half up; `None` when last year has no counted
    /// sentence.
    pub fn permille(&self) -> Option<u32> {
        if self.total_chars == 0 {
            return None;
        }
        let p = (self.reused_chars * 2000 + self.total_chars) / (self.total_chars * 2);
        u32::try_from(p).ok()
    }

    /// The rate as written in messages and tables: "87.5%" (one decimal, from
    /// [`Reuse::permille`]); empty when there is none.
    pub fn rate_text(&self) -> String {
        self.permille()
            .map(|p| format!("{}.{}%", p / 10, p % 10))
            .unwrap_or_default()
    }
}

/// A sentence as compared: digits runs replaced, spaces removed.
fn shape(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut chars = 0usize;
    let mut in_number = false;
    for c in text.chars() {
        if c.is_whitespace() {
            continue;
        }
        chars += 1;
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        if digit || (in_number && matches!(c, '.' | ',' | '，' | '．')) {
            if !in_number {
                out.push('#');
                in_number = true;
            }
            continue;
        }
        in_number = false;
        out.push(c);
    }
    (out, chars)
}

/// The counted sentences of a report's narrative: shape, characters, span.
fn sentences(report: &Report) -> Vec<(String, usize, Span)> {
    let mut out = Vec::new();
    for section in &report.sections {
        for s in &section.sentences {
            let Some(text) = section.text.get(s.offset..s.offset + s.length) else {
                continue;
            };
            let (shape, chars) = shape(text);
            if chars >= MIN_CHARS {
                out.push((shape, chars, s.span));
            }
        }
    }
    out
}

/// How much of `previous`'s narrative `current` repeats.
pub fn reuse(previous: &Report, current: &Report) -> Reuse {
    let this: Vec<(String, usize, Span)> = sentences(current);
    let mut first_of: std::collections::HashMap<&str, Span> = std::collections::HashMap::new();
    for (shape, _, span) in &this {
        first_of.entry(shape.as_str()).or_insert(*span);
    }
    let mut result = Reuse::default();
    // A sentence repeated within last year's report counts each time, as it was written.
    let mut seen: HashSet<Span> = HashSet::new();
    for (shape, chars, span) in sentences(previous) {
        result.total_chars += chars;
        result.sentences += 1;
        if let Some(&at) = first_of.get(shape.as_str()) {
            result.reused_chars += chars;
            if seen.insert(span) {
                result.passages.push(Passage {
                    previous: span,
                    current: at,
                    chars,
                });
            }
        }
    }
    // Stable: ties stay in the order of last year's report.
    result.passages.sort_by_key(|p| std::cmp::Reverse(p.chars));
    result
}

/// `previous-text-reused`: the rate, as information, on every pair.
struct TextReused;

/// `previous-text-mostly-reused`: a warning at or above the threshold.
struct TextMostlyReused {
    threshold_permille: u32,
}

fn doc(what: &str, why: &str, fix: &str) -> RuleDoc {
    RuleDoc {
        what: what.to_owned(),
        why: why.to_owned(),
        fix: fix.to_owned(),
    }
}

/// Last year's report, or why both rules do not run: none given, or one of another body or
/// year (as the YAML previous-year rules say).
fn previous_of<'a>(ctx: &Context<'a>) -> Result<&'a Report, Outcome> {
    let skip = |(zh, en): (String, String)| Outcome::Skipped {
        reason: match ctx.lang {
            Lang::En => en,
            Lang::Zh => zh,
        },
    };
    let Some(prev) = ctx.previous else {
        return Err(Outcome::Skipped {
            reason: crate::rules::no_previous_reason(ctx.lang).to_owned(),
        });
    };
    match crate::pairing::mismatch(prev, ctx.report) {
        Some(why) => Err(skip(why)),
        None => Ok(prev),
    }
}

/// How much of `previous`'s narrative `current` repeats, when the two rules would compare them:
/// `None` when `previous` is of another body or year (the rules are then skipped). This is the
/// figure of the `previous-text-reused` finding, for the `reuse_rate` column of `extract`.
pub fn reuse_of_pair(previous: &Report, current: &Report) -> Option<Reuse> {
    crate::pairing::mismatch(previous, current)
        .is_none()
        .then(|| reuse(previous, current))
}

/// The finding of both rules: the rate, and the longest reused passages labelled in both
/// reports (the longest, this year's, is the primary label).
fn finding(r: &Reuse, lang: Lang, severity: Severity, threshold: Option<u32>) -> Finding {
    let rate = r.rate_text();
    let message = match (lang, threshold) {
        (Lang::En, None) => format!(
            "{rate} of last year's narrative is repeated ({} of {} characters, {} of {} sentences, years and numbers aside)",
            r.reused_chars,
            r.total_chars,
            r.passages.len(),
            r.sentences
        ),
        (Lang::En, Some(t)) => format!(
            "{rate} of last year's narrative is repeated, at or above {}.{}%: the report reads as last year's with the numbers changed",
            t / 10,
            t % 10
        ),
        (Lang::Zh, None) => format!(
            "正文 {rate} 与上年度报告相同（不计年份和数字；{}/{} 字，{}/{} 句）",
            r.reused_chars,
            r.total_chars,
            r.passages.len(),
            r.sentences
        ),
        (Lang::Zh, Some(t)) => format!(
            "正文 {rate} 与上年度报告相同，达到 {}.{}%：报告像是沿用上年报告、只改了数字",
            t / 10,
            t % 10
        ),
    };
    let mut labels = Vec::new();
    for (i, p) in r.passages.iter().take(SHOWN_PASSAGES).enumerate() {
        let n = i + 1;
        labels.push(Label {
            span: p.current,
            message: match lang {
                Lang::En => format!("repeated passage {n} ({} characters)", p.chars),
                Lang::Zh => format!("沿用段落 {n}（{} 字）", p.chars),
            },
            primary: i == 0,
            document: DocumentRole::Current,
        });
        labels.push(Label {
            span: p.previous,
            message: match lang {
                Lang::En => format!("last year: passage {n}"),
                Lang::Zh => format!("上年：段落 {n}"),
            },
            primary: false,
            document: DocumentRole::Previous,
        });
    }
    Finding {
        code: String::new(),
        severity,
        message,
        help: threshold.map(|_| match lang {
            Lang::En => "write this year's work, not last year's with new numbers".to_owned(),
            Lang::Zh => "按本年度的实际工作撰写，而不是沿用上年文字".to_owned(),
        }),
        expected: None,
        labels,
        also: Vec::new(),
    }
}

impl NativeRule for TextReused {
    fn meta(&self) -> RuleMeta {
        let mut meta = RuleMeta::new(
            "previous-text-reused",
            "previous",
            "正文沿用上年度报告的比例",
            Severity::Info,
            doc(
                "本年正文中与上年度报告相同的句子（不计年份和数字）占上年正文的比例，并标出最长的几段。",
                "评估中常见报告照搬上年、只改年份和数字；比例让人一眼看出哪些报告需要细读。",
                "无需修改；比例过高时见 previous-text-mostly-reused。",
            ),
        );
        meta.title_en = Some("share of the narrative repeated from last year's report".to_owned());
        meta.tags = vec!["previous-year".to_owned(), "narrative".to_owned()];
        meta
    }

    fn check(&self, ctx: &Context<'_>) -> Outcome {
        let previous = match previous_of(ctx) {
            Ok(p) => p,
            Err(skipped) => return skipped,
        };
        let r = reuse(previous, ctx.report);
        if r.permille().is_none() {
            return Outcome::Skipped {
                reason: match ctx.lang {
                    Lang::En => "last year's report has no narrative to compare".to_owned(),
                    Lang::Zh => "上年度报告没有可比较的正文".to_owned(),
                },
            };
        }
        Outcome::Findings {
            findings: vec![finding(&r, ctx.lang, Severity::Info, None)],
        }
    }
}

impl NativeRule for TextMostlyReused {
    fn meta(&self) -> RuleMeta {
        let mut meta = RuleMeta::new(
            "previous-text-mostly-reused",
            "previous",
            "正文大部分沿用上年度报告",
            Severity::Warning,
            doc(
                "本年正文与上年度报告相同（不计年份和数字）的比例达到阈值（默认 80%，配置项 reuse-threshold、选项 --reuse-threshold）。",
                "照搬上年报告、只改年份和数字的年报曾被公开通报；这样的报告没有如实反映本年度的工作。",
                "按本年度的实际工作重写正文。",
            ),
        );
        meta.title_en =
            Some("most of the narrative is repeated from last year's report".to_owned());
        meta.tags = vec!["previous-year".to_owned(), "narrative".to_owned()];
        meta
    }

    fn check(&self, ctx: &Context<'_>) -> Outcome {
        let previous = match previous_of(ctx) {
            Ok(p) => p,
            Err(skipped) => return skipped,
        };
        let r = reuse(previous, ctx.report);
        match r.permille() {
            None => Outcome::Skipped {
                reason: match ctx.lang {
                    Lang::En => "last year's report has no narrative to compare".to_owned(),
                    Lang::Zh => "上年度报告没有可比较的正文".to_owned(),
                },
            },
            Some(p) if p >= self.threshold_permille => Outcome::Findings {
                findings: vec![finding(
                    &r,
                    ctx.lang,
                    Severity::Warning,
                    Some(self.threshold_permille),
                )],
            },
            Some(_) => Outcome::Pass,
        }
    }
}

/// Adds the native year-over-year rules to `rules`: the two reuse rules, with the warning's
/// threshold in tenths of a percent, and
/// [`previous-report-mismatch`](crate::pairing::MISMATCH_RULE) (the report given as last
/// year's is another body's or year's).
///
/// # Errors
/// When `rules` has rules of these ids already.
pub fn add_rules(
    rules: &mut RuleSet,
    threshold_permille: u32,
) -> Result<(), crate::rules::LoadError> {
    rules.add_native(Box::new(TextReused))?;
    rules.add_native(Box::new(TextMostlyReused { threshold_permille }))?;
    crate::pairing::add_rule(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_runs_are_one_placeholder() {
        assert_eq!(
            shape("2021年共受理 12 件，占 33.9%").0,
            "#年共受理#件，占#%"
        );
        assert_eq!(shape("2021年共受理 12 件").0, shape("2022年共受理9件").0);
        assert_eq!(shape("２０２１年 共").1, 6);
    }

    #[test]
    fn the_rate_is_rounded_half_up_in_tenths() {
        let r = |reused, total| Reuse {
            reused_chars: reused,
            total_chars: total,
            ..Reuse::default()
        };
        assert_eq!(r(1, 3).rate_text(), "33.3%");
        assert_eq!(r(2, 3).rate_text(), "66.7%");
        assert_eq!(r(1, 8).rate_text(), "12.5%");
        assert_eq!(r(1, 2000).rate_text(), "0.1%");
        assert_eq!(r(0, 0).rate_text(), "");
        assert_eq!(r(5, 5).permille(), Some(1000));
    }
}
