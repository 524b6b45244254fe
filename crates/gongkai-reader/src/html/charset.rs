//! The page's bytes decoded to text: by byte order mark, else the charset its `<meta>` declares,
//! else UTF-8 when valid, else a detected encoding. Kept apart from the scanner because spans point
//! into the *decoded* page: everything after this works on one `&str`.

use encoding_rs::Encoding;

use crate::ReadError;

/// Decodes by byte order mark, else the charset the page declares in its first bytes, else UTF-8
/// when valid, else a detected (GB18030 for GBK) encoding.
pub(super) fn decode(bytes: &[u8]) -> Result<(String, String), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let (encoding, body) = if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        (encoding, bytes.get(bom..).unwrap_or_default())
    } else if let Some(encoding) = declared_charset(bytes) {
        (encoding, bytes)
    } else if std::str::from_utf8(bytes).is_ok() {
        (encoding_rs::UTF_8, bytes)
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        (
            detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow),
            bytes,
        )
    };
    // GBK and GB2312 pages are decoded as GB18030, their superset (portals declare "gb2312" for
    // text that uses GBK characters).
    let encoding: &'static Encoding = if encoding == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        encoding
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let name = if encoding == encoding_rs::GB18030 {
        "GB18030"
    } else {
        encoding.name()
    };
    Ok((text.into_owned(), name.to_owned()))
}

/// The encoding named by `<meta charset=…>` or `<meta http-equiv … content="…charset=…">` in
/// the first 4 KiB (HTML's own prescan looks at 1 KiB; portals put long scripts first).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..4096).unwrap_or(bytes);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset") {
        let mut j = from + i + b"charset".len();
        from = j;
        while lower.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if lower.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while lower
            .get(j)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        {
            j += 1;
        }
        let end = lower[j..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
            .map_or(lower.len(), |p| j + p);
        if let Some(encoding) = Encoding::for_label(&lower[j..end]) {
            // A page that declares UTF-16 in ASCII bytes is not UTF-16 (HTML spec rule).
            return Some(
                if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    encoding
                },
            );
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
