"""Score figure ledgers against a gold grouping of figure mentions.

The gold (JSON Lines, one figure mention a line; ``benchmarks/gold/ledgers_ecbplus.jsonl``) says,
for each figure chosen in a real article: ``doc_id``, ``start``/``end`` (character offsets into
the article's text as given, nothing dropped), ``figure`` (the words, a check), ``group`` (one
subject, measure class and event: "the 10 killed by the Qeshm quake of 2005"), ``contested``
(whether the group's reports really disagree) and optionally ``split`` and ``class``. The
article texts come from separate JSON Lines files (``doc_id``, ``text``, optionally ``url``,
``outlet``, ``published``: ECB+'s converted files have the first two and a URL), so the gold
holds annotation only.

:func:`evaluate` adds the gold's articles to a temporary SQLite store through dossier's own
pipeline and link stage (what ``dossier add`` and ``dossier link`` do), reads the ledgers back,
maps each gold figure to the stored figure at the same place, and reports:

* pairwise precision, recall and F1 of grouping: a pair of gold figures is predicted together
  when one ledger holds both, and is gold together when they share a group; a gold figure
  dossier did not extract, or left out of every ledger, is alone (it costs recall);
* contested accuracy over gold groups: a group is predicted contested when the ledger holding
  most of its figures is (no ledger: not contested).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import select

from dossier.errors import ConfigError
from dossier.evaluate.scoring import clusters, pairwise

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GoldFigure:
    """One annotated figure mention."""

    doc_id: str
    start: int
    end: int
    figure: str
    group: str
    contested: bool = False
    split: str | None = None
    klass: str | None = None


def load_gold(path: Path, split: str | None = None) -> list[GoldFigure]:
    """The gold figures of ``path`` (of one ``split`` when given). Raises ConfigError for a
    missing file or a line that is not a gold figure."""
    if not path.is_file():
        raise ConfigError(f"no ledger gold at {path}")
    found = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            item = GoldFigure(
                doc_id=str(row["doc_id"]),
                start=int(row["start"]),
                end=int(row["end"]),
                figure=str(row["figure"]),
                group=str(row["group"]),
                contested=bool(row.get("contested", False)),
                split=row.get("split"),
                klass=row.get("class"),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{n}: not a gold figure ({exc})") from exc
        if split is None or item.split == split:
            found.append(item)
    return found


def load_texts(paths: Iterable[Path], wanted: set[str]) -> dict[str, dict[str, Any]]:
    """doc id -> its row (``text``, ``url``...) for the documents in ``wanted``."""
    found: dict[str, dict[str, Any]] = {}
    for path in paths:
        if not path.is_file():
            raise ConfigError(f"no article texts at {path}")
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if not line.strip():
                    continue
                row = json.loads(line)
                if str(row.get("doc_id")) in wanted:
                    found[str(row["doc_id"])] = row
    missing = sorted(wanted - found.keys())
    if missing:
        raise ConfigError(f"no text for {len(missing)} gold documents, e.g. {missing[0]}")
    return found


def map_offset(original: str, stored: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``original[start:end]`` is in ``stored`` (the text after dossier's normalisation):
    the same occurrence of the same words, counted from the start.

    >>> map_offset("a  5 b 5", "a 5 b 5", 7, 8)
    (6, 7)
    >>> map_offset("x 5", "x 6", 2, 3) is None
    True
    """
    if original == stored:
        return start, end
    words = original[start:end]
    nth = original.count(words, 0, start)
    at = -1
    for _ in range(nth + 1):
        at = stored.find(words, at + 1)
        if at < 0:
            return None
    return at, at + len(words)


def _document(row: dict[str, Any]):
    from dossier.ingest.documents import make_document

    url = row.get("url")
    outlet = row.get("outlet") or (urlparse(url).netloc.removeprefix("www.") if url else None)
    return make_document(
        row["text"],
        url=url,
        outlet=outlet or str(row["doc_id"]),  # an unnamed outlet is its own voice
        title=row.get("title"),
        published=row.get("published"),
        language="en",
    )


def evaluate(
    gold: Sequence[GoldFigure],
    texts: dict[str, dict[str, Any]],
    nlp,
    *,
    ledger_method: str = "lexical",
    progress: Callable[[], None] | None = None,
    details: bool = False,
) -> dict[str, Any]:
    """Score dossier's ledgers on ``gold`` (see the module doc); ``texts``: doc id -> row;
    ``details``: list the pairs grouped wrongly (:func:`score`)."""
    from dossier.evaluate.linked import add_and_link
    from dossier.link.ledgers import list_ledgers
    from dossier.store.schema import documents, duplicates, figures

    def read(store):
        with store.engine.connect() as conn:
            query = select(figures.c.id, figures.c.document_id, figures.c.start, figures.c.end)
            rows = list(conn.execute(query))
            stored_texts = dict(conn.execute(select(documents.c.id, documents.c.text)).all())
            pairs = select(duplicates.c.document_id, duplicates.c.original_id)
            copy_of = dict(conn.execute(pairs).all())
        return list_ledgers(store), rows, stored_texts, copy_of

    docs = sorted({g.doc_id for g in gold})
    articles = [(doc_id, _document(texts[doc_id])) for doc_id in docs]
    stored_ids = {source: document.id for source, document in articles}
    added, _, (ledgers, rows, stored_texts, copy_of) = add_and_link(
        articles, nlp, read, ledger_method=ledger_method, progress=progress
    )
    result = score(
        gold, texts, stored_ids, ledgers, rows, stored_texts, copy_of=copy_of, details=details
    )
    return {"documents": len(docs), "failed": len(added.failed), **result}


def score(
    gold: Sequence[GoldFigure],
    texts: dict[str, dict[str, Any]],
    stored_ids: dict[str, str],
    ledgers: Sequence[Any],
    rows: Sequence[Any],
    stored_texts: dict[str, str],
    *,
    copy_of: dict[str, str] | None = None,
    details: bool = False,
) -> dict[str, Any]:
    """The scores of stored ``ledgers`` against ``gold`` (see the module doc). ``stored_ids``:
    gold doc id -> stored document id; ``rows``: the stored figures (``id``, ``document_id``,
    ``start``, ``end``); ``stored_texts``: stored document id -> its text; ``copy_of``: copy
    -> original document (a ledger lists a copy's outlet on its original's entry, so a copy's
    figure is in the ledger of the original's same figure in the same sentence, however
    reworded). With ``details``,
    ``errors`` lists the wrongly joined (``fp``) and wrongly split (``fn``) pairs of gold
    figures with their sentences, to see what the grouping gets wrong."""
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for row in rows:
        by_doc.setdefault(row.document_id, []).append((row.start, row.end, row.id))
    from dossier.link.duplicates import jaccard
    from dossier.link.ledgers import sentence_around

    ledger_of = {e.figure: ledger.id for ledger in ledgers for e in ledger.entries}
    contested_of = {ledger.id: ledger.contested for ledger in ledgers}
    copy_of = copy_of or {}
    said: dict[tuple[str, str], list[tuple[set[str], str]]] = {}
    for ledger in ledgers:
        for e in ledger.entries:
            words = set((e.sentence or "").casefold().split())
            said.setdefault((e.document, e.text), []).append((words, ledger.id))
    for row in rows:
        if row.document_id in copy_of and row.id not in ledger_of:
            text = stored_texts.get(row.document_id, "")
            first, last = sentence_around(text, row.start, row.end)
            words = set(text[first:last].casefold().split())
            options = said.get((copy_of[row.document_id], text[row.start : row.end]), [])
            best = max(((jaccard(words, w), lid) for w, lid in options), default=(0.0, ""))
            if best[0] >= 0.5:  # the original's same figure in the same sentence, reworded
                ledger_of[row.id] = best[1]
    predicted: dict[str, str | None] = {}
    gold_groups: dict[str, str] = {}
    extracted = in_ledger = 0
    for n, g in enumerate(gold):
        key = f"{n}:{g.doc_id}:{g.start}"
        gold_groups[key] = g.group
        doc = stored_ids[g.doc_id]
        where = map_offset(texts[g.doc_id]["text"], stored_texts.get(doc, ""), g.start, g.end)
        figure = None
        if where is not None:
            overlaps = [
                (min(e, where[1]) - max(s, where[0]), fid)
                for s, e, fid in by_doc.get(doc, [])
                if s < where[1] and where[0] < e
            ]
            figure = max(overlaps)[1] if overlaps else None
        extracted += figure is not None
        ledger = ledger_of.get(figure or "")
        in_ledger += ledger is not None
        predicted[key] = ledger
    pair = pairwise(clusters(gold_groups), clusters(predicted), empty=1.0)
    groups: dict[str, list[str]] = {}
    truth: dict[str, bool] = {}
    for n, g in enumerate(gold):
        groups.setdefault(g.group, []).append(f"{n}:{g.doc_id}:{g.start}")
        truth[g.group] = g.contested
    right = 0
    confusion: Counter[str] = Counter()
    for name, keys in groups.items():
        held = Counter(predicted[k] for k in keys if predicted[k] is not None).most_common(1)
        said = contested_of.get(held[0][0], False) if held else False
        right += said == truth[name]
        confusion[f"gold {'contested' if truth[name] else 'agreed'}, said {said}"] += 1
    result = {
        "figures": len(gold),
        "groups": len(groups),
        "extracted": extracted,
        "in_ledger": in_ledger,
        "ledgers": len({x for x in predicted.values() if x}),
        "pairwise": pair,
        "contested_accuracy": right / len(groups) if groups else 1.0,
        "contested": dict(sorted(confusion.items())),
    }
    if details:
        result["errors"] = _errors(gold, texts, gold_groups, predicted)
    return result


def _errors(
    gold: Sequence[GoldFigure],
    texts: dict[str, dict[str, Any]],
    gold_groups: dict[str, str],
    predicted: dict[str, str | None],
) -> list[dict[str, Any]]:
    """The pairs of gold figures grouped wrongly: ``fp`` joined though apart in the gold,
    ``fn`` apart though together; each figure with its group and its sentence."""

    def about(n: int) -> dict[str, Any]:
        g = gold[n]
        text = texts[g.doc_id]["text"]
        first = text.rfind("\n", 0, g.start) + 1
        last = text.find("\n", g.end)
        sentence = text[first : last if last >= 0 else len(text)]
        key = f"{n}:{g.doc_id}:{g.start}"
        return {"doc": g.doc_id, "figure": g.figure, "group": g.group, "class": g.klass,
                "ledger": predicted[key], "sentence": sentence}  # fmt: skip

    keys = list(gold_groups)
    found = []
    for i, a in enumerate(keys):
        for j in range(i + 1, len(keys)):
            b = keys[j]
            together = predicted[a] is not None and predicted[a] == predicted[b]
            if together != (gold_groups[a] == gold_groups[b]):
                kind = "fp" if together else "fn"
                found.append({"kind": kind, "a": about(i), "b": about(j)})
    return found


__all__ = ["GoldFigure", "evaluate", "load_gold", "load_texts", "map_offset", "score"]
