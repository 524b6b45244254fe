//! A loop for profilers: reads (and optionally checks) each file given, many times, with one
//! [`Checker`] built up front, and prints the mean time per report.
//!
//! Wall-clock figures on a shared machine are noisy; instruction counts are not. Count the
//! instructions of one report by running the loop twice with different counts under callgrind
//! and dividing the difference (this removes loading the rules and the first-use costs: lazily
//! built regexes and their caches):
//!
//! ```text
//! cargo build --release --example profile
//! for n in 5 25; do
//!   valgrind --tool=callgrind --callgrind-out-file=cg.$n \
//!     target/release/examples/profile --mode check -n $n tests/fixtures/huaian-city-2024.txt
//! done
//! # per report: (Ir of cg.25 - Ir of cg.5) / 20; hot spots, inclusive:
//! callgrind_annotate --inclusive=yes cg.25 | head -60
//! # one stage only, e.g. the rules:
//! valgrind --tool=callgrind --toggle-collect='gongkai_rules::set::RuleSet::evaluate' \
//!   target/release/examples/profile --mode check -n 50 tests/fixtures/huaian-city-2024.txt
//! ```
//!
//! Modes: `read` reads only (bytes → report, what `gongkai extract` does); `check` reads and
//! runs every built-in rule (what `gongkai check` does before rendering); `render` also renders
//! the findings as the human output without colour; `rules` times each rule alone on the report
//! read once (slowest first) and lists the rules that do not pass.
//!
//! This binary uses the system allocator; the `gongkai` CLI uses mimalloc, which saves about a
//! quarter of the instructions of a batch.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use gongkai::{Checker, HumanOptions};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Read,
    Check,
    Render,
    /// Each rule alone on the report read once: which rules cost what.
    Rules,
}

fn main() -> ExitCode {
    let mut mode = Mode::Check;
    let mut n: u32 = 1000;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--mode" => {
                mode = match args.next().as_deref() {
                    Some("read") => Mode::Read,
                    Some("check") => Mode::Check,
                    Some("render") => Mode::Render,
                    Some("rules") => Mode::Rules,
                    _ => {
                        eprintln!("--mode read|check|render|rules");
                        return ExitCode::from(2);
                    }
                };
            }
            "-n" => {
                let Some(v) = args.next().and_then(|v| v.parse().ok()) else {
                    eprintln!("-n COUNT");
                    return ExitCode::from(2);
                };
                n = v;
            }
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        eprintln!("usage: profile [--mode read|check|render|rules] [-n COUNT] FILE...");
        return ExitCode::from(2);
    }
    let checker = match Checker::new() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("the built-in rules did not load: {e}");
            return ExitCode::from(2);
        }
    };
    let options = HumanOptions::default();
    for path in &files {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::from(2);
            }
        };
        if mode == Mode::Rules {
            per_rule(&checker, &bytes, path, n);
            continue;
        }
        let started = Instant::now();
        for _ in 0..n {
            match mode {
                Mode::Read => {
                    black_box(checker.read(black_box(&bytes), path).ok());
                }
                Mode::Check => {
                    black_box(checker.check(black_box(&bytes), path).ok());
                }
                Mode::Rules => {}
                Mode::Render => {
                    if let Ok(c) = checker.check(black_box(&bytes), path) {
                        black_box(c.render(path, &options));
                    }
                }
            }
        }
        let per = started.elapsed() / n.max(1);
        println!("{path}: {:.1} µs per report", per.as_secs_f64() * 1e6);
    }
    ExitCode::SUCCESS
}

/// Times each enabled rule alone on the report, slowest first.
fn per_rule(checker: &Checker, bytes: &[u8], path: &str, n: u32) {
    let Ok(extracted) = checker.read(bytes, path) else {
        eprintln!("{path}: not readable");
        return;
    };
    let ids: Vec<String> = checker.rules().rules().map(|r| r.id.clone()).collect();
    let mut times = Vec::new();
    for id in &ids {
        let Ok(mut rules) = gongkai::RuleSet::builtin() else {
            return;
        };
        rules.select(&[id.as_str()]);
        let started = Instant::now();
        for _ in 0..n {
            black_box(rules.evaluate(black_box(&extracted.report), None, checker.lang()));
        }
        times.push((started.elapsed() / n.max(1), id));
    }
    for r in rules_outcomes(checker, &extracted) {
        println!("{path}: {r}");
    }
    times.sort();
    for (t, id) in times.iter().rev() {
        println!("{path}: {:8.1} µs  {id}", t.as_secs_f64() * 1e6);
    }
}

fn rules_outcomes(checker: &Checker, extracted: &gongkai::Extracted) -> Vec<String> {
    checker
        .rules()
        .evaluate(&extracted.report, None, checker.lang())
        .iter()
        .filter(|r| !matches!(r.outcome, gongkai::Outcome::Pass))
        .map(|r| format!("{} {:?}", r.rule, r.outcome))
        .collect()
}
