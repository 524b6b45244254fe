//! A report written as data (`report:` in a case) made into a [`Report`]: a small text is written
//! for it — title, section headings and texts, one line a table row, one a read issue — so that
//! every cell, sentence and number has a real span, as a report read from a file has.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use gongkai_core::{
    ActiveDisclosure, ActiveDisclosure2019, ActiveDisclosure2021, FormatVersion, Metadata,
    NarrativeNumber, ReadIssue, Report, Section, SectionId, Sentence, Source,
    Spanned as CoreSpanned,
};
use rust_decimal::Decimal;

use super::input::make_cell;
use super::spec::ReportSpec;
use crate::paths::{self, CellMut};

/// Builds a report from data, writing a small text for its spans to point into.
pub(super) fn from_spec(
    spec: &ReportSpec,
    sections_text: &BTreeMap<SectionId, String>,
) -> Result<(Report, String), String> {
    let format = match spec.format.as_deref().unwrap_or("2021") {
        "2021" => FormatVersion::F2021,
        "2019" => FormatVersion::F2019,
        "unknown" => FormatVersion::Unknown,
        other => return Err(format!("unknown format `{other}` (2021, 2019 or unknown)")),
    };
    let fill = spec.fill.clone().unwrap_or_else(|| "0".into());
    let mut text = String::new();
    let mut report = Report {
        active_disclosure: if format == FormatVersion::F2019 {
            ActiveDisclosure::F2019(ActiveDisclosure2019::default())
        } else {
            ActiveDisclosure::F2021(ActiveDisclosure2021::default())
        },
        ..Report::default()
    };
    let year = spec.year.unwrap_or(2023);
    let org = spec
        .organisation
        .clone()
        .unwrap_or_else(|| "某某区人民政府".into());
    let title = spec
        .title
        .clone()
        .unwrap_or_else(|| format!("{org}{year}年政府信息公开工作年度报告"));
    text.push_str(&title);
    text.push('\n');
    let mut lines: Vec<(usize, String)> = Vec::new(); // placeholder to satisfy borrowck patterns
    lines.clear();
    let mut body = text.clone();
    let mut sections = Vec::new();
    let mut pending_tables: Vec<(String, String, Vec<String>)> = Vec::new();
    for sid in SectionId::ALL {
        if spec.missing_sections.contains(&sid) {
            sections.push((sid, None, None, String::new()));
            continue;
        }
        let heading = paths::section_label(sid);
        let h_start = body.len();
        body.push_str(&heading);
        let h_end = body.len();
        body.push('\n');
        let t = sections_text.get(&sid).cloned().unwrap_or_default();
        let t_start = body.len();
        body.push_str(&t);
        body.push('\n');
        // Tables sit in their sections.
        let table = match sid {
            SectionId::ActiveDisclosure => Some("active_disclosure"),
            SectionId::Applications => Some("applications"),
            SectionId::ReviewLitigation => Some("review_litigation"),
            _ => None,
        };
        if let Some(table) = table {
            let rows = paths::rows_in_format(table, format);
            let given = match table {
                "applications" => &spec.applications,
                "review_litigation" => &spec.review_litigation,
                _ => &spec.active_disclosure,
            };
            for row in given.keys() {
                if !rows.contains(&row.as_str()) {
                    return Err(format!(
                        "`{table}.{row}` is not a row{}",
                        paths::suggest(row, rows.iter().copied())
                            .map(|s| format!(" (did you mean `{s}`?)"))
                            .unwrap_or_default()
                    ));
                }
            }
            let single_other = table == "applications" && given.contains_key("other_handling");
            for row in rows {
                if table == "applications" {
                    let is_single = row == "other_handling";
                    let is_split = row.starts_with("other_") && !is_single;
                    if (is_single && !single_other) || (is_split && single_other) {
                        continue;
                    }
                }
                let cols: Vec<&str> = paths::columns_of(table, row)
                    .into_iter()
                    .filter(|c| paths::cell(&report, table, row, c).is_some())
                    .collect();
                let values = match given.get(row) {
                    Some(v) => {
                        if v.len() != cols.len() {
                            return Err(format!(
                                "`{table}.{row}` has {} columns ({}), {} given",
                                cols.len(),
                                cols.join(", "),
                                v.len()
                            ));
                        }
                        v.iter().map(|c| c.0.clone()).collect()
                    }
                    None => vec![fill.clone(); cols.len()],
                };
                pending_tables.push((table.to_owned(), row.to_owned(), values));
            }
            for (table, row, values) in pending_tables.drain(..) {
                let _ = write!(body, "{table}.{row}:");
                let cols: Vec<&str> = paths::columns_of(&table, &row)
                    .into_iter()
                    .filter(|c| paths::cell(&report, &table, &row, c).is_some())
                    .collect();
                let mut cells = Vec::new();
                for (c, v) in cols.iter().zip(values) {
                    body.push(' ');
                    let start = body.len();
                    body.push_str(&v);
                    cells.push((c.to_string(), v, start, body.len()));
                }
                body.push('\n');
                let src = Source::new("t", body.clone());
                for (c, v, s, e) in cells {
                    let span = src.span(s, e);
                    match paths::cell_mut(&mut report, &table, &row, &c) {
                        Some(CellMut::Count(cell)) => {
                            *cell = make_cell(&v, Some(span), |s| s.parse::<i64>().ok());
                        }
                        Some(CellMut::Money(cell)) => {
                            *cell = make_cell(&v, Some(span), |s| s.parse::<Decimal>().ok());
                        }
                        None => {}
                    }
                }
            }
        }
        let t_end = t_start + t.len();
        sections.push((
            sid,
            Some((heading, h_start, h_end)),
            Some((t_start, t_end)),
            t,
        ));
    }
    // Issues, each on a line of its own.
    let mut issue_spans = Vec::new();
    for kind in &spec.issues {
        let start = body.len();
        let _ = write!(body, "issue: {kind:?}");
        issue_spans.push((kind.clone(), start, body.len()));
        body.push('\n');
    }
    let src = Source::new("report", body.clone());
    for (sid, heading, range, t) in sections {
        let mut section = Section::absent(sid);
        if let Some((h, s, e)) = heading {
            section.heading = Some(CoreSpanned {
                value: h,
                span: src.span(s, e),
            });
        }
        if let Some((s, e)) = range {
            section.span = Some(src.span(s, e));
            section.sentences = sentences(&t, s, &src);
            section.numbers = numbers(&t, s, &src);
            section.text = t;
        }
        report.sections.push(section);
    }
    for (kind, s, e) in issue_spans {
        report.issues.push(ReadIssue {
            kind,
            span: Some(src.span(s, e)),
        });
    }
    for u in &spec.uncertain {
        // Located on the cell when it has a place, as the reader locates its marks.
        let span = match (&u.row, &u.column) {
            (Some(r), Some(c)) => {
                crate::paths::cell(&report, &u.table, r, c).and_then(crate::paths::CellView::span)
            }
            _ => None,
        };
        report.mark_uncertain(
            &u.table,
            u.row.as_deref(),
            u.column.as_deref(),
            u.reason,
            span,
        );
    }
    let year_at = title.find(&year.to_string()).unwrap_or(0);
    report.metadata = Metadata {
        title: Some(CoreSpanned {
            value: title.clone(),
            span: src.span(0, title.len()),
        }),
        organisation: Some(CoreSpanned {
            value: org.clone(),
            span: src.span(0, org.len().min(title.len())),
        }),
        year: Some(CoreSpanned {
            value: year,
            span: src.span(year_at, year_at + year.to_string().len()),
        }),
        format,
        input: gongkai_core::InputKind::Structured,
        encoding: "UTF-8".into(),
    };
    Ok((report, body))
}

/// Splits a text into sentences at 。！？； and paragraph breaks.
pub(crate) fn sentences(t: &str, base: usize, src: &Source) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in t.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '\n') {
            let end = i + c.len_utf8();
            if t[start..end].trim().len() > c.len_utf8() || c != '\n' {
                out.push(Sentence {
                    offset: start,
                    length: end - start,
                    span: src.span(base + start, base + end),
                });
            }
            start = end;
        }
    }
    if start < t.len() {
        out.push(Sentence {
            offset: start,
            length: t.len() - start,
            span: src.span(base + start, base + t.len()),
        });
    }
    out
}

/// Finds the numbers of a text, with their unit words.
pub(crate) fn numbers(t: &str, base: usize, src: &Source) -> Vec<NarrativeNumber> {
    let mut out = Vec::new();
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            let raw = t[s..i].trim_end_matches('.');
            let e = s + raw.len();
            if let Ok(value) = raw.parse::<Decimal>() {
                let rest = t[e..].trim_start();
                let unit = ["万元", "元", "%", "件", "条", "项", "个", "年", "月", "日"]
                    .iter()
                    .find(|u| rest.starts_with(**u))
                    .map(|u| (*u).to_owned());
                let before: String = t[..s]
                    .chars()
                    .rev()
                    .take(12)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let after: String = t[e..].chars().take(12).collect();
                out.push(NarrativeNumber {
                    value,
                    raw: raw.to_owned(),
                    unit,
                    before,
                    after,
                    offset: s,
                    span: src.span(base + s, base + e),
                });
            }
        } else {
            i += 1;
        }
    }
    out
}
