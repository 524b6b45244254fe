"""check, check_many, extract: the same findings as the CLI, typed objects, errors, order."""

from __future__ import annotations

import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import gongkai
from conftest import FIXTURES, ROOT, cli_json, fixture_paths, run_cli

HONGZE = "tests/fixtures/hongze-district-2023.txt"
HONGZE_PDF = "tests/fixtures/hongze-district-2023.pdf"
SCANNED = "tests/fixtures/bad/scanned-no-text-layer.pdf"


def test_findings_equal_the_cli_json_on_every_fixture(cli):
    paths = fixture_paths()
    assert len(paths) > 200, "the fixtures are the repository's tests/fixtures"
    results = gongkai.check_many(paths)
    with ThreadPoolExecutor(max_workers=2) as pool:
        expected = list(pool.map(lambda p: cli_json(cli, p), paths))
    failed = []
    for path, result, entry in zip(paths, results, expected):
        # The whole file entry: path, format, form, error, every finding, skipped rules.
        assert result.to_dict() == entry, path
        assert [f.to_dict() for f in result.findings] == entry["diagnostics"], path
        if entry["error"] is None:
            assert result.ok and result.error is None
        else:
            failed.append(path)
            assert not result.ok
            assert result.error.kind == entry["error"]["kind"], path
            assert str(result.error) == entry["error"]["message"]
    # The two bad PDFs (no text layer, encrypted) and the PDF corpus's manifest (JSON Lines, no
    # report) are errors; everything else is read.
    assert failed == [
        "tests/fixtures/bad/encrypted-user-password.pdf",
        SCANNED,
        "tests/fixtures/pdf-corpus/manifest.jsonl",
    ]


@pytest.mark.parametrize(
    "path", [HONGZE, HONGZE_PDF, "tests/fixtures/shanghai-govoffice-2019.tsv.txt"]
)
def test_english_messages_equal_the_cli(cli, path):
    result = gongkai.check(path, lang="en")
    assert result.to_dict() == cli_json(cli, path, "--lang", "en")


def test_previous_year_equals_the_cli(cli):
    current, previous = "tests/fixtures/pingtan-2022.html", "tests/fixtures/pingtan-2021.html"
    result = gongkai.check(current, previous=previous)
    assert result.to_dict() == cli_json(cli, current, "--previous", previous)
    # Given as bytes, last year's report is read the same way.
    as_bytes = gongkai.check(current, previous=Path(previous).read_bytes())
    assert [f.rule for f in as_bytes.findings] == [f.rule for f in result.findings]


def test_select_and_ignore_equal_the_cli(cli):
    selected = gongkai.check(HONGZE, select="review-litigation")
    assert selected.to_dict() == cli_json(cli, HONGZE, "--select", "review-litigation")
    assert {f.rule for f in selected.findings} == {"review-litigation-total-mismatch"}
    ignored = gongkai.check(HONGZE, ignore=["review-litigation-total-mismatch"])
    assert [f.rule for f in ignored.findings] == ["structure-label-variant"]


def test_unknown_selector_is_a_value_error_with_a_suggestion():
    with pytest.raises(ValueError, match="review-litigation-total-mismatch"):
        gongkai.check(HONGZE, ignore="review-litigation-total-mismatc")


def test_the_hongze_findings_as_typed_objects():
    result = gongkai.check(HONGZE)
    assert isinstance(result, gongkai.Result)
    assert (result.path, result.format, result.form) == (HONGZE, "text", "2021")
    rules = [f.rule for f in result.findings]
    assert rules == [
        "structure-label-variant",
        "review-litigation-total-mismatch",
        "review-litigation-total-mismatch",
    ]
    review = result.findings[1]
    assert isinstance(review, gongkai.Finding)
    assert review.severity == "error"
    assert review.expected == "11"
    assert review.message == (
        "表四「行政复议」：总计为 0，但 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 10 + 1 + 0 + 0 = 11"
    )
    assert review.help == "表四 / 行政复议 / 总计 应为 11"
    primary = review.primary
    assert isinstance(primary, gongkai.Label)
    assert (primary.line, primary.column, primary.text, primary.page) == (131, 10, "0", None)
    assert primary.is_primary and primary.document == "current"
    assert primary.message == "行政复议 / 总计 0，应为 11"
    assert [l.text for l in review.labels if not l.is_primary] == ["10", "1", "0", "0"]
    assert all(isinstance(s, gongkai.Skipped) and s.reason for s in result.skipped)
    assert json.loads(result.to_json()) == result.to_dict()
    assert result.report["metadata"]["organisation"]["value"] == "洪泽区人民政府"


def test_a_pdf_label_has_its_page():
    review = gongkai.check(HONGZE_PDF).findings[1]
    assert (review.primary.page, review.primary.line) == (4, 19)


def test_bytes_are_checked_under_the_name_given():
    data = (ROOT / HONGZE).read_bytes()
    result = gongkai.check(data, name="洪泽.txt")
    assert result.path == "洪泽.txt"
    assert [f.to_dict() for f in result.findings] == [
        f.to_dict() for f in gongkai.check(HONGZE).findings
    ]
    assert gongkai.check(bytearray(data)).path == "<bytes>"


@pytest.mark.parametrize(
    "source, kind",
    [(b"", "empty"), (b"\x00" * 1000, "binary"), ("no/such/report.txt", "io")],
)
def test_errors_are_read_errors_with_the_cli_kind(source, kind):
    with pytest.raises(gongkai.ReadError) as raised:
        gongkai.check(source)
    assert raised.value.kind == kind
    assert raised.value.message == str(raised.value)
    assert raised.value.path == (source if isinstance(source, str) else "<bytes>")


def test_an_error_in_english():
    with pytest.raises(gongkai.ReadError, match="no such file or directory"):
        gongkai.check("no/such/report.txt", lang="en")


def test_an_unreadable_pdf_has_the_kind_of_the_cli(cli):
    entry = cli_json(cli, SCANNED)
    with pytest.raises(gongkai.ReadError) as raised:
        gongkai.check(SCANNED)
    assert raised.value.kind == entry["error"]["kind"]


def test_one_bad_file_never_loses_the_others():
    paths = [HONGZE, "no/such/report.txt", SCANNED, str(FIXTURES), HONGZE_PDF]
    results = gongkai.check_many(paths, jobs=2)
    assert [r.path for r in results] == paths
    assert [r.ok for r in results] == [True, False, False, False, True]
    assert [r.error.kind for r in results if not r.ok] == ["io", "needs_ocr", "not_a_file"]
    assert results[1].findings == [] and results[1].report is None
    assert len(results[4].findings) == 3
    with pytest.raises(gongkai.ReadError) as raised:
        gongkai.check_many(paths, errors="raise")
    assert raised.value.path == "no/such/report.txt"
    with pytest.raises(gongkai.ReadError):
        results[1].raise_for_error()
    assert results[0].raise_for_error() is results[0]


def test_parallel_results_come_in_the_order_given():
    paths = [p for p in fixture_paths() if not p.endswith(".pdf")] * 3
    random.Random(17).shuffle(paths)
    one = [r.to_dict() for r in gongkai.check_many(paths, jobs=1)]
    two = [r.to_dict() for r in gongkai.check_many(paths, jobs=2)]
    alone = [gongkai.check_many([p])[0].to_dict() for p in paths]
    assert [d["path"] for d in two] == paths
    assert two == one == alone


def test_check_many_takes_any_iterable_of_paths():
    results = gongkai.check_many(Path(p) for p in [HONGZE, HONGZE])
    assert [r.path for r in results] == [HONGZE, HONGZE]
    with pytest.raises(TypeError):
        gongkai.check_many(HONGZE)
    with pytest.raises(ValueError):
        gongkai.check_many([HONGZE], jobs=0)


def test_check_many_releases_the_gil():
    """Another Python thread runs while check_many works: the GIL is released."""
    paths = [p for p in fixture_paths() if not p.endswith(".pdf")] * 4
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        time.sleep(0.05)
        start = time.perf_counter()
        gongkai.check_many(paths, jobs=1)
        end = time.perf_counter()
    finally:
        stop.set()
        ticker.join()
    during = [t for t in ticks if start < t < end]
    # Holding the GIL, the ticker would stand still for the whole call (one switch at most).
    assert len(during) > 1000, (len(during), end - start)


def test_extract_gives_the_cli_model(cli):
    done = run_cli(cli, "extract", HONGZE)
    assert done.returncode == 0, done.stderr.decode()
    assert gongkai.extract(HONGZE) == json.loads(done.stdout)
    with pytest.raises(gongkai.ReadError) as raised:
        gongkai.extract(b"")
    assert raised.value.kind == "empty"


def test_extract_many_puts_errors_in_place():
    out = gongkai.extract_many([HONGZE, "no/such/report.txt", HONGZE_PDF], jobs=2)
    assert out[0]["metadata"]["year"]["value"] == 2023
    assert isinstance(out[1], gongkai.ReadError) and out[1].kind == "io"
    organisation = out[0]["metadata"]["organisation"]["value"]
    assert out[2]["metadata"]["organisation"]["value"] == organisation == "洪泽区人民政府"
    with pytest.raises(gongkai.ReadError):
        gongkai.extract_many([HONGZE, "no/such/report.txt"], errors="raise")
