//! Loading a rule file: YAML with value locations, then every expression, pattern, path and
//! placeholder checked, so that a wrong rule fails here, at its line and column, with a
//! suggestion — never at evaluation time.

use std::collections::BTreeSet;
use std::ops::Range;

use serde_saphyr::{Budget, Options, Spanned};

use crate::error::LoadError;
use crate::expr::{self, Expr, Kind};
use crate::file::{BlankPolicy, ForEach, RuleFile, SetSpec, Text, Title};
use crate::limits::RuleLimits;
use crate::meta::{RuleDoc, RuleMeta};
use crate::paths::{self, suggest};
use crate::pattern;
use crate::pattern::Patterns;
use crate::rule::{Check, Iter, Msg, NarrativeCase, Rule};

mod refs;

use refs::{Ctx, has_comparison, validate};

/// YAML parsing options with a budget that refuses alias bombs and absurd nesting; the node,
/// event and scalar budgets are those of a file of `max_file_bytes` (the default's: 50,000
/// nodes, 200,000 events for 256 KiB).
pub(crate) fn yaml_options(max_file_bytes: usize) -> Options {
    let scale = (max_file_bytes / (256 * 1024)).max(1);
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_aliases = 64;
    budget.max_anchors = 64;
    budget.max_nodes = 50_000usize.saturating_mul(scale);
    budget.max_events = 200_000usize.saturating_mul(scale);
    budget.max_total_scalar_bytes = max_file_bytes.saturating_mul(4);
    let mut options = Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options
}

/// Turns a serde-saphyr error into a located [`LoadError`] with a suggestion for unknown fields
/// and values.
pub(crate) fn yaml_error(path: &str, text: &str, err: &serde_saphyr::Error) -> LoadError {
    let raw = err.to_string();
    // "unknown field `x`, expected one of a, b at line 2, column 1"
    let message = raw
        .rsplit_once(" at line ")
        .map_or(raw.as_str(), |(m, _)| m)
        .to_owned();
    let mut help = None;
    for kind in ["unknown field `", "unknown variant `"] {
        if let Some(rest) = message.split_once(kind).map(|x| x.1)
            && let Some((word, tail)) = rest.split_once('`')
        {
            let candidates: Vec<&str> = tail
                .split_once("expected one of ")
                .or_else(|| tail.split_once("expected "))
                .map_or("", |x| x.1)
                .split(", ")
                .map(|c| c.trim_matches('`'))
                .collect();
            help = suggest(word, candidates.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some(format!("expected one of: {}", candidates.join(", "))));
        }
    }
    let mut e = LoadError::new(path, text, message.clone()).help(help);
    if let Some(loc) = err.location() {
        let offset = loc
            .span()
            .byte_offset()
            .and_then(|b| usize::try_from(b).ok())
            .unwrap_or_else(|| line_col_offset(text, loc.line(), loc.column()));
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let len = text[offset..].find([':', '\n']).unwrap_or(0).max(1);
        e = e.at(text, offset, len, message);
    }
    e
}

fn line_col_offset(text: &str, line: u64, column: u64) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u64 + 1 == line {
            return offset
                + l.char_indices()
                    .nth(usize::try_from(column.saturating_sub(1)).unwrap_or(0))
                    .map_or(0, |(b, _)| b);
        }
        offset += l.len();
    }
    offset
}

/// The byte offset in the file of byte `within` of a string value.
fn value_offset(text: &str, sp: &Spanned<String>, within: usize) -> usize {
    let Some(start) = sp
        .referenced
        .span()
        .byte_offset()
        .and_then(|b| usize::try_from(b).ok())
    else {
        return line_col_offset(text, sp.referenced.line(), sp.referenced.column());
    };
    let start = start.min(text.len());
    let value = &sp.value;
    let within = within.min(value.len());
    match text.as_bytes().get(start) {
        Some(b'"' | b'\'') => start + 1 + within,
        _ if !value[..within].contains('\n') => start + within,
        _ => {
            // A block scalar: find the same line of the value in the file, past its indentation.
            let line_no = value[..within].matches('\n').count();
            let col = within - value[..within].rfind('\n').map_or(0, |i| i + 1);
            let mut pos = start;
            for _ in 0..line_no {
                match text[pos..].find('\n') {
                    Some(i) => pos += i + 1,
                    None => return start,
                }
            }
            let indent = text[pos..].len() - text[pos..].trim_start_matches(' ').len();
            (pos + indent + col).min(text.len())
        }
    }
}

fn err_at(
    path: &str,
    text: &str,
    sp: &Spanned<String>,
    range: Range<usize>,
    message: impl Into<String>,
    help: Option<String>,
) -> LoadError {
    let message = message.into();
    let start = value_offset(text, sp, range.start);
    let end = value_offset(text, sp, range.end).max(start + 1);
    LoadError::new(path, text, message.clone())
        .at(text, start, end - start, message)
        .help(help)
}

/// The area of a rule from its path: the folder it sits in.
pub(crate) fn area_of(path: &str) -> String {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    if parts.len() >= 2 {
        parts[parts.len() - 2].to_owned()
    } else {
        "custom".to_owned()
    }
}

/// The file name without `.yaml` / `.yml`.
pub(crate) fn stem_of(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
}

/// The error of a YAML file in a rule directory that is no rule file.
pub const NOT_A_RULE_FILE: &str = "not a rule file: no top-level `id:` key (a rule directory \
     holds rule files, `*.yaml`, and their tests, `*.test.yaml`); its content is not shown";

/// Whether `text` has a top-level `id` key, as every rule file does: a line that starts with
/// `id:` (or the key quoted), after a byte order mark or a document start.
fn has_rule_id(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').lines().any(|line| {
        let line = line.strip_prefix("--- ").unwrap_or(line);
        ["id:", "\"id\":", "'id':"]
            .iter()
            .any(|key| line.starts_with(key))
            || line.starts_with('{') && line.contains("id:")
    })
}

/// Loads one rule file.
pub(crate) fn load_rule(
    path: &str,
    text: &str,
    limits: &RuleLimits,
    cache: &mut Patterns,
) -> Result<Rule, LoadError> {
    load_rule_with(path, text, true, limits, cache)
}

/// Loads one rule file of the built-in pack. Those files are checked against the schema by a
/// test, not each time a program starts: reading each file a second time for the check, and
/// building the schema validator, was a third of the start-up cost of every run.
pub(crate) fn load_builtin_rule(
    path: &str,
    text: &str,
    limits: &RuleLimits,
    cache: &mut Patterns,
) -> Result<Rule, LoadError> {
    load_rule_with(path, text, false, limits, cache)
}

fn load_rule_with(
    path: &str,
    text: &str,
    check_schema: bool,
    limits: &RuleLimits,
    cache: &mut Patterns,
) -> Result<Rule, LoadError> {
    if text.len() > limits.max_file_bytes {
        return Err(LoadError::new(
            path,
            "",
            format!("rule file larger than {} bytes", limits.max_file_bytes),
        ));
    }
    if !has_rule_id(text) {
        // Without a place: the file may be anything that ended up in a rule directory (a
        // configuration with credentials), and a located error would show its first lines.
        return Err(LoadError::new(path, "", NOT_A_RULE_FILE));
    }
    let file: RuleFile =
        serde_saphyr::from_str_with_options(text, yaml_options(limits.max_file_bytes))
            .map_err(|e| yaml_error(path, text, &e))?;
    // Without the `schema` feature serde's own errors above are all a user rule file gets.
    #[cfg(feature = "schema")]
    if check_schema {
        validate_against_schema(path, text, limits)?;
    }
    #[cfg(not(feature = "schema"))]
    let _ = check_schema;
    let stem = stem_of(path);
    if file.id.value != stem {
        return Err(err_at(
            path,
            text,
            &file.id,
            0..file.id.value.len(),
            format!(
                "the id `{}` differs from the file name `{stem}`",
                file.id.value
            ),
            Some(format!(
                "name the file `{}.yaml`, or write `id: {stem}`",
                file.id.value
            )),
        ));
    }
    let id = file.id.value.clone();
    if id.is_empty()
        || !id.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
    {
        return Err(err_at(
            path,
            text,
            &file.id,
            0..id.len(),
            "a rule id is lowercase words joined by `-`, naming the problem found",
            Some("e.g. `applications-balance-mismatch`".into()),
        ));
    }

    // for_each
    let mut vars: Vec<(String, Iter)> = Vec::new();
    if let Some(fe) = &file.for_each {
        let err = |m: String, h: Option<String>| {
            let offset = fe
                .referenced
                .span()
                .byte_offset()
                .and_then(|b| usize::try_from(b).ok())
                .unwrap_or(0);
            LoadError::new(path, text, m.clone())
                .at(text, offset, 1, m)
                .help(h)
        };
        let entries: Vec<(String, SetSpec)> = match &fe.value {
            ForEach::Shorthand(s) => match s.as_str() {
                "column" => vec![("col".into(), SetSpec::Set("columns".into()))],
                "row" => vec![("row".into(), SetSpec::Set("rows".into()))],
                "group" => vec![("group".into(), SetSpec::Set("groups".into()))],
                other => {
                    return Err(err(
                        format!("unknown for_each `{other}`"),
                        suggest(other, ["column", "row", "group"])
                            .map(|s| format!("did you mean `{s}`?"))
                            .or_else(|| Some("write `column`, `row`, `group`, or a map like `{col: columns}`".into())),
                    ));
                }
            },
            ForEach::Map(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        };
        for (name, spec) in entries {
            let iter = match spec {
                SetSpec::Set(s) => {
                    if paths::set_values(&s).is_none() {
                        return Err(err(
                            format!("unknown set `{s}` for `{{{name}}}`"),
                            suggest(&s, paths::SETS.iter().copied())
                                .map(|x| format!("did you mean `{x}`?"))
                                .or_else(|| Some(format!("sets: {}", paths::SETS.join(", ")))),
                        ));
                    }
                    Iter::Set(s)
                }
                SetSpec::List(l) => Iter::List(l),
            };
            vars.push((name, iter));
        }
    }
    let var_values: Vec<(String, Vec<String>)> = vars
        .iter()
        .map(|(n, it)| {
            let values = match it {
                Iter::Set(s) => paths::set_values(s)
                    .unwrap_or_default()
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                Iter::List(l) => l.clone(),
            };
            (n.clone(), values)
        })
        .collect();

    let tolerance = match &file.tolerance {
        None => None,
        Some(t) => Some(expr::exact_decimal(t.value.trim()).map_err(|e| {
            let (message, help) = match e {
                expr::DecimalError::Syntax => (
                    format!("`{}` is not a decimal number", t.value),
                    "e.g. tolerance: \"0.01\"".to_owned(),
                ),
                expr::DecimalError::Precision => (
                    format!(
                        "`{}` has more digits than a decimal number can hold exactly",
                        t.value
                    ),
                    format!(
                        "a number in a rule has at most {} significant digits",
                        expr::MAX_SIGNIFICANT_DIGITS
                    ),
                ),
            };
            err_at(path, text, t, 0..t.value.len(), message, Some(help))
        })?),
    };

    let plain = Ctx {
        vars: &var_values,
        captures: None,
    };
    let parse_checked = |sp: &Spanned<String>, ctx: &Ctx<'_>| -> Result<Expr, LoadError> {
        let e = expr::parse(&sp.value, limits)
            .map_err(|s| err_at(path, text, sp, s.span, s.message, s.help))?;
        validate(&e, ctx, false).map_err(|v| err_at(path, text, sp, v.span, v.message, v.help))?;
        Ok(e)
    };

    let when = file
        .when
        .as_ref()
        .map(|w| parse_checked(w, &plain))
        .transpose()?;
    let primary = match &file.primary {
        None => None,
        Some(p) => {
            let e = parse_checked(p, &plain)?;
            match e.kind {
                Kind::Cell(path) => Some(path),
                _ => {
                    return Err(err_at(
                        path,
                        text,
                        p,
                        0..p.value.len(),
                        "`primary` names one cell",
                        Some("e.g. primary: applications.total.{col}".into()),
                    ));
                }
            }
        }
    };

    let kinds = usize::from(file.assert.is_some())
        + usize::from(file.narrative.is_some())
        + usize::from(file.issues.is_some());
    if kinds != 1 {
        return Err(LoadError::new(
            path,
            text,
            "a rule has exactly one check: `assert`, `narrative` or `issues`",
        )
        .at(text, 0, 2, "here"));
    }

    let mut placeholders: BTreeSet<String> = [
        "cell",
        "expected",
        "year",
        "organisation",
        "count",
        "format",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    placeholders.extend(var_values.iter().map(|v| v.0.clone()));
    let comparison_names = ["lhs", "rhs", "lhs_value", "rhs_value", "op"];

    let mut case_messages: Vec<(Option<Msg>, BTreeSet<String>)> = Vec::new();
    let check = if let Some(a) = &file.assert {
        let e = parse_checked(a, &plain)?;
        if has_comparison(&e) {
            placeholders.extend(comparison_names.iter().map(|s| (*s).to_owned()));
        }
        Check::Assert(e)
    } else if let Some(n) = &file.narrative {
        placeholders.extend(comparison_names.iter().map(|s| (*s).to_owned()));
        placeholders.extend(["quote", "section"].map(str::to_owned));
        let mut specs: Vec<NarrativeSpecRef<'_>> = Vec::new();
        match (&n.assert, n.patterns.is_empty(), n.cases.is_empty()) {
            (Some(a), false, true) => specs.push((&n.patterns, a, None)),
            (None, true, false) => {
                for c in &n.cases {
                    specs.push((&c.patterns, &c.assert, c.message.as_ref()));
                }
            }
            _ => {
                return Err(LoadError::new(
                    path,
                    text,
                    "`narrative` has either `patterns` with `assert`, or `cases`",
                )
                .at(text, text.find("narrative").unwrap_or(0), 9, "here"));
            }
        }
        let mut cases = Vec::new();
        let mut all_captures = BTreeSet::new();
        for (patterns, assert, message) in specs {
            if patterns.is_empty() {
                return Err(err_at(
                    path,
                    text,
                    assert,
                    0..assert.value.len(),
                    "no patterns for this check",
                    None,
                ));
            }
            let mut compiled = Vec::new();
            let mut common: Option<BTreeSet<String>> = None;
            for p in patterns {
                let re = cache
                    .compile(&p.value, limits)
                    .map_err(|m| err_at(path, text, p, 0..p.value.len(), m, None))?;
                let names = pattern::capture_names(&re);
                common = Some(match common {
                    None => names.clone(),
                    Some(c) => c.intersection(&names).cloned().collect(),
                });
                all_captures.extend(names);
                compiled.push((re, p));
            }
            // Every name the check uses must be captured by every phrasing.
            let e = expr::parse(&assert.value, limits)
                .map_err(|s| err_at(path, text, assert, s.span, s.message, s.help))?;
            for (re, p) in &compiled {
                let names = pattern::capture_names(re);
                let ctx = Ctx {
                    vars: &var_values,
                    captures: Some(&names),
                };
                if let Err(v) = validate(&e, &ctx, false) {
                    if let Some(missing) = v.capture {
                        return Err(err_at(
                            path,
                            text,
                            p,
                            0..p.value.len(),
                            format!(
                                "this pattern does not capture `{missing}`, which the check uses"
                            ),
                            Some(format!(
                                "add `{{{missing}}}` (a number) or `(?P<{missing}>…)` to the pattern"
                            )),
                        ));
                    }
                    return Err(err_at(path, text, assert, v.span, v.message, v.help));
                }
            }
            let mut names = common.unwrap_or_default();
            names.extend(["quote", "section"].map(str::to_owned));
            let message = message
                .map(|m| text_msg(path, text, m, &placeholders, &names))
                .transpose()?;
            case_messages.push((None, names));
            cases.push(NarrativeCase {
                patterns: compiled.into_iter().map(|(r, _)| r).collect(),
                assert: e,
                message,
            });
        }
        placeholders.extend(all_captures);
        Check::Narrative {
            sections: if n.sections.is_empty() {
                gongkai_core::SectionId::ALL.to_vec()
            } else {
                n.sections.clone()
            },
            cases,
        }
    } else {
        placeholders.extend(["section", "table", "row", "found", "label"].map(str::to_owned));
        Check::Issues(file.issues.clone().unwrap_or_default())
    };

    let message = text_msg(path, text, &file.message, &placeholders, &BTreeSet::new())?;
    let help = file
        .help
        .as_ref()
        .map(|h| text_msg(path, text, h, &placeholders, &BTreeSet::new()))
        .transpose()?;

    let when_not = file
        .when_not
        .as_ref()
        .map(|t| text_msg(path, text, t, &BTreeSet::new(), &BTreeSet::new()))
        .transpose()?;

    let mut needs_previous = false;
    let mut note = |e: &Expr| {
        expr::walk(e, &mut |x| match &x.kind {
            Kind::Cell(p) | Kind::Row(p) if p.previous => needs_previous = true,
            Kind::Var { previous: true, .. } => needs_previous = true,
            _ => {}
        });
    };
    if let Some(w) = &when {
        note(w);
    }
    match &check {
        Check::Assert(e) => note(e),
        Check::Narrative { cases, .. } => cases.iter().for_each(|c| note(&c.assert)),
        Check::Issues(_) => {}
    }

    let mut rule = Rule {
        meta: RuleMeta {
            id,
            area: area_of(path),
            title_en: match &file.title {
                Title::Both { en, .. } => Some(en.clone()),
                Title::Zh(_) => None,
            },
            title: match file.title {
                Title::Zh(zh) | Title::Both { zh, .. } => zh,
            },
            severity: file.severity,
            status: file.status,
            tags: file.tags,
            doc: RuleDoc {
                what: file.description.what.trim().to_owned(),
                why: file.description.why.trim().to_owned(),
                fix: file.description.fix.trim().to_owned(),
            },
            references: file.references,
            origin: path.to_owned(),
            url: file.url,
        },
        message,
        help,
        when,
        when_not,
        for_each: vars,
        check,
        primary,
        tolerance,
        blank_zero: file.blank == BlankPolicy::Zero,
        combine: file.combine,
        needs_previous,
        plan: None,
    };
    crate::lower::lower(&mut rule);
    Ok(rule)
}

fn text_msg(
    path: &str,
    text: &str,
    t: &Text,
    allowed: &BTreeSet<String>,
    extra: &BTreeSet<String>,
) -> Result<Msg, LoadError> {
    check_placeholders(path, text, &t.zh, allowed, extra)?;
    if let Some(en) = &t.en {
        check_placeholders(path, text, en, allowed, extra)?;
    }
    Ok(Msg {
        zh: t.zh.value.trim_end().to_owned(),
        en: t.en.as_ref().map(|e| e.value.trim_end().to_owned()),
    })
}

fn check_placeholders(
    path: &str,
    text: &str,
    sp: &Spanned<String>,
    allowed: &BTreeSet<String>,
    extra: &BTreeSet<String>,
) -> Result<(), LoadError> {
    let s = &sp.value;
    let mut pos = 0;
    while let Some(open) = s[pos..].find('{') {
        let start = pos + open;
        let Some(close) = s[start..].find('}') else {
            break;
        };
        let name = &s[start + 1..start + close];
        if !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !allowed.contains(name)
            && !extra.contains(name)
        {
            return Err(err_at(
                path,
                text,
                sp,
                start..start + close + 1,
                format!("unknown placeholder `{{{name}}}`"),
                suggest(name, allowed.iter().chain(extra.iter()).map(String::as_str))
                    .map(|x| format!("did you mean `{{{x}}}`?"))
                    .or_else(|| {
                        Some(format!(
                            "placeholders here: {}",
                            allowed
                                .iter()
                                .chain(extra.iter())
                                .map(|a| format!("{{{a}}}"))
                                .collect::<Vec<_>>()
                                .join(" ")
                        ))
                    }),
            ));
        }
        pos = start + close + 1;
    }
    Ok(())
}

#[cfg(feature = "schema")]
/// Checks a rule file against `schemas/rule.schema.json` (the schema generated from the types
/// above, so this agrees with serde; it is kept as the contract editors rely on).
fn validate_against_schema(path: &str, text: &str, limits: &RuleLimits) -> Result<(), LoadError> {
    let value: serde_json::Value =
        serde_saphyr::from_str_with_options(text, yaml_options(limits.max_file_bytes))
            .map_err(|e| yaml_error(path, text, &e))?;
    let Some(validator) = crate::schema::validator() else {
        return Ok(());
    };
    if let Some(err) = validator.iter_errors(&value).next() {
        let pointer = err.instance_path().to_string();
        let key = pointer
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or("");
        let offset = if key.is_empty() {
            0
        } else {
            text.find(&format!("\n{key}:")).map_or(0, |i| i + 1)
        };
        let message = format!("{err} (at `{pointer}`)");
        return Err(LoadError::new(path, text, message.clone()).at(
            text,
            offset,
            key.len().max(1),
            message,
        ));
    }
    Ok(())
}

/// One narrative check as written: its patterns, its assert, its own message.
type NarrativeSpecRef<'a> = (
    &'a Vec<Spanned<String>>,
    &'a Spanned<String>,
    Option<&'a Text>,
);

#[cfg(all(test, feature = "schema"))]
mod tests {
    use super::*;

    /// The built-in pack is loaded without the schema check ([`load_builtin_rule`]): every file
    /// of it must pass that check.
    #[test]
    fn builtin_rules_agree_with_the_schema() {
        let files = crate::set::builtin_rule_files();
        assert!(files.len() > 20);
        for (path, text) in files {
            if let Err(e) = validate_against_schema(path, text, &RuleLimits::default()) {
                panic!("{path}: {e:?}");
            }
        }
    }
}
