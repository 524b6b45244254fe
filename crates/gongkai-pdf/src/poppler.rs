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
        let xhtml = run(pdf, options)?;
        Ok(parse_bbox(&xhtml))
    }
}

/// How much of pdftotext's error output is kept for messages.
const MAX_STDERR: u64 = 64 * 1024;

fn run(pdf: &[u8], options: &PdfOptions) -> Result<String, PdfError> {
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
            let mut out = Vec::new();
            let read = stdout.take(limit as u64 + 1).read_to_end(&mut out);
            let _ = done_tx.send(out.len());
            (out, read.is_ok())
        });
        let err_reader = scope.spawn(move || {
            let mut err = Vec::new();
            let _ = stderr.take(MAX_STDERR).read_to_end(&mut err);
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
                    // The output has ended: the child is exiting.
                    std::thread::sleep(Duration::from_micros(200));
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
        let (out, _) = out_reader.join().unwrap_or_default();
        let err = err_reader.join().unwrap_or_default();
        let status = status?;
        if out.len() > limit {
            return Err(PdfError::OutputTooLarge { limit });
        }
        let err = String::from_utf8_lossy(&err);
        if !status.success() {
            return Err(classify_failure(status.code(), &err));
        }
        String::from_utf8(out).map_err(|_| PdfError::Backend {
            detail: "pdftotext 的输出不是 UTF-8".to_owned(),
        })
    })
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
        let head = &body[..head_end];
        let mut page = Page {
            width: attr(head, "width").unwrap_or(0.0),
            height: attr(head, "height").unwrap_or(0.0),
            words: Vec::new(),
        };
        let mut words = &body[head_end..];
        while let Some(w) = words.find("<word ") {
            words = &words[w..];
            let Some(gt) = words.find('>') else { break };
            let tag = &words[..gt];
            let text_end = words[gt..].find("</word>").map_or(words.len(), |p| gt + p);
            let text = unescape(&words[gt + 1..text_end]);
            if let (Some(x0), Some(y0), Some(x1), Some(y1)) = (
                attr(tag, "xMin"),
                attr(tag, "yMin"),
                attr(tag, "xMax"),
                attr(tag, "yMax"),
            ) && !text.trim().is_empty()
                && x1 >= x0
                && y1 >= y0
            {
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

fn attr(tag: &str, name: &str) -> Option<f64> {
    // The first ` name="`, found byte by byte: four lookups per word, in tags of some 90 bytes,
    // where a substring searcher costs more to set up than to run.
    let (t, n) = (tag.as_bytes(), name.as_bytes());
    let at = (0..t.len()).find(|&i| {
        t.get(i) == Some(&b' ')
            && t.get(i + 1..i + 1 + n.len()) == Some(n)
            && t.get(i + 1 + n.len()..i + 3 + n.len()) == Some(b"=\"")
    })?;
    let start = at + n.len() + 3;
    let end = tag[start..].find('"')? + start;
    let v: f64 = tag[start..end].parse().ok()?;
    v.is_finite().then_some(v)
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
    use super::*;

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
