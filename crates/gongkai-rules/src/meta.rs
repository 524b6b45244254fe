//! What a rule says about itself: the metadata `rules list` and `rules explain` show, and the
//! generated documentation pages.

use serde::{Deserialize, Serialize};

use crate::Severity;

/// Whether a rule is settled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Checked on real reports; findings are reliable.
    #[default]
    Stable,
    /// New or still being tuned; may give false findings.
    Preview,
}

/// A rule's documentation: what it checks, why it matters, how to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDoc {
    /// What the rule checks.
    pub what: String,
    /// Why it matters.
    pub why: String,
    /// How to fix the report.
    pub fix: String,
}

/// Everything a rule says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuleMeta {
    /// The id, e.g. `applications-balance-mismatch`.
    pub id: String,
    /// The area (the folder under `rules/`), e.g. `applications`.
    pub area: String,
    /// One line saying what is wrong when the rule fires (Chinese).
    pub title: String,
    /// The title in English, when the rule gives one.
    pub title_en: Option<String>,
    /// The severity of its findings (after any override).
    pub severity: Severity,
    /// Stable or preview.
    pub status: Status,
    /// Tags for selection.
    pub tags: Vec<String>,
    /// Documentation.
    pub doc: RuleDoc,
    /// Clauses of the regulation or the form.
    pub references: Vec<String>,
    /// Where the rule came from: the rule file's path, or `native:<crate>` for a native rule.
    pub origin: String,
    /// The rule's own documentation page (its file's `url:`), if it gives one.
    pub url: Option<String>,
}

impl RuleMeta {
    /// Metadata for a native rule.
    pub fn new(
        id: impl Into<String>,
        area: impl Into<String>,
        title: impl Into<String>,
        severity: Severity,
        doc: RuleDoc,
    ) -> Self {
        let id = id.into();
        Self {
            origin: format!("native:{id}"),
            id,
            area: area.into(),
            title: title.into(),
            title_en: None,
            severity,
            status: Status::Stable,
            tags: Vec::new(),
            doc,
            references: Vec::new(),
            url: None,
        }
    }

    /// The title in `lang` (Chinese when the rule has no English one).
    pub fn title_in(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::En => self.title_en.as_deref().unwrap_or(&self.title),
            crate::Lang::Zh => &self.title,
        }
    }

    /// Whether a selector (a rule id, an area, an id prefix ending in `-`, or a tag) names this
    /// rule.
    pub fn matches(&self, selector: &str) -> bool {
        selector == "all"
            || self.id == selector
            || self.area == selector
            || (selector.ends_with('-') && self.id.starts_with(selector))
            || self.id.starts_with(&format!("{selector}-"))
            || self.tags.iter().any(|t| t == selector)
    }
}
