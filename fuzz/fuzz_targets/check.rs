//! The whole check pipeline on any bytes: reading (by content), every built-in rule, and the
//! renderers (human, JSON). Every finding's labels must lie inside the source, and the JSON
//! output must serialise and parse back.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn checker() -> &'static gongkai::Checker {
    static CHECKER: OnceLock<gongkai::Checker> = OnceLock::new();
    CHECKER.get_or_init(|| gongkai::Checker::new().expect("the built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    // The name decides nothing the content does not: `.txt` lets markdown, HTML and DOCX be
    // recognised by their content.
    if let Ok(checked) = checker().check(data, "x.txt") {
        gongkai_fuzz::check_findings(&checked.results, &checked.extracted.source, None);
        let _ = checked.render("x.txt", &gongkai::HumanOptions::default());
        let json = checked.to_json("x.txt", gongkai::Lang::En);
        let text = serde_json::to_string(&json).expect("the JSON output serialises");
        let _: serde_json::Value = serde_json::from_str(&text).expect("the JSON output parses");
    }
});
