//! A rule as loaded: parsed, checked, ready to evaluate.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]

use gongkai_core::SectionId;
use regex::Regex;
use rust_decimal::Decimal;

use crate::Lang;
use crate::expr::{Expr, Path};
use crate::file::IssueKindName;
use crate::meta::RuleMeta;

/// A message in both languages.
#[derive(Debug, Clone)]
pub(crate) struct Msg {
    pub zh: String,
    pub en: Option<String>,
}

impl Msg {
    pub(crate) fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self.en.as_deref().unwrap_or(&self.zh),
            _ => &self.zh,
        }
    }
}

/// The values a `for_each` placeholder takes.
#[derive(Debug, Clone)]
pub(crate) enum Iter {
    Set(String),
    List(Vec<String>),
}

#[derive(Debug)]
pub(crate) enum Check {
    Assert(Expr),
    Narrative {
        sections: Vec<SectionId>,
        cases: Vec<NarrativeCase>,
    },
    Issues(Vec<IssueKindName>),
}

#[derive(Debug)]
pub(crate) struct NarrativeCase {
    pub patterns: Vec<Regex>,
    pub assert: Expr,
    pub message: Option<Msg>,
}

/// A loaded YAML rule.
#[derive(Debug)]
pub(crate) struct Rule {
    pub meta: RuleMeta,
    pub message: Msg,
    pub help: Option<Msg>,
    pub when: Option<Expr>,
    /// The skip reason when `when` does not hold.
    pub when_not: Option<Msg>,
    pub for_each: Vec<(String, Iter)>,
    pub check: Check,
    pub primary: Option<Path>,
    pub tolerance: Option<Decimal>,
    pub blank_zero: bool,
    pub combine: bool,
    pub needs_previous: bool,
    /// The bindings numbered and the paths resolved (see [`crate::lower`]); `None` when the
    /// rule has too many bindings to lower.
    pub plan: Option<crate::lower::Plan>,
}
