//! Places in a Word document: a paragraph, or a cell of a table, as a user finds them in Word.
//!
//! gongkai reads a DOCX file as text it renders (one line per paragraph, one line per table row
//! with a TAB between cells, see the reader). A line of that rendering means nothing in Word,
//! which has no line numbers: a location there is "the 7th paragraph, character 65" or "table
//! 4, row 14, column 8". The reader records where each paragraph and cell starts in the
//! rendering; a location is then a binary search in those starts.

use std::sync::Arc;

/// Where a byte offset of a Word document's rendering is in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In a paragraph outside the tables.
    Paragraph {
        /// 1-based, counting the paragraphs outside tables that show text (empty paragraphs,
        /// which show nothing, are not counted).
        paragraph: u32,
        /// 1-based character within the paragraph (a line break inside it counts as one).
        character: u32,
    },
    /// In a cell of a table.
    Cell {
        /// 1-based, counting the document's tables (a table inside a cell is part of that cell).
        table: u32,
        /// 1-based row of the table, counting every row.
        row: u32,
        /// 1-based column of the table's grid: a cell spanning two columns counts two.
        column: u32,
    },
}

/// Where a paragraph or a cell starts in the rendering, as the reader records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// A paragraph (outside tables) starts here.
    Paragraph {
        /// As [`Place::Paragraph::paragraph`].
        paragraph: u32,
    },
    /// A cell starts here.
    Cell {
        /// As [`Place::Cell::table`].
        table: u32,
        /// As [`Place::Cell::row`].
        row: u32,
        /// As [`Place::Cell::column`].
        column: u32,
    },
}

/// The anchors of one rendering, sorted by offset; empty for every other kind of source.
#[derive(Debug, Clone, Default)]
pub struct PlaceIndex {
    /// Shared: every snippet of a file may name its place, and cloning is a reference count.
    anchors: Arc<[(usize, Anchor)]>,
}

impl PlaceIndex {
    /// The index of `anchors` (byte offset in the rendering, what starts there).
    pub(crate) fn new(mut anchors: Vec<(usize, Anchor)>) -> Self {
        // The reader pushes them in order; sorting again keeps any caller's lookups right.
        anchors.sort_by_key(|&(offset, _)| offset);
        Self {
            anchors: anchors.into(),
        }
    }

    /// Whether the source has places (a rendered Word document).
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// The place of `offset`, which is at character `column` of the line starting at byte
    /// `line_start` of `text`: in the paragraph or cell starting last at or before it. `None`
    /// before the first anchor and for sources without places.
    pub(crate) fn place(
        &self,
        text: &str,
        offset: usize,
        line_start: usize,
        column: u32,
    ) -> Option<Place> {
        let i = self.anchors.partition_point(|&(at, _)| at <= offset);
        let &(at, anchor) = self.anchors.get(i.checked_sub(1)?)?;
        Some(match anchor {
            Anchor::Paragraph { paragraph } => {
                // A paragraph starts a line; with line breaks inside it, the lines before
                // the offset's line count too (each break one character).
                let before = if line_start > at {
                    text.get(at..line_start).map_or(0, |s| s.chars().count())
                } else {
                    0
                };
                Place::Paragraph {
                    paragraph,
                    character: u32::try_from(before)
                        .unwrap_or(u32::MAX)
                        .saturating_add(column),
                }
            }
            Anchor::Cell { table, row, column } => Place::Cell { table, row, column },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Anchor, Place};
    use crate::Source;

    #[test]
    fn a_location_in_a_word_document_is_its_paragraph_or_cell() {
        // Paragraph 1 on two lines (a line break inside it), then table 1's row 2 with cells
        // in grid columns 1 and 3 (the first spans two).
        let text = "一二\n三四\n规章\t12\n";
        let row = text.find("规章").unwrap_or_default();
        let value = text.find("12").unwrap_or_default();
        let s = Source::docx(
            "r.docx",
            text,
            vec![
                (0, Anchor::Paragraph { paragraph: 1 }),
                (
                    row,
                    Anchor::Cell {
                        table: 1,
                        row: 2,
                        column: 1,
                    },
                ),
                (
                    value,
                    Anchor::Cell {
                        table: 1,
                        row: 2,
                        column: 3,
                    },
                ),
            ],
        );
        assert_eq!(
            s.position(text.find('二').unwrap_or_default()).place,
            Some(Place::Paragraph {
                paragraph: 1,
                character: 2
            })
        );
        // 一 二 \n 三 四: 四 is the paragraph's fifth character.
        assert_eq!(
            s.position(text.find('四').unwrap_or_default()).place,
            Some(Place::Paragraph {
                paragraph: 1,
                character: 5
            })
        );
        assert_eq!(
            s.position(value + 1).place,
            Some(Place::Cell {
                table: 1,
                row: 2,
                column: 3
            })
        );
        assert_eq!(
            s.position(row).place,
            Some(Place::Cell {
                table: 1,
                row: 2,
                column: 1
            })
        );
        // Other sources have no places.
        assert_eq!(Source::new("r.txt", text).position(row).place, None);
    }
}
