//! What an expression in a rule may refer to: placeholders, captures, report facts, and cell
//! paths checked against the form's ids, each mistake at its place with a suggestion.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::expr::{self, Expr, Func, Kind, Path};
use crate::paths::{self, suggest};

/// Whether a check is a comparison, or `and`/`or` of checks with one (then a failed check has two
/// sides to show: `{lhs}`, `{rhs}`).
pub(super) fn has_comparison(e: &Expr) -> bool {
    match &e.kind {
        Kind::Binary(expr::BinOp::And | expr::BinOp::Or, a, b) => {
            has_comparison(a) || has_comparison(b)
        }
        Kind::Binary(op, ..) => op.is_comparison(),
        _ => false,
    }
}
/// What an expression may refer to.
pub(super) struct Ctx<'a> {
    pub(super) vars: &'a [(String, Vec<String>)],
    /// `None` outside narrative checks.
    pub(super) captures: Option<&'a BTreeSet<String>>,
}

pub(super) struct Invalid {
    pub(super) message: String,
    pub(super) span: Range<usize>,
    pub(super) help: Option<String>,
    /// Set when the problem is a capture name a pattern lacks.
    pub(super) capture: Option<String>,
}

pub(super) fn invalid(
    span: &Range<usize>,
    message: impl Into<String>,
    help: Option<String>,
) -> Invalid {
    Invalid {
        message: message.into(),
        span: span.clone(),
        help,
        capture: None,
    }
}

pub(super) fn validate(e: &Expr, ctx: &Ctx<'_>, in_sum: bool) -> Result<(), Invalid> {
    match &e.kind {
        Kind::Cell(p) => check_path(p, ctx, &e.span, in_sum, 3),
        Kind::Row(p) => {
            if !p.text.starts_with("applications.") {
                return Err(invalid(
                    &e.span,
                    "`total` takes rows of 表三 (`applications.<row>`)",
                    None,
                ));
            }
            check_path(p, ctx, &e.span, true, 2)
        }
        Kind::Capture(name) => match ctx.captures {
            Some(caps) if caps.contains(name) => Ok(()),
            Some(caps) if !caps.is_empty() => Err(Invalid {
                capture: Some(name.clone()),
                ..invalid(&e.span, format!("unknown name `{name}`"), None)
            }),
            _ => {
                let candidates: Vec<&str> = expr::VARS
                    .iter()
                    .map(|v| v.0)
                    .chain(ctx.captures.into_iter().flatten().map(String::as_str))
                    .collect();
                Err(invalid(
                    &e.span,
                    format!("unknown name `{name}`"),
                    suggest(name, candidates.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .or_else(|| {
                            Some(
                                "a cell is written `<table>.<row>.<column>`; facts are format, year, organisation, title, text"
                                    .into(),
                            )
                        }),
                ))
            }
        },
        Kind::Call(f, args) => {
            match f {
                Func::Present | Func::Blank | Func::Invalid
                    if !matches!(args.first().map(|a| &a.kind), Some(Kind::Cell(_))) =>
                {
                    return Err(invalid(
                        &e.span,
                        "`present`, `blank` and `invalid` take one cell path",
                        None,
                    ));
                }
                Func::SumNumbers | Func::CountNumbers
                    if !args
                        .iter()
                        .take(2)
                        .all(|a| matches!(a.kind, Kind::Capture(_))) =>
                {
                    return Err(invalid(
                        &e.span,
                        "`sum_numbers` and `count_numbers` take captures of the pattern",
                        Some("e.g. sum_numbers(parts, unit)".into()),
                    ));
                }
                _ => {}
            }
            let glob_ok = matches!(
                f,
                Func::Sum | Func::Total | Func::Present | Func::Blank | Func::Invalid
            );
            args.iter().try_for_each(|a| validate(a, ctx, glob_ok))
        }
        Kind::Matches(a, _) | Kind::Neg(a) | Kind::Not(a) => validate(a, ctx, false),
        Kind::Binary(_, a, b) => {
            validate(a, ctx, false)?;
            validate(b, ctx, false)
        }
        Kind::List(items) => items.iter().try_for_each(|a| validate(a, ctx, false)),
        Kind::Num(_) | Kind::Str(_) | Kind::Bool(_) | Kind::Var { .. } => Ok(()),
    }
}

pub(super) fn check_path(
    p: &Path,
    ctx: &Ctx<'_>,
    span: &Range<usize>,
    glob_ok: bool,
    parts: usize,
) -> Result<(), Invalid> {
    let prefix = if p.previous { "previous.".len() } else { 0 };
    if p.text.contains('*') && !glob_ok {
        return Err(invalid(
            span,
            "`*` (any row or column) is allowed only inside sum(…) and total(…)",
            None,
        ));
    }
    let segments: Vec<&str> = p.text.split('.').collect();
    if segments.len() != parts {
        return Err(invalid(
            span,
            if parts == 3 {
                format!("`{}` is not a cell: write `<table>.<row>.<column>`", p.text)
            } else {
                format!("`{}` is not a row: write `applications.<row>`", p.text)
            },
            None,
        ));
    }
    // Placeholders used, and every combination of their values.
    let mut used: Vec<&(String, Vec<String>)> = Vec::new();
    for seg in &segments {
        if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if let Some(v) = ctx.vars.iter().find(|v| v.0 == name) {
                used.push(v);
            } else {
                let at = prefix + p.text.find(seg).unwrap_or(0);
                return Err(invalid(
                    &(span.start + at..span.start + at + seg.len()),
                    format!("unknown placeholder `{seg}`"),
                    suggest(name, ctx.vars.iter().map(|v| v.0.as_str()))
                        .map(|s| format!("did you mean `{{{s}}}`?"))
                        .or_else(|| Some("placeholders come from `for_each`".into())),
                ));
            }
        } else if seg.contains('{') || seg.contains('}') {
            return Err(invalid(
                span,
                "a placeholder fills a whole part of a path: `{col}`",
                None,
            ));
        }
    }
    let mut combos: Vec<Vec<(&str, &str)>> = vec![Vec::new()];
    for (name, values) in used.iter().map(|v| (&v.0, &v.1)) {
        let mut next = Vec::new();
        for c in &combos {
            for v in values {
                let mut c2 = c.clone();
                c2.push((name.as_str(), v.as_str()));
                next.push(c2);
            }
        }
        combos = next;
    }
    for combo in combos {
        let concrete: Vec<String> = segments
            .iter()
            .map(|s| {
                combo
                    .iter()
                    .find(|(n, _)| s.len() > 2 && &s[1..s.len() - 1] == *n)
                    .map_or_else(|| (*s).to_owned(), |(_, v)| (*v).to_owned())
            })
            .collect();
        let refs: Vec<&str> = concrete.iter().map(String::as_str).collect();
        if let Err(pe) = paths::check_path(&refs) {
            // Point at the bad segment when it is written literally.
            let seg = segments.get(pe.segment).copied().unwrap_or("");
            let literal = !seg.starts_with('{');
            let offset: usize = segments.iter().take(pe.segment).map(|s| s.len() + 1).sum();
            let at = if literal {
                span.start + prefix + offset..span.start + prefix + offset + seg.len()
            } else {
                span.clone()
            };
            let message = if literal {
                pe.message
            } else {
                format!(
                    "{} (when `{}` is `{}`)",
                    pe.message,
                    seg,
                    refs.get(pe.segment).unwrap_or(&"")
                )
            };
            return Err(invalid(
                &at,
                message,
                pe.suggestion.map(|s| format!("did you mean `{s}`?")),
            ));
        }
    }
    Ok(())
}
