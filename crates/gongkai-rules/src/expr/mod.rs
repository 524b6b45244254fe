//! The check language: one-line expressions over cells, captures and report facts.
//!
//! ```text
//! applications.new_received.{col} + applications.carried_over.{col}
//!     == applications.total.{col} + applications.carried_forward.{col}
//! ```
//!
//! Rule authors are not programmers, so the language is small: numbers, cell paths, `+ - * /`,
//! comparisons (`== != < <= > >=`, `~=` for "equal within the precision written", `in [a, b]`),
//! `and` / `or` / `not`, and a handful of functions (`sum`, `total`, `percent`, `present`, …).
//! Everything is parsed and checked when the rule is loaded; evaluation cannot fail on syntax.
//! Nesting is bounded ([`MAX_DEPTH`]) so a hostile rule cannot overflow the stack.

use std::ops::Range;

use regex::Regex;
use rust_decimal::Decimal;

mod lex;
mod parse;

pub(crate) use parse::parse;

/// How deeply expressions may nest (parentheses, operators, calls).
pub(crate) const MAX_DEPTH: usize = 48;
/// The longest expression accepted, in bytes.
pub(crate) const MAX_LEN: usize = 4000;

/// The most significant digits a decimal literal may have: what `rust_decimal` holds exactly
/// for every value (its 96-bit mantissa holds 28 digits whatever they are, some 29-digit ones).
pub(crate) const MAX_SIGNIFICANT_DIGITS: usize = 28;

/// Why a literal is no exact decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalError {
    /// Not a number at all.
    Syntax,
    /// A number, but `rust_decimal` would round it (more than 28 decimals, or a value past its
    /// range): `0.00…01` with 29 decimals would silently become 0 and a rule compare against it.
    Precision,
}

/// Parses a decimal literal (`12`, `0.5`, `-3.25`), refusing one the decimal type cannot hold
/// exactly: the parsed value, written back without trailing zeros, must give the same digits.
pub(crate) fn exact_decimal(text: &str) -> Result<Decimal, DecimalError> {
    let value: Decimal = text.parse().map_err(|_| {
        // A run of digits too long for the type is a precision problem, not a typo.
        let digits = text.trim_start_matches(['-', '+']);
        if !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && digits.bytes().filter(|&b| b == b'.').count() <= 1
            && digits.bytes().any(|b| b.is_ascii_digit())
        {
            DecimalError::Precision
        } else {
            DecimalError::Syntax
        }
    })?;
    if canonical(&value.normalize().to_string()) == canonical(text) {
        Ok(value)
    } else {
        Err(DecimalError::Precision)
    }
}

/// A decimal's digits without sign noise, leading zeros of the integer part or trailing zeros
/// of the fraction: `+007.50` and `7.5` give the same, `-0` and `0` too.
fn canonical(text: &str) -> String {
    let (negative, digits) = match text.trim() {
        t if t.starts_with('-') => (true, &t[1..]),
        t => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let zero = int == "0" && frac.is_empty();
    let sign = if negative && !zero { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// A parsed expression with its byte range in the expression text.
#[derive(Debug, Clone)]
pub(crate) struct Expr {
    pub kind: Kind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// A number literal, with the number of decimals written.
    Num(Decimal),
    Str(String),
    Bool(bool),
    /// A cell path `table.row.col` (may hold `{var}` placeholders, and `*` globs inside
    /// `sum`); `previous` when written `previous.table.row.col`.
    Cell(Path),
    /// A row path `applications.row` (inside `total`).
    Row(Path),
    /// A fact of the report.
    Var {
        previous: bool,
        var: Var,
    },
    /// A named capture of a narrative pattern.
    Capture(String),
    Call(Func, Vec<Expr>),
    /// `matches(x, "regex")`, the regex compiled at load time.
    Matches(Box<Expr>, Box<Regex>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    List(Vec<Expr>),
}

/// A path as written, without its `previous.` prefix.
#[derive(Debug, Clone)]
pub(crate) struct Path {
    pub previous: bool,
    pub text: String,
    /// The three dot-separated parts of `text` (the last one holds any further dots; missing
    /// parts are empty), each literal or one whole `{placeholder}`; `None` when a part is
    /// neither. Lets evaluation fill placeholders without building the substituted text.
    pub parts: Option<[Part; 3]>,
    /// The path resolved to cells for each binding of its rule, at load.
    pub lowered: crate::lower::Lowered,
}

/// A part of a [`Path`]: a byte range of its text.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    /// Text without braces, taken as written.
    Lit(Range<usize>),
    /// The name of a placeholder written as the whole part (`{row}`: the range of `row`).
    Var(Range<usize>),
}

impl Path {
    pub(crate) fn new(previous: bool, text: String) -> Self {
        let mut parts = [Part::Lit(0..0), Part::Lit(0..0), Part::Lit(0..0)];
        let mut ok = true;
        let mut at = 0;
        for (slot, seg) in parts.iter_mut().zip(text.splitn(3, '.')) {
            let range = at..at + seg.len();
            at = range.end + 1;
            *slot = if !seg.contains(['{', '}']) {
                Part::Lit(range)
            } else if seg.len() > 2
                && seg.starts_with('{')
                && seg.ends_with('}')
                && !seg[1..seg.len() - 1].contains(['{', '}'])
            {
                Part::Var(range.start + 1..range.end - 1)
            } else {
                ok = false;
                Part::Lit(range)
            };
        }
        Self {
            previous,
            parts: ok.then_some(parts),
            text,
            lowered: crate::lower::Lowered::No,
        }
    }
}

/// Report facts usable in expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Var {
    /// "2021", "2019" or "unknown".
    Format,
    /// The report year.
    Year,
    Organisation,
    Title,
    /// All narrative text, sections joined.
    Text,
}

pub(crate) const VARS: &[(&str, Var)] = &[
    ("format", Var::Format),
    ("year", Var::Year),
    ("organisation", Var::Organisation),
    ("title", Var::Title),
    ("text", Var::Text),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Sum,
    Total,
    Abs,
    Min,
    Max,
    Percent,
    Present,
    Blank,
    Invalid,
    SumNumbers,
    CountNumbers,
}

pub(crate) const FUNCS: &[(&str, Func)] = &[
    ("sum", Func::Sum),
    ("total", Func::Total),
    ("abs", Func::Abs),
    ("min", Func::Min),
    ("max", Func::Max),
    ("percent", Func::Percent),
    ("present", Func::Present),
    ("blank", Func::Blank),
    ("invalid", Func::Invalid),
    ("sum_numbers", Func::SumNumbers),
    ("count_numbers", Func::CountNumbers),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// Equal within the precision of the left side as written (or the rule's tolerance).
    Approx,
    In,
    And,
    Or,
}

impl BinOp {
    pub(crate) fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq
                | BinOp::Ne
                | BinOp::Lt
                | BinOp::Le
                | BinOp::Gt
                | BinOp::Ge
                | BinOp::Approx
                | BinOp::In
        )
    }

    /// The symbol shown when the comparison does *not* hold ("28 ≠ 27").
    pub(crate) fn failed_symbol(self) -> &'static str {
        match self {
            BinOp::Eq | BinOp::Approx | BinOp::In => "≠",
            BinOp::Ne => "=",
            BinOp::Lt => "≥",
            BinOp::Le => ">",
            BinOp::Gt => "≤",
            BinOp::Ge => "<",
            BinOp::Add => "+",
            BinOp::Sub => "−",
            BinOp::Mul => "×",
            BinOp::Div => "÷",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }

    pub(crate) fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "−",
            BinOp::Mul => "×",
            BinOp::Div => "÷",
            BinOp::Eq => "=",
            BinOp::Ne => "≠",
            BinOp::Lt => "<",
            BinOp::Le => "≤",
            BinOp::Gt => ">",
            BinOp::Ge => "≥",
            BinOp::Approx => "≈",
            BinOp::In => "∈",
            BinOp::And => "且",
            BinOp::Or => "或",
        }
    }
}

/// A syntax error at a byte range of the expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub span: Range<usize>,
    pub help: Option<String>,
}

/// Calls `f` on every sub-expression, depth first (bounded by the parse depth).
pub(crate) fn walk<'e>(e: &'e Expr, f: &mut dyn FnMut(&'e Expr)) {
    f(e);
    match &e.kind {
        Kind::Call(_, args) | Kind::List(args) => args.iter().for_each(|a| walk(a, f)),
        Kind::Matches(a, _) | Kind::Neg(a) | Kind::Not(a) => walk(a, f),
        Kind::Binary(_, a, b) => {
            walk(a, f);
            walk(b, f);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::RuleLimits;

    fn parse(src: &str) -> Result<Expr, SyntaxError> {
        super::parse(src, &RuleLimits::default())
    }

    fn kind(src: &str) -> String {
        format!("{:?}", parse(src).map(|e| e.kind))
    }

    #[test]
    fn parses_the_balance_rule() {
        let e = parse("applications.new_received.{col} + applications.carried_over.{col} == applications.total.{col} + applications.carried_forward.{col}").unwrap();
        let Kind::Binary(BinOp::Eq, l, r) = e.kind else {
            panic!("not a comparison")
        };
        assert!(matches!(l.kind, Kind::Binary(BinOp::Add, ..)));
        assert!(matches!(r.kind, Kind::Binary(BinOp::Add, ..)));
    }

    #[test]
    fn globs_and_multiplication() {
        let e = parse("sum(applications.withheld_*.{col})").unwrap();
        let Kind::Call(Func::Sum, args) = e.kind else {
            panic!()
        };
        assert!(
            matches!(&args[0].kind, Kind::Cell(p) if p.text == "applications.withheld_*.{col}")
        );
        let e = parse("a * 2").unwrap();
        assert!(matches!(e.kind, Kind::Binary(BinOp::Mul, ..)));
    }

    #[test]
    fn errors_have_positions() {
        let e = parse("a + ").unwrap_err();
        assert!(e.message.contains("ends"), "{e:?}");
        let e = parse("a = b").unwrap_err();
        assert_eq!(e.span, 2..3);
        let e = parse("summ(a.b.c)").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `sum`?"));
        let e = parse("a == b == c").unwrap_err();
        assert!(e.message.contains("chained"));
        assert!(parse("(a").is_err());
        assert!(parse("a b").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&deep).unwrap_err().message.contains("nested") || deep.len() > MAX_LEN);
        let deep = format!("{}1{}", "(".repeat(1000), ")".repeat(1000));
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
        let negs = format!("{}1", "-".repeat(1000));
        assert!(parse(&negs).unwrap_err().message.contains("nested"));
        let nots = format!("{}true", "not ".repeat(500));
        assert!(parse(&nots).is_err());
    }

    #[test]
    fn facts_and_captures() {
        assert!(kind("previous.year").contains("previous: true"));
        assert!(kind("received").contains("Capture"));
        assert!(kind("format == \"2021\"").contains("Format"));
        assert!(kind("x in [1, 2]").contains("In"));
        assert!(kind("matches(organisation, \"(镇|乡)\")").contains("Matches"));
        assert!(parse("matches(organisation, \"(\")").is_err());
    }
}
