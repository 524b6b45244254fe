//! Title, organisation and year.
//!
//! The title is the short line (or two) before the first section heading that names the
//! 年度报告; PDF text often splits it ("…工作年度报" / "告") or puts the organisation on the
//! line before ("淮安市人民政府" / "2024 年政府信息公开工作年度报告"). The organisation is what
//! precedes the year in the title, or what follows it ("2019年上海市人民政府办公厅政府信息公开…").
//! The year comes from the title, else from the 统计期限 sentence.
//!
//! A portal page prints its toolbar ("长者模式 退出长者模式 无障碍浏览") and breadcrumbs
//! ("当前位置：首页 > 政务公开 > …") before the title, often in the same block of text: they are
//! the page's, not the report's, and are left out of the title and the organisation, which would
//! otherwise carry them into every message and break the pairing of a report with last year's.

use std::ops::Range;
use std::sync::LazyLock;

use gongkai_core::{Source, Spanned};
use regex::Regex;

use crate::document::{Block, Text};

/// Text whose characters each remember their source range.
#[derive(Default)]
struct Mapped {
    text: String,
    /// Per character of `text`: (byte offset in `text`, source range).
    map: Vec<(usize, Range<usize>)>,
}

/// How much of a line is searched for the year of the 统计期限 sentence: the sentence is short
/// and opens its paragraph, and a [`Mapped`] costs 25 bytes a character (a page that was one
/// 49 MiB paragraph cost 1.2 GB here).
const YEAR_SEARCH_BYTES: usize = 4096;

impl Mapped {
    fn push(&mut self, t: &Text, keep_spaces: bool) {
        self.push_prefix(t, keep_spaces, usize::MAX);
    }

    /// As [`Mapped::push`], of the characters that start in the first `max_bytes` bytes.
    fn push_prefix(&mut self, t: &Text, keep_spaces: bool, max_bytes: usize) {
        let s = t.as_str();
        for (i, c) in s.char_indices().take_while(|&(i, _)| i < max_bytes) {
            if c.is_whitespace() && !keep_spaces {
                continue;
            }
            self.map
                .push((self.text.len(), t.source_range(i..i + c.len_utf8())));
            self.text.push(c);
        }
    }

    /// The source range of a byte range of `text`.
    fn source(&self, range: Range<usize>) -> Option<Range<usize>> {
        let first = self.map.iter().find(|(o, _)| *o >= range.start)?;
        let last = self
            .map
            .iter()
            .rev()
            .find(|(o, _)| *o < range.end.max(range.start + 1))?;
        Some(first.1.start..last.1.end.max(first.1.start))
    }

    fn spanned(&self, source: &Source, range: Range<usize>) -> Option<Spanned<String>> {
        let src = self.source(range.clone())?;
        Some(Spanned {
            value: self.text.get(range)?.to_owned(),
            span: source.span(src.start, src.end),
        })
    }
}

/// Metadata as read.
#[derive(Debug, Default)]
pub(crate) struct Meta {
    pub title: Option<Spanned<String>>,
    pub organisation: Option<Spanned<String>>,
    pub year: Option<Spanned<i32>>,
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(20\d\d)\s*年").expect("valid"));
static PERIOD_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"统计(?:期限|时限|时间|区间)[^0-9。]{0,8}(20\d\d)\s*年").expect("valid")
});
static REPORT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20\d\d)\s*年度?\s*政府信息公开工作年度报告").expect("valid"));

/// The words of portal toolbars and navigation that stand before a report's title on its page
/// (compared without spaces), longest first where one starts another.
const PAGE_CHROME: &[&str] = &[
    "退出长者模式",
    "长者模式",
    "退出关怀模式",
    "关怀模式",
    "关怀版",
    "适老化",
    "无障碍浏览",
    "无障碍阅读",
    "无障碍",
    "智能问答",
    "简体版",
    "繁体版",
    "简体",
    "繁体",
    "繁體",
    "English",
    "登录",
    "注册",
    "打印本页",
    "关闭窗口",
    "分享到",
    "字号",
    "您当前的位置",
    "您现在的位置",
    "您的位置",
    "当前位置",
    "首页",
];

/// Where the report's own words start in a compacted title line: after the page's toolbar
/// words and breadcrumbs.
fn after_chrome(text: &str) -> usize {
    // A breadcrumb trail ends at its last separator: the title follows it.
    let mut start = text.rfind(['>', '›', '»', '＞']).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    loop {
        let rest = &text[start..];
        let trimmed = rest.trim_start_matches([':', '：', '|', '｜', '/', '·']);
        if let Some(n) = page_number_len(trimmed) {
            start += rest.len() - trimmed.len() + n;
            continue;
        }
        let Some(word) = PAGE_CHROME.iter().find(|w| trimmed.starts_with(**w)) else {
            start += rest.len() - trimmed.len();
            break;
        };
        start += rest.len() - trimmed.len() + word.len();
    }
    // Never strip the whole title.
    if is_title(&text[start..]) { start } else { 0 }
}

/// The length of a page number ("-1-", "—2—", "－3－") opening a compacted line: the page's
/// footer, run into the title when the page's text lost its line breaks.
fn page_number_len(s: &str) -> Option<usize> {
    let dash = s
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '—' | '－' | '–'))?;
    let rest = &s[dash.len_utf8()..];
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = rest.get(digits..)?;
    (digits > 0 && digits <= 3 && after.starts_with(dash)).then(|| dash.len_utf8() * 2 + digits)
}

fn is_title(s: &str) -> bool {
    s.contains("年度报告") || s.contains("工作年报")
}

fn line_text(block: &Block) -> Option<&Text> {
    match block {
        Block::Line(t) => Some(t),
        Block::Row(cells) => {
            let mut it = cells.iter().filter(|c| !c.as_str().trim().is_empty());
            match (it.next(), it.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }
    }
}

fn compact(t: &Text) -> String {
    t.as_str().chars().filter(|c| !c.is_whitespace()).collect()
}

fn short_plain(s: &str) -> bool {
    let n = s.chars().count();
    n > 0 && n <= 40 && !s.contains(['。', ';', ':', '：'])
}

/// Reads the metadata from the blocks before `before` (the first section heading, if found).
pub(crate) fn read(source: &Source, blocks: &[Block], before: Option<usize>) -> Meta {
    let limit = before.map_or(15, |b| b.min(30)).min(blocks.len());
    let head = blocks.get(..limit).unwrap_or(&[]);
    let mut meta = Meta::default();
    if let Some(title) = find_title(head) {
        let mut m = Mapped::default();
        for t in &title {
            m.push(t, false);
        }
        let from = after_chrome(&m.text);
        let text = &m.text[from..];
        meta.title = m.spanned(source, from..m.text.len());
        if let Some(c) = YEAR.captures(text) {
            if let Some(y) = c.get(1) {
                meta.year = year(source, &m, from + y.start()..from + y.end());
                let whole = c.get(0).map_or(y.range(), |g| g.range());
                let before = text[..whole.start].trim_end_matches("关于");
                let org = if before.is_empty() {
                    let after = &text[whole.end..];
                    let after_start =
                        whole.end + usize::from(after.starts_with('度')) * '度'.len_utf8();
                    let rest = &text[after_start..];
                    rest.find("政府信息公开")
                        .map(|e| after_start..after_start + e)
                } else {
                    Some(0..before.len())
                };
                meta.organisation = org
                    .filter(|r| !r.is_empty())
                    .and_then(|r| m.spanned(source, from + r.start..from + r.end));
            }
        } else if let Some(e) = text.find("政府信息公开") {
            let org = text[..e].trim_end_matches("关于");
            if !org.is_empty() {
                meta.organisation = m.spanned(source, from..from + org.len());
            }
        }
    }
    if meta.year.is_none() {
        meta.year = year_elsewhere(source, blocks);
    }
    meta
}

fn year(source: &Source, m: &Mapped, range: Range<usize>) -> Option<Spanned<i32>> {
    let value: i32 = m.text.get(range.clone())?.parse().ok()?;
    let src = m.source(range)?;
    Some(Spanned {
        value,
        span: source.span(src.start, src.end),
    })
}

/// The blocks of the title: one line naming the report, completed by the line after it when it
/// is cut ("…年度报" / "告"), or preceded by the organisation's line.
fn find_title(head: &[Block]) -> Option<Vec<&Text>> {
    let lines: Vec<Option<&Text>> = head.iter().map(line_text).collect();
    for (i, t) in lines.iter().enumerate() {
        let Some(t) = t else { continue };
        let a = compact(t);
        if !short_plain(&a) && a.chars().count() > 60 {
            continue;
        }
        if a.contains('。') {
            continue;
        }
        let next = lines.get(i + 1).copied().flatten();
        if is_title(&a) {
            // The organisation printed on the line before a title that starts with the year.
            let prev = i
                .checked_sub(1)
                .and_then(|p| lines.get(p).copied().flatten());
            if YEAR.find(&a).is_some_and(|m| m.start() == 0)
                && let Some(p) = prev.filter(|p| {
                    let pc = compact(p);
                    short_plain(&pc) && !pc.chars().any(|c| c.is_ascii_digit())
                })
            {
                return Some(vec![p, t]);
            }
            return Some(vec![t]);
        }
        if let Some(n) = next {
            let b = compact(n);
            if short_plain(&b)
                && !is_title(&a)
                && is_title(&format!("{a}{b}"))
                && b.chars().count() <= 40
            {
                return Some(vec![t, n]);
            }
        }
    }
    None
}

fn year_elsewhere(source: &Source, blocks: &[Block]) -> Option<Spanned<i32>> {
    for re in [&*PERIOD_YEAR, &*REPORT_YEAR] {
        for block in blocks.iter().take(80) {
            let Some(t) = line_text(block) else { continue };
            let mut m = Mapped::default();
            m.push_prefix(t, true, YEAR_SEARCH_BYTES);
            if let Some(y) = re.captures(&m.text).and_then(|c| c.get(1)) {
                return year(source, &m, y.range());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_chrome_is_left_out_of_the_title() {
        let t = "长者模式退出长者模式无障碍浏览平潭综合实验区2021年度政府信息公开工作年度报告";
        assert_eq!(
            &t[after_chrome(t)..],
            "平潭综合实验区2021年度政府信息公开工作年度报告"
        );
        let t =
            "当前位置：首页>政务公开>政府信息公开年报>某县人民政府2023年政府信息公开工作年度报告";
        assert_eq!(
            &t[after_chrome(t)..],
            "某县人民政府2023年政府信息公开工作年度报告"
        );
        // A title without chrome, or one that chrome words would eat, is left whole.
        let t = "淮安市人民政府2024年政府信息公开工作年度报告";
        assert_eq!(after_chrome(t), 0);
        let t = "首页";
        assert_eq!(after_chrome(t), 0);
    }
}
