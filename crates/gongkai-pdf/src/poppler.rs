//! The poppler backend: `pdftotext -bbox-layout` in a child process, and its XHTML output read
//! back into pages of positioned words.
//!
//! The child is the isolation boundary: whatever a hostile PDF does to the parser (deep nesting,
//! a stack overflow, a loop) happens in another process, which is killed at the time limit and
//! whose output is read only up to a size limit.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Page, PdfError, PdfOptions, Word, WordSource};

/// Runs poppler's `pdftotext` (see [`PdfOptions::pdftotext`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Poppler;

impl WordSource for Poppler {
    fn pages(&self, pdf: &[u8], options: &PdfOptions) -> Result<Vec<Page>, PdfError> {
        run(pdf, options)
    }
}

/// How much of pdftotext's error output is kept for messages.
const MAX_STDERR: u64 = 64 * 1024;

fn run(pdf: &[u8], options: &PdfOptions) -> Result<Vec<Page>, PdfError> {
    let program = options.pdftotext.clone();
    let mut child = Command::new(&program)
        .args(["-bbox-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                PdfError::PdftotextMissing {
                    program: program.display().to_string(),
                }
            } else {
                PdfError::Backend {
                    detail: format!("{}: {e}", program.display()),
                }
            }
        })?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(PdfError::Backend {
            detail: "无法连接 pdftotext 的输入输出".to_owned(),
        });
    };
    let limit = options.max_output_bytes;
    std::thread::scope(|scope| {
        // Feed, drain and wait concurrently, so that neither pipe can fill up and block.
        let writer = scope.spawn(move || {
            // A broken pipe only means pdftotext stopped reading (it gave up on the file).
            let _ = stdin.write_all(pdf);
        });
        // The reader says when pdftotext's output has ended, so the wait below needs no polling
        // until then.
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let out_reader = scope.spawn(move || {
            let mut pages = PageReader::default();
            pages.read_all(&mut stdout.take(limit as u64 + 1));
            let _ = done_tx.send(pages.len);
            pages
        });
        let err_reader = scope.spawn(move || {
            let mut stderr = stderr;
            let mut err = Vec::new();
            let _ = (&mut stderr).take(MAX_STDERR).read_to_end(&mut err);
            // The rest is read to the end and dropped: a PDF can make poppler warn for
            // megabytes, and closing the pipe after the part kept killed pdftotext with
            // SIGPIPE in the middle of a readable file.
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            err
        });
        let deadline = Instant::now() + options.timeout;
        // Until the output ends (or the time is up). A reader that ends without sending has
        // failed; the child is then waited for as below.
        let timed_out = match done_rx.recv_timeout(options.timeout) {
            // Output stopped at the limit while the child still runs: stop it.
            Ok(len) if len > limit => {
                let _ = child.kill();
                false
            }
            Ok(_) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => false,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => true,
        };
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if timed_out || Instant::now() >= deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(PdfError::Timeout {
                        seconds: options.timeout.as_secs().max(1),
                    });
                }
                Ok(None) => {
                    // The output has ended: the child is exiting, within microseconds.
                    std::thread::sleep(Duration::from_micros(20));
                }
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(PdfError::Backend {
                        detail: e.to_string(),
                    });
                }
            }
        };
        let _ = writer.join();
        let out = out_reader.join().unwrap_or_default();
        let err = err_reader.join().unwrap_or_default();
        let status = status?;
        if out.len > limit {
            return Err(PdfError::OutputTooLarge { limit });
        }
        let err = String::from_utf8_lossy(&err);
        if !status.success() {
            return Err(classify_failure(status.code(), &err));
        }
        if !out.utf8 {
            return Err(PdfError::Backend {
                detail: "pdftotext 的输出不是 UTF-8".to_owned(),
            });
        }
        Ok(out.pages)
    })
}

/// Reads pdftotext's output as it is written and parses each page as soon as it is complete,
/// so that parsing runs while pdftotext works on the next pages instead of after it (on two
/// cores, most of the parsing then costs no time at all).
#[derive(Debug, Default)]
struct PageReader {
    /// The output not parsed yet: what follows the last complete `</page>`.
    pending: Vec<u8>,
    pages: Vec<Page>,
    /// Bytes read in all.
    len: usize,
    /// Whether everything read so far was UTF-8.
    utf8: bool,
}

impl PageReader {
    const PAGE_END: &[u8] = b"</page>";

    fn read_all(&mut self, from: &mut impl Read) {
        self.utf8 = true;
        let mut buf = vec![0; 64 * 1024];
        loop {
            match from.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    self.len += n;
                    self.pending.extend_from_slice(&buf[..n]);
                    // Only the new bytes (and the end of the old ones, where a `</page>` may
                    // have been cut in two) can hold a new page end.
                    let from = self
                        .pending
                        .len()
                        .saturating_sub(n + Self::PAGE_END.len() - 1);
                    if let Some(at) = rfind(&self.pending[from..], Self::PAGE_END) {
                        let end = from + at + Self::PAGE_END.len();
                        self.parse(end);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                // A read error ends the output; the child's status tells what happened.
                Err(_) => break,
            }
        }
        self.parse(self.pending.len());
    }

    /// Parses `pending[..end]`, which ends right after a `</page>` (or is all that is left):
    /// the pages found are those a parse of the whole output would find there.
    fn parse(&mut self, end: usize) {
        match std::str::from_utf8(&self.pending[..end]) {
            Ok(xhtml) => self.pages.extend(parse_bbox(xhtml)),
            Err(_) => self.utf8 = false,
        }
        self.pending.drain(..end);
    }
}

/// Parses pdftotext `-bbox-layout` output as [`Poppler`] does while its child writes it, handed
/// over in pieces of at most `piece` bytes (a pipe's reads): the pages, or `None` when the output
/// is not UTF-8 (which [`Poppler`] refuses). For fuzzing and tests of the parser without a PDF.
pub fn parse_output(output: &[u8], piece: usize) -> Option<Vec<Page>> {
    struct Pieces<'a>(&'a [u8], usize);
    impl Read for Pieces<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.max(1).min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let mut r = PageReader::default();
    r.read_all(&mut Pieces(output, piece));
    r.utf8.then_some(r.pages)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Turns pdftotext's exit code and messages into a specific error (its exit codes: 1 = could
/// not open the PDF, 3 = permissions).
fn classify_failure(code: Option<i32>, stderr: &str) -> PdfError {
    let lower = stderr.to_ascii_lowercase();
    if lower.contains("incorrect password") {
        return PdfError::Encrypted;
    }
    if code == Some(3) || lower.contains("permission") {
        return PdfError::CopyProtected;
    }
    let detail = stderr
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("pdftotext 无法打开该文件")
        .chars()
        .take(300)
        .collect::<String>();
    match code {
        Some(1) => PdfError::Malformed { detail },
        Some(c) => PdfError::Backend {
            detail: format!("退出码 {c}：{detail}"),
        },
        None => PdfError::Backend {
            detail: format!("pdftotext 被信号中止：{detail}"),
        },
    }
}

/// Reads pdftotext's `-bbox-layout` XHTML: each `<page>` with its `<word>`s and their boxes.
/// Tolerant by construction: anything that does not look like a page or a word is skipped.
pub(crate) fn parse_bbox(xhtml: &str) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut rest = xhtml;
    while let Some(start) = rest.find("<page ") {
        rest = &rest[start..];
        let end = rest.find("</page>").unwrap_or(rest.len());
        let body = &rest[..end];
        let head_end = body.find('>').unwrap_or(body.len());
        let [width, height] = attrs(&body[..head_end], ["width", "height"]);
        let mut page = Page {
            width: width.unwrap_or(0.0),
            height: height.unwrap_or(0.0),
            ..Page::default()
        };
        let mut words = &body[head_end..];
        // The previous word of the current `<line>`: pdftotext writes a line's words in reading
        // order, which shows which way a turned page's lines run.
        let mut prev: Option<usize> = None;
        while let Some(w) = words.find("<word ") {
            if words[..w].contains("<line") {
                prev = None;
            }
            words = &words[w..];
            let Some(gt) = words.find('>') else { break };
            let tag = &words[..gt];
            let text_end = words[gt..].find("</word>").map_or(words.len(), |p| gt + p);
            let text = unescape(&words[gt + 1..text_end]);
            if let [Some(x0), Some(y0), Some(x1), Some(y1)] =
                attrs(tag, ["xMin", "yMin", "xMax", "yMax"])
                && !text.trim().is_empty()
                && x1 >= x0
                && y1 >= y0
            {
                if let Some(a) = prev.and_then(|i| page.words.get(i)) {
                    if y0 >= a.y1 - 1.0 {
                        page.lines_down += 1;
                    } else if y1 <= a.y0 + 1.0 {
                        page.lines_up += 1;
                    }
                }
                prev = Some(page.words.len());
                page.words.push(Word {
                    x0,
                    y0,
                    x1,
                    y1,
                    text,
                });
            }
            words = &words[text_end..];
        }
        pages.push(page);
        rest = &rest[end..];
        if rest.is_empty() {
            break;
        }
        rest = &rest["</page>".len().min(rest.len())..];
    }
    pages
}

/// The numeric attributes `names` of a tag, in one pass over it: a tag is `<word a="1" b="2">`,
/// so its pieces between quotes alternate between ` name=` and a value. The first occurrence of
/// a name counts; a value that is no finite number is `None`.
fn attrs<const N: usize>(tag: &str, names: [&str; N]) -> [Option<f64>; N] {
    let mut found = [None; N];
    let mut seen = [false; N];
    let mut pieces = tag.split('"');
    while let (Some(key), Some(value)) = (pieces.next(), pieces.next()) {
        let Some(name) = key
            .strip_suffix('=')
            .and_then(|k| k.rsplit(|c: char| c.is_ascii_whitespace()).next())
        else {
            break;
        };
        if let Some(i) = names.iter().position(|&n| n == name)
            && !seen[i]
        {
            seen[i] = true;
            found[i] = value.parse::<f64>().ok().filter(|v| v.is_finite());
        }
    }
    found
}

/// The five XML entities pdftotext writes, and numeric references.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n => n
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        });
        if let (Some(c), Some(e)) = (decoded, end) {
            out.push(c);
            rest = &rest[e + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// A pdftotext that warns for a megabyte before it writes its output (as poppler does on
    /// some damaged but readable PDFs) is read to the end, not killed by a closed pipe.
    #[cfg(unix)]
    #[test]
    fn many_warnings_on_stderr_do_not_stop_pdftotext() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = std::env::temp_dir().join(format!("gongkai-pdf-warn-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let script = dir.join("pdftotext");
        std::fs::write(
            &script,
            "#!/bin/sh\ncat > /dev/null\n\
             i=0; while [ $i -lt 16 ]; do head -c 65536 /dev/zero | tr '\\0' w >&2; i=$((i+1)); done\n\
             printf '<doc><page width=\"1\" height=\"1\"><word xMin=\"0\" yMin=\"0\" xMax=\"1\" yMax=\"1\">ok</word></page></doc>'\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let options = PdfOptions {
            pdftotext: script,
            ..PdfOptions::default()
        };
        let pages = run(b"%PDF-1.4", &options).expect("read despite the warnings");
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].words[0].text, "ok");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn bbox_output_is_read_tolerantly() {
        let x = r#"<doc><page width="595.0" height="842.0"><flow><block><line>
            <word xMin="1.5" yMin="2" xMax="10" yMax="12">规章&amp;1</word>
            <word xMin="bad" yMin="2" xMax="10" yMax="12">x</word>
            </line></block></flow></page><page width="595" height="842"></page>
            <page width="1" height="1"><word xMin="1" yMin="1" xMax="2" yMax="2">trunc"#;
        let pages = parse_bbox(x);
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].words.len(), 1);
        assert_eq!(pages[0].words[0].text, "规章&1");
        assert!(pages[1].words.is_empty());
        assert_eq!(pages[2].words[0].text, "trunc");
    }

    /// Hands out at most `n` bytes per read, as a pipe may.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn read_in_pieces(x: &[u8], n: usize) -> PageReader {
        let mut r = PageReader::default();
        r.read_all(&mut Trickle(x, n));
        r
    }

    /// Pages parsed while the output arrives, in pieces that cut `</page>` and CJK characters
    /// anywhere, are exactly the pages of the whole output parsed at once.
    #[test]
    fn pages_read_piece_by_piece_are_those_of_the_whole_output() {
        let mut x = String::from("<doc>");
        for p in 0..5 {
            x.push_str("<page width=\"595\" height=\"842\"><flow>");
            for w in 0..(p * 3) {
                let _ = writeln!(
                    x,
                    "<word xMin=\"{w}.5\" yMin=\"{p}\" xMax=\"{}\" yMax=\"{}\">第{w}页&amp;{p}</word>",
                    w + 3,
                    p + 9
                );
            }
            x.push_str("</flow></page>\n");
        }
        // An unterminated last page is kept, as in a whole parse.
        x.push_str(
            "<page width=\"1\" height=\"1\"><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\">尾",
        );
        let whole = parse_bbox(&x);
        assert_eq!(whole.len(), 6);
        assert_eq!(whole.iter().map(|p| p.words.len()).sum::<usize>(), 31);
        for n in [1, 2, 3, 5, 7, 8, 13, 100, x.len()] {
            let r = read_in_pieces(x.as_bytes(), n);
            assert!(r.utf8 && r.len == x.len(), "pieces of {n}");
            assert_eq!(r.pages, whole, "pieces of {n}");
        }
    }

    proptest::proptest! {
        /// Whatever pdftotext writes (pieces of its markup, text, entities, stray bytes), read
        /// in pieces of any size, gives the pages of a parse of the whole, and never panics.
        #[test]
        fn any_output_read_in_pieces_parses_as_a_whole(
            tokens in proptest::collection::vec(proptest::sample::select(vec![
                &b"<page width=\"595\" height=\"842\">"[..], b"</page>", b"</pag", b"e>",
                b"<word xMin=\"1\" yMin=\"2\" xMax=\"3\" yMax=\"4\">", b"<word xMin=\"",
                b"</word>", "字".as_bytes(), b"&amp;", b"&#x4e00;", b"&", b";", b"x", b"\n",
                b"<", b">", b"\"", b"=", b" ", b"\xe5", b"\xff",
            ]), 0..120),
            piece in 1usize..40,
        ) {
            let x = tokens.concat();
            let r = read_in_pieces(&x, piece);
            proptest::prop_assert_eq!(r.len, x.len());
            match std::str::from_utf8(&x) {
                Ok(whole) => {
                    proptest::prop_assert!(r.utf8);
                    proptest::prop_assert_eq!(r.pages, parse_bbox(whole));
                }
                Err(_) => proptest::prop_assert!(!r.utf8),
            }
        }
    }

    #[test]
    fn output_that_is_not_utf8_is_noticed_wherever_it_is() {
        let mut x = b"<page width=\"1\" height=\"1\"></page>".to_vec();
        x.extend_from_slice(b"<page width=\"1\" height=\"1\"><word>\xff</word></page>");
        for n in [1, 4, 1000] {
            assert!(!read_in_pieces(&x, n).utf8, "pieces of {n}");
        }
    }

    #[test]
    fn attributes_are_read_by_name_in_any_order() {
        let tag = r#"<word yMax="4" xMin="1.5" junk yMin="x" xMax="3" xMin="9""#;
        assert_eq!(
            attrs(tag, ["xMin", "yMin", "xMax", "yMax"]),
            [Some(1.5), None, Some(3.0), Some(4.0)]
        );
        assert_eq!(
            attrs(r#"<page width="inf" height="842.0""#, ["width", "height"]),
            [None, Some(842.0)]
        );
    }

    #[test]
    fn failures_are_classified() {
        assert!(matches!(
            classify_failure(Some(1), "Command Line Error: Incorrect password\n"),
            PdfError::Encrypted
        ));
        assert!(matches!(
            classify_failure(Some(1), "Syntax Error: Couldn't find trailer dictionary\n"),
            PdfError::Malformed { .. }
        ));
        assert!(matches!(
            classify_failure(Some(3), ""),
            PdfError::CopyProtected
        ));
    }
}
