//! Inputs found by fuzzing and property tests (issue 6), kept with the exact result they must
//! give. Each fixture is under `tests/fixtures/`.

use gongkai_rules::{RuleSet, RuleSource};
use miette::Diagnostic as _;

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
    let label = e.labels().and_then(|mut l| l.next()).expect("located");
    let line_start = text
        .match_indices('\n')
        .nth(18)
        .map(|(i, _)| i + 1)
        .unwrap();
    assert_eq!(label.offset(), line_start);
    assert_eq!(&text[label.offset()..label.offset() + label.len()], "《");
}
