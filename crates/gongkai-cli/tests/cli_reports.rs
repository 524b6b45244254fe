//! The `gongkai` binary on real reports (reader + built-in rules): clean reports, changed numbers
//! and where their findings point, the samples folder, languages, selection and configuration,
//! extra rule directories, SARIF and GitHub output of real findings, and `gongkai rules`.

mod common;

use common::{
    fixture, gongkai, json, repo, scratch, stderr, stdout, validate_against_diagnostics_schema,
};

// ---- Checking real reports (reader + built-in rules) ----

fn diagnostics(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn clean_reports_exit_0_with_no_error_or_warning() {
    for name in ["xigong-emergency-2023.txt", "huaian-city-2024.txt"] {
        let o = gongkai(&["check", "--format", "json", fixture(name).to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stdout(&o));
        let v = json(&o);
        validate_against_diagnostics_schema(&v);
        for d in diagnostics(&v) {
            assert_eq!(d["severity"], "info", "{name}: {d}");
        }
    }
}

/// The span of a cell in `gongkai extract`'s JSON, as (offset, length, line, column).
fn cell_span(extracted: &serde_json::Value, pointer: &str) -> (usize, usize, u64, u64) {
    let cell = extracted
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{pointer}"));
    assert_eq!(cell["status"], "present", "{pointer}: {cell}");
    let span = &cell["span"];
    (
        usize::try_from(span["offset"].as_u64().unwrap()).unwrap(),
        usize::try_from(span["length"].as_u64().unwrap()).unwrap(),
        span["line"].as_u64().unwrap(),
        span["column"].as_u64().unwrap(),
    )
}

#[test]
fn one_changed_number_exits_1_with_an_error_labelled_on_that_number() {
    let original = fixture("huaian-city-2024.txt");
    let extracted = json(&gongkai(&["extract", original.to_str().unwrap()]));
    let dir = scratch("mutated");
    // Every total of table 3's （七）总计 row and of table 4, one at a time: the total is raised by
    // one, and the run must point at it (and at the cells it is the sum of).
    let pointers = [
        "/applications/total/natural_person",
        "/applications/total/total",
        "/review_litigation/review/total",
    ];
    for pointer in pointers {
        let (offset, length, line, column) = cell_span(&extracted, pointer);
        let mut bytes = std::fs::read(&original).unwrap();
        let old: u64 = std::str::from_utf8(&bytes[offset..offset + length])
            .unwrap()
            .parse()
            .unwrap();
        let new = (old + 1).to_string();
        bytes.splice(offset..offset + length, new.bytes());
        let path = dir.join("report.txt");
        std::fs::write(&path, &bytes).unwrap();

        let o = gongkai(&["check", "--format", "json", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{pointer}: {}", stdout(&o));
        let v = json(&o);
        validate_against_diagnostics_schema(&v);
        let on_it: Vec<&serde_json::Value> = diagnostics(&v)
            .iter()
            .filter(|d| d["severity"] == "error")
            .filter(|d| {
                d["labels"].as_array().unwrap().iter().any(|l| {
                    l["primary"] == true
                        && l["line"] == line
                        && l["column"] == column
                        && l["text"] == new.as_str()
                })
            })
            .cloned()
            .collect::<Vec<_>>()
            .leak()
            .iter()
            .collect();
        assert!(
            !on_it.is_empty(),
            "{pointer}: no error on {line}:{column}\n{}",
            stdout(&o)
        );
        for d in on_it {
            let secondary = d["labels"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| l["primary"] == false)
                .count();
            assert!(
                secondary >= 2,
                "{pointer}: the compared cells are labelled too: {d}"
            );
            assert!(d["message"].as_str().unwrap().contains(&new), "{d}");
        }
    }
}

#[test]
fn the_samples_folder_gives_readable_chinese_findings_and_a_summary() {
    // The sample reports and the bad files, as a user would pass them: every entry of
    // tests/fixtures but its README (a directory walk skips it, a named file is checked) and the
    // generated PDF corpus (210 PDFs measured by tests/recall.rs, which would bury the samples).
    let mut paths: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures"))
        .expect("fixtures folder")
        .map(|e| {
            e.expect("fixture entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "pdf-corpus" && name != "README.md")
        .map(|name| format!("tests/fixtures/{name}"))
        .collect();
    paths.sort();
    let mut args = vec!["check"];
    args.extend(paths.iter().map(String::as_str));
    let o = gongkai(&args);
    // The bad PDFs and the blank DOCX form cannot be read as reports: exit 2, and every
    // other file is still checked.
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    insta::assert_snapshot!("check_fixtures_human", out);
    assert!(out.contains("表四「行政复议」：总计为 0"), "{out}");
    assert!(
        out.contains("[tests/fixtures/hongze-district-2023.txt:131:10]"),
        "{out}"
    );
    // The summary line, the rules that could not check some file, the year-over-year pairs,
    // then the unreadable files by name.
    let lines: Vec<&str> = out.lines().collect();
    let summary = lines
        .iter()
        .rposition(|l| l.starts_with("文件 "))
        .expect("a summary line");
    let tail = &lines[summary..];
    assert!(tail[1].contains(" 条规则未能检查："), "{out}");
    assert!(tail[2].starts_with("跨年度核对（3 对）"), "{out}");
    assert_eq!(tail[tail.len() - 3], "无法读取的文件（2 个）：", "{out}");
}

#[test]
fn hongze_json_locks_the_real_errors() {
    let o = gongkai(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/hongze-district-2023.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    validate_against_diagnostics_schema(&v);
    insta::assert_json_snapshot!("check_hongze_json", v);
}

#[test]
fn english_on_request() {
    let o = gongkai(&[
        "check",
        "--lang",
        "en",
        "tests/fixtures/hongze-district-2023.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("should be 11"), "{out}");
    assert!(out.contains("files 1, checked 1"), "{out}");
}

#[test]
fn select_ignore_and_fail_on() {
    let hongze = "tests/fixtures/hongze-district-2023.txt";
    // Without the table-4 rule only an info finding is left.
    let o = gongkai(&["check", "--ignore", "review-litigation", hongze]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = gongkai(&[
        "check",
        "--ignore",
        "review-litigation",
        "--fail-on",
        "info",
        hongze,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = gongkai(&[
        "check",
        "--format",
        "json",
        "--select",
        "structure-label-variant",
        hongze,
    ]);
    let rules: Vec<String> = diagnostics(&json(&o))
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(rules, ["structure-label-variant"]);
    // A selector that names no rule is a usage error, with a suggestion.
    let o = gongkai(&[
        "check",
        "--ignore",
        "review-litigation-total-mismatc",
        hongze,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("review-litigation-total-mismatch"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn configuration_changes_severity_and_fail_level() {
    let dir = scratch("severity");
    let config = dir.join("gongkai.toml");
    std::fs::write(
        &config,
        "[severity]\nreview-litigation-total-mismatch = \"warning\"\n",
    )
    .unwrap();
    let hongze = "tests/fixtures/hongze-district-2023.txt";
    let c = config.to_str().unwrap();
    let o = gongkai(&["check", "--config", c, "--format", "json", hongze]);
    assert_eq!(o.status.code(), Some(0), "warnings do not fail by default");
    assert_eq!(json(&o)["summary"]["warnings"], 2);
    let o = gongkai(&["check", "--config", c, "--fail-on", "warning", hongze]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(
        &config,
        "fail-on = \"warning\"\n[severity]\nreview-litigation-total-mismatch = \"warning\"\n",
    )
    .unwrap();
    let o = gongkai(&["check", "--config", c, hongze]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(&config, "[severity]\nno-such-rule = \"info\"\n").unwrap();
    let o = gongkai(&["check", "--config", c, hongze]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn statistics_count_findings_per_rule() {
    let o = gongkai(&[
        "check",
        "--statistics",
        "tests/fixtures/hongze-district-2023.txt",
    ]);
    let out = stdout(&o);
    assert!(out.contains("按规则统计："), "{out}");
    let line = out
        .lines()
        .skip_while(|l| !l.starts_with("按规则统计"))
        .find(|l| {
            l.trim_start()
                .starts_with("review-litigation-total-mismatch")
        })
        .unwrap();
    assert!(line.contains(" 2 "), "{line}");
}

#[test]
fn extra_rule_directories_add_rules_and_broken_ones_exit_2() {
    let dir = scratch("rules");
    let builtin =
        std::fs::read_to_string(repo().join("rules/structure/structure-label-variant.yaml"))
            .unwrap();
    std::fs::create_dir_all(dir.join("ours")).unwrap();
    std::fs::write(
        dir.join("ours/ours-label-variant.yaml"),
        builtin.replace("id: structure-label-variant", "id: ours-label-variant"),
    )
    .unwrap();
    let d = dir.join("ours");
    let o = gongkai(&[
        "check",
        "--format",
        "json",
        "--rules",
        d.to_str().unwrap(),
        "--select",
        "ours-label-variant",
        "tests/fixtures/hongze-district-2023.txt",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rules: Vec<String> = diagnostics(&json(&o))
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(rules, ["ours-label-variant"]);

    std::fs::write(
        dir.join("ours/ours-label-variant.yaml"),
        builtin
            .replace("id: structure-label-variant", "id: ours-label-variant")
            .replace("severity:", "severty:"),
    )
    .unwrap();
    let o = gongkai(&[
        "check",
        "--rules",
        d.to_str().unwrap(),
        "tests/fixtures/hongze-district-2023.txt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("severty"), "{}", stderr(&o));
}

#[test]
fn previous_year_report_is_read_or_the_run_stops_with_2() {
    let o = gongkai(&[
        "check",
        "--previous",
        "tests/fixtures/xigong-emergency-2023.txt",
        "tests/fixtures/huaian-city-2024.txt",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = gongkai(&[
        "check",
        "--previous",
        "tests/fixtures/README.md",
        "tests/fixtures/huaian-city-2024.txt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("上年度报告"), "{}", stderr(&o));
}

#[test]
fn sarif_of_real_findings_validates_against_the_sarif_schema() {
    let o = gongkai(&[
        "check",
        "--format",
        "sarif",
        "tests/fixtures/hongze-district-2023.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let schema_text = std::fs::read_to_string(
        repo().join("crates/gongkai-diagnostics/tests/data/sarif-schema-2.1.0.json"),
    )
    .unwrap()
    // The one broken regex of the official file (see the diagnostics crate's tests).
    .replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &v["runs"][0];
    assert!(run["tool"]["driver"]["rules"].as_array().unwrap().len() >= 10);
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "review-litigation-total-mismatch")
        .unwrap();
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(131), Some(10))
    );
}

#[test]
fn github_annotations_of_real_findings() {
    let o = gongkai(&[
        "check",
        "--format",
        "github",
        "tests/fixtures/hongze-district-2023.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o)
            .contains("::error file=tests/fixtures/hongze-district-2023.txt,line=131,col=10,"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn rules_list_explain_and_test() {
    let o = gongkai(&["rules", "list"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("review-litigation-total-mismatch"));
    let o = gongkai(&["rules", "explain", "review-litigation-total-mismatch"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("表四总计不等于"), "{}", stdout(&o));
    let o = gongkai(&["rules", "explain", "review-litigation-total-mismatc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`review-litigation-total-mismatch`"),
        "{}",
        stderr(&o)
    );
    let o = gongkai(&["rules", "test"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).trim_end().ends_with(" 0 failed"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn rules_test_on_the_built_in_folder_tests_that_folder_alone() {
    // A rule author edits the built-in pack in place and tests it: its ids must not collide
    // with the embedded copy of the same pack.
    let o = gongkai(&["rules", "test", repo().join("rules").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let last = out.trim_end().lines().last().unwrap_or_default();
    assert!(last.ends_with(" 0 failed"), "{out}");
    let passed: usize = last
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(
        passed > 50,
        "expected the whole pack's cases to run: {last}"
    );
}

#[test]
fn rules_test_names_the_failing_case_and_goes_on() {
    let dir = scratch("rules-test");
    let rule = std::fs::read_to_string(
        repo().join("rules/review-litigation/review-litigation-total-mismatch.yaml"),
    )
    .unwrap();
    let tests = std::fs::read_to_string(
        repo().join("rules/review-litigation/review-litigation-total-mismatch.test.yaml"),
    )
    .unwrap();
    let ours = |s: &str| s.replace("review-litigation-total-mismatch", "ours-total-mismatch");
    std::fs::write(dir.join("ours-total-mismatch.yaml"), ours(&rule)).unwrap();
    // Flip every expectation: every case must now fail, each named.
    let flipped = ours(&tests)
        .replace("expect: fire", "expect: TMP")
        .replace("expect: pass", "expect: fire")
        .replace("expect: TMP", "expect: pass");
    std::fs::write(dir.join("ours-total-mismatch.test.yaml"), &flipped).unwrap();
    let o = gongkai(&["rules", "test", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    let cases = flipped.matches("expect:").count();
    assert_eq!(out.matches("FAILED ").count(), cases, "{out}");
    assert!(out.contains("ours-total-mismatch.test.yaml:"), "{out}");
}

#[test]
fn unreadable_files_are_explained_in_english_on_request() {
    let dir = scratch("english-errors");
    std::fs::write(dir.join("blank.txt"), "  \n\t\n").unwrap();
    std::fs::write(
        dir.join("notice.txt"),
        "关于召开工作会议的通知\n定于3月5日召开。\n",
    )
    .unwrap();
    let o = gongkai(&[
        "check",
        "--lang",
        "en",
        "--format",
        "json",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    let messages: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["error"]["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2);
    assert!(messages[0].contains("only whitespace"), "{messages:?}");
    assert!(messages[1].contains("not a government information-disclosure annual report"));
    assert!(messages.iter().all(|m| !m.contains('文')), "{messages:?}");
}
