//! Bytes to text: byte order marks, UTF-8, UTF-16, UTF-32 and the Chinese legacy encodings.
//!
//! Chinese government sites still publish GBK/GB18030 files, so an undeclared non-UTF-8 file is
//! guessed with chardetng (biased to the `.cn` domain), and decoded with encoding_rs. GB18030
//! decoding covers GBK. What could not be decoded becomes U+FFFD and is counted, so a report
//! never silently loses characters.
//!
//! UTF-16 and UTF-32 without a byte order mark (Windows tools write them) are recognised by
//! where their zero bytes fall: the high bytes of the ASCII characters every report has (digits,
//! spaces, line ends). Line ends other than `\n` and `\r\n` — a lone `\r` (old Mac OS), U+2028
//! LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR — become `\n` in the decoded text, so that the
//! readers and every line and column count see the lines the file's author saw. A lone `\r`
//! has the byte length of `\n`, so offsets stay those of the file; U+2028/U+2029 (three bytes
//! each in UTF-8) shorten the text by two bytes each, as decoding a legacy encoding changes
//! offsets: lines and columns, counted in characters, are still the file's.

use encoding_rs::{Encoding, UTF_8};

use crate::ReadError;

/// Text decoded from a file.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text (without a byte order mark).
    pub text: String,
    /// The encoding's name, e.g. "UTF-8", "GB18030", "UTF-16LE".
    pub encoding: &'static str,
    /// How many characters could not be decoded (replaced by U+FFFD).
    pub replacements: usize,
}

/// Share of undecodable characters above which a file is refused rather than read with gaps.
const MAX_REPLACEMENT_PER_MILLE: usize = 20;

/// Decodes `bytes`, refusing binary data and text that is mostly undecodable.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    // UTF-32 first: its little-endian byte order mark starts like UTF-16's.
    if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe, 0, 0]) {
        return finish(decode_utf32(rest, false));
    }
    if let Some(rest) = bytes.strip_prefix(&[0, 0, 0xfe, 0xff]) {
        return finish(decode_utf32(rest, true));
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        if encoding == UTF_8 {
            check_not_binary(body)?;
        }
        return finish(decode_with(encoding, body));
    }
    if let Some(wide) = sniff_wide(bytes) {
        let decoded = match wide {
            Wide::Utf32 { big_endian } => decode_utf32(bytes, big_endian),
            Wide::Utf16 { big_endian: false } => decode_with(encoding_rs::UTF_16LE, bytes),
            Wide::Utf16 { big_endian: true } => decode_with(encoding_rs::UTF_16BE, bytes),
        };
        return finish(decoded);
    }
    check_not_binary(bytes)?;
    if let Ok(text) = std::str::from_utf8(bytes) {
        return finish(Decoded {
            text: text.to_owned(),
            encoding: UTF_8.name(),
            replacements: 0,
        });
    }
    // Mostly valid UTF-8 with a few broken sequences is still UTF-8: a legacy encoding would
    // not produce long valid multi-byte runs by chance.
    let (lossy, broken) = utf8_lossy_counting(bytes);
    let multibyte = bytes.iter().filter(|&&b| b >= 0x80).count();
    if broken * 50 < multibyte.max(1) {
        return finish(Decoded {
            text: lossy,
            encoding: UTF_8.name(),
            replacements: broken,
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guessed = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    // GBK is a subset of GB18030; decoding as GB18030 accepts both.
    let encoding = if guessed == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        guessed
    };
    finish(decode_with(encoding, bytes))
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    let replacements = text.chars().filter(|&c| c == '\u{fffd}').count();
    Decoded {
        text,
        encoding: display_name(encoding),
        replacements,
    }
}

/// The name users know: encoding_rs spells GB18030 in lower case.
fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == encoding_rs::GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// A wide Unicode encoding recognised without a byte order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wide {
    Utf16 { big_endian: bool },
    Utf32 { big_endian: bool },
}

/// How many bytes of the start are looked at to recognise UTF-16/UTF-32 without a byte order
/// mark.
const WIDE_SAMPLE: usize = 8192;

/// Recognises UTF-16 or UTF-32 without a byte order mark from where the zero bytes of its first
/// 8 KiB fall. Text in single-byte or multi-byte encodings (UTF-8, GB18030) has no zero bytes at
/// all; binary data has them anywhere, and whole zero units (U+0000, never in text).
///
/// - UTF-32: every 4-byte unit a Unicode scalar value other than U+0000 (its top byte zero, the
///   next at most 0x10) — random or UTF-16 data fails this within a few units.
/// - UTF-16: no unit zero, zero bytes in one byte position of at least one unit in 64 (the high
///   byte of ASCII characters: every report has digits, spaces and line ends), and in the other
///   position at most half as often (CJK characters such as 一 U+4E00 and 开 U+5F00 have a zero
///   low byte: in a TAB-separated table of few digits they are nearly half as many).
///
/// A wrong guess still has to pass the checks of every decoded text (control characters,
/// undecodable characters) and then be a report.
fn sniff_wide(bytes: &[u8]) -> Option<Wide> {
    let sample = bytes.get(..WIDE_SAMPLE).unwrap_or(bytes);
    if sample.len() < 4 || !sample.contains(&0) {
        return None;
    }
    if bytes.len().is_multiple_of(4) {
        for big_endian in [false, true] {
            let text_like = sample.chunks_exact(4).all(|u| {
                let v = utf32_unit(u, big_endian);
                v != 0 && char::from_u32(v).is_some()
            });
            if text_like {
                return Some(Wide::Utf32 { big_endian });
            }
        }
    }
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = sample.len() / 2;
    let (mut zero_first, mut zero_second) = (0usize, 0usize);
    for u in sample.chunks_exact(2) {
        if u == [0, 0] {
            return None;
        }
        zero_first += usize::from(u[0] == 0);
        zero_second += usize::from(u[1] == 0);
    }
    // Little-endian: the high byte comes second.
    if zero_second * 64 >= units && zero_first * 2 <= zero_second {
        return Some(Wide::Utf16 { big_endian: false });
    }
    if zero_first * 64 >= units && zero_second * 2 <= zero_first {
        return Some(Wide::Utf16 { big_endian: true });
    }
    None
}

fn utf32_unit(u: &[u8], big_endian: bool) -> u32 {
    let b = [u[0], u[1], u[2], u[3]];
    if big_endian {
        u32::from_be_bytes(b)
    } else {
        u32::from_le_bytes(b)
    }
}

/// Decodes UTF-32 (encoding_rs has no UTF-32: the WHATWG encodings leave it out). A unit that is
/// no Unicode scalar value, and a trailing partial unit, become U+FFFD.
fn decode_utf32(bytes: &[u8], big_endian: bool) -> Decoded {
    let units = bytes.chunks_exact(4);
    let partial = !units.remainder().is_empty();
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut replacements = usize::from(partial);
    for u in units {
        if let Some(c) = char::from_u32(utf32_unit(u, big_endian)) {
            text.push(c);
        } else {
            text.push('\u{fffd}');
            replacements += 1;
        }
    }
    if partial {
        text.push('\u{fffd}');
    }
    Decoded {
        text,
        encoding: if big_endian { "UTF-32BE" } else { "UTF-32LE" },
        replacements,
    }
}

/// Turns the line ends `\n` and `\r\n` do not cover into `\n`: a lone `\r`, U+2028 and U+2029
/// (see the module docs). Text without them is returned as it is.
pub(crate) fn normalise_line_ends(text: String) -> String {
    let lone_cr = text
        .as_bytes()
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
    let separators = text.contains(['\u{2028}', '\u{2029}']);
    if !lone_cr && !separators {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() != Some(&'\n') => out.push('\n'),
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

fn finish(decoded: Decoded) -> Result<Decoded, ReadError> {
    let decoded = Decoded {
        text: normalise_line_ends(decoded.text),
        ..decoded
    };
    // Characters are the bytes that start one; control characters other than line ends, TABs
    // and form feeds are C0 bytes and DEL (C1 controls, two bytes in UTF-8, are left to the NUL
    // test of `check_not_binary`).
    let bytes = decoded.text.as_bytes();
    let chars = count_bytes(bytes, |b| b & 0xc0 != 0x80);
    let controls = count_bytes(bytes, |b| {
        (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)) || b == 0x7f
    });
    if decoded.text.trim().is_empty() {
        return Err(if decoded.text.is_empty() {
            ReadError::Empty
        } else {
            ReadError::WhitespaceOnly
        });
    }
    if decoded.replacements * 1000 > chars * MAX_REPLACEMENT_PER_MILLE {
        return Err(ReadError::Undecodable {
            encoding: decoded.encoding.to_owned(),
            replacements: decoded.replacements,
        });
    }
    if controls * 100 > chars {
        return Err(ReadError::Binary);
    }
    Ok(decoded)
}

/// Binary data: NUL bytes (never in text of a single-byte or multi-byte Chinese encoding) or
/// many control bytes.
fn check_not_binary(bytes: &[u8]) -> Result<(), ReadError> {
    let sample = bytes.get(..8192).unwrap_or(bytes);
    let controls = count_bytes(sample, |b| {
        b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b)
    });
    if sample.contains(&0) || controls * 100 > sample.len() {
        return Err(ReadError::Binary);
    }
    Ok(())
}

/// How many bytes satisfy `pred`: counted in blocks of at most 255 into a byte, so that the loop
/// vectorises (every file read passes through here).
fn count_bytes(bytes: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|block| {
            usize::from(
                block
                    .iter()
                    .fold(0u8, |n, &b| n.wrapping_add(u8::from(pred(b)))),
            )
        })
        .sum()
}

/// Decodes UTF-8, replacing each maximal invalid sequence by U+FFFD, and counts them.
fn utf8_lossy_counting(bytes: &[u8]) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len());
    let mut broken = 0;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            out.push('\u{fffd}');
            broken += 1;
        }
    }
    (out, broken)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("一、总体情况".as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("一、总体情况", "UTF-8"));
        let mut b = vec![0xef, 0xbb, 0xbf];
        b.extend_from_slice("规章".as_bytes());
        assert_eq!(decode(&b).unwrap().text, "规章");
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xff, 0xfe];
        let mut be = vec![0xfe, 0xff];
        for u in "规章 12".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("规章 12", "UTF-16LE"));
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    fn utf32(text: &str, big_endian: bool) -> Vec<u8> {
        text.chars()
            .flat_map(|c| {
                if big_endian {
                    (c as u32).to_be_bytes()
                } else {
                    (c as u32).to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_and_utf32_without_bom_are_recognised() {
        let text =
            "一、总体情况\n本年新收政府信息公开申请 28 件，办结 27 件。\n（一）予以公开\t12\n";
        for big_endian in [false, true] {
            let d = decode(&utf16(text, big_endian)).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.encoding, if big_endian { "UTF-16BE" } else { "UTF-16LE" });
            let d = decode(&utf32(text, big_endian)).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.encoding, if big_endian { "UTF-32BE" } else { "UTF-32LE" });
            let mut bom = utf32("\u{feff}", big_endian);
            bom.extend(utf32(text, big_endian));
            assert_eq!(decode(&bom).unwrap().text, text);
        }
        // Binary data with zero bytes anywhere is still binary.
        assert!(matches!(
            decode(&[
                0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0
            ]),
            Err(ReadError::Binary)
        ));
    }

    #[test]
    fn lone_cr_and_unicode_separators_end_lines() {
        let d = decode("一、总体情况\r规章 12\r\n末\u{2028}尾\u{2029}".as_bytes()).unwrap();
        assert_eq!(d.text, "一、总体情况\n规章 12\r\n末\n尾\n");
        // A lone CR keeps every offset.
        let cr = "甲\r乙\r丙";
        assert_eq!(decode(cr.as_bytes()).unwrap().text.len(), cr.len());
    }

    #[test]
    fn gb18030_is_detected() {
        let text = "西工区应急管理局2023年政府信息公开工作年度报告\n一、总体情况\n全年办结28件。";
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "GB18030");
    }

    #[test]
    fn empty_whitespace_binary_and_garbage_are_refused() {
        assert!(matches!(decode(b""), Err(ReadError::Empty)));
        assert!(matches!(
            decode(b" \n\t \r\n"),
            Err(ReadError::WhitespaceOnly)
        ));
        assert!(matches!(
            decode(b"PK\x03\x04\0\0\x14"),
            Err(ReadError::Binary)
        ));
        assert!(matches!(
            decode(&[1u8, 2, 3, 4, 5, 6, 7, 8]),
            Err(ReadError::Binary)
        ));
    }

    #[test]
    fn a_few_broken_bytes_in_utf8_are_counted() {
        let mut b = "一、总体情况，全年办结二十八件".repeat(20).into_bytes();
        b.insert(30, 0xff);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replacements, 1);
    }
}
