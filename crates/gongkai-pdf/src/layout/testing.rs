//! Word boxes and rendered blocks for the layout's unit tests, written once for all its modules.

use gongkai_reader::{Block, Document};

use crate::layout::build;
use crate::{Page, Word};

/// A word box from its corners.
pub(crate) fn word(x0: f64, y0: f64, x1: f64, y1: f64, text: &str) -> Word {
    Word {
        x0,
        y0,
        x1,
        y1,
        text: text.to_owned(),
    }
}

/// Each block of a built document as a line: a row's cells joined by `|`.
pub(crate) fn lines(d: &Document) -> Vec<String> {
    d.blocks.iter().map(Block::joined).collect()
}

/// The rows of a built document, each with its cells joined by `|` (lines left out).
pub(crate) fn rows(d: &Document) -> Vec<String> {
    d.blocks
        .iter()
        .filter(|b| matches!(b, Block::Row(_)))
        .map(Block::joined)
        .collect()
}

/// The lines of one A4 page of `words`, built as a PDF of one page.
pub(crate) fn rendered(words: Vec<Word>) -> Vec<String> {
    let page = Page {
        width: 595.0,
        height: 842.0,
        words,
        ..Page::default()
    };
    lines(&build(&[page], "t.pdf"))
}
