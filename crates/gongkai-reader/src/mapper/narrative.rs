//! The narrative of a section: its text with the line breaks of the layout removed, its
//! sentences and its numbers, each with a span in the source.

use std::ops::Range;
use std::str::FromStr;

use gongkai_core::template::SectionId;
use gongkai_core::{NarrativeNumber, Section, Sentence, Source, Span, Spanned};
use rust_decimal::Decimal;

use crate::ReadError;
use crate::budget::{self, Budgeted};
use crate::document::{Block, Document, Text};
use crate::footer::is_footer;

/// Section text under construction, with a map back to the blocks it came from.
struct Builder<'d> {
    text: String,
    /// (offset in `text`, the block's text, offset in that text) at the start of each piece.
    pieces: Vec<(usize, &'d Text, usize)>,
}

impl Builder<'_> {
    fn source_range(&self, range: Range<usize>) -> Option<Range<usize>> {
        let at = |o: usize| -> Option<(&Text, usize)> {
            let i = self.pieces.partition_point(|&(start, _, _)| start <= o);
            let &(start, text, norm) = self.pieces.get(i.checked_sub(1)?)?;
            Some((text, norm + (o - start)))
        };
        let (ta, na) = at(range.start)?;
        let (tb, nb) = at(range.end.checked_sub(1)?)?;
        let a = ta.source_range(na..na + 1).start;
        let b = tb.source_range(nb..nb + 1).end;
        Some(a..b.max(a))
    }
}

/// The sentences and numbers read so far from a report's sections, against their budget.
pub(crate) struct Tally {
    sentences: usize,
    numbers: usize,
    limit: usize,
}

impl Tally {
    /// A tally of nothing yet, with a budget of `limit` sentences and `limit` numbers.
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            sentences: 0,
            numbers: 0,
            limit,
        }
    }

    fn sentence(&mut self) -> Result<(), ReadError> {
        self.sentences += 1;
        budget::check(Budgeted::Sentences, self.sentences, self.limit)
    }

    fn number(&mut self) -> Result<(), ReadError> {
        self.numbers += 1;
        budget::check(Budgeted::NarrativeNumbers, self.numbers, self.limit)
    }
}

/// Characters that end a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | ';' | '！' | '？' | '；')
}

/// Whether a line opens a new paragraph by its enumeration ("(一)", "（1）", "一、", "1.", "2)",
/// "一是"). A bracket that holds no numeral ("（其中行政许可14项…）") or a number with decimals
/// ("2.5万元") continues the sentence of the line before.
fn opens_paragraph(line: &str) -> bool {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let mut it = line.chars();
    match it.next() {
        Some('(' | '（') => {
            // up to three numerals, then the closing bracket
            let inner: String = it
                .by_ref()
                .take_while(|c| !matches!(c, ')' | '）'))
                .collect();
            let n = inner.chars().count();
            (1..=3).contains(&n)
                && inner.chars().all(numeral)
                && line
                    .chars()
                    .nth(n + 1)
                    .is_some_and(|c| matches!(c, ')' | '）'))
        }
        Some(c) if numeral(c) => {
            let digits = c.is_ascii_digit();
            let rest: String = std::iter::once(c)
                .chain(it)
                .skip_while(|&c| {
                    if digits {
                        c.is_ascii_digit()
                    } else {
                        numeral(c)
                    }
                })
                .take(2)
                .collect();
            let mut r = rest.chars();
            match (r.next(), r.next()) {
                (Some('、'), _) => true,
                (Some('.' | '．'), next) => digits && !next.is_some_and(|c| c.is_ascii_digit()),
                (Some(')' | '）'), _) => digits,
                (Some('是'), _) => !digits && line.chars().count() > 2,
                _ => false,
            }
        }
        _ => false,
    }
}

/// Builds a section from its heading and body blocks, leaving out table blocks.
pub(crate) fn section(
    doc: &Document,
    source: &Source,
    id: SectionId,
    heading: Option<Spanned<String>>,
    body: Option<Range<usize>>,
    tables: &[Range<usize>],
    tally: &mut Tally,
) -> Result<Section, ReadError> {
    let Some(body) = body else {
        let mut s = Section::absent(id);
        s.heading = heading;
        return Ok(s);
    };
    let mut b = Builder {
        text: String::new(),
        pieces: Vec::new(),
    };
    let mut span_range: Option<Range<usize>> = None;
    // Set by a table between two lines: the text after it starts a new paragraph, so a table's
    // cells or a caption never run into the sentence before.
    let mut broken = false;
    for bi in body.clone() {
        let Some(block) = doc.blocks.get(bi) else {
            break;
        };
        let text = match block {
            Block::Line(t) => t,
            Block::Row(cells) => {
                if let (Some(first), Some(last)) = (cells.first(), cells.last()) {
                    let a = first.source_range(0..first.as_str().len()).start;
                    let b = last.source_range(0..last.as_str().len()).end;
                    span_range = Some(match span_range {
                        Some(s) => s.start.min(a)..b.max(s.end),
                        None => a..b.max(a),
                    });
                }
                broken = true;
                continue;
            }
        };
        let r = text.source_range(0..text.as_str().len());
        span_range = Some(match span_range {
            Some(s) => s.start.min(r.start)..r.end.max(s.end),
            None => r,
        });
        if tables.iter().any(|t| t.contains(&bi)) {
            broken = true;
            continue;
        }
        let str = text.as_str();
        let lead = str.len() - str.trim_start().len();
        let line = str.trim();
        // A page footer between two lines of a sentence is no part of it, whichever reader
        // kept it.
        if line.is_empty() || is_footer(line) {
            continue;
        }
        if let Some(last) = b.text.chars().last() {
            if ends_sentence(last) || last == ':' || broken || opens_paragraph(line) {
                b.text.push('\n');
            } else if last.is_ascii_alphanumeric()
                && line
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
            {
                b.text.push(' ');
            }
        }
        broken = false;
        b.pieces.push((b.text.len(), text, lead));
        b.text.push_str(line);
    }
    let sentences = sentences(&b, source, tally)?;
    let numbers = numbers(&b, source, tally)?;
    Ok(Section {
        id,
        heading,
        span: span_range.map(|r| source.span(r.start, r.end)),
        text: b.text,
        sentences,
        numbers,
    })
}

fn span_of(b: &Builder, source: &Source, range: Range<usize>) -> Option<Span> {
    let r = b.source_range(range)?;
    Some(source.span(r.start, r.end))
}

fn sentences(b: &Builder, source: &Source, tally: &mut Tally) -> Result<Vec<Sentence>, ReadError> {
    let mut out = Vec::new();
    let mut start = 0;
    let text = &b.text;
    let mut push = |start: usize, end: usize, out: &mut Vec<Sentence>| {
        let piece = &text[start..end];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if trimmed.is_empty() {
            return Ok(());
        }
        let (s, e) = (start + lead, start + lead + trimmed.len());
        if let Some(span) = span_of(b, source, s..e) {
            tally.sentence()?;
            out.push(Sentence {
                offset: s,
                length: e - s,
                span,
            });
        }
        Ok(())
    };
    for (i, c) in text.char_indices() {
        if c == '\n' {
            push(start, i, &mut out)?;
            start = i + 1;
        } else if ends_sentence(c) {
            push(start, i + c.len_utf8(), &mut out)?;
            start = i + c.len_utf8();
        }
    }
    push(start, text.len(), &mut out)?;
    Ok(out)
}

/// Unit words recognised right after a number, longest first.
const UNITS: &[&str] = &[
    "万元", "亿元", "元", "%", "件", "条", "个", "项", "次", "期", "场", "篇", "份", "家", "人",
    "处", "批", "部", "册", "天", "年", "月", "日", "号",
];

fn numbers(
    b: &Builder,
    source: &Source,
    tally: &mut Tally,
) -> Result<Vec<NarrativeNumber>, ReadError> {
    let text = &b.text;
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // Offsets just past each sentence end, to find a number's sentence without rescanning.
    let ends: Vec<usize> = text
        .char_indices()
        .filter(|&(_, c)| ends_sentence(c) || c == '\n')
        .map(|(i, c)| i + c.len_utf8())
        .collect();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
        if i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            // Part of a word ("H5", "12345热线" is kept: only Latin letters are refused).
            continue;
        }
        let raw = &text[start..i];
        let Ok(value) = Decimal::from_str(raw) else {
            continue;
        };
        let rest = &text[i..];
        let rest_trim = rest.trim_start_matches(' ');
        let gap = rest.len() - rest_trim.len();
        let approx = ["余", "多"]
            .iter()
            .find(|p| rest_trim.starts_with(**p))
            .map_or(0, |p| p.len());
        let unit = UNITS
            .iter()
            .find(|u| rest_trim[approx..].starts_with(**u))
            .map(|u| rest_trim[..approx + u.len()].to_owned());
        let after_start = i + unit.as_ref().map_or(0, |u| gap + u.len());
        let sentence_start = ends
            .get(ends.partition_point(|&e| e <= start).wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        let before = {
            let s = &text[sentence_start..start];
            let from = s.char_indices().rev().nth(11).map_or(0, |(i, _)| i);
            s[from..].trim().to_owned()
        };
        // Up to 12 characters of the rest of the sentence, copied once.
        let tail = &text[after_start.min(text.len())..];
        let end = tail
            .char_indices()
            .enumerate()
            .find(|&(n, (_, c))| n == 12 || ends_sentence(c) || c == '\n')
            .map_or(tail.len(), |(_, (i, _))| i);
        let after = tail[..end].trim().to_owned();
        if let Some(span) = span_of(b, source, start..i) {
            tally.number()?;
            out.push(NarrativeNumber {
                value,
                raw: raw.to_owned(),
                unit,
                before,
                after,
                offset: start,
                span,
            });
        }
    }
    Ok(out)
}
