//! Evaluating a loaded rule on a report.
//!
//! Arithmetic is exact: counts (i64) and amounts (Decimal) are both carried as
//! [`rust_decimal::Decimal`], which holds every i64 exactly; overflow and division by zero stop
//! the rule with [`Outcome::Error`] rather than panic or wrap. A cell that is missing, blank or
//! invalid stops the iteration with a reason ([`Outcome::Skipped`]), so a rule that could not
//! look never reports a pass.
//!
//! There is one evaluator ([`Env::eval`]), generic over a [`Trace`](value::Trace): a check
//! is evaluated first with [`NoTrace`] — its value alone, no text, no label, no reason to skip,
//! nothing allocated for a cell — and when that is not a plain `true` (a failure, a skip, an
//! error), again with [`Explain`], which records the cells used and builds the reason, and from
//! which [`explain`] builds the message and the expected value. Being the same code, the two
//! cannot decide differently.
//!
//! Modules: [`value`] (values, traces, what an evaluation yields), [`env`](mod@env) (what it
//! runs against; placeholders filled, a cell read in its states), [`interp`] (operators, facts,
//! captures), [`func`] (the functions), [`explain`] (a failed check explained),
//! [`narrative`](mod@narrative) (narrative checks), [`outcome`] (read issues as findings; a
//! rule's outcome from its iterations); the table-driven tests of the language are in `tests`.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

mod env;
mod explain;
mod func;
mod interp;
mod narrative;
mod outcome;
#[cfg(test)]
mod tests;
mod value;

use gongkai_core::{Report, Section, SectionId, Span};

use crate::expr::Expr;
use crate::paths;
use crate::pattern::Compact;
use crate::rule::{Check, Iter, Msg, Rule};
use crate::{Lang, Outcome, Severity};
pub(crate) use env::Env;
use explain::{Ctx, Failure};
use narrative::narrative;
use outcome::{aggregate, issues};
pub(crate) use value::{Explain, NoTrace, Out, Val};
use value::{Stop, truthy, zh_en};

/// What the rules evaluated on one report share: each section's text as narrative patterns
/// see it, built once rather than once per rule; and the caller's interrupt, asked inside the
/// long loops of one rule (a narrative rule over a huge section).
#[derive(Default)]
pub(crate) struct Shared {
    compact: [std::cell::OnceCell<Compact>; SectionId::ALL.len()],
    interrupt: Option<gongkai_core::Interrupt>,
}

impl Shared {
    /// Shared state for rules asked to stop by `interrupt`.
    pub(crate) fn until(interrupt: Option<&gongkai_core::Interrupt>) -> Self {
        Self {
            interrupt: interrupt.cloned(),
            ..Self::default()
        }
    }

    /// Whether the caller asked to stop: a rule then ends early, and its caller, which asks
    /// again after each rule, drops what it found.
    fn stopped(&self) -> bool {
        self.interrupt
            .as_ref()
            .is_some_and(gongkai_core::Interrupt::is_set)
    }

    fn compact(&self, section: &Section) -> &Compact {
        self.compact[section.id as usize].get_or_init(|| Compact::new(section))
    }
}

/// The result of one iteration.
enum Step {
    Pass,
    /// The rule's `when` does not hold (the reason is written once, by [`aggregate`]).
    NotApplicable,
    Fail(Failure),
    Skip(String),
    Error(String),
}

/// Why a rule that compares with last year's report was skipped when none was given. A caller
/// that knows more (two candidates for last year, say) replaces exactly this reason.
pub fn no_previous_reason(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "no previous report given",
        _ => "未提供上年度报告",
    }
}

/// Evaluates a rule on a report.
pub(crate) fn evaluate(
    rule: &Rule,
    report: &Report,
    previous: Option<&Report>,
    lang: Lang,
    severity: Severity,
    shared: &Shared,
) -> Outcome {
    if rule.needs_previous {
        let Some(prev) = previous else {
            return Outcome::Skipped {
                reason: no_previous_reason(lang).to_owned(),
            };
        };
        // A report of another body is no "previous year" of this one; the same body writing
        // its name differently ("淮安市洪泽区人民政府", "洪泽区人民政府") is the same body.
        if let (Some(o), Some(po)) = (&report.metadata.organisation, &prev.metadata.organisation)
            && !o.value.is_empty()
            && !po.value.is_empty()
            && !gongkai_core::same_body(&o.value, &po.value)
        {
            return Outcome::Skipped {
                reason: match lang {
                    Lang::En => format!("the previous report is by {}, not {}", po.value, o.value),
                    _ => format!("所给上年度报告的机关为“{}”，不是“{}”", po.value, o.value),
                },
            };
        }
        if let (Some(y), Some(py)) = (&report.metadata.year, &prev.metadata.year)
            && py.value != y.value - 1
        {
            return Outcome::Skipped {
                reason: match lang {
                    Lang::En => format!(
                        "the previous report is for {}, not {}",
                        py.value,
                        y.value - 1
                    ),
                    _ => format!(
                        "所给上年度报告为 {} 年度，不是 {} 年度",
                        py.value,
                        y.value - 1
                    ),
                },
            };
        }
    }
    let ctx = Ctx { rule, lang, shared };
    // All bindings of the for_each placeholders, numbered when the rule is lowered.
    let bindings: Vec<(Option<usize>, crate::lower::Binding<'_>)> = match &rule.plan {
        Some(plan) => plan
            .bindings(report)
            .into_iter()
            .map(|(n, b)| (Some(n), b))
            .collect(),
        None => unlowered_bindings(rule, report)
            .into_iter()
            .map(|b| (None, b))
            .collect(),
    };
    if bindings.is_empty() {
        return Outcome::Skipped {
            reason: zh_en(
                lang,
                "报告中没有可检查的行或列",
                "nothing in the report to iterate over",
            ),
        };
    }
    let mut steps = Vec::new();
    let seen_uncertain = std::cell::RefCell::new(None);
    for (index, binding) in &bindings {
        if shared.stopped() {
            break;
        }
        let env = Env {
            report,
            previous,
            binding,
            binding_index: *index,
            plain_binding: binding
                .iter()
                .all(|(_, v)| !v.bytes().any(|b| matches!(b, b'.' | b'{' | b'}'))),
            captures: None,
            blank_zero: rule.blank_zero,
            tolerance: rule.tolerance,
            lang,
            uncertain: &seen_uncertain,
        };
        step(&ctx, &env, rule, &mut steps);
    }
    aggregate(rule, steps, severity, lang)
}

/// The bindings of a rule not lowered, for one report.
fn unlowered_bindings<'r>(rule: &'r Rule, report: &Report) -> Vec<Vec<(&'r str, &'r str)>> {
    let mut bindings: Vec<Vec<(&str, &str)>> = vec![Vec::new()];
    for (name, iter) in &rule.for_each {
        let values: Vec<&str> = match iter {
            Iter::Set(s) => paths::set_values_for(s, report),
            Iter::List(l) => l.iter().map(String::as_str).collect(),
        };
        let mut next = Vec::with_capacity(bindings.len() * values.len());
        for b in &bindings {
            for v in &values {
                let mut b2 = b.clone();
                b2.push((name.as_str(), *v));
                next.push(b2);
            }
        }
        bindings = next;
    }
    bindings
}

/// One binding of a rule: its `when`, then its check.
fn step(ctx: &Ctx<'_>, env: &Env<'_>, rule: &Rule, steps: &mut Vec<Step>) {
    if let Some(w) = &rule.when {
        // The value alone first; the reason to skip or the error only when there is one.
        let holds = match env.eval::<NoTrace>(w) {
            Ok(Out {
                val: Val::Bool(b), ..
            }) => Ok(b),
            _ => env
                .eval::<Explain>(w)
                .and_then(|o| truthy::<Explain>(&o.val)),
        };
        match holds {
            Ok(true) => {}
            Ok(false) => return steps.push(Step::NotApplicable),
            Err(Stop::Skip(r)) => return steps.push(Step::Skip(r)),
            Err(Stop::Error(e)) => return steps.push(Step::Error(e)),
        }
    }
    match &rule.check {
        Check::Assert(e) => steps.push(assert_step(ctx, env, e, &rule.message, None)),
        Check::Narrative { sections, cases } => narrative(ctx, env, sections, cases, steps),
        Check::Issues(kinds) => issues(ctx, env, kinds, steps),
    }
}

fn assert_step(ctx: &Ctx<'_>, env: &Env<'_>, e: &Expr, msg: &Msg, fallback: Option<Span>) -> Step {
    // Nearly every check holds: find that out without building the explanation.
    if let Ok(Out {
        val: Val::Bool(true),
        ..
    }) = env.eval::<NoTrace>(e)
    {
        return Step::Pass;
    }
    match env
        .eval::<Explain>(e)
        .and_then(|o| truthy::<Explain>(&o.val))
    {
        Ok(true) => Step::Pass,
        Ok(false) => match ctx.failure(env, e, msg, fallback) {
            Ok(f) => Step::Fail(f),
            Err(Stop::Skip(r)) => Step::Skip(r),
            Err(Stop::Error(r)) => Step::Error(r),
        },
        Err(Stop::Skip(r)) => Step::Skip(r),
        Err(Stop::Error(r)) => Step::Error(r),
    }
}
