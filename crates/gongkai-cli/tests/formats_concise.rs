//! `--format concise`: exactly one line per finding, `path:page:line:col severity rule message`
//! (the page only for a PDF), one line per unreadable file, the summary on standard error.

mod common;

use common::gongkai;

const HONGZE_TXT: &str = "tests/fixtures/hongze-district-2023.txt";
const HONGZE_PDF: &str = "tests/fixtures/hongze-district-2023.pdf";

fn findings_count(paths: &[&str]) -> usize {
    let mut args = vec!["check", "--no-config", "--format", "json"];
    args.extend_from_slice(paths);
    let o = gongkai(&args);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["diagnostics"].as_array().unwrap().len())
        .sum()
}

#[test]
fn a_finding_with_no_place_names_the_file_alone() {
    // The 淮安 text without the heading of section 五: a section missing has no place.
    let text = std::fs::read_to_string(common::repo().join("tests/fixtures/huaian-city-2024.txt"))
        .unwrap();
    let path = common::scratch("no-place").join("huaian-2024.txt");
    std::fs::write(
        &path,
        text.replacen("五、存在的主要问题及改进情况\n", "", 1),
    )
    .unwrap();
    let path = path.display().to_string();
    let o = gongkai(&["check", "--no-config", "--format", "concise", &path]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        out,
        format!(
            "{path} error structure-section-missing 报告缺少“五、存在的主要问题及改进情况”部分\n"
        )
    );
}

#[test]
fn one_line_per_finding_with_path_line_column_severity_rule_and_message() {
    let paths = [
        HONGZE_TXT,
        "tests/fixtures/partial-town-2023.txt",
        "tests/fixtures/shanghai-govoffice-2019.tsv.txt",
    ];
    let mut args = vec!["check", "--no-config", "--format", "concise"];
    args.extend_from_slice(&paths);
    let o = gongkai(&args);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), findings_count(&paths), "{out}");
    assert!(
        out.lines().any(|l| l
            == "tests/fixtures/hongze-district-2023.txt:131:10 error review-litigation-total-mismatch 表四「行政复议」：总计为 0，但 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 10 + 1 + 0 + 0 = 11"),
        "{out}"
    );
    // The text cut short is one line naming what the cut made unreadable.
    assert!(
        out.lines().any(|l| l.starts_with(
            "tests/fixtures/partial-town-2023.txt:238:1 error structure-text-truncated "
        ) && l.ends_with(
            " [+structure-section-missing×3] [+structure-table-missing] [+structure-row-missing×15]"
        )),
        "{out}"
    );
    for line in out.lines() {
        let mut words = line.split(' ');
        let place = words.next().unwrap();
        assert!(paths.iter().any(|p| place.starts_with(p)), "{line}");
        assert!(
            matches!(words.next(), Some("error" | "warning" | "info")),
            "{line}"
        );
    }
    // The summary is on standard error, so `wc -l` counts findings.
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("问题"), "{err}");
}

#[test]
fn a_pdf_finding_gives_page_then_line_of_that_page() {
    let o = gongkai(&["check", "--no-config", "--format", "concise", HONGZE_PDF]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains(
            "tests/fixtures/hongze-district-2023.pdf:4:19:10 error review-litigation-total-mismatch "
        ),
        "{out}"
    );
    assert_eq!(out.lines().count(), findings_count(&[HONGZE_PDF]));
}

#[test]
fn an_unreadable_file_is_one_line_with_its_error_code_and_quiet_drops_the_summary() {
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "concise",
        "-q",
        "tests/fixtures/huaian-city-2024.txt",
        "tests/fixtures/bad/scanned-no-text-layer.pdf",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("tests/fixtures/bad/scanned-no-text-layer.pdf error gongkai::pdf::"),
        "{out}"
    );
    assert!(o.stderr.is_empty());
}
