//! The JSON Schema of rule files, generated from the serde types of [`crate::file`].

use std::sync::OnceLock;

use crate::file::RuleFile;

/// The JSON Schema of a rule file (draft 2020-12), as checked in at `schemas/rule.schema.json`.
pub fn rule_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RuleFile)).unwrap_or(serde_json::Value::Null)
}

/// [`rule_schema`] as the pretty-printed text of `schemas/rule.schema.json`.
pub fn rule_schema_json() -> String {
    let mut s = serde_json::to_string_pretty(&rule_schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// The compiled schema, built once (`None` only if the generated schema failed to compile,
/// which the schema tests rule out).
pub(crate) fn validator() -> Option<&'static jsonschema::Validator> {
    static VALIDATOR: OnceLock<Option<jsonschema::Validator>> = OnceLock::new();
    VALIDATOR
        .get_or_init(|| jsonschema::validator_for(&rule_schema()).ok())
        .as_ref()
}
