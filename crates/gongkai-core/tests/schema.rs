//! `schemas/report.schema.json` is generated from the Rust types; this test fails when the
//! checked-in file is stale. `GONGKAI_BLESS=1 cargo test -p gongkai-core --test schema`
//! rewrites it.

use std::path::PathBuf;

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schemas/report.schema.json")
}

#[test]
fn report_schema_is_up_to_date() {
    let schema = schemars::schema_for!(gongkai_core::Report);
    let generated = serde_json::to_string_pretty(&schema).expect("schema serializes") + "\n";
    let path = schema_path();
    if std::env::var_os("GONGKAI_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("schema written");
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "schemas/report.schema.json is stale: run `GONGKAI_BLESS=1 cargo test -p gongkai-core --test schema`"
    );
}
