"""``dossier spark link``: cross-document linking as Spark jobs over ``spark extract`` output.

Near-duplicates, with the pure functions of :mod:`dossier.link.duplicates` (the same decisions
as ``dossier link``):

1. each document is shingled and sketched (:func:`~dossier.link.duplicates.shingles`,
   :class:`~dossier.link.duplicates.Sketcher`: the same MinHash bands), per partition;
2. the bucket keys are exploded and grouped by key: every pair of documents in a bucket is a
   candidate, emitted once, by the first bucket the two share (:func:`first_block_pairs`);
3. each candidate pair is joined with both shingle sets and decided with
   :func:`~dossier.link.duplicates.is_duplicate`: the matches are the edges;
4. connected components (:func:`components`): the edge list is collected and joined on the
   driver (union-find) when it has at most ``collect_limit`` edges, which is the usual case,
   since only near-copies are edges (a few per syndicated story, however large the corpus);
   past that, label propagation on the cluster (each node takes the smallest label among its
   neighbours until none changes: as many rounds as the longest chain of copies);
5. each group's original is its first document by
   :func:`~dossier.link.duplicates.original_key`, and every other member one
   :class:`~dossier.model.Duplicate` (exact Jaccard similarity to the original).

The records are written as Parquet (``duplicates``) under the output folder; then stories and
figure ledgers are built the same way over blocks (:mod:`dossier.spark.groups`) and written as
``stories`` and ``ledgers``; :func:`run_link` runs the three in order.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.link.components import union_find
from dossier.link.duplicates import (
    DEFAULT_MIN_SHARED,
    DEFAULT_NUM_PERM,
    DEFAULT_SHINGLE,
    DEFAULT_THRESHOLD,
    Params,
    Sketcher,
    is_duplicate,
    jaccard,
    original_key,
    shingles,
)
from dossier.model import Duplicate, Ledger, Story
from dossier.spark.schemas import model_struct

logger = logging.getLogger(__name__)

DEFAULT_COLLECT_LIMIT = 2_000_000
"""Most edges joined into components on the driver; more go to label propagation."""


@dataclass
class SparkLinkSummary:
    documents: int = 0
    candidates: int = 0
    """Candidate pairs (sharing a bucket) decided with their exact similarity."""
    pairs: int = 0
    """Of those, near-duplicates."""
    duplicates: int = 0
    """Duplicate records written."""
    components: str = ""
    """How the components were found: ``driver`` or ``propagation (N rounds)``."""
    seconds: float = 0.0


@dataclass
class GroupStage:
    candidates: int = 0
    edges: int = 0
    records: int = 0
    components: str = ""


@dataclass
class RunSummary:
    duplicates: SparkLinkSummary
    stories: GroupStage
    ledgers: GroupStage
    seconds: float = 0.0


# -- pure helpers (run on the executors) -------------------------------------------------------


def sketch_partition(
    rows: Iterable[tuple[str, str, str | None]], params: Params
) -> Iterator[tuple[str, tuple[str | None, int, frozenset[str], list[str]]]]:
    """(id, (published, text length, shingles, bucket keys)) per document of a partition;
    a document with fewer shingles than a duplicate must share gets no bucket key.

    >>> p = Params.make(0.5, min_shared=3)
    >>> [(i, len(keys)) for i, (_, _, _, keys) in sketch_partition(
    ...     [("a", "the duma ratified the pact with cuba", None), ("b", "too short", None)], p)]
    [('a', 42), ('b', 0)]
    """
    sketcher = Sketcher(params)
    for doc_id, text, published in rows:
        found = shingles(text, params.shingle)
        keys = sketcher.keys(found) if len(found) >= params.min_shared else []
        yield doc_id, (published, len(text), frozenset(found), keys)


def first_block_pairs(
    block: str, members: Iterable[tuple[str, frozenset[str], Any]]
) -> Iterator[tuple[tuple[str, frozenset[str], Any], tuple[str, frozenset[str], Any]]]:
    """The pairs (smaller id first) of the members ``(id, its blocks, value)`` of one block
    that have no smaller block in common, so that each pair is decided once, in the first
    block the two share, without a shuffle to remove repeats.

    >>> ms = [("b", frozenset({"k1", "k2"}), 0), ("a", frozenset({"k1", "k2"}), 0),
    ...       ("c", frozenset({"k2"}), 0)]
    >>> [(x[0], y[0]) for x, y in first_block_pairs("k1", ms)]
    [('a', 'b')]
    >>> [(x[0], y[0]) for x, y in first_block_pairs("k2", ms)]
    [('a', 'c'), ('b', 'c')]
    """
    ordered = sorted({m[0]: m for m in members}.values(), key=lambda m: m[0])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if min(a[1] & b[1]) == block:
                yield a, b


def exploded(item_id: str, blocks: Iterable[str], value: Any = None) -> list[tuple[str, Any]]:
    """(block, (id, blocks, value)) for each block of an item.

    >>> [b for b, _ in exploded("e1", ["k2", "k1", "k2"])]
    ['k1', 'k2']
    """
    keys = frozenset(blocks)
    return [(block, (item_id, keys, value)) for block in sorted(keys)]


def group_records(
    members: Iterable[tuple[str, tuple[str | None, int, frozenset[str], list[str]]]],
) -> list[Duplicate]:
    """The duplicate records of one group: its original first by
    :func:`~dossier.link.duplicates.original_key`, one record per other member.

    >>> words = "one two three four five six seven eight nine ten".split()
    >>> a = frozenset(shingles(" ".join(words)))
    >>> b = frozenset(shingles(" ".join(words[:-1])))
    >>> [(r.document, r.original, r.similarity) for r in group_records(
    ...     [("x", ("2026-03-02", 50, a, [])), ("y", ("2026-03-01", 45, b, []))])]
    [('x', 'y', 0.875)]
    """
    info = dict(members)
    if len(info) < 2:
        return []
    order = sorted(info, key=lambda d: original_key(info[d][0], info[d][1], d))
    original = order[0]
    return [
        Duplicate(
            document=copy,
            original=original,
            similarity=round(jaccard(set(info[copy][2]), set(info[original][2])), 4),
        )
        for copy in order[1:]
    ]


# -- Spark -------------------------------------------------------------------------------------


def components(spark: Any, edges: Any, *, collect_limit: int = DEFAULT_COLLECT_LIMIT):
    """(node, label) for every node of an RDD of edges (cached by the caller); the label is
    the smallest node of its connected component. Returns the RDD, how it was found, the
    number of edges and, when found on the driver, the labels as a dict (else None).

    Past ``collect_limit`` edges, label propagation runs as DataFrame joins in the JVM (no
    Python per row): each round every node takes the smallest label among itself and its
    neighbours, until no label changes; the lineage is cut every round (local checkpoint).
    """
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    count = edges.count()
    if count <= collect_limit:
        labels = union_find(edges.collect())
        rdd = sc.parallelize(sorted(labels.items()), max(1, sc.defaultParallelism))
        return rdd, "driver", count, labels
    pairs = spark.createDataFrame(edges, "a string, b string")
    both = pairs.union(pairs.select(F.col("b").alias("a"), F.col("a").alias("b")))
    both = both.distinct().localCheckpoint()
    labels = both.select(F.col("a").alias("node"), F.col("a").alias("label")).distinct()
    labels = labels.localCheckpoint()
    rounds = 0
    while True:
        rounds += 1
        offers = both.join(labels, both.a == labels.node).select(both.b.alias("node"), labels.label)
        fresh = labels.union(offers).groupBy("node").agg(F.min("label").alias("label"))
        fresh = fresh.localCheckpoint()
        old = labels.withColumnRenamed("label", "old")
        changed = fresh.join(old, "node").filter(F.col("label") != F.col("old")).count()
        labels = fresh
        if not changed:
            break
    return labels.rdd.map(tuple), f"propagation ({rounds} rounds)", count, None


def labelled(spark: Any, items: Any, labels: Any, local: dict[str, str] | None) -> Any:
    """(label, (id, value)) for the items (an RDD of (id, value)) that have a label: a filter
    against a broadcast of the labels when they are on the driver, else a join."""
    if local is not None:
        known = spark.sparkContext.broadcast(local)
        return items.filter(lambda kv: kv[0] in known.value).map(
            lambda kv: (known.value[kv[0]], kv)
        )
    return labels.join(items).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))


def counting(values: Iterable[Any], accumulator: Any) -> Iterator[Any]:
    """``values`` unchanged, adding one to ``accumulator`` per value (a count for free)."""
    for value in values:
        accumulator.add(1)
        yield value


def link_duplicates(
    spark: Any,
    folder: str | Path,
    output: str | Path,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    shingle: int = DEFAULT_SHINGLE,
    num_perm: int = DEFAULT_NUM_PERM,
    min_shared: int = DEFAULT_MIN_SHARED,
    collect_limit: int = DEFAULT_COLLECT_LIMIT,
) -> SparkLinkSummary:
    """Find the near-duplicates among the documents under ``folder`` and write them as the
    ``duplicates`` dataset under ``output`` (overwritten)."""
    from pyspark import StorageLevel

    started = time.perf_counter()
    sc = spark.sparkContext
    params = Params.make(threshold, shingle, num_perm, min_shared)
    summary = SparkLinkSummary()
    documents, decided, written = (sc.accumulator(0) for _ in range(3))
    docs = spark.read.parquet(f"{folder}/documents").select("id", "text", "published").rdd
    sketches = docs.map(tuple).mapPartitions(
        lambda rows: counting(sketch_partition(rows, params), documents)
    )
    sketches = sketches.persist(StorageLevel.MEMORY_AND_DISK)

    def decide(pair: Any) -> bool:
        decided.add(1)
        return is_duplicate(pair[1][0][1], pair[1][1], threshold, min_shared)

    try:
        candidates = (
            sketches.flatMap(lambda kv: exploded(kv[0], kv[1][3]))
            .groupByKey()
            .flatMap(lambda kv: first_block_pairs(kv[0], kv[1]))
            .map(lambda pair: (pair[0][0], pair[1][0]))
        )
        sets = sketches.mapValues(lambda v: v[2])
        edges = (
            candidates.join(sets)
            .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
            .join(sets)
            .filter(decide)
            .map(lambda kv: (kv[1][0][0], kv[0]))
            .cache()
        )
        labels, summary.components, summary.pairs, local = components(
            spark, edges, collect_limit=collect_limit
        )
        records = (
            labelled(spark, sketches, labels, local)
            .groupByKey()
            .flatMap(lambda kv: [r.model_dump() for r in group_records(kv[1])])
        )
        rows = records.mapPartitions(lambda rs: counting(rs, written))
        frame = spark.createDataFrame(rows, model_struct(Duplicate))
        frame.write.mode("overwrite").parquet(f"{output}/duplicates")
        edges.unpersist()
    finally:
        sketches.unpersist()
    summary.documents, summary.candidates, summary.duplicates = (
        documents.value,
        decided.value,
        written.value,
    )
    summary.seconds = time.perf_counter() - started
    logger.info(
        "%d documents: %d candidate pairs, %d duplicate pairs, %d duplicate records (%s)",
        summary.documents,
        summary.candidates,
        summary.pairs,
        summary.duplicates,
        summary.components,
    )
    return summary


def run_link(
    spark: Any,
    folder: str | Path,
    output: str | Path,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    collect_limit: int = DEFAULT_COLLECT_LIMIT,
) -> RunSummary:
    """Duplicates, then stories and ledgers (which count a copy once), under ``output``."""
    from pyspark.sql import functions as F

    from dossier.spark import groups
    from dossier.spark.schemas import model_struct as struct

    started = time.perf_counter()
    sc = spark.sparkContext
    dup = link_duplicates(spark, folder, output, threshold=threshold, collect_limit=collect_limit)
    records = spark.read.parquet(f"{output}/duplicates")
    pairs = sorted((r.document, r.original) for r in records.collect())
    links: dict[str, dict] = {"original": dict(pairs), "copies": {}}
    for copy, original in pairs:
        links["copies"].setdefault(original, []).append(copy)
    info = (
        spark.read.parquet(f"{folder}/documents")
        .join(records.select(F.col("document").alias("id")), "id")
        .select("id", "outlet", "published")
        .collect()
    )
    links_b = sc.broadcast(links)
    info_b = sc.broadcast({r.id: (r.outlet, r.published) for r in info})
    docs = groups.bundles(spark, str(folder)).cache()
    stages = {}
    for name, job, model in (
        ("stories", groups.link_stories, Story),
        ("ledgers", groups.link_ledgers, Ledger),
    ):
        written = sc.accumulator(0)
        rows, decided, edges, how = job(spark, docs, links_b, info_b, collect_limit=collect_limit)
        rows = rows.mapPartitions(lambda rs, n=written: counting(rs, n))
        spark.createDataFrame(rows, struct(model)).write.mode("overwrite").parquet(
            f"{output}/{name}"
        )
        stages[name] = GroupStage(decided.value, edges, written.value, how)
    docs.unpersist()
    return RunSummary(dup, stages["stories"], stages["ledgers"], time.perf_counter() - started)
