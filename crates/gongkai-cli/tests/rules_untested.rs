//! `gongkai rules test`: a rule that no case exercises is named in a warning (it would pass every
//! run without ever having been tried); the run's result is that of the cases.

mod common;

use common::{gongkai, repo, scratch};

fn copy_rule(dir: &std::path::Path, builtin: &str, id: &str, with_tests: bool) {
    let read = |ext: &str| {
        std::fs::read_to_string(repo().join(format!("rules/{builtin}{ext}")))
            .unwrap()
            .replace(builtin.rsplit('/').next().unwrap(), id)
    };
    std::fs::write(dir.join(format!("{id}.yaml")), read(".yaml")).unwrap();
    if with_tests {
        std::fs::write(dir.join(format!("{id}.test.yaml")), read(".test.yaml")).unwrap();
    }
}

#[test]
fn a_rule_without_cases_is_a_warning_and_the_run_still_passes() {
    let dir = scratch("untested");
    copy_rule(
        &dir,
        "review-litigation/review-litigation-total-mismatch",
        "ours-tested",
        true,
    );
    copy_rule(
        &dir,
        "applications/applications-balance-mismatch",
        "ours-untested",
        false,
    );
    let o = gongkai(&["rules", "test", dir.to_str().unwrap()]);
    let out = String::from_utf8(o.stdout).unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert!(out.trim_end().ends_with(" 0 failed"), "{out}");
    assert_eq!(
        err.lines().filter(|l| l.contains("没有测试用例")).count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("警告：规则 ours-untested 没有测试用例（ours-untested.test.yaml）/ warning: rule ours-untested has no test cases"),
        "{err}"
    );
    assert!(!err.contains("ours-tested "), "{err}");
}

#[test]
fn the_built_in_pack_has_cases_for_every_rule() {
    let o = gongkai(&["rules", "test"]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("没有测试用例"), "{err}");
}
