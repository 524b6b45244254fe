use thiserror::Error;

/// Why a file could not be read as a report. Every variant means exit code 2 in the CLI.
#[derive(Debug, Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum ReadError {
    /// The file has no bytes, or only whitespace.
    #[error("文件为空")]
    #[diagnostic(code(gongkai::read::empty))]
    Empty,
    /// The file is binary data, not text or a known document format.
    #[error("文件不是文本，也不是可识别的文档格式（PDF、DOCX、HTML）")]
    #[diagnostic(code(gongkai::read::binary))]
    Binary,
    /// The text is not a 政府信息公开工作年度报告.
    #[error("文件不是政府信息公开工作年度报告：未找到报告标题、章节标题或统计表")]
    #[diagnostic(code(gongkai::read::not_a_report))]
    NotAReport,
    /// The file is larger than the configured limit.
    #[error("文件过大：{size} 字节，超过上限 {limit} 字节")]
    #[diagnostic(code(gongkai::read::too_large))]
    TooLarge {
        /// The file's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    // ---- formats (HTML, DOCX) ----
    /// The markup is nested deeper than the limit (a hostile or broken page).
    #[error("文件的标记嵌套过深：超过 {limit} 层（第 {line} 行）")]
    #[diagnostic(
        code(gongkai::read::too_deep),
        help("正常的网页或 Word 文档不会嵌套这么深；请检查文件是否损坏")
    )]
    TooDeep {
        /// The nesting limit.
        limit: usize,
        /// The 1-based line (of the HTML or XML) where the limit was passed.
        line: usize,
    },
}
