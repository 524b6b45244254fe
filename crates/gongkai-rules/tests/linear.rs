//! Rules are linear in the report (issue 12): a narrative that repeats one sentence thousands
//! of times is checked in bounded time, with one finding per statement. Each match used to be
//! compared with every match claimed before it and its sentence found by a scan of all
//! sentences: quadratic, 84 s for 8,000 repetitions in a release build.

use std::time::{Duration, Instant};

use gongkai_rules::{Lang, Outcome, RuleSet};

/// 淮安 2024 read with one sentence of handled applications repeated `n` times under its
/// section on applications.
fn repeated(n: usize) -> gongkai_reader::Extracted {
    let report = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/huaian-city-2024.txt"
    ))
    .expect("fixture");
    let heading = "三、收到和处理政府信息公开申请情况";
    let sentence = "全年共办结政府信息公开申请 999 件。";
    let text = report.replacen(heading, &format!("{heading}\n{}", sentence.repeat(n)), 1);
    gongkai_reader::read(
        text.as_bytes(),
        "r.txt",
        &gongkai_reader::ReadOptions::default(),
    )
    .expect("the report reads")
}

#[test]
fn a_sentence_repeated_twenty_thousand_times_is_checked_in_bounded_time() {
    let n = 20_000;
    let x = repeated(n);
    let set = RuleSet::builtin().expect("built-in rules");
    let started = Instant::now();
    let results = set.evaluate(&x.report, None, Lang::Zh);
    let took = started.elapsed();
    // Generous for a debug build on a busy machine; the quadratic version took minutes.
    assert!(took < Duration::from_mins(1), "{took:?}");
    let handled = results
        .iter()
        .find(|r| r.rule == "narrative-handled-mismatch")
        .expect("rule ran");
    let Outcome::Findings { findings } = &handled.outcome else {
        panic!("{:?}", handled.outcome);
    };
    assert_eq!(findings.len(), n);
    // Each finding points at its own statement, in order.
    let offsets: Vec<usize> = findings
        .iter()
        .filter_map(|f| f.labels.first().map(|l| l.span.offset))
        .collect();
    assert_eq!(offsets.len(), n);
    assert!(offsets.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn a_narrative_rule_asks_the_interrupt_inside_its_loop() {
    // The time limit must stop a file within a second also inside one long rule: the rules ask
    // the interrupt for each match of a narrative pattern, not only between rules.
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let n = 2_000;
    let x = repeated(n);
    let set = RuleSet::builtin().expect("built-in rules");
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let never = gongkai_core::Interrupt::new(move || {
        counter.fetch_add(1, Ordering::Relaxed);
        false
    });
    set.evaluate_until(&x.report, None, Lang::Zh, Some(&never))
        .expect("not stopped");
    assert!(asked.load(Ordering::Relaxed) > n, "{asked:?}");
    // Set from its first question inside the rules, the interrupt stops the evaluation.
    let after = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&after);
    let soon = gongkai_core::Interrupt::new(move || counter.fetch_add(1, Ordering::Relaxed) > 3);
    assert!(
        set.evaluate_until(&x.report, None, Lang::Zh, Some(&soon))
            .is_err()
    );
}
