//! The values of the check language and what evaluating an expression yields besides one.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use gongkai_core::Span;
use rust_decimal::Decimal;

use crate::{DocumentRole, Lang};

/// A value during evaluation.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    /// A number and the number of decimals it was written with (for `~=`).
    Num(Decimal, u32),
    Bool(bool),
    Str(String),
    List(Vec<Val>),
}

/// A cell, capture or fact an expression looked at: each becomes a label of a finding.
#[derive(Debug, Clone)]
pub(crate) struct Used {
    pub span: Span,
    pub document: DocumentRole,
    /// What it is, short: "（七）总计 / 自然人".
    pub name: String,
    /// The value as written.
    pub value: String,
    /// The resolved path (or `capture:<name>`), to find the primary.
    pub key: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Out {
    pub val: Val,
    /// The expression with values substituted: "28 + 0".
    pub text: String,
    pub used: Vec<Used>,
    /// Set when the expression is a single cell or capture (its key).
    pub single: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) enum Stop {
    Skip(String),
    Error(String),
}

pub(super) type R<T> = Result<T, Stop>;

/// The most cells `blank(…)` / `invalid(…)` / `present(…)` label in one finding.
pub(super) const MAX_CELL_LABELS: usize = 12;

pub(super) fn fmt_num(d: Decimal) -> String {
    d.normalize().to_string()
}

pub(crate) fn scale_of(raw: &str) -> u32 {
    raw.bytes().position(|b| b == b'.').map_or(0, |dot| {
        let digits = raw.bytes().skip(dot + 1).take_while(u8::is_ascii_digit);
        u32::try_from(digits.count()).unwrap_or(0)
    })
}

pub(super) fn zh_en(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::En => en.to_owned(),
        _ => zh.to_owned(),
    }
}

pub(super) fn overflow() -> Stop {
    Stop::Error("数值溢出 (overflow)".into())
}

pub(super) fn add(a: Decimal, b: Decimal) -> R<Decimal> {
    a.checked_add(b).ok_or_else(overflow)
}

pub(super) fn plain(val: Val, text: String) -> Out {
    Out {
        val,
        text,
        used: Vec::new(),
        single: None,
    }
}

pub(super) fn truthy(v: &Val) -> R<bool> {
    match v {
        Val::Bool(b) => Ok(*b),
        _ => Err(Stop::Error("a condition must be true or false".into())),
    }
}
