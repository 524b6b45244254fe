//! The report a case (or its `previous`) is about: read from a fixture or a text through the
//! caller's reader, or built from data, then edited — text edits before reading, cell edits after.

use gongkai_core::{Cell, Report, Span};
use rust_decimal::Decimal;

use super::TestEnv;
use super::data::from_spec;
use super::spec::{Edit, EditSpec, InputSpec};
use crate::paths::{self, CellMut};

/// Builds a report (and the text its spans point into) from a case's input.
pub(super) fn build(input: &InputSpec, env: &TestEnv<'_>) -> Result<(Report, String), String> {
    let edits = input
        .edits
        .iter()
        .map(EditSpec::edit)
        .collect::<Result<Vec<_>, _>>()?;
    let sources = usize::from(input.fixture.is_some())
        + usize::from(input.text.is_some())
        + usize::from(input.report.is_some());
    if sources != 1 {
        return Err("a case needs exactly one of `fixture`, `text`, `report`".into());
    }
    let (mut report, text) = if let Some(spec) = &input.report {
        let mut spec_sections = spec.sections.clone();
        for e in &edits {
            if let Edit::Replace { replace, with } = e {
                let mut hit = false;
                for t in spec_sections.values_mut() {
                    if t.contains(replace.as_str()) {
                        *t = t.replacen(replace.as_str(), with, 1);
                        hit = true;
                        break;
                    }
                }
                if !hit {
                    return Err(format!("edit: `{replace}` is not in the report's text"));
                }
            }
        }
        from_spec(spec, &spec_sections)?
    } else {
        let (name, mut text) = match (&input.fixture, &input.text) {
            (Some(f), _) => (f.clone(), (env.fixture)(f)?),
            (_, Some(t)) => ("case.txt".to_owned(), t.clone()),
            _ => unreachable!("checked above"),
        };
        for e in &edits {
            if let Edit::Replace { replace, with } = e {
                if !text.contains(replace.as_str()) {
                    return Err(format!("edit: `{replace}` is not in {name}"));
                }
                text = text.replacen(replace.as_str(), with, 1);
            }
        }
        ((env.read)(&name, &text)?, text)
    };
    for e in &edits {
        if let Edit::Set { set, to } = e {
            set_cell(&mut report, set, to)?;
        }
    }
    Ok((report, text))
}

fn set_cell(report: &mut Report, path: &str, to: &str) -> Result<(), String> {
    let parts: Vec<&str> = path.split('.').collect();
    if let Err(e) = paths::check_path(&parts) {
        return Err(format!(
            "edit: {}{}",
            e.message,
            e.suggestion
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default()
        ));
    }
    let (Some(t), Some(r), Some(c)) = (parts.first(), parts.get(1), parts.get(2)) else {
        return Err(format!("edit: `{path}` is not a cell"));
    };
    let cell = paths::cell_mut(report, t, r, c)
        .ok_or_else(|| format!("edit: `{path}` is not in this report's format"))?;
    match cell {
        CellMut::Count(cell) => *cell = make_cell(to, cell.span(), |s| s.parse::<i64>().ok()),
        CellMut::Money(cell) => *cell = make_cell(to, cell.span(), |s| s.parse::<Decimal>().ok()),
    }
    Ok(())
}

pub(super) fn make_cell<T>(
    raw: &str,
    span: Option<Span>,
    parse: impl Fn(&str) -> Option<T>,
) -> Cell<T> {
    let span = span.unwrap_or(Span {
        offset: 0,
        length: 0,
        line: 1,
        column: 1,
    });
    let raw = raw.trim();
    match raw {
        "~" | "missing" => Cell::Missing,
        r if r.is_empty() || gongkai_core::template::BLANK_MARKERS.contains(&r) => Cell::Blank {
            raw: r.to_owned(),
            span,
        },
        r => match parse(r) {
            Some(value) => Cell::Present {
                value,
                raw: r.to_owned(),
                span,
            },
            None => Cell::Invalid {
                raw: r.to_owned(),
                span,
            },
        },
    }
}
