//! Structured input: reports as JSON or YAML data. Schema violations of each kind are located on
//! the offending value; a report written by `extract` reads back to the same values and gives
//! the same findings, now located in the JSON file.

use std::fmt::Write as _;
use std::path::Path;

use gongkai::{Checker, Error, Extracted, Problem, ReadError, Report};

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(text: &str, name: &str) -> Result<Extracted, Error> {
    Checker::new().unwrap().read(text.as_bytes(), name)
}

fn problems(text: &str, name: &str) -> Vec<Problem> {
    match read(text, name) {
        Err(Error::Read(ReadError::Structured(e))) => e.problems,
        Err(e) => panic!("expected schema problems, got {e}"),
        Ok(_) => panic!("expected schema problems, the file was read"),
    }
}

/// A small valid report, one cell per line so that positions are easy to state.
const BASE: &str = r#"{
  "metadata": {"organisation": "某某区人民政府", "year": 2024},
  "active_disclosure": {"format": "2021", "licensing": {"decisions": 12}},
  "applications": {
    "new_received": {
      "natural_person": 5,
      "total": 5
    }
  },
  "review_litigation": {
    "review": {"upheld": 1, "total": 1}
  }
}
"#;

fn one(problems: &[Problem]) -> &Problem {
    assert_eq!(problems.len(), 1, "{problems:#?}");
    &problems[0]
}

#[test]
fn a_valid_report_reads_with_every_value_located_in_the_json() {
    let e = read(BASE, "r.json").unwrap();
    let cell = &e.report.applications.new_received.cells.natural_person;
    assert_eq!(cell.value(), Some(&5));
    let span = cell.span().unwrap();
    assert_eq!((span.line, span.column), (6, 25));
    assert_eq!(e.source.slice(span), "5");
    // A cell left out is missing, never 0.
    assert!(
        e.report
            .applications
            .new_received
            .cells
            .commercial
            .is_missing()
    );
    let org = e.report.metadata.organisation.as_ref().unwrap();
    assert_eq!(org.value, "某某区人民政府");
    assert_eq!(e.source.slice(org.span), "\"某某区人民政府\"");
    assert_eq!(e.report.metadata.year.as_ref().map(|y| y.value), Some(2024));
    assert_eq!(e.report.metadata.input, gongkai::InputKind::Structured);
}

#[test]
fn a_negative_count_is_located_and_named_by_the_form() {
    let text = BASE.replace("\"natural_person\": 5", "\"natural_person\": -3");
    let p = problems(&text, "r.json");
    let p = one(&p);
    assert_eq!(
        p.message,
        "表三 / 一、本年新收政府信息公开申请数量 / 自然人: 应为非负整数（空白可写“/”），实为 -3"
    );
    assert_eq!((p.span.line, p.span.column, p.span.length), (6, 25, 2));
    assert_eq!(p.pointer, "/applications/new_received/natural_person");
}

#[test]
fn a_value_of_the_wrong_type_is_located() {
    let text = BASE.replace("\"decisions\": 12", "\"decisions\": \"十二\"");
    let p = problems(&text, "r.json");
    let p = one(&p);
    assert_eq!(
        p.message,
        "表二 / 行政许可 / 本年处理决定数量: 应为非负整数（空白可写“/”），实为 “十二”"
    );
    assert_eq!((p.span.line, p.span.column), (3, 70));
}

#[test]
fn an_unknown_field_is_located_on_its_key_with_a_suggestion() {
    let text = BASE.replace("\"total\": 5", "\"totl\": 5");
    let p = problems(&text, "r.json");
    let p = one(&p);
    assert_eq!(
        p.message,
        "表三 / 一、本年新收政府信息公开申请数量: 未知字段“totl”；是否应为“total”？"
    );
    assert_eq!((p.span.line, p.span.column), (7, 7));
    assert!(p.message_en.contains("did you mean `total`"));
}

#[test]
fn a_missing_table_is_reported_at_the_top() {
    let start = BASE.find("  \"review_litigation\"").unwrap();
    let mut text = BASE[..start].trim_end().trim_end_matches(',').to_owned();
    text.push_str("\n}\n");
    let p = problems(&text, "r.json");
    let p = one(&p);
    assert_eq!(p.message, "报告: 缺少表四（字段 review_litigation）");
    assert_eq!((p.span.line, p.span.column), (1, 1));
}

#[test]
fn yaml_problems_are_located_too_and_syntax_errors_have_a_place() {
    let yaml = "metadata: {year: 2024}\nactive_disclosure: {}\napplications:\n  total: {other: -1}\nreview_litigation: {}\n";
    let p = problems(yaml, "r.yaml");
    let p = one(&p);
    assert_eq!((p.span.line, p.span.column), (4, 18));
    assert!(
        p.message
            .starts_with("表三 / （七）总计 / 其他: 应为非负整数"),
        "{}",
        p.message
    );
    let p = problems("{\"metadata\": {,}", "r.json");
    assert_eq!(p.len(), 1);
    assert!(
        p[0].message.starts_with("不是有效的 JSON 或 YAML"),
        "{}",
        p[0].message
    );
    assert_eq!(p[0].span.line, 1);
}

#[test]
fn hostile_structure_is_refused_not_crashed_on() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let p = problems(&deep, "r.json");
    assert!(p[0].message.contains("嵌套超过"), "{}", p[0].message);
    // A billion-laughs alias bomb is refused at its first anchor, before anything is expanded.
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..30 {
        let prev = format!("*a{}", i - 1);
        let _ = writeln!(bomb, "a{i}: &a{i} [{}]", vec![prev; 10].join(", "));
    }
    let p = problems(&bomb, "r.yaml");
    assert!(p[0].message.contains("别名"), "{}", p[0].message);
    assert_eq!((p[0].span.line, p[0].span.column), (1, 5));
}

#[test]
fn the_documented_example_reads_clean_with_blank_and_shorthand_cells() {
    let text = std::fs::read_to_string(repo("docs/examples/structured-report.yaml")).unwrap();
    let e = read(&text, "structured-report.yaml").unwrap();
    let apps = &e.report.applications;
    assert_eq!(apps.total.cells.total.value(), Some(&21));
    assert_eq!(apps.carried_forward.cells.total.value(), Some(&4));
    let span = apps.total.cells.total.span().unwrap();
    assert_eq!(e.source.slice(span), "21");
    // The narrative is read from the section text, numbers located in the YAML file.
    let section = e
        .report
        .section(gongkai_core::SectionId::Applications)
        .unwrap();
    let n = section
        .numbers
        .iter()
        .find(|n| n.raw == "23")
        .expect("the number 23 in the narrative");
    assert_eq!(e.source.slice(n.span), "23");
    assert_eq!(
        e.source.text()[..n.span.offset].lines().count(),
        n.span.line as usize
    );
}

/// The tables of a report without spans, for comparing values read from two files.
fn tables(report: &Report) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("span");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::json!({
        "active_disclosure": report.active_disclosure,
        "applications": report.applications,
        "review_litigation": report.review_litigation,
        "title": report.metadata.title.as_ref().map(|t| &t.value),
        "organisation": report.metadata.organisation.as_ref().map(|t| &t.value),
        "year": report.metadata.year.as_ref().map(|t| t.value),
        "format": report.metadata.format,
        "issues": report.issues.iter().map(|i| serde_json::to_value(i).unwrap()).collect::<Vec<_>>(),
    });
    strip(&mut v);
    v
}

#[test]
fn extract_output_reads_back_to_the_same_report_and_findings() {
    let checker = Checker::new().unwrap();
    for name in [
        "huaian-city-2024.txt",
        "hongze-district-2023.txt",
        "xigong-emergency-2023.txt",
        "shanghai-govoffice-2019.tsv.txt",
    ] {
        let bytes = std::fs::read(repo(&format!("tests/fixtures/{name}"))).unwrap();
        let original = checker.check(&bytes, name).unwrap();
        let json = serde_json::to_string_pretty(original.report()).unwrap();
        let again = checker
            .check(json.as_bytes(), "extracted.json")
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(tables(original.report()), tables(again.report()), "{name}");
        let sections = |r: &Report| -> Vec<(String, Vec<String>)> {
            r.sections
                .iter()
                .map(|s| {
                    (
                        s.text.clone(),
                        s.numbers.iter().map(|n| n.raw.clone()).collect(),
                    )
                })
                .collect()
        };
        assert_eq!(
            sections(original.report()),
            sections(again.report()),
            "{name}"
        );
        let key = |c: &gongkai::Checked| -> Vec<(String, String, Option<String>)> {
            // Findings are in the order of their file, which differs between the two files.
            let mut k: Vec<_> = c
                .findings()
                .iter()
                .map(|f| (f.code.clone(), f.message.clone(), f.expected.clone()))
                .collect();
            k.sort();
            k
        };
        assert_eq!(key(&original), key(&again), "{name}");
        // Every value now points into the JSON file, at the value itself.
        for row in gongkai_core_ids() {
            let cell = again
                .report()
                .applications
                .get(row)
                .unwrap()
                .cells
                .total
                .clone();
            if let gongkai::Cell::Present { value, span, .. } = cell {
                assert_eq!(
                    again.extracted.source.slice(span),
                    value.to_string(),
                    "{name} {row}"
                );
            }
        }
    }
}

fn gongkai_core_ids() -> &'static [&'static str] {
    &[
        "new_received",
        "carried_over",
        "granted",
        "total",
        "carried_forward",
    ]
}

#[test]
fn one_wrong_total_gives_the_same_findings_in_json_as_in_text_located_on_the_json_value() {
    let checker = Checker::new().unwrap();
    let bytes = std::fs::read(repo("tests/fixtures/huaian-city-2024.txt")).unwrap();
    let original = checker.read(&bytes, "huaian.txt").unwrap();
    let gongkai::Cell::Present { value, span, .. } =
        original.report.applications.total.cells.total.clone()
    else {
        panic!("huaian has a total");
    };
    let wrong = value + 1;
    let mut text = original.source.text().to_owned();
    text.replace_range(span.range(), &wrong.to_string());
    let from_text = checker.check(text.as_bytes(), "huaian.txt").unwrap();

    let mut json = serde_json::to_value(&original.report).unwrap();
    json["applications"]["total"]["total"] = serde_json::json!(wrong);
    let json = serde_json::to_string_pretty(&json).unwrap();
    let from_json = checker.check(json.as_bytes(), "huaian.json").unwrap();

    let key = |c: &gongkai::Checked| -> Vec<(String, String, Option<String>)> {
        let mut k: Vec<_> = c
            .findings()
            .iter()
            .map(|f| (f.code.clone(), f.message.clone(), f.expected.clone()))
            .collect();
        k.sort();
        k
    };
    assert!(
        from_text
            .findings()
            .iter()
            .any(|f| f.severity == gongkai::Severity::Error),
        "the wrong total is found in the text"
    );
    assert_eq!(key(&from_text), key(&from_json));
    let cell_span = from_json
        .report()
        .applications
        .total
        .cells
        .total
        .span()
        .unwrap();
    assert_eq!(
        from_json.extracted.source.slice(cell_span),
        wrong.to_string()
    );
    assert!(
        from_json
            .findings()
            .iter()
            .flat_map(|f| &f.labels)
            .any(|l| l.span == cell_span),
        "a finding is labelled on the value in the JSON file"
    );
}
