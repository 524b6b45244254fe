//! Text laid out in columns by `pdftotext -layout`: table rows put back together.
//!
//! `pdftotext -layout` prints a PDF table as it looks, one printed line per line, with spaces
//! for the cells' positions. Two shapes of a row then break the reading in order (label, then
//! values) that every other text relies on:
//!
//! - **a row label wrapped over several lines around the line of its values** — the values on
//!   the first, a middle or the last line of the label ("（二）部分公开（区分处理的，只计这一情" /
//!   values / "形，不计其他情形）"), with the lines of a group label ("（六）其" / "他处理")
//!   interleaved at its left;
//! - **a row's values split over two lines** (a cell whose value the producer set higher or lower
//!   than the others: "…只计这一情 … 0" / "0 0 0 0 0 0").
//!
//! The rows are rebuilt here, before the mapper, as lines of their own: the label's parts, then
//! the values in column order. Which label parts belong to a row is decided by the form: a
//! line's label words join the row of the value line above or below only if they stand in the
//! row label's column (their character columns overlap the label on the value line) and the
//! parts joined are, in order, a piece of one of the form's row labels — never another row's
//! label, a group label or a header. A value row split over two lines is joined only when the
//! two lines' values fall, by their character positions, into different columns of the table's
//! full rows on the same page and together fill every column once.
//!
//! Positions are counted in characters, as `pdftotext -layout` places text (it gives every
//! character one column, CJK included: on the sample PDFs the value columns line up by
//! character count, and drift apart counted in display widths). Every piece of a rebuilt line
//! keeps its own place in the file, so a value's span is the number in the `.txt` file.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use gongkai_core::template::{
    APPLICANT_COLUMNS, APPLICATION_GROUPS, APPLICATION_OTHER_HANDLING_SINGLE, APPLICATION_ROWS,
    REVIEW_COLUMNS, REVIEW_GROUPS, labelled_rows,
};

use crate::footer::is_footer;
use crate::mapper::{fold, is_value_word};

/// Lines longer than this (in characters) are no table rows: left as they are, and the search
/// for a row's label parts stays bounded on hostile input.
const MAX_LINE_CHARS: usize = 600;
/// How many non-blank lines above and below its value line a row's label may reach.
const MAX_LABEL_LINES: usize = 8;
/// How many lines (blank ones too) above and below its value line a row's label is looked for:
/// with [`GRID_ROWS`], what keeps the rebuilding linear in the size of the file.
const LABEL_REACH: usize = 4 * MAX_LABEL_LINES;
/// How many value lines before and after a row its table's column grid is taken from.
const GRID_ROWS: usize = 40;
/// Value lines further apart than this many lines are different tables.
const SEGMENT_GAP: usize = 12;

/// A word of a line: its byte range in the file and its character columns.
#[derive(Debug, Clone)]
struct Word {
    bytes: Range<usize>,
    cols: Range<usize>,
}

/// A line of the file, split into words.
#[derive(Debug, Default)]
struct Line {
    words: Vec<Word>,
    /// Index of the first of the line's trailing values, when it ends in values set apart from
    /// its text by two spaces or more.
    values_from: Option<usize>,
    page: usize,
}

impl Line {
    fn values(&self) -> &[Word] {
        self.values_from.map_or(&[], |i| &self.words[i..])
    }
    fn labels(&self) -> &[Word] {
        &self.words[..self.values_from.unwrap_or(self.words.len())]
    }
    fn is_blank(&self) -> bool {
        self.words.is_empty()
    }
}

/// The blocks that replace some lines of the file: for a line index, the lines to emit there
/// instead of it (an empty list drops it), each as its pieces — a source byte range, and whether
/// it continues the piece before without a space (the digits of a number wrapped in its cell) —
/// and whether its values' columns are uncertain.
pub(crate) type Plan = BTreeMap<usize, Vec<(Vec<(Range<usize>, bool)>, bool)>>;

/// The row labels of 表三 (with the variants), folded.
static APPLICATION_KEYS: LazyLock<Vec<String>> = LazyLock::new(|| {
    APPLICATION_ROWS
        .iter()
        .chain(std::iter::once(&APPLICATION_OTHER_HANDLING_SINGLE))
        .flat_map(|row| std::iter::once(&row.label).chain(row.variants))
        .map(|l| l.chars().filter_map(fold).collect())
        .collect()
});

/// Every row label of 表二 and 表三 (both formats, with the variants), folded.
static LABEL_KEYS: LazyLock<Vec<String>> = LazyLock::new(|| {
    labelled_rows()
        .flat_map(|row| std::iter::once(&row.label).chain(row.variants))
        .map(|l| l.chars().filter_map(fold).collect())
        .collect()
});

/// The group labels of 表三, folded: "（六）其他处理" is a row of the 2019 form but the group over
/// three rows in the 2021 form, so it is never taken for a whole row label here.
static GROUP_KEYS: LazyLock<Vec<String>> = LazyLock::new(|| {
    APPLICATION_GROUPS
        .iter()
        .map(|g| g.chars().filter_map(fold).collect())
        .collect()
});

/// Whether folded `s` is a piece of a row label of the form, and whether it is a whole one.
fn label_piece(s: &str) -> Option<bool> {
    if s.is_empty() {
        return None;
    }
    let mut piece = None;
    for k in LABEL_KEYS.iter() {
        if k == s && !GROUP_KEYS.iter().any(|g| g == s) {
            return Some(true);
        }
        if k.contains(s) {
            piece = Some(false);
        }
    }
    piece
}

/// Whether folded `s` begins a row label of the form (its number and more).
fn label_start(s: &str) -> bool {
    s.chars().count() >= 3 && LABEL_KEYS.iter().any(|k| k.starts_with(s))
}

fn folded(text: &str, words: &[Word]) -> String {
    words
        .iter()
        .flat_map(|w| text.get(w.bytes.clone()).unwrap_or("").chars())
        .filter_map(fold)
        .collect()
}

fn split_lines(text: &str) -> Vec<Line> {
    let mut page = 0;
    crate::text::lines_with_offsets(text)
        .map(|(offset, line)| {
            page += line.matches('\u{c}').count();
            let mut out = Line {
                page,
                ..Line::default()
            };
            // A line with TABs is a row of cells already (TAB-separated text).
            if line.contains('\t') || line.chars().count() > MAX_LINE_CHARS || is_footer(line) {
                return out;
            }
            let mut start: Option<(usize, usize)> = None;
            let mut col = 0;
            for (i, c) in line
                .char_indices()
                .chain(std::iter::once((line.len(), ' ')))
            {
                if c.is_whitespace() {
                    if let Some((b, c0)) = start.take() {
                        out.words.push(Word {
                            bytes: offset + b..offset + i,
                            cols: c0..col,
                        });
                    }
                } else if start.is_none() {
                    start = Some((i, col));
                }
                if c != '\u{c}' {
                    col += 1;
                }
            }
            let mut first = out.words.len();
            while first > 0
                && out
                    .words
                    .get(first - 1)
                    .is_some_and(|w| is_value_word(text.get(w.bytes.clone()).unwrap_or("")))
            {
                first -= 1;
            }
            // Values set apart from the label by two spaces or more, or two values or more: a
            // lone "无" one space after "（四）" is a piece of a label.
            let apart = first == 0
                || out.words.len() - first >= 2
                || out
                    .words
                    .get(first)
                    .zip(out.words.get(first - 1))
                    .is_some_and(|(v, l)| v.cols.start >= l.cols.end + 2);
            if first < out.words.len() && apart {
                out.values_from = Some(first);
            }
            out
        })
        .collect()
}

/// Whether the text looks like `pdftotext -layout` output: three lines or more ending in two
/// values or more, with words set apart by two spaces or more (cells placed by position).
fn is_column_layout(lines: &[Line]) -> bool {
    lines
        .iter()
        .filter(|l| {
            l.values().len() >= 2
                && l.words
                    .windows(2)
                    .any(|p| p[1].cols.start >= p[0].cols.end + 2)
        })
        .take(3)
        .count()
        >= 3
}

/// The column centres (doubled, to stay in integers) of a table's full rows on one page.
fn grid(lines: &[Line], rows: &[usize], n: usize) -> Option<Vec<usize>> {
    let mut cols: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &r in rows {
        let v = lines.get(r)?.values();
        if v.len() == n {
            for (j, w) in v.iter().enumerate() {
                cols[j].push(w.cols.start + w.cols.end);
            }
        }
    }
    let mut centres = Vec::with_capacity(n);
    for mut c in cols {
        if c.is_empty() {
            return None;
        }
        c.sort_unstable();
        centres.push(c[c.len() / 2]);
    }
    centres.windows(2).all(|p| p[0] < p[1]).then_some(centres)
}

/// The column of each value, by the nearest centre; `None` when a value is as near to two.
fn columns_of(words: &[Word], centres: &[usize]) -> Option<Vec<usize>> {
    words
        .iter()
        .map(|w| {
            let c = w.cols.start + w.cols.end;
            let mut by: Vec<(usize, usize)> = centres
                .iter()
                .enumerate()
                .map(|(j, &x)| (x.abs_diff(c), j))
                .collect();
            by.sort_unstable();
            match (by.first(), by.get(1)) {
                (Some(a), Some(b)) if a.0 < b.0 => Some(a.1),
                (Some(a), None) => Some(a.1),
                _ => None,
            }
        })
        .collect()
}

/// A rebuilt row.
struct Row {
    /// The line the row is emitted at.
    at: usize,
    /// The second line of a value row split over two lines.
    second: Option<usize>,
    /// The first and last lines of the row's values (a number wrapped in its cell has its first
    /// digits on the line above the row's, its last below).
    top: usize,
    bottom: usize,
    /// The rest of a wrapped number: (index in `values`, the word below).
    tails: Vec<(usize, (usize, usize))>,
    /// Label words: (line, word index), in reading order.
    label: Vec<(usize, usize)>,
    /// Value words: (line, word index), in column order.
    values: Vec<(usize, usize)>,
    /// Whether the values' columns could not be told: fewer values than the table has columns
    /// (pdftotext leaves no trace of an empty cell), and no second line to complete them.
    uncertain: bool,
}

/// Plans the rebuilding of `text`'s table rows, or `None` when it is not column-laid-out text
/// (or nothing in it needs rebuilding).
pub(crate) fn plan(text: &str) -> Option<Plan> {
    let lines = split_lines(text);
    if !is_column_layout(&lines) {
        return None;
    }
    let value_lines: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].values_from.is_some())
        .collect();
    // Segments: value lines no more than SEGMENT_GAP apart.
    let mut segments: Vec<Vec<usize>> = Vec::new();
    for &i in &value_lines {
        match segments.last_mut() {
            Some(s) if s.last().is_some_and(|&l| i - l <= SEGMENT_GAP) => s.push(i),
            _ => segments.push(vec![i]),
        }
    }
    let mut claimed: Vec<Vec<bool>> = lines.iter().map(|l| vec![false; l.words.len()]).collect();
    let mut rows: Vec<Row> = Vec::new();
    for seg in &segments {
        let n = columns_in(&lines, seg);
        let mut k = 0;
        while k < seg.len() {
            let a = seg[k];
            let mut row = Row {
                at: a,
                second: None,
                top: a,
                bottom: a,
                tails: Vec::new(),
                label: Vec::new(),
                values: (lines[a].values_from.unwrap_or(0)..lines[a].words.len())
                    .map(|w| (a, w))
                    .collect(),
                uncertain: false,
            };
            // The column grid from the rows near this one: linear work, and the columns where
            // this part of the table is printed.
            let near = &seg[k.saturating_sub(GRID_ROWS)..(k + GRID_ROWS).min(seg.len())];
            let k_near = k - k.saturating_sub(GRID_ROWS);
            if let Some(wrapped) = wrapped_row(&lines, near, n, k_near) {
                row = wrapped;
                k += 2;
            } else if let Some(&b) = seg.get(k + 1)
                && let Some(values) = split_row(&lines, near, n, a, b)
            {
                row.second = Some(b);
                row.values = values;
                k += 1;
            }
            k += 1;
            row.label = row_label(text, &lines, &claimed, &row);
            row.uncertain = columns_unknown(text, &lines, &row, n);
            let tails = row.tails.iter().map(|(_, p)| p);
            for &(l, w) in row.label.iter().chain(&row.values).chain(tails) {
                if let Some(c) = claimed.get_mut(l).and_then(|c| c.get_mut(w)) {
                    *c = true;
                }
            }
            rows.push(row);
        }
    }
    emit(&lines, &claimed, &rows)
}

/// Whether a row's values cannot be put in their columns with confidence: a row of 表三 (its
/// label a piece of one of 表三's, or none) with some but not all of its seven values, or 表四's
/// line of values (under its header words) with fewer or more than fifteen.
fn columns_unknown(text: &str, lines: &[Line], row: &Row, n: usize) -> bool {
    let count = row.values.len();
    if row.second.is_some() || count == 0 {
        return false;
    }
    let word = |&(l, w): &(usize, usize)| lines[l].words[w].clone();
    let key = folded(text, &row.label.iter().map(word).collect::<Vec<_>>());
    let applicants = APPLICANT_COLUMNS.len();
    if n == applicants && count < applicants {
        return key.is_empty() || APPLICATION_KEYS.iter().any(|k| k.contains(key.as_str()));
    }
    let review = REVIEW_GROUPS.len() * REVIEW_COLUMNS.len();
    if key.is_empty() && count >= 2 && count != review {
        // 表四's header words ("结果" / "维持", "尚未" / "审结") in the lines above.
        let above: String = lines[row.at.saturating_sub(SEGMENT_GAP)..row.at]
            .iter()
            .map(|l| folded(text, l.labels()))
            .collect();
        return above.contains("维持") || above.contains("审结");
    }
    false
}

/// A row whose numbers are wrapped in their cells: value lines `seg[at]`, `seg[at + 1]` and
/// `seg[at + 2]` one under the other, the first and last with values only, in the same columns of
/// the table's full rows ("114" over "9" for 1149), the middle one (the row's line) with the
/// others, together every column once. `None` for any other shape.
fn wrapped_row(lines: &[Line], seg: &[usize], n: usize, at: usize) -> Option<Row> {
    let (&above, &v, &below) = (seg.get(at)?, seg.get(at + 1)?, seg.get(at + 2)?);
    if v != above + 1 || below != v + 1 || n < 2 {
        return None;
    }
    let (la, lv, lb) = (&lines[above], &lines[v], &lines[below]);
    let (va, vv, vb) = (la.values(), lv.values(), lb.values());
    // The parts above and below are values only: a label there is another row's.
    if va.len() != vb.len() || va.len() + vv.len() != n || !la.labels().is_empty() {
        return None;
    }
    if !lb.labels().is_empty() || la.page != lb.page {
        return None;
    }
    let same_page: Vec<usize> = seg
        .iter()
        .copied()
        .filter(|&i| lines[i].page == lv.page)
        .collect();
    let centres = grid(lines, &same_page, n).or_else(|| grid(lines, seg, n))?;
    let (ca, cv, cb) = (
        columns_of(va, &centres)?,
        columns_of(vv, &centres)?,
        columns_of(vb, &centres)?,
    );
    if ca != cb {
        return None;
    }
    let mut slots: Vec<Option<(usize, usize)>> = vec![None; n];
    for (line, first, cols) in [(above, la.values_from?, &ca), (v, lv.values_from?, &cv)] {
        for (i, &c) in cols.iter().enumerate() {
            let slot = slots.get_mut(c)?;
            if slot.is_some() {
                return None;
            }
            *slot = Some((line, first + i));
        }
    }
    let values: Vec<(usize, usize)> = slots.into_iter().collect::<Option<_>>()?;
    let fb = lb.values_from?;
    let tails = cb
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, (below, fb + i)))
        .collect();
    Some(Row {
        at: v,
        second: None,
        top: above,
        bottom: below,
        tails,
        label: Vec::new(),
        values,
        uncertain: false,
    })
}

/// How many values a full row of a table has: the most frequent count of two or more (the
/// larger on a tie).
fn columns_in(lines: &[Line], seg: &[usize]) -> usize {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for &i in seg {
        let n = lines[i].values().len();
        if n >= 2 {
            *counts.entry(n).or_default() += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|&(n, c)| (*c, *n))
        .map_or(0, |(n, _)| *n)
}

/// The values of value lines `a` and `b` as one row, in column order, when `b` follows `a`
/// (blank lines aside), neither is full, and their values fall into different columns of the
/// full rows on the page and fill all `n`.
fn split_row(
    lines: &[Line],
    seg: &[usize],
    n: usize,
    a: usize,
    b: usize,
) -> Option<Vec<(usize, usize)>> {
    let (la, lb) = (lines.get(a)?, lines.get(b)?);
    let (va, vb) = (la.values(), lb.values());
    if n < 2 || va.len() + vb.len() != n || va.len() >= n || vb.len() >= n {
        return None;
    }
    // Between them at most two lines, without values (a group label's line, a label's).
    if b > a + 3 || la.page != lb.page {
        return None;
    }
    let same_page: Vec<usize> = seg
        .iter()
        .copied()
        .filter(|&i| lines[i].page == la.page)
        .collect();
    let centres = grid(lines, &same_page, n).or_else(|| grid(lines, seg, n))?;
    let ca = columns_of(va, &centres)?;
    let cb = columns_of(vb, &centres)?;
    let mut slots: Vec<Option<(usize, usize)>> = vec![None; n];
    let fa = la.values_from?;
    let fb = lb.values_from?;
    for (line, first, cols) in [(a, fa, ca), (b, fb, cb)] {
        for (i, c) in cols.into_iter().enumerate() {
            let slot = slots.get_mut(c)?;
            if slot.is_some() {
                return None;
            }
            *slot = Some((line, first + i));
        }
    }
    slots.into_iter().collect()
}

/// The label words of a row: those of its value line(s) in the label's column, joined by the
/// label lines above and below that continue it as a piece of one of the form's row labels.
fn row_label(text: &str, lines: &[Line], claimed: &[Vec<bool>], row: &Row) -> Vec<(usize, usize)> {
    let a = &lines[row.at];
    let word = |&(l, w): &(usize, usize)| &lines[l].words[w];
    let key_of =
        |ws: &[(usize, usize)]| folded(text, &ws.iter().map(word).cloned().collect::<Vec<_>>());
    // The label on the value line: the most of its last words that are a piece of a row label
    // ("4.无正当理由大量反复 申请"), else its last word. The words left of it stand in group
    // columns (or continue it: they stay just before the rebuilt row, which the mapper reads
    // through).
    let n = a.labels().len();
    let own: Vec<(usize, usize)> = (0..n)
        .map(|from| (from..n).map(|w| (row.at, w)).collect::<Vec<_>>())
        .find(|ws| label_piece(&key_of(ws)).is_some())
        .map_or_else(
            || {
                n.checked_sub(1)
                    .map(|w| vec![(row.at, w)])
                    .unwrap_or_default()
            },
            |mut ws| {
                // Punctuation left of the label ("、" of a vertical "三、本年度") is not in it.
                while ws.len() > 1 && key_of(&ws[..1]).is_empty() {
                    ws.remove(0);
                }
                ws
            },
        );
    let own_key = key_of(&own);
    let own_piece = label_piece(&own_key).is_some();
    // Only a piece of a group label may be left out of the row's label ("处理" of "（六）其他" /
    // "处理", the row's label centred above and below it), and only for a label found whole.
    let own_in_group = GROUP_KEYS.iter().any(|g| g.contains(own_key.as_str()));
    let last = row.second.unwrap_or(row.bottom);
    let up: Vec<usize> = (row.top.saturating_sub(LABEL_REACH)..row.top)
        .rev()
        .collect();
    let down: Vec<usize> = (last + 1..(last + 1 + LABEL_REACH).min(lines.len())).collect();
    // The lines down to the second line of a split value row: their label words continue the
    // label.
    let second: Vec<usize> = row
        .second
        .map_or_else(Vec::new, |b| (row.at + 1..=b).collect());
    // (whole, with the value line's word, nearness, from above first), and the words.
    let mut best: Option<(Rank, Vec<(usize, usize)>)> = None;
    let starts: &[bool] = match (own.is_empty(), own_piece, own_in_group) {
        (true, _, _) => &[false],
        (false, true, true) => &[true, false],
        (false, true, false) => &[true],
        (false, false, _) => return own,
    };
    for &with_own in starts {
        for up_first in [true, false] {
            let mut parts: Vec<Vec<(usize, usize)>> = Vec::new();
            if with_own {
                parts.push(own.clone());
            }
            let mut span = parts.first().and_then(|p| {
                let first = p.first().map(|w| word(w).cols.start)?;
                let last = p.last().map(|w| word(w).cols.end)?;
                Some(first..last)
            });
            let orders: [(&[usize], bool, bool); 3] = if up_first {
                [
                    (&up, true, false),
                    (&second, false, true),
                    (&down, false, false),
                ]
            } else {
                [
                    (&second, false, true),
                    (&down, false, false),
                    (&up, true, false),
                ]
            };
            for order in orders {
                extend(text, lines, claimed, order, &mut parts, &mut span);
            }
            let all: Vec<(usize, usize)> = parts.concat();
            let key = folded(text, &all.iter().map(word).cloned().collect::<Vec<_>>());
            let whole = label_piece(&key) == Some(true);
            // Without the value line's word the row's label must be found whole around it, or,
            // when the value line has no label at all, at least its beginning: a stray header
            // word ("结" of "尚未审结") is no label.
            let acceptable = with_own || whole || (own.is_empty() && label_start(&key));
            if !acceptable {
                continue;
            }
            // Between two whole labels (the label printed above its values, the next row's
            // label below them) the nearer one, and the one above when they are as near.
            let reach = all
                .iter()
                .map(|&(l, _)| l.abs_diff(row.at))
                .max()
                .unwrap_or(0);
            let rank = (whole, with_own, std::cmp::Reverse(reach), up_first);
            if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                best = Some((rank, all));
            }
        }
    }
    best.map_or(own, |(_, all)| all)
}

/// How a row label found is ranked: whole, with the value line's word, nearness (the farthest
/// line it reaches), found from above first.
type Rank = (bool, bool, std::cmp::Reverse<usize>, bool);

/// Extends the label `parts` with the label lines of `candidates` (nearest first), above or
/// below it, while each keeps the whole a piece of a row label: a line's words that overlap
/// the label's columns, fewer from the left if need be; lines without such words are passed.
/// `second` says the candidate is the second line of a split value row, whose label words are
/// read although it has values; any other value line is another row and ends the search.
fn extend(
    text: &str,
    lines: &[Line],
    claimed: &[Vec<bool>],
    (candidates, above, second): (&[usize], bool, bool),
    parts: &mut Vec<Vec<(usize, usize)>>,
    span: &mut Option<Range<usize>>,
) {
    let mut seen = 0;
    for &l in candidates {
        let line = &lines[l];
        if line.is_blank() {
            continue;
        }
        if line.values_from.is_some() && !second {
            break;
        }
        seen += 1;
        if seen > MAX_LABEL_LINES {
            break;
        }
        let words: Vec<usize> = (0..line.labels().len())
            .filter(|&w| {
                let c = &line.words[w].cols;
                // Two columns either way: the lines of a centred label shift by half their
                // difference in length.
                span.as_ref()
                    .is_none_or(|s| c.start < s.end + 2 && s.start < c.end + 2)
            })
            .collect();
        if words.is_empty() {
            continue;
        }
        if words.iter().any(|&w| claimed[l][w]) {
            break;
        }
        let mut taken = None;
        for from in 0..words.len() {
            let piece: Vec<(usize, usize)> = words[from..].iter().map(|&w| (l, w)).collect();
            let mut trial = parts.clone();
            if above {
                trial.insert(0, piece.clone());
            } else {
                trial.push(piece.clone());
            }
            let all: Vec<Word> = trial
                .concat()
                .iter()
                .map(|&(l, w)| lines[l].words[w].clone())
                .collect();
            if label_piece(&folded(text, &all)).is_some() {
                taken = Some((trial, piece));
                break;
            }
        }
        let Some((trial, piece)) = taken else { break };
        if span.is_none() {
            *span = piece
                .first()
                .zip(piece.last())
                .map(|(f, z)| lines[f.0].words[f.1].cols.start..lines[z.0].words[z.1].cols.end);
        }
        *parts = trial;
    }
}

/// The plan from the rows: each row's line replaced by the words left on it and the row; every
/// other line with words taken by a row keeps the rest.
fn emit(lines: &[Line], claimed: &[Vec<bool>], rows: &[Row]) -> Option<Plan> {
    let range = |(l, w): (usize, usize)| lines[l].words[w].bytes.clone();
    let mut plan = Plan::new();
    // A row read from its own line alone is left as it is.
    let moved = |row: &Row| {
        row.uncertain
            || row.second.is_some()
            || !row.tails.is_empty()
            || row.label.iter().any(|&(l, _)| l != row.at)
    };
    let mut touched: Vec<usize> = Vec::new();
    for row in rows.iter().filter(|r| moved(r)) {
        let mut at = Vec::new();
        let left: Vec<(Range<usize>, bool)> = (0..lines[row.at].words.len())
            .filter(|&w| !claimed[row.at][w])
            .map(|w| (range((row.at, w)), false))
            .collect();
        if !left.is_empty() {
            at.push((left, false));
        }
        let mut pieces: Vec<(Range<usize>, bool)> =
            row.label.iter().map(|&p| (range(p), false)).collect();
        for (i, &p) in row.values.iter().enumerate() {
            pieces.push((range(p), false));
            for (_, tail) in row.tails.iter().filter(|(t, _)| *t == i) {
                pieces.push((range(*tail), true));
            }
        }
        at.push((pieces, row.uncertain));
        plan.insert(row.at, at);
        touched.extend(row.label.iter().map(|&(l, _)| l));
        touched.extend(row.second);
        touched.extend(row.top..=row.bottom);
    }
    for l in touched {
        if plan.contains_key(&l) {
            continue;
        }
        let left: Vec<(Range<usize>, bool)> = (0..lines[l].words.len())
            .filter(|&w| !claimed[l][w])
            .map(|w| (range((l, w)), false))
            .collect();
        plan.insert(
            l,
            if left.is_empty() {
                vec![]
            } else {
                vec![(left, false)]
            },
        );
    }
    (!plan.is_empty()).then_some(plan)
}

#[cfg(test)]
mod tests;
