//! An [`Excerpt`] as miette source code: what every gongkai snippet is drawn from (findings on
//! reports, errors in rule files and in `gongkai.toml`).
//!
//! miette reads a snippet's lines from the source code it is given; given a whole text it scans
//! it from the start for every label, and draws a long line whole, which overflows its
//! formatting width past column 65,535 (a panic). A [`Snippet`] holds only the excerpt's lines,
//! windowed, and answers with the line numbers and character columns of the whole text.

use std::sync::Arc;

use gongkai_core::Excerpt;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines of a file around some labels, named by the file, as miette source code.
#[derive(Debug, Clone)]
pub struct Snippet {
    name: String,
    excerpt: Excerpt,
    /// Offsets of the form feeds of the whole text, when it has any: text rebuilt from a PDF,
    /// whose pages the snippet's name then gives as PDF viewers open them (`report.pdf#page=4`).
    pages: Option<Arc<[usize]>>,
}

impl Snippet {
    /// The excerpt of the file named `name`.
    pub fn new(name: impl Into<String>, excerpt: Excerpt) -> Self {
        Self {
            name: name.into(),
            excerpt,
            pages: None,
        }
    }

    /// The same snippet naming the page of the form-feed separated text it is on.
    #[must_use]
    pub fn with_pages(mut self, form_feeds: Option<Arc<[usize]>>) -> Self {
        self.pages = form_feeds;
        self
    }

    /// The excerpt, to map spans of the whole text into it ([`Excerpt::map`]).
    pub fn excerpt(&self) -> &Excerpt {
        &self.excerpt
    }

    fn name_at(&self, at: usize) -> String {
        match &self.pages {
            Some(feeds) => {
                let offset = self.excerpt.original(at);
                let page = feeds.partition_point(|&f| f < offset) + 1;
                format!("{}#page={page}", self.name)
            }
            None => self.name.clone(),
        }
    }
}

/// The offsets of the form feeds of `text`, if it has any (one scan, once per file).
pub fn form_feeds(text: &str) -> Option<Arc<[usize]>> {
    let feeds: Vec<usize> = text.match_indices('\u{c}').map(|(i, _)| i).collect();
    (!feeds.is_empty()).then(|| feeds.into())
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
        let column = if context_lines_before == 0 {
            self.excerpt.column(start)
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name_at(start),
            data,
            SourceSpan::from(from_at..to_at),
            from.number.saturating_sub(1) as usize,
            column,
            last - first + 1,
        )))
    }
}
