//! The functions of the check language: `sum`, `total`, `abs`/`min`/`max`, `percent`,
//! `present`/`blank`/`invalid`, `sum_numbers`/`count_numbers`.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::env::Env;
use super::value::{
    MAX_CELL_LABELS, Out, R, Stop, Trace, Used, Val, add, error, fmt_num, overflow, skip, text,
    zh_en,
};
use crate::breakdown;
use crate::expr::{Expr, Func, Kind, Path};
use crate::paths::{self, CellState, CellView};
use crate::pattern;
use crate::{DocumentRole, Lang};

impl Env<'_> {
    pub(super) fn call<'s, T: Trace>(&'s self, f: Func, args: &'s [Expr]) -> R<Out<'s>> {
        match f {
            Func::Sum => self.sum::<T>(args),
            Func::Total => self.total::<T>(args),
            Func::Abs | Func::Min | Func::Max => {
                let mut best: Option<(Decimal, u32)> = None;
                let mut used = Vec::new();
                for a in args {
                    let (n, s, o) = self.num::<T>(a)?;
                    used.extend(o.used);
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
                    text: text::<T>(|| fmt_num(n)),
                    used,
                    single: None,
                })
            }
            Func::Percent => {
                let arg = |i: usize| {
                    args.get(i)
                        .ok_or_else(|| error::<T>(|| "percent() takes two numbers".into()))
                };
                let (a, _, oa) = self.num::<T>(arg(0)?)?;
                let (b, _, ob) = self.num::<T>(arg(1)?)?;
                if b.is_zero() {
                    // A percentage of nothing is not a faulty rule: the report has no base.
                    return Err(skip::<T>(|| match self.lang {
                        Lang::En => "the base of the percentage is 0".to_owned(),
                        _ => "百分比的分母为 0，无法计算".to_owned(),
                    }));
                }
                let p = a
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .and_then(|x| x.checked_div(b))
                    .ok_or_else(overflow::<T>)?
                    .round_dp(4);
                let mut used = oa.used;
                used.extend(ob.used);
                Ok(Out {
                    val: Val::Num(p, 4),
                    text: text::<T>(|| format!("{}%", fmt_num(p.round_dp(2)))),
                    used,
                    single: None,
                })
            }
            Func::Present | Func::Blank | Func::Invalid => self.cell_states::<T>(f, args),
            Func::SumNumbers | Func::CountNumbers => self.numbers_in::<T>(f, args),
        }
    }

    /// `sum(…)`: numbers and cells added; a glob adds the cells it names in this report, and
    /// stops with the last reason one of them gives.
    fn sum<'s, T: Trace>(&'s self, args: &'s [Expr]) -> R<Out<'s>> {
        let mut total = Decimal::ZERO;
        let mut used = Vec::new();
        let mut terms = 0usize;
        let mut skipped = None;
        for a in args {
            if let Kind::Cell(p) = &a.kind
                && p.text.contains('*')
            {
                let (report, document) = self.doc::<T>(p.previous)?;
                let mut stop = None;
                self.glob_cells(report, p, |t, row, col, view| {
                    if stop.is_some() {
                        return;
                    }
                    match self.view::<T>(p.previous, report, document, [t, row, col], view) {
                        Ok(o) => {
                            let Val::Num(n, _) = o.val else { return };
                            match add::<T>(total, n) {
                                Ok(s) => total = s,
                                Err(e) => {
                                    stop = Some(e);
                                    return;
                                }
                            }
                            terms += 1;
                            if !n.is_zero() {
                                used.extend(o.used);
                            }
                        }
                        Err(Stop::Skip(reason)) => skipped = Some(reason),
                        Err(e) => stop = Some(e),
                    }
                });
                if let Some(e) = stop {
                    return Err(e);
                }
                continue;
            }
            let (n, _, o) = self.num::<T>(a)?;
            total = add::<T>(total, n)?;
            terms += 1;
            used.extend(o.used);
        }
        if let Some(reason) = skipped {
            return Err(Stop::Skip(reason));
        }
        if terms == 0 {
            return Err(skip::<T>(|| {
                zh_en(
                    self.lang,
                    "求和的单元格均未找到",
                    "none of the cells summed was found",
                )
            }));
        }
        Ok(Out {
            val: Val::Num(total, 0),
            text: text::<T>(|| fmt_num(total)),
            used,
            single: None,
        })
    }

    /// `total(row, …)`: the rows' totals added (see [`Env::row_total`]).
    fn total<'s, T: Trace>(&'s self, args: &'s [Expr]) -> R<Out<'s>> {
        let mut total = Decimal::ZERO;
        let mut used = Vec::new();
        let mut rows = 0;
        for a in args {
            let Kind::Row(p) = &a.kind else {
                return Err(error::<T>(|| "total() takes rows".into()));
            };
            let (report, _) = self.doc::<T>(p.previous)?;
            let row_glob = self.row_glob(p);
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
                    return Err(skip::<T>(|| match self.lang {
                        Lang::En => {
                            format!("表三 {} was not found", paths::row_label("applications", r))
                        }
                        _ => format!("未找到 表三 / {}", paths::row_label("applications", r)),
                    }));
                }
                rows += 1;
                let (n, u) = self.row_total::<T>(p.previous, r)?;
                total = add::<T>(total, n)?;
                if !n.is_zero() {
                    used.extend(u);
                }
            }
        }
        if rows == 0 {
            return Err(skip::<T>(|| {
                zh_en(
                    self.lang,
                    "表三中未找到相应的行",
                    "none of the rows was found in 表三",
                )
            }));
        }
        Ok(Out {
            val: Val::Num(total, 0),
            text: text::<T>(|| fmt_num(total)),
            used,
            single: None,
        })
    }

    /// The row part of a row path `table.row` (everything after the first dot), placeholders
    /// filled; borrowed in the common case.
    fn row_glob<'s>(&'s self, p: &'s Path) -> Cow<'s, str> {
        if p.text.bytes().filter(|&b| b == b'.').count() <= 1 {
            let [_, row, _] = self.parts(p);
            return row;
        }
        let text = self.substitute(&p.text);
        Cow::Owned(text.split_once('.').map_or("", |x| x.1).to_owned())
    }

    /// `present(…)` / `blank(…)` / `invalid(…)`: whether the cells a path names are all
    /// present, or any blank, or any not a number; a finding labels the cells that make it so.
    fn cell_states<'s, T: Trace>(&'s self, f: Func, args: &'s [Expr]) -> R<Out<'s>> {
        let Some(Kind::Cell(p)) = args.first().map(|a| &a.kind) else {
            return Err(error::<T>(|| {
                "present()/blank()/invalid() take a cell".into()
            }));
        };
        let (report, document) = self.doc::<T>(p.previous)?;
        let prefix = if p.previous { "previous." } else { "" };
        let mut used = Vec::new();
        let mut hits = 0usize;
        let mut cells = 0usize;
        let mut single = None;
        let mut visit = |t: &str, row: &str, col: &str, view: Option<CellView<'_>>| {
            cells += 1;
            if T::EXPLAINS && cells == 1 {
                single = Some(format!("{prefix}{t}.{row}.{col}"));
            }
            let state = view.map_or(CellState::Missing, CellView::state);
            // blank(): the blank cells; invalid(): cells whose text is no value;
            // present(): the cells without a value.
            let hit = match f {
                Func::Present => state != CellState::Present,
                Func::Invalid => state == CellState::Invalid,
                _ => state == CellState::Blank,
            };
            if !hit {
                return;
            }
            hits += 1;
            if !T::EXPLAINS {
                return;
            }
            self.note_uncertain(report, p.previous, t, row, col);
            // A table left blank throughout would otherwise draw 175 labels; the count is in
            // `{lhs}`, the first few cells show where.
            if used.len() >= MAX_CELL_LABELS {
                return;
            }
            if let Some(v) = view
                && let Some(span) = v.span()
            {
                used.push(Used {
                    span,
                    document,
                    name: self.lbl(p.previous, paths::short_cell_label(t, row, col)),
                    value: v
                        .raw()
                        .filter(|r| !r.is_empty())
                        .map_or_else(|| zh_en(self.lang, "空白", "empty"), str::to_owned),
                    key: format!("{prefix}{t}.{row}.{col}"),
                });
            }
        };
        if p.text.contains('*') {
            self.glob_cells(report, p, |t, row, col, view| {
                visit(t, row, col, Some(view));
            });
        } else if let Some(id) = p.cell_at(self.binding_index) {
            visit(id.table().id(), id.row(), id.column(), report.cell(id));
        } else {
            let [t, r, c] = self.parts(p);
            visit(&t, &r, &c, paths::cell(report, &t, &r, &c));
        }
        let val = if f == Func::Present {
            hits == 0 && cells > 0
        } else {
            hits > 0
        };
        Ok(Out {
            val: Val::Bool(val),
            text: text::<T>(|| hits.to_string()),
            used,
            single: single.filter(|_| cells == 1),
        })
    }

    /// A row's total: its 总计 cell, or when that is blank or missing, the sum of its applicant
    /// columns (blank counted as 0).
    pub(super) fn row_total<T: Trace>(&self, previous: bool, row: &str) -> R<(Decimal, Vec<Used>)> {
        let (report, document) = self.doc::<T>(previous)?;
        let written = paths::cell(report, "applications", row, "total")
            .is_some_and(|c| c.state() == CellState::Present);
        if written {
            let o = self.cell::<T>(previous, "applications", row, "total")?;
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
        // Whether anything is written in the row (a value, or a blank written as more than
        // "空" where it shows), and whether a non-zero value with a place was seen.
        let mut any = false;
        let mut labelled_non_zero = false;
        for c in gongkai_core::ApplicantCells::IDS
            .iter()
            .filter(|c| **c != "total")
        {
            let Some(view) = paths::cell(report, "applications", row, c) else {
                continue;
            };
            if let Ok(o) =
                zero.view::<T>(previous, report, document, ["applications", row, c], view)
                && let Val::Num(n, _) = o.val
            {
                let labelled = view.span().is_some();
                let shown = match view.state() {
                    CellState::Present => true,
                    _ => view.raw().is_some_and(|r| !r.is_empty() && r != "空"),
                };
                any |= (labelled && shown) || !n.is_zero();
                labelled_non_zero |= labelled && !n.is_zero();
                sum = add::<T>(sum, n)?;
                if !n.is_zero() {
                    used.extend(o.used);
                }
            }
        }
        if !any && sum.is_zero() && !labelled_non_zero {
            // Nothing written at all in the row: treat as 0 only if blanks count as zero.
            if !self.blank_zero {
                return Err(skip::<T>(|| match self.lang {
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

    pub(super) fn numbers_in<'s, T: Trace>(&'s self, f: Func, args: &'s [Expr]) -> R<Out<'s>> {
        let caps = self.captures.ok_or_else(|| {
            error::<T>(|| "sum_numbers() is only known in narrative checks".into())
        })?;
        let name = |e: &Expr| match &e.kind {
            Kind::Capture(n) => Some(n.clone()),
            _ => None,
        };
        let Some((written, range)) = args
            .first()
            .and_then(name)
            .and_then(|n| caps.values.get(&n))
        else {
            return Err(skip::<T>(|| "nothing captured".into()));
        };
        let unit = args
            .get(1)
            .and_then(name)
            .and_then(|n| caps.values.get(&n))
            .map(|(u, _)| u.clone());
        let total = match args.get(2) {
            Some(e) => match self.eval::<T>(e)?.val {
                Val::Num(n, _) => Some(n),
                _ => None,
            },
            None => None,
        };
        let mut groups = vec![(written.clone(), breakdown::items(written, range.start))];
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
            sum = add::<T>(sum, n.value)?;
            if !T::EXPLAINS {
                continue;
            }
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
                text: text::<T>(|| n.to_string()),
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
            text: text::<T>(|| {
                if texts.is_empty() {
                    "0".into()
                } else {
                    texts.join(" + ")
                }
            }),
            used,
            single: None,
        })
    }
}
