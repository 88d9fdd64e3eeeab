"""Bounded coverage-guided fuzzing runs (atheris, ``fuzz/``) over ingest and extraction: no
exception other than dossier's own escapes. Seeds: the bundled examples. Crashes found by
longer runs become regression tests next to the code they broke."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

if shutil.which("true") is None:  # pragma: no cover
    pytest.skip("no POSIX tools", allow_module_level=True)
try:
    import atheris  # noqa: F401
except ImportError:  # atheris is in the dev extra; CI has it
    if os.environ.get("CI"):
        raise
    pytest.skip("atheris is not installed", allow_module_level=True)


def fuzz(script: str, seeds: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # libFuzzer reads its memory from getrusage's peak, which a forked child inherits from this
    # pytest process (large once other tests have loaded several languages' pipelines): its
    # default 2 GB limit would measure the parent, so the limit is raised well above both.
    limit = "-rss_limit_mb=8192"
    return subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / script), *args, limit, str(seeds)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=seeds.parent,  # a crash file, if any, lands in the test's folder
        check=False,
    )


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "examples", folder)
    return folder


def test_ingest_survives_fuzzing(seeds: Path):
    run = fuzz("fuzz_ingest.py", seeds, "-runs=3000", "-max_len=4096", "-seed=1")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Done 3000 runs" in run.stderr


def test_extraction_survives_fuzzing(seeds: Path):
    run = fuzz("fuzz_extract.py", seeds, "-runs=150", "-max_len=1024", "-seed=1")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Done 150 runs" in run.stderr
