"""Throughput of each installed language's pipeline next to its bare base parse, one run.

    .venv/bin/python benchmarks/bench_languages.py [--languages es,ru,...] [--n 200] [--json]

For each language: start-up (loading the base, then dossier's component), then the same
articles through the bare base pipeline (the baseline: tokens, lemmas, NER and parse where the
language has them) and through dossier's full pipeline, in words per second.

Articles: real news where the shared evaluation data has it (Spanish: AFP articles of
UniversalPetrarch's BRAT set; Russian: factRuEval-2016 test texts), else the three paragraphs
of ``benchmarks/data/languages/<code>.txt`` (written for this benchmark), repeated.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MULTILINGUAL = ROOT.parent / "shared" / "eval" / "multilingual"
OWN = ROOT / "benchmarks" / "data" / "languages"


def articles(code: str, n: int) -> tuple[list[str], str]:
    """Up to ``n`` article texts in ``code`` and where they come from."""
    if code == "es":
        path = MULTILINGUAL / "events-es" / "brat" / "Protest_CAMEO_round4_JJ.zip"
        if path.is_file():
            with zipfile.ZipFile(path) as archive:
                names = sorted(x for x in archive.namelist() if x.endswith(".txt"))[:n]
                return [archive.read(x).decode("utf-8") for x in names], "AFP (BRAT set)"
    if code == "ru":
        folder = MULTILINGUAL / "ner-ru" / "factRuEval-2016" / "testset"
        if folder.is_dir():
            paths = sorted(folder.glob("*.txt"))[:n]
            return [p.read_text("utf-8-sig") for p in paths], "factRuEval-2016 test"
    own = OWN / f"{code}.txt"
    if not own.is_file():
        return [], "none"
    paragraphs = [p for p in own.read_text("utf-8").split("\n\n") if p.strip()]
    return [paragraphs[i % len(paragraphs)] for i in range(n)], f"own ({own.name}, repeated)"


def measure(code: str, n: int) -> dict:
    from dossier.ingest import make_document
    from dossier.lang.bases import build_base
    from dossier.lang.pipeline import build_language_pipeline
    from dossier.nlp import make_doc

    texts, origin = articles(code, n)
    if not texts:
        return {"language": code, "error": "no articles"}
    start = time.perf_counter()
    base = build_base(code)
    base_load = time.perf_counter() - start
    start = time.perf_counter()
    nlp = build_language_pipeline(code)
    full_load = time.perf_counter() - start
    documents = [make_document(t, published="2024-01-15", language=code) for t in texts]
    words = sum(len(d.text.split()) for d in documents)

    for d in documents[:3]:  # lazy loads (lemma tables, natasha's models) are start-up, not speed
        base(d.text)
        nlp(make_doc(nlp, d))
    start = time.perf_counter()
    for d in documents:
        base(d.text)
    bare = time.perf_counter() - start
    start = time.perf_counter()
    records = 0
    for d in documents:
        doc = nlp(make_doc(nlp, d))
        records += sum(
            len(getattr(doc._, name) or [])
            for name in ("dossier_timexes", "dossier_entities", "dossier_figures", "dossier_events")
        )
    full = time.perf_counter() - start
    return {
        "language": code,
        "articles": len(documents),
        "source": origin,
        "words": words,
        "startup_base_s": round(base_load, 2),
        "startup_full_s": round(full_load, 2),
        "bare_words_per_s": round(words / bare),
        "dossier_words_per_s": round(words / full),
        "dossier_cost_x_bare": round(full / bare, 2),
        "records": records,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="es,fr,ru,uk,pt,de")
    parser.add_argument("--n", type=int, default=200, help="articles per language")
    parser.add_argument("--json", action="store_true", help="print one JSON object per language")
    args = parser.parse_args()

    from dossier.lang.registry import LANGUAGES

    print(f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    for code in args.languages.split(","):
        spec = LANGUAGES[code]
        if not spec.installed:
            result = {"language": code, "error": f"not installed: {spec.install}"}
        else:
            result = measure(code, args.n)
        if args.json:
            print(json.dumps(result))
        elif "error" in result:
            print(f"{code}: {result['error']}")
        else:
            print(
                f"{code}: {result['articles']} articles ({result['source']}), "
                f"{result['words']} words; start-up {result['startup_full_s']} s "
                f"(base {result['startup_base_s']} s); bare parse "
                f"{result['bare_words_per_s']} words/s, dossier {result['dossier_words_per_s']} "
                f"words/s ({result['dossier_cost_x_bare']}x the bare parse); "
                f"{result['records']} records"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
