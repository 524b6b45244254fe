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
    /// A ZIP file that is no Word document.
    #[error("ZIP 文件中没有 word/document.xml：不是 Word（.docx）文档")]
    #[diagnostic(code(gongkai::read::docx_no_document))]
    DocxNoDocument,
    /// A DOCX whose ZIP container or XML is broken.
    #[error("DOCX 文件已损坏，无法读取：{reason}")]
    #[diagnostic(
        code(gongkai::read::docx_malformed),
        help("请用 Word 或 WPS 打开并重新保存为 .docx 后再试")
    )]
    DocxMalformed {
        /// What is broken.
        reason: String,
    },
    /// A DOCX whose document text inflates past the limit (a ZIP bomb, or an absurd file).
    #[error("DOCX 文件解压后过大：word/document.xml 超过上限 {limit} 字节")]
    #[diagnostic(code(gongkai::read::docx_too_large))]
    DocxTooLarge {
        /// The limit on the decompressed size.
        limit: usize,
    },
    /// A DOCX with more ZIP entries than any real document has.
    #[error("DOCX 文件包含 {entries} 个条目，超过上限 {limit} 个")]
    #[diagnostic(code(gongkai::read::docx_too_many_entries))]
    DocxTooManyEntries {
        /// The number of entries.
        entries: usize,
        /// The limit.
        limit: usize,
    },
    /// A ZIP archive naming a part the reader uses more than once: ZIP readers disagree on
    /// which copy counts (the first, the last), so the document's content is ambiguous.
    #[error("DOCX 文件中 {part} 出现了 {count} 次：无法确定哪一份是文档内容")]
    #[diagnostic(
        code(gongkai::read::docx_duplicate_entry),
        help("请用 Word 或 WPS 打开并重新保存为 .docx 后再试")
    )]
    DocxDuplicateEntry {
        /// The part's name, e.g. `word/document.xml`.
        part: String,
        /// How many entries have that name.
        count: usize,
    },
    /// A file that is a valid PDF and a valid ZIP archive at once: PDF readers and ZIP readers
    /// each see a different document in it.
    #[error(
        "文件既是 PDF 又是 ZIP 压缩包（如 DOCX）：两种读法得到的内容不同，无法确定哪一个是报告"
    )]
    #[diagnostic(
        code(gongkai::read::pdf_and_zip),
        help("请分别提供 PDF 或 DOCX 格式的报告文件")
    )]
    PdfAndZip,
    /// An OLE compound file: a legacy .doc/.xls, or an encrypted (password-protected) Office file.
    #[error("文件是旧版 Office 格式（.doc）或加密的 Office 文档，无法读取")]
    #[diagnostic(
        code(gongkai::read::legacy_or_encrypted_office),
        help("请去除密码保护并另存为 .docx 后再试")
    )]
    LegacyOrEncryptedOffice,
    /// A PDF handed to the text reader: PDFs are read by the `gongkai` program (it runs poppler).
    #[error("PDF 文件需要由 gongkai 命令行程序读取（它调用 pdftotext）")]
    #[diagnostic(code(gongkai::read::pdf_needs_cli))]
    PdfNotSupportedHere,
    /// The caller stopped the read (its time limit passed).
    #[error("读取被中止：超过处理时间上限")]
    #[diagnostic(code(gongkai::read::interrupted))]
    Interrupted,
    // ---- structured input (JSON, YAML) ----
    /// A structured report that is no valid JSON/YAML or breaks the input schema; every problem
    /// is located in the file.
    #[error("{0}")]
    #[diagnostic(
        code(gongkai::read::invalid_structure),
        help("格式见 docs/structured-input.md 与 schemas/report-input.schema.json")
    )]
    Structured(Box<crate::StructuredError>),
}
