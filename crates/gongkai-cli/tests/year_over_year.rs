//! `check` over several years of one body (issue 15): the four 平潭 pages paired by body and
//! year, last year's reports from `--previous-dir`, ambiguous candidates, and a carried-over
//! number changed in a copy of the series found in every output format with labels in both
//! years' files.

mod common;

use common::{gongkai, repo, scratch};

use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn validate_against_diagnostics_schema(value: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/diagnostics.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The series copied into `dir`, with the years given only.
fn series_in(dir: &Path, years: &[u32]) -> Vec<String> {
    years
        .iter()
        .map(|y| {
            let name = format!("pingtan-{y}.html");
            std::fs::copy(fixture(&name), dir.join(&name)).unwrap();
            dir.join(&name).display().to_string()
        })
        .collect()
}

/// The rules that could not check a file of the JSON output.
fn skipped<'a>(v: &'a serde_json::Value, path: &str) -> Vec<&'a str> {
    let file = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path}"));
    file["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn a_folder_of_the_series_pairs_every_consecutive_year() {
    let dir = scratch("series");
    let paths = series_in(&dir, &[2019, 2020, 2021, 2022]);
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "json",
        dir.to_str().unwrap(),
    ]);
    let v = json(&o);
    validate_against_diagnostics_schema(&v);
    let pairs: Vec<(&str, &str, i64)> = v["summary"]["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert_eq!(p["organisation"], "平潭综合实验区");
            (
                p["previous"].as_str().unwrap(),
                p["current"].as_str().unwrap(),
                p["year"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            (paths[0].as_str(), paths[1].as_str(), 2020),
            (paths[1].as_str(), paths[2].as_str(), 2021),
            (paths[2].as_str(), paths[3].as_str(), 2022),
        ]
    );
    assert!(v["summary"].get("ambiguous").is_none());
    // The carried-over rule checked every year but the first; the in-force rule every pair in
    // the 2021 form, and said why not for the others.
    assert!(skipped(&v, &paths[0]).contains(&"previous-carried-over-mismatch"));
    for p in &paths[1..] {
        assert!(
            !skipped(&v, p).contains(&"previous-carried-over-mismatch"),
            "{p}"
        );
    }
    assert!(!skipped(&v, &paths[3]).contains(&"previous-in-force-mismatch"));
    // The real error of 2020 (table 3 results add up to 26 and 27, not 20 and 21) is there;
    // no year-over-year finding: the real series agrees across years.
    let rules: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(
        !rules
            .iter()
            .any(|r| r.starts_with("previous-") && *r != "previous-text-reused"),
        "{rules:?}"
    );
    // The reuse rate is said on every pair (平潭 rewrote its narrative each year: no warning).
    assert_eq!(
        rules
            .iter()
            .filter(|r| **r == "previous-text-reused")
            .count(),
        3
    );

    let human = stdout(&gongkai(&["check", "--no-config", dir.to_str().unwrap()]));
    assert!(human.contains("跨年度核对（3 对）：\n"), "{human}");
    assert!(human.contains(&format!("  {} → {}\n", paths[2], paths[3])));
    let en = stdout(&gongkai(&[
        "check",
        "--no-config",
        "--lang",
        "en",
        dir.to_str().unwrap(),
    ]));
    assert!(en.contains("year over year (3 pairs):\n"), "{en}");
}

#[test]
fn last_years_reports_kept_apart_are_found_with_previous_dir() {
    let last = scratch("previous-dir-last");
    let this = scratch("previous-dir-this");
    let before = series_in(&last, &[2020, 2021]);
    let now = series_in(&this, &[2022]);
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--previous-dir",
        last.to_str().unwrap(),
        this.to_str().unwrap(),
    ]);
    let v = json(&o);
    validate_against_diagnostics_schema(&v);
    // Only this year's report is checked; last year's folder is where its previous year is.
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    let pairs = v["summary"]["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0]["previous"], before[1].as_str());
    assert_eq!(pairs[0]["current"], now[0].as_str());
    for rule in [
        "previous-carried-over-mismatch",
        "previous-in-force-mismatch",
    ] {
        assert!(!skipped(&v, &now[0]).contains(&rule), "{rule}");
    }
}

#[test]
fn two_candidates_for_last_year_are_ambiguous_and_none_is_used() {
    let dir = scratch("ambiguous");
    let paths = series_in(&dir, &[2021, 2022]);
    let copy = dir.join("pingtan-2021-copy.html");
    std::fs::copy(fixture("pingtan-2021.html"), &copy).unwrap();
    let o = gongkai(&[
        "check",
        "--no-config",
        "--format",
        "json",
        dir.to_str().unwrap(),
    ]);
    let v = json(&o);
    validate_against_diagnostics_schema(&v);
    assert!(v["summary"].get("pairs").is_none(), "{}", v["summary"]);
    let ambiguous = v["summary"]["ambiguous"].as_array().unwrap();
    assert_eq!(ambiguous.len(), 1);
    assert_eq!(ambiguous[0]["current"], paths[1].as_str());
    let mut candidates: Vec<&str> = ambiguous[0]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    candidates.sort_unstable();
    let mut expected = [paths[0].as_str(), copy.to_str().unwrap()];
    expected.sort_unstable();
    assert_eq!(candidates, expected);
    // Why: the same body, the same year — and the file's skipped rules say so, not "none given".
    assert_eq!(ambiguous[0]["organisation"], "平潭综合实验区");
    assert_eq!(ambiguous[0]["year"], 2021);
    assert!(skipped(&v, &paths[1]).contains(&"previous-carried-over-mismatch"));
    let reasons = skip_reasons(&v, &paths[1]);
    for rule in [
        "previous-carried-over-mismatch",
        "previous-in-force-mismatch",
        "previous-text-reused",
    ] {
        let reason = reasons.iter().find(|(r, _)| *r == rule).map_or_else(
            || panic!("{rule} not skipped: {reasons:?}"),
            |(_, why)| *why,
        );
        assert!(
            reason.starts_with("上年度报告不唯一：“平潭综合实验区”2021 年度的报告有 2 份（"),
            "{rule}: {reason}"
        );
        assert!(reason.contains(copy.to_str().unwrap()), "{reason}");
        assert!(reason.ends_with("），均未使用"), "{reason}");
    }
    // The first year of the run has no candidate at all: its reason stays "none given".
    assert!(
        skip_reasons(&v, &paths[0])
            .contains(&("previous-carried-over-mismatch", "未提供上年度报告"))
    );
    let human = stdout(&gongkai(&["check", "--no-config", dir.to_str().unwrap()]));
    assert!(
        human.contains(&format!(
            "上年度报告不唯一（1 份报告，均未使用）：\n  {}：“平潭综合实验区”2021 年度的报告有 2 份：",
            paths[1]
        )),
        "{human}"
    );
    let en = stdout(&gongkai(&[
        "check",
        "--no-config",
        "--lang",
        "en",
        dir.to_str().unwrap(),
    ]));
    assert!(
        en.contains(&format!(
            "  {}: 2 reports of 平潭综合实验区 for 2021: ",
            paths[1]
        )),
        "{en}"
    );
}

/// The skipped rules of a file of the JSON output, with their reasons.
fn skip_reasons<'a>(v: &'a serde_json::Value, path: &str) -> Vec<(&'a str, &'a str)> {
    let file = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path}"));
    file["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["rule"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect()
}

#[test]
fn files_of_previous_dir_that_cannot_be_used_are_listed() {
    let last = scratch("previous-dir-unusable-last");
    let this = scratch("previous-dir-unusable-this");
    series_in(&last, &[2021]);
    // An empty file (unreadable), and a readable text that names no body nor year.
    let empty = last.join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let anonymous = last.join("notes.txt");
    std::fs::write(
        &anonymous,
        "一、总体情况\n本机关认真贯彻落实《条例》。\n二、主动公开政府信息情况\n",
    )
    .unwrap();
    let now = series_in(&this, &[2022]);
    let args = |format: &'static str| {
        vec![
            "check".to_owned(),
            "--no-config".to_owned(),
            "--format".to_owned(),
            format.to_owned(),
            "--previous-dir".to_owned(),
            last.display().to_string(),
            this.display().to_string(),
        ]
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        gongkai(&args)
    };
    let v = json(&run(args("json")));
    validate_against_diagnostics_schema(&v);
    // The good one still pairs.
    assert_eq!(v["summary"]["pairs"][0]["current"], now[0].as_str());
    let unused: Vec<(&str, &str)> = v["summary"]["previous_unused"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", v["summary"]))
        .iter()
        .map(|u| (u["path"].as_str().unwrap(), u["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(unused.len(), 2, "{unused:?}");
    let reason_of = |p: &Path| {
        unused
            .iter()
            .find(|(path, _)| *path == p.to_str().unwrap())
            .map_or_else(
                || panic!("{} not listed: {unused:?}", p.display()),
                |(_, r)| *r,
            )
    };
    assert!(!reason_of(&empty).is_empty());
    assert_eq!(
        reason_of(&anonymous),
        "未能确定其机关或年度，无法与任何报告配对"
    );
    // Last year's files are not checked: they are not among the files, nor make the run fail.
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    let human = String::from_utf8_lossy(&run(args("human")).stdout).into_owned();
    assert!(
        human.contains("作为上年度报告提供的 2 个文件未能使用：\n"),
        "{human}"
    );
    assert!(
        human.contains(&format!(
            "  {}：未能确定其机关或年度，无法与任何报告配对\n",
            anonymous.display()
        )),
        "{human}"
    );
}

/// Where 2022's 上年结转 of 自然人 is in its page (a "1"), and 2021's 结转下年度 of 自然人.
const CARRIED_OVER_2022: usize = 68_239;

/// The series with 2022's 上年结转 (自然人) changed from 1 to 3.
fn changed_series(dir: &Path) -> Vec<String> {
    let paths = series_in(dir, &[2019, 2020, 2021, 2022]);
    let mut bytes = std::fs::read(&paths[3]).unwrap();
    assert_eq!(bytes[CARRIED_OVER_2022], b'1');
    bytes[CARRIED_OVER_2022] = b'3';
    std::fs::write(&paths[3], bytes).unwrap();
    paths
}

#[test]
fn a_changed_carried_over_cell_is_found_with_last_years_cell_in_every_format() {
    let dir = scratch("changed");
    let paths = changed_series(&dir);
    let v = json(&gongkai(&[
        "check",
        "--no-config",
        "--format",
        "json",
        dir.to_str().unwrap(),
    ]));
    validate_against_diagnostics_schema(&v);
    let file = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == paths[3].as_str())
        .unwrap();
    let finding = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "previous-carried-over-mismatch")
        .expect("the changed cell is found");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("上年结转为 3"),
        "{finding}"
    );
    let labels = finding["labels"].as_array().unwrap();
    let primary = labels.iter().find(|l| l["primary"] == true).unwrap();
    assert_eq!(primary["document"], "current");
    assert_eq!(primary["offset"], CARRIED_OVER_2022);
    assert_eq!(primary["text"], "3");
    let secondary = labels.iter().find(|l| l["primary"] == false).unwrap();
    assert_eq!(secondary["document"], "previous");
    assert_eq!(secondary["text"], "1");
    // The secondary label is 2021's 结转下年度 of 自然人.
    let last = json(&gongkai(&["extract", "--format", "json", &paths[2]]));
    assert_eq!(
        secondary["offset"],
        last["applications"]["carried_forward"]["natural_person"]["span"]["offset"]
    );

    let human = stdout(&gongkai(&["check", "--no-config", dir.to_str().unwrap()]));
    let at = human
        .find("previous-carried-over-mismatch")
        .unwrap_or_else(|| panic!("{human}"));
    let block = &human[at..];
    assert!(block.contains(&paths[3]), "{block}");
    assert!(block.contains(&paths[2]), "{block}");

    let sarif = json(&gongkai(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        dir.to_str().unwrap(),
    ]));
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "previous-carried-over-mismatch")
        .expect("in SARIF too");
    let uri = |l: &serde_json::Value| {
        l["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(uri(&result["locations"][0]).ends_with("pingtan-2022.html"));
    let related = result["relatedLocations"].as_array().unwrap();
    assert!(
        related
            .iter()
            .any(|l| uri(l).ends_with("pingtan-2021.html")),
        "{related:#?}"
    );
}

#[test]
fn the_reuse_threshold_is_a_flag_and_a_configuration_key() {
    let dir = scratch("threshold");
    series_in(&dir, &[2021, 2022]);
    // 2021 → 2022 repeats 2.2 % (tests/year_over_year.rs of the library has the hand count).
    let warned = |extra: &[&str], cwd: &Path| {
        let mut args = vec!["check", "--format", "json", "--select", "previous-text"];
        args.extend_from_slice(extra);
        args.push(dir.to_str().unwrap());
        let v = json(&common::gongkai_in(cwd, &args));
        v["summary"]["by_rule"]
            .get("previous-text-mostly-reused")
            .is_some()
    };
    assert!(!warned(&["--no-config"], &repo()));
    assert!(warned(&["--no-config", "--reuse-threshold", "2"], &repo()));
    assert!(!warned(&["--no-config", "--reuse-threshold", "3"], &repo()));
    let conf = scratch("threshold-config");
    std::fs::write(conf.join("gongkai.toml"), "reuse-threshold = 2\n").unwrap();
    assert!(warned(&[], &conf));
    // The flag wins over the file.
    assert!(!warned(&["--reuse-threshold", "50"], &conf));
    let o = gongkai(&["check", "--reuse-threshold", "101", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}
