//! The values of the check language and what evaluating an expression yields besides one.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use std::borrow::Cow;

use gongkai_core::Span;
use rust_decimal::Decimal;

use crate::{DocumentRole, Lang};

/// What an evaluation records besides the value: the one evaluator is generic over it.
///
/// Nearly every check holds, and for a pass only the value matters; so a check is first
/// evaluated with [`NoTrace`], which builds no text, no label and no reason to skip (its
/// `Stop`s carry empty reasons), and only when that is not a plain `true` again with
/// [`Explain`], which records the cells used with their names and spans, the expression with
/// its values substituted, and why an evaluation stopped. Both run the same code, so they
/// cannot disagree on a value; the branches that explain are removed from the [`NoTrace`]
/// instance at compile time.
pub(crate) trait Trace {
    /// Whether texts, labels and reasons are built.
    const EXPLAINS: bool;
}

/// The common path: the value alone.
pub(crate) enum NoTrace {}

/// After a check did not plainly hold: everything a finding or a skip shows.
pub(crate) enum Explain {}

impl Trace for NoTrace {
    const EXPLAINS: bool = false;
}

impl Trace for Explain {
    const EXPLAINS: bool = true;
}

/// A reason to skip, built only when explaining.
pub(super) fn skip<T: Trace>(reason: impl FnOnce() -> String) -> Stop {
    Stop::Skip(if T::EXPLAINS { reason() } else { String::new() })
}

/// An error, its message built only when explaining.
pub(super) fn error<T: Trace>(message: impl FnOnce() -> String) -> Stop {
    Stop::Error(if T::EXPLAINS {
        message()
    } else {
        String::new()
    })
}

/// A text of an explanation, built only when explaining.
pub(super) fn text<T: Trace>(text: impl FnOnce() -> String) -> String {
    if T::EXPLAINS { text() } else { String::new() }
}

/// A value during evaluation; text borrows from the rule or the report where it can.
#[derive(Debug, Clone)]
pub(crate) enum Val<'s> {
    /// A number and the number of decimals it was written with (for `~=`).
    Num(Decimal, u32),
    Bool(bool),
    Str(Cow<'s, str>),
    List(Vec<Val<'s>>),
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

/// A value and, when explaining, what explains it (empty otherwise, which allocates nothing).
#[derive(Debug, Clone)]
pub(crate) struct Out<'s> {
    pub val: Val<'s>,
    /// The expression with values substituted: "28 + 0".
    pub text: String,
    pub used: Vec<Used>,
    /// Set when the expression is a single cell or capture (its key).
    pub single: Option<String>,
}

impl<'s> Out<'s> {
    /// A value with nothing to explain it.
    pub(super) fn value(val: Val<'s>) -> Self {
        Self {
            val,
            text: String::new(),
            used: Vec::new(),
            single: None,
        }
    }
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

pub(super) fn overflow<T: Trace>() -> Stop {
    error::<T>(|| "数值溢出 (overflow)".into())
}

pub(super) fn add<T: Trace>(a: Decimal, b: Decimal) -> R<Decimal> {
    a.checked_add(b).ok_or_else(overflow::<T>)
}

pub(super) fn plain(val: Val<'_>, text: String) -> Out<'_> {
    Out {
        val,
        text,
        used: Vec::new(),
        single: None,
    }
}

pub(super) fn truthy<T: Trace>(v: &Val<'_>) -> R<bool> {
    match v {
        Val::Bool(b) => Ok(*b),
        _ => Err(error::<T>(|| "a condition must be true or false".into())),
    }
}
