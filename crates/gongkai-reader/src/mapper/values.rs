//! Reading the values after a row label: numbers, blank markers and empty cells, across line
//! breaks and cells, with the span of exactly the characters each was read from.

use std::borrow::Cow;
use std::ops::Range;
use std::str::FromStr;

use gongkai_core::template::{BLANK_MARKERS, ValueKind};
use gongkai_core::{Cell, Count, Money, Source};
use rust_decimal::Decimal;

use super::stream::{Cursor, Stream, fold};

/// What was found in a value's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawKind {
    /// A number.
    Number,
    /// A blank marker or an empty cell.
    Blank,
    /// Text in a cell where a value belongs.
    Invalid,
}

/// A value as read, before it is typed.
#[derive(Debug, Clone)]
pub(crate) struct RawValue<'d> {
    pub kind: RawKind,
    /// The characters (normalised), e.g. "96171.6", "/", "": borrowed from the document, since
    /// most values read are only looked at (whether a value follows a label).
    pub raw: Cow<'d, str>,
    /// Where they are in the source.
    pub source: Range<usize>,
    /// A unit written right after a number ("元", "万元").
    pub unit: Option<&'static str>,
    /// The token it was read from (its block and cell tell whether it sits in its label's row).
    pub tok: usize,
}

/// The digits of a number as written, without thousands separators.
fn digits(raw: &str) -> Cow<'_, str> {
    if raw.contains(',') {
        Cow::Owned(raw.chars().filter(|&c| c != ',').collect())
    } else {
        Cow::Borrowed(raw)
    }
}

impl RawValue<'_> {
    /// The value as a count cell.
    pub fn count_cell(&self, source: &Source) -> Cell<Count> {
        let span = source.span(self.source.start, self.source.end);
        let raw = self.raw.clone().into_owned();
        match self.kind {
            RawKind::Blank => Cell::Blank { raw, span },
            RawKind::Invalid => Cell::Invalid { raw, span },
            RawKind::Number => {
                // Signs are kept for every kind: a negative count is the rules' to report.
                match digits(&raw).parse::<i64>() {
                    Ok(value) => Cell::Present { value, raw, span },
                    Err(_) => Cell::Invalid { raw, span },
                }
            }
        }
    }

    /// The value as a money cell.
    pub fn money_cell(&self, source: &Source) -> Cell<Money> {
        let span = source.span(self.source.start, self.source.end);
        let raw = self.raw.clone().into_owned();
        match self.kind {
            RawKind::Blank => Cell::Blank { raw, span },
            RawKind::Invalid => Cell::Invalid { raw, span },
            RawKind::Number => match Decimal::from_str(&digits(&raw)) {
                Ok(value) => Cell::Present { value, raw, span },
                Err(_) => Cell::Invalid { raw, span },
            },
        }
    }
}

/// A word read as a value.
#[derive(Debug, PartialEq, Eq)]
struct Parsed {
    kind: RawKind,
    /// Byte range of the number or marker in the word.
    range: Range<usize>,
    unit: Option<&'static str>,
    /// A "(" note follows the number.
    note: bool,
}

/// Units written after an amount of money.
const MONEY_UNITS: &[&str] = &["万元", "元"];
/// Units written after a count ("13件"): read as the count, with a unit variant recorded.
const COUNT_UNITS: &[&str] = gongkai_core::template::COUNT_UNITS;
/// Any unit, for telling whether a word is a value at all.
const ALL_UNITS: &[&str] = &["万元", "元", "件", "条", "项", "个"];

/// The units a value of `kind` may carry.
fn units_of(kind: ValueKind) -> &'static [&'static str] {
    if kind == ValueKind::Money {
        MONEY_UNITS
    } else {
        COUNT_UNITS
    }
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '"'
            | '”'
            | '’'
            | '】'
            | '」'
            | ':'
            | ','
            | ';'
            | '。'
            | '、'
            | '）'
            | '，'
            | '：'
            | '；'
    )
}

/// Reads a word as a value: a number (optionally signed, with thousands separators and a
/// decimal part, and one of `units` right after it), or a blank marker. A count's unit ("13件")
/// must end the word: "13件，" is a phrase of prose, not a cell.
fn parse_word(word: &str, units: &[&'static str]) -> Option<Parsed> {
    let lead = word.len() - word.trim_start_matches(is_closing).len();
    let w = &word[lead..];
    let core = w.trim_end_matches(is_closing);
    if core.is_empty() {
        return None;
    }
    if BLANK_MARKERS.contains(&core) {
        return Some(Parsed {
            kind: RawKind::Blank,
            range: lead..lead + core.len(),
            unit: None,
            note: false,
        });
    }
    let b = w.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == digits_start {
        return None;
    }
    // Thousands separators: a comma followed by exactly three digits.
    while i + 3 < b.len() + 1
        && b.get(i) == Some(&b',')
        && b.get(i + 1..i + 4)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
    {
        i += 4;
    }
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    let number = lead..lead + i;
    let rest = &w[i..];
    let mut unit = None;
    let mut rest = rest;
    if let Some(u) = units.iter().find(|u| rest.starts_with(**u)) {
        let after = &rest[u.len()..];
        if MONEY_UNITS.contains(u) || after.is_empty() {
            unit = Some(*u);
            rest = after;
        }
    }
    let note = rest.starts_with('(');
    if !note && !rest.chars().all(is_closing) {
        return None;
    }
    Some(Parsed {
        kind: RawKind::Number,
        range: number,
        unit,
        note,
    })
}

/// What the reader may skip before the first value: fragments of group labels printed around
/// the row (PDF text interleaves "（四）无 … 法提供" with the rows).
pub(crate) struct Skippable<'a> {
    /// Folded group labels; a word whose letters are a substring of one is skipped.
    pub fragments: &'a [Vec<char>],
}

/// The values read after a label, and where reading stopped.
#[derive(Debug)]
pub(crate) struct Reading<'d> {
    pub values: Vec<RawValue<'d>>,
    /// Just after the last token consumed.
    pub end: Cursor,
}

/// Reads up to `kinds.len()` values from `start`, not past token `limit`.
///
/// Values are whole words (or the rest of the word the label ended in), empty cells, and blank
/// markers. Reading stops at the first word that is no value — except, before the first value,
/// a parenthesised note or a fragment of a group label — or, in a table row, turns a non-value
/// cell of the label's own row into an invalid value.
pub(crate) fn read_values<'d>(
    s: &Stream<'d>,
    start: Cursor,
    kinds: &[ValueKind],
    limit: usize,
    skip: &Skippable,
) -> Reading<'d> {
    let limit = limit.min(s.toks.len());
    let label_block = s.toks.get(start.tok).map(|t| t.block);
    let mut values = Vec::with_capacity(kinds.len());
    let mut cur = start;
    let mut last_end = start;
    let mut in_note = false;
    let mut skipped = 0usize;
    while values.len() < kinds.len() && cur.tok < limit {
        let Some(&tok) = s.toks.get(cur.tok) else {
            break;
        };
        let next = Cursor {
            tok: cur.tok + 1,
            byte: 0,
        };
        if tok.empty_cell {
            let src = s.source_range(cur.tok, 0..0);
            values.push(RawValue {
                kind: RawKind::Blank,
                raw: Cow::Borrowed(""),
                source: src,
                unit: None,
                tok: cur.tok,
            });
            cur = next;
            last_end = cur;
            continue;
        }
        let from = cur.byte.max(tok.start);
        let word = s.word_from(cur.tok, from);
        if in_note {
            if word.contains(')') {
                in_note = false;
            }
            cur = next;
            last_end = cur;
            continue;
        }
        let kind = kinds.get(values.len()).copied().unwrap_or(ValueKind::Count);
        if let Some(p) = parse_word(word, units_of(kind)) {
            let range = from + p.range.start as u32..from + p.range.end as u32;
            let raw = s
                .text(cur.tok)
                .as_str()
                .get(range.start as usize..range.end as usize);
            values.push(RawValue {
                kind: p.kind,
                raw: Cow::Borrowed(raw.unwrap_or("")),
                source: s.source_range(cur.tok, range),
                unit: p.unit,
                tok: cur.tok,
            });
            in_note = p.note && !word.contains(')');
            cur = next;
            // The rest of a table cell after its number is a note ("55（含失效 29 件）").
            if s.units.get(tok.unit as usize).is_some_and(|u| u.in_row) {
                while s.toks.get(cur.tok).is_some_and(|t| t.unit == tok.unit) {
                    cur.tok += 1;
                }
            }
            last_end = cur;
            continue;
        }
        let unit = s.units.get(tok.unit as usize);
        let same_row = unit.is_some_and(|u| u.in_row) && Some(tok.block) == label_block;
        if same_row && from == tok.start && cur.tok != start.tok {
            // A cell of the label's own row: whatever it holds is in a value's place.
            let last = unit.map_or(cur.tok, |u| u.toks.end.saturating_sub(1));
            let end = s.toks.get(last).map_or(tok.end, |t| t.end);
            let src_a = s.source_range(cur.tok, tok.start..tok.end);
            let src_b = s.source_range(last, end..end);
            let text: String = (cur.tok..=last)
                .map(|t| s.word_from(t, 0))
                .collect::<Vec<_>>()
                .join(" ");
            values.push(RawValue {
                kind: RawKind::Invalid,
                raw: Cow::Owned(text),
                source: src_a.start..src_b.end.max(src_a.start),
                unit: None,
                tok: cur.tok,
            });
            cur = Cursor {
                tok: last + 1,
                byte: 0,
            };
            last_end = cur;
            continue;
        }
        if values.is_empty() && skipped < 12 {
            if word.starts_with('(') {
                in_note = !word.contains(')');
                skipped += 1;
                cur = next;
                last_end = cur;
                continue;
            }
            if is_fragment(word, skip.fragments) {
                skipped += 1;
                cur = next;
                last_end = cur;
                continue;
            }
        }
        // Punctuation left of the label's word ("情形）") is no value and no stop.
        if word.chars().all(|c| fold(c).is_none()) {
            cur = next;
            last_end = cur;
            continue;
        }
        break;
    }
    Reading {
        values,
        end: last_end,
    }
}

fn is_fragment(word: &str, fragments: &[Vec<char>]) -> bool {
    let w: Vec<char> = word.chars().filter_map(fold).collect();
    !w.is_empty()
        && fragments
            .iter()
            .any(|f| f.len() >= w.len() && f.windows(w.len()).any(|win| win == &w[..]))
}

/// Whether the next thing after `start` reads as a value (a number, a blank marker, an empty
/// cell), without consuming it.
pub(crate) fn value_follows(s: &Stream, start: Cursor, limit: usize) -> bool {
    // A count ("13件") or an amount ("96.5万元"): the row's kind is not known here.
    [ValueKind::Count, ValueKind::Money]
        .into_iter()
        .any(|kind| {
            let r = read_values(s, start, &[kind], limit, &Skippable { fragments: &[] });
            // Text in the next cell of a table row (the first item label after a group label, as
            // in "（六）其他处理 | 1.申请人无正当理由…") is no value following.
            r.values.first().is_some_and(|v| v.kind != RawKind::Invalid)
        })
}

/// Whether a word is a value (number or blank marker) by itself.
pub(crate) fn is_value_word(word: &str) -> bool {
    parse_word(word, ALL_UNITS).is_some_and(|p| !p.note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_as_values() {
        fn n(w: &str) -> Option<(RawKind, &str)> {
            parse_word(w, &[]).map(|p| (p.kind, &w[p.range]))
        }
        assert_eq!(n("28"), Some((RawKind::Number, "28")));
        assert_eq!(n("+1036"), Some((RawKind::Number, "+1036")));
        assert_eq!(n("1,234"), Some((RawKind::Number, "1,234")));
        assert_eq!(n("96171.6"), Some((RawKind::Number, "96171.6")));
        assert_eq!(n("/"), Some((RawKind::Blank, "/")));
        assert_eq!(n("—"), Some((RawKind::Blank, "—")));
        assert_eq!(n("无"), Some((RawKind::Blank, "无")));
        assert_eq!(n("0）"), Some((RawKind::Number, "0")));
        assert_eq!(n("2.没有"), None);
        assert_eq!(n("13件"), None);
        assert_eq!(n("数据1"), None);
        let c = parse_word("13件", COUNT_UNITS).unwrap();
        assert_eq!((c.range, c.unit), (0..2, Some("件")));
        assert_eq!(parse_word("13件，", COUNT_UNITS), None);
        assert_eq!(parse_word("13件", MONEY_UNITS), None);
        let m = parse_word("251000元", MONEY_UNITS).unwrap();
        assert_eq!((m.range, m.unit), (0..6, Some("元")));
    }
}
