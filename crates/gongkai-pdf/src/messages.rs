//! The PDF reader's messages in Chinese and English, keyed by [`PdfKind`]: one exhaustive
//! `match`, and a test that fills every entry in both languages.

use gongkai_diagnostic::PdfKind;
use gongkai_diagnostic::catalogue::{self, Entry, Message};

/// The message (and help) of an error of `kind`.
pub(crate) fn entry(kind: PdfKind) -> Entry {
    use PdfKind as K;
    match kind {
        K::PdftotextMissing => Entry::helped(
            Message::new(
                "读取 PDF 需要 poppler 的 pdftotext 程序，但未找到它（{program}）",
                "reading a PDF needs poppler's pdftotext, which was not found ({program})",
            ),
            Message::new(
                "请安装 poppler：Debian/Ubuntu 上运行 `apt-get install poppler-utils poppler-data`\
                 （poppler-data 提供中文字体的 CMap）；macOS 上运行 `brew install poppler`",
                "install it with `apt-get install poppler-utils poppler-data` (Debian/Ubuntu) or \
                 `brew install poppler` (macOS)",
            ),
        ),
        K::Empty => catalogue::EMPTY_FILE,
        K::NotAPdf => Entry::plain(
            "文件不是 PDF：开头没有 %PDF- 标记",
            "the file is not a PDF: it does not start with %PDF-",
        ),
        K::TooLarge => catalogue::FILE_TOO_LARGE,
        K::Encrypted => Entry::helped(
            Message::new(
                "PDF 文件已加密，需要密码才能打开，无法读取",
                "the PDF is encrypted with a password",
            ),
            Message::new(
                "请取消密码保护后重新导出 PDF，或提供报告的 Word/文本版本",
                "remove the password and export the PDF again, or provide the report as Word or \
                 text",
            ),
        ),
        K::CopyProtected => Entry::helped(
            Message::new(
                "PDF 文件设置了禁止复制文本的权限，无法读取其文字",
                "the PDF forbids copying its text",
            ),
            Message::new(
                "请取消权限限制后重新导出 PDF，或提供报告的 Word/文本版本",
                "remove the restriction and export the PDF again, or provide the report as Word \
                 or text",
            ),
        ),
        K::Malformed => Entry::plain(
            "PDF 文件已损坏，无法读取：{detail}",
            "the PDF is broken: {detail}",
        ),
        K::NeedsOcr => Entry::helped(
            Message::new(
                "PDF 没有文本层（共 {pages} 页，均无可提取的文字），可能是扫描件，需要先进行文字识别（OCR）",
                "the PDF has no text layer ({pages} pages without extractable text); it is \
                 probably a scan and needs OCR first",
            ),
            Message::new(
                "请用 OCR 软件把扫描件转换为带文本层的 PDF 或文本后再检查",
                "convert it with OCR software into a PDF with a text layer, or into text, and \
                 check it again",
            ),
        ),
        K::Timeout => Entry::plain(
            "读取 PDF 超时：超过 {seconds} 秒仍未完成，已中止",
            "reading the PDF took longer than {seconds} s and was stopped",
        ),
        K::Interrupted => Entry::plain(
            "读取 PDF 已中止：超过时间上限",
            "reading the PDF was stopped: over the time limit",
        ),
        K::OutputTooLarge => Entry::plain(
            "PDF 的文字内容过多：提取结果超过上限 {limit} 字节",
            "the PDF holds too much text: what was extracted exceeds the limit of {limit} bytes",
        ),
        K::Backend => Entry::plain(
            "调用 pdftotext 失败：{detail}",
            "running pdftotext failed: {detail}",
        ),
    }
}

#[cfg(test)]
mod tests {
    use gongkai_diagnostic::catalogue::audit_catalogue;
    use gongkai_diagnostic::{Lang, PdfKind};

    use super::entry;
    use crate::PdfError;

    /// One error of each kind, with values in its fields.
    fn sample(kind: PdfKind) -> PdfError {
        use PdfKind as K;
        match kind {
            K::PdftotextMissing => PdfError::PdftotextMissing {
                program: "pdftotext".into(),
            },
            K::Empty => PdfError::Empty,
            K::NotAPdf => PdfError::NotAPdf,
            K::TooLarge => PdfError::TooLarge { size: 9, limit: 8 },
            K::Encrypted => PdfError::Encrypted,
            K::CopyProtected => PdfError::CopyProtected,
            K::Malformed => PdfError::Malformed {
                detail: "xref".into(),
            },
            K::NeedsOcr => PdfError::NeedsOcr { pages: 3 },
            K::Timeout => PdfError::Timeout { seconds: 30 },
            K::Interrupted => PdfError::Interrupted,
            K::OutputTooLarge => PdfError::OutputTooLarge { limit: 8 },
            K::Backend => PdfError::Backend {
                detail: "exit 3".into(),
            },
        }
    }

    #[test]
    fn every_kind_has_both_languages() {
        let problems = audit_catalogue(PdfKind::ALL, entry, [], |kind, lang| {
            let error = sample(kind);
            assert_eq!(error.kind(), kind);
            error.text(lang)
        });
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn the_code_names_the_pdf_reader() {
        let e = sample(PdfKind::Encrypted);
        assert_eq!(
            gongkai_diagnostic::ErrorKind::from(e.kind()).code(),
            "gongkai::pdf::encrypted"
        );
        assert_eq!(
            e.text(Lang::Zh),
            "PDF 文件已加密，需要密码才能打开，无法读取。请取消密码保护后重新导出 PDF，或提供报告的 Word/文本版本"
        );
    }
}
