//! Narrative checks: each statement the patterns find in a section, checked with its captures.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use std::collections::BTreeMap;

use super::env::{Captures, Env};
use super::explain::Ctx;
use super::value::zh_en;
use super::{Step, assert_step};
use crate::Lang;
use crate::pattern;
use crate::phrase::{self, Reading};

pub(super) fn narrative(
    ctx: &Ctx<'_>,
    env: &Env<'_>,
    sections: &[gongkai_core::SectionId],
    cases: &[crate::rule::NarrativeCase],
    steps: &mut Vec<Step>,
) {
    let mut matched = false;
    for sid in sections {
        let Some(section) = env.report.section(*sid) else {
            continue;
        };
        if section.text.is_empty() {
            continue;
        }
        let compact = ctx.shared.compact(section);
        // Disjoint ranges already matched, by start: whether a match overlaps one is two
        // lookups, not a scan of all (a report repeating one sentence has thousands).
        let mut claimed: BTreeMap<usize, usize> = BTreeMap::new();
        for case in cases {
            for re in &case.patterns {
                for caps in re.captures_iter(&compact.text) {
                    if ctx.shared.stopped() {
                        return;
                    }
                    let Some(whole) = caps.get(0) else { continue };
                    let range = whole.range();
                    if overlaps(&claimed, &range) {
                        continue;
                    }
                    // The count belongs to the whole phrase before it: a match inside a phrase
                    // that names another count is no statement of this fact.
                    let counts = re.capture_names().flatten().any(|n| {
                        caps.name(n).is_some_and(|m| {
                            m.as_str().bytes().all(|b| b.is_ascii_digit() || b == b'.')
                        })
                    });
                    let reading = phrase::read_match(&compact.text, range.clone(), counts);
                    if reading == Reading::Other {
                        continue;
                    }
                    claimed.insert(range.start, range.end);
                    matched = true;
                    let values = re
                        .capture_names()
                        .flatten()
                        .filter_map(|n| {
                            caps.name(n)
                                .map(|m| (n.to_owned(), (m.as_str().to_owned(), m.range())))
                        })
                        .collect();
                    let c = Captures {
                        section,
                        compact,
                        values,
                        quote: whole.as_str().to_owned(),
                        match_offset: compact.original(range.start),
                    };
                    let env2 = Env {
                        captures: Some(&c),
                        ..*env
                    };
                    let fallback = pattern::sentence_span(section, compact, c.match_offset);
                    let msg = case.message.as_ref().unwrap_or(&ctx.rule.message);
                    let mut step = assert_step(ctx, &env2, &case.assert, msg, fallback);
                    if let (Step::Fail(f), Reading::Ambiguous(lead)) = (&mut step, &reading) {
                        f.ambiguous = Some(ambiguity_note(ctx.lang, &c.quote, lead));
                    }
                    steps.push(step);
                }
            }
        }
    }
    if !matched {
        steps.push(Step::Skip(zh_en(
            ctx.lang,
            "正文中未找到相应的表述",
            "the narrative does not state this",
        )));
    }
}

/// Whether `range` overlaps one of the disjoint `claimed` ranges (start -> end). An empty
/// range overlaps a claimed range it lies strictly inside.
pub(super) fn overlaps(claimed: &BTreeMap<usize, usize>, range: &std::ops::Range<usize>) -> bool {
    // Disjoint ranges sorted by start are sorted by end too: only the last one starting before
    // `range` ends can reach into it.
    claimed
        .range(..range.end)
        .next_back()
        .is_some_and(|(&start, &end)| start < range.end && range.start < end)
}

/// What a finding on an ambiguous reading says about the reading it used.
pub(super) fn ambiguity_note(lang: Lang, quote: &str, lead: &str) -> String {
    match lang {
        Lang::En => format!(
            " (read “{quote}” as this count; “{lead}” before it may make it a different one)"
        ),
        _ => format!("（按“{quote}”读取；其前的“{lead}”可能表示另一种件数）"),
    }
}
