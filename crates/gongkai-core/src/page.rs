//! Pages of a text: where a location is on a page the user can open.
//!
//! Text rebuilt from a PDF separates its pages by a line holding a form feed (so does
//! pdftotext's own output). A user looks for a finding on the page of the PDF, not in gongkai's
//! rebuilt text, so such a location reads "page 4, line 29" — line 29 of page 4 — rather than
//! line 96 of the whole text. The index is built once per source, with the line index, so
//! locating a span's page is a binary search, not a scan of the text before it.

use std::sync::Arc;

/// The form feeds of a text and how its lines are counted for users.
#[derive(Debug, Clone, Default)]
pub struct PageIndex {
    /// Each form feed of the text: its byte offset and the 1-based line it is on. Shared:
    /// every snippet of a file names its page, and cloning the index is one reference count.
    feeds: Arc<[Feed]>,
    /// Whether a line is shown counted from the top of its page (text gongkai rebuilt from a
    /// PDF, whose lines exist only on pages) or as a line of the file (a text file that happens
    /// to hold form feeds, such as pdftotext's output, which an editor shows by its own lines).
    lines_within_pages: bool,
    /// For text rebuilt from a PDF: byte offsets where a word of another printed line of the
    /// page begins, with that line (1-based, within its page), sorted by offset. A table row of
    /// the rebuilt text is one line, but on the page its label may wrap over three printed
    /// lines with the values on the middle one; a user counts the printed lines.
    printed: Arc<[(usize, u32)]>,
}

#[derive(Debug, Clone, Copy)]
struct Feed {
    offset: usize,
    line: u32,
}

impl PageIndex {
    /// The pages of `text`, whose 1-based lines start at the byte offsets `line_starts` (the
    /// line index of the same text).
    pub(crate) fn new(text: &str, line_starts: impl Fn(usize) -> u32) -> Self {
        let feeds: Vec<Feed> = form_feeds(text)
            .map(|offset| Feed {
                offset,
                line: line_starts(offset),
            })
            .collect();
        Self {
            feeds: feeds.into(),
            lines_within_pages: false,
            printed: Arc::new([]),
        }
    }

    /// The same index, counting lines from the top of each page, as printed where `printed`
    /// says (see [`crate::Source::pdf`]).
    pub(crate) fn within_pages(mut self, mut printed: Vec<(usize, u32)>) -> Self {
        self.lines_within_pages = true;
        // Sorted by offset, so a lookup is a binary search (the PDF reader pushes them in
        // order; sorting again is cheap insurance for any other caller).
        printed.sort_by_key(|&(offset, _)| offset);
        self.printed = printed.into();
        self
    }

    /// Whether the text has pages: text rebuilt from a PDF (a one-page PDF has page 1), or text
    /// with at least one form feed.
    pub fn is_paged(&self) -> bool {
        self.lines_within_pages || !self.feeds.is_empty()
    }

    /// Whether lines are shown counted from the top of their page (text rebuilt from a PDF).
    pub fn lines_within_pages(&self) -> bool {
        self.lines_within_pages
    }

    /// The 1-based page of a byte offset; `None` for text without pages. A form feed's own line
    /// ends the page before it.
    pub fn page(&self, offset: usize) -> Option<u32> {
        if !self.is_paged() {
            return None;
        }
        u32::try_from(self.feeds.partition_point(|f| f.offset < offset) + 1).ok()
    }

    /// The 1-based line of byte `offset`, which is on 1-based line `line` of the text, as shown
    /// to users: for text rebuilt from a PDF the printed line of its page (of the nearest word
    /// at or before it on the same page; without one, the line counted from the page's top in
    /// the rebuilt text), else `line` itself.
    pub fn shown_line(&self, offset: usize, line: u32) -> u32 {
        if !self.lines_within_pages {
            return line;
        }
        let page = self.page(offset);
        let printed = match self.printed.partition_point(|&(at, _)| at <= offset) {
            0 => None,
            i => self
                .printed
                .get(i - 1)
                .filter(|&&(at, _)| self.page(at) == page)
                .map(|&(_, l)| l),
        };
        printed.unwrap_or_else(|| match self.feeds.partition_point(|f| f.line < line) {
            0 => line,
            i => self
                .feeds
                .get(i - 1)
                .map_or(line, |f| line.saturating_sub(f.line)),
        })
    }
}

fn form_feeds(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.match_indices('\u{c}').map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use crate::Source;

    #[test]
    fn a_pdf_location_is_a_line_of_its_page() {
        // Page 1: lines 1–2, the form feed on line 3; page 2: lines 4–5 are its lines 1–2.
        let s = Source::pdf(
            "r.pdf",
            "一、总体情况\n规章\t1\n\u{c}\n二、主动公开\n规范性文件\t2\n",
            Vec::new(),
        );
        let at = s.text().find("规范性文件").unwrap_or(0);
        let p = s.position(at);
        assert_eq!((p.page, p.line, p.column), (Some(2), 2, 1));
        let p = s.position(0);
        assert_eq!((p.page, p.line), (Some(1), 1));
        // The form feed's own line ends page 1.
        let ff = s.text().find('\u{c}').unwrap_or(0);
        let p = s.position(ff);
        assert_eq!((p.page, p.line), (Some(1), 3));
    }

    #[test]
    fn a_text_file_with_form_feeds_keeps_its_own_lines() {
        // pdftotext's output opened in an editor: the page is named, the line is the file's.
        let s = Source::new("r.txt", "一\n\u{c}\n二\n三\n");
        let at = s.text().find('三').unwrap_or(0);
        let p = s.position(at);
        assert_eq!((p.page, p.line), (Some(2), 4));
        let plain = Source::new("r.txt", "一\n二\n");
        assert_eq!(plain.position(4).page, None);
        assert!(!plain.pages().is_paged());
    }

    #[test]
    fn empty_pages_and_a_text_starting_with_a_page_break() {
        let s = Source::pdf("r.pdf", "\u{c}\n\u{c}\n三\n", Vec::new());
        let at = s.text().find('三').unwrap_or(0);
        let p = s.position(at);
        assert_eq!((p.page, p.line), (Some(3), 1));
        // A PDF with no form feed has one page.
        let one = Source::pdf("r.pdf", "一\n二\n", Vec::new());
        assert_eq!((one.position(4).page, one.position(4).line), (Some(1), 2));
    }

    #[test]
    fn a_table_row_is_on_the_printed_line_of_its_value() {
        // The row "（二）部分公开 3" is one line of the rebuilt text; on page 2 its label wraps
        // over printed lines 5 and 7 with the value printed on line 6.
        let text = "标题\n\u{c}\n三、收到和处理\n（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t3\n";
        let row = text.find("（二）").unwrap_or(0);
        let value = text.find('3').unwrap_or(0);
        let s = Source::pdf(
            "r.pdf",
            text,
            vec![
                (0, 1),
                (text.find("三、").unwrap_or(0), 4),
                (row, 5),
                (value, 6),
            ],
        );
        assert_eq!(
            (s.position(value).page, s.position(value).line),
            (Some(2), 6)
        );
        assert_eq!(s.position(row + 3).line, 5);
        // The form feed's line has no word of page 2: it is on page 1, after its last word.
        let ff = text.find('\u{c}').unwrap_or(0);
        assert_eq!((s.position(ff).page, s.position(ff).line), (Some(1), 1));
    }
}
