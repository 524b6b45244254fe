//! The built-in rules on the sample reports: the clean samples give no error or warning, and
//! the real errors of the samples are found on the right cells.

use std::path::PathBuf;

use gongkai_rules::harness::render_outcome;
use gongkai_rules::{Finding, Lang, Outcome, RuleSet, Severity};

fn read(name: &str) -> (String, gongkai_core::Report) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    let e = gongkai_reader::read(&bytes, name, &gongkai_reader::ReadOptions::default()).unwrap();
    (e.source.text().to_owned(), e.report)
}

fn findings(name: &str) -> (String, Vec<Finding>, String) {
    let (text, report) = read(name);
    let set = RuleSet::builtin().unwrap();
    let results = set.evaluate(&report, None, Lang::Zh);
    let mut all = Vec::new();
    let mut rendered = String::new();
    for r in &results {
        rendered.push_str("# ");
        rendered.push_str(&r.rule);
        rendered.push('\n');
        rendered.push_str(&render_outcome(&r.outcome, &text, None));
        if let Outcome::Findings { findings } = &r.outcome {
            all.extend(findings.iter().cloned());
        }
        assert!(
            !matches!(r.outcome, Outcome::Error { .. }),
            "{name}: rule {} could not evaluate: {:?}",
            r.rule,
            r.outcome
        );
    }
    (text, all, rendered)
}

fn slice<'a>(text: &'a str, f: &Finding) -> &'a str {
    let primary = f
        .labels
        .iter()
        .find(|l| l.primary)
        .expect("a primary label");
    &text[primary.span.range()]
}

#[test]
fn clean_samples_have_no_error_or_warning() {
    for name in ["xigong-emergency-2023.txt", "huaian-city-2024.txt"] {
        let (_, found, rendered) = findings(name);
        let serious: Vec<_> = found
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .collect();
        assert!(serious.is_empty(), "{name}:\n{serious:#?}");
        insta::assert_snapshot!(name, rendered);
    }
}

#[test]
fn hongze_table_four_totals_are_found_on_the_total_cells() {
    let (text, found, rendered) = findings("hongze-district-2023.txt");
    let review: Vec<&Finding> = found
        .iter()
        .filter(|f| f.code == "review-litigation-total-mismatch")
        .collect();
    assert_eq!(review.len(), 2, "{review:#?}");
    // 行政复议: 10 + 1 but 总计 0; 复议后起诉: 结果维持 5 but 总计 0.
    assert_eq!(review[0].expected.as_deref(), Some("11"));
    assert_eq!(review[1].expected.as_deref(), Some("5"));
    let row_line = text
        .lines()
        .position(|l| l.starts_with("10 1 0 0 0"))
        .unwrap()
        + 1;
    for f in &review {
        assert_eq!(slice(&text, f), "0");
        let p = f.labels.iter().find(|l| l.primary).unwrap();
        assert_eq!(p.span.line as usize, row_line);
    }
    // the primary of 行政复议 is the fifth value of the row, of 复议后起诉 the fifteenth
    let cols: Vec<u32> = review
        .iter()
        .map(|f| f.labels.iter().find(|l| l.primary).unwrap().span.column)
        .collect();
    assert_eq!(cols, vec![10, 30]);
    // the secondaries are the four results of the group
    assert_eq!(review[0].labels.len(), 5);
    assert!(
        review[0]
            .labels
            .iter()
            .any(|l| !l.primary && &text[l.span.range()] == "10")
    );
    insta::assert_snapshot!("hongze-district-2023", rendered);
}

#[test]
fn shanghai_narrative_contradicts_table_three() {
    let (text, found, rendered) = findings("shanghai-govoffice-2019.tsv.txt");
    let counts: Vec<&Finding> = found
        .iter()
        .filter(|f| f.code == "narrative-outcome-count-mismatch")
        .collect();
    let got: Vec<(&str, Option<&str>)> = counts
        .iter()
        .map(|f| (slice(&text, f), f.expected.as_deref()))
        .collect();
    assert_eq!(got, vec![("258", Some("275")), ("265", Some("337"))]);
    insta::assert_snapshot!("shanghai-govoffice-2019", rendered);
}

#[test]
fn english_messages() {
    let (_, report) = read("hongze-district-2023.txt");
    let set = RuleSet::builtin().unwrap();
    let results = set.evaluate(&report, None, Lang::En);
    let f = results
        .iter()
        .find(|r| r.rule == "review-litigation-total-mismatch")
        .and_then(|r| match &r.outcome {
            Outcome::Findings { findings } => findings.first().cloned(),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        f.message,
        "表四, 行政复议: 总计 is 0, but upheld + corrected + other + pending = 10 + 1 + 0 + 0 = 11"
    );
    assert_eq!(
        f.help.as_deref(),
        Some("表四 / 行政复议 / 总计 should be 11")
    );
}
