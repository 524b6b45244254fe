//! Finding the form's labels in the key string, exactly or with tolerance.
//!
//! A label is split into its ordinal ("一、", "（三）", "1.") and its core ("属于国家秘密").
//! The core is searched for; the ordinal, where present right before it, is included in the
//! label found. Short cores ("其他", "总计") are accepted only with their ordinal, since the
//! bare words occur everywhere in a table. When no exact match is found, an approximate one is
//! looked for (a few characters dropped, added or changed: "其他法律行政止公开"), within the
//! window the caller allows — callers bound it by the next row's label, so tolerance never
//! jumps over a row.

use super::stream::{Stream, fold};

/// A label of the form, prepared for matching.
#[derive(Debug, Clone)]
pub(crate) struct LabelKey {
    /// Folded ordinal ("一", "七", "1"), if the label has one.
    pub ordinal: Vec<char>,
    /// Folded core.
    pub core: Vec<char>,
    /// Whether this is a variant rather than the official label.
    pub variant: bool,
}

const CJK_NUMERALS: &str = "一二三四五六七八九十";

impl LabelKey {
    /// Prepares a label.
    pub fn new(label: &'static str, variant: bool) -> Self {
        let (ordinal, rest) = split_ordinal(label);
        LabelKey {
            ordinal: ordinal.chars().filter_map(fold).collect(),
            core: rest.chars().filter_map(fold).collect(),
            variant,
        }
    }

    /// Whether the ordinal must be present for a match.
    fn needs_ordinal(&self) -> bool {
        !self.ordinal.is_empty() && self.core.len() <= 3
    }
}

/// Splits a leading ordinal ("一、", "（三）", "(3)", "1.", "1、") off a label.
pub(crate) fn split_ordinal(label: &str) -> (&str, &str) {
    let t = label.trim_start();
    let mut chars = t.char_indices();
    match chars.next() {
        Some((_, open @ ('（' | '('))) => {
            if let Some(close) = t.find(['）', ')']) {
                let inner = t.get(open.len_utf8()..close).unwrap_or("");
                if !inner.is_empty()
                    && inner.chars().count() <= 3
                    && inner
                        .chars()
                        .all(|c| CJK_NUMERALS.contains(c) || c.is_ascii_digit())
                {
                    let end = close + t[close..].chars().next().map_or(0, char::len_utf8);
                    return (&t[..end], &t[end..]);
                }
            }
            ("", t)
        }
        Some((_, c)) if CJK_NUMERALS.contains(c) || c.is_ascii_digit() => {
            let num_end = t
                .char_indices()
                .find(|&(_, c)| !(CJK_NUMERALS.contains(c) || c.is_ascii_digit()))
                .map_or(t.len(), |(i, _)| i);
            let after = &t[num_end..];
            match after.chars().next() {
                Some(p @ ('、' | '.' | '．' | ',' | '，')) => {
                    let end = num_end + p.len_utf8();
                    (&t[..end], &t[end..])
                }
                _ => ("", t),
            }
        }
        _ => ("", t),
    }
}

/// A label found in the key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Found {
    /// Key index of the start (the ordinal's, when found).
    pub start: usize,
    /// Key index just past the end.
    pub end: usize,
    /// Which key matched (index into the keys searched).
    pub key: usize,
    /// Edit distance (0 for exact).
    pub distance: usize,
}

impl Found {
    /// Whether the official label matched exactly.
    pub fn is_official(&self, keys: &[LabelKey]) -> bool {
        self.distance == 0 && keys.get(self.key).is_some_and(|k| !k.variant)
    }
}

/// Finds the first exact occurrence of any of `keys` in `key[from..to]`: the earliest one, the
/// longest at the same place.
pub(crate) fn find_exact(s: &Stream, keys: &[LabelKey], from: usize, to: usize) -> Option<Found> {
    let to = to.min(s.key.len());
    let mut best: Option<Found> = None;
    for (ki, k) in keys.iter().enumerate() {
        let Some(&first) = k.core.first() else {
            continue;
        };
        let mut i = from;
        while i + k.core.len() <= to {
            if best.is_some_and(|b| i > b.start + k.ordinal.len()) {
                break;
            }
            if s.key[i] == first && s.key[i..i + k.core.len()] == k.core[..] {
                let ord_ok = has_ordinal(s, k, i, from);
                if ord_ok || !k.needs_ordinal() {
                    let start = if ord_ok { i - k.ordinal.len() } else { i };
                    let f = Found {
                        start,
                        end: i + k.core.len(),
                        key: ki,
                        distance: 0,
                    };
                    let better = best
                        .is_none_or(|b| f.start < b.start || (f.start == b.start && f.end > b.end));
                    if better {
                        best = Some(f);
                    }
                    break;
                }
            }
            i += 1;
        }
    }
    best
}

fn has_ordinal(s: &Stream, k: &LabelKey, core_start: usize, from: usize) -> bool {
    !k.ordinal.is_empty()
        && core_start >= from + k.ordinal.len()
        && s.key[core_start - k.ordinal.len()..core_start] == k.ordinal[..]
}

/// How many key characters after the cursor an approximate label search looks at.
const FUZZY_WINDOW: usize = 16 * 1024;

/// Finds the best approximate occurrence of any of `keys` in `key[from..to]`: at most a quarter
/// of the core's characters dropped, added or changed, and either the ordinal present or at most
/// one edit. Short cores are never matched approximately.
pub(crate) fn find_fuzzy(s: &Stream, keys: &[LabelKey], from: usize, to: usize) -> Option<Found> {
    // The approximate search costs label length × window per key; without a cap, a row whose
    // neighbours are not found searches the whole rest of the file, and one long junk line made
    // a report take half a minute. A row label sits within a few hundred characters of where the
    // previous row ended, so a generous fixed window loses nothing on real reports.
    let to = to.min(s.key.len()).min(from.saturating_add(FUZZY_WINDOW));
    let window = s.key.get(from..to)?;
    let mut best: Option<Found> = None;
    for (ki, k) in keys.iter().enumerate() {
        if k.core.len() < 4 {
            continue;
        }
        let max = k.core.len() / 4;
        let Some((distance, start, end)) = semi_global(&k.core, window, max) else {
            continue;
        };
        let (start, end) = (from + start, from + end);
        let ord_ok = has_ordinal(s, k, start, from);
        if !(ord_ok || distance <= 1) {
            continue;
        }
        let start = if ord_ok {
            start - k.ordinal.len()
        } else {
            start
        };
        let f = Found {
            start,
            end,
            key: ki,
            distance,
        };
        if best.is_none_or(|b| (f.distance, f.start) < (b.distance, b.start)) {
            best = Some(f);
        }
    }
    best
}

/// The substring of `text` closest to `pattern` by edit distance, if within `max`: the earliest
/// end among the best, as (distance, start, end).
fn semi_global(pattern: &[char], text: &[char], max: usize) -> Option<(usize, usize, usize)> {
    let m = pattern.len();
    // Column per pattern prefix: (distance, start in text) of the best alignment ending here.
    let mut prev: Vec<(usize, usize)> = (0..=m).map(|i| (i, 0)).collect();
    let mut cur = prev.clone();
    let mut best: Option<(usize, usize, usize)> = None;
    for (j, &tc) in text.iter().enumerate() {
        cur[0] = (0, j + 1);
        for i in 1..=m {
            let sub = (
                prev[i - 1].0 + usize::from(pattern[i - 1] != tc),
                prev[i - 1].1,
            );
            let del = (cur[i - 1].0 + 1, cur[i - 1].1);
            let ins = (prev[i].0 + 1, prev[i].1);
            // Prefer the later start (shorter match) among equal distances.
            cur[i] = [sub, del, ins]
                .into_iter()
                .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
                .unwrap_or(sub);
        }
        let (d, start) = cur[m];
        if d <= max && best.is_none_or(|b| d < b.0) {
            best = Some((d, start, j + 1));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

/// Whether the edit distance between `a` and `b` is at most `max`.
pub(crate) fn levenshtein_within(a: &[char], b: &[char], max: usize) -> bool {
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().is_some_and(|&d| d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_are_split() {
        assert_eq!(split_ordinal("1.属于国家秘密"), ("1.", "属于国家秘密"));
        assert_eq!(split_ordinal("（七）总计"), ("（七）", "总计"));
        assert_eq!(
            split_ordinal("四、结转下年度继续办理"),
            ("四、", "结转下年度继续办理")
        );
        assert_eq!(split_ordinal("规章"), ("", "规章"));
        assert_eq!(split_ordinal("（本列数据）"), ("", "（本列数据）"));
    }

    #[test]
    fn semi_global_finds_dropped_characters() {
        let pattern: Vec<char> = "其他法律行政法规禁止公开".chars().collect();
        let text: Vec<char> = "0002其他法律行政止公开0000".chars().collect();
        let (distance, start, end) = semi_global(&pattern, &text, 3).unwrap();
        assert_eq!(distance, 3);
        assert_eq!(
            text[start..end].iter().collect::<String>(),
            "其他法律行政止公开"
        );
    }
}
