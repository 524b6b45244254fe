//! Year over year through the library (issue 15): the four 平潭 pages (2019 and 2020 in the
//! 2019 form, 2021 and 2022 in the 2021 form) paired by body and year, and the previous-year
//! rules run on every pair, across the change of form too.

// `checker` and `checked` are the façade's own names.
#![allow(clippy::similar_names)]

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

/// A copy of a page as if written a year later by changing only years and numbers: in the text
/// between tags, a year 2000–2099 becomes the next year and every other digit d becomes
/// (d + 3) mod 10; markup (attributes, `colspan`) is left alone.
fn next_year_copy(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.is_empty() {
            return;
        }
        match digits.parse::<u32>() {
            Ok(y) if digits.len() == 4 && (2000..2100).contains(&y) => {
                out.push_str(&(y + 1).to_string());
            }
            _ => out.extend(digits.chars().map(|d| {
                let v = d.to_digit(10).unwrap_or(0);
                char::from_digit((v + 3) % 10, 10).unwrap_or(d)
            })),
        }
        digits.clear();
    };
    for c in html.chars() {
        if !in_tag && c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        flush(&mut digits, &mut out);
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        out.push(c);
    }
    flush(&mut digits, &mut out);
    out
}

fn finding<'a>(checked: &'a gongkai::Checked, rule: &str) -> Option<&'a gongkai::Finding> {
    checked.findings().iter().find(|f| f.code == rule)
}

#[test]
fn the_reuse_rate_of_2021_to_2022_is_the_hand_count() {
    let checker = Checker::new().unwrap();
    let last = read(&checker, "pingtan-2021.html");
    let this = read(&checker, "pingtan-2022.html");
    // The hand count. 2021's narrative, as the reader splits it into sentences, has 37
    // sentences of 6 characters or more (sections 一: 30 sentences, 1,553 characters; 五: 5,
    // 297; 六: 2, 42; the table sections 二 to 四 none): 1,892 characters, spaces left out.
    // Two of them are in 2022's narrative once years and numbers are set aside:
    //   "2021年，无收取信息处理费情况。" (17 characters: 2 0 2 1 年 ， 无 收 取 信 息 处 理 费 情
    //   况 。), which 2022 writes "2022年，无收取信息处理费情况。";
    //   "附件下载扫一扫在手机上查看当前页面文字解读图片解读" (25 characters), the portal's
    //   words after the report, which the reader takes into section 六 in both years.
    // 17 + 25 = 42 of 1,892 characters = 2.22 % → "2.2%". Nothing else of 2021 is repeated:
    // 平潭 rewrote its narrative.
    let r = gongkai::reuse::reuse(&last.report, &this.report);
    assert_eq!((r.reused_chars, r.total_chars, r.sentences), (42, 1892, 37));
    assert_eq!(r.rate_text(), "2.2%");
    let reused: Vec<(usize, &str)> = r
        .passages
        .iter()
        .map(|p| (p.chars, last.source.slice(p.previous)))
        .collect();
    assert_eq!(reused.len(), 2);
    assert_eq!(reused[0].0, 25);
    assert!(reused[0].1.starts_with("附件下载"), "{}", reused[0].1);
    assert_eq!(reused[1], (17, "2021年，无收取信息处理费情况。"));
    assert_eq!(
        this.source.slice(r.passages[1].current),
        "2022年，无收取信息处理费情况。"
    );

    let checked = checker.check_extracted(this, Some(&last));
    let info = finding(&checked, "previous-text-reused").expect("the rate is reported");
    assert_eq!(info.severity, gongkai::Severity::Info);
    assert_eq!(
        info.message,
        "正文 2.2% 与上年度报告相同（不计年份和数字；42/1892 字，2/37 句）"
    );
    // Labelled in both reports: this year's passage primary, last year's beside it.
    assert_eq!(info.labels.len(), 4);
    assert!(info.labels[0].primary);
    assert_eq!(info.labels[1].document, gongkai::DocumentRole::Previous);
    assert!(finding(&checked, "previous-text-mostly-reused").is_none());
}

#[test]
fn a_copy_with_only_years_and_numbers_changed_is_reused_and_warned() {
    let checker = Checker::new().unwrap();
    let text = std::fs::read_to_string(fixture("pingtan-2021.html")).unwrap();
    let copy = next_year_copy(&text);
    assert_ne!(copy, text);
    let this = checker.read(copy.as_bytes(), "copy-2022.html").unwrap();
    assert_eq!(this.report.metadata.year.as_ref().unwrap().value, 2022);
    let last = read(&checker, "pingtan-2021.html");
    let r = gongkai::reuse::reuse(&last.report, &this.report);
    // Every sentence survives: 1,000 ‰ (95 % asked).
    assert!(r.permille().unwrap() >= 950, "{}", r.rate_text());
    assert_eq!(r.reused_chars, r.total_chars);
    let checked = checker.check_extracted(this, Some(&last));
    let warning = finding(&checked, "previous-text-mostly-reused").expect("warned");
    assert_eq!(warning.severity, gongkai::Severity::Warning);
    assert!(
        warning
            .message
            .starts_with("正文 100.0% 与上年度报告相同，达到 80.0%"),
        "{}",
        warning.message
    );
    let info = finding(&checked, "previous-text-reused").unwrap();
    assert!(info.message.starts_with("正文 100.0%"), "{}", info.message);

    // The threshold is the caller's: the real pair's 2.2 % is warned at 2 %, not at 3 %.
    let real = read(&checker, "pingtan-2022.html");
    for (threshold, warned) in [(20, true), (30, false)] {
        let mut rules = gongkai::RuleSet::builtin().unwrap();
        gongkai::reuse::add_rules(&mut rules, threshold).unwrap();
        let checked = Checker::with_rules(rules).check_extracted(real.clone(), Some(&last));
        assert_eq!(
            finding(&checked, "previous-text-mostly-reused").is_some(),
            warned,
            "{threshold} ‰"
        );
    }
}
