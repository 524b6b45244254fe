//! Rule files that are wrong fail to load, located at their line and column, with a suggestion;
//! hostile rule files are refused without crashing; native rules run next to YAML rules.

mod common;

use gongkai_core::Report;
use gongkai_rules::{
    Context, Finding, Label, Lang, LoadError, NativeRule, Outcome, RuleDoc, RuleLimits, RuleMeta,
    RuleSet, RuleSource, Severity,
};

const GOOD: &str = r#"id: my-check
title: 测试
severity: error
description: {what: a, why: b, fix: c}
message:
  zh: "{col}: {lhs} ≠ {rhs}"
for_each: column
assert: applications.total.{col} == applications.granted.{col}
"#;

fn load(path: &str, text: &str) -> Result<RuleSet, Vec<LoadError>> {
    let mut set = RuleSet::new();
    set.add(&[RuleSource { path, text }])
        .map(|()| set)
        .map_err(|e| e.0)
}

fn error(path: &str, text: &str) -> LoadError {
    load(path, text)
        .err()
        .and_then(|mut v| v.pop())
        .expect("the rule should not load")
}

#[test]
fn a_good_rule_loads() {
    let set = load("custom/my-check.yaml", GOOD).unwrap();
    assert_eq!(set.get("my-check").unwrap().area, "custom");
}

#[test]
fn misspelt_row_in_a_path_points_at_it_and_suggests() {
    let text = GOOD.replace("applications.granted.{col}", "applications.grantd.{col}");
    let e = error("custom/my-check.yaml", &text);
    assert!(
        e.message().contains("unknown row `grantd`"),
        "{}",
        e.message()
    );
    assert_eq!(e.suggestion(), Some("did you mean `granted`?"));
    let line = text.lines().position(|l| l.contains("grantd")).unwrap() + 1;
    let column = text.lines().nth(line - 1).unwrap().find("grantd").unwrap() + 1;
    assert_eq!((e.line() as usize, e.column() as usize), (line, column));
}

#[test]
fn misspelt_column_and_table_and_placeholder() {
    let e = error(
        "a/my-check.yaml",
        &GOOD.replace(
            "applications.total.{col}",
            "applications.total.natural_persn",
        ),
    );
    assert_eq!(e.suggestion(), Some("did you mean `natural_person`?"));
    let e = error(
        "a/my-check.yaml",
        &GOOD.replace("applications.total.{col}", "aplications.total.{col}"),
    );
    assert_eq!(e.suggestion(), Some("did you mean `applications`?"));
    let e = error(
        "a/my-check.yaml",
        &GOOD.replace("applications.total.{col}", "applications.total.{cl}"),
    );
    assert_eq!(e.suggestion(), Some("did you mean `{col}`?"));
    let e = error("a/my-check.yaml", &GOOD.replace("{lhs} ≠", "{lsh} ≠"));
    assert!(e.message().contains("unknown placeholder `{lsh}`"));
    assert_eq!(e.suggestion(), Some("did you mean `{lhs}`?"));
    assert_eq!(e.line(), 6);
}

#[test]
fn unknown_field_is_located_with_a_suggestion() {
    let e = error("a/my-check.yaml", &GOOD.replace("for_each:", "for_eachh:"));
    assert!(
        e.message().contains("unknown field `for_eachh`"),
        "{}",
        e.message()
    );
    assert_eq!(e.suggestion(), Some("did you mean `for_each`?"));
    assert_eq!((e.line(), e.column()), (7, 1));
    let e = error(
        "a/my-check.yaml",
        &GOOD.replace("severity: error", "severity: eror"),
    );
    assert_eq!(e.suggestion(), Some("did you mean `error`?"));
}

#[test]
fn malformed_expression_and_pattern() {
    let e = error(
        "a/my-check.yaml",
        &GOOD.replace("== applications.granted", "= applications.granted"),
    );
    assert!(e.message().contains("single `=`"));
    assert_eq!(e.line(), 8);
    let narrative = r#"id: n-check
title: t
severity: error
description: {what: a, why: b, fix: c}
message: {zh: "x"}
narrative:
  patterns:
    - '受理(申请{n}件'
  assert: n == applications.new_received.total
"#;
    let e = error("a/n-check.yaml", narrative);
    assert!(e.message().contains("malformed pattern"), "{}", e.message());
    assert_eq!(e.line(), 8);
    let missing_capture = narrative.replace("受理(申请{n}件", "受理申请{m}件");
    let e = error("a/n-check.yaml", &missing_capture);
    assert!(
        e.message().contains("does not capture `n`"),
        "{}",
        e.message()
    );
}

#[test]
fn id_must_match_file_name_and_be_unique() {
    let e = error("a/other-name.yaml", GOOD);
    assert!(e.message().contains("differs from the file name"));
    assert_eq!((e.line(), e.column()), (1, 5));
    let mut set = RuleSet::new();
    set.add(&[RuleSource {
        path: "a/my-check.yaml",
        text: GOOD,
    }])
    .unwrap();
    let e = set
        .add(&[RuleSource {
            path: "b/my-check.yaml",
            text: GOOD,
        }])
        .unwrap_err();
    assert!(e.0[0].message().contains("duplicate rule id"));
    assert!(e.0[0].suggestion().unwrap().contains("a/my-check.yaml"));
}

#[test]
fn hostile_rule_files_are_refused() {
    let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n";
    let _ = error("a/bomb.yaml", bomb);
    let deep = format!(
        "id: deep\nx: {}1{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let _ = error("a/deep.yaml", &deep);
    let nested = GOOD.replace(
        "applications.total.{col} == applications.granted.{col}",
        &format!("{}1{} == 1", "(".repeat(10_000), ")".repeat(10_000)),
    );
    let _ = error("a/my-check.yaml", &nested);
    let huge = format!("{GOOD}# {}\n", "x".repeat(300_000));
    assert!(
        error("a/my-check.yaml", &huge)
            .message()
            .contains("larger than")
    );
    let pathological = r#"id: n-check
title: t
severity: error
description: {what: a, why: b, fix: c}
message: {zh: "x"}
narrative:
  patterns:
    - '(?:(?:a{100}){100}){100}{n}'
  assert: n == 1
"#;
    assert!(
        error("a/n-check.yaml", pathological)
            .message()
            .contains("too large")
    );
}

/// A rule pack that needs more than the default limits loads once they are raised, and the
/// message of a refusal names the limit that was hit.
#[test]
fn the_limits_on_rule_files_are_configurable() {
    // About 80 KiB compiled: under 1 MiB, over 64 KiB.
    let big_regex = GOOD
        .replace("for_each: column\n", "")
        .replace("{col}: {lhs} ≠ {rhs}", "x")
        .replace(
            "assert: applications.total.{col} == applications.granted.{col}",
            "narrative:\n  patterns:\n    - '(?:[一-龥]{300}){n}'\n  assert: n == 1",
        );
    let load_with = |limits: RuleLimits, text: &str| {
        let mut set = RuleSet::new();
        set.set_limits(limits);
        assert_eq!(set.limits(), limits);
        set.add(&[RuleSource {
            path: "a/my-check.yaml",
            text,
        }])
        .map_err(|e| e.0[0].message().to_owned())
    };
    assert!(load_with(RuleLimits::default(), &big_regex).is_ok());
    let mut small = RuleLimits::default();
    small.max_regex_bytes = 64 * 1024;
    let refused = load_with(small, &big_regex).unwrap_err();
    assert!(
        refused.contains("pattern too large (over 65536 bytes"),
        "{refused}"
    );
    // The same regex through `matches` in an expression.
    let in_matches = GOOD.replace(
        "applications.total.{col} == applications.granted.{col}",
        "matches(organisation, \"(?:[一-龥]{300})\") || applications.total.{col} == 0",
    );
    assert!(load_with(RuleLimits::default(), &in_matches).is_ok());
    assert!(
        load_with(small, &in_matches)
            .unwrap_err()
            .contains("too large")
    );

    let long_pattern =
        big_regex.replace("{300}){n}", &format!("{{300}}){}{{n}}", "甲".repeat(700)));
    assert!(
        load_with(RuleLimits::default(), &long_pattern)
            .unwrap_err()
            .contains("pattern longer than 2000 bytes")
    );
    let mut long = RuleLimits::default();
    long.max_pattern_bytes = 4000;
    assert!(load_with(long, &long_pattern).is_ok());

    let huge = format!("{GOOD}# {}\n", "x".repeat(300_000));
    assert!(
        load_with(RuleLimits::default(), &huge)
            .unwrap_err()
            .contains("larger than 262144 bytes")
    );
    let mut roomy = RuleLimits::default();
    roomy.max_file_bytes = 1 << 20;
    assert!(load_with(roomy, &huge).is_ok());
}

#[test]
fn division_by_zero_is_an_error_outcome_not_a_panic() {
    let text = GOOD
        .replace("for_each: column\n", "")
        .replace("{col}: ", "")
        .replace(
            "applications.total.{col} == applications.granted.{col}",
            "applications.total.total / applications.granted.total == 1",
        );
    let set = load("a/my-check.yaml", &text).unwrap();
    let report = zero_report();
    let results = set.evaluate(&report, None, Lang::Zh);
    assert!(
        matches!(&results[0].outcome, Outcome::Error { message } if message.contains("除数为零")),
        "{results:?}"
    );
}

/// A literal with more decimals than `rust_decimal` holds was rounded to 0 at load: the rule
/// `total > 0.000…01` (29 decimals) then fired on a report whose totals are 0, wrongly. Such a
/// literal (and a too precise tolerance, and an integer past the type's range) is a load error at
/// the literal.
#[test]
fn decimal_literals_past_the_precision_are_load_errors() {
    let tiny = format!("0.{}1", "0".repeat(28));
    let text = GOOD
        .replace("for_each: column\n", "")
        .replace("{col}: ", "")
        .replace(
            "applications.total.{col} == applications.granted.{col}",
            &format!("applications.total.total > {tiny}"),
        );
    let e = error("a/my-check.yaml", &text);
    assert!(
        e.message().contains(&format!("`{tiny}`")),
        "{}",
        e.message()
    );
    assert!(e.message().contains("exactly"), "{}", e.message());
    let line = text.lines().position(|l| l.contains(&tiny)).unwrap() + 1;
    let column = text.lines().nth(line - 1).unwrap().find(&tiny).unwrap() + 1;
    assert_eq!((e.line() as usize, e.column() as usize), (line, column));

    let huge = "1".repeat(40);
    let e = error(
        "a/my-check.yaml",
        &text.replace(&format!("> {tiny}"), &format!("< {huge}")),
    );
    assert!(e.message().contains("exactly"), "{}", e.message());

    let e = error("a/my-check.yaml", &format!("{text}tolerance: \"{tiny}\"\n"));
    assert!(e.message().contains("exactly"), "{}", e.message());
    assert_eq!(e.line() as usize, text.lines().count() + 1);

    // Exact literals with any number of written zeros still load and compare exactly.
    let exact = text.replace(&tiny, &format!("0.{}", "0".repeat(40)));
    let set = load("a/my-check.yaml", &exact).unwrap();
    let results = set.evaluate(&zero_report(), None, Lang::Zh);
    assert!(
        matches!(&results[0].outcome, Outcome::Findings { .. }),
        "0 > 0.000 is false: {results:?}"
    );
    let exact = text.replace(&tiny, &format!("0.{}1", "0".repeat(27)));
    let set = load("a/my-check.yaml", &exact).unwrap();
    let results = set.evaluate(&zero_report(), None, Lang::Zh);
    assert!(
        matches!(&results[0].outcome, Outcome::Findings { .. }),
        "0 > 1e-28 is false: {results:?}"
    );
}

fn zero_report() -> Report {
    let mut report = Report::default();
    for row in gongkai_core::Applications::IDS {
        let r = report.applications.get_mut(row).unwrap();
        for col in gongkai_core::ApplicantCells::IDS {
            *r.cells.get_mut(col).unwrap() = gongkai_core::Cell::Present {
                value: 0,
                raw: "0".into(),
                span: gongkai_core::Span {
                    offset: 0,
                    length: 1,
                    line: 1,
                    column: 1,
                },
            };
        }
    }
    report
}

#[test]
fn missing_cells_skip_never_pass() {
    let set = load("a/my-check.yaml", GOOD).unwrap();
    let results = set.evaluate(&Report::default(), None, Lang::Zh);
    assert!(
        matches!(&results[0].outcome, Outcome::Skipped { reason } if reason.contains("未找到")),
        "{results:?}"
    );
}

struct AlwaysOne;

impl NativeRule for AlwaysOne {
    fn meta(&self) -> RuleMeta {
        RuleMeta::new(
            "native-example",
            "custom",
            "a native rule",
            Severity::Info,
            RuleDoc {
                what: "w".into(),
                why: "y".into(),
                fix: "f".into(),
            },
        )
    }

    fn check(&self, ctx: &Context<'_>) -> Outcome {
        let span = gongkai_core::Span {
            offset: 0,
            length: 1,
            line: 1,
            column: 1,
        };
        Outcome::Findings {
            findings: vec![Finding {
                code: String::new(),
                severity: Severity::Error,
                message: format!("{:?}", ctx.lang),
                help: None,
                expected: None,
                labels: vec![Label {
                    span,
                    message: "here".into(),
                    primary: true,
                    document: gongkai_rules::DocumentRole::default(),
                }],
                also: Vec::new(),
            }],
        }
    }
}

/// A native rule that works through many items, asking the interrupt every 1,000 of them;
/// counts the items it did.
struct Looping(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl NativeRule for Looping {
    fn meta(&self) -> RuleMeta {
        let mut meta = AlwaysOne.meta();
        meta.id = "native-looping".into();
        meta
    }

    fn check(&self, ctx: &Context<'_>) -> Outcome {
        for i in 0..1_000_000 {
            if i % 1000 == 0 && ctx.should_stop() {
                return Outcome::Error {
                    message: "stopped".into(),
                };
            }
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Outcome::Findings {
            findings: Vec::new(),
        }
    }
}

#[test]
fn a_native_rule_is_handed_the_interrupt_and_stops_inside_its_loop() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let done = Arc::new(AtomicUsize::new(0));
    let mut set = RuleSet::new();
    set.add_native(Box::new(Looping(Arc::clone(&done))))
        .unwrap();
    // Not set: the rule runs to its end.
    let never = gongkai_core::Interrupt::new(|| false);
    let results = set
        .evaluate_until(&Report::default(), None, Lang::Zh, Some(&never))
        .expect("not stopped");
    assert!(matches!(results[0].outcome, Outcome::Findings { .. }));
    assert_eq!(done.swap(0, Ordering::Relaxed), 1_000_000);
    // Set after a few questions (the set asks once before the rule): the rule stops inside its
    // loop, and the set reports the interruption, not the rule's outcome.
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let after_five =
        gongkai_core::Interrupt::new(move || counter.fetch_add(1, Ordering::Relaxed) >= 5);
    assert!(
        set.evaluate_until(&Report::default(), None, Lang::Zh, Some(&after_five))
            .is_err()
    );
    assert_eq!(done.load(Ordering::Relaxed), 4_000);
}

#[test]
fn native_rules_run_with_the_yaml_rules_and_follow_selection_and_severity() {
    let mut set = RuleSet::builtin().unwrap();
    let yaml = set.rules().count();
    set.add_native(Box::new(AlwaysOne)).unwrap();
    assert!(set.add_native(Box::new(AlwaysOne)).is_err());
    assert_eq!(set.set_severity("native-example", Severity::Warning), 1);
    let results = set.evaluate(&Report::default(), None, Lang::En);
    assert_eq!(results.len(), yaml + 1);
    let Outcome::Findings { findings } = &results.last().unwrap().outcome else {
        panic!()
    };
    assert_eq!(
        (
            findings[0].code.as_str(),
            findings[0].severity,
            findings[0].message.as_str()
        ),
        ("native-example", Severity::Warning, "En")
    );
    set.select(&["narrative"]);
    assert!(set.rules().all(|r| r.area == "narrative"));
    set.ignore(&["narrative-year-mismatch"]);
    assert!(set.rules().all(|r| r.id != "narrative-year-mismatch"));
    assert!(set.knows("narrative-year-mismatch"));
    assert_eq!(
        set.suggest("narative-year-mismatch").as_deref(),
        Some("narrative-year-mismatch")
    );
}

#[test]
fn the_worked_example_of_the_docs_loads_and_its_cases_pass() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/writing-rules.md"
    ))
    .unwrap();
    let blocks: Vec<&str> = doc
        .split("```yaml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    let rule = blocks[0];
    let tests = blocks[1];
    let mut set = RuleSet::new();
    set.add(&[RuleSource {
        path: "my-rules/applications/applications-repeated-too-many.yaml",
        text: rule,
    }])
    .unwrap_or_else(|e| panic!("{e}"));
    let fixture = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/../../tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .map_err(|e| e.to_string())
    };
    let env = gongkai_rules::harness::TestEnv {
        read: &common::read,
        fixture: &fixture,
    };
    let results = gongkai_rules::harness::run_tests(
        &set,
        &[RuleSource {
            path: "my-rules/applications/applications-repeated-too-many.test.yaml",
            text: tests,
        }],
        &env,
    );
    assert_eq!(results.len(), 3, "{results:?}");
    for r in &results {
        assert!(
            r.passed(),
            "{}:{} {}: {:?}\n{}",
            r.path,
            r.line,
            r.case,
            r.failure,
            r.rendered
        );
    }
}

#[test]
fn harness_failures_name_rule_case_and_line_and_go_on() {
    let mut set = RuleSet::new();
    set.add(&[RuleSource {
        path: "a/my-check.yaml",
        text: GOOD,
    }])
    .unwrap();
    let tests = r"cases:
  - name: wrongly expects a pass
    expect: pass
    report:
      applications:
        total: [1, 0, 0, 0, 0, 0, 1]
  - name: fires as expected
    expect: fire
    report:
      applications:
        total: [1, 0, 0, 0, 0, 0, 1]
  - name: bad edit
    expect: pass
    report: {}
    edits:
      - set: applications.totl.total
        to: 1
";
    let read = |_: &str, _: &str| Err("no reader".to_owned());
    let fixture = |_: &str| Err("no fixtures".to_owned());
    let env = gongkai_rules::harness::TestEnv {
        read: &read,
        fixture: &fixture,
    };
    let r = gongkai_rules::harness::run_tests(
        &set,
        &[RuleSource {
            path: "a/my-check.test.yaml",
            text: tests,
        }],
        &env,
    );
    assert_eq!(r.len(), 3, "{r:?}");
    assert_eq!(
        (r[0].rule.as_str(), r[0].case.as_str(), r[0].line),
        ("my-check", "wrongly expects a pass", 2)
    );
    assert!(
        r[0].failure
            .as_deref()
            .unwrap()
            .starts_with("expected pass, got 2 finding(s)")
    );
    assert!(r[1].passed());
    assert!(
        r[2].failure
            .as_deref()
            .unwrap()
            .contains("did you mean `total`?"),
        "{:?}",
        r[2].failure
    );
}
