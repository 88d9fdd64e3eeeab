"""The ``evaluate time`` command, with fake predictors (no spaCy model, no HeidelTime)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.evaluate import cli
from dossier.evaluate.cli import evaluate_app
from dossier.evaluate.scoring import METRIC_NAMES
from dossier.evaluate.timeml import load_gold

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


class Echo:
    """Answers the gold of the fixtures, or nothing."""

    def __init__(self, perfect: bool = True) -> None:
        self.answers = {d.text: [tuple(t) for t in d.timexes] for d in load_gold(FIXTURES)}
        self.perfect = perfect
        self.errors: list[tuple[int, str]] = []

    def __call__(self, text: str, dct: str | None):
        return self.answers[text] if self.perfect else []


@pytest.fixture
def fake(monkeypatch) -> dict:
    made: dict = {}

    def make_predictor(model_name, batch_size):
        made["model"] = model_name
        return Echo()

    def make_baseline(workers):
        made["workers"] = workers
        return Echo(perfect=False)

    monkeypatch.setattr(cli, "make_predictor", make_predictor)
    monkeypatch.setattr(cli, "make_baseline", make_baseline)
    return made


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_json_shape(fake) -> None:
    result = runner.invoke(evaluate_app, ["time", "--gold", str(FIXTURES), "--json"])
    assert result.exit_code == 0, result.output
    [obj] = json_lines(result.stdout)
    assert set(obj) == {"task", "gold", "n", "metrics"}
    assert obj["task"] == "time" and obj["gold"] == str(FIXTURES) and obj["n"] == 4
    assert list(obj["metrics"]) == list(METRIC_NAMES)
    assert all(isinstance(v, int | float) for v in obj["metrics"].values())
    assert obj["metrics"]["relaxed_f1"] == 1.0


def test_json_with_heideltime_baseline_and_options(fake) -> None:
    args = ["time", "--gold", str(FIXTURES / "timeml"), "--gold", str(FIXTURES / "meantime")]
    args += ["--json", "--compare-heideltime", "--limit", "1", "--model", "m", "--workers", "3"]
    result = runner.invoke(evaluate_app, args)
    assert result.exit_code == 0, result.output
    objs = json_lines(result.stdout)
    assert [o["n"] for o in objs] == [1, 1]  # one object per gold set, each limited
    for obj in objs:
        assert obj["baseline"]["name"] == "heideltime"
        assert list(obj["baseline"]["metrics"]) == list(METRIC_NAMES)
        assert obj["baseline"]["metrics"]["relaxed_recall"] == 0.0
    assert fake == {"model": "m", "workers": 3}


def test_predictor_failures_are_reported_and_scored_as_nothing(monkeypatch) -> None:
    class Failing(Echo):
        def predict_batch(self, items, progress=None):
            self.errors.append((1, "boom"))
            return [self(text, dct) if i != 1 else [] for i, (text, dct) in enumerate(items)]

    monkeypatch.setattr(cli, "make_predictor", lambda model_name, batch_size: Failing())
    result = runner.invoke(evaluate_app, ["time", "--gold", str(FIXTURES), "--json"])
    assert result.exit_code == 0, result.output
    assert "dossier failed on" in result.stderr and "2_Flight_delayed.xml: boom" in result.stderr
    assert json_lines(result.stdout)[0]["metrics"]["relaxed_recall"] == 8 / 9


def test_table_output(fake) -> None:
    result = runner.invoke(evaluate_app, ["time", "--gold", str(FIXTURES), "--compare-heideltime"])
    assert result.exit_code == 0, result.output
    for word in ("relaxed_f1", "value_f1", "type_accuracy", "dossier", "heideltime", "1.000"):
        assert word in result.stdout


def test_bad_gold_is_one_clear_error(fake) -> None:
    result = runner.invoke(evaluate_app, ["time", "--gold", str(FIXTURES / "missing")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_default_gold_missing(fake, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(cli.EVAL_DIR_ENV, str(tmp_path))
    result = runner.invoke(evaluate_app, ["time", "--json"])
    assert result.exit_code == 3
    assert "--gold" in result.output


def test_default_gold_is_found_from_the_eval_dir(fake, monkeypatch, tmp_path) -> None:
    target = tmp_path / "temporal" / "tbaq-cleaned"
    target.mkdir(parents=True)
    (target / "sample.tml").write_bytes((FIXTURES / "timeml" / "sample.tml").read_bytes())
    monkeypatch.setenv(cli.EVAL_DIR_ENV, str(tmp_path))
    assert cli.default_time_gold() == [target]
    result = runner.invoke(evaluate_app, ["time", "--json"])
    assert result.exit_code == 0, result.output
    assert [o["gold"] for o in json_lines(result.stdout)] == [str(target)]


def test_mounted_under_a_parent_app(fake) -> None:
    import typer

    app = typer.Typer()

    @app.callback()
    def main() -> None:
        pass

    app.add_typer(evaluate_app, name="evaluate")
    result = runner.invoke(app, ["evaluate", "time", "--gold", str(FIXTURES), "--json"])
    assert result.exit_code == 0, result.output
    assert json_lines(result.stdout)[0]["n"] == 4
