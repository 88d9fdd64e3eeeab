"""Benchmark ``dossier spark extract`` (Spark local mode) next to ``dossier add`` on the same
Reuters-21578 articles, in one run.

Each side runs as the real command, in a subprocess, on the same first N articles (one JSON
Lines file in a temporary folder, never in the repository):

* ``dossier add FILE --db NEW.db --processes P`` for each P of ``--processes``;
* ``dossier spark extract FILE --output DIR --master MASTER --json``.

Words are the whitespace-separated words of the articles extracted (the same count for every
side). Two rates are printed: over the command's wall time (start-up included: Python imports,
the spaCy model, the JVM and Spark session for Spark) and, for Spark, over the job alone (from
its summary: planning, extraction in the executors, the Parquet writes).

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_spark.py [--n 500] [--master 'local[*]']
                                               [--processes 1,2] [--corpus PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "eval" / "news" / "reuters21578.jsonl"
DOSSIER = str(Path(sys.executable).parent / "dossier")


def sample(corpus: Path, n: int, target: Path) -> int:
    """Write the first ``n`` articles of ``corpus`` to ``target``; return how many."""
    count = 0
    with corpus.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as dst:
        for line in src:
            if not line.strip():
                continue
            dst.write(line)
            count += 1
            if count >= n:
                break
    return count


def stored_words(db: Path) -> tuple[int, int]:
    """(articles, words) of the documents in a store."""
    from dossier.store import open_store

    with open_store(db) as store:
        docs = store.list_documents(limit=10**9)
    return len(docs), sum(len(d.text.split()) for d in docs)


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    return time.perf_counter() - started, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--processes", default="1,2", help="comma-separated, for dossier add")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp:
        folder = Path(tmp)
        articles = folder / "reuters.jsonl"
        n = sample(args.corpus, args.n, articles)
        print(f"{n} articles from {args.corpus}", file=sys.stderr)
        for processes in [int(p) for p in args.processes.split(",") if p]:
            db = folder / f"add{processes}.db"
            wall, done = timed(
                [DOSSIER, "add", str(articles), "--db", str(db), "--processes", str(processes)]
            )
            extracted, words = stored_words(db)
            rows.append(
                {
                    "side": f"dossier add --processes {processes}",
                    "articles": extracted,
                    "words": words,
                    "wall_s": round(wall, 1),
                    "words_per_s_wall": round(words / wall),
                    "job_s": None,
                    "words_per_s_job": None,
                }
            )
            print(f"add x{processes}: {wall:.1f} s (exit {done.returncode})", file=sys.stderr)
        out = folder / "parquet"
        wall, done = timed(
            [
                DOSSIER,
                "spark",
                "extract",
                str(articles),
                "--output",
                str(out),
                "--master",
                args.master,
                "--json",
            ]
        )
        if done.returncode != 0:
            sys.exit(f"dossier spark extract failed:\n{done.stderr[-3000:]}")
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(
            {
                "side": f"dossier spark extract --master {args.master}",
                "articles": summary["articles"],
                "words": summary["words"],
                "wall_s": round(wall, 1),
                "words_per_s_wall": round(summary["words"] / wall),
                "job_s": round(summary["seconds"], 1),
                "words_per_s_job": round(summary["words"] / summary["seconds"]),
            }
        )
        print(f"spark: {wall:.1f} s", file=sys.stderr)
    report = {"n": n, "cpus": os.cpu_count(), "rows": rows}
    if args.json:
        print(json.dumps(report))
        return
    print(f"{n} Reuters-21578 articles, {os.cpu_count()} CPUs")
    head = f"{'side':<40} {'articles':>8} {'words':>7} {'wall s':>7} {'words/s':>8} "
    print(head + f"{'job s':>6} {'words/s job':>11}")
    for r in rows:
        job = f"{r['job_s']:>6} {r['words_per_s_job']:>11}" if r["job_s"] else f"{'':>6} {'':>11}"
        print(
            f"{r['side']:<40} {r['articles']:>8} {r['words']:>7} {r['wall_s']:>7} "
            f"{r['words_per_s_wall']:>8} {job}"
        )


if __name__ == "__main__":
    main()
