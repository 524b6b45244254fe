//! Pages whose text runs sideways or upside down, turned upright before the layout.
//!
//! pdftotext gives word boxes in the page's *display* space: on a page with `/Rotate 90` (a
//! table page set sideways) or with its content drawn rotated, a line of text runs top to bottom
//! and its words are tall, narrow boxes. The layout reads lines left to right, so such a page is
//! rotated back first, as a reader turns the paper:
//!
//! - **Which way the text runs** comes from the words themselves: a word of two or more
//!   characters is wider than tall when upright and taller than wide when turned; the page is
//!   turned when most such words are tall.
//! - **Which way round**: pdftotext writes the words of each `<line>` in reading order, so two
//!   words of one line show whether it runs down (turned clockwise, 90°) or up (270°); the
//!   parser counts them ([`Page::lines_down`], [`Page::lines_up`]), and on real turned pages they
//!   are unanimous. Without them (a page of one-word lines, as a turned table gives, or another
//!   word source), where the text stands to the numbers decides: a row's label comes before its
//!   values, so above them on a line running down. Failing that, consecutive words in the
//!   source's order; in a tie, the left margin: on a page turned clockwise the starts of lines
//!   share a top edge, turned the other way a bottom edge (numbers left out: a column of them
//!   aligns on its right). A page that gives no evidence is taken as turned clockwise, as
//!   `/Rotate 90` pages are.
//! - **180°** is left alone: its words are shaped as upright ones, pdftotext may write a line's
//!   words in any order (values before their label), and a justified page aligns on both
//!   margins, so nothing on the page tells it from an upright one reliably enough to turn it.
//!
//! The page size is then the upright one: a turned page is as wide as the display is tall. For
//! `/Rotate` pages pdftotext reports the unrotated size while its coordinates are those of the
//! display; content drawn turned on an upright page has the display's size. The transpose of
//! the reported size is taken when the words fit it, else the reported size (an offset from a
//! wrong guess moves every word alike, which the layout does not mind).

use super::bands::is_value;
use crate::{Page, Word};

/// The turn that makes a page upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Turn {
    /// Already upright.
    None,
    /// The text runs top to bottom (the page was turned 90° clockwise).
    Clockwise,
    /// The text runs bottom to top (turned 90° counter-clockwise).
    CounterClockwise,
}

/// How a page's text runs, from the shapes of its words and their order.
pub(super) fn turn_of(page: &Page) -> Turn {
    let (mut tall, mut wide) = (0usize, 0usize);
    for w in &page.words {
        if w.text.chars().count() < 2 {
            continue;
        }
        let (dx, dy) = (w.x1 - w.x0, w.y1 - w.y0);
        if dy > 1.5 * dx {
            tall += 1;
        } else if dx > 1.5 * dy {
            wide += 1;
        }
    }
    if tall <= wide || tall < 3 {
        return Turn::None;
    }
    // Without the source's lines: consecutive words that lie along one line (x ranges
    // overlapping) vote for its direction.
    let (mut down, mut up) = (0usize, 0usize);
    for pair in page.words.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let x_overlap = a.x1.min(b.x1) - a.x0.max(b.x0);
        if x_overlap > 0.5 * (a.x1 - a.x0).min(b.x1 - b.x0) {
            if b.y0 >= a.y1 - 1.0 {
                down += 1;
            } else if b.y1 <= a.y0 + 1.0 {
                up += 1;
            }
        }
    }
    // The order of words along the source's lines decides; without it (or in a tie), the left
    // margin: turned clockwise, the starts of lines share a top edge; turned the other way, a
    // bottom edge. Numbers are left out: a column of them aligns on its right (or centre).
    let text = || page.words.iter().filter(|w| !is_value(&w.text));
    let tops = most_aligned(text().map(|w| w.y0));
    let bottoms = most_aligned(text().map(|w| w.y1));
    // Then where labels stand to their values, then the order of consecutive words (which,
    // across the source's blocks, may put a value before its label).
    let by_labels = || {
        let (d, u) = labels_before_values(page);
        (d + u > 0).then_some((d, u))
    };
    let (down, up) = if page.lines_down + page.lines_up > 0 {
        (page.lines_down, page.lines_up)
    } else {
        by_labels().unwrap_or((down, up))
    };
    if up > down || (up == down && bottoms > tops) {
        Turn::CounterClockwise
    } else {
        Turn::Clockwise
    }
}

/// Votes for the way a turned page's lines run from where its numbers stand: a table row's label
/// comes before its values, so on a turned line (a strip of the page's width) the text above a
/// number reads first when the lines run down, the text below it when they run up. Each number
/// is compared with the nearest words in x order only, so the count stays linear.
fn labels_before_values(page: &Page) -> (usize, usize) {
    /// Neighbours in x order a number is compared with.
    const NEAR: usize = 8;
    let mut words: Vec<&Word> = page.words.iter().collect();
    let cx = |w: &Word| f64::midpoint(w.x0, w.x1);
    words.sort_by(|a, b| cx(a).total_cmp(&cx(b)));
    let (mut down, mut up) = (0usize, 0usize);
    for (i, v) in words.iter().enumerate() {
        if !is_value(&v.text) {
            continue;
        }
        let lo = i.saturating_sub(NEAR);
        let hi = (i + NEAR + 1).min(words.len());
        for t in words[lo..hi].iter().filter(|t| !is_value(&t.text)) {
            // On one turned line: the x ranges mostly overlap.
            let overlap = v.x1.min(t.x1) - v.x0.max(t.x0);
            if overlap <= 0.5 * (v.x1 - v.x0).min(t.x1 - t.x0) {
                continue;
            }
            if t.y1 <= v.y0 + 1.0 {
                down += 1;
            } else if t.y0 >= v.y1 - 1.0 {
                up += 1;
            }
        }
    }
    (down, up)
}

/// The largest number of the values within one point of each other.
fn most_aligned(values: impl Iterator<Item = f64>) -> usize {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    let (mut best, mut from) = (0, 0);
    for to in 0..v.len() {
        while v[to] - v[from] > 1.0 {
            from += 1;
        }
        best = best.max(to + 1 - from);
    }
    best
}

/// How a page was turned upright, to put a box of the upright page back where it is on the
/// page as displayed (a page that draws the PDF draws it there).
#[derive(Debug, Clone, Copy)]
pub(super) struct Turned {
    turn: Turn,
    dw: f64,
    dh: f64,
}

impl Turned {
    /// A box `(x0, y0, x1, y1)` of the upright page, on the page as displayed.
    pub(super) fn undo(self, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> (f64, f64, f64, f64) {
        match self.turn {
            // Upright (X, Y) = (y, dw - x): back, x = dw - Y, y = X.
            Turn::Clockwise => (self.dw - y1, x0, self.dw - y0, x1),
            // Upright (X, Y) = (dh - y, x): back, x = Y, y = dh - X.
            Turn::CounterClockwise => (y0, self.dh - x1, y1, self.dh - x0),
            Turn::None => (x0, y0, x1, y1),
        }
    }
}

/// The page turned upright (see the module docs); `None` when it already is.
#[cfg(test)]
pub(super) fn upright(page: &Page) -> Option<Page> {
    upright_turned(page).map(|(p, _)| p)
}

/// [`upright`], with how the page was turned.
pub(super) fn upright_turned(page: &Page) -> Option<(Page, Turned)> {
    let turn = turn_of(page);
    if turn == Turn::None {
        return None;
    }
    let max_x = page.words.iter().map(|w| w.x1).fold(0.0, f64::max);
    let max_y = page.words.iter().map(|w| w.y1).fold(0.0, f64::max);
    // The display size: pdftotext reports a `/Rotate` page's unrotated size, so the transpose
    // of the reported one when the words fit it; else (content drawn turned on an upright page)
    // the reported one.
    let fits = |w: f64, h: f64| max_x <= w + 1.0 && max_y <= h + 1.0;
    let (dw, dh) = if fits(page.height, page.width) {
        (page.height, page.width)
    } else {
        (page.width, page.height)
    };
    let (dw, dh) = (dw.max(max_x), dh.max(max_y));
    let map = |w: &Word| -> Word {
        let (x0, y0, x1, y1) = match turn {
            // Display x' = H - y, y' = x: back, x = y', y = dw - x'.
            Turn::Clockwise => (w.y0, dw - w.x1, w.y1, dw - w.x0),
            // Display x' = y, y' = W - x: back, x = dh - y', y = x'.
            Turn::CounterClockwise => (dh - w.y1, w.x0, dh - w.y0, w.x1),
            Turn::None => (w.x0, w.y0, w.x1, w.y1),
        };
        Word {
            x0,
            y0,
            x1,
            y1,
            text: w.text.clone(),
        }
    };
    let (width, height) = (dh, dw);
    let turned = Turned { turn, dw, dh };
    Some((
        Page {
            width,
            height,
            words: page.words.iter().map(map).collect(),
            ..Page::default()
        },
        turned,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::layout::testing::word as w;

    /// An upright page: a heading, and a row "行政许可 12 3" on the line below.
    fn upright_page() -> Page {
        Page {
            width: 595.0,
            height: 842.0,
            words: vec![
                w(80.0, 100.0, 240.0, 110.0, "主动公开政府信息情况"),
                w(80.0, 130.0, 120.0, 140.0, "行政许可"),
                w(300.0, 130.0, 312.0, 140.0, "12"),
                w(340.0, 130.0, 346.0, 140.0, "3"),
                w(80.0, 160.0, 160.0, 170.0, "行政处罚"),
                w(300.0, 160.0, 312.0, 170.0, "10"),
                w(340.0, 160.0, 346.0, 170.0, "0"),
            ],
            ..Page::default()
        }
    }

    /// The same page as pdftotext gives it on a `/Rotate 90` page: display x' = H - y, y' = x,
    /// the reported size unrotated.
    fn turned(page: &Page, turn: Turn) -> Page {
        let (w_, h_) = (page.width, page.height);
        Page {
            width: w_,
            height: h_,
            words: page
                .words
                .iter()
                .map(|o| match turn {
                    Turn::Clockwise => w(h_ - o.y1, o.x0, h_ - o.y0, o.x1, &o.text),
                    Turn::CounterClockwise => w(o.y0, w_ - o.x1, o.y1, w_ - o.x0, &o.text),
                    Turn::None => o.clone(),
                })
                .collect(),
            ..Page::default()
        }
    }

    #[test]
    fn turned_pages_come_back_upright() {
        let page = upright_page();
        assert_eq!(turn_of(&page), Turn::None);
        assert!(upright(&page).is_none());
        for turn in [Turn::Clockwise, Turn::CounterClockwise] {
            let t = turned(&page, turn);
            assert_eq!(turn_of(&t), turn);
            let back = upright(&t).unwrap();
            assert_eq!((back.width, back.height), (595.0, 842.0), "{turn:?}");
            for (a, b) in back.words.iter().zip(&page.words) {
                assert_eq!(a, b, "{turn:?}");
            }
        }
    }

    /// A turned table page of one-word lines whose words come values first (as pdftotext may
    /// write a turned table's blocks): the order of words would say the other way round; where
    /// the labels stand to their numbers says which.
    #[test]
    fn a_turned_table_turns_the_way_its_labels_read() {
        for turn in [Turn::Clockwise, Turn::CounterClockwise] {
            let mut t = turned(&upright_page(), turn);
            // Each row from its last value back to its label, and the heading last.
            t.words = [3, 2, 1, 6, 5, 4, 0]
                .iter()
                .map(|&i| t.words[i].clone())
                .collect();
            assert_eq!(turn_of(&t), turn);
        }
    }
}
