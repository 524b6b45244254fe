//! An [`Excerpt`] as miette source code: what every gongkai snippet is drawn from (findings on
//! reports, errors in rule files and in `gongkai.toml`).
//!
//! miette reads a snippet's lines from the source code it is given; given a whole text it scans
//! it from the start for every label, and draws a long line whole, which overflows its
//! formatting width past column 65,535 (a panic). A [`Snippet`] holds only the excerpt's lines,
//! windowed, and answers with the line numbers and character columns of the whole text.

use gongkai_core::{Excerpt, PageIndex};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines of a file around some labels, named by the file, as miette source code.
#[derive(Debug, Clone)]
pub struct Snippet {
    name: String,
    excerpt: Excerpt,
    /// The pages of the whole text: text rebuilt from a PDF names its page as PDF viewers open
    /// it (`report.pdf#page=4`), and its lines are counted within the page.
    pages: PageIndex,
    /// Whether the snippet names itself with the location of the span it is asked for
    /// ([`Snippet::located`]), rather than leaving the line and column to miette.
    located: bool,
    /// For a Word document: each label's start (an excerpt offset) and its place in words.
    places: Vec<(usize, String)>,
}

impl Snippet {
    /// The excerpt of the file named `name`.
    pub fn new(name: impl Into<String>, excerpt: Excerpt) -> Self {
        Self {
            name: name.into(),
            excerpt,
            pages: PageIndex::default(),
            located: false,
            places: Vec::new(),
        }
    }

    /// The same snippet, naming itself with the location of the span miette asks for, as the
    /// user finds it: `path:line:column`; for a PDF `path#page=4:29:10` (the page as PDF
    /// viewers open it, [`gongkai_core::Source::pages`], the line within the page); for a Word
    /// document, which has no lines, `path 第 4 个表格第 14 行第 8 列` — `places` gives each
    /// label's start (an excerpt offset) and its place in words.
    ///
    /// For a handler that does not add the line and column itself
    /// (`GraphicalReportHandler::without_primary_span_start`).
    #[must_use]
    pub fn located(mut self, pages: PageIndex, places: Vec<(usize, String)>) -> Self {
        self.pages = pages;
        self.located = true;
        self.places = places;
        self
    }

    /// The excerpt, to map spans of the whole text into it ([`Excerpt::map`]).
    pub fn excerpt(&self) -> &Excerpt {
        &self.excerpt
    }

    fn name_at(&self, at: usize) -> String {
        match self.pages.page(self.excerpt.original(at)) {
            Some(page) => format!("{}#page={page}", self.name),
            None => self.name.clone(),
        }
    }

    /// The name for a span starting at excerpt offset `at`, on shown line `line` at 0-based
    /// character `column` (see [`Snippet::located`]).
    fn located_name(&self, at: usize, line: u32, column: usize) -> String {
        // The place of the label starting there (the primary first: two labels may start
        // together), else of the nearest one before it (a context starts at its first label).
        let place = self
            .places
            .iter()
            .find(|&&(start, _)| start == at)
            .or_else(|| {
                self.places
                    .iter()
                    .filter(|&&(start, _)| start <= at)
                    .max_by_key(|&&(start, _)| start)
            })
            .or_else(|| self.places.first());
        match place {
            Some((_, place)) => format!("{} {place}", self.name),
            None => format!("{}:{line}:{}", self.name_at(at), column + 1),
        }
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let lines = self.excerpt.lines();
        let text = self.excerpt.text();
        let start = span.offset();
        let end = start.saturating_add(span.len());
        if lines.is_empty() || end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let line_of = |at: usize| lines.partition_point(|l| l.start <= at).saturating_sub(1);
        let mut first = line_of(start);
        // The line the span ends on, counting its end: contexts that miette merges end at the
        // start of their last label's line, and that line belongs in the snippet.
        let mut last = line_of(end).max(first);
        let follows = |a: usize, b: usize| matches!((lines.get(a), lines.get(b)), (Some(x), Some(y)) if x.number.checked_add(1) == Some(y.number));
        // A span across a gap between runs of lines (two contexts miette tries to draw as one)
        // cannot be shown as one: miette then draws them apart.
        if (first..last).any(|i| !follows(i, i + 1)) {
            return Err(MietteError::OutOfBounds);
        }
        for _ in 0..context_lines_before {
            if first > 0 && follows(first - 1, first) {
                first -= 1;
            }
        }
        for _ in 0..context_lines_after {
            if follows(last, last + 1) {
                last += 1;
            }
        }
        let (Some(from), Some(to)) = (lines.get(first), lines.get(last)) else {
            return Err(MietteError::OutOfBounds);
        };
        let from_at = from.start;
        // With the line's `\n`, as miette's own sources give it.
        let to_at = (to.end + 1).min(text.len());
        let data = text
            .as_bytes()
            .get(from_at..to_at)
            .ok_or(MietteError::OutOfBounds)?;
        // miette names a label by the line and column of its own span (asked without context)
        // and numbers the drawn lines from the first: lines as the source shows them (the
        // printed line of its page for a PDF).
        let (column, line) = if context_lines_before == 0 {
            let line = lines.get(line_of(start)).map_or(from.number, |l| l.number);
            (
                self.excerpt.column(start),
                self.pages.shown_line(self.excerpt.original(start), line),
            )
        } else {
            // Numbered so that the line the span starts on shows the number its label is
            // named by (a PDF's rebuilt lines are not one printed line each).
            let at = line_of(start);
            let line = lines.get(at).map_or(from.number, |l| l.number);
            let shown = self.pages.shown_line(self.excerpt.original(start), line);
            (
                0,
                shown
                    .saturating_sub(u32::try_from(at - first).unwrap_or(0))
                    .max(1),
            )
        };
        let name = if self.located {
            let line = lines.get(line_of(start)).map_or(from.number, |l| l.number);
            self.located_name(
                start,
                self.pages.shown_line(self.excerpt.original(start), line),
                self.excerpt.column(start),
            )
        } else {
            self.name_at(start)
        };
        Ok(Box::new(MietteSpanContents::new_named(
            name,
            data,
            SourceSpan::from(from_at..to_at),
            line.saturating_sub(1) as usize,
            column,
            last - first + 1,
        )))
    }
}
