//! The parts of a breakdown in the narrative ("共 N 件，其中 A 件、B 件……"): which numbers are
//! its items, and how far its list runs.
//!
//! A list of items is written with "，" and "、", and when items hold commas of their own, with
//! "；" between them ("其中:减税降费1条，政策废止文件1条；财政预算、决算报告共5条；…"). A
//! pattern captures the list up to the first "；"; the list may go on after it, or the "；" may
//! end it and start another statement. Both readings are plausible, so with the stated total
//! known the reading is chosen as a person would: the list up to a "；" (or to the end of the
//! sentence) whose items add up to the total; when none does, the reading nearest the total,
//! and the finding lists the numbers it added. A group after "；" that opens a breakdown of its
//! own ("；办结30件，其中…") is the total of that one, not an item of this one. Numbers in
//! brackets inside the list ("预决算公开197条（政府预决算32条、部门预决算165条）") break an item
//! down further and are not items. A list that ends in "等" is open: items adding up to less than
//! the total are consistent with it.

use rust_decimal::Decimal;

/// Units that count things (a breakdown's items share one of them).
pub(crate) const COUNT_UNITS: &[&str] = &[
    "件", "条", "项", "个", "篇", "次", "家", "份", "起", "宗", "人",
];

/// How many characters after the captured list are read for its continuation.
const MAX_CONTINUATION: usize = 2000;

/// A number written in a list, with the unit right after it.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub value: Decimal,
    pub unit: String,
    /// Byte offset in the compact section text.
    pub at: usize,
    pub raw: String,
}

/// The numbers of `text` (which starts at byte `base` of the compact text) outside brackets.
pub(crate) fn items(text: &str, base: usize) -> Vec<Item> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            if depth > 0 {
                continue;
            }
            let raw = text[start..i].trim_end_matches('.');
            let after = &text[i..];
            let unit = ["万元", "元", "%"]
                .iter()
                .chain(COUNT_UNITS)
                .find(|u| after.starts_with(**u))
                .map_or(String::new(), |u| (*u).to_owned());
            if let Ok(value) = raw.parse::<Decimal>() {
                found.push(Item {
                    value,
                    unit,
                    at: base + start,
                    raw: raw.to_owned(),
                });
            }
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += c.len_utf8();
    }
    found
}

/// The items of a breakdown among `found`: those in the total's unit; when fewer than two, those
/// in one other counting unit, if all share it ("62条，其中…2项、56项、1项、3项"). Mixed units
/// are no breakdown.
pub(crate) fn parts<'a>(found: &'a [Item], unit: Option<&str>) -> Vec<&'a Item> {
    let same: Vec<&Item> = found
        .iter()
        .filter(|n| unit.is_some_and(|u| n.unit == u))
        .collect();
    if unit.is_some() && same.len() >= 2 {
        return same;
    }
    let counted: Vec<&Item> = found
        .iter()
        .filter(|n| COUNT_UNITS.contains(&n.unit.as_str()))
        .collect();
    let shared = counted
        .first()
        .is_some_and(|first| counted.iter().all(|n| n.unit == first.unit));
    if shared { counted } else { Vec::new() }
}

/// The groups that continue a list captured up to byte `end` of `text` across "；": each group's
/// byte range, up to the end of the sentence, an unbalanced closing bracket, or a group that
/// opens a breakdown of its own.
pub(crate) fn continuation(text: &str, end: usize) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let mut pos = end;
    let limit = end.saturating_add(MAX_CONTINUATION * 3).min(text.len());
    while let Some(rest) = text.get(pos..limit) {
        let Some(sep) = rest.chars().next().filter(|c| matches!(c, '；' | ';')) else {
            break;
        };
        let start = pos + sep.len_utf8();
        let mut depth = 0usize;
        let mut stop = limit;
        let mut closed = false;
        for (i, c) in text[start..limit].char_indices() {
            match c {
                '。' | '！' | '!' | '？' | '?' | '\n' | '；' | ';' => {
                    stop = start + i;
                    break;
                }
                '（' | '(' => depth += 1,
                '）' | ')' if depth == 0 => {
                    stop = start + i;
                    closed = true;
                    break;
                }
                '）' | ')' => depth -= 1,
                _ => {}
            }
        }
        if text[start..stop].contains("其中") {
            break;
        }
        groups.push(start..stop);
        if closed {
            break;
        }
        pos = stop;
    }
    groups
}

/// Whether a list's text ends open ("…3件等", "…等等").
pub(crate) fn is_open(list: &str) -> bool {
    list.trim_end_matches(['，', ',', '、', '）', ')'])
        .ends_with('等')
}

/// The chosen reading of a list whose groups are given (the captured one first): the index of
/// the last group read, and whether the reading is an open list consistent with the total.
pub(crate) fn choose(
    groups: &[(String, Vec<Item>)],
    unit: Option<&str>,
    total: Option<Decimal>,
) -> (usize, bool) {
    let Some(total) = total else {
        return (0, false);
    };
    let mut all: Vec<Item> = Vec::new();
    let mut best: Option<(usize, Decimal)> = None;
    for (j, (text, found)) in groups.iter().enumerate() {
        all.extend(found.iter().cloned());
        let p = parts(&all, unit);
        let sum = p
            .iter()
            .try_fold(Decimal::ZERO, |a, n| a.checked_add(n.value));
        let Some(sum) = sum else { break };
        if p.len() >= 2 && sum == total {
            return (j, false);
        }
        if p.len() >= 2 && is_open(text) && sum < total {
            return (j, true);
        }
        let gap = (sum - total).abs();
        if best.is_none_or(|(_, g)| gap < g) {
            best = Some((j, gap));
        }
    }
    (best.map_or(0, |b| b.0), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(text: &str, captured: &str) -> Vec<(String, Vec<Item>)> {
        let end = text.find(captured).unwrap() + captured.len();
        let mut g = vec![(captured.to_owned(), items(captured, end - captured.len()))];
        for r in continuation(text, end) {
            g.push((text[r.clone()].to_owned(), items(&text[r.clone()], r.start)));
        }
        g
    }

    #[test]
    fn a_list_runs_across_semicolons_to_the_reading_that_adds_up() {
        let text = "其中:减税降费1条，政策废止文件1条；财政预算、决算报告共5条；财政资金直达基层7条；其他文件共39条。";
        let g = groups(text, "减税降费1条，政策废止文件1条");
        assert_eq!(g.len(), 4);
        assert_eq!(choose(&g, Some("条"), Some(Decimal::from(53))), (3, false));
        // a "；" that ends the list: its first group already adds up
        let text = "其中自然人28件、法人2件；全年办结30件。";
        let g = groups(text, "自然人28件、法人2件");
        assert_eq!(choose(&g, Some("件"), Some(Decimal::from(30))), (0, false));
    }

    #[test]
    fn a_group_opening_its_own_breakdown_ends_the_list() {
        let text = "其中自然人28件、法人1件；办结30件，其中予以公开20件。";
        let g = groups(text, "自然人28件、法人1件");
        assert_eq!(g.len(), 1);
    }

    #[test]
    fn bracketed_numbers_are_no_items() {
        let found = items(
            "专项资金152条，预决算公开197条（政府预决算32条、部门预决算公开165条）、“三公”经费27条、债券发行4条",
            0,
        );
        let sum: Decimal = found.iter().map(|n| n.value).sum();
        assert_eq!(sum, Decimal::from(380));
    }

    #[test]
    fn an_open_list_may_add_up_to_less() {
        let g = groups(
            "其中行政许可5件、行政处罚3件等。",
            "行政许可5件、行政处罚3件等",
        );
        assert_eq!(choose(&g, Some("件"), Some(Decimal::from(10))), (0, true));
        assert!(!choose(&g, Some("件"), Some(Decimal::from(7))).1);
    }

    #[test]
    fn the_continuation_is_bounded() {
        let text = format!("其中A1件、B1件{}", "；C1件".repeat(100_000));
        let g = continuation(&text, "其中A1件、B1件".len());
        assert!(g.len() <= MAX_CONTINUATION);
    }
}
