//! Numbers wrapped inside their cells.
//!
//! A value column narrower than a number (the official form with its label columns widened)
//! makes the producer wrap the number: "1020" is printed "10" on one line and "20" on the next,
//! in the same cell. Read line by line, that gives a line "10 … 11" of a few values and no label
//! above the row, and the row's own values cut short ("20" for 1020). The wrapped part is told
//! from a row of its own by its shape, in one of three ways the cell's vertical alignment gives:
//!
//! - **centred**: the number's two lines stand above and below the row's line (its label and
//!   its one-line values), as a cell's content is centred on the row: two lines of values
//!   alone, each value of one set directly over one of the other in its column, none in a
//!   column of the row's line, and the middle of the two on the row's line;
//! - **bottom-aligned**: the first digits on a line of values alone above the row's line, with
//!   fewer values than it, each set directly against a value of that line in its column;
//! - **top-aligned**: the last digits on such a line below the row's line.
//!
//! "Directly" is: digits, aligned on a left, right or centre, and set without a line gap between
//! them (the parts of a centred number may stand as far apart as the lines of a label in a
//! double-spaced table). The first line of a wrapped number fills its cell, so it has two
//! digits at least and is as wide as the rest. A line of the bottom- or top-aligned shape may
//! hold label text of another label column (a group label beside the rows), never of the row's
//! own. The joined number stands on the row's line: the fuller line, or for a centred number
//! the box of both parts, whose middle is the row's line.

use super::Work;
use super::bands::{Band, is_value};
use crate::{Page, Word};

/// Pairs (upper part, lower part) of wrapped numbers.
type Parts<'a> = Vec<(&'a Word, &'a Word)>;

/// Where a joined number stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Onto {
    /// On the line of the lower part (the first digits were above it).
    Lower,
    /// On the line of the upper part (the last digits were below it).
    Upper,
    /// Over both parts (a centred number).
    Both,
}

/// The page with wrapped numbers joined, or `None` when it has none; `bands` are its bands.
pub(super) fn join(page: &Page, bands: &[Band<'_>], work: &mut Work) -> Option<Page> {
    let index = |w: &Word| -> usize {
        // Band words are references into `page.words`.
        (std::ptr::from_ref(w) as usize - page.words.as_ptr() as usize)
            / std::mem::size_of::<Word>()
    };
    // Joins (upper part, lower part, where the number stands), by positions in `page.words`.
    let mut joins: Vec<(usize, usize, Onto)> = Vec::new();
    let mut used = vec![false; page.words.len()];
    let mut take = |pairs: Vec<(&Word, &Word)>, onto: Onto, joins: &mut Vec<_>| {
        let pairs: Vec<(usize, usize)> = pairs.iter().map(|(u, l)| (index(u), index(l))).collect();
        if pairs.iter().any(|&(u, l)| used[u] || used[l]) {
            return;
        }
        for &(u, l) in &pairs {
            used[u] = true;
            used[l] = true;
            joins.push((u, l, onto));
        }
    };
    // Centred numbers first: their lines are also a line above or below a row's line, whose
    // parts the other shapes would pair with the neighbouring row's.
    for three in bands.windows(3) {
        work.add(three[0].words.len() + three[2].words.len());
        if let Some(pairs) = centred(&three[0], &three[1], &three[2]) {
            take(pairs, Onto::Both, &mut joins);
        }
    }
    // A line of parts between two rows may be the last digits of the row above or the first
    // of the row below. Where only one fits it is that; where both do, the table's cells are
    // aligned as the lines that fit one way only show (all of a table's cells share their
    // vertical alignment, or the form's own), and without such lines it stays unjoined.
    let mut both: Vec<(Parts<'_>, Parts<'_>)> = Vec::new();
    let (mut heads, mut tails) = (0usize, 0usize);
    for (i, sparse) in bands.iter().enumerate() {
        work.add(sparse.words.len());
        let head = bands.get(i + 1).and_then(|b| wrapped(sparse, b, true));
        let tail = i
            .checked_sub(1)
            .and_then(|j| wrapped(sparse, &bands[j], false))
            .map(|pairs| pairs.into_iter().map(|(s, f)| (f, s)).collect::<Vec<_>>());
        match (head, tail) {
            (Some(h), None) => {
                heads += 1;
                take(h, Onto::Lower, &mut joins);
            }
            (None, Some(t)) => {
                tails += 1;
                take(t, Onto::Upper, &mut joins);
            }
            (Some(h), Some(t)) => both.push((h, t)),
            (None, None) => {}
        }
    }
    for (h, t) in both {
        match heads.cmp(&tails) {
            std::cmp::Ordering::Greater => take(h, Onto::Lower, &mut joins),
            std::cmp::Ordering::Less => take(t, Onto::Upper, &mut joins),
            std::cmp::Ordering::Equal => {}
        }
    }
    if joins.is_empty() {
        return None;
    }
    let mut words = page.words.clone();
    let mut gone = vec![false; words.len()];
    for &(u, l, onto) in &joins {
        let (Some(uw), Some(lw)) = (page.words.get(u), page.words.get(l)) else {
            continue;
        };
        let (keep, drop) = if onto == Onto::Upper { (u, l) } else { (l, u) };
        if let Some(w) = words.get_mut(keep) {
            w.text = format!("{}{}", uw.text, lw.text);
            w.x0 = uw.x0.min(lw.x0);
            w.x1 = uw.x1.max(lw.x1);
            if onto == Onto::Both {
                w.y0 = uw.y0;
                w.y1 = lw.y1;
            }
        }
        if let Some(g) = gone.get_mut(drop) {
            *g = true;
        }
    }
    retain(&mut words, &gone);
    Some(Page {
        words,
        ..page.clone()
    })
}

/// The values of a line of wrapped parts: `None` unless its label text (if any) stands in a
/// label column left of `full`'s row label (the label text right before its values), as a
/// group label beside the rows does.
fn parts_line<'a>(sparse: &Band<'a>, full: &Band<'a>) -> Option<Vec<&'a Word>> {
    let values: Vec<&'a Word> = sparse
        .words
        .iter()
        .copied()
        .filter(|w| is_value(&w.text))
        .collect();
    let first = values.first()?;
    let row_label = full.labels().last().map_or(first.x0, |l| l.x0);
    let labels_ok = sparse
        .words
        .iter()
        .filter(|w| !is_value(&w.text))
        .all(|l| l.x1 <= first.x0 && l.x1 <= row_label + 0.5);
    labels_ok.then_some(values)
}

/// The words of `sparse` (a line above `full` when `above`, else below) that are wrapped parts
/// of `full`'s values, paired with them; `None` unless every value of `sparse` is one.
fn wrapped<'a>(
    sparse: &Band<'a>,
    full: &Band<'a>,
    above: bool,
) -> Option<Vec<(&'a Word, &'a Word)>> {
    if sparse.page != full.page {
        return None;
    }
    // A line of values (a lone number is no row by itself, so look at all its words).
    let values = parts_line(sparse, full)?;
    if values.len() >= full.values().len() {
        return None;
    }
    let h = sparse.h.min(full.h);
    let mut pairs = Vec::new();
    for s in values {
        let partner = full
            .values()
            .iter()
            .find(|f| parts_of_one(s, f, above, 0.5 * h))?;
        pairs.push((s, *partner));
    }
    Some(pairs)
}

/// The parts of centred wrapped numbers on `upper` and `lower`, the lines around the row's
/// line `middle`, paired (upper part, lower part); `None` unless both lines are wholly such
/// parts (see the module docs).
fn centred<'a>(
    upper: &Band<'a>,
    middle: &Band<'_>,
    lower: &Band<'a>,
) -> Option<Vec<(&'a Word, &'a Word)>> {
    if upper.page != middle.page || lower.page != middle.page {
        return None;
    }
    let all_values =
        |b: &Band<'_>| !b.words.is_empty() && b.words.iter().all(|w| is_value(&w.text));
    if !all_values(upper) || !all_values(lower) || upper.words.len() != lower.words.len() {
        return None;
    }
    let h = upper.h.min(lower.h).min(middle.h);
    // The row's line is the middle of the two parts (a quarter line of slack).
    if (f64::midpoint(upper.y0, lower.y1) - middle.cy).abs() > 0.25 * h {
        return None;
    }
    // The parts stand where the row's line has no value.
    let free = |w: &Word| {
        !middle
            .values()
            .iter()
            .any(|m| w.x0 < m.x1 - 0.5 && w.x1 > m.x0 + 0.5)
    };
    let mut pairs = Vec::new();
    for (k, &u) in upper.words.iter().enumerate() {
        // Both lines are in x order and pair one to one: the k-th with the k-th.
        let l = *lower.words.get(k)?;
        if !(free(u) && free(l) && parts_of_one(u, l, true, 1.2 * h)) {
            return None;
        }
        pairs.push((u, l));
    }
    Some(pairs)
}

/// Whether `s` and `f` are two lines of one wrapped number: digits, aligned on an edge or the
/// centre, and set at most `max_gap` apart (`s` above `f` when `above`).
fn parts_of_one(s: &Word, f: &Word, above: bool, max_gap: f64) -> bool {
    let digits = |w: &Word| !w.text.is_empty() && w.text.chars().all(|c| c.is_ascii_digit());
    let (upper, lower) = if above { (s, f) } else { (f, s) };
    let gap = lower.y0 - upper.y1;
    let aligned = (s.x0 - f.x0).abs() <= 1.0
        || (s.x1 - f.x1).abs() <= 1.0
        || (f64::midpoint(s.x0, s.x1) - f64::midpoint(f.x0, f.x1)).abs() <= 1.0;
    // The first line of a wrapped number fills its cell: two digits at least, and as wide as
    // the rest.
    let fills = upper.text.len() >= 2 && upper.x1 - upper.x0 >= lower.x1 - lower.x0 - 0.5;
    digits(s) && digits(f) && aligned && fills && (-1.0..=max_gap).contains(&gap)
}

/// Drops the items marked in `gone`.
fn retain<T>(v: &mut Vec<T>, gone: &[bool]) {
    let mut g = gone.iter();
    v.retain(|_| !g.next().copied().unwrap_or(false));
}
