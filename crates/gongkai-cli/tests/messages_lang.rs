//! Messages people can read: what the operating system said, in the run's language; a rule
//! file's error printed once, at the character column.

mod common;

use common::{gongkai, gongkai_in, scratch};

#[test]
fn os_errors_are_in_the_runs_language() {
    let missing = "tests/fixtures/bad/does-not-exist.txt";
    let o = gongkai(&["check", "--no-config", "--format", "json", missing]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let message = v["files"][0]["error"]["message"].as_str().unwrap();
    assert_eq!(message, "无法读取文件：文件或目录不存在");
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--lang",
        "en",
        missing,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["files"][0]["error"]["message"],
        "cannot read the file: no such file or directory"
    );
    // extract says it the same way.
    let o = gongkai(&["extract", missing]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("文件或目录不存在") && !err.contains("os error"),
        "{err}"
    );
}

#[test]
fn a_rule_file_error_is_printed_once_at_its_character_column() {
    let dir = scratch("rule-error");
    std::fs::create_dir_all(dir.join("our")).unwrap();
    std::fs::write(
        dir.join("our/local-x.yaml"),
        "id: local-x\ntitle: 测试\nseverity: info\ndescription:\n  what: 测试。\n  why: 测试。\n  fix: 测试。\nmessage:\n  zh: \"本年新收总计为 {nope}\"\nassert: applications.new_received.total > 0\n",
    )
    .unwrap();
    std::fs::write(dir.join("r.txt"), "x").unwrap();
    let o = gongkai_in(&dir, &["check", "--no-config", "--rules", "our", "r.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.matches("unknown placeholder `{nope}`").count(),
        2,
        "once in the header, once as the label: {err}"
    );
    assert_eq!(
        err.matches("local-x.yaml:9:").count(),
        2,
        "message and snippet header: {err}"
    );
    // `{` is the 16th character of its line (the 30th byte).
    assert!(
        err.contains("local-x.yaml:9:16: unknown placeholder"),
        "{err}"
    );
    assert!(err.contains("local-x.yaml:9:16]"), "{err}");
    assert!(err.contains("规则文件无法加载（1 处错误）"), "{err}");
}
