//! Generated files stay fresh: `schemas/rule.schema.json` and `docs/rules/` are regenerated here
//! and compared with the checked-in files. `UPDATE_GENERATED=1 cargo test -p gongkai-rules --test
//! generated` rewrites them.

use std::path::PathBuf;

use gongkai_rules::{RuleSet, rule_page, rule_schema_json, rules_index};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn check(path: &str, expected: &str) {
    let p = root().join(path);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&p).unwrap_or_default();
    similar_asserts(path, &actual, expected);
}

fn similar_asserts(path: &str, actual: &str, expected: &str) {
    if actual != expected {
        let diff: Vec<String> = actual
            .lines()
            .zip(expected.lines())
            .enumerate()
            .filter(|(_, (a, e))| a != e)
            .take(5)
            .map(|(i, (a, e))| format!("line {}:\n  checked in: {a}\n  generated:  {e}", i + 1))
            .collect();
        panic!(
            "{path} is stale; run `UPDATE_GENERATED=1 cargo test -p gongkai-rules --test generated`\n{}",
            diff.join("\n")
        );
    }
}

#[test]
fn rule_schema_is_fresh() {
    check("schemas/rule.schema.json", &rule_schema_json());
}

#[test]
fn rule_docs_are_fresh() {
    let set = RuleSet::builtin().unwrap();
    let mut metas: Vec<_> = set.rules().collect();
    metas.sort_by(|a, b| a.id.cmp(&b.id));
    check("docs/rules/README.md", &rules_index(metas.iter().copied()));
    for m in &metas {
        let mut page = rule_page(m);
        page.push('\n');
        check(&format!("docs/rules/{}.md", m.id), &page);
    }
    // No page for a rule that no longer exists.
    if std::env::var_os("UPDATE_GENERATED").is_none() {
        for entry in std::fs::read_dir(root().join("docs/rules")).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if let Some(id) = name.strip_suffix(".md") {
                assert!(
                    id == "README" || set.get(id).is_some(),
                    "docs/rules/{name} has no rule"
                );
            }
        }
    }
}

#[test]
fn rule_files_validate_against_the_checked_in_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/rule.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (path, text) in gongkai_rules::builtin_rule_files() {
        let value: serde_json::Value = serde_saphyr::from_str(text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
    }
    // and the schema rejects what the loader rejects
    let bad: serde_json::Value = serde_json::json!({"id": "x", "title": "t", "severity": "fatal"});
    assert!(!validator.is_valid(&bad));
}
