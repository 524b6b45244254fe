"""Shared fixtures of the Python package's tests: the repository's report fixtures and the CLI.

The tests compare the package with the `gongkai` binary on the same files. The binary is
`$GONGKAI_BIN`, else `target/debug/gongkai` of the workspace (built by `cargo test --workspace`,
which scripts/test runs first); a missing binary fails the tests that need it, never skips them.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import List

import pytest

#: The repository's root: the tests run the CLI and the package from there, with the same
#: relative paths, so that the `path` of both outputs is the same string.
ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures"


def fixture_paths() -> List[str]:
    """Every file under tests/fixtures but its README, as paths relative to the root, sorted."""
    return sorted(
        str(p.relative_to(ROOT))
        for p in FIXTURES.rglob("*")
        if p.is_file() and p.name != "README.md"
    )


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def cli() -> Path:
    binary = Path(os.environ.get("GONGKAI_BIN", ROOT / "target" / "debug" / "gongkai"))
    if not binary.is_file():
        pytest.fail(
            f"the gongkai binary {binary} is missing: build it with `cargo build -p gongkai-cli` "
            "or set GONGKAI_BIN"
        )
    return binary


def run_cli(binary: Path, *args: str) -> subprocess.CompletedProcess:
    """Runs the CLI at the root, without any gongkai.toml."""
    return subprocess.run(
        [str(binary), *args], cwd=ROOT, capture_output=True, check=False
    )


def cli_json(binary: Path, path: str, *args: str) -> dict:
    """The file entry of `gongkai check --format json PATH` (one file: no pairing)."""
    done = run_cli(binary, "check", "--no-config", "--format", "json", *args, path)
    assert done.returncode in (0, 1, 2), done.stderr.decode()
    files = json.loads(done.stdout)["files"]
    assert len(files) == 1
    return files[0]
