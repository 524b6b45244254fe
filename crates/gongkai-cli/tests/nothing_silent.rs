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

#[test]
fn a_previous_report_of_another_body_is_a_warning_on_the_file() {
    // 淮安's 2024 report given as 洪泽's last year: another body (and year). The year-over-year
    // rules are skipped, and the file says so at the top, as a warning with both places.
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--previous",
        HUAIAN,
        HONGZE,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let file = &v["files"][0];
    let warning = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "previous-report-mismatch")
        .unwrap_or_else(|| panic!("{}", file["diagnostics"]));
    assert_eq!(warning["severity"], "warning");
    assert_eq!(
        warning["message"],
        "所给上年度报告的机关为“淮安市人民政府”，不是“洪泽区人民政府”：跨年度核对未进行"
    );
    let labels = warning["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 2, "{labels:?}");
    assert_eq!(labels[0]["primary"], true);
    assert_eq!(labels[0]["document"], "current");
    assert_eq!(labels[1]["document"], "previous");
    // The other year-over-year rules say why they did not run.
    let carried = file["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rule"] == "previous-carried-over-mismatch")
        .unwrap();
    assert_eq!(
        carried["reason"],
        "所给上年度报告的机关为“淮安市人民政府”，不是“洪泽区人民政府”"
    );
    // Warnings do not fail the run; the human output shows it with the file.
    let human = stdout(&gongkai(&[
        "check",
        "--no-config",
        "--previous",
        HUAIAN,
        HONGZE,
    ]));
    assert!(
        human.contains("所给上年度报告不是本机关上一年度的报告"),
        "{human}"
    );
    // Last year's own report of the same body is no mismatch.
    let same = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--previous",
        HONGZE,
        HONGZE,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&same.stdout).unwrap();
    let year = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "previous-report-mismatch")
        .unwrap_or_else(|| panic!("{}", v["files"][0]["diagnostics"]));
    assert_eq!(
        year["message"],
        "所给上年度报告为 2023 年度，不是 2022 年度：跨年度核对未进行"
    );
}
