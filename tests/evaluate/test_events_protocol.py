"""The evaluation protocol of the event coder: folds, per-type scores, PETRARCH records, ablation.

Synthetic gold and fake predictors throughout (the coder itself changes while these hold); one
CLI run on the real PLOVER gold, skipped when it is absent.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli import app
from dossier.errors import ConfigError
from dossier.evaluate import events as ev
from dossier.evaluate.cli import eval_dir
from dossier.evaluate.events import (
    GoldActor,
    GoldEvent,
    PetrEvent,
    PredictedEvent,
    ablation_configurations,
    ablation_table,
    check_folds,
    dictionaries,
    evaluate_petr,
    evaluate_plover,
    fold_of,
    fold_summary,
    fold_table,
    load_petr,
)
from dossier.extract.dictionaries import ENV

TYPES = ["AGREE", "ASSAULT", "PROTEST", "REQUEST", "COERCE"]
SENTENCES = [f"Sentence number {i} about country {i % 7} and its neighbour." for i in range(60)]


def gold_events() -> list[GoldEvent]:
    """60 sentences, every third with a second record (a second event of the same sentence)."""
    out = []
    for i, text in enumerate(SENTENCES):
        source = (GoldActor("x", f"C{i % 7:02d}", "GOV"),)
        out.append(GoldEvent(f"g{i}", text, TYPES[i % 5], source))
        if i % 3 == 0:
            out.append(GoldEvent(f"g{i}b", text, TYPES[(i + 1) % 5]))
    return out


def fake_predict(texts: list[str]) -> list[list[PredictedEvent]]:
    """Right on even sentences (first record only), PROTEST on odd ones."""
    out = []
    for text in texts:
        i = SENTENCES.index(text)
        label = TYPES[i % 5] if i % 2 == 0 else "PROTEST"
        out.append([PredictedEvent(label, (f"C{i % 7:02d}", "GOV"))])
    return out


# Folds -----------------------------------------------------------------------------------------


def test_fold_of_is_the_sha1_rule_and_stable():
    for text in [*SENTENCES[:10], "Ünïcode — text"]:
        expected = int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 5
        assert fold_of(text, 5) == expected == fold_of(text, 5)
        assert 0 <= fold_of(text, 3) < 3


def test_fold_of_rejects_no_folds():
    with pytest.raises(ConfigError):
        fold_of("x", 0)


def test_folds_are_complete_and_keep_sentences_together():
    events = gold_events()
    result = evaluate_plover(events, fake_predict, k=5)
    per_fold = result["folds"]["per_fold"]
    assert sorted(per_fold) == ["0", "1", "2", "3", "4"]
    assert sum(m["n_gold"] for m in per_fold.values()) == len(events) == result["n"]
    for fold, metrics in per_fold.items():  # each fold scores exactly its own sentences' records
        own = [e for e in events if fold_of(e.text, 5) == int(fold)]
        assert metrics["n_gold"] == len(own)
        alone = evaluate_plover(own, fake_predict)["metrics"]
        assert metrics == alone


def test_selected_folds_predict_only_their_sentences():
    seen: list[str] = []

    def predict(texts):
        seen.extend(texts)
        return fake_predict(texts)

    result = evaluate_plover(gold_events(), predict, folds=[3, 4])
    assert seen and {fold_of(t, 5) for t in seen} <= {3, 4}
    assert sorted(result["folds"]["per_fold"]) == ["3", "4"] and result["folds"]["k"] == 5
    assert result["n"] == sum(1 for e in gold_events() if fold_of(e.text, 5) in (3, 4))
    header, _ = fold_table(result)
    assert header == ["folds 3+4", "fold 3", "fold 4", "mean", "sd"]


def test_check_folds():
    assert check_folds(5) == [0, 1, 2, 3, 4]
    assert check_folds(5, [4, 3]) == [3, 4]
    for k, folds in ((1, None), (5, [5]), (5, [-1])):
        with pytest.raises(ConfigError):
            check_folds(k, folds)


def test_fold_summary_mean_and_sd():
    summary = fold_summary(
        3,
        {
            0: {"n_gold": 2, "x": 0.2, "per_type": {}},
            1: {"n_gold": 2, "x": 0.4, "per_type": {}},
            2: {"n_gold": 0, "x": 0.0, "per_type": {}},  # an empty fold is left out of the spread
        },
    )
    assert summary["mean"]["x"] == pytest.approx(0.3)
    assert summary["sd"]["x"] == pytest.approx(0.1414, abs=1e-4)
    assert "per_type" not in summary["mean"]


def test_fold_table_rows_and_columns():
    result = evaluate_plover(gold_events(), fake_predict, k=3)
    result["metrics"]["cameo_root_accuracy"] = 0.5  # scored on another set: no fold values
    header, rows = fold_table(result)
    assert header == ["dev", "fold 0", "fold 1", "fold 2", "mean", "sd"]
    named = dict(rows)
    assert "per_type" not in named
    assert named["type_accuracy"][0] == result["metrics"]["type_accuracy"]
    assert named["cameo_root_accuracy"] == [0.5, None, None, None, None, None]
    header, rows = fold_table(evaluate_plover(gold_events(), fake_predict))
    assert header == ["dev"] and all(len(row) == 1 for _, row in rows)


# Per-type scores -------------------------------------------------------------------------------


def test_per_type_counts_over_sentences():
    text = "s"
    gold = [GoldEvent("a", text, "AGREE"), GoldEvent("b", text, "AGREE")]  # one sentence: once
    events = [*gold, GoldEvent("c", "t", "ASSAULT"), GoldEvent("d", "u", "ASSAULT")]
    predictions = {
        "s": [PredictedEvent("AGREE"), PredictedEvent("PROTEST")],
        "t": [PredictedEvent("ASSAULT")],
        "u": [],
    }
    metrics = evaluate_plover(events, lambda texts: [predictions[t] for t in texts])["metrics"]
    per_type = metrics["per_type"]
    assert list(per_type) == ["AGREE", "ASSAULT", "PROTEST"]
    assert per_type["AGREE"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "gold": 1,
        "predicted": 1,
    }
    assert per_type["ASSAULT"]["gold"] == 2 and per_type["ASSAULT"]["predicted"] == 1
    assert per_type["ASSAULT"]["recall"] == 0.5 and per_type["ASSAULT"]["precision"] == 1.0
    assert per_type["PROTEST"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "gold": 0,
        "predicted": 1,
    }
    macro = sum(s["f1"] for s in per_type.values()) / 3
    assert metrics["type_macro_f1"] == pytest.approx(macro)


# PETRARCH records ------------------------------------------------------------------------------

PETR_XML = """<Validation>
<Environment><Verbfile>v.txt</Verbfile></Environment>
<Sentences>
<!-- <Sentence id="COMMENTED"> is not a record -->
<Sentence date="20010101" id="T-01" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode="GONGOV" targetcode="ARN" eventcode="1717"></EventCoding>
<Text>
Arnor met Gondor and
Gondor's government seized Arnor's ships.
</Text>
<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>
</Sentence>
<Sentence date = "20010101" id ="T-02"  category="DEMO" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>The weather was fine.</Text>
</Sentence>
<Sentence date="20010101" id="T-03" category="ERROR" sentence="true">
<EventCoding error="storydiscard"></EventCoding>
<Text>Arnor won the golf championship.</Text>
</Sentence>
<Sentence date="20010101" id="T-04" category="PATTERN" sentence="true">
<EventCoding sourcecode='"INJURY TOLL"' targetcode="OSG" eventcode="223"></EventCoding>
<EventCoding sourcecode="---GOV" targetcode="OSG" eventcode="043"></EventCoding>
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="903"></EventCoding>
<Text>Osgiliath's toll rose.</Text>
</Sentence>
<Sentence date="20010101" id="T-05" category="PATTERN" sentence="true">
<Text>No coding given at all.</Text>
</Sentence>
</Sentences>
</Validation>
"""


@pytest.fixture
def petr_file(tmp_path: Path) -> Path:
    path = tmp_path / "records.xml"
    path.write_text(PETR_XML, encoding="utf-8")
    return path


def test_load_petr(petr_file: Path):
    records = load_petr(petr_file)
    assert [r.id for r in records] == ["T-01", "T-02", "T-03", "T-04", "T-05"]
    first = records[0]
    assert first.text == "Arnor met Gondor and Gondor's government seized Arnor's ships."
    assert first.events == (PetrEvent("ARN", "GON", "064"), PetrEvent("GONGOV", "ARN", "1717"))
    assert [e.root for e in first.events] == ["06", "17"]
    assert [e.source_country for e in first.events] == ["ARN", "GON"]
    assert records[1].no_events and not records[1].events
    assert records[2].error == "storydiscard" and not records[2].no_events
    fourth = records[3].events
    assert fourth[0].source == '"INJURY TOLL"' and fourth[0].source_country is None
    assert fourth[0].root is None  # 22 is no CAMEO root
    assert fourth[1].source_country is None and fourth[2].root is None
    assert records[4].events == () and not records[4].no_events


def test_load_petr_errors(tmp_path: Path):
    with pytest.raises(ConfigError):
        load_petr(tmp_path / "none.xml")
    bad = tmp_path / "bad.xml"
    bad.write_text("<Validation><Sentence>", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_petr(bad)


def test_evaluate_petr_with_a_fake_predictor(petr_file: Path):
    predictions = {
        "Arnor met Gondor and Gondor's government seized Arnor's ships.": [
            PredictedEvent("CONSULT", ("ARN", None), cameo="040"),  # 04, not the gold 06
            PredictedEvent("COERCE", ("GON", "GOV"), cameo="171"),  # 17 found, GON right
        ],
        "The weather was fine.": [PredictedEvent("AGREE", cameo="030")],  # a false event
        "Osgiliath's toll rose.": [PredictedEvent("REQUEST", ("OSG", None), cameo="043")],
    }
    seen: list[str] = []

    def predict(texts):
        seen.extend(texts)
        return [predictions[t] for t in texts]

    metrics = evaluate_petr(load_petr(petr_file), predict)
    assert len(seen) == 3  # the error record and the one without coding are not scored
    # gold events with a CAMEO root: 064, 1717, 043 (223 and 903 are not CAMEO); found: 17, 04
    assert metrics["n_petr"] == 3 and metrics["petr_root_recall"] == pytest.approx(2 / 3)
    # the source of 043 is "---GOV", no country: only 17's GON is scored, and it is right
    assert metrics["n_petr_source"] == 1 and metrics["petr_source_country"] == 1.0
    assert metrics["petr_false_events"] == 1 and metrics["n_petr_no_event"] == 1


@pytest.mark.skipif(
    not (eval_dir() / "events" / "PETR.UnitTest.records.xml").exists(), reason="no PETR records"
)
def test_the_real_petr_records_parse():
    records = load_petr(eval_dir() / "events" / "PETR.UnitTest.records.xml")
    assert len(records) > 250
    assert sum(r.no_events for r in records) >= 10
    assert sum(len(r.events) for r in records) > 300


# Ablation --------------------------------------------------------------------------------------


def test_ablation_configurations():
    configs = ablation_configurations()
    assert len(configs) == 8 and configs[0] == ("none", "none") and configs[-1] == ("all", "all")
    for _, value in configs:
        with dictionaries(value) as names:
            assert names <= {"actors", "agents", "verbs"}


def test_dictionaries_sets_and_restores_the_switch(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(ENV, "verbs")
    with dictionaries("actors, agents") as names:
        assert names == {"actors", "agents"} and os.environ[ENV] == "actors,agents"
    assert os.environ[ENV] == "verbs"
    with dictionaries(None) as names:
        assert names == {"verbs"}
    with pytest.raises(ConfigError), dictionaries("actors,bogus"):
        pass
    assert os.environ[ENV] == "verbs"
    monkeypatch.delenv(ENV)
    with dictionaries("none") as names:
        assert names == frozenset()
    assert ENV not in os.environ


def test_ablation_table():
    runs = [("none", {"type_accuracy": 0.5, "n_gold": 3}), ("all", {"type_accuracy": 0.75})]
    header, rows = ablation_table(runs)
    assert header == ["type_accuracy"]
    assert rows == [("none", [0.5]), ("all", [0.75])]


# The CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> list[frozenset[str]]:
    """build_pipeline and evaluate_dossier replaced: each build records the dictionaries switched
    on when it ran; the "score" is the number of them."""
    from dossier.extract.dictionaries import enabled

    builds: list[frozenset[str]] = []

    def build(model: str = "") -> frozenset[str]:
        builds.append(enabled())
        return builds[-1]

    def evaluate(nlp, sets, examples, petr, batch_size, k, folds):
        metrics = {"type_accuracy": len(nlp) / 3, "petr_root_recall": 0.0}
        return [{"task": "events", "gold": n, "n": len(e), "metrics": metrics} for n, e in sets]

    monkeypatch.setattr("dossier.nlp.build_pipeline", build)
    monkeypatch.setattr(ev, "evaluate_dossier", evaluate)
    return builds


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    record = {"text": "Chile and Norway signed a treaty.", "event": "AGREE", "source": []}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_cli_ablation_rebuilds_the_pipeline_per_configuration(fake_pipeline, gold_file: Path):
    before = os.environ.get(ENV)
    args = ["evaluate", "events", "--gold", str(gold_file), "--ablation", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [sorted(b) for b in fake_pipeline] == [
        [],
        ["actors"],
        ["agents"],
        ["verbs"],
        ["agents", "verbs"],
        ["actors", "verbs"],
        ["actors", "agents"],
        ["actors", "agents", "verbs"],
    ]
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["ablation"]["all"]["metrics"]["type_accuracy"] == 1.0
    assert line["ablation"]["all but verbs"]["dictionaries"] == "actors,agents"
    assert os.environ.get(ENV) == before  # the switch is restored
    text = CliRunner().invoke(app, ["evaluate", "events", "--gold", str(gold_file), "--ablation"])
    assert text.exit_code == 0 and "all but agents" in text.stdout


def test_cli_dictionaries_switch(fake_pipeline, gold_file: Path):
    args = ["evaluate", "events", "--gold", str(gold_file), "--json", "--dictionaries", "verbs"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert fake_pipeline == [frozenset({"verbs"})]
    assert json.loads(result.stdout.strip().splitlines()[-1])["dictionaries"] == ["verbs"]
    bad = CliRunner().invoke(app, [*args[:-1], "verbs,nouns"])
    assert bad.exit_code != 0 and "nouns" in bad.output
    both = CliRunner().invoke(app, [*args, "--ablation"])
    assert both.exit_code != 0


@pytest.mark.parametrize(
    "args",
    [
        ["--folds", "1"],
        ["--fold", "5"],
        ["--folds", "3", "--fold", "3"],
        ["--report-folds", "--fold", "1"],
        ["--report-folds", "--folds", "4"],
    ],
)
def test_cli_bad_folds(fake_pipeline, gold_file: Path, args: list[str]):
    result = CliRunner().invoke(app, ["evaluate", "events", "--gold", str(gold_file), *args])
    assert result.exit_code != 0
    assert fake_pipeline == []  # refused before any pipeline is built


GSR = eval_dir() / "events" / "plover-gsr-dev.jsonl"


@pytest.mark.skipif(not GSR.exists(), reason=f"no PLOVER gold at {GSR}")
def test_cli_folds_json_on_the_real_gold():
    result = CliRunner().invoke(app, ["evaluate", "events", "--folds", "5", "--json"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout.strip().splitlines()[-1])
    folds = line["folds"]
    assert folds["k"] == 5 and sorted(folds["per_fold"]) == ["0", "1", "2", "3", "4"]
    assert sum(m["n_gold"] for m in folds["per_fold"].values()) == line["n"]
    for name in ("type_accuracy", "type_macro_f1", "actor1_country_accuracy"):
        assert 0.0 <= folds["mean"][name] <= 1.0 and folds["sd"][name] >= 0.0
    per_type = line["metrics"]["per_type"]
    assert per_type and all(
        set(s) == {"precision", "recall", "f1", "gold", "predicted"} for s in per_type.values()
    )
    if (eval_dir() / "events" / "PETR.UnitTest.records.xml").exists():
        assert line["metrics"]["n_petr"] > 250
        assert 0.0 <= line["metrics"]["petr_root_recall"] <= 1.0
