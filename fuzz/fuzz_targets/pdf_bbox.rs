//! The parser of pdftotext's `-bbox-layout` output (`gongkai-pdf` `poppler.rs`): any bytes as
//! that output, read in pieces as from the child's pipe (the first input byte picks the piece
//! size), then laid out into a document and mapped to a report.
//!
//! Asserts besides "no panic": pieces of any size give the pages of a parse in one piece; a page
//! keeps only words with finite, ordered boxes and some text.
#![no_main]
use gongkai_pdf::{Page, PdfError, PdfOptions, WordSource};
use libfuzzer_sys::fuzz_target;

/// The pages already parsed, handed to the layout as pdftotext's would be.
struct Parsed(Vec<Page>);

impl WordSource for Parsed {
    fn pages(&self, _: &[u8], _: &PdfOptions) -> Result<Vec<Page>, PdfError> {
        Ok(self.0.clone())
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, output)) = data.split_first() else {
        return;
    };
    let piece = usize::from(first) + 1;
    let whole = gongkai_pdf::parse_output(output, usize::MAX);
    let pieces = gongkai_pdf::parse_output(output, piece);
    assert_eq!(whole, pieces, "pieces of {piece} bytes");
    let Some(pages) = whole else {
        assert!(std::str::from_utf8(output).is_err());
        return;
    };
    for w in pages.iter().flat_map(|p| &p.words) {
        assert!(w.x0.is_finite() && w.y0.is_finite() && w.x1.is_finite() && w.y1.is_finite());
        assert!(w.x1 >= w.x0 && w.y1 >= w.y0, "{w:?}");
        assert!(!w.text.trim().is_empty());
    }
    if let Ok(doc) =
        gongkai_pdf::read_pdf_with(&Parsed(pages), b"%PDF-1.4", "x.pdf", &PdfOptions::default())
    {
        let _ = gongkai_reader::extract(doc);
    }
});
