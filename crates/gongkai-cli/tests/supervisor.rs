//! What a supervising office needs around the findings: the unreadable files by name at the
//! end of a human run, `--statistics` with `-q`, SARIF that says a run was not complete, and
//! the page of a PDF in SARIF and GitHub annotations.

mod common;

use common::gongkai;

const HONGZE_PDF: &str = "tests/fixtures/hongze-district-2023.pdf";
const SCANNED: &str = "tests/fixtures/bad/scanned-no-text-layer.pdf";
const MISSING: &str = "tests/fixtures/bad/does-not-exist.txt";

#[test]
fn a_human_run_ends_with_the_unreadable_files_by_name() {
    for quiet in [false, true] {
        let mut args = vec!["check", "--no-config"];
        if quiet {
            args.push("-q");
        }
        args.extend_from_slice(&[SCANNED, "tests/fixtures/hongze-district-2023.txt", MISSING]);
        let o = gongkai(&args);
        assert_eq!(o.status.code(), Some(2));
        let out = String::from_utf8(o.stdout).unwrap();
        let tail: Vec<&str> = out.lines().rev().take(3).collect();
        assert_eq!(tail[2], "无法读取的文件（2 个）：", "{out}");
        assert!(
            tail[1].starts_with(&format!("  {SCANNED}：PDF 没有文本层")),
            "{out}"
        );
        assert!(tail[0].starts_with(&format!("  {MISSING}：")), "{out}");
    }
    let o = gongkai(&["check", "--no-config", "--lang", "en", MISSING]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains(&format!("files that could not be read (1):\n  {MISSING}: ")),
        "{out}"
    );
}

#[test]
fn statistics_are_printed_with_quiet() {
    let o = gongkai(&[
        "check",
        "--no-config",
        "-q",
        "--statistics",
        "tests/fixtures/hongze-district-2023.txt",
    ]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("按规则统计：\n"), "{out}");
    assert!(
        out.lines().any(|l| l.split_whitespace().collect::<Vec<_>>()
            == ["review-litigation-total-mismatch", "2", "（1", "个文件）"]),
        "{out}"
    );
    // -q still drops the summary line.
    assert!(!out.contains("已检查"), "{out}");
}

#[test]
fn sarif_execution_is_unsuccessful_when_a_file_failed_and_locations_carry_the_page() {
    let sarif = |paths: &[&str]| {
        let mut args = vec!["check", "--no-config", "--format", "sarif"];
        args.extend_from_slice(paths);
        let o = gongkai(&args);
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let ok = sarif(&[HONGZE_PDF]);
    assert_eq!(ok["runs"][0]["invocations"][0]["executionSuccessful"], true);
    let result = ok["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "review-litigation-total-mismatch")
        .unwrap();
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["properties"]["page"], 4, "{region}");
    assert_eq!(region["properties"]["lineInPage"], 19, "{region}");
    for related in result["relatedLocations"].as_array().unwrap() {
        assert_eq!(
            related["physicalLocation"]["region"]["properties"]["page"],
            4
        );
    }
    let failed = sarif(&[HONGZE_PDF, SCANNED]);
    assert_eq!(
        failed["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    // No page for text without pages.
    let text = sarif(&["tests/fixtures/hongze-district-2023.txt"]);
    let region = &text["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert!(region.get("properties").is_none(), "{region}");
}

#[test]
fn github_annotations_of_a_pdf_name_the_page_and_its_line() {
    let o = gongkai(&["check", "--no-config", "--format", "github", HONGZE_PDF]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.lines().any(
            |l| l.starts_with("::error file=tests/fixtures/hongze-district-2023.pdf,")
                && l.contains(
                    "title=review-litigation-total-mismatch::第 4 页第 19 行：表四「行政复议」"
                )
        ),
        "{out}"
    );
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "github",
        "--lang",
        "en",
        HONGZE_PDF,
    ]);
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("::page 4, line 19: ")
    );
}
