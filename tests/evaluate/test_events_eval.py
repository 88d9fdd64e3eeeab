"""The event scorer and its loaders, on records written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli import app
from dossier.errors import ConfigError
from dossier.evaluate.events import (
    EventCounts,
    GoldActor,
    GoldEvent,
    PredictedEvent,
    evaluate_plover,
    fix_mojibake,
    load_cameo,
    load_plover,
    map_label,
    score_sentence,
)

RECORDS = [
    {
        "id": "t1",
        "text": "Chile and Norway signed a fisheries treaty on Monday.",
        "event": "AGREE",
        "source": [{"actorText": "Chile", "code": "CHL"}, {"actorText": "Norway", "code": "NOR"}],
        "target": "",
    },
    {
        "id": "t2",
        "text": "Bolivian soldiers arrested three Peruvian journalists.",
        "event": "COERCE",
        "source": [{"actorText": "Bolivian soldiers", "code": "BOL", "sector": "MIL"}],
        "target": [{"actorText": "Peruvian journalists", "code": "PER", "sector": "MED"}],
    },
    {
        "id": "t3",
        "text": "Ghana demanded that Togo release the prisoners.",
        "event": "DEMAND",
        "source": [{"actorText": "Ghana", "code": "GHA"}],
        "target": [{"actorText": "Togo", "code": "TGO"}],
    },
]


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    lines = [json.dumps(r) for r in RECORDS] + ["", "{broken"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_map_label():
    assert [map_label(x) for x in ("DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT", "AGREE")] == [
        "REQUEST",
        "ACCUSE",
        "ACCUSE",
        "ASSAULT",
        "AGREE",
    ]


def test_load_plover_maps_labels_and_skips_broken_lines(gold_file: Path):
    events = load_plover(gold_file)
    assert [e.plover for e in events] == ["AGREE", "COERCE", "REQUEST"]
    assert events[0].targets == ()
    assert events[1].sources[0] == GoldActor("Bolivian soldiers", "BOL", "MIL")
    assert load_plover(gold_file.parent) == events  # a folder of .jsonl files


def test_load_plover_missing(tmp_path: Path):
    with pytest.raises(ConfigError):
        load_plover(tmp_path / "none.jsonl")


def test_mojibake_and_codebook(tmp_path: Path):
    broken = "Moscow’s will".encode().decode("mac_roman")
    assert fix_mojibake(broken) == "Moscow’s will"
    path = tmp_path / "codes.csv"
    rows = [
        '"","code","name","example"',
        f'"1","112","Accuse","Peru accused {broken} agents. Note: a note."',
        '"2","01","STATEMENT",NA',
        '"3","151","Alert","NEED EXAMPLE."',
    ]
    path.write_bytes("\n".join(rows).encode("cp1252"))
    examples = load_cameo(path)
    assert [(e.code, e.root, e.text) for e in examples] == [
        ("112", "11", "Peru accused Moscow’s will agents.")
    ]


def test_score_sentence_counts():
    gold = [
        GoldEvent(
            "a", "s", "ASSAULT", (GoldActor("x", "RUS", "MIL"),), (GoldActor("y", "UKR", None),)
        ),
        GoldEvent("b", "s", "COERCE", (GoldActor("x", "IGO", None),)),
    ]
    predicted = [
        PredictedEvent("ASSAULT", ("RUS", "GOV"), ("UKR", None)),
        PredictedEvent("PROTEST", (None, "IGO"), (None, None)),
    ]
    counts = EventCounts()
    score_sentence(gold, predicted, counts)
    metrics = counts.metrics()
    assert metrics["type_accuracy"] == 0.5
    assert counts.tp["ASSAULT"] == 1 and counts.fn["COERCE"] == 1 and counts.fp["PROTEST"] == 1
    assert counts.actor1 == [True, False]  # COERCE not found: scored on the first event (RUS)
    assert counts.actor2 == [True]
    assert counts.roles == [False]  # gold MIL, predicted GOV
    assert metrics["type_macro_f1"] == pytest.approx((1 + 0 + 0) / 3)


def test_evaluate_plover_with_a_fake_predictor(gold_file: Path):
    def predict(texts):
        return [[PredictedEvent("AGREE", ("CHL", None))] for _ in texts]

    result = evaluate_plover(load_plover(gold_file), predict, gold="g")
    assert result["task"] == "events" and result["gold"] == "g" and result["n"] == 3
    assert result["metrics"]["type_accuracy"] == pytest.approx(1 / 3)


def test_cli_json_on_any_gold(gold_file: Path, tmp_path: Path):
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            "events",
            "--gold",
            str(gold_file),
            "--cameo",
            str(tmp_path / "no.csv"),
            "--json",
        ],
    )
    assert result.exit_code != 0  # a named codebook that is missing is an error
    result = CliRunner().invoke(app, ["evaluate", "events", "--gold", str(gold_file), "--json"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(line) == {"task", "gold", "n", "metrics", "dictionaries"}
    assert line["task"] == "events" and line["n"] == 3
    assert 0.0 <= line["metrics"]["type_accuracy"] <= 1.0
    assert "actor1_country_accuracy" in line["metrics"]
