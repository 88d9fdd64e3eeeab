"""Figure ledgers: lexical vs embedding grouping of figure mentions, scored against gold topics.

The data (``benchmarks/data/figure_topics.jsonl``) is a hand-written set of news-style
sentences, one figure each, with a gold topic label (who is counted and what happened to
them); ``unit`` and ``measure`` are what dossier's figure extractor produced for the figure
(``dossier extract`` on each sentence), errors included; ``measure_class`` is computed here by
parsing each sentence (``--no-classes`` leaves it out). The gold topics are measure *families*
(recruited and deployed are one topic, "cuba_serving"; pledged and paid one, "ukr_aid_usa"),
coarser than the measure classes a ledger is now one of. Topics are built to be confusable:
killed vs injured in one war, Cubans recruited vs Cubans killed, two countries' troops.

Scores: pairwise precision/recall/F1 (over pairs of mentions put in one group) and B-cubed
F1. Figures a method leaves out (no unit, a percentage) count as groups of their own.

    .venv/bin/python benchmarks/bench_figure_grouping.py          # needs dossier[embed]
    .venv/bin/python benchmarks/bench_figure_grouping.py --lexical-only
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

import numpy as np

from dossier.link.figurematch import (
    FigureItem,
    default_lexicon,
    description,
    group,
    same_topic,
    topic_of,
)
from dossier.link.ledgers import HYBRID_THRESHOLD, hybrid_match, topic_blocks

DATA = Path(__file__).parent / "data" / "figure_topics.jsonl"


def measure_classes(rows: Sequence[dict]) -> list[str | None]:
    """The measure class dossier's figure extractor gives each row's figure (parsing its
    sentence with the default pipeline: ``Figure.measure_class``)."""
    from dossier.nlp import build_pipeline

    nlp = build_pipeline()
    found: list[str | None] = []
    for row, doc in zip(rows, nlp.pipe(r["sentence"] for r in rows), strict=True):
        start = row["sentence"].find(row["figure"])
        end = start + len(row["figure"])
        figures = [f for f in doc._.dossier_figures or [] if f["start"] < end and start < f["end"]]
        found.append(figures[0].get("measure_class") if figures else None)
    return found


def load(path: Path = DATA, classes: bool = True) -> tuple[list[FigureItem], dict[str, str]]:
    items, gold = [], {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    klasses = measure_classes(rows) if classes else [None] * len(rows)
    for n, (row, klass) in enumerate(zip(rows, klasses, strict=True)):
        item = FigureItem(
            id=f"m{n:03d}",
            document=f"d{n:03d}",
            unit=row["unit"],
            measure=row["measure"],
            text=row["sentence"],
            low=row.get("low"),
            high=row.get("high"),
            measure_class=klass,
        )
        items.append(item)
        gold[item.id] = row["topic"]
    return items, gold


def complete(groups: list[list[str]], ids: Sequence[str]) -> dict[str, int]:
    """Cluster label per id; ids in no group get a cluster of their own."""
    label = {i: k for k, g in enumerate(groups) for i in g}
    fresh = len(groups)
    for i in ids:
        if i not in label:
            label[i], fresh = fresh, fresh + 1
    return label


def pairwise(pred: dict[str, int], gold: dict[str, str]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for a, b in combinations(sorted(gold), 2):
        same_pred, same_gold = pred[a] == pred[b], gold[a] == gold[b]
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(pred: dict[str, int], gold: dict[str, str]) -> tuple[float, float, float]:
    ids = sorted(gold)
    ps, rs = [], []
    for i in ids:
        same_pred = {j for j in ids if pred[j] == pred[i]}
        same_gold = {j for j in ids if gold[j] == gold[i]}
        both = len(same_pred & same_gold)
        ps.append(both / len(same_pred))
        rs.append(both / len(same_gold))
    p, r = float(np.mean(ps)), float(np.mean(rs))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class CachingEmbedder:
    """Encodes each text once across the sweep."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if new:
            for t, v in zip(new, self.inner.encode(new), strict=True):
                self.cache[t] = v
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, 384))


def store_rule(
    items: Sequence[FigureItem],
    method: str = "lexical",
    vectors: dict[str, np.ndarray] | None = None,
    threshold: float = HYBRID_THRESHOLD,
) -> list[list[str]]:
    """What ``dossier link`` does (``dossier/link/ledgers.py``): pairs that share a block key
    (:func:`topic_blocks`) and match (lexical: :func:`same_topic`; hybrid:
    :func:`hybrid_match`), joined into connected components. Every figure here has its own
    sentence and no incident, so the incident-time rule does not apply."""
    topics = {i.id: topic_of(i) for i in items}
    by_id = {i.id: i for i in items}
    blocks: dict[str, list[str]] = {}
    for i in items:
        for key in topic_blocks(topics[i.id], method):
            blocks.setdefault(key, []).append(i.id)
    parent = {i.id: i.id for i in items}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for members in blocks.values():
        for a, b in combinations(members, 2):
            if method == "lexical":
                same = same_topic(by_id[a], by_id[b])
            else:
                similarity = float(np.dot(vectors[a], vectors[b]))  # type: ignore[index]
                same = hybrid_match(topics[a], topics[b], similarity, threshold)
            if same:
                ra, rb = find(a), find(b)
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for i in items:
        if topic_blocks(topics[i.id], method):
            groups.setdefault(find(i.id), []).append(i.id)
    return list(groups.values())


def sentence_only(item: FigureItem) -> str:
    return item.text


def row(name: str, groups: list[list[str]], gold: dict[str, str]) -> str:
    pred = complete(groups, sorted(gold))
    p, r, f = pairwise(pred, gold)
    _, _, b3 = bcubed(pred, gold)
    return f"{name:34} {p:6.3f} {r:6.3f} {f:6.3f} {b3:6.3f} {len(set(pred.values())):7d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexical-only", action="store_true")
    parser.add_argument(
        "--no-classes",
        action="store_true",
        help="Leave Figure.measure_class out (families only: the rule before measure classes)",
    )
    args = parser.parse_args()
    items, gold = load(classes=not args.no_classes)
    print(f"{len(items)} figure mentions, {len(set(gold.values()))} gold topics ({DATA.name})")
    print(f"{'method':34} {'pair P':>6} {'pair R':>6} {'pair F':>6} {'B3 F1':>6} {'groups':>7}")
    print(row("gold", [[i for i in gold if gold[i] == t] for t in set(gold.values())], gold))
    default_lexicon()
    topic_of(FigureItem("x", "x", "people", "die", text="in Paris"))  # load the gazetteer
    start = time.perf_counter()
    print(row("lexical", group(items, "lexical"), gold))
    lexical_s = time.perf_counter() - start
    print(row("store rule, lexical (default)", store_rule(items), gold))
    if args.lexical_only:
        return
    from dossier.link.embed import Embedder

    embedder = CachingEmbedder(Embedder())
    start = time.perf_counter()
    embedder.encode([description(i) for i in items] + [i.text for i in items])
    encode_s = time.perf_counter() - start
    encoded = embedder.encode([description(i) for i in items])
    vectors = dict(zip((i.id for i in items), encoded, strict=True))
    for threshold in (0.4, 0.5, 0.6, 0.7):
        groups = store_rule(items, "hybrid", vectors, threshold)
        print(row(f"store rule, hybrid t={threshold}", groups, gold))
    for label, describe in (("unit+measure+sentence", description), ("sentence", sentence_only)):
        for method in ("embedding", "hybrid"):
            for threshold in (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8):
                groups = group(items, method, embedder, threshold=threshold, describe=describe)
                print(row(f"{method} {label} t={threshold}", groups, gold))
    print(
        f"time: lexical {lexical_s * 1000:.0f} ms; encoding {2 * len(items)} texts "
        f"{encode_s:.1f} s (CPU, model load included)"
    )


if __name__ == "__main__":
    main()
