//! Shared helpers of the fuzz targets: the fixture reports the rule targets evaluate against,
//! and the invariants every load error and finding must keep.

use std::sync::OnceLock;

use gongkai_core::Report;
use gongkai_reader::Extracted;

/// Fixture texts compiled into the targets (the fuzzer does no file I/O per input).
pub const FIXTURES: &[(&str, &str)] = &[
    (
        "huaian-city-2024.txt",
        include_str!("../../tests/fixtures/huaian-city-2024.txt"),
    ),
    (
        "hongze-district-2023.txt",
        include_str!("../../tests/fixtures/hongze-district-2023.txt"),
    ),
    (
        "xigong-emergency-2023.txt",
        include_str!("../../tests/fixtures/xigong-emergency-2023.txt"),
    ),
    (
        "partial-gaoling-2021.txt",
        include_str!("../../tests/fixtures/partial-gaoling-2021.txt"),
    ),
    (
        "shanghai-govoffice-2019.tsv.txt",
        include_str!("../../tests/fixtures/shanghai-govoffice-2019.tsv.txt"),
    ),
    (
        "shuyang-county-2025.md",
        include_str!("../../tests/fixtures/shuyang-county-2025.md"),
    ),
];

/// Reads a report from a name and its text, as the rule test harness expects.
pub fn read(name: &str, text: &str) -> Result<Report, String> {
    gongkai_reader::read(
        text.as_bytes(),
        name,
        &gongkai_reader::ReadOptions::default(),
    )
    .map(|e| e.report)
    .map_err(|e| e.to_string())
}

/// A fixture's text by its plain file name.
pub fn fixture(name: &str) -> Result<String, String> {
    FIXTURES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| (*t).to_owned())
        .ok_or_else(|| format!("no fixture {name}"))
}

/// Three fixture reports (2024 and 2023 of the 2021 form, one of the 2019 form), read once.
pub fn reports() -> &'static (Extracted, Extracted, Extracted) {
    static R: OnceLock<(Extracted, Extracted, Extracted)> = OnceLock::new();
    R.get_or_init(|| {
        let r = |n: &str| {
            let text = fixture(n).expect("fixture");
            gongkai_reader::read(text.as_bytes(), n, &gongkai_reader::ReadOptions::default())
                .expect("fixture reads")
        };
        (
            r("huaian-city-2024.txt"),
            r("hongze-district-2023.txt"),
            r("shanghai-govoffice-2019.tsv.txt"),
        )
    })
}

/// The built-in rule set, loaded once.
pub fn builtin() -> &'static gongkai_rules::RuleSet {
    static S: OnceLock<gongkai_rules::RuleSet> = OnceLock::new();
    S.get_or_init(|| gongkai_rules::RuleSet::builtin().expect("built-in rules load"))
}

/// Every load error must point inside its file, on character boundaries, at a line and column
/// that agree with its offset.
pub fn check_load_error(text: &str, e: &gongkai_rules::LoadError) {
    let lines = text.split('\n').count();
    assert!(
        (e.line() as usize) <= lines,
        "line {} past the end ({lines} lines): {e}",
        e.line()
    );
    if let Some((o, n)) = e.span() {
        assert!(
            o + n <= text.len(),
            "label {o}+{n} outside a {}-byte file: {e}",
            text.len()
        );
        assert!(
            text.is_char_boundary(o),
            "label start {o} inside a character: {e}"
        );
        assert!(
            text.is_char_boundary(o + n),
            "label end {} inside a character: {e}",
            o + n
        );
    }
}

/// Every label of a finding must lie inside the text it points into, on character boundaries,
/// with line and column matching its offset.
pub fn check_findings(
    results: &[gongkai_rules::RuleResult],
    source: &gongkai_core::Source,
    previous: Option<&gongkai_core::Source>,
) {
    for r in results {
        if let gongkai_rules::Outcome::Findings { findings } = &r.outcome {
            for f in findings {
                for l in &f.labels {
                    let src = match l.document {
                        gongkai_rules::DocumentRole::Previous => match previous {
                            Some(p) => p,
                            None => panic!(
                                "{}: a label in a previous report that was not given",
                                r.rule
                            ),
                        },
                        gongkai_rules::DocumentRole::Current => source,
                    };
                    check_span(src, l.span, &r.rule);
                }
            }
        }
    }
}

/// A span lies inside the source, on character boundaries, and its line/column agree.
pub fn check_span(src: &gongkai_core::Source, s: gongkai_core::Span, what: &str) {
    let text = src.text();
    let (o, n) = (s.offset, s.length);
    assert!(
        o + n <= text.len(),
        "{what}: span {o}+{n} outside {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(o) && text.is_char_boundary(o + n),
        "{what}: span {o}+{n} splits a character"
    );
    let again = src.span(o, o + n);
    assert_eq!(
        (again.line, again.column),
        (s.line, s.column),
        "{what}: line/column disagree with offset {o}"
    );
}
