"""TIMEX3 recognition and normalisation for Spanish, scored on MEANTIME-es (BIO tokens).

The gold file (``temporal-es/meantime-es/meantime-es.bio.tsv`` under the shared evaluation
data) has one token per line, ``token TAB B-/I-TYPE or O TAB value``, blank lines between
sentences and a marker line ``*!-DCTVALUE="YYYY-MM-DD"-!*`` opening each document. Each
document's text is rebuilt from its tokens: single spaces inside a sentence, ``"\\n"`` between
sentences; gold spans are the character ranges of their B/I token runs. The whole text is
scored (the file holds only the annotated sentences, the date line included).

Documents are split into five folds by the SHA-1 of their index (``fold_of``): the Spanish rules
were written looking at folds 0-2 only; folds 3-4 are the held-out report. Scores are those of
:mod:`dossier.evaluate.scoring` (relaxed and strict span F1, value F1 over relaxed pairs).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.errors import ConfigError
from dossier.evaluate.scoring import Counts, Span, score_document

DEFAULT_GOLD = "temporal-es/meantime-es/meantime-es.bio.tsv"
REPORT_FOLDS = (3, 4)
DEVELOPMENT_FOLDS = (0, 1, 2)
_DCT = re.compile(r'\*!-DCTVALUE="([^"]*)"-!\*')


@dataclass(frozen=True)
class BioDoc:
    """One MEANTIME-es document rebuilt from its tokens."""

    index: int
    text: str
    dct: str | None
    timexes: list[Span]
    tokens: list[tuple[int, int]]  # character range of each token in ``text``


def fold_of(index: int, folds: int = 5) -> int:
    """The fold of document number ``index``: SHA-1 of its decimal index, mod ``folds``.

    >>> [fold_of(i) for i in range(6)]
    [3, 3, 1, 4, 0, 1]
    """
    return int(hashlib.sha1(str(index).encode("ascii")).hexdigest(), 16) % folds


def _sentences(lines: Iterable[str]) -> Iterable[tuple[str | None, list[list[str]]]]:
    """``(dct, sentences)`` per document; each sentence a list of ``[token, tag, value]``."""
    dct: str | None = None
    sentences: list[list[list[str]]] = []
    current: list[list[str]] = []
    started = False
    for raw in lines:
        line = raw.rstrip("\n")
        if m := _DCT.search(line):
            if current:
                sentences.append(current)
            if started:
                yield dct, sentences
            dct, sentences, current, started = m.group(1) or None, [], [], True
            continue
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        parts = line.split("\t")
        current.append([*parts, "O", "-"][:3])
    if current:
        sentences.append(current)
    if started:
        yield dct, sentences


def load_meantime_es(path: str | Path) -> list[BioDoc]:
    """The documents of the BIO file at ``path`` (or the one ``*.bio.tsv`` in a folder at
    ``path``), in file order."""
    path = Path(path)
    if path.is_dir():
        found = sorted(path.glob("*.bio.tsv"))
        if len(found) != 1:
            raise ConfigError(f"expected one *.bio.tsv file in {path}, found {len(found)}")
        path = found[0]
    docs = []
    with open(path, encoding="utf-8") as handle:
        for index, (dct, sentences) in enumerate(_sentences(handle)):
            docs.append(_rebuild(index, dct, sentences))
    return docs


def _rebuild(index: int, dct: str | None, sentences: list[list[list[str]]]) -> BioDoc:
    pieces: list[str] = []
    offsets: list[tuple[int, int]] = []
    timexes: list[Span] = []
    open_span: list[Any] | None = None
    position = 0
    for s, sentence in enumerate(sentences):
        if s:
            pieces.append("\n")
            position += 1
        for t, (token, tag, value) in enumerate(sentence):
            if t:
                pieces.append(" ")
                position += 1
            start, end = position, position + len(token)
            pieces.append(token)
            position = end
            offsets.append((start, end))
            kind = tag[2:] if len(tag) > 2 else ""
            if tag.startswith("B-") or (tag.startswith("I-") and open_span is None):
                if open_span is not None:
                    timexes.append(tuple(open_span))  # type: ignore[arg-type]
                open_span = [start, end, kind, None if value == "-" else value]
            elif tag.startswith("I-") and open_span is not None:
                open_span[1] = end
            else:
                if open_span is not None:
                    timexes.append(tuple(open_span))  # type: ignore[arg-type]
                open_span = None
        if open_span is not None:
            timexes.append(tuple(open_span))  # type: ignore[arg-type]
            open_span = None
    return BioDoc(index, "".join(pieces), dct, timexes, offsets)


def dossier_spans(docs: Sequence[BioDoc], lang: str = "es") -> list[list[Span]]:
    """dossier's timexes for each document: ``build_base(lang)`` + ``find_timexes``, published
    on the document's creation date."""
    from dossier.lang.bases import build_base
    from dossier.lang.time import find_timexes

    nlp = build_base(lang)
    out = []
    for doc in docs:
        parsed = nlp(doc.text)
        parsed.user_data["dossier.document_id"] = f"meantime-es-{doc.index}"
        parsed.user_data["dossier.published"] = doc.dct
        out.append([(t["start"], t["end"], t["type"], t["value"]) for t in find_timexes(parsed)])
    return out


def heideltime_spans(docs: Sequence[BioDoc], language: str = "spanish") -> list[list[Span]]:
    """HeidelTime's timexes for each document (raises ConfigError when it cannot run)."""
    from dossier.evaluate.time import HeidelTimePredictor

    predictor = HeidelTimePredictor(language=language)
    return predictor.predict_batch([(d.text, d.dct) for d in docs])


def score_folds(
    docs: Sequence[BioDoc], predictions: Sequence[Sequence[Span]], folds: Iterable[int]
) -> dict[str, float | int]:
    """The metrics (``dossier.evaluate.scoring``) over the documents of ``folds``."""
    wanted = set(folds)
    total = Counts()
    for doc, spans in zip(docs, predictions, strict=True):
        if fold_of(doc.index) in wanted:
            total = total + score_document(doc.timexes, list(spans))
    metrics = total.metrics()
    metrics["documents"] = sum(1 for d in docs if fold_of(d.index) in wanted)
    return metrics


def evaluate_meantime_es(
    gold_path: str | Path,
    compare_heideltime: bool = False,
    folds: Sequence[int] = REPORT_FOLDS,
    *,
    development_folds: Sequence[int] = DEVELOPMENT_FOLDS,
) -> dict[str, Any]:
    """Score dossier's Spanish timexes (and HeidelTime's, when asked) on MEANTIME-es.

    Returns ``{"task": "time", "lang": "es", "gold": path, "n": documents,
    "splits": {"report": metrics, "development": metrics, "all": metrics},
    "folds": {"report": [...], "development": [...]}}`` and, with ``compare_heideltime``,
    ``"heideltime": {"splits": {...}}`` or ``"heideltime": {"error": message}`` when it
    cannot run. ``report`` is ``folds`` (held out: the rules were written from folds 0-2).
    """
    docs = load_meantime_es(gold_path)
    everything = range(5)
    splits = {"report": tuple(folds), "development": tuple(development_folds), "all": everything}
    ours = dossier_spans(docs, "es")
    result: dict[str, Any] = {
        "task": "time",
        "lang": "es",
        "gold": str(gold_path),
        "n": len(docs),
        "folds": {"report": list(folds), "development": list(development_folds)},
        "splits": {name: score_folds(docs, ours, f) for name, f in splits.items()},
    }
    if compare_heideltime:
        from dossier.errors import DossierError

        try:
            theirs = heideltime_spans(docs)
        except DossierError as exc:
            result["heideltime"] = {"error": str(exc)}
        else:
            result["heideltime"] = {
                "splits": {name: score_folds(docs, theirs, f) for name, f in splits.items()}
            }
    return result


def errors(
    docs: Sequence[BioDoc], predictions: Sequence[Sequence[Span]], folds: Iterable[int]
) -> list[str]:
    """Readable lines for the gold missed, predictions unmatched and values wrong (for tuning)."""
    from dossier.evaluate.scoring import match

    wanted = set(folds)
    lines = []
    for doc, spans in zip(docs, predictions, strict=True):
        if fold_of(doc.index) not in wanted:
            continue
        pairs = match(doc.timexes, list(spans))
        paired_gold = {i for i, _ in pairs}
        paired_pred = {j for _, j in pairs}
        for i, g in enumerate(doc.timexes):
            if i not in paired_gold:
                lines.append(f"MISS {doc.dct} {g[2]} {g[3]} | {doc.text[g[0] : g[1]]}")
        for j, p in enumerate(spans):
            if j not in paired_pred:
                lines.append(f"FALSE {doc.dct} {p[2]} {p[3]} | {doc.text[p[0] : p[1]]}")
        for i, j in pairs:
            g, p = doc.timexes[i], spans[j]
            if (g[3] or "") != (p[3] or ""):
                lines.append(
                    f"VALUE {doc.dct} gold {g[3]} ours {p[3]} | "
                    f"{doc.text[g[0] : g[1]]} | {doc.text[p[0] : p[1]]}"
                )
    return lines
