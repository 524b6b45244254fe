//! `check`, `extract`, `check_many`, `extract_many`: the checker of a call, reading the inputs,
//! and the parallel runs with the GIL released.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Duration;

use gongkai::render::{RuleDocs, json_file_until};
use gongkai::{Checker, Extracted, JsonFile, Lang, RuleSet, RuleSource};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use rayon::prelude::*;

use crate::objects::{CheckResult, read_error, serde_to_py};

/// What `gongkai check` allows for one file by default (`--timeout`): the same here, so that a
/// file the CLI gives up on is given up on in Python too.
const DEFAULT_TIMEOUT_SECONDS: f64 = 10.0;

/// The name of bytes given without one.
const BYTES_NAME: &str = "<bytes>";

/// A file to read: a path, or bytes with the name findings are reported under.
enum Input {
    Path(PathBuf),
    Bytes(Vec<u8>, String),
}

impl Input {
    /// `source` as an input: `bytes`/`bytearray`/`memoryview` are the file's content; a `str`
    /// or `os.PathLike` is a path.
    fn from_py(source: &Bound<'_, PyAny>, name: Option<&str>) -> PyResult<Self> {
        if let Ok(bytes) = source.cast::<PyBytes>() {
            return Ok(Input::Bytes(
                bytes.as_bytes().to_vec(),
                name.unwrap_or(BYTES_NAME).to_owned(),
            ));
        }
        if !source.is_instance_of::<PyString>()
            && let Ok(bytes) = source.extract::<Vec<u8>>()
        {
            return Ok(Input::Bytes(bytes, name.unwrap_or(BYTES_NAME).to_owned()));
        }
        source.extract::<PathBuf>().map(Input::Path).map_err(|_| {
            PyTypeError::new_err(
                "报告须为路径（str 或 os.PathLike）或文件内容（bytes）/ a report is a path (str or os.PathLike) or the file's bytes",
            )
        })
    }

    fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Bytes(_, name) => name.clone(),
        }
    }

    fn bytes(&self, checker: &Checker) -> Result<std::borrow::Cow<'_, [u8]>, gongkai::Error> {
        match self {
            Input::Path(p) => {
                gongkai::read_file(p, checker.read_options().max_bytes).map(Into::into)
            }
            Input::Bytes(b, _) => Ok(b.as_slice().into()),
        }
    }
}

/// The options every call takes, as Python gives them.
pub(crate) struct Options {
    lang: Lang,
    rule_dirs: Vec<PathBuf>,
    select: Vec<String>,
    ignore: Vec<String>,
    timeout: Option<Duration>,
}

impl Options {
    fn from_py(
        lang: &str,
        rules: Option<&Bound<'_, PyAny>>,
        select: Option<&Bound<'_, PyAny>>,
        ignore: Option<&Bound<'_, PyAny>>,
        timeout: Option<f64>,
    ) -> PyResult<Self> {
        let lang = match lang {
            "zh" => Lang::Zh,
            "en" => Lang::En,
            other => {
                return Err(PyValueError::new_err(format!(
                    "lang 须为 \"zh\" 或 \"en\"，而非 {other:?} / lang must be \"zh\" or \"en\", not {other:?}"
                )));
            }
        };
        let timeout = match timeout {
            None => None,
            Some(t) if t.is_finite() && t > 0.0 => Some(Duration::from_secs_f64(t)),
            Some(t) => {
                return Err(PyValueError::new_err(format!(
                    "timeout 须为正数秒或 None / timeout must be a positive number of seconds or None, not {t}"
                )));
            }
        };
        Ok(Self {
            lang,
            rule_dirs: strings_or_paths(rules)?,
            select: strings(select)?,
            ignore: strings(ignore)?,
            timeout,
        })
    }

    /// The checker of the call: the built-in rules (and the reuse rule, as `gongkai check`),
    /// the rule directories, the selection; the CLI's default time limit per file.
    fn checker(&self) -> PyResult<(Checker, RuleDocs)> {
        let load = |e: &dyn std::fmt::Display| PyValueError::new_err(e.to_string());
        let mut set = RuleSet::builtin().map_err(|e| load(&e))?;
        gongkai::reuse::add_rules(&mut set, gongkai::reuse::DEFAULT_THRESHOLD_PERMILLE)
            .map_err(|e| load(&e))?;
        for dir in &self.rule_dirs {
            let files = read_rule_dir(dir)?;
            let sources: Vec<RuleSource<'_>> = files
                .iter()
                .map(|(path, text)| RuleSource { path, text })
                .collect();
            set.add(&sources)
                .map_err(|e| PyValueError::new_err(format!("{}: {e}", dir.display())))?;
        }
        for (option, selectors) in [("select", &self.select), ("ignore", &self.ignore)] {
            if let Some(unknown) = selectors.iter().find(|s| !set.knows(s)) {
                let hint = set
                    .suggest(unknown)
                    .map(|s| format!("（您是否想写 `{s}`？/ did you mean `{s}`?）"))
                    .unwrap_or_default();
                return Err(PyValueError::new_err(format!(
                    "{option} `{unknown}` 不对应任何规则 / names no rule{hint}"
                )));
            }
        }
        let select: Vec<&str> = self.select.iter().map(String::as_str).collect();
        let ignore: Vec<&str> = self.ignore.iter().map(String::as_str).collect();
        set.select(&select);
        set.ignore(&ignore);
        let checker = Checker::with_rules(set)
            .with_lang(self.lang)
            .with_time_limit(self.timeout);
        // No `--docs-url` here: a rule's own `url:` only.
        let docs = RuleDocs::new(&checker.rule_info(None));
        Ok((checker, docs))
    }
}

/// The YAML files under `dir`, sorted by path, as `gongkai check --rules DIR` reads them.
fn read_rule_dir(dir: &Path) -> PyResult<Vec<(String, String)>> {
    if !dir.is_dir() {
        return Err(PyValueError::new_err(format!(
            "规则目录不存在：{} / no such rule directory",
            dir.display()
        )));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(false)
    {
        let entry = entry.map_err(|e| PyValueError::new_err(format!("{}: {e}", dir.display())))?;
        let path = entry.path();
        let is_yaml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        if !entry.file_type().is_file() || !is_yaml {
            continue;
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| PyValueError::new_err(format!("{}: {e}", path.display())))?;
        files.push((path.display().to_string(), text));
    }
    Ok(files)
}

/// `None`, one string, or an iterable of strings.
fn strings(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    match value {
        None => Ok(Vec::new()),
        Some(v) if v.is_none() => Ok(Vec::new()),
        Some(v) => {
            if let Ok(s) = v.extract::<String>() {
                return Ok(s.split(',').map(str::trim).map(str::to_owned).collect());
            }
            v.try_iter()?
                .map(|item| item?.extract::<String>())
                .collect()
        }
    }
}

/// `None`, one path, or an iterable of paths.
fn strings_or_paths(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    match value {
        None => Ok(Vec::new()),
        Some(v) if v.is_none() => Ok(Vec::new()),
        Some(v) => {
            if let Ok(p) = v.extract::<PathBuf>() {
                return Ok(vec![p]);
            }
            v.try_iter()?
                .map(|item| item?.extract::<PathBuf>())
                .collect()
        }
    }
}

/// The paths of `check_many`/`extract_many`: any iterable of str or os.PathLike.
fn path_list(value: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if value.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "paths 须为路径的列表，而非一个字符串 / paths is a list of paths, not one string",
        ));
    }
    value
        .try_iter()?
        .map(|item| item?.extract::<PathBuf>())
        .collect()
}

/// The threads of a parallel call: `jobs`, or one per CPU.
fn pool(jobs: Option<usize>) -> PyResult<rayon::ThreadPool> {
    let threads = match jobs {
        Some(0) => {
            return Err(PyValueError::new_err(
                "jobs 须至少为 1 / jobs must be at least 1",
            ));
        }
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// What one file gave, built without the GIL.
enum Outcome<T> {
    Done(T),
    /// The file's JSON entry with its error (and for a structured report, its problems).
    Failed(Box<JsonFile>),
}

/// A file's error as its JSON entry, as `gongkai check --format json` writes it.
fn failed(name: &str, error: &gongkai::Error, lang: Lang) -> JsonFile {
    error.to_failure(lang).to_json(name, lang)
}

/// Runs `f` on one file; a panic becomes that file's error (kind `internal`), so that one file
/// never takes the others down. The checker is only read while a file is checked, so nothing it
/// holds is left half-changed by an unwind.
fn isolated<T>(name: &str, lang: Lang, f: impl FnOnce() -> Outcome<T>) -> Outcome<T> {
    panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        let error = gongkai::internal_error(name, &detail, lang);
        Outcome::Failed(Box::new(gongkai::Failure::new(error).to_json(name, lang)))
    })
}

/// A checked file: its JSON entry and the report read.
struct Done {
    file: JsonFile,
    report: gongkai::Report,
    /// Last year's report it was compared with (its name) and the share of last year's
    /// narrative repeated ("2.2%", empty when last year has no narrative): the `previous` and
    /// `reuse_rate` columns of `extract --format csv`.
    reuse: Option<(String, String)>,
}

/// Checks one file; `previous` is last year's report with its name (its labels are drawn on it,
/// as `gongkai check --previous` does).
fn check_one(
    checker: &Checker,
    docs: &RuleDocs,
    input: &Input,
    previous: Option<(&str, &Extracted)>,
) -> Outcome<Done> {
    let name = input.name();
    let lang = checker.lang();
    isolated(&name, lang, || {
        let report = match input
            .bytes(checker)
            .and_then(|bytes| checker.check_with_previous(&bytes, &name, previous.map(|p| p.1)))
        {
            Ok(c) => c,
            Err(e) => return Outcome::Failed(Box::new(failed(&name, &e, lang))),
        };
        let file = match json_file_until(
            &report.view(&name, previous.map(|(n, p)| (n, &p.source))),
            lang,
            docs,
            None,
        ) {
            Ok(file) => file,
            Err(gongkai::core::Interrupted) => report.to_json(&name, lang),
        };
        // The figure of `previous-text-reused`, when last year's report is of the same body and
        // the year before (else the rules skipped it, and the row names no last year).
        let reuse = previous.and_then(|(n, p)| {
            gongkai::reuse::reuse_of_pair(&p.report, report.report())
                .map(|r| (n.to_owned(), r.rate_text()))
        });
        Outcome::Done(Done {
            file,
            report: report.extracted.report,
            reuse,
        })
    })
}

fn extract_one(checker: &Checker, input: &Input) -> Outcome<gongkai::Report> {
    let name = input.name();
    let lang = checker.lang();
    isolated(&name, lang, || {
        match input
            .bytes(checker)
            .and_then(|bytes| checker.read(&bytes, &name))
        {
            Ok(extracted) => Outcome::Done(extracted.report),
            Err(e) => Outcome::Failed(Box::new(failed(&name, &e, lang))),
        }
    })
}

/// The `ReadError` of a failed file's entry.
fn error_of(py: Python<'_>, file: &JsonFile) -> PyErr {
    let (kind, message) = file
        .error
        .as_ref()
        .map_or(("internal", ""), |e| (e.kind.as_str(), e.message.as_str()));
    read_error(py, &file.path, kind, message)
}

/// A checked (or failed) file as a `gongkai.Result`.
fn result(py: Python<'_>, outcome: Outcome<Done>) -> CheckResult {
    match outcome {
        Outcome::Done(done) => CheckResult {
            file: done.file,
            report: Some(done.report),
            error: None,
            reuse: done.reuse,
        },
        Outcome::Failed(file) => {
            let error = error_of(py, &file).into_value(py).into_any();
            CheckResult {
                file: *file,
                report: None,
                error: Some(error),
                reuse: None,
            }
        }
    }
}

/// Checks one report.
#[pyfunction]
#[pyo3(signature = (source, *, previous=None, lang="zh", rules=None, select=None, ignore=None, name=None, timeout=Some(DEFAULT_TIMEOUT_SECONDS)))]
#[allow(clippy::too_many_arguments)]
pub fn check(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    previous: Option<&Bound<'_, PyAny>>,
    lang: &str,
    rules: Option<&Bound<'_, PyAny>>,
    select: Option<&Bound<'_, PyAny>>,
    ignore: Option<&Bound<'_, PyAny>>,
    name: Option<&str>,
    timeout: Option<f64>,
) -> PyResult<CheckResult> {
    let options = Options::from_py(lang, rules, select, ignore, timeout)?;
    let input = Input::from_py(source, name)?;
    let previous = previous
        .filter(|p| !p.is_none())
        .map(|p| Input::from_py(p, None))
        .transpose()?;
    let outcome = py.detach(|| -> PyResult<Result<Outcome<Done>, Box<JsonFile>>> {
        let (checker, docs) = options.checker()?;
        let previous = match &previous {
            Some(p) => match extract_full(&checker, p) {
                Ok(extracted) => Some((p.name(), extracted)),
                Err(failure) => return Ok(Err(failure)),
            },
            None => None,
        };
        let previous = previous.as_ref().map(|(n, e)| (n.as_str(), e));
        Ok(Ok(check_one(&checker, &docs, &input, previous)))
    })?;
    match outcome {
        Ok(Outcome::Done(done)) => Ok(result(py, Outcome::Done(done))),
        Ok(Outcome::Failed(file)) | Err(file) => Err(error_of(py, &file)),
    }
}

/// Last year's report, read whole (source and model, for labels on it).
fn extract_full(checker: &Checker, input: &Input) -> Result<Extracted, Box<JsonFile>> {
    let name = input.name();
    let lang = checker.lang();
    input
        .bytes(checker)
        .and_then(|bytes| checker.read(&bytes, &name))
        .map_err(|e| Box::new(failed(&name, &e, lang)))
}

/// Reads one report without checking it: the report model as plain Python data.
#[pyfunction]
#[pyo3(signature = (source, *, lang="zh", name=None, timeout=Some(DEFAULT_TIMEOUT_SECONDS)))]
pub fn extract<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    lang: &str,
    name: Option<&str>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = Options::from_py(lang, None, None, None, timeout)?;
    let input = Input::from_py(source, name)?;
    let checker = reader(&options);
    match py.detach(|| extract_one(&checker, &input)) {
        Outcome::Done(report) => serde_to_py(py, &report),
        Outcome::Failed(file) => Err(error_of(py, &file)),
    }
}

/// A checker for reading only (no rules to load).
fn reader(options: &Options) -> Checker {
    Checker::with_rules(RuleSet::new())
        .with_lang(options.lang)
        .with_time_limit(options.timeout)
}

/// Whether a many-call raises the first error or returns it in place.
fn raises(errors: &str) -> PyResult<bool> {
    match errors {
        "return" => Ok(false),
        "raise" => Ok(true),
        other => Err(PyValueError::new_err(format!(
            "errors 须为 \"return\" 或 \"raise\"，而非 {other:?} / errors must be \"return\" or \"raise\", not {other:?}"
        ))),
    }
}

/// Checks many reports in parallel, the GIL released; results in the order of `paths`. With
/// `pair`, each report is checked with its body's report of the year before among `paths`, as
/// `gongkai check` and `gongkai extract` pair the reports of a run (see [`previous_of`]).
#[pyfunction]
#[pyo3(signature = (paths, jobs=None, *, lang="zh", rules=None, select=None, ignore=None, errors="return", timeout=Some(DEFAULT_TIMEOUT_SECONDS), pair=false))]
#[allow(clippy::too_many_arguments)]
pub fn check_many(
    py: Python<'_>,
    paths: &Bound<'_, PyAny>,
    jobs: Option<usize>,
    lang: &str,
    rules: Option<&Bound<'_, PyAny>>,
    select: Option<&Bound<'_, PyAny>>,
    ignore: Option<&Bound<'_, PyAny>>,
    errors: &str,
    timeout: Option<f64>,
    pair: bool,
) -> PyResult<Vec<CheckResult>> {
    let raise = raises(errors)?;
    let options = Options::from_py(lang, rules, select, ignore, timeout)?;
    let inputs: Vec<Input> = path_list(paths)?.into_iter().map(Input::Path).collect();
    let pool = pool(jobs)?;
    let outcomes = py.detach(|| -> PyResult<Vec<Outcome<Done>>> {
        let (checker, docs) = options.checker()?;
        let previous = if pair {
            previous_of(&reader(&options), &inputs, &pool)
        } else {
            Vec::new()
        };
        Ok(pool.install(|| {
            inputs
                .par_iter()
                .enumerate()
                .map(|(i, input)| {
                    let p = previous.get(i).and_then(Option::as_ref);
                    check_one(&checker, &docs, input, p.map(|(n, e)| (n.as_str(), e)))
                })
                .collect()
        }))
    })?;
    let results: Vec<CheckResult> = outcomes.into_iter().map(|o| result(py, o)).collect();
    if raise && let Some(e) = results.iter().find_map(|r| r.error.as_ref()) {
        return Err(PyErr::from_value(e.bind(py).clone()));
    }
    Ok(results)
}

/// Per input, its body's report of the year before among `inputs` (its name and the report
/// read), when there is exactly one: every input is read once first for its organisation and
/// year, paired as `gongkai check` pairs a run (`gongkai::pairing`); an ambiguous match (two
/// reports of the body for that year) is no match. Files that cannot be read pair with none.
fn previous_of(
    reader: &Checker,
    inputs: &[Input],
    pool: &rayon::ThreadPool,
) -> Vec<Option<(String, Extracted)>> {
    use gongkai::pairing::{PairKey, pair};
    let read: Vec<Option<Extracted>> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                // A panic while reading is the file's (it is met again, and reported, when the
                // file is checked): it pairs with none.
                panic::catch_unwind(AssertUnwindSafe(|| extract_full(reader, input).ok()))
                    .ok()
                    .flatten()
            })
            .collect()
    });
    let keys: Vec<Option<PairKey>> = read
        .iter()
        .map(|e| e.as_ref().and_then(|e| PairKey::of(&e.report)))
        .collect();
    let found = pair(&keys, inputs.len());
    found
        .iter()
        .map(|m| {
            m.one().and_then(|j| {
                read.get(j)
                    .and_then(Option::as_ref)
                    .map(|e| (inputs[j].name(), e.clone()))
            })
        })
        .collect()
}

/// Reads many reports in parallel, the GIL released: per path, the report model as plain
/// Python data, or the file's `ReadError` in its place (`errors="return"`).
#[pyfunction]
#[pyo3(signature = (paths, jobs=None, *, lang="zh", errors="return", timeout=Some(DEFAULT_TIMEOUT_SECONDS)))]
pub fn extract_many<'py>(
    py: Python<'py>,
    paths: &Bound<'py, PyAny>,
    jobs: Option<usize>,
    lang: &str,
    errors: &str,
    timeout: Option<f64>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let raise = raises(errors)?;
    let options = Options::from_py(lang, None, None, None, timeout)?;
    let inputs: Vec<Input> = path_list(paths)?.into_iter().map(Input::Path).collect();
    let pool = pool(jobs)?;
    let checker = reader(&options);
    let outcomes: Vec<Outcome<gongkai::Report>> = py.detach(|| {
        pool.install(|| {
            inputs
                .par_iter()
                .map(|input| extract_one(&checker, input))
                .collect()
        })
    });
    let mut out = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        match outcome {
            Outcome::Done(report) => out.push(serde_to_py(py, &report)?),
            Outcome::Failed(file) => {
                let error = error_of(py, &file);
                if raise {
                    return Err(error);
                }
                out.push(error.into_value(py).into_bound(py).into_any());
            }
        }
    }
    Ok(out)
}
