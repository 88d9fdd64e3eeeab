"""The attribution scorer: brat loading, span matching, metrics, and the CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli import app
from dossier.errors import InputError
from dossier.evaluate.claims import (
    Attribution,
    load_gold,
    parse_ann,
    score,
    spans_match,
)

TEXT = "Ann Lee said that the vote was rigged.\n“We lost,” Bob Day said, “badly.”\n"
# offsets:   Ann Lee 0-7, said 8-12, that ... rigged 13-37; “We lost,” 39-49, Bob Day 50-57,
#            said 58-62, “badly.” 64-72
ANN = (
    "T1\tSource 0 7\tAnn Lee\n"
    "T2\tCue 8 12\tsaid\n"
    "T3\tContent 13 37\tthat the vote was rigged\n"
    "T4\tAttribution 8 12\tsaid\n"
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    "T5\tSource 50 57\tBob Day\n"
    "T6\tCue 58 62\tsaid\n"
    "T7\tContent 39 49;64 72\t“We lost,” “badly.”\n"
    "T8\tAttribution 58 62\tsaid\n"
    "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n"
    "T9\tCue 13 17\tthat\n"
    "T10\tContent 18 37\tthe vote was rigged\n"
    "T11\tAttribution-no-source 13 17\tthat\n"
    "E3\tAttribution-no-source:T11 Cue:T9 Content:T10\n"
    "T12\tDiscuss 0 5\tAnn L\n"
)


def write_gold(root: Path, annotators: tuple[str, ...] = ("b2", "a1")) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "story.txt").write_text(TEXT, encoding="utf-8")
    for name in annotators:
        ann = ANN if name == "a1" else "T1\tSource 0 3\tAnn\n"
        (root / "attributions" / f"story_{name}.ann").write_text(ann, encoding="utf-8")
    return root


def test_parse_ann_reads_roles_and_discontinuous_spans():
    atts = parse_ann(ANN)
    assert len(atts) == 3
    assert atts[1].content == ((39, 49), (64, 72))
    assert atts[2].source is None


def test_load_gold_takes_the_first_annotator_file(tmp_path):
    docs = load_gold(write_gold(tmp_path))
    assert len(docs) == 1
    assert docs[0].name == "story_a1.ann" and len(docs[0].attributions) == 3
    assert docs[0].text == TEXT


def test_load_gold_keeps_a_second_annotator(tmp_path):
    doc = load_gold(write_gold(tmp_path))[0]
    assert doc.second == []  # b2's file names a source but no attribution
    single = load_gold(write_gold(tmp_path / "one", annotators=("a1",)))[0]
    assert single.second is None


def test_agreement_scores_the_second_annotator_against_the_first(tmp_path):
    root = write_gold(tmp_path, annotators=("a1",))
    (root / "attributions" / "story_c3.ann").write_text(ANN, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["evaluate", "claims", "--gold", str(root), "--json", "--no-textacy"]
    )
    assert result.exit_code == 0, result.output
    agreement = json.loads(result.stdout.strip().splitlines()[-1])["agreement"]
    assert agreement["n"] == 1
    assert agreement["metrics"]["attribution_exact_f1"] == 1.0  # the same annotation twice
    assert 0.0 <= agreement["dossier"]["cue_exact_f1"] <= 1.0
    table = CliRunner().invoke(app, ["evaluate", "claims", "--gold", str(root), "--no-textacy"])
    assert table.exit_code == 0, table.output
    assert "annotator 2" in table.stdout


def test_load_gold_errors(tmp_path):
    with pytest.raises(InputError):
        load_gold(tmp_path / "missing")
    with pytest.raises(InputError):
        load_gold(tmp_path)  # no .ann file


@pytest.mark.parametrize(
    ("a", "b", "mode", "expected"),
    [
        (((0, 10),), ((0, 10),), "exact", True),
        (((0, 10),), ((0, 9),), "exact", False),
        (((0, 10),), ((5, 20),), "overlap", False),  # 5 shared of 15
        (((0, 10),), ((3, 12),), "overlap", True),  # 7 shared of 10
        (((0, 4), (10, 14)), ((0, 14),), "overlap", True),  # 8 shared of 14
        (((0, 2), (12, 14)), ((0, 14),), "overlap", False),  # 4 shared of 14
        (((0, 4), (10, 14)), ((0, 4), (10, 14)), "exact", True),
    ],
)
def test_spans_match(a, b, mode, expected):
    assert spans_match(a, b, mode) is expected


def test_perfect_prediction_scores_one(tmp_path):
    doc = load_gold(write_gold(tmp_path))[0]
    metrics = score([(doc.text, doc.attributions, doc.attributions)]).metrics()
    for role in ("source", "cue", "content", "attribution"):
        for mode in ("exact", "overlap"):
            assert metrics[f"{role}_{mode}_f1"] == 1.0


def test_partial_prediction(tmp_path):
    doc = load_gold(write_gold(tmp_path))[0]
    pred = [
        Attribution(cue=((8, 12),), content=((13, 38),), source=((0, 7),)),  # content + "."
        Attribution(cue=((58, 62),), content=((39, 72),), source=((50, 57),)),  # one piece
    ]
    m = score([(doc.text, doc.attributions, pred)]).metrics()
    assert m["content_exact_precision"] == 0.0
    assert m["content_overlap_precision"] == 1.0  # 24 of 25, and 18 of 33 ≥ half
    assert m["cue_exact_precision"] == 1.0 and m["cue_exact_recall"] == pytest.approx(2 / 3)
    assert m["source_exact_f1"] == 1.0
    assert m["attribution_overlap_recall"] == pytest.approx(2 / 3)
    assert m["attribution_exact_recall"] == 0.0


def test_cli_json(tmp_path):
    gold = write_gold(tmp_path)
    result = CliRunner().invoke(
        app, ["evaluate", "claims", "--gold", str(gold), "--json", "--no-textacy"]
    )
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["task"] == "claims" and line["n"] == 1 and line["gold"] == str(gold)
    assert 0.0 <= line["metrics"]["cue_overlap_f1"] <= 1.0
    assert line["metrics"]["n_gold_cue"] == 3


def test_cli_with_textacy_beside(tmp_path):
    pytest.importorskip("textacy")
    gold = write_gold(tmp_path)
    result = CliRunner().invoke(app, ["evaluate", "claims", "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["baseline"]["name"] == "textacy"


def test_cli_bad_gold(tmp_path):
    result = CliRunner().invoke(app, ["evaluate", "claims", "--gold", str(tmp_path / "nope")])
    assert result.exit_code != 0
    assert "error:" in result.output
