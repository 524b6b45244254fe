//! The check language's parser: tokens to an [`Expr`], checked as it goes.

use std::ops::Range;

use super::lex::{Lexer, Tok};
use super::{BinOp, Expr, FUNCS, Func, Kind, MAX_DEPTH, MAX_LEN, Path, SyntaxError, VARS};
use crate::limits::RuleLimits;

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
