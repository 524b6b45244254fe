//! The interpreter: an expression's value, with the text and cells that explain it.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use rust_decimal::Decimal;

use super::env::Env;
use super::value::{
    Out, R, Stop, Used, Val, add, fmt_num, overflow, plain, scale_of, truthy, zh_en,
};
use crate::DocumentRole;
use crate::expr::{BinOp, Expr, Kind, Var};
use crate::pattern;

impl Env<'_> {
    pub(crate) fn eval(&self, e: &Expr) -> R<Out> {
        match &e.kind {
            Kind::Num(n) => Ok(Out {
                val: Val::Num(*n, n.scale()),
                text: fmt_num(*n),
                used: Vec::new(),
                single: None,
            }),
            Kind::Str(s) => Ok(plain(Val::Str(s.clone()), format!("\"{s}\""))),
            Kind::Bool(b) => Ok(plain(Val::Bool(*b), b.to_string())),
            Kind::Cell(p) => {
                let (t, r, c) = Self::split3(&self.substitute(&p.text));
                self.cell(p.previous, &t, &r, &c)
            }
            Kind::Row(_) => Err(Stop::Error("a row is not a value".into())),
            Kind::Var { previous, var } => self.var(*previous, *var),
            Kind::Capture(name) => self.capture(name),
            Kind::Call(f, args) => self.call(*f, args),
            Kind::Matches(subject, re) => {
                let s = self.eval(subject)?;
                let Val::Str(text) = &s.val else {
                    return Err(Stop::Error("matches() needs text".into()));
                };
                Ok(Out {
                    val: Val::Bool(re.is_match(text)),
                    text: s.text,
                    used: s.used,
                    single: None,
                })
            }
            Kind::Neg(a) => {
                let a = self.eval(a)?;
                let Val::Num(n, s) = a.val else {
                    return Err(Stop::Error("`-` needs a number".into()));
                };
                Ok(Out {
                    val: Val::Num(-n, s),
                    text: format!("−{}", a.text),
                    used: a.used,
                    single: None,
                })
            }
            Kind::Not(a) => {
                let a = self.eval(a)?;
                let b = truthy(&a.val)?;
                Ok(Out {
                    val: Val::Bool(!b),
                    text: format!("not {}", a.text),
                    used: a.used,
                    single: None,
                })
            }
            Kind::List(items) => {
                let mut vals = Vec::new();
                let mut texts = Vec::new();
                let mut used = Vec::new();
                for i in items {
                    let o = self.eval(i)?;
                    vals.push(o.val);
                    texts.push(o.text);
                    used.extend(o.used);
                }
                Ok(Out {
                    val: Val::List(vals),
                    text: texts.join(&zh_en(self.lang, " 或 ", " or ")),
                    used,
                    single: None,
                })
            }
            Kind::Binary(op, a, b) => self.binary(*op, a, b),
        }
    }

    pub(super) fn var(&self, previous: bool, var: Var) -> R<Out> {
        let (report, document) = self.doc(previous)?;
        let m = &report.metadata;
        let missing = |what: &str, en: &str| {
            Stop::Skip(zh_en(
                self.lang,
                &format!("未识别{what}"),
                &format!("{en} not recognised"),
            ))
        };
        Ok(match var {
            Var::Format => {
                let f = match m.format {
                    gongkai_core::FormatVersion::F2021 => "2021",
                    gongkai_core::FormatVersion::F2019 => "2019",
                    gongkai_core::FormatVersion::Unknown => "unknown",
                };
                plain(Val::Str(f.into()), f.into())
            }
            Var::Year => {
                let y = m
                    .year
                    .as_ref()
                    .ok_or_else(|| missing("报告年度", "the report year"))?;
                Out {
                    val: Val::Num(Decimal::from(y.value), 0),
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
            Var::Organisation => {
                let o = m.organisation.as_ref().map_or("", |o| o.value.as_str());
                plain(Val::Str(o.to_owned()), o.to_owned())
            }
            Var::Title => {
                let t = m.title.as_ref().map_or("", |t| t.value.as_str());
                plain(Val::Str(t.to_owned()), t.to_owned())
            }
            Var::Text => {
                let all: Vec<&str> = report.sections.iter().map(|s| s.text.as_str()).collect();
                plain(Val::Str(all.join("\n")), String::new())
            }
        })
    }

    pub(super) fn capture(&self, name: &str) -> R<Out> {
        let caps = self
            .captures
            .ok_or_else(|| Stop::Error(format!("`{name}` is only known in narrative checks")))?;
        let Some((text, range)) = caps.values.get(name) else {
            return Err(Stop::Skip(format!("`{name}` not captured")));
        };
        let offset = caps.compact.original(range.start);
        let span = pattern::span_at(caps.section, caps.compact, offset);
        let used: Vec<Used> = span
            .map(|span| Used {
                span,
                document: DocumentRole::Current,
                name: zh_en(self.lang, "正文", "text"),
                value: text.clone(),
                key: format!("capture:{name}"),
            })
            .into_iter()
            .collect();
        let val = match text.parse::<Decimal>() {
            Ok(d) => Val::Num(d, scale_of(text)),
            Err(_) => Val::Str(text.clone()),
        };
        Ok(Out {
            val,
            text: text.clone(),
            used,
            single: Some(format!("capture:{name}")),
        })
    }

    pub(super) fn num(&self, e: &Expr) -> R<(Decimal, u32, Out)> {
        let o = self.eval(e)?;
        match o.val {
            Val::Num(n, s) => Ok((n, s, o)),
            _ => Err(Stop::Error(format!("`{}` is not a number", o.text))),
        }
    }

    pub(super) fn binary(&self, op: BinOp, a: &Expr, b: &Expr) -> R<Out> {
        match op {
            BinOp::And | BinOp::Or => {
                let l = self.eval(a)?;
                let lb = truthy(&l.val)?;
                if (op == BinOp::And && !lb) || (op == BinOp::Or && lb) {
                    return Ok(Out {
                        val: Val::Bool(lb),
                        ..l
                    });
                }
                let r = self.eval(b)?;
                let rb = truthy(&r.val)?;
                let mut used = l.used;
                used.extend(r.used);
                Ok(Out {
                    val: Val::Bool(rb),
                    text: format!("{} {} {}", l.text, op.symbol(), r.text),
                    used,
                    single: None,
                })
            }
            _ if op.is_comparison() => {
                let l = self.eval(a)?;
                let r = self.eval(b)?;
                let holds = self.compare(op, &l.val, &r.val)?;
                let mut used = l.used;
                used.extend(r.used);
                Ok(Out {
                    val: Val::Bool(holds),
                    text: format!("{} {} {}", l.text, op.symbol(), r.text),
                    used,
                    single: None,
                })
            }
            _ => {
                let (x, sx, l) = self.num(a)?;
                let (y, sy, r) = self.num(b)?;
                let v = match op {
                    BinOp::Add => add(x, y)?,
                    BinOp::Sub => x.checked_sub(y).ok_or_else(overflow)?,
                    BinOp::Mul => x.checked_mul(y).ok_or_else(overflow)?,
                    _ => {
                        if y.is_zero() {
                            return Err(Stop::Error(zh_en(
                                self.lang,
                                "除数为零",
                                "division by zero",
                            )));
                        }
                        x.checked_div(y).ok_or_else(overflow)?
                    }
                };
                // Parentheses only where the written order would otherwise mislead:
                // a sum under × or ÷, or subtracted.
                let wrap = |o: &Out, e: &Expr, right: bool| {
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
                    val: Val::Num(v, sx.max(sy)),
                    text,
                    used,
                    single: None,
                })
            }
        }
    }

    pub(crate) fn compare(&self, op: BinOp, l: &Val, r: &Val) -> R<bool> {
        if op == BinOp::In {
            let Val::List(items) = r else {
                return Err(Stop::Error("`in` needs a list: x in [a, b]".into()));
            };
            for i in items {
                if self.compare(BinOp::Eq, l, i)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        match (l, r) {
            (Val::Num(x, sx), Val::Num(y, _)) => {
                let diff = (*x - *y).abs();
                Ok(match op {
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
            (Val::Str(x), Val::Str(y)) => Ok(match op {
                BinOp::Eq | BinOp::Approx => x == y,
                BinOp::Ne => x != y,
                _ => {
                    return Err(Stop::Error(
                        "text can only be compared with == and !=".into(),
                    ));
                }
            }),
            (Val::Bool(x), Val::Bool(y)) => Ok(match op {
                BinOp::Eq => x == y,
                BinOp::Ne => x != y,
                _ => {
                    return Err(Stop::Error(
                        "true/false can only be compared with == and !=".into(),
                    ));
                }
            }),
            _ => Err(Stop::Error("comparing values of different kinds".into())),
        }
    }
}
