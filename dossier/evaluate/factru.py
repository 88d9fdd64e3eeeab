"""PER/ORG/LOC span scores on factRuEval-2016 (track 1 style: LocOrg counts as LOC; Project and
Facility are ignored).

A gold entity is an object of the ``.objects`` file. Under the default convention ("extent") it
covers its spans' extent, from the smallest start to the largest end, so "мэрии Москвы" is an
ORG and its "Москвы" a LOC of its own. The "names" convention (natasha's naeval adaptation) keeps
a Person's extent but only the ``org_name`` spans of an Org and the ``loc_name`` spans of a
Location/LocOrg, and drops gold spans nested in others, which scores named-entity recognisers
without asking them to find descriptor-only mentions ("китайскому правительству").

Scores: exact-span micro precision/recall/F1 per type and overall, and a partial figure where a
span counts when it overlaps a span of the same type on the other side.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

TYPES = ("PER", "ORG", "LOC")
OBJECT_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
_NAME_SPANS = {"ORG": {"org_name"}, "LOC": {"loc_name"}}

Entity = tuple[int, int, str]
Predictor = Callable[[str], Iterable[Entity]]


@dataclass(frozen=True)
class FactruDoc:
    """One annotated text: its id, raw text and gold entities (set of (start, stop, type))."""

    doc_id: str
    text: str
    gold: frozenset[Entity]


def _spans(path: Path) -> dict[str, tuple[str, int, int]]:
    spans = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.partition("#")[0].split()
        if len(fields) >= 4:
            start = int(fields[2])
            spans[fields[0]] = (fields[1], start, start + int(fields[3]))
    return spans


def _outermost(entities: Iterable[Entity]) -> set[Entity]:
    """Drop entities nested in (or overlapping and shorter than) a longer one."""
    kept: list[Entity] = []
    for ent in sorted(entities, key=lambda e: (-(e[1] - e[0]), e[0])):
        if all(ent[1] <= k[0] or ent[0] >= k[1] for k in kept):
            kept.append(ent)
    return set(kept)


def gold_entities(base: Path, convention: str = "extent") -> set[Entity]:
    """Gold entities of the document whose files are ``base`` + ``.objects``/``.spans``."""
    spans = _spans(base.with_suffix(".spans"))
    gold: set[Entity] = set()
    for line in base.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
        fields = line.partition("#")[0].split()
        if len(fields) < 3 or fields[1] not in OBJECT_TYPES:
            continue
        label = OBJECT_TYPES[fields[1]]
        parts = [spans[s] for s in fields[2:] if s in spans]
        if not parts:
            continue
        if convention == "names" and label in _NAME_SPANS:
            names = [(s, e, label) for t, s, e in parts if t in _NAME_SPANS[label]]
            gold |= _outermost(names)
        else:
            gold.add((min(p[1] for p in parts), max(p[2] for p in parts), label))
    return _outermost(gold) if convention == "names" else gold


def load_factru(
    root: str | Path, split: str = "testset", convention: str = "extent"
) -> list[FactruDoc]:
    """The annotated documents of ``split`` (texts without an ``.objects`` file are skipped)."""
    folder = Path(root) / split
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        if not txt.with_suffix(".objects").exists():
            continue
        text = txt.read_text(encoding="utf-8")
        docs.append(
            FactruDoc(txt.stem, text, frozenset(gold_entities(txt.with_suffix(""), convention)))
        )
    return docs


def pipeline_predictor() -> Predictor:
    """Entities from the Russian base pipeline's ``doc.ents``."""
    from dossier.lang.russian import build_russian

    nlp = build_russian()

    def predict(text: str) -> list[Entity]:
        return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]

    return predict


def _prf(correct_p: int, n_pred: int, correct_r: int, n_gold: int) -> dict[str, float | int]:
    p = correct_p / n_pred if n_pred else 0.0
    r = correct_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "pred": n_pred, "gold": n_gold}


def _overlaps(a: Entity, others: Iterable[Entity]) -> bool:
    return any(o[2] == a[2] and a[0] < o[1] and o[0] < a[1] for o in others)


def score(pairs: Iterable[tuple[set[Entity], set[Entity]]]) -> dict:
    """Exact and partial micro scores, per type and overall, over (predicted, gold) pairs."""
    counts = {t: [0, 0, 0, 0, 0, 0] for t in (*TYPES, "ALL")}  # tp, pred, gold, pp, pr (partial)
    for pred, gold in pairs:
        for label in TYPES:
            p = {e for e in pred if e[2] == label}
            g = {e for e in gold if e[2] == label}
            row = [
                len(p & g),
                len(p),
                len(g),
                sum(_overlaps(e, g) for e in p),
                sum(_overlaps(e, p) for e in g),
            ]
            for key in (label, "ALL"):
                for k, v in enumerate(row):
                    counts[key][k] += v
    result: dict = {"exact": {}, "partial": {}}
    for key, (tp, n_pred, n_gold, pp, pr, _) in counts.items():
        result["exact"][key] = _prf(tp, n_pred, tp, n_gold)
        result["partial"][key] = _prf(pp, n_pred, pr, n_gold)
    return result


def evaluate_factru(
    root: str | Path,
    split: str = "testset",
    predict: Predictor | None = None,
    convention: str = "extent",
    limit: int | None = None,
) -> dict:
    """Score ``predict`` (text -> (start, stop, PER/ORG/LOC) spans; default the Russian pipeline)
    on ``split`` of factRuEval-2016 under ``root``. ``limit`` scores the first documents only."""
    docs = load_factru(root, split, convention)[:limit]
    predict = predict or pipeline_predictor()
    started = time.perf_counter()
    pairs = [({tuple(e) for e in predict(d.text) if e[2] in TYPES}, set(d.gold)) for d in docs]
    elapsed = time.perf_counter() - started
    result = score(pairs)
    result.update(
        split=split,
        convention=convention,
        documents=len(docs),
        seconds_per_document=elapsed / len(docs) if docs else 0.0,
    )
    return result
