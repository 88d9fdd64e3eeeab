"""``dossier spark extract``: articles in, Parquet datasets of records out, as a Spark job.

* Inputs are planned on the driver: folders are walked as ``dossier add`` walks them; JSON
  Lines files are read with ``textFile`` (a large file is split across executors, one article
  per line, its source ``path#L<line>``); every other file (text, Markdown, HTML, feeds) is
  read whole with ``binaryFiles`` and ingested with the same rules as the CLI.
* Each partition is ingested (``dossier.ingest``) and extracted with
  :func:`dossier.pipeline.extract` (``nlp.pipe`` in batches, then
  :func:`dossier.nlp.extraction_from_doc`), exactly as ``dossier add`` does. The spaCy pipeline
  is built once per executor Python process and kept in :data:`_PIPELINES` (Spark reuses its
  Python workers), never pickled from the driver.
* The results are cached, then written as one Parquet dataset per record type
  (:mod:`dossier.spark.schemas`), partitioned by ``published_month``, plus ``errors``
  (source, reason) for every article that gave no records. A bad article, even one that
  crashes the pipeline, becomes an error row; it never stops the job.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier import pipeline
from dossier.errors import DossierError, ExtractionError, InputError
from dossier.ingest import Ingested
from dossier.ingest.decode import DEFAULT_MAX_BYTES, decode_bytes, reject_binary
from dossier.ingest.feed import iter_feed
from dossier.ingest.htmlpage import declared_charset, parse_html
from dossier.ingest.jsonl import iter_jsonl, parse_line
from dossier.ingest.reader import _FORMATS, detect_format, walk_folder
from dossier.ingest.result import failed, succeeded
from dossier.ingest.text import parse_text
from dossier.spark.schemas import DATASETS, ERRORS, PARTITION, dataset_schema, errors_schema

logger = logging.getLogger(__name__)

JSONL_SUFFIXES = frozenset(s for s, f in _FORMATS.items() if f == "jsonl")

_PIPELINES: dict[str, Any] = {}
"""Model name -> its dossier pipeline, per Python process (an executor's worker)."""


def pipeline_for(model: str) -> Any:
    """The dossier pipeline of ``model``, built on first use in this process, then reused."""
    if model not in _PIPELINES:
        from dossier.nlp import DEFAULT_MODEL, build_pipeline

        _PIPELINES[model] = build_pipeline(model or DEFAULT_MODEL)
        logger.info("built the %s pipeline in this worker", model or DEFAULT_MODEL)
    return _PIPELINES[model]


# -- planning (driver) -------------------------------------------------------------------------


@dataclass
class Plan:
    """What to read: JSON Lines files (split by line) and whole files, plus inputs that fail
    before any reading (a missing path, an unsupported extension)."""

    jsonl: list[str] = field(default_factory=list)
    whole: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Every file of ``jsonl`` and ``whole``, in the order ``dossier add`` reads them."""
    errors: list[tuple[str, str]] = field(default_factory=list)


def plan_inputs(paths: Iterable[str | Path]) -> Plan:
    """Sort inputs into JSON Lines files and whole files; folders are walked like the CLI's.

    Paths with a scheme (``hdfs://``, ``s3a://``) go to Spark as they are, by extension.

    >>> plan = plan_inputs(["hdfs://nn/news.jsonl", "hdfs://nn/a.html", "/nowhere/x.txt"])
    >>> plan.jsonl, plan.whole, plan.errors
    (['hdfs://nn/news.jsonl'], ['hdfs://nn/a.html'], [('/nowhere/x.txt', 'no such file or \
directory')])
    """
    plan = Plan()
    for given in paths:
        text = str(given)
        if "://" in text:
            (plan.jsonl if Path(text).suffix.lower() in JSONL_SUFFIXES else plan.whole).append(text)
            plan.files.append(text)
            continue
        path = Path(given)
        if path.is_dir():
            files = walk_folder(path)
            if not files:
                plan.errors.append((text, "no files in folder"))
        elif path.exists():
            files = [path]
        else:
            plan.errors.append((text, "no such file or directory"))
            continue
        for file in files:
            try:
                detect_format(file)
            except InputError as exc:
                plan.errors.append((str(file), exc.message))
                continue
            target = plan.jsonl if file.suffix.lower() in JSONL_SUFFIXES else plan.whole
            target.append(str(file.resolve()))
            plan.files.append(str(file.resolve()))
    return plan


# -- ingest and extraction (executors) ---------------------------------------------------------


def ingest_record(kind: str, source: str, payload: Any, max_bytes: int) -> Iterator[Ingested]:
    """The articles of one input record: a JSON Lines line (``line``) or a whole file
    (``file``, its bytes), read with the same rules as ``dossier add``.

    >>> [i.document.text for i in ingest_record("line", "a.jsonl#L1", '{"text": "It rained."}', 9)]
    ['It rained.']
    >>> [i.error.message for i in ingest_record("file", "a.txt", b"%PDF-1.7", 100)]
    ['binary file (PDF document), not a text article']
    """
    if kind == "line":
        try:
            yield succeeded(source, parse_line(payload.removeprefix("\ufeff")))
        except InputError as exc:
            yield failed(source, exc)
        return
    try:
        yield from _read_data(Path(source), source, payload, max_bytes)
    except InputError as exc:
        yield failed(source, exc)


def _read_data(path: Path, source: str, data: bytes, max_bytes: int) -> Iterator[Ingested]:
    """``dossier.ingest.reader._read_file`` on bytes already read (by Spark)."""
    try:
        detect_format(path)
        if len(data) > max_bytes:
            raise InputError(f"file too large ({len(data)} bytes; the limit is {max_bytes})")
        fmt = _FORMATS.get(path.suffix.lower())
        if fmt == "feed":
            reject_binary(data)
            items = iter_feed(data, source=source)
        else:
            declared = declared_charset(data) if fmt in (None, "html") else None
            text = decode_bytes(data, declared=declared)
            fmt = detect_format(path, text[:2048])
            if fmt == "feed":
                items = iter_feed(data, source=source)
            elif fmt == "jsonl":
                items = iter_jsonl(text, source=source)
            elif fmt == "html":
                items = iter([succeeded(source, parse_html(text))])
            else:
                items = iter([succeeded(source, parse_text(text))])
    except InputError as exc:
        yield failed(source, exc)
        return
    yield from items


Order = tuple[int, int, int]
"""Where an article comes in the input, as ``dossier add`` reads it: (file number in the
plan, line number, article number in the record)."""
Result = tuple[str, str, Any, Order]
"""``("ok", source, extraction rows by dataset, order)`` or ``("error", source, reason,
order)``."""


def extract_partition(
    records: Iterable[tuple[str, str, Any, tuple[int, int]]],
    *,
    model: str = "",
    batch_size: int = 32,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Result]:
    """Ingest and extract one partition of input records: one result per article.

    Articles go through :func:`dossier.pipeline.extract` ``batch_size`` at a time; should a
    batch crash the pipeline itself, its articles are redone one by one so that only the
    article at fault becomes an error.
    """
    from dossier.spark.schemas import extraction_rows

    nlp = pipeline_for(model)
    items = (
        (item, (*where, k))
        for kind, source, payload, where in records
        for k, item in enumerate(ingest_record(kind, source, payload, max_bytes))
    )
    for batch in _batches(items, batch_size):
        articles = [item for item, _ in batch]
        try:
            outcomes = list(pipeline.extract(nlp, articles, batch_size=batch_size))
        except Exception:
            logger.exception("a batch crashed the pipeline; redoing it article by article")
            outcomes = [_extract_one(nlp, item) for item in articles]
        # pipeline.extract gives one outcome per item, in order
        for outcome, (_, order) in zip(outcomes, batch, strict=True):
            if outcome.error is not None or outcome.extraction is None:
                reason = outcome.error.message if outcome.error else "no extraction"
                yield ("error", outcome.source, reason, order)
            else:
                yield ("ok", outcome.source, extraction_rows(outcome.extraction), order)


def _extract_one(nlp: Any, item: Ingested) -> pipeline.Outcome:
    try:
        return next(iter(pipeline.extract(nlp, [item], batch_size=1)))
    except DossierError as exc:
        return pipeline.Outcome(item.source, item.document, error=exc)
    except Exception as exc:  # a crash on one article must not stop the job
        logger.exception("%s: extraction crashed", item.source)
        error = ExtractionError(f"{type(exc).__name__}: {exc}")
        return pipeline.Outcome(item.source, item.document, error=error)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# -- the job (driver) --------------------------------------------------------------------------


@dataclass
class ExtractSummary:
    articles: int = 0
    """Articles extracted (documents written)."""
    failed: int = 0
    """Rows of the errors dataset."""
    words: int = 0
    """Whitespace-separated words of the extracted articles' texts."""
    records: dict[str, int] = field(default_factory=dict)
    repeats: int = 0
    """Articles whose text (hence document id) came earlier in the input: kept once, the
    first in input order, as ``dossier add`` keeps the first ("already present")."""
    seconds: float = 0.0


def run_extract(
    spark: Any,
    paths: Sequence[str | Path],
    output: str | Path,
    *,
    model: str = "",
    partitions: int | None = None,
    batch_size: int = 32,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ExtractSummary:
    """Extract the articles under ``paths`` and write the datasets under ``output``
    (overwritten): ``documents``, ``entities``, ``timexes``, ``figures``, ``claims``,
    ``events`` (partitioned by ``published_month``) and ``errors``."""
    from pyspark import StorageLevel

    started = time.perf_counter()
    sc = spark.sparkContext
    parallelism = partitions or sc.defaultParallelism
    plan = plan_inputs(paths)
    number = {path: n for n, path in enumerate(plan.files)}
    inputs = [_jsonl_lines(sc, path, number[path], parallelism) for path in plan.jsonl]
    if plan.whole:
        files = sc.binaryFiles(",".join(plan.whole), minPartitions=parallelism)
        inputs.append(
            files.map(lambda kv: ("file", _local(kv[0]), kv[1], (number.get(_local(kv[0]), -1), 0)))
        )
    records = sc.union(inputs) if inputs else sc.emptyRDD()
    if partitions:
        records = records.repartition(partitions)

    tally = sc.accumulator({}, _CountsParam())

    def run(part: Iterable[tuple[str, str, Any, tuple[int, int]]]) -> Iterator[Result]:
        for result in extract_partition(
            part, model=model, batch_size=batch_size, max_bytes=max_bytes
        ):
            tally.add({"extracted": 1} if result[0] == "ok" else {"failed": 1})
            yield result

    def counted(parts: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
        tally.add(_counts(parts))
        return parts

    results = records.mapPartitions(run).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        # One document per id (its text's hash), the first in input order, as `dossier add`.
        ok = (
            results.filter(lambda r: r[0] == "ok")
            .map(lambda r: (r[2]["documents"][0]["id"], (r[3], r[2])))
            .reduceByKey(lambda a, b: a if a[0] <= b[0] else b)
            .map(lambda kv: counted(kv[1][1]))
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        summary = ExtractSummary()
        out = str(output)
        for name in DATASETS:
            rows = ok.flatMap(lambda parts, name=name: parts[name])
            frame = spark.createDataFrame(rows, dataset_schema(name))
            frame.write.mode("overwrite").partitionBy(PARTITION).parquet(f"{out}/{name}")
        ok.unpersist()
        errors = results.filter(lambda r: r[0] == "error").map(lambda r: (r[1], r[2]))
        errors = errors.union(sc.parallelize(plan.errors, 1))
        frame = spark.createDataFrame(errors, errors_schema()).coalesce(1)
        frame.write.mode("overwrite").parquet(f"{out}/{ERRORS}")
        # The results are computed once (persisted), so the tally counts each article once.
        counts = tally.value
        summary.articles = counts.get("documents", 0)
        summary.records = {n: counts.get(n, 0) for n in DATASETS}
        summary.words = counts.get("words", 0)
        summary.failed = counts.get("failed", 0) + len(plan.errors)
        summary.repeats = counts.get("extracted", 0) - summary.articles
    finally:
        results.unpersist()
    summary.seconds = time.perf_counter() - started
    logger.info(
        "extracted %d articles (%d failed) in %.1f s",
        summary.articles,
        summary.failed,
        summary.seconds,
    )
    return summary


def _counts(parts: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    counts = {name: len(rows) for name, rows in parts.items()}
    counts["words"] = len(parts["documents"][0]["text"].split())
    return counts


class _CountsParam:
    """An accumulator of counts by name (a pyspark ``AccumulatorParam``).

    >>> _CountsParam().addInPlace({"words": 2}, {"words": 3, "events": 1})
    {'words': 5, 'events': 1}
    """

    def zero(self, value: dict[str, int]) -> dict[str, int]:
        return {}

    def addInPlace(self, a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
        for key, value in b.items():
            a[key] = a.get(key, 0) + value
        return a


def _jsonl_lines(sc: Any, path: str, number: int, parallelism: int) -> Any:
    """The non-blank lines of a JSON Lines file as ``("line", "path#L<n>", line, (file
    number, n))`` records."""
    source = str(path)
    lines = sc.textFile(_uri(path), minPartitions=parallelism).zipWithIndex()
    return lines.filter(lambda li: li[0].strip()).map(
        lambda li: ("line", f"{source}#L{li[1] + 1}", li[0], (number, li[1] + 1))
    )


def _uri(path: str) -> str:
    return path if "://" in path else Path(path).as_uri()


def _local(uri: str) -> str:
    """A local path for a ``file:`` URI (other URIs unchanged).

    >>> _local("file:/data/news/a.txt"), _local("hdfs://nn/a.txt")
    ('/data/news/a.txt', 'hdfs://nn/a.txt')
    """
    if uri.startswith("file://"):
        return uri[len("file://") :]
    if uri.startswith("file:"):
        return uri[len("file:") :]
    return uri
