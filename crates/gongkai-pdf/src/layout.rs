//! Lines and table rows rebuilt from word boxes.
//!
//! A PDF's text order is whatever the producer wrote: often a table column by column, or a
//! multi-line label after the numbers of its row. Positions are reliable, so reading order is
//! rebuilt from them:
//!
//! 1. **Bands**: words whose vertical centres agree (within half a character height) form one
//!    band — one printed line, or one table row's baseline.
//! 2. **Value bands**: a band that ends in numbers (or blank marks such as "/") spaced like table
//!    cells, with only label text before them, is a table row.
//! 3. **Tables**: consecutive value bands whose numbers fall into consistent columns; a band with
//!    text over the value columns (a header) ends a table. The columns are the union of the value
//!    boxes, so a row with a blank cell keeps its values in their columns and gets an empty cell.
//! 4. **Labels**: a band of label text between table rows (a label wrapped over several lines,
//!    a group label printed vertically) belongs to the nearest row; within a row, label text is
//!    ordered by its column (group label, sub-group, item) and then top to bottom, so a wrapped
//!    label reads as one phrase before its values.
//!
//! Page numbers printed at the top or bottom of a page are dropped. The [`Document`]'s source is
//! the text rebuilt this way: a line per band (or row, cells separated by TABs), pages separated
//! by a line holding a form feed (see [`crate::page_of`]).

use gongkai_core::{InputKind, Source};
use gongkai_reader::{Block, Document, Text};

use crate::{Page, Word};

/// One printed line: words in x order.
struct Band<'a> {
    page: usize,
    words: Vec<&'a Word>,
    y0: f64,
    y1: f64,
    cy: f64,
    /// Median word height: the unit for gaps.
    h: f64,
    /// Index in `words` of the first of the trailing values, when this is a table row.
    values_from: Option<usize>,
}

impl<'a> Band<'a> {
    fn is_row(&self) -> bool {
        self.values_from.is_some()
    }

    fn values(&self) -> &[&'a Word] {
        self.values_from.map_or(&[], |i| &self.words[i..])
    }

    fn labels(&self) -> &[&'a Word] {
        &self.words[..self.values_from.unwrap_or(self.words.len())]
    }
}

/// A table being recognised: its rows (band indices) and value columns.
struct Table {
    rows: Vec<usize>,
    /// Label-only bands inside the table region, to be attached to rows.
    label_bands: Vec<usize>,
    /// Merged x intervals of the value words.
    columns: Vec<(f64, f64)>,
}

impl Table {
    fn zone(&self) -> (f64, f64) {
        let x0 = self.columns.first().map_or(0.0, |c| c.0);
        let x1 = self.columns.last().map_or(0.0, |c| c.1);
        (x0, x1)
    }

    fn add_columns(&mut self, words: &[&Word]) {
        for w in words {
            self.columns.push((w.x0, w.x1));
        }
        self.columns = merge_intervals(std::mem::take(&mut self.columns));
    }
}

/// What becomes of a band.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Line,
    /// A table row: the table's index.
    Row(usize),
    /// Label text of the row in band `.0`.
    AttachedTo(usize),
    Dropped,
}

/// Rebuilds a document from the pages' words.
pub(crate) fn build(pages: &[Page], name: &str) -> Document {
    let mut bands: Vec<Band<'_>> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        bands.extend(page_bands(p, page));
    }
    let mut roles = vec![Role::Line; bands.len()];
    drop_page_numbers(&bands, pages, &mut roles);
    let tables = find_tables(&bands, &mut roles);
    attach_labels(&bands, &tables, &mut roles);
    render(&bands, &tables, &roles, pages.len(), name)
}

fn page_bands(p: usize, page: &Page) -> Vec<Band<'_>> {
    let mut words: Vec<&Word> = page.words.iter().collect();
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
    bands
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
    if values.is_empty() {
        return None;
    }
    // Table cells stand apart; boxes are taller than the glyphs, so half a box height is a
    // clear gap between two numbers (a sentence never holds two numbers in a row anyway).
    if values.windows(2).any(|p| gap(p[0], p[1]) < 0.5 * h) {
        return None;
    }
    let label_gap = first.checked_sub(1).map(|i| gap(words[i], values[0]));
    let spaced = match (values.len(), label_gap) {
        (1, Some(g)) => g >= 3.0 * h,
        (1, None) => false,
        (_, Some(g)) => g >= 0.5 * h,
        (_, None) => true,
    };
    spaced.then_some(first)
}

/// A number, or a mark written for "none" in a table cell.
fn is_value(text: &str) -> bool {
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
fn drop_page_numbers(bands: &[Band<'_>], pages: &[Page], roles: &mut [Role]) {
    for (p, page) in pages.iter().enumerate() {
        let on_page: Vec<usize> = (0..bands.len()).filter(|&i| bands[i].page == p).collect();
        let (Some(&first), Some(&last)) = (on_page.first(), on_page.last()) else {
            continue;
        };
        for i in [first, last] {
            let b = &bands[i];
            let near_edge =
                page.height <= 0.0 || b.y1 < page.height * 0.12 || b.y0 > page.height * 0.85;
            let text: String = b.words.iter().map(|w| w.text.as_str()).collect();
            if near_edge && is_page_number(&text) {
                roles[i] = Role::Dropped;
            }
        }
    }
}

fn is_page_number(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .collect();
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

/// Groups value bands into tables (see the module docs) and marks them as rows.
fn find_tables(bands: &[Band<'_>], roles: &mut [Role]) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    let mut open: Option<Table> = None;
    for (i, band) in bands.iter().enumerate() {
        if roles[i] == Role::Dropped {
            continue;
        }
        let tol = band.h;
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
                });
            }
            if let Some(t) = open.as_mut() {
                t.rows.push(i);
                t.add_columns(band.values());
                roles[i] = Role::Row(tables.len());
            }
        } else if let Some(t) = open.as_mut() {
            let (zx0, zx1) = t.zone();
            let over_values = band
                .words
                .iter()
                .any(|w| w.x1 > zx0 - 0.5 * tol && w.x0 < zx1 + tol);
            if over_values {
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

/// Whether a row continues a table: its labels end before the value columns, and each value
/// falls into at most one column.
fn fits(table: &Table, band: &Band<'_>) -> bool {
    let (zx0, _) = table.zone();
    let tol = 0.5 * band.h;
    if band.labels().iter().any(|w| w.x1 > zx0 + tol) {
        return false;
    }
    band.values().iter().all(|w| {
        w.x0 >= zx0 - 2.0 * band.h
            && table
                .columns
                .iter()
                .filter(|c| w.x0 < c.1 + 1.0 && w.x1 > c.0 - 1.0)
                .count()
                <= 1
    })
}

fn merge_intervals(mut v: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(v.len());
    for (x0, x1) in v {
        match out.last_mut() {
            Some(last) if x0 <= last.1 + 0.5 => last.1 = last.1.max(x1),
            _ => out.push((x0, x1)),
        }
    }
    out
}

/// Attaches label-only bands to table rows. First, repeatedly, bands set as tightly as the lines
/// of one cell (a gap under 1.2 character heights) to a row's extent — the row's band and what is
/// already attached to it — go to the closest such row; then the bands still left *between* two
/// rows go to the nearest row within three character heights. Everything else stays a line.
fn attach_labels(bands: &[Band<'_>], tables: &[Table], roles: &mut [Role]) {
    for table in tables {
        let (zx0, _) = table.zone();
        let first_row = table.rows.first().copied().unwrap_or(0);
        let last_row = table.rows.last().copied().unwrap_or(0);
        // Candidates: label-only bands among the rows, and those just before each row.
        let mut candidates: Vec<usize> = table.label_bands.clone();
        for &r in &table.rows {
            let mut i = r;
            while i > 0 && r - i < 8 {
                i -= 1;
                let b = &bands[i];
                let label_only = !b.is_row() && b.words.iter().all(|w| w.x1 <= zx0);
                if roles[i] != Role::Line || b.page != bands[r].page || !label_only {
                    break;
                }
                candidates.push(i);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut extent: Vec<(usize, f64, f64)> = table
            .rows
            .iter()
            .map(|&r| (r, bands[r].y0, bands[r].y1))
            .collect();
        loop {
            let mut changed = false;
            for &l in &candidates {
                if roles[l] != Role::Line {
                    continue;
                }
                let lb = &bands[l];
                let best = extent
                    .iter_mut()
                    .filter(|(r, _, _)| bands[*r].page == lb.page)
                    .map(|e| {
                        let gap = (e.1 - lb.y1).max(lb.y0 - e.2);
                        (gap, e)
                    })
                    .filter(|(gap, _)| *gap <= 1.2 * lb.h)
                    .min_by(|a, b| a.0.total_cmp(&b.0));
                if let Some((_, e)) = best {
                    roles[l] = Role::AttachedTo(e.0);
                    e.1 = e.1.min(lb.y0);
                    e.2 = e.2.max(lb.y1);
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
            let nearest = table
                .rows
                .iter()
                .filter(|&&r| bands[r].page == lb.page)
                .map(|&r| (r, (bands[r].cy - lb.cy).abs()))
                .min_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((r, distance)) = nearest
                && distance <= 3.0 * lb.h
            {
                roles[l] = Role::AttachedTo(r);
            }
        }
    }
}

/// A run of label words of one band that read as one phrase (pdftotext splits a label where the
/// producer placed its glyphs apart).
struct Phrase<'a> {
    words: Vec<&'a Word>,
    x0: f64,
    cy: f64,
}

/// Splits a band's labels into phrases: a new phrase starts at a clear gap, or at a label column
/// edge unless the words touch (pdftotext splits "1." from "属于国家秘密" at no gap at all).
fn phrases<'a>(band: &Band<'a>, edges: &[f64]) -> Vec<Phrase<'a>> {
    let mut out: Vec<Phrase<'a>> = Vec::new();
    for &w in band.labels() {
        let at_edge = edges.iter().any(|&e| (w.x0 - e).abs() <= 2.0);
        match out.last_mut() {
            Some(p)
                if p.words.last().is_some_and(|l| {
                    let gap = w.x0 - l.x1;
                    gap < 0.25 * band.h || (gap < 0.8 * band.h && !at_edge)
                }) =>
            {
                p.words.push(w);
            }
            _ => out.push(Phrase {
                words: vec![w],
                x0: w.x0,
                cy: band.cy,
            }),
        }
    }
    out
}

/// Left edges of the label columns of a table: x positions where at least two label words
/// start, and the leftmost one.
fn label_columns(words: &[&Word]) -> Vec<f64> {
    let mut xs: Vec<f64> = words.iter().map(|w| w.x0).collect();
    xs.sort_by(f64::total_cmp);
    let mut edges: Vec<f64> = Vec::new();
    let mut i = 0;
    while i < xs.len() {
        let mut j = i + 1;
        while j < xs.len() && xs[j] - xs[j - 1] <= 2.0 {
            j += 1;
        }
        if j - i >= 2 || edges.is_empty() {
            edges.push(xs[i]);
        }
        i = j;
    }
    edges
}

/// The rendering being built: the source text and, for each piece pushed, its [`Text`].
struct Out {
    text: String,
}

impl Out {
    /// Appends words joined as printed, recording them in `t`.
    fn push_words(&mut self, t: &mut Text, words: &[&Word], h: f64) {
        let mut prev: Option<&Word> = None;
        for &w in words {
            if let Some(p) = prev {
                let gap = w.x0 - p.x1;
                let cjk = ends_cjk(&p.text) && starts_cjk(&w.text);
                if gap >= h || (gap >= 0.25 * h && !cjk) {
                    self.push(t, " ");
                }
            }
            self.push(t, &w.text);
            prev = Some(w);
        }
    }

    fn push(&mut self, t: &mut Text, s: &str) {
        // Line breaks inside a word would break the one-line-per-band rendering.
        if s.chars().any(char::is_control) {
            let s: String = s
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            t.push_source(&s, self.text.len());
            self.text.push_str(&s);
        } else {
            t.push_source(s, self.text.len());
            self.text.push_str(s);
        }
    }
}

fn is_cjk(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace()
}

fn ends_cjk(s: &str) -> bool {
    s.chars().last().is_some_and(is_cjk)
}

fn starts_cjk(s: &str) -> bool {
    s.chars().next().is_some_and(is_cjk)
}

fn render(
    bands: &[Band<'_>],
    tables: &[Table],
    roles: &[Role],
    n_pages: usize,
    name: &str,
) -> Document {
    let mut out = Out {
        text: String::new(),
    };
    let mut blocks = Vec::new();
    // Label columns per table, from all of its phrases.
    let table_edges: Vec<Vec<f64>> = tables
        .iter()
        .enumerate()
        .map(|(ti, _)| {
            let words: Vec<&Word> = (0..bands.len())
                .filter(|&i| match roles[i] {
                    Role::Row(t) => t == ti,
                    Role::AttachedTo(r) => roles[r] == Role::Row(ti),
                    _ => false,
                })
                .flat_map(|i| bands[i].labels().iter().copied())
                .collect();
            label_columns(&words)
        })
        .collect();
    let mut page = 0;
    for (i, band) in bands.iter().enumerate() {
        while page < band.page.min(n_pages) {
            out.text.push_str("\u{c}\n");
            page += 1;
        }
        match roles[i] {
            Role::Dropped | Role::AttachedTo(_) => {}
            Role::Line => {
                let mut t = Text::default();
                out.push_words(&mut t, &band.words, band.h);
                out.text.push('\n');
                blocks.push(Block::Line(t));
            }
            Role::Row(ti) => {
                let row = render_row(i, bands, roles, &tables[ti], &table_edges[ti], &mut out);
                out.text.push('\n');
                blocks.push(Block::Row(row));
            }
        }
    }
    Document {
        source: Source::new(name, out.text),
        kind: InputKind::Pdf,
        encoding: "UTF-8".to_owned(),
        blocks,
    }
}

fn render_row(
    r: usize,
    bands: &[Band<'_>],
    roles: &[Role],
    table: &Table,
    edges: &[f64],
    out: &mut Out,
) -> Vec<Text> {
    let band = &bands[r];
    let mut all: Vec<Phrase<'_>> = phrases(band, edges);
    for (i, b) in bands.iter().enumerate() {
        if roles[i] == Role::AttachedTo(r) {
            all.extend(phrases(b, edges));
        }
    }
    let column_of = |p: &Phrase<'_>| edges.iter().rposition(|&e| e <= p.x0 + 2.0).unwrap_or(0);
    all.sort_by(|a, b| {
        column_of(a)
            .cmp(&column_of(b))
            .then(a.cy.total_cmp(&b.cy))
            .then(a.x0.total_cmp(&b.x0))
    });
    let mut cells: Vec<Text> = Vec::new();
    let mut current: Option<(usize, Text)> = None;
    for p in &all {
        let col = column_of(p);
        match current.as_mut() {
            Some((c, t)) if *c == col => {
                let cjk = t.as_str().chars().last().is_some_and(is_cjk)
                    && p.words.first().is_some_and(|w| starts_cjk(&w.text));
                if !cjk {
                    out.push(t, " ");
                }
                out.push_words(t, &p.words, band.h);
            }
            _ => {
                if let Some((_, t)) = current.take() {
                    cells.push(t);
                    out.text.push('\t');
                }
                let mut t = Text::default();
                out.push_words(&mut t, &p.words, band.h);
                current = Some((col, t));
            }
        }
    }
    if let Some((_, t)) = current.take() {
        cells.push(t);
    }
    for (ci, column) in table.columns.iter().enumerate() {
        if !cells.is_empty() || ci > 0 {
            out.text.push('\t');
        }
        let words: Vec<&Word> = band
            .values()
            .iter()
            .copied()
            .filter(|w| w.x0 < column.1 + 1.0 && w.x1 > column.0 - 1.0)
            .collect();
        let mut t = Text::empty_at(out.text.len());
        out.push_words(&mut t, &words, band.h);
        cells.push(t);
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(x0: f64, y0: f64, x1: f64, text: &str) -> Word {
        Word {
            x0,
            y0,
            x1,
            y1: y0 + 8.0,
            text: text.to_owned(),
        }
    }

    fn rendered(d: &Document) -> Vec<String> {
        d.blocks
            .iter()
            .map(|b| match b {
                Block::Line(t) => t.as_str().to_owned(),
                Block::Row(cells) => cells.iter().map(Text::as_str).collect::<Vec<_>>().join("|"),
            })
            .collect()
    }

    #[test]
    fn values_land_in_their_columns_whatever_the_text_order() {
        // Words given column by column (as some producers write them), a blank cell in row 2,
        // a label wrapped around its row's values, and a page number.
        let words = vec![
            w(300.0, 100.0, 310.0, "3"),
            w(300.0, 124.0, 310.0, "5"),
            w(350.0, 100.0, 360.0, "4"),
            w(400.0, 100.0, 410.0, "7"),
            w(400.0, 124.0, 410.0, "5"),
            w(80.0, 100.0, 200.0, "（一）予以公开"),
            w(80.0, 119.0, 200.0, "（二）部分公开（区分"),
            w(80.0, 129.0, 150.0, "处理的）"),
            w(80.0, 60.0, 420.0, "三、收到和处理政府信息公开申请情况"),
            w(280.0, 800.0, 300.0, "-3-"),
        ];
        let page = Page {
            width: 595.0,
            height: 842.0,
            words,
        };
        let d = build(&[page], "t.pdf");
        assert_eq!(
            rendered(&d),
            [
                "三、收到和处理政府信息公开申请情况",
                "(一)予以公开|3|4|7",
                "(二)部分公开(区分处理的)|5||5"
            ]
        );
        assert_eq!(
            d.source.text(),
            "三、收到和处理政府信息公开申请情况\n（一）予以公开\t3\t4\t7\n（二）部分公开（区分处理的）\t5\t\t5\n"
        );
        let Block::Row(cells) = &d.blocks[2] else {
            panic!()
        };
        let r = cells[3].source_range(0..1);
        let span = d.source.span(r.start, r.end);
        assert_eq!((d.source.slice(span), span.line), ("5", 3));
    }

    #[test]
    fn sentences_ending_in_numbers_are_not_rows() {
        let words = vec![
            w(74.0, 100.0, 300.0, "全市共受理政府信息公开申请"),
            w(304.0, 100.0, 324.0, "3119"),
            w(74.0, 130.0, 200.0, "行政许可"),
            w(300.0, 130.0, 340.0, "447228"),
        ];
        let d = build(
            &[Page {
                width: 595.0,
                height: 842.0,
                words,
            }],
            "t.pdf",
        );
        assert_eq!(
            rendered(&d),
            ["全市共受理政府信息公开申请 3119", "行政许可|447228"]
        );
    }

    #[test]
    fn page_numbers() {
        for t in [
            "-3-",
            "- 3 -",
            "— 12 —",
            "第 2 页",
            "第2页共5页",
            "3/12",
            "３",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2024 年", "一、总体情况", "", "12345"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn value_words() {
        for t in ["0", "3,119", "96171.6", "１２", "/", "—", "-3", "无"] {
            assert!(is_value(t), "{t}");
        }
        for t in ["2024年", "1.", "（一）", "a1", "."] {
            assert!(!is_value(t), "{t}");
        }
    }
}
