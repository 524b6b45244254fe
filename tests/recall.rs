//! Recall on the synthetic corpus: every error the generator injects is found by the rule it
//! recorded, at the place it recorded, and nothing else is reported at warning level or above —
//! on clean reports nothing at all.

use std::fmt::Write as _;

use gongkai::{Checked, Checker, Finding, Severity};
use gongkai_corpus::{Expected, Generated, Kind, Location, Options, generate};

/// Fixed, so a failure names a report anyone can regenerate (`gongkai-corpus --seed 6 …`).
const SEED: u64 = 6;
/// Reports checked: enough to hit every kind × layout × format × error several times.
const REPORTS: u64 = 400;

fn primary(f: &Finding) -> Option<&gongkai::Label> {
    f.labels.iter().find(|l| l.primary)
}

/// Whether finding `f` points where `e` says it must.
fn at_location(f: &Finding, e: &Expected, checked: &Checked) -> bool {
    let source = checked.extracted.source.text();
    let span_text = |f: &Finding| {
        primary(f).and_then(|l| {
            source
                .get(l.span.offset..l.span.offset + l.span.length)
                .map(|s| s.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        })
    };
    match &e.location {
        Location::Cell { table, row, column } => {
            let report = serde_json::to_value(checked.report()).unwrap_or_default();
            let span = &report[table.as_str()][row.as_str()][column.as_str()]["span"];
            primary(f).is_some_and(|l| {
                span["offset"].as_u64() == Some(l.span.offset as u64)
                    && span["length"].as_u64() == Some(l.span.length as u64)
            })
        }
        Location::Row { row, .. } => gongkai_core::template::application_row(row)
            .is_some_and(|t| f.message.contains(t.label) || f.message.contains(t.short)),
        Location::Narrative { text, .. } => span_text(f).is_some_and(|s| s.contains(text.as_str())),
        Location::Section { section } => gongkai_core::template::SECTIONS
            .iter()
            .find(|s| s.id == section)
            .is_some_and(|s| f.message.contains(s.heading)),
        Location::Report => true,
    }
}

fn describe(g: &Generated) -> String {
    format!(
        "{} ({} {}, {:?}{})",
        g.name,
        g.kind.name(),
        g.layout,
        g.format,
        g.injected
            .as_ref()
            .map(|i| format!(", {} {}→{}", i.error, i.original, i.injected))
            .unwrap_or_default()
    )
}

#[test]
fn every_injected_error_is_found_and_nothing_else() {
    let rules = Checker::new().expect("built-in rules load");
    let options = Options {
        kinds: Kind::ALL.to_vec(),
        error_rate: 0.5,
    };
    let mut problems = String::new();
    let mut injected = 0;
    let mut found = 0;
    for i in 0..REPORTS {
        let g = generate(SEED, i, &options);
        let checked = match rules.check(&g.bytes, &g.name) {
            Ok(c) => c,
            Err(e) => {
                writeln!(problems, "{}: not read: {e}", describe(&g)).unwrap();
                continue;
            }
        };
        let expected: &[Expected] = g.injected.as_ref().map_or(&[], |i| &i.expected);
        let mut matched = vec![false; checked.findings().len()];
        for e in expected {
            injected += 1;
            let hit = checked
                .findings()
                .iter()
                .enumerate()
                .find(|(k, f)| !matched[*k] && f.rule == e.rule && at_location(f, e, &checked));
            if let Some((k, _)) = hit {
                matched[k] = true;
                found += 1;
            } else {
                writeln!(
                    problems,
                    "{}: missed {} at {:?}",
                    describe(&g),
                    e.rule,
                    e.location
                )
                .unwrap();
            }
        }
        for (k, f) in checked.findings().iter().enumerate() {
            if !matched[k] && f.severity >= Severity::Warning {
                let at = primary(f).map(|l| {
                    let src = checked.extracted.source.text();
                    let text = src
                        .get(l.span.offset..l.span.offset + l.span.length)
                        .unwrap_or("");
                    format!("line {} {:?}", l.span.line, text)
                });
                writeln!(
                    problems,
                    "{}: unexpected {} {} [{}]",
                    describe(&g),
                    f.rule,
                    f.message,
                    at.unwrap_or_default()
                )
                .unwrap();
            }
        }
    }
    assert!(
        injected > REPORTS / 4,
        "too few injected errors: {injected}"
    );
    assert!(
        problems.is_empty(),
        "{found}/{injected} injected findings found; problems:\n{problems}"
    );
}
