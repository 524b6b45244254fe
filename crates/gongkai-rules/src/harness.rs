//! The rule test harness: runs the cases of `<rule-id>.test.yaml` files.
//!
//! ```yaml
//! cases:
//!   - name: 表四行政复议总计为 0 但结果维持 10、结果纠正 1
//!     expect: fire            # fire | pass | skip
//!     findings: 1             # optional: how many findings
//!     severity: error         # optional: the severity every finding must have
//!     report:                 # a small report, written as data …
//!       review_litigation:
//!         review: [10, 1, 0, 0, 0]
//!   - name: 淮安 2024 原文
//!     expect: pass
//!     fixture: huaian-city-2024.txt   # … or a sample report, with edits
//!     edits:
//!       - replace: 答复 3050 件
//!         with: 答复 3051 件
//! ```
//!
//! A case is a sample report (`fixture`, read through the caller's reader), a text (`text`), or
//! a report written as data (`report`), with `edits` (`replace` text, or `set` a cell to a value,
//! `"/"` for blank or `"~"` for missing), and optionally a `previous` report of the same shape.
//! The harness first checks each expectation; rendering the findings (for snapshots) comes after,
//! so a careless snapshot accept can never hide a rule that stopped firing.
//!
//! The crate does no I/O and has no reader: the caller passes a [`TestEnv`] that reads fixtures
//! and turns text into a [`Report`].

// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use gongkai_core::{
    ActiveDisclosure, ActiveDisclosure2019, ActiveDisclosure2021, Cell, FormatVersion, Metadata,
    NarrativeNumber, ReadIssue, ReadIssueKind, Report, Section, SectionId, Sentence, Source, Span,
    Spanned as CoreSpanned,
};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::LoadError;
use crate::load::{stem_of, yaml_error, yaml_options};
use crate::paths::{self, CellMut};
use crate::set::RuleSource;
use crate::{Finding, Lang, Outcome, RuleSet};

/// What the harness needs from its caller.
pub struct TestEnv<'a> {
    /// Reads a report from a file name and its text (the reader crate's job).
    pub read: &'a dyn Fn(&str, &str) -> Result<Report, String>,
    /// The text of a fixture named in a case (`fixture: huaian-city-2024.txt`).
    pub fixture: &'a dyn Fn(&str) -> Result<String, String>,
}

/// The result of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The rule tested.
    pub rule: String,
    /// The case's name (empty when the test file itself could not be loaded).
    pub case: String,
    /// The test file.
    pub path: String,
    /// The 1-based line of the case in the test file.
    pub line: u32,
    /// `None` when the expectation held; otherwise what went wrong.
    pub failure: Option<String>,
    /// The outcome rendered as text (findings with their labels on the report's text), for
    /// snapshots. Rendered only after the expectation was checked.
    pub rendered: String,
}

impl CaseResult {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    #[serde(default)]
    rule: Option<String>,
    cases: Vec<CaseSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseSpec {
    name: Spanned<String>,
    expect: Expect,
    #[serde(default)]
    findings: Option<usize>,
    /// The severity every finding must have (a finding on an uncertain cell is a warning).
    #[serde(default)]
    severity: Option<crate::Severity>,
    #[serde(default)]
    lang: Option<Lang>,
    #[serde(flatten)]
    input: InputSpec,
    #[serde(default)]
    previous: Option<InputSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Expect {
    Fire,
    Pass,
    Skip,
}

#[derive(Debug, Default, Deserialize)]
struct InputSpec {
    #[serde(default)]
    fixture: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    report: Option<ReportSpec>,
    #[serde(default)]
    edits: Vec<EditSpec>,
}

/// An edit: `replace` text `with` other text, or `set` a cell `to` a value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EditSpec {
    #[serde(default)]
    replace: Option<String>,
    #[serde(default)]
    with: Option<String>,
    #[serde(default)]
    set: Option<String>,
    #[serde(default)]
    to: Option<CellText>,
}

enum Edit {
    Replace { replace: String, with: String },
    Set { set: String, to: String },
}

impl EditSpec {
    fn edit(&self) -> Result<Edit, String> {
        match (&self.replace, &self.with, &self.set, &self.to) {
            (Some(r), Some(w), None, None) => Ok(Edit::Replace {
                replace: r.clone(),
                with: w.clone(),
            }),
            (None, None, Some(s), Some(t)) => Ok(Edit::Set {
                set: s.clone(),
                to: t.0.clone(),
            }),
            _ => Err("an edit is `replace: … with: …` or `set: <cell> to: <value>`".into()),
        }
    }
}

/// A report written as data.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportSpec {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    organisation: Option<String>,
    #[serde(default)]
    title: Option<String>,
    /// Cells not given: "0" (default) or "~" (missing).
    #[serde(default)]
    fill: Option<String>,
    #[serde(default)]
    applications: BTreeMap<String, Vec<CellText>>,
    #[serde(default)]
    review_litigation: BTreeMap<String, Vec<CellText>>,
    #[serde(default)]
    active_disclosure: BTreeMap<String, Vec<CellText>>,
    #[serde(default)]
    sections: BTreeMap<SectionId, String>,
    #[serde(default)]
    missing_sections: Vec<SectionId>,
    #[serde(default)]
    issues: Vec<ReadIssueKind>,
    /// Cells (`column` given), rows (`row` given) or tables read without certainty.
    #[serde(default)]
    uncertain: Vec<UncertainSpec>,
}

/// A cell, row or table of a test report marked as read without certainty.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UncertainSpec {
    table: String,
    #[serde(default)]
    row: Option<String>,
    #[serde(default)]
    column: Option<String>,
    #[serde(default = "fragmented")]
    reason: gongkai_core::UncertainReason,
}

fn fragmented() -> gongkai_core::UncertainReason {
    gongkai_core::UncertainReason::Fragmented
}

/// A cell as written in a test report: a whole number, or text (`"7730.28"`, `"/"`, `"~"`).
#[derive(Debug, Clone)]
struct CellText(String);

impl<'de> Deserialize<'de> for CellText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = CellText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a whole number, or text in quotes (\"7730.28\", \"/\", \"~\")")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<CellText, E> {
                Ok(CellText(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<CellText, E> {
                Ok(CellText(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<CellText, E> {
                Err(E::custom(
                    "write decimals in quotes, e.g. \"7730.28\", so they stay exact",
                ))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CellText, E> {
                Ok(CellText(v.to_owned()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<CellText, E> {
                Ok(CellText("~".into()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Runs the cases of test files against the rules of `set`. A test file that cannot be loaded,
/// or names a rule the set does not have, gives one failed result; every other case still runs.
pub fn run_tests(set: &RuleSet, tests: &[RuleSource<'_>], env: &TestEnv<'_>) -> Vec<CaseResult> {
    let mut out = Vec::new();
    for t in tests {
        let file: TestFile = match serde_saphyr::from_str_with_options(
            t.text,
            yaml_options(set.limits().max_file_bytes),
        ) {
            Ok(f) => f,
            Err(e) => {
                let err = yaml_error(t.path, t.text, &e);
                out.push(file_failure(t.path, &err));
                continue;
            }
        };
        let stem = stem_of(t.path);
        let rule_id = file
            .rule
            .clone()
            .unwrap_or_else(|| stem.strip_suffix(".test").unwrap_or(stem).to_owned());
        let Some(rule) = set.yaml_rule(&rule_id) else {
            out.push(CaseResult {
                rule: rule_id.clone(),
                case: String::new(),
                path: t.path.to_owned(),
                line: 1,
                failure: Some(format!("no rule `{rule_id}` is loaded for this test file")),
                rendered: String::new(),
            });
            continue;
        };
        for case in &file.cases {
            out.push(run_case(set, rule, &rule_id, t, case, env));
        }
    }
    out
}

fn file_failure(path: &str, err: &LoadError) -> CaseResult {
    CaseResult {
        rule: stem_of(path).trim_end_matches(".test").to_owned(),
        case: String::new(),
        path: path.to_owned(),
        line: err.line(),
        failure: Some(format!(
            "{}{}",
            err.message(),
            err.suggestion()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default()
        )),
        rendered: String::new(),
    }
}

fn run_case(
    set: &RuleSet,
    rule: &crate::rule::Rule,
    rule_id: &str,
    t: &RuleSource<'_>,
    case: &CaseSpec,
    env: &TestEnv<'_>,
) -> CaseResult {
    // Lines end at `\n`, as everywhere else in gongkai (load errors, report spans); the YAML
    // parser's own line also counts a lone `\r`, so it is used only without a byte offset.
    let line = case
        .name
        .referenced
        .span()
        .byte_offset()
        .and_then(|b| usize::try_from(b).ok())
        .and_then(|b| t.text.get(..b))
        .map_or_else(
            || u32::try_from(case.name.referenced.line()).unwrap_or(0),
            |before| u32::try_from(before.matches('\n').count() + 1).unwrap_or(u32::MAX),
        );
    let mut result = CaseResult {
        rule: rule_id.to_owned(),
        case: case.name.value.clone(),
        path: t.path.to_owned(),
        line,
        failure: None,
        rendered: String::new(),
    };
    let (report, text) = match build(&case.input, env) {
        Ok(r) => r,
        Err(e) => {
            result.failure = Some(e);
            return result;
        }
    };
    let previous = match &case.previous {
        None => None,
        Some(p) => match build(p, env) {
            Ok(r) => Some(r),
            Err(e) => {
                result.failure = Some(format!("previous: {e}"));
                return result;
            }
        },
    };
    let lang = case.lang.unwrap_or_default();
    let severity = set.get(rule_id).map_or(rule.meta.severity, |m| m.severity);
    let outcome = crate::eval::evaluate(
        rule,
        &report,
        previous.as_ref().map(|p| &p.0),
        lang,
        severity,
        &crate::eval::Shared::default(),
    );
    // Expectations first.
    result.failure = match (&outcome, case.expect) {
        (Outcome::Findings { findings }, Expect::Fire) => match case.findings {
            Some(n) if n != findings.len() => {
                Some(format!("expected {n} findings, got {}", findings.len()))
            }
            _ => case.severity.and_then(|want| {
                findings.iter().find(|f| f.severity != want).map(|f| {
                    format!(
                        "expected every finding to be {want:?}, got {:?}",
                        f.severity
                    )
                })
            }),
        },
        (Outcome::Pass, Expect::Pass) | (Outcome::Skipped { .. }, Expect::Skip) => None,
        (o, e) => Some(format!(
            "expected {}, got {}",
            match e {
                Expect::Fire => "findings",
                Expect::Pass => "pass",
                Expect::Skip => "skip",
            },
            describe(o)
        )),
    };
    result.rendered = render_outcome(&outcome, &text, previous.as_ref().map(|p| p.1.as_str()));
    result
}

fn describe(o: &Outcome) -> String {
    match o {
        Outcome::Pass => "pass".into(),
        Outcome::Findings { findings } => format!(
            "{} finding(s): {}",
            findings.len(),
            findings
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        Outcome::Skipped { reason } => format!("skip ({reason})"),
        Outcome::Error { message } => format!("error ({message})"),
    }
}

/// Renders an outcome as plain text, each label with the line, column and text it points at.
pub fn render_outcome(o: &Outcome, text: &str, previous_text: Option<&str>) -> String {
    match o {
        Outcome::Pass => "pass\n".into(),
        Outcome::Skipped { reason } => format!("skipped: {reason}\n"),
        Outcome::Error { message } => format!("error: {message}\n"),
        Outcome::Findings { findings } => findings
            .iter()
            .map(|f| render_finding(f, text, previous_text))
            .collect(),
    }
}

/// Renders one finding as plain text (see [`render_outcome`]).
pub fn render_finding(f: &Finding, text: &str, previous_text: Option<&str>) -> String {
    let mut s = String::new();
    let sev = match f.severity {
        crate::Severity::Error => "error",
        crate::Severity::Warning => "warning",
        crate::Severity::Info => "info",
    };
    let _ = writeln!(s, "{sev}[{}]: {}", f.code, f.message);
    for l in &f.labels {
        let src = match l.document {
            crate::DocumentRole::Previous => previous_text.unwrap_or(""),
            crate::DocumentRole::Current => text,
        };
        let slice = src.get(l.span.range()).unwrap_or("?");
        let slice: String = slice.chars().take(40).collect();
        let _ = writeln!(
            s,
            "  {} {}{}:{} `{}` {}",
            if l.primary { "^" } else { "-" },
            if l.document == crate::DocumentRole::Previous {
                "previous "
            } else {
                ""
            },
            l.span.line,
            l.span.column,
            slice.replace('\n', "⏎"),
            l.message
        );
    }
    if let Some(e) = &f.expected {
        let _ = writeln!(s, "  expected: {e}");
    }
    if let Some(h) = &f.help {
        let _ = writeln!(s, "  help: {h}");
    }
    s
}

/// Builds a report (and the text its spans point into) from a case's input.
fn build(input: &InputSpec, env: &TestEnv<'_>) -> Result<(Report, String), String> {
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

fn make_cell<T>(raw: &str, span: Option<Span>, parse: impl Fn(&str) -> Option<T>) -> Cell<T> {
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

/// Builds a report from data, writing a small text for its spans to point into.
fn from_spec(
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
