"""CoNLL coreference metrics: MUC, B³, CEAF-e and their mean (the CoNLL F1).

A clustering is a sequence of clusters, each an iterable of mention ids (any hashable). The key
is the gold clustering, the response the system's. Both should cover the same mentions; a
mention that one of them lacks is added to it as a singleton, so that every metric is defined
over one set of mentions (the usual ECB+/MEANTIME practice of keeping singletons in both).

- MUC (Vilain et al. 1995): links. Recall is the share of the key's links that the response
  keeps: for each key cluster K, ``|K| - |p(K)|`` over ``|K| - 1``, where ``p(K)`` is the
  partition of K by the response; precision swaps the roles. Singletons carry no link.
- B³ (Bagga & Baldwin 1998): per mention, the share of its key cluster that its response
  cluster holds (recall) and the share of its response cluster that its key cluster holds
  (precision), averaged over the mentions.
- CEAF-e (Luo 2005): the one-to-one alignment of key and response clusters that maximises the
  total similarity ``φ4(K, R) = 2|K ∩ R| / (|K| + |R|)`` (the Hungarian algorithm); recall is
  that total over the number of key clusters, precision over the number of response clusters.

>>> key = [{"a", "b", "c", "d"}]
>>> response = [{"a", "b"}, {"c", "d"}]
>>> muc(key, response)  # Vilain et al.'s example: one of the key's three links is missed
(1.0, 0.6666666666666666, 0.8)
>>> scores = conll(key, key)
>>> scores["conll_f1"]
1.0
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

Clustering = Sequence[Iterable[Hashable]]
PRF = tuple[float, float, float]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _normalise(key: Clustering, response: Clustering) -> tuple[list[set], list[set]]:
    """Both clusterings as lists of non-empty sets over the same mentions (a mention that one
    lacks becomes a singleton there). A mention in two clusters of one clustering is an error."""
    sides = []
    for clusters in (key, response):
        sets = [set(c) for c in clusters]
        seen: set = set()
        for c in sets:
            if seen & c:
                raise ValueError(f"mentions in more than one cluster: {sorted(map(str, seen & c))}")
            seen |= c
        sides.append(([c for c in sets if c], seen))
    (k, k_seen), (r, r_seen) = sides
    k += [{m} for m in r_seen - k_seen]
    r += [{m} for m in k_seen - r_seen]
    return k, r


def _index(clusters: list[set]) -> dict:
    return {m: i for i, c in enumerate(clusters) for m in c}


def _muc_recall(key: list[set], response: list[set]) -> float:
    where = _index(response)
    num = den = 0
    for cluster in key:
        if len(cluster) < 2:
            continue
        parts = {where[m] for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num / den if den else 0.0


def muc(key: Clustering, response: Clustering) -> PRF:
    """MUC precision, recall and F1.

    >>> muc([{1, 2, 3}], [{1}, {2}, {3}])  # all singletons: no link found
    (0.0, 0.0, 0.0)
    >>> muc([{1}, {2}, {3}], [{1, 2, 3}])  # one cluster for three singletons
    (0.0, 0.0, 0.0)
    """
    k, r = _normalise(key, response)
    recall = _muc_recall(k, r)
    precision = _muc_recall(r, k)
    return precision, recall, _f1(precision, recall)


def _b3_recall(key: list[set], response: list[set]) -> float:
    where = _index(response)
    total = 0.0
    n = 0
    for cluster in key:
        for m in cluster:
            total += len(cluster & response[where[m]]) / len(cluster)
            n += 1
    return total / n if n else 0.0


def b_cubed(key: Clustering, response: Clustering) -> PRF:
    """B³ precision, recall and F1.

    >>> b_cubed([{1}, {2}, {3}, {4}], [{1, 2, 3, 4}])  # one cluster for four singletons
    (0.25, 1.0, 0.4)
    >>> b_cubed([{1, 2, 3, 4}], [{1}, {2}, {3}, {4}])
    (1.0, 0.25, 0.4)
    """
    k, r = _normalise(key, response)
    recall = _b3_recall(k, r)
    precision = _b3_recall(r, k)
    return precision, recall, _f1(precision, recall)


def ceaf_e(key: Clustering, response: Clustering) -> PRF:
    """CEAF-e (entity-based CEAF with φ4) precision, recall and F1.

    >>> ceaf_e([{1}, {2}, {3}, {4}], [{1, 2, 3, 4}])  # φ4({1}, {1,2,3,4}) = 2/5
    (0.4, 0.1, 0.16000000000000003)
    >>> ceaf_e([{1, 2}, {3, 4}], [{1, 2}, {3, 4}])
    (1.0, 1.0, 1.0)
    """
    k, r = _normalise(key, response)
    if not k or not r:
        return 0.0, 0.0, 0.0
    where = _index(r)
    similarity = np.zeros((len(k), len(r)))
    for i, cluster in enumerate(k):
        overlaps: dict[int, int] = {}
        for m in cluster:
            overlaps[where[m]] = overlaps.get(where[m], 0) + 1
        for j, shared in overlaps.items():
            similarity[i, j] = 2 * shared / (len(cluster) + len(r[j]))
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    total = float(similarity[rows, cols].sum())
    recall = total / len(k)
    precision = total / len(r)
    return precision, recall, _f1(precision, recall)


def conll(key: Clustering, response: Clustering) -> dict[str, float]:
    """All three metrics as ``{"muc_p", "muc_r", "muc_f1", "b3_p", ..., "ceafe_f1",
    "conll_f1"}``; ``conll_f1`` is the mean of the three F1s.

    >>> scores = conll([{1, 2}, {3}], [{1}, {2}, {3}])  # B³ F1 0.8, CEAF-e F1 2/3
    >>> scores["muc_f1"], scores["b3_r"], round(scores["conll_f1"], 4)
    (0.0, 0.6666666666666666, 0.4889)
    """
    out: dict[str, float] = {}
    for name, metric in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e)):
        p, r, f = metric(key, response)
        out[f"{name}_p"], out[f"{name}_r"], out[f"{name}_f1"] = p, r, f
    out["conll_f1"] = (out["muc_f1"] + out["b3_f1"] + out["ceafe_f1"]) / 3
    return out
