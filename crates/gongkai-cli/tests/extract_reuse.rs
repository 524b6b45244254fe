//! `extract --format csv|jsonl` over several years of one body (issue 15): each row names last
//! year's report and the share of its narrative repeated (`previous`, `reuse_rate`), the same
//! figure as `check`'s `previous-text-reused` finding on the same pair, on the real 平潭 series.

mod common;

use common::{gongkai, scratch};

use std::process::Output;

const SERIES: [&str; 4] = [
    "tests/fixtures/pingtan-2019.html",
    "tests/fixtures/pingtan-2020.html",
    "tests/fixtures/pingtan-2021.html",
    "tests/fixtures/pingtan-2022.html",
];

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The JSON Lines records of an `extract --format jsonl` run.
fn records(o: &Output) -> Vec<serde_json::Value> {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn jsonl(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["extract", "--format", "jsonl"];
    all.extend_from_slice(args);
    records(&gongkai(&all))
}

/// Per file of a `check --format json` run: the rate in its `previous-text-reused` finding
/// ("正文 1.2% 与上年度报告相同…" → "1.2%"), and its numbers of errors and warnings.
fn check_figures(paths: &[&str]) -> Vec<(String, Option<String>, usize, usize)> {
    let mut args = vec!["check", "--no-config", "--format", "json"];
    args.extend_from_slice(paths);
    let o = gongkai(&args);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let diagnostics = f["diagnostics"].as_array().unwrap();
            let rate = diagnostics
                .iter()
                .find(|d| d["rule"] == "previous-text-reused")
                .map(|d| {
                    let message = d["message"].as_str().unwrap();
                    let rest = message.strip_prefix("正文 ").unwrap();
                    rest[..=rest.find('%').unwrap()].to_owned()
                });
            let count = |s: &str| diagnostics.iter().filter(|d| d["severity"] == s).count();
            (
                f["path"].as_str().unwrap().to_owned(),
                rate,
                count("error"),
                count("warning"),
            )
        })
        .collect()
}

#[test]
fn the_series_rows_name_last_year_and_the_rate_of_the_check_finding() {
    let rows = jsonl(&SERIES);
    let check = check_figures(&SERIES);
    assert_eq!(rows.len(), 4);
    for (row, (path, rate, errors, warnings)) in rows.iter().zip(&check) {
        assert_eq!(row["path"], path.as_str());
        // The figure of the finding, as its message writes it, and the same finding counts as
        // `check` over the same files (the year-over-year rules ran for the row too).
        assert_eq!(row["reuse_rate"].as_str(), rate.as_deref(), "{path}");
        assert_eq!(row["findings.errors"], *errors, "{path}");
        assert_eq!(row["findings.warnings"], *warnings, "{path}");
    }
    // Every consecutive pair, across the 2020 → 2021 change of form; 2019 has no last year.
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["previous"].as_str().unwrap_or(""),
                r["reuse_rate"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("", ""),
            (SERIES[0], "1.2%"),
            (SERIES[1], "0.0%"),
            (SERIES[2], "2.2%"),
        ]
    );
    assert!(rows[0]["previous"].is_null() && rows[0]["reuse_rate"].is_null());
}

#[test]
fn csv_has_the_two_columns_after_the_finding_counts() {
    let mut args = vec!["extract", "--format", "csv", "--no-bom", "--header", "both"];
    args.extend_from_slice(&SERIES[2..]);
    let o = gongkai(&args);
    let text = stdout(&o);
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(
        lines[0].starts_with(
            "path,error,organisation,year,form,input,findings.errors,findings.warnings,previous,reuse_rate,"
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(
            "文件,读取错误,机关,年度,表格格式,文件类型,错误数,警告数,上年度报告,正文沿用上年比例,"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[2]
            .starts_with("tests/fixtures/pingtan-2021.html,,平潭综合实验区,2021,2021,html,0,0,,,"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with(
            "tests/fixtures/pingtan-2022.html,,平潭综合实验区,2022,2021,html,0,0,tests/fixtures/pingtan-2021.html,2.2%,"
        ),
        "{}",
        lines[3]
    );
}

#[test]
fn last_years_reports_kept_apart_fill_the_columns() {
    let dir = scratch("extract-previous-dir");
    let earlier = dir.join("2021");
    std::fs::create_dir_all(&earlier).unwrap();
    std::fs::copy(common::repo().join(SERIES[2]), earlier.join("p.html")).unwrap();
    let earlier_path = earlier.join("p.html").display().to_string();
    let rows = jsonl(&["--previous-dir", earlier.to_str().unwrap(), SERIES[3]]);
    assert_eq!(rows.len(), 1, "only this year's reports have rows");
    assert_eq!(rows[0]["previous"], earlier_path.as_str());
    assert_eq!(rows[0]["reuse_rate"], "2.2%");
}

#[test]
fn one_previous_file_fills_the_columns_only_when_it_is_last_year() {
    let rows = jsonl(&["--previous", SERIES[2], SERIES[3]]);
    assert_eq!(rows[0]["previous"], SERIES[2]);
    assert_eq!(rows[0]["reuse_rate"], "2.2%");
    // 2019 is not 2022's last year: the rules skip it, and the row names no last year.
    let rows = jsonl(&["--previous", SERIES[0], SERIES[3]]);
    assert!(rows[0]["previous"].is_null(), "{}", rows[0]);
    assert!(rows[0]["reuse_rate"].is_null());
    // One report alone has no last year.
    let rows = jsonl(&[SERIES[3]]);
    assert!(rows[0]["previous"].is_null() && rows[0]["reuse_rate"].is_null());
}

#[test]
fn previous_is_refused_for_the_report_model() {
    let o = gongkai(&["extract", "--previous", SERIES[2], SERIES[3]]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("--previous"), "{stderr}");
}
