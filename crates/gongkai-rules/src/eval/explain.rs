//! Explaining a failed check: the comparison that failed, the value the primary cell should
//! hold (solving the comparison for it), the message and the labels.

// Chinese is the fallback language: a `_` arm stands for every language but English.
#![allow(clippy::match_wildcard_for_single_variants)]
// Short names mirror the arithmetic and ranges they handle (a, b, x, y; s, e = start, end).
#![allow(clippy::many_single_char_names)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use gongkai_core::Span;
use rust_decimal::Decimal;

use super::Shared;
use super::env::Env;
use super::value::{Explain, R, Used, Val, fmt_num, truthy, zh_en};
use crate::expr::{BinOp, Expr, Func, Kind};
use crate::paths;
use crate::rule::{Iter, Msg, Rule};
use crate::{DocumentRole, Label, Lang};

/// How much the primary cell changes the difference `lhs − rhs` (±1 in the usual sums), or
/// `None` when it is not linear in it. Lets a failed check say what the cell should hold.
pub(super) fn coefficient(e: &Expr, env: &Env<'_>, key: &str) -> Option<i64> {
    match &e.kind {
        Kind::Cell(p) => {
            let k = format!(
                "{}{}",
                if p.previous { "previous." } else { "" },
                env.substitute(&p.text)
            );
            if p.text.contains('*') {
                None
            } else {
                Some(i64::from(k == key))
            }
        }
        Kind::Capture(n) => Some(i64::from(format!("capture:{n}") == key)),
        Kind::Num(_) | Kind::Str(_) | Kind::Bool(_) | Kind::Var { .. } => Some(0),
        Kind::Neg(a) => coefficient(a, env, key).map(|c| -c),
        Kind::Binary(BinOp::Add, a, b) => {
            Some(coefficient(a, env, key)? + coefficient(b, env, key)?)
        }
        Kind::Binary(BinOp::Sub, a, b) => {
            Some(coefficient(a, env, key)? - coefficient(b, env, key)?)
        }
        Kind::Call(Func::Sum, args) => {
            let mut c = 0;
            for a in args {
                if let Kind::Cell(p) = &a.kind
                    && p.text.contains('*')
                {
                    let (t, r, col) = Env::split3(&env.substitute(&p.text));
                    let prefix = if p.previous { "previous." } else { "" };
                    let Some(rest) = key.strip_prefix(prefix) else {
                        continue;
                    };
                    let (kt, kr, kc) = Env::split3(rest);
                    if kt == t && paths::glob_match(&r, &kr) && paths::glob_match(&col, &kc) {
                        c += 1;
                    }
                    continue;
                }
                c += coefficient(a, env, key)?;
            }
            Some(c)
        }
        Kind::Call(Func::Total, args) => {
            // A total reads the 总计 cell of each row.
            let mut c = 0;
            for a in args {
                if let Kind::Row(p) = &a.kind {
                    let row = env.substitute(&p.text);
                    let prefix = if p.previous { "previous." } else { "" };
                    if let Some(rest) = key.strip_prefix(prefix) {
                        let (kt, kr, kc) = Env::split3(rest);
                        let (t, r) = row.split_once('.').unwrap_or(("", ""));
                        if kt == t && kc == "total" && paths::glob_match(r, &kr) {
                            c += 1;
                        }
                    }
                }
            }
            Some(c)
        }
        _ => {
            let mut mentions = false;
            crate::expr::walk(e, &mut |x| {
                if let Kind::Cell(p) = &x.kind
                    && env.substitute(&p.text) == key
                {
                    mentions = true;
                }
            });
            if mentions { None } else { Some(0) }
        }
    }
}

/// The comparison that made a condition fail: in `a or b` (both false) the last comparison, in
/// `a and b` the first false part; so a message can show its two sides.
pub(super) fn failing_comparison<'e>(env: &Env<'_>, e: &'e Expr) -> &'e Expr {
    match &e.kind {
        Kind::Binary(BinOp::Or, a, b) => {
            let right = failing_comparison(env, b);
            if matches!(&right.kind, Kind::Binary(op, ..) if op.is_comparison()) {
                right
            } else {
                failing_comparison(env, a)
            }
        }
        Kind::Binary(BinOp::And, a, b) => {
            let a_holds = env
                .eval::<Explain>(a)
                .ok()
                .and_then(|o| truthy::<Explain>(&o.val).ok());
            if a_holds == Some(false) {
                failing_comparison(env, a)
            } else {
                failing_comparison(env, b)
            }
        }
        _ => e,
    }
}

/// One failed iteration, before it becomes a finding.
pub(super) struct Failure {
    pub(super) message: String,
    pub(super) help: Option<String>,
    pub(super) expected: Option<String>,
    pub(super) labels: Vec<Label>,
    /// Set when the finding rests on an ambiguous reading of the narrative: what was read, said
    /// in the message; the finding is then at most a warning.
    pub(super) ambiguous: Option<String>,
    /// Set when the finding rests on a cell read without certainty: which table and row, and
    /// why, said in the message; the finding is then at most a warning.
    pub(super) uncertain: Option<String>,
}

/// Fills `{placeholders}`.
pub(super) fn render(template: &str, values: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if values.contains_key(&after[..close]) => {
                out.push_str(&values[&after[..close]]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub(super) struct Ctx<'a> {
    pub(super) rule: &'a Rule,
    pub(super) lang: Lang,
    pub(super) shared: &'a Shared,
}

impl Ctx<'_> {
    pub(super) fn base_values(&self, env: &Env<'_>) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        for (name, value) in env.binding {
            let set = self
                .rule
                .for_each
                .iter()
                .find(|(n, _)| n == name)
                .map_or("", |(_, it)| match it {
                    Iter::Set(s) => s.as_str(),
                    Iter::List(_) => "",
                });
            v.insert((*name).to_owned(), paths::value_label(set, value));
        }
        let m = &env.report.metadata;
        if let Some(y) = &m.year {
            v.insert("year".into(), y.value.to_string());
        }
        v.insert("format".into(), m.format.document_number().to_owned());
        v.insert(
            "organisation".into(),
            m.organisation
                .as_ref()
                .map(|o| o.value.clone())
                .filter(|o| !o.is_empty())
                .unwrap_or_else(|| zh_en(self.lang, "本机关", "this body")),
        );
        v
    }

    /// Turns a failed comparison (or condition) into a finding.
    pub(super) fn failure(
        &self,
        env: &Env<'_>,
        check: &Expr,
        msg: &Msg,
        fallback_primary: Option<Span>,
    ) -> R<Failure> {
        let lang = self.lang;
        // Only the cells this explanation reads count (not those of a `when` read before).
        env.uncertain.replace(None);
        // A value "should be" follows only from a check that is one comparison; inside `and` /
        // `or` the failing part is shown, but no single value is implied.
        let top_is_comparison = matches!(&check.kind, Kind::Binary(op, ..) if op.is_comparison());
        let check = failing_comparison(env, check);
        let mut values = self.base_values(env);
        let mut used: Vec<Used> = Vec::new();
        let mut single_l = None;
        let mut single_r = None;
        let mut rhs_value = None;
        let mut op_sym = None;
        let mut diff_info = None;
        let mut lhs_scale = 0;
        if let Kind::Binary(op, a, b) = &check.kind
            && op.is_comparison()
        {
            let l = env.eval::<Explain>(a)?;
            let r = env.eval::<Explain>(b)?;
            values.insert("lhs".into(), l.text.clone());
            values.insert("rhs".into(), r.text.clone());
            let lv = match &l.val {
                Val::Num(n, _) => fmt_num(*n),
                _ => l.text.clone(),
            };
            let rv = match &r.val {
                Val::Num(n, _) => fmt_num(*n),
                _ => r.text.clone(),
            };
            values.insert("lhs_value".into(), lv);
            values.insert("rhs_value".into(), rv.clone());
            values.insert("op".into(), op.failed_symbol().into());
            op_sym = Some(*op);
            single_l.clone_from(&l.single);
            single_r.clone_from(&r.single);
            rhs_value = Some(rv);
            if let (Val::Num(x, sx), Val::Num(y, _)) = (&l.val, &r.val) {
                diff_info = Some((*x, *y, a.as_ref(), b.as_ref()));
                lhs_scale = *sx;
            }
            used.extend(l.used);
            used.extend(r.used);
        }
        if used.is_empty() {
            used = env.eval::<Explain>(check)?.used;
        }
        if let Some(c) = env.captures {
            values.insert("quote".into(), c.quote.clone());
            values.insert("section".into(), paths::section_label(c.section.id));
            for (k, (t, _)) in &c.values {
                values.insert(k.clone(), t.clone());
            }
        }
        // A narrative check that uses no capture (e.g. `false`) still points at the number it
        // matched, if any, rather than the whole sentence.
        if let Some(c) = env.captures
            && !used.iter().any(|u| u.key.starts_with("capture:"))
        {
            for name in c.values.keys() {
                if let Ok(o) = env.capture::<Explain>(name)
                    && matches!(o.val, Val::Num(..))
                {
                    used.splice(0..0, o.used);
                    break;
                }
            }
        }
        // The primary: the rule's choice, else the single-cell side, else the first thing used.
        let primary_key = if let Some(p) = &self.rule.primary {
            Some(format!(
                "{}{}",
                if p.previous { "previous." } else { "" },
                env.substitute(&p.text)
            ))
        } else if env.captures.is_some() {
            used.iter()
                .find(|u| u.key.starts_with("capture:"))
                .map(|u| u.key.clone())
        } else {
            single_l
                .clone()
                .or(single_r.clone())
                .or_else(|| used.first().map(|u| u.key.clone()))
        };
        let mut expected = None;
        if let (Some(key), Some(op), Some((x, y, a, b)), true) =
            (&primary_key, op_sym, diff_info, top_is_comparison)
            && matches!(op, BinOp::Eq | BinOp::Approx)
        {
            if env.captures.is_some() && single_l.as_deref() == Some(key.as_str()) {
                // A stated percentage is compared within its written precision; show one
                // decimal more than was written.
                let shown = if op == BinOp::Approx {
                    y.round_dp(lhs_scale + 1)
                } else {
                    y
                };
                expected = Some(fmt_num(shown));
            } else if let (Some(ca), Some(cb), true) = (
                coefficient(a, env, key),
                coefficient(b, env, key),
                // A value follows only for a cell the rule singles out: one side of the
                // equation, or its declared `primary`; not for a cell picked from a sum.
                self.rule.primary.is_some()
                    || single_l.as_deref() == Some(key.as_str())
                    || single_r.as_deref() == Some(key.as_str()),
            ) {
                let c = ca - cb;
                let current = used
                    .iter()
                    .find(|u| &u.key == key)
                    .and_then(|u| u.value.parse::<Decimal>().ok());
                if let (Some(cur), true) = (current, c == 1 || c == -1) {
                    let e = cur - (x - y) / Decimal::from(c);
                    expected = Some(fmt_num(e));
                }
            }
        }
        if expected.is_none()
            && top_is_comparison
            && env.captures.is_some()
            && single_l.is_some()
            && matches!(op_sym, Some(BinOp::Eq | BinOp::Approx))
        {
            expected.clone_from(&rhs_value);
        }
        // On a cell read without certainty no value "should be" anything: the cell may not
        // hold what the check compared.
        let seen_uncertain = env.uncertain.take();
        if seen_uncertain.is_some() {
            expected = None;
        }
        values.insert(
            "expected".into(),
            expected.clone().unwrap_or_else(|| "?".into()),
        );
        let primary_used = primary_key
            .as_ref()
            .and_then(|k| used.iter().find(|u| &u.key == k).cloned());
        values.insert(
            "cell".into(),
            primary_key.as_ref().map_or_else(String::new, |k| {
                let k2 = k.strip_prefix("previous.").unwrap_or(k);
                let (t, r, c) = Env::split3(k2);
                if k.starts_with("capture:") || r.is_empty() {
                    zh_en(lang, "正文", "the text")
                } else {
                    paths::cell_label(&t, &r, &c)
                }
            }),
        );
        let message = render(msg.get(lang), &values);
        let help = match &self.rule.help {
            Some(h) => Some(render(h.get(lang), &values)),
            None => expected
                .as_ref()
                .map(|e| match (lang, env.captures.is_some()) {
                    (Lang::En, true) => format!("should be {e}"),
                    (Lang::En, false) => format!("{} should be {e}", values["cell"]),
                    (_, true) => format!("应为 {e}"),
                    (_, false) => format!("{} 应为 {e}", values["cell"]),
                }),
        };
        let mut labels: Vec<Label> = Vec::new();
        let push = |u: &Used, primary: bool, labels: &mut Vec<Label>| {
            if labels
                .iter()
                .any(|l| l.span == u.span && l.document == u.document)
            {
                return;
            }
            let mut message = format!("{} {}", u.name, u.value);
            if primary && let Some(e) = &expected {
                let _ = write!(message, "{}{e}", zh_en(lang, "，应为 ", ", should be "));
            }
            labels.push(Label {
                span: u.span,
                message,
                primary,
                document: u.document,
            });
        };
        if let Some(p) = &primary_used {
            push(p, true, &mut labels);
        } else if let Some(span) = fallback_primary {
            labels.push(Label {
                span,
                message: values.get("quote").cloned().unwrap_or_default(),
                primary: true,
                document: DocumentRole::Current,
            });
        }
        for u in &used {
            let is_primary = labels.is_empty();
            push(u, is_primary, &mut labels);
        }
        let uncertain = seen_uncertain.map(|(previous, u)| {
            if let Some(span) = u.span {
                let document = if previous {
                    DocumentRole::Previous
                } else {
                    DocumentRole::Current
                };
                if !labels
                    .iter()
                    .any(|l| l.span == span && l.document == document)
                {
                    labels.push(Label {
                        span,
                        message: zh_en(lang, "未能确定地读取", "not read with certainty"),
                        primary: labels.is_empty(),
                        document,
                    });
                }
            }
            uncertainty_note(lang, previous, &u)
        });
        Ok(Failure {
            message,
            help,
            expected,
            labels,
            ambiguous: None,
            uncertain,
        })
    }
}

/// What a finding resting on an uncertain cell says about it: which table and row could not be
/// read with certainty, and why.
pub(super) fn uncertainty_note(lang: Lang, previous: bool, u: &gongkai_core::Uncertain) -> String {
    let table = paths::table_label(&u.table);
    let place = match (&u.row, lang) {
        (Some(row), Lang::En) => format!("{table}, row “{}”", paths::row_label(&u.table, row)),
        (Some(row), _) => format!("{table}“{}”行", paths::row_label(&u.table, row)),
        (None, _) => table.to_owned(),
    };
    let reason = u.reason.describe(lang == Lang::En);
    match (lang, previous) {
        (Lang::En, true) => format!(
            " (last year's {place} could not be read with certainty: {reason}; check it by hand)"
        ),
        (Lang::En, false) => {
            format!(" ({place} could not be read with certainty: {reason}; check it by hand)")
        }
        (_, true) => format!("（上年报告的{place}未能确定地读取：{reason}；请人工核对）"),
        (_, false) => format!("（{place}未能确定地读取：{reason}；请人工核对）"),
    }
}
