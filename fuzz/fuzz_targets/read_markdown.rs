//! Markdown (the name forces the markdown reader on any text).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = gongkai_reader::read(data, "x.md", &gongkai_reader::ReadOptions::default());
});
