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

use crate::limits::RuleLimits;

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

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(Decimal),
    Str(String),
    Name(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Op(BinOp),
    Not,
    Minus,
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '{'
}

impl<'a> Lexer<'a> {
    fn tokens(src: &'a str) -> Result<Vec<(Tok, Range<usize>)>, SyntaxError> {
        let mut lx = Lexer { src, pos: 0 };
        let mut out = Vec::new();
        while let Some(t) = lx.next()? {
            out.push(t);
        }
        Ok(out)
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut it = self.src[self.pos..].chars();
        it.next();
        it.next()
    }

    fn err(&self, start: usize, message: impl Into<String>) -> SyntaxError {
        let end = (start + self.peek().map_or(1, char::len_utf8)).min(self.src.len().max(start));
        SyntaxError {
            message: message.into(),
            span: start..end,
            help: None,
        }
    }

    fn next(&mut self) -> Result<Option<(Tok, Range<usize>)>, SyntaxError> {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += self.peek().map_or(1, char::len_utf8);
        }
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        let two = |lx: &mut Self, t: Tok| {
            lx.pos += 2;
            Ok(Some((t, start..lx.pos)))
        };
        let one = |lx: &mut Self, t: Tok| {
            lx.pos += 1;
            Ok(Some((t, start..lx.pos)))
        };
        match (c, self.peek2()) {
            ('=', Some('=')) => two(self, Tok::Op(BinOp::Eq)),
            ('!', Some('=')) => two(self, Tok::Op(BinOp::Ne)),
            ('~', Some('=')) => two(self, Tok::Op(BinOp::Approx)),
            ('<', Some('=')) => two(self, Tok::Op(BinOp::Le)),
            ('>', Some('=')) => two(self, Tok::Op(BinOp::Ge)),
            ('&', Some('&')) => two(self, Tok::Op(BinOp::And)),
            ('|', Some('|')) => two(self, Tok::Op(BinOp::Or)),
            ('<', _) => one(self, Tok::Op(BinOp::Lt)),
            ('>', _) => one(self, Tok::Op(BinOp::Gt)),
            ('+', _) => one(self, Tok::Op(BinOp::Add)),
            ('-', _) => one(self, Tok::Minus),
            ('*', _) => one(self, Tok::Op(BinOp::Mul)),
            ('/', _) => one(self, Tok::Op(BinOp::Div)),
            ('!', _) => one(self, Tok::Not),
            ('(', _) => one(self, Tok::LParen),
            (')', _) => one(self, Tok::RParen),
            ('[', _) => one(self, Tok::LBracket),
            (']', _) => one(self, Tok::RBracket),
            (',', _) => one(self, Tok::Comma),
            ('=', _) => Err(SyntaxError {
                help: Some("write `==` to compare".into()),
                ..self.err(start, "a single `=` is not an operator")
            }),
            ('"' | '\'', _) => self.string(c),
            (d, _) if d.is_ascii_digit() => {
                while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
                    self.pos += 1;
                }
                let text = &self.src[start..self.pos];
                let n = exact_decimal(text).map_err(|e| match e {
                    DecimalError::Syntax => self.err(start, format!("`{text}` is not a number")),
                    DecimalError::Precision => SyntaxError {
                        span: start..self.pos,
                        help: Some(format!(
                            "a number in a rule has at most {MAX_SIGNIFICANT_DIGITS} significant digits"
                        )),
                        ..self.err(
                            start,
                            format!("`{text}` has more digits than a decimal number can hold exactly"),
                        )
                    },
                })?;
                Ok(Some((Tok::Num(n), start..self.pos)))
            }
            (c, _) if is_name_start(c) => self.name(),
            (c, _) => Err(self.err(start, format!("unexpected character `{c}`"))),
        }
    }

    fn string(&mut self, quote: char) -> Result<Option<(Tok, Range<usize>)>, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut s = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(SyntaxError {
                    message: "unterminated string".into(),
                    span: start..self.src.len(),
                    help: Some(format!("close it with `{quote}`")),
                });
            };
            self.pos += c.len_utf8();
            if c == quote {
                return Ok(Some((Tok::Str(s), start..self.pos)));
            }
            if c == '\\' && self.peek() == Some(quote) {
                self.pos += 1;
                s.push(quote);
            } else {
                s.push(c);
            }
        }
    }

    /// A name: dot-separated segments of letters, digits, `_`, `{var}` placeholders, and `*`
    /// globs glued to a segment (`withheld_*`); a free-standing `*` is multiplication.
    fn name(&mut self) -> Result<Option<(Tok, Range<usize>)>, SyntaxError> {
        let start = self.pos;
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '.' => self.pos += 1,
                Some('{') => {
                    let close = self.src[self.pos..].find('}').ok_or_else(|| SyntaxError {
                        message: "unclosed `{` in a path".into(),
                        span: self.pos..self.src.len(),
                        help: Some("placeholders are written `{col}`".into()),
                    })?;
                    self.pos += close + 1;
                }
                Some('*') => {
                    // A `*` glued to a name and followed by the end of the name is a glob
                    // (`withheld_*`); anything else is multiplication.
                    let prev = self.src[..self.pos].chars().next_back();
                    let next = self.peek2();
                    let glued = prev
                        .is_some_and(|p| p == '_' || p == '.' || p.is_ascii_alphanumeric())
                        && next.is_none_or(|n| matches!(n, '.' | ',' | ')' | ']'));
                    if glued {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        let text = self.src[start..self.pos].to_owned();
        Ok(Some((Tok::Name(text), start..self.pos)))
    }
}

struct Parser<'l> {
    toks: Vec<(Tok, Range<usize>)>,
    i: usize,
    depth: usize,
    end: usize,
    /// For the patterns of `matches`.
    limits: &'l RuleLimits,
}

/// Parses an expression; the patterns of `matches` are compiled within `limits`.
pub(crate) fn parse(src: &str, limits: &RuleLimits) -> Result<Expr, SyntaxError> {
    if src.len() > MAX_LEN {
        return Err(SyntaxError {
            message: format!("expression longer than {MAX_LEN} bytes"),
            span: 0..src.len().min(10),
            help: None,
        });
    }
    let toks = Lexer::tokens(src)?;
    if toks.is_empty() {
        return Err(SyntaxError {
            message: "empty expression".into(),
            span: 0..src.len(),
            help: None,
        });
    }
    let mut p = Parser {
        toks,
        i: 0,
        depth: 0,
        end: src.len(),
        limits,
    };
    let e = p.expr(0)?;
    if let Some((t, span)) = p.toks.get(p.i) {
        return Err(SyntaxError {
            message: format!("unexpected {}", describe(t)),
            span: span.clone(),
            help: Some(
                "an operator (`+`, `==`, `and`, …) is missing, or a parenthesis is unbalanced"
                    .into(),
            ),
        });
    }
    Ok(e)
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(n) => format!("number `{n}`"),
        Tok::Str(s) => format!("string \"{s}\""),
        Tok::Name(n) => format!("`{n}`"),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::LBracket => "`[`".into(),
        Tok::RBracket => "`]`".into(),
        Tok::Comma => "`,`".into(),
        Tok::Op(op) => format!("operator `{}`", op.symbol()),
        Tok::Not => "`not`".into(),
        Tok::Minus => "`-`".into(),
    }
}

fn binding(t: &Tok) -> Option<(BinOp, u8)> {
    Some(match t {
        Tok::Op(op) => (
            *op,
            match op {
                BinOp::Or => 1,
                BinOp::And => 2,
                BinOp::Add | BinOp::Sub => 5,
                BinOp::Mul | BinOp::Div => 6,
                _ => 4,
            },
        ),
        Tok::Minus => (BinOp::Sub, 5),
        Tok::Name(n) if n == "and" => (BinOp::And, 2),
        Tok::Name(n) if n == "or" => (BinOp::Or, 1),
        Tok::Name(n) if n == "in" => (BinOp::In, 4),
        _ => return None,
    })
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.0)
    }

    fn span_here(&self) -> Range<usize> {
        self.toks
            .get(self.i)
            .map_or(self.end..self.end, |t| t.1.clone())
    }

    fn expect(&mut self, want: &Tok, what: &str) -> Result<Range<usize>, SyntaxError> {
        match self.toks.get(self.i) {
            Some((t, span)) if t == want => {
                let s = span.clone();
                self.i += 1;
                Ok(s)
            }
            Some((t, span)) => Err(SyntaxError {
                message: format!("expected {what}, found {}", describe(t)),
                span: span.clone(),
                help: None,
            }),
            None => Err(SyntaxError {
                message: format!("expected {what} at the end"),
                span: self.end.saturating_sub(1)..self.end,
                help: None,
            }),
        }
    }

    fn expr(&mut self, min: u8) -> Result<Expr, SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError {
                message: format!("expression nested deeper than {MAX_DEPTH} levels"),
                span: self.span_here(),
                help: Some("split the check into simpler rules".into()),
            });
        }
        let mut lhs = self.unary()?;
        while let Some((op, prec)) = self.peek().and_then(binding) {
            if prec < min {
                break;
            }
            let op_span = self.span_here();
            self.i += 1;
            // Left-associative; comparisons do not chain (`a == b == c` is an error below).
            let rhs = self.expr(prec + 1)?;
            if op.is_comparison()
                && let Kind::Binary(inner, ..) = &lhs.kind
                && inner.is_comparison()
            {
                return Err(SyntaxError {
                    message: "comparisons cannot be chained".into(),
                    span: op_span,
                    help: Some("join two comparisons with `and`".into()),
                });
            }
            let span = lhs.span.start..rhs.span.end;
            lhs = Expr {
                kind: Kind::Binary(op, Box::new(lhs), Box::new(rhs)),
                span,
            };
        }
        self.depth -= 1;
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        let start = self.span_here().start;
        match self.peek() {
            Some(Tok::Minus) => {
                self.i += 1;
                let e = self.nested(Parser::unary)?;
                let span = start..e.span.end;
                Ok(Expr {
                    kind: Kind::Neg(Box::new(e)),
                    span,
                })
            }
            Some(Tok::Not) => {
                self.i += 1;
                let e = self.nested(|p| p.expr(3))?;
                let span = start..e.span.end;
                Ok(Expr {
                    kind: Kind::Not(Box::new(e)),
                    span,
                })
            }
            Some(Tok::Name(n)) if n == "not" => {
                self.i += 1;
                let e = self.nested(|p| p.expr(3))?;
                let span = start..e.span.end;
                Ok(Expr {
                    kind: Kind::Not(Box::new(e)),
                    span,
                })
            }
            _ => self.primary(),
        }
    }

    fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, SyntaxError>,
    ) -> Result<T, SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError {
                message: format!("expression nested deeper than {MAX_DEPTH} levels"),
                span: self.span_here(),
                help: Some("split the check into simpler rules".into()),
            });
        }
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        let Some((tok, span)) = self.toks.get(self.i).cloned() else {
            return Err(SyntaxError {
                message: "expression ends where a value was expected".into(),
                span: self.end.saturating_sub(1)..self.end,
                help: None,
            });
        };
        self.i += 1;
        let kind = match tok {
            Tok::Num(n) => Kind::Num(n),
            Tok::Str(s) => Kind::Str(s),
            Tok::LParen => {
                let e = self.nested(|p| p.expr(0))?;
                let close = self.expect(&Tok::RParen, "`)`")?;
                return Ok(Expr {
                    kind: e.kind,
                    span: span.start..close.end,
                });
            }
            Tok::LBracket => {
                let mut items = Vec::new();
                if self.peek() != Some(&Tok::RBracket) {
                    loop {
                        items.push(self.nested(|p| p.expr(0))?);
                        if self.peek() == Some(&Tok::Comma) {
                            self.i += 1;
                        } else {
                            break;
                        }
                    }
                }
                let close = self.expect(&Tok::RBracket, "`]`")?;
                return Ok(Expr {
                    kind: Kind::List(items),
                    span: span.start..close.end,
                });
            }
            Tok::Name(name) => return self.name(&name, span),
            other => {
                return Err(SyntaxError {
                    message: format!("unexpected {}", describe(&other)),
                    span,
                    help: None,
                });
            }
        };
        Ok(Expr { kind, span })
    }

    fn name(&mut self, name: &str, span: Range<usize>) -> Result<Expr, SyntaxError> {
        if self.peek() == Some(&Tok::LParen) {
            return self.call(name, span);
        }
        let kind = match name {
            "true" => Kind::Bool(true),
            "false" => Kind::Bool(false),
            _ => {
                let (previous, rest) = match name.strip_prefix("previous.") {
                    Some(rest) => (true, rest),
                    None => (false, name),
                };
                if let Some((_, v)) = VARS.iter().find(|(n, _)| *n == rest) {
                    Kind::Var { previous, var: *v }
                } else if rest.contains('.') {
                    Kind::Cell(Path::new(previous, rest.to_owned()))
                } else if previous {
                    return Err(SyntaxError {
                        message: format!("unknown fact `previous.{rest}`"),
                        span,
                        help: Some(
                            "`previous.` goes before a cell path or one of: format, year, organisation, title, text"
                                .into(),
                        ),
                    });
                } else {
                    Kind::Capture(name.to_owned())
                }
            }
        };
        Ok(Expr { kind, span })
    }

    fn call(&mut self, name: &str, span: Range<usize>) -> Result<Expr, SyntaxError> {
        self.i += 1; // (
        let mut args = Vec::new();
        if self.peek() != Some(&Tok::RParen) {
            loop {
                args.push(self.nested(|p| p.expr(0))?);
                if self.peek() == Some(&Tok::Comma) {
                    self.i += 1;
                } else {
                    break;
                }
            }
        }
        let close = self.expect(&Tok::RParen, "`)` closing the call")?;
        let full = span.start..close.end;
        if name == "matches" {
            let mut it = args.into_iter();
            let (Some(subject), Some(pattern), None) = (it.next(), it.next(), it.next()) else {
                return Err(SyntaxError {
                    message: "`matches` takes two arguments: matches(text, \"pattern\")".into(),
                    span: full,
                    help: None,
                });
            };
            let Kind::Str(p) = &pattern.kind else {
                return Err(SyntaxError {
                    message: "the pattern of `matches` must be a quoted string".into(),
                    span: pattern.span,
                    help: None,
                });
            };
            let re = crate::pattern::compile(p, self.limits).map_err(|m| SyntaxError {
                message: m,
                span: pattern.span.clone(),
                help: None,
            })?;
            return Ok(Expr {
                kind: Kind::Matches(Box::new(subject), Box::new(re)),
                span: full,
            });
        }
        let Some((_, func)) = FUNCS.iter().find(|(n, _)| *n == name) else {
            return Err(SyntaxError {
                message: format!("unknown function `{name}`"),
                span,
                help: crate::paths::suggest(name, FUNCS.iter().map(|f| f.0).chain(["matches"]))
                    .map(|s| format!("did you mean `{s}`?")),
            });
        };
        let arity_ok = match func {
            Func::Abs | Func::Present | Func::Blank | Func::Invalid => args.len() == 1,
            Func::Percent => args.len() == 2,
            Func::SumNumbers | Func::CountNumbers => (1..=3).contains(&args.len()),
            _ => !args.is_empty(),
        };
        if !arity_ok {
            return Err(SyntaxError {
                message: format!("wrong number of arguments to `{name}`"),
                span: full,
                help: Some(crate::docs::function_help(name).to_owned()),
            });
        }
        // `total(applications.granted)` names rows, not cells.
        if *func == Func::Total {
            for a in &mut args {
                match &a.kind {
                    Kind::Cell(p) => {
                        a.kind = Kind::Row(p.clone());
                    }
                    _ => {
                        return Err(SyntaxError {
                            message: "`total` takes rows of 表三, e.g. total(applications.granted)"
                                .into(),
                            span: a.span.clone(),
                            help: None,
                        });
                    }
                }
            }
        }
        Ok(Expr {
            kind: Kind::Call(*func, args),
            span: full,
        })
    }
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
