//! Plain text, TAB-separated and `|`-cell text: decoding, layout, the template mapper.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = gongkai_reader::read(data, "x.txt", &gongkai_reader::ReadOptions::default());
});
