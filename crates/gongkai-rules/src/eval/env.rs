//! What an expression is evaluated against, and how a path becomes cells: placeholders filled,
//! one cell read in its four states (a value, blank, not a number, missing) or found not to be
//! in the report's format.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use std::borrow::Cow;
use std::collections::BTreeMap;

use gongkai_core::{CellId, Report, Section};
use rust_decimal::Decimal;

use super::value::{Out, R, Trace, Used, Val, fmt_num, scale_of, skip, zh_en};
use crate::expr::{Part, Path};
use crate::paths::{self, CellState, CellView};
use crate::pattern::Compact;
use crate::{DocumentRole, Lang};

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
    /// The number of `binding` when the rule is lowered: its paths' cells are then read by
    /// index (see [`crate::lower`]).
    pub binding_index: Option<usize>,
    /// Whether no value of `binding` holds a dot or a brace: then a placeholder that is a whole
    /// part of a path is filled by its value alone (see [`Env::parts`]).
    pub plain_binding: bool,
    pub captures: Option<&'a Captures<'a>>,
    pub blank_zero: bool,
    pub tolerance: Option<Decimal>,
    pub lang: Lang,
    /// The first uncertain cell read (and whether it is of the previous report), so that a
    /// finding resting on it is demoted: see [`gongkai_core::Uncertain`].
    pub uncertain: &'a std::cell::RefCell<Option<(bool, gongkai_core::Uncertain)>>,
}

impl Env<'_> {
    pub(super) fn substitute(&self, text: &str) -> String {
        let mut s = text.to_owned();
        for (name, value) in self.binding {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    pub(super) fn doc<T: Trace>(&self, previous: bool) -> R<(&Report, DocumentRole)> {
        if previous {
            self.previous
                .map(|p| (p, DocumentRole::Previous))
                .ok_or_else(|| skip::<T>(|| super::no_previous_reason(self.lang).to_owned()))
        } else {
            Ok((self.report, DocumentRole::Current))
        }
    }

    pub(super) fn lbl(&self, previous: bool, label: String) -> String {
        if previous {
            format!("{}{label}", zh_en(self.lang, "上年 ", "last year: "))
        } else {
            label
        }
    }

    /// Remembers the first uncertain cell read (a finding resting on it is then demoted).
    pub(super) fn note_uncertain(
        &self,
        report: &Report,
        previous: bool,
        table: &str,
        row: &str,
        col: &str,
    ) {
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

    /// The cell `id` (a lowered path): read by index, its labels built from its ids only when
    /// explaining; a cell the report's format does not have is named as by its path.
    pub(super) fn cell_id<'s, T: Trace>(&self, previous: bool, id: CellId) -> R<Out<'s>> {
        let (report, document) = self.doc::<T>(previous)?;
        let ids = [id.table().id(), id.row(), id.column()];
        match report.cell(id) {
            Some(view) => self.view::<T>(previous, report, document, ids, view),
            None => self.cell::<T>(previous, ids[0], ids[1], ids[2]),
        }
    }

    /// Calls `f` with the table, row and column ids and the cell of each cell the glob `p`
    /// names in `report`, in the form's order: by index when the path is lowered.
    pub(super) fn glob_cells<'r>(
        &self,
        report: &'r Report,
        p: &Path,
        mut f: impl FnMut(&str, &str, &str, CellView<'r>),
    ) {
        if let Some(glob) = p.glob_at(self.binding_index) {
            for id in glob.cells(report) {
                if let Some(view) = report.cell(id) {
                    f(id.table().id(), id.row(), id.column(), view);
                }
            }
            return;
        }
        let [t, r, c] = self.parts(p);
        paths::for_each_glob_cell(report, &t, &r, &c, |row, col, view| f(&t, row, col, view));
    }

    /// One concrete cell.
    pub(super) fn cell<'s, T: Trace>(
        &self,
        previous: bool,
        table: &str,
        row: &str,
        col: &str,
    ) -> R<Out<'s>> {
        let (report, document) = self.doc::<T>(previous)?;
        let Some(view) = paths::cell(report, table, row, col) else {
            return Err(skip::<T>(|| {
                let full = self.lbl(previous, paths::cell_label(table, row, col));
                match self.lang {
                    Lang::En => format!("{full}: not in this report's format"),
                    _ => format!("{full}：不属于本报告所用的格式"),
                }
            }));
        };
        self.view::<T>(previous, report, document, [table, row, col], view)
    }

    /// A cell already looked up: its value, or why there is none. The labels are built only
    /// where they are used (the full name in a reason to skip, the key and the short name for
    /// a value) and only by the explaining trace.
    pub(super) fn view<'s, T: Trace>(
        &self,
        previous: bool,
        report: &Report,
        document: DocumentRole,
        [table, row, col]: [&str; 3],
        view: CellView<'_>,
    ) -> R<Out<'s>> {
        if T::EXPLAINS {
            self.note_uncertain(report, previous, table, row, col);
        }
        let full = || self.lbl(previous, paths::cell_label(table, row, col));
        let key = || {
            format!(
                "{}{table}.{row}.{col}",
                if previous { "previous." } else { "" }
            )
        };
        let name = || self.lbl(previous, paths::short_cell_label(table, row, col));
        match view.state() {
            CellState::Present => {
                let value = view.value().unwrap_or_default();
                let val = Val::Num(value, scale_of(view.raw().unwrap_or_default()));
                if !T::EXPLAINS {
                    return Ok(Out::value(val));
                }
                let key = key();
                let used = view
                    .span()
                    .map(|span| Used {
                        span,
                        document,
                        name: name(),
                        value: fmt_num(value),
                        key: key.clone(),
                    })
                    .into_iter()
                    .collect();
                Ok(Out {
                    val,
                    text: fmt_num(value),
                    used,
                    single: Some(key),
                })
            }
            CellState::Blank if self.blank_zero => {
                let val = Val::Num(Decimal::ZERO, 0);
                if !T::EXPLAINS {
                    return Ok(Out::value(val));
                }
                let key = key();
                let used = view
                    .span()
                    .map(|span| Used {
                        span,
                        document,
                        name: name(),
                        value: view
                            .raw()
                            .filter(|r| !r.is_empty())
                            .map_or_else(|| "空".into(), str::to_owned),
                        key: key.clone(),
                    })
                    .into_iter()
                    .collect();
                Ok(Out {
                    val,
                    text: "0".into(),
                    used,
                    single: Some(key),
                })
            }
            CellState::Blank => Err(skip::<T>(|| match (self.lang, full()) {
                (Lang::En, full) => format!("{full} is blank"),
                (_, full) => format!("{full} 为空白"),
            })),
            CellState::Missing => Err(skip::<T>(|| match (self.lang, full()) {
                (Lang::En, full) => format!("{full} was not found"),
                (_, full) => format!("未找到 {full}"),
            })),
            CellState::Invalid => Err(skip::<T>(|| match (self.lang, full()) {
                (Lang::En, full) => {
                    format!("{full} is not a number: {}", view.raw().unwrap_or_default())
                }
                (_, full) => format!("{full} 不是有效数值：{}", view.raw().unwrap_or_default()),
            })),
        }
    }

    /// A path's three parts with the `{placeholders}` of the binding filled in: borrowed when
    /// each placeholder is a whole part and no value holds a dot or a brace (the common case,
    /// without allocating), else by substituting the text and splitting it again.
    pub(super) fn parts<'s>(&'s self, p: &'s Path) -> [Cow<'s, str>; 3] {
        if let Some(parts) = self.plain_parts(p) {
            return parts.map(Cow::Borrowed);
        }
        let (t, r, c) = Self::split3(&self.substitute(&p.text));
        [Cow::Owned(t), Cow::Owned(r), Cow::Owned(c)]
    }

    fn plain_parts<'s>(&'s self, p: &'s Path) -> Option<[&'s str; 3]> {
        let parts = p.parts.as_ref()?;
        let mut out = [""; 3];
        for (slot, part) in out.iter_mut().zip(parts) {
            *slot = match part {
                Part::Lit(r) => p.text.get(r.clone())?,
                Part::Var(r) => {
                    // A value with a dot or a brace would change how the substituted text
                    // splits, or be substituted again.
                    if !self.plain_binding {
                        return None;
                    }
                    let name = p.text.get(r.clone())?;
                    self.binding.iter().find(|(n, _)| *n == name)?.1
                }
            };
        }
        Some(out)
    }

    pub(super) fn split3(text: &str) -> (String, String, String) {
        let mut it = text.splitn(3, '.');
        (
            it.next().unwrap_or("").to_owned(),
            it.next().unwrap_or("").to_owned(),
            it.next().unwrap_or("").to_owned(),
        )
    }
}
