//! A validated input tree turned into a [`Report`] whose every span is the place of the value in
//! the input file.

use std::ops::Range;
use std::str::FromStr as _;

use gongkai_core::template::{self, CellId, FormatVersion, SectionId, TableId, ValueKind};
use gongkai_core::{
    ActiveDisclosure, Applications, Cell, CellMut, Count, FoundLabel, InputKind, Metadata, Money,
    ReadIssue, Report, Section, Source, Spanned,
};
use rust_decimal::Decimal;

use super::tree::{Kind, Node};
use crate::document::{Block, Document, Text};

/// Builds the report. The tree has passed the schema, but nothing here relies on that beyond
/// reading a value of an unexpected kind as invalid or missing: no input can make it panic.
///
/// # Errors
/// [`crate::ReadError::TooComplex`] when the sections' text has more sentences or numbers than
/// `max_items`.
pub(crate) fn report(
    root: &Node,
    source: &Source,
    encoding: &str,
    max_items: usize,
) -> Result<Report, crate::ReadError> {
    let span = |r: &Range<usize>| source.span(r.start, r.end);
    let active = root.get("active_disclosure");
    let table_format = match active.and_then(|a| a.get("format")).and_then(str_of) {
        Some("2019") => FormatVersion::F2019,
        _ => FormatVersion::F2021,
    };
    let meta = root.get("metadata");
    let format = match meta.and_then(|m| m.get("format")).and_then(str_of) {
        Some("2019") => FormatVersion::F2019,
        Some("2021") => FormatVersion::F2021,
        Some("unknown") => FormatVersion::Unknown,
        _ => table_format,
    };
    let metadata = Metadata {
        title: meta
            .and_then(|m| m.get("title"))
            .and_then(|n| text(n, source)),
        organisation: meta
            .and_then(|m| m.get("organisation"))
            .and_then(|n| text(n, source)),
        year: meta.and_then(|m| m.get("year")).and_then(|n| {
            let n = n.get("value").unwrap_or(n);
            match n.kind {
                Kind::Int(y) => i32::try_from(y).ok().map(|value| Spanned {
                    value,
                    span: span(&n.span),
                }),
                _ => None,
            }
        }),
        format,
        input: InputKind::Structured,
        encoding: encoding.to_owned(),
    };
    let mut report = Report {
        metadata,
        sections: sections(root.get("sections"), source, encoding, max_items)?,
        active_disclosure: disclosure(active, source, table_format),
        issues: issues(root.get("issues"), source),
        // Values given one per cell by a form system leave nothing to guess.
        uncertain: Vec::new(),
        ..Report::default()
    };
    // 表三 and 表四, cell by cell in the template's order: a row given is read whole, a row not
    // given stays missing.
    let apps = root.get("applications");
    for row in Applications::IDS {
        if let (Some(slot), Some(node)) = (
            report.applications.get_mut(row),
            apps.and_then(|a| a.get(row)),
        ) {
            slot.label = label(node.get("label"), source);
        }
    }
    for table in [TableId::Applications, TableId::ReviewLitigation] {
        let node = root.get(table.id());
        for id in CellId::of_table(table) {
            let Some(row) = node.and_then(|n| n.get(id.row())) else {
                continue;
            };
            if let Some(CellMut::Count(c)) = report.cell_mut(id) {
                *c = count(row.get(id.column()), source, false);
            }
        }
    }
    Ok(report)
}

fn str_of(node: &Node) -> Option<&str> {
    match &node.kind {
        Kind::Str(s) => Some(s),
        _ => None,
    }
}

/// A text written as a string, or as `{value: …}`.
fn text(node: &Node, source: &Source) -> Option<Spanned<String>> {
    let node = node.get("value").unwrap_or(node);
    str_of(node).map(|s| Spanned {
        value: s.to_owned(),
        span: source.span(node.span.start, node.span.end),
    })
}

fn label(node: Option<&Node>, source: &Source) -> Option<FoundLabel> {
    let node = node?;
    let (text_node, exact) = match node.get("text") {
        Some(t) => (
            t,
            !matches!(node.get("exact").map(|e| &e.kind), Some(Kind::Bool(false))),
        ),
        None => (node, true),
    };
    str_of(text_node).map(|s| FoundLabel {
        text: s.to_owned(),
        span: source.span(text_node.span.start, text_node.span.end),
        exact,
    })
}

/// The raw text of a node as written in the file (without quotes), for `raw`.
fn written(node: &Node, source: &Source) -> String {
    match &node.kind {
        Kind::Str(s) => s.clone(),
        _ => source
            .text()
            .get(node.span.clone())
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

/// A cell in any of its input forms: a number, a string (digits or a blank mark), `null`, or
/// the `{status, value, raw, span}` object `extract` writes.
fn cell<T>(
    node: Option<&Node>,
    source: &Source,
    parse: impl Fn(&Node, &Source) -> Option<T>,
) -> Cell<T> {
    let Some(node) = node else {
        return Cell::Missing;
    };
    let span = |n: &Node| source.span(n.span.start, n.span.end);
    match &node.kind {
        Kind::Null => Cell::Missing,
        Kind::Map(_) => {
            let status = node.get("status").and_then(str_of).unwrap_or("missing");
            let raw_node = node.get("raw");
            let raw = raw_node.and_then(str_of).map(str::to_owned);
            match status {
                "present" => match node.get("value") {
                    Some(v) => match parse(v, source) {
                        Some(value) => Cell::Present {
                            value,
                            raw: raw.unwrap_or_else(|| written(v, source)),
                            span: span(v),
                        },
                        None => Cell::Invalid {
                            raw: written(v, source),
                            span: span(v),
                        },
                    },
                    None => Cell::Missing,
                },
                "blank" | "invalid" => {
                    let at = raw_node.unwrap_or(node);
                    let raw = raw.unwrap_or_default();
                    if status == "blank" {
                        Cell::Blank {
                            raw,
                            span: span(at),
                        }
                    } else {
                        Cell::Invalid {
                            raw,
                            span: span(at),
                        }
                    }
                }
                _ => Cell::Missing,
            }
        }
        Kind::Str(s) if is_blank(s) => Cell::Blank {
            raw: s.trim().to_owned(),
            span: span(node),
        },
        _ => match parse(node, source) {
            Some(value) => Cell::Present {
                value,
                raw: written(node, source),
                span: span(node),
            },
            None => Cell::Invalid {
                raw: written(node, source),
                span: span(node),
            },
        },
    }
}

fn is_blank(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || template::BLANK_MARKERS.contains(&t)
}

fn count(node: Option<&Node>, source: &Source, signed: bool) -> Cell<Count> {
    cell(node, source, |n, _| {
        let v = match &n.kind {
            Kind::Int(i) => Some(*i),
            Kind::Str(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        }?;
        (signed || v >= 0).then_some(v)
    })
}

fn money(node: Option<&Node>, source: &Source) -> Cell<Money> {
    cell(node, source, |n, source| {
        let v = match &n.kind {
            Kind::Int(i) => Some(Decimal::from(*i)),
            Kind::Number(_) => Decimal::from_str(&written(n, source)).ok(),
            Kind::Str(s) => Decimal::from_str(s.trim()).ok(),
            _ => None,
        }?;
        (!v.is_sign_negative()).then_some(v)
    })
}

/// 表二 in `format`, walking the template: each row's label, then each of its cells in the
/// format, read by the column's kind of value.
fn disclosure(node: Option<&Node>, source: &Source, format: FormatVersion) -> ActiveDisclosure {
    let mut table = ActiveDisclosure::empty(format);
    for row in template::rows_in_format(TableId::ActiveDisclosure, format) {
        let r = node.and_then(|n| n.get(row));
        if let Some(slot) = table.label_mut(row) {
            *slot = label(r.and_then(|r| r.get("label")), source);
        }
        for id in CellId::of_row(TableId::ActiveDisclosure, row).filter(|c| c.in_format(format)) {
            let at = r.and_then(|r| r.get(id.column()));
            match table.cell_mut(id) {
                Some(CellMut::Count(c)) => {
                    *c = count(at, source, id.kind() == ValueKind::SignedCount);
                }
                Some(CellMut::Money(c)) => *c = money(at, source),
                None => {}
            }
        }
    }
    if let ActiveDisclosure::F2019(t) = &mut table {
        let r = node.and_then(|n| n.get("procurement"));
        t.procurement.amount_unit = r
            .and_then(|r| r.get("amount_unit"))
            .and_then(str_of)
            .map(str::to_owned);
        // The model's 2019 fees row has a `decisions` field the form has not (第（八）项 has no
        // 处理决定数量), and the input schema accepts it: what is given there is kept, as before.
        t.fees.decisions = count(
            node.and_then(|n| n.get("fees"))
                .and_then(|r| r.get("decisions")),
            source,
            false,
        );
    }
    table
}

/// The six sections, in the form's order; the narrative (sentences, numbers) is read from each
/// section's `text` exactly as from a text report, with spans into the string in the file.
fn sections(
    node: Option<&Node>,
    source: &Source,
    encoding: &str,
    max_items: usize,
) -> Result<Vec<Section>, crate::ReadError> {
    let mut tally = crate::mapper::Tally::new(max_items);
    let items: &[Node] = match node.map(|n| &n.kind) {
        Some(Kind::Seq(items)) => items,
        _ => &[],
    };
    let mut doc = Document {
        source: source.clone(),
        kind: InputKind::Structured,
        encoding: encoding.to_owned(),
        blocks: Vec::new(),
    };
    let mut found: Vec<(SectionId, Option<Spanned<String>>, Range<usize>)> = Vec::new();
    for item in items {
        let Some(id) = item
            .get("id")
            .and_then(str_of)
            .and_then(|s| SectionId::ALL.into_iter().find(|i| i.id() == s))
        else {
            continue;
        };
        if found.iter().any(|(f, _, _)| *f == id) {
            continue;
        }
        let heading = item.get("heading").and_then(|h| text(h, source));
        let start = doc.blocks.len();
        if let Some(t) = item.get("text") {
            doc.blocks.extend(text_blocks(t, source));
        }
        found.push((id, heading, start..doc.blocks.len()));
    }
    SectionId::ALL
        .iter()
        .map(|&id| match found.iter().find(|(f, _, _)| *f == id) {
            Some((_, heading, body)) => crate::mapper::narrative_section(
                &doc,
                source,
                id,
                heading.clone(),
                Some(body.clone()),
                &mut tally,
            ),
            None => Ok(Section::absent(id)),
        })
        .collect()
}

/// The lines of a string node as blocks mapped to the file: character by character when the
/// string is written literally in the file (a JSON string without escapes, a plain or quoted
/// YAML scalar on its lines), otherwise each line to the whole string's place.
fn text_blocks(node: &Node, source: &Source) -> Vec<Block> {
    let Some(s) = str_of(node) else {
        return Vec::new();
    };
    let in_file = source.text().get(node.span.clone()).unwrap_or_default();
    let literal_at = if in_file == s {
        Some(node.span.start)
    } else if in_file.len() == s.len() + 2
        && (in_file.starts_with('"') || in_file.starts_with('\''))
        && in_file.get(1..in_file.len() - 1) == Some(s)
    {
        Some(node.span.start + 1)
    } else {
        None
    };
    let mut blocks = Vec::new();
    let mut offset = 0;
    for line in s.split('\n') {
        let mut t = Text::empty_at(literal_at.map_or(node.span.start, |a| a + offset));
        match literal_at {
            Some(at) => t.push_source(line, at + offset),
            None => {
                for c in line.chars() {
                    t.push_char(c, node.span.clone());
                }
            }
        }
        offset += line.len() + 1;
        if !t.as_str().trim().is_empty() {
            blocks.push(Block::Line(t));
        }
    }
    blocks
}

/// Issues as `extract` wrote them, each pointing at its place in the input.
fn issues(node: Option<&Node>, source: &Source) -> Vec<ReadIssue> {
    let Some(Kind::Seq(items)) = node.map(|n| &n.kind) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let mut value = item.to_json();
            let had_span = value.get("span").is_some_and(|s| !s.is_null());
            if let Some(obj) = value.as_object_mut() {
                obj.insert("span".into(), serde_json::Value::Null);
            }
            let mut issue: ReadIssue = serde_json::from_value(value).ok()?;
            if had_span {
                issue.span = Some(source.span(item.span.start, item.span.end));
            }
            Some(issue)
        })
        .collect()
}
