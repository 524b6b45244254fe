//! Year over year through the library (issue 15): the four 平潭 pages (2019 and 2020 in the
//! 2019 form, 2021 and 2022 in the 2021 form) paired by body and year, and the previous-year
//! rules run on every pair, across the change of form too.

use std::path::PathBuf;

use gongkai::pairing::{PairKey, PreviousMatch, pair};
use gongkai::{Checker, Extracted, Outcome};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(checker: &Checker, name: &str) -> Extracted {
    let bytes = std::fs::read(fixture(name)).unwrap();
    checker.read(&bytes, name).unwrap()
}

/// The series, newest first: pairing must not depend on the order of the files.
const SERIES: [&str; 4] = [
    "pingtan-2022.html",
    "pingtan-2020.html",
    "pingtan-2021.html",
    "pingtan-2019.html",
];

#[test]
fn every_consecutive_pair_of_the_series_is_found() {
    let checker = Checker::new().unwrap();
    let reports: Vec<Extracted> = SERIES.iter().map(|n| read(&checker, n)).collect();
    let keys: Vec<Option<PairKey>> = reports.iter().map(|e| PairKey::of(&e.report)).collect();
    assert!(
        keys.iter()
            .all(|k| k.as_ref().unwrap().body == "平潭综合实验区")
    );
    assert_eq!(
        pair(&keys, 4),
        [
            PreviousMatch::One(2), // 2022 ← 2021
            PreviousMatch::One(3), // 2020 ← 2019
            PreviousMatch::One(1), // 2021 ← 2020
            PreviousMatch::None,   // 2019: nothing before it
        ]
    );
}

#[test]
fn the_previous_year_rules_check_every_pair_across_the_change_of_form() {
    let checker = Checker::new().unwrap();
    // (last year, this year, what previous-in-force-mismatch does)
    for (last, this, in_force_runs) in [
        ("pingtan-2019.html", "pingtan-2020.html", false),
        ("pingtan-2020.html", "pingtan-2021.html", false),
        ("pingtan-2021.html", "pingtan-2022.html", true),
    ] {
        let previous = read(&checker, last);
        let result = checker.check_extracted(read(&checker, this), Some(&previous));
        let outcome = |id: &str| {
            &result
                .results
                .iter()
                .find(|r| r.rule == id)
                .unwrap_or_else(|| panic!("{id}"))
                .outcome
        };
        // 上年结转 and 结转下年度 are in both forms: compared on every pair, and they agree.
        assert_eq!(
            outcome("previous-carried-over-mismatch"),
            &Outcome::Pass,
            "{last} → {this}"
        );
        match outcome("previous-in-force-mismatch") {
            Outcome::Pass => assert!(in_force_runs, "{last} → {this}"),
            // The 2019 form has no 现行有效件数: said, with why.
            Outcome::Skipped { reason } => {
                assert!(!in_force_runs, "{last} → {this}: {reason}");
                assert!(reason.contains("2019"), "{reason}");
            }
            other => panic!("{last} → {this}: {other:?}"),
        }
    }
}

#[test]
fn the_same_body_named_differently_is_still_its_previous_year() {
    let checker = Checker::new().unwrap();
    let text = std::fs::read_to_string(fixture("pingtan-2022.html")).unwrap();
    let renamed = text.replace(
        "平潭综合实验区2022年度政府信息公开",
        "福建省平潭综合实验区管委会2022年度政府信息公开",
    );
    let this = checker.read(renamed.as_bytes(), "renamed.html").unwrap();
    assert_eq!(
        this.report.metadata.organisation.as_ref().unwrap().value,
        "福建省平潭综合实验区管委会"
    );
    let last = read(&checker, "pingtan-2021.html");
    let keys = [PairKey::of(&this.report), PairKey::of(&last.report)];
    assert_eq!(pair(&keys, 1), [PreviousMatch::One(1)]);
    let result = checker.check_extracted(this, Some(&last));
    for id in [
        "previous-carried-over-mismatch",
        "previous-in-force-mismatch",
    ] {
        let r = result.results.iter().find(|r| r.rule == id).unwrap();
        assert_eq!(r.outcome, Outcome::Pass, "{id}");
    }
}
