//! Recognising the kind of input from its content, not its name.
//!
//! A file called `.txt` may be an HTML page saved from a portal, a `.doc` may be a DOCX, and a
//! `.pdf` may be an error page: the bytes decide. The name is only a tie-breaker for text (a
//! `.html` file without recognisable markup near its start is still read as HTML).

use gongkai_core::InputKind;

/// What the bytes of a file are, as far as choosing a reader goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// `%PDF-` at the start (after at most a byte order mark and white space).
    Pdf,
    /// A valid PDF and a valid ZIP archive at once (a polyglot): which one is the report is
    /// not for a reader to choose, so the file is refused.
    PdfAndZip,
    /// A ZIP archive holding `word/document.xml`.
    Docx,
    /// Another ZIP archive.
    OtherZip,
    /// An OLE compound file: legacy Office, or an encrypted Office document.
    Ole,
    /// HTML markup.
    Html,
    /// Anything else: text (plain, TAB-separated or markdown) or binary, decided by the text
    /// reader.
    Text,
}

/// How far into the file PDF readers (poppler among them) look for `%PDF-`: they accept up to
/// 1 KiB of leading junk. gongkai reads a file as a PDF only when it starts with the header, but
/// a ZIP archive with a header in this window is also a PDF to those readers.
const PDF_WINDOW: usize = 1024;

pub(crate) fn sniff_bytes(bytes: &[u8], name: &str) -> Sniffed {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let head = bytes.get(..PDF_WINDOW).unwrap_or(bytes);
        if contains(head, b"%PDF-") && contains(bytes, b"%%EOF") {
            return Sniffed::PdfAndZip;
        }
        return if contains(bytes, b"word/document.xml") {
            Sniffed::Docx
        } else {
            Sniffed::OtherZip
        };
    }
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        return Sniffed::Ole;
    }
    if starts_pdf(bytes) {
        // ZIP readers find an archive from its end: a PDF with one appended is both.
        return if is_zip_archive(bytes) {
            Sniffed::PdfAndZip
        } else {
            Sniffed::Pdf
        };
    }
    if looks_like_html(bytes) {
        return Sniffed::Html;
    }
    let extension = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(extension.as_deref(), Some("html" | "htm" | "shtml"))
        && contains_ci(bytes.get(..64 * 1024).unwrap_or(bytes), b"<p")
    {
        return Sniffed::Html;
    }
    Sniffed::Text
}

/// The kind of input the bytes of a file named `name` hold, recognised from the content (magic
/// bytes, markup) with the name as a tie-breaker. Text comes back as [`InputKind::Text`] (the text
/// reader tells plain text, TAB-separated text and markdown apart); ZIP and Office files that are
/// no DOCX, and files that are a PDF and a ZIP at once, come back as [`InputKind::Docx`] (reading
/// them gives the precise error).
pub fn sniff(bytes: &[u8], name: &str) -> InputKind {
    match sniff_bytes(bytes, name) {
        Sniffed::Pdf => InputKind::Pdf,
        // A PDF that is a ZIP too is no PDF to hand to poppler: the reader refuses it.
        Sniffed::Docx | Sniffed::OtherZip | Sniffed::Ole | Sniffed::PdfAndZip => InputKind::Docx,
        Sniffed::Html => InputKind::Html,
        Sniffed::Text => InputKind::Text,
    }
}

/// Markup at the start (after a byte order mark, white space and comments): a doctype or one of
/// the elements a page or a saved fragment starts with. UTF-16 pages are recognised too.
fn looks_like_html(bytes: &[u8]) -> bool {
    const STARTS: &[&[u8]] = &[
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<title",
        b"<div",
        b"<table",
        b"<p>",
        b"<p ",
        b"<h1",
        b"<h2",
        b"<link",
        b"<script",
        b"<style",
    ];
    let head: Vec<u8> = match bytes {
        [0xff, 0xfe, rest @ ..] => rest.iter().step_by(2).copied().take(1024).collect(),
        [0xfe, 0xff, rest @ ..] => rest.iter().skip(1).step_by(2).copied().take(1024).collect(),
        _ => {
            let b = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
            b.iter().copied().take(1024).collect()
        }
    };
    let mut rest: &[u8] = &head;
    loop {
        rest = rest.trim_ascii_start();
        if rest.starts_with(b"<!--") {
            match find(rest, b"-->") {
                Some(end) => rest = &rest[end + 3..],
                None => return false,
            }
        } else if rest.starts_with(b"<?xml") {
            match find(rest, b"?>") {
                Some(end) => rest = &rest[end + 2..],
                None => return false,
            }
        } else {
            break;
        }
    }
    STARTS
        .iter()
        .any(|s| rest.len() >= s.len() && rest[..s.len()].eq_ignore_ascii_case(s))
}

/// Whether the file starts with a PDF header: `%PDF-` at offset 0, after at most a UTF-8 byte
/// order mark and ASCII white space (a text report that quotes "%PDF-" in its first lines is
/// text).
fn starts_pdf(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
    let head = b.get(..PDF_WINDOW).unwrap_or(b);
    head.trim_ascii_start().starts_with(b"%PDF-")
}

/// Whether a ZIP reader opens the bytes as an archive (it looks for the end of central directory
/// record from the end, wherever the archive starts).
fn is_zip_archive(bytes: &[u8]) -> bool {
    let tail = bytes
        .get(bytes.len().saturating_sub(66_000)..)
        .unwrap_or(bytes);
    contains(tail, b"PK\x05\x06") && zip::ZipArchive::new(std::io::Cursor::new(bytes)).is_ok()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

fn contains_ci(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_not_the_name() {
        assert_eq!(sniff_bytes(b"%PDF-1.7\n...", "report.txt"), Sniffed::Pdf);
        assert_eq!(sniff_bytes(b"\r\n%PDF-1.4", "x"), Sniffed::Pdf);
        assert_eq!(sniff_bytes(b"\xef\xbb\xbf %PDF-1.4", "x"), Sniffed::Pdf);
        // Only where the format puts its header: a report quoting it is text.
        assert_eq!(
            sniff_bytes("政府信息公开\n文件头为 %PDF-1.7 的文件".as_bytes(), "a.txt"),
            Sniffed::Text
        );
        assert_eq!(sniff_bytes(b"junk%PDF-1.4", "a.pdf"), Sniffed::Text);
        assert_eq!(
            sniff_bytes(b"PK\x03\x04....word/document.xml....", "report.pdf"),
            Sniffed::Docx
        );
        assert_eq!(
            sniff_bytes(b"PK\x03\x04....xl/workbook.xml", "a.docx"),
            Sniffed::OtherZip
        );
        assert_eq!(
            sniff_bytes(
                &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0],
                "a.docx"
            ),
            Sniffed::Ole
        );
        assert_eq!(
            sniff_bytes(
                b"\xef\xbb\xbf<!-- x -->\n<!DOCTYPE html><html>",
                "report.txt"
            ),
            Sniffed::Html
        );
        assert_eq!(
            sniff_bytes("<HTML><body>规章".as_bytes(), "a.pdf"),
            Sniffed::Html
        );
        assert_eq!(
            sniff_bytes("一、总体情况\n<p>不是网页".as_bytes(), "report.txt"),
            Sniffed::Text
        );
        assert_eq!(
            sniff_bytes("标题\n<p>正文</p>".as_bytes(), "a.htm"),
            Sniffed::Html
        );
        assert_eq!(
            sniff_bytes("| a | b |\n|---|---|".as_bytes(), "a.md"),
            Sniffed::Text
        );
    }
}
