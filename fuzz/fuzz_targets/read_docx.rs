//! DOCX as raw bytes: the ZIP container (seed with tests/fixtures/official-template-2021.docx).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = gongkai_reader::read(data, "x.docx", &gongkai_reader::ReadOptions::default());
});
