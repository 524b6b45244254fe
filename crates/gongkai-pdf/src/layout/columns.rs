//! A table's value columns, and words that span two of them (touching cells).
//!
//! With narrow columns and no cell padding (a portal page printed by a browser), the digits of
//! two adjacent cells touch and pdftotext returns them as one word: "00", or "571584" for 57 in
//! 其他 and 1584 in 总计. The union of the value boxes would then merge the two columns into one.
//! So the columns are settled from the rows themselves: where one row has two words within what
//! the union made one interval, that interval holds two columns (a row's words are never in one
//! cell), taken from the rows that fill every one of them. A word over two or more such columns
//! is then split at the column boundaries: poppler gives word boxes, not glyph positions, so the
//! characters are placed by proportional widths (digits are of one width in every font the form
//! is printed in), and each cut is chosen so that every part sits in its column as the column's
//! other values do (right-aligned, left-aligned or centred). A split that fits no cut clearly
//! better than the next is made but marked uncertain.

use super::Work;
use super::bands::{Band, is_value};
use super::tables::Table;
use crate::Word;

/// How a column's values are aligned: the edge or centre they share, where they share one.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Anchor {
    left: Option<f64>,
    right: Option<f64>,
    centre: Option<f64>,
}

/// Values closer than this to a common edge share it (points).
const ALIGNED: f64 = 1.0;
/// The most parts and characters a touching word is split into and over: beyond that the word
/// is no pair of touching cells but something else, and is left whole.
const MAX_PARTS: usize = 4;
const MAX_CHARS: usize = 16;

/// Strict horizontal overlap of a word with a column: touching edges (as adjacent cells'
/// digits do) are no overlap.
fn overlaps(w: &Word, c: (f64, f64)) -> bool {
    w.x0 < c.1 - 0.5 && w.x1 > c.0 + 0.5
}

/// Settles `table`'s columns (see the module docs) and the alignment of each.
pub(super) fn settle(bands: &[Band<'_>], table: &mut Table, work: &mut Work) {
    let mut words: Vec<(usize, &Word)> = table
        .rows
        .iter()
        .flat_map(|&r| bands[r].values().iter().map(move |&w| (r, w)))
        .collect();
    work.add(words.len() * (usize::BITS - words.len().leading_zeros()) as usize);
    words.sort_by(|a, b| a.1.x0.total_cmp(&b.1.x0));
    // Clusters: the union of the boxes, as the columns were built.
    let mut columns: Vec<(f64, f64)> = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let mut reach = words[start].1.x1;
        let mut end = start + 1;
        while end < words.len() && words[end].1.x0 <= reach + 0.5 {
            reach = reach.max(words[end].1.x1);
            end += 1;
        }
        columns.extend(sub_columns(&words[start..end], work));
        start = end;
    }
    table.anchors = anchors(&words, &columns);
    table.columns = columns;
}

/// The columns within one cluster of value words: one, unless some row has several words in it.
fn sub_columns(cluster: &[(usize, &Word)], work: &mut Work) -> Vec<(f64, f64)> {
    let whole = cluster
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |c, (_, w)| {
            (c.0.min(w.x0), c.1.max(w.x1))
        });
    let mut by_band: Vec<(usize, &Word)> = cluster.to_vec();
    work.add(by_band.len() * (usize::BITS - by_band.len().leading_zeros()) as usize);
    by_band.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.x0.total_cmp(&b.1.x0)));
    let runs: Vec<&[(usize, &Word)]> = by_band.chunk_by(|a, b| a.0 == b.0).collect();
    let k = runs.iter().map(|r| r.len()).max().unwrap_or(1);
    if k <= 1 || k > super::tables::MAX_COLUMNS {
        return vec![whole];
    }
    // The rows that fill all k columns give them: the j-th word of each is in column j.
    let mut subs = vec![(f64::INFINITY, f64::NEG_INFINITY); k];
    for run in runs.iter().filter(|r| r.len() == k) {
        for (s, (_, w)) in subs.iter_mut().zip(run.iter()) {
            s.0 = s.0.min(w.x0);
            s.1 = s.1.max(w.x1);
        }
    }
    if subs.windows(2).any(|p| p[0].1 > p[1].0 + 0.5) {
        // The full rows do not agree on their columns: no split can be trusted.
        return vec![whole];
    }
    // Other rows' words within one column widen it (a wider number), up to its neighbours.
    for run in runs.iter().filter(|r| r.len() < k) {
        for (_, w) in *run {
            let hit: Vec<usize> = (0..k).filter(|&j| overlaps(w, subs[j])).collect();
            if let [j] = hit[..] {
                let lo = if j > 0 {
                    subs[j - 1].1
                } else {
                    f64::NEG_INFINITY
                };
                let hi = subs.get(j + 1).map_or(f64::INFINITY, |s| s.0);
                subs[j].0 = subs[j].0.min(w.x0).max(lo);
                subs[j].1 = subs[j].1.max(w.x1).min(hi);
            }
        }
    }
    subs
}

/// The alignment of each column, from the words that fall into it alone.
fn anchors(words: &[(usize, &Word)], columns: &[(f64, f64)]) -> Vec<Anchor> {
    let mut edges: Vec<Vec<(f64, f64)>> = vec![Vec::new(); columns.len()];
    for (_, w) in words {
        let from = columns.partition_point(|c| c.1 <= w.x0 + 0.5);
        let hit: Vec<usize> = (from..columns.len())
            .take_while(|&c| columns[c].0 < w.x1 - 0.5)
            .filter(|&c| overlaps(w, columns[c]))
            .collect();
        if let [c] = hit[..] {
            edges[c].push((w.x0, w.x1));
        }
    }
    edges
        .iter()
        .map(|e| {
            if e.len() < 2 {
                return Anchor::default();
            }
            let shared = |f: &dyn Fn(&(f64, f64)) -> f64| {
                let (lo, hi) = e
                    .iter()
                    .map(f)
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |a, x| {
                        (a.0.min(x), a.1.max(x))
                    });
                (hi - lo <= ALIGNED).then_some(f64::midpoint(lo, hi))
            };
            Anchor {
                left: shared(&|e| e.0),
                right: shared(&|e| e.1),
                centre: shared(&|e| f64::midpoint(e.0, e.1)),
            }
        })
        .collect()
}

/// A value word cut into the parts that fall into one column each.
pub(super) struct Split {
    pub(super) parts: Vec<Word>,
    /// Whether the cut was clear (see the module docs).
    pub(super) certain: bool,
}

/// The width of a character relative to a digit, for placing characters inside a word's box.
fn weight(c: char) -> f64 {
    match c {
        '.' | ',' => 0.5,
        c if c.is_ascii() => 1.0,
        _ => 2.0,
    }
}

/// Splits a value word that spans two or more of `table`'s columns; `None` when it lies in one.
pub(super) fn split(w: &Word, table: &Table, work: &mut Work) -> Option<Split> {
    let range = table.columns_of(w);
    let cols: Vec<usize> = range.filter(|&c| overlaps(w, table.columns[c])).collect();
    if cols.len() < 2 {
        return None;
    }
    let chars: Vec<char> = w.text.chars().collect();
    let (n, m) = (chars.len(), cols.len());
    if n < m || n > MAX_CHARS || m > MAX_PARTS {
        return Some(Split {
            parts: vec![w.clone()],
            certain: false,
        });
    }
    let total: f64 = chars.iter().map(|&c| weight(c)).sum();
    let unit = (w.x1 - w.x0) / total.max(1.0);
    // x position before character i.
    let mut at = Vec::with_capacity(n + 1);
    let mut x = w.x0;
    at.push(x);
    for &c in &chars {
        x += weight(c) * unit;
        at.push(x);
    }
    let part_cost = |a: usize, b: usize, c: usize| -> f64 {
        let text: String = chars[a..b].iter().collect();
        if !is_value(&text) {
            return f64::INFINITY;
        }
        let (x0, x1) = (at[a], at[b]);
        let anchor = table.anchors.get(c).copied().unwrap_or_default();
        let by_anchor = [
            anchor.left.map(|l| (x0 - l).abs()),
            anchor.right.map(|r| (x1 - r).abs()),
            anchor.centre.map(|m| (f64::midpoint(x0, x1) - m).abs()),
        ]
        .into_iter()
        .flatten()
        .fold(f64::INFINITY, f64::min);
        if by_anchor.is_finite() {
            by_anchor
        } else {
            let col = table.columns[c];
            (col.0 - x0).max(0.0) + (x1 - col.1).max(0.0)
        }
    };
    // Every way to cut n characters into m non-empty parts (n ≤ 16, m ≤ 4: at most 455).
    let mut best: Vec<(f64, Vec<usize>)> = Vec::new();
    let mut cuts = vec![0usize; m + 1];
    cuts[m] = n;
    enumerate(&mut cuts, 1, n, m, &mut |cuts: &[usize]| {
        work.add(m);
        let cost: f64 = (0..m)
            .map(|p| part_cost(cuts[p], cuts[p + 1], cols[p]))
            .sum();
        best.push((cost, cuts.to_vec()));
    });
    best.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (cost, cuts) = best.first()?.clone();
    if !cost.is_finite() {
        return Some(Split {
            parts: vec![w.clone()],
            certain: false,
        });
    }
    let second = best.get(1).map_or(f64::INFINITY, |b| b.0);
    let parts_f = f64::from(u8::try_from(m).unwrap_or(u8::MAX));
    let certain = cost <= 0.4 * unit * parts_f && second - cost >= 0.5 * unit;
    let parts = (0..m)
        .map(|p| Word {
            x0: at[cuts[p]],
            x1: at[cuts[p + 1]],
            y0: w.y0,
            y1: w.y1,
            text: chars[cuts[p]..cuts[p + 1]].iter().collect(),
        })
        .collect();
    Some(Split { parts, certain })
}

/// Calls `f` with every increasing choice of `cuts[p..m]` in `lo..n` (with `cuts[0] = 0` and
/// `cuts[m] = n` fixed), each part non-empty.
fn enumerate(cuts: &mut [usize], p: usize, n: usize, m: usize, f: &mut dyn FnMut(&[usize])) {
    if p == m {
        f(cuts);
        return;
    }
    let lo = cuts[p - 1] + 1;
    // Leave at least one character for each later part.
    let hi = n - (m - p);
    for c in lo..=hi {
        cuts[p] = c;
        enumerate(cuts, p + 1, n, m, f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(x0: f64, x1: f64, text: &str) -> Word {
        Word {
            x0,
            y0: 0.0,
            x1,
            y1: 10.0,
            text: text.to_owned(),
        }
    }

    fn table(columns: Vec<(f64, f64)>, anchors: Vec<Anchor>) -> Table {
        Table {
            rows: Vec::new(),
            label_bands: Vec::new(),
            columns,
            anchors,
            labels_x1: 0.0,
        }
    }

    fn right(x: f64) -> Anchor {
        Anchor {
            right: Some(x),
            ..Anchor::default()
        }
    }

    /// "571584" over 其他 (right-aligned at 537.9) and 总计 (at 560.2): 57 and 1584, certain —
    /// although 1584 is wider than any other value of 总计, and a cut by column extents alone
    /// would be a tie.
    #[test]
    fn touching_digits_split_where_the_columns_align() {
        let t = table(
            vec![(527.1, 537.9), (544.1, 560.2)],
            vec![right(537.85), right(560.2)],
        );
        let s = split(&w(527.1, 560.2, "571584"), &t, &mut Work::default()).unwrap();
        let texts: Vec<&str> = s.parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["57", "1584"]);
        assert!(s.certain);
        assert!(split(&w(549.5, 560.2, "87"), &t, &mut Work::default()).is_none());
    }

    /// Columns whose values share no edge: the cut by extents is made, but when two cuts fit
    /// as well it is uncertain.
    #[test]
    fn an_unclear_cut_is_uncertain() {
        let t = table(vec![(0.0, 10.0), (10.0, 20.0)], vec![Anchor::default(); 2]);
        let s = split(&w(0.0, 20.0, "1234"), &t, &mut Work::default()).unwrap();
        assert_eq!(s.parts[0].text, "12");
        let t = table(vec![(0.0, 6.0), (14.0, 20.0)], vec![Anchor::default(); 2]);
        let s = split(&w(0.0, 20.0, "123"), &t, &mut Work::default()).unwrap();
        assert!(!s.certain);
    }
}
