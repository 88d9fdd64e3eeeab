"""``dossier evaluate stories`` on ECB+ (``../shared/eval/crossdoc/ecbplus/*.jsonl``): stories
as ``dossier add`` and linking make them, scored against the gold sub-topics, and the event
coreference inside them.

All the split's articles are pooled, with no gold topics, and go through what a user runs:
each article's body (its first ``body_start_sentence`` lines, the URL of ``ecbplus`` articles,
are skipped) is read as a plain-text article would be (:func:`~dossier.ingest.documents.
document_from_meta`: no date but what it states), added to a fresh SQLite store with
:func:`dossier.pipeline.add` and linked with :func:`dossier.link.run.link_all`. Then:

- ``doc_b3_f1``, ``doc_pairwise_f1``: the articles' stories (an article in no story is one of
  its own) against the gold sub-topics;
- ``event_conll_f1``: the gold event mentions of validated sentences, each read as dossier reads
  an event (:func:`dossier.evaluate.stories.analyse`), clustered with the story layer's own
  :func:`~dossier.link.stories.corefer` inside each story (an article in no story: inside the
  article); MUC, B³, CEAF-e and their mean;
- ``event_conll_f1_gold_subtopics``: the same with the gold sub-topics as the stories (the
  setting published systems report).

Beside them: TF-IDF average-link document clustering (fitted on the split, as the README's
anchor), and same-lemma event clustering inside the predicted stories and the gold sub-topics.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.errors import InputError
from dossier.evaluate.coref import b_cubed, conll
from dossier.evaluate.scoring import clusters, pairwise
from dossier.evaluate.stories import GoldMention, analyse, gold_clusters, same_lemma_clusters
from dossier.evaluate.stories import StoryDoc as MentionDoc
from dossier.link.eventmatch import EventItem

TASK = "stories"
TFIDF_SIMILARITY = 0.15
"""The anchor's threshold (cosine distance 0.85, tuned on train)."""


@dataclass(frozen=True)
class EcbDoc:
    """One ECB+ article: its body text and its validated gold event mentions."""

    id: str
    subtopic: str
    url: str | None
    text: str
    mentions: list[GoldMention]


def is_ecbplus(path: str | Path) -> bool:
    """Whether a gold path is ECB+ JSON Lines (not MEANTIME XML)."""
    return Path(path).suffix in (".jsonl", ".ndjson")


def load(path: str | Path, limit: int | None = None) -> list[EcbDoc]:
    """The articles of an ECB+ JSON Lines file (README beside it), in file order."""
    docs = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the ECB+ gold: {exc.strerror}", source=str(path)) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            docs.append(_doc(json.loads(line)))
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            message = f"line {number} is not an ECB+ document: {exc}"
            raise InputError(message, source=str(path)) from None
        if limit is not None and len(docs) >= limit:
            break
    if not docs:
        raise InputError("no ECB+ documents here", source=str(path))
    return docs


def _doc(data: dict[str, Any]) -> EcbDoc:
    body = data["sentences"][data["body_start_sentence"] :]
    first = data["body_start_sentence"]
    # Offsets of every token in the body text: tokens joined by spaces, sentences by newlines.
    starts: dict[tuple[int, int], tuple[int, int]] = {}
    offset = 0
    for s, tokens in enumerate(body, first):
        for t, token in enumerate(tokens):
            starts[s, t] = (offset, offset + len(token))
            offset += len(token) + 1
    text = "\n".join(" ".join(tokens) for tokens in body)
    mentions = []
    for m in data["mentions"]:
        if m["type"] != "event" or not m["validated"] or m["sentence"] < first:
            continue
        tokens = m.get("token_indices") or [m["start_token"], m["end_token"]]
        spans = [starts[m["sentence"], t] for t in (min(tokens), max(tokens))]
        mentions.append(GoldMention(m["id"], spans[0][0], spans[1][1], m["cluster"]))
    return EcbDoc(data["doc_id"], data["subtopic_id"], data.get("url"), text, mentions)


# -- what dossier makes of the articles ---------------------------------------------------------


def run_dossier(
    docs: Sequence[EcbDoc],
    nlp: Any,
    *,
    batch_size: int = 16,
    on_outcome: Callable[[], None] | None = None,
) -> tuple[dict[str, str], list[str], dict[str, Any]]:
    """Add the articles to a fresh store and link them: (ECB+ doc id -> dossier document id,
    the errors, the story of each dossier document as {document id: story id})."""
    from dossier.evaluate.linked import add_and_link
    from dossier.ingest.documents import Meta, document_from_meta
    from dossier.link.stories import list_stories

    articles = []
    for doc in docs:
        host = doc.url.split("/")[2] if doc.url and doc.url.count("/") >= 2 else None
        articles.append((doc.id, document_from_meta(doc.text, Meta(url=doc.url, outlet=host))))
    added, linked, stories = add_and_link(
        articles, nlp, list_stories, batch_size=batch_size, progress=on_outcome
    )
    ids = {source: document.id for source, document in articles}
    errors = [f"{source}: {reason}" for source, reason in added.failed]
    story_of = {r.document: story.id for story in stories for r in story.reports}
    info = {"stories": linked.counts["stories"], "link_seconds": round(linked.seconds, 2)}
    return ids, errors, {"story_of": story_of, **info}


def document_clusters(docs: Sequence[EcbDoc], key: Callable[[EcbDoc], str]) -> list[set[str]]:
    """The ECB+ doc ids grouped by ``key``."""
    return clusters({doc.id: key(doc) for doc in docs})


def document_scores(key: list[set[str]], response: list[set[str]]) -> dict[str, float]:
    """B³ and pairwise P/R/F1 of a document clustering."""
    p, r, f = b_cubed(key, response)
    pair = pairwise(key, response)
    return {
        "b3_p": p,
        "b3_r": r,
        "b3_f1": f,
        "pairwise_p": pair["precision"],
        "pairwise_r": pair["recall"],
        "pairwise_f1": pair["f1"],
        "clusters": len(response),
    }


def tfidf_clusters(docs: Sequence[EcbDoc]) -> list[set[str]]:
    """The README's anchor: TF-IDF of the body (English stop words, sublinear tf, idf fitted
    on these articles) and average-link clustering at cosine :data:`TFIDF_SIMILARITY`."""
    from dossier.link.profiles import average_link, cosine, words

    counts = {d.id: Counter(words(d.text)) for d in docs}
    df = Counter(w for c in counts.values() for w in c)
    n = len(docs)
    vectors = {}
    for doc_id, c in counts.items():
        v = {w: (1 + math.log(k)) * (math.log((1 + n) / (1 + df[w])) + 1) for w, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors[doc_id] = {w: x / norm for w, x in v.items()}
    groups = average_link(
        list(vectors), lambda a, b: cosine(vectors[a], vectors[b]), TFIDF_SIMILARITY
    )
    return [set(g) for g in groups]


def event_clusters(
    items: Sequence[EventItem],
    block_of: dict[str, str],
    clusterer: Callable[[Sequence[EventItem]], list[list[str]]],
) -> list[set[str]]:
    """Mention clusters made by ``clusterer`` inside each block (``block_of``: document ->
    block; a document in none is a block of its own)."""
    blocks: dict[str, list[EventItem]] = defaultdict(list)
    for item in items:
        blocks[block_of.get(item.document, f"doc:{item.document}")].append(item)
    found: list[set[str]] = []
    for members in blocks.values():
        found.extend(set(c) for c in clusterer(members))
    return found


def evaluate(
    docs: Sequence[EcbDoc],
    nlp: Any,
    *,
    gold: str,
    batch_size: int = 16,
    progress: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Score dossier's stories and their event coreference on ECB+ articles (module doc)."""
    from dossier.link.stories import corefer

    ids, errors, linked = run_dossier(docs, nlp, batch_size=batch_size, on_outcome=progress)
    story_of = linked.pop("story_of")
    predicted_block = {d.id: story_of.get(ids[d.id], f"doc:{d.id}") for d in docs}
    gold_block = {d.id: d.subtopic for d in docs}
    key_docs = document_clusters(docs, lambda d: d.subtopic)
    response_docs = document_clusters(docs, lambda d: predicted_block[d.id])

    mention_docs = [MentionDoc(d.id, "ecbplus", d.text, None, d.mentions) for d in docs]
    items, parse_errors = analyse(nlp, mention_docs, batch_size=batch_size)
    key_events = gold_clusters(mention_docs)
    doc_scores = document_scores(key_docs, response_docs)
    in_stories = conll(key_events, event_clusters(items, predicted_block, corefer))
    in_gold = conll(key_events, event_clusters(items, gold_block, corefer))
    lemma_stories = conll(key_events, event_clusters(items, predicted_block, same_lemma_clusters))
    lemma_gold = conll(key_events, event_clusters(items, gold_block, same_lemma_clusters))
    tfidf = document_scores(key_docs, tfidf_clusters(docs))
    return {
        "task": TASK,
        "gold": gold,
        "n": len(docs),
        "mentions": len(items),
        "metrics": {
            "doc_b3_f1": doc_scores["b3_f1"],
            "doc_pairwise_f1": doc_scores["pairwise_f1"],
            "event_conll_f1": in_stories["conll_f1"],
            "event_conll_f1_gold_subtopics": in_gold["conll_f1"],
        },
        "documents": doc_scores,
        "events": in_stories,
        "events_gold_subtopics": in_gold,
        "baselines": {
            "tfidf_documents": tfidf,
            "same_lemma_events": lemma_stories["conll_f1"],
            "same_lemma_events_gold_subtopics": lemma_gold["conll_f1"],
        },
        # The same four figures for the baselines, beside ``metrics`` in reports.
        "baseline": {
            "name": "TF-IDF / same lemma",
            "metrics": {
                "doc_b3_f1": tfidf["b3_f1"],
                "doc_pairwise_f1": tfidf["pairwise_f1"],
                "event_conll_f1": lemma_stories["conll_f1"],
                "event_conll_f1_gold_subtopics": lemma_gold["conll_f1"],
            },
        },
        "gold_subtopics": len(key_docs),
        "link": linked,
        "errors": errors + parse_errors,
    }
