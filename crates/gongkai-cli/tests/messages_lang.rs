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

#[test]
fn rules_list_and_explain_take_lang_en() {
    let o = gongkai(&["rules", "list", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    let line = out
        .lines()
        .find(|l| l.starts_with("review-litigation-total-mismatch "))
        .unwrap();
    assert!(
        line.ends_with("表四: the total is not upheld + corrected + other + pending"),
        "{line}"
    );
    // Every built-in rule has an English title: no line of the list is Chinese but for 表 names.
    for line in out.lines() {
        let title = line.split_whitespace().skip(2).collect::<String>();
        let chinese = title
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .collect::<String>();
        assert!(
            chinese.is_empty() || chinese.chars().all(|c| "表二三四七总计规章".contains(c)),
            "{line}"
        );
    }
    let zh = String::from_utf8(gongkai(&["rules", "list"]).stdout).unwrap();
    assert!(zh.contains("表四总计不等于结果维持、结果纠正、其他结果、尚未审结之和"));

    let o = gongkai(&["rules", "explain", "--lang", "en", "structure-row-missing"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.starts_with("structure-row-missing — a table lacks a row of the form\n"),
        "{out}"
    );
}

#[test]
fn english_headers_use_the_english_title() {
    let o = gongkai(&[
        "check",
        "--no-config",
        "--lang",
        "en",
        "tests/fixtures/hongze-district-2023.txt",
    ]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains(
            "a row label differs from the form's (gongkai rules explain structure-label-variant)"
        ),
        "{out}"
    );
}

#[test]
fn a_report_on_standard_input_is_named_dash() {
    use std::io::Write as _;
    let text =
        std::fs::read(common::repo().join("tests/fixtures/hongze-district-2023.txt")).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "--no-config", "--format", "concise", "-"])
        .current_dir(common::repo())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.lines()
            .any(|l| l.starts_with("-:131:10 error review-litigation-total-mismatch ")),
        "{out}"
    );
}
