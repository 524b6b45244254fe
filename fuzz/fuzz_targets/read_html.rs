//! HTML: the input is prefixed with `<html>` so the content sniffer always picks the HTML reader.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"<html>".to_vec();
    bytes.extend_from_slice(data);
    let _ = gongkai_reader::read(&bytes, "x.html", &gongkai_reader::ReadOptions::default());
});
