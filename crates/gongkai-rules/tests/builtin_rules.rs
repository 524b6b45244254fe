//! Runs every case of every built-in rule's `<rule-id>.test.yaml`, then snapshots the rendered
//! outcomes (one snapshot per rule). Expectations are asserted first: a snapshot can never hide
//! a rule that stopped firing.

mod common;

use std::fmt::Write as _;
use std::path::PathBuf;

use gongkai_rules::harness::{TestEnv, run_tests};
use gongkai_rules::{RuleSet, RuleSource, builtin_test_files};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> Result<String, String> {
    if name.contains("..") || name.contains('/') {
        return Err(format!("fixture names are plain file names: {name}"));
    }
    std::fs::read_to_string(root().join("tests/fixtures").join(name))
        .map_err(|e| format!("{name}: {e}"))
}

#[test]
fn every_builtin_rule_case_passes() {
    let set = RuleSet::builtin().unwrap_or_else(|e| panic!("built-in rules do not load:\n{e}"));
    let tests: Vec<RuleSource<'_>> = builtin_test_files()
        .iter()
        .map(|(path, text)| RuleSource { path, text })
        .collect();
    let env = TestEnv {
        read: &common::read,
        fixture: &fixture,
    };
    let results = run_tests(&set, &tests, &env);
    let failures: Vec<String> = results
        .iter()
        .filter(|r| !r.passed())
        .map(|r| {
            format!(
                "{}:{} [{}] {}: {}\n{}",
                r.path,
                r.line,
                r.rule,
                r.case,
                r.failure.as_deref().unwrap_or(""),
                r.rendered
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every built-in rule has a must-fire and a must-not-fire case.
    for rule in set.rules() {
        let has = |fire: bool| {
            results.iter().any(|r| {
                r.rule == rule.id && r.rendered.starts_with(if fire { "error[" } else { "pass" })
                    || (r.rule == rule.id
                        && fire
                        && (r.rendered.starts_with("warning[") || r.rendered.starts_with("info[")))
            })
        };
        assert!(has(true), "{} has no case that fires", rule.id);
        assert!(has(false), "{} has no case that passes", rule.id);
    }
    // Then the rendered outcomes, for review.
    let mut by_rule: std::collections::BTreeMap<&str, String> = std::collections::BTreeMap::new();
    for r in &results {
        let s = by_rule.entry(r.rule.as_str()).or_default();
        let _ = write!(s, "## {}\n{}\n", r.case, r.rendered);
    }
    for (rule, text) in by_rule {
        insta::assert_snapshot!(rule, text);
    }
}

#[test]
fn embedded_rules_are_the_files_on_disk() {
    let mut on_disk = Vec::new();
    let base = root().join("rules");
    let mut stack = vec![base.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "yaml") {
                let rel = p
                    .strip_prefix(&base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                on_disk.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    on_disk.sort();
    let mut embedded: Vec<(String, String)> = gongkai_rules::builtin_rule_files()
        .iter()
        .chain(builtin_test_files())
        .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
        .collect();
    embedded.sort();
    assert_eq!(
        embedded.iter().map(|e| &e.0).collect::<Vec<_>>(),
        on_disk.iter().map(|e| &e.0).collect::<Vec<_>>()
    );
    assert!(
        embedded == on_disk,
        "embedded rule texts differ from rules/ (rebuild)"
    );
    // and every rule has its test file
    for (path, _) in gongkai_rules::builtin_rule_files() {
        let test = path.replace(".yaml", ".test.yaml");
        assert!(
            builtin_test_files().iter().any(|(p, _)| *p == test),
            "{path} has no {test}"
        );
    }
}
