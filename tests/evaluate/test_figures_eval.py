"""The figure scorer, the NewsQuant loader and ``dossier evaluate figures`` (on gold lines
written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.errors import InputError
from dossier.evaluate.cli import evaluate_app
from dossier.evaluate.figures import (
    GoldSentence,
    Mention,
    load_gold,
    mention_of,
    parse_value,
    quantulum_available,
    score,
    unit_name,
)

runner = CliRunner()
LINES = [
    {
        "text": "Up to 700 workers could lose their jobs.",
        "quantities": [
            {"change": "<", "value": "700", "unit": "workers", "normalized_unit": "worker"}
        ],
    },
    {
        "text": "Shares fell 3% to $12.50 on Monday.",
        "quantities": [
            {"change": "down", "value": "3", "unit": "%", "normalized_unit": "percentage"},
            {"change": "=", "value": "12.5", "unit": "$", "normalized_unit": "dollar"},
        ],
    },
    {
        "text": "Between 20 and 30 boats sank.",
        "quantities": [
            {"change": "=", "value": "20-30", "unit": "boats", "normalized_unit": "boat"}
        ],
    },
    {"text": "Nothing to count here.", "quantities": []},
]


@pytest.fixture
def gold_file(tmp_path) -> Path:
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in LINES) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def use_session_nlp(monkeypatch, nlp):
    import dossier.nlp

    monkeypatch.setattr(dossier.nlp, "build_pipeline", lambda model=None: nlp)


def test_load_gold(gold_file):
    sentences = load_gold(gold_file)
    assert len(sentences) == 4
    assert sentences[2].quantities == [Mention((20.0, 30.0), "=", "boat")]
    assert load_gold(gold_file.parent, limit=2)[1].text.startswith("Shares")


def test_load_gold_errors(tmp_path):
    with pytest.raises(InputError):
        load_gold(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "quantities": [{"no value": 1}]}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:1"):
        load_gold(bad)


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("5", 5.0),
        ("1000-5000", (1000.0, 5000.0)),
        ("-1.4", -1.4),
        ("2415.0-2315.0", (2415.0, 2315.0)),
    ],
)
def test_parse_value(value, parsed):
    assert parse_value(value) == parsed


def test_scores_count_pairs_one_to_one():
    gold = [GoldSentence("", [Mention(5.0, "=", "-"), Mention(5.0, "=", "-")])]
    metrics = score(gold, [[Mention(5.0, "=", "-")]])
    assert metrics["value_recall"] == 0.5 and metrics["value_precision"] == 1.0
    # a range is a set: written order does not matter
    metrics = score(
        [GoldSentence("", [Mention((9.0, 3.0), "=", "-")])], [[Mention((3.0, 9.0), "=", "-")]]
    )
    assert metrics["value_f1"] == 1.0
    # a wrong bound or unit costs only its own measure
    metrics = score([GoldSentence("", [Mention(5.0, ">", "mile")])], [[Mention(5.0, "=", "km")]])
    assert (metrics["value_f1"], metrics["value_bound_f1"], metrics["value_unit_f1"]) == (
        1.0,
        0.0,
        0.0,
    )
    assert score([], [])["value_f1"] == 0.0


def test_average_ranges_as_cqe_does_for_quantulum():
    gold = [GoldSentence("", [Mention((200.0, 300.0), "=", "-")])]
    assert score(gold, [[Mention(250.0, "=", "-")]], average_ranges=True)["value_f1"] == 1.0


def _figure(**kw) -> dict:
    base = {"low": 5.0, "high": 5.0, "qualifier": "exact", "unit": None, "vague": False}
    return base | kw


@pytest.mark.parametrize(
    ("figure", "value", "change"),
    [
        (_figure(), 5.0, "="),
        (_figure(qualifier="about"), 5.0, "~"),
        (_figure(low=700.0, high=None, qualifier="more_than"), 700.0, ">"),
        (_figure(low=None, high=700.0, qualifier="up_to"), 700.0, "<"),
        (_figure(low=1.0, high=2.0, qualifier="between"), (1.0, 2.0), "="),
        (_figure(low=200.0, high=999.0, qualifier="about", vague=True), (100.0, 1000.0), "="),
        (_figure(change="down"), 5.0, "down"),
        (_figure(qualifier="about", change="up"), 5.0, "up"),
        (_figure(qualifier="more_than", change="up"), 5.0, ">"),
    ],
)
def test_mention_of(figure, value, change):
    mention = mention_of(figure)
    assert (mention.value, mention.change) == (value, change)


@pytest.mark.parametrize(
    ("figure", "unit"),
    [
        (_figure(unit="%", percent=True), "percentage"),
        (_figure(unit="USD", currency="USD"), "dollar"),
        (_figure(unit="USD per barrel", currency="USD"), "dollar per barrel"),
        (_figure(unit="miles"), "mile"),
        (_figure(unit="km"), "kilometre"),
        (_figure(unit="years old"), "year of age"),
        (_figure(unit="Liverpool fans"), "Liverpool fan"),
        (_figure(unit=None), "-"),
    ],
)
def test_unit_name(figure, unit):
    assert unit_name(figure) == unit


def test_cli_json(gold_file, use_session_nlp):
    result = runner.invoke(
        evaluate_app, ["figures", "--gold", str(gold_file), "--json", "--no-quantulum"]
    )
    assert result.exit_code == 0, result.output
    [obj] = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert set(obj) == {"task", "gold", "n", "metrics"}
    assert obj["task"] == "figures" and obj["n"] == 4 and obj["gold"] == str(gold_file)
    metrics = obj["metrics"]
    assert metrics["n_gold"] == 4
    assert metrics["value_f1"] == 1.0 and metrics["value_bound_f1"] == 1.0, metrics


@pytest.mark.skipif(not quantulum_available(), reason="quantulum3 (bench extra) not installed")
def test_cli_table_with_quantulum(gold_file, use_session_nlp):
    result = runner.invoke(evaluate_app, ["figures", "--gold", str(gold_file)])
    assert result.exit_code == 0, result.output
    assert "quantulum3" in result.stdout and "value_bound_f1" in result.stdout
    result = runner.invoke(evaluate_app, ["figures", "--gold", str(gold_file), "--json"])
    [obj] = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert obj["baseline"]["name"] == "quantulum3"
    assert set(obj["baseline"]["metrics"]) == set(obj["metrics"])


def test_cli_bad_gold(tmp_path):
    result = runner.invoke(evaluate_app, ["figures", "--gold", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
    assert "error:" in result.output


def test_cli_default_gold_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("DOSSIER_EVAL_DIR", str(tmp_path))
    result = runner.invoke(evaluate_app, ["figures", "--no-quantulum"])
    assert result.exit_code == 3
