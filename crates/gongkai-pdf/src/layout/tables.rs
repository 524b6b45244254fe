//! Tables: consecutive value bands with consistent columns, and the label bands around their rows.

use super::bands::{Band, is_value};
use super::columns::{Anchor, split};
use super::rows::is_heading;
use super::{Role, Work};
use crate::Word;

/// The most value columns a table may have. The form's widest table has 15; a band with more
/// numbers than this is a line of text, and a row that would widen a table past it starts a new
/// one, so that no table renders more than this many cells per row (a hostile page of numbers
/// at a thousand x positions would otherwise give a thousand cells to each of its rows).
pub(super) const MAX_COLUMNS: usize = 48;

/// A table being recognised: its rows (band indices) and value columns.
pub(super) struct Table {
    pub(super) rows: Vec<usize>,
    /// Label-only bands inside the table region, to be attached to rows.
    pub(super) label_bands: Vec<usize>,
    /// Merged x intervals of the value words, sorted and disjoint.
    pub(super) columns: Vec<(f64, f64)>,
    /// How each column's values are aligned (set with the columns by `columns::settle`).
    pub(super) anchors: Vec<Anchor>,
    /// The right edge of the rows' label text so far.
    pub(super) labels_x1: f64,
}

impl Table {
    pub(super) fn zone(&self) -> (f64, f64) {
        let x0 = self.columns.first().map_or(0.0, |c| c.0);
        let x1 = self.columns.last().map_or(0.0, |c| c.1);
        (x0, x1)
    }

    /// Adds the boxes of `words` to the columns, merging the intervals they touch (half a point
    /// apart or less), as a merge of all intervals sorted at once would.
    fn add_columns(&mut self, words: &[&Word], work: &mut Work) {
        for w in words {
            let (mut x0, mut x1) = (w.x0, w.x1);
            let from = self.columns.partition_point(|c| c.1 + 0.5 < x0);
            let to = from
                + self.columns[from..]
                    .iter()
                    .take_while(|c| c.0 <= x1 + 0.5)
                    .count();
            work.add(to - from + 1);
            for c in &self.columns[from..to] {
                x0 = x0.min(c.0);
                x1 = x1.max(c.1);
            }
            self.columns.splice(from..to, [(x0, x1)]);
        }
    }

    /// The one column a value goes to: the one it overlaps most (the parts of a split word
    /// touch the neighbouring column's edge), or is within a point of.
    pub(super) fn column_for(&self, w: &Word) -> Option<usize> {
        self.columns_of(w)
            .map(|c| {
                let col = self.columns[c];
                (c, w.x1.min(col.1) - w.x0.max(col.0))
            })
            .filter(|&(_, overlap)| overlap > -1.0)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(c, _)| c)
    }

    /// The columns that `w` overlaps (with a point of slack), as a range of indices.
    pub(super) fn columns_of(&self, w: &Word) -> std::ops::Range<usize> {
        let from = self.columns.partition_point(|c| c.1 + 1.0 <= w.x0);
        let to = from
            + self.columns[from..]
                .iter()
                .take_while(|c| c.0 - 1.0 < w.x1)
                .count();
        from..to
    }
}

/// Groups value bands into tables (see the module docs) and marks them as rows.
///
/// A band of values alone, each under a column of the open table, continues it even when it
/// is a single number: a value centred in a tall cell sits on a line of its own, between the
/// lines of its row's label.
pub(super) fn find_tables(
    bands: &mut [Band<'_>],
    roles: &mut [Role],
    work: &mut Work,
) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    let mut open: Option<Table> = None;
    for i in 0..bands.len() {
        if roles[i] == Role::Dropped {
            continue;
        }
        if !bands[i].is_row() && open.as_ref().is_some_and(|t| lone_values(t, &bands[i])) {
            bands[i].values_from = Some(0);
        }
        let band = &bands[i];
        let tol = band.h;
        work.add(band.words.len());
        if let Some(from) = band.values_from {
            // A group label printed down its column, one character a line, may put the "无"
            // of （四）无法提供 on a row's band, far left of the table's values: label text, not
            // a blank mark (a number there may be a value of a column not seen yet).
            let lone_mark = |w: &&Word| {
                w.text.chars().count() == 1 && !w.text.chars().any(|c| c.is_ascii_digit())
            };
            let skip = match open.as_ref() {
                Some(t) => {
                    let (zx0, _) = t.zone();
                    band.words[from..]
                        .iter()
                        .take_while(|w| w.x1 < zx0 - 2.0 * band.h && lone_mark(w))
                        .count()
                }
                // The band opens a table (the first row on a page after a repeated header):
                // no columns yet, so the band's own values say where they are — marks set
                // apart from them by more than twice their widest gap stand in the label
                // columns.
                None => marks_before_values(&band.words[from..], band.h, lone_mark),
            };
            if skip > 0 && from + skip < band.words.len() {
                bands[i].values_from = Some(from + skip);
            }
        }
        let band = &bands[i];
        if band.is_row() {
            let fits = open.as_ref().is_some_and(|t| fits(t, band));
            if !fits {
                if let Some(t) = open.take() {
                    tables.push(t);
                }
                open = Some(Table {
                    rows: Vec::new(),
                    label_bands: Vec::new(),
                    columns: Vec::new(),
                    anchors: Vec::new(),
                    labels_x1: f64::NEG_INFINITY,
                });
            }
            if let Some(t) = open.as_mut() {
                t.rows.push(i);
                t.add_columns(band.values(), work);
                let labels_x1 = band.labels().iter().map(|w| w.x1);
                t.labels_x1 = labels_x1.fold(t.labels_x1, f64::max);
                roles[i] = Role::Row(tables.len());
            }
        } else if let Some(t) = open.as_mut() {
            let (zx0, zx1) = t.zone();
            // Text reaching into the value columns is a header; a label wrapped to the edge of
            // a narrow label cell may end a few points before the first value column.
            let over_values = band.words.iter().any(|w| w.x1 > zx0 && w.x0 < zx1 + tol);
            if over_values || is_heading(band) {
                if let Some(t) = open.take() {
                    tables.push(t);
                }
            } else {
                t.label_bands.push(i);
            }
        }
    }
    if let Some(t) = open.take() {
        tables.push(t);
    }
    tables
}

/// How many of `values` (a band's trailing values, the first row of a table) are marks for
/// "none" that stand in the label columns: leading one-character marks (`lone_mark`) followed
/// by a gap wider than twice the widest gap between the values after them, and wider than two
/// character heights. A mark in a value column stands a column's pitch from the next value;
/// one of a group label printed down its column (the "无" of （四）无法提供) stands the item
/// label's whole column away. With fewer than two values after the marks there is no pitch to
/// compare with, and none is skipped.
fn marks_before_values(values: &[&Word], h: f64, lone_mark: impl Fn(&&Word) -> bool) -> usize {
    let marks = values.iter().take_while(|w| lone_mark(w)).count();
    let (Some(last_mark), rest) = (marks.checked_sub(1).map(|i| values[i]), &values[marks..])
    else {
        return 0;
    };
    if rest.len() < 2 {
        return 0;
    }
    let widest = rest
        .windows(2)
        .map(|p| p[1].x0 - p[0].x1)
        .fold(0.0, f64::max);
    let gap = rest[0].x0 - last_mark.x1;
    if gap > 2.0 * widest && gap > 2.0 * h {
        marks
    } else {
        0
    }
}

/// Whether a band holds only values, each under one column of `table`.
fn lone_values(table: &Table, band: &Band<'_>) -> bool {
    !band.words.is_empty()
        && band
            .words
            .iter()
            .all(|w| is_value(&w.text) && table.columns_of(w).len() == 1)
}

/// Whether a row continues a table: its labels end before the value columns, each value falls
/// into at most one column, and the table stays within [`MAX_COLUMNS`].
fn fits(table: &Table, band: &Band<'_>) -> bool {
    let (zx0, _) = table.zone();
    let tol = 0.5 * band.h;
    if band.labels().iter().any(|w| w.x1 > zx0 + tol) {
        return false;
    }
    let mut new_columns = 0;
    let each_in_one = band.values().iter().all(|w| {
        let n = table.columns_of(w).len();
        new_columns += usize::from(n == 0);
        // Values left of the columns so far are still the table's when they are right of its
        // labels: a first row whose only value so far is its total, set at the top of its
        // cell, while the others are centred on the line below.
        // A word over several columns is the digits of touching cells, if it has a digit for
        // each (split later, see `columns`).
        let one_or_touching = n <= 1 || w.text.chars().filter(char::is_ascii_digit).count() >= n;
        let right_of_labels = table.labels_x1.is_finite() && w.x0 > table.labels_x1;
        (w.x0 >= zx0 - 2.0 * band.h || right_of_labels) && one_or_touching
    });
    each_in_one && table.columns.len() + new_columns <= MAX_COLUMNS
}

/// How many bands above a row are candidates for its label: a label wrapped over six lines in
/// a narrow cell, with a group label printed down its column beside it (a band per character
/// where the two do not line up), and the end of a label cut by a page break above the next
/// page's first row (lo-form of held-out seed 31: "理由逾期不补" / "正、行政机关不" / … over
/// "六" / "）" / "其" / "他" beside （六）2's own label).
const MAX_LABEL_BANDS_ABOVE: usize = 16;

/// How many rows on either side of a label band (in band order) it is compared with: a table's
/// rows are in band order, top to bottom, so the rows a label band can touch are next to it.
const NEAR: usize = 3;

/// The indices into `rows` (sorted band indices) of the rows next to band `l` on its page.
fn near_rows(rows: &[usize], l: usize, bands: &[Band<'_>]) -> impl Iterator<Item = usize> {
    let p = rows.partition_point(|&r| r < l);
    let page = bands[l].page;
    (p.saturating_sub(NEAR)..(p + NEAR).min(rows.len()))
        .filter(move |&i| bands[rows[i]].page == page)
}

/// Attaches label-only bands to table rows. First, repeatedly, bands set as tightly as the lines
/// of one cell (a gap under 1.2 character heights) to a row's extent — the row's band and what is
/// already attached to it — go to the closest such row; then the bands still left *between* two
/// rows go to the nearest row within three character heights. Everything else stays a line.
///
/// The passes alternate between top-down and bottom-up, so a label wrapped above its row attaches
/// line by line in one pass as one wrapped below does; they stop when nothing changes, after
/// [`MAX_PASSES`] at most.
pub(super) fn attach_labels(
    bands: &[Band<'_>],
    tables: &[Table],
    roles: &mut [Role],
    work: &mut Work,
) {
    /// Two passes each way: enough for any chain of lines, which one pass in its direction takes.
    const MAX_PASSES: usize = 4;
    for table in tables {
        let (zx0, _) = table.zone();
        let first_row = table.rows.first().copied().unwrap_or(0);
        let last_row = table.rows.last().copied().unwrap_or(0);
        // Candidates: label-only bands among the rows, and those just before each row.
        let mut candidates: Vec<usize> = table.label_bands.clone();
        for &r in &table.rows {
            let mut i = r;
            while i > 0 && r - i < MAX_LABEL_BANDS_ABOVE {
                i -= 1;
                let b = &bands[i];
                work.add(b.words.len());
                let label_only = !b.is_row() && b.words.iter().all(|w| w.x1 <= zx0);
                if roles[i] != Role::Line || b.page != bands[r].page || !label_only || is_heading(b)
                {
                    break;
                }
                candidates.push(i);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        work.add(candidates.len());
        let mut extent: Vec<(f64, f64)> = table
            .rows
            .iter()
            .map(|&r| (bands[r].y0, bands[r].y1))
            .collect();
        for pass in 0..MAX_PASSES {
            let mut changed = false;
            let mut order: Box<dyn Iterator<Item = &usize>> = if pass % 2 == 0 {
                Box::new(candidates.iter())
            } else {
                Box::new(candidates.iter().rev())
            };
            for &l in &mut order {
                if roles[l] != Role::Line {
                    continue;
                }
                let lb = &bands[l];
                let best = near_rows(&table.rows, l, bands)
                    .map(|i| {
                        work.add(1);
                        let e = extent[i];
                        ((e.0 - lb.y1).max(lb.y0 - e.1), i)
                    })
                    .filter(|(gap, _)| *gap <= 1.2 * lb.h)
                    .min_by(|a, b| a.0.total_cmp(&b.0));
                if let Some((_, i)) = best {
                    roles[l] = Role::AttachedTo(table.rows[i]);
                    let e = &mut extent[i];
                    e.0 = e.0.min(lb.y0);
                    e.1 = e.1.max(lb.y1);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for &l in &candidates {
            if roles[l] != Role::Line || l < first_row || l > last_row {
                continue;
            }
            let lb = &bands[l];
            let nearest = near_rows(&table.rows, l, bands)
                .map(|i| {
                    work.add(1);
                    let r = table.rows[i];
                    (r, (bands[r].cy - lb.cy).abs())
                })
                .min_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((r, distance)) = nearest
                && distance <= 3.0 * lb.h
            {
                roles[l] = Role::AttachedTo(r);
            }
        }
        carry_label_lines(bands, table, roles, work);
    }
}

/// A row cut by a page break: the lines of its label that went on at the top of the next page,
/// before that page's first row (the table goes on without a header between), belong to the
/// last row of the page before — when they stand in its label column (overlapping its label
/// text, left of the values). Left as lines, the row's label is cut short ("1.申请人无正当理由
/// 逾期不补正、" without "行政机关不再处理其政府信息公开申请") and the row is not found.
fn carry_label_lines(bands: &[Band<'_>], table: &Table, roles: &mut [Role], work: &mut Work) {
    let (zx0, _) = table.zone();
    for &l in &table.label_bands {
        work.add(1);
        let lb = &bands[l];
        if roles[l] != Role::Line || lb.words.iter().any(|w| w.x1 > zx0) {
            continue;
        }
        // The rows before and after the band: the one before on the page before, the one
        // after on the band's page.
        let p = table.rows.partition_point(|&r| r < l);
        let (Some(&before), Some(&after)) = (
            p.checked_sub(1).and_then(|i| table.rows.get(i)),
            table.rows.get(p),
        ) else {
            continue;
        };
        if bands[after].page != lb.page || bands[before].page + 1 != lb.page {
            continue;
        }
        // Its label text: the row's band and the bands attached to it, on its page.
        let label: Vec<&Word> = (before.saturating_sub(8)..l)
            .filter(|&b| b == before || roles[b] == Role::AttachedTo(before))
            .flat_map(|b| bands[b].labels().iter().copied())
            .collect();
        work.add(label.len() * lb.words.len());
        let in_column = lb
            .words
            .iter()
            .all(|w| label.iter().any(|t| w.x0 < t.x1 && w.x1 > t.x0));
        if in_column {
            roles[l] = Role::AttachedTo(before);
        }
    }
}

/// A table row to render: the band it is rendered at, its label words (each with its band, as
/// phrases are made band by band) and its value words.
pub(super) struct RowPlan<'a> {
    /// The band the row is rendered at: its first.
    pub(super) anchor: usize,
    /// Label words with their bands, in band order and, within a band, left to right.
    pub(super) labels: Vec<(usize, &'a Word)>,
    /// Value words, owned: a word that spans two value columns is split into its parts.
    pub(super) values: Vec<Word>,
    /// For each value, whether it was read with certainty (not from a split whose cut was
    /// unclear, see `columns`).
    pub(super) certain: Vec<bool>,
    /// Value columns whose cell may hold a part of its value printed on a line of no row
    /// (see `orphans`): read, but uncertain.
    pub(super) ambiguous: Vec<usize>,
}

/// The rows of each table as the bands give them: a row per value band, with the label bands
/// attached to it.
pub(super) fn plan_rows<'a>(
    bands: &[Band<'a>],
    tables: &[Table],
    roles: &[Role],
    work: &mut Work,
) -> Vec<Vec<RowPlan<'a>>> {
    let mut attached: Vec<Vec<usize>> = vec![Vec::new(); bands.len()];
    for (i, role) in roles.iter().enumerate() {
        if let Role::AttachedTo(r) = *role {
            attached[r].push(i);
        }
    }
    tables
        .iter()
        .map(|t| {
            t.rows
                .iter()
                .map(|&r| {
                    let mut members: Vec<usize> = attached[r].clone();
                    members.push(r);
                    members.sort_unstable();
                    let labels: Vec<(usize, &Word)> = members
                        .iter()
                        .flat_map(|&b| bands[b].labels().iter().map(move |&w| (b, w)))
                        .collect();
                    work.add(labels.len() + members.len());
                    let mut values = Vec::new();
                    let mut certain = Vec::new();
                    for &w in bands[r].values() {
                        if let Some(s) = split(w, t, work) {
                            certain.extend(s.parts.iter().map(|_| s.certain));
                            values.extend(s.parts);
                        } else {
                            values.push(w.clone());
                            certain.push(true);
                        }
                    }
                    RowPlan {
                        anchor: r,
                        labels,
                        values,
                        certain,
                        ambiguous: Vec::new(),
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {

    use crate::layout::build;
    use crate::layout::testing::{rows, word};
    use crate::{Page, Word};

    fn w(x0: f64, y0: f64, x1: f64, text: &str) -> Word {
        word(x0, y0, x1, y0 + 11.7, text)
    }

    fn zeros(words: &mut Vec<Word>, y: f64) {
        for x in [297.4, 332.8, 366.6, 397.4, 437.1, 471.0, 493.2] {
            words.push(w(x, y, x + 4.5, "0"));
        }
    }

    /// A row cut by a page break, the table going on without its header (lo-html-015 of a
    /// held-out corpus, verbatim): the two lines of its label at the top of the next page are
    /// its label's end, not lines of their own that leave the row "1.申请人无正当理由逾期不补正、"
    /// unknown to the form.
    #[test]
    fn a_label_cut_by_a_page_break_goes_on_at_the_top_of_the_next_page() {
        let mut first = vec![
            w(146.1, 764.15, 281.1, "5.要求行政机关确认或重新出具已"),
            w(195.6, 773.65, 231.6, "获取信息"),
            w(111.1, 800.05, 138.1, "（六）"),
            w(146.1, 800.05, 281.1, "1.申请人无正当理由逾期不补正、"),
        ];
        zeros(&mut first, 768.85);
        zeros(&mut first, 800.05);
        let mut second = vec![
            w(146.1, 29.35, 281.1, "行政机关不再处理其政府信息公开"),
            w(204.6, 38.85, 222.6, "申请"),
            w(111.1, 65.25, 138.1, "其他处"),
            w(146.1, 65.25, 281.1, "2.申请人逾期未按收费通知要求缴"),
            w(146.1, 74.75, 281.1, "纳费用、行政机关不再处理其政府"),
            w(168.6, 84.25, 258.6, "信息公开申请"),
            w(120.1, 74.75, 129.1, "理"),
            w(146.1, 110.0, 174.0, "3.其他"),
        ];
        zeros(&mut second, 74.75);
        zeros(&mut second, 110.0);
        let page = |words| Page {
            width: 595.0,
            height: 842.0,
            words,
            ..Page::default()
        };
        let d = build(&[page(first), page(second)], "t.pdf");
        let rows = rows(&d);
        assert!(
            rows.contains(
                &"(六)|1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|0|0|0|0|0|0|0"
                    .to_owned()
            ),
            "{rows:#?}"
        );
    }

    fn rows_of(pages: Vec<Vec<Word>>) -> Vec<String> {
        let pages: Vec<Page> = pages
            .into_iter()
            .map(|words| Page {
                width: 595.3,
                height: 841.9,
                words,
                ..Page::default()
            })
            .collect();
        rows(&build(&pages, "t.pdf"))
    }

    fn values(words: &mut Vec<Word>, y: f64, values: [&str; 7]) {
        let xs = [180.8, 232.6, 284.5, 336.4, 388.3, 440.2, 492.1];
        for (x, v) in xs.into_iter().zip(values) {
            words.push(w(x, y, x + 6.7, v));
        }
    }

    /// 表三's repeated header at the top of the next page (lo-form-001 and -015 of held-out
    /// seed 31, verbatim but for the header, trimmed).
    fn repeated_header(words: &mut Vec<Word>) {
        words.extend([
            w(59.7, 121.2, 169.7, "和，等于第三项加第四项"),
            w(188.9, 121.9, 218.9, "自然人"),
            w(505.3, 121.9, 525.3, "总计"),
            w(59.7, 136.8, 89.7, "之和）"),
            w(349.5, 138.3, 369.5, "组织"),
            w(245.7, 145.3, 265.7, "企业"),
        ]);
    }

    /// A label cut by a page break above the next page's first row, with a group label printed
    /// down its column beside the rows there: "理由逾期不补" and "正、行政机关不" stand nine bands
    /// above that row (a band per character of "六）其他" between), and still go on the label
    /// of the page before's last row.
    #[test]
    fn a_label_cut_by_a_page_break_reaches_past_a_group_label_down_its_column() {
        let mut first = vec![
            w(99.0, 699.0, 174.8, "5.要求行政机关"),
            w(99.0, 714.6, 175.0, "确认或重新出具"),
            w(99.0, 730.2, 149.0, "已获取信息"),
            w(76.0, 747.3, 86.0, "（"),
            w(99.0, 747.3, 174.8, "1.申请人无正当"),
        ];
        values(&mut first, 713.3, ["1", "0", "0", "0", "0", "0", "1"]);
        values(&mut first, 746.1, ["0"; 7]);
        let mut second = Vec::new();
        repeated_header(&mut second);
        second.extend([
            w(99.0, 162.5, 175.0, "理由逾期不补"),
            w(99.0, 178.1, 175.0, "正、行政机关不"),
            w(99.0, 193.7, 174.95, "再处理其政府信"),
            w(76.0, 203.0, 86.0, "六"),
            w(99.0, 209.3, 149.0, "息公开申请"),
            w(76.0, 218.6, 86.0, "）"),
            w(99.0, 226.4, 174.8, "2.申请人逾期未"),
            w(76.0, 234.2, 86.0, "其"),
            w(99.0, 242.0, 175.0, "按收费通知要求"),
            w(76.0, 249.8, 86.0, "他"),
            w(99.0, 257.6, 175.0, "缴纳费用、行政"),
            w(76.0, 265.4, 86.0, "处"),
            w(99.0, 273.2, 175.0, "机关不再处理其"),
            w(76.0, 281.0, 86.0, "理"),
            w(99.0, 288.8, 174.9, "政府信息公开申"),
            w(99.0, 304.4, 109.0, "请"),
            w(99.0, 321.6, 128.6, "3.其他"),
        ]);
        values(&mut second, 264.2, ["1", "0", "0", "0", "0", "0", "1"]);
        values(&mut second, 320.3, ["8", "2", "1", "0", "1", "0", "12"]);
        let rows = rows_of(vec![first, second]);
        assert!(
            rows.iter().any(|r| r.ends_with(
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|0|0|0|0|0|0|0"
            )),
            "{rows:#?}"
        );
    }

    /// The first row on a page after a repeated header opens a table of its own, and the "无"
    /// of （四）无法提供 printed down its column shares its band: far left of the values (more
    /// than twice their widest gap), it is label text, not a first value column that would
    /// put the item label "3.补正后申请内" over the values and keep it out of its row.
    #[test]
    fn a_group_label_mark_on_a_table_s_first_row_is_no_value() {
        let mut first = vec![
            w(76.0, 706.6, 86.0, "（"),
            w(99.0, 706.6, 168.0, "1.本机关不掌握"),
            w(76.0, 722.2, 86.0, "四"),
            w(99.0, 722.2, 159.0, "相关政府信息"),
            w(76.0, 737.8, 86.0, "）"),
            w(99.0, 739.4, 168.0, "2.没有现成信息"),
        ];
        values(&mut first, 714.0, ["84", "16", "2", "2", "0", "0", "104"]);
        values(&mut first, 739.0, ["3", "0", "0", "0", "2", "0", "5"]);
        let mut second = Vec::new();
        repeated_header(&mut second);
        second.extend([
            w(99.0, 161.9, 159.0, "需要另行制作"),
            w(99.0, 186.1, 168.0, "3.补正后申请内"),
            w(76.0, 193.9, 86.0, "无"),
            w(99.0, 201.7, 149.0, "容仍不明确"),
            w(76.0, 209.5, 86.0, "法"),
            w(99.0, 225.9, 168.0, "1.信访举报投诉"),
            w(99.0, 241.5, 129.0, "类申请"),
            w(99.0, 258.6, 148.0, "2.重复申请"),
        ]);
        values(&mut second, 193.5, ["2", "0", "0", "0", "0", "0", "2"]);
        values(&mut second, 233.3, ["10", "2", "0", "0", "9", "0", "21"]);
        values(&mut second, 258.3, ["4", "1", "0", "0", "1", "0", "6"]);
        let rows = rows_of(vec![first, second]);
        for row in [
            "2.没有现成信息需要另行制作|3|0|0|0|2|0|5",
            "3.补正后申请内容仍不明确|2|0|0|0|0|0|2",
            "1.信访举报投诉类申请|10|2|0|0|9|0|21",
        ] {
            assert!(rows.iter().any(|r| r.ends_with(row)), "{row}: {rows:#?}");
        }
    }
}
