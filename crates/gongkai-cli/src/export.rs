//! `gongkai extract --format csv|jsonl PATH...`: the tables of many reports, one row each,
//! written as they are read.
//!
//! Files are read and checked in parallel in chunks, and each chunk's rows are written in the
//! order of the files before the next chunk starts: the output is deterministic and at most one
//! chunk of reports is in memory, however many files there are.

use std::process::ExitCode;

use gongkai::table::{self, Column, RowInfo};
use gongkai::{Checker, Lang, Severity};
use rayon::prelude::*;

use crate::cli::{ExtractArgs, ExtractFormat, HeaderLang};
use crate::{EXIT_OK, EXIT_TROUBLE, Output};

/// The UTF-8 byte-order mark: without it Excel reads a CSV file in the machine's ANSI code page
/// and shows the Chinese garbled.
pub(crate) const BOM: &str = "\u{feff}";

/// Files per thread in one chunk.
const CHUNK_PER_THREAD: usize = 32;

pub(crate) fn run(args: &ExtractArgs) -> miette::Result<ExitCode> {
    let checker = crate::limits::apply(
        Checker::new().map_err(|e| miette::miette!("{e}"))?,
        &args.limits,
        &crate::limits::LimitsConfig::default(),
    );
    let columns = table::columns();
    let files = crate::files::collect(&args.paths, args.follow)?;
    let jobs = crate::limits::jobs(args.jobs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| miette::miette!("{e}"))?;
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
    let mut failed = 0usize;
    for chunk in files.chunks(jobs * CHUNK_PER_THREAD) {
        let rows: Vec<(bool, String)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|path| match files.problem(path) {
                    Some(problem) => record(
                        &columns,
                        &path.display().to_string(),
                        &Err(problem.to_file_error(Lang::Zh).message),
                        args.format,
                    ),
                    None => row(&checker, &columns, path, args.format),
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

/// One file's row, and whether it was read. A panic while reading or checking the file is
/// its error, and the other rows are written as usual.
fn row(
    checker: &Checker,
    columns: &[Column],
    path: &std::path::Path,
    format: ExtractFormat,
) -> (bool, String) {
    let name = path.display().to_string();
    crate::isolate::guard(|| {
        crate::isolate::test_hook("read", &name);
        let outcome = crate::files::read_input(path, checker.read_options().max_bytes)
            .and_then(|bytes| checker.check(&bytes, &name))
            .map_err(|e| e.to_file_error(Lang::Zh).message);
        crate::isolate::test_hook("render", &name);
        record(columns, &name, &outcome, format)
    })
    .unwrap_or_else(|detail| {
        let error = Err(crate::isolate::internal_error(&name, &detail, Lang::Zh).message);
        record(columns, &name, &error, format)
    })
}

/// The row of a file checked (or not).
fn record(
    columns: &[Column],
    name: &str,
    outcome: &Result<gongkai::Checked, String>,
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
