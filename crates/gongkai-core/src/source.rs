use crate::Span;
use crate::page::PageIndex;
use crate::place::{Anchor, Place, PlaceIndex};

/// The text of one input file as read, which every [`Span`] of a report points into.
///
/// For text formats this is the decoded file; for HTML the decoded markup; for DOCX and PDF it is
/// the text the reader produced from them (see the reader crate for what a location means there).
#[derive(Debug, Clone)]
pub struct Source {
    name: String,
    text: String,
    lines: LineIndex,
    pages: PageIndex,
    places: PlaceIndex,
}

impl Source {
    /// Wraps decoded text, building its line index once.
    ///
    /// A text holding form feeds (pdftotext's output saved as a file) has pages, and a location
    /// in it names its page, but its lines stay the file's own: that is what an editor shows.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let lines = LineIndex::new(&text);
        let pages = PageIndex::new(&text, |at| lines.locate(&text, at).line);
        Self {
            name: name.into(),
            text,
            lines,
            pages,
            places: PlaceIndex::default(),
        }
    }

    /// Wraps text rendered from a Word document: a location in it names its paragraph or
    /// table cell ([`Position::place`]), where `anchors` says each starts.
    pub fn docx(
        name: impl Into<String>,
        text: impl Into<String>,
        anchors: Vec<(usize, Anchor)>,
    ) -> Self {
        let mut source = Self::new(name, text);
        source.places = PlaceIndex::new(anchors);
        source
    }

    /// Wraps text rebuilt from a PDF, pages separated by a line holding a form feed: a location
    /// in it is a page and a line *within that page*, which the user can find on the page.
    ///
    /// `printed` gives, for byte offsets where a word of another printed line begins, that
    /// line's 1-based number on its page (a table row rebuilt as one line spans several printed
    /// lines); offsets before the first such word of a page count lines of the rebuilt text
    /// from the page's top.
    pub fn pdf(
        name: impl Into<String>,
        text: impl Into<String>,
        printed: Vec<(usize, u32)>,
    ) -> Self {
        let mut source = Self::new(name, text);
        source.pages = source.pages.within_pages(printed);
        source
    }

    /// The name shown to users: usually the path as given on the command line.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The full text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The line index of the text.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// The pages of the text.
    pub fn pages(&self) -> &PageIndex {
        &self.pages
    }

    /// The paragraphs and cells of text rendered from a Word document (empty for others).
    pub fn places(&self) -> &PlaceIndex {
        &self.places
    }

    /// Where a byte offset is, as shown to users: its page (text with pages), its line (within
    /// the page for text rebuilt from a PDF) and character column; in a Word document also its
    /// paragraph or table cell.
    pub fn position(&self, offset: usize) -> Position {
        let loc = self.lines.locate(&self.text, offset);
        let place = if self.places.is_empty() {
            None
        } else {
            let line_start = self
                .lines
                .line_range(&self.text, loc.line)
                .map_or(0, |r| r.start);
            self.places
                .place(&self.text, offset, line_start, loc.column)
        };
        Position {
            page: self.pages.page(offset),
            line: self.pages.shown_line(offset, loc.line),
            column: loc.column,
            place,
        }
    }

    /// A [`Span`] for a byte range of the text, with its line and column resolved.
    ///
    /// Offsets past the end are clamped to the end, and offsets inside a UTF-8 sequence are moved
    /// back to the start of that character, so a span is always valid to slice with.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let start = floor_char_boundary(&self.text, start.min(self.text.len()));
        let end = floor_char_boundary(&self.text, end.clamp(start, self.text.len()));
        let loc = self.lines.locate(&self.text, start);
        Span {
            offset: start,
            length: end - start,
            line: loc.line,
            column: loc.column,
        }
    }

    /// The text a span covers (empty if the span does not fit this source).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// A location as shown to users (see [`Source::position`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based page, for text with pages.
    pub page: Option<u32>,
    /// 1-based line: within the page for text rebuilt from a PDF, else of the text.
    pub line: u32,
    /// 1-based column, counted in Unicode scalar values.
    pub column: u32,
    /// For text rendered from a Word document: the paragraph or table cell, which is what a
    /// user finds in Word (the line and column are of gongkai's rendering).
    pub place: Option<Place>,
}

/// A 1-based line and column (in characters) of a byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in Unicode scalar values.
    pub column: u32,
}

/// Byte offsets of the starts of lines, built once per text so that locating a span is a binary
/// search rather than a scan.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Byte offset of the start of each line. `u32`: four bytes a line rather than eight, for
    /// files of millions of short lines; sources are far below 4 GiB (inputs are limited to
    /// tens of MiB).
    starts: Vec<u32>,
    /// Inside lines longer than [`MARK_EVERY`] bytes, every `MARK_EVERY` bytes: `(byte offset,
    /// 0-based character column there)`, sorted. Counting a column then scans at most
    /// `MARK_EVERY` bytes, so locating all the spans of a file that is one 100 MB line stays
    /// linear instead of scanning the line from its start for each span.
    marks: Vec<(usize, usize)>,
    /// For each [`BLOCK`]-byte block of the text, the 0-based line its first byte is on: a
    /// lookup searches only the lines of the offset's block, not the whole file (every value
    /// read resolves its span here).
    blocks: Vec<u32>,
}

/// Size of the blocks of [`LineIndex::blocks`].
const BLOCK: usize = 256;

/// Distance between column marks in long lines.
const MARK_EVERY: usize = 4096;

impl LineIndex {
    /// Indexes the line starts of `text` (lines end at `\n`; a `\r` before it belongs to the line).
    pub fn new(text: &str) -> Self {
        // Searching for line ends (memchr) rather than testing every byte: every file read
        // is indexed.
        let mut starts: Vec<u32> = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(text.match_indices('\n').map(|(i, _)| offset32(i + 1)));
        let mut marks = Vec::new();
        let ends = starts
            .iter()
            .skip(1)
            .copied()
            .chain(std::iter::once(offset32(text.len())));
        for (&start, end) in starts.iter().zip(ends) {
            let (start, end) = (start as usize, end as usize);
            let mut at = start;
            let mut column = 0;
            while end - at > MARK_EVERY {
                // A character is at most 4 bytes: the boundary found is always past `at`.
                let next = floor_char_boundary(text, at + MARK_EVERY);
                column += text.get(at..next).map_or(0, |s| s.chars().count());
                marks.push((next, column));
                at = next;
            }
        }
        let mut blocks = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut line = 0usize;
        for b in 0..=text.len() / BLOCK {
            let at = b * BLOCK;
            while starts.get(line + 1).is_some_and(|&s| s as usize <= at) {
                line += 1;
            }
            blocks.push(u32::try_from(line).unwrap_or(u32::MAX));
        }
        Self {
            starts,
            marks,
            blocks,
        }
    }

    /// The line and character column of `offset` in `text` (the text this index was built from).
    pub fn locate(&self, text: &str, offset: usize) -> Location {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let block = offset / BLOCK;
        let lo = self.blocks.get(block).map_or(0, |&l| l as usize);
        let hi = self
            .blocks
            .get(block + 1)
            .map_or(self.starts.len(), |&l| l as usize + 1)
            .min(self.starts.len());
        let line = match self.starts.get(lo..hi) {
            Some(within) if lo < hi => {
                lo + within.partition_point(|&s| s as usize <= offset).max(1) - 1
            }
            _ => {
                self.starts
                    .partition_point(|&s| s as usize <= offset)
                    .max(1)
                    - 1
            }
        };
        let line_start = self.starts.get(line).map_or(0, |&s| s as usize);
        let (from, before) = match self.marks.partition_point(|&(o, _)| o <= offset) {
            0 => (line_start, 0),
            i => match self.marks.get(i - 1) {
                Some(&(o, c)) if o >= line_start => (o, c),
                _ => (line_start, 0),
            },
        };
        let column = before + text.get(from..offset).map_or(0, |s| s.chars().count()) + 1;
        Location {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// The byte range of 1-based line `line`, without its line ending, if it exists.
    pub fn line_range(&self, text: &str, line: u32) -> Option<std::ops::Range<usize>> {
        let i = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.starts.get(i)? as usize;
        let mut end = self
            .starts
            .get(i + 1)
            .map_or(text.len(), |&s| s as usize - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(start..end.max(start))
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the index is empty (never: an empty text has one empty line).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

/// A byte offset as stored in the index (saturating: no source comes near 4 GiB).
fn offset32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

pub(crate) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let s = Source::new("t", "一、总体\n规章 12 3\r\n末");
        let i = s.text().find("12").unwrap();
        let span = s.span(i, i + 2);
        assert_eq!((span.line, span.column), (2, 4));
        assert_eq!(s.slice(span), "12");
        let last = s.text().find('末').unwrap();
        assert_eq!(s.span(last, last + 3).line, 3);
    }

    #[test]
    fn spans_are_clamped_to_char_boundaries() {
        let s = Source::new("t", "规章");
        let span = s.span(1, 100);
        assert_eq!(span.offset, 0);
        assert_eq!(s.slice(span), "规章");
    }

    /// Checks every character offset of `text` against a plain count of lines and columns;
    /// returns the (line, column) after the last character.
    fn assert_located_as_counted(index: &LineIndex, text: &str) -> (u32, u32) {
        let mut expected = (1u32, 1u32);
        for (i, c) in text.char_indices() {
            assert_eq!(
                index.locate(text, i),
                Location {
                    line: expected.0,
                    column: expected.1
                },
                "offset {i}"
            );
            expected = if c == '\n' {
                (expected.0 + 1, 1)
            } else {
                (expected.0, expected.1 + 1)
            };
        }
        expected
    }

    #[test]
    fn columns_in_very_long_lines_are_exact() {
        // Lines longer than the mark distance, of mixed 1- and 3-byte characters, and a short
        // line between them: every offset gets the column a plain count gives.
        let long = "规章a12。".repeat(2000);
        let text = format!("{long}\nab\n{long}x");
        let index = LineIndex::new(&text);
        assert!(!index.marks.is_empty());
        assert_located_as_counted(&index, &text);
    }

    #[test]
    fn every_offset_finds_its_line_across_blocks() {
        // Lines of every length from 0 to 600 bytes, so that line starts fall on, before and
        // after block boundaries, and blocks hold no line start or many.
        let mut text = String::new();
        for n in 0..120 {
            text.push_str(&"规a".repeat(n % 13 * n % 150));
            text.push_str(if n % 3 == 0 { "\r\n" } else { "\n" });
        }
        let index = LineIndex::new(&text);
        let expected = assert_located_as_counted(&index, &text);
        assert_eq!(index.locate(&text, text.len()).line, expected.0);
    }

    #[test]
    fn line_range_strips_crlf() {
        let s = Source::new("t", "ab\r\ncd");
        assert_eq!(&s.text()[s.lines().line_range(s.text(), 1).unwrap()], "ab");
        assert_eq!(&s.text()[s.lines().line_range(s.text(), 2).unwrap()], "cd");
        assert!(s.lines().line_range(s.text(), 3).is_none());
    }
}
