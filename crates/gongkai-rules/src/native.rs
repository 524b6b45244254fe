//! Native rules: checks written in Rust, for what YAML cannot express, registered next to the
//! YAML rules and producing the same results.

use gongkai_core::{Interrupt, Report};

use crate::meta::RuleMeta;
use crate::{Lang, Outcome};

/// What a native rule sees.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Context<'a> {
    /// The report checked.
    pub report: &'a Report,
    /// Last year's report of the same body, if given.
    pub previous: Option<&'a Report>,
    /// The language of messages.
    pub lang: Lang,
    /// The caller's interrupt (its time limit), when it gave one to
    /// [`RuleSet::evaluate_until`](crate::RuleSet::evaluate_until). The set asks it before and
    /// after each rule; a native rule that loops over much of a report asks it too, through
    /// [`Context::should_stop`], every few thousand items (it may read a clock).
    pub interrupt: Option<&'a Interrupt>,
}

impl Context<'_> {
    /// Whether the caller asked to stop: the rule then returns at once (what it returns is
    /// dropped, the file times out).
    pub fn should_stop(&self) -> bool {
        self.interrupt.is_some_and(Interrupt::is_set)
    }
}

/// A check written in Rust.
///
/// The findings it returns are given the rule's id and its effective severity (after
/// configuration) by the [`RuleSet`](crate::RuleSet), so `check` may leave those as it likes.
/// It must not panic: return [`Outcome::Error`] when it cannot evaluate.
pub trait NativeRule: Send + Sync {
    /// The rule's id, title, severity and documentation.
    fn meta(&self) -> RuleMeta;
    /// Checks one report.
    fn check(&self, ctx: &Context<'_>) -> Outcome;
}
