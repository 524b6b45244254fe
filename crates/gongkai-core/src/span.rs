use serde::{Deserialize, Serialize};

/// Where a value was read: a range of bytes in the [`Source`](crate::Source) text, with the
/// 1-based line and column (counted in characters) of its start, resolved when it was read.
///
/// Offsets are into the text *as read*: for UTF-8 files that is the file itself (after a byte
/// order mark, which is not counted); for GB18030 or UTF-16 files it is the UTF-8 text they were
/// decoded to. Line and column are the same in both, which is what a user looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Span {
    /// Byte offset of the first byte in the source text.
    pub offset: usize,
    /// Length in bytes.
    pub length: usize,
    /// 1-based line of the first character.
    pub line: u32,
    /// 1-based column of the first character, counted in Unicode scalar values.
    pub column: u32,
}

impl Span {
    /// The byte range of this span, for slicing the source text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.offset..self.offset + self.length
    }

    /// The byte offset just past the end.
    pub fn end(&self) -> usize {
        self.offset + self.length
    }
}
