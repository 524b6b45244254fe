//! `gongkai check`: many files in parallel, output in a deterministic order, one exit code.

use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use gongkai::render::{
    FileStatus, FileView, JsonFile, JsonStream, RuleDocs, SarifBuilder, SarifFile, Summary,
    concise_lines_until, github_annotations_until, json_file_until, render_file_until,
};
use gongkai::{
    Checker, Deadline, Extracted, Failure, HumanOptions, Lang, RuleSet, Severity, Stage,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::cli::{CheckArgs, FailOn, OutputFormat};
use crate::config::Config;
use crate::files::WalkProblem;
use crate::overview::FileRow;
use crate::rules_cmd::{load_rules, unknown_selector};
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE, Output};

/// Files processed per parallel step: enough to keep every thread busy, few enough that a
/// run over 100,000 reports holds only this many files' output at once.
const CHUNK_PER_THREAD: usize = 32;

/// Runs shown with a progress bar: below this a run is over before a bar would help.
const PROGRESS_MIN_FILES: usize = 50;

/// The settings of one run: the command line over the configuration file. Its flags are
/// independent switches of the command line, not states.
#[allow(clippy::struct_excessive_bools)]
struct Settings {
    format: OutputFormat,
    lang: Lang,
    fail_on: Severity,
    jobs: usize,
    quiet: bool,
    statistics: bool,
    /// Where the rules' pages are published (`--docs-url`, `docs-url`), if anywhere.
    docs_url: Option<String>,
    /// Whether the output goes to a file (`-o`): no colour, and the summary format is CSV.
    to_file: bool,
    /// A byte-order mark before CSV.
    bom: bool,
    /// The skipped rules of each file listed after the summary.
    show_skipped: bool,
    human: HumanOptions,
}

/// Everything a worker needs to check one file.
struct Context<'a> {
    checker: &'a Checker,
    previous: Option<&'a (String, Extracted)>,
    settings: &'a Settings,
}

/// A file to check: read already, or still to read; with last year's report when the run
/// paired it with one.
struct Job {
    item: Item,
    previous: Option<crate::yoy::Previous>,
    /// Why the run used no report of last year, when it knows more than "none given".
    no_previous: Option<String>,
}

/// A file read already, or still to read.
enum Item {
    Read(Box<Read>),
    Path(std::path::PathBuf),
}

/// One file's part of the output, made in a worker thread.
struct Processed {
    /// Human, concise or GitHub text.
    text: String,
    json: Option<JsonFile>,
    sarif: Option<SarifFile>,
    /// The file's row of the summary format.
    row: Option<FileRow>,
    /// The file's name and why it could not be read, when it could not: listed again at the end
    /// of a human run, where a supervisor finds them among thousands of lines.
    unreadable: Option<(String, String)>,
    /// The file's name and its skipped rules (rule, reason), kept only for `--show-skipped`.
    skipped: Option<(String, Vec<(String, String)>)>,
    summary: Summary,
}

pub(crate) fn run(args: &CheckArgs) -> miette::Result<ExitCode> {
    let config = load_config(args)?;
    let mut settings = settings(args, &config);
    let files = crate::files::collect(&args.paths, args.follow)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .build()
        .map_err(|e| miette::miette!("{e}"))?;
    let chunk_len = settings.jobs.max(1) * CHUNK_PER_THREAD;

    // Loading the rules (YAML, regular expressions: milliseconds) and reading the first files
    // (for a PDF, pdftotext in a child process) overlap, since reading needs only the limits:
    // checking one PDF then takes little more than pdftotext alone.
    let reader = crate::limits::apply(
        Checker::with_rules(RuleSet::new()).with_lang(settings.lang),
        &args.limits,
        &config.limits,
    );
    let earlier = match &args.previous_dir {
        Some(dir) => Some(crate::files::collect(
            std::slice::from_ref(dir),
            args.follow,
        )?),
        None => None,
    };
    // Several reports (or last year's apart): each is paired with its body's report of the
    // year before, which needs every report's organisation and year before any is checked.
    let pairing = args.previous.is_none() && (files.len() > 1 || earlier.is_some());
    let mut chunks = files.chunks(chunk_len);
    let first = if pairing {
        Vec::new()
    } else {
        chunks.next().unwrap_or_default()
    };
    let (checker, first_read, paired) = std::thread::scope(|scope| {
        let loading = scope.spawn(|| checker(args, &config, settings.lang));
        let read: Vec<Read> = pool.install(|| {
            first
                .par_iter()
                .map(|p| read(p, &reader, files.problem(p)))
                .collect()
        });
        let paired = pairing.then(|| {
            crate::yoy::pair_run(
                &files,
                earlier.as_ref(),
                &reader,
                settings.lang,
                &pool,
                chunk_len,
            )
        });
        let checker = loading
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (checker, read, paired)
    });
    let checker = checker?;

    let previous = match &args.previous {
        Some(path) => Some(read_previous(&checker, path, settings.lang)?),
        None => None,
    };

    let rule_info = checker.rule_info(settings.docs_url.as_deref());
    settings.human.rules = RuleDocs::new(&rule_info);
    let progress = progress_bar(files.len(), &settings);
    let ctx = Context {
        checker: &checker,
        previous: previous.as_ref(),
        settings: &settings,
    };
    let mut out = Output::create(args.output.as_deref(), Some(settings.lang))?;
    let mut summary = Summary::default();
    let mut rows: Vec<FileRow> = Vec::new();
    let mut unreadable: Vec<(String, String)> = Vec::new();
    let mut skipped: Vec<(String, Vec<(String, String)>)> = Vec::new();
    // JSON is written file by file (memory stays flat over any number of files); SARIF needs
    // the whole run's rule list first and is still assembled in memory.
    let mut json = JsonStream::new();
    if settings.format == OutputFormat::Json {
        out.write(&json.begin());
    }
    let mut sarif = SarifBuilder::new(&rule_info, settings.lang);
    // The first chunk was read above (or the whole run, when pairing); the rest are read
    // here, one chunk at a time.
    let (mut kept, mut previous_of, mut no_previous, pairs, ambiguous, unused) = match paired {
        Some(p) => (
            p.kept,
            p.previous,
            p.no_previous,
            p.pairs,
            p.ambiguous,
            p.unused,
        ),
        None => Default::default(),
    };
    let mut first_read = Some(first_read);
    let mut done = 0usize;
    let first_chunk = (!pairing).then(Vec::new);
    let job_chunks = first_chunk.into_iter().chain(chunks).map(|paths| {
        if let Some(read) = first_read.take().filter(|_| !pairing) {
            return read
                .into_iter()
                .map(|r| Job {
                    item: Item::Read(Box::new(r)),
                    previous: None,
                    no_previous: None,
                })
                .collect::<Vec<_>>();
        }
        let jobs: Vec<Job> = paths
            .into_iter()
            .enumerate()
            .map(|(k, path)| {
                let i = done + k;
                let kept_read = kept.get_mut(i).and_then(Option::take);
                Job {
                    item: kept_read.map_or(Item::Path(path), |r| Item::Read(Box::new(r))),
                    previous: previous_of.get_mut(i).and_then(Option::take),
                    no_previous: no_previous.get_mut(i).and_then(Option::take),
                }
            })
            .collect();
        done += jobs.len();
        jobs
    });
    for chunk in job_chunks {
        let processed: Vec<Processed> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|job| {
                    let r = match job.item {
                        Item::Read(r) => *r,
                        Item::Path(path) => read(&path, &checker, files.problem(&path)),
                    };
                    let p = process(r, job.previous.as_deref(), job.no_previous.as_deref(), &ctx);
                    progress.inc(1);
                    p
                })
                .collect()
        });
        for p in processed {
            summary.merge(&p.summary);
            if !p.text.is_empty() {
                progress.suspend(|| out.write(&p.text));
            }
            if let Some(file) = p.json {
                out.write(&json.file(&file));
            }
            if let Some(part) = p.sarif {
                sarif.add(part);
            }
            rows.extend(p.row);
            skipped.extend(p.skipped);
            unreadable.extend(p.unreadable);
        }
    }
    progress.finish_and_clear();
    summary.pairs = pairs;
    summary.ambiguous = ambiguous;
    summary.previous_unused = unused;

    match settings.format {
        OutputFormat::Human => {
            if !settings.quiet {
                if files.is_empty() {
                    out.write(no_files_message(settings.lang));
                }
                out.write(&summary.render(settings.lang, settings.statistics));
                out.write(&summary.render_pairs(settings.lang));
            } else if settings.statistics {
                // `-q` drops the summary line; the statistics were asked for by name.
                out.write(&summary.render_rules(settings.lang));
            }
            out.write(&skipped_list(&skipped, settings.lang));
            out.write(&unreadable_list(&unreadable, settings.lang));
        }
        OutputFormat::Concise => {
            // Standard output holds the findings' lines only (a line per finding, for `wc -l`);
            // the summary goes to standard error, after the findings are out (both on one
            // terminal, the summary came out in the middle of the last finding's line).
            out.flush()?;
            if !settings.quiet {
                eprint!("{}", summary.render(settings.lang, settings.statistics));
            }
        }
        OutputFormat::Summary => {
            if settings.to_file {
                if settings.bom {
                    out.write(crate::export::BOM);
                }
                out.write(&crate::overview::csv(&rows, settings.lang));
            } else {
                out.write(&crate::overview::table(&rows, settings.lang));
                if !settings.quiet {
                    out.write(&summary.render(settings.lang, settings.statistics));
                }
            }
        }
        OutputFormat::Json => out.write(&json.finish(&summary)),
        OutputFormat::Sarif => {
            out.write(&(serde_json::to_string_pretty(&sarif.finish()).unwrap_or_default() + "\n"));
        }
        OutputFormat::Github => {}
    }
    out.flush()?;
    // The rules (compiled regular expressions and all) are not freed one by one: the process
    // ends here, and freeing them took as long as checking a report.
    std::mem::forget(checker);

    Ok(if summary.failed > 0 || files.is_empty() {
        ExitCode::from(EXIT_TROUBLE)
    } else if summary.at_or_above(settings.fail_on) > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::from(EXIT_OK)
    })
}

/// The files that could not be read, by name with the reason, after the summary: each was shown
/// in its place too, but among thousands of lines of findings a supervisor would not find them.
fn unreadable_list(files: &[(String, String)], lang: Lang) -> String {
    if files.is_empty() {
        return String::new();
    }
    let mut out = match lang {
        Lang::Zh => format!("无法读取的文件（{} 个）：\n", files.len()),
        Lang::En => format!("files that could not be read ({}):\n", files.len()),
    };
    let sep = if lang == Lang::Zh { "：" } else { ": " };
    for (path, reason) in files {
        let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(out, "  {path}{sep}{reason}");
    }
    out
}

/// `--show-skipped`: each file's rules that did not check it, with why.
fn skipped_list(files: &[(String, Vec<(String, String)>)], lang: Lang) -> String {
    if files.is_empty() {
        return String::new();
    }
    let mut out = String::from(match lang {
        Lang::Zh => "未能检查的规则：\n",
        Lang::En => "rules that could not check a file:\n",
    });
    let sep = if lang == Lang::Zh { "：" } else { ": " };
    for (path, rules) in files {
        let _ = writeln!(out, "  {path}");
        for (rule, reason) in rules {
            let _ = writeln!(out, "    {rule}{sep}{reason}");
        }
    }
    out
}

fn no_files_message(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "no report files found\n",
        Lang::Zh => "未找到报告文件\n",
    }
}

/// The rule set of the run: built-in rules, the configuration's and the command line's rule
/// directories, selection, and severity overrides. A selector that names no rule is an error:
/// a misspelt `--ignore` must not leave a rule on silently.
fn checker(args: &CheckArgs, config: &Config, lang: Lang) -> miette::Result<Checker> {
    let mut dirs = config.rule_dirs()?;
    dirs.extend(args.rule_dirs.iter().cloned());
    let mut checker = crate::limits::apply(
        Checker::with_rules(load_rules(
            &dirs,
            crate::limits::rule_limits(&config.limits),
            args.reuse_threshold
                .or(config.reuse_threshold)
                .map_or(gongkai::reuse::DEFAULT_THRESHOLD_PERMILLE, |p| {
                    u32::from(p) * 10
                }),
        )?)
        .with_lang(lang),
        &args.limits,
        &config.limits,
    );
    let select: Vec<&str> = if args.select.is_empty() {
        config.select.iter().map(String::as_str).collect()
    } else {
        args.select.iter().map(String::as_str).collect()
    };
    let ignore: Vec<&str> = config
        .ignore
        .iter()
        .chain(&args.ignore)
        .map(String::as_str)
        .collect();
    for (option, selectors) in [("--select", &select), ("--ignore", &ignore)] {
        if let Some(unknown) = selectors.iter().find(|s| !checker.rules().knows(s)) {
            return Err(unknown_selector(checker.rules(), option, unknown));
        }
    }
    checker.rules_mut().select(&select);
    checker.rules_mut().ignore(&ignore);
    for (selector, severity) in &config.severity {
        if checker
            .rules_mut()
            .set_severity(selector, (*severity).into())
            == 0
        {
            return Err(unknown_selector(checker.rules(), "[severity]", selector));
        }
    }
    Ok(checker)
}

fn load_config(args: &CheckArgs) -> miette::Result<Config> {
    if args.no_config {
        return Ok(Config::default());
    }
    Config::discover(args.config.as_deref())
}

fn settings(args: &CheckArgs, config: &Config) -> Settings {
    let lang: Lang = args.lang.or(config.lang).map_or(Lang::Zh, Into::into);
    let jobs = crate::limits::jobs(args.jobs.or(config.jobs));
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Settings {
        format: args.format,
        lang,
        fail_on: args
            .fail_on
            .or(config.fail_on)
            .unwrap_or(FailOn::Error)
            .into(),
        jobs,
        quiet: args.quiet,
        statistics: args.statistics,
        docs_url: args.docs_url.clone().or_else(|| config.docs_url.clone()),
        to_file: args.output.is_some(),
        bom: !args.no_bom,
        show_skipped: args.show_skipped,
        human: HumanOptions {
            lang,
            color: stdout_is_terminal && !no_color && args.output.is_none(),
            links: false,
            width: terminal_width(),
            rules: RuleDocs::default(),
        },
    }
}

/// The width to wrap at: `COLUMNS` when the shell exports it, else 100.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|&w| (40..=500).contains(&w))
        .unwrap_or(100)
}

pub(crate) fn read_previous(
    checker: &Checker,
    path: &Path,
    lang: Lang,
) -> miette::Result<(String, Extracted)> {
    let name = path.display().to_string();
    let extracted = crate::files::read_input(path, checker.read_options().max_bytes)
        .and_then(|bytes| checker.read(&bytes, &name))
        .map_err(|e| {
            let e = e.to_file_error(lang);
            match lang {
                Lang::En => miette::miette!("cannot read last year's report {name}: {}", e.message),
                Lang::Zh => miette::miette!("无法读取上年度报告 {name}：{}", e.message),
            }
        })?;
    Ok((name, extracted))
}

fn progress_bar(files: usize, settings: &Settings) -> ProgressBar {
    if settings.quiet || files < PROGRESS_MIN_FILES || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed_precise}") {
        bar.set_style(style);
    }
    bar
}

/// A file read, not yet checked.
pub(crate) struct Read {
    /// Its name as shown.
    pub(crate) name: String,
    /// The report, or why there is none.
    pub(crate) extracted: Result<Extracted, Box<Failure>>,
    /// The time reading took: the rest of the file's time limit is for checking and rendering
    /// (a file read early and checked later does not pay for the wait in between).
    spent: Duration,
}

/// Reads one file (`reader` needs no rules: only its limits are used). A panic while reading
/// is the file's error, and so is a `problem` the walk met at this path.
pub(crate) fn read(path: &Path, reader: &Checker, problem: Option<&WalkProblem>) -> Read {
    let started = Instant::now();
    let name = path.display().to_string();
    let lang = reader.lang();
    if let Some(problem) = problem {
        return Read {
            name,
            extracted: Err(Box::new(Failure::new(problem.to_file_error(lang)))),
            spent: Duration::ZERO,
        };
    }
    let extracted = crate::isolate::guard(|| {
        crate::isolate::test_hook("read", &name);
        let deadline = reader.deadline();
        crate::files::read_input(path, reader.read_options().max_bytes)
            .and_then(|bytes| reader.read_by(&bytes, &name, deadline.as_ref()))
            .map_err(|e| Box::new(e.to_failure(lang)))
    })
    .unwrap_or_else(|detail| Err(Box::new(internal(&name, &detail, lang))));
    Read {
        name,
        extracted,
        spent: started.elapsed(),
    }
}

/// A panic while processing `name`, as its failure.
fn internal(name: &str, detail: &str, lang: Lang) -> Failure {
    Failure::new(crate::isolate::internal_error(name, detail, lang))
}

/// Checks and renders one file; a panic in the rules or a renderer is the file's error, and the
/// run goes on with the next file.
fn process(
    read: Read,
    previous: Option<&(String, Extracted)>,
    no_previous: Option<&str>,
    ctx: &Context<'_>,
) -> Processed {
    let lang = ctx.settings.lang;
    let name = read.name.clone();
    match crate::isolate::guard(|| {
        check_and_render(read, previous.or(ctx.previous), no_previous, ctx)
    }) {
        Ok(processed) => processed,
        Err(detail) => render(
            &internal(&name, &detail, lang).view(&name),
            ReportFacts::default(),
            ctx.settings,
            None,
        )
        .unwrap_or_else(|()| unreachable_timeout()),
    }
}

/// Rendering without a deadline is never interrupted.
fn unreachable_timeout() -> Processed {
    Processed {
        text: String::new(),
        json: None,
        sarif: None,
        row: None,
        unreadable: None,
        skipped: None,
        summary: Summary::default(),
    }
}

/// What the summary format shows of a report besides its findings.
#[derive(Debug, Clone, Copy, Default)]
struct ReportFacts<'a> {
    organisation: Option<&'a str>,
    year: Option<i32>,
}

fn check_and_render(
    read: Read,
    previous_report: Option<&(String, Extracted)>,
    no_previous: Option<&str>,
    ctx: &Context<'_>,
) -> Processed {
    let Read {
        name,
        extracted,
        spent,
    } = read;
    let settings = ctx.settings;
    // The file's time limit, less what reading it took.
    let deadline = ctx
        .checker
        .time_limit()
        .and_then(|limit| Deadline::start(limit.saturating_sub(spent)).map(|d| (d, limit)));
    let timed_out = |stage: Stage| {
        let limit = deadline.as_ref().map_or(Duration::ZERO, |(_, l)| *l);
        Box::new(gongkai::Error::TimedOut { limit, stage }.to_failure(settings.lang))
    };
    let previous = previous_report.map(|(n, e)| (n.as_str(), &e.source));
    let checked = extracted.and_then(|extracted| {
        crate::isolate::test_hook("check", &name);
        ctx.checker
            .check_extracted_by(
                extracted,
                previous_report.map(|(_, e)| e),
                deadline.as_ref().map(|(d, _)| d),
            )
            .map_err(|_| timed_out(Stage::Rules))
            .map(|mut checked| {
                if let Some(why) = no_previous {
                    checked.explain_no_previous(settings.lang, why);
                }
                checked
            })
    });
    let view = match &checked {
        Ok(checked) => checked.view(&name, previous),
        Err(failure) => failure.view(&name),
    };
    let facts = checked.as_ref().map_or(ReportFacts::default(), |c| {
        let metadata = &c.report().metadata;
        ReportFacts {
            organisation: metadata.organisation.as_ref().map(|o| o.value.as_str()),
            year: metadata.year.as_ref().map(|y| y.value),
        }
    });
    crate::isolate::test_hook("render", &name);
    // A failure (a time-out among them) is rendered whatever the time: it is one message.
    let render_deadline = deadline
        .as_ref()
        .map(|(d, _)| d)
        .filter(|_| checked.is_ok());
    render(&view, facts, settings, render_deadline).unwrap_or_else(|()| {
        let failure = timed_out(Stage::Rendering);
        render(&failure.view(&name), facts, settings, None)
            .unwrap_or_else(|()| unreachable_timeout())
    })
}

/// One file's output in the run's format; `Err` when `deadline` passed while rendering (every
/// renderer asks it before each finding).
fn render(
    view: &FileView<'_>,
    facts: ReportFacts<'_>,
    settings: &Settings,
    deadline: Option<&Deadline>,
) -> Result<Processed, ()> {
    let mut summary = Summary::default();
    summary.add(view);
    let lang = settings.lang;
    let interrupt = deadline.map(Deadline::interrupt);
    let mut processed = Processed {
        text: String::new(),
        json: None,
        sarif: None,
        row: None,
        unreadable: match view.status {
            FileStatus::Checked(_) => None,
            FileStatus::Failed(e) | FileStatus::Invalid { error: e, .. } => {
                Some((view.path.to_owned(), e.message.clone()))
            }
        },
        skipped: match view.status {
            FileStatus::Checked(c) if settings.show_skipped && !c.skipped.is_empty() => Some((
                view.path.to_owned(),
                c.skipped
                    .iter()
                    .map(|s| (s.rule.clone(), s.reason.clone()))
                    .collect(),
            )),
            _ => None,
        },
        summary,
    };
    // Every renderer asks the deadline before each finding, so a file stops within one
    // finding's rendering of its limit.
    match settings.format {
        OutputFormat::Human => {
            processed.text = render_file_until(view, &settings.human, interrupt).map_err(|_| ())?;
        }
        OutputFormat::Concise => {
            processed.text = concise_lines_until(view, interrupt).map_err(|_| ())?;
        }
        OutputFormat::Summary => {
            processed.row = Some(FileRow::new(view, facts.organisation, facts.year));
        }
        OutputFormat::Github => {
            processed.text = github_annotations_until(view, lang, interrupt).map_err(|_| ())?;
        }
        OutputFormat::Json => {
            processed.json = Some(
                json_file_until(view, lang, &settings.human.rules, interrupt).map_err(|_| ())?,
            );
        }
        OutputFormat::Sarif => {
            processed.sarif = Some(SarifFile::new_until(view, lang, interrupt).map_err(|_| ())?);
        }
    }
    if deadline.is_some_and(Deadline::passed) {
        return Err(());
    }
    Ok(processed)
}
