"""Stories and figure ledgers as Spark jobs, with the pure functions of ``dossier.link``.

The store-side stages (:mod:`dossier.link.stories`, :mod:`dossier.link.ledgers`) read each
article or figure with facts of its own article only: its document's date, outlet and text, the
entities, events and claims of the same document. So the items are built per document here
(the datasets of ``spark extract``, cogrouped by ``document_id``) exactly as the store-side
``read`` functions build them (same rules, same order), then:

1. block keys are exploded (:meth:`~dossier.link.stories.StoryGrouping.blocks`: an article's
   heaviest words; :func:`~dossier.link.ledgers.topic_blocks`) and grouped by key, each item
   carried into its blocks, so that the pairs are decided inside each block, each pair once,
   in the first block the two share (:func:`~dossier.spark.link.first_block_pairs`);
2. each pair is decided with the same predicate as ``dossier link``
   (:meth:`~dossier.link.stories.StoryGrouping.same`;
   :func:`~dossier.link.ledgers.incidents_close` + :func:`~dossier.link.figurematch.same_topic`);
3. connected components (:func:`dossier.spark.link.components`), ids from
   :func:`~dossier.link.groups.group_id`;
4. the records with :func:`~dossier.link.stories.make_stories` and
   :func:`~dossier.link.ledgers.make_ledger`, the duplicate links (a broadcast of the
   ``duplicates`` records) telling copies from originals.

Only the lexical ledger grouping is done (``dossier link --ledgers hybrid`` needs sentence
embeddings on every executor).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from dossier.link.entities import default_lexicon, entity_key
from dossier.link.groups import Copies, group_id
from dossier.link.ledgers import KIND as LEDGER
from dossier.link.ledgers import (
    LedgerFigure,
    LedgerGrouping,
    article_facts,
    claim_source,
    ledger_figure,
    make_ledger,
)
from dossier.link.stories import (
    StoryDoc,
    StoryGrouping,
    make_stories,
    records_neutral,
    story_doc,
    story_event,
)
from dossier.model import Claim, Entity, Event, Figure, Ledger, Timex
from dossier.spark.link import components, exploded, first_block_pairs, labelled
from dossier.spark.schemas import PARTITION

logger = logging.getLogger(__name__)

Bundle = dict[str, Any]
"""One document's records: ``document`` (a dict) and lists of Entity, Event, Figure, Claim,
each in its extraction order."""

_PARTS = {
    "entities": Entity,
    "events": Event,
    "figures": Figure,
    "claims": Claim,
    "timexes": Timex,
}


def _record(row: Mapping[str, Any], model: type) -> Any:
    data = {k: v for k, v in row.items() if k not in ("document_id", "seq", PARTITION)}
    return model.model_validate(data)


def bundles(spark: Any, folder: str) -> Any:
    """(document id, :data:`Bundle`) for every document of a ``spark extract`` output."""
    docs = (
        spark.read.parquet(f"{folder}/documents")
        .select("id", "published", "outlet", "text", "title", "language")
        .rdd.map(lambda r: (r.id, r.asDict()))
    )
    parts = [
        spark.read.parquet(f"{folder}/{name}").rdd.map(
            lambda r: (r.document_id, r.asDict(recursive=True))
        )
        for name in _PARTS
    ]
    names = list(_PARTS)

    def assemble(kv: tuple[str, tuple[Iterable[Any], ...]]) -> Iterator[tuple[str, Bundle]]:
        doc_id, (doc_rows, *part_rows) = kv
        doc_rows = list(doc_rows)
        if not doc_rows:
            return
        bundle: Bundle = {"document": doc_rows[0]}
        for name, rows in zip(names, part_rows, strict=True):
            ordered = sorted(rows, key=lambda r: r["seq"])
            bundle[name] = [_record(r, _PARTS[name]) for r in ordered]
        yield doc_id, bundle

    return docs.groupWith(*parts).flatMap(assemble)


# -- items, per document (the store-side ``_read`` functions on one document) -----------------


def story_items(bundle: Bundle) -> list[tuple[str, StoryDoc]]:
    """(document id, the document as :class:`~dossier.link.stories.StoryGrouping` reads it)
    for one document."""
    doc = bundle["document"]
    lex = default_lexicon()
    keys = {e.id: entity_key(e, lex)[:255] for e in bundle["entities"]}
    places = {
        e.id: (f"geo:{e.geo.geonames_id}" if e.geo and e.geo.geonames_id else e.country, e.name)
        for e in bundle["entities"]
    }
    events = [
        story_event(
            event,
            doc["id"],
            published=doc["published"],
            outlet=doc["outlet"],
            keys=keys,
            places=places,
            text=doc["text"],
        )
        for event in bundle["events"]
    ]
    item = story_doc(
        doc["id"],
        doc["text"],
        title=doc.get("title"),
        published=doc["published"],
        outlet=doc["outlet"],
        language=doc.get("language"),
        events=events,
        neutral=records_neutral(
            bundle["entities"], bundle["events"], bundle["figures"], bundle["timexes"]
        ),
    )
    return [(doc["id"], item)]


def ledger_items(bundle: Bundle) -> list[tuple[str, tuple[LedgerFigure, Any, tuple]]]:
    """(figure id, (the figure as :class:`~dossier.link.ledgers.LedgerGrouping` reads it, its
    claim and the claim's source entity name or None, (outlet, published))) for one document."""
    if not bundle["figures"]:  # nothing to read, not even the article's profile
        return []
    doc = bundle["document"]
    text = doc["text"]
    countries, main, places = article_facts(bundle["entities"])
    names = {e.id: e.name for e in bundle["entities"]}
    claims = {c.id: (c, names.get(c.source.entity or "")) for c in bundle["claims"]}
    about = story_doc(
        doc["id"],
        text,
        title=doc.get("title"),
        published=doc["published"],
        outlet=doc["outlet"],
        language=doc.get("language"),
    )
    found = []
    for figure in bundle["figures"]:
        read = ledger_figure(
            figure,
            doc["id"],
            text,
            bundle["events"],
            countries,
            main,
            doc["published"],
            about,
            language=doc.get("language"),
            source=claim_source(*claims[figure.claim]) if figure.claim in claims else None,
            places=places,
        )
        claim = claims.get(figure.claim or "")
        found.append((figure.id, (read, claim, (doc["outlet"], doc["published"]))))
    return found


def copies_of(documents: Iterable[str], links: Mapping[str, Any]) -> Copies:
    """The duplicate links naming any of ``documents`` (as :func:`dossier.link.groups.copies`
    reads them from the store). ``links``: ``original`` (copy -> original) and ``copies``
    (original -> its copies).

    >>> links = {"original": {"b": "a", "c": "a"}, "copies": {"a": ["b", "c"]}}
    >>> c = copies_of(["a"], links)
    >>> c.original, c.copies
    ({'b': 'a', 'c': 'a'}, {'a': ['b', 'c']})
    >>> copies_of(["x"], links).original
    {}
    """
    found = Copies({}, {})
    for doc in documents:
        if doc in links["original"]:
            found.original[doc] = links["original"][doc]
        for copy in links["copies"].get(doc, []):
            found.original[copy] = doc
    for copy, original in sorted(found.original.items()):
        found.copies.setdefault(original, []).append(copy)
    return found


# -- the jobs ----------------------------------------------------------------------------------


def group_items(
    spark: Any, items: Any, blocks: Any, same: Any, *, collect_limit: int
) -> tuple[Any, Any, int, str]:
    """Group ``items`` (a cached RDD of (id, value)): (RDD of groups as lists of (id, value)
    sorted by id, an accumulator of the candidate pairs decided, edges, how the components
    were found)."""
    decided = spark.sparkContext.accumulator(0)

    def decide(block: str, members: Iterable[Any]) -> Iterator[tuple[str, str]]:
        for a, b in first_block_pairs(block, members):
            decided.add(1)
            if same(a[2], b[2]):
                yield a[0], b[0]

    edges = (
        items.flatMap(lambda kv: exploded(kv[0], blocks(kv[1]), kv[1]))
        .groupByKey()
        .flatMap(lambda kv: decide(kv[0], kv[1]))
        .cache()
    )
    labels, how, count, local = components(spark, edges, collect_limit=collect_limit)
    groups = (
        labelled(spark, items, labels, local)
        .groupByKey()
        .map(lambda kv: sorted(kv[1], key=lambda m: m[0]))
        .filter(lambda members: len(members) >= 2)
    )
    return groups, decided, count, how


def link_stories(spark: Any, docs: Any, links: Any, copy_info: Any, *, collect_limit: int):
    """(RDD of Story records as dicts, candidates, edges, components)."""
    grouping = StoryGrouping()
    items = docs.flatMap(lambda kv: story_items(kv[1])).cache()
    groups, pairs, edges, how = group_items(
        spark,
        items,
        grouping.blocks,
        grouping.same,
        collect_limit=collect_limit,
    )

    def record(members: list[tuple[str, StoryDoc]]) -> list[dict[str, Any]]:
        found = copies_of([m[0] for m in members], links.value)
        info = {c: copy_info.value.get(c, (None, None)) for cs in found.copies.values() for c in cs}
        return [story.model_dump() for story in make_stories([m[1] for m in members], found, info)]

    return groups.flatMap(record), pairs, edges, how


def link_ledgers(spark: Any, docs: Any, links: Any, copy_info: Any, *, collect_limit: int):
    """(RDD of Ledger records as dicts, candidates, edges, components); lexical grouping."""
    grouping = LedgerGrouping("lexical")
    items = docs.flatMap(lambda kv: ledger_items(kv[1])).cache()
    groups, pairs, edges, how = group_items(
        spark,
        items,
        lambda v: grouping.blocks(v[0]),
        lambda a, b: grouping.same(a[0], b[0]),
        collect_limit=collect_limit,
    )

    def record(members: list[tuple[str, tuple[LedgerFigure, Any, tuple]]]) -> list[dict]:
        figures = [m[1][0] for m in members]
        found = copies_of({f.item.document for f in figures}, links.value)
        info = {f.item.document: m[1][2] for f, m in zip(figures, members, strict=True)}
        for cs in found.copies.values():
            for c in cs:
                info[c] = copy_info.value.get(c, (None, None))
        claims = {m[1][1][0].id: m[1][1] for m in members if m[1][1] is not None}
        ledger: Ledger | None = make_ledger(
            group_id(LEDGER, [m[0] for m in members]), figures, claims, info, found
        )
        return [ledger.model_dump()] if ledger else []

    return groups.flatMap(record), pairs, edges, how


__all__ = [
    "bundles",
    "copies_of",
    "group_items",
    "ledger_items",
    "link_ledgers",
    "link_stories",
    "story_items",
]
