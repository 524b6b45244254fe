//! What an expression is evaluated against, and how a path becomes cells: one cell read in
//! its four states, a glob expanded to the cells of the report's format.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use std::collections::BTreeMap;

use gongkai_core::{Report, Section};
use rust_decimal::Decimal;

use super::value::{Out, R, Stop, Used, Val, fmt_num, scale_of, zh_en};
use crate::expr::Path;
use crate::paths::{self, CellState};
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

impl Env<'_> {
    pub(super) fn substitute(&self, text: &str) -> String {
        let mut s = text.to_owned();
        for (name, value) in self.binding {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    pub(super) fn doc(&self, previous: bool) -> R<(&Report, DocumentRole)> {
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

    /// One concrete cell.
    pub(super) fn cell(&self, previous: bool, table: &str, row: &str, col: &str) -> R<Out> {
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

    pub(super) fn split3(text: &str) -> (String, String, String) {
        let mut it = text.splitn(3, '.');
        (
            it.next().unwrap_or("").to_owned(),
            it.next().unwrap_or("").to_owned(),
            it.next().unwrap_or("").to_owned(),
        )
    }

    /// Expands a path with globs into the concrete cells of this report.
    pub(super) fn expand(&self, p: &Path) -> R<Vec<(String, String, String)>> {
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
}
