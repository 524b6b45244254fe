//! The document flattened for the mapper: words and empty cells in reading order, and a
//! whitespace- and punctuation-free "key" string of the words' letters for matching labels.
//!
//! Labels are matched on the key, so that line breaks, stray spaces, page breaks, full/half-width
//! punctuation and "1、" vs "1." inside or around a label do not matter; values are read from the
//! words, so that "0 0 0" stays three values.

use std::ops::Range;

use crate::ReadError;
use crate::budget::{self, Budgeted};
use crate::document::{Block, Document, Text};

/// A word (a maximal run of non-whitespace in a line or cell), or an empty table cell.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    /// Whether this is an empty cell (a blank value) rather than a word.
    pub empty_cell: bool,
    /// The block it is in.
    pub block: u32,
    /// The cell of a row it is in (0 for a line).
    pub cell: u32,
    /// The unit (line or cell) it is in.
    pub unit: u32,
    /// Byte range in the normalised text of its line or cell.
    pub start: u32,
    /// End of that range.
    pub end: u32,
}

/// A line, or a cell of a row.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// The block.
    pub block: u32,
    /// Whether the block is a row of cells.
    pub in_row: bool,
    /// Its tokens.
    pub toks: Range<usize>,
}

/// Where a key character comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyAt {
    /// The token.
    pub tok: u32,
    /// Byte range of the character in the token's text.
    pub start: u32,
    /// End of that range.
    pub end: u32,
}

/// A reading position: a token and a byte offset inside its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Cursor {
    /// The token.
    pub tok: usize,
    /// Byte offset in the token's text (at or after the token's start).
    pub byte: u32,
}

/// The flattened document.
pub(crate) struct Stream<'d> {
    pub doc: &'d Document,
    pub toks: Vec<Tok>,
    pub units: Vec<Unit>,
    /// Letters and digits of the words, in order, folded for matching.
    pub key: Vec<char>,
    /// For each key character, its byte offset in its token's text. Its token is found from
    /// `tok_key` and its end from its length (folding keeps a character's UTF-8 length): four
    /// bytes a key character rather than a twelve-byte [`KeyAt`], for the large inputs whose
    /// every letter is a key character.
    key_start: Vec<u32>,
    /// For each token, the index of its first key character (or of the next one).
    pub tok_key: Vec<u32>,
    /// For each block, the index of its first token (or of the next one); one extra at the end.
    pub block_tok: Vec<u32>,
}

/// Folds a character for label matching: letters and digits only, ASCII lower-cased.
pub(crate) fn fold(c: char) -> Option<char> {
    // Fast paths: ASCII and the CJK unified ideographs are nearly all of a report.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase());
    }
    if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        return Some(c);
    }
    // Punctuation NFKC keeps in its CJK form.
    if matches!(
        c,
        '、' | '。'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '《'
            | '》'
            | '【'
            | '】'
            | '—'
            | '…'
            | '·'
            | '「'
            | '」'
    ) {
        return None;
    }
    if c.is_alphanumeric() {
        Some(c.to_ascii_lowercase())
    } else {
        None
    }
}

impl<'d> Stream<'d> {
    /// Flattens a document.
    ///
    /// # Errors
    /// [`ReadError::TooComplex`] when the document has more than `max_items` lines and cells, or
    /// words, or more characters than their budget: checked before each block, so a hostile document stops before its stream costs
    /// more than the budget.
    // The mapper builds its stream with an interrupt; tests of the steps build one without.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn new(doc: &'d Document, max_items: usize) -> Result<Self, ReadError> {
        Self::new_until(doc, max_items, None)
    }

    /// As [`Stream::new`], asking `interrupt` every 64 KiB of text flattened (counted a line or
    /// cell at a time: the work per character is a fold and a push).
    ///
    /// # Errors
    /// As [`Stream::new`], and [`ReadError::Interrupted`] when `interrupt` says stop.
    pub fn new_until(
        doc: &'d Document,
        max_items: usize,
        interrupt: Option<&crate::Interrupt>,
    ) -> Result<Self, ReadError> {
        let ticker = crate::ticker::Ticker::new(interrupt);
        let units: usize = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Line(_) => 1,
                Block::Row(cells) => cells.len(),
            })
            .sum();
        budget::check(Budgeted::LinesAndCells, units, max_items)?;
        // Every character of the text, as normalised (NFKC expands some), counted before the
        // stream is built: a key character costs eight bytes.
        let chars: usize = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Line(t) => budget::chars(t.as_str()),
                Block::Row(cells) => cells.iter().map(|c| budget::chars(c.as_str())).sum(),
            })
            .sum();
        budget::check(Budgeted::Characters, chars, budget::max_chars(max_items))?;
        // Sized for the text at once: a key character per character at most, a word per two
        // and an empty cell per cell.
        let mut s = Stream {
            doc,
            toks: Vec::with_capacity(chars / 2 + units),
            units: Vec::with_capacity(doc.blocks.len()),
            key: Vec::with_capacity(chars),
            key_start: Vec::with_capacity(chars),
            tok_key: Vec::with_capacity(chars / 2 + units),
            block_tok: Vec::with_capacity(doc.blocks.len() + 1),
        };
        for (bi, block) in doc.blocks.iter().enumerate() {
            s.block_tok.push(s.toks.len() as u32);
            match block {
                Block::Line(t) => {
                    s.push_unit(bi, 0, t, false, max_items);
                    ticker.tick(t.as_str().len())?;
                }
                Block::Row(cells) => {
                    for (ci, t) in cells.iter().enumerate() {
                        s.push_unit(bi, ci, t, true, max_items);
                        ticker.tick(t.as_str().len())?;
                    }
                }
            }
            budget::check(Budgeted::Words, s.toks.len(), max_items)?;
        }
        s.block_tok.push(s.toks.len() as u32);
        Ok(s)
    }

    /// Pushes the words of a line or cell; stops once there are more than `max_words` tokens.
    fn push_unit(
        &mut self,
        block: usize,
        cell: usize,
        text: &Text,
        in_row: bool,
        max_words: usize,
    ) {
        let unit = self.units.len() as u32;
        let first = self.toks.len();
        let str = text.as_str();
        // One pass: a word's token is pushed at its first character and closed at its end.
        let mut open: Option<usize> = None;
        for (i, c) in str.char_indices() {
            if c.is_whitespace() {
                if let Some(t) = open.take() {
                    self.close_word(t, i);
                }
                continue;
            }
            if open.is_none() {
                if self.toks.len() > max_words {
                    return;
                }
                open = Some(self.toks.len());
                self.tok_key.push(self.key.len() as u32);
                self.toks.push(Tok {
                    empty_cell: false,
                    block: block as u32,
                    cell: cell as u32,
                    unit,
                    start: i as u32,
                    end: i as u32,
                });
            }
            if let Some(f) = fold(c) {
                debug_assert_eq!(f.len_utf8(), c.len_utf8());
                self.key.push(f);
                self.key_start.push(i as u32);
            }
        }
        if let Some(t) = open {
            self.close_word(t, str.len());
        }
        if in_row && self.toks.len() == first {
            self.tok_key.push(self.key.len() as u32);
            self.toks.push(Tok {
                empty_cell: true,
                block: block as u32,
                cell: cell as u32,
                unit,
                start: 0,
                end: 0,
            });
        }
        if self.toks.len() > first || in_row {
            self.units.push(Unit {
                block: block as u32,
                in_row,
                toks: first..self.toks.len(),
            });
        }
    }

    fn close_word(&mut self, tok: usize, end: usize) {
        if let Some(t) = self.toks.get_mut(tok) {
            t.end = end as u32;
        }
    }

    /// The text a token is in.
    pub fn text(&self, tok: usize) -> &'d Text {
        static EMPTY: std::sync::LazyLock<Text> = std::sync::LazyLock::new(Text::default);
        let Some(t) = self.toks.get(tok) else {
            return &EMPTY;
        };
        match self.doc.blocks.get(t.block as usize) {
            Some(Block::Line(text)) => text,
            Some(Block::Row(cells)) => cells.get(t.cell as usize).unwrap_or(&EMPTY),
            None => &EMPTY,
        }
    }

    /// The word of a token, from byte `from` of its text (clamped to the word).
    pub fn word_from(&self, tok: usize, from: u32) -> &'d str {
        let Some(t) = self.toks.get(tok) else {
            return "";
        };
        let start = from.clamp(t.start, t.end) as usize;
        self.text(tok)
            .as_str()
            .get(start..t.end as usize)
            .unwrap_or("")
    }

    /// The source byte range of the normalised byte range `range` of a token's text.
    pub fn source_range(&self, tok: usize, range: Range<u32>) -> Range<usize> {
        let Some(t) = self.toks.get(tok) else {
            return 0..0;
        };
        let text = self.text(tok);
        if t.empty_cell {
            return text.anchor()..text.anchor();
        }
        text.source_range(range.start as usize..range.end as usize)
    }

    /// Where key character `k` comes from.
    pub fn key_at(&self, k: usize) -> Option<KeyAt> {
        let start = *self.key_start.get(k)?;
        let c = *self.key.get(k)?;
        // The token whose key characters start at or before `k`, the last such: tokens without
        // key characters share their start with the next token.
        let tok = self
            .tok_key
            .partition_point(|&first| first as usize <= k)
            .checked_sub(1)?;
        Some(KeyAt {
            tok: tok as u32,
            start,
            end: start + c.len_utf8() as u32,
        })
    }

    /// The first key character of a label, its start moved back over opening brackets in the
    /// same word, so that "（一）予以公开" is found whole though brackets are not in the key.
    fn label_first(&self, k: usize) -> Option<KeyAt> {
        let mut at = self.key_at(k)?;
        let tok = self.toks.get(at.tok as usize)?;
        let text = self.text(at.tok as usize).as_str();
        let before = text
            .get(tok.start as usize..at.start as usize)
            .unwrap_or("");
        let kept = before.trim_end_matches(['(', '（', '[', '【', '“', '"']);
        at.start -= (before.len() - kept.len()) as u32;
        Some(at)
    }

    /// The last key character of a label, its end moved forward over closing brackets and
    /// quotes in the same word.
    fn label_last(&self, k: usize) -> Option<KeyAt> {
        let mut at = self.key_at(k)?;
        let tok = self.toks.get(at.tok as usize)?;
        let text = self.text(at.tok as usize).as_str();
        let after = text.get(at.end as usize..tok.end as usize).unwrap_or("");
        let kept = after.trim_start_matches([')', '）', ']', '】', '”', '"']);
        at.end += (after.len() - kept.len()) as u32;
        Some(at)
    }

    /// The source byte range covered by key characters `range` (non-empty).
    pub fn key_source_range(&self, range: Range<usize>) -> Range<usize> {
        let (Some(first), Some(last)) = (
            self.label_first(range.start),
            self.label_last(range.end.saturating_sub(1)),
        ) else {
            return 0..0;
        };
        let a = self.source_range(first.tok as usize, first.start..first.end);
        let b = self.source_range(last.tok as usize, last.start..last.end);
        a.start..b.end.max(a.start)
    }

    /// The normalised text between two key positions, whitespace removed (a label as written).
    pub fn key_text(&self, range: Range<usize>) -> String {
        let (Some(first), Some(last)) = (
            self.label_first(range.start),
            self.label_last(range.end.saturating_sub(1)),
        ) else {
            return String::new();
        };
        let mut out = String::new();
        for tok in first.tok..=last.tok {
            let tok = tok as usize;
            let Some(t) = self.toks.get(tok) else { break };
            let from = if tok == first.tok as usize {
                first.start
            } else {
                t.start
            };
            let to = if tok == last.tok as usize {
                last.end
            } else {
                t.end
            };
            if let Some(s) = self.text(tok).as_str().get(from as usize..to as usize) {
                out.push_str(s);
            }
        }
        out
    }

    /// The cursor just after key character `k - 1` (i.e. at the end of a match ending at `k`).
    pub fn cursor_after_key(&self, k: usize) -> Cursor {
        match k.checked_sub(1).and_then(|i| self.key_at(i)) {
            Some(at) => Cursor {
                tok: at.tok as usize,
                byte: at.end,
            },
            None => Cursor { tok: 0, byte: 0 },
        }
    }

    /// The first key index at or after a cursor.
    pub fn key_at_cursor(&self, cur: Cursor) -> usize {
        // Key characters of earlier tokens come first, then those of the cursor's token before
        // its byte.
        let first = self.key_of_tok(cur.tok);
        let end = self.key_of_tok(cur.tok + 1).max(first);
        first
            + self
                .key_start
                .get(first..end)
                .map_or(0, |own| own.partition_point(|&b| b < cur.byte))
    }

    /// The first key index of a token (or of the next one).
    pub fn key_of_tok(&self, tok: usize) -> usize {
        self.tok_key
            .get(tok)
            .map_or(self.key.len(), |&k| k as usize)
    }

    /// The first token of a block.
    pub fn tok_of_block(&self, block: usize) -> usize {
        self.block_tok
            .get(block)
            .copied()
            .unwrap_or(self.toks.len() as u32) as usize
    }

    /// The block of key index `k` (the last block for the end).
    pub fn block_of_key(&self, k: usize) -> usize {
        match self.key_at(k) {
            Some(a) => self
                .toks
                .get(a.tok as usize)
                .map_or(0, |t| t.block as usize),
            None => self.doc.blocks.len(),
        }
    }
}
