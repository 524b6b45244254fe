//! Inputs found by fuzzing and property tests (issue 6), kept with the exact result they must
//! give. Each fixture is under `tests/fixtures/`.

mod common;

use gongkai_rules::{RuleSet, RuleSource};

fn load_error(name: &str) -> (String, gongkai_rules::LoadError) {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    let mut set = RuleSet::new();
    let mut errors = set
        .add(&[RuleSource {
            path: "rules/custom/custom-rule.yaml",
            text: &text,
        }])
        .expect_err("the rule must not load")
        .0;
    assert_eq!(errors.len(), 1, "{errors:?}");
    (text, errors.remove(0))
}

/// A YAML syntax error at the start of a line of Chinese text: the error's label was one byte
/// long and cut the first character (《, three bytes) in half, so miette and the JSON output
/// pointed inside a character. Found by `tests/load_props.rs`.
#[test]
fn yaml_error_on_a_cjk_line_labels_whole_characters() {
    let (text, e) = load_error("yaml-error-on-cjk-line.yaml");
    assert_eq!(e.message(), "simple key expected ':'");
    assert_eq!((e.line(), e.column()), (20, 1));
    let (offset, len) = e.span().expect("located");
    let line_start = text
        .match_indices('\n')
        .nth(18)
        .map(|(i, _)| i + 1)
        .unwrap();
    assert_eq!(offset, line_start);
    assert_eq!(&text[offset..offset + len], "《");
}

/// A rule test file with lone carriage returns (`\r` without `\n`): the harness reported a
/// case's line as the YAML parser counts lines (a lone `\r` ends one), past the end of the file
/// as everything else in gongkai counts them (lines end at `\n`). Found by the `rule_test_file`
/// fuzz target (crash-bc58ae62…).
#[test]
fn rule_test_case_lines_count_newlines_only() {
    use gongkai_rules::harness::{TestEnv, run_tests};
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let path = format!(
        "{}/tests/fixtures/test-file-with-lone-cr.test.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    // The fuzzer's bytes hold invalid UTF-8 too; the target reads them lossily, as here.
    let text = String::from_utf8_lossy(&std::fs::read(&path).expect("fixture")).into_owned();
    assert_eq!(
        text.matches('\r').count(),
        14,
        "the fixture keeps its lone CRs"
    );
    let fixture = |name: &str| {
        std::fs::read_to_string(format!("{root}/tests/fixtures/{name}")).map_err(|e| e.to_string())
    };
    let env = TestEnv {
        read: &common::read,
        fixture: &fixture,
    };
    let set = RuleSet::builtin().expect("built-in rules");
    let src = [RuleSource {
        path: "rules/applications/applications-balance-mismatch.test.yaml",
        text: &text,
    }];
    let lines: Vec<u32> = run_tests(&set, &src, &env).iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 6, 14, 23]);
}
