//! Check expressions and narrative patterns: the input is split into fields (first byte picks
//! the rule's shape; then `assert`, `when`, a narrative pattern and the narrative assert,
//! separated by newlines), put into a rule file as quoted YAML strings so every byte reaches
//! the expression parser and the pattern compiler, then evaluated on fixture reports.
#![no_main]
use std::fmt::Write as _;

use gongkai_fuzz::{check_findings, check_load_error, reports};
use gongkai_rules::{Lang, RuleSet, RuleSource};
use libfuzzer_sys::fuzz_target;

/// A YAML double-quoted scalar holding `s` exactly (JSON strings are YAML).
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20
                || c == '\u{7f}'
                || c == '\u{85}'
                || c == '\u{2028}'
                || c == '\u{2029}'
                || c == '\u{feff}' =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut fields = text.split('\n');
    let assert = fields.next().unwrap_or("");
    let when = fields.next().unwrap_or("");
    let pattern = fields.next().unwrap_or("");
    let narrative_assert = fields.next().unwrap_or("");

    let mut y = String::from(
        "id: fuzz-rule\ntitle: t\nseverity: error\ndescription:\n  what: w\n  why: y\n  fix: f\n\
         message:\n  zh: \"{lhs} {op} {rhs} {col} {row} {group}\"\n  en: \"{lhs} {op} {rhs}\"\n",
    );
    match shape & 3 {
        1 => y.push_str("for_each: column\n"),
        2 => y.push_str("for_each: row\n"),
        3 => y.push_str("for_each: group\n"),
        _ => {}
    }
    if shape & 4 != 0 {
        y.push_str("blank: zero\n");
    }
    if shape & 8 != 0 {
        y.push_str("combine: true\n");
    }
    if shape & 16 != 0 && !when.is_empty() {
        let _ = writeln!(y, "when: {}", quote(when));
    }
    if shape & 32 != 0 {
        let _ = writeln!(
            y,
            "narrative:\n  patterns:\n    - {}\n  assert: {}",
            quote(pattern),
            quote(narrative_assert)
        );
    } else {
        let _ = writeln!(y, "assert: {}", quote(assert));
    }
    if shape & 64 != 0 {
        y.push_str("tolerance: \"0.01\"\n");
    }

    let mut set = RuleSet::new();
    match set.add(&[RuleSource {
        path: "rules/fuzz/fuzz-rule.yaml",
        text: &y,
    }]) {
        Err(errors) => {
            for e in &errors.0 {
                check_load_error(&y, e);
            }
        }
        Ok(()) => {
            let (a, b, c) = reports();
            for (r, p) in [(a, Some(b)), (c, None), (b, Some(c))] {
                let results = set.evaluate(&r.report, p.map(|p| &p.report), Lang::Zh);
                check_findings(&results, &r.source, p.map(|p| &p.source));
            }
        }
    }
});
