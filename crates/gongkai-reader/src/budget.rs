//! Budgets on the work derived from an input, not only on its size: a small file can expand
//! into millions of lines, cells, words or numbers (or a merged cell into a copy per row it
//! spans), and each of those costs memory in the document, the mapper's stream and the report.
//! Past a budget no report could need, the read ends with [`ReadError::TooComplex`].

use crate::ReadError;

/// What a budget counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Budgeted {
    /// Lines and table cells of the document.
    LinesAndCells,
    /// Words (runs of non-space characters) of the document.
    Words,
    /// Sentences of the narrative.
    Sentences,
    /// Numbers in the narrative.
    NarrativeNumbers,
    /// Values (nodes) of a structured (JSON/YAML) report.
    StructuredValues,
    /// Text copied into the rows a merged table cell spans, in bytes.
    MergedCellText,
    /// Characters of the document's text, as read and after normalisation: each costs about
    /// ten bytes in the mapper (its text, its key character and where that comes from). The
    /// budget is [`CHARS_PER_ITEM`] times the items'.
    Characters,
}

/// The characters of text allowed per item of [`crate::ReadOptions::max_items`]: 8,000,000 by
/// default, a few hundred times a long report's text (10 to 60 thousand characters).
pub const CHARS_PER_ITEM: usize = 16;

/// The budget of [`Budgeted::Characters`] for a budget of `max_items` items.
pub(crate) fn max_chars(max_items: usize) -> usize {
    max_items.saturating_mul(CHARS_PER_ITEM)
}

/// The characters of UTF-8 text (its bytes that start a character).
pub(crate) fn chars(text: &str) -> usize {
    // Continuation bytes are 0b10xxxxxx.
    text.bytes().filter(|&b| b & 0xc0 != 0x80).count()
}

impl Budgeted {
    /// The item in Chinese, as the error message names it.
    pub fn zh(self) -> &'static str {
        match self {
            Budgeted::LinesAndCells => "行和单元格",
            Budgeted::Words => "词",
            Budgeted::Sentences => "正文句子",
            Budgeted::NarrativeNumbers => "正文数字",
            Budgeted::StructuredValues => "结构化数据的值",
            Budgeted::MergedCellText => "合并单元格复制的文字（字节）",
            Budgeted::Characters => "文字（字符）",
        }
    }

    /// The item in `lang`.
    pub fn name(self, lang: gongkai_diagnostic::Lang) -> &'static str {
        match lang {
            gongkai_diagnostic::Lang::Zh => self.zh(),
            gongkai_diagnostic::Lang::En => self.en(),
        }
    }

    /// The item in English.
    pub fn en(self) -> &'static str {
        match self {
            Budgeted::LinesAndCells => "lines and table cells",
            Budgeted::Words => "words",
            Budgeted::Sentences => "narrative sentences",
            Budgeted::NarrativeNumbers => "narrative numbers",
            Budgeted::StructuredValues => "values of structured data",
            Budgeted::MergedCellText => "bytes of text copied into the rows of merged cells",
            Budgeted::Characters => "characters of text",
        }
    }
}

/// Fails with [`ReadError::TooComplex`] once `count` passes `limit`.
pub(crate) fn check(what: Budgeted, count: usize, limit: usize) -> Result<(), ReadError> {
    if count > limit {
        Err(ReadError::TooComplex { what, limit })
    } else {
        Ok(())
    }
}

/// An upper bound on the lines and cells a decoded text makes, in any of the text layouts
/// (lines, TAB-separated cells, `|`-terminated cells, markdown tables): its non-blank lines
/// plus its TABs and `|`s. Counted before the document is built, so that a file of ten million
/// short lines is refused before it costs a block each.
pub(crate) fn text_items(text: &str) -> usize {
    let mut n = 0usize;
    let mut blank = true;
    for &b in text.as_bytes() {
        match b {
            b'\n' => {
                n += usize::from(!blank);
                blank = true;
            }
            b'\t' | b'|' => {
                n += 1;
                blank = false;
            }
            b' ' | b'\r' => {}
            _ => blank = false,
        }
    }
    n + usize::from(!blank)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_items_count_lines_and_separators() {
        assert_eq!(text_items(""), 0);
        assert_eq!(text_items("\n\n  \r\n"), 0);
        assert_eq!(text_items("a\nb"), 2);
        assert_eq!(text_items("规章\t1\t2\n| a | b |\n"), 2 + 2 + 3);
    }

    #[test]
    fn chars_counts_characters_not_bytes() {
        for s in ["", "a", "规章 1２", "\u{fdfa}\u{10ffff}é"] {
            assert_eq!(chars(s), s.chars().count(), "{s}");
        }
    }
}
