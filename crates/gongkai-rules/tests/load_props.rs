//! Property test of rule loading: the built-in rule files, mutated with pieces of real rules
//! (keys, paths, expressions, patterns) and of YAML syntax, never panic when loaded; every load
//! error is located inside its file, on character boundaries, at the line and column of its
//! offset; a rule that still loads evaluates on a real report with its findings' labels inside
//! that report. Bounded (a few hundred cases) so it runs in `cargo test`; the unbounded version
//! is the `rule_file` / `rule_expr` fuzz targets.

// The Err/Ok arms inside proptest! read as the two outcomes of loading.
#![allow(clippy::single_match_else)]

use std::sync::OnceLock;

use gongkai_rules::{Lang, LoadError, Outcome, RuleSet, RuleSource, builtin_rule_files};
use proptest::prelude::*;

/// Values written in the built-in rules (after `key: `), and YAML and expression syntax.
fn pool() -> &'static [String] {
    static POOL: OnceLock<Vec<String>> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut v: Vec<String> = builtin_rule_files()
            .iter()
            .flat_map(|(_, t)| t.lines())
            .filter_map(|l| l.split_once(": ").map(|(_, v)| v.to_owned()))
            .chain(
                builtin_rule_files()
                    .iter()
                    .flat_map(|(_, t)| t.lines())
                    .filter_map(|l| l.trim_start().strip_prefix("- ").map(str::to_owned)),
            )
            .collect();
        v.extend(
            [
                "&a ",
                "*a",
                "[",
                "]",
                "{",
                "}",
                ": ",
                "- ",
                "'",
                "\"",
                "\t",
                "~",
                "null",
                "!!binary ",
                "\u{feff}",
                "（",
                "{col}",
                "{row}",
                "{group}",
                "{nope}",
                "{",
                "previous.",
                "\\",
                "applications.total.{col}",
                "sum(applications.*.total)",
                "(?P<n>\\d+)",
                "((((",
                "))",
                "1/0",
                "99999999999999999999999999999",
                "0.0000000000000000000000000001",
                "\n",
                "\n  ",
                "#",
                "---\n",
                "...",
                "|\n  ",
                ">-\n  ",
                "?",
                "%YAML 1.2\n",
                "在",
                "�",
                "for_each: {x: [a, b]}",
                "narrative:\n  patterns: ['{n}']\n  assert: n == 1",
            ]
            .map(str::to_owned),
        );
        v.sort();
        v.dedup();
        v
    })
}

#[derive(Debug, Clone)]
enum Edit {
    /// Replace what follows `key: ` on a line (or the whole line) with a piece.
    Value(usize, usize),
    Insert(usize, usize),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Indent(usize),
    Dedent(usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = 1usize << 16;
    prop_oneof![
        4 => (0..n, 0..n).prop_map(|(a, b)| Edit::Value(a, b)),
        3 => (0..n, 0..n).prop_map(|(a, b)| Edit::Insert(a, b)),
        1 => (0..n).prop_map(Edit::DeleteLine),
        1 => (0..n).prop_map(Edit::DuplicateLine),
        1 => (0..n, 0..n).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        1 => (0..n).prop_map(Edit::Indent),
        1 => (0..n).prop_map(Edit::Dedent),
        1 => (0..n).prop_map(Edit::Truncate),
    ]
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[allow(clippy::many_single_char_names)]
fn apply(text: &str, e: &Edit) -> String {
    let pool = pool();
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let n = lines.len();
    match *e {
        Edit::Value(l, p) => {
            let line = &mut lines[l % n];
            let piece = &pool[p % pool.len()];
            *line = match line.split_once(": ") {
                Some((k, _)) => format!("{k}: {piece}"),
                None => piece.clone(),
            };
        }
        Edit::Insert(at, p) => {
            let at = floor_boundary(text, at % (text.len() + 1));
            return format!("{}{}{}", &text[..at], pool[p % pool.len()], &text[at..]);
        }
        Edit::DeleteLine(l) => {
            lines.remove(l % n);
        }
        Edit::DuplicateLine(l) => {
            let dup = lines[l % n].clone();
            lines.insert(l % n, dup);
        }
        Edit::SwapLines(a, b) => lines.swap(a % n, b % n),
        Edit::Indent(l) => lines[l % n].insert_str(0, "  "),
        Edit::Dedent(l) => {
            let line = &mut lines[l % n];
            *line = line.trim_start().to_owned();
        }
        Edit::Truncate(at) => {
            return text[..floor_boundary(text, at % (text.len() + 1))].to_owned();
        }
    }
    lines.join("\n")
}

/// Line and column (1-based, column in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[start..].chars().count() + 1;
    (u32::try_from(line).unwrap(), u32::try_from(col).unwrap())
}

fn check_error(text: &str, e: &LoadError) -> Result<(), TestCaseError> {
    prop_assert_eq!(e.path(), "rules/custom/custom-rule.yaml");
    if e.message() == gongkai_rules::NOT_A_RULE_FILE {
        // A mutation that removed the `id:` line: refused without showing the file.
        return Ok(());
    }
    let places: Vec<(usize, usize)> = e.span().into_iter().collect();
    prop_assert!(!places.is_empty(), "error without a place: {}", e);
    for (o, len) in places {
        prop_assert!(
            o + len <= text.len(),
            "label {}+{} outside {} bytes: {}",
            o,
            len,
            text.len(),
            e
        );
        prop_assert!(
            text.is_char_boundary(o) && text.is_char_boundary(o + len),
            "label splits a character: {}",
            e
        );
    }
    let primary = e.span().map(|(o, _)| o);
    if let Some(o) = primary {
        prop_assert_eq!(
            line_col(text, o),
            (e.line(), e.column()),
            "line/column vs offset: {}",
            e
        );
    }
    Ok(())
}

fn report() -> &'static gongkai_reader::Extracted {
    static R: OnceLock<gongkai_reader::Extracted> = OnceLock::new();
    R.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/huaian-city-2024.txt"
        );
        let bytes = std::fs::read(path).expect("fixture");
        gongkai_reader::read(
            &bytes,
            "huaian-city-2024.txt",
            &gongkai_reader::ReadOptions::default(),
        )
        .expect("fixture reads")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_rule_files_load_or_fail_located(
        which in 0..64usize,
        edits in proptest::collection::vec(edit(), 1..5),
    ) {
        let files = builtin_rule_files();
        let (_, original) = files[which % files.len()];
        // The id must match the file name: use the rule's own id as the name, so a mutation
        // (not the name) decides whether it loads.
        let mut text = original.replacen(
            original.lines().next().unwrap_or(""),
            "id: custom-rule",
            1,
        );
        for e in &edits {
            text = apply(&text, e);
        }
        let mut set = RuleSet::new();
        match set.add(&[RuleSource { path: "rules/custom/custom-rule.yaml", text: &text }]) {
            Err(errors) => {
                prop_assert!(!errors.0.is_empty());
                for e in &errors.0 {
                    check_error(&text, e)?;
                }
            }
            Ok(()) => {
                let x = report();
                for r in set.evaluate(&x.report, None, Lang::Zh) {
                    if let Outcome::Findings { findings } = r.outcome {
                        for f in findings {
                            for l in f.labels {
                                let s = l.span;
                                prop_assert!(s.offset + s.length <= x.source.text().len());
                                prop_assert!(x.source.text().is_char_boundary(s.offset));
                                prop_assert!(x.source.text().is_char_boundary(s.offset + s.length));
                            }
                        }
                    }
                }
            }
        }
    }
}
