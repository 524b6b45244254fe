//! Checks one report with the library API and prints what `gongkai check` would, plus a line per
//! finding built from the `Finding` values themselves.
//!
//! ```text
//! cargo run --example check -- tests/fixtures/hongze-district-2023.txt
//! ```

use std::path::Path;
use std::process::ExitCode;

use gongkai::{Checker, HumanOptions, Lang, Severity};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check FILE");
        return ExitCode::from(2);
    };
    let checker = match Checker::new() {
        Ok(c) => c.with_lang(Lang::Zh),
        Err(e) => {
            eprintln!("the built-in rules did not load: {e}");
            return ExitCode::from(2);
        }
    };
    let report_checked = match checker.check_path(Path::new(&path)) {
        Ok(done) => done,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };

    // The findings drawn on the file, exactly as the command line shows them (without colour).
    print!("{}", report_checked.render(&path, &HumanOptions::default()));

    // The same findings as values: rule, severity, message, and where the primary label is.
    for f in report_checked.findings() {
        let at = f
            .labels
            .iter()
            .find(|l| l.primary)
            .map(|l| format!("{}:{}", l.span.line, l.span.column))
            .unwrap_or_default();
        println!("{path}:{at} {} [{:?}] {}", f.code, f.severity, f.message);
    }

    let report = report_checked.report();
    if let Some(org) = &report.metadata.organisation {
        println!(
            "{} — {} findings",
            org.value,
            report_checked.findings().len()
        );
    }
    if report_checked.has_findings_at(Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
