"""Start-up cost: building dossier's pipeline in a fresh process, with and without PETRARCH-2's
dictionaries (``DOSSIER_DICTIONARIES``), the model load alone as the baseline, same run.

    .venv/bin/python benchmarks/bench_startup.py [--runs 3] [--model NAME] [--json]

Each figure is the median over ``--runs`` fresh Python processes of the time from before the
import of dossier to the end of the first article's extraction (so lazily loaded data counts).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

PROBE = """
import time
start = time.perf_counter()
import spacy
if {bare}:
    spacy.load({model!r})
else:
    from dossier.nlp import build_pipeline
    from dossier.pipeline import extract
    nlp = build_pipeline({model!r})
    extract(nlp, "Rebels attacked a police post in the north on Monday, officials said.")
print(time.perf_counter() - start)
"""
CONFIGS = {
    "bare model load (baseline)": ("1", None),
    "pipeline, no dictionaries": ("0", "none"),
    "pipeline, actors": ("0", "actors"),
    "pipeline, agents": ("0", "agents"),
    "pipeline, verbs": ("0", "verbs"),
    "pipeline, all dictionaries": ("0", "all"),
}


def seconds(model: str, bare: str, dictionaries: str | None) -> float:
    env = dict(os.environ)
    env.pop("DOSSIER_DICTIONARIES", None)
    if dictionaries:
        env["DOSSIER_DICTIONARIES"] = dictionaries
    code = PROBE.format(bare=bare == "1", model=model)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default=None, help="spaCy model (default: dossier's)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    from dossier.nlp import DEFAULT_MODEL

    model = args.model or DEFAULT_MODEL
    result = {
        name: round(statistics.median(seconds(model, *config) for _ in range(args.runs)), 3)
        for name, config in CONFIGS.items()
    }
    if args.json:
        print(json.dumps({"model": model, "runs": args.runs, "seconds": result}))
        return 0
    print(f"start-up, median of {args.runs} fresh processes; model {model}")
    base = result["pipeline, no dictionaries"]
    for name, value in result.items():
        print(f"{name:30} {value:7.2f} s   {value - base:+6.2f} s vs no dictionaries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
