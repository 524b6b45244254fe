"""to_frame and findings_frame: the columns and values of `extract --format csv`, exact money."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pandas
import pytest

import gongkai
from conftest import fixture_paths, run_cli

HONGZE = "tests/fixtures/hongze-district-2023.txt"


def text_fixtures():
    """The fixtures read in-process (no PDF: pdftotext makes the CLI run slow, and the tables of
    the PDFs are compared in test_check.py through the findings)."""
    return [p for p in fixture_paths() if not p.endswith(".pdf")]


def cli_csv(cli, *args: str) -> list:
    done = run_cli(cli, "extract", "--format", "csv", "--no-bom", *args)
    assert done.returncode in (0, 2), done.stderr.decode()
    return list(csv.reader(io.StringIO(done.stdout.decode("utf-8"), newline="")))


def as_csv_text(value) -> str:
    """A frame's value as the CSV writes it."""
    if value is None or (not isinstance(value, str) and pandas.isna(value)):
        return ""
    return str(value)


def test_columns_equal_the_csv_header(cli):
    header = cli_csv(cli, HONGZE)[0]
    frame = gongkai.to_frame([HONGZE])
    assert list(frame.columns) == header
    assert [name for name, _, _ in gongkai.columns()] == header
    zh = cli_csv(cli, "--header", "zh", HONGZE)[0]
    assert list(gongkai.to_frame([HONGZE], header="zh").columns) == zh


def test_values_equal_the_csv_on_the_fixtures(cli):
    paths = text_fixtures()
    rows = cli_csv(cli, *paths)
    header, records = rows[0], rows[1:]
    frame = gongkai.to_frame(paths)
    assert len(frame) == len(records) == len(paths)
    for (_, row), record in zip(frame.iterrows(), records):
        assert [as_csv_text(v) for v in row] == record, record[0]


def test_money_is_decimal_and_counts_are_ints():
    frame = gongkai.to_frame([HONGZE, "tests/fixtures/huaian-city-2024.txt"])
    fees = frame["active_disclosure.fees.amount"]
    assert list(fees) == [Decimal("7730.28"), Decimal("96171.6")]
    assert all(type(v) is Decimal for v in fees)
    assert str(frame["findings.errors"].dtype) == "Int64"
    assert list(frame["findings.errors"]) == [2, 0]
    assert list(frame["organisation"]) == ["洪泽区人民政府", "淮安市人民政府"]


def test_blank_missing_and_unreadable_cells_stay_apart():
    frame = gongkai.to_frame(["tests/fixtures/partial-gaoling-2021.txt", "no/such/report.txt"])
    gaoling, missing = frame.iloc[0], frame.iloc[1]
    # The 高陵 report writes "/" in most cells: kept as "/", not as 0 or a missing value.
    assert gaoling["active_disclosure.regulations.issued"] == "/"
    assert gaoling["active_disclosure.licensing.decisions"] == 11839
    assert missing["path"] == "no/such/report.txt"
    assert missing["error"].startswith("无法读取文件")
    assert missing.drop(["path", "error"]).isna().all()


def test_results_and_paths_mix_in_order():
    result = gongkai.check(HONGZE)
    frame = gongkai.to_frame([result, "tests/fixtures/huaian-city-2024.txt", result])
    assert list(frame["path"]) == [HONGZE, "tests/fixtures/huaian-city-2024.txt", HONGZE]


def test_findings_frame_has_a_row_per_finding():
    paths = [HONGZE, "tests/fixtures/hongze-district-2023.pdf", "no/such/report.txt"]
    results = gongkai.check_many(paths)
    frame = gongkai.findings_frame(results)
    assert list(frame.columns) == gongkai.FINDING_COLUMNS
    assert len(frame) == sum(len(r.findings) for r in results) == 6
    first = frame.iloc[1]
    assert (first["path"], first["organisation"], first["year"]) == (HONGZE, "洪泽区人民政府", 2023)
    assert (first["rule"], first["severity"], first["expected"]) == (
        "review-litigation-total-mismatch",
        "error",
        "11",
    )
    assert (first["line"], first["column"], first["text"]) == (131, 10, "0")
    assert list(frame["page"].iloc[3:]) == [3, 4, 4]
    counts = frame.groupby("rule").size().sort_values(ascending=False)
    assert counts["review-litigation-total-mismatch"] == 4


def test_header_must_be_en_or_zh():
    with pytest.raises(ValueError):
        gongkai.to_frame([HONGZE], header="fr")


PINGTAN = [f"tests/fixtures/pingtan-{year}.html" for year in (2019, 2020, 2021, 2022)]


def test_the_series_is_paired_as_extract_pairs_it(cli):
    frame = gongkai.to_frame(PINGTAN)
    assert list(frame["previous"]) == [None, *PINGTAN[:3]]
    # The figures of the `previous-text-reused` findings, as they write them.
    assert list(frame["reuse_rate"]) == [None, "1.2%", "0.0%", "2.2%"]
    records = cli_csv(cli, *PINGTAN)[1:]
    for (_, row), record in zip(frame.iterrows(), records):
        assert [as_csv_text(v) for v in row] == record, record[0]
    # One report checked with last year's: the same figure.
    result = gongkai.check(PINGTAN[3], previous=PINGTAN[2])
    assert (result.previous, result.reuse_rate) == (PINGTAN[2], "2.2%")
    assert gongkai.check(PINGTAN[3]).previous is None
    # pair=False checks each report alone, as check_many does by default.
    assert gongkai.to_frame(PINGTAN, pair=False)["reuse_rate"].isna().all()
    paired = gongkai.check_many(PINGTAN, pair=True)
    assert [r.reuse_rate for r in paired] == [None, "1.2%", "0.0%", "2.2%"]
