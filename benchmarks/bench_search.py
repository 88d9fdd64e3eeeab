"""Search latency before (LIKE scan, ``query.search_like``) and after (FTS5 trigram on SQLite,
pg_trgm + tsvector on PostgreSQL, ``query.search``), at 10,000 and 100,000 stored articles.

Articles: Reuters-21578 (``../shared/eval/news/reuters21578.jsonl``) repeated with new ids,
inserted straight into the documents table in bulk (the search index follows by trigger on
SQLite, by its indexes on PostgreSQL), not through the pipeline. Five queries: a word, two
words, a phrase, a substring of a name, a word with a date filter. Reports p50 and p99 (ms) of
one page of 20 hits (with the total), per query, backend, size and method.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_search.py [--sizes 10000 100000] [--backends sqlite
        postgres] [--runs 30] [--like-runs 5] [--pg postgresql://postgres@127.0.0.1:5432/postgres]
        [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy import insert, make_url

from dossier.store import Store, open_store
from dossier.store import query as q
from dossier.store.schema import documents

REUTERS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "news" / "reuters21578.jsonl"
QUERIES: list[tuple[str, str, dict[str, str]]] = [
    ("word", "cocoa", {}),
    ("two words", "crude prices", {}),
    ("phrase", '"interest rates"', {}),
    ("name substring", "Volck", {}),
    ("word + dates", "coffee", {"date_from": "1987-03-01", "date_to": "1987-03-15"}),
]
BATCH = 2000


def articles() -> list[dict[str, str]]:
    """Reuters articles with a text."""
    rows = [json.loads(line) for line in REUTERS.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if (r.get("text") or "").strip()]


def fill(store: Store, source: list[dict[str, str]], n: int) -> float:
    """Insert ``n`` articles (Reuters repeated, new ids) in bulk; seconds taken."""
    added = datetime.now(UTC).isoformat()
    start = time.perf_counter()
    with store.engine.begin() as conn:
        for first in range(0, n, BATCH):
            rows = []
            for i in range(first, min(n, first + BATCH)):
                art = source[i % len(source)]
                rows.append(
                    {
                        "id": f"bench{i:011d}",
                        "title": art.get("title"),
                        "text": art["text"],
                        "outlet": "Reuters",
                        "language": "en",
                        "published": (art.get("date") or "")[:10] or None,
                        "added_at": added,
                    }
                )
            conn.execute(insert(documents), rows)
    return time.perf_counter() - start


def timed(call, runs: int) -> tuple[float, float, int]:
    """p50 and p99 (ms) of ``runs`` calls after one warm-up; the total found."""
    total = call().total
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return statistics.median(times), p99, total


def bench(store: Store, runs: int, like_runs: int) -> list[dict[str, object]]:
    """Time every query, after and before."""
    out = []
    for label, text, filters in QUERIES:
        p50, p99, total = timed(lambda t=text, f=filters: q.search(store, t, limit=20, **f), runs)
        # The LIKE scan has no filters: it is timed on the words alone.
        l50, l99, ltotal = timed(lambda t=text: q.search_like(store, t, limit=20), like_runs)
        out.append(
            {
                "query": label,
                "q": text,
                "filters": filters,
                "after_p50": round(p50, 1),
                "after_p99": round(p99, 1),
                "after_total": total,
                "before_p50": round(l50, 1),
                "before_p99": round(l99, 1),
                "before_total": ltotal,
            }
        )
    return out


def run_backend(backend: str, n: int, args: argparse.Namespace, source) -> list[dict]:
    """Build a store of ``n`` articles on ``backend``, time the queries, drop the store."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
            load = fill(store, source, n)
            rows = bench(store, args.runs, args.like_runs)
    else:
        name = f"dossier_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = make_url(args.pg).set(database=name).render_as_string(hide_password=False)
            with open_store(url) as store:
                load = fill(store, source, n)
                with store.engine.connect() as conn:
                    conn.exec_driver_sql("ANALYZE documents")
                rows = bench(store, args.runs, args.like_runs)
        finally:
            with psycopg.connect(args.pg, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for row in rows:
        row.update(backend=backend, articles=n, load_s=round(load, 1))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--like-runs", type=int, default=5)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    source = articles()
    results = []
    for n in args.sizes:
        for backend in args.backends:
            rows = run_backend(backend, n, args, source)
            results += rows
            if not args.json:
                print(f"\n{backend}, {n:,} articles (bulk load {rows[0]['load_s']} s)")
                print(
                    f"{'query':16} {'after p50/p99 ms':>18} {'hits':>6}   {'LIKE p50/p99 ms':>17}"
                )
                for r in rows:
                    after = f"{r['after_p50']}/{r['after_p99']}"
                    before = f"{r['before_p50']}/{r['before_p99']}"
                    print(f"{r['query']:16} {after:>18} {r['after_total']:>6}   {before:>17}")
                sys.stdout.flush()
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
