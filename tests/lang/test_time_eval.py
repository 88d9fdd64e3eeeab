"""Scores of the multilingual time expressions: the MEANTIME-es loader and fold split on a tiny
hand-written file, the Recognizers-Text judge on hand-written cases, and floors on the shared
gold (skipped when it is missing, unless DOSSIER_REQUIRE_GOLD=1). The floors sit a little below
the figures measured when the rules were written (see the helper's report)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dossier.evaluate.recognizers_dates import evaluate_recognizer_dates, expected_results, judge
from dossier.evaluate.time_multilingual import (
    evaluate_meantime_es,
    fold_of,
    load_meantime_es,
)

MULTILINGUAL = Path(__file__).resolve().parents[2].parent / "shared/eval/multilingual"
MEANTIME = MULTILINGUAL / "temporal-es/meantime-es/meantime-es.bio.tsv"
RECOGNIZERS = MULTILINGUAL / "recognizers"

TINY = (
    '*!-DCTVALUE="2005-10-04"-!*\tO\t-\n\n'
    "Apple\tO\t-\nanunció\tO\t-\nhoy\tB-DATE\t2005-10-04\n.\tO\t-\n\n"
    "el\tB-DATE\t2005-10-12\n12\tI-DATE\t2005-10-12\nde\tI-DATE\t2005-10-12\n"
    "octubre\tI-DATE\t2005-10-12\n\n"
    '*!-DCTVALUE="2006-01-11"-!*\tO\t-\n\n'
    "Durante\tO\t-\ntres\tB-DURATION\tP3D\ndías\tI-DURATION\tP3D\n"
)


def _gold(path: Path) -> Path:
    if not path.exists():
        if os.environ.get("DOSSIER_REQUIRE_GOLD") == "1":
            pytest.fail(f"DOSSIER_REQUIRE_GOLD=1 but {path} is missing")
        pytest.skip(f"gold missing: {path}")
    return path


def test_bio_loader_rebuilds_text_and_spans(tmp_path: Path) -> None:
    path = tmp_path / "tiny.tsv"
    path.write_text(TINY, encoding="utf-8")
    first, second = load_meantime_es(path)
    assert first.text == "Apple anunció hoy .\nel 12 de octubre"
    assert first.dct == "2005-10-04"
    assert [(first.text[s:e], v) for s, e, _, v in first.timexes] == [
        ("hoy", "2005-10-04"),
        ("el 12 de octubre", "2005-10-12"),
    ]
    assert [(second.text[s:e], k) for s, e, k, _ in second.timexes] == [("tres días", "DURATION")]
    assert second.dct == "2006-01-11"


def test_folds_are_stable() -> None:
    assert [fold_of(i) for i in range(6)] == [3, 3, 1, 4, 0, 1]


def test_recognizer_judge() -> None:
    case = {
        "Input": "Volvere el 22 de Abril",
        "Results": [{"Text": "22 de Abril", "Start": 11, "Length": 11,
                     "Value": {"Timex": "XXXX-04-22",
                               "FutureResolution": {"date": "2017-04-22"},
                               "PastResolution": {"date": "2016-04-22"}}}],
    }  # fmt: skip
    expected = expected_results(case)
    assert judge("DateParser", expected, [(11, 22, "DATE", "2016-04-22")])["pass"]
    assert not judge("DateParser", expected, [(11, 22, "DATE", "2016-04-23")])["pass"]
    assert judge("DateExtractor", expected, [(11, 22, "DATE", "")])["pass"]
    assert not judge("DateExtractor", expected, [(8, 22, "DATE", "")])["pass"]
    # A span whose article was dropped matches with or without it.
    assert judge("DateExtractor", expected, [(11, 22, "DATE", "", 8)])["pass"]
    with_article = [(8, 22, set())]
    assert judge("DateExtractor", with_article, [(11, 22, "DATE", "", 8)])["pass"]


def test_recognizer_spans_drop_whole_articles_only() -> None:
    from dossier.evaluate.recognizers_dates import predict

    text = "Ich komme am Dienstag den 12. Januar 2016 zurück"
    spans = [text[p[0] : p[1]] for p in predict(text, "de", "2016-01-01")]
    assert spans == ["Dienstag den 12. Januar 2016"]


@pytest.fixture(scope="module")
def meantime() -> dict:
    return evaluate_meantime_es(_gold(MEANTIME), compare_heideltime=False)


def test_meantime_es_report_folds(meantime: dict) -> None:
    report = meantime["splits"]["report"]
    assert meantime["folds"]["report"] == [3, 4]
    assert report["relaxed_f1"] >= 0.87
    assert report["value_f1"] >= 0.75
    assert report["strict_f1"] >= 0.79


def test_meantime_es_all(meantime: dict) -> None:
    everything = meantime["splits"]["all"]
    assert everything["n_gold"] == 479
    assert everything["relaxed_f1"] >= 0.90
    assert everything["value_f1"] >= 0.77


# Floors on the DateParser and DateExtractor pass rates (a little below the measured ones).
FLOORS = {
    "es": {"DateExtractor": 0.82, "DateParser": 0.85, "DateTimeModel": 0.19},
    "fr": {"DateExtractor": 0.65, "DateParser": 0.44, "DateTimeModel": 0.07},
    "pt": {"DateExtractor": 0.80, "DateParser": 0.75, "DateTimeModel": 0.19},
    "de": {"DateExtractor": 0.82, "DateParser": 0.90, "DateTimeModel": 0.19},
}


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_recognizer_pass_rates(lang: str) -> None:
    result = evaluate_recognizer_dates(_gold(RECOGNIZERS), lang)
    for name, floor in FLOORS[lang].items():
        assert result["files"][name]["pass_rate"] >= floor, (name, result["files"][name])
    for figures in result["files"].values():  # folds 0-2 and 3-4 split the cases
        assert figures["dev"]["cases"] + figures["test"]["cases"] == figures["cases"]
        assert figures["all"]["passed"] == figures["passed"]
