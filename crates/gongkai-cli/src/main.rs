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
mod compare;
mod config;
mod export;
mod files;
mod isolate;
mod limits;
mod overview;
mod rules_cmd;
mod serve;
mod yoy;

use std::io::{IsTerminal as _, Write as _};
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

/// Standard output (or the file of `-o/--output`) that tolerates a closed pipe, and only that.
///
/// `gongkai check | head` closes the pipe early: writing stops quietly. Any other write error (a
/// full disk, a device error) is kept and returned by [`Output::flush`], so that a run whose
/// results were lost exits 2 with a message instead of 0 with nothing written.
pub(crate) struct Output {
    inner: std::io::BufWriter<Box<dyn std::io::Write>>,
    broken: bool,
    error: Option<std::io::Error>,
    /// The run's language for a write error; `None` (a command without `--lang`): both.
    lang: Option<gongkai::Lang>,
}

/// A write error in the run's language (both, Chinese first, without one), the system's words
/// translated too.
fn write_error(
    lang: Option<gongkai::Lang>,
    e: &std::io::Error,
    zh: impl Fn(&str) -> String,
    en: impl Fn(&str) -> String,
) -> miette::Report {
    let os = |l| gongkai::os_error_text(e, l);
    match lang {
        Some(gongkai::Lang::Zh) => miette::miette!("{}", zh(&os(gongkai::Lang::Zh))),
        Some(gongkai::Lang::En) => miette::miette!("{}", en(&os(gongkai::Lang::En))),
        None => miette::miette!(
            "{} / {}",
            zh(&os(gongkai::Lang::Zh)),
            en(&os(gongkai::Lang::En))
        ),
    }
}

impl Output {
    pub(crate) fn stdout() -> Self {
        Self::to(Box::new(std::io::stdout()), None)
    }

    fn to(writer: Box<dyn std::io::Write>, lang: Option<gongkai::Lang>) -> Self {
        Self {
            inner: std::io::BufWriter::new(writer),
            broken: false,
            error: None,
            lang,
        }
    }

    /// The file `path` (created, or emptied), or standard output without one.
    ///
    /// # Errors
    /// The file cannot be created: a usage error, said before any report is read.
    /// Its errors are in `lang` (both languages without one).
    pub(crate) fn create(
        path: Option<&std::path::Path>,
        lang: Option<gongkai::Lang>,
    ) -> miette::Result<Self> {
        let Some(path) = path else {
            return Ok(Self::to(Box::new(std::io::stdout()), lang));
        };
        std::fs::File::create(path)
            .map(|f| Self::to(Box::new(f), lang))
            .map_err(|e| {
                let path = path.display();
                write_error(
                    lang,
                    &e,
                    |os| format!("无法写入输出文件 {path}：{os}"),
                    |os| format!("cannot write the output file {path}: {os}"),
                )
            })
    }

    /// Writes, and stops writing after the first failure.
    pub(crate) fn write(&mut self, s: &str) {
        if !self.broken
            && let Err(e) = self.inner.write_all(s.as_bytes())
        {
            self.failed(e);
        }
    }

    fn failed(&mut self, e: std::io::Error) {
        self.broken = true;
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            self.error = Some(e);
        }
    }

    /// Flushes what is buffered.
    ///
    /// # Errors
    /// The first write error other than a closed pipe.
    pub(crate) fn flush(&mut self) -> miette::Result<()> {
        if !self.broken
            && let Err(e) = self.inner.flush()
        {
            self.failed(e);
        }
        match self.error.take() {
            Some(e) => Err(write_error(
                self.lang,
                &e,
                |os| format!("无法写出结果：{os}"),
                |os| format!("cannot write the output: {os}"),
            )),
            None => Ok(()),
        }
    }
}

fn main() -> ExitCode {
    // clap exits with 2 on a usage error, and 0 for --help and --version.
    let cli = Cli::parse();
    install_error_hook();
    isolate::install_hook();
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Extract(args) => commands::extract(&args),
        Command::Rules(command) => rules_cmd::run(&command),
        Command::Compare(args) => compare::run(&args),
        Command::Schema(args) => commands::schema(&args),
        Command::Serve(args) => serve::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

/// Fatal errors (a broken rule file, an unreadable previous report) are wrapped to the terminal
/// only when a person reads them there. Into a pipe or a log they stay on one line each, so
/// that the message, and a long path in it, can be searched for whatever the width of the
/// machine that ran the command.
fn install_error_hook() {
    let wrap = std::io::stderr().is_terminal();
    // Setting the hook fails only if one is already set, and then that one is kept.
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(miette::MietteHandlerOpts::new().wrap_lines(wrap).build())
    }));
}
