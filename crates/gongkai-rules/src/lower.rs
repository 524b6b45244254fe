//! Rules lowered at load: every binding of a rule's `for_each` placeholders is numbered, and each
//! cell path of the rule resolved, per binding, to the form's [`CellId`]s — one cell, or for a
//! glob the cells it names in each format of 表二 — so that evaluating a check reads its cells by
//! index and compares no ids.
//!
//! A report only narrows the bindings (表三 rows it does not have, 表二 rows of the other format)
//! and orders them (表二 rows in its format's order): [`Plan::bindings`] gives, for one report,
//! the bindings in the order the rule has always iterated them, each with its number. Texts are
//! still built from the path's text, and only when a finding or a reason to skip needs them.

use gongkai_core::template::{self, CellId, FormatVersion, TableId};
use gongkai_core::{ApplicantRow, Report};

use crate::expr::{Expr, Kind, Path};
use crate::paths;
use crate::rule::{Check, Iter, Rule};

/// More bindings than this are not lowered (their paths are resolved by text as they are
/// evaluated): the built-in rules have at most a few hundred.
const MAX_BINDINGS: usize = 4096;

/// A path resolved for every binding of its rule.
#[derive(Debug, Clone, Default)]
pub(crate) enum Lowered {
    /// Not lowered: resolved from its text when evaluated.
    #[default]
    No,
    /// One cell path: the cell of each binding (`None`: not a cell of the form).
    Cells(Vec<Option<CellId>>),
    /// A glob: the cells of each binding, in the order evaluation visits them.
    Globs(Vec<Glob>),
}

/// The cells a glob names for one binding.
#[derive(Debug, Clone, Default)]
pub(crate) struct Glob {
    /// For a report of the 2021 format or one not recognised: its rows' cells in that order
    /// (those its 表二 does not have are left out when read).
    pub f2021: Vec<CellId>,
    /// For a report of the 2019 format.
    pub f2019: Vec<CellId>,
    /// Whether the row part is a glob: 表三 rows not found in the report are then left out.
    pub found_rows_only: bool,
}

impl Glob {
    /// The cells for a report, in order (a cell its 表二 does not have is still to be left out,
    /// as reading it gives `None`).
    pub(crate) fn cells<'a>(&'a self, report: &'a Report) -> impl Iterator<Item = CellId> + 'a {
        let ids = match report.metadata.format {
            FormatVersion::F2019 => &self.f2019,
            _ => &self.f2021,
        };
        let found_rows_only = self.found_rows_only;
        let rows = &report.applications;
        ids.iter().copied().filter(move |id| {
            !(found_rows_only && id.table() == TableId::Applications)
                || rows.at(id.row_index()).is_some_and(ApplicantRow::is_found)
        })
    }
}

impl Path {
    /// The cell of binding `index`, when the path is lowered and names one.
    pub(crate) fn cell_at(&self, index: Option<usize>) -> Option<CellId> {
        match (&self.lowered, index) {
            (Lowered::Cells(cells), Some(i)) => cells.get(i).copied().flatten(),
            _ => None,
        }
    }

    /// The cells of binding `index` when the path is a lowered glob.
    pub(crate) fn glob_at(&self, index: Option<usize>) -> Option<&Glob> {
        match (&self.lowered, index) {
            (Lowered::Globs(globs), Some(i)) => globs.get(i),
            _ => None,
        }
    }
}

/// The values of a rule's placeholders in one iteration: (name, value) in `for_each` order.
pub(crate) type Binding<'a> = Vec<(&'a str, &'a str)>;

/// How a rule's bindings are numbered, and narrowed for a report.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    vars: Vec<VarPlan>,
}

#[derive(Debug, Clone)]
struct VarPlan {
    name: String,
    /// Every value the placeholder can take, in the set's order.
    values: Vec<String>,
    /// What narrows the values for a report.
    narrow: Narrow,
    /// The binding number of a value: its position times this.
    stride: usize,
}

#[derive(Debug, Clone)]
enum Narrow {
    /// Every value, in order.
    All,
    /// 表三's rows found in the report (`rows`): the values are [`gongkai_core::Applications::IDS`].
    RowsFound,
    /// 表二's rows of the report's format, in that format's order: positions into the values.
    DisclosureRows {
        f2021: Vec<usize>,
        f2019: Vec<usize>,
    },
}

impl Plan {
    /// The bindings of the rule for one report, in the order of its `for_each` (the first
    /// placeholder outermost), each with its number.
    pub(crate) fn bindings<'p>(&'p self, report: &Report) -> Vec<(usize, Binding<'p>)> {
        let mut out: Vec<(usize, Binding<'p>)> = vec![(0, Vec::new())];
        for var in &self.vars {
            let positions: Vec<usize> = match &var.narrow {
                Narrow::All => (0..var.values.len()).collect(),
                Narrow::RowsFound => (0..var.values.len())
                    .filter(|&i| {
                        report
                            .applications
                            .at(i)
                            .is_some_and(ApplicantRow::is_found)
                    })
                    .collect(),
                Narrow::DisclosureRows { f2021, f2019 } => match report.metadata.format {
                    FormatVersion::F2019 => f2019.clone(),
                    _ => f2021.clone(),
                },
            };
            let mut next = Vec::with_capacity(out.len() * positions.len());
            for (n, b) in &out {
                for &p in &positions {
                    let mut b2 = b.clone();
                    b2.push((var.name.as_str(), var.values[p].as_str()));
                    next.push((n + p * var.stride, b2));
                }
            }
            out = next;
        }
        out
    }
}

/// Numbers the rule's bindings and resolves its paths for each; a rule with too many bindings
/// is left as it is (`rule.plan` stays `None`).
pub(crate) fn lower(rule: &mut Rule) {
    let mut vars = Vec::with_capacity(rule.for_each.len());
    for (name, iter) in &rule.for_each {
        let (values, narrow): (Vec<String>, Narrow) = match iter {
            Iter::Set(s) => {
                let all: Vec<String> = paths::set_values(s)
                    .unwrap_or_default()
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                let narrow = match s.as_str() {
                    "rows" => Narrow::RowsFound,
                    "disclosure_rows" => {
                        let at = |format| {
                            template::rows_in_format(TableId::ActiveDisclosure, format)
                                .into_iter()
                                .filter_map(|r| all.iter().position(|v| v == r))
                                .collect()
                        };
                        Narrow::DisclosureRows {
                            f2021: at(FormatVersion::F2021),
                            f2019: at(FormatVersion::F2019),
                        }
                    }
                    _ => Narrow::All,
                };
                (all, narrow)
            }
            Iter::List(l) => (l.clone(), Narrow::All),
        };
        vars.push(VarPlan {
            name: name.clone(),
            values,
            narrow,
            stride: 0,
        });
    }
    let mut count: usize = 1;
    for var in vars.iter_mut().rev() {
        var.stride = count;
        count = match count.checked_mul(var.values.len()) {
            Some(c) if c <= MAX_BINDINGS => c,
            _ => return,
        };
    }
    // Every binding in number order, with the `{placeholder}` texts it fills.
    let bindings: Vec<Vec<(&str, &str)>> = (0..count)
        .map(|n| {
            vars.iter()
                .map(|v| {
                    let position = (n / v.stride) % v.values.len().max(1);
                    (v.name.as_str(), v.values[position].as_str())
                })
                .collect()
        })
        .collect();
    let resolve = |e: &mut Expr| walk_mut(e, &mut |p| p.lowered = lowered(p, &bindings));
    if let Some(w) = &mut rule.when {
        resolve(w);
    }
    match &mut rule.check {
        Check::Assert(e) => resolve(e),
        Check::Narrative { cases, .. } => cases.iter_mut().for_each(|c| resolve(&mut c.assert)),
        Check::Issues(_) => {}
    }
    rule.plan = Some(Plan { vars });
}

/// Resolves the paths of one expression for one binding, numbered 0 (the language's tests
/// evaluate each expression both ways).
#[cfg(test)]
pub(crate) fn lower_one(e: &mut Expr, binding: &[(&str, &str)]) {
    walk_mut(e, &mut |p| p.lowered = lowered(p, &[binding.to_vec()]));
}

/// A cell path resolved for every binding.
fn lowered(p: &Path, bindings: &[Vec<(&str, &str)>]) -> Lowered {
    let parts = |b: &[(&str, &str)]| {
        let mut text = p.text.clone();
        for (name, value) in b {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        let mut it = text.splitn(3, '.');
        let part = |s: Option<&str>| s.unwrap_or("").to_owned();
        [part(it.next()), part(it.next()), part(it.next())]
    };
    if p.text.contains('*') {
        return Lowered::Globs(
            bindings
                .iter()
                .map(|b| {
                    let [t, r, c] = parts(b);
                    glob(&t, &r, &c)
                })
                .collect(),
        );
    }
    Lowered::Cells(
        bindings
            .iter()
            .map(|b| {
                let [t, r, c] = parts(b);
                CellId::find(&t, &r, &c)
            })
            .collect(),
    )
}

/// The cells a glob `table.row.col` names in each format, as [`paths::for_each_glob_cell`]
/// visits them.
fn glob(table: &str, row: &str, col: &str) -> Glob {
    let Some(t) = TableId::from_id(table) else {
        return Glob::default();
    };
    let in_format = |format: FormatVersion| -> Vec<CellId> {
        template::rows_in_format(t, format)
            .into_iter()
            .filter(|r| paths::glob_match(row, r))
            .flat_map(|r| CellId::of_row(t, r))
            .filter(|id| paths::glob_match(col, id.column()))
            .collect()
    };
    Glob {
        f2021: in_format(FormatVersion::F2021),
        f2019: in_format(FormatVersion::F2019),
        found_rows_only: row.contains('*'),
    }
}

/// Calls `f` on every cell path of `e` (not row paths: `total()` reads rows by their ids).
fn walk_mut(e: &mut Expr, f: &mut dyn FnMut(&mut Path)) {
    match &mut e.kind {
        Kind::Cell(p) => f(p),
        Kind::Call(_, args) | Kind::List(args) => args.iter_mut().for_each(|a| walk_mut(a, f)),
        Kind::Matches(a, _) | Kind::Neg(a) | Kind::Not(a) => walk_mut(a, f),
        Kind::Binary(_, a, b) => {
            walk_mut(a, f);
            walk_mut(b, f);
        }
        _ => {}
    }
}
