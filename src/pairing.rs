//! Year over year across a run: each report paired with its body's report of the year before.
//!
//! A supervisor checks a folder of many bodies' reports, several years of each, or this year's
//! reports with last year's kept in another folder. A report's body is its organisation's name
//! reduced by [`body_key`] ("淮安市洪泽区人民政府" and "洪泽区人民政府" are
//! one body, so are "平潭综合实验区管委会" and "平潭综合实验区"); its year is the one of its title
//! or 统计期限. A report is paired with the one report of the same body for the year before; when
//! there are two such reports (two copies, a draft and the final), the pairing is ambiguous and
//! said so — never guessed — and the year-over-year rules do not run on it.

use crate::core::body_key;
use crate::rules::{Context, NativeRule, RuleDoc, RuleMeta};
use crate::{DocumentRole, Finding, Label, Lang, Outcome, Report, RuleSet, Severity};

/// The id of the rule that says a report given as last year's is not this body's report of
/// the year before.
pub const MISMATCH_RULE: &str = "previous-report-mismatch";

/// What pairs a report with another: its body and its year.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PairKey {
    /// The organisation's name reduced by [`body_key`].
    pub body: String,
    /// The year reported on.
    pub year: i32,
}

impl PairKey {
    /// The key of a report: `None` when its organisation or year was not found (such a report
    /// pairs with none).
    pub fn of(report: &Report) -> Option<Self> {
        let organisation = report.metadata.organisation.as_ref()?;
        let year = report.metadata.year.as_ref()?;
        let body = body_key(&organisation.value);
        (!body.is_empty()).then_some(Self {
            body,
            year: year.value,
        })
    }
}

/// The report of the year before found for one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviousMatch {
    /// No report of the same body for the year before (or the report has no key).
    None,
    /// Exactly one: its index among the keys given to [`pair`].
    One(usize),
    /// Two or more: their indices, in the order given. None is used.
    Ambiguous(Vec<usize>),
}

impl PreviousMatch {
    /// The one report of the year before, if there is exactly one.
    pub fn one(&self) -> Option<usize> {
        match self {
            Self::One(i) => Some(*i),
            _ => None,
        }
    }
}

/// Pairs the first `checked` reports of `keys` (the run's) each with the report of the year
/// before among all of `keys` (the run's and, after them, last year's reports given apart, as
/// `--previous-dir`). The result has one entry per checked report.
///
/// ```
/// use gongkai::pairing::{PairKey, PreviousMatch, pair};
/// let key = |body: &str, year| Some(PairKey { body: body.into(), year });
/// let keys = [key("A", 2022), key("A", 2021), key("B", 2022), key("B", 2021), key("B", 2021)];
/// let found = pair(&keys, 3);
/// assert_eq!(found[0], PreviousMatch::One(1));
/// assert_eq!(found[1], PreviousMatch::None);
/// assert_eq!(found[2], PreviousMatch::Ambiguous(vec![3, 4]));
/// ```
pub fn pair(keys: &[Option<PairKey>], checked: usize) -> Vec<PreviousMatch> {
    let mut by_key: std::collections::HashMap<(&str, i32), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(k) = key {
            by_key.entry((k.body.as_str(), k.year)).or_default().push(i);
        }
    }
    keys.iter()
        .take(checked)
        .map(|key| {
            let Some(k) = key else {
                return PreviousMatch::None;
            };
            match k
                .year
                .checked_sub(1)
                .and_then(|y| by_key.get(&(k.body.as_str(), y)))
                .map(Vec::as_slice)
            {
                None | Some([]) => PreviousMatch::None,
                Some([one]) => PreviousMatch::One(*one),
                Some(many) => PreviousMatch::Ambiguous(many.to_vec()),
            }
        })
        .collect()
}

/// Why `previous` is not `current`'s report of the year before (Chinese, English): another
/// body, or another year; `None` when it is, or when either does not say.
pub(crate) fn mismatch(previous: &Report, current: &Report) -> Option<(String, String)> {
    mismatch_at(previous, current).map(|m| m.why)
}

/// A mismatch, with the two places that show it.
struct Mismatch {
    why: (String, String),
    /// This year's organisation or year.
    current: crate::core::Span,
    /// Last year's.
    previous: crate::core::Span,
}

fn mismatch_at(previous: &Report, current: &Report) -> Option<Mismatch> {
    let meta = &current.metadata;
    if let (Some(o), Some(po)) = (&meta.organisation, &previous.metadata.organisation)
        && !o.value.is_empty()
        && !po.value.is_empty()
        && !crate::core::same_body(&o.value, &po.value)
    {
        return Some(Mismatch {
            why: (
                format!("所给上年度报告的机关为“{}”，不是“{}”", po.value, o.value),
                format!("the previous report is by {}, not {}", po.value, o.value),
            ),
            current: o.span,
            previous: po.span,
        });
    }
    if let (Some(y), Some(py)) = (&meta.year, &previous.metadata.year) {
        let expected = y.value.saturating_sub(1);
        if py.value != expected {
            return Some(Mismatch {
                why: (
                    format!("所给上年度报告为 {} 年度，不是 {expected} 年度", py.value),
                    format!("the previous report is for {}, not {expected}", py.value),
                ),
                current: y.span,
                previous: py.span,
            });
        }
    }
    None
}

/// `previous-report-mismatch`: the report given as last year's (`--previous FILE`) is of
/// another body or year. The year-over-year rules skip such a pair; without this warning at
/// the top of the file the run would look as if it had compared the two years.
struct PreviousMismatch;

impl NativeRule for PreviousMismatch {
    fn meta(&self) -> RuleMeta {
        let mut meta = RuleMeta::new(
            MISMATCH_RULE,
            "previous",
            "所给上年度报告不是本机关上一年度的报告",
            Severity::Warning,
            RuleDoc {
                what: "作为上年度报告提供的文件，机关或年度与本报告不配套（机关名称经规范化比较：“淮安市洪泽区人民政府”与“洪泽区人民政府”视为同一机关）。".to_owned(),
                why: "跨年度核对只在同一机关相邻两个年度之间才有意义；不配套时这些核对不会进行，需要明确告知，而不是让人以为已经核对过。".to_owned(),
                fix: "提供本机关上一年度的报告（--previous 文件，或把上年度报告放在 --previous-dir 目录中）。".to_owned(),
            },
        );
        meta.title_en =
            Some("the report given as last year's is not this body's previous year".to_owned());
        meta.tags = vec!["previous-year".to_owned()];
        meta
    }

    fn check(&self, ctx: &Context<'_>) -> Outcome {
        let Some(previous) = ctx.previous else {
            return Outcome::Skipped {
                reason: crate::rules::no_previous_reason(ctx.lang).to_owned(),
            };
        };
        let Some(m) = mismatch_at(previous, ctx.report) else {
            return Outcome::Pass;
        };
        let (zh, en) = m.why;
        let (message, this, last, help) = match ctx.lang {
            Lang::En => (
                format!("{en}: the year-over-year checks were not made"),
                "this report",
                "the report given as last year's",
                "give this body's report of the year before",
            ),
            Lang::Zh => (
                format!("{zh}：跨年度核对未进行"),
                "本报告",
                "所给上年度报告",
                "请提供本机关上一年度的报告",
            ),
        };
        Outcome::Findings {
            findings: vec![Finding {
                code: String::new(),
                severity: Severity::Warning,
                message,
                help: Some(help.to_owned()),
                expected: None,
                labels: vec![
                    Label {
                        span: m.current,
                        message: this.to_owned(),
                        primary: true,
                        document: DocumentRole::Current,
                    },
                    Label {
                        span: m.previous,
                        message: last.to_owned(),
                        primary: false,
                        document: DocumentRole::Previous,
                    },
                ],
                also: Vec::new(),
            }],
        }
    }
}

/// Adds `previous-report-mismatch` to `rules`.
pub(crate) fn add_rule(rules: &mut RuleSet) -> Result<(), crate::rules::LoadError> {
    rules.add_native(Box::new(PreviousMismatch))
}

#[cfg(test)]
mod tests {
    use super::*;

    // An `Option` as `pair` takes them (a report may have no key).
    #[allow(clippy::unnecessary_wraps)]
    fn key(body: &str, year: i32) -> Option<PairKey> {
        Some(PairKey {
            body: body_key(body),
            year,
        })
    }

    #[test]
    fn the_same_body_written_differently_pairs() {
        let keys = [
            key("淮安市洪泽区人民政府", 2023),
            key("洪泽区人民政府", 2022),
            None,
            key("平潭综合实验区管委会", 2022),
            key("平潭综合实验区", 2021),
        ];
        assert_eq!(
            pair(&keys, 5),
            [
                PreviousMatch::One(1),
                PreviousMatch::None,
                PreviousMatch::None,
                PreviousMatch::One(4),
                PreviousMatch::None,
            ]
        );
    }

    #[test]
    fn a_gap_year_pairs_with_nothing() {
        let keys = [key("洪泽区人民政府", 2023), key("洪泽区人民政府", 2021)];
        assert_eq!(pair(&keys, 2), [PreviousMatch::None, PreviousMatch::None]);
    }
}
