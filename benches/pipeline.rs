//! Benchmarks of issue 6: per-report time for each input kind, rule evaluation alone, and batch
//! throughput with 1 and 2 threads over the synthetic corpus. `scripts/bench.sh` runs them with
//! the peak-memory measurement and prints the figures of `docs/performance.md`.
//!
//! Groups (criterion ids):
//! - `report/<kind>`: one report read and checked with every built-in rule — `text` is the
//!   ≤ 50 µs target (淮安市 2024, the text layer with page footers);
//! - `pdf/<file>/gongkai` and `pdf/<file>/pdftotext-layout`: a PDF end to end, and poppler's
//!   `pdftotext -layout` alone on the same file (the 1.2× target is their ratio);
//! - `rules/evaluate`: the built-in rules on an already-read report;
//! - `batch/<n>-threads`: the generated text corpus checked in parallel the way `gongkai check`
//!   does (chunks of 32 files per thread, each checked and turned into its JSON output),
//!   as reports/s (`Elements`) and MB/s (`Bytes`, in the `batch-bytes` group).

use std::hint::black_box;
use std::process::Command;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use gongkai::{Checker, Lang};
use gongkai_corpus::{Kind, Options, generate};
use rayon::prelude::*;

/// Reports in the batch corpus: large enough that per-batch overhead vanishes.
const BATCH: u64 = 2_000;
/// Files per parallel step and thread, as in the CLI (`CHUNK_PER_THREAD`).
const CHUNK_PER_THREAD: usize = 32;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn per_report(c: &mut Criterion) {
    let checker = Checker::new().expect("built-in rules");
    let docx = generate(
        6,
        0,
        &Options {
            kinds: vec![Kind::Docx],
            error_rate: 0.0,
        },
    );
    let md = fixture("shuyang-county-2025.md");
    let inputs: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "text",
            fixture("huaian-city-2024.txt"),
            "huaian-city-2024.txt",
        ),
        (
            "html",
            fixture("huaian-city-2024.html"),
            "huaian-city-2024.html",
        ),
        ("markdown", md, "shuyang-county-2025.md"),
        ("docx", docx.bytes, "generated.docx"),
    ];
    let mut group = c.benchmark_group("report");
    group.measurement_time(Duration::from_secs(3));
    for (kind, bytes, name) in &inputs {
        assert!(checker.check(bytes, name).is_ok(), "{name} reads");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(*kind, |b| {
            b.iter(|| {
                checker
                    .check(black_box(bytes), name)
                    .map(|c| c.findings().len())
            });
        });
    }
    group.finish();
}

fn pdf(c: &mut Criterion) {
    let checker = Checker::new().expect("built-in rules");
    let mut group = c.benchmark_group("pdf");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for name in ["huaian-city-2024.pdf", "hongze-district-2023.pdf"] {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = fixture(name);
        if let Err(e) = checker.check(&bytes, name) {
            eprintln!("skipping {name}: {e} (is poppler's pdftotext installed?)");
            continue;
        }
        group.bench_function(BenchmarkId::new(name, "gongkai"), |b| {
            b.iter(|| {
                checker
                    .check(black_box(&bytes), name)
                    .map(|c| c.findings().len())
            });
        });
        group.bench_function(BenchmarkId::new(name, "pdftotext-layout"), |b| {
            b.iter(|| {
                Command::new("pdftotext")
                    .args(["-layout", &path, "-"])
                    .output()
                    .map(|o| o.stdout.len())
            });
        });
    }
    group.finish();
}

fn rules(c: &mut Criterion) {
    let checker = Checker::new().expect("built-in rules");
    let bytes = fixture("huaian-city-2024.txt");
    let read = checker
        .check(&bytes, "huaian-city-2024.txt")
        .expect("reads");
    let report = read.report();
    let mut group = c.benchmark_group("rules");
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("evaluate", |b| {
        b.iter(|| {
            checker
                .rules()
                .evaluate(black_box(report), None, Lang::Zh)
                .len()
        });
    });
    group.finish();
}

/// The cost of grouping one wrong cell's findings (issue 14): the rules on the 淮安 text with its
/// grand total changed (three table findings, which one correction explains: the rules run once
/// more on the corrected copy), against the same report unchanged, measured in the same run.
fn grouping(c: &mut Criterion) {
    let checker = Checker::new().expect("built-in rules");
    let clean = String::from_utf8(fixture("huaian-city-2024.txt")).expect("UTF-8");
    let wrong = clean.replacen(
        "（七）总计 2932 53 0 0 61 4 3050",
        "（七）总计 2932 53 0 0 61 4 3051",
        1,
    );
    let mut group = c.benchmark_group("grouping");
    group.measurement_time(Duration::from_secs(3));
    for (name, text) in [("clean", &clean), ("one-wrong-total", &wrong)] {
        let extracted = checker.read(text.as_bytes(), "huaian.txt").expect("reads");
        group.bench_function(name, |b| {
            b.iter(|| {
                checker
                    .check_extracted(black_box(extracted.clone()), None)
                    .findings()
                    .len()
            });
        });
    }
    group.finish();
}

fn batch(c: &mut Criterion) {
    let checker = Checker::new().expect("built-in rules");
    let options = Options {
        kinds: vec![Kind::Text],
        error_rate: 0.3,
    };
    let corpus: Vec<(String, Vec<u8>)> = (0..BATCH)
        .map(|i| {
            let g = generate(6, i, &options);
            (g.name, g.bytes)
        })
        .collect();
    let total_bytes: u64 = corpus.iter().map(|(_, b)| b.len() as u64).sum();
    let run = |pool: &rayon::ThreadPool, threads: usize| {
        let mut findings = 0;
        for chunk in corpus.chunks(threads * CHUNK_PER_THREAD) {
            let out: Vec<usize> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|(name, bytes)| match checker.check(bytes, name) {
                        Ok(done) => {
                            let json = done.to_json(name, Lang::Zh);
                            serde_json::to_string(&json).map_or(0, |s| s.len())
                        }
                        Err(_) => 0,
                    })
                    .collect()
            });
            findings += out.iter().sum::<usize>();
        }
        findings
    };
    for (group_name, throughput) in [
        ("batch", Throughput::Elements(BATCH)),
        ("batch-bytes", Throughput::Bytes(total_bytes)),
    ] {
        let mut group = c.benchmark_group(group_name);
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(8));
        group.throughput(throughput);
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool");
            group.bench_function(format!("{threads}-threads"), |b| {
                b.iter(|| run(&pool, threads));
            });
        }
        group.finish();
    }
}

criterion_group!(benches, per_report, pdf, rules, grouping, batch);
criterion_main!(benches);
