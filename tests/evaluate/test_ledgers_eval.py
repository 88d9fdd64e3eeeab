"""``dossier evaluate ledgers`` on a tiny hand-made gold (our own sentences, not ECB+)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from dossier.evaluate.ledgers import evaluate, load_gold, load_texts
from dossier.evaluate.scoring import clusters, pairwise

ARTICLES = {
    "a1": "Floods in Kenya killed 40 people on Monday, the Red Cross said. "
    "Police in Kenya arrested 12 looters in Nairobi.",
    "a2": "Kenyan officials said the floods killed 120 people on Monday in Kenya. "
    "Police in Kenya arrested 12 people suspected of looting.",
    "a3": "The floods in Kenya killed 45 people on Monday.",
}


def _gold(tmp_path: Path) -> tuple[Path, Path]:
    def row(doc: str, words: str, group: str, contested: bool) -> dict:
        start = re.search(rf"\b{words}\b", ARTICLES[doc]).start()  # type: ignore[union-attr]
        return {"doc_id": doc, "start": start, "end": start + len(words), "figure": words,
                "group": group, "contested": contested, "split": "test"}  # fmt: skip

    gold = [
        row("a1", "40", "ken-flood-killed", True),
        row("a2", "120", "ken-flood-killed", True),
        row("a3", "45", "ken-flood-killed", True),
        row("a1", "12", "ken-looters-detained", False),
        row("a2", "12", "ken-looters-detained", False),
    ]
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    texts = tmp_path / "texts.jsonl"
    texts.write_text(
        "".join(
            json.dumps({"doc_id": d, "text": t, "outlet": f"Outlet {d}"}) + "\n"
            for d, t in ARTICLES.items()
        ),
        encoding="utf-8",
    )
    return gold_path, texts


def test_pairwise_counts_a_missed_figure_against_recall() -> None:
    def score(predicted: dict, gold: dict) -> dict:
        return pairwise(clusters(gold), clusters(predicted), empty=1.0)

    pair = score({"a": "L", "b": "L", "c": None}, {"a": "g", "b": "g", "c": "g"})
    assert (pair["precision"], pair["tp"], pair["fp"], pair["fn"]) == (1.0, 1, 0, 2)
    assert round(pair["recall"], 3) == 0.333 and round(pair["f1"], 3) == 0.5
    pair = score({"a": "L", "b": "L"}, {"a": "g", "b": "h"})
    assert (pair["precision"], pair["recall"], pair["fp"]) == (0.0, 1.0, 1)


def test_evaluate_groups_the_tolls_and_the_arrests(nlp, tmp_path) -> None:
    gold_path, texts_path = _gold(tmp_path)
    gold = load_gold(gold_path)
    texts = load_texts([texts_path], {g.doc_id for g in gold})
    result = evaluate(gold, texts, nlp)
    assert result["extracted"] == 5
    assert result["pairwise"]["precision"] == 1.0
    assert result["pairwise"]["f1"] == 1.0  # killed and detained: two ledgers, nothing mixed
    assert result["contested_accuracy"] == 1.0  # 40/45 against 120 on one day: contested


def test_cli(tmp_path) -> None:
    from dossier.evaluate.cli import evaluate_app

    gold_path, texts_path = _gold(tmp_path)
    result = CliRunner().invoke(
        evaluate_app,
        ["ledgers", "--gold", str(gold_path), "--texts", str(texts_path), "--json"],
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.output.splitlines()[-1])
    assert row["split"] == "test" and row["figures"] == 5 and "pairwise" in row
