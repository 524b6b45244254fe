use std::ops::Range;

use gongkai_core::{InputKind, Source, UncertainReason};
use unicode_normalization::UnicodeNormalization;

/// What any input looks like after its format reader: the source and its blocks in reading order.
#[derive(Debug, Clone)]
pub struct Document {
    /// The text every [`Text`] of the blocks maps into.
    pub source: Source,
    /// What kind of input this was.
    pub kind: InputKind,
    /// The encoding the source was decoded from.
    pub encoding: String,
    /// The blocks, in reading order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// Marks the text of block `block` (its cell `cell`, for a row; every cell when `None`) as
    /// read without certainty: see [`Text::mark_uncertain`]. Out-of-range places are ignored.
    pub fn mark_uncertain(&mut self, block: usize, cell: Option<usize>, reason: UncertainReason) {
        match self.blocks.get_mut(block) {
            Some(Block::Line(t)) => t.mark_uncertain(reason),
            Some(Block::Row(cells)) => match cell {
                Some(c) => {
                    if let Some(t) = cells.get_mut(c) {
                        t.mark_uncertain(reason);
                    }
                }
                None => cells.iter_mut().for_each(|t| t.mark_uncertain(reason)),
            },
            None => {}
        }
    }
}

/// A line of text, or a table row of cells.
#[derive(Debug, Clone)]
pub enum Block {
    /// A line (of a paragraph, a heading, or of a table whose cells are not known, as in text
    /// extracted from a PDF).
    Line(Text),
    /// A table row with its cells (HTML, DOCX, markdown and TAB-separated rows). An empty cell is
    /// an empty [`Text`] whose `anchor` is the cell's position.
    Row(Vec<Text>),
}

impl Block {
    /// The block's text on one line: a line as it is, a row's cells joined by `|` — how tests
    /// and debugging tools show a document.
    pub fn joined(&self) -> String {
        match self {
            Block::Line(t) => t.as_str().to_owned(),
            Block::Row(cells) => cells.iter().map(Text::as_str).collect::<Vec<_>>().join("|"),
        }
    }
}

/// Normalised text with a map from each of its bytes back to a byte range of the [`Source`].
///
/// Built by pushing source characters one at a time; each is NFKC-normalised (so "１２" becomes
/// "12" and "（" stays a full-width parenthesis only where NFKC keeps it), and the bytes it
/// produces map back to the whole source character.
#[derive(Debug, Clone, Default)]
pub struct Text {
    normalised: String,
    /// `(normalised offset, source offset)` at each point where the mapping is not a plain
    /// continuation of the previous one; lookups binary-search it. `(0, anchor)` is implied, so
    /// that text NFKC leaves alone (nearly every line of a report) has no map at all: a
    /// document is one `Text` per line or cell, and a map per line was most of its memory.
    map: Vec<(u32, u32)>,
    /// Source end of the last pushed character.
    source_end: u32,
    /// Where an empty text sits in the source (e.g. the position of an empty table cell).
    anchor: u32,
    /// Set by a format reader whose layout left the reading of this text (a cell) in doubt;
    /// values the mapper reads from it are then uncertain cells of the report.
    uncertain: Option<UncertainReason>,
}

impl Text {
    /// An empty text anchored at a source offset.
    pub fn empty_at(source_offset: usize) -> Self {
        Self {
            anchor: source_offset as u32,
            source_end: source_offset as u32,
            ..Self::default()
        }
    }

    /// Normalises `s`, which sits at `source_offset` in the source, and appends it.
    pub fn push_source(&mut self, s: &str, source_offset: usize) {
        // Runs of characters NFKC leaves alone are appended whole: one map entry, one copy.
        self.normalised.reserve(s.len());
        let mut run_start = 0;
        for (i, c) in s.char_indices() {
            if is_stable(c) {
                continue;
            }
            if run_start < i {
                self.push_mapped(
                    &s[run_start..i],
                    source_offset + run_start..source_offset + i,
                );
            }
            self.push_char(c, source_offset + i..source_offset + i + c.len_utf8());
            run_start = i + c.len_utf8();
        }
        if run_start < s.len() {
            self.push_mapped(
                &s[run_start..],
                source_offset + run_start..source_offset + s.len(),
            );
        }
    }

    /// Appends one source character (or an entity such as `&nbsp;`, decoded to `c`) that spans
    /// `source` in the source, normalising it.
    pub fn push_char(&mut self, c: char, source: Range<usize>) {
        let mut buf = [0u8; 4];
        let mut long = String::new();
        if let Some(normalised) = normalise_char(c, &mut buf, &mut long) {
            self.push_mapped(normalised, source);
        }
    }

    /// Appends already-normalised text that stands for the source range `source` as a whole.
    pub fn push_mapped(&mut self, normalised: &str, source: Range<usize>) {
        if self.normalised.is_empty() && self.map.is_empty() {
            self.anchor = source.start as u32;
        }
        let at = self.normalised.len() as u32;
        let (n, s) = self.map.last().copied().unwrap_or((0, self.anchor));
        let expected_source = s + (at - n);
        let plain = normalised.len() == source.len();
        if !(plain && expected_source == source.start as u32) {
            // A jump in the source after a plain run (a piece from elsewhere in the file, as a
            // row rebuilt from several printed lines has): close the run where it ended first,
            // or the lookup would take it for an irregular piece and map its inside to its ends.
            if at > n && expected_source == self.source_end {
                self.map.push((at, self.source_end));
            }
            self.map.push((at, source.start as u32));
        }
        self.normalised.push_str(normalised);
        if !plain {
            // Close the irregular piece so the next character starts a fresh checkpoint.
            self.map
                .push((self.normalised.len() as u32, source.end as u32));
        }
        self.source_end = source.end as u32;
    }

    /// Marks this text (a line or cell) as read without certainty, for `reason`: a format
    /// reader that had to guess (a word split between two columns by its width) says so here,
    /// and every value read from the text becomes an uncertain cell.
    pub fn mark_uncertain(&mut self, reason: UncertainReason) {
        self.uncertain = Some(reason);
    }

    /// Why this text's reading is uncertain, if it is.
    pub fn uncertain(&self) -> Option<UncertainReason> {
        self.uncertain
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.normalised
    }

    /// Where the text starts in the source (for an empty text, its anchor).
    pub fn anchor(&self) -> usize {
        self.anchor as usize
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.normalised.is_empty()
    }

    /// The part `range` of this text (normalised byte offsets), as a text of its own that maps
    /// to the same source; `None` when `range` is not on character boundaries.
    pub(crate) fn slice(&self, range: Range<usize>) -> Option<Text> {
        let part = self.normalised.get(range.clone())?;
        let mut t = Text::empty_at(self.source_range(range.start..range.start).start);
        for (i, c) in part.char_indices() {
            let at = range.start + i..range.start + i + c.len_utf8();
            t.push_mapped(self.normalised.get(at.clone())?, self.source_range(at));
        }
        t.uncertain = self.uncertain;
        Some(t)
    }

    /// The source byte range of the normalised byte range `range`.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        if self.normalised.is_empty() {
            return self.anchor as usize..self.anchor as usize;
        }
        let start = self.source_offset(range.start, false);
        let end = self.source_offset(range.end, true).max(start);
        start..end
    }

    /// The source offset of a normalised offset; `end` chooses the end of an irregular piece when
    /// the offset falls inside one (so a range always covers whole source characters).
    fn source_offset(&self, offset: usize, end: bool) -> usize {
        let offset = offset.min(self.normalised.len()) as u32;
        if offset == self.normalised.len() as u32 {
            return self.source_end as usize;
        }
        // An end at a checkpoint is the end of the piece before it (a piece may be followed by
        // one from elsewhere in the source); a start is the start of the piece after it.
        let i = self
            .map
            .partition_point(|&(n, _)| if end { n < offset } else { n <= offset });
        let (n, s) = match i.checked_sub(1) {
            Some(prev) => self.map[prev],
            None => (0, self.anchor),
        };
        if let Some(&(next_n, next_s)) = self.map.get(i) {
            // Inside an irregular piece: map to its start or end.
            if next_s.checked_sub(s) != Some(next_n - n) {
                return if end && offset > n { next_s } else { s } as usize;
            }
        }
        (s + (offset - n)) as usize
    }
}

/// Whether NFKC leaves a character as it is and it is kept: ASCII (but NUL and DEL are kept
/// too), the CJK unified ideographs and the CJK punctuation of [`is_stable_punctuation`].
fn is_stable(c: char) -> bool {
    c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c) || is_stable_punctuation(c)
}

/// Punctuation of Chinese text that NFKC leaves as it is (a test checks each): 、。〈〉《》「」
/// 『』【】〔〕〖〗, curly quotes, dashes, the middle dot and ×. Common enough that normalising
/// them one by one was a large part of the cost of reading a report.
fn is_stable_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{3001}'..='\u{3002}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{3017}'
            | '\u{2013}'..='\u{2014}'
            | '\u{2018}'..='\u{2019}'
            | '\u{201c}'..='\u{201d}'
            | '\u{b7}'
            | '\u{d7}'
    )
}

/// The most characters one character normalises to; one whose NFKC form is longer (the Arabic
/// ligatures U+FDFA and U+FDFB, a few squared katakana words such as ㌖) is kept as written. The
/// forms a report uses are far shorter: ㈠ → "(一)", ⒇ → "(20)", ㍿ → "株式会社".
const MAX_EXPANSION: usize = 4;

/// NFKC-normalises one character for matching, or `None` to drop it (a byte order mark,
/// zero-width characters). Returns the normalised text in `buf` when it is one character, else
/// in `long`.
pub(crate) fn normalise_char<'a>(
    c: char,
    buf: &'a mut [u8; 4],
    long: &'a mut String,
) -> Option<&'a str> {
    match c {
        '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{ad}' => None,
        // ASCII and the CJK unified ideographs are NFKC-stable: the fast path for nearly all text.
        '\0'..='\u{7f}' | '\u{4e00}'..='\u{9fff}' => Some(c.encode_utf8(buf)),
        c if is_stable_punctuation(c) => Some(c.encode_utf8(buf)),
        // Full-width forms of ASCII: digits, letters, punctuation.
        '\u{ff01}'..='\u{ff5e}' => {
            let c = char::from_u32(c as u32 - 0xfee0).unwrap_or(c);
            Some(c.encode_utf8(buf))
        }
        '\u{3000}' | '\u{a0}' => Some(" "),
        // NFKC leaves it alone (a table lookup): letters of other scripts, Hangul, most
        // symbols. Normalising each of them took about half a microsecond.
        c if unicode_normalization::is_nfkc_quick(std::iter::once(c))
            == unicode_normalization::IsNormalized::Yes =>
        {
            Some(c.encode_utf8(buf))
        }
        _ => {
            long.clear();
            long.extend(std::iter::once(c).nfkc());
            if long.is_empty() {
                None
            } else if long.chars().nth(MAX_EXPANSION).is_some() {
                // Bounded expansion: U+FDFA became 18 characters (a file of it, a gigabyte).
                Some(c.encode_utf8(buf))
            } else {
                Some(long.as_str())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_map_back_to_their_source_bytes() {
        let src = "规章１２ 3";
        let mut t = Text::default();
        t.push_source(src, 10);
        assert_eq!(t.as_str(), "规章12 3");
        let i = t.as_str().find("12").unwrap();
        let r = t.source_range(i..i + 2);
        assert_eq!(r, 10 + "规章".len()..10 + "规章１２".len());
        let j = t.as_str().find('3').unwrap();
        assert_eq!(
            t.source_range(j..j + 1),
            10 + src.find('3').unwrap()..10 + src.len()
        );
    }

    #[test]
    fn nfkc_expands_and_maps_back_to_the_whole_character() {
        let src = "㈠予以公开　１";
        let mut t = Text::default();
        t.push_source(src, 0);
        assert_eq!(t.as_str(), "(一)予以公开 1");
        let one = t.as_str().find('1').unwrap();
        assert_eq!(&src[t.source_range(one..one + 1)], "１");
        assert_eq!(&src[t.source_range(0..5)], "㈠");
    }

    #[test]
    fn stable_punctuation_is_what_nfkc_leaves_alone() {
        let mut n = 0;
        for c in ('\u{a0}'..='\u{ffff}').filter(|&c| is_stable_punctuation(c)) {
            let nfkc: String = std::iter::once(c).nfkc().collect();
            assert_eq!(nfkc, c.to_string(), "U+{:04X}", c as u32);
            n += 1;
        }
        assert_eq!(n, 24);
    }

    #[test]
    fn plain_text_needs_no_map() {
        let mut t = Text::default();
        t.push_source("规章 13", 7);
        assert!(t.map.is_empty());
        assert_eq!(t.source_range(7..9), 14..16);
        // A piece further on in the source (text after a tag) closes the run before it and
        // starts a new one: the inside of the run still maps to its own characters.
        t.push_source("524", 40);
        assert_eq!(t.map.len(), 2);
        assert_eq!(t.source_range(9..11), 40..42);
        assert_eq!(t.source_range(3..6), 10..13);
    }

    #[test]
    fn pieces_from_earlier_in_the_source_keep_their_places() {
        // A row rebuilt from `pdftotext -layout` lines: label parts from the lines above and
        // below its values, then the values.
        let src = "部分公开\n447 7\n不计其他\n";
        let mut t = Text::default();
        for (piece, at) in [("部分公开", 0), ("不计其他", 19), ("447", 13), ("7", 17)] {
            if !t.is_empty() {
                t.push_mapped(" ", at..at);
            }
            t.push_source(piece, at);
        }
        assert_eq!(t.as_str(), "部分公开 不计其他 447 7");
        let find = |w: &str| t.as_str().find(w).unwrap();
        for w in ["部分", "其他", "447", "7"] {
            let r = t.source_range(find(w)..find(w) + w.len());
            assert_eq!(&src[r], w);
        }
    }

    #[test]
    fn expansion_is_bounded() {
        let mut t = Text::default();
        t.push_source("⒇㍿\u{fdfa}㌖", 0);
        assert_eq!(t.as_str(), "(20)株式会社\u{fdfa}㌖");
    }

    #[test]
    fn empty_text_maps_to_its_anchor() {
        let t = Text::empty_at(42);
        assert_eq!(t.source_range(0..0), 42..42);
    }
}
