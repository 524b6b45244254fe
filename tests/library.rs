//! The library API as an embedder uses it: one call in, extracted report and findings out, and
//! the renderers.

use std::path::PathBuf;

use gongkai::{
    Checker, DocumentRole, HumanOptions, JsonOutput, Lang, ReadError, Severity, Summary,
};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn one_call_gives_the_report_and_findings_with_spans() {
    let bytes = std::fs::read(fixture("hongze-district-2023.txt")).unwrap();
    let outcome = gongkai::check(&bytes, "hongze.txt").unwrap();
    let organisation = outcome.report().metadata.organisation.as_ref().unwrap();
    assert!(
        organisation.value.ends_with("洪泽区人民政府"),
        "{}",
        organisation.value
    );
    let review = outcome
        .findings()
        .iter()
        .find(|f| f.code == "review-litigation-total-mismatch")
        .expect("the table-4 error of 洪泽 2023 is found");
    assert_eq!(review.severity, Severity::Error);
    assert_eq!(review.expected.as_deref(), Some("11"));
    let primary = review.labels.iter().find(|l| l.primary).unwrap();
    assert_eq!((primary.span.line, primary.span.column), (131, 10));
    assert_eq!(primary.document, DocumentRole::Current);
    assert_eq!(outcome.extracted.source.slice(primary.span), "0");
    assert!(outcome.has_findings_at(Severity::Error));
    // Every rule said something: pass, findings, or a reason to skip.
    assert!(outcome.results.len() >= 10);
}

#[test]
fn a_clean_report_has_no_error_or_warning() {
    let checker = Checker::new().unwrap();
    let outcome = checker
        .check_path(&fixture("huaian-city-2024.txt"))
        .unwrap();
    assert!(
        !outcome.has_findings_at(Severity::Warning),
        "{:#?}",
        outcome.findings()
    );
}

#[test]
fn bytes_that_are_no_report_are_an_error_not_a_panic() {
    let checker = Checker::new().unwrap();
    assert!(matches!(
        checker.check(b"", "empty.txt"),
        Err(gongkai::Error::Read(ReadError::Empty))
    ));
    assert!(checker.check(&[0, 1, 2, 255, 0, 9], "x.bin").is_err());
    let err = checker
        .check_path(&fixture("no-such-file.txt"))
        .unwrap_err();
    assert_eq!(err.to_file_error(Lang::En).kind.name(), "io");
}

#[test]
fn renderers_turn_a_checked_report_into_text_and_json() {
    let checker = Checker::new().unwrap().with_lang(Lang::En);
    let outcome = checker
        .check_path(&fixture("hongze-district-2023.txt"))
        .unwrap();
    let text = outcome.render("hongze.txt", &HumanOptions::default());
    assert!(text.contains("[hongze.txt:131:10]"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour unless asked");
    assert!(text.contains("should be 11"), "{text}");

    let file = outcome.to_json("hongze.txt", Lang::En);
    let mut summary = Summary::default();
    summary.add(&outcome.view("hongze.txt", None));
    let doc = JsonOutput::new(vec![file], summary);
    assert_eq!(doc.summary.errors, 2);
    let value = serde_json::to_value(&doc).unwrap();
    assert_eq!(
        value["files"][0]["diagnostics"].as_array().map(Vec::len),
        Some(3)
    );
}

#[test]
fn rules_can_be_selected_and_regraded() {
    let mut checker = Checker::new().unwrap();
    checker
        .rules_mut()
        .set_severity("review-litigation-total-mismatch", Severity::Warning);
    checker.rules_mut().ignore(&["structure"]);
    let outcome = checker
        .check_path(&fixture("hongze-district-2023.txt"))
        .unwrap();
    assert!(!outcome.has_findings_at(Severity::Error));
    assert!(
        outcome
            .findings()
            .iter()
            .all(|f| f.code == "review-litigation-total-mismatch")
    );
    assert_eq!(outcome.findings().len(), 2);
}

#[test]
fn a_time_limit_stops_a_file_with_a_timeout_error_in_both_languages() {
    use std::time::Duration;
    let bytes = std::fs::read(fixture("huaian-city-2024.txt")).expect("fixture");
    let checker = gongkai::Checker::new().expect("rules");

    let generous = checker.with_time_limit(Some(Duration::from_hours(1)));
    assert!(generous.check(&bytes, "h.txt").is_ok());

    // A limit already passed when reading starts.
    let passed = generous.with_time_limit(Some(Duration::ZERO));
    let err = passed.check(&bytes, "h.txt").expect_err("timed out");
    assert!(
        matches!(err, gongkai::Error::TimedOut { limit, stage: gongkai::Stage::Reading } if limit.is_zero())
    );
    let zh = err.to_file_error(gongkai::Lang::Zh);
    assert_eq!(zh.kind.name(), "timeout");
    assert!(zh.message.contains("处理超时"), "{}", zh.message);
    let en = err.to_file_error(gongkai::Lang::En);
    assert!(en.message.contains("timed out"), "{}", en.message);

    let half = passed.with_time_limit(Some(Duration::from_millis(1500)));
    assert_eq!(half.time_limit(), Some(Duration::from_millis(1500)));
    assert!(
        gongkai::Error::TimedOut {
            limit: Duration::from_millis(1500),
            stage: gongkai::Stage::Rules,
        }
        .to_file_error(gongkai::Lang::Zh)
        .message
        .contains("1.5 秒")
    );
}

#[test]
fn a_fragmented_converter_table_gives_one_warning_and_no_error() {
    // 沭阳 2025 as a PDF-to-markdown converter cut its 表三: three label rows, then their
    // values three rows later, so that 结转下年度 reads the values of 3.其他 (143, not 31).
    let md = std::fs::read_to_string(fixture("shuyang-county-2025.md")).unwrap();
    let whole = "| 3. 其他 | 142 | 1 | 0 | 0 | 0 | 0 | 143 |\n| （七）总计 | 710 | 3 | 0 | 0 | 5 | 0 | 718 |\n| 四、结转下年度继续办理 | 31 | 0 | 0 | 0 | 0 | 0 | 31 |";
    assert!(md.contains(whole));
    let cut = md.replace(
        whole,
        "| 3. 其他 |\n| （七）总计 |\n| 四、结转下年度继续办理 |\n| 142 | 1 | 0 | 0 | 0 | 0 | 143 |\n| 710 | 3 | 0 | 0 | 5 | 0 | 718 |\n| 31 | 0 | 0 | 0 | 0 | 0 | 31 |",
    );
    let outcome = gongkai::check(cut.as_bytes(), "shuyang.md").unwrap();
    let findings = outcome.findings();
    assert!(!outcome.has_findings_at(Severity::Error), "{findings:#?}");
    let uncertain: Vec<_> = findings
        .iter()
        .filter(|f| f.code == "structure-table-uncertain")
        .collect();
    assert_eq!(uncertain.len(), 1, "{findings:#?}");
    assert_eq!(uncertain[0].severity, Severity::Warning);
    assert!(uncertain[0].message.contains("表三"));
    // The narrative check that read the misplaced 143 says so, as a warning pointing there.
    let carried = findings
        .iter()
        .find(|f| f.code == "narrative-carried-forward-mismatch")
        .expect("the narrative 31 against the misread 143");
    assert_eq!(carried.severity, Severity::Warning);
    assert!(
        carried.message.contains("未能确定地读取"),
        "{}",
        carried.message
    );
    assert_eq!(carried.expected, None);
    // The unfragmented sample has no finding at all.
    let clean = gongkai::check(md.as_bytes(), "shuyang.md").unwrap();
    assert!(clean.findings().is_empty(), "{:#?}", clean.findings());
}

#[test]
fn a_failure_has_the_json_shape_of_a_checked_file_in_the_checkers_language() {
    let checker = Checker::new().unwrap().with_lang(Lang::En);
    let err = checker
        .check_path(&fixture("no-such-file.txt"))
        .unwrap_err();
    // Display is the system's words for an I/O error; the checker says it in its language.
    assert_eq!(
        checker.describe(&err),
        "cannot read the file: no such file or directory"
    );
    let json =
        serde_json::to_value(checker.failure(&err).to_json("no-such-file.txt", Lang::En)).unwrap();
    assert_eq!(json["path"], "no-such-file.txt");
    assert_eq!(json["error"]["kind"], "io");
    assert_eq!(
        json["error"]["message"],
        "cannot read the file: no such file or directory"
    );
    assert_eq!(json["diagnostics"], serde_json::json!([]));
    // A structured report that breaks its schema: its problems have places.
    let bad = br#"{"format": "2021", "year": "twenty"}"#;
    let err = checker.check(bad, "bad.json").unwrap_err();
    let json = serde_json::to_value(checker.failure(&err).to_json("bad.json", Lang::En)).unwrap();
    assert_eq!(json["error"]["kind"], "invalid_structure", "{json:#}");
    assert!(
        !json["diagnostics"].as_array().unwrap().is_empty(),
        "{json:#}"
    );
}
