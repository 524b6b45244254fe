//! `gongkai::compare` (issue 15) on the real 平潭 series: the 2020 → 2021 change of form stated
//! once per table, cells marked from the previous-year rules' results (this year's and last
//! year's cell), the order of the reports, and the usage errors; and the freshness of
//! `schemas/compare.schema.json` (`GONGKAI_BLESS=1 cargo test -p gongkai --test compare`
//! rewrites it).

use std::path::PathBuf;

use gongkai::compare::{CellValue, CompareError, Comparison, compare};
use gongkai::{Checker, Extracted};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read_bytes(checker: &Checker, name: &str, bytes: &[u8]) -> (String, Extracted) {
    (name.to_owned(), checker.read(bytes, name).unwrap())
}

fn read(checker: &Checker, name: &str) -> (String, Extracted) {
    read_bytes(checker, name, &std::fs::read(fixture(name)).unwrap())
}

fn checker() -> Checker {
    let mut c = Checker::new().unwrap();
    c.rules_mut().select(&["previous-year"]);
    c
}

fn cell<'a>(c: &'a Comparison, path: &str) -> &'a gongkai::compare::ComparedCell {
    c.tables
        .iter()
        .flat_map(|t| &t.cells)
        .find(|x| x.path == path)
        .unwrap_or_else(|| panic!("{path}"))
}

fn value(s: &str) -> CellValue {
    CellValue::Value {
        value: s.to_owned(),
    }
}

#[test]
fn compare_schema_is_up_to_date() {
    let generated = serde_json::to_string_pretty(&gongkai::compare::json_schema()).unwrap() + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas/compare.schema.json");
    if std::env::var_os("GONGKAI_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "schemas/compare.schema.json is stale: run `GONGKAI_BLESS=1 cargo test -p gongkai --test compare`"
    );
}

#[test]
fn the_change_of_form_is_said_once_per_table_and_its_cells_are_not_compared() {
    let checker = checker();
    let reports = vec![
        read(&checker, "pingtan-2021.html"),
        read(&checker, "pingtan-2020.html"),
    ];
    let c = compare(&checker, &reports).unwrap();
    // Put in order by year, whatever the order given.
    let years: Vec<i32> = c.reports.iter().map(|r| r.year).collect();
    assert_eq!(years, [2020, 2021]);
    assert_eq!(c.reports[0].form, "2019");
    assert_eq!(c.reports[1].form, "2021");
    let notes: Vec<(&str, Option<&str>)> = c
        .tables
        .iter()
        .map(|t| (t.table.as_str(), t.not_comparable.as_deref()))
        .collect();
    // 表二: the forms' columns differ; 表三: （六）其他处理 is one row in 2020 and three in 2021;
    // 表四 is the same in both forms.
    let t2 = notes[0].1.unwrap();
    assert!(t2.contains("2020 年度报告用 2019 年版表格"), "{t2}");
    assert!(t2.contains("26 格记为“—”"), "{t2}");
    let t3 = notes[1].1.unwrap();
    assert!(
        t3.contains("（六）其他处理") && t3.contains("28 格"),
        "{t3}"
    );
    assert_eq!(notes[2], ("review_litigation", None));
    // 2021's 现行有效件数 has no 2020 counterpart: "—", no change.
    let in_force = cell(&c, "active_disclosure.normative_documents.in_force");
    assert_eq!(in_force.values, [CellValue::NotInForm, value("665")]);
    assert_eq!(in_force.changes, [None]);
    // 处理决定数量 is in both forms: compared (278 in 2020, 2293 in 2021).
    let licensing = cell(&c, "active_disclosure.licensing.decisions");
    assert_eq!(licensing.values, [value("278"), value("2293")]);
    assert_eq!(licensing.changes, [Some("+2015".to_owned())]);
    // 2020's single row （六）其他处理 against 2021's 3.其他.
    let single = cell(&c, "applications.other_handling.natural_person");
    assert_eq!(single.values, [value("4"), CellValue::NotInForm]);
    let item = cell(&c, "applications.other_other.natural_person");
    assert_eq!(item.values, [CellValue::NotInForm, value("1")]);
    // The in-force rule could not link the two forms, and the comparison says why.
    let step = &c.steps[0];
    assert_eq!((step.from, step.to), (2020, 2021));
    let skipped: Vec<&str> = step.skipped.iter().map(|s| s.rule.as_str()).collect();
    assert_eq!(skipped, ["previous-in-force-mismatch"]);
    assert!(step.skipped[0].message.contains("2019"));
    // Nothing is marked: the real series agrees across years.
    assert!(
        c.tables
            .iter()
            .flat_map(|t| &t.cells)
            .all(|x| x.marks.is_empty())
    );
}

#[test]
fn a_changed_carried_over_cell_is_marked_on_both_years_cells() {
    let checker = checker();
    let mut bytes = std::fs::read(fixture("pingtan-2022.html")).unwrap();
    // 2022's 上年结转 of 自然人 (tests/year_over_year.rs of the CLI has the offset).
    assert_eq!(bytes[68_239], b'1');
    bytes[68_239] = b'3';
    let reports = vec![
        read(&checker, "pingtan-2021.html"),
        read_bytes(&checker, "changed-2022.html", &bytes),
    ];
    let c = compare(&checker, &reports).unwrap();
    let this = cell(&c, "applications.carried_over.natural_person");
    assert_eq!(this.values, [value("0"), value("3")]);
    assert_eq!(this.marks.len(), 1);
    let m = &this.marks[0];
    assert_eq!(
        (m.step, m.year, m.rule.as_str(), m.primary),
        (0, 2022, "previous-carried-over-mismatch", true)
    );
    let last = cell(&c, "applications.carried_forward.natural_person");
    assert_eq!(last.marks.len(), 1);
    assert_eq!((last.marks[0].year, last.marks[0].primary), (2021, false));
    // No other cell is marked.
    let marked = c
        .tables
        .iter()
        .flat_map(|t| &t.cells)
        .filter(|x| !x.marks.is_empty())
        .count();
    assert_eq!(marked, 2);
}

#[test]
fn the_reuse_of_each_pair_is_the_reuse_measure() {
    let checker = checker();
    let reports = vec![
        read(&checker, "pingtan-2021.html"),
        read(&checker, "pingtan-2022.html"),
    ];
    let c = compare(&checker, &reports).unwrap();
    let r = c.steps[0].reuse.as_ref().unwrap();
    let direct = gongkai::reuse::reuse(&reports[0].1.report, &reports[1].1.report);
    assert_eq!(r.rate, direct.rate_text());
    assert_eq!(r.rate, "2.2%");
    assert_eq!((r.reused_chars, r.total_chars), (42, 1892));
    assert_eq!(r.passages.len(), 2);
    // The narrative's text, not the page's markup around it.
    assert_eq!(r.passages[1].text, "2022年,无收取信息处理费情况。");
}

#[test]
fn reports_of_two_bodies_or_of_one_year_are_refused() {
    let checker = checker();
    let other = read(&checker, "huaian-city-2024.html");
    let mut mixed = vec![read(&checker, "pingtan-2022.html")];
    mixed.push(other);
    let err = compare(&checker, &mixed).unwrap_err();
    assert!(
        matches!(err, CompareError::DifferentBodies { .. }),
        "{err:?}"
    );
    assert!(err.message(gongkai::Lang::En).contains("not of one body"));
    let twice = vec![
        read(&checker, "pingtan-2021.html"),
        read_bytes(
            &checker,
            "copy.html",
            &std::fs::read(fixture("pingtan-2021.html")).unwrap(),
        ),
    ];
    let err = compare(&checker, &twice).unwrap_err();
    assert_eq!(
        err,
        CompareError::SameYear {
            year: 2021,
            paths: ("pingtan-2021.html".to_owned(), "copy.html".to_owned())
        }
    );
    let err = compare(&checker, &twice[..1]).unwrap_err();
    assert_eq!(err, CompareError::TooFew { given: 1 });
}
