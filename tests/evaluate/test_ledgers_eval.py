"""``dossier evaluate ledgers`` on a tiny hand-made gold (our own sentences, not ECB+)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from dossier.evaluate.ledgers import GoldFigure, evaluate, load_gold, load_texts, score
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


def test_score_lists_the_wrong_pairs_and_follows_copies() -> None:
    from types import SimpleNamespace

    from dossier.model import Ledger, LedgerEntry

    texts = {
        "o": {"text": "Floods killed 40 people on Monday."},
        "c": {"text": "Floods killed 40 people on Monday ."},  # a copy, reworded a little
        "x": {"text": "A fire killed 3 people."},
    }
    gold = [
        GoldFigure("o", 14, 16, "40", "flood"),
        GoldFigure("c", 14, 16, "40", "flood"),
        GoldFigure("x", 12, 13, "3", "fire"),
    ]
    rows = [SimpleNamespace(id=f"f{d}", document_id=d, start=g.start, end=g.end)
            for d, g in zip("ocx", gold, strict=True)]  # fmt: skip
    stored = {d: t["text"] for d, t in texts.items()}
    entry = LedgerEntry(figure="fo", document="o", text="40", low=40, high=40,
                        sentence="Floods killed 40 people on Monday.")  # fmt: skip
    fire = LedgerEntry(figure="fx", document="x", text="3", low=3, high=3)
    ledger = Ledger(id="L", entries=[entry, fire], contested=False)
    ids = {d: d for d in texts}
    result = score(gold, texts, ids, [ledger], rows, stored, copy_of={"c": "o"}, details=True)
    assert result["in_ledger"] == 3  # the copy's figure is in its original's ledger
    pair = result["pairwise"]
    assert (pair["tp"], pair["fp"], pair["fn"]) == (1, 2, 0)
    wrong = {(e["kind"], e["a"]["group"], e["b"]["group"]) for e in result["errors"]}
    assert wrong == {("fp", "flood", "fire")}
    assert result["errors"][0]["a"]["sentence"].startswith("Floods killed")


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
