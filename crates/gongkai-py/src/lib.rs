//! The Rust half of the `gongkai` Python package (`gongkai._gongkai`): reading and checking
//! reports with the [`gongkai`] library, in parallel with the GIL released, and the results as
//! typed Python objects.
//!
//! The findings are the library's JSON entries ([`gongkai::JsonFile`], what `gongkai check
//! --format json` writes for each file), wrapped rather than copied field by field, so that a
//! `Finding.to_dict()` equals the CLI's JSON by construction. Table rows for pandas come from
//! [`gongkai::table`], the code behind `gongkai extract --format csv|jsonl`.
//!
//! The Python part of the package (`python/gongkai`) adds `to_frame`, `findings_frame` and
//! `check_partition` (for Dask and Spark) on top of these functions.

mod objects;
mod run;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

pub use objects::{CheckResult, Finding, Label, Skipped};

create_exception!(
    gongkai,
    ReadError,
    PyException,
    "A file that could not be read or checked as a report.\n\n\
     Attributes: `kind` (the stable kind of the CLI's JSON `error.kind`: `io`, `empty`, `binary`, \
     `not_a_report`, `too_large`, `pdf_no_text`…), `path` (the file, or `<bytes>`), `message` \
     (in the language of the call)."
);

/// The extension module, imported by `gongkai/__init__.py`.
#[pymodule]
fn _gongkai(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ReadError", m.py().get_type::<ReadError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<CheckResult>()?;
    m.add_class::<Finding>()?;
    m.add_class::<Label>()?;
    m.add_class::<Skipped>()?;
    m.add_function(wrap_pyfunction!(run::check, m)?)?;
    m.add_function(wrap_pyfunction!(run::extract, m)?)?;
    m.add_function(wrap_pyfunction!(run::check_many, m)?)?;
    m.add_function(wrap_pyfunction!(run::extract_many, m)?)?;
    m.add_function(wrap_pyfunction!(objects::columns, m)?)?;
    m.add_function(wrap_pyfunction!(objects::rows, m)?)?;
    Ok(())
}
