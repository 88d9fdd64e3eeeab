"""TempEval-3 style TIMEX3 scoring on hand-made predictions."""

from __future__ import annotations

import pytest

from dossier.evaluate.scoring import (
    METRIC_NAMES,
    Counts,
    match,
    restrict,
    score,
    score_document,
)

GOLD = [
    (0, 6, "DATE", "2008-02-25"),  # "Monday"
    (20, 29, "DURATION", "P2Y"),  # "two years"
    (40, 49, "DATE", "2008-W10"),  # "next week"
]


def metrics(gold, pred) -> dict:
    return score_document(gold, pred).metrics()


def test_perfect_predictions_score_one() -> None:
    m = metrics(GOLD, list(GOLD))
    assert m["n_gold"] == m["n_pred"] == 3
    for name in METRIC_NAMES:
        if name not in ("n_gold", "n_pred"):
            assert m[name] == 1.0, name


def test_partial_overlap_is_relaxed_not_strict() -> None:
    pred = [(0, 6, "DATE", "2008-02-25"), (16, 29, "DURATION", "P2Y"), (40, 49, "DATE", "2008-W10")]
    m = metrics(GOLD, pred)  # "over two years" for "two years"
    assert m["relaxed_precision"] == m["relaxed_recall"] == m["relaxed_f1"] == 1.0
    assert m["strict_precision"] == m["strict_recall"] == pytest.approx(2 / 3)
    assert m["value_f1"] == 1.0  # overlapping with the same value counts


def test_wrong_value_lowers_value_f1_not_span_f1() -> None:
    pred = [(0, 6, "DATE", "2008-02-25"), (20, 29, "DURATION", "P2Y"), (40, 49, "DATE", "2008-W11")]
    m = metrics(GOLD, pred)
    assert m["strict_f1"] == m["relaxed_f1"] == 1.0
    assert m["value_precision"] == m["value_recall"] == m["value_f1"] == pytest.approx(2 / 3)
    assert m["value_accuracy"] == pytest.approx(2 / 3)
    assert m["type_accuracy"] == 1.0


def test_wrong_type_lowers_type_scores() -> None:
    pred = [(0, 6, "TIME", "2008-02-25"), (20, 29, "DURATION", "P2Y")]
    m = metrics(GOLD, pred)
    assert m["type_accuracy"] == 0.5
    assert m["relaxed_precision"] == 1.0 and m["relaxed_recall"] == pytest.approx(2 / 3)
    assert m["type_f1"] == pytest.approx(0.4)  # P 1/2, R 1/3


def test_no_predictions_give_zero_recall_and_defined_precision() -> None:
    m = metrics(GOLD, [])
    assert m["n_pred"] == 0
    for name in METRIC_NAMES:
        if name not in ("n_gold", "n_pred"):
            assert m[name] == 0.0, name
            assert isinstance(m[name], float)


def test_no_gold_and_no_predictions() -> None:
    m = metrics([], [])
    assert m["n_gold"] == m["n_pred"] == 0
    assert m["relaxed_f1"] == 0.0


def test_spurious_prediction_lowers_precision_only() -> None:
    m = metrics(GOLD, [*GOLD, (60, 66, "DATE", "2008")])
    assert m["relaxed_recall"] == 1.0
    assert m["relaxed_precision"] == m["strict_precision"] == 0.75


def test_matching_is_one_to_one() -> None:
    gold = [(0, 10, "DATE", "A")]
    pred = [(0, 4, "DATE", "A"), (5, 10, "DATE", "A")]
    m = metrics(gold, pred)  # one gold span, two predictions inside it: one pair
    assert m["relaxed_recall"] == 1.0 and m["relaxed_precision"] == 0.5
    assert m["value_precision"] == 0.5
    assert metrics(pred, gold)["relaxed_recall"] == 0.5  # and the other way round
    twice = [(0, 5, "DATE", "A"), (0, 5, "DATE", "A")]
    assert metrics(twice, twice[:1])["strict_recall"] == 0.5


def test_matching_is_maximal() -> None:
    gold = [(0, 10, "DATE", "A"), (8, 20, "DATE", "B")]
    pred = [(5, 12, "DATE", "X"), (0, 3, "DATE", "A")]
    # (5, 12) overlaps the first gold span more, but only it can pair with the second.
    assert match(gold, pred) == [(0, 1), (1, 0)]
    assert metrics(gold, pred)["relaxed_f1"] == 1.0


def test_matching_prefers_exact_then_same_value() -> None:
    gold = [(0, 10, "DATE", "A")]
    assert match(gold, [(0, 8, "DATE", "A"), (0, 10, "DATE", "B")]) == [(0, 1)]
    assert match(gold, [(0, 9, "DATE", "B"), (2, 8, "DATE", "A")]) == [(0, 1)]


def test_counts_add_up_across_documents() -> None:
    total = score([(GOLD, GOLD), (GOLD, [])])
    assert total == Counts(n_gold=6, n_pred=3, strict=3, relaxed=3, type=3, value=3)
    m = total.metrics()
    assert m["relaxed_precision"] == 1.0 and m["relaxed_recall"] == 0.5


def test_restrict_keeps_spans_inside_the_scored_ranges() -> None:
    spans = [(0, 4, "DATE", None), (10, 14, "DATE", None), (18, 25, "DATE", None)]
    assert restrict(spans, [(0, 5), (20, 30)]) == [spans[0]]  # (18, 25) runs out of (20, 30)
    assert restrict(spans, [(0, 30)]) == spans
    assert restrict(spans, []) == []
