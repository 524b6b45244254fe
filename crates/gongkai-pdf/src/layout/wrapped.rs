//! Numbers wrapped inside their cells.
//!
//! A value column narrower than a number (the official form with its label columns widened)
//! makes the producer wrap the number: "1020" is printed "10" on one line and "20" on the next,
//! in the same cell. Read line by line, that gives a line "10 … 11" of a few values and no label
//! above the row, and the row's own values cut short ("20" for 1020). The wrapped part is told
//! from a row of its own by its shape: a line of values without a label, with fewer values than
//! the line next to it, each set directly against a value of that line in its column (no line
//! gap between them, aligned on a left, right or centre). It is joined to those values, and the
//! joined number stands on the fuller line.

use super::Work;
use super::bands::{Band, is_value};
use crate::{Page, Word};

/// The page with wrapped numbers joined, or `None` when it has none; `bands` are its bands.
pub(super) fn join(page: &Page, bands: &[Band<'_>], work: &mut Work) -> Option<Page> {
    // Pairs (word of the sparse line, word of the fuller line), by their positions in
    // `page.words`.
    let index = |w: &Word| -> usize {
        // Band words are references into `page.words`.
        (std::ptr::from_ref(w) as usize - page.words.as_ptr() as usize)
            / std::mem::size_of::<Word>()
    };
    let mut joins: Vec<(usize, usize, bool)> = Vec::new();
    for pair in bands.windows(2) {
        work.add(pair[0].words.len() + pair[1].words.len());
        if let Some(found) = wrapped(&pair[0], &pair[1], true) {
            joins.extend(found.into_iter().map(|(a, b)| (index(a), index(b), true)));
        }
    }
    if joins.is_empty() {
        return None;
    }
    let mut words = page.words.clone();
    let mut gone = vec![false; words.len()];
    for &(s, f, above) in &joins {
        let (Some(sw), Some(fw)) = (page.words.get(s), page.words.get(f)) else {
            continue;
        };
        let text = if above {
            format!("{}{}", sw.text, fw.text)
        } else {
            format!("{}{}", fw.text, sw.text)
        };
        if let Some(w) = words.get_mut(f) {
            w.text = text;
            w.x0 = sw.x0.min(fw.x0);
            w.x1 = sw.x1.max(fw.x1);
        }
        if let Some(g) = gone.get_mut(s) {
            *g = true;
        }
    }
    retain(&mut words, &gone);
    Some(Page {
        words,
        ..page.clone()
    })
}

/// The words of `sparse` (a line above `full` when `above`, else below) that are wrapped parts
/// of `full`'s values, paired with them; `None` unless every word of `sparse` is one.
fn wrapped<'a>(
    sparse: &Band<'a>,
    full: &Band<'a>,
    above: bool,
) -> Option<Vec<(&'a Word, &'a Word)>> {
    // A line of values alone (a lone number is no row by itself, so look at all its words).
    if sparse.page != full.page
        || sparse.words.is_empty()
        || !sparse.words.iter().all(|w| is_value(&w.text))
        || sparse.words.len() >= full.values().len()
    {
        return None;
    }
    let h = sparse.h.min(full.h);
    let mut pairs = Vec::new();
    for &s in &sparse.words {
        let partner = full
            .values()
            .iter()
            .find(|f| parts_of_one(s, f, above, h))?;
        pairs.push((s, *partner));
    }
    Some(pairs)
}

/// Whether `s` and `f` are two lines of one wrapped number: digits, aligned on an edge or the
/// centre, and set without a line gap between them (`s` above `f` when `above`).
fn parts_of_one(s: &Word, f: &Word, above: bool, h: f64) -> bool {
    let digits = |w: &Word| !w.text.is_empty() && w.text.chars().all(|c| c.is_ascii_digit());
    let (upper, lower) = if above { (s, f) } else { (f, s) };
    let gap = lower.y0 - upper.y1;
    let aligned = (s.x0 - f.x0).abs() <= 1.0
        || (s.x1 - f.x1).abs() <= 1.0
        || (f64::midpoint(s.x0, s.x1) - f64::midpoint(f.x0, f.x1)).abs() <= 1.0;
    // The first line of a wrapped number fills its cell: two digits at least, and as wide as
    // the rest.
    let fills = upper.text.len() >= 2 && upper.x1 - upper.x0 >= lower.x1 - lower.x0 - 0.5;
    digits(s) && digits(f) && aligned && fills && (-1.0..=0.5 * h).contains(&gap)
}

/// Drops the items marked in `gone`.
fn retain<T>(v: &mut Vec<T>, gone: &[bool]) {
    let mut g = gone.iter();
    v.retain(|_| !g.next().copied().unwrap_or(false));
}
