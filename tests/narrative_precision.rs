//! Precision of the narrative checks on every real report of `tests/fixtures`: every finding of
//! a `narrative-*` rule is listed, and the list must be exactly the real errors of the samples
//! (checked by hand, see tests/fixtures/README.md), no more and no fewer. A new false finding
//! on a real report, or a real one no longer found, fails here with the whole list.

use std::fmt::Write as _;
use std::path::PathBuf;

use gongkai::{Checker, Severity};

/// The real reports (the texts, pages and PDFs as published or extracted; no made-up ones).
const REAL: &[&str] = &[
    "xigong-emergency-2023.txt",
    "huaian-city-2024.txt",
    "huaian-city-2024.pdf",
    "hongze-district-2023.txt",
    "hongze-district-2023.pdf",
    "hongze-district-2023.layout.txt",
    "huaian-city-2024.layout.txt",
    "shanghai-govoffice-2019.tsv.txt",
    "shuyang-county-2025.md",
    "partial-town-2023.txt",
    "partial-gaoling-2021.txt",
    "partial-stats-bureau-2023.txt",
    "pingtan-2019.html",
    "pingtan-2020.html",
    "pingtan-2021.html",
    "pingtan-2022.html",
];

/// The real narrative errors: (file, rule, severity, the text of the finding's primary label).
const KNOWN: &[(&str, &str, Severity, &str)] = &[
    // 予以公开及部分公开258件 vs 表三 （一）+（二） = 275; 无法提供265件 vs （四） = 337.
    (
        "shanghai-govoffice-2019.tsv.txt",
        "narrative-outcome-count-mismatch",
        Severity::Error,
        "258",
    ),
    (
        "shanghai-govoffice-2019.tsv.txt",
        "narrative-outcome-count-mismatch",
        Severity::Error,
        "265",
    ),
    // The same two counts as shares of the 805 answered: 33.9% (table: 34.16%), 32.9% (41.86%).
    (
        "shanghai-govoffice-2019.tsv.txt",
        "narrative-outcome-percentage-mismatch",
        Severity::Warning,
        "33.9",
    ),
    (
        "shanghai-govoffice-2019.tsv.txt",
        "narrative-outcome-percentage-mismatch",
        Severity::Warning,
        "32.9",
    ),
    // "均获维持" while 表四 has cases 尚未审结.
    (
        "shanghai-govoffice-2019.tsv.txt",
        "narrative-all-upheld-with-pending",
        Severity::Warning,
        "",
    ),
    // "共公布政府信息2599条，(其中…)": the eleven parts add up to 2533.
    (
        "pingtan-2019.html",
        "narrative-breakdown-sum-mismatch",
        Severity::Warning,
        "2599",
    ),
    // "共公布政府信息2602条(其中…)": the eleven parts add up to 2603.
    (
        "pingtan-2020.html",
        "narrative-breakdown-sum-mismatch",
        Severity::Warning,
        "2602",
    ),
];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn the_narrative_findings_on_the_real_samples_are_exactly_the_real_errors() {
    let checker = Checker::new().unwrap();
    let mut found: Vec<(String, String, Severity, String, String)> = Vec::new();
    let mut matched_rules = 0;
    for name in REAL {
        let outcome = checker
            .check_path(&fixture(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for r in &outcome.results {
            if r.rule.starts_with("narrative-")
                && !matches!(r.outcome, gongkai::Outcome::Skipped { .. })
            {
                matched_rules += 1;
            }
        }
        for f in outcome.findings() {
            if !f.code.starts_with("narrative-") {
                continue;
            }
            let primary = f
                .labels
                .iter()
                .find(|l| l.primary)
                .map(|l| outcome.extracted.source.slice(l.span).to_owned())
                .unwrap_or_default();
            // A primary that is a whole sentence is named by nothing but its rule.
            let primary = if primary.chars().count() > 12 {
                String::new()
            } else {
                primary
            };
            found.push((
                (*name).to_owned(),
                f.code.clone(),
                f.severity,
                primary,
                f.message.clone(),
            ));
        }
    }
    let mut listing = String::new();
    for (n, r, s, p, m) in &found {
        let _ = writeln!(listing, "{n} | {r} | {s:?} | {p} | {m}");
    }
    let got: Vec<(&str, &str, Severity, &str)> = found
        .iter()
        .map(|(n, r, s, p, _)| (n.as_str(), r.as_str(), *s, p.as_str()))
        .collect();
    let mut want = KNOWN.to_vec();
    want.sort();
    let mut got_sorted = got.clone();
    got_sorted.sort();
    assert_eq!(got_sorted, want, "narrative findings:\n{listing}");
    // The figures of docs/input-formats.md (run with --nocapture to see them).
    eprintln!(
        "narrative: {matched_rules} rule runs found a statement in {} real reports; {} findings, {} of them real errors",
        REAL.len(),
        got.len(),
        want.len()
    );
    // The rules had something to check: a run where patterns stopped matching would pass
    // trivially.
    assert!(
        matched_rules >= 40,
        "only {matched_rules} narrative rule runs found a statement"
    );
}
