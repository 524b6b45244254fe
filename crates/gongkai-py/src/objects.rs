//! The Python classes of a check's result: `Result`, `Finding`, `Label`, `Skipped`, and the
//! rows of `to_frame`.
//!
//! Each wraps the library's JSON entry ([`JsonFile`], [`JsonDiagnostic`], [`JsonLabel`]): the
//! attributes read it, and `to_dict()` is its serde form, so the Python objects say exactly what
//! `gongkai check --format json` says.

use gongkai::render::{JsonDiagnostic, JsonLabel};
use gongkai::table::{self, RowInfo};
use gongkai::{JsonFile, Report};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;

use crate::ReadError;

/// A JSON value as plain Python data: objects as dicts, arrays as lists, integers as ints.
pub(crate) fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                // The model has no floating-point field (amounts are decimal strings); a float
                // here would come from a future field and is passed on as Python's float.
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A serialisable value as plain Python data.
pub(crate) fn serde_to_py<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    to_py(py, &value)
}

/// The `ReadError` for a file, with its stable `kind`, `path` and `message`.
pub(crate) fn read_error(py: Python<'_>, path: &str, kind: &str, message: &str) -> PyErr {
    let err = ReadError::new_err(message.to_owned());
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail (it has a __dict__); if it
    // did, the error raised would still be a ReadError with its message.
    let _ = value.setattr("kind", kind);
    let _ = value.setattr("path", path);
    let _ = value.setattr("message", message);
    err
}

/// One report checked, or a file that could not be: `gongkai.Result`.
#[pyclass(name = "Result", module = "gongkai", frozen)]
pub struct CheckResult {
    pub(crate) file: JsonFile,
    pub(crate) report: Option<Report>,
    pub(crate) error: Option<Py<PyAny>>,
    /// Last year's report it was compared with (its name) and the share of last year's
    /// narrative repeated (empty when last year has none to compare).
    pub(crate) reuse: Option<(String, String)>,
}

impl CheckResult {
    /// The number of findings of `severity` (for the row's finding counts).
    fn count(&self, severity: gongkai::render::JsonSeverity) -> usize {
        self.file
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

#[pymethods]
impl CheckResult {
    /// The file's path as given (`<bytes>` or the `name` given for bytes).
    #[getter]
    fn path(&self) -> &str {
        &self.file.path
    }

    /// Whether the file was read and checked (findings or not).
    #[getter]
    fn ok(&self) -> bool {
        self.error.is_none()
    }

    /// Last year's report it was compared with (its path), or `None`.
    #[getter]
    fn previous(&self) -> Option<&str> {
        self.reuse.as_ref().map(|(p, _)| p.as_str())
    }

    /// The share of last year's narrative repeated, as `previous-text-reused` writes it
    /// (`"2.2%"`), or `None` without last year's report or narrative.
    #[getter]
    fn reuse_rate(&self) -> Option<&str> {
        self.reuse
            .as_ref()
            .map(|(_, r)| r.as_str())
            .filter(|r| !r.is_empty())
    }

    /// The `ReadError` of a file that could not be checked, else `None`.
    #[getter]
    fn error(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.error.as_ref().map(|e| e.clone_ref(py))
    }

    /// The kind of input it was read as (`text`, `markdown`, `html`, `docx`, `pdf`,
    /// `structured`), `None` when it could not be read.
    #[getter]
    fn format(&self) -> Option<String> {
        self.file
            .format
            .and_then(|f| serde_json::to_value(f).ok())
            .and_then(|v| v.as_str().map(str::to_owned))
    }

    /// The official form its tables follow (`2021`, `2019`, `unknown`), `None` when unread.
    #[getter]
    fn form(&self) -> Option<String> {
        self.file
            .form
            .and_then(|f| serde_json::to_value(f).ok())
            .and_then(|v| v.as_str().map(str::to_owned))
    }

    /// The findings, in the order of the file.
    #[getter]
    fn findings(&self) -> Vec<Finding> {
        self.file
            .diagnostics
            .iter()
            .map(|d| Finding { d: d.clone() })
            .collect()
    }

    /// The rules that could not check this report, with why.
    #[getter]
    fn skipped(&self) -> Vec<Skipped> {
        self.file
            .skipped
            .iter()
            .map(|s| Skipped {
                rule: s.rule.clone(),
                reason: s.reason.clone(),
            })
            .collect()
    }

    /// The report as read (the JSON model of `gongkai extract`, amounts as exact decimal
    /// strings), `None` when the file could not be read. A new dict on each access.
    #[getter]
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.report {
            Some(r) => serde_to_py(py, r),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// The file's entry of `gongkai check --format json` (`files[i]`) as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_py(py, &self.file)
    }

    /// The file's entry of `gongkai check --format json`, as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.file).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Raises the file's `ReadError` if it could not be checked; returns the result otherwise.
    fn raise_for_error(slf: Py<Self>, py: Python<'_>) -> PyResult<Py<Self>> {
        if let Some(e) = &slf.get().error {
            return Err(PyErr::from_value(e.bind(py).clone()));
        }
        Ok(slf)
    }

    fn __repr__(&self) -> String {
        match &self.file.error {
            Some(e) => format!("<gongkai.Result {:?} error {}>", self.file.path, e.kind),
            None => format!(
                "<gongkai.Result {:?} {} findings>",
                self.file.path,
                self.file.diagnostics.len()
            ),
        }
    }
}

/// One finding: `gongkai.Finding`.
#[pyclass(module = "gongkai", frozen)]
pub struct Finding {
    d: JsonDiagnostic,
}

#[pymethods]
impl Finding {
    /// The rule id.
    #[getter]
    fn rule(&self) -> &str {
        &self.d.rule
    }

    /// `error`, `warning` or `info`.
    #[getter]
    fn severity(&self) -> &'static str {
        match self.d.severity {
            gongkai::render::JsonSeverity::Error => "error",
            gongkai::render::JsonSeverity::Warning => "warning",
            gongkai::render::JsonSeverity::Info => "info",
        }
    }

    /// What is wrong, with the numbers involved.
    #[getter]
    fn message(&self) -> &str {
        &self.d.message
    }

    /// What to do, or `None`.
    #[getter]
    fn help(&self) -> Option<&str> {
        self.d.help.as_deref()
    }

    /// The value the primary cell should have (exact, as text), or `None`.
    #[getter]
    fn expected(&self) -> Option<&str> {
        self.d.expected.as_deref()
    }

    /// The rule's documentation page, or `None`.
    #[getter]
    fn url(&self) -> Option<&str> {
        self.d.url.as_deref()
    }

    /// Where: the primary label first-class among the cells it was compared with.
    #[getter]
    fn labels(&self) -> Vec<Label> {
        self.d
            .labels
            .iter()
            .map(|l| Label { l: l.clone() })
            .collect()
    }

    /// The primary label (the cell or sentence at fault), or `None` for a finding about the
    /// report as a whole.
    #[getter]
    fn primary(&self) -> Option<Label> {
        self.d
            .labels
            .iter()
            .find(|l| l.primary)
            .map(|l| Label { l: l.clone() })
    }

    /// The other relations the same wrong cell breaks (findings of their own shape).
    #[getter]
    fn also(&self) -> Vec<Finding> {
        self.d
            .also
            .iter()
            .map(|d| Finding { d: d.clone() })
            .collect()
    }

    /// The finding as in `gongkai check --format json` (`files[i].diagnostics[j]`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_py(py, &self.d)
    }

    fn __repr__(&self) -> String {
        format!(
            "<gongkai.Finding {} {}: {}>",
            self.severity(),
            self.d.rule,
            self.d.message
        )
    }
}

/// A place a finding points at: `gongkai.Label`.
#[pyclass(module = "gongkai", frozen)]
pub struct Label {
    l: JsonLabel,
}

#[pymethods]
impl Label {
    /// 1-based line (within its page for a PDF).
    #[getter]
    fn line(&self) -> u32 {
        self.l.line
    }
    /// 1-based column, in characters.
    #[getter]
    fn column(&self) -> u32 {
        self.l.column
    }
    /// 1-based line just past the end.
    #[getter]
    fn end_line(&self) -> u32 {
        self.l.end_line
    }
    /// 1-based column just past the end.
    #[getter]
    fn end_column(&self) -> u32 {
        self.l.end_column
    }
    /// Byte offset in the text as read (UTF-8).
    #[getter]
    fn offset(&self) -> usize {
        self.l.offset
    }
    /// Length in bytes.
    #[getter]
    fn length(&self) -> usize {
        self.l.length
    }
    /// The characters the span covers.
    #[getter]
    fn text(&self) -> &str {
        &self.l.text
    }
    /// What is there ("总计 0"); may be empty.
    #[getter]
    fn message(&self) -> &str {
        &self.l.message
    }
    /// Whether this is the cell or sentence at fault.
    #[getter]
    fn is_primary(&self) -> bool {
        self.l.primary
    }
    /// `current`, or `previous` for last year's report.
    #[getter]
    fn document(&self) -> &'static str {
        match self.l.document {
            gongkai::render::JsonDocument::Current => "current",
            gongkai::render::JsonDocument::Previous => "previous",
        }
    }
    /// The 1-based page (PDF, text with form feeds), else `None`.
    #[getter]
    fn page(&self) -> Option<u32> {
        self.l.page
    }
    /// The label as in `gongkai check --format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_py(py, &self.l)
    }
    fn __repr__(&self) -> String {
        format!(
            "<gongkai.Label {}:{} {:?}>",
            self.l.line, self.l.column, self.l.text
        )
    }
}

/// A rule that could not check a report: `gongkai.Skipped`.
#[pyclass(module = "gongkai", frozen, get_all)]
pub struct Skipped {
    /// The rule id.
    rule: String,
    /// Why, in the call's language.
    reason: String,
}

#[pymethods]
impl Skipped {
    fn __repr__(&self) -> String {
        format!("<gongkai.Skipped {}: {}>", self.rule, self.reason)
    }
}

/// The columns of `gongkai extract --format csv`, in order: (name, Chinese label, kind) with
/// kind `money` for amounts (万元, as `decimal.Decimal`), else `value`.
#[pyfunction]
pub fn columns() -> Vec<(String, String, &'static str)> {
    table::columns()
        .into_iter()
        .map(|c| {
            let kind = if c.is_money() { "money" } else { "value" };
            (c.name, c.label, kind)
        })
        .collect()
}

/// One row per result, a value per column of [`columns`]: what `extract --format jsonl` writes
/// (ints for counts, `None` for a missing cell, `"/"` for a blank one, `"?…"` for text that is
/// no value), with amounts of money as `decimal.Decimal`.
#[pyfunction]
// PyO3 extracts a Python list argument into an owned Vec.
#[allow(clippy::needless_pass_by_value)]
pub fn rows<'py>(
    py: Python<'py>,
    results: Vec<PyRef<'py, CheckResult>>,
) -> PyResult<Vec<Bound<'py, PyList>>> {
    let decimal = py.import("decimal")?.getattr("Decimal")?;
    let columns = table::columns();
    let mut out = Vec::with_capacity(results.len());
    for r in &results {
        let error = r.file.error.as_ref().map(|e| e.message.as_str());
        let info = RowInfo {
            path: &r.file.path,
            error,
            errors: r.count(gongkai::render::JsonSeverity::Error),
            warnings: r.count(gongkai::render::JsonSeverity::Warning),
            previous: r.previous(),
            reuse_rate: r.reuse_rate(),
        };
        let row = PyList::empty(py);
        for c in &columns {
            let value = table::typed_value(c, &info, r.report.as_ref());
            match (&value, c.is_money()) {
                // An amount is exact: Decimal from its text, never a float. "/" and "?…" stay
                // text, as in the CSV.
                (Value::String(s), true) if s != "/" && !s.starts_with('?') => {
                    row.append(decimal.call1((s.as_str(),))?)?;
                }
                _ => row.append(to_py(py, &value)?)?,
            }
        }
        out.push(row);
    }
    Ok(out)
}
