//! Rule loading: any bytes as a rule YAML file (budgets, schema, paths, placeholders,
//! expressions, patterns). A rule that loads is evaluated on fixture reports; every load error
//! must point inside the file, and every finding's labels inside the report.
#![no_main]
use gongkai_fuzz::{check_findings, check_load_error, reports};
use gongkai_rules::{Lang, RuleSet, RuleSource};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut set = RuleSet::new();
    match set.add(&[RuleSource {
        path: "rules/fuzz/fuzz-rule.yaml",
        text: &text,
    }]) {
        Err(errors) => {
            for e in &errors.0 {
                check_load_error(&text, e);
            }
        }
        Ok(()) => {
            let (a, b, c) = reports();
            for (r, p) in [(a, Some(b)), (b, None), (c, Some(a))] {
                let results = set.evaluate(&r.report, p.map(|p| &p.report), Lang::Zh);
                check_findings(&results, &r.source, p.map(|p| &p.source));
            }
        }
    }
});
