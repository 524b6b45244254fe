//! Table rows rebuilt from the row labels' geometry, not from baselines.
//!
//! Word and LibreOffice centre a cell's text vertically, or set it at the top (the official
//! form's own cells mix both), so within one row of a table the values and the lines of a
//! multi-line label sit on *different* baselines: a value on the first line of its label, the
//! others on the middle line. A row per baseline then splits one row of the form into two
//! partial ones. The form says where rows begin: each row of 表二 and 表三 starts with a label the
//! form prints (`gongkai_core::template`). So a table's rows are rebuilt from those labels:
//!
//! - a **row start** is a label line that begins with a row label of the form (whole, or the
//!   first line of one wrapped over several lines, which then starts with its number), at any
//!   label column (（一）予以公开 sits in the group column, 1.属于国家秘密 in the item column);
//!   a group label (（三）不予公开, which has no values) is no row start, and neither is
//!   （六）其他处理 where its sub-items are printed (the 2021 form) — in the 2019 form it is a row;
//! - each row owns the vertical band from its label's first line down to the next row's label;
//!   every word of the table (values, label lines, wrapped group labels) goes to the row whose
//!   band holds its vertical centre; a row cut by a page break continues at the top of the next
//!   page;
//! - the regrouping is used only when it is unambiguous: every value falls into a row, and no
//!   row gets two values in one column. Otherwise the rows stay as the baselines gave them.
//!
//! A table without row labels of the form (表四's single row, a table of some other kind) keeps
//! its baseline rows.

use std::sync::LazyLock;

use gongkai_core::template::{
    ACTIVE_DISCLOSURE_2019, ACTIVE_DISCLOSURE_2021, APPLICATION_GROUPS, RowTemplate, SECTIONS,
    labelled_rows,
};

use super::bands::Band;
use super::tables::{RowPlan, Table};
use super::{Role, Work};
use crate::Word;

/// Folds a label for matching: letters, digits and ideographs only (full-width digits as
/// ASCII), so punctuation, spaces and "1、" vs "1." do not matter.
pub(super) fn fold(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter_map(|c| {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        };
        c.is_alphanumeric().then_some(c)
    })
}

/// A row label of the form, folded, with the group it sits under.
struct Label {
    key: String,
    /// The folded group label (（三）不予公开 …) of a sub-row.
    group: Option<String>,
    /// Whether it begins with its number (一、, （二）, 3.), so the first line of it wrapped can
    /// be recognised by a prefix.
    numbered: bool,
}

/// Every row label of 表二 and 表三 (both formats, with the variants seen in real reports), and
/// the folded group labels of 表三.
static LABELS: LazyLock<(Vec<Label>, Vec<String>)> = LazyLock::new(|| {
    let mut labels = Vec::new();
    for row in labelled_rows() {
        for text in std::iter::once(&row.label).chain(row.variants) {
            labels.push(label(row, text));
        }
    }
    let groups = APPLICATION_GROUPS
        .iter()
        .map(|g| fold(g).collect())
        .collect();
    (labels, groups)
});

fn label(row: &RowTemplate, text: &str) -> Label {
    let key: String = fold(text).collect();
    let numbered = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    Label {
        key,
        group: row.group.map(|g| fold(g).collect()),
        numbered,
    }
}

/// The form's row label that a line of label text `key` (folded) begins, if any.
fn row_label(key: &str) -> Option<&'static Label> {
    let (labels, _) = &*LABELS;
    labels.iter().find(|l| {
        key.starts_with(l.key.as_str())
            || (l.numbered && key.chars().count() >= 3 && l.key.starts_with(key))
    })
}

/// Whether label text `upper` over `lower` on the line below it (both as printed) is one row
/// label of the form wrapped in its cell: together they are a numbered row label of the form, or
/// the beginning of one, and `lower` alone begins none (it is no row of its own). So the first
/// line of （二）部分公开（区分处理的，只计这一情形，不计 over 其他情形） is one label, and 1.属于国家秘密
/// over 2.其他法律… two.
pub(super) fn continues_label(upper: &str, lower: &str) -> bool {
    let (labels, _) = &*LABELS;
    let upper: String = fold(upper).take(MAX_KEY_CHARS).collect();
    let lower: String = fold(lower).take(MAX_KEY_CHARS).collect();
    if upper.is_empty() || lower.is_empty() || row_label(&lower).is_some() {
        return false;
    }
    let joined = upper + &lower;
    labels
        .iter()
        .any(|l| l.numbered && l.key.starts_with(joined.as_str()))
}

/// How many label words of a band are tried as the start of a row label (a group label, a
/// number printed apart, then the label), and how many characters of a line are compared.
const MAX_LEAD_WORDS: usize = 6;
const MAX_KEY_CHARS: usize = 48;

/// A row start: the band of the label's first line and where the label begins.
struct Start {
    band: usize,
    page: usize,
    /// Top of the label's first line.
    y0: f64,
    label: &'static Label,
}

/// The row label a band's label words begin (after any group label text to its left).
///
/// A group label of 表三 found first is kept only if no sub-row label follows it on the line: a
/// group label centred down its rowspan shares a line with one of its sub-rows' first lines
/// whenever the rows happen to line up (seed 41 chromium-portal-008: "（六）其他处理" beside
/// "3.其他"), and that line starts the sub-row — taken as the group, which is no row where its
/// sub-items are printed, the start of 3.其他 was lost and every row above it shifted.
fn start_in(band: &Band<'_>, words: &[&Word], work: &mut Work) -> Option<(f64, &'static Label)> {
    let (_, groups) = &*LABELS;
    let mut group_found = None;
    for i in 0..words.len().min(MAX_LEAD_WORDS) {
        let mut key = String::new();
        for w in &words[i..] {
            key.extend(fold(&w.text));
            if key.len() >= MAX_KEY_CHARS * 3 {
                break;
            }
        }
        work.add(words.len() - i);
        let key: String = key.chars().take(MAX_KEY_CHARS).collect();
        if let Some(l) = row_label(&key) {
            // The top of the word the label begins with: a bracket of a group label printed
            // down its column may share the band, a little higher.
            let y0 = words[i..]
                .iter()
                .find(|w| fold(&w.text).next().is_some())
                .map_or(band.y1, |w| w.y0);
            if groups.contains(&l.key) {
                group_found.get_or_insert((y0, l));
                continue;
            }
            return Some((y0, l));
        }
    }
    group_found
}

/// Rebuilds the rows of `table` from its row labels (see the module docs), replacing `plans`
/// when that is unambiguous; returns how many label words of its first row stand above that
/// row's label (0 when it did not rebuild): on a page after a break, the end of the label of the
/// last row of the page before (see [`carry_over`]).
pub(super) fn regroup<'a>(
    bands: &[Band<'a>],
    table: &Table,
    plans: &mut Vec<RowPlan<'a>>,
    roles: &mut [Role],
    work: &mut Work,
) -> usize {
    // Every band of the table's rows: value bands and the label bands attached to them (a
    // heading or note below the last row, which nothing attached, stays a line).
    let mut members: Vec<usize> = plans
        .iter()
        .flat_map(|p| p.labels.iter().map(|l| l.0).chain([p.anchor]))
        .collect();
    members.sort_unstable();
    members.dedup();
    let labels_of = |b: usize| -> &[&'a Word] { bands[b].labels() };
    let mut found: Vec<Start> = Vec::new();
    for &b in &members {
        if let Some((y0, label)) = start_in(&bands[b], labels_of(b), work) {
            found.push(Start {
                band: b,
                page: bands[b].page,
                y0,
                label,
            });
        }
    }
    // A group label is no row; （六）其他处理 is one only where its sub-items are not printed.
    let (_, groups) = &*LABELS;
    let is_group = |l: &Label| groups.contains(&l.key);
    let has_children = |g: &str| found.iter().any(|s| s.label.group.as_deref() == Some(g));
    let keep: Vec<bool> = found
        .iter()
        .map(|s| !(is_group(s.label) && has_children(&s.label.key)))
        .collect();
    let starts: Vec<Start> = found
        .into_iter()
        .zip(keep)
        .filter_map(|(s, k)| k.then_some(s))
        .collect();
    if starts.len() < 2 {
        return 0;
    }
    // Row bands: from each start's top (less a little: a value set at the top of its cell may
    // stand a little higher than the label's first line) to the next start's on the page. Only
    // a little: in a tightly set cell the line above is half a height away, and its centre
    // belongs to the row above.
    let slack = |b: usize| 0.25 * bands[b].h;
    let row_of = |page: usize, cy: f64| -> Option<usize> {
        // Starts are in band order, hence by page and then top to bottom.
        let after = starts.partition_point(|s| (s.page, s.y0 - slack(s.band)) <= (page, cy));
        // Above the first start of a later page: the row cut by the page break.
        after.checked_sub(1)
    };
    let mut rows: Vec<RowPlan<'a>> = starts
        .iter()
        .map(|s| RowPlan {
            anchor: s.band,
            labels: Vec::new(),
            values: Vec::new(),
            certain: Vec::new(),
            ambiguous: Vec::new(),
        })
        .collect();
    let mut above = 0;
    for &b in &members {
        let band = &bands[b];
        for &w in band.labels() {
            work.add(1);
            // Label text above the first row (a label wrapped above its values) is its.
            let r = row_of(band.page, f64::midpoint(w.y0, w.y1));
            above += usize::from(r.is_none());
            rows[r.unwrap_or(0)].labels.push((b, w));
        }
    }
    // The band each value came from, to move a whole line of values at once.
    let mut sources: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    for p in plans.iter() {
        let band = &bands[p.anchor];
        for (v, &certain) in p.values.iter().zip(&p.certain) {
            work.add(1);
            // A value above the first row label belongs to no row of the form.
            let Some(r) = row_of(band.page, f64::midpoint(v.y0, v.y1)) else {
                return 0;
            };
            rows[r].values.push(v.clone());
            rows[r].certain.push(certain);
            sources[r].push(p.anchor);
        }
    }
    // A row's values set at the top of a tall cell whose label is centred (or at its bottom,
    // the label at the top) stand in the band of the row above (or below): that row then has
    // two lines of values in one column, and this one a gap there. The extra line goes to the
    // row next to it whose columns it fills without a clash.
    let fills = |row: &RowPlan<'_>, line: &[&Word]| {
        let taken: Vec<Option<usize>> = row.values.iter().map(|v| table.column_for(v)).collect();
        line.iter().all(|w| {
            table
                .column_for(w)
                .is_none_or(|c| !taken.contains(&Some(c)))
        })
    };
    for r in 0..rows.len() {
        work.add(rows[r].values.len());
        if !has_conflict(&rows[r], table) {
            continue;
        }
        let (Some(&first), Some(&last)) = (sources[r].iter().min(), sources[r].iter().max()) else {
            continue;
        };
        if first == last {
            continue;
        }
        let line = |band: usize| -> Vec<&Word> {
            let values = rows[r].values.iter().zip(&sources[r]);
            values
                .filter(|(_, b)| **b == band)
                .map(|(v, _)| v)
                .collect()
        };
        let to = if rows.get(r + 1).is_some_and(|n| fills(n, &line(last))) {
            Some((r + 1, last))
        } else if r > 0 && fills(&rows[r - 1], &line(first)) {
            Some((r - 1, first))
        } else {
            None
        };
        if let Some((to, band)) = to {
            let keep: Vec<bool> = sources[r].iter().map(|&b| b != band).collect();
            let mut k = keep.iter();
            let (mut values, mut certain, mut src) = (Vec::new(), Vec::new(), Vec::new());
            let moved_values = std::mem::take(&mut rows[r].values);
            let moved_certain = std::mem::take(&mut rows[r].certain);
            let moved_sources = std::mem::take(&mut sources[r]);
            for ((v, c), b) in moved_values
                .into_iter()
                .zip(moved_certain)
                .zip(moved_sources)
            {
                if k.next().copied().unwrap_or(true) {
                    values.push(v);
                    certain.push(c);
                    src.push(b);
                } else {
                    rows[to].values.push(v);
                    rows[to].certain.push(c);
                    sources[to].push(b);
                }
            }
            rows[r].values = values;
            rows[r].certain = certain;
            sources[r] = src;
        }
    }
    split_orphan_lines(bands, table, &mut rows, &mut sources, work);
    // Unambiguous only if no row has two values in one column.
    if rows.iter().any(|row| has_conflict(row, table)) {
        return 0;
    }
    for (row, src) in rows.iter_mut().zip(&sources) {
        if let Some(&first) = src.iter().min() {
            row.anchor = row.anchor.min(first);
        }
    }
    for row in &mut rows {
        row.labels
            .sort_by(|a, b| a.0.cmp(&b.0).then(a.1.x0.total_cmp(&b.1.x0)));
        if let Some(&(first, _)) = row.labels.first() {
            row.anchor = row.anchor.min(first);
        }
    }
    for &b in &members {
        roles[b] = Role::Regrouped;
    }
    *plans = rows;
    above
}

/// A row left with two values in one column after the moves of [`regroup`], one of them on a
/// line of values alone (no label text) that fits neither the row above nor the row below: the
/// wrapped part of a number that the joining in `wrapped` could not place — "143" over "3" for
/// 1433 where the cell's lines are set double-spaced and their boxes do not touch (held-out seed
/// 41 lo-form-013, （七）总计). That line becomes a row of its own, without a label, so the rest of
/// the table is still rebuilt from its labels, and `orphans::mark` makes the cells of the rows
/// beside it in its columns uncertain: a check that rests on them is a warning, never an error.
/// Refusing the whole regrouping for it put every row's label beside the wrong values (a row
/// "missing" and five errors on a clean report).
///
/// The row keeps its line with the most values (a label line before a label-less one); only
/// label-less lines that clash with it and leave some column empty are split off.
fn split_orphan_lines<'a>(
    bands: &[Band<'a>],
    table: &Table,
    rows: &mut Vec<RowPlan<'a>>,
    sources: &mut Vec<Vec<usize>>,
    work: &mut Work,
) {
    let mut split: Vec<(RowPlan<'a>, Vec<usize>)> = Vec::new();
    for (row, src) in rows.iter_mut().zip(sources.iter_mut()) {
        work.add(row.values.len());
        if !has_conflict(row, table) {
            continue;
        }
        let mut lines: Vec<usize> = src.clone();
        lines.sort_unstable();
        lines.dedup();
        let count = |b: usize| src.iter().filter(|&&s| s == b).count();
        let Some(&main) = lines.iter().max_by_key(|&&b| {
            (
                count(b),
                !bands[b].labels().is_empty(),
                std::cmp::Reverse(b),
            )
        }) else {
            continue;
        };
        let columns_of = |row: &RowPlan<'_>, src: &[usize], b: usize| -> Vec<usize> {
            row.values
                .iter()
                .zip(src)
                .filter(|(_, s)| **s == b)
                .filter_map(|(v, _)| table.column_for(v))
                .collect()
        };
        let main_columns = columns_of(row, src, main);
        for &b in &lines {
            let columns = columns_of(row, src, b);
            let orphan = b != main
                && bands[b].labels().is_empty()
                && columns.len() < table.columns.len()
                && columns.iter().any(|c| main_columns.contains(c));
            if !orphan {
                continue;
            }
            let mut line = RowPlan {
                anchor: b,
                labels: Vec::new(),
                values: Vec::new(),
                certain: Vec::new(),
                ambiguous: Vec::new(),
            };
            let (mut values, mut certain, mut kept) = (Vec::new(), Vec::new(), Vec::new());
            let taken_values = std::mem::take(&mut row.values);
            let taken_certain = std::mem::take(&mut row.certain);
            for ((v, c), s) in taken_values.into_iter().zip(taken_certain).zip(src.iter()) {
                if *s == b {
                    line.values.push(v);
                    line.certain.push(c);
                } else {
                    values.push(v);
                    certain.push(c);
                    kept.push(*s);
                }
            }
            row.values = values;
            row.certain = certain;
            *src = kept;
            let line_src = vec![b; line.values.len()];
            split.push((line, line_src));
        }
    }
    for (line, src) in split {
        rows.push(line);
        sources.push(src);
    }
}

/// A label cut by a page break goes on at the top of the next page, where the table (its
/// header repeated) is another: the label words above the first row of a table that starts on
/// the page after the previous table's last row (`above[t]` of them, from [`regroup`]) are that
/// row's.
pub(super) fn carry_over(bands: &[Band<'_>], plans: &mut [Vec<RowPlan<'_>>], above: &[usize]) {
    for t in 1..plans.len() {
        let n = above.get(t).copied().unwrap_or(0);
        let (before, after) = plans.split_at_mut(t);
        let (Some(last), Some(first)) = (before[t - 1].last_mut(), after[0].first_mut()) else {
            continue;
        };
        let last_page = last
            .labels
            .iter()
            .map(|l| bands[l.0].page)
            .chain([bands[last.anchor].page])
            .max();
        let lead: Vec<(usize, &Word)> = first.labels.iter().take(n).copied().collect();
        let next_page = lead.iter().map(|l| bands[l.0].page).min();
        if n == 0 || lead.len() < n || next_page.zip(last_page).is_none_or(|(a, b)| a != b + 1) {
            continue;
        }
        first.labels.drain(..n);
        last.labels.extend(lead);
    }
}

/// Whether two of a row's values fall into one column.
fn has_conflict(row: &RowPlan<'_>, table: &Table) -> bool {
    let mut taken = vec![false; table.columns.len()];
    row.values
        .iter()
        .filter_map(|v| table.column_for(v))
        .any(|c| std::mem::replace(&mut taken[c], true))
}

/// The headings of the form inside its tables: 表二's item headings ("第二十条第（一）项") and the
/// "信息内容" header of each item. Such a line is a row of the table's header, never the label of
/// a value row, so it ends a table (the values of the next item are under other headers). The
/// report's numbered section headings ("四、政府信息公开行政复议、行政诉讼情况") too: set close
/// under a table's last row, one is never that row's label.
static HEADINGS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let sections = SECTIONS.iter().flat_map(|s| {
        std::iter::once(s.heading)
            .chain(s.variants.iter().copied())
            .map(move |h| fold(s.number).chain(fold(h)).collect())
    });
    ACTIVE_DISCLOSURE_2021
        .iter()
        .chain(&ACTIVE_DISCLOSURE_2019)
        .map(|item| fold(item.heading).collect())
        .chain([fold("信息内容").collect()])
        .chain(sections)
        .collect()
});

/// Whether a band begins with one of the form's table headings (see [`HEADINGS`]).
pub(super) fn is_heading(band: &Band<'_>) -> bool {
    let key: String = band
        .words
        .iter()
        .take(MAX_LEAD_WORDS)
        .flat_map(|w| fold(&w.text))
        .take(MAX_KEY_CHARS)
        .collect();
    HEADINGS.iter().any(|h| key.starts_with(h.as_str()))
}

#[cfg(test)]
#[path = "rows_tests.rs"]
mod tests;
