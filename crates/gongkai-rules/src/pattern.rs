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

/// The names of the captures a compiled pattern defines.
pub(crate) fn capture_names(re: &Regex) -> BTreeSet<String> {
    re.capture_names().flatten().map(str::to_owned).collect()
}

/// A section's text with whitespace removed (paragraph breaks kept), and the map back.
pub(crate) struct Compact {
    pub text: String,
    /// For each char of `text`: (offset in `text`, offset in the section text).
    map: Vec<(usize, usize)>,
    orig_len: usize,
}

impl Compact {
    pub(crate) fn new(text: &str) -> Self {
        let mut out = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len() / 2);
        for (i, c) in text.char_indices() {
            if c.is_whitespace() && c != '\n' {
                continue;
            }
            map.push((out.len(), i));
            out.push(c);
        }
        Self {
            text: out,
            map,
            orig_len: text.len(),
        }
    }

    /// The section-text offset of a compact offset.
    pub(crate) fn original(&self, offset: usize) -> usize {
        match self.map.binary_search_by_key(&offset, |m| m.0) {
            Ok(i) => self.map[i].1,
            Err(i) => self.map.get(i).map_or(self.orig_len, |m| m.1),
        }
    }
}

/// The span in the source of the number written at `offset` of the section text, if the reader
/// recorded it; otherwise the span of the sentence around `offset`.
pub(crate) fn span_at(section: &Section, offset: usize) -> Option<Span> {
    if let Some(n) = section.numbers.iter().find(|n| n.offset == offset) {
        return Some(n.span);
    }
    sentence_span(section, offset)
}

/// The span of the sentence that contains `offset` of the section text.
pub(crate) fn sentence_span(section: &Section, offset: usize) -> Option<Span> {
    section
        .sentences
        .iter()
        .find(|s| s.offset <= offset && offset < s.offset + s.length.max(1))
        .or_else(|| section.sentences.iter().rev().find(|s| s.offset <= offset))
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

    #[test]
    fn shorthands_expand() {
        let re = compile("受理…申请{n}件").unwrap();
        let c = Compact::new("全市共受理政府信息公开申请 3119 件，答复");
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
