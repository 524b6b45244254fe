//! Nothing passes silently: the rules that could not check a file are listed (JSON `skipped`,
//! SARIF notifications, a line in the human summary, `--show-skipped` for the reasons), and
//! "未发现问题" is said only when every file was read and some rule ran.

mod common;

use common::{gongkai, repo, scratch};

const HONGZE: &str = "tests/fixtures/hongze-district-2023.txt";
const HUAIAN: &str = "tests/fixtures/huaian-city-2024.txt";

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn json_lists_the_skipped_rules_with_their_reasons() {
    let o = gongkai(&["check", "--no-config", "--format", "json", HUAIAN]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let skipped = v["files"][0]["skipped"].as_array().unwrap();
    // Without --previous every year-over-year rule is skipped, and says why.
    let carried = skipped
        .iter()
        .find(|s| s["rule"] == "previous-carried-over-mismatch")
        .unwrap_or_else(|| panic!("{skipped:?}"));
    assert_eq!(carried["reason"], "未提供上年度报告");
    assert_eq!(
        v["summary"]["skipped"]["previous-carried-over-mismatch"], 1,
        "{}",
        v["summary"]
    );
    assert!(v["summary"]["rules_ran"].as_u64().unwrap() > 0);
}

#[test]
fn sarif_gives_each_skipped_rule_as_a_note_and_stays_successful() {
    let o = gongkai(&["check", "--no-config", "--format", "sarif", HUAIAN]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let invocation = &v["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let note = invocation["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["descriptor"]["id"] == "previous-carried-over-mismatch")
        .unwrap();
    assert_eq!(note["level"], "note");
    assert_eq!(note["message"]["text"], "未提供上年度报告");
}

#[test]
fn the_human_summary_says_how_many_rules_could_not_check_and_show_skipped_says_why() {
    let out = stdout(&gongkai(&["check", "--no-config", HUAIAN]));
    let line = out
        .lines()
        .find(|l| l.contains(" 条规则未能检查："))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.ends_with("（--show-skipped 查看原因）"), "{line}");
    assert!(
        !out.contains("未能检查的规则：\n"),
        "details only when asked: {out}"
    );

    let out = stdout(&gongkai(&[
        "check",
        "--no-config",
        "--show-skipped",
        HUAIAN,
    ]));
    assert!(
        out.contains(&format!("未能检查的规则：\n  {HUAIAN}\n")),
        "{out}"
    );
    assert!(
        out.contains("    previous-carried-over-mismatch：未提供上年度报告\n"),
        "{out}"
    );
    let out = stdout(&gongkai(&[
        "check",
        "--no-config",
        "--lang",
        "en",
        "--show-skipped",
        HUAIAN,
    ]));
    assert!(out.contains(" rules could not check: "), "{out}");
    assert!(
        out.contains("    previous-carried-over-mismatch: no previous report given\n"),
        "{out}"
    );
}

#[test]
fn no_problems_found_only_when_every_file_was_read_and_a_rule_ran() {
    let last_summary = |args: &[&str]| {
        let out = stdout(&gongkai(args));
        out.lines()
            .find(|l| l.starts_with("文件 "))
            .unwrap_or_else(|| panic!("{out}"))
            .to_owned()
    };
    let ok = last_summary(&["check", "--no-config", HUAIAN]);
    assert!(ok.ends_with("未发现问题"), "{ok}");

    let o = gongkai(&["check", "--no-config", "--ignore", "all", HUAIAN]);
    assert_eq!(o.status.code(), Some(0));
    let line = stdout(&o)
        .lines()
        .find(|l| l.starts_with("文件 "))
        .unwrap()
        .to_owned();
    assert!(line.ends_with("没有运行任何规则，未做检查"), "{line}");
    assert!(!line.contains("未发现问题"), "{line}");

    let missing = "tests/fixtures/bad/does-not-exist.txt";
    let none = last_summary(&["check", "--no-config", missing]);
    assert_eq!(none, "文件 1，已检查 0，无法读取 1，没有可以检查的文件");
    let some = last_summary(&["check", "--no-config", HUAIAN, missing]);
    assert!(some.ends_with("已读取的文件未发现问题"), "{some}");
}

#[test]
fn a_negative_count_is_an_error() {
    let dir = scratch("negative");
    let text = std::fs::read_to_string(repo().join(HONGZE)).unwrap();
    // 表四 行政复议: 结果纠正 1 → -1 (and the total, so only the sign is wrong).
    let line = "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0";
    assert!(text.contains(line));
    let negative = text.replace(line, "10 -1 0 0 9 0 0 0 0 0 5 0 0 0 5");
    let file = dir.join("negative.txt");
    std::fs::write(&file, negative).unwrap();
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "json",
        file.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found: Vec<&serde_json::Value> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "review-litigation-negative-count")
        .collect();
    assert_eq!(found.len(), 1, "{v}");
    assert_eq!(found[0]["severity"], "error");
    assert!(
        found[0]["message"].as_str().unwrap().contains("-1"),
        "{}",
        found[0]
    );
    assert_eq!(o.status.code(), Some(1));
}
