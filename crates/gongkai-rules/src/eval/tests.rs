//! The check language, table-driven: every operator and every function, on a value and on each
//! state a cell can be in — a value, blank, not a number, missing, and not in the report's
//! format — so that a change to the evaluator that changes a value, or turns a skip into a pass,
//! fails here with the expression that shows it.

use std::cell::RefCell;
use std::collections::BTreeMap;

use gongkai_core::{
    ActiveDisclosure, Cell, FormatVersion, Report, Section, SectionId, Span, Spanned,
};
use rust_decimal::Decimal;

use super::env::{Captures, Env};
use super::value::{Explain, NoTrace, Stop, Val, fmt_num};
use crate::Lang;
use crate::expr;
use crate::limits::RuleLimits;
use crate::pattern::Compact;

/// What an expression should give.
#[derive(Debug, Clone, Copy)]
enum Want {
    /// This value, as [`show`] writes it.
    V(&'static str),
    /// A skip whose reason contains this.
    Skip(&'static str),
    /// An error whose message contains this.
    Err(&'static str),
}
use Want::{Err, Skip, V};

fn span(offset: usize) -> Span {
    Span {
        offset,
        length: 1,
        line: 1,
        column: u32::try_from(offset + 1).unwrap_or(u32::MAX),
    }
}

fn present(value: i64, at: usize) -> Cell<i64> {
    Cell::Present {
        value,
        raw: value.to_string(),
        span: span(at),
    }
}

fn blank(raw: &str, at: usize) -> Cell<i64> {
    Cell::Blank {
        raw: raw.into(),
        span: span(at),
    }
}

fn invalid(raw: &str, at: usize) -> Cell<i64> {
    Cell::Invalid {
        raw: raw.into(),
        span: span(at),
    }
}

/// Sets a 表三 cell.
fn set(report: &mut Report, row: &str, col: &str, cell: Cell<i64>) {
    let r = report.applications.get_mut(row).expect("row id");
    *r.cells.get_mut(col).expect("column id") = cell;
}

/// The report every case reads (2021 format). 表三 row `new_received` holds one cell in each
/// state: natural_person 10, commercial blank ("/"), research "12a" (not a number),
/// public_interest missing; legal_services 0, other 2, total 12. Row `carried_over` is wholly
/// missing (not found); row `granted` has no 总计 but two values (3 + 4); row
/// `partially_granted` only blanks ("/", "—"), row `unavailable_not_held` one empty blank.
/// 表二: regulations issued 3, fees amount 1.50 (万元). 表四 review: 5 upheld, 1 corrected,
/// total 6.
fn report() -> Report {
    let mut r = Report::default();
    r.metadata.format = FormatVersion::F2021;
    r.metadata.year = Some(Spanned {
        value: 2024,
        span: span(900),
    });
    r.metadata.organisation = Some(Spanned {
        value: "某县人民政府".into(),
        span: span(901),
    });
    r.metadata.title = Some(Spanned {
        value: "某县人民政府2024年政府信息公开工作年度报告".into(),
        span: span(902),
    });
    set(&mut r, "new_received", "natural_person", present(10, 0));
    set(&mut r, "new_received", "commercial", blank("/", 2));
    set(&mut r, "new_received", "research", invalid("12a", 4));
    set(&mut r, "new_received", "legal_services", present(0, 6));
    set(&mut r, "new_received", "other", present(2, 8));
    set(&mut r, "new_received", "total", present(12, 10));
    set(&mut r, "granted", "natural_person", present(3, 20));
    set(&mut r, "granted", "commercial", present(4, 22));
    set(&mut r, "granted", "total", blank("", 24));
    set(
        &mut r,
        "partially_granted",
        "natural_person",
        blank("/", 30),
    );
    set(&mut r, "partially_granted", "total", blank("—", 32));
    set(
        &mut r,
        "unavailable_not_held",
        "natural_person",
        blank("", 34),
    );
    if let ActiveDisclosure::F2021(t) = &mut r.active_disclosure {
        t.regulations.issued = present(3, 40);
        t.fees.amount = Cell::Present {
            value: Decimal::new(150, 2),
            raw: "1.50".into(),
            span: span(42),
        };
    }
    let review = &mut r.review_litigation.review.cells;
    review.upheld = present(5, 50);
    review.corrected = present(1, 52);
    review.total = present(6, 54);
    for id in SectionId::ALL {
        r.sections.push(Section::absent(id));
    }
    r.sections[0].text = "本年度共收到申请12件。".into();
    r
}

/// Last year's report: 表三 new_received natural_person 7, year 2023.
fn previous() -> Report {
    let mut r = Report::default();
    r.metadata.format = FormatVersion::F2021;
    r.metadata.year = Some(Spanned {
        value: 2023,
        span: span(900),
    });
    set(&mut r, "new_received", "natural_person", present(7, 0));
    r
}

/// A value as the tables write it: a number with its scale when it has decimals (`1.5/2`).
fn show(v: &Val) -> String {
    match v {
        Val::Num(n, 0) => fmt_num(*n),
        Val::Num(n, s) => format!("{}/{s}", fmt_num(*n)),
        Val::Bool(b) => b.to_string(),
        Val::Str(s) => format!("{s:?}"),
        Val::List(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// How the environment differs from the default one.
#[derive(Clone, Copy, Default)]
struct Opts {
    blank_zero: bool,
    tolerance: Option<i64>,
    no_previous: bool,
    lang_en: bool,
}

/// A narrative match to evaluate captures against: the section text
/// "共收到申请12件，其中自然人10件、法人2件，占比33.3%".
struct Narrative {
    section: Section,
}

impl Narrative {
    fn new() -> Self {
        let mut section = Section::absent(SectionId::Applications);
        section.text = "共收到申请12件，其中自然人10件、法人2件，占比33.3%".into();
        Self { section }
    }

    fn captures<'a>(&'a self, compact: &'a Compact) -> Captures<'a> {
        let text = &compact.text;
        let at = |s: &str| {
            let start = text.find(s).expect("in the text");
            (s.to_owned(), start..start + s.len())
        };
        let values = BTreeMap::from([
            ("n".to_owned(), at("12")),
            ("parts".to_owned(), at("自然人10件、法人2件")),
            ("unit".to_owned(), at("件")),
            ("pct".to_owned(), at("33.3")),
            ("word".to_owned(), at("申请")),
        ]);
        Captures {
            section: &self.section,
            compact,
            values,
            quote: text.clone(),
            match_offset: 0,
        }
    }
}

/// Evaluates `src` and says what it gave, the way [`Want`] is written.
fn run(src: &str, opts: Opts, binding: &[(&str, &str)], narrative: bool) -> Result<String, Stop> {
    let e = expr::parse(src, &RuleLimits::default())
        .unwrap_or_else(|err| panic!("`{src}` does not parse: {err:?}"));
    let (current, last) = (report(), previous());
    let n = Narrative::new();
    let compact = Compact::new(&n.section);
    let caps = n.captures(&compact);
    let uncertain = RefCell::new(None);
    let env = Env {
        report: &current,
        previous: (!opts.no_previous).then_some(&last),
        binding,
        binding_index: None,
        plain_binding: binding
            .iter()
            .all(|(_, v)| !v.bytes().any(|b| matches!(b, b'.' | b'{' | b'}'))),
        captures: narrative.then_some(&caps),
        blank_zero: opts.blank_zero,
        tolerance: opts.tolerance.map(Decimal::from),
        lang: if opts.lang_en { Lang::En } else { Lang::Zh },
        uncertain: &uncertain,
    };
    // The one evaluator with either trace: the same value, or a stop of the same kind (the
    // reason is only written when explaining).
    let quiet = env.eval::<NoTrace>(&e).map(|o| show(&o.val));
    let explained = env.eval::<Explain>(&e).map(|o| show(&o.val));
    match (&quiet, &explained) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "`{src}`: the traces disagree"),
        (Result::Err(Stop::Skip(a)), Result::Err(Stop::Skip(_)))
        | (Result::Err(Stop::Error(a)), Result::Err(Stop::Error(_))) => {
            assert!(
                a.is_empty(),
                "`{src}`: a reason built without explaining: {a}"
            );
        }
        _ => panic!("`{src}`: the traces disagree: {quiet:?} / {explained:?}"),
    }
    // Lowered (paths resolved to cells at load), the same value, reason or error.
    let mut lowered = e.clone();
    crate::lower::lower_one(&mut lowered, binding);
    let env = Env {
        binding_index: Some(0),
        ..env
    };
    let by_index = env.eval::<Explain>(&lowered).map(|o| show(&o.val));
    assert_eq!(
        format!("{by_index:?}"),
        format!("{explained:?}"),
        "`{src}`: lowered, it differs"
    );
    explained
}

fn check(cases: &[(&str, Want)], opts: Opts, binding: &[(&str, &str)], narrative: bool) {
    let mut wrong = Vec::new();
    for (src, want) in cases {
        let got = run(src, opts, binding, narrative);
        let ok = match (want, &got) {
            (V(v), Ok(g)) => v == g,
            (Skip(s), Result::Err(Stop::Skip(r))) | (Err(s), Result::Err(Stop::Error(r))) => {
                r.contains(s)
            }
            _ => false,
        };
        if !ok {
            wrong.push(format!("`{src}`: wanted {want:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn literals_and_facts() {
    check(
        &[
            ("12", V("12")),
            ("1.50", V("1.5/2")),
            ("\"2021\"", V("\"2021\"")),
            ("true", V("true")),
            ("false", V("false")),
            ("format", V("\"2021\"")),
            ("year", V("2024")),
            ("previous.year", V("2023")),
            ("organisation", V("\"某县人民政府\"")),
            ("title", V("\"某县人民政府2024年政府信息公开工作年度报告\"")),
            ("matches(text, \"收到申请[0-9]+件\")", V("true")),
            ("matches(text, \"驳回\")", V("false")),
            ("matches(year, \"2024\")", Err("matches() needs text")),
        ],
        Opts::default(),
        &[],
        false,
    );
}

#[test]
fn a_cell_in_each_state() {
    check(
        &[
            ("applications.new_received.natural_person", V("10")),
            ("active_disclosure.fees.amount", V("1.5/2")),
            ("review_litigation.review.total", V("6")),
            ("previous.applications.new_received.natural_person", V("7")),
            ("applications.new_received.commercial", Skip("为空白")),
            (
                "applications.new_received.research",
                Skip("不是有效数值：12a"),
            ),
            ("applications.new_received.public_interest", Skip("未找到")),
            // 2019-only row: not in this report's format.
            (
                "active_disclosure.procurement.items",
                Skip("不属于本报告所用的格式"),
            ),
            (
                "previous.applications.new_received.commercial",
                Skip("未找到 上年 "),
            ),
        ],
        Opts::default(),
        &[],
        false,
    );
    // A blank counts as 0 where the rule says so; the other states still stop.
    check(
        &[
            ("applications.new_received.commercial", V("0")),
            ("applications.new_received.commercial + 1", V("1")),
            ("applications.new_received.research", Skip("12a")),
            ("applications.new_received.public_interest", Skip("未找到")),
            ("active_disclosure.procurement.items", Skip("不属于")),
        ],
        Opts {
            blank_zero: true,
            ..Opts::default()
        },
        &[],
        false,
    );
    check(
        &[
            ("applications.new_received.commercial", Skip("is blank")),
            (
                "applications.new_received.research",
                Skip("is not a number: 12a"),
            ),
            (
                "applications.new_received.public_interest",
                Skip("was not found"),
            ),
            (
                "active_disclosure.procurement.items",
                Skip("not in this report's format"),
            ),
            ("previous.year", Skip("no previous report given")),
        ],
        Opts {
            lang_en: true,
            no_previous: true,
            ..Opts::default()
        },
        &[],
        false,
    );
}

#[test]
fn placeholders() {
    check(
        &[
            ("applications.new_received.{col}", V("10")),
            ("applications.{row}.{col}", V("10")),
            ("applications.{row}.total", V("12")),
            ("sum(applications.{row}.*)", Skip("未找到")),
        ],
        Opts::default(),
        &[("row", "new_received"), ("col", "natural_person")],
        false,
    );
}

#[test]
fn arithmetic() {
    check(
        &[
            ("1 + 2", V("3")),
            ("5 - 7", V("-2")),
            ("3 * 4", V("12")),
            ("7 / 2", V("3.5")),
            ("1.5 + 1", V("2.5/1")),
            ("0.25 * 2", V("0.5/2")),
            ("-3", V("-3")),
            ("-(1 + 2)", V("-3")),
            ("2 + 3 * 4", V("14")),
            ("(2 + 3) * 4", V("20")),
            ("10 - 2 - 3", V("5")),
            ("1 / 0", Err("除数为零")),
            (
                "applications.new_received.natural_person / applications.new_received.legal_services",
                Err("除数为零"),
            ),
            ("79228162514264337593543950335 + 1", Err("溢出")),
            ("79228162514264337593543950335 * 2", Err("溢出")),
            ("-79228162514264337593543950335 - 1", Err("溢出")),
            ("applications.new_received.natural_person + 2", V("12")),
            ("applications.new_received.commercial + 2", Skip("为空白")),
            ("applications.new_received.research * 2", Skip("12a")),
            (
                "applications.new_received.public_interest - 2",
                Skip("未找到"),
            ),
            ("\"a\" + 1", Err("is not a number")),
            ("-true", Err("`-` needs a number")),
            ("[1, 2]", V("[1, 2]")),
        ],
        Opts::default(),
        &[],
        false,
    );
}

#[test]
fn comparisons() {
    check(
        &[
            ("1 == 1", V("true")),
            ("1 == 1.0", V("true")),
            ("1 == 2", V("false")),
            ("1 != 2", V("true")),
            ("1 != 1", V("false")),
            ("1 < 2", V("true")),
            ("2 < 2", V("false")),
            ("2 <= 2", V("true")),
            ("3 <= 2", V("false")),
            ("3 > 2", V("true")),
            ("2 > 2", V("false")),
            ("2 >= 2", V("true")),
            ("1 >= 2", V("false")),
            // `~=`: within one unit of the last decimal written on the left.
            ("33.3 ~= 33.33", V("true")),
            ("33.3 ~= 33.41", V("false")),
            ("33 ~= 33.9", V("true")),
            ("33 ~= 34.1", V("false")),
            ("2 in [1, 2, 3]", V("true")),
            ("4 in [1, 2, 3]", V("false")),
            ("format in [\"2019\", \"2021\"]", V("true")),
            ("2 in 2", Err("`in` needs a list")),
            ("\"a\" == \"a\"", V("true")),
            ("\"a\" != \"a\"", V("false")),
            ("\"a\" ~= \"a\"", V("true")),
            ("\"a\" < \"b\"", Err("text can only be compared")),
            ("true == true", V("true")),
            ("true != false", V("true")),
            ("true < false", Err("true/false can only be compared")),
            ("1 == \"1\"", Err("different kinds")),
            // Two numbers whose difference is past the decimal range differ (no panic).
            ("79228162514264337593543950335 == -1", V("false")),
            ("79228162514264337593543950335 ~= -1", V("false")),
            ("79228162514264337593543950335 != -1", V("true")),
            ("-79228162514264337593543950335 < 1", V("true")),
            ("applications.new_received.total == 12", V("true")),
            ("applications.new_received.commercial == 0", Skip("为空白")),
            (
                "applications.new_received.public_interest == 0",
                Skip("未找到"),
            ),
            ("active_disclosure.procurement.items == 0", Skip("不属于")),
        ],
        Opts::default(),
        &[],
        false,
    );
    // A rule's tolerance widens `==` and `~=`, not `!=` or the orderings.
    check(
        &[
            ("10 == 11", V("true")),
            ("10 == 12", V("false")),
            ("10.5 ~= 11.5", V("true")),
            ("10 != 11", V("true")),
            ("10 < 11", V("true")),
        ],
        Opts {
            tolerance: Some(1),
            ..Opts::default()
        },
        &[],
        false,
    );
}

#[test]
fn logic() {
    check(
        &[
            ("true and true", V("true")),
            ("true and false", V("false")),
            ("false or true", V("true")),
            ("false or false", V("false")),
            ("not true", V("false")),
            ("not (1 == 2)", V("true")),
            // Short-circuit: the right side is not looked at, so its skip does not stop.
            (
                "false and applications.new_received.commercial == 0",
                V("false"),
            ),
            (
                "true or applications.new_received.public_interest == 0",
                V("true"),
            ),
            (
                "true and applications.new_received.commercial == 0",
                Skip("为空白"),
            ),
            (
                "false or applications.new_received.public_interest == 0",
                Skip("未找到"),
            ),
            (
                "applications.new_received.research == 0 or true",
                Skip("12a"),
            ),
            ("1 and true", Err("must be true or false")),
            ("true and 1", Err("must be true or false")),
            ("not 1", Err("must be true or false")),
        ],
        Opts::default(),
        &[],
        false,
    );
}

#[test]
fn sum_and_total() {
    check(
        &[
            ("sum(1, 2, 3)", V("6")),
            ("sum(applications.new_received.natural_person, 5)", V("15")),
            (
                "sum(applications.new_received.natural_person, applications.new_received.commercial)",
                Skip("为空白"),
            ),
            // A glob over a row with a blank, an invalid and a missing cell: the last skip
            // reason stands.
            ("sum(applications.new_received.*)", Skip("未找到")),
            (
                "sum(applications.granted.natural_person, applications.granted.commercial)",
                V("7"),
            ),
            ("sum(applications.*.natural_person)", Skip("为空白")),
            ("sum(review_litigation.review.*)", Skip("未找到")),
            ("sum(review_litigation.*.upheld)", Skip("未找到")),
            ("sum(active_disclosure.regulations.*)", Skip("未找到")),
            ("sum(active_disclosure.*.issued)", Skip("未找到")),
            (
                "sum(active_disclosure.regulations.issued, active_disclosure.fees.amount)",
                V("4.5"),
            ),
            // 表三 rows not found are left out of a row glob: none of these is.
            (
                "sum(applications.withheld_*.total)",
                Skip("求和的单元格均未找到"),
            ),
            ("sum(\"a\")", Err("is not a number")),
            // total(row): the 总计 cell, else the sum of the applicant columns (blank as 0).
            ("total(applications.new_received)", V("12")),
            ("total(applications.granted)", V("7")),
            (
                "total(applications.new_received, applications.granted)",
                V("19"),
            ),
            // A blank written as "/" is something written: the row totals 0. Only empty blanks
            // leave a row without values.
            ("total(applications.partially_granted)", V("0")),
            ("total(applications.unavailable_not_held)", Skip("没有数值")),
            ("total(applications.carried_over)", Skip("未找到 表三")),
            (
                "total(applications.withheld_*)",
                Skip("表三中未找到相应的行"),
            ),
            ("total(applications.*)", Skip("没有数值")),
            ("total(previous.applications.new_received)", V("7")),
        ],
        Opts::default(),
        &[],
        false,
    );
    check(
        &[
            ("sum(applications.new_received.*)", Skip("未找到")),
            ("sum(applications.granted.*)", Skip("未找到")),
            ("sum(review_litigation.review.*)", Skip("未找到")),
            // Blank counts as 0: a row of blanks totals 0.
            ("total(applications.partially_granted)", V("0")),
            (
                "sum(applications.new_received.natural_person, applications.new_received.commercial)",
                V("10"),
            ),
        ],
        Opts {
            blank_zero: true,
            ..Opts::default()
        },
        &[],
        false,
    );
}

#[test]
fn abs_min_max_percent() {
    check(
        &[
            ("abs(-3)", V("3")),
            ("abs(3)", V("3")),
            ("abs(-1.25)", V("1.25/2")),
            ("abs(applications.new_received.natural_person - 12)", V("2")),
            ("abs(applications.new_received.commercial)", Skip("为空白")),
            ("min(3, 1, 2)", V("1")),
            ("min(-1.5, 2)", V("-1.5/1")),
            ("min(applications.new_received.natural_person, 4)", V("4")),
            (
                "min(applications.new_received.public_interest, 4)",
                Skip("未找到"),
            ),
            ("max(3, 1, 2)", V("3")),
            ("max(1, 1.50)", V("1.5/2")),
            ("max(1, 1.0)", V("1")),
            ("min(1.0, 1)", V("1/1")),
            ("max(applications.new_received.natural_person, 4)", V("10")),
            ("max(4, applications.new_received.research)", Skip("12a")),
            ("max(true, 1)", Err("is not a number")),
            ("percent(1, 3)", V("33.3333/4")),
            (
                "percent(applications.new_received.natural_person, applications.new_received.total)",
                V("83.3333/4"),
            ),
            ("percent(1, 0)", Skip("分母为 0")),
            (
                "percent(applications.new_received.natural_person, applications.new_received.commercial)",
                Skip("为空白"),
            ),
            ("percent(\"a\", 1)", Err("is not a number")),
        ],
        Opts::default(),
        &[],
        false,
    );
}

#[test]
fn present_blank_invalid() {
    check(
        &[
            (
                "present(applications.new_received.natural_person)",
                V("true"),
            ),
            ("present(applications.new_received.commercial)", V("false")),
            ("present(applications.new_received.research)", V("false")),
            (
                "present(applications.new_received.public_interest)",
                V("false"),
            ),
            ("present(active_disclosure.procurement.items)", V("false")),
            ("present(applications.granted.natural_person)", V("true")),
            ("present(applications.new_received.*)", V("false")),
            ("present(review_litigation.review.upheld)", V("true")),
            ("blank(applications.new_received.commercial)", V("true")),
            (
                "blank(applications.new_received.natural_person)",
                V("false"),
            ),
            ("blank(applications.new_received.research)", V("false")),
            (
                "blank(applications.new_received.public_interest)",
                V("false"),
            ),
            ("blank(applications.new_received.*)", V("true")),
            ("blank(applications.*.total)", V("true")),
            ("blank(review_litigation.review.*)", V("false")),
            ("invalid(applications.new_received.research)", V("true")),
            ("invalid(applications.new_received.commercial)", V("false")),
            ("invalid(applications.new_received.*)", V("true")),
            ("invalid(applications.granted.*)", V("false")),
            ("invalid(active_disclosure.procurement.items)", V("false")),
            (
                "present(previous.applications.new_received.natural_person)",
                V("true"),
            ),
            ("present(1)", Err("take a cell")),
        ],
        Opts::default(),
        &[],
        false,
    );
}

#[test]
fn captures_and_numbers_in_text() {
    check(
        &[
            ("n", V("12")),
            ("n == 12", V("true")),
            ("n == applications.new_received.total", V("true")),
            ("pct", V("33.3/1")),
            (
                "pct ~= percent(applications.new_received.natural_person, 30)",
                V("true"),
            ),
            ("word", V("\"申请\"")),
            ("word == \"申请\"", V("true")),
            ("missing_capture", Skip("not captured")),
            ("sum_numbers(parts)", V("12")),
            ("sum_numbers(parts, unit)", V("12")),
            ("sum_numbers(parts, unit, n)", V("12")),
            ("count_numbers(parts)", V("2")),
            ("sum_numbers(missing_capture)", Skip("nothing captured")),
        ],
        Opts::default(),
        &[],
        true,
    );
    check(
        &[
            ("n", Err("only known in narrative checks")),
            ("sum_numbers(parts)", Err("only known in narrative checks")),
        ],
        Opts::default(),
        &[],
        false,
    );
}

/// What a failed check shows: the expression with its values in, parentheses only where the
/// written order would mislead.
#[test]
fn explanation_text() {
    let cases = [
        (
            "applications.new_received.natural_person + 2 == 11",
            "10 + 2 = 11",
        ),
        ("(1 + 2) * 3 == 0", "(1 + 2) × 3 = 0"),
        ("5 - (1 + 2) == 0", "5 − (1 + 2) = 0"),
        (
            "sum(applications.granted.natural_person, applications.granted.commercial) == 0",
            "7 = 0",
        ),
        ("not (1 == 1)", "not 1 = 1"),
        ("percent(1, 3) == 0", "33.33% = 0"),
        ("2 in [1, 3]", "2 ∈ 1 或 3"),
    ];
    let mut wrong = Vec::new();
    for (src, want) in cases {
        let e = expr::parse(src, &RuleLimits::default()).expect("parses");
        let (current, last) = (report(), previous());
        let uncertain = RefCell::new(None);
        let env = Env {
            report: &current,
            previous: Some(&last),
            binding: &[],
            binding_index: None,
            plain_binding: true,
            captures: None,
            blank_zero: false,
            tolerance: None,
            lang: Lang::Zh,
            uncertain: &uncertain,
        };
        match env.eval::<Explain>(&e) {
            Ok(o) if o.text == want => {}
            got => wrong.push(format!(
                "`{src}`: wanted {want:?}, got {:?}",
                got.map(|o| o.text)
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
