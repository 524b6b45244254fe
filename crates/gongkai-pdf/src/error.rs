use thiserror::Error;

/// Why a PDF could not be read. Every variant means exit code 2 in the CLI.
#[derive(Debug, Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum PdfError {
    /// poppler's `pdftotext` is not installed (or not where it was configured to be).
    #[error("读取 PDF 需要 poppler 的 pdftotext 程序，但未找到它（{program}）")]
    #[diagnostic(
        code(gongkai::pdf::pdftotext_missing),
        help(
            "请安装 poppler：Debian/Ubuntu 上运行 `apt-get install poppler-utils poppler-data`\
             （poppler-data 提供中文字体的 CMap）；macOS 上运行 `brew install poppler`"
        )
    )]
    PdftotextMissing {
        /// The program that was looked for.
        program: String,
    },
    /// The file has no bytes.
    #[error("文件为空")]
    #[diagnostic(code(gongkai::pdf::empty))]
    Empty,
    /// The bytes do not start like a PDF.
    #[error("文件不是 PDF：开头没有 %PDF- 标记")]
    #[diagnostic(code(gongkai::pdf::not_a_pdf))]
    NotAPdf,
    /// The file is larger than the configured limit.
    #[error("文件过大：{size} 字节，超过上限 {limit} 字节")]
    #[diagnostic(code(gongkai::pdf::too_large))]
    TooLarge {
        /// The file's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The PDF is encrypted with a password needed to open it.
    #[error("PDF 文件已加密，需要密码才能打开，无法读取")]
    #[diagnostic(
        code(gongkai::pdf::encrypted),
        help("请取消密码保护后重新导出 PDF，或提供报告的 Word/文本版本")
    )]
    Encrypted,
    /// The PDF forbids copying its text.
    #[error("PDF 文件设置了禁止复制文本的权限，无法读取其文字")]
    #[diagnostic(
        code(gongkai::pdf::copy_protected),
        help("请取消权限限制后重新导出 PDF，或提供报告的 Word/文本版本")
    )]
    CopyProtected,
    /// The PDF is broken: poppler could not read it.
    #[error("PDF 文件已损坏，无法读取：{detail}")]
    #[diagnostic(code(gongkai::pdf::malformed))]
    Malformed {
        /// What poppler said.
        detail: String,
    },
    /// The PDF has pages but no text on them: a scan.
    #[error(
        "PDF 没有文本层（共 {pages} 页，均无可提取的文字），可能是扫描件，需要先进行文字识别（OCR）"
    )]
    #[diagnostic(
        code(gongkai::pdf::needs_ocr),
        help("请用 OCR 软件把扫描件转换为带文本层的 PDF 或文本后再检查")
    )]
    NeedsOcr {
        /// Number of pages.
        pages: usize,
    },
    /// pdftotext ran longer than the time limit and was stopped.
    #[error("读取 PDF 超时：超过 {seconds} 秒仍未完成，已中止")]
    #[diagnostic(code(gongkai::pdf::timeout))]
    Timeout {
        /// The limit in seconds.
        seconds: u64,
    },
    /// The caller's interrupt ([`crate::PdfOptions::interrupt`]) stopped the read: its time
    /// limit passed while the PDF's text was extracted or laid out.
    #[error("读取 PDF 已中止：超过时间上限")]
    #[diagnostic(code(gongkai::pdf::interrupted))]
    Interrupted,
    /// pdftotext produced more output than the limit.
    #[error("PDF 的文字内容过多：提取结果超过上限 {limit} 字节")]
    #[diagnostic(code(gongkai::pdf::output_too_large))]
    OutputTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// pdftotext could not be run, or its output could not be understood.
    #[error("调用 pdftotext 失败：{detail}")]
    #[diagnostic(code(gongkai::pdf::backend))]
    Backend {
        /// What went wrong.
        detail: String,
    },
}
