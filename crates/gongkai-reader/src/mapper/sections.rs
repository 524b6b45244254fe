//! The six section headings.
//!
//! A heading is a whole line: an ordinal ("一、", "一.", "第一部分") and the heading or one of
//! its known variants, nothing else but punctuation. The ordinal must be the section's own, so
//! that a sub-heading such as "一、主动公开情况。" inside section 一 is never taken for section
//! 二 ("主动公开情况" is one of its variants); a line without an ordinal counts only when it is
//! exactly the official heading or one of its known variants. Sub-headings in parentheses
//! ("（一）…") never count.
//!
//! With the section's own ordinal, a heading is also recognised by its meaning (the template's
//! `meaning` words, in order: "五、存在的主要问题及整改措施" is section 五): real reports word their
//! headings in many ways, and a heading read as "missing" is a false error. Such a heading is a
//! label variant. Only a short line counts so (no sentence after it), so that a numbered
//! paragraph is not taken for a heading.

use std::sync::LazyLock;

use gongkai_core::template::{SECTIONS, SectionId};

use super::labels::levenshtein_within;
use super::stream::{Stream, fold};
use crate::document::{Block, Document, Text};

/// A section heading found.
#[derive(Debug, Clone)]
pub(crate) struct Heading {
    pub section: SectionId,
    /// Its block.
    pub block: usize,
    /// The heading as written (normalised, whitespace removed).
    pub text: String,
    /// Where it is in the source.
    pub source: std::ops::Range<usize>,
    /// Found after a later section's heading.
    pub out_of_order: bool,
    /// Recognised by its meaning, not as the form's heading or a known variant.
    pub variant: bool,
}

struct HeadingKeys {
    number: char,
    all: Vec<Vec<char>>,
    /// The `meaning` groups, folded.
    meaning: Vec<Vec<Vec<char>>>,
}

static KEYS: LazyLock<Vec<HeadingKeys>> = LazyLock::new(|| {
    SECTIONS
        .iter()
        .map(|t| {
            let key = |s: &str| s.chars().filter_map(fold).collect::<Vec<_>>();
            HeadingKeys {
                number: t.number.chars().next().unwrap_or('一'),
                all: std::iter::once(t.heading)
                    .chain(t.variants.iter().copied())
                    .map(key)
                    .collect(),
                meaning: t
                    .meaning
                    .iter()
                    .map(|group| group.iter().map(|w| key(w)).collect())
                    .collect(),
            }
        })
        .collect()
});

const NUMERALS: &str = "一二三四五六七八九十";

/// The longest official heading without its ordinal, with room for trailing punctuation.
const MAX_BARE_HEADING: usize = 20;

/// Splits a section ordinal off a line: ("三", rest) for "三、…", "三.…", "第三部分…", and —
/// where `paren` — "（三）…".
fn section_ordinal(line: &str, paren: bool) -> Option<(char, &str)> {
    let t = line.trim_start();
    if paren && let Some(rest) = t.strip_prefix(['(', '（']) {
        let mut it = rest.char_indices();
        let (_, n) = it.next()?;
        let (i, close) = it.next()?;
        let rest = rest.get(i + close.len_utf8()..)?;
        return (NUMERALS.contains(n) && matches!(close, ')' | '）')).then_some((n, rest));
    }
    if let Some(rest) = t.strip_prefix('第') {
        let mut it = rest.char_indices();
        let (_, n) = it.next()?;
        let after = it.next().map_or(rest.len(), |(i, _)| i);
        let rest = rest[after..].trim_start();
        let rest = rest
            .strip_prefix("部分")
            .or_else(|| rest.strip_prefix('章'))?;
        return NUMERALS.contains(n).then_some((n, rest));
    }
    let mut it = t.char_indices();
    let (_, n) = it.next()?;
    if !NUMERALS.contains(n) {
        return None;
    }
    let (i, sep) = it.next()?;
    if matches!(sep, '、' | '.' | ',' | ':' | ' ' | '\u{3000}' | '．') {
        Some((n, &t[i + sep.len_utf8()..]))
    } else {
        None
    }
}

/// The longest heading (key characters, without its ordinal) recognised by its meaning.
const MAX_MEANING_HEADING: usize = 24;

/// Whether `key` holds one word of each group, in order.
fn means(key: &[char], groups: &[Vec<Vec<char>>]) -> bool {
    let mut at = 0;
    for group in groups {
        let next = group
            .iter()
            .filter_map(|w| {
                key.get(at..)?
                    .windows(w.len().max(1))
                    .position(|win| win == &w[..])
                    .map(|p| at + p + w.len())
            })
            .min();
        match next {
            Some(n) => at = n,
            None => return false,
        }
    }
    !groups.is_empty()
}

/// Which section a line is the heading of, if any, and whether it was recognised by meaning.
#[cfg(test)]
fn classify(line: &str) -> Option<(SectionId, bool)> {
    classify_with(line, false)
}

/// As [`classify`]; with `paren`, "（一）"-style ordinals are the sections' own (a report that
/// numbers its six parts so), and a heading so numbered is a variant.
fn classify_with(line: &str, paren: bool) -> Option<(SectionId, bool)> {
    let t = line.trim();
    // Over 240 bytes is over 60 characters: most lines of a report are not counted.
    if t.is_empty() || t.len() > 240 || (!paren && t.starts_with(['(', '（'])) {
        return None;
    }
    let chars = t.chars().take(61).count();
    if chars > 60 {
        return None;
    }
    let (number, rest) = match section_ordinal(t, paren) {
        Some((n, rest)) => (Some(n), rest),
        // Without an ordinal only an official heading counts: no line longer than those.
        None if chars > MAX_BARE_HEADING => return None,
        None => (None, t),
    };
    // The line has at most 60 characters: its key fits on the stack.
    let mut buf = ['\0'; 60];
    let mut len = 0;
    for (slot, f) in buf.iter_mut().zip(rest.chars().filter_map(fold)) {
        *slot = f;
        len += 1;
    }
    let key = buf.get(..len).unwrap_or_default();
    if key.is_empty() {
        return None;
    }
    // A sentence after the heading ("…情况。本机关…") makes the line a paragraph.
    let sentence = rest
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .contains(['。', '，', ',', '；', ';']);
    for (keys, id) in KEYS.iter().zip(SectionId::ALL) {
        match number {
            Some(n) if n == keys.number => {
                if keys.all.iter().any(|k| k[..] == *key) {
                    return Some((id, paren));
                }
                if key.len() >= 6 && keys.all.iter().any(|k| levenshtein_within(k, key, 1)) {
                    return Some((id, true));
                }
                if !sentence && key.len() <= MAX_MEANING_HEADING && means(key, &keys.meaning) {
                    return Some((id, true));
                }
            }
            Some(_) => {}
            None => {
                if keys.all.iter().any(|k| k[..] == *key) {
                    return Some((id, false));
                }
            }
        }
    }
    None
}

/// Where a section heading stands inside a line rather than on its own (a page's text copied
/// without its line breaks: "…取得实效。二、主动公开政府信息情况第二十条第（一）项…"): the byte
/// ranges of the line's normalised text that are such headings.
///
/// Stricter than a heading on its own line, since a line's middle is mostly sentences: the
/// section's own ordinal with "、" or "." right after it, at the line's start or after a sentence
/// end, a space or a number, and then the official heading or one of its known variants exactly
/// (the longest that matches) — never one recognised by its meaning alone.
fn embedded(line: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    // From the separators, rare in a line, back to the ordinal before each.
    for (at, sep) in line.match_indices(['、', '.', '．']) {
        let head = &line[..at];
        let mut back = head.chars().rev();
        let Some(c) = back.next() else { continue };
        let Some(section) = KEYS.iter().position(|k| k.number == c) else {
            continue;
        };
        let boundary = match back.next() {
            None => true,
            Some(b) => {
                b.is_whitespace()
                    || b.is_ascii_digit()
                    || matches!(
                        b,
                        '。' | '；' | ';' | '！' | '!' | '？' | '?' | '：' | ':' | '”' | '」'
                    )
            }
        };
        if !boundary {
            continue;
        }
        let after = at + sep.len();
        if let Some(end) = KEYS
            .get(section)
            .and_then(|k| heading_prefix(&line[after..], &k.all))
        {
            found.push(at - c.len_utf8()..after + end);
        }
    }
    found
}

/// How far into a line a report's title may end, in bytes (about 100 characters: portal chrome
/// and the organisation's name before "…年度报告").
const MAX_TITLE_BYTES: usize = 300;

/// The least text after a title, in characters, for the line to be cut after the title.
const MIN_AFTER_TITLE: usize = 10;

/// Where the title ends in a line that goes on after it ("…政府信息公开工作年度报告 本报告由…"),
/// as a byte offset; `None` when the line does not start with a title.
fn title_end(line: &str) -> Option<usize> {
    const END: &str = "年度报告";
    let mut cut = MAX_TITLE_BYTES.min(line.len());
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &line[..cut];
    let end = head.find(END)? + END.len();
    // Only a title that names the disclosure report (no sentence: "根据…规定，现公布…年度报告。"
    // opens a paragraph), and only when text follows it.
    let title = &head[..end];
    // What follows is set apart by a space and is text of its own (the opening sentence, a
    // date), not the title's own end ("…年度报告格式模板", "…年度报告（2023年）").
    let rest = &line[end..];
    let apart =
        rest.starts_with(char::is_whitespace) && rest.trim().chars().count() >= MIN_AFTER_TITLE;
    (title.contains("政府信息公开")
        && !title.contains(['，', ',', '。', '；', ';', '：', ':'])
        && apart)
        .then_some(end)
}

/// The byte length of the longest of `keys` that `text` starts with (compared folded).
fn heading_prefix(text: &str, keys: &[Vec<char>]) -> Option<usize> {
    let longest = keys.iter().map(Vec::len).max()?;
    let mut folded: Vec<(char, usize)> = Vec::with_capacity(longest);
    for (i, c) in text.char_indices() {
        if folded.len() == longest {
            break;
        }
        if let Some(f) = fold(c) {
            folded.push((f, i + c.len_utf8()));
        }
    }
    keys.iter()
        .filter(|k| {
            !k.is_empty()
                && folded.len() >= k.len()
                && folded.iter().zip(k.iter()).all(|(a, b)| a.0 == *b)
        })
        .map(|k| folded[k.len() - 1].1)
        .max()
}

/// The document with each line that holds a section heading among other text split there,
/// the heading a line of its own (see [`embedded`]); `None` when no line needs it.
pub(crate) fn split_embedded(doc: &Document) -> Option<Document> {
    // The first line with text may hold the title and what follows it.
    let first_text = doc.blocks.iter().position(|b| match b {
        Block::Line(t) => !t.as_str().trim().is_empty(),
        Block::Row(_) => true,
    });
    let cuts = |bi: usize, t: &Text| -> Vec<usize> {
        let line = t.as_str();
        let mut at = Vec::new();
        if Some(bi) == first_text
            && let Some(end) = title_end(line)
        {
            at.push(end);
        }
        for r in embedded(line) {
            at.push(r.start);
            at.push(r.end);
        }
        // A cut with only whitespace on one side is no cut: the heading is the whole line
        // there already.
        at.retain(|&c| !line[..c].trim().is_empty() && !line[c..].trim().is_empty());
        at.sort_unstable();
        at.dedup();
        at
    };
    let all: Vec<(usize, Vec<usize>)> = doc
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(bi, b)| match b {
            Block::Line(t) => Some((bi, cuts(bi, t))).filter(|(_, c)| !c.is_empty()),
            Block::Row(_) => None,
        })
        .collect();
    if all.is_empty() {
        return None;
    }
    let mut pending = all.into_iter().peekable();
    let mut blocks = Vec::with_capacity(doc.blocks.len() + 16);
    for (bi, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Line(t) => {
                let at = match pending.peek() {
                    Some((b, _)) if *b == bi => pending.next().map(|(_, c)| c).unwrap_or_default(),
                    _ => Vec::new(),
                };
                if at.is_empty() {
                    blocks.push(block.clone());
                    continue;
                }
                let ends = at.iter().copied().chain([t.as_str().len()]);
                let starts = std::iter::once(0).chain(at.iter().copied());
                let parts: Option<Vec<Text>> =
                    starts.zip(ends).map(|(a, b)| t.slice(a..b)).collect();
                match parts {
                    Some(parts) => blocks.extend(parts.into_iter().map(Block::Line)),
                    // Not on character boundaries (never: cuts are at characters): kept whole.
                    None => blocks.push(block.clone()),
                }
            }
            Block::Row(_) => blocks.push(block.clone()),
        }
    }
    Some(Document {
        source: doc.source.clone(),
        kind: doc.kind,
        encoding: doc.encoding.clone(),
        blocks,
    })
}

/// Finds the section headings, in document order.
///
/// A table of contents (headings listed one after another before the report proper) would
/// otherwise take the headings' place: a candidate directly followed by another heading is
/// passed over when the same section has a later candidate with content after it.
pub(crate) fn find(s: &Stream) -> Vec<Heading> {
    let mut found = find_with(s, Numbering::Form);
    // Sub-headings "（一）…" never count, unless the report numbers its six parts so: then
    // the plain ordinals find hardly any part, and the parenthesised ones find more.
    if found.len() < 3 {
        let paren = find_with(s, Numbering::Paren);
        if paren.len() > found.len() {
            found = paren;
        }
    }
    // A report that numbers its parts its own way (the narrative 一、二、三、… and then the
    // tables with their captions 一、主动公开政府信息情况 …): the official headings under other
    // ordinals, where they find more parts.
    if found.len() < 6 {
        let own = find_with(s, Numbering::Own);
        if own.len() > found.len() {
            found = own;
        }
    }
    found
}

/// How a report numbers its six parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numbering {
    /// As the form: 一、 … 六、 (or 第一部分 …).
    Form,
    /// （一） … （六）.
    Paren,
    /// Its own: the official headings (or long variants) under any ordinal, besides the form's.
    Own,
}

/// The shortest variant (key characters) that counts under another section's ordinal: short
/// ones ("主动公开情况") are the sub-headings of a report's own narrative.
const MIN_OWN_HEADING: usize = 9;

/// [`classify_with`] for a numbering.
fn classify_numbered(line: &str, numbering: Numbering) -> Option<(SectionId, bool)> {
    match numbering {
        Numbering::Form => classify_with(line, false),
        Numbering::Paren => classify_with(line, true),
        Numbering::Own => classify_with(line, false).or_else(|| classify_own(line)),
    }
}

/// A line that is an official heading (or a long known variant) under an ordinal that is not
/// the section's own: a variant.
fn classify_own(line: &str) -> Option<(SectionId, bool)> {
    let t = line.trim();
    if t.len() > 240 {
        return None;
    }
    let (_, rest) = section_ordinal(t, true)?;
    let key: Vec<char> = rest.chars().filter_map(fold).collect();
    KEYS.iter()
        .zip(SectionId::ALL)
        .find(|(keys, _)| {
            keys.all
                .iter()
                .enumerate()
                .any(|(i, k)| *k == key && (i == 0 || k.len() >= MIN_OWN_HEADING))
        })
        .map(|(_, id)| (id, true))
}

fn find_with(s: &Stream, numbering: Numbering) -> Vec<Heading> {
    let candidates: Vec<(usize, SectionId, bool, &Text)> = s
        .doc
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(bi, block)| {
            let text = match block {
                Block::Line(t) => t,
                Block::Row(cells) => {
                    let mut nonempty = cells.iter().filter(|c| !c.as_str().trim().is_empty());
                    match (nonempty.next(), nonempty.next()) {
                        (Some(only), None) => only,
                        _ => return None,
                    }
                }
            };
            classify_numbered(text.as_str(), numbering).map(|(id, variant)| (bi, id, variant, text))
        })
        .collect();
    let bare = |k: usize| {
        candidates
            .get(k + 1)
            .is_some_and(|&(next, ..)| next == candidates[k].0 + 1)
    };
    let mut found: Vec<Heading> = Vec::new();
    let mut seen = [false; 6];
    let mut last: Option<SectionId> = None;
    for (k, &(bi, id, variant, text)) in candidates.iter().enumerate() {
        let i = id as usize;
        if seen.get(i).copied().unwrap_or(true) {
            continue;
        }
        let later = candidates
            .iter()
            .enumerate()
            .skip(k + 1)
            .any(|(m, &(_, other, ..))| other == id && !bare(m));
        if bare(k) && later {
            continue;
        }
        seen[i] = true;
        let out_of_order = last.is_some_and(|l| id < l);
        if !out_of_order {
            last = Some(id);
        }
        let str = text.as_str();
        let lead = str.len() - str.trim_start().len();
        let end = str.trim_end().len();
        found.push(Heading {
            section: id,
            block: bi,
            text: str.chars().filter(|c| !c.is_whitespace()).collect(),
            source: text.source_range(lead..end.max(lead)),
            out_of_order,
            variant,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_non_headings() {
        let classify = |line: &str| classify(line).map(|(id, _)| id);
        assert_eq!(classify("一、总体情况"), Some(SectionId::Overview));
        assert_eq!(classify("一、 总体情况"), Some(SectionId::Overview));
        assert_eq!(
            classify("五、政府信息公开工作存在的主要问题及改进情况"),
            Some(SectionId::Problems)
        );
        assert_eq!(
            classify("四、政府信息公开行政复议、行政诉讼情况"),
            Some(SectionId::ReviewLitigation)
        );
        assert_eq!(classify("六、其他需要报告的事项"), Some(SectionId::Other));
        assert_eq!(classify("其他需要报告的事项"), Some(SectionId::Other));
        assert_eq!(classify("一、主动公开情况。"), None);
        assert_eq!(classify("（二）主动公开政府信息情况"), None);
        assert_eq!(
            classify("一、主动公开情况。西工区应急管理局结合工作实际"),
            None
        );
        assert_eq!(classify("四、结转下年度继续办理 0 0 0"), None);
        assert_eq!(
            classify("三、收到和处理政府信息公开申请的情况"),
            Some(SectionId::Applications)
        );
    }

    #[test]
    fn headings_by_meaning_are_variants() {
        for (line, id) in [
            ("五、存在的主要问题及整改措施", SectionId::Problems),
            ("五、存在的主要问题及整改情况", SectionId::Problems),
            ("五、存在的主要问题及改进措施", SectionId::Problems),
            (
                "五、政府信息公开工作存在的不足及改进举措",
                SectionId::Problems,
            ),
            ("六、其它需要报告的事项", SectionId::Other),
            ("三、依申请公开政府信息情况", SectionId::Applications),
            (
                "四、因政府信息公开被申请行政复议、提起行政诉讼情况",
                SectionId::ReviewLitigation,
            ),
        ] {
            assert_eq!(classify(line), Some((id, true)), "{line}");
        }
        // Known headings are no variants; bare known variants count too.
        assert_eq!(classify("一、总体情况"), Some((SectionId::Overview, false)));
        assert_eq!(
            classify("存在的问题及改进情况"),
            Some((SectionId::Problems, false))
        );
        // The ordinal must be the section's own, and a paragraph is no heading.
        assert_eq!(classify("三、主动公开工作情况"), None);
        assert_eq!(classify("二、工作机制保障"), None);
        assert_eq!(classify("五、存在的问题，下一步将加强整改措施"), None);
        assert_eq!(classify("存在的主要问题及整改措施"), None);
    }

    #[test]
    fn parenthesised_ordinals_count_when_the_report_numbers_its_parts_so() {
        let mut text = String::from("某县人民政府2023年政府信息公开工作年度报告\n");
        for h in [
            "（一）总体情况",
            "（二）主动公开政府信息情况",
            "（三）收到和处理政府信息公开申请情况",
            "（四）政府信息公开行政复议、行政诉讼情况",
            "（五）存在的主要问题及整改情况",
            "（六）其他需要报告的事项",
        ] {
            text.push_str(h);
            text.push_str("\n正文。\n");
        }
        let doc = crate::text::document(gongkai_core::Source::new("t", text), "UTF-8".into());
        let s = Stream::new(&doc, usize::MAX).unwrap();
        let found = find(&s);
        assert_eq!(found.len(), 6, "{found:?}");
        assert!(found.iter().all(|h| h.variant && !h.out_of_order));
        // In a report numbered 一、… the same lines stay sub-headings.
        assert_eq!(classify("（二）主动公开政府信息情况"), None);
    }

    #[test]
    fn headings_inside_lines() {
        fn found(line: &str) -> Vec<&str> {
            embedded(line).into_iter().map(|r| &line[r]).collect()
        }
        // After a sentence end, a space, a number or at the start; the longest heading matches.
        assert_eq!(
            found("工作成效。二、主动公开政府信息情况第二十条第（一）项"),
            ["二、主动公开政府信息情况"]
        );
        assert_eq!(
            found("0 0 21 四、政府信息公开行政复议、行政诉讼情况 行政复议"),
            ["四、政府信息公开行政复议、行政诉讼情况"]
        );
        assert_eq!(found("一、总体情况2023年，本机关"), ["一、总体情况"]);
        assert_eq!(
            found("5 五.存在的主要问题及改进情况"),
            ["五.存在的主要问题及改进情况"]
        );
        // Not the section's own ordinal, not after a boundary, not the heading's words, not
        // recognised by meaning alone.
        assert!(found("一、主动公开政府信息情况").is_empty());
        assert!(found("第十二、主动公开政府信息情况").is_empty());
        assert!(found("共二、主动公开政府信息情况").is_empty());
        assert!(found("。二、主动公开的重点领域").is_empty());
        assert!(found("。五、存在的主要问题及整改措施").is_empty());
        assert!(found("。二主动公开政府信息情况").is_empty());
    }

    #[test]
    fn official_headings_under_a_report_s_own_numbers() {
        assert_eq!(
            classify_own("二、收到和处理政府信息公开申请情况"),
            Some((SectionId::Applications, true))
        );
        assert_eq!(
            classify_own("三、存在的主要问题及改进情况"),
            Some((SectionId::Problems, true))
        );
        assert_eq!(
            classify_own("（一）主动公开政府信息情况"),
            Some((SectionId::ActiveDisclosure, true))
        );
        // Short variants are a narrative's own sub-headings; sentences and words around the
        // heading, or no ordinal at all, are no heading.
        assert_eq!(classify_own("一、主动公开情况"), None);
        assert_eq!(classify_own("一、主动公开政府信息情况。本机关"), None);
        assert_eq!(classify_own("主动公开政府信息情况"), None);
        assert_eq!(classify_own("三、主动公开工作情况"), None);
    }

    #[test]
    fn titles_run_into_their_text() {
        assert_eq!(
            title_end(
                "某县人民政府2023年政府信息公开工作年度报告 本报告由某县人民政府办公室编制。"
            ),
            Some("某县人民政府2023年政府信息公开工作年度报告".len())
        );
        assert_eq!(
            title_end("某县人民政府2023年政府信息公开工作年度报告 "),
            None
        );
        assert_eq!(title_end("某县2023年财政工作年度报告 本报告"), None);
        assert_eq!(
            title_end("根据《条例》规定,现公布区统计局2023年政府信息公开工作年度报告。本报告"),
            None
        );
        let far = format!("{}政府信息公开工作年度报告 正文", "字".repeat(120));
        assert_eq!(title_end(&far), None);
    }

    #[test]
    fn bare_headings_fit_the_length_limit() {
        for t in &SECTIONS {
            assert!(
                t.heading.chars().count() + 2 <= MAX_BARE_HEADING,
                "{}",
                t.heading
            );
        }
    }

    #[test]
    fn a_table_of_contents_does_not_take_the_headings_place() {
        let headings = [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ];
        let mut text = String::from("目录\n");
        for h in headings {
            text.push_str(h);
            text.push('\n');
        }
        for h in headings {
            text.push_str(h);
            text.push_str("\n正文。\n");
        }
        let doc = crate::text::document(gongkai_core::Source::new("t", text), "UTF-8".into());
        let s = Stream::new(&doc, usize::MAX).unwrap();
        let found = find(&s);
        assert_eq!(found.len(), 6);
        assert!(found.iter().all(|h| h.block > 6), "{found:?}");
        assert!(found.iter().all(|h| !h.out_of_order));
    }
}
