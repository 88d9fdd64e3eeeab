"""How much the boilerplate filter drops on real news text, and a sample of what it drops.

Runs :func:`dossier.ingest.boilerplate.strip_boilerplate` over the texts of ECB+ (dev and
train: tokens joined by spaces, one sentence a line; the first line of an ``ecbplus``
document is its URL), of the first ``--reuters`` Reuters-21578 articles and, as pages
scraped from the web with their leftovers, of PolNeAr's articles; and prints, per
corpus, the documents and lines read, the lines dropped by rule, and a random sample of
``--sample`` dropped lines (with the rule that dropped them) to judge precision by eye.
Reads the data from ``../shared/eval`` (never copied into the repository).

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_boilerplate.py [--reuters 2000] [--sample 40] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from dossier.ingest.boilerplate import strip_boilerplate

REPO_ROOT = Path(__file__).resolve().parent.parent
EVAL = REPO_ROOT.parent / "shared" / "eval"
ECBPLUS = [
    EVAL / "crossdoc" / "ecbplus" / "dev.jsonl",
    EVAL / "crossdoc" / "ecbplus" / "train.jsonl",
]
REUTERS = EVAL / "news" / "reuters21578.jsonl"
POLNEAR = EVAL / "attribution" / "polnear"


def _texts(paths: list[Path], limit: int | None = None) -> Iterator[tuple[str, str]]:
    count = 0
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if limit is not None and count >= limit:
                    return
                record = json.loads(line)
                count += 1
                yield str(record.get("doc_id") or record.get("id")), record["text"]


def _polnear() -> Iterator[tuple[str, str]]:
    """PolNeAr's scraped articles (Breitbart, HuffPost, USA Today ...), one file each."""
    seen: set[str] = set()
    for path in sorted(POLNEAR.glob("*/text/*.txt")):
        if path.name not in seen:  # a few files are in both parts
            seen.add(path.name)
            yield path.stem, path.read_text(encoding="utf-8")


def measure(name: str, texts: Iterator[tuple[str, str]], *, sample: int, seed: int) -> None:
    documents = lines = 0
    kinds: Counter[str] = Counter()
    dropped_lines: list[tuple[str, str, str]] = []
    touched = 0
    started = time.perf_counter()
    for doc_id, text in texts:
        documents += 1
        lines += sum(1 for line in text.split("\n") if line.strip())
        _, dropped = strip_boilerplate(text)
        touched += bool(dropped)
        for item in dropped:
            kinds[item.kind] += 1
            dropped_lines.append((doc_id, item.kind, item.text))
    seconds = time.perf_counter() - started
    total = len(dropped_lines)
    print(f"== {name}: {documents} documents, {lines} non-blank lines, {seconds:.2f} s")
    print(
        f"   dropped {total} lines ({100 * total / max(lines, 1):.2f}%) "
        f"in {touched} documents; by rule: {dict(kinds.most_common())}"
    )
    picked = random.Random(seed).sample(dropped_lines, min(sample, total))
    for doc_id, kind, text in picked:
        print(f"   [{kind:>12}] {doc_id}: {text[:110]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuters", type=int, default=2000, help="Reuters articles to read")
    parser.add_argument("--sample", type=int, default=40, help="dropped lines to print")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    measure("ECB+ dev+train", _texts(ECBPLUS), sample=args.sample, seed=args.seed)
    measure(
        "ECB+ dev+train, first line (URL) left out",
        (
            (doc_id, text.split("\n", 1)[-1])
            for doc_id, text in _texts(ECBPLUS)
            if doc_id.endswith("ecbplus")
        ),
        sample=args.sample,
        seed=args.seed,
    )
    measure(
        f"Reuters-21578, first {args.reuters}",
        _texts([REUTERS], args.reuters),
        sample=args.sample,
        seed=args.seed,
    )
    if POLNEAR.is_dir():
        measure("PolNeAr (scraped web articles)", _polnear(), sample=args.sample, seed=args.seed)


if __name__ == "__main__":
    main()
