//! `gongkai extract --format csv|jsonl PATH...`: the tables of many reports, one row each,
//! written as they are read.
//!
//! Files are read and checked in parallel in chunks, and each chunk's rows are written in the
//! order of the files before the next chunk starts: the output is deterministic and at most one
//! chunk of reports is in memory, however many files there are. Over several reports (or with
//! `--previous-dir`), each is paired with its body's report of the year before as `check` pairs
//! them (see `yoy`), which reads every file once before the first row: its row then names last
//! year's report and the share of last year's narrative repeated (`previous`, `reuse_rate`),
//! and its finding counts include the year-over-year rules', as `check` over the same files.

use std::fmt::Write as _;
use std::process::ExitCode;

use gongkai::table::{self, Column, RowInfo};
use gongkai::{Checker, Extracted, Lang, RuleSet, Severity};
use rayon::prelude::*;

use crate::check::{Read, read};
use crate::cli::{ExtractArgs, ExtractFormat, HeaderLang};
use crate::{EXIT_OK, EXIT_TROUBLE, Output};

/// The UTF-8 byte-order mark: without it Excel reads a CSV file in the machine's ANSI code page
/// and shows the Chinese garbled.
pub(crate) const BOM: &str = "\u{feff}";

/// Files per thread in one chunk.
const CHUNK_PER_THREAD: usize = 32;

/// One file's row to make: the file, read already when the pairing pass kept it, and last
/// year's report when the run paired it with one.
struct Job {
    path: std::path::PathBuf,
    read: Option<Read>,
    previous: Option<crate::yoy::Previous>,
}

pub(crate) fn run(args: &ExtractArgs) -> miette::Result<ExitCode> {
    let checker = crate::limits::apply(
        Checker::new().map_err(|e| miette::miette!("{e}"))?,
        &args.limits,
        &crate::limits::LimitsConfig::default(),
    );
    // Reading needs only the limits; the rules run on what was read.
    let reader = crate::limits::apply(
        Checker::with_rules(RuleSet::new()),
        &args.limits,
        &crate::limits::LimitsConfig::default(),
    );
    let columns = table::columns();
    let files = crate::files::collect(&args.paths, args.follow)?;
    let earlier = match &args.previous_dir {
        Some(dir) => Some(crate::files::collect(
            std::slice::from_ref(dir),
            args.follow,
        )?),
        None => None,
    };
    let given = match &args.previous {
        Some(path) => Some(crate::check::read_previous(&reader, path, Lang::Zh)?),
        None => None,
    };
    let jobs = crate::limits::jobs(args.jobs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| miette::miette!("{e}"))?;
    let chunk_len = jobs * CHUNK_PER_THREAD;
    let mut out = Output::create(args.output.as_deref(), None)?;
    if args.format == ExtractFormat::Csv {
        if !args.no_bom {
            out.write(BOM);
        }
        if matches!(args.header, HeaderLang::En | HeaderLang::Both) {
            out.write(&table::csv_record(columns.iter().map(|c| c.name.as_str())));
        }
        if matches!(args.header, HeaderLang::Zh | HeaderLang::Both) {
            out.write(&table::csv_record(columns.iter().map(|c| c.label.as_str())));
        }
    }
    // As in `check`: several reports (or last year's apart) are paired, one `--previous` file
    // is every report's last year.
    let pairing = given.is_none() && (files.len() > 1 || earlier.is_some());
    let (mut kept, mut previous_of) = if pairing {
        let paired = crate::yoy::pair_run(
            &files,
            earlier.as_ref(),
            &reader,
            Lang::Zh,
            &pool,
            chunk_len,
        );
        // The rows have no place for last year's files: those that could not be used are said
        // on standard error, as `check` lists them in its summary.
        if !paired.unused.is_empty() {
            let mut note = gongkai::render::previous_unused_heading(paired.unused.len(), Lang::Zh);
            for u in &paired.unused {
                let _ = write!(note, "\n  {}：{}", u.path, u.reason);
            }
            eprintln!("{note}");
        }
        (paired.kept, paired.previous)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut failed = 0usize;
    let mut done = 0usize;
    for chunk in files.chunks(chunk_len) {
        let batch: Vec<Job> = chunk
            .into_iter()
            .enumerate()
            .map(|(k, path)| Job {
                path,
                read: kept.get_mut(done + k).and_then(Option::take),
                previous: previous_of.get_mut(done + k).and_then(Option::take),
            })
            .collect();
        done += batch.len();
        let rows: Vec<(bool, String)> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|job| {
                    let given = job.previous.as_deref().or(given.as_ref());
                    let read = job
                        .read
                        .unwrap_or_else(|| read(&job.path, &reader, files.problem(&job.path)));
                    row(&checker, &columns, read, given, args.format)
                })
                .collect()
        });
        for (ok, row) in rows {
            failed += usize::from(!ok);
            out.write(&row);
        }
    }
    out.flush()?;
    Ok(ExitCode::from(if failed > 0 || files.is_empty() {
        EXIT_TROUBLE
    } else {
        EXIT_OK
    }))
}

/// One file's row, and whether it was read. A panic while checking the file is its error
/// (`read` made one of a panic while reading), and the other rows are written as usual.
fn row(
    checker: &Checker,
    columns: &[Column],
    read: Read,
    previous: Option<&(String, Extracted)>,
    format: ExtractFormat,
) -> (bool, String) {
    let name = read.name.clone();
    crate::isolate::guard(|| {
        let outcome = read
            .extracted
            .map_err(|failure| failure.error.message.clone())
            .and_then(|extracted| {
                let deadline = checker.deadline();
                checker
                    .check_extracted_by(extracted, previous.map(|p| &p.1), deadline.as_ref())
                    .map_err(|e| e.to_file_error(Lang::Zh).message)
            });
        // The share of last year's narrative repeated: the figure of the finding
        // `previous-text-reused`, from the same two reports.
        let reuse = match (&outcome, previous) {
            (Ok(done), Some((prev_name, prev))) => {
                gongkai::reuse::reuse_of_pair(&prev.report, done.report())
                    .map(|r| (prev_name.as_str(), r.rate_text()))
            }
            _ => None,
        };
        crate::isolate::test_hook("render", &name);
        record(
            columns,
            &name,
            &outcome,
            reuse.as_ref().map(|(p, rate)| (*p, rate.as_str())),
            format,
        )
    })
    .unwrap_or_else(|detail| {
        let error = Err(crate::isolate::internal_error(&name, &detail, Lang::Zh).message);
        record(columns, &name, &error, None, format)
    })
}

/// The row of a file checked (or not).
fn record(
    columns: &[Column],
    name: &str,
    outcome: &Result<gongkai::Checked, String>,
    reuse: Option<(&str, &str)>,
    format: ExtractFormat,
) -> (bool, String) {
    let (info, report) = match outcome {
        Ok(c) => (
            RowInfo {
                path: name,
                error: None,
                errors: c
                    .findings()
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count(),
                warnings: c
                    .findings()
                    .iter()
                    .filter(|f| f.severity == Severity::Warning)
                    .count(),
                previous: reuse.map(|(p, _)| p),
                reuse_rate: reuse.map(|(_, rate)| rate).filter(|r| !r.is_empty()),
            },
            Some(c.report()),
        ),
        Err(error) => (
            RowInfo {
                path: name,
                error: Some(error),
                ..RowInfo::default()
            },
            None,
        ),
    };
    let text = if format == ExtractFormat::Jsonl {
        table::json_record(columns, &info, report)
    } else {
        let values: Vec<String> = columns
            .iter()
            .map(|c| table::value(c, &info, report))
            .collect();
        table::csv_record(values.iter().map(String::as_str))
    };
    (outcome.is_ok(), text)
}
