//! The few lines of a text that a snippet shows around some spans, with long lines cut to
//! windows around the spans.
//!
//! A renderer that hands the whole text to miette pays for it twice: miette scans the text from
//! its start for every label (a report with 8,000 findings took minutes), and a label past
//! column 65,535 of a line overflows miette's formatting width (a `u16`) and panics. An
//! [`Excerpt`] is built from the [`LineIndex`] in time proportional to what it shows: the lines
//! of the spans and their context lines, each line longer than [`MAX_LINE_CHARS`] characters
//! cut to windows of [`WINDOW_CHARS`] characters around the spans' ends, joined by `…`. Spans
//! are then given in the excerpt's own offsets ([`Excerpt::map`]); line numbers and columns stay
//! those of the whole text.

use crate::source::{LineIndex, floor_char_boundary};

/// Lines up to this many characters are shown whole.
pub const MAX_LINE_CHARS: usize = 400;

/// The characters kept around each span end on a longer line (half before, half after).
pub const WINDOW_CHARS: usize = 120;

/// The windows kept on one long line at most (a finding has few labels).
const MAX_WINDOWS: usize = 6;

/// The lines of one span shown at most: a longer span is shown up to there.
pub const MAX_SPAN_LINES: u32 = 40;

/// The gap marker between windows of a line.
const GAP: &str = " … ";

/// Part of a text: its lines around some spans, long lines windowed.
#[derive(Debug, Clone, Default)]
pub struct Excerpt {
    text: String,
    lines: Vec<ExcerptLine>,
    pieces: Vec<Piece>,
}

/// One line of an [`Excerpt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExcerptLine {
    /// Where the line starts in the excerpt's text.
    pub start: usize,
    /// Where it ends (before its `\n`).
    pub end: usize,
    /// Its 1-based number in the whole text.
    pub number: u32,
}

/// A run of the whole text kept in the excerpt.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Byte range in the whole text.
    from: usize,
    to: usize,
    /// Where it starts in the excerpt.
    at: usize,
    /// The 0-based character column of `from` in its line.
    column: usize,
}

impl Excerpt {
    /// The lines of `text` (indexed by `index`) that show `spans` (byte offset and length),
    /// with `context` lines before and after each.
    pub fn new(text: &str, index: &LineIndex, spans: &[(usize, usize)], context: u32) -> Self {
        let last_line = u32::try_from(index.len()).unwrap_or(u32::MAX).max(1);
        // The empty "line" after a final `\n` is no line of the file: never shown as context
        // (a span may still point there, at the end of the text).
        let last_context = if text.ends_with('\n') {
            last_line.saturating_sub(1).max(1)
        } else {
            last_line
        };
        // The lines to show, as inclusive ranges, merged where they touch.
        let mut ranges: Vec<(u32, u32)> = spans
            .iter()
            .map(|&(offset, length)| {
                let first = index.locate(text, offset).line;
                let end = offset.saturating_add(length).min(text.len());
                let last = index.locate(text, end.saturating_sub(1).max(offset)).line;
                let last = last.min(first.saturating_add(MAX_SPAN_LINES - 1));
                (
                    first.saturating_sub(context).max(1),
                    last.max(last.saturating_add(context).min(last_context)),
                )
            })
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (a, b) in ranges {
            match merged.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let mut excerpt = Self::default();
        for (a, b) in merged {
            for number in a..=b {
                if let Some(range) = index.line_range(text, number) {
                    excerpt.push_line(text, index, range, number, spans);
                }
            }
        }
        excerpt
    }

    fn push_line(
        &mut self,
        text: &str,
        index: &LineIndex,
        range: std::ops::Range<usize>,
        number: u32,
        spans: &[(usize, usize)],
    ) {
        let start = self.text.len();
        let line = text.get(range.clone()).unwrap_or("");
        let windows = if line.chars().nth(MAX_LINE_CHARS).is_none() {
            vec![range.clone()]
        } else {
            windows(text, &range, spans)
        };
        for (i, w) in windows.iter().enumerate() {
            if i == 0 && w.start > range.start {
                self.text.push_str(GAP.trim_start());
            } else if i > 0 {
                self.text.push_str(GAP);
            }
            let column = index.locate(text, w.start).column.saturating_sub(1) as usize;
            self.pieces.push(Piece {
                from: w.start,
                to: w.end,
                at: self.text.len(),
                column,
            });
            self.text.push_str(text.get(w.clone()).unwrap_or(""));
        }
        if windows.last().is_some_and(|w| w.end < range.end) {
            self.text.push_str(GAP.trim_end());
        }
        self.lines.push(ExcerptLine {
            start,
            end: self.text.len(),
            number,
        });
        // Every line ends with `\n`, also the last: an empty last line is then still a line
        // to miette.
        self.text.push('\n');
    }

    /// The excerpt's text: its lines, each ended by `\n`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its lines, in order (numbers increase; a gap in them is a gap in the excerpt).
    pub fn lines(&self) -> &[ExcerptLine] {
        &self.lines
    }

    /// A span of the whole text (offset, length) in the excerpt's offsets. A span that starts
    /// or ends in a part left out is moved to the nearest part kept: its start forward, its end
    /// back (never before its start).
    pub fn map(&self, offset: usize, length: usize) -> (usize, usize) {
        let start = self.map_start(offset);
        let end = self.map_end(offset.saturating_add(length)).max(start);
        (start, end - start)
    }

    fn map_start(&self, offset: usize) -> usize {
        // The first piece that ends after the offset (or at it: a span at a line's end).
        let i = self.pieces.partition_point(|p| p.to < offset);
        match self.pieces.get(i) {
            Some(p) if p.from <= offset => p.at + (offset - p.from),
            Some(p) => p.at,
            None => self.text.len(),
        }
    }

    fn map_end(&self, offset: usize) -> usize {
        // The last piece that starts before the offset (or at it).
        let i = self.pieces.partition_point(|p| p.from <= offset);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(p) => p.at + (offset.min(p.to) - p.from),
            None => self.pieces.first().map_or(0, |p| p.at),
        }
    }

    /// The offset in the whole text of an excerpt offset (the start of the next piece kept for
    /// an offset in a gap marker).
    pub fn original(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.at <= at);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(p) if at - p.at <= p.to - p.from => p.from + (at - p.at),
            _ => self.pieces.get(i).map_or(0, |p| p.from),
        }
    }

    /// The 0-based character column, in its line of the whole text, of an excerpt offset.
    pub fn column(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.at <= at);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(p) => {
                let within = at.min(p.at + (p.to - p.from));
                p.column + self.text.get(p.at..within).map_or(0, |s| s.chars().count())
            }
            None => 0,
        }
    }
}

/// The windows of a long line: [`WINDOW_CHARS`] characters around each span end on it (the
/// line's start if none is), merged where they overlap, at most [`MAX_WINDOWS`].
fn windows(
    text: &str,
    line: &std::ops::Range<usize>,
    spans: &[(usize, usize)],
) -> Vec<std::ops::Range<usize>> {
    let mut points: Vec<usize> = spans
        .iter()
        .flat_map(|&(offset, length)| [offset, offset.saturating_add(length)])
        .filter(|p| line.contains(p) || *p == line.end)
        .map(|p| floor_char_boundary(text, p))
        .collect();
    if points.is_empty() {
        points.push(line.start);
    }
    points.sort_unstable();
    points.dedup();
    let half = WINDOW_CHARS / 2;
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for p in points {
        let before = text.get(line.start..p).unwrap_or("");
        let from = before
            .char_indices()
            .rev()
            .nth(half - 1)
            .map_or(line.start, |(i, _)| line.start + i);
        let after = text.get(p..line.end).unwrap_or("");
        let to = after
            .char_indices()
            .nth(half)
            .map_or(line.end, |(i, _)| p + i);
        let full = out.len() == MAX_WINDOWS;
        match out.last_mut() {
            Some(last) if from <= last.end => last.end = last.end.max(to),
            _ if full => break,
            _ => out.push(from..to),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str, spans: &[(usize, usize)]) -> Excerpt {
        Excerpt::new(text, &LineIndex::new(text), spans, 1)
    }

    #[test]
    fn short_lines_are_kept_whole_with_their_context() {
        let text = "一\n二\n三 12 四\n五\n六\n七";
        let at = text.find("12").unwrap();
        let e = excerpt(text, &[(at, 2)]);
        assert_eq!(e.text(), "二\n三 12 四\n五\n");
        let numbers: Vec<u32> = e.lines().iter().map(|l| l.number).collect();
        assert_eq!(numbers, [2, 3, 4]);
        let (o, l) = e.map(at, 2);
        assert_eq!(&e.text()[o..o + l], "12");
        assert_eq!(e.column(o), 2);
        assert_eq!(e.original(o), at);
    }

    #[test]
    fn far_apart_spans_give_separate_runs_of_lines() {
        let text: String = (1..=100)
            .map(|i| ["行", &i.to_string(), "\n"].concat())
            .collect();
        let ten = text.find("行10\n").unwrap();
        let ninety = text.find("行90\n").unwrap();
        let shown = excerpt(&text, &[(ninety, 3), (ten, 3)]);
        let numbers: Vec<u32> = shown.lines().iter().map(|l| l.number).collect();
        assert_eq!(numbers, [9, 10, 11, 89, 90, 91]);
        let (at, len) = shown.map(ninety, "行90".len());
        assert_eq!(&shown.text()[at..at + len], "行90");
    }

    /// A span at column 66,000 of a 200,000-character line: the line shown is a window around
    /// it, the span keeps its text and its column in the whole line.
    #[test]
    fn long_lines_are_cut_around_the_span() {
        let line = "很长的一行。".repeat(40_000);
        let text = format!("标题\n{line}\n末行");
        let at = text.char_indices().nth(3 + 66_000).unwrap().0;
        let e = excerpt(&text, &[(at, "很长".len())]);
        let shown = e.text().lines().nth(1).unwrap();
        // A window around each end of the span, merged, and the two gap marks.
        assert!(shown.chars().count() <= WINDOW_CHARS + 10, "{shown}");
        assert!(shown.starts_with("… ") && shown.ends_with(" …"), "{shown}");
        let (o, l) = e.map(at, "很长".len());
        assert_eq!(&e.text()[o..o + l], "很长");
        assert_eq!(e.column(o), 66_000);
        assert_eq!(e.original(o), at);
    }

    #[test]
    fn spans_that_run_into_a_gap_are_clipped_to_the_part_kept() {
        let line = "x".repeat(10_000);
        let text = format!("{line}\n");
        let e = excerpt(&text, &[(5000, 3000)]);
        let (o, l) = e.map(5000, 3000);
        // Both ends are kept, the middle is a gap marker inside the span.
        assert!(e.text()[o..o + l].contains('…'));
        assert_eq!(e.original(o), 5000);
        assert_eq!(e.original(o + l), 8000);
        // A span wholly in a gap becomes empty, at the next part kept.
        let e = excerpt(&text, &[(5000, 1)]);
        let (o, l) = e.map(9000, 5);
        assert_eq!(l, 0);
        assert!(o <= e.text().len());
    }

    #[test]
    fn a_span_over_many_lines_shows_a_bounded_number() {
        let text = "一行\n".repeat(10_000);
        let e = excerpt(&text, &[(0, text.len())]);
        assert_eq!(e.lines().len(), (MAX_SPAN_LINES + 1) as usize);
    }

    /// An excerpt that starts with an empty context line keeps it as a line of its own.
    #[test]
    fn empty_lines_are_lines() {
        let text = "标题\n\n/\n\n/\n";
        let at = text.find('/').unwrap();
        let e = excerpt(text, &[(at, 1)]);
        assert_eq!(e.text(), "\n/\n\n");
        let numbers: Vec<u32> = e.lines().iter().map(|l| l.number).collect();
        assert_eq!(numbers, [2, 3, 4]);
        let (o, l) = e.map(at, 1);
        assert_eq!((&e.text()[o..o + l], e.column(o)), ("/", 0));
    }

    #[test]
    fn empty_and_out_of_range_spans_do_not_panic() {
        let e = excerpt("", &[(0, 0), (10, 5)]);
        assert_eq!(e.text(), "\n");
        let e = excerpt("ab\ncd", &[(100, 100)]);
        assert_eq!(e.map(100, 100).1, 0);
    }
}
