"""Cost of each of dossier's components per 1,000 words, next to the bare spaCy parse, one run.

    .venv/bin/python benchmarks/bench_components.py [--n 1000] [--corpus PATH] [--model NAME]

Every component runs on the same Docs, one after the other, in pipeline order, so each is timed
on exactly the input it gets in production; the spaCy components together are "the parse".
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "news" / "reuters21578.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--model", default=None, help="spaCy model (default: dossier's)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    import spacy

    from dossier.ingest import make_document
    from dossier.nlp import DEFAULT_MODEL, build_pipeline, make_doc

    documents = []
    with args.corpus.open(encoding="utf-8") as lines:
        for line in lines:
            if len(documents) >= args.n:
                break
            record = json.loads(line)
            if record.get("text", "").strip():
                documents.append(make_document(record["text"], published=record.get("date")))
    words = sum(len(d.text.split()) for d in documents)

    nlp = build_pipeline(args.model or DEFAULT_MODEL)
    docs = [make_doc(nlp, d) for d in documents]
    seconds = {name: 0.0 for name in nlp.pipe_names}
    for name, component in nlp.pipeline:
        start = time.perf_counter()
        docs = list(component.pipe(docs) if hasattr(component, "pipe") else map(component, docs))
        seconds[name] += time.perf_counter() - start

    ours = [name for name in nlp.pipe_names if name.startswith("dossier_")]
    parse = sum(s for name, s in seconds.items() if name not in ours)
    rows = {name: seconds[name] for name in ours}
    result = {
        "articles": len(documents),
        "words": words,
        "model": args.model or DEFAULT_MODEL,
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "parse_s": round(parse, 3),
        "parse_ms_per_1k_words": round(1000 * parse / words * 1000, 2),
        "components": {
            name: {
                "s": round(s, 3),
                "ms_per_1k_words": round(1000 * s / words * 1000, 2),
                "share_of_parse": round(s / parse, 4),
            }
            for name, s in rows.items()
        },
    }
    # Actor resolution runs in two components: entities codes the names, events its actors.
    coding = [n for n in ("dossier_entities", "dossier_events") if n in seconds]
    result["event_coding_share_of_parse"] = round(sum(seconds[n] for n in coding) / parse, 4)
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"{len(documents)} Reuters articles, {words:,} words; model {result['model']}, "
        f"spaCy {result['spacy']}, Python {result['python']}"
    )
    print(f"{'stage':28} {'seconds':>8} {'ms/1k words':>12} {'x parse':>8}")
    baseline = result["parse_ms_per_1k_words"]
    print(f"{'bare spaCy parse (baseline)':28} {parse:8.2f} {baseline:12.2f} {1:8.3f}")
    for name, row in result["components"].items():
        print(
            f"{name:28} {row['s']:8.2f} {row['ms_per_1k_words']:12.2f} {row['share_of_parse']:8.3f}"
        )
    share = result["event_coding_share_of_parse"]
    print(f"{'entities + events (coding)':28} {'':8} {'':12} {share:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
