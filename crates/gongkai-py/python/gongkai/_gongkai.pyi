"""Type stubs of the Rust extension ``gongkai._gongkai`` (re-exported by ``gongkai``)."""

import os
from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union

_Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]
_Path = Union[str, "os.PathLike[str]"]
_Selectors = Union[None, str, Iterable[str]]
_RuleDirs = Union[None, _Path, Iterable[_Path]]

__version__: str

class ReadError(Exception):
    """A file that could not be read or checked as a report."""

    #: The stable kind, as the CLI's JSON ``error.kind``: ``io``, ``empty``, ``binary``,
    #: ``not_a_report``, ``too_large``, ``needs_ocr``, ``timed_out``, ``internal``…
    kind: str
    #: The file's path, or ``<bytes>`` (or the ``name`` given) for bytes.
    path: str
    #: The message, in the language of the call.
    message: str

class Label:
    """A place a finding points at (a cell, a sentence), as in the CLI's JSON ``labels``."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def end_line(self) -> int: ...
    @property
    def end_column(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def length(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def is_primary(self) -> bool:
        """The JSON's ``primary``: whether this is the cell or sentence at fault."""
    @property
    def document(self) -> str:
        """``"current"``, or ``"previous"`` for last year's report."""
    @property
    def page(self) -> Optional[int]: ...
    def to_dict(self) -> dict:
        """The label exactly as in ``gongkai check --format json``."""

class Finding:
    """One finding, as in the CLI's JSON ``diagnostics``."""

    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> str:
        """``"error"``, ``"warning"`` or ``"info"``."""
    @property
    def message(self) -> str: ...
    @property
    def help(self) -> Optional[str]: ...
    @property
    def expected(self) -> Optional[str]:
        """The value the primary cell should have, exact, as text (``"11"``, ``"96171.6"``)."""
    @property
    def url(self) -> Optional[str]: ...
    @property
    def labels(self) -> List[Label]: ...
    @property
    def primary(self) -> Optional[Label]:
        """The label at fault, or ``None`` for a finding about the whole report."""
    @property
    def also(self) -> List["Finding"]:
        """The other relations the same wrong cell breaks."""
    def to_dict(self) -> dict:
        """The finding exactly as in ``gongkai check --format json``."""

class Skipped:
    """A rule that could not check a report, and why."""

    rule: str
    reason: str

class Result:
    """One report checked, or a file that could not be (then ``error`` is set)."""

    @property
    def path(self) -> str: ...
    @property
    def ok(self) -> bool: ...
    @property
    def error(self) -> Optional[ReadError]: ...
    @property
    def format(self) -> Optional[str]:
        """``text``, ``markdown``, ``html``, ``docx``, ``pdf`` or ``structured``."""
    @property
    def form(self) -> Optional[str]:
        """``"2021"``, ``"2019"`` or ``"unknown"``."""
    @property
    def previous(self) -> Optional[str]:
        """Last year's report the report was compared with (its path), if any."""
    @property
    def reuse_rate(self) -> Optional[str]:
        """The share of last year's narrative repeated (``"2.2%"``), as ``previous-text-reused``."""
    @property
    def findings(self) -> List[Finding]: ...
    @property
    def skipped(self) -> List[Skipped]: ...
    @property
    def report(self) -> Optional[dict]:
        """The report model as ``gongkai extract`` prints it (amounts as exact decimal strings)."""
    def to_dict(self) -> dict:
        """The file's entry of ``gongkai check --format json`` (``files[i]``)."""
    def to_json(self) -> str: ...
    def raise_for_error(self) -> "Result":
        """Raises ``error`` if there is one; else returns the result itself."""

def check(
    source: _Source,
    *,
    previous: Optional[_Source] = None,
    lang: str = "zh",
    rules: _RuleDirs = None,
    select: _Selectors = None,
    ignore: _Selectors = None,
    name: Optional[str] = None,
    timeout: Optional[float] = 10.0,
) -> Result:
    """Checks one report (a path, or the file's bytes named ``name``).

    ``previous`` is last year's report of the same body (year-over-year rules); ``rules`` extra
    rule directories as ``--rules``; ``select``/``ignore`` rule ids, areas or tags as
    ``--select``/``--ignore``; ``timeout`` seconds per file (the CLI's default), ``None`` for
    none. Raises :class:`ReadError` when the file is no readable report, ``ValueError`` for an
    unknown selector or a broken rule file.
    """

def extract(
    source: _Source,
    *,
    lang: str = "zh",
    name: Optional[str] = None,
    timeout: Optional[float] = 10.0,
) -> dict:
    """Reads one report without checking it: the model of ``gongkai extract`` as plain data."""

def check_many(
    paths: Iterable[_Path],
    jobs: Optional[int] = None,
    *,
    lang: str = "zh",
    rules: _RuleDirs = None,
    select: _Selectors = None,
    ignore: _Selectors = None,
    errors: str = "return",
    timeout: Optional[float] = 10.0,
    pair: bool = False,
) -> List[Result]:
    """Checks files on ``jobs`` threads (default: one per CPU) with the GIL released.

    The results are in the order of ``paths``. With ``errors="return"`` (the default) a file
    that cannot be read is a result whose ``error`` is its :class:`ReadError`, and the others
    are checked as usual; ``errors="raise"`` checks them all, then raises the first error.
    Reports are not paired with each other unless ``pair=True``: then each is checked with its
    body's report of the year before among ``paths`` (as ``gongkai check`` over several files);
    for one report, pass ``previous`` to :func:`check`.
    """

def extract_many(
    paths: Iterable[_Path],
    jobs: Optional[int] = None,
    *,
    lang: str = "zh",
    errors: str = "return",
    timeout: Optional[float] = 10.0,
) -> List[Union[dict, ReadError]]:
    """Reads files in parallel: per path the model (a dict) or, in its place, its ReadError."""

def columns() -> List[Tuple[str, str, str]]:
    """The columns of ``extract --format csv``: (name, Chinese label, ``"money"`` or ``"value"``)."""

def rows(results: Sequence[Result]) -> List[List[Any]]:
    """One row per result, a typed value per column of :func:`columns`."""
