//! Evaluating a loaded rule on a report.
//!
//! Arithmetic is exact: counts (i64) and amounts (Decimal) are both carried as
//! [`rust_decimal::Decimal`], which holds every i64 exactly; overflow and division by zero stop
//! the rule with [`Outcome::Error`] rather than panic or wrap. A cell that is missing, blank or
//! invalid stops the iteration with a reason ([`Outcome::Skipped`]), so a rule that could not
//! look never reports a pass.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use gongkai_core::{Report, Section, SectionId, Span};
use rust_decimal::Decimal;

use crate::breakdown;
use crate::expr::{BinOp, Expr, Func, Kind, Path, Var};
use crate::file::IssueKindName;
use crate::paths::{self, CellState};
use crate::pattern::{self, Compact};
use crate::phrase::{self, Reading};
use crate::quick::Quick;
use crate::rule::{Check, Iter, Msg, Rule};
use crate::{DocumentRole, Finding, Label, Lang, Outcome, Severity};

/// A value during evaluation.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    /// A number and the number of decimals it was written with (for `~=`).
    Num(Decimal, u32),
    Bool(bool),
    Str(String),
    List(Vec<Val>),
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

#[derive(Debug, Clone)]
pub(crate) struct Out {
    pub val: Val,
    /// The expression with values substituted: "28 + 0".
    pub text: String,
    pub used: Vec<Used>,
    /// Set when the expression is a single cell or capture (its key).
    pub single: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) enum Stop {
    Skip(String),
    Error(String),
}

type R<T> = Result<T, Stop>;

/// A narrative match: its captures and where it is.
pub(crate) struct Captures<'a> {
    pub section: &'a Section,
    pub compact: &'a Compact,
    pub values: BTreeMap<String, (String, std::ops::Range<usize>)>,
    pub quote: String,
    /// Start of the match in the section text.
    pub match_offset: usize,
}

pub(crate) struct Env<'a> {
    pub report: &'a Report,
    pub previous: Option<&'a Report>,
    pub binding: &'a [(&'a str, &'a str)],
    /// Whether no value of `binding` holds a dot or a brace: then a placeholder that is a whole
    /// part of a path is filled by its value alone (see [`crate::quick`]).
    pub plain_binding: bool,
    pub captures: Option<&'a Captures<'a>>,
    pub blank_zero: bool,
    pub tolerance: Option<Decimal>,
    pub lang: Lang,
    /// The first uncertain cell read (and whether it is of the previous report), so that a
    /// finding resting on it is demoted: see [`gongkai_core::Uncertain`].
    pub uncertain: &'a std::cell::RefCell<Option<(bool, gongkai_core::Uncertain)>>,
}

/// The most cells `blank(…)` / `invalid(…)` / `present(…)` label in one finding.
const MAX_CELL_LABELS: usize = 12;

fn fmt_num(d: Decimal) -> String {
    d.normalize().to_string()
}

pub(crate) fn scale_of(raw: &str) -> u32 {
    raw.bytes().position(|b| b == b'.').map_or(0, |dot| {
        let digits = raw.bytes().skip(dot + 1).take_while(u8::is_ascii_digit);
        u32::try_from(digits.count()).unwrap_or(0)
    })
}

fn zh_en(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::En => en.to_owned(),
        _ => zh.to_owned(),
    }
}

impl Env<'_> {
    fn substitute(&self, text: &str) -> String {
        let mut s = text.to_owned();
        for (name, value) in self.binding {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    fn doc(&self, previous: bool) -> R<(&Report, DocumentRole)> {
        if previous {
            self.previous
                .map(|p| (p, DocumentRole::Previous))
                .ok_or_else(|| {
                    Stop::Skip(zh_en(
                        self.lang,
                        "未提供上年度报告",
                        "no previous report given",
                    ))
                })
        } else {
            Ok((self.report, DocumentRole::Current))
        }
    }

    fn lbl(&self, previous: bool, label: String) -> String {
        if previous {
            format!("{}{label}", zh_en(self.lang, "上年 ", "last year: "))
        } else {
            label
        }
    }

    /// Remembers the first uncertain cell read (a finding resting on it is then demoted).
    fn note_uncertain(&self, report: &Report, previous: bool, table: &str, row: &str, col: &str) {
        if report.uncertain.is_empty() {
            return;
        }
        let mut seen = self.uncertain.borrow_mut();
        if seen.is_none()
            && let Some(u) = report.uncertainty(table, row, col)
        {
            *seen = Some((previous, u.clone()));
        }
    }

    /// One concrete cell.
    fn cell(&self, previous: bool, table: &str, row: &str, col: &str) -> R<Out> {
        let (report, document) = self.doc(previous)?;
        // The labels are built only where they are used: the full name in a reason to skip,
        // the key and the short name for a value.
        let full = || self.lbl(previous, paths::cell_label(table, row, col));
        let Some(view) = paths::cell(report, table, row, col) else {
            let full = full();
            return Err(Stop::Skip(match self.lang {
                Lang::En => format!("{full}: not in this report's format"),
                _ => format!("{full}：不属于本报告所用的格式"),
            }));
        };
        self.note_uncertain(report, previous, table, row, col);
        let key = || {
            format!(
                "{}{table}.{row}.{col}",
                if previous { "previous." } else { "" }
            )
        };
        let name = || self.lbl(previous, paths::short_cell_label(table, row, col));
        match view.state() {
            CellState::Present => {
                let (key, name) = (key(), name());
                let value = view.value().unwrap_or_default();
                let raw = view.raw().unwrap_or_default();
                let used = view
                    .span()
                    .map(|span| Used {
                        span,
                        document,
                        name,
                        value: fmt_num(value),
                        key: key.clone(),
                    })
                    .into_iter()
                    .collect();
                Ok(Out {
                    val: Val::Num(value, scale_of(&raw)),
                    text: fmt_num(value),
                    used,
                    single: Some(key),
                })
            }
            CellState::Blank if self.blank_zero => {
                let (key, name) = (key(), name());
                let used = view
                    .span()
                    .map(|span| Used {
                        span,
                        document,
                        name,
                        value: view
                            .raw()
                            .filter(|r| !r.is_empty())
                            .unwrap_or_else(|| "空".into()),
                        key: key.clone(),
                    })
                    .into_iter()
                    .collect();
                Ok(Out {
                    val: Val::Num(Decimal::ZERO, 0),
                    text: "0".into(),
                    used,
                    single: Some(key),
                })
            }
            CellState::Blank => Err(Stop::Skip(match (self.lang, full()) {
                (Lang::En, full) => format!("{full} is blank"),
                (_, full) => format!("{full} 为空白"),
            })),
            CellState::Missing => Err(Stop::Skip(match (self.lang, full()) {
                (Lang::En, full) => format!("{full} was not found"),
                (_, full) => format!("未找到 {full}"),
            })),
            CellState::Invalid => Err(Stop::Skip(match (self.lang, full()) {
                (Lang::En, full) => {
                    format!("{full} is not a number: {}", view.raw().unwrap_or_default())
                }
                (_, full) => format!("{full} 不是有效数值：{}", view.raw().unwrap_or_default()),
            })),
        }
    }

    fn split3(text: &str) -> (String, String, String) {
        let mut it = text.splitn(3, '.');
        (
            it.next().unwrap_or("").to_owned(),
            it.next().unwrap_or("").to_owned(),
            it.next().unwrap_or("").to_owned(),
        )
    }

    /// Expands a path with globs into the concrete cells of this report.
    fn expand(&self, p: &Path) -> R<Vec<(String, String, String)>> {
        let (report, _) = self.doc(p.previous)?;
        let (table, row, col) = Self::split3(&self.substitute(&p.text));
        let mut out = Vec::new();
        for r in paths::rows_in_format(&table, report.metadata.format) {
            if !paths::glob_match(&row, r) {
                continue;
            }
            // Rows of 表三 not in the report (e.g. the three （六） rows when the single-row
            // （六）其他处理 is used) are not part of a glob.
            if table == "applications"
                && row.contains('*')
                && !report
                    .applications
                    .get(r)
                    .is_some_and(gongkai_core::ApplicantRow::is_found)
            {
                continue;
            }
            for c in paths::columns_of(&table, r) {
                if paths::glob_match(&col, c) && paths::cell(report, &table, r, c).is_some() {
                    out.push((table.clone(), r.to_owned(), c.to_owned()));
                }
            }
        }
        Ok(out)
    }

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

    fn var(&self, previous: bool, var: Var) -> R<Out> {
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

    fn capture(&self, name: &str) -> R<Out> {
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

    fn num(&self, e: &Expr) -> R<(Decimal, u32, Out)> {
        let o = self.eval(e)?;
        match o.val {
            Val::Num(n, s) => Ok((n, s, o)),
            _ => Err(Stop::Error(format!("`{}` is not a number", o.text))),
        }
    }

    fn call(&self, f: Func, args: &[Expr]) -> R<Out> {
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
    fn row_total(&self, previous: bool, row: &str) -> R<(Decimal, Vec<Used>)> {
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
    fn numbers_in(&self, f: Func, args: &[Expr]) -> R<Out> {
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

    fn binary(&self, op: BinOp, a: &Expr, b: &Expr) -> R<Out> {
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

fn overflow() -> Stop {
    Stop::Error("数值溢出 (overflow)".into())
}

fn add(a: Decimal, b: Decimal) -> R<Decimal> {
    a.checked_add(b).ok_or_else(overflow)
}

fn plain(val: Val, text: String) -> Out {
    Out {
        val,
        text,
        used: Vec::new(),
        single: None,
    }
}

fn truthy(v: &Val) -> R<bool> {
    match v {
        Val::Bool(b) => Ok(*b),
        _ => Err(Stop::Error("a condition must be true or false".into())),
    }
}

/// How much the primary cell changes the difference `lhs − rhs` (±1 in the usual sums), or
/// `None` when it is not linear in it. Lets a failed check say what the cell should hold.
fn coefficient(e: &Expr, env: &Env<'_>, key: &str) -> Option<i64> {
    match &e.kind {
        Kind::Cell(p) => {
            let k = format!(
                "{}{}",
                if p.previous { "previous." } else { "" },
                env.substitute(&p.text)
            );
            if p.text.contains('*') {
                None
            } else {
                Some(i64::from(k == key))
            }
        }
        Kind::Capture(n) => Some(i64::from(format!("capture:{n}") == key)),
        Kind::Num(_) | Kind::Str(_) | Kind::Bool(_) | Kind::Var { .. } => Some(0),
        Kind::Neg(a) => coefficient(a, env, key).map(|c| -c),
        Kind::Binary(BinOp::Add, a, b) => {
            Some(coefficient(a, env, key)? + coefficient(b, env, key)?)
        }
        Kind::Binary(BinOp::Sub, a, b) => {
            Some(coefficient(a, env, key)? - coefficient(b, env, key)?)
        }
        Kind::Call(Func::Sum, args) => {
            let mut c = 0;
            for a in args {
                if let Kind::Cell(p) = &a.kind
                    && p.text.contains('*')
                {
                    let (t, r, col) = Env::split3(&env.substitute(&p.text));
                    let prefix = if p.previous { "previous." } else { "" };
                    let Some(rest) = key.strip_prefix(prefix) else {
                        continue;
                    };
                    let (kt, kr, kc) = Env::split3(rest);
                    if kt == t && paths::glob_match(&r, &kr) && paths::glob_match(&col, &kc) {
                        c += 1;
                    }
                    continue;
                }
                c += coefficient(a, env, key)?;
            }
            Some(c)
        }
        Kind::Call(Func::Total, args) => {
            // A total reads the 总计 cell of each row.
            let mut c = 0;
            for a in args {
                if let Kind::Row(p) = &a.kind {
                    let row = env.substitute(&p.text);
                    let prefix = if p.previous { "previous." } else { "" };
                    if let Some(rest) = key.strip_prefix(prefix) {
                        let (kt, kr, kc) = Env::split3(rest);
                        let (t, r) = row.split_once('.').unwrap_or(("", ""));
                        if kt == t && kc == "total" && paths::glob_match(r, &kr) {
                            c += 1;
                        }
                    }
                }
            }
            Some(c)
        }
        _ => {
            let mut mentions = false;
            crate::expr::walk(e, &mut |x| {
                if let Kind::Cell(p) = &x.kind
                    && env.substitute(&p.text) == key
                {
                    mentions = true;
                }
            });
            if mentions { None } else { Some(0) }
        }
    }
}

/// The comparison that made a condition fail: in `a or b` (both false) the last comparison, in
/// `a and b` the first false part; so a message can show its two sides.
fn failing_comparison<'e>(env: &Env<'_>, e: &'e Expr) -> &'e Expr {
    match &e.kind {
        Kind::Binary(BinOp::Or, a, b) => {
            let right = failing_comparison(env, b);
            if matches!(&right.kind, Kind::Binary(op, ..) if op.is_comparison()) {
                right
            } else {
                failing_comparison(env, a)
            }
        }
        Kind::Binary(BinOp::And, a, b) => {
            let a_holds = env.eval(a).ok().and_then(|o| truthy(&o.val).ok());
            if a_holds == Some(false) {
                failing_comparison(env, a)
            } else {
                failing_comparison(env, b)
            }
        }
        _ => e,
    }
}

/// One failed iteration, before it becomes a finding.
struct Failure {
    message: String,
    help: Option<String>,
    expected: Option<String>,
    labels: Vec<Label>,
    /// Set when the finding rests on an ambiguous reading of the narrative: what was read, said
    /// in the message; the finding is then at most a warning.
    ambiguous: Option<String>,
    /// Set when the finding rests on a cell read without certainty: which table and row, and
    /// why, said in the message; the finding is then at most a warning.
    uncertain: Option<String>,
}

/// Fills `{placeholders}`.
fn render(template: &str, values: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if values.contains_key(&after[..close]) => {
                out.push_str(&values[&after[..close]]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

struct Ctx<'a> {
    rule: &'a Rule,
    lang: Lang,
    shared: &'a Shared,
}

impl Ctx<'_> {
    fn base_values(&self, env: &Env<'_>) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        for (name, value) in env.binding {
            let set = self
                .rule
                .for_each
                .iter()
                .find(|(n, _)| n == name)
                .map_or("", |(_, it)| match it {
                    Iter::Set(s) => s.as_str(),
                    Iter::List(_) => "",
                });
            v.insert((*name).to_owned(), paths::value_label(set, value));
        }
        let m = &env.report.metadata;
        if let Some(y) = &m.year {
            v.insert("year".into(), y.value.to_string());
        }
        v.insert("format".into(), m.format.document_number().to_owned());
        v.insert(
            "organisation".into(),
            m.organisation
                .as_ref()
                .map(|o| o.value.clone())
                .filter(|o| !o.is_empty())
                .unwrap_or_else(|| zh_en(self.lang, "本机关", "this body")),
        );
        v
    }

    /// Turns a failed comparison (or condition) into a finding.
    fn failure(
        &self,
        env: &Env<'_>,
        check: &Expr,
        msg: &Msg,
        fallback_primary: Option<Span>,
    ) -> R<Failure> {
        let lang = self.lang;
        // Only the cells this explanation reads count (not those of a `when` read before).
        env.uncertain.replace(None);
        // A value "should be" follows only from a check that is one comparison; inside `and` /
        // `or` the failing part is shown, but no single value is implied.
        let top_is_comparison = matches!(&check.kind, Kind::Binary(op, ..) if op.is_comparison());
        let check = failing_comparison(env, check);
        let mut values = self.base_values(env);
        let mut used: Vec<Used> = Vec::new();
        let mut single_l = None;
        let mut single_r = None;
        let mut rhs_value = None;
        let mut op_sym = None;
        let mut diff_info = None;
        let mut lhs_scale = 0;
        if let Kind::Binary(op, a, b) = &check.kind
            && op.is_comparison()
        {
            let l = env.eval(a)?;
            let r = env.eval(b)?;
            values.insert("lhs".into(), l.text.clone());
            values.insert("rhs".into(), r.text.clone());
            let lv = match &l.val {
                Val::Num(n, _) => fmt_num(*n),
                _ => l.text.clone(),
            };
            let rv = match &r.val {
                Val::Num(n, _) => fmt_num(*n),
                _ => r.text.clone(),
            };
            values.insert("lhs_value".into(), lv);
            values.insert("rhs_value".into(), rv.clone());
            values.insert("op".into(), op.failed_symbol().into());
            op_sym = Some(*op);
            single_l.clone_from(&l.single);
            single_r.clone_from(&r.single);
            rhs_value = Some(rv);
            if let (Val::Num(x, sx), Val::Num(y, _)) = (&l.val, &r.val) {
                diff_info = Some((*x, *y, a.as_ref(), b.as_ref()));
                lhs_scale = *sx;
            }
            used.extend(l.used);
            used.extend(r.used);
        }
        if used.is_empty() {
            used = env.eval(check)?.used;
        }
        if let Some(c) = env.captures {
            values.insert("quote".into(), c.quote.clone());
            values.insert("section".into(), paths::section_label(c.section.id));
            for (k, (t, _)) in &c.values {
                values.insert(k.clone(), t.clone());
            }
        }
        // A narrative check that uses no capture (e.g. `false`) still points at the number it
        // matched, if any, rather than the whole sentence.
        if let Some(c) = env.captures
            && !used.iter().any(|u| u.key.starts_with("capture:"))
        {
            for name in c.values.keys() {
                if let Ok(o) = env.capture(name)
                    && matches!(o.val, Val::Num(..))
                {
                    used.splice(0..0, o.used);
                    break;
                }
            }
        }
        // The primary: the rule's choice, else the single-cell side, else the first thing used.
        let primary_key = if let Some(p) = &self.rule.primary {
            Some(format!(
                "{}{}",
                if p.previous { "previous." } else { "" },
                env.substitute(&p.text)
            ))
        } else if env.captures.is_some() {
            used.iter()
                .find(|u| u.key.starts_with("capture:"))
                .map(|u| u.key.clone())
        } else {
            single_l
                .clone()
                .or(single_r.clone())
                .or_else(|| used.first().map(|u| u.key.clone()))
        };
        let mut expected = None;
        if let (Some(key), Some(op), Some((x, y, a, b)), true) =
            (&primary_key, op_sym, diff_info, top_is_comparison)
            && matches!(op, BinOp::Eq | BinOp::Approx)
        {
            if env.captures.is_some() && single_l.as_deref() == Some(key.as_str()) {
                // A stated percentage is compared within its written precision; show one
                // decimal more than was written.
                let shown = if op == BinOp::Approx {
                    y.round_dp(lhs_scale + 1)
                } else {
                    y
                };
                expected = Some(fmt_num(shown));
            } else if let (Some(ca), Some(cb), true) = (
                coefficient(a, env, key),
                coefficient(b, env, key),
                // A value follows only for a cell the rule singles out: one side of the
                // equation, or its declared `primary`; not for a cell picked from a sum.
                self.rule.primary.is_some()
                    || single_l.as_deref() == Some(key.as_str())
                    || single_r.as_deref() == Some(key.as_str()),
            ) {
                let c = ca - cb;
                let current = used
                    .iter()
                    .find(|u| &u.key == key)
                    .and_then(|u| u.value.parse::<Decimal>().ok());
                if let (Some(cur), true) = (current, c == 1 || c == -1) {
                    let e = cur - (x - y) / Decimal::from(c);
                    expected = Some(fmt_num(e));
                }
            }
        }
        if expected.is_none()
            && top_is_comparison
            && env.captures.is_some()
            && single_l.is_some()
            && matches!(op_sym, Some(BinOp::Eq | BinOp::Approx))
        {
            expected.clone_from(&rhs_value);
        }
        // On a cell read without certainty no value "should be" anything: the cell may not
        // hold what the check compared.
        let seen_uncertain = env.uncertain.take();
        if seen_uncertain.is_some() {
            expected = None;
        }
        values.insert(
            "expected".into(),
            expected.clone().unwrap_or_else(|| "?".into()),
        );
        let primary_used = primary_key
            .as_ref()
            .and_then(|k| used.iter().find(|u| &u.key == k).cloned());
        values.insert(
            "cell".into(),
            primary_key.as_ref().map_or_else(String::new, |k| {
                let k2 = k.strip_prefix("previous.").unwrap_or(k);
                let (t, r, c) = Env::split3(k2);
                if k.starts_with("capture:") || r.is_empty() {
                    zh_en(lang, "正文", "the text")
                } else {
                    paths::cell_label(&t, &r, &c)
                }
            }),
        );
        let message = render(msg.get(lang), &values);
        let help = match &self.rule.help {
            Some(h) => Some(render(h.get(lang), &values)),
            None => expected
                .as_ref()
                .map(|e| match (lang, env.captures.is_some()) {
                    (Lang::En, true) => format!("should be {e}"),
                    (Lang::En, false) => format!("{} should be {e}", values["cell"]),
                    (_, true) => format!("应为 {e}"),
                    (_, false) => format!("{} 应为 {e}", values["cell"]),
                }),
        };
        let mut labels: Vec<Label> = Vec::new();
        let push = |u: &Used, primary: bool, labels: &mut Vec<Label>| {
            if labels
                .iter()
                .any(|l| l.span == u.span && l.document == u.document)
            {
                return;
            }
            let mut message = format!("{} {}", u.name, u.value);
            if primary && let Some(e) = &expected {
                let _ = write!(message, "{}{e}", zh_en(lang, "，应为 ", ", should be "));
            }
            labels.push(Label {
                span: u.span,
                message,
                primary,
                document: u.document,
            });
        };
        if let Some(p) = &primary_used {
            push(p, true, &mut labels);
        } else if let Some(span) = fallback_primary {
            labels.push(Label {
                span,
                message: values.get("quote").cloned().unwrap_or_default(),
                primary: true,
                document: DocumentRole::Current,
            });
        }
        for u in &used {
            let is_primary = labels.is_empty();
            push(u, is_primary, &mut labels);
        }
        let uncertain = seen_uncertain.map(|(previous, u)| {
            if let Some(span) = u.span {
                let document = if previous {
                    DocumentRole::Previous
                } else {
                    DocumentRole::Current
                };
                if !labels
                    .iter()
                    .any(|l| l.span == span && l.document == document)
                {
                    labels.push(Label {
                        span,
                        message: zh_en(lang, "未能确定地读取", "not read with certainty"),
                        primary: labels.is_empty(),
                        document,
                    });
                }
            }
            uncertainty_note(lang, previous, &u)
        });
        Ok(Failure {
            message,
            help,
            expected,
            labels,
            ambiguous: None,
            uncertain,
        })
    }
}

/// What the rules evaluated on one report share: each section's text as narrative patterns
/// see it, built once rather than once per rule; and the caller's interrupt, asked inside the
/// long loops of one rule (a narrative rule over a huge section).
#[derive(Default)]
pub(crate) struct Shared {
    compact: [std::cell::OnceCell<Compact>; SectionId::ALL.len()],
    interrupt: Option<gongkai_core::Interrupt>,
}

impl Shared {
    /// Shared state for rules asked to stop by `interrupt`.
    pub(crate) fn until(interrupt: Option<&gongkai_core::Interrupt>) -> Self {
        Self {
            interrupt: interrupt.cloned(),
            ..Self::default()
        }
    }

    /// Whether the caller asked to stop: a rule then ends early, and its caller, which asks
    /// again after each rule, drops what it found.
    fn stopped(&self) -> bool {
        self.interrupt
            .as_ref()
            .is_some_and(gongkai_core::Interrupt::is_set)
    }

    fn compact(&self, section: &Section) -> &Compact {
        self.compact[section.id as usize].get_or_init(|| Compact::new(section))
    }
}

/// The result of one iteration.
enum Step {
    Pass,
    NotApplicable(String),
    Fail(Failure),
    Skip(String),
    Error(String),
}

/// Evaluates a rule on a report.
pub(crate) fn evaluate(
    rule: &Rule,
    report: &Report,
    previous: Option<&Report>,
    lang: Lang,
    severity: Severity,
    shared: &Shared,
) -> Outcome {
    if rule.needs_previous {
        let Some(prev) = previous else {
            return Outcome::Skipped {
                reason: zh_en(lang, "未提供上年度报告", "no previous report given"),
            };
        };
        // A report of another body is no "previous year" of this one.
        if let (Some(o), Some(po)) = (&report.metadata.organisation, &prev.metadata.organisation)
            && !o.value.is_empty()
            && !po.value.is_empty()
            && o.value != po.value
        {
            return Outcome::Skipped {
                reason: match lang {
                    Lang::En => format!("the previous report is by {}, not {}", po.value, o.value),
                    _ => format!("所给上年度报告的机关为“{}”，不是“{}”", po.value, o.value),
                },
            };
        }
        if let (Some(y), Some(py)) = (&report.metadata.year, &prev.metadata.year)
            && py.value != y.value - 1
        {
            return Outcome::Skipped {
                reason: match lang {
                    Lang::En => format!(
                        "the previous report is for {}, not {}",
                        py.value,
                        y.value - 1
                    ),
                    _ => format!(
                        "所给上年度报告为 {} 年度，不是 {} 年度",
                        py.value,
                        y.value - 1
                    ),
                },
            };
        }
    }
    let ctx = Ctx { rule, lang, shared };
    // All bindings of the for_each placeholders.
    let mut bindings: Vec<Vec<(&str, &str)>> = vec![Vec::new()];
    for (name, iter) in &rule.for_each {
        let values: Vec<&str> = match iter {
            Iter::Set(s) => paths::set_values_for(s, report),
            Iter::List(l) => l.iter().map(String::as_str).collect(),
        };
        let mut next = Vec::with_capacity(bindings.len() * values.len());
        for b in &bindings {
            for v in &values {
                let mut b2 = b.clone();
                b2.push((name.as_str(), *v));
                next.push(b2);
            }
        }
        bindings = next;
    }
    if bindings.is_empty() {
        return Outcome::Skipped {
            reason: zh_en(
                lang,
                "报告中没有可检查的行或列",
                "nothing in the report to iterate over",
            ),
        };
    }
    let mut steps = Vec::new();
    let seen_uncertain = std::cell::RefCell::new(None);
    for binding in &bindings {
        if shared.stopped() {
            break;
        }
        let env = Env {
            report,
            previous,
            binding,
            plain_binding: binding
                .iter()
                .all(|(_, v)| !v.bytes().any(|b| matches!(b, b'.' | b'{' | b'}'))),
            captures: None,
            blank_zero: rule.blank_zero,
            tolerance: rule.tolerance,
            lang,
            uncertain: &seen_uncertain,
        };
        if let Some(w) = &rule.when {
            let holds = match env.quick(w) {
                Some(Quick::Bool(b)) => Ok(b),
                _ => env.eval(w).and_then(|o| truthy(&o.val)),
            };
            match holds {
                Ok(true) => {}
                Ok(false) => {
                    steps.push(Step::NotApplicable(match lang {
                        Lang::En => "its condition (`when`) does not hold for this report".into(),
                        _ => "本报告不满足该规则的适用条件（when）".into(),
                    }));
                    continue;
                }
                Err(Stop::Skip(r)) => {
                    steps.push(Step::Skip(r));
                    continue;
                }
                Err(Stop::Error(e)) => {
                    steps.push(Step::Error(e));
                    continue;
                }
            }
        }
        match &rule.check {
            Check::Assert(e) => steps.push(assert_step(&ctx, &env, e, &rule.message, None)),
            Check::Narrative { sections, cases } => {
                narrative(&ctx, &env, sections, cases, &mut steps);
            }
            Check::Issues(kinds) => issues(&ctx, &env, kinds, &mut steps),
        }
    }
    aggregate(rule, steps, severity, lang)
}

fn assert_step(ctx: &Ctx<'_>, env: &Env<'_>, e: &Expr, msg: &Msg, fallback: Option<Span>) -> Step {
    // Nearly every check holds: find that out without building the explanation.
    if let Some(Quick::Bool(true)) = env.quick(e) {
        return Step::Pass;
    }
    match env.eval(e).and_then(|o| truthy(&o.val)) {
        Ok(true) => Step::Pass,
        Ok(false) => match ctx.failure(env, e, msg, fallback) {
            Ok(f) => Step::Fail(f),
            Err(Stop::Skip(r)) => Step::Skip(r),
            Err(Stop::Error(r)) => Step::Error(r),
        },
        Err(Stop::Skip(r)) => Step::Skip(r),
        Err(Stop::Error(r)) => Step::Error(r),
    }
}

fn narrative(
    ctx: &Ctx<'_>,
    env: &Env<'_>,
    sections: &[gongkai_core::SectionId],
    cases: &[crate::rule::NarrativeCase],
    steps: &mut Vec<Step>,
) {
    let mut matched = false;
    for sid in sections {
        let Some(section) = env.report.section(*sid) else {
            continue;
        };
        if section.text.is_empty() {
            continue;
        }
        let compact = ctx.shared.compact(section);
        // Disjoint ranges already matched, by start: whether a match overlaps one is two
        // lookups, not a scan of all (a report repeating one sentence has thousands).
        let mut claimed: BTreeMap<usize, usize> = BTreeMap::new();
        for case in cases {
            for re in &case.patterns {
                for caps in re.captures_iter(&compact.text) {
                    if ctx.shared.stopped() {
                        return;
                    }
                    let Some(whole) = caps.get(0) else { continue };
                    let range = whole.range();
                    if overlaps(&claimed, &range) {
                        continue;
                    }
                    // The count belongs to the whole phrase before it: a match inside a phrase
                    // that names another count is no statement of this fact.
                    let counts = re.capture_names().flatten().any(|n| {
                        caps.name(n).is_some_and(|m| {
                            m.as_str().bytes().all(|b| b.is_ascii_digit() || b == b'.')
                        })
                    });
                    let reading = phrase::read_match(&compact.text, range.clone(), counts);
                    if reading == Reading::Other {
                        continue;
                    }
                    claimed.insert(range.start, range.end);
                    matched = true;
                    let values = re
                        .capture_names()
                        .flatten()
                        .filter_map(|n| {
                            caps.name(n)
                                .map(|m| (n.to_owned(), (m.as_str().to_owned(), m.range())))
                        })
                        .collect();
                    let c = Captures {
                        section,
                        compact,
                        values,
                        quote: whole.as_str().to_owned(),
                        match_offset: compact.original(range.start),
                    };
                    let env2 = Env {
                        captures: Some(&c),
                        ..*env
                    };
                    let fallback = pattern::sentence_span(section, compact, c.match_offset);
                    let msg = case.message.as_ref().unwrap_or(&ctx.rule.message);
                    let mut step = assert_step(ctx, &env2, &case.assert, msg, fallback);
                    if let (Step::Fail(f), Reading::Ambiguous(lead)) = (&mut step, &reading) {
                        f.ambiguous = Some(ambiguity_note(ctx.lang, &c.quote, lead));
                    }
                    steps.push(step);
                }
            }
        }
    }
    if !matched {
        steps.push(Step::Skip(zh_en(
            ctx.lang,
            "正文中未找到相应的表述",
            "the narrative does not state this",
        )));
    }
}

/// Whether `range` overlaps one of the disjoint `claimed` ranges (start -> end). An empty
/// range overlaps a claimed range it lies strictly inside.
fn overlaps(claimed: &BTreeMap<usize, usize>, range: &std::ops::Range<usize>) -> bool {
    // Disjoint ranges sorted by start are sorted by end too: only the last one starting before
    // `range` ends can reach into it.
    claimed
        .range(..range.end)
        .next_back()
        .is_some_and(|(&start, &end)| start < range.end && range.start < end)
}

/// What a finding resting on an uncertain cell says about it: which table and row could not be
/// read with certainty, and why.
fn uncertainty_note(lang: Lang, previous: bool, u: &gongkai_core::Uncertain) -> String {
    let table = paths::table_label(&u.table);
    let place = match (&u.row, lang) {
        (Some(row), Lang::En) => format!("{table}, row “{}”", paths::row_label(&u.table, row)),
        (Some(row), _) => format!("{table}“{}”行", paths::row_label(&u.table, row)),
        (None, _) => table.to_owned(),
    };
    let reason = u.reason.describe(lang == Lang::En);
    match (lang, previous) {
        (Lang::En, true) => format!(
            " (last year's {place} could not be read with certainty: {reason}; check it by hand)"
        ),
        (Lang::En, false) => {
            format!(" ({place} could not be read with certainty: {reason}; check it by hand)")
        }
        (_, true) => format!("（上年报告的{place}未能确定地读取：{reason}；请人工核对）"),
        (_, false) => format!("（{place}未能确定地读取：{reason}；请人工核对）"),
    }
}

/// What a finding on an ambiguous reading says about the reading it used.
fn ambiguity_note(lang: Lang, quote: &str, lead: &str) -> String {
    match lang {
        Lang::En => format!(
            " (read “{quote}” as this count; “{lead}” before it may make it a different one)"
        ),
        _ => format!("（按“{quote}”读取；其前的“{lead}”可能表示另一种件数）"),
    }
}

fn issues(ctx: &Ctx<'_>, env: &Env<'_>, kinds: &[IssueKindName], steps: &mut Vec<Step>) {
    use gongkai_core::ReadIssueKind as K;
    let lang = ctx.lang;
    let mut any = false;
    for issue in &env.report.issues {
        let mut values = ctx.base_values(env);
        let (kind, label) = match &issue.kind {
            K::SectionMissing { section } => {
                values.insert("section".into(), paths::section_label(*section));
                (
                    IssueKindName::SectionMissing,
                    paths::section_label(*section),
                )
            }
            K::SectionOutOfOrder { section } => {
                values.insert("section".into(), paths::section_label(*section));
                (
                    IssueKindName::SectionOutOfOrder,
                    paths::section_label(*section),
                )
            }
            K::UnitVariant {
                table,
                row,
                found,
                expected,
                cells,
            } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("row".into(), paths::row_label(table, row));
                values.insert("found".into(), found.clone());
                values.insert(
                    "expected".into(),
                    if expected.is_empty() {
                        zh_en(lang, "不写单位", "no unit")
                    } else {
                        expected.clone()
                    },
                );
                values.insert("label".into(), cells.to_string());
                (IssueKindName::UnitVariant, found.clone())
            }
            K::SectionVariant { section, found } => {
                values.insert("section".into(), paths::section_label(*section));
                values.insert("found".into(), found.clone());
                values.insert("label".into(), found.clone());
                (IssueKindName::SectionVariant, found.clone())
            }
            K::TableMissing { table } => {
                values.insert("table".into(), paths::table_title(table).to_owned());
                (
                    IssueKindName::TableMissing,
                    paths::table_label(table).to_owned(),
                )
            }
            K::RowMissing { table, row } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("row".into(), paths::row_label(table, row));
                (IssueKindName::RowMissing, paths::row_label(table, row))
            }
            K::RowIncomplete {
                table,
                row,
                found,
                expected,
            } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("row".into(), paths::row_label(table, row));
                values.insert("found".into(), found.to_string());
                values.insert("expected".into(), expected.to_string());
                (IssueKindName::RowIncomplete, paths::row_label(table, row))
            }
            K::LabelVariant {
                table,
                row,
                expected,
                found,
            } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("row".into(), paths::row_label(table, row));
                values.insert("found".into(), found.clone());
                values.insert("expected".into(), expected.clone());
                values.insert("label".into(), found.clone());
                (IssueKindName::LabelVariant, found.clone())
            }
            K::HiddenText { text, chars } => {
                values.insert("found".into(), text.clone());
                values.insert("label".into(), text.clone());
                values.insert("expected".into(), chars.to_string());
                (IssueKindName::HiddenText, text.clone())
            }
            K::RowTooManyValues {
                table,
                row,
                found,
                expected,
            } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("row".into(), paths::row_label(table, row));
                values.insert("found".into(), found.to_string());
                values.insert("expected".into(), expected.to_string());
                (
                    IssueKindName::RowTooManyValues,
                    zh_en(lang, "多余的数值", "extra value"),
                )
            }
            K::RowConflict { table, row } | K::RowRepeated { table, row } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("row".into(), paths::row_label(table, row));
                let kind = if matches!(issue.kind, K::RowConflict { .. }) {
                    IssueKindName::RowConflict
                } else {
                    IssueKindName::RowRepeated
                };
                (kind, zh_en(lang, "再次出现", "given again"))
            }
            K::TableConflict { table } | K::TableRepeated { table } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                let kind = if matches!(issue.kind, K::TableConflict { .. }) {
                    IssueKindName::TableConflict
                } else {
                    IssueKindName::TableRepeated
                };
                (kind, zh_en(lang, "再次出现", "given again"))
            }
            K::TableUncertain {
                table,
                reason,
                rows,
            } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                values.insert("found".into(), reason.describe(lang == Lang::En).to_owned());
                values.insert("expected".into(), rows.to_string());
                (
                    IssueKindName::TableUncertain,
                    zh_en(lang, "未能确定地读取", "not read with certainty"),
                )
            }
            K::TableNotFilled { table } => {
                values.insert("table".into(), paths::table_label(table).to_owned());
                (
                    IssueKindName::TableNotFilled,
                    paths::table_label(table).to_owned(),
                )
            }
            K::Truncated => {
                values.insert(
                    "table".into(),
                    zh_en(lang, "报告的后续内容", "the rest of the report"),
                );
                (IssueKindName::Truncated, String::new())
            }
            _ => continue,
        };
        if !kinds.contains(&kind) {
            continue;
        }
        any = true;
        // Every placeholder of an issue rule is defined, whatever the kind of issue.
        for key in ["section", "table", "row", "found", "expected", "label"] {
            values.entry(key.into()).or_default();
        }
        let message = render(ctx.rule.message.get(lang), &values);
        let help = ctx.rule.help.as_ref().map(|h| render(h.get(lang), &values));
        let labels = issue
            .span
            .map(|span| Label {
                span,
                message: label,
                primary: true,
                document: DocumentRole::Current,
            })
            .into_iter()
            .collect();
        steps.push(Step::Fail(Failure {
            message,
            help,
            expected: None,
            labels,
            ambiguous: None,
            uncertain: None,
        }));
    }
    if !any {
        steps.push(Step::Pass);
    }
}

fn aggregate(rule: &Rule, steps: Vec<Step>, severity: Severity, lang: Lang) -> Outcome {
    let mut failures = Vec::new();
    let mut skips: Vec<String> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    // Seen reasons, so that thousands of matches with distinct reasons are not compared each
    // with all before.
    let mut seen: std::collections::HashSet<(bool, String)> = std::collections::HashSet::new();
    let mut passes = 0;
    let mut not_applicable = None;
    for s in steps {
        match s {
            Step::Pass => passes += 1,
            Step::Fail(f) => failures.push(f),
            Step::Skip(r) => {
                if seen.insert((false, r.clone())) {
                    skips.push(r);
                }
            }
            Step::Error(e) => {
                if seen.insert((true, e.clone())) {
                    errors.push(e);
                }
            }
            Step::NotApplicable(r) => not_applicable = Some(r),
        }
    }
    if !failures.is_empty() {
        let finding = |f: Failure| Finding {
            rule: rule.meta.id.clone(),
            // A finding on an ambiguous reading, or on a cell read without certainty, is never
            // an error.
            severity: if f.ambiguous.is_some() || f.uncertain.is_some() {
                severity.min(Severity::Warning)
            } else {
                severity
            },
            message: format!(
                "{}{}{}",
                f.message,
                f.ambiguous.as_deref().unwrap_or(""),
                f.uncertain.as_deref().unwrap_or("")
            ),
            help: f.help,
            expected: f.expected,
            labels: f.labels,
        };
        if rule.combine && failures.len() > 1 {
            let count = failures.len();
            let mut labels = Vec::new();
            for f in &failures {
                for l in &f.labels {
                    let mut l = l.clone();
                    l.primary = labels.is_empty() && l.primary;
                    labels.push(l);
                }
            }
            let mut first = failures.swap_remove(0);
            first.message = first.message.replace("{count}", &count.to_string());
            let mut v = BTreeMap::new();
            v.insert("count".to_owned(), count.to_string());
            first.message = render(&first.message, &v);
            first.labels = labels;
            first.expected = None;
            return Outcome::Findings {
                findings: vec![finding(first)],
            };
        }
        return Outcome::Findings {
            findings: failures
                .into_iter()
                .map(|mut f| {
                    let mut v = BTreeMap::new();
                    v.insert("count".to_owned(), "1".to_owned());
                    f.message = render(&f.message, &v);
                    finding(f)
                })
                .collect(),
        };
    }
    if !errors.is_empty() {
        return Outcome::Error {
            message: errors.join("; "),
        };
    }
    if !skips.is_empty() {
        let shown: Vec<&str> = skips.iter().take(3).map(String::as_str).collect();
        let more = skips.len().saturating_sub(3);
        let mut reason = shown.join(zh_en(lang, "；", "; ").as_str());
        if more > 0 {
            let _ = write!(
                reason,
                "{}",
                match lang {
                    Lang::En => format!(" (and {more} more)"),
                    _ => format!("（另有 {more} 处）"),
                }
            );
        }
        return Outcome::Skipped { reason };
    }
    if passes == 0
        && let Some(r) = not_applicable
    {
        return Outcome::Skipped { reason: r };
    }
    Outcome::Pass
}
