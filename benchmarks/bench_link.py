"""Benchmark near-duplicate linking (``dossier link``) on Reuters-21578 articles.

Documents are made with :func:`dossier.ingest.make_document` and stored without running
spaCy (linking reads only the text), in a temporary SQLite store. Two measurements:

1. **from scratch**: a store of the first N articles (N = 1,000, 5,000, 10,000 by default),
   linked in one run: milliseconds per article;
2. **incremental**: one store grown in steps to the same sizes, linked after each step: the
   milliseconds per *new* article at each store size. If linking were quadratic, this would
   grow with the store; with LSH buckets it should stay flat.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_link.py [--sizes 1000,5000,10000] [--corpus PATH] [--json]
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

from dossier.errors import InputError  # noqa: E402
from dossier.ingest import make_document  # noqa: E402
from dossier.link import link_duplicates  # noqa: E402
from dossier.model import Document, Extraction  # noqa: E402
from dossier.store import open_store  # noqa: E402


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def load(corpus: Path, n: int) -> list[Document]:
    """The first ``n`` readable articles of a JSON Lines corpus, as Documents."""
    docs: list[Document] = []
    seen: set[str] = set()
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if len(docs) >= n:
                break
            row = json.loads(line)
            try:
                doc = make_document(
                    row.get("text") or "",
                    title=row.get("title"),
                    published=(row.get("date") or "")[:10] or None,
                    outlet="Reuters",
                )
            except InputError:
                continue
            if doc.id not in seen:  # identical texts are one document in the store
                seen.add(doc.id)
                docs.append(doc)
    return docs


def fill(store: Any, docs: list[Document]) -> float:
    started = time.perf_counter()
    for doc in docs:
        store.add(Extraction(document=doc))
    return time.perf_counter() - started


def run(corpus: Path, sizes: list[int]) -> dict[str, Any]:
    docs = load(corpus, max(sizes))
    log(f"{len(docs)} documents from {corpus}")
    words = sum(len(d.text.split()) for d in docs) / max(1, len(docs))
    result: dict[str, Any] = {
        "corpus": str(corpus),
        "mean_words": round(words, 1),
        "scratch": [],
        "incremental": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            with open_store(Path(tmp) / f"scratch-{n}.db") as store:
                fill(store, docs[:n])
                summary = link_duplicates(store)
            row = {
                "n": n,
                "link_s": round(summary.seconds, 3),
                "ms_per_article": round(1000 * summary.seconds / n, 3),
                "candidates": summary.candidates,
                "pairs": summary.pairs,
                "duplicates": summary.duplicates,
            }
            log(f"scratch {row}")
            result["scratch"].append(row)
        with open_store(Path(tmp) / "incremental.db") as store:
            done = 0
            for n in sizes:
                fill(store, docs[done:n])
                summary = link_duplicates(store)
                new = n - done
                row = {
                    "store_size": n,
                    "new": new,
                    "link_s": round(summary.seconds, 3),
                    "ms_per_new_article": round(1000 * summary.seconds / max(1, new), 3),
                    "duplicates": summary.duplicates,
                }
                log(f"incremental {row}")
                result["incremental"].append(row)
                done = n
            again = link_duplicates(store)
            result["relink_nothing_new_s"] = round(again.seconds, 3)
    result["params"] = summary.params
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"error: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    result = run(args.corpus, sizes)
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"Reuters-21578, mean {result['mean_words']} words per article; params {result['params']}"
    )
    print("from scratch (one link run over a store of N articles):")
    print(f"{'N':>7} {'link s':>8} {'ms/article':>11} {'candidates':>11} {'pairs':>6} {'dups':>6}")
    for r in result["scratch"]:
        print(
            f"{r['n']:>7} {r['link_s']:>8.2f} {r['ms_per_article']:>11.3f} "
            f"{r['candidates']:>11} {r['pairs']:>6} {r['duplicates']:>6}"
        )
    print("incremental (store grown in steps, linked after each):")
    print(f"{'store':>7} {'new':>6} {'link s':>8} {'ms/new article':>15} {'dups':>6}")
    for r in result["incremental"]:
        print(
            f"{r['store_size']:>7} {r['new']:>6} {r['link_s']:>8.2f} "
            f"{r['ms_per_new_article']:>15.3f} {r['duplicates']:>6}"
        )
    print(f"relinking with nothing new: {result['relink_nothing_new_s']:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
