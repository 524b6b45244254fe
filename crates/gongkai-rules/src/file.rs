//! The rule file format, as serde types. `schemas/rule.schema.json` is generated from these
//! types, so the schema editors complete from and the loader agree by construction.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::Severity;
use crate::meta::Status;

/// A rule file: `rules/<area>/<rule-id>.yaml`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    schemars(
        title = "gongkai rule",
        description = "One check of gongkai, in rules/<area>/<rule-id>.yaml."
    )
)]
pub(crate) struct RuleFile {
    /// The rule id: the file name without `.yaml`, naming the problem found
    /// (`applications-balance-mismatch`).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "String", regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))
    )]
    pub id: Spanned<String>,
    /// One line saying what is wrong when the rule fires: Chinese, or `{zh, en}` with an English
    /// title for `--lang en`.
    pub title: Title,
    /// How serious a finding is.
    pub severity: Severity,
    /// `stable`, or `preview` for rules still being tuned on real reports.
    #[serde(default)]
    pub status: Status,
    /// Free tags for selecting rules (`--select arithmetic`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// The rule's documentation.
    pub description: Description,
    /// The clauses of the regulation or the form the rule enforces.
    #[serde(default)]
    pub references: Vec<String>,
    /// The rule's own documentation page (an `http(s)://` URL), shown in each finding's header
    /// instead of the run's `--docs-url` (default: `gongkai rules explain <id>`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^https?://")))]
    pub url: Option<String>,
    /// The message of a finding, with `{placeholders}` for the values involved.
    pub message: Text,
    /// What to do, with placeholders (default: "应为 {expected}" when a value follows).
    #[serde(default)]
    pub help: Option<Text>,
    /// A condition: the rule is skipped (with this reason) when it does not hold.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub when: Option<Spanned<String>>,
    /// Why the rule does not apply when `when` does not hold, as the skip reason (default: a
    /// generic "the condition does not hold"). Say what is missing, so that a skip is read.
    #[serde(default)]
    pub when_not: Option<Text>,
    /// Iterate: `column`, `row`, `group`, or a map of placeholder name to a set name or a list
    /// of ids. Each iteration that fails is its own finding.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<ForEach>"))]
    pub for_each: Option<Spanned<ForEach>>,
    /// The check: an expression that must hold.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub assert: Option<Spanned<String>>,
    /// The cell at fault when the check fails (default: the side of the comparison that is a
    /// single cell).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub primary: Option<Spanned<String>>,
    /// Allowed difference in `==` and `~=` comparisons, e.g. "0.01" for amounts in 万元.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub tolerance: Option<Spanned<String>>,
    /// Cells written blank ("/", "—", empty): `skip` the check (default) or count them as `zero`.
    #[serde(default)]
    pub blank: BlankPolicy,
    /// Report all failing iterations as one finding (e.g. every blank cell of a table).
    #[serde(default)]
    pub combine: bool,
    /// A check of the narrative: patterns over section texts, compared with the tables.
    #[serde(default)]
    pub narrative: Option<NarrativeSpec>,
    /// A structure check: one finding for each problem the reader recorded of these kinds.
    #[serde(default)]
    pub issues: Option<Vec<IssueKindName>>,
}

/// What it checks / why it matters / how to fix.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct Description {
    /// What the rule checks.
    pub what: String,
    /// Why it matters.
    pub why: String,
    /// How to fix the report.
    pub fix: String,
}

/// A rule's title: Chinese alone, or Chinese and English.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub(crate) enum Title {
    /// 中文 only (English output shows it too).
    Zh(String),
    /// Both languages.
    Both {
        /// 中文.
        zh: String,
        /// English.
        en: String,
    },
}

/// A text in Chinese, optionally in English.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct Text {
    /// 中文.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub zh: Spanned<String>,
    /// English (Chinese is used when absent).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub en: Option<Spanned<String>>,
}

/// `for_each`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub(crate) enum ForEach {
    /// `column` ({col} over 表三's seven columns), `row` ({row} over 表三's rows found in the
    /// report) or `group` ({group} over 表四's three groups).
    Shorthand(String),
    /// Placeholder name → a set (`columns`, `applicant_columns`, `rows`, `groups`,
    /// `review_columns`, `review_results`, `disclosure_rows`, `sections`) or a list of ids.
    Map(BTreeMap<String, SetSpec>),
}

/// The values a placeholder takes.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub(crate) enum SetSpec {
    /// A named set.
    Set(String),
    /// Explicit ids.
    List(Vec<String>),
}

/// How blank cells are treated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub(crate) enum BlankPolicy {
    /// A blank cell makes the check skip (a structure rule reports blanks).
    #[default]
    Skip,
    /// A blank cell counts as 0.
    Zero,
}

/// `narrative`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct NarrativeSpec {
    /// The sections searched (default: all six).
    #[serde(default, rename = "in")]
    pub sections: Vec<gongkai_core::SectionId>,
    /// Several phrasings of one fact (used with `assert`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub patterns: Vec<Spanned<String>>,
    /// The check on each match, over its captures.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub assert: Option<Spanned<String>>,
    /// Several facts, each with its own phrasings and check.
    #[serde(default)]
    pub cases: Vec<NarrativeCase>,
}

/// One fact of a narrative check.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct NarrativeCase {
    /// Phrasings of the fact.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub patterns: Vec<Spanned<String>>,
    /// The check on each match.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub assert: Spanned<String>,
    /// A message for this fact (default: the rule's).
    #[serde(default)]
    pub message: Option<Text>,
}

/// Kinds of problems the reader records (`Report.issues`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub(crate) enum IssueKindName {
    /// A section heading was not found.
    SectionMissing,
    /// A section is out of the form's order.
    SectionOutOfOrder,
    /// A table was not found.
    TableMissing,
    /// A row was not found.
    RowMissing,
    /// A row has fewer values than the form has columns.
    RowIncomplete,
    /// A label differs from the form's.
    LabelVariant,
    /// The text ends before the report does.
    Truncated,
    /// Text the document does not show was not read.
    HiddenText,
    /// A row has more values than the form has columns.
    RowTooManyValues,
    /// A row is given twice with different values.
    RowConflict,
    /// A row is given twice with the same values.
    RowRepeated,
    /// A whole table is given twice with different values.
    TableConflict,
    /// A whole table is given twice with the same values.
    TableRepeated,
    /// No cell of a table holds a number.
    TableNotFilled,
    /// A table could not be read with certainty.
    TableUncertain,
    /// A section heading recognised by its meaning.
    SectionVariant,
    /// Values written with a unit the form does not print there.
    UnitVariant,
}
