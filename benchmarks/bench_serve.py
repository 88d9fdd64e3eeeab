"""Benchmark ``dossier serve``: latency of the article and ledger pages on a store of Reuters
articles.

Builds (or reuses, ``--db``) a store of the first N Reuters-21578 articles, extracted with the
full pipeline and linked (``dossier add`` + ``dossier link``; 10,000 articles take about 15
minutes on 2 processes, so the store is kept and reused: adding and linking again skip what is
there). Then serves it with uvicorn on loopback and times, one request at a time over a
keep-alive connection (httpx), a few hundred requests to each page, on ids drawn at random:

* the article page ``/articles/{id}`` (HTML, when the web pages exist) and its JSON twin
  ``/api/documents/{id}``;
* a ledger page ``/ledgers/{id}`` (HTML) and ``/api/ledgers/{id}``;
* for reference, ``/api/home``, ``/api/events?actor=USA`` and ``/api/search?q=...``.

Prints p50, p90, p99 and max in milliseconds per page.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_serve.py [--n 1000] [--db PATH] [--requests 300]
        [--processes 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from importlib.util import find_spec
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "eval" / "news" / "reuters21578.jsonl"
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

import httpx  # noqa: E402
import uvicorn  # noqa: E402
from bench_link import load  # noqa: E402
from sqlalchemy import select  # noqa: E402

from dossier import pipeline  # noqa: E402
from dossier.api.app import create_app  # noqa: E402
from dossier.ingest.result import Ingested  # noqa: E402
from dossier.link import link_all  # noqa: E402
from dossier.nlp import DEFAULT_MODEL, build_pipeline  # noqa: E402
from dossier.store import Store, open_store  # noqa: E402
from dossier.store.schema import documents, ledgers  # noqa: E402

WARMUP = 20


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def build(store: Store, corpus: Path, n: int, processes: int, model: str) -> dict[str, Any]:
    """Add the first ``n`` articles (those not stored yet) and link; what it took."""
    docs = load(corpus, n)
    missing = [d for d in docs if not store.has(d.id)]
    log(f"{len(docs)} articles from {corpus}, {len(missing)} not stored yet")
    took: dict[str, Any] = {"articles": len(docs), "added": 0, "extract_s": 0.0}
    if missing:
        started = time.perf_counter()
        items = (Ingested(f"reuters#{i}", d, None) for i, d in enumerate(missing))
        summary = pipeline.add(store, build_pipeline(model), items, n_process=processes)
        took.update(added=len(summary.added), extract_s=round(time.perf_counter() - started, 1))
        log(f"added {len(summary.added)} in {took['extract_s']} s")
    started = time.perf_counter()
    link_all(store)
    took["link_s"] = round(time.perf_counter() - started, 1)
    return took


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50, p90, p99, max and mean of latencies in seconds, in milliseconds.

    >>> percentiles([0.001] * 99 + [0.1])["p50_ms"]
    1.0
    """
    ordered = sorted(samples)

    def at(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 2)

    return {
        "p50_ms": at(0.50),
        "p90_ms": at(0.90),
        "p99_ms": at(0.99),
        "max_ms": round(1000 * ordered[-1], 2),
        "mean_ms": round(1000 * statistics.fmean(ordered), 2),
    }


def time_page(http: httpx.Client, paths: list[str], requests: int) -> dict[str, Any]:
    """Latencies of ``requests`` GETs cycling over ``paths`` (after a few unmeasured ones)."""
    samples: list[float] = []
    errors = 0
    sizes: list[int] = []
    for i in range(WARMUP + requests):
        path = paths[i % len(paths)]
        started = time.perf_counter()
        response = http.get(path)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            errors += 1
        if i >= WARMUP:
            samples.append(elapsed)
            sizes.append(len(response.content))
    return {
        **percentiles(samples),
        "requests": requests,
        "errors": errors,
        "mean_kb": round(statistics.fmean(sizes) / 1024, 1),
    }


def run(
    db: Path, corpus: Path, n: int, requests: int, processes: int, model: str
) -> dict[str, Any]:
    result: dict[str, Any] = {"n": n, "db": str(db), "requests": requests}
    with open_store(db) as store:
        result["build"] = build(store, corpus, n, processes, model)
        result["counts"] = store.counts()
        with store.engine.connect() as conn:
            doc_ids = list(conn.scalars(select(documents.c.id).order_by(documents.c.id)))
            ledger_rows = conn.execute(select(ledgers.c.id, ledgers.c.entries)).all()
        rng = random.Random(0)
        docs = rng.sample(doc_ids, min(len(doc_ids), requests))
        ledger_ids = [r.id for r in ledger_rows]
        rng.shuffle(ledger_ids)
        result["largest_ledger_entries"] = max((len(r.entries) for r in ledger_rows), default=0)
        pages: dict[str, list[str]] = {
            "/api/documents/{id}": [f"/api/documents/{d}" for d in docs],
        }
        web = find_spec("dossier.api.web") is not None
        if web:
            pages["/articles/{id} (HTML)"] = [f"/articles/{d}" for d in docs]
        if ledger_ids:
            pages["/api/ledgers/{id}"] = [f"/api/ledgers/{x}" for x in ledger_ids]
            if web:
                pages["/ledgers/{id} (HTML)"] = [f"/ledgers/{x}" for x in ledger_ids]
        pages["/api/home"] = ["/api/home"]
        pages["/api/events?actor=USA"] = ["/api/events?actor=USA"]
        pages["/api/search?q=..."] = [
            f"/api/search?q={w}" for w in ("oil", "bank", "Tokyo", "profit", "wheat")
        ]
        port = free_port()
        config = uvicorn.Config(
            create_app(store=store), host="127.0.0.1", port=port, log_level="warning"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
                result["pages"] = {}
                for name, paths in pages.items():
                    result["pages"][name] = time_page(http, paths, requests)
                    log(f"{name}: {result['pages'][name]}")
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="Reuters articles in the store")
    parser.add_argument("--db", type=Path, help="the store to build or reuse")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"error: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    db = args.db or Path(tempfile.gettempdir()) / f"dossier-bench-serve-{args.n}.db"
    result = run(db, args.corpus, args.n, args.requests, args.processes, args.model)
    if args.json:
        print(json.dumps(result))
        return 0
    counts = result["counts"]
    print(
        f"store {result['db']}: {counts['documents']} articles, {counts['stories']} stories, "
        f"{counts['ledgers']} ledgers (largest: {result['largest_ledger_entries']} entries); "
        f"build {result['build']}"
    )
    print(f"{'page':<24} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'KB':>7} errors")
    for name, r in result["pages"].items():
        print(
            f"{name:<24} {r['p50_ms']:>8.2f} {r['p90_ms']:>8.2f} {r['p99_ms']:>8.2f} "
            f"{r['max_ms']:>8.2f} {r['mean_kb']:>7.1f} {r['errors']:>6}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
