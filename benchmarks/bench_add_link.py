"""Benchmark adding Reuters-21578 articles to a store and linking them (``dossier add`` then
``dossier link``): extraction and linking time per article as the store grows.

One SQLite store is grown in steps (1,000, 5,000, 10,000 articles by default). At each step
the new articles are extracted and stored (the full pipeline: parse, all extractors, records)
and then the whole link stage runs (duplicates, entities, stories, ledgers), which only looks
at the new articles. Printed per step: extraction ms per new article, link ms per new article
(and per stage), and the stories and ledgers in the store. If linking grew quadratically with
the store, the link time per new article would grow from step to step.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_add_link.py [--sizes 1000,5000,10000] [--processes 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "eval" / "news" / "reuters21578.jsonl"
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from bench_link import load  # noqa: E402

from dossier import pipeline  # noqa: E402
from dossier.ingest.result import Ingested  # noqa: E402
from dossier.link import link_all  # noqa: E402
from dossier.nlp import DEFAULT_MODEL, build_pipeline  # noqa: E402
from dossier.store import open_store  # noqa: E402


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def run(corpus: Path, sizes: list[int], processes: int, model: str) -> dict[str, Any]:
    docs = load(corpus, max(sizes))
    log(f"{len(docs)} documents from {corpus}")
    nlp = build_pipeline(model)
    steps = []
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        done = 0
        for n in sizes:
            batch = docs[done:n]
            words = sum(len(d.text.split()) for d in batch)
            started = time.perf_counter()
            items = (Ingested(f"reuters#{i}", d, None) for i, d in enumerate(batch))
            added = pipeline.add(store, nlp, items, n_process=processes)
            extract_s = time.perf_counter() - started
            summary = link_all(store)
            new = max(1, len(batch))
            step = {
                "store_size": n,
                "new": len(batch),
                "words": words,
                "stored": len(added.added),
                "extract_ms_per_article": round(1000 * extract_s / new, 2),
                "link_ms_per_article": round(1000 * summary.seconds / new, 2),
                "stage_ms_per_article": {
                    "duplicates": round(1000 * summary.duplicates.seconds / new, 2),
                    "stories": round(1000 * summary.stories.seconds / new, 2),
                    "ledgers": round(1000 * summary.ledgers.seconds / new, 2),
                },
                "pairs_compared": {
                    "stories": summary.stories.compared,
                    "ledgers": summary.ledgers.compared,
                },
                "duplicates": summary.duplicates.duplicates,
                "stories": summary.counts["stories"],
                "ledgers": summary.counts["ledgers"],
            }
            log(json.dumps(step))
            steps.append(step)
            done = n
    return {"corpus": str(corpus), "processes": processes, "model": model, "steps": steps}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"error: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    result = run(args.corpus, sizes, args.processes, args.model)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"Reuters-21578, {result['processes']} processes, model {result['model']}")
    print(
        f"{'store':>6} {'new':>6} {'extract ms/art':>15} {'link ms/art':>12} "
        f"{'dups':>7} {'stories':>8} {'ledgers':>8} {'copies':>7} {'stories':>8} {'ledgers':>8}"
    )
    for s in result["steps"]:
        st = s["stage_ms_per_article"]
        print(
            f"{s['store_size']:>6} {s['new']:>6} {s['extract_ms_per_article']:>15.1f} "
            f"{s['link_ms_per_article']:>12.2f} {st['duplicates']:>7.2f} {st['stories']:>8.2f} "
            f"{st['ledgers']:>8.2f} {s['duplicates']:>7} {s['stories']:>8} {s['ledgers']:>8}"
        )
    print("(dups/stories/ledgers: link ms per new article by stage; then records in the store)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
