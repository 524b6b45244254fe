//! Injected errors: one change to a consistent report, and the findings it must produce — the
//! rule and the place each finding must point at.

use gongkai_core::FormatVersion;
use gongkai_core::template::SectionId;

use crate::model::{Body, Cell, Model};
use crate::rng::Rng;
use crate::{Expected, Location};

/// The kinds of injected error, by id (as written in the manifest's `error` field).
pub const ERROR_KINDS: &[&str] = &[
    "table3-cell-off",
    "table3-total-off",
    "table4-part-off",
    "narrative-received",
    "narrative-handled",
    "narrative-carried-over",
    "narrative-carried-forward",
    "narrative-outcome",
    "narrative-review-count",
    "narrative-litigation-count",
    "narrative-all-upheld",
    "fee-in-wanyuan",
    "published-late",
    "stray-year",
    "section-missing",
    "row-missing",
    "blank-cell",
    "regulations-by-local-body",
    "format-year-mismatch",
];

/// An injected error: what was changed and the findings that must follow.
#[derive(Debug, Clone)]
pub(crate) struct Injection {
    pub error: &'static str,
    pub original: String,
    pub injected: String,
    pub expected: Vec<Expected>,
}

pub(crate) const APPLICANT_COLUMNS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other",
    "total",
];
pub(crate) const REVIEW_GROUPS: [&str; 3] =
    ["review", "litigation_direct", "litigation_after_review"];
pub(crate) const REVIEW_COLUMNS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];

fn cell(table: &str, row: &str, column: &str) -> Location {
    Location::Cell {
        table: table.to_owned(),
        row: row.to_owned(),
        column: column.to_owned(),
    }
}

fn expect(rule: &str, location: Location) -> Expected {
    Expected {
        rule: rule.to_owned(),
        location,
    }
}

fn narrative(section: SectionId, text: impl Into<String>) -> Location {
    Location::Narrative {
        section: section.id().to_owned(),
        text: text.into(),
    }
}

fn is_outcome(id: &str) -> bool {
    !matches!(
        id,
        "new_received" | "carried_over" | "total" | "carried_forward"
    )
}

/// Applies the error `kind` to `m`; `None` when this report offers no place for it (e.g. no zero
/// cell to blank), in which case `m` is unchanged.
#[allow(clippy::too_many_lines)]
pub(crate) fn apply(kind: &'static str, m: &mut Model, rng: &mut Rng) -> Option<Injection> {
    let k = rng.range(1, 9);
    let inj = |original: String, injected: String, expected: Vec<Expected>| Injection {
        error: kind,
        original,
        injected,
        expected,
    };
    match kind {
        "table3-cell-off" => {
            let rows: Vec<usize> = (0..m.t3.len())
                .filter(|&i| is_outcome(m.t3[i].id))
                .collect();
            let r = *rng.pick(&rows);
            let c = rng.below(6);
            let row = &mut m.t3[r];
            let old = row.cells[c].num();
            let new = if old >= k && rng.chance(0.5) {
                old - k
            } else {
                old + k
            };
            row.cells[c] = Cell::Num(new);
            let id = row.id;
            Some(inj(
                old.to_string(),
                new.to_string(),
                vec![
                    expect(
                        "applications-total-column-mismatch",
                        cell("applications", id, "total"),
                    ),
                    expect(
                        "applications-total-row-mismatch",
                        cell("applications", "total", APPLICANT_COLUMNS[c]),
                    ),
                ],
            ))
        }
        "table3-total-off" => {
            let c = rng.below(6);
            let row = m.row3_mut("total")?;
            let old = row.cells[c].num();
            let new = old + k;
            row.cells[c] = Cell::Num(new);
            Some(inj(
                old.to_string(),
                new.to_string(),
                vec![
                    expect(
                        "applications-total-row-mismatch",
                        cell("applications", "total", APPLICANT_COLUMNS[c]),
                    ),
                    expect(
                        "applications-balance-mismatch",
                        cell("applications", "total", APPLICANT_COLUMNS[c]),
                    ),
                    expect(
                        "applications-total-column-mismatch",
                        cell("applications", "total", "total"),
                    ),
                ],
            ))
        }
        "table4-part-off" => {
            let g = rng.below(3);
            let c = if rng.chance(0.5) { 0 } else { 2 };
            let old = m.t4[g][c].num();
            let new = old + k;
            m.t4[g][c] = Cell::Num(new);
            Some(inj(
                old.to_string(),
                new.to_string(),
                vec![expect(
                    "review-litigation-total-mismatch",
                    cell("review_litigation", REVIEW_GROUPS[g], "total"),
                )],
            ))
        }
        "narrative-received" => {
            let f = &mut m.facts;
            if f.received == 0 && f.handled == 0 {
                return None; // the narrative then says "未收到", with no number to change
            }
            let k = if k == f.carried_over { k + 1 } else { k };
            let old = f.received;
            f.received += k;
            Some(inj(
                old.to_string(),
                f.received.to_string(),
                vec![expect(
                    "narrative-received-mismatch",
                    narrative(SectionId::Overview, f.received.to_string()),
                )],
            ))
        }
        "narrative-handled" | "narrative-carried-over" | "narrative-carried-forward" => {
            let f = &mut m.facts;
            if f.received == 0 && f.handled == 0 {
                return None;
            }
            let (v, rule) = match kind {
                "narrative-handled" => (&mut f.handled, "narrative-handled-mismatch"),
                "narrative-carried-over" => {
                    (&mut f.carried_over, "narrative-carried-over-mismatch")
                }
                _ => (&mut f.carried_forward, "narrative-carried-forward-mismatch"),
            };
            let old = *v;
            *v += k;
            let new = *v;
            Some(inj(
                old.to_string(),
                new.to_string(),
                vec![expect(
                    rule,
                    narrative(SectionId::Overview, new.to_string()),
                )],
            ))
        }
        "narrative-outcome" => {
            let f = &mut m.facts;
            if f.received == 0 && f.handled == 0 {
                return None;
            }
            let i = rng.below(6);
            let old = f.outcomes[i];
            f.outcomes[i] += k;
            let new = f.outcomes[i];
            Some(inj(
                old.to_string(),
                new.to_string(),
                vec![expect(
                    "narrative-outcome-count-mismatch",
                    narrative(SectionId::Overview, new.to_string()),
                )],
            ))
        }
        "narrative-review-count" | "narrative-litigation-count" => {
            let f = &mut m.facts;
            if f.review[4] == 0 && f.litigation[4] == 0 {
                return None; // the narrative then says there were none
            }
            let (v, rule) = if kind == "narrative-review-count" {
                (&mut f.review, "narrative-review-count-mismatch")
            } else {
                (&mut f.litigation, "narrative-litigation-count-mismatch")
            };
            let old = v[4];
            v[4] += k;
            let new = v[4];
            // "N件，其中…" lists the parts, which no longer add up to N.
            let expected = vec![
                expect(rule, narrative(SectionId::Overview, new.to_string())),
                expect(
                    "narrative-breakdown-sum-mismatch",
                    narrative(SectionId::Overview, new.to_string()),
                ),
            ];
            Some(inj(old.to_string(), new.to_string(), expected))
        }
        "narrative-all-upheld" => {
            let g = rng.below(3);
            let corrected = rng.range(1, 3);
            m.t4[g][1] = Cell::Num(m.t4[g][1].num() + corrected);
            m.t4[g][4] = Cell::Num(m.t4[g][4].num() + corrected);
            m.facts = m.facts_from_tables(rng);
            m.facts.all_upheld_claim = true;
            let pending: i64 = m.t4.iter().map(|g| g[3].num()).sum();
            let quote = "均";
            let mut expected = vec![expect(
                "narrative-all-upheld-contradicts-table",
                narrative(SectionId::Overview, quote),
            )];
            if pending > 0 {
                expected.push(expect(
                    "narrative-all-upheld-with-pending",
                    narrative(SectionId::Overview, quote),
                ));
            }
            Some(inj("0".to_owned(), corrected.to_string(), expected))
        }
        "fee-in-wanyuan" => {
            let v = format!("0.{}", rng.range(10, 99));
            m.facts.fee_wanyuan = Some(v.clone());
            Some(inj(
                m.facts.fee_yuan.to_string(),
                format!("{v}万元"),
                vec![expect(
                    "fees-information-fee-confused",
                    narrative(SectionId::Other, v),
                )],
            ))
        }
        "published-late" => {
            let month = u32::try_from(rng.range(4, 9)).unwrap_or(5);
            let old = m.facts.date;
            m.facts.date = (old.0, month, old.2);
            Some(inj(
                format!("{}年{}月{}日", old.0, old.1, old.2),
                format!("{}年{}月{}日", old.0, month, old.2),
                vec![expect(
                    "dates-published-after-deadline",
                    narrative(SectionId::Other, month.to_string()),
                )],
            ))
        }
        "stray-year" => {
            let stray = m.year - 1;
            m.facts.stray_year = Some(stray);
            Some(inj(
                m.year.to_string(),
                stray.to_string(),
                vec![expect(
                    "narrative-year-mismatch",
                    narrative(SectionId::Overview, stray.to_string()),
                )],
            ))
        }
        "section-missing" => {
            m.missing_section = Some(SectionId::Problems);
            Some(inj(
                SectionId::Problems.template().heading.to_owned(),
                String::new(),
                vec![expect(
                    "structure-section-missing",
                    Location::Section {
                        section: SectionId::Problems.id().to_owned(),
                    },
                )],
            ))
        }
        "row-missing" => {
            // A sub-row that is not the first of its group (the group label stays), its values
            // moved to the first row of the group so that every total still holds.
            let candidates: Vec<usize> = (1..m.t3.len())
                .filter(|&i| {
                    m.t3[i].group.is_some()
                        && m.t3[i].group == m.t3[i - 1].group
                        && m.t3[i].id != "total"
                        && m.t3[i - 1].id.contains('_')
                        && m.t3[i].id.split('_').next() == m.t3[i - 1].id.split('_').next()
                })
                .collect();
            if candidates.is_empty() {
                return None;
            }
            let i = *rng.pick(&candidates);
            let first = (0..i)
                .rev()
                .take_while(|&j| m.t3[j].group == m.t3[i].group)
                .last()
                .unwrap_or(i - 1);
            for c in 0..7 {
                let v = m.t3[i].cells[c].num();
                m.t3[first].cells[c] = Cell::Num(m.t3[first].cells[c].num() + v);
                m.t3[i].cells[c] = Cell::Num(0);
            }
            m.facts = m.facts_from_tables(rng);
            let id = m.t3[i].id;
            m.missing_row = Some(id);
            Some(inj(
                m.t3[i].label.to_owned(),
                String::new(),
                vec![expect(
                    "structure-row-missing",
                    Location::Row {
                        table: "applications".to_owned(),
                        row: id.to_owned(),
                    },
                )],
            ))
        }
        "blank-cell" => {
            let marker = *rng.pick(&["", "/", "—", "-"]);
            let table = rng.below(3);
            let mut zeros = Vec::new();
            match table {
                0 => {
                    for (i, r) in m.t3.iter().enumerate() {
                        for c in 0..7 {
                            if r.cells[c] == Cell::Num(0) {
                                zeros.push((i, c));
                            }
                        }
                    }
                }
                1 => {
                    for g in 0..3 {
                        for c in 0..5 {
                            if m.t4[g][c] == Cell::Num(0) {
                                zeros.push((g, c));
                            }
                        }
                    }
                }
                _ => {
                    for (i, item) in m.t2.iter().enumerate() {
                        for (j, r) in item.rows.iter().enumerate() {
                            for (c, v) in r.cells.iter().enumerate() {
                                if *v == Cell::Num(0) {
                                    zeros.push((i * 16 + j, c));
                                }
                            }
                        }
                    }
                }
            }
            if zeros.is_empty() {
                return None;
            }
            let (a, c) = *rng.pick(&zeros);
            let (rule, location) = match table {
                0 => {
                    m.t3[a].cells[c] = Cell::Blank(marker);
                    (
                        "applications-blank-cell",
                        cell("applications", m.t3[a].id, APPLICANT_COLUMNS[c]),
                    )
                }
                1 => {
                    m.t4[a][c] = Cell::Blank(marker);
                    (
                        "review-litigation-blank-cell",
                        cell("review_litigation", REVIEW_GROUPS[a], REVIEW_COLUMNS[c]),
                    )
                }
                _ => {
                    let (i, j) = (a / 16, a % 16);
                    let row = &mut m.t2[i].rows[j];
                    row.cells[c] = Cell::Blank(marker);
                    let column = column2(m.format, row.id, c);
                    (
                        "active-disclosure-blank-cell",
                        cell("active_disclosure", row.id, column),
                    )
                }
            };
            Some(inj(
                "0".to_owned(),
                marker.to_owned(),
                vec![expect(rule, location)],
            ))
        }
        "regulations-by-local-body" => {
            if !matches!(m.body, Body::County | Body::Town) {
                return None;
            }
            let row = m.t2.first_mut()?.rows.first_mut()?;
            let old = row.cells[0].num();
            row.cells[0] = Cell::Num(old + k);
            row.cells[2] = Cell::Num(row.cells[2].num() + k);
            let column = column2(m.format, "regulations", 0);
            Some(inj(
                old.to_string(),
                (old + k).to_string(),
                vec![expect(
                    "active-disclosure-regulations-by-local-body",
                    cell("active_disclosure", "regulations", column),
                )],
            ))
        }
        "format-year-mismatch" => {
            let old = m.year;
            m.year = if m.format == FormatVersion::F2019 {
                2022
            } else {
                2020
            };
            m.facts.date = (m.year + 1, m.facts.date.1, m.facts.date.2);
            Some(inj(
                old.to_string(),
                m.year.to_string(),
                vec![expect("structure-format-year-mismatch", Location::Report)],
            ))
        }
        _ => None,
    }
}

/// The column id of 表二 row `row`, column `c`.
pub(crate) fn column2(format: FormatVersion, row: &str, c: usize) -> &'static str {
    let items: &[gongkai_core::template::ItemTemplate] = match format {
        FormatVersion::F2019 => &gongkai_core::template::ACTIVE_DISCLOSURE_2019,
        _ => &gongkai_core::template::ACTIVE_DISCLOSURE_2021,
    };
    items
        .iter()
        .find(|i| i.rows.iter().any(|r| r.id == row))
        .and_then(|i| i.columns.get(c))
        .map_or("", |col| col.id)
}
