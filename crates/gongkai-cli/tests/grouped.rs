//! One wrong total, one finding, in every output format: the 淮安 2024 text with its grand total
//! 3050 changed to 3051 breaks three relations of 表三 (its row, its column, the column's
//! balance) and contradicts the narrative ("答复 3050 件"): two findings, not four, the table one
//! naming the other two rules.

mod common;

use common::{gongkai, repo, scratch};

const ALSO: [&str; 2] = [
    "applications-total-column-mismatch",
    "applications-total-row-mismatch",
];

/// The changed report, written to a scratch directory; its path.
fn changed_report(name: &str) -> String {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/huaian-city-2024.txt"))
        .expect("fixture");
    let row = "（七）总计 2932 53 0 0 61 4 3050";
    assert!(text.contains(row));
    let path = scratch(name).join("huaian-2024.txt");
    std::fs::write(
        &path,
        text.replacen(row, "（七）总计 2932 53 0 0 61 4 3051", 1),
    )
    .unwrap();
    path.display().to_string()
}

fn run(path: &str, format: &str) -> String {
    let o = gongkai(&["check", "--no-config", "--format", format, path]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    String::from_utf8(o.stdout).expect("UTF-8")
}

#[test]
fn concise_has_one_line_per_finding_and_names_the_grouped_rules() {
    let path = changed_report("concise");
    let out = run(&path, "concise");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].contains(" error narrative-handled-mismatch "),
        "{out}"
    );
    assert!(
        lines[1].contains(":138:24 error applications-balance-mismatch "),
        "{out}"
    );
    for rule in ALSO {
        assert!(lines[1].contains(&format!("[+{rule}]")), "{out}");
    }
}

#[test]
fn json_gives_the_grouped_findings_under_also() {
    let path = changed_report("json");
    let v: serde_json::Value = serde_json::from_str(&run(&path, "json")).expect("JSON");
    let d = v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(v["summary"]["errors"], 2, "{:#}", v["summary"]);
    let table = &d[1];
    assert_eq!(table["expected"], "3050");
    let primary = table["labels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["primary"] == true)
        .expect("a primary label");
    assert_eq!(
        (primary["line"].as_u64(), primary["text"].as_str()),
        (Some(138), Some("3051"))
    );
    let mut also: Vec<&str> = table["also"]
        .as_array()
        .expect("also")
        .iter()
        .map(|a| a["rule"].as_str().unwrap())
        .collect();
    also.sort_unstable();
    assert_eq!(also, ALSO);
    // A finding that stands alone has no `also` key at all (the output of such reports is
    // unchanged).
    assert!(d[0].get("also").is_none(), "{:#}", d[0]);
}

#[test]
fn sarif_has_one_result_for_the_table_with_the_rules_in_its_properties() {
    let path = changed_report("sarif");
    let v: serde_json::Value = serde_json::from_str(&run(&path, "sarif")).expect("SARIF");
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2, "{results:#?}");
    let table = results
        .iter()
        .find(|r| r["ruleId"] == "applications-balance-mismatch")
        .expect("the table's result");
    let mut also: Vec<&str> = table["properties"]["also"]
        .as_array()
        .expect("properties.also")
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    also.sort_unstable();
    assert_eq!(also, ALSO);
    let text = table["message"]["text"].as_str().unwrap();
    assert!(text.contains("六类申请人之和为"), "{text}");
}

#[test]
fn human_lists_the_other_relations_under_the_help_in_both_languages() {
    let path = changed_report("human");
    let out = run(&path, "human");
    assert!(
        out.contains("这一格的错误同时使以下关系不成立（改正这一格后均成立）："),
        "{out}"
    );
    for rule in ALSO {
        assert!(out.contains(&format!("· [{rule}]")), "{out}");
    }
    assert!(out.contains("问题 2（错误 2"), "{out}");
    let o = gongkai(&["check", "--no-config", "--lang", "en", &path]);
    let en = String::from_utf8(o.stdout).unwrap();
    assert!(
        en.contains("the same wrong cell also breaks these relations"),
        "{en}"
    );
}
