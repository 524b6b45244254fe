use thiserror::Error;

/// Why a file could not be read as a report. Every variant means exit code 2 in the CLI.
#[derive(Debug, Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum ReadError {
    /// The file has no bytes.
    #[error("文件为空")]
    #[diagnostic(code(gongkai::read::empty))]
    Empty,
    /// The file has only whitespace.
    #[error("文件只有空白字符，没有内容")]
    #[diagnostic(code(gongkai::read::whitespace_only))]
    WhitespaceOnly,
    /// The file is binary data, not text or a known document format.
    #[error("文件不是文本，也不是可识别的文档格式（PDF、DOCX、HTML）")]
    #[diagnostic(code(gongkai::read::binary))]
    Binary,
    /// The bytes are text in no encoding that could be recognised: too many characters could not
    /// be decoded.
    #[error("无法识别文件的字符编码：按 {encoding} 解码时有 {replacements} 个字符无法解码")]
    #[diagnostic(
        code(gongkai::read::undecodable),
        help("请将文件另存为 UTF-8 编码后再试")
    )]
    Undecodable {
        /// The encoding tried last.
        encoding: String,
        /// How many characters could not be decoded.
        replacements: usize,
    },
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
}
