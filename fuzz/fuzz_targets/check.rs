//! The whole check pipeline on any bytes: reading (by content), every built-in rule, and the
//! renderers (human, JSON).
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn checker() -> &'static gongkai::Checker {
    static CHECKER: OnceLock<gongkai::Checker> = OnceLock::new();
    CHECKER.get_or_init(|| gongkai::Checker::new().expect("the built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(checked) = checker().check(data, "x.txt") {
        let _ = checked.render("x.txt", &gongkai::HumanOptions::default());
        let _ = checked.to_json("x.txt", gongkai::Lang::En);
    }
});
