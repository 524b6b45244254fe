//! The reader's messages in Chinese and English, keyed by [`ReadKind`]: one exhaustive `match`,
//! so that a kind without its entry does not compile, and a test that fills every entry in both
//! languages (a missing or Chinese-only translation fails it).

use gongkai_diagnostic::ReadKind;
use gongkai_diagnostic::catalogue::{self, Entry, Message};

const RESAVE_DOCX: Message = Message::new(
    "请用 Word 或 WPS 打开并重新保存为 .docx 后再试",
    "open it in Word or WPS and save it as .docx again",
);

/// The message (and help) of an error of `kind`.
pub(crate) fn entry(kind: ReadKind) -> Entry {
    use ReadKind as K;
    match kind {
        K::Empty => catalogue::EMPTY_FILE,
        K::WhitespaceOnly => Entry::plain(
            "文件只有空白字符，没有内容",
            "the file holds only whitespace",
        ),
        K::Binary => Entry::plain(
            "文件不是文本，也不是可识别的文档格式（PDF、DOCX、HTML）",
            "the file is neither text nor a known document format (PDF, DOCX, HTML)",
        ),
        K::Undecodable => Entry::helped(
            Message::new(
                "无法识别文件的字符编码：按 {encoding} 解码时有 {replacements} 个字符无法解码",
                "the file's character encoding was not recognised: decoding it as {encoding} \
                 left {replacements} characters undecodable",
            ),
            Message::new(
                "请将文件另存为 UTF-8 编码后再试",
                "save it as UTF-8 and try again",
            ),
        ),
        K::NotAReport => Entry::plain(
            "文件不是政府信息公开工作年度报告：未找到报告标题、章节标题或统计表",
            "the file is not a government information-disclosure annual report: no report \
             title, section headings or tables found",
        ),
        K::TooLarge => catalogue::FILE_TOO_LARGE,
        K::TooComplex => Entry::helped(
            Message::new(
                "文件过于复杂：{what}超过上限 {limit} 个，年度报告不会有这么多",
                "the file is too complex: more than {limit} {what}, far more than any annual \
                 report has",
            ),
            Message::new(
                "请检查文件是否损坏或并非年度报告；确需读取时可调高 [limits] max-items",
                "check that the file is not damaged and is a report (raise `[limits] max-items` \
                 to read it anyway)",
            ),
        ),
        K::TooDeep => Entry::helped(
            Message::new(
                "文件的标记嵌套过深：超过 {limit} 层（第 {line} 行）",
                "the file's markup is nested more than {limit} levels deep (line {line})",
            ),
            Message::new(
                "正常的网页或 Word 文档不会嵌套这么深；请检查文件是否损坏",
                "it is probably broken",
            ),
        ),
        K::DocxNoDocument => Entry::plain(
            "ZIP 文件中没有 word/document.xml：不是 Word（.docx）文档",
            "the ZIP file has no word/document.xml: it is not a Word (.docx) document",
        ),
        K::DocxMalformed => Entry::helped(
            Message::new(
                "DOCX 文件已损坏，无法读取：{reason}",
                "the DOCX file is broken ({reason})",
            ),
            RESAVE_DOCX,
        ),
        K::DocxTooLarge => Entry::plain(
            "DOCX 文件解压后过大：word/document.xml 超过上限 {limit} 字节",
            "the DOCX file is too large once decompressed: word/document.xml exceeds {limit} \
             bytes",
        ),
        K::DocxTooManyEntries => Entry::plain(
            "DOCX 文件包含 {entries} 个条目，超过上限 {limit} 个",
            "the DOCX file has {entries} entries, over the limit of {limit}",
        ),
        K::DocxDuplicateEntry => Entry::helped(
            Message::new(
                "DOCX 文件中 {part} 出现了 {count} 次：无法确定哪一份是文档内容",
                "the DOCX file holds {part} {count} times: which copy is the document is \
                 ambiguous",
            ),
            RESAVE_DOCX,
        ),
        K::PdfAndZip => Entry::helped(
            Message::new(
                "文件既是 PDF 又是 ZIP 压缩包（如 DOCX）：两种读法得到的内容不同，无法确定哪一个是报告",
                "the file is both a PDF and a ZIP archive (such as a DOCX): each reading gives \
                 different content, so which is the report is ambiguous",
            ),
            Message::new(
                "请分别提供 PDF 或 DOCX 格式的报告文件",
                "provide the report as a PDF or as a DOCX",
            ),
        ),
        K::LegacyOrEncryptedOffice => Entry::helped(
            Message::new(
                "文件是旧版 Office 格式（.doc）或加密的 Office 文档，无法读取",
                "the file is a legacy Office (.doc) or a password-protected Office document",
            ),
            Message::new(
                "请去除密码保护并另存为 .docx 后再试",
                "remove the password and save it as .docx",
            ),
        ),
        K::PdfNeedsCli => Entry::plain(
            "PDF 文件需要由 gongkai 命令行程序读取（它调用 pdftotext）",
            "PDF files are read by the gongkai program (it runs pdftotext)",
        ),
        K::Interrupted => Entry::plain(
            "读取被中止：超过处理时间上限",
            "reading was stopped: over the time limit",
        ),
        K::InvalidStructure => Entry::helped(
            Message::new(
                "结构化报告不符合报告格式（schemas/report-input.schema.json），共 {count} 处问题{first}",
                "the structured report does not follow the report input schema: {count} \
                 problem(s){first}",
            ),
            Message::new(
                "格式见 docs/structured-input.md 与 schemas/report-input.schema.json",
                "the format is described in docs/structured-input.md and \
                 schemas/report-input.schema.json",
            ),
        ),
        K::StructuredDisabled => Entry::helped(
            Message::new(
                "这是结构化报告（JSON 或 YAML），但本程序构建时未启用结构化输入（structured 功能）",
                "the file is a structured report (JSON or YAML), but this build has no \
                 structured input (the `structured` feature is off)",
            ),
            Message::new(
                "请使用 gongkai 命令行程序，或在构建时启用 gongkai 的 structured 功能",
                "use the gongkai program, or build gongkai with its `structured` feature",
            ),
        ),
    }
}

/// The first problem of a structured report, appended to [`ReadKind::InvalidStructure`]'s
/// message.
pub(crate) const FIRST_PROBLEM: Message = Message::new(
    "；第 {line} 行第 {column} 列：{message}",
    "; line {line}, column {column}: {message}",
);

#[cfg(test)]
mod tests {
    use gongkai_diagnostic::catalogue::audit_catalogue;
    use gongkai_diagnostic::{Lang, ReadKind};

    use super::{FIRST_PROBLEM, entry};
    use crate::{Budgeted, ReadError};

    /// One error of each kind, with values in its fields.
    fn sample(kind: ReadKind) -> ReadError {
        use ReadKind as K;
        match kind {
            K::Empty => ReadError::Empty,
            K::WhitespaceOnly => ReadError::WhitespaceOnly,
            K::Binary => ReadError::Binary,
            K::Undecodable => ReadError::Undecodable {
                encoding: "GBK".into(),
                replacements: 9,
            },
            K::NotAReport => ReadError::NotAReport,
            K::TooLarge => ReadError::TooLarge { size: 9, limit: 8 },
            K::TooComplex => ReadError::TooComplex {
                what: Budgeted::Words,
                limit: 8,
            },
            K::TooDeep => ReadError::TooDeep { limit: 8, line: 3 },
            K::DocxNoDocument => ReadError::DocxNoDocument,
            K::DocxMalformed => ReadError::DocxMalformed {
                reason: "bad zip".into(),
            },
            K::DocxTooLarge => ReadError::DocxTooLarge { limit: 8 },
            K::DocxTooManyEntries => ReadError::DocxTooManyEntries {
                entries: 9,
                limit: 8,
            },
            K::DocxDuplicateEntry => ReadError::DocxDuplicateEntry {
                part: "word/document.xml".into(),
                count: 2,
            },
            K::PdfAndZip => ReadError::PdfAndZip,
            K::LegacyOrEncryptedOffice => ReadError::LegacyOrEncryptedOffice,
            K::PdfNeedsCli => ReadError::PdfNotSupportedHere,
            K::Interrupted => ReadError::Interrupted,
            K::StructuredDisabled => ReadError::StructuredDisabled,
            K::InvalidStructure => ReadError::Structured(Box::new(crate::StructuredError {
                source: gongkai_core::Source::new("r.json", "{}"),
                problems: Vec::new(),
            })),
        }
    }

    #[test]
    fn every_kind_has_both_languages() {
        let extra = [(
            ReadKind::InvalidStructure,
            gongkai_diagnostic::catalogue::Entry {
                message: FIRST_PROBLEM,
                help: None,
            },
        )];
        let problems = audit_catalogue(ReadKind::ALL, entry, extra, |kind, lang| {
            let error = sample(kind);
            assert_eq!(error.kind(), kind);
            error.text(lang)
        });
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn chinese_text_is_the_message_then_the_help() {
        let e = sample(ReadKind::Undecodable);
        assert_eq!(
            e.text(Lang::Zh),
            "无法识别文件的字符编码：按 GBK 解码时有 9 个字符无法解码。请将文件另存为 UTF-8 编码后再试"
        );
        assert_eq!(e.to_string(), e.message(Lang::Zh));
        assert_eq!(
            e.text(Lang::En),
            "the file's character encoding was not recognised: decoding it as GBK left 9 \
             characters undecodable; save it as UTF-8 and try again"
        );
    }
}
