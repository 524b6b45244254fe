//! `gongkai compare` (issue 15) on the real 平潭 pages: one pair for a terminal (a reviewed
//! snapshot), in English, as JSON valid against `schemas/compare.schema.json` and as CSV; the
//! four years as a series from a folder; and the usage errors (two bodies, one year twice, a
//! file that cannot be read), each exit 2.

mod common;

use common::{gongkai, repo, scratch};

use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const PAIR: [&str; 2] = [
    "tests/fixtures/pingtan-2021.html",
    "tests/fixtures/pingtan-2022.html",
];

fn compare(extra: &[&str]) -> Output {
    let mut args = vec!["compare"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&PAIR);
    gongkai(&args)
}

#[test]
fn a_real_pair_for_a_terminal() {
    let o = compare(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("compare_pingtan_2021_2022_human", stdout(&o));
}

#[test]
fn a_real_pair_in_english() {
    let o = compare(&["--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("平潭综合实验区: the reports of 2021–2022 side by side\n"),
        "{out}"
    );
    assert!(
        out.contains("  2022: tests/fixtures/pingtan-2022.html (2021 form)\n"),
        "{out}"
    );
    assert!(out.contains("  row "), "{out}");
    assert!(out.contains("  change\n"), "{out}");
    assert!(
        out.contains("  138 more cells are 0 in every year (--all lists them)\n"),
        "{out}"
    );
    assert!(out.contains("2021 → 2022: narrative repeated (years and numbers aside)\n  2.2% (42 of 1892 characters, 2 of 37 sentences)\n"), "{out}");
    assert!(
        out.contains(
            "characters, line 2738 last year, line 1203 this year: 2022年,无收取信息处理费情况。\n"
        ),
        "{out}"
    );
    // Nothing of the Chinese view's own words is left (the form's names stay Chinese).
    for zh in ["年度报告对照", "变化", "栏目", "正文沿用", "未列出", "字，"] {
        assert!(!out.contains(zh), "{zh}: {out}");
    }
}

#[test]
fn the_json_validates_against_the_checked_in_schema() {
    let schema_text = std::fs::read_to_string(repo().join("schemas/compare.schema.json")).unwrap();
    let o = gongkai(&["schema", "compare"]);
    assert_eq!(stdout(&o), schema_text);
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for pair in [
        PAIR,
        [
            "tests/fixtures/pingtan-2020.html",
            "tests/fixtures/pingtan-2021.html",
        ],
    ] {
        let o = gongkai(&["compare", "--format", "json", pair[0], pair[1]]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(v["reports"].as_array().unwrap().len(), 2);
    }
}

#[test]
fn csv_has_a_row_per_cell_and_pair() {
    let o = compare(&["--format", "csv", "--no-bom"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "table,row,column,last_year,this_year,last,this,change,mark,path"
    );
    // 表二 10 cells of the 2021 form, 表三 26 rows less the single （六）其他处理 (25 × 7), 表四 15.
    assert_eq!(lines.len(), 1 + 10 + 25 * 7 + 15);
    assert!(lines.contains(&"表三,二、上年结转政府信息公开申请数量,自然人,2021,2022,0,1,1,,applications.carried_over.natural_person"));
    assert!(lines.contains(&"表二,第二十条第（八）项 / 行政事业性收费,本年收费金额（单位：万元）,2021,2022,24252.311082,9116.36,-15135.951082,,active_disclosure.fees.amount"));
    let with_bom = stdout(&compare(&["--format", "csv"]));
    assert!(with_bom.starts_with('\u{feff}'));
}

#[test]
fn a_folder_of_four_years_is_the_series() {
    let dir = scratch("series");
    // Named so that the file order is not the order of the years.
    for (y, name) in [
        (2019, "d.html"),
        (2020, "c.html"),
        (2021, "b.html"),
        (2022, "a.html"),
    ] {
        std::fs::copy(
            repo().join(format!("tests/fixtures/pingtan-{y}.html")),
            dir.join(name),
        )
        .unwrap();
    }
    let o = gongkai(&["compare", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let years: Vec<i64> = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2019, 2020, 2021, 2022]);
    let steps: Vec<(i64, i64)> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["from"].as_i64().unwrap(), s["to"].as_i64().unwrap()))
        .collect();
    assert_eq!(steps, [(2019, 2020), (2020, 2021), (2021, 2022)]);
    // 本年新收 / 自然人 over the four years, and the changes between them.
    let cell = v["tables"][1]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "applications.new_received.natural_person")
        .unwrap();
    let values: Vec<&str> = cell["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["23", "20", "64", "71"]);
    assert_eq!(cell["changes"], serde_json::json!(["-3", "+44", "+7"]));
    let human = stdout(&gongkai(&["compare", dir.to_str().unwrap()]));
    assert!(human.contains("2019—2022 年度报告对照"), "{human}");
    assert!(human.contains("  行  "), "{human}");
    for step in ["2019 → 2020", "2020 → 2021", "2021 → 2022"] {
        assert!(human.contains(&format!("{step} 正文沿用")), "{step}");
    }
}

#[test]
fn usage_errors_exit_2_and_say_why() {
    let o = gongkai(&[
        "compare",
        "tests/fixtures/pingtan-2022.html",
        "tests/fixtures/huaian-city-2024.html",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不是同一机关的报告"), "{}", stderr(&o));
    let dir = scratch("twice");
    std::fs::copy(repo().join(PAIR[0]), dir.join("copy.html")).unwrap();
    let copy = dir.join("copy.html");
    let o = gongkai(&["compare", "--lang", "en", PAIR[0], copy.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("two reports are for 2021"),
        "{}",
        stderr(&o)
    );
    let o = gongkai(&["compare", PAIR[0]]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("只给了 1 份"), "{}", stderr(&o));
    let o = gongkai(&["compare", PAIR[0], "tests/fixtures/no-such-file.html"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-file.html"), "{}", stderr(&o));
    assert!(stderr(&o).contains("未作对照"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}
