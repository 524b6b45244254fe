//! Bands: the words of a page grouped into printed lines by their vertical centres, and which
//! bands end in table values.

use super::tables::MAX_COLUMNS;
use super::{Role, Work};
use crate::{Page, Word};

/// One printed line: words in x order.
pub(super) struct Band<'a> {
    pub(super) page: usize,
    pub(super) words: Vec<&'a Word>,
    pub(super) y0: f64,
    pub(super) y1: f64,
    pub(super) cy: f64,
    /// Median word height: the unit for gaps.
    pub(super) h: f64,
    /// Index in `words` of the first of the trailing values, when this is a table row.
    pub(super) values_from: Option<usize>,
}

impl<'a> Band<'a> {
    pub(super) fn is_row(&self) -> bool {
        self.values_from.is_some()
    }

    pub(super) fn values(&self) -> &[&'a Word] {
        self.values_from.map_or(&[], |i| &self.words[i..])
    }

    pub(super) fn labels(&self) -> &[&'a Word] {
        &self.words[..self.values_from.unwrap_or(self.words.len())]
    }
}

/// The bands of page `p`, top to bottom: one sort, then a sweep that starts a band where a word's
/// centre leaves the running band's.
pub(super) fn page_bands<'p>(p: usize, page: &'p Page, work: &mut Work) -> Vec<Band<'p>> {
    let mut words: Vec<&Word> = page.words.iter().collect();
    work.add(words.len() * (usize::BITS - words.len().leading_zeros()) as usize);
    words.sort_by(|a, b| cy(a).total_cmp(&cy(b)).then(a.x0.total_cmp(&b.x0)));
    let mut bands: Vec<Band<'_>> = Vec::new();
    let mut current: Vec<&Word> = Vec::new();
    let mut sum = 0.0;
    let mut count = 0.0;
    let mut min_h = f64::INFINITY;
    for w in words {
        let h = height(w);
        if count > 0.0 && (cy(w) - sum / count).abs() > 0.5 * h.min(min_h) {
            bands.push(make_band(p, std::mem::take(&mut current)));
            sum = 0.0;
            count = 0.0;
            min_h = f64::INFINITY;
        }
        sum += cy(w);
        count += 1.0;
        min_h = min_h.min(h);
        current.push(w);
    }
    if !current.is_empty() {
        bands.push(make_band(p, current));
    }
    join_offset_values(p, bands, work)
}

/// A line of values alone whose boxes overlap, by a third of a line or more, a line of label
/// text alone beside them (left of all its values), or a row's line whose values leave its
/// columns free, is one line with it: the official form sets
/// its label cells centred and the values at the top of theirs, so in a tall row a value stands
/// most of a line above its label ("23014" over "行政许可"), too far for one band by centres,
/// and the row would be a label without values and a number without a label. Lines of text
/// never overlap that much; the parts of a wrapped number stand a whole line apart.
fn join_offset_values<'p>(p: usize, bands: Vec<Band<'p>>, work: &mut Work) -> Vec<Band<'p>> {
    let values_only = |b: &Band<'_>| b.words.iter().all(|w| is_value(&w.text));
    let labels_only = |b: &Band<'_>| b.words.iter().all(|w| !is_value(&w.text));
    let overlap = |a: &Band<'_>, b: &Band<'_>| a.y1.min(b.y1) - a.y0.max(b.y0);
    // How much the value band `v` overlaps the label band `l`, when they are one line.
    // A row line (label text, then values) takes a line of values in the cells it leaves
    // empty: the form sets one column's cells (表三's 总计) at the top and the others centred,
    // half a line lower.
    let row_with_room = |v: &Band<'_>, l: &Band<'_>| {
        let (labels, values) = (l.labels(), l.values());
        !labels.is_empty()
            && !values.is_empty()
            && v.words
                .iter()
                .all(|w| values.iter().all(|x| w.x1 <= x.x0 || w.x0 >= x.x1))
    };
    let fits = |v: &Band<'_>, l: &Band<'_>| -> Option<f64> {
        let o = overlap(v, l);
        let labels_x1 = l
            .labels()
            .iter()
            .map(|w| w.x1)
            .fold(f64::NEG_INFINITY, f64::max);
        let values_x0 = v.words.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
        (values_only(v)
            && (labels_only(l) || row_with_room(v, l))
            && o >= v.h.min(l.h) / 3.0
            && values_x0 > labels_x1 + l.h)
            .then_some(o)
    };
    work.add(bands.len());
    let mut with: Vec<Option<usize>> = vec![None; bands.len()];
    let mut taken = vec![false; bands.len()];
    for i in 0..bands.len() {
        let up = i
            .checked_sub(1)
            .and_then(|j| fits(&bands[i], &bands[j]).map(|o| (o, j)));
        let down = bands
            .get(i + 1)
            .and_then(|n| fits(&bands[i], n).map(|o| (o, i + 1)));
        let best = match (up, down) {
            (Some(a), Some(b)) => Some(if a.0 >= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        // A label line takes one line of values at most.
        if let Some((_, j)) = best
            && !taken[j]
        {
            with[i] = Some(j);
            taken[j] = true;
        }
    }
    if with.iter().all(Option::is_none) {
        return bands;
    }
    let mut groups: Vec<Vec<&'p Word>> = bands.iter().map(|b| b.words.clone()).collect();
    for (i, j) in with.iter().enumerate() {
        if let Some(j) = *j {
            let moved = std::mem::take(&mut groups[i]);
            groups[j].extend(moved);
        }
    }
    groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|g| make_band(p, g))
        .collect()
}

fn cy(w: &Word) -> f64 {
    f64::midpoint(w.y0, w.y1)
}

fn height(w: &Word) -> f64 {
    (w.y1 - w.y0).max(1.0)
}

fn make_band(page: usize, mut words: Vec<&Word>) -> Band<'_> {
    words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut heights: Vec<f64> = words.iter().map(|w| height(w)).collect();
    heights.sort_by(f64::total_cmp);
    let h = heights.get(heights.len() / 2).copied().unwrap_or(1.0);
    let y0 = words.iter().map(|w| w.y0).fold(f64::INFINITY, f64::min);
    let y1 = words.iter().map(|w| w.y1).fold(f64::NEG_INFINITY, f64::max);
    let mut band = Band {
        page,
        words,
        y0,
        y1,
        cy: f64::midpoint(y0, y1),
        h,
        values_from: None,
    };
    band.values_from = trailing_values(&band);
    band
}

/// Where the trailing table values of a band start, if the band is a table row: the numbers are
/// last, and spaced apart like cells (a sentence ending in a number is not a row).
fn trailing_values(band: &Band<'_>) -> Option<usize> {
    let words = &band.words;
    let first = words
        .iter()
        .rposition(|w| !is_value(&w.text))
        .map_or(0, |i| i + 1);
    let values = &words[first..];
    let gap = |a: &Word, b: &Word| b.x0 - a.x1;
    let h = band.h;
    if values.is_empty() || values.len() > MAX_COLUMNS {
        return None;
    }
    // Table cells stand apart; boxes are taller than the glyphs, so half a box height is a
    // clear gap between two numbers (a sentence never holds two numbers in a row anyway). In a
    // row of three or more, narrow cells without padding may bring two numbers close (their
    // boxes still apart), as a browser prints a portal page's table.
    let min_gap = if values.len() >= 3 { -0.1 * h } else { 0.5 * h };
    if values.windows(2).any(|p| gap(p[0], p[1]) < min_gap) {
        return None;
    }
    let label_gap = first.checked_sub(1).map(|i| gap(words[i], values[0]));
    let spaced = match (values.len(), label_gap) {
        (1, Some(g)) => g >= 3.0 * h,
        (1, None) => false,
        // A label wrapped to the edge of its cell may end a few points before the first value,
        // in narrow cells without padding a point or so before (a sentence never ends in three
        // numbers in a row).
        (n, Some(g)) => g >= if n >= 3 { 0.1 * h } else { 0.3 * h },
        (_, None) => true,
    };
    spaced.then_some(first)
}

/// A number, or a mark written for "none" in a table cell.
pub(super) fn is_value(text: &str) -> bool {
    // Most words are label text, told by their first character (a letter or ideograph other
    // than 无) without building the normalised copy below.
    let first = text.trim_start().chars().next();
    if first.is_none_or(|c| c.is_alphabetic() && !matches!(c, '无')) {
        return false;
    }
    let t: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '．' => '.',
            '，' => ',',
            '－' | '−' => '-',
            c => c,
        })
        .collect();
    if matches!(
        t.as_str(),
        "/" | "／" | "-" | "—" | "——" | "–" | "无" | "\\" | "--"
    ) {
        return true;
    }
    let digits = t.strip_prefix(['+', '-']).unwrap_or(&t);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    !int.is_empty()
        && int.starts_with(|c: char| c.is_ascii_digit())
        && int.chars().all(|c| c.is_ascii_digit() || c == ',')
        && frac.chars().all(|c| c.is_ascii_digit())
        && !(digits.contains('.') && frac.is_empty())
}

/// Page numbers ("- 3 -", "— 5 —", "第 2 页", "3/12") as the first or last band of a page.
/// Bands come page by page, so each page's first and last band are found in one pass.
pub(super) fn drop_page_numbers(bands: &[Band<'_>], pages: &[&Page], roles: &mut [Role]) {
    let mut start = 0;
    while start < bands.len() {
        let p = bands[start].page;
        let end = start + bands[start..].iter().take_while(|b| b.page == p).count();
        let Some(page) = pages.get(p) else {
            break;
        };
        for i in [start, end - 1] {
            let b = &bands[i];
            let near_edge =
                page.height <= 0.0 || b.y1 < page.height * 0.12 || b.y0 > page.height * 0.85;
            // Words joined by a space: separate numbers ("1 7 78", a table row at the top of a
            // page) are no page number, though their digits run together would be one.
            let text: Vec<&str> = b.words.iter().map(|w| w.text.as_str()).collect();
            if near_edge && is_page_number(&text.join(" ")) {
                roles[i] = Role::Dropped;
            }
        }
        start = end;
    }
}

/// Running headers and footers, as a browser prints them on every page (date and title at the
/// top, the file's address and "2/4" at the bottom): a page's first or last band in its outer
/// margin whose text, digits aside, is the same on at least two pages. Such a band is no part of
/// the report, and a footer set close under a table's last row would join that row.
pub(super) fn drop_running_lines(bands: &[Band<'_>], pages: &[&Page], roles: &mut [Role]) {
    let key = |b: &Band<'_>| -> String {
        b.words
            .iter()
            .flat_map(|w| w.text.chars())
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    };
    let mut edge: Vec<(usize, String)> = Vec::new();
    let mut start = 0;
    while start < bands.len() {
        let p = bands[start].page;
        let end = start + bands[start..].iter().take_while(|b| b.page == p).count();
        let Some(page) = pages.get(p) else {
            break;
        };
        let margin = 0.06 * page.height;
        let mut ends = vec![start];
        if end - 1 > start {
            ends.push(end - 1);
        }
        for i in ends {
            let b = &bands[i];
            if roles[i] == Role::Line && (b.y1 < margin || b.y0 > page.height - margin) {
                edge.push((i, key(b)));
            }
        }
        start = end;
    }
    let mut keys: Vec<&str> = edge.iter().map(|(_, k)| k.as_str()).collect();
    keys.sort_unstable();
    for (i, k) in &edge {
        let n =
            keys.partition_point(|x| *x <= k.as_str()) - keys.partition_point(|x| *x < k.as_str());
        if n >= 2 && !k.is_empty() {
            roles[*i] = Role::Dropped;
        }
    }
}

/// Whether `text` (words separated by spaces) is a page number: one number, with decorations
/// or "第…页"; two numbers set apart by a space ("1 7", cells of a row) are not one.
pub(super) fn is_page_number(text: &str) -> bool {
    let mut t = String::new();
    let mut spaced = false;
    for c in text.chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        };
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        if spaced && c.is_ascii_digit() && t.ends_with(|p: char| p.is_ascii_digit()) {
            return false;
        }
        spaced = false;
        t.push(c);
    }
    let decorations: &[char] = &['-', '—', '–', '－', '_', '~', '·', '•', '一'];
    let t = t.trim_matches(decorations);
    let t = t.strip_prefix('第').unwrap_or(t);
    let t = t.split_once("页").map_or(t, |(n, rest)| {
        // "第 2 页 共 5 页"
        if rest.is_empty() || rest.starts_with('共') {
            n
        } else {
            t
        }
    });
    let t = t.split_once('/').map_or(t, |(n, _)| n);
    !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use crate::Word;
    use crate::layout::testing::{rendered, word};

    fn w(x0: f64, y0: f64, x1: f64, text: &str) -> Word {
        word(x0, y0, x1, y0 + 15.6, text)
    }

    /// The official form's 表二 in tall rows: label cells centred, values at the top of their
    /// cells, so each value stands 9 points (more than half a line) above its label. Each value
    /// is its label's, and a row of values at the top of a page is no page number.
    #[test]
    fn a_value_set_above_its_centred_label_is_its_row() {
        let words = vec![
            w(202.9, 79.3, 210.5, "1"),
            w(312.6, 79.3, 320.2, "7"),
            w(523.2, 79.3, 538.4, "78"),
            w(103.2, 88.2, 127.2, "规章"),
            w(57.1, 152.6, 165.1, "第二十条第（五）项"),
            w(91.2, 184.8, 139.2, "信息内容"),
            w(310.7, 184.8, 406.7, "本年处理决定数量"),
            w(500.3, 208.1, 538.4, "23014"),
            w(91.2, 217.0, 139.2, "行政许可"),
        ];
        let r = rendered(words);
        assert!(r.contains(&"规章|1|7|78".to_owned()), "{r:?}");
        assert!(r.contains(&"行政许可|23014".to_owned()), "{r:?}");
    }

    /// Lines of a paragraph, however tightly set, are not joined to the numbers beside them.
    #[test]
    fn lines_a_line_apart_stay_apart() {
        let words = vec![
            w(100.0, 100.0, 300.0, "本年度共收到申请"),
            w(400.0, 114.0, 410.0, "12"),
        ];
        assert_eq!(rendered(words), ["本年度共收到申请", "12"]);
    }

    /// 表三 with its 总计 column set half a line above the row's other values (lo-form-029 of a
    /// held-out corpus, verbatim): "1266" and "19" overlap their rows' lines by half a line,
    /// in the column those lines leave empty, so each is its row's total — not a line of its
    /// own, and not label text that shifts 二's values one cell ("19|5|12|…", a confident
    /// wrong read before).
    #[test]
    fn a_total_set_half_a_line_higher_is_its_rows() {
        let mut words = vec![
            w(57.2, 657.0, 249.2, "一、本年新收政府信息公开申请数量"),
            w(57.2, 689.2, 249.2, "二、上年结转政府信息公开申请数量"),
            w(57.2, 721.4, 81.2, "三、"),
            w(87.3, 721.4, 171.3, "（一）予以公开"),
            w(505.3, 648.2, 535.816, "1266"),
            w(512.9, 680.4, 528.128, "19"),
            w(509.1, 712.6, 531.924, "826"),
        ];
        let cells = [
            (656.0, ["837", "252", "0", "14", "140", "23"]),
            (688.2, ["5", "12", "0", "1", "0", "1"]),
            (712.6, ["632", "171", "0", "8", "0", "15"]),
        ];
        let x = [272.7, 313.9, 355.3, 396.6, 437.9, 479.2];
        for (y, values) in cells {
            for (v, x) in values.iter().zip(x) {
                let half = 3.816 * f64::from(u8::try_from(v.len()).unwrap_or(u8::MAX));
                words.push(w(x - half, y, x + half, v));
            }
        }
        let read = rendered(words);
        assert_eq!(
            read,
            [
                "一、本年新收政府信息公开申请数量|837|252|0|14|140|23|1266",
                "二、上年结转政府信息公开申请数量|5|12|0|1|0|1|19",
                "三、(一)予以公开|632|171|0|8|0|15|826",
            ]
        );
    }
}
