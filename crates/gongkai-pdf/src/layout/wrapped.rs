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
//! double-spaced table, one line of the cell apart: the least distance of the lines of a label
//! wrapped in its cell). The first line of a wrapped number fills its cell, so it is as wide as
//! the rest, and on a line of parts one first line at least has two digits. A line of the
//! bottom- or top-aligned shape may hold label text of another label column (a group label
//! beside the rows), never of the row's own. The joined number stands on the row's line: the fuller line, or for a centred number
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

/// How many times a page's wrapped numbers are joined: a number wrapped over three lines ("2" /
/// "4" / "4" for 244 in a column one digit wide) is joined two lines at a time, its third line
/// with the first two's join on the next pass.
const MAX_PASSES: usize = 3;

/// The page with wrapped numbers joined, over as many lines as they wrap ([`MAX_PASSES`] at
/// most), or `None` when it has none; `bands` are its bands (page `p`).
pub(super) fn join_all(p: usize, page: &Page, bands: &[Band<'_>], work: &mut Work) -> Option<Page> {
    let mut joined = join(page, bands, work)?;
    for _ in 1..MAX_PASSES {
        let again = {
            let bands = super::bands::page_bands(p, &joined, work);
            join(&joined, &bands, work)
        };
        match again {
            Some(next) => joined = next,
            None => break,
        }
    }
    Some(joined)
}

/// The page with wrapped numbers joined two lines at a time, or `None` when it has none;
/// `bands` are its bands.
fn join(page: &Page, bands: &[Band<'_>], work: &mut Work) -> Option<Page> {
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
    let pitch = cell_line_pitch(bands, work);
    // Centred numbers first: their lines are also a line above or below a row's line, whose
    // parts the other shapes would pair with the neighbouring row's.
    for three in bands.windows(3) {
        work.add(three[0].words.len() + three[2].words.len());
        if let Some(pairs) = centred(&three[0], &three[1], &three[2], pitch) {
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
        let head = bands
            .get(i + 1)
            .and_then(|b| wrapped(sparse, b, true, pitch));
        let tail = i
            .checked_sub(1)
            .and_then(|j| wrapped(sparse, &bands[j], false, pitch))
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
            std::cmp::Ordering::Equal => match nearer(&h, &t) {
                Some(Onto::Lower) => take(h, Onto::Lower, &mut joins),
                Some(Onto::Upper) => take(t, Onto::Upper, &mut joins),
                _ => {}
            },
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

/// Which way a line of parts that fits the row above and the row below alike goes when the page
/// shows no alignment: to the nearer row, when it is nearer by more than [`PITCH_SLACK`]. The
/// lines of one cell stand one line pitch apart; between the last line of a row and the first
/// of the next are the cells' padding and border besides (17.1 points against 15.6 in a
/// LibreOffice export), so the nearer line is the one in the same cell. `Onto::Lower` for the
/// row below (the parts are its first digits), `Onto::Upper` for the row above, `None` when
/// they are as near.
fn nearer(heads: &Parts<'_>, tails: &Parts<'_>) -> Option<Onto> {
    let cy = |w: &Word| f64::midpoint(w.y0, w.y1);
    let mean = |pairs: &Parts<'_>| {
        let n = f64::from(u32::try_from(pairs.len()).unwrap_or(u32::MAX).max(1));
        pairs.iter().map(|(u, l)| cy(l) - cy(u)).sum::<f64>() / n
    };
    let (down, up) = (mean(heads), mean(tails));
    if down + PITCH_SLACK < up {
        Some(Onto::Lower)
    } else if up + PITCH_SLACK < down {
        Some(Onto::Upper)
    } else {
        None
    }
}

/// The values of a line of wrapped parts: `None` unless its label text (if any) stands in a
/// label column left of `full`'s row label (the label text right before its values), as a
/// group label beside the rows does, or continues that row label in its cell (see
/// [`same_label`]).
fn parts_line<'a>(sparse: &Band<'a>, full: &Band<'a>, above: bool) -> Option<Vec<&'a Word>> {
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
    let (upper, lower) = if above {
        (sparse, full)
    } else {
        (full, sparse)
    };
    (labels_ok || same_label(upper, lower)).then_some(values)
}

/// Whether the label text of `upper` and of `lower`, the line under it, is one row label wrapped
/// in its cell: the row's label column holds the last words of each line's label text (the
/// first of them overlapping across the lines, anything left of them a group column's, ending
/// before the column starts), and together they are a row label of the form, or its beginning,
/// the lower line no row of its own ([`super::rows::continues_label`]). Then the two lines are
/// one row, and a line of them with fewer values holds the other parts of numbers wrapped in
/// their cells, as a line of values alone would: the number wraps with its label
/// (bottom-aligned, its first digits beside the label's first line; top-aligned, its last
/// beside the label's last).
fn same_label(upper: &Band<'_>, lower: &Band<'_>) -> bool {
    let (ul, ll) = (upper.labels(), lower.labels());
    let text = |ws: &[&Word]| ws.iter().map(|w| w.text.as_str()).collect::<String>();
    for i in ul.len().saturating_sub(MAX_LABEL_WORDS)..ul.len() {
        for j in ll.len().saturating_sub(MAX_LABEL_WORDS)..ll.len() {
            let (u, l) = (ul[i], ll[j]);
            let column = u.x0.min(l.x0);
            let overlap = u.x1.min(l.x1) > u.x0.max(l.x0);
            let grouped = ul[..i].iter().chain(&ll[..j]).all(|w| w.x1 <= column + 0.5);
            if overlap && grouped && super::rows::continues_label(&text(&ul[i..]), &text(&ll[j..]))
            {
                return true;
            }
        }
    }
    false
}

/// How many label words at the end of a line are tried as its part of a wrapped row label.
const MAX_LABEL_WORDS: usize = 4;

/// The words of `sparse` (a line above `full` when `above`, else below) that are wrapped parts
/// of `full`'s values, paired with them; `None` unless every value of `sparse` is one.
fn wrapped<'a>(
    sparse: &Band<'a>,
    full: &Band<'a>,
    above: bool,
    pitch: Option<f64>,
) -> Option<Vec<(&'a Word, &'a Word)>> {
    if sparse.page != full.page
        || full.values().len() < 2
        || !sparse.words.last().is_some_and(|w| is_value(&w.text))
    {
        return None;
    }
    let h = sparse.h.min(full.h);
    // Lines farther apart than any two parts may stand (most pairs of lines: checked first).
    let (upper, lower) = if above {
        (sparse, full)
    } else {
        (full, sparse)
    };
    if lower.y0 - upper.y1 > reach(0.5 * h, pitch) {
        return None;
    }
    // A line of values (a lone number is no row by itself, so look at all its words).
    let values = parts_line(sparse, full, above)?;
    if values.len() >= full.values().len() {
        return None;
    }
    let mut pairs = Vec::new();
    for s in values {
        let partner = full
            .values()
            .iter()
            .find(|f| parts_of_one(s, f, above, 0.5 * h, pitch))?;
        pairs.push((s, *partner));
    }
    let uppers = pairs.iter().map(|&(s, f)| if above { s } else { f });
    (wide_enough(uppers) || one_paragraph(&pairs)).then_some(pairs)
}

/// Whether every pair of parts are two lines of one paragraph: boxes one under the other,
/// touching (within [`TOUCH`]), as pdftotext gives the lines of one cell, a line's height
/// apart. A lone digit over another so set is one number wrapped in a column one digit wide
/// ("1" over "4" for 14, in every column); the values of two rows stand the cells' padding and
/// border apart besides (a point or more), and a page's label lines may be spaced wider than
/// its value cells' (so the labels' cell line pitch says nothing here).
fn one_paragraph(pairs: &[(&Word, &Word)]) -> bool {
    !pairs.is_empty()
        && pairs.iter().all(|&(a, b)| {
            let (upper, lower) = if a.y0 <= b.y0 { (a, b) } else { (b, a) };
            (lower.y0 - upper.y1).abs() <= TOUCH
        })
}

/// How far apart (points) two lines' boxes may stand and still touch: pdftotext's boxes of
/// consecutive lines of one paragraph meet exactly, up to rounding.
const TOUCH: f64 = 0.25;

/// The parts of centred wrapped numbers on `upper` and `lower`, the lines around the row's
/// line `middle`, paired (upper part, lower part); `None` unless both lines are wholly such
/// parts (see the module docs).
fn centred<'a>(
    upper: &Band<'a>,
    middle: &Band<'_>,
    lower: &Band<'a>,
    pitch: Option<f64>,
) -> Option<Vec<(&'a Word, &'a Word)>> {
    if upper.page != middle.page || lower.page != middle.page {
        return None;
    }
    // The parts: the two lines wholly, or their values when the lines' label text is the row's
    // label wrapped around its row's line, which has none in that column (a label over two
    // lines, the values between them).
    let all_values = |b: &Band<'_>| b.words.iter().all(|w| is_value(&w.text));
    let trailing = |b: &Band<'a>| -> Vec<&'a Word> {
        let n = b
            .words
            .iter()
            .rev()
            .take_while(|w| is_value(&w.text))
            .count();
        b.words[b.words.len() - n..].to_vec()
    };
    // Label text of a group column beside the rows, left of the row's own label, may share
    // the parts' lines: "三、本年" over "度办理结" beside （一）予以公开, whose 45 / 5 and 49 / 8
    // stand on those lines (held-out seed 41 lo-rotated-039, where 455 was read as two cells).
    // The row's line must have label text of its own (a lone value is no row's line), and
    // the two lines' label text must end before it starts.
    let group_only = |b: &Band<'_>| {
        middle
            .labels()
            .iter()
            .find(|w| !is_value(&w.text))
            .is_some_and(|m| b.labels().iter().all(|w| w.x1 <= m.x0 + 0.5))
    };
    let (ups, lows) = if all_values(upper) && all_values(lower) {
        (upper.words.clone(), lower.words.clone())
    } else if group_only(upper) && group_only(lower) {
        (trailing(upper), trailing(lower))
    } else {
        let column = upper
            .labels()
            .last()
            .zip(lower.labels().last())
            .map(|(u, l)| u.x0.min(l.x0))?;
        let beside = middle.labels().iter().all(|w| w.x1 <= column + 0.5);
        if !(beside && same_label(upper, lower)) {
            return None;
        }
        (trailing(upper), trailing(lower))
    };
    if ups.is_empty() || ups.len() != lows.len() {
        return None;
    }
    let h = upper.h.min(lower.h).min(middle.h);
    // The row's line is the middle of the two parts (a quarter line of slack), which stand
    // no farther apart than two parts may.
    if (f64::midpoint(upper.y0, lower.y1) - middle.cy).abs() > 0.25 * h
        || lower.y0 - upper.y1 > reach(1.2 * h, pitch)
    {
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
    for (k, &u) in ups.iter().enumerate() {
        // Both lines are in x order and pair one to one: the k-th with the k-th.
        let l = *lows.get(k)?;
        if !(free(u) && free(l) && parts_of_one(u, l, true, 1.2 * h, pitch)) {
            return None;
        }
        pairs.push((u, l));
    }
    wide_enough(pairs.iter().map(|&(u, _)| u)).then_some(pairs)
}

/// The farthest apart two lines' boxes may stand for parts of one number on them: `max_gap`, or
/// a cell line (`pitch`) between their centres, which is more than the gap between the boxes.
fn reach(max_gap: f64, pitch: Option<f64>) -> f64 {
    pitch.map_or(max_gap, |p| max_gap.max(p + PITCH_SLACK))
}

/// Whether a line's wrapped numbers are wider than one digit somewhere: a cell that holds two
/// digits a line wraps a number after two, while a lone digit over another is as likely the
/// values of two rows (a total at the top of a tall cell under the row above's). In a column
/// that holds one digit a line ("1" over "9" for 19) the line's other numbers hold more.
fn wide_enough<'a>(mut uppers: impl Iterator<Item = &'a Word>) -> bool {
    uppers.any(|u| u.text.chars().count() >= 2)
}

/// Whether `s` and `f` are two lines of one wrapped number: digits, aligned on an edge or the
/// centre, and set at most `max_gap` apart or one cell line (`pitch`) under the other (`s` above
/// `f` when `above`).
fn parts_of_one(s: &Word, f: &Word, above: bool, max_gap: f64, pitch: Option<f64>) -> bool {
    let digits = |w: &Word| !w.text.is_empty() && w.text.chars().all(|c| c.is_ascii_digit());
    let (upper, lower) = if above { (s, f) } else { (f, s) };
    let gap = lower.y0 - upper.y1;
    let aligned = (s.x0 - f.x0).abs() <= 1.0
        || (s.x1 - f.x1).abs() <= 1.0
        || (f64::midpoint(s.x0, s.x1) - f64::midpoint(f.x0, f.x1)).abs() <= 1.0;
    // The first line of a wrapped number fills its cell: as wide as the rest (and, on the
    // line, two digits at least somewhere: see `wide_enough`).
    let fills = upper.x1 - upper.x0 >= lower.x1 - lower.x0 - 0.5;
    let centres = f64::midpoint(lower.y0, lower.y1) - f64::midpoint(upper.y0, upper.y1);
    let one_line = pitch.is_some_and(|p| centres <= p + PITCH_SLACK);
    digits(s) && digits(f) && aligned && fills && gap >= -1.0 && (gap <= max_gap || one_line)
}

/// Whether label text begins with a number ("1.", "（二）", "三、"), as a row label does.
fn begins_row(text: &str) -> bool {
    text.trim_start().chars().next().is_some_and(|c| {
        c.is_ascii_digit()
            || matches!(c, '（' | '(' | '〔' | '【')
            || "一二三四五六七八九十".contains(c)
    })
}

/// How much farther apart than the cell line pitch two parts of a number may stand (points):
/// the next row's first line stands lower by the cells' padding and border, a point or more.
const PITCH_SLACK: f64 = 0.5;
/// How many label words of a line are compared with the next lines' for the pitch.
const PITCH_WORDS: usize = 8;

/// The pitch of the lines inside one cell on this page: the least distance between the centres
/// of two lines of label text that stand one under the other, left of every table value of the
/// page (a label wrapped in its cell; a narrative paragraph runs over the value columns). A
/// table set with wide line spacing (a double-spaced form) puts the parts of a wrapped number
/// a whole blank line apart, as far as two rows of single-spaced cells; its labels wrapped over
/// two lines say how far one line of a cell is from the next. `None` without such labels.
fn cell_line_pitch(bands: &[Band<'_>], work: &mut Work) -> Option<f64> {
    let values_x0 = bands
        .iter()
        .filter_map(|b| b.values().first().map(|w| w.x0))
        .fold(f64::INFINITY, f64::min);
    if !values_x0.is_finite() {
        return None;
    }
    // Each label word: its extent, its vertical centre, and whether it begins a row label.
    let labels: Vec<Vec<(f64, f64, f64, bool)>> = bands
        .iter()
        .map(|b| {
            b.labels()
                .iter()
                .take(PITCH_WORDS)
                .filter(|w| w.x1 <= values_x0)
                .map(|w| (w.x0, w.x1, f64::midpoint(w.y0, w.y1), begins_row(&w.text)))
                .collect()
        })
        .collect();
    let mut best: Option<f64> = None;
    for (i, upper) in bands.iter().enumerate() {
        let top = &labels[i];
        if top.is_empty() {
            continue;
        }
        // The line under it is one of the next few bands (values of the row between).
        for (j, lower) in bands.iter().enumerate().skip(i + 1).take(3) {
            if lower.page != upper.page {
                break;
            }
            work.add(top.len() * labels[j].len());
            let h = upper.h.max(lower.h);
            // The centres of the words themselves: a band's centre moves with the values on it.
            let under = labels[j]
                .iter()
                .flat_map(|l| {
                    top.iter()
                        .filter(move |t| l.0 < t.1 - 0.5 && l.1 > t.0 + 0.5)
                        .map(move |t| (l.2 - t.2, l.3))
                })
                .filter(|&(d, _)| d >= 0.8 * h)
                .min_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((d, row)) = under {
                // A line that begins with a number begins a row label: the distance is a
                // row's, not a line's. Within single spacing the gap rule holds already.
                if !row && d > 1.6 * h {
                    best = Some(best.map_or(d, |b| b.min(d)));
                }
                break;
            }
        }
    }
    best
}

/// Drops the items marked in `gone`.
fn retain<T>(v: &mut Vec<T>, gone: &[bool]) {
    let mut g = gone.iter();
    v.retain(|_| !g.next().copied().unwrap_or(false));
}

#[cfg(test)]
#[path = "wrapped_tests.rs"]
mod tests;
