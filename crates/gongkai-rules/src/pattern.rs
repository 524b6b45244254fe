//! Narrative patterns: regular expressions over a section's text, with two shorthands for rule
//! authors, and the mapping of a match back to the user's file.
//!
//! Patterns run on the section text *with all whitespace except paragraph breaks removed*,
//! because text extracted from PDFs puts spaces and line breaks anywhere ("受理政府信息公开申请
//! 3119 件", "全年办结\n28件"); authors then never have to think about spacing. Shorthands:
//!
//! - `{name}` — a number (digits, optional decimals), captured as `name`;
//! - `…` — a few words within the same clause (up to 20 characters, no comma or sentence end).
//!
//! Patterns are compiled with size limits (the `regex` crate matches in linear time, so a
//! pattern cannot hang a run; the limits bound memory).

use std::collections::BTreeSet;

use gongkai_core::{Section, Span};
use regex::{Regex, RegexBuilder};

use crate::limits::RuleLimits;

/// Expands the shorthands of a pattern into a regular expression.
pub(crate) fn expand(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if c == '…' {
            out.push_str("[^。；;！!？?，,\\n]{0,20}?");
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c == '\\' {
            // Keep escapes (including `\{`) verbatim.
            let mut it = rest.char_indices();
            it.next();
            let end = it.next().map_or(rest.len(), |(i, ch)| i + ch.len_utf8());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        if c == '{'
            && let Some(close) = rest.find('}')
        {
            let name = &rest[1..close];
            if is_ident(name) {
                out.push_str("(?P<");
                out.push_str(name);
                out.push_str(">[0-9]+(?:\\.[0-9]+)?)");
                rest = &rest[close + 1..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Compiles a pattern (after [`expand`]) with the size limits.
pub(crate) fn compile(pattern: &str, limits: &RuleLimits) -> Result<Regex, String> {
    if pattern.len() > limits.max_pattern_bytes {
        return Err(format!(
            "pattern longer than {} bytes",
            limits.max_pattern_bytes
        ));
    }
    RegexBuilder::new(&expand(pattern))
        .size_limit(limits.max_regex_bytes)
        .dfa_size_limit(limits.max_regex_bytes)
        .nest_limit(40)
        .build()
        .map_err(|e| match e {
            regex::Error::Syntax(s) => {
                // The regex crate's message spans several lines with a caret; keep the last line.
                let last = s
                    .lines()
                    .rev()
                    .find(|l| l.starts_with("error:"))
                    .unwrap_or(&s);
                format!("malformed pattern: {}", last.trim_start_matches("error: "))
            }
            regex::Error::CompiledTooBig(n) => {
                format!("pattern too large (over {n} bytes compiled)")
            }
            other => format!("malformed pattern: {other}"),
        })
}

/// Patterns compiled so far by a [`RuleSet`](crate::RuleSet), by source and limits: rules that
/// share a phrasing share one compiled regex (a `Regex` is a handle to it). A compiled pattern
/// of the `…` shorthand is a hundred kilobytes or more; a pack of thousands of rules written from
/// one template held a copy each.
#[derive(Default)]
pub(crate) struct Patterns(std::collections::HashMap<(String, usize, usize), Regex>);

impl Patterns {
    /// [`compile`], or the regex compiled before for the same pattern and limits.
    pub(crate) fn compile(&mut self, pattern: &str, limits: &RuleLimits) -> Result<Regex, String> {
        let key = (
            pattern.to_owned(),
            limits.max_pattern_bytes,
            limits.max_regex_bytes,
        );
        if let Some(re) = self.0.get(&key) {
            return Ok(re.clone());
        }
        let re = compile(pattern, limits)?;
        self.0.insert(key, re.clone());
        Ok(re)
    }
}

/// The names of the captures a compiled pattern defines.
pub(crate) fn capture_names(re: &Regex) -> BTreeSet<String> {
    re.capture_names().flatten().map(str::to_owned).collect()
}

/// A section's text with whitespace removed (paragraph breaks kept), and the map back; built
/// once per section for all the rules of a run.
pub(crate) struct Compact {
    pub text: String,
    /// `(offset in text, offset in the section text)` at the start of each run of kept
    /// characters: between two runs only whitespace was removed. One entry a run rather than
    /// one a character (sixteen bytes a character made this map the largest part of a check's
    /// memory on a long narrative).
    runs: Vec<(usize, usize)>,
    orig_len: usize,
    /// Whether the section's sentences and numbers are in the order of their offsets, the
    /// sentences not overlapping (as the reader makes them): then a lookup by offset is a
    /// binary search, not a scan per match.
    ordered: bool,
}

impl Compact {
    pub(crate) fn new(section: &Section) -> Self {
        let text = section.text.as_str();
        let mut out = String::with_capacity(text.len());
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut next_orig = usize::MAX;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() && c != '\n' {
                continue;
            }
            if i != next_orig {
                runs.push((out.len(), i));
            }
            out.push(c);
            next_orig = i + c.len_utf8();
        }
        let ordered = section
            .sentences
            .windows(2)
            .all(|w| w[0].offset + w[0].length.max(1) <= w[1].offset)
            && section
                .numbers
                .windows(2)
                .all(|w| w[0].offset <= w[1].offset);
        Self {
            text: out,
            runs,
            orig_len: text.len(),
            ordered,
        }
    }

    /// The section-text offset of a compact offset (a character boundary of `text`, or its end).
    pub(crate) fn original(&self, offset: usize) -> usize {
        if offset >= self.text.len() {
            return self.orig_len;
        }
        match self.runs.partition_point(|r| r.0 <= offset).checked_sub(1) {
            Some(i) => {
                let (compact, orig) = self.runs[i];
                orig + (offset - compact)
            }
            None => 0,
        }
    }
}

/// The span in the source of the number written at `offset` of the section text, if the reader
/// recorded it; otherwise the span of the sentence around `offset`.
pub(crate) fn span_at(section: &Section, compact: &Compact, offset: usize) -> Option<Span> {
    let number = if compact.ordered {
        let i = section.numbers.partition_point(|n| n.offset < offset);
        section.numbers.get(i).filter(|n| n.offset == offset)
    } else {
        section.numbers.iter().find(|n| n.offset == offset)
    };
    if let Some(n) = number {
        return Some(n.span);
    }
    sentence_span(section, compact, offset)
}

/// The span of the sentence that contains `offset` of the section text.
pub(crate) fn sentence_span(section: &Section, compact: &Compact, offset: usize) -> Option<Span> {
    let sentence = if compact.ordered {
        // Sorted and disjoint: the last sentence starting at or before `offset` is the one that
        // contains it, or else the one before it — as the scan below finds.
        section
            .sentences
            .partition_point(|s| s.offset <= offset)
            .checked_sub(1)
            .and_then(|i| section.sentences.get(i))
    } else {
        section
            .sentences
            .iter()
            .find(|s| s.offset <= offset && offset < s.offset + s.length.max(1))
            .or_else(|| section.sentences.iter().rev().find(|s| s.offset <= offset))
    };
    sentence
        .map(|s| s.span)
        .or(section.span)
        .or_else(|| section.heading.as_ref().map(|h| h.span))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(pattern: &str) -> Result<Regex, String> {
        super::compile(pattern, &RuleLimits::default())
    }

    fn section(text: &str) -> Section {
        let mut s = Section::absent(gongkai_core::SectionId::Applications);
        s.text = text.to_owned();
        s
    }

    #[test]
    fn compact_offsets_map_back_across_removed_whitespace() {
        let text = " 受理 3119\n件 a  b\u{3000}c";
        let c = Compact::new(&section(text));
        assert_eq!(c.text, "受理3119\n件abc");
        for (i, ch) in c.text.char_indices() {
            let o = c.original(i);
            assert_eq!(text[o..].chars().next(), Some(ch), "{i}");
        }
        assert_eq!(c.original(c.text.len()), text.len());
    }

    #[test]
    fn shorthands_expand() {
        let re = compile("受理…申请{n}件").unwrap();
        let c = Compact::new(&section("全市共受理政府信息公开申请 3119 件，答复"));
        let m = re.captures(&c.text).unwrap();
        assert_eq!(&m["n"], "3119");
        let start = c.original(m.name("n").unwrap().start());
        assert_eq!(
            &"全市共受理政府信息公开申请 3119 件，答复"[start..start + 4],
            "3119"
        );
        // regex repetitions are left alone
        assert!(compile("a{2,3}").unwrap().is_match("aa"));
        assert!(compile("\\{n}").unwrap().is_match("{n}"));
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert!(compile("(unclosed").unwrap_err().contains("malformed"));
        assert!(compile(&"a".repeat(3000)).is_err());
        assert!(
            compile("(?:a{1000}){1000}")
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn ellipsis_stays_in_the_sentence() {
        let re = compile("受理…申请{n}件").unwrap();
        assert!(re.captures("受理平台上线。申请5件").is_none());
    }
}
