"""TIMEX3 scoring as in TempEval-3: span matches (strict and relaxed), type and value.

A span is ``(start, end, type, value)`` in character offsets. Gold and predicted spans are paired
one to one:

- **strict**: the offsets are identical;
- **relaxed**: the spans overlap (share at least one character). The pairing is a maximum
  matching, so no gold span and no prediction is counted twice; among equally large matchings,
  exact pairs, then pairs with the same value, then larger overlaps are preferred.

Metrics (all over the documents together, micro-averaged):

- ``strict_*`` and ``relaxed_*``: precision, recall, F1 of the span pairs;
- ``type_accuracy``: the share of relaxed pairs whose types are equal; ``type_f1``: F1 counting
  only those pairs (TempEval-3's "type F1" = relaxed F1 x type accuracy);
- ``value_precision``, ``value_recall``, ``value_f1``: a true positive is a relaxed pair whose
  values are identical (TempEval-3's value F1); ``value_accuracy`` over the relaxed pairs.

A ratio whose denominator is zero (no predictions, no gold, no pairs) is 0.0, so every metric is
always a number.

Beside them, :func:`pairwise` scores of a clustering (stories, ledgers) and :func:`prf`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from itertools import combinations

Span = tuple[int, int, str, str | None]


@dataclass
class Counts:
    """Counts that the metrics are computed from; they add up across documents."""

    n_gold: int = 0
    n_pred: int = 0
    strict: int = 0  # exact-offset pairs
    relaxed: int = 0  # overlapping pairs
    type: int = 0  # relaxed pairs with the same type
    value: int = 0  # relaxed pairs with the same value

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def metrics(self) -> dict[str, float | int]:
        """The metrics, by name (see the module's docstring)."""
        out: dict[str, float | int] = {"n_gold": self.n_gold, "n_pred": self.n_pred}
        for name, tp in (("strict", self.strict), ("relaxed", self.relaxed)):
            p, r, f = prf(tp, self.n_pred, self.n_gold)
            out |= {f"{name}_precision": p, f"{name}_recall": r, f"{name}_f1": f}
        out["type_accuracy"] = ratio(self.type, self.relaxed)
        out["type_f1"] = prf(self.type, self.n_pred, self.n_gold)[2]
        p, r, f = prf(self.value, self.n_pred, self.n_gold)
        out |= {"value_precision": p, "value_recall": r, "value_f1": f}
        out["value_accuracy"] = ratio(self.value, self.relaxed)
        return out


def ratio(numerator: int, denominator: int) -> float:
    """
    >>> ratio(1, 4), ratio(0, 0)
    (0.25, 0.0)
    """
    return numerator / denominator if denominator else 0.0


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1.

    >>> prf(3, 4, 6)
    (0.75, 0.5, 0.6)
    >>> prf(0, 0, 5)
    (0.0, 0.0, 0.0)
    """
    p, r = ratio(tp, n_pred), ratio(tp, n_gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def clusters(labels: Mapping[str, str | None]) -> list[set[str]]:
    """Items grouped by their label; an item labelled None is alone.

    >>> sorted(map(sorted, clusters({"a": "x", "b": "x", "c": None, "d": None})))
    [['a', 'b'], ['c'], ['d']]
    """
    found: dict[str, set[str]] = {}
    alone = []
    for item, label in labels.items():
        if label is None:
            alone.append({item})
        else:
            found.setdefault(label, set()).add(item)
    return [*found.values(), *alone]


def pairwise(
    key: Iterable[Iterable[str]], response: Iterable[Iterable[str]], *, empty: float = 0.0
) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering ``response`` of the same items as
    ``key`` (a pair of items is found when ``response`` puts them together, and right when
    ``key`` does), with the pair counts ``tp``, ``fp`` and ``fn``. ``empty``: the precision
    when ``response`` has no pair, the recall when ``key`` has none.

    >>> pairwise([{"a", "b"}, {"c"}], [{"a", "b", "c"}])
    {'precision': 0.3333333333333333, 'recall': 1.0, 'f1': 0.5, 'tp': 1, 'fp': 2, 'fn': 0}
    >>> pairwise([{"a", "b", "c"}], [{"a", "b"}, {"c"}], empty=1.0)["recall"]
    0.3333333333333333
    """

    def pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
        return {pair for group in groups for pair in combinations(sorted(group), 2)}

    k, r = pairs(key), pairs(response)
    tp = len(k & r)
    p = tp / len(r) if r else empty
    rec = tp / len(k) if k else empty
    f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
    fp, fn = len(r) - tp, len(k) - tp
    return {"precision": p, "recall": rec, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def overlaps(a: Sequence, b: Sequence) -> bool:
    """Whether two ``(start, end, ...)`` spans share a character.

    >>> overlaps((0, 5), (4, 9)), overlaps((0, 5), (5, 9)), overlaps((3, 3), (0, 9))
    (True, False, False)
    """
    return a[0] < b[1] and b[0] < a[1] and a[0] < a[1] and b[0] < b[1]


def _same_value(a: str | None, b: str | None) -> bool:
    return (a or "").strip() == (b or "").strip()


def match(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """The relaxed one-to-one pairing, as ``(gold index, prediction index)`` pairs.

    A maximum matching over overlapping pairs, seeded with the preferred pairs (exact offsets,
    then same value, then the largest overlap) so that it keeps them wherever it can.

    >>> gold = [(0, 5, "DATE", "X"), (10, 15, "DATE", "Y")]
    >>> match(gold, [(3, 12, "DATE", "Y"), (0, 4, "DATE", "X")])
    [(0, 1), (1, 0)]
    """
    adjacency: dict[int, list[int]] = {}
    edges = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if overlaps(g, p):
                size = min(g[1], p[1]) - max(g[0], p[0])
                exact = (g[0], g[1]) == (p[0], p[1])
                key = (not exact, not _same_value(g[3], p[3]), -size, g[0], p[0])
                edges.append((key, i, j))
    edges.sort()
    for _, i, j in edges:
        adjacency.setdefault(i, []).append(j)
    gold_to_pred: dict[int, int] = {}
    pred_to_gold: dict[int, int] = {}
    for _, i, j in edges:  # greedy seed
        if i not in gold_to_pred and j not in pred_to_gold:
            gold_to_pred[i], pred_to_gold[j] = j, i

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacency.get(i, ()):
            if j in seen:
                continue
            seen.add(j)
            if j not in pred_to_gold or augment(pred_to_gold[j], seen):
                gold_to_pred[i], pred_to_gold[j] = j, i
                return True
        return False

    for i in adjacency:  # Kuhn's augmenting paths make the seed a maximum matching
        if i not in gold_to_pred:
            augment(i, set())
    return sorted(gold_to_pred.items())


def score_document(gold: Sequence[Span], pred: Sequence[Span]) -> Counts:
    """The counts for one document's gold and predicted spans."""
    exact = Counter((g[0], g[1]) for g in gold) & Counter((p[0], p[1]) for p in pred)
    pairs = match(gold, pred)
    return Counts(
        n_gold=len(gold),
        n_pred=len(pred),
        strict=sum(exact.values()),
        relaxed=len(pairs),
        type=sum(1 for i, j in pairs if gold[i][2] == pred[j][2]),
        value=sum(1 for i, j in pairs if _same_value(gold[i][3], pred[j][3])),
    )


def score(documents: Iterable[tuple[Sequence[Span], Sequence[Span]]]) -> Counts:
    """The counts summed over ``(gold, predictions)`` per document."""
    total = Counts()
    for gold, pred in documents:
        total = total + score_document(gold, pred)
    return total


def in_ranges(span: Sequence, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether ``span`` lies inside one of the scored ``ranges``.

    >>> in_ranges((8, 12), [(0, 4), (8, 20)]), in_ranges((2, 9), [(0, 4), (8, 20)])
    (True, False)
    """
    return any(start <= span[0] and span[1] <= end for start, end in ranges)


def restrict(spans: Iterable[Span], ranges: Sequence[tuple[int, int]]) -> list[Span]:
    """The spans inside the scored ranges: the others are neither right nor wrong (a span that
    runs out of a range, such as a MEANTIME title timex running on into the date line, is
    dropped; the gold it overlaps is then missed)."""
    return [s for s in spans if in_ranges(s, ranges)]


METRIC_NAMES: tuple[str, ...] = tuple(Counts().metrics())
