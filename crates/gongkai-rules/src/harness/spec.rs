//! The YAML dialect of a case's input: a fixture, a text or a report written as data, with edits.
//! Deserialised strictly (`deny_unknown_fields`), so a misspelt key fails the test file rather
//! than being ignored.

use std::collections::BTreeMap;

use gongkai_core::{ReadIssueKind, SectionId};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub(super) struct InputSpec {
    #[serde(default)]
    pub(super) fixture: Option<String>,
    #[serde(default)]
    pub(super) text: Option<String>,
    #[serde(default)]
    pub(super) report: Option<ReportSpec>,
    #[serde(default)]
    pub(super) edits: Vec<EditSpec>,
}

/// An edit: `replace` text `with` other text, or `set` a cell `to` a value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EditSpec {
    #[serde(default)]
    pub(super) replace: Option<String>,
    #[serde(default)]
    pub(super) with: Option<String>,
    #[serde(default)]
    pub(super) set: Option<String>,
    #[serde(default)]
    pub(super) to: Option<CellText>,
}

pub(super) enum Edit {
    Replace { replace: String, with: String },
    Set { set: String, to: String },
}

impl EditSpec {
    pub(super) fn edit(&self) -> Result<Edit, String> {
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
pub(super) struct ReportSpec {
    #[serde(default)]
    pub(super) format: Option<String>,
    #[serde(default)]
    pub(super) year: Option<i32>,
    #[serde(default)]
    pub(super) organisation: Option<String>,
    #[serde(default)]
    pub(super) title: Option<String>,
    /// Cells not given: "0" (default) or "~" (missing).
    #[serde(default)]
    pub(super) fill: Option<String>,
    #[serde(default)]
    pub(super) applications: BTreeMap<String, Vec<CellText>>,
    #[serde(default)]
    pub(super) review_litigation: BTreeMap<String, Vec<CellText>>,
    #[serde(default)]
    pub(super) active_disclosure: BTreeMap<String, Vec<CellText>>,
    #[serde(default)]
    pub(super) sections: BTreeMap<SectionId, String>,
    #[serde(default)]
    pub(super) missing_sections: Vec<SectionId>,
    #[serde(default)]
    pub(super) issues: Vec<ReadIssueKind>,
    /// Cells (`column` given), rows (`row` given) or tables read without certainty.
    #[serde(default)]
    pub(super) uncertain: Vec<UncertainSpec>,
}

/// A cell, row or table of a test report marked as read without certainty.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UncertainSpec {
    pub(super) table: String,
    #[serde(default)]
    pub(super) row: Option<String>,
    #[serde(default)]
    pub(super) column: Option<String>,
    #[serde(default = "fragmented")]
    pub(super) reason: gongkai_core::UncertainReason,
}

fn fragmented() -> gongkai_core::UncertainReason {
    gongkai_core::UncertainReason::Fragmented
}

/// A cell as written in a test report: a whole number, or text (`"7730.28"`, `"/"`, `"~"`).
#[derive(Debug, Clone)]
pub(super) struct CellText(pub(super) String);

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
