//! The interpreter: an expression's value, with — when explaining — the text and cells that
//! explain it.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::env::Env;
use super::value::{
    Out, R, Trace, Used, Val, add, error, fmt_num, overflow, plain, scale_of, skip, text, truthy,
    zh_en,
};
use crate::DocumentRole;
use crate::expr::{BinOp, Expr, Kind, Var};
use crate::pattern;

impl Env<'_> {
    /// The value of `e`; with [`Explain`](super::value::Explain) also its text, the cells it
    /// used and, when it stops, why.
    pub(crate) fn eval<'s, T: Trace>(&'s self, e: &'s Expr) -> R<Out<'s>> {
        match &e.kind {
            Kind::Num(n) => Ok(plain(Val::Num(*n, n.scale()), text::<T>(|| fmt_num(*n)))),
            Kind::Str(s) => Ok(plain(
                Val::Str(Cow::Borrowed(s)),
                text::<T>(|| format!("\"{s}\"")),
            )),
            Kind::Bool(b) => Ok(plain(Val::Bool(*b), text::<T>(|| b.to_string()))),
            Kind::Cell(p) => {
                if let Some(id) = p.cell_at(self.binding_index) {
                    return self.cell_id::<T>(p.previous, id);
                }
                let [t, r, c] = self.parts(p);
                self.cell::<T>(p.previous, &t, &r, &c)
            }
            Kind::Row(_) => Err(error::<T>(|| "a row is not a value".into())),
            Kind::Var { previous, var } => self.var::<T>(*previous, *var),
            Kind::Capture(name) => self.capture::<T>(name),
            Kind::Call(f, args) => self.call::<T>(*f, args),
            Kind::Matches(subject, re) => {
                let s = self.eval::<T>(subject)?;
                let Val::Str(subject) = &s.val else {
                    return Err(error::<T>(|| "matches() needs text".into()));
                };
                Ok(Out {
                    val: Val::Bool(re.is_match(subject)),
                    text: s.text,
                    used: s.used,
                    single: None,
                })
            }
            Kind::Neg(a) => {
                let a = self.eval::<T>(a)?;
                let Val::Num(n, s) = a.val else {
                    return Err(error::<T>(|| "`-` needs a number".into()));
                };
                Ok(Out {
                    val: Val::Num(-n, s),
                    text: text::<T>(|| format!("−{}", a.text)),
                    used: a.used,
                    single: None,
                })
            }
            Kind::Not(a) => {
                let a = self.eval::<T>(a)?;
                let b = truthy::<T>(&a.val)?;
                Ok(Out {
                    val: Val::Bool(!b),
                    text: text::<T>(|| format!("not {}", a.text)),
                    used: a.used,
                    single: None,
                })
            }
            Kind::List(items) => {
                let mut vals = Vec::with_capacity(items.len());
                let mut texts = Vec::new();
                let mut used = Vec::new();
                for i in items {
                    let o = self.eval::<T>(i)?;
                    vals.push(o.val);
                    if T::EXPLAINS {
                        texts.push(o.text);
                        used.extend(o.used);
                    }
                }
                Ok(Out {
                    val: Val::List(vals),
                    text: text::<T>(|| texts.join(&zh_en(self.lang, " 或 ", " or "))),
                    used,
                    single: None,
                })
            }
            Kind::Binary(op, a, b) => self.binary::<T>(*op, a, b),
        }
    }

    pub(super) fn var<'s, T: Trace>(&'s self, previous: bool, var: Var) -> R<Out<'s>> {
        let (report, document) = self.doc::<T>(previous)?;
        let m = &report.metadata;
        let missing = |what: &str, en: &str| {
            skip::<T>(|| {
                zh_en(
                    self.lang,
                    &format!("未识别{what}"),
                    &format!("{en} not recognised"),
                )
            })
        };
        let borrowed = |s: &'s str| plain(Val::Str(Cow::Borrowed(s)), text::<T>(|| s.to_owned()));
        Ok(match var {
            Var::Format => borrowed(match m.format {
                gongkai_core::FormatVersion::F2021 => "2021",
                gongkai_core::FormatVersion::F2019 => "2019",
                gongkai_core::FormatVersion::Unknown => "unknown",
            }),
            Var::Year => {
                let y = m
                    .year
                    .as_ref()
                    .ok_or_else(|| missing("报告年度", "the report year"))?;
                let val = Val::Num(Decimal::from(y.value), 0);
                if !T::EXPLAINS {
                    return Ok(Out::value(val));
                }
                Out {
                    val,
                    text: y.value.to_string(),
                    used: vec![Used {
                        span: y.span,
                        document,
                        name: zh_en(self.lang, "报告年度", "report year"),
                        value: y.value.to_string(),
                        key: "year".into(),
                    }],
                    single: None,
                }
            }
            Var::Organisation => borrowed(m.organisation.as_ref().map_or("", |o| o.value.as_str())),
            Var::Title => borrowed(m.title.as_ref().map_or("", |t| t.value.as_str())),
            Var::Text => {
                let all: Vec<&str> = report.sections.iter().map(|s| s.text.as_str()).collect();
                plain(Val::Str(Cow::Owned(all.join("\n"))), String::new())
            }
        })
    }

    pub(super) fn capture<'s, T: Trace>(&'s self, name: &str) -> R<Out<'s>> {
        let caps = self
            .captures
            .ok_or_else(|| error::<T>(|| format!("`{name}` is only known in narrative checks")))?;
        let Some((written, range)) = caps.values.get(name) else {
            return Err(skip::<T>(|| format!("`{name}` not captured")));
        };
        let val = match written.parse::<Decimal>() {
            Ok(d) => Val::Num(d, scale_of(written)),
            Err(_) => Val::Str(Cow::Borrowed(written)),
        };
        if !T::EXPLAINS {
            return Ok(Out::value(val));
        }
        let offset = caps.compact.original(range.start);
        let span = pattern::span_at(caps.section, caps.compact, offset);
        let used: Vec<Used> = span
            .map(|span| Used {
                span,
                document: DocumentRole::Current,
                name: zh_en(self.lang, "正文", "text"),
                value: written.clone(),
                key: format!("capture:{name}"),
            })
            .into_iter()
            .collect();
        Ok(Out {
            val,
            text: written.clone(),
            used,
            single: Some(format!("capture:{name}")),
        })
    }

    pub(super) fn num<'s, T: Trace>(&'s self, e: &'s Expr) -> R<(Decimal, u32, Out<'s>)> {
        let o = self.eval::<T>(e)?;
        match o.val {
            Val::Num(n, s) => Ok((n, s, o)),
            _ => Err(error::<T>(|| format!("`{}` is not a number", o.text))),
        }
    }

    pub(super) fn binary<'s, T: Trace>(
        &'s self,
        op: BinOp,
        a: &'s Expr,
        b: &'s Expr,
    ) -> R<Out<'s>> {
        match op {
            BinOp::And | BinOp::Or => {
                let l = self.eval::<T>(a)?;
                let lb = truthy::<T>(&l.val)?;
                if (op == BinOp::And && !lb) || (op == BinOp::Or && lb) {
                    return Ok(Out {
                        val: Val::Bool(lb),
                        ..l
                    });
                }
                let r = self.eval::<T>(b)?;
                let rb = truthy::<T>(&r.val)?;
                Ok(joined::<T>(Val::Bool(rb), l, op.symbol(), r))
            }
            _ if op.is_comparison() => {
                let l = self.eval::<T>(a)?;
                let r = self.eval::<T>(b)?;
                let holds = self.compare::<T>(op, &l.val, &r.val)?;
                Ok(joined::<T>(Val::Bool(holds), l, op.symbol(), r))
            }
            _ => {
                let (x, sx, l) = self.num::<T>(a)?;
                let (y, sy, r) = self.num::<T>(b)?;
                let v = match op {
                    BinOp::Add => add::<T>(x, y)?,
                    BinOp::Sub => x.checked_sub(y).ok_or_else(overflow::<T>)?,
                    BinOp::Mul => x.checked_mul(y).ok_or_else(overflow::<T>)?,
                    _ => {
                        if y.is_zero() {
                            return Err(error::<T>(|| {
                                zh_en(self.lang, "除数为零", "division by zero")
                            }));
                        }
                        x.checked_div(y).ok_or_else(overflow::<T>)?
                    }
                };
                let val = Val::Num(v, sx.max(sy));
                if !T::EXPLAINS {
                    return Ok(Out::value(val));
                }
                // Parentheses only where the written order would otherwise mislead:
                // a sum under × or ÷, or subtracted.
                let wrap = |o: &Out<'_>, e: &Expr, right: bool| {
                    let sum = matches!(e.kind, Kind::Binary(BinOp::Add | BinOp::Sub, ..));
                    if sum && (matches!(op, BinOp::Mul | BinOp::Div) || (right && op == BinOp::Sub))
                    {
                        format!("({})", o.text)
                    } else {
                        o.text.clone()
                    }
                };
                let text = format!(
                    "{} {} {}",
                    wrap(&l, a, false),
                    op.symbol(),
                    wrap(&r, b, true)
                );
                let mut used = l.used;
                used.extend(r.used);
                Ok(Out {
                    val,
                    text,
                    used,
                    single: None,
                })
            }
        }
    }

    pub(crate) fn compare<T: Trace>(&self, op: BinOp, l: &Val<'_>, r: &Val<'_>) -> R<bool> {
        if op == BinOp::In {
            let Val::List(items) = r else {
                return Err(error::<T>(|| "`in` needs a list: x in [a, b]".into()));
            };
            for i in items {
                if self.compare::<T>(BinOp::Eq, l, i)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        match (l, r) {
            (Val::Num(x, sx), Val::Num(y, _)) => {
                // Checked: a difference past the decimal range (a literal near it against a
                // negative cell) is no panic but a difference larger than any tolerance.
                let diff = x.checked_sub(*y).map(|d| d.abs());
                let within = |tol: Decimal| diff.is_some_and(|d| d <= tol);
                Ok(match op {
                    BinOp::Eq => self.tolerance.map_or(diff == Some(Decimal::ZERO), within),
                    BinOp::Approx => within(
                        self.tolerance
                            .unwrap_or_else(|| Decimal::new(1, (*sx).min(10))),
                    ),
                    BinOp::Ne => diff != Some(Decimal::ZERO),
                    BinOp::Lt => x < y,
                    BinOp::Le => x <= y,
                    BinOp::Gt => x > y,
                    BinOp::Ge => x >= y,
                    _ => false,
                })
            }
            (Val::Str(x), Val::Str(y)) => Ok(match op {
                BinOp::Eq | BinOp::Approx => x == y,
                BinOp::Ne => x != y,
                _ => {
                    return Err(error::<T>(|| {
                        "text can only be compared with == and !=".into()
                    }));
                }
            }),
            (Val::Bool(x), Val::Bool(y)) => Ok(match op {
                BinOp::Eq => x == y,
                BinOp::Ne => x != y,
                _ => {
                    return Err(error::<T>(|| {
                        "true/false can only be compared with == and !=".into()
                    }));
                }
            }),
            _ => Err(error::<T>(|| "comparing values of different kinds".into())),
        }
    }
}

/// `l op r` with both sides' cells, when explaining.
fn joined<'s, T: Trace>(val: Val<'s>, l: Out<'s>, symbol: &str, r: Out<'s>) -> Out<'s> {
    if !T::EXPLAINS {
        return Out::value(val);
    }
    let mut used = l.used;
    used.extend(r.used);
    Out {
        val,
        text: format!("{} {symbol} {}", l.text, r.text),
        used,
        single: None,
    }
}
