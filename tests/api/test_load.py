"""A short, bounded load run (benchmarks/bench_load.py) as a test: readers on the article,
ledger and search pages of a real ``dossier serve`` while a writer posts articles; nothing
fails. The full run, with its latency figures, is the benchmark."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_load.py"


def load_module():
    spec = importlib.util.spec_from_file_location("bench_load", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readers_and_a_writer_get_no_errors(tmp_path: Path):
    bench = load_module()
    db = tmp_path / "load.db"
    bench.build_small_store(db)
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps(
                {
                    "text": f"The port of Velora reopened on Monday after a {i}-day strike, "
                    "the union said, and ships began to load grain again.",
                    "date": f"2031-03-{i:02d}",
                }
            )
            for i in range(1, 28)
        ),
        "utf-8",
    )
    result = bench.run(db, seconds=6, readers=2, corpus=corpus)
    assert all(p["errors"] == 0 for p in result["pages"].values()), result["error_samples"]
    assert all(p["requests"] > 0 for p in result["pages"].values())
    assert result["writer"]["errors"] == 0, result["error_samples"]
    assert result["writer"]["articles"] > 0
