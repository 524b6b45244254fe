//! PDF layout reconstruction: word boxes as pdftotext -bbox-layout would give them (any
//! positions, sizes, overlaps and texts, decoded from the input), rebuilt into lines and table
//! rows, then mapped to a report. pdftotext itself runs in its own process and is not fuzzed here.
#![no_main]
use gongkai_pdf::{Page, PdfError, PdfOptions, Word, WordSource};
use libfuzzer_sys::fuzz_target;

/// Words decoded from the fuzz input: per word, 4 coordinates (i16, a tenth of a point) and a
/// length-prefixed text; a 0xff length byte starts a new page.
struct Boxes<'a>(&'a [u8]);

const TEXTS: &[&str] = &[
    "一、总体情况",
    "（七）总计",
    "自然人",
    "规章",
    "行政事业性收费",
    "0",
    "12",
    "3",
    "-",
    "/",
    "三、收到和处理政府信息公开申请情况",
    "商业企业",
    "1.",
    "属于国家秘密",
    "合计",
    "维持",
    "- 2 -",
];

impl WordSource for Boxes<'_> {
    fn pages(&self, _: &[u8], _: &PdfOptions) -> Result<Vec<Page>, PdfError> {
        let mut pages = vec![Page {
            width: 595.0,
            height: 842.0,
            words: Vec::new(),
            ..Page::default()
        }];
        let mut d = self.0;
        while d.len() >= 9 {
            if d[0] == 0xff {
                pages.push(Page {
                    width: 595.0,
                    height: 842.0,
                    words: Vec::new(),
                    ..Page::default()
                });
                d = &d[1..];
                continue;
            }
            let c = |i: usize| f64::from(i16::from_le_bytes([d[i], d[i + 1]])) / 10.0;
            let (x0, y0, x1, y1) = (c(0), c(2), c(4), c(6));
            let pick = usize::from(d[8]);
            let text = if pick < 200 {
                TEXTS[pick % TEXTS.len()].to_owned()
            } else {
                let n = (pick - 200).min(d.len() - 9);
                String::from_utf8_lossy(&d[9..9 + n]).into_owned()
            };
            let used = 9 + if pick < 200 {
                0
            } else {
                (pick - 200).min(d.len() - 9)
            };
            pages.last_mut().expect("a page").words.push(Word {
                x0,
                y0,
                x1,
                y1,
                text,
            });
            d = &d[used..];
        }
        Ok(pages)
    }
}

fuzz_target!(|data: &[u8]| {
    let doc =
        gongkai_pdf::read_pdf_with(&Boxes(data), b"%PDF-1.4", "x.pdf", &PdfOptions::default());
    if let Ok(doc) = doc {
        // Every offset has a page and a printed line (the page index the layout built).
        let len = doc.source.text().len();
        for offset in [0, len / 2, len] {
            let at = doc.source.position(offset);
            assert!(at.line >= 1, "a printed line counts from 1");
        }
        let _ = gongkai_reader::extract(doc);
    }
});
