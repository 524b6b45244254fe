//! The value of an expression, without its explanation.
//!
//! [`Env::eval`](crate::eval::Env::eval) computes, besides a value, everything a finding shows:
//! the expression with values substituted, the cells used with their names and spans. Nearly
//! every check passes, and for a pass none of that is needed; building it was most of the cost
//! of checking a report. So a check is first evaluated here, for its value alone and without
//! allocating; only when that value is not a plain `true` (a failure, a skip, an error) does the
//! explanatory evaluation run, which then decides exactly as before.
//!
//! [`Env::quick`] answers `None` whenever the explanatory evaluation would stop (a cell missing,
//! blank or invalid, a division by zero, an overflow, a type error) or for a construct it does
//! not handle; the caller then evaluates the explanatory way. So it never needs to reproduce a
//! message, only a value — and in debug builds every value it gives is checked against the
//! explanatory evaluation's.

// Short names mirror the explanatory evaluation's (a, b, x, y; t, r, c = table, row, column).
#![allow(clippy::many_single_char_names)]

use std::borrow::Cow;

use rust_decimal::Decimal;

#[cfg(debug_assertions)]
use crate::eval::Val;
use crate::eval::{Env, scale_of};
use crate::expr::{BinOp, Expr, Func, Kind, Part, Path, Var};
use crate::paths::{self, CellState, CellView};

/// A value computed without its explanation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Quick<'a> {
    /// A number and the number of decimals it was written with (for `~=`).
    Num(Decimal, u32),
    Bool(bool),
    Str(Cow<'a, str>),
}

impl Quick<'_> {
    /// Whether the explanatory evaluation's value is the same.
    #[cfg(debug_assertions)]
    pub(crate) fn same_as(&self, v: &Val) -> bool {
        match (self, v) {
            (Quick::Num(a, sa), Val::Num(b, sb)) => a == b && sa == sb,
            (Quick::Bool(a), Val::Bool(b)) => a == b,
            (Quick::Str(a), Val::Str(b)) => a == b,
            _ => false,
        }
    }
}

/// A cell path's three parts with the `{placeholders}` of the binding filled in, or `None` when
/// that is not a plain substitution of whole parts (then the explanatory way is taken, which
/// substitutes textually).
fn resolve<'s>(p: &'s Path, env: &'s Env<'_>) -> Option<[&'s str; 3]> {
    let parts = p.parts.as_ref()?;
    let mut out = [""; 3];
    for (slot, part) in out.iter_mut().zip(parts) {
        *slot = match part {
            Part::Lit(r) => p.text.get(r.clone())?,
            Part::Var(r) => {
                // A value with a dot or a brace would change how the substituted text splits,
                // or be substituted again.
                if !env.plain_binding {
                    return None;
                }
                let name = p.text.get(r.clone())?;
                env.binding.iter().find(|(n, _)| *n == name)?.1
            }
        };
    }
    Some(out)
}

impl<'a> Env<'a> {
    fn report_of(&self, previous: bool) -> Option<&'a gongkai_core::Report> {
        if previous {
            self.previous
        } else {
            Some(self.report)
        }
    }

    /// The value of a cell as [`Env::cell`](crate::eval::Env) gives it, when it gives one.
    fn quick_cell(&self, view: CellView<'_>) -> Option<Quick<'static>> {
        match view.state() {
            CellState::Present => Some(Quick::Num(
                view.value().unwrap_or_default(),
                scale_of(view.raw_str().unwrap_or_default()),
            )),
            CellState::Blank if self.blank_zero => Some(Quick::Num(Decimal::ZERO, 0)),
            _ => None,
        }
    }

    /// The value of `e`, or `None` when it must be evaluated the explanatory way.
    pub(crate) fn quick<'s>(&'s self, e: &'s Expr) -> Option<Quick<'s>> {
        let q = self.quick_inner(e);
        #[cfg(debug_assertions)]
        if let Some(q) = &q {
            let full = self.eval(e);
            debug_assert!(
                full.as_ref().is_ok_and(|o| q.same_as(&o.val)),
                "quick evaluation differs: {q:?} vs {full:?}"
            );
        }
        q
    }

    fn quick_inner<'s>(&'s self, e: &'s Expr) -> Option<Quick<'s>> {
        Some(match &e.kind {
            Kind::Num(n) => Quick::Num(*n, n.scale()),
            Kind::Str(s) => Quick::Str(Cow::Borrowed(s)),
            Kind::Bool(b) => Quick::Bool(*b),
            Kind::Cell(p) => {
                let [t, r, c] = resolve(p, self)?;
                let report = self.report_of(p.previous)?;
                self.quick_cell(paths::cell(report, t, r, c)?)?
            }
            Kind::Var { previous, var } => {
                let report = self.report_of(*previous)?;
                let m = &report.metadata;
                match var {
                    Var::Format => Quick::Str(Cow::Borrowed(match m.format {
                        gongkai_core::FormatVersion::F2021 => "2021",
                        gongkai_core::FormatVersion::F2019 => "2019",
                        gongkai_core::FormatVersion::Unknown => "unknown",
                    })),
                    Var::Year => Quick::Num(Decimal::from(m.year.as_ref()?.value), 0),
                    Var::Organisation => Quick::Str(Cow::Borrowed(
                        m.organisation.as_ref().map_or("", |o| o.value.as_str()),
                    )),
                    Var::Title => Quick::Str(Cow::Borrowed(
                        m.title.as_ref().map_or("", |t| t.value.as_str()),
                    )),
                    Var::Text => {
                        let all: Vec<&str> =
                            report.sections.iter().map(|s| s.text.as_str()).collect();
                        Quick::Str(Cow::Owned(all.join("\n")))
                    }
                }
            }
            Kind::Capture(name) => {
                let (text, _) = self.captures?.values.get(name)?;
                match text.parse::<Decimal>() {
                    Ok(d) => Quick::Num(d, scale_of(text)),
                    Err(_) => Quick::Str(Cow::Borrowed(text)),
                }
            }
            Kind::Call(f, args) => self.quick_call(*f, args)?,
            Kind::Matches(subject, re) => match self.quick(subject)? {
                Quick::Str(s) => Quick::Bool(re.is_match(&s)),
                _ => return None,
            },
            Kind::Neg(a) => match self.quick(a)? {
                Quick::Num(n, s) => Quick::Num(-n, s),
                _ => return None,
            },
            Kind::Not(a) => match self.quick(a)? {
                Quick::Bool(b) => Quick::Bool(!b),
                _ => return None,
            },
            Kind::Binary(op, a, b) => self.quick_binary(*op, a, b)?,
            Kind::Row(_) | Kind::List(_) => return None,
        })
    }

    fn quick_num<'s>(&'s self, e: &'s Expr) -> Option<(Decimal, u32)> {
        match self.quick(e)? {
            Quick::Num(n, s) => Some((n, s)),
            _ => None,
        }
    }

    fn quick_binary<'s>(&'s self, op: BinOp, a: &'s Expr, b: &'s Expr) -> Option<Quick<'s>> {
        match op {
            BinOp::And | BinOp::Or => {
                let Quick::Bool(l) = self.quick(a)? else {
                    return None;
                };
                if (op == BinOp::And && !l) || (op == BinOp::Or && l) {
                    return Some(Quick::Bool(l));
                }
                match self.quick(b)? {
                    Quick::Bool(r) => Some(Quick::Bool(r)),
                    _ => None,
                }
            }
            BinOp::In => {
                let l = self.quick(a)?;
                let Kind::List(items) = &b.kind else {
                    return None;
                };
                // The explanatory way evaluates the whole list before comparing.
                let mut values = Vec::with_capacity(items.len());
                for i in items {
                    values.push(self.quick(i)?);
                }
                for v in &values {
                    if self.quick_compare(BinOp::Eq, &l, v)? {
                        return Some(Quick::Bool(true));
                    }
                }
                Some(Quick::Bool(false))
            }
            _ if op.is_comparison() => {
                let l = self.quick(a)?;
                let r = self.quick(b)?;
                Some(Quick::Bool(self.quick_compare(op, &l, &r)?))
            }
            _ => {
                let (x, sx) = self.quick_num(a)?;
                let (y, sy) = self.quick_num(b)?;
                let v = match op {
                    BinOp::Add => x.checked_add(y)?,
                    BinOp::Sub => x.checked_sub(y)?,
                    BinOp::Mul => x.checked_mul(y)?,
                    _ => {
                        if y.is_zero() {
                            return None;
                        }
                        x.checked_div(y)?
                    }
                };
                Some(Quick::Num(v, sx.max(sy)))
            }
        }
    }

    /// [`Env::compare`](crate::eval::Env::compare) for quick values; `None` where it errs.
    fn quick_compare(&self, op: BinOp, l: &Quick<'_>, r: &Quick<'_>) -> Option<bool> {
        match (l, r) {
            (Quick::Num(x, sx), Quick::Num(y, _)) => {
                let diff = x.checked_sub(*y)?.abs();
                Some(match op {
                    BinOp::Eq => self.tolerance.map_or(diff.is_zero(), |t| diff <= t),
                    BinOp::Approx => {
                        let tol = self
                            .tolerance
                            .unwrap_or_else(|| Decimal::new(1, (*sx).min(10)));
                        diff <= tol
                    }
                    BinOp::Ne => !diff.is_zero(),
                    BinOp::Lt => x < y,
                    BinOp::Le => x <= y,
                    BinOp::Gt => x > y,
                    BinOp::Ge => x >= y,
                    _ => false,
                })
            }
            (Quick::Str(x), Quick::Str(y)) => match op {
                BinOp::Eq | BinOp::Approx => Some(x == y),
                BinOp::Ne => Some(x != y),
                _ => None,
            },
            (Quick::Bool(x), Quick::Bool(y)) => match op {
                BinOp::Eq => Some(x == y),
                BinOp::Ne => Some(x != y),
                _ => None,
            },
            _ => None,
        }
    }

    fn quick_call<'s>(&'s self, f: Func, args: &'s [Expr]) -> Option<Quick<'s>> {
        match f {
            Func::Sum => {
                let mut total = Decimal::ZERO;
                let mut terms = 0usize;
                for a in args {
                    if let Kind::Cell(p) = &a.kind
                        && p.text.contains('*')
                    {
                        let [t, r, c] = resolve(p, self)?;
                        let report = self.report_of(p.previous)?;
                        let mut ok = true;
                        paths::for_each_glob_cell(report, t, r, c, |view| {
                            match self.quick_cell(view) {
                                Some(Quick::Num(n, _)) => match total.checked_add(n) {
                                    Some(s) => {
                                        total = s;
                                        terms += 1;
                                    }
                                    None => ok = false,
                                },
                                _ => ok = false,
                            }
                        });
                        if !ok {
                            return None;
                        }
                        continue;
                    }
                    let (n, _) = self.quick_num(a)?;
                    total = total.checked_add(n)?;
                    terms += 1;
                }
                (terms > 0).then_some(Quick::Num(total, 0))
            }
            Func::Total => {
                let mut total = Decimal::ZERO;
                let mut rows = 0;
                for a in args {
                    let Kind::Row(p) = &a.kind else {
                        return None;
                    };
                    let report = self.report_of(p.previous)?;
                    // `table.row`: the row part, placeholders filled.
                    let [_, row_glob, rest] = resolve(p, self)?;
                    if !rest.is_empty() {
                        return None;
                    }
                    for r in gongkai_core::Applications::IDS {
                        if !paths::glob_match(row_glob, r) {
                            continue;
                        }
                        let Some(row) = report.applications.get(r) else {
                            continue;
                        };
                        if !row.is_found() {
                            if row_glob.contains('*') {
                                continue;
                            }
                            return None;
                        }
                        rows += 1;
                        total = total.checked_add(self.quick_row_total(report, r)?)?;
                    }
                }
                (rows > 0).then_some(Quick::Num(total, 0))
            }
            Func::Abs | Func::Min | Func::Max => {
                let mut best: Option<(Decimal, u32)> = None;
                for a in args {
                    let (n, s) = self.quick_num(a)?;
                    best = Some(match (f, best) {
                        (Func::Abs, _) => (n.abs(), s),
                        (_, None) => (n, s),
                        (Func::Min, Some(b)) => {
                            if n < b.0 {
                                (n, s)
                            } else {
                                b
                            }
                        }
                        (_, Some(b)) => {
                            if n > b.0 {
                                (n, s)
                            } else {
                                b
                            }
                        }
                    });
                }
                let (n, s) = best.unwrap_or((Decimal::ZERO, 0));
                Some(Quick::Num(n, s))
            }
            Func::Percent => {
                let (a, _) = self.quick_num(args.first()?)?;
                let (b, _) = self.quick_num(args.get(1)?)?;
                if b.is_zero() {
                    return None;
                }
                let p = a
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .and_then(|x| x.checked_div(b))?
                    .round_dp(4);
                Some(Quick::Num(p, 4))
            }
            Func::Present | Func::Blank | Func::Invalid => {
                let Some(Kind::Cell(p)) = args.first().map(|a| &a.kind) else {
                    return None;
                };
                let report = self.report_of(p.previous)?;
                let [t, r, c] = resolve(p, self)?;
                let is_hit = |state: CellState| match f {
                    Func::Present => state != CellState::Present,
                    Func::Invalid => state == CellState::Invalid,
                    _ => state == CellState::Blank,
                };
                let (cells, hits) = if p.text.contains('*') {
                    let mut cells = 0usize;
                    let mut hits = 0usize;
                    paths::for_each_glob_cell(report, t, r, c, |view| {
                        cells += 1;
                        hits += usize::from(is_hit(view.state()));
                    });
                    (cells, hits)
                } else {
                    let state =
                        paths::cell(report, t, r, c).map_or(CellState::Missing, CellView::state);
                    (1, usize::from(is_hit(state)))
                };
                Some(Quick::Bool(if f == Func::Present {
                    hits == 0 && cells > 0
                } else {
                    hits > 0
                }))
            }
            Func::SumNumbers | Func::CountNumbers => None,
        }
    }

    /// [`Env::row_total`](crate::eval::Env): the row's 总计 cell, or the sum of its applicant
    /// columns with blanks as 0.
    fn quick_row_total(&self, report: &gongkai_core::Report, row: &str) -> Option<Decimal> {
        let cell = |col: &str| paths::cell(report, "applications", row, col);
        if let Some(v) = cell("total")
            && v.state() == CellState::Present
        {
            return Some(v.value().unwrap_or_default());
        }
        let mut sum = Decimal::ZERO;
        // Whether anything is written in the row, and whether a non-zero value was seen, as
        // the explanatory way decides them from the cells it would label.
        let mut any = false;
        let mut labelled_non_zero = false;
        for c in gongkai_core::ApplicantCells::IDS
            .iter()
            .filter(|c| **c != "total")
        {
            let Some(view) = cell(c) else { continue };
            let (n, shown) = match view.state() {
                CellState::Present => (view.value().unwrap_or_default(), true),
                CellState::Blank => (
                    Decimal::ZERO,
                    view.raw_str().is_some_and(|r| !r.is_empty() && r != "空"),
                ),
                _ => continue,
            };
            let labelled = view.span().is_some();
            any |= (labelled && shown) || !n.is_zero();
            sum = sum.checked_add(n)?;
            labelled_non_zero |= labelled && !n.is_zero();
        }
        if !any && sum.is_zero() && !labelled_non_zero && !self.blank_zero {
            return None;
        }
        Some(sum)
    }
}
