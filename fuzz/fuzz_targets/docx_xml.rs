//! DOCX's `word/document.xml`: the input is wrapped in a valid ZIP, so the fuzzer spends its time
//! on the WordprocessingML reader (tables, gridSpan, vMerge, nesting) rather than on CRCs.
#![no_main]
use std::io::Write as _;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        if w.start_file("word/document.xml", o).is_err() || w.write_all(data).is_err() {
            return;
        }
        if w.finish().is_err() {
            return;
        }
    }
    let _ = gongkai_reader::read(
        &out.into_inner(),
        "x.docx",
        &gongkai_reader::ReadOptions::default(),
    );
});
