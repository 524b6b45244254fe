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
//! A page whose text runs sideways (`/Rotate 90`, a table set landscape) or upside down is first
//! turned upright (`rotate`). Page numbers printed at the top or bottom of a page are dropped. The [`Document`]'s source is
//! the text rebuilt this way: a line per band (or row, cells separated by TABs), pages separated
//! by a line holding a form feed (see [`crate::page_of`]).

//!
//! Every step is linear in the words, or n log n where it sorts: bands are formed by one sort and
//! a sweep, tables in one pass over the bands, labels compared only with the rows next to them, and
//! the rendering walks each band once (a 244 KB PDF once took 78 s in a quadratic step here). The
//! work is counted ([`Work`]) so a test can hold it to that.

mod bands;
mod columns;
mod header;
mod orphans;
mod render;
mod rotate;
mod rows;
mod tables;
#[cfg(test)]
mod testing;
mod wrapped;

use gongkai_core::{Interrupt, Interrupted};
use gongkai_reader::Document;

use crate::{Page, Placed};
use bands::{Band, drop_page_numbers, drop_running_lines, page_bands};
use render::render;
use tables::{attach_labels, find_tables, plan_rows};

/// What becomes of a band.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Line,
    /// A table row: the table's index.
    Row(usize),
    /// Label text of the row in band `.0`.
    AttachedTo(usize),
    /// Part of a table whose rows were rebuilt from their labels (see `rows`).
    Regrouped,
    Dropped,
}

/// A count of the elementary steps of a layout (a word placed, two boxes compared), so that tests
/// can bound the work by the size of the input instead of timing it.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Work(pub(crate) u64);

impl Work {
    fn add(&mut self, n: usize) {
        self.0 = self.0.saturating_add(n as u64);
    }
}

/// Rebuilds a document from the pages' words.
#[cfg(test)]
pub(crate) fn build(pages: &[Page], name: &str) -> Document {
    build_counted(pages, name, &mut Work::default())
}

/// [`build`], counting its work in `work`.
#[cfg(test)]
pub(crate) fn build_counted(pages: &[Page], name: &str, work: &mut Work) -> Document {
    build_until(pages, name, work, None).map_or_else(
        |Interrupted| {
            // Without an interrupt nothing stops it: this document is never made.
            Document {
                source: gongkai_core::Source::new(name, String::new()),
                kind: gongkai_core::InputKind::Pdf,
                encoding: String::new(),
                blocks: Vec::new(),
            }
        },
        |(document, _)| document,
    )
}

/// Rebuilds a document from the pages' words (with the box of each word rendered), counting its
/// work in `work` and asking `interrupt` between its steps (after each
/// page's bands, each table's columns and rows): a caller's time limit stops it within one
/// step.
///
/// # Errors
/// [`Interrupted`] when `interrupt` says stop.
pub(crate) fn build_until(
    pages: &[Page],
    name: &str,
    work: &mut Work,
    interrupt: Option<&Interrupt>,
) -> Result<(Document, Vec<Placed>), Interrupted> {
    let poll = || Interrupt::poll(interrupt);
    // Pages whose text runs sideways or upside down, turned upright first.
    let turned: Vec<Option<(Page, rotate::Turned)>> = pages
        .iter()
        .map(|p| {
            work.add(p.words.len());
            rotate::upright_turned(p)
        })
        .collect();
    poll()?;
    let pages: Vec<&Page> = pages
        .iter()
        .zip(&turned)
        .map(|(p, t)| t.as_ref().map_or(p, |(t, _)| t))
        .collect();
    // Numbers wrapped in narrow cells, joined: a page with any is banded again.
    let mut first_bands: Vec<Option<Vec<Band<'_>>>> = Vec::with_capacity(pages.len());
    let mut joined: Vec<Option<Page>> = Vec::with_capacity(pages.len());
    for (p, page) in pages.iter().enumerate() {
        let b = page_bands(p, page, work);
        let j = wrapped::join_all(p, page, &b, work);
        first_bands.push(j.is_none().then_some(b));
        joined.push(j);
        poll()?;
    }
    let pages: Vec<&Page> = pages
        .iter()
        .zip(&joined)
        .map(|(p, j)| j.as_ref().unwrap_or(p))
        .collect();
    let mut bands: Vec<Band<'_>> = Vec::new();
    for (p, (page, first)) in pages.iter().zip(first_bands).enumerate() {
        if first.is_none() {
            poll()?;
        }
        bands.extend(first.unwrap_or_else(|| page_bands(p, page, work)));
    }
    let mut roles = vec![Role::Line; bands.len()];
    drop_page_numbers(&bands, &pages, &mut roles);
    drop_running_lines(&bands, &pages, &mut roles);
    poll()?;
    let mut tables = find_tables(&mut bands, &mut roles, work);
    poll()?;
    for table in &mut tables {
        columns::settle(&bands, table, work);
        header::complete(&bands, &roles, table, work);
        poll()?;
    }
    attach_labels(&bands, &tables, &mut roles, work);
    poll()?;
    let mut plans = plan_rows(&bands, &tables, &roles, work);
    poll()?;
    let mut above = Vec::with_capacity(tables.len());
    for (table, rows) in tables.iter().zip(&mut plans) {
        above.push(rows::regroup(&bands, table, rows, &mut roles, work));
        poll()?;
    }
    rows::carry_over(&bands, &mut plans, &above);
    orphans::mark(&tables, &mut plans, work);
    orphans::adopt_stray_values(&tables, &mut plans, work);
    poll()?;
    let (document, mut placed) = render(&bands, &tables, &plans, &roles, pages.len(), name, work);
    // The words' boxes on the pages as displayed, where a turned page's were turned.
    for p in &mut placed {
        if let Some(Some((_, turn))) = turned.get(p.page) {
            (p.x0, p.y0, p.x1, p.y1) = turn.undo((p.x0, p.y0, p.x1, p.y1));
        }
    }
    Ok((document, placed))
}

#[cfg(test)]
mod tests {
    use gongkai_reader::Block;

    use super::bands::{is_page_number, is_value};
    use super::*;
    use crate::Word;
    use crate::layout::testing::{lines as rendered, word};

    fn w(x0: f64, y0: f64, x1: f64, text: &str) -> Word {
        word(x0, y0, x1, y0 + 8.0, text)
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
            ..Page::default()
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
                ..Page::default()
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
        for t in ["2024 年", "一、总体情况", "", "12345", "1 7 78", "３ ４"] {
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

    /// A row whose cells are aligned differently (as Word and LibreOffice print the official
    /// form): （二）'s 总计 on the first line of its two-line label, its other values on the
    /// second, and a group label beside the rows. The row is one row of the form, built from its
    /// label, not two rows from two baselines; a heading line below the table stays a line.
    #[test]
    fn rows_come_from_their_labels_not_from_baselines() {
        let mut words = Vec::new();
        let row = |words: &mut Vec<Word>, y: f64, values: &[&str]| {
            for (c, v) in values.iter().enumerate() {
                if !v.is_empty() {
                    let x = 300.0 + 30.0 * f64::from(u8::try_from(c).unwrap_or(0));
                    words.push(w(x, y, x + 12.0, v));
                }
            }
        };
        words.push(w(80.0, 80.0, 160.0, "（一）予以公开"));
        row(&mut words, 80.0, &["5", "0", "0", "0", "0", "0", "5"]);
        words.push(w(
            80.0,
            100.0,
            280.0,
            "（二）部分公开（区分处理的，只计这一情",
        ));
        row(&mut words, 100.0, &["", "", "", "", "", "", "454"]);
        words.push(w(80.0, 113.0, 180.0, "形，不计其他情形）"));
        row(&mut words, 113.0, &["447", "7", "0", "0", "0", "0", ""]);
        words.push(w(40.0, 135.0, 75.0, "（三）不"));
        words.push(w(80.0, 135.0, 180.0, "1.属于国家秘密"));
        row(&mut words, 135.0, &["2", "0", "0", "0", "0", "0", "2"]);
        words.push(w(40.0, 148.0, 75.0, "予公开"));
        words.push(w(80.0, 160.0, 200.0, "2.其他法律行政法规禁止公开"));
        row(&mut words, 160.0, &["1", "0", "0", "0", "0", "0", "1"]);
        words.push(w(60.0, 173.0, 200.0, "第二十条第（八）项"));
        let d = build(
            &[Page {
                width: 595.0,
                height: 842.0,
                words,
                ..Page::default()
            }],
            "t.pdf",
        );
        assert_eq!(
            rendered(&d),
            [
                "(一)予以公开|5|0|0|0|0|0|5",
                "(二)部分公开(区分处理的,只计这一情形,不计其他情形)|447|7|0|0|0|0|454",
                "(三)不予公开|1.属于国家秘密|2|0|0|0|0|0|2",
                "2.其他法律行政法规禁止公开|1|0|0|0|0|0|1",
                "第二十条第(八)项",
            ]
        );
    }

    fn page_of(words: Vec<Word>) -> Page {
        Page {
            width: 595.0,
            height: 842.0,
            words,
            ..Page::default()
        }
    }

    /// Narrow right-aligned columns without padding (a browser's print of a portal page): the
    /// numbers of adjacent cells touch, close as separate words ("10" "20" "30") or as one
    /// ("123456" for 12, 34 and 56). The columns come from the rows that fill them, and the
    /// word over three columns is split at their boundaries.
    #[test]
    fn touching_cells_are_split_at_the_column_boundaries() {
        let words = vec![
            w(80.0, 100.0, 100.0, "甲类"),
            w(315.0, 100.0, 320.0, "1"),
            w(325.0, 100.0, 330.0, "2"),
            w(335.0, 100.0, 340.0, "3"),
            w(80.0, 112.0, 100.0, "乙类"),
            w(310.0, 112.0, 320.0, "10"),
            w(320.0, 112.0, 330.0, "20"),
            w(330.0, 112.0, 340.0, "30"),
            w(80.0, 124.0, 100.0, "丙类"),
            w(310.0, 124.0, 340.0, "123456"),
        ];
        let d = build(&[page_of(words)], "t.pdf");
        assert_eq!(
            rendered(&d),
            ["甲类|1|2|3", "乙类|10|20|30", "丙类|12|34|56"]
        );
    }

    /// A word over two columns whose values share no edge, where two cuts fit as well: it is
    /// split, and its cells are marked uncertain (the reader's uncertainty model then keeps any
    /// finding on them a warning); the cells of clean rows are not.
    #[test]
    fn an_unclear_split_makes_its_cells_uncertain() {
        let words = vec![
            w(80.0, 100.0, 100.0, "甲类"),
            w(300.0, 100.0, 306.0, "1"),
            w(314.0, 100.0, 320.0, "2"),
            w(80.0, 112.0, 100.0, "乙类"),
            w(300.0, 112.0, 320.0, "123"),
        ];
        let d = build(&[page_of(words)], "t.pdf");
        let uncertain = |b: usize| -> Vec<bool> {
            match &d.blocks[b] {
                Block::Row(cells) => cells.iter().map(|t| t.uncertain().is_some()).collect(),
                Block::Line(_) => Vec::new(),
            }
        };
        assert_eq!(uncertain(0), [false, false, false]);
        assert_eq!(uncertain(1), [false, true, true]);
        assert_eq!(rendered(&d)[1], "乙类|1|23");
    }

    /// A label wrapped to the edge of a narrow label cell (two points before the first value
    /// column) is label text, not a header that ends the table; the report's next section
    /// heading set close under the last row is no label of it; a browser's running footer
    /// (address and "1/2") on every page is dropped, not read into the row above it.
    #[test]
    fn narrow_labels_section_headings_and_running_footers() {
        let page = |n: &str, words: Vec<Word>| {
            let mut words = words;
            words.push(w(24.0, 830.0, 200.0, "file:///tmp/report.html"));
            words.push(w(560.0, 830.0, 575.0, n));
            page_of(words)
        };
        let first = page(
            "1/2",
            vec![
                w(80.0, 100.0, 297.0, "（一）本机关不掌握相关"),
                w(300.0, 104.0, 306.0, "1"),
                w(340.0, 104.0, 346.0, "2"),
                w(80.0, 110.0, 298.0, "政府信息"),
                w(80.0, 122.0, 200.0, "（二）没有现成信息"),
                w(300.0, 122.0, 306.0, "3"),
                w(340.0, 122.0, 346.0, "4"),
                w(80.0, 132.0, 300.0, "四、政府信息公开行政复议、行政诉讼情况"),
            ],
        );
        let second = page("2/2", vec![w(80.0, 100.0, 200.0, "五、存在的主要问题")]);
        let d = build(&[first, second], "t.pdf");
        assert_eq!(
            rendered(&d),
            [
                "(一)本机关不掌握相关政府信息|1|2",
                "(二)没有现成信息|3|4",
                "四、政府信息公开行政复议、行政诉讼情况",
                "五、存在的主要问题",
            ]
        );
    }

    /// A row of a tall cell whose total is set at the top and its other values on the label's
    /// centred line: the total stands in the band of the row above, which then has two totals;
    /// it goes to the row whose total is missing.
    #[test]
    fn a_value_at_the_top_of_a_tall_cell_joins_its_own_row() {
        let mut words = Vec::new();
        let row = |words: &mut Vec<Word>, y: f64, values: &[&str]| {
            for (c, v) in values.iter().enumerate() {
                if !v.is_empty() {
                    let x = 300.0 + 30.0 * f64::from(u8::try_from(c).unwrap_or(0));
                    words.push(w(x, y, x + 12.0, v));
                }
            }
        };
        words.push(w(80.0, 100.0, 200.0, "4.无正当理由大量反复申请"));
        row(&mut words, 100.0, &["1", "0", "0", "0", "0", "0", "1"]);
        row(&mut words, 112.0, &["", "", "", "", "", "", "2"]);
        words.push(w(
            80.0,
            124.0,
            200.0,
            "5.要求行政机关确认或重新出具已获取信息",
        ));
        row(&mut words, 124.0, &["2", "0", "0", "0", "0", "0", ""]);
        words.push(w(80.0, 140.0, 200.0, "（七）总计"));
        row(&mut words, 140.0, &["3", "0", "0", "0", "0", "0", "3"]);
        let d = build(&[page_of(words)], "t.pdf");
        assert_eq!(
            rendered(&d),
            [
                "4.无正当理由大量反复申请|1|0|0|0|0|0|1",
                "5.要求行政机关确认或重新出具已获取信息|2|0|0|0|0|0|2",
                "(七)总计|3|0|0|0|0|0|3",
            ]
        );
    }

    /// A number wrapped in a narrow cell ("1020" printed "10" over "20", the row's other values
    /// on the second line) is one value, not a row of its own above its row.
    #[test]
    fn a_number_wrapped_in_its_cell_is_joined() {
        let words = vec![
            w(300.0, 100.0, 310.0, "10"),
            w(80.0, 108.0, 120.0, "甲类"),
            w(300.0, 108.0, 310.0, "20"),
            w(340.0, 108.0, 345.0, "5"),
            w(80.0, 120.0, 120.0, "乙类"),
            w(300.0, 120.0, 305.0, "3"),
            w(340.0, 120.0, 345.0, "4"),
        ];
        let d = build(&[page_of(words)], "t.pdf");
        assert_eq!(rendered(&d), ["甲类|1020|5", "乙类|3|4"]);
    }

    /// A number wrapped in a cell whose content is centred: "19" above the row's line and "57"
    /// below it (its other cells one line, on the row's line) is 1957, on the row's line.
    #[test]
    fn a_centred_wrapped_number_is_joined_across_the_rows_line() {
        let words = vec![
            w(300.0, 95.5, 310.0, "19"),
            w(80.0, 100.0, 100.0, "甲类"),
            w(340.0, 100.0, 345.0, "5"),
            w(380.0, 100.0, 385.0, "6"),
            w(300.0, 104.5, 310.0, "57"),
            w(80.0, 124.0, 100.0, "乙类"),
            w(305.0, 124.0, 310.0, "1"),
            w(340.0, 124.0, 345.0, "2"),
            w(380.0, 124.0, 385.0, "3"),
        ];
        let d = build(&[page_of(words)], "t.pdf");
        assert_eq!(rendered(&d), ["甲类|1957|5|6", "乙类|1|2|3"]);
    }

    /// Top-aligned cells: a wrapped number's last digits on the line below the row's, beside
    /// the second line of a group label, are joined to the row's values ("10" over "09").
    #[test]
    fn the_last_digits_below_a_top_aligned_row_are_joined() {
        let words = vec![
            w(40.0, 100.0, 75.0, "三、本年"),
            w(80.0, 100.0, 140.0, "（一）予以公开"),
            w(300.0, 100.0, 310.0, "10"),
            w(330.0, 100.0, 340.0, "22"),
            w(365.0, 100.0, 370.0, "5"),
            w(40.0, 109.0, 75.0, "度办理结"),
            w(300.0, 109.0, 310.0, "09"),
            w(335.0, 109.0, 340.0, "1"),
            w(80.0, 130.0, 140.0, "（二）部分公开"),
            w(305.0, 130.0, 310.0, "3"),
            w(335.0, 130.0, 340.0, "4"),
            w(365.0, 130.0, 370.0, "5"),
        ];
        let d = build(&[page_of(words)], "t.pdf");
        assert_eq!(
            rendered(&d),
            [
                "三、本年度办理结|(一)予以公开|1009|221|5",
                "(二)部分公开|3|4|5"
            ]
        );
    }

    /// A double-spaced table puts a wrapped number's lines a blank line apart, as far as two
    /// rows of a single-spaced one: the parts are joined when the page's labels wrapped in
    /// their cells ("三、本年" over "度办理结") show that one line of a cell is that far from the
    /// next, and not without them.
    #[test]
    fn parts_one_cell_line_apart_are_joined_in_a_double_spaced_table() {
        let rows = |group_wrapped: bool| {
            let mut words = vec![
                w(40.0, 100.0, 75.0, "三、本年"),
                w(80.0, 100.0, 140.0, "（一）予以公开"),
                w(300.0, 100.0, 310.0, "16"),
                w(330.0, 100.0, 340.0, "18"),
                w(365.0, 100.0, 370.0, "5"),
                w(300.0, 116.0, 310.0, "23"),
                w(335.0, 116.0, 340.0, "4"),
                w(80.0, 134.0, 140.0, "（二）部分公开"),
                w(305.0, 134.0, 310.0, "3"),
                w(335.0, 134.0, 340.0, "4"),
                w(365.0, 134.0, 370.0, "5"),
            ];
            if group_wrapped {
                words.push(w(40.0, 116.0, 75.0, "度办理结"));
            }
            page_of(words)
        };
        let d = build(&[rows(true)], "t.pdf");
        assert_eq!(
            rendered(&d),
            [
                "三、本年度办理结|(一)予以公开|1623|184|5",
                "(二)部分公开|3|4|5"
            ]
        );
        let d = build(&[rows(false)], "t.pdf");
        assert!(
            !rendered(&d).iter().any(|r| r.contains("1623")),
            "{:?}",
            rendered(&d)
        );
    }

    /// A line of parts set tight between two rows could end the row above ("23" over "11") or
    /// begin the row below ("11" over "9"): it is joined only the way the page's other wrapped
    /// numbers show its cells are aligned, and left as printed when nothing shows it.
    #[test]
    fn parts_between_two_rows_go_the_way_the_page_aligns_its_cells() {
        let rows = |top: f64| {
            vec![
                w(80.0, top, 100.0, "甲类"),
                w(300.0, top, 310.0, "23"),
                w(335.0, top, 340.0, "0"),
                w(360.0, top, 370.0, "23"),
                w(300.0, top + 9.0, 310.0, "11"),
                w(360.0, top + 9.0, 370.0, "15"),
                w(80.0, top + 18.0, 100.0, "乙类"),
                w(305.0, top + 18.0, 310.0, "9"),
                w(335.0, top + 18.0, 340.0, "0"),
                w(365.0, top + 18.0, 370.0, "4"),
            ]
        };
        let d = build(&[page_of(rows(100.0))], "t.pdf");
        assert_eq!(rendered(&d), ["甲类|23|0|23", "11||15", "乙类|9|0|4"]);
        // The same rows under a row whose number wraps above its line, far from any row above.
        let mut words = rows(100.0);
        words.extend([
            w(300.0, 150.0, 310.0, "10"),
            w(80.0, 159.0, 100.0, "丙类"),
            w(300.0, 159.0, 310.0, "20"),
            w(335.0, 159.0, 340.0, "1"),
            w(365.0, 159.0, 370.0, "5"),
        ]);
        let d = build(&[page_of(words)], "t.pdf");
        assert_eq!(
            rendered(&d),
            ["甲类|23|0|23", "乙类|119|0|154", "丙类|1020|1|5"]
        );
    }

    /// A row whose middle cell is blank in every row (表四's single row with an empty cell): the
    /// column comes from the header, whose cells stand one over each column; a header note run
    /// on into the gap before the first column makes no column.
    #[test]
    fn a_column_no_row_fills_comes_from_the_header() {
        let words = vec![
            w(300.0, 70.0, 340.0, "行政复议"),
            w(300.0, 80.0, 310.0, "维持"),
            w(330.0, 80.0, 340.0, "纠正"),
            w(360.0, 80.0, 370.0, "总计"),
            w(305.0, 100.0, 310.0, "1"),
            w(365.0, 100.0, 370.0, "3"),
        ];
        let d = build(&[page_of(words)], "t.pdf");
        assert_eq!(rendered(&d).last().map(String::as_str), Some("1||3"));
        let words = vec![
            w(80.0, 80.0, 280.0, "（本列数据的勾稽关系为"),
            w(284.0, 80.0, 294.0, "等"),
            w(300.0, 88.0, 310.0, "甲"),
            w(360.0, 88.0, 370.0, "丙"),
            w(80.0, 100.0, 200.0, "一、本年新收政府信息公开申请数量"),
            w(305.0, 100.0, 310.0, "1"),
            w(365.0, 100.0, 370.0, "3"),
        ];
        let d = build(&[page_of(words)], "t.pdf");
        assert_eq!(
            rendered(&d).last().map(String::as_str),
            Some("一、本年新收政府信息公开申请数量|1|3")
        );
    }

    /// Narrow label columns without padding: a right-aligned group label ends a few points
    /// before the item label beside it ("（五）不" right against "1.信访举"), whose column's lines
    /// start a point or two apart ("1." and "3." a little left of the others). The two are two
    /// label cells, not one phrase.
    #[test]
    fn touching_label_columns_stay_apart() {
        let t = |x0: f64, y0: f64, x1: f64, text: &str| Word {
            x0,
            y0,
            x1,
            y1: y0 + 9.5,
            text: text.to_owned(),
        };
        let words = vec![
            t(262.0, 80.0, 293.7, "3.危及三"),
            t(320.0, 80.0, 329.0, "11"),
            t(360.0, 80.0, 365.0, "0"),
            t(227.8, 100.0, 257.8, "（五）不"),
            t(264.5, 100.0, 293.7, "1.信访举"),
            t(235.3, 110.5, 257.8, "予处理"),
            t(263.8, 110.5, 293.8, "报投诉类"),
            t(320.0, 110.5, 329.0, "25"),
            t(360.0, 110.5, 365.0, "0"),
            t(263.8, 121.0, 293.8, "申请"),
            t(264.5, 140.0, 293.7, "2.重复申"),
            t(263.8, 150.5, 278.8, "请"),
            t(320.0, 150.5, 325.0, "2"),
            t(360.0, 150.5, 365.0, "0"),
        ];
        let d = build(&[page_of(words)], "t.pdf");
        assert!(
            rendered(&d).contains(&"(五)不予处理|1.信访举报投诉类申请|25|0".to_owned()),
            "{:?}",
            rendered(&d)
        );
    }

    /// A table-3 row as a producer prints it: a label wrapped over two lines above and below
    /// the values' baseline, and seven values.
    fn table_rows(page: &mut Page, rows: u32, top: f64) {
        for r in 0..rows {
            let y = top + 30.0 * f64::from(r);
            page.words.push(w(80.0, y, 200.0, "（二）部分公开（区分"));
            page.words.push(w(80.0, y + 10.0, 150.0, "处理的）"));
            for c in 0..7 {
                let x = 260.0 + 40.0 * f64::from(c);
                page.words.push(w(x, y + 5.0, x + 12.0, "12"));
            }
        }
    }

    /// The layout's work is linear in the words (n log n where it sorts): 40,000 table rows on
    /// 1,000 pages, and 20,000 rows on one tall page, each cost a bounded number of steps per
    /// word. The quadratic steps this replaced took 32 s on 160,000 rows.
    #[test]
    fn work_is_linear_in_the_words() {
        let many_pages: Vec<Page> = (0..1000)
            .map(|_| {
                let mut p = Page {
                    width: 595.0,
                    height: 842.0,
                    words: Vec::new(),
                    ..Page::default()
                };
                table_rows(&mut p, 40, 40.0);
                p
            })
            .collect();
        let mut tall = Page {
            width: 595.0,
            height: 30.0 * 20_000.0 + 100.0,
            words: Vec::new(),
            ..Page::default()
        };
        table_rows(&mut tall, 20_000, 40.0);
        for pages in [many_pages, vec![tall]] {
            let words: usize = pages.iter().map(|p| p.words.len()).sum();
            let started = std::time::Instant::now();
            let mut work = Work::default();
            let d = build_counted(&pages, "t.pdf", &mut work);
            let rows = d
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::Row(_)))
                .count();
            assert_eq!(rows, words / 9);
            assert!(
                work.0 <= 80 * words as u64,
                "{} steps for {words} words",
                work.0
            );
            // A generous backstop for what the count does not see (debug build, loaded machine).
            assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
        }
    }

    /// Numbers at ever new x positions do not make a table of thousands of columns (whose rows
    /// would each render thousands of empty cells): a table stays within MAX_COLUMNS.
    #[test]
    fn a_table_never_grows_past_the_column_limit() {
        let mut page = Page {
            width: 20_000.0,
            height: 30_000.0,
            words: Vec::new(),
            ..Page::default()
        };
        for r in 0..2000 {
            let y = 40.0 + 12.0 * f64::from(r);
            let x = 300.0 + 9.0 * f64::from(r);
            page.words.push(w(80.0, y, 120.0, "行政许可"));
            page.words.push(w(x, y, x + 6.0, "1"));
        }
        let d = build(&[page], "t.pdf");
        let widest = d
            .blocks
            .iter()
            .map(|b| match b {
                Block::Row(cells) => cells.len(),
                Block::Line(_) => 0,
            })
            .max();
        assert!(
            widest.is_some_and(|n| n <= tables::MAX_COLUMNS + 1),
            "{widest:?}"
        );
    }
}
