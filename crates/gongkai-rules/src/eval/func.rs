//! The functions of the check language: `sum`, `total`, `abs`/`min`/`max`, `percent`,
//! `present`/`blank`/`invalid`, `sum_numbers`/`count_numbers`.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use rust_decimal::Decimal;

use super::env::Env;
use super::value::{MAX_CELL_LABELS, Out, R, Stop, Used, Val, add, fmt_num, zh_en};
use crate::breakdown;
use crate::expr::{Expr, Func, Kind};
use crate::paths::{self, CellState};
use crate::pattern;
use crate::{DocumentRole, Lang};

impl Env<'_> {
    pub(super) fn call(&self, f: Func, args: &[Expr]) -> R<Out> {
        match f {
            Func::Sum => {
                let mut total = Decimal::ZERO;
                let mut used = Vec::new();
                let mut terms = 0usize;
                let mut skipped = None;
                for a in args {
                    if let Kind::Cell(p) = &a.kind
                        && p.text.contains('*')
                    {
                        for (t, r, c) in self.expand(p)? {
                            match self.cell(p.previous, &t, &r, &c) {
                                Ok(o) => {
                                    let Val::Num(n, _) = o.val else { continue };
                                    total = add(total, n)?;
                                    terms += 1;
                                    used.extend(o.used.into_iter().filter(|_| !n.is_zero()));
                                }
                                Err(Stop::Skip(reason)) => skipped = Some(reason),
                                Err(e) => return Err(e),
                            }
                        }
                        continue;
                    }
                    let (n, _, o) = self.num(a)?;
                    total = add(total, n)?;
                    terms += 1;
                    used.extend(o.used);
                }
                if let Some(reason) = skipped {
                    return Err(Stop::Skip(reason));
                }
                if terms == 0 {
                    return Err(Stop::Skip(zh_en(
                        self.lang,
                        "求和的单元格均未找到",
                        "none of the cells summed was found",
                    )));
                }
                Ok(Out {
                    val: Val::Num(total, 0),
                    text: fmt_num(total),
                    used,
                    single: None,
                })
            }
            Func::Total => {
                let mut total = Decimal::ZERO;
                let mut used = Vec::new();
                let mut rows = 0;
                for a in args {
                    let Kind::Row(p) = &a.kind else {
                        return Err(Stop::Error("total() takes rows".into()));
                    };
                    let (report, _) = self.doc(p.previous)?;
                    let text = self.substitute(&p.text);
                    let row_glob = text.split_once('.').map_or("", |x| x.1).to_owned();
                    for r in gongkai_core::Applications::IDS {
                        if !paths::glob_match(&row_glob, r) {
                            continue;
                        }
                        let Some(row) = report.applications.get(r) else {
                            continue;
                        };
                        if !row.is_found() {
                            if row_glob.contains('*') {
                                continue;
                            }
                            return Err(Stop::Skip(match self.lang {
                                Lang::En => format!(
                                    "表三 {} was not found",
                                    paths::row_label("applications", r)
                                ),
                                _ => {
                                    format!("未找到 表三 / {}", paths::row_label("applications", r))
                                }
                            }));
                        }
                        rows += 1;
                        let (n, u) = self.row_total(p.previous, r)?;
                        total = add(total, n)?;
                        if !n.is_zero() {
                            used.extend(u);
                        }
                    }
                }
                if rows == 0 {
                    return Err(Stop::Skip(zh_en(
                        self.lang,
                        "表三中未找到相应的行",
                        "none of the rows was found in 表三",
                    )));
                }
                Ok(Out {
                    val: Val::Num(total, 0),
                    text: fmt_num(total),
                    used,
                    single: None,
                })
            }
            Func::Abs | Func::Min | Func::Max => {
                let mut best: Option<(Decimal, u32)> = None;
                let mut used = Vec::new();
                let mut texts = Vec::new();
                for a in args {
                    let (n, s, o) = self.num(a)?;
                    used.extend(o.used);
                    texts.push(o.text);
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
                Ok(Out {
                    val: Val::Num(n, s),
                    text: fmt_num(n),
                    used,
                    single: None,
                })
            }
            Func::Percent => {
                let (a, _, oa) = self.num(&args[0])?;
                let (b, _, ob) = self.num(&args[1])?;
                if b.is_zero() {
                    // A percentage of nothing is not a faulty rule: the report has no base.
                    return Err(Stop::Skip(match self.lang {
                        Lang::En => "the base of the percentage is 0".to_owned(),
                        _ => "百分比的分母为 0，无法计算".to_owned(),
                    }));
                }
                let p = a
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .and_then(|x| x.checked_div(b))
                    .ok_or_else(|| Stop::Error("overflow".into()))?
                    .round_dp(4);
                let mut used = oa.used;
                used.extend(ob.used);
                Ok(Out {
                    val: Val::Num(p, 4),
                    text: format!("{}%", fmt_num(p.round_dp(2))),
                    used,
                    single: None,
                })
            }
            Func::Present | Func::Blank | Func::Invalid => {
                let Some(Kind::Cell(p)) = args.first().map(|a| &a.kind) else {
                    return Err(Stop::Error(
                        "present()/blank()/invalid() take a cell".into(),
                    ));
                };
                let (report, document) = self.doc(p.previous)?;
                let cells = if p.text.contains('*') {
                    self.expand(p)?
                } else {
                    vec![Self::split3(&self.substitute(&p.text))]
                };
                let prefix = if p.previous { "previous." } else { "" };
                let mut used = Vec::new();
                let mut hits = 0;
                for (t, r, c) in &cells {
                    let view = paths::cell(report, t, r, c);
                    let state = view.map_or(CellState::Missing, paths::CellView::state);
                    // blank(): the blank cells; invalid(): cells whose text is no value;
                    // present(): the cells without a value.
                    let hit = match f {
                        Func::Present => state != CellState::Present,
                        Func::Invalid => state == CellState::Invalid,
                        _ => state == CellState::Blank,
                    };
                    if !hit {
                        continue;
                    }
                    self.note_uncertain(report, p.previous, t, r, c);
                    hits += 1;
                    // A table left blank throughout would otherwise draw 175 labels; the count
                    // is in `{lhs}`, the first few cells show where.
                    if used.len() >= MAX_CELL_LABELS {
                        continue;
                    }
                    if let Some(v) = view
                        && let Some(span) = v.span()
                    {
                        used.push(Used {
                            span,
                            document,
                            name: self.lbl(p.previous, paths::short_cell_label(t, r, c)),
                            value: v
                                .raw()
                                .filter(|r| !r.is_empty())
                                .unwrap_or_else(|| zh_en(self.lang, "空白", "empty")),
                            key: format!("{prefix}{t}.{r}.{c}"),
                        });
                    }
                }
                let val = if f == Func::Present {
                    hits == 0 && !cells.is_empty()
                } else {
                    hits > 0
                };
                let single = (cells.len() == 1).then(|| {
                    let (t, r, c) = &cells[0];
                    format!("{prefix}{t}.{r}.{c}")
                });
                Ok(Out {
                    val: Val::Bool(val),
                    text: hits.to_string(),
                    used,
                    single,
                })
            }
            Func::SumNumbers | Func::CountNumbers => self.numbers_in(f, args),
        }
    }

    /// A row's total: its 总计 cell, or when that is blank or missing, the sum of its applicant
    /// columns (blank counted as 0).
    pub(super) fn row_total(&self, previous: bool, row: &str) -> R<(Decimal, Vec<Used>)> {
        let (report, _) = self.doc(previous)?;
        let written = paths::cell(report, "applications", row, "total")
            .is_some_and(|c| c.state() == CellState::Present);
        if written {
            let o = self.cell(previous, "applications", row, "total")?;
            if let Val::Num(n, _) = o.val {
                return Ok((n, o.used));
            }
        }
        let zero = Env {
            blank_zero: true,
            ..*self
        };
        let mut sum = Decimal::ZERO;
        let mut used = Vec::new();
        let mut any = false;
        for c in gongkai_core::ApplicantCells::IDS
            .iter()
            .filter(|c| **c != "total")
        {
            if let Ok(o) = zero.cell(previous, "applications", row, c)
                && let Val::Num(n, _) = o.val
            {
                any |= o.used.iter().any(|u| u.value != "空") || !n.is_zero();
                sum = add(sum, n)?;
                if !n.is_zero() {
                    used.extend(o.used);
                }
            }
        }
        if !any && sum.is_zero() && used.is_empty() {
            // Nothing written at all in the row: treat as 0 only if blanks count as zero.
            if !self.blank_zero {
                return Err(Stop::Skip(match self.lang {
                    Lang::En => format!(
                        "表三 {} has no values",
                        paths::row_label("applications", row)
                    ),
                    _ => format!("表三 / {} 没有数值", paths::row_label("applications", row)),
                }));
            }
        }
        Ok((sum, used))
    }

    /// `sum_numbers(parts, unit[, total])`: the numbers written in a capture, in the unit of
    /// another capture when any is written in it, otherwise in any unit that counts things.
    /// With the stated total, the list may continue after the capture across "；", and the
    /// reading is chosen by [`breakdown::choose`].
    pub(super) fn numbers_in(&self, f: Func, args: &[Expr]) -> R<Out> {
        let caps = self
            .captures
            .ok_or_else(|| Stop::Error("sum_numbers() is only known in narrative checks".into()))?;
        let name = |e: &Expr| match &e.kind {
            Kind::Capture(n) => Some(n.clone()),
            _ => None,
        };
        let Some((text, range)) = args
            .first()
            .and_then(name)
            .and_then(|n| caps.values.get(&n))
        else {
            return Err(Stop::Skip("nothing captured".into()));
        };
        let unit = args
            .get(1)
            .and_then(name)
            .and_then(|n| caps.values.get(&n))
            .map(|(u, _)| u.clone());
        let total = match args.get(2) {
            Some(e) => match self.eval(e)?.val {
                Val::Num(n, _) => Some(n),
                _ => None,
            },
            None => None,
        };
        let mut groups = vec![(text.clone(), breakdown::items(text, range.start))];
        if total.is_some() {
            let compact = &caps.compact.text;
            for r in breakdown::continuation(compact, range.end) {
                let t = &compact[r.clone()];
                groups.push((t.to_owned(), breakdown::items(t, r.start)));
            }
        }
        let (last, open) = breakdown::choose(&groups, unit.as_deref(), total);
        let found: Vec<breakdown::Item> = groups
            .into_iter()
            .take(last + 1)
            .flat_map(|g| g.1)
            .collect();
        let parts = breakdown::parts(&found, unit.as_deref());
        let mut sum = Decimal::ZERO;
        let mut used = Vec::new();
        let mut texts = Vec::new();
        for n in &parts {
            sum = add(sum, n.value)?;
            texts.push(n.raw.clone());
            let offset = caps.compact.original(n.at);
            if let Some(span) = pattern::span_at(caps.section, caps.compact, offset) {
                used.push(Used {
                    span,
                    document: DocumentRole::Current,
                    name: zh_en(self.lang, "其中", "of which"),
                    value: format!("{}{}", n.raw, n.unit),
                    key: format!("part:{}", n.at),
                });
            }
        }
        if f == Func::CountNumbers {
            let n = Decimal::from(parts.len());
            return Ok(Out {
                val: Val::Num(n, 0),
                text: n.to_string(),
                used: Vec::new(),
                single: None,
            });
        }
        // An open list ("…等") whose items add up to less than the total agrees with it.
        let val = match (open, total) {
            (true, Some(t)) => t,
            _ => sum,
        };
        Ok(Out {
            val: Val::Num(val, 0),
            text: if texts.is_empty() {
                "0".into()
            } else {
                texts.join(" + ")
            },
            used,
            single: None,
        })
    }
}
