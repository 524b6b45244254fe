//! The façade's messages in Chinese and English: the errors it raises around the readers
//! ([`FileKind`]), the stages of a file's processing and the kinds of paths that are no file.
//! Every lookup is an exhaustive `match`; a test fills every entry in both languages.

use gongkai_diagnostic::FileKind;
use gongkai_diagnostic::catalogue::{Entry, Message};

use crate::{NotAFileKind, Stage};

/// The message of an error of `kind`.
pub(crate) fn entry(kind: FileKind) -> Entry {
    use FileKind as K;
    match kind {
        K::Io => Entry::plain("无法读取文件：{error}", "cannot read the file: {error}"),
        K::NotAFile => Entry::plain("不是普通文件，而是{what}", "not a regular file but {what}"),
        // The loader's own report of the rule files, which has its own words.
        K::Rules => Entry::plain("{error}", "{error}"),
        K::TimedOut => Entry::plain(
            "处理超时：{stage}超过每个文件 {seconds} 秒的时间上限",
            "timed out: {stage} went past the limit of {seconds} s per file",
        ),
        K::Internal => Entry::plain(
            "gongkai 内部错误，请报告（{issues}）：处理 {file} 时出错：{detail}；其他文件照常检查",
            "gongkai internal error, please report it ({issues}): processing {file} failed: \
             {detail}; the other files were checked as usual",
        ),
    }
}

/// What the operating system said, in the run's language: the standard library's text is
/// English only ("No such file or directory (os error 2)"), in the middle of a Chinese message.
/// A kind without an entry of its own keeps the system's text after the generic words, so that
/// nothing it said is lost.
pub(crate) fn os_error(e: &std::io::Error, lang: gongkai_diagnostic::Lang) -> String {
    use std::io::ErrorKind as K;
    let words = match e.kind() {
        K::NotFound => Message::new("文件或目录不存在", "no such file or directory"),
        K::PermissionDenied => Message::new("没有读取权限", "permission denied"),
        K::IsADirectory => Message::new("这是一个目录", "it is a directory"),
        K::InvalidFilename => Message::new("文件名无效", "invalid file name"),
        K::Interrupted => Message::new("读取被中断", "reading was interrupted"),
        K::UnexpectedEof => Message::new("文件意外结束", "unexpected end of file"),
        K::OutOfMemory => Message::new("内存不足", "out of memory"),
        K::TimedOut => Message::new("操作超时", "the operation timed out"),
        K::StorageFull => Message::new("磁盘已满", "no space left on the device"),
        K::ReadOnlyFilesystem => Message::new("文件系统为只读", "read-only file system"),
        K::ResourceBusy => Message::new("文件正被占用", "the file is busy"),
        K::InvalidData => Message::new("数据无效", "invalid data"),
        _ => {
            return match lang {
                gongkai_diagnostic::Lang::Zh => format!("系统错误（{e}）"),
                gongkai_diagnostic::Lang::En => format!("system error ({e})"),
            };
        }
    };
    words.get(lang).to_owned()
}

/// A rule that could not be evaluated, as the warning that stands for it.
pub(crate) const RULE_FAILED: Message = Message::new(
    "规则无法执行：{message}",
    "the rule could not be evaluated: {message}",
);

/// The name of a stage, as a time-out names it.
pub(crate) fn stage(stage: Stage) -> Message {
    match stage {
        Stage::Reading => Message::new("读取", "reading"),
        Stage::Layout => Message::new("PDF 版面重建", "the PDF layout"),
        Stage::Rules => Message::new("规则检查", "the rules"),
        Stage::Rendering => Message::new("输出结果", "rendering"),
    }
}

/// What a path that is no regular file is.
pub(crate) fn not_a_file(kind: NotAFileKind) -> Message {
    match kind {
        NotAFileKind::Directory => Message::new("目录", "a directory"),
        NotAFileKind::Fifo => Message::new("命名管道（FIFO）", "a named pipe (FIFO)"),
        NotAFileKind::Socket => Message::new("套接字", "a socket"),
        NotAFileKind::Device => Message::new("设备文件", "a device"),
        NotAFileKind::Other => Message::new("特殊文件", "a special file"),
    }
}

#[cfg(test)]
mod tests {
    use gongkai_diagnostic::FileKind;
    use gongkai_diagnostic::catalogue::{Entry, audit};

    use super::{RULE_FAILED, entry, not_a_file, stage};
    use crate::{NotAFileKind, Stage};

    #[test]
    fn every_message_has_both_languages() {
        let plain = |m| Entry {
            message: m,
            help: None,
        };
        let mut entries: Vec<(String, Entry)> = FileKind::ALL
            .iter()
            .map(|&k| (format!("{k:?}"), entry(k)))
            .collect();
        entries.push(("RULE_FAILED".into(), plain(RULE_FAILED)));
        for s in [
            Stage::Reading,
            Stage::Layout,
            Stage::Rules,
            Stage::Rendering,
        ] {
            entries.push((format!("{s:?}"), plain(stage(s))));
        }
        for k in [
            NotAFileKind::Directory,
            NotAFileKind::Fifo,
            NotAFileKind::Socket,
            NotAFileKind::Device,
            NotAFileKind::Other,
        ] {
            entries.push((format!("{k:?}"), plain(not_a_file(k))));
        }
        let problems = audit(entries);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
