//! Every fixture's report, serialized, is valid against `schemas/report.schema.json`.

mod common;

#[test]
fn every_fixture_validates_against_the_report_schema() {
    let path = common::fixtures_dir().join("../../schemas/report.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema file")).expect("json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    for name in common::text_fixtures() {
        let x = common::extract(&name);
        let json = serde_json::to_value(&x.report).expect("serializes");
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .take(5)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn the_schema_rejects_a_wrong_report() {
    let path = common::fixtures_dir().join("../../schemas/report.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema file")).expect("json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let x = common::extract("huaian-city-2024.txt");
    let mut json = serde_json::to_value(&x.report).expect("serializes");
    json["applications"]["total"]["total"]["value"] = serde_json::json!("3050");
    assert!(!validator.is_valid(&json));
}

#[test]
fn the_checked_in_input_schema_is_fresh() {
    let path = common::fixtures_dir().join("../../schemas/report-input.schema.json");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = gongkai_reader::input_schema_json();
    if checked_in != generated && std::env::var_os("GONGKAI_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write schema");
        return;
    }
    assert!(
        checked_in == generated,
        "schemas/report-input.schema.json is stale: run `GONGKAI_BLESS=1 cargo test -p gongkai-reader --test schema`"
    );
}

#[test]
fn every_fixture_as_extracted_follows_the_input_schema() {
    let validator = jsonschema::validator_for(&gongkai_reader::input_schema()).expect("compiles");
    for name in common::text_fixtures() {
        let x = common::extract(&name);
        let json = serde_json::to_value(&x.report).expect("serializes");
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .take(5)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}
