//! The hostile rule files of issue 6's catalogue, as `gongkai check --rules DIR` meets them:
//! each is refused at load with exit code 2 and a message at its place in the rule file, or —
//! for what only evaluation can find (a division by zero) — becomes a finding of its own, never a
//! panic, a hang or a memory blow-up.
//!
//! Rule packs cannot reference each other: a rule file has no include, import or extends key
//! (unknown keys are refused), and a rule directory is read without following symbolic links, so
//! there is no reference cycle to build and no way to pull in files from outside the directory.

mod common;

use common::{gongkai, repo};

use std::path::PathBuf;
use std::process::Output;

/// A scratch directory with an empty `custom` rule directory in it.
fn scratch(name: &str) -> PathBuf {
    let dir = common::scratch(name);
    std::fs::create_dir_all(dir.join("custom")).expect("scratch dir");
    dir
}

const HONGZE: &str = "tests/fixtures/hongze-district-2023.txt";

/// A rule file `custom/<id>.yaml` whose check is `body` (YAML lines after the common keys).
fn rule(id: &str, body: &str) -> String {
    format!(
        "id: {id}\ntitle: 测试规则\nseverity: error\ndescription:\n  what: 测试\n  why: 测试\n  fix: 测试\n\
         message:\n  zh: 测试不符\n  en: test mismatch\n{body}\n"
    )
}

/// Writes the rule into a fresh rule directory and runs `check --rules DIR` on a sample report.
fn run_with(name: &str, file: &str, text: &str) -> Output {
    let dir = scratch(name);
    std::fs::write(dir.join("custom").join(file), text).expect("write rule");
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--rules",
        dir.to_str().expect("utf-8"),
        HONGZE,
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    o
}

/// The run was refused at rule loading: exit 2, nothing checked, the message on stderr names
/// the rule file, and contains `needle`.
fn refused(o: &Output, needle: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("custom"), "names the rule file: {err}");
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
}

#[test]
fn a_yaml_alias_bomb_is_refused() {
    let mut bomb = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        let refs = vec![format!("*a{p}"); 9].join(",");
        bomb.push_str(
            &[
                "a",
                &i.to_string(),
                ": &a",
                &i.to_string(),
                " [",
                &refs,
                "]\n",
            ]
            .concat(),
        );
    }
    let o = run_with(
        "alias",
        "custom-alias.yaml",
        &format!("{}{bomb}", rule("custom-alias", "assert: 1 == 1")),
    );
    refused(&o, "alias");
}

#[test]
fn yaml_nested_10000_deep_is_refused() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let o = run_with(
        "deep",
        "custom-deep.yaml",
        &rule("custom-deep", &format!("tags: {deep}\nassert: 1 == 1")),
    );
    refused(&o, "recursion");
    let mut deep_map = String::new();
    // Block nesting needs one more space per level: 1,000 levels is already 0.5 MB.
    for i in 0..1_000 {
        deep_map.push_str(&" ".repeat(i));
        deep_map.push_str("k:\n");
    }
    let o = run_with("deepmap", "custom-deepmap.yaml", &format!("x:\n{deep_map}"));
    assert_eq!(o.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
}

#[test]
fn an_expression_nested_10000_deep_is_refused() {
    let deep = format!(
        "{}applications.total.total{}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    // Longer than an expression may be: refused for its length before it is parsed.
    let o = run_with(
        "expr",
        "custom-expr.yaml",
        &rule("custom-expr", &format!("assert: \"{deep} == 1\"")),
    );
    refused(&o, "expression");
    // Within the length limit but deeper than the nesting limit.
    let deep = format!("{}1{} == 1", "(".repeat(1000), ")".repeat(1000));
    let o = run_with(
        "expr2",
        "custom-expr2.yaml",
        &rule("custom-expr2", &format!("assert: \"{deep}\"")),
    );
    refused(&o, "nested deeper than");
    let negs = format!("{}1 == 1", "-".repeat(3000));
    let o = run_with(
        "expr3",
        "custom-expr3.yaml",
        &rule("custom-expr3", &format!("assert: \"{negs}\"")),
    );
    refused(&o, "nested deeper than");
}

#[test]
fn pathological_regexes_are_refused_or_run_in_linear_time() {
    // Exponential size when compiled: refused by the size limit.
    let o = run_with(
        "regex-big",
        "custom-regex-big.yaml",
        &rule(
            "custom-regex-big",
            "narrative:\n  in: [overview]\n  patterns: ['(?:(?:(?:a{100}){100}){100}){n}']\n  assert: n == 1",
        ),
    );
    refused(&o, "too large");
    // Catastrophic backtracking in other engines; the regex crate runs it in linear time, so the
    // run completes (the pattern simply does not match).
    let o = run_with(
        "regex-redos",
        "custom-regex-redos.yaml",
        &rule(
            "custom-regex-redos",
            "narrative:\n  in: [overview]\n  patterns: ['(?:(?:公开)*)*{n}件X']\n  assert: n == 1",
        ),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(matches!(o.status.code(), Some(0 | 1)), "{err}");
    // Syntax the regex crate refuses (backreferences, look-around): a load error, located.
    let o = run_with(
        "regex-backref",
        "custom-regex-backref.yaml",
        &rule(
            "custom-regex-backref",
            "narrative:\n  in: [overview]\n  patterns: ['(a)\\1{n}']\n  assert: n == 1",
        ),
    );
    refused(&o, "malformed pattern");
}

#[test]
fn a_division_by_zero_is_a_finding_of_its_own_not_a_crash() {
    // 洪泽区 2023: 商业企业 applied for nothing (0), so the division fails at evaluation.
    let o = run_with(
        "div0",
        "custom-div0.yaml",
        &rule(
            "custom-div0",
            "assert: applications.total.total / applications.total.commercial == 1",
        ),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let findings = v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let f = findings
        .iter()
        .find(|f| f["rule"] == "custom-div0")
        .unwrap_or_else(|| panic!("a finding for the rule: {v}"));
    assert_eq!(f["severity"], "warning");
    assert!(
        f["message"]
            .as_str()
            .unwrap_or_default()
            .contains("除数为零"),
        "{f}"
    );
    // A division by a literal zero fails at evaluation the same way.
    let o = run_with(
        "div0lit",
        "custom-div0lit.yaml",
        &rule(
            "custom-div0lit",
            "assert: applications.total.total / 0 == 1",
        ),
    );
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
    assert!(matches!(o.status.code(), Some(0..=2)));
}

#[test]
fn rule_packs_cannot_include_each_other_nor_reach_outside_their_directory() {
    // No include/import key exists: refused as an unknown field, so no cycle can be built.
    for key in ["include", "import", "extends"] {
        let o = run_with(
            key,
            "custom-inc.yaml",
            &rule(
                "custom-inc",
                &format!("{key}: ../other/custom-inc.yaml\nassert: 1 == 1"),
            ),
        );
        refused(&o, &format!("unknown field `{key}`"));
    }
    // A symbolic link in a rule directory to a rule outside it is not followed.
    #[cfg(unix)]
    {
        let outside = scratch("outside");
        std::fs::write(
            outside.join("custom/custom-outside.yaml"),
            rule("custom-outside", "assert: 1 == 2"),
        )
        .expect("write");
        let dir = scratch("linked");
        std::os::unix::fs::symlink(
            outside.join("custom/custom-outside.yaml"),
            dir.join("custom/custom-outside.yaml"),
        )
        .expect("symlink");
        std::os::unix::fs::symlink(outside.join("custom"), dir.join("linked-dir"))
            .expect("symlink");
        let o = gongkai(&["rules", "list", "--rules", dir.to_str().expect("utf-8")]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!out.contains("custom-outside"), "{out}");
    }
    // A rule test case can only name a fixture by a plain file name.
    let dir = scratch("fixture-path");
    std::fs::write(
        dir.join("custom/custom-ok.yaml"),
        rule("custom-ok", "assert: applications.total.total >= 0"),
    )
    .expect("write");
    std::fs::write(
        dir.join("custom/custom-ok.test.yaml"),
        "cases:\n  - name: outside\n    fixture: ../../../../etc/passwd\n    expect: []\n",
    )
    .expect("write");
    let o = gongkai(&["rules", "test", dir.to_str().expect("utf-8")]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_ne!(o.status.code(), Some(0), "{all}");
    assert!(!all.contains("root:"), "{all}");
}

#[test]
fn a_huge_number_survives_and_a_negative_count_is_reported_by_the_rules() {
    let text = std::fs::read_to_string(repo().join(HONGZE)).expect("fixture");
    let text = text.replace(
        "（七）总计 21 0 0 0 0 0 21",
        "（七）总计 99999999999999999999999 0 0 0 0 -1 21",
    );
    let dir = scratch("numbers");
    let path = dir.join("numbers.txt");
    std::fs::write(&path, text).expect("write");
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "json",
        path.to_str().expect("utf-8"),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let findings = v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let on = |needle: &str| {
        findings.iter().any(|f| {
            f["labels"].as_array().is_some_and(|ls| {
                ls.iter()
                    .any(|l| l["text"].as_str().is_some_and(|t| t.contains(needle)))
            }) || f.to_string().contains(needle)
        })
    };
    // The huge number is kept as written (an invalid cell, see the reader's catalogue): the
    // checks of its column are skipped, not run on a guess, and the cell itself is an error of
    // `structure-invalid-value` that quotes it.
    assert!(
        !on("99999999999999999999999 0 0 0 0 -1 21，应为"),
        "no finding computes with the invalid cell: {v:#}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "structure-invalid-value"
                && f["severity"] == "error"
                && f.to_string().contains("99999999999999999999999")),
        "the invalid cell is reported: {v:#}"
    );
    assert!(on("-1"), "the negative count is reported: {v:#}");
    assert_eq!(o.status.code(), Some(1), "{v:#}");
}
