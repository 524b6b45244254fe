//! Messages in both languages, keyed by a message id in each crate's own catalogue.
//!
//! A crate that says something to the user keeps one catalogue: a function from its message ids
//! (an error's [`ErrorKind`](crate::ErrorKind), a kind of problem) to an [`Entry`], written as an
//! exhaustive `match`, so that a new id without an entry does not compile. A translation left
//! empty, or one that drops or invents a placeholder, is found by [`audit`], which each crate's
//! tests run over every id: a missing translation is a test failure, never a silent fallback to
//! the other language.

use std::fmt::{Display, Write as _};

use crate::Lang;

/// One message in Chinese and English; `{name}` marks where a value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message {
    /// 中文.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

impl Message {
    /// The message in `zh` and `en`.
    pub const fn new(zh: &'static str, en: &'static str) -> Self {
        Self { zh, en }
    }

    /// The template in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    /// The message in `lang` with its placeholders filled from `args` (`("size", &size)` fills
    /// `{size}`).
    pub fn fill(self, lang: Lang, args: &[(&str, &dyn Display)]) -> String {
        fill(self.get(lang), args)
    }
}

/// An error's entry: what happened, and what to do about it where there is something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// What happened.
    pub message: Message,
    /// What to do.
    pub help: Option<Message>,
}

impl Entry {
    /// An entry without help.
    pub const fn plain(zh: &'static str, en: &'static str) -> Self {
        Self {
            message: Message::new(zh, en),
            help: None,
        }
    }

    /// An entry with help: `message` (zh, en), then `help` (zh, en).
    pub const fn helped(message: Message, help: Message) -> Self {
        Self {
            message,
            help: Some(help),
        }
    }

    /// The message and its help as one sentence in `lang` ("…。请…", "…; save it…"): how an
    /// error is shown where there is one line for it.
    pub fn text(&self, lang: Lang, args: &[(&str, &dyn Display)]) -> String {
        let mut text = self.message.fill(lang, args);
        if let Some(help) = self.help {
            text.push_str(match lang {
                Lang::Zh => "。",
                Lang::En => "; ",
            });
            text.push_str(&help.fill(lang, args));
        }
        text
    }
}

/// `template` with every `{name}` replaced by the value `args` gives it; a name without a value
/// is left as it is (which [`audit`]'s callers find: their tests fill every id).
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, *v))
        });
        if let Some((close, v)) = value {
            let _ = write!(out, "{v}");
            rest = &after[close + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders of a template, sorted.
fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// An empty file, in the words of every reader that refuses one.
pub const EMPTY_FILE: Entry = Entry::plain("文件为空", "the file is empty");

/// A file over the size limit (`{size}`, `{limit}`), in the words of every reader that refuses
/// one.
pub const FILE_TOO_LARGE: Entry = Entry::plain(
    "文件过大：{size} 字节，超过上限 {limit} 字节",
    "the file is too large: {size} bytes, over the limit of {limit} bytes",
);

/// Both audits of an error catalogue keyed by `kinds`: [`audit`] of each kind's entry (and of
/// `extra`, entries used beside them), and [`audit_texts`] of `text(kind, lang)`, the finished
/// text of an example error of each kind in each language.
pub fn audit_catalogue<K: Copy + std::fmt::Debug>(
    kinds: &[K],
    entry: impl Fn(K) -> Entry,
    extra: impl IntoIterator<Item = (K, Entry)>,
    text: impl Fn(K, Lang) -> String,
) -> Vec<String> {
    let mut problems = audit(kinds.iter().map(|&k| (k, entry(k))).chain(extra));
    problems.extend(audit_texts(
        kinds
            .iter()
            .flat_map(|&k| Lang::ALL.map(|lang| (k, lang, text(k, lang)))),
    ));
    problems
}

/// What is wrong with a catalogue's entries, one line per problem (empty when nothing is): a
/// language left empty, help in one language only, placeholders that differ between the
/// languages, and an English text with Chinese characters in it (a Chinese text in the English
/// slot). `entries` are the catalogue's ids, each with its entry.
pub fn audit<Id: std::fmt::Debug>(entries: impl IntoIterator<Item = (Id, Entry)>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |id: &Id, what: &str, m: Message| {
        for lang in Lang::ALL {
            if m.get(lang).trim().is_empty() {
                problems.push(format!("{id:?}: the {what} has no {lang:?} text"));
            }
        }
        if placeholders(m.zh) != placeholders(m.en) {
            problems.push(format!(
                "{id:?}: the {what}'s placeholders differ: zh {:?}, en {:?}",
                placeholders(m.zh),
                placeholders(m.en)
            ));
        }
        if m.en.chars().any(is_cjk) {
            problems.push(format!(
                "{id:?}: the {what}'s English text has Chinese in it"
            ));
        }
    };
    for (id, entry) in entries {
        check(&id, "message", entry.message);
        if let Some(help) = entry.help {
            check(&id, "help", help);
        }
    }
    problems
}

/// Checks finished texts, one per id and language (an error of each kind with values in its
/// fields, displayed): every placeholder filled, no Chinese in an English one. A crate's tests
/// run it beside [`audit`], which checks the templates.
pub fn audit_texts<Id: std::fmt::Debug>(
    texts: impl IntoIterator<Item = (Id, Lang, String)>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (id, lang, text) in texts {
        if text.contains('{') {
            problems.push(format!(
                "{id:?} {lang:?}: a placeholder is left unfilled: {text}"
            ));
        }
        if lang == Lang::En && text.chars().any(is_cjk) {
            problems.push(format!("{id:?}: Chinese in the English text: {text}"));
        }
    }
    problems
}

/// A CJK ideograph or CJK punctuation: what an English message never holds.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_named_values_and_leaves_unknown_ones() {
        let size = 12;
        assert_eq!(
            fill("{size} 字节，上限 {limit}", &[("size", &size)]),
            "12 字节，上限 {limit}"
        );
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(fill("open { only", &[]), "open { only");
    }

    #[test]
    fn joins_help_per_language() {
        let e = Entry::helped(
            Message::new("文件为空", "empty"),
            Message::new("请重试", "retry"),
        );
        assert_eq!(e.text(Lang::Zh, &[]), "文件为空。请重试");
        assert_eq!(e.text(Lang::En, &[]), "empty; retry");
    }

    #[test]
    fn audit_finds_each_kind_of_gap() {
        let entries = [
            ("ok", Entry::plain("好 {n}", "fine {n}")),
            ("empty", Entry::plain("空", "")),
            ("args", Entry::plain("{a}", "{b}")),
            ("chinese", Entry::plain("中文", "中文")),
        ];
        let problems = audit(entries);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems.iter().all(|p| !p.starts_with("\"ok\"")));
    }

    #[test]
    fn audit_texts_finds_unfilled_and_chinese_in_english() {
        let texts = [
            ("ok", Lang::En, "fine 3".to_owned()),
            ("ok", Lang::Zh, "好 3".to_owned()),
            ("unfilled", Lang::Zh, "上限 {limit}".to_owned()),
            ("chinese", Lang::En, "the 表三 row".to_owned()),
        ];
        let problems = audit_texts(texts);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains("unfilled") && problems[1].contains("chinese"));
    }
}
