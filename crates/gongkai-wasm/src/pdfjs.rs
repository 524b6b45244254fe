//! A [`WordSource`] fed by pdf.js: the text items of each page, as `web/src/pdftext.js` collects
//! them, turned into word boxes in poppler's convention, so that the page's PDFs go through the
//! same layout code as the CLI's.
//!
//! pdf.js gives a text item per run of glyphs drawn in one font (its `str`, the text matrix
//! `transform` in PDF user space, the advance `width` and the font size `height`), and per font
//! its `ascent` and `descent`. poppler's `-bbox-layout` gives words: runs of characters without
//! white space between them, each box from the baseline less the font's ascent to the baseline
//! less its descent, in points from the top-left corner of the page as displayed. So:
//!
//! - positions go through the viewport's transform at scale 1 (PDF user space to top-left-origin
//!   points, the page's `/Rotate` included), as poppler's display space;
//! - an item is cut into words at its white space; the characters' advances within an item are
//!   not given, so they are estimated (a full-width character one em, others half) and scaled to
//!   the item's width — exact for an item that is one word, as table cells are;
//! - consecutive items of one size on one baseline that touch (no white space and a gap under a
//!   tenth of the font size, poppler's word break) are one word, across fonts, as in poppler.
//!
//! - a vertical font's characters are stacked down, a word each.
//!
//! On the sample PDFs the boxes agree with poppler's (`tests/pdfjs.rs`: same rebuilt tables, same
//! findings).

use std::collections::HashMap;

use gongkai::pdf::{Page, PdfError, PdfOptions, Word, WordSource};
use serde::Deserialize;

/// One page as `pdftext.js` sends it.
#[derive(Debug, Clone, Deserialize)]
pub struct JsPage {
    /// Width of the page as displayed, in points.
    pub width: f64,
    /// Height of the page as displayed, in points.
    pub height: f64,
    /// The viewport's transform at scale 1: PDF user space to top-left-origin points.
    pub transform: [f64; 6],
    /// The text items in content order.
    pub items: Vec<JsItem>,
    /// The fonts of the items by name.
    #[serde(default)]
    pub fonts: HashMap<String, JsFont>,
}

/// A pdf.js text item.
#[derive(Debug, Clone, Deserialize)]
pub struct JsItem {
    /// The text.
    pub str: String,
    /// The text matrix in PDF user space: `[a, b, c, d, e, f]`, the baseline's start at `(e, f)`.
    pub transform: [f64; 6],
    /// The advance of the whole item, in user space units.
    pub width: f64,
    /// The font size in user space units (0 for white space items).
    pub height: f64,
    /// The font's name in [`JsPage::fonts`].
    #[serde(default)]
    pub font: String,
}

/// A font's vertical metrics, as fractions of the font size.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct JsFont {
    /// Above the baseline (positive).
    pub ascent: f64,
    /// Below the baseline (negative).
    pub descent: f64,
    /// Written top to bottom (a vertical CJK font).
    #[serde(default)]
    pub vertical: bool,
}

impl Default for JsFont {
    /// poppler's metrics for a font that gives none (`GfxFont`: 0.95 and -0.35).
    fn default() -> Self {
        Self {
            ascent: 0.95,
            descent: -0.35,
            vertical: false,
        }
    }
}

impl JsFont {
    /// The metrics, or poppler's defaults where pdf.js has none (it gives 0 and 0 for a font
    /// without them, which would make every box of the font zero high).
    fn or_default(self) -> Self {
        if self.ascent > 0.0 && self.ascent - self.descent > 0.0 {
            self
        } else {
            Self {
                vertical: self.vertical,
                ..Self::default()
            }
        }
    }
}

/// pdf.js's pages as a word source (the PDF's bytes are not read again: pdf.js has read them).
#[derive(Debug, Clone, Default)]
pub struct PdfJs {
    /// The pages.
    pub pages: Vec<JsPage>,
}

impl WordSource for PdfJs {
    fn pages(&self, _pdf: &[u8], _options: &PdfOptions) -> Result<Vec<Page>, PdfError> {
        Ok(self.pages.iter().map(page).collect())
    }
}

/// A point through an affine transform `[a, b, c, d, e, f]`.
fn apply(m: &[f64; 6], x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Whether a character is set one em wide: CJK ideographs, punctuation, kana, hangul and
/// full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A word being built: its text and its extent along the item's baseline (user space).
struct Piece {
    text: String,
    start: f64,
    end: f64,
}

/// The words of an item: cut at white space, each with its estimated extent along the baseline.
fn pieces(item: &JsItem) -> Vec<Piece> {
    let chars: Vec<char> = item.str.chars().collect();
    let weight = |c: char| if is_wide(c) { 1.0 } else { 0.5 };
    let total: f64 = chars.iter().map(|&c| weight(c)).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let scale = item.width / total;
    let mut out: Vec<Piece> = Vec::new();
    let mut at = 0.0;
    let mut current: Option<Piece> = None;
    for &c in &chars {
        let advance = weight(c) * scale;
        if c.is_whitespace() {
            out.extend(current.take());
        } else {
            let p = current.get_or_insert_with(|| Piece {
                text: String::new(),
                start: at,
                end: at,
            });
            p.text.push(c);
            p.end = at + advance;
        }
        at += advance;
    }
    out.extend(current);
    out
}

/// A word's box on the displayed page, from its extent along the item's baseline.
// The names of the matrix entries are the PDF specification's.
#[allow(clippy::many_single_char_names)]
fn word_box(page: &JsPage, item: &JsItem, font: JsFont, start: f64, end: f64) -> [f64; 4] {
    let [a, b, c, d, e, f] = item.transform;
    let along = a.hypot(b);
    let up = c.hypot(d);
    let size = if item.height > 0.0 { item.height } else { up };
    let (dx, dy) = if along > 0.0 {
        (a / along, b / along)
    } else {
        (1.0, 0.0)
    };
    let (ux, uy) = if up > 0.0 {
        (c / up, d / up)
    } else {
        (0.0, 1.0)
    };
    let mut x0 = f64::INFINITY;
    let mut y0 = f64::INFINITY;
    let mut x1 = f64::NEG_INFINITY;
    let mut y1 = f64::NEG_INFINITY;
    for s in [start, end] {
        for h in [font.ascent * size, font.descent * size] {
            let (x, y) = apply(&page.transform, e + dx * s + ux * h, f + dy * s + uy * h);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
    }
    [x0, y0, x1, y1]
}

/// The words of a page in poppler's convention.
pub fn page(js: &JsPage) -> Page {
    let mut words: Vec<Word> = Vec::new();
    let (mut lines_down, mut lines_up) = (0usize, 0usize);
    // The previous item's matrix, advance and whether it ended in white space: a word that
    // continues into the next item is joined with it, whatever its font (poppler joins "行政",
    // "事" and "业性收费" of three fonts into one word).
    let mut last: Option<([f64; 6], f64, bool)> = None;
    for item in &js.items {
        let font = js
            .fonts
            .get(&item.font)
            .copied()
            .unwrap_or_default()
            .or_default();
        if font.vertical {
            vertical_words(js, item, &mut words);
            last = None;
            continue;
        }
        let parts = pieces(item);
        let starts_blank = item.str.starts_with(char::is_whitespace);
        let ends_blank = item.str.ends_with(char::is_whitespace);
        let size = item.height.max(item.transform[2].hypot(item.transform[3]));
        let mut first = true;
        for part in &parts {
            let [x0, y0, x1, y1] = word_box(js, item, font, part.start, part.end);
            let continues = first
                && part.start <= 0.0
                && !starts_blank
                && last.is_some_and(|(t, end, blank)| {
                    !blank
                        && t[..4] == item.transform[..4]
                        && continues_baseline(&t, end, &item.transform, size)
                });
            first = false;
            match words.last_mut() {
                Some(w) if continues => {
                    w.text.push_str(&part.text);
                    w.x0 = w.x0.min(x0);
                    w.y0 = w.y0.min(y0);
                    w.x1 = w.x1.max(x1);
                    w.y1 = w.y1.max(y1);
                }
                _ => words.push(Word {
                    x0,
                    y0,
                    x1,
                    y1,
                    text: part.text.clone(),
                }),
            }
        }
        // Which way the item's line runs on the displayed page (see `rotate` in gongkai-pdf):
        // counted per pair of words in it, as poppler counts the words of its lines.
        if parts.len() > 1 {
            let [a, b, ..] = item.transform;
            let (vx, vy) = (
                js.transform[0] * a + js.transform[2] * b,
                js.transform[1] * a + js.transform[3] * b,
            );
            if vy.abs() > vx.abs() {
                if vy > 0.0 {
                    lines_down += parts.len() - 1;
                } else {
                    lines_up += parts.len() - 1;
                }
            }
        }
        if !item.str.is_empty() {
            last = Some((item.transform, item.width, ends_blank));
        }
    }
    Page {
        width: js.width,
        height: js.height,
        words,
        lines_down,
        lines_up,
    }
}

/// The characters of an item in a vertical font, a word each, stacked down from the item's
/// origin (the bottom of its first character, as pdf.js places it): pdf.js gives the font size as
/// the item's width and the advance of all characters as its height.
fn vertical_words(js: &JsPage, item: &JsItem, words: &mut Vec<Word>) {
    let chars: Vec<char> = item.str.chars().collect();
    if chars.is_empty() {
        return;
    }
    let [.., e, f] = item.transform;
    let size = item.width;
    let advance = item.height / f64::from(u32::try_from(chars.len()).unwrap_or(u32::MAX));
    let mut top = f + size + advance;
    for c in chars {
        top -= advance;
        if c.is_whitespace() {
            continue;
        }
        let (ax, ay) = apply(&js.transform, e, top);
        let (bx, by) = apply(&js.transform, e + size, top - size);
        words.push(Word {
            x0: ax.min(bx),
            y0: ay.min(by),
            x1: ax.max(bx),
            y1: ay.max(by),
            text: c.to_string(),
        });
    }
}

/// Whether an item drawn with matrix `next` starts where the item drawn with `prev` (advance
/// `width`) ended, on its baseline, within a tenth of the font size.
fn continues_baseline(prev: &[f64; 6], width: f64, next: &[f64; 6], size: f64) -> bool {
    let along = prev[0].hypot(prev[1]);
    if along <= 0.0 {
        return false;
    }
    let (dx, dy) = (prev[0] / along, prev[1] / along);
    let end = (prev[4] + dx * width, prev[5] + dy * width);
    let (gx, gy) = (next[4] - end.0, next[5] - end.1);
    // Along the baseline: a gap under a tenth of the font size (or a slight overlap); across
    // it: the same baseline.
    let gap = gx * dx + gy * dy;
    let off = (gy * dx - gx * dy).abs();
    gap > -0.1 * size && gap < 0.1 * size && off < 0.05 * size
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(s: &str, x: f64, baseline: f64, width: f64) -> JsItem {
        JsItem {
            str: s.to_owned(),
            transform: [16.0, 0.0, 0.0, 16.0, x, baseline],
            width,
            height: 16.0,
            font: "f".to_owned(),
        }
    }

    fn js(items: Vec<JsItem>) -> JsPage {
        JsPage {
            width: 595.0,
            height: 842.0,
            transform: [1.0, 0.0, 0.0, -1.0, 0.0, 842.0],
            items,
            fonts: HashMap::from([(
                "f".to_owned(),
                JsFont {
                    ascent: 0.88,
                    descent: -0.24,
                    vertical: false,
                },
            )]),
        }
    }

    /// The box of a word is poppler's: from the baseline less the ascent to the baseline less
    /// the descent, y from the top of the page.
    #[test]
    fn a_word_box_is_in_top_left_points_from_ascent_to_descent() {
        let p = page(&js(vec![item("总计", 100.0, 700.0, 32.0)]));
        let w = &p.words[0];
        assert_eq!(w.text, "总计");
        assert!((w.x0 - 100.0).abs() < 1e-9 && (w.x1 - 132.0).abs() < 1e-9);
        assert!((w.y0 - (142.0 - 0.88 * 16.0)).abs() < 1e-9);
        assert!((w.y1 - (142.0 + 0.24 * 16.0)).abs() < 1e-9);
    }

    /// White space cuts an item into words, each at its estimated advance; touching items of
    /// one font and baseline are one word; a gap or a white space item keeps them apart.
    #[test]
    fn items_are_cut_at_white_space_and_joined_where_they_touch() {
        let p = page(&js(vec![
            item("2023 年", 100.0, 700.0, 8.0 * 5.0 + 16.0),
            item("12", 200.0, 700.0, 16.0),
            item("3", 216.5, 700.0, 8.0),
            item(" ", 224.5, 700.0, 40.0),
            item("4", 264.5, 700.0, 8.0),
        ]));
        let texts: Vec<&str> = p.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["2023", "年", "123", "4"]);
        assert!((p.words[1].x0 - 140.0).abs() < 1e-9, "{:?}", p.words[1]);
        assert!((p.words[2].x1 - 224.5).abs() < 1e-9);
    }

    /// A page with `/Rotate 90`: the viewport turns user space, so a line drawn left to right
    /// in user space runs down the displayed page, and is counted as such.
    #[test]
    fn a_rotated_page_runs_down_in_display_space() {
        let mut p = js(vec![item("本年 新收", 100.0, 500.0, 72.0)]);
        // pdf.js's viewport of a 595×842 page with /Rotate 90: (x, y) → (y, x).
        p.transform = [0.0, 1.0, 1.0, 0.0, 0.0, 0.0];
        p.width = 842.0;
        p.height = 595.0;
        let page = page(&p);
        assert_eq!(page.lines_down, 1);
        let w = &page.words[0];
        assert!(w.y1 - w.y0 > w.x1 - w.x0, "{w:?}");
    }
}
