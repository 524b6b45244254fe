//! Bytes to text: byte order marks, UTF-8, UTF-16 and the Chinese legacy encodings.
//!
//! Chinese government sites still publish GBK/GB18030 files, so an undeclared non-UTF-8 file is
//! guessed with chardetng (biased to the `.cn` domain), and decoded with encoding_rs. GB18030
//! decoding covers GBK. What could not be decoded becomes U+FFFD and is counted, so a report
//! never silently loses characters.

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
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        if encoding == UTF_8 {
            check_not_binary(body)?;
        }
        return finish(decode_with(encoding, body));
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

fn finish(decoded: Decoded) -> Result<Decoded, ReadError> {
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
