//! Rule test files: any bytes as a `<rule-id>.test.yaml` for the built-in rules, run by the
//! harness (reports written as data, fixtures with edits, `set` edits on cell paths).
#![no_main]
use gongkai_fuzz::{builtin, fixture, read};
use gongkai_rules::RuleSource;
use gongkai_rules::harness::{TestEnv, run_tests};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let env = TestEnv {
        read: &read,
        fixture: &fixture,
    };
    let src = [RuleSource {
        path: "rules/applications/applications-balance-mismatch.test.yaml",
        text: &text,
    }];
    for r in run_tests(builtin(), &src, &env) {
        let lines = text.split('\n').count();
        assert!(
            (r.line as usize) <= lines,
            "case line {} past the end",
            r.line
        );
    }
});
