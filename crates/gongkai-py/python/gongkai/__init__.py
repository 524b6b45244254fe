"""gongkai: checks Chinese government information-disclosure annual reports (政府信息公开工作年度报告).

The engine is the Rust library (``gongkai._gongkai``); this module adds the pandas frames and the
partition function for Dask and Spark.

>>> import gongkai
>>> result = gongkai.check("tests/fixtures/hongze-district-2023.txt")
>>> [f.rule for f in result.findings]                        # doctest: +SKIP
['structure-label-variant', 'review-litigation-total-mismatch', 'review-litigation-total-mismatch']

* :func:`check` / :func:`extract` — one report (a path, or its bytes).
* :func:`check_many` / :func:`extract_many` — many files in parallel with the GIL released,
  results in the order given. A file that cannot be read never loses the others: its result
  carries the :class:`ReadError` (``result.error``); ``errors="raise"`` raises the first instead.
* :func:`to_frame` — one row per report, the columns of ``gongkai extract --format csv``.
* :func:`findings_frame` — one row per finding.
* :func:`check_partition` — the function a Dask bag or a Spark RDD maps over its partitions.

Errors are :class:`ReadError` with ``.kind``, the stable kinds of the CLI's JSON output.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, List, Optional, Sequence, Union

from ._gongkai import (
    Finding,
    Label,
    ReadError,
    Result,
    Skipped,
    __version__,
    check,
    check_many,
    columns,
    extract,
    extract_many,
    rows as _rows,
)

if TYPE_CHECKING:  # pragma: no cover - for the type checkers only
    import pandas

__all__ = [
    "Finding",
    "Label",
    "ReadError",
    "Result",
    "Skipped",
    "__version__",
    "check",
    "check_many",
    "check_partition",
    "columns",
    "extract",
    "extract_many",
    "findings_frame",
    "to_frame",
]

PathOrResult = Union[str, "os.PathLike[str]", Result]

#: The columns of :func:`findings_frame`, in order.
FINDING_COLUMNS = [
    "path",
    "organisation",
    "year",
    "rule",
    "severity",
    "message",
    "help",
    "expected",
    "page",
    "line",
    "column",
    "text",
    "also",
]


def _results(items: Iterable[PathOrResult], jobs: Optional[int], **options: Any) -> List[Result]:
    """The results of ``items``: results as they are, paths checked (in parallel, in order)."""
    items = list(items)
    paths = [(i, item) for i, item in enumerate(items) if not isinstance(item, Result)]
    out: List[Any] = list(items)
    if paths:
        checked = check_many([p for _, p in paths], jobs, **options)
        for (i, _), result in zip(paths, checked):
            out[i] = result
    return out


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - pandas is installed where this is tested
        raise ImportError(
            "to_frame/findings_frame 需要 pandas：pip install pandas / "
            "to_frame and findings_frame need pandas: pip install pandas"
        ) from e
    return pandas


def to_frame(
    paths_or_results: Iterable[PathOrResult],
    jobs: Optional[int] = None,
    *,
    header: str = "en",
    **options: Any,
) -> "pandas.DataFrame":
    """One row per report, with the columns of ``gongkai extract --format csv`` in its order.

    ``paths_or_results`` are paths (checked with :func:`check_many`, ``jobs`` threads and
    ``options``) or :class:`Result` objects, or both. ``header="zh"`` names the columns with the
    Chinese labels of ``--header zh`` instead of the English names. The paths are paired as
    ``extract`` pairs a run (``pair=False`` does not): a report with its body's report of the
    year before among them fills ``previous`` and ``reuse_rate`` (``"2.2%"``, the figure of the
    ``previous-text-reused`` finding); a :class:`Result` checked with ``previous=`` does too.

    Values are what ``extract --format jsonl`` writes: ``int`` for counts and finding numbers,
    ``None`` for a cell the report lacks, ``"/"`` for a cell written blank, ``"?…"`` for text
    that is no value; **amounts of money (万元) are ``decimal.Decimal``**, exact as written, never
    floats (such a column has dtype ``object``). A file that could not be read has its path and
    its ``error`` message, and every other column empty. pandas is imported only here.
    """
    pandas = _pandas()
    if header not in ("en", "zh"):
        raise ValueError('header must be "en" or "zh"')
    # The paths are paired as `extract --format csv` pairs a run: each report with its body's
    # report of the year before among them (the `previous` and `reuse_rate` columns).
    options.setdefault("pair", True)
    results = _results(paths_or_results, jobs, **options)
    cols = columns()
    names = [name if header == "en" else label for name, label, _ in cols]
    frame = pandas.DataFrame(_rows(results), columns=names, dtype=object)
    # A column of counts alone (ints and missing cells) becomes pandas' nullable Int64, so that
    # a missing cell does not turn 3 into 3.0; a column that also holds "/" or "?…" stays
    # object, and so do amounts (Decimal).
    for (name, _, kind), column in zip(cols, names):
        values = frame[column].dropna()
        if kind != "money" and len(values) and all(type(v) is int for v in values):
            frame[column] = frame[column].astype("Int64")
    return frame


def findings_frame(
    paths_or_results: Iterable[PathOrResult],
    jobs: Optional[int] = None,
    **options: Any,
) -> "pandas.DataFrame":
    """One row per finding, the columns of :data:`FINDING_COLUMNS`.

    ``page``, ``line``, ``column`` and ``text`` are those of the finding's primary label (``None``
    for a finding about the report as a whole); ``also`` counts the other relations the same
    wrong cell breaks; ``expected`` is the exact expected value as text. Files that could not be
    read have no row (see :func:`to_frame`'s ``error`` column).
    """
    pandas = _pandas()
    results = _results(paths_or_results, jobs, **options)
    records = []
    for r in results:
        if not r.ok:
            continue
        meta = (r.report or {}).get("metadata", {})
        organisation = (meta.get("organisation") or {}).get("value")
        year = (meta.get("year") or {}).get("value")
        for f in r.findings:
            p = f.primary
            records.append(
                (
                    r.path,
                    organisation,
                    year,
                    f.rule,
                    f.severity,
                    f.message,
                    f.help,
                    f.expected,
                    p.page if p else None,
                    p.line if p else None,
                    p.column if p else None,
                    p.text if p else None,
                    len(f.also),
                )
            )
    return pandas.DataFrame.from_records(records, columns=FINDING_COLUMNS)


def check_partition(paths: Iterable[Union[str, "os.PathLike[str]"]], **options: Any) -> List[dict]:
    """Checks the files of one partition and returns their entries of ``gongkai check --format
    json`` (``files[i]``: path, format, form, error, diagnostics, skipped) as plain dicts.

    The function a distributed engine maps over its partitions: ``dask.bag.from_sequence(paths)
    .map_partitions(gongkai.check_partition)``, or Spark's ``rdd.mapPartitions(
    gongkai.check_partition)``. The files are read inside the worker (only paths travel), and
    what comes back pickles. ``options`` are those of :func:`check_many` (``jobs`` defaults to
    one thread: the engine runs one partition per core).
    """
    options.setdefault("jobs", 1)
    jobs = options.pop("jobs")
    return [r.to_dict() for r in check_many([os.fspath(p) for p in paths], jobs, **options)]
