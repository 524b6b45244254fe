//! `gongkai`, the command-line tool: checks government information-disclosure annual reports
//! (政府信息公开工作年度报告) and prints the findings on the user's own files.
//!
//! The binary is the only place that does I/O, decides about terminals (colour, progress bar),
//! runs threads and chooses exit codes; everything else is the library (`gongkai`) and its
//! crates. Exit codes: 0 no finding at or above the fail level, 1 findings at or above it,
//! 2 a usage error or a file that could not be read as a report (see `docs/cli.md`).

mod check;
mod cli;
mod commands;
mod config;
mod export;
mod files;
mod limits;
mod rules_cmd;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

use crate::cli::{Cli, Command};

/// Reading a report allocates thousands of small strings and vectors; mimalloc serves them in
/// about a third of the instructions of the system allocator (docs/decisions.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// No finding at or above the fail level.
pub(crate) const EXIT_OK: u8 = 0;
/// Findings at or above the fail level.
pub(crate) const EXIT_FINDINGS: u8 = 1;
/// A usage error, or a file that could not be read as a report.
pub(crate) const EXIT_TROUBLE: u8 = 2;

/// Standard output that tolerates a closed pipe.
pub(crate) struct Output {
    inner: std::io::BufWriter<std::io::Stdout>,
    broken: bool,
}

impl Output {
    pub(crate) fn stdout() -> Self {
        Self {
            inner: std::io::BufWriter::new(std::io::stdout()),
            broken: false,
        }
    }

    /// Writes, and stops writing after the first failure (a closed pipe: `gongkai check | head`).
    pub(crate) fn write(&mut self, s: &str) {
        if !self.broken && self.inner.write_all(s.as_bytes()).is_err() {
            self.broken = true;
        }
    }

    pub(crate) fn flush(&mut self) {
        if !self.broken && self.inner.flush().is_err() {
            self.broken = true;
        }
    }
}

fn main() -> ExitCode {
    // clap exits with 2 on a usage error, and 0 for --help and --version.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Extract(args) => commands::extract(&args),
        Command::Rules(command) => rules_cmd::run(&command),
        Command::Schema(args) => commands::schema(&args),
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}
