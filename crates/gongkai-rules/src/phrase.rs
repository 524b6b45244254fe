//! What a count in the narrative qualifies: the phrase before a pattern's match.
//!
//! A pattern such as `答复…{n}件` finds the words it names anywhere in a clause, but a person
//! reads a count as belonging to the *whole* phrase before it: in "其中公开答复1件" the 1 件
//! are answered-by-disclosure, a part, not the number answered; in "不予处理158件" the 158 are
//! not "处理" (handled). So before a match is taken as the rule's fact, the words between the
//! start of its clause and the match (the *lead*) are read:
//!
//! - nothing, or only words that do not change what is counted — time ("2023年", "全年"),
//!   scope and subject ("全区", "本机关", "区政府办公室"), adverbs ("共", "依法", "及时"),
//!   list openers ("其中") — the match is the fact ([`Reading::Plain`]);
//! - a word that names another kind of count right before the match ("公开", "不予", "延期",
//!   "继续" …) — the count is another fact ([`Reading::Other`]), and the match is not used;
//! - anything else: the fact is read, but the reading is uncertain ([`Reading::Ambiguous`]);
//!   a finding resting on it is a warning that says which reading was used. Inside a
//!   breakdown ("…，其中…"), where every item names a kind of its own, an unknown lead makes
//!   the count an item of the breakdown, not the fact ([`Reading::Other`]).
//!
//! The scans are bounded (a clause is read back at most [`MAX_LEAD`] characters), so a report of
//! one endless clause costs the same per match as any other.

/// How far back (characters) a clause and its sentence are read.
const MAX_LEAD: usize = 80;

/// How a match was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reading {
    /// The match is the fact the rule names.
    Plain,
    /// The match is part of a phrase that names another count.
    Other,
    /// The match was read as the fact, but the words before it (given) may change its meaning.
    Ambiguous(String),
}

/// Characters that end a clause.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '、'
            | '；'
            | ';'
            | '。'
            | '！'
            | '!'
            | '？'
            | '?'
            | '：'
            | ':'
            | '\n'
            | '（'
            | '('
            | '）'
            | ')'
            | '“'
            | '”'
            | '"'
    )
}

/// Characters that end a sentence (a breakdown's list can run over commas and semicolons).
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '!' | '？' | '?' | '\n')
}

/// Words that stand before a fact without changing what is counted (the lead is stripped of
/// them from its start, repeatedly, the longest first).
const NEUTRAL: &[&str] = &[
    // list openers and connectives
    "其中",
    "另有",
    "另外",
    "此外",
    "同时",
    "以上",
    "上述",
    "以及",
    "并且",
    "并",
    "且",
    "又",
    "亦",
    "也",
    "另",
    "及",
    "和",
    "与", // time
    "本年度内",
    "本年度",
    "本年",
    "今年",
    "全年",
    "年内",
    "当年",
    "年度",
    "上半年",
    "下半年",
    "报告期内",
    "期间", // scope
    "各级行政机关",
    "行政机关",
    "各级",
    "各单位",
    "各部门",
    "本机关",
    "本单位",
    "本部门",
    "本级",
    "我们", // adverbs
    "依法依规",
    "依法",
    "依规",
    "共计",
    "总计",
    "合计",
    "累计",
    "一共",
    "总共",
    "共",
    "均已",
    "均",
    "都",
    "皆",
    "已经",
    "已",
    "及时",
    "按时",
    "按期",
    "如期",
    "全部",
    "先后",
    "实际",
    "分别",
    "一年来",
    "了",
    "其中包括",
    "包括",
    "含", // topics
    "政府信息公开",
    "信息公开",
    "依申请公开",
    "政务公开",
    "工作方面",
    "方面",
    "工作中",
];

/// Characters that, after "全", "本" or "我", make a scope ("全区", "本局", "我委").
const SCOPE_UNITS: &str = "区市县镇乡省州旗盟局委办厅院所署部会站中心府";

/// Endings of an organisation's name: a lead ending so is the subject of the clause.
const ORG_SUFFIXES: &[&str] = &[
    "人民政府",
    "管委会",
    "委员会",
    "办公室",
    "办公厅",
    "管理局",
    "街道办事处",
    "政府",
    "机关",
    "单位",
    "部门",
    "中心",
    "局",
    "委",
    "厅",
    "院",
    "室",
];

/// Words that, right before the words a pattern names, make the count another one: outcomes
/// of the form ("予以公开", "不予处理", "部分公开"), timing ("延期答复", "逾期"), "继续办理"
/// (carried forward), "公开答复" (answered by disclosure).
const QUALIFIERS: &[&str] = &[
    "公开", "不予", "予以", "部分", "延期", "逾期", "超期", "其他", "继续", "无法", "另行", "转办",
    "转交", "告知", "补正", "重复", "网上", "线上", "线下", "当场", "现场", "不", "未", "非", "无",
    "转", "待", "拟",
];

/// Reads the words before a match of a pattern that captures a count (`counts`) and starts with
/// a word (a match that starts with its number, as "{total}件，其中…", or at a clause end, as
/// "。2023年，", and a match that captures no number, as "…均获维持", are read as they stand).
pub(crate) fn read_match(text: &str, range: std::ops::Range<usize>, counts: bool) -> Reading {
    let Some(m) = text.get(range.clone()) else {
        return Reading::Plain;
    };
    let starts_with_word = m
        .chars()
        .next()
        .is_some_and(|c| !c.is_ascii_digit() && !ends_clause(c));
    if counts && starts_with_word {
        reading(text, range.start, HANDLING.iter().any(|h| m.starts_with(h)))
    } else {
        Reading::Plain
    }
}

/// Words of handling an application: a qualifier right before one of them makes a compound
/// that names another count ("公开答复", "不予处理", "继续办理"). Before a noun ("行政复议",
/// "现行有效…文件", "信息处理费") a verb is the predicate ("集中公开", "收取") and changes nothing.
const HANDLING: &[&str] = &[
    "答复", "办结", "办理", "处理", "公开", "提供", "受理", "收到", "接收", "新收", "予以", "不予",
    "部分", "无法", "结转", "顺延",
];

/// Verbs that, before a noun, say what was done with the things counted, not which things.
const PREDICATES: &[&str] = &[
    "集中公开",
    "主动公开",
    "公开",
    "发布",
    "公布",
    "收取",
    "动态更新",
    "更新",
    "新增",
    "涉及",
    "发生",
    "产生",
    "共有",
    "有",
    "办理",
    "现有",
];

/// Endings of a means: the channel things were published through.
const MEANS: &[&str] = &["平台", "网站", "渠道", "专栏", "栏目", "公报", "新媒体"];

/// Reads the words before `start` (a byte offset of `text`, the compact section text); `verb`
/// says whether the match starts with a word of handling (see [`HANDLING`]).
pub(crate) fn reading(text: &str, start: usize, verb: bool) -> Reading {
    let Some(before) = text.get(..start) else {
        return Reading::Plain;
    };
    // The clause: back to the nearest clause end, at most MAX_LEAD characters.
    let mut clause_start = start;
    for (seen, (i, c)) in before.char_indices().rev().enumerate() {
        if ends_clause(c) || seen == MAX_LEAD {
            break;
        }
        clause_start = i;
    }
    let lead = &before[clause_start..];
    // A number before the match ends a phrase too ("收到70件申请办结…"): read after it and
    // its unit.
    let lead = match lead.rfind(|c: char| c.is_ascii_digit()) {
        Some(i) => skip_unit(&lead[i + 1..]),
        None => lead,
    };
    let mut rest = strip_neutral_end(strip_neutral(lead));
    if !verb {
        // A means ("通过门户网站、《公报》等平台") says how, not what, before a noun or a verb of
        // disclosure; before a verb of handling ("通过平台办结") it may name a part.
        if MEANS.iter().any(|m| rest.ends_with(m)) {
            rest = "";
        }
        while let Some(p) = PREDICATES
            .iter()
            .filter(|p| rest.ends_with(**p))
            .max_by_key(|p| p.len())
        {
            rest = strip_neutral_end(&rest[..rest.len() - p.len()]);
        }
    }
    if rest.is_empty() {
        return Reading::Plain;
    }
    if (verb && QUALIFIERS.iter().any(|q| rest.ends_with(q))) || in_breakdown(before, clause_start)
    {
        return Reading::Other;
    }
    Reading::Ambiguous(rest.to_owned())
}

/// `s` without the neutral words at its end ("…信息公开", "…共").
fn strip_neutral_end(mut s: &str) -> &str {
    while let Some(w) = NEUTRAL
        .iter()
        .filter(|w| s.ends_with(**w))
        .max_by_key(|w| w.len())
    {
        s = &s[..s.len() - w.len()];
    }
    s
}

/// The lead without the words at its start that do not change what is counted.
fn strip_neutral(mut lead: &str) -> &str {
    loop {
        let before = lead.len();
        lead = strip_time(lead);
        if let Some(w) = longest_neutral(lead) {
            lead = &lead[w.len()..];
        }
        // A reason ("因本机关不掌握等原因", "由于…原因") says why, not what is counted.
        if (lead.starts_with('因') || lead.starts_with("由于"))
            && let Some(i) = lead.find("原因")
        {
            lead = &lead[i + "原因".len()..];
        }
        let mut it = lead.chars();
        if let (Some('全' | '本' | '我' | '该'), Some(u)) = (it.next(), it.next())
            && SCOPE_UNITS.contains(u)
        {
            lead = &lead['全'.len_utf8() + u.len_utf8()..];
        }
        // A subject: the shortest start of the lead that ends like an organisation's name,
        // when nothing but neutral words follows it.
        if lead.len() == before
            && let Some(end) = org_subject_end(lead)
        {
            lead = &lead[end..];
        }
        if lead.len() == before || lead.is_empty() {
            return lead;
        }
    }
}

/// "2023年", "2023年度", "12月": a time at the start of the lead.
fn strip_time(lead: &str) -> &str {
    let digits = lead.len() - lead.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return lead;
    }
    let rest = &lead[digits..];
    TIME_UNITS
        .iter()
        .find_map(|u| rest.strip_prefix(u))
        .unwrap_or(lead)
}

const TIME_UNITS: [&str; 4] = ["年度", "年", "月份", "月"];

/// The text after a number's unit ("年度", or one character such as "件").
fn skip_unit(rest: &str) -> &str {
    if let Some(r) = TIME_UNITS.iter().find_map(|u| rest.strip_prefix(u)) {
        return r;
    }
    let mut it = rest.chars();
    match it.next() {
        Some(c) if !c.is_ascii_digit() => it.as_str(),
        _ => rest,
    }
}

/// The end of an organisation's name at the start of `lead`, if what follows it is neutral.
fn org_subject_end(lead: &str) -> Option<usize> {
    let mut best = None;
    for (i, _) in lead.char_indices().skip(1) {
        let head = &lead[..i];
        if ORG_SUFFIXES.iter().any(|s| head.ends_with(s)) {
            best = Some(i);
        }
    }
    if ORG_SUFFIXES.iter().any(|s| lead.ends_with(s)) {
        best = Some(lead.len());
    }
    let end = best?;
    let after = &lead[end..];
    (after.is_empty() || strip_neutral_words(after).is_empty()).then_some(end)
}

/// `after` stripped of neutral words only (no subjects: no recursion into organisations).
fn strip_neutral_words(mut s: &str) -> &str {
    while let Some(w) = longest_neutral(s) {
        s = &s[w.len()..];
    }
    s
}

/// The longest neutral word at the start of `s` ("及时", not "及").
fn longest_neutral(s: &str) -> Option<&'static str> {
    NEUTRAL
        .iter()
        .filter(|w| s.starts_with(**w))
        .max_by_key(|w| w.len())
        .copied()
}

/// Whether the clause starting at `clause_start` is an item of a breakdown: "其中" earlier in
/// the same sentence (at most MAX_LEAD characters back).
fn in_breakdown(before: &str, clause_start: usize) -> bool {
    let head = &before[..clause_start];
    let mut from = clause_start;
    for (seen, (i, c)) in head.char_indices().rev().enumerate() {
        if ends_sentence(c) || seen == MAX_LEAD {
            break;
        }
        from = i;
    }
    head[from..].contains("其中") || before[clause_start..].starts_with("其中")
}

#[cfg(test)]
mod tests {
    use super::{Reading, reading};

    fn read(text: &str, word: &str) -> Reading {
        let at = text.rfind(word).unwrap();
        super::read_match(text, at..text.len(), true)
    }

    #[test]
    fn neutral_words_leave_the_fact() {
        for (text, word) in [
            ("全年办结28件", "办结"),
            ("2020年全区各级行政机关共受理政府信息公开申请21件", "受理"),
            ("2022年，全区收到政府信息公开申请75件", "收到"),
            ("本年度全区共收到70件申请，及时依法依规办结69件", "办结"),
            ("其中予以公开5件", "予以公开"),
            ("全市共受理政府信息公开申请3119件", "受理"),
            ("西工区应急管理局全年办结28件", "办结"),
            ("区政府办公室共办结28件", "办结"),
            ("办结依申请2件", "办结"),
            ("我局依法答复30件", "答复"),
            ("因本机关不掌握等原因无法提供265件", "无法提供"),
            ("含上年度结转申请18件", "上年度"),
            ("政府信息公开行政复议351件", "行政复议"),
            ("全年收取政府信息公开信息处理费3940元", "信息处理费"),
            ("集中公开现行有效行政规范性文件698件", "现行有效"),
            (
                "2022年，全区政府信息公开工作方面共有行政诉讼案件1件",
                "行政诉讼",
            ),
            ("依申请公开答复30件", "答复"),
            ("通过门户网站、《公报》等平台主动公开规章13件", "主动公开"),
        ] {
            assert_eq!(read(text, word), Reading::Plain, "{text}");
        }
    }

    #[test]
    fn a_qualified_count_is_another_fact() {
        for (text, word) in [
            ("办结依申请2件，其中公开答复1件", "答复"),
            ("不予处理158件", "处理"),
            ("其他处理0件", "处理"),
            ("办结27件，结转下年度继续办理1件", "办理"),
            ("不予以公开5件", "予以公开"),
            ("全年延期答复3件", "答复"),
            // an unknown word inside a breakdown names one of its items
            ("收到申请30件，其中信函申请办结10件", "办结"),
        ] {
            assert_eq!(read(text, word), Reading::Other, "{text}");
        }
    }

    #[test]
    fn unknown_words_make_the_reading_ambiguous() {
        assert_eq!(
            read("本年度通过平台办结28件", "办结"),
            Reading::Ambiguous("通过平台".into())
        );
    }

    #[test]
    fn a_clause_of_one_endless_phrase_is_read_in_bounded_time() {
        let text = "甲".repeat(100_000) + "办结5件";
        let at = text.rfind("办结").unwrap();
        assert!(matches!(reading(&text, at, true), Reading::Ambiguous(_)));
    }
}
