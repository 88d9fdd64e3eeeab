"""Near-duplicate detection over a small multi-source set written for these tests.

The set (an invented story): a wire report of a port strike in the fictional city of Velora,
a syndicated copy of it (another outlet, another headline, a standfirst and a boilerplate
footer), a lightly edited copy (a few words changed, a sentence dropped, one added), an
independently written report of the same strike (same facts, other words: NOT a copy), and two
unrelated articles.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier import cli
from dossier.ingest import make_document
from dossier.link import link_duplicates, list_duplicates
from dossier.link.duplicates import (
    Params,
    Sketcher,
    band_params,
    is_duplicate,
    jaccard,
    shingles,
)
from dossier.model import Document, Extraction
from dossier.store import Store, open_store

WIRE = (
    "VELORA (Meridian Wire) - Dock workers in the port of Velora walked off the job on Monday, "
    "halting the loading of grain ships for the first time in eleven years, union leaders said. "
    "The Velora Dockers Union said about 4,000 of its members joined the stoppage after talks "
    "with the port authority over night-shift pay broke down on Sunday evening. "
    "A spokeswoman for the port authority said the strike was illegal and that the authority "
    "would ask a court to order the workers back. Grain traders said at least 30 vessels were "
    "waiting at anchor outside the harbour and that freight rates for the route had risen "
    "sharply. The union said the strike would last until the authority returned to the table."
)
SYNDICATED = (
    "Port of Velora at a standstill as dockers strike\n\n"
    "Grain exports halted in the first walkout in over a decade.\n\n"
    + WIRE
    + "\n\nThis article was provided by Meridian Wire. Copyright 2031. All rights reserved. "
    "Sign up to our morning newsletter for more world news."
)
EDITED = (
    "VELORA (Meridian Wire) - Dock workers in the port of Velora walked off the job on Monday, "
    "halting the loading of grain ships for the first time in eleven years, union officials "
    "said. The Velora Dockers Union said roughly 4,000 of its members joined the stoppage after "
    "talks with the port authority over night-shift pay collapsed on Sunday evening. "
    "A spokeswoman for the port authority said the strike was unlawful and that the authority "
    "would ask a court to order the workers back. Grain traders said at least 30 vessels were "
    "waiting at anchor outside the harbour. The union said the strike would last until the "
    "authority returned to the table. The agriculture ministry said it was monitoring the "
    "situation."
)
INDEPENDENT = (
    "Thousands of dockers stopped work in Velora on Monday in a dispute over pay for night "
    "shifts, leaving dozens of grain carriers unable to load. The port authority called the "
    "action unlawful and said it would seek an injunction, while the union's leaders insisted "
    "their members would stay out until negotiations resumed. It is the first strike at the "
    "port since the early 2020s, and shipping brokers reported that charter prices on the "
    "route had jumped within hours of the walkout."
)
UNRELATED_1 = (
    "The national orchestra of Velora opened its winter season on Saturday with a programme of "
    "symphonies by local composers, drawing a capacity audience of 2,000 to the restored "
    "concert hall. Critics praised the new conductor, who took up the post in September after "
    "a decade in Vienna, for the brisk tempos and the clarity of the string section. The "
    "orchestra plans a tour of five cities in the spring and a recording of the cycle."
)
UNRELATED_2 = (
    "Farmers in the northern provinces have begun harvesting a record crop of barley after a "
    "wet spring and a mild summer, the agriculture ministry said on Thursday. Officials "
    "expect output to exceed 12 million tonnes, about a fifth more than last year, and warned "
    "that storage space could run short before the export season begins. Prices at the main "
    "commodity exchange fell for a third week."
)

ARTICLES: dict[str, dict[str, str]] = {
    "wire": {"text": WIRE, "outlet": "Meridian Wire", "published": "2031-03-03"},
    "syndicated": {
        "text": SYNDICATED,
        "outlet": "The Coastal Herald",
        "published": "2031-03-04",
        "title": "Port of Velora at a standstill as dockers strike",
    },
    "edited": {"text": EDITED, "outlet": "Velora Today", "published": "2031-03-05"},
    "independent": {"text": INDEPENDENT, "outlet": "Harbour Times", "published": "2031-03-03"},
    "orchestra": {"text": UNRELATED_1, "outlet": "Velora Today", "published": "2031-03-01"},
    "barley": {"text": UNRELATED_2, "outlet": "Farm News", "published": "2031-03-05"},
}


def _doc(name: str) -> Document:
    a = ARTICLES[name]
    return make_document(
        a["text"], outlet=a["outlet"], published=a["published"], title=a.get("title")
    )


DOCS = {name: _doc(name) for name in ARTICLES}
NAME = {doc.id: name for name, doc in DOCS.items()}


def _store(tmp_path: Path, names: list[str], db: str = "dossier.db") -> Store:
    store = open_store(tmp_path / db)
    for name in names:
        store.add(Extraction(document=DOCS[name]))
    return store


def _named(store: Store) -> dict[str, tuple[str, float]]:
    """copy name -> (original name, similarity)."""
    return {NAME[r.document]: (NAME[r.original], r.similarity) for r in list_duplicates(store)}


# -- the pure functions -----------------------------------------------------------------------


def test_shingles_ignore_case_and_punctuation():
    assert shingles("The port, of VELORA!") == shingles("the port of velora")
    assert shingles("a b c d", k=2) == {"a b", "b c", "c d"}
    with pytest.raises(ValueError):
        shingles("a b", k=0)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("wire", "syndicated", True),
        ("wire", "edited", True),
        ("syndicated", "edited", True),
        ("wire", "independent", False),
        ("wire", "orchestra", False),
        ("independent", "barley", False),
    ],
)
def test_is_duplicate_on_the_set(a: str, b: str, expected: bool):
    sa, sb = shingles(DOCS[a].text), shingles(DOCS[b].text)
    assert is_duplicate(sa, sb) is expected


def test_similarities_are_where_they_should_be():
    wire = shingles(WIRE)
    assert jaccard(wire, shingles(SYNDICATED)) > 0.7
    assert 0.5 < jaccard(wire, shingles(EDITED)) < 0.9
    assert jaccard(wire, shingles(INDEPENDENT)) < 0.05


def test_band_params_give_the_recall_asked_for():
    for threshold in (0.3, 0.5, 0.7, 0.9):
        bands, rows = band_params(threshold, 128)
        assert bands * rows <= 128
        assert 1 - (1 - threshold**rows) ** bands >= 0.98
    with pytest.raises(ValueError):
        band_params(0.0)


def test_bucket_keys_are_stable_and_shared_by_copies():
    sketcher = Sketcher(Params.make())
    wire = sketcher.keys(shingles(WIRE))
    assert wire == Sketcher(Params.make()).keys(shingles(WIRE))  # same on every run
    assert set(wire) & set(sketcher.keys(shingles(SYNDICATED)))
    assert not set(wire) & set(sketcher.keys(shingles(UNRELATED_1)))
    assert sketcher.keys(set()) == []


# -- over the store ---------------------------------------------------------------------------


def test_marks_the_copies_and_nothing_else(tmp_path: Path):
    with _store(tmp_path, list(ARTICLES)) as store:
        summary = link_duplicates(store)
        named = _named(store)
    assert summary.linked == len(ARTICLES)
    assert summary.rebuilt
    assert set(named) == {"syndicated", "edited"}
    assert named["syndicated"][0] == named["edited"][0] == "wire"  # earliest published
    assert named["syndicated"][1] > 0.7
    assert 0.5 <= named["edited"][1] < 0.9
    assert summary.duplicates == 2


def test_original_is_earliest_published_then_shortest_then_lowest_id(tmp_path: Path):
    same_day = [
        make_document(WIRE, published="2031-03-03"),
        make_document(EDITED, published="2031-03-03"),
        make_document(SYNDICATED, published="2031-03-02"),
        make_document(UNRELATED_1),  # undated: never an original before a dated copy
    ]
    tie = [
        make_document(WIRE + " Ends.", published="2031-03-03"),
        make_document(WIRE.replace("Monday", "Tuesday") + " Ends.", published="2031-03-03"),
    ]
    with open_store(tmp_path / "dates.db") as store:
        for doc in same_day:
            store.add(Extraction(document=doc))
        link_duplicates(store)
        by_date = list_duplicates(store)
    with open_store(tmp_path / "length.db") as store:
        for doc in [*same_day[:2], tie[0]]:
            store.add(Extraction(document=doc))
        link_duplicates(store)
        by_length = list_duplicates(store)
    with open_store(tmp_path / "id.db") as store:
        for doc in tie:
            store.add(Extraction(document=doc))
        link_duplicates(store)
        by_id = list_duplicates(store)
    assert {r.original for r in by_date} == {same_day[2].id}  # earliest, though the longest
    assert {r.document for r in by_date} == {same_day[0].id, same_day[1].id}
    shortest = min(same_day[:2] + tie[:1], key=lambda d: len(d.text))
    assert {r.original for r in by_length} == {shortest.id}
    assert {r.original for r in by_id} == {min(d.id for d in tie)}


def test_linking_twice_gives_the_same_records(tmp_path: Path):
    with _store(tmp_path, list(ARTICLES)) as store:
        link_duplicates(store)
        first = list_duplicates(store)
        again = link_duplicates(store)
        assert again.linked == 0 and not again.rebuilt
        assert list_duplicates(store) == first
        rebuilt = link_duplicates(store, rebuild=True)
        assert rebuilt.rebuilt and rebuilt.linked == len(ARTICLES)
        assert list_duplicates(store) == first


@pytest.mark.parametrize(
    "steps",
    [
        [["syndicated"], ["edited"], ["orchestra", "wire"], ["independent", "barley"]],
        [["barley", "syndicated", "edited"], ["wire", "independent", "orchestra"]],
        [["edited", "orchestra"], ["independent"], ["syndicated", "barley", "wire"]],
    ],
)
def test_incremental_linking_does_not_depend_on_order(tmp_path: Path, steps: list[list[str]]):
    with _store(tmp_path, list(ARTICLES), db="all.db") as store:
        link_duplicates(store)
        expected = list_duplicates(store)
    with open_store(tmp_path / "steps.db") as store:
        for step in steps:
            for name in step:
                store.add(Extraction(document=DOCS[name]))
            link_duplicates(store, batch_size=1)
        assert list_duplicates(store) == expected


def test_a_later_added_earlier_original_takes_over(tmp_path: Path):
    with _store(tmp_path, ["syndicated", "edited"]) as store:
        link_duplicates(store)
        named = _named(store)
        assert list(named) == ["edited"] and named["edited"][0] == "syndicated"
        store.add(Extraction(document=DOCS["wire"]))
        link_duplicates(store)
        named = _named(store)
    assert {k: v[0] for k, v in named.items()} == {"syndicated": "wire", "edited": "wire"}


def test_another_threshold_relinks_everything(tmp_path: Path):
    with _store(tmp_path, list(ARTICLES)) as store:
        link_duplicates(store)
        strict = link_duplicates(store, threshold=0.7)
        assert strict.rebuilt and strict.linked == len(ARTICLES)
        assert set(_named(store)) == {"syndicated"}
        link_duplicates(store)
        assert set(_named(store)) == {"syndicated", "edited"}


def test_empty_store_and_bad_parameters(tmp_path: Path):
    with open_store(tmp_path / "empty.db") as store:
        summary = link_duplicates(store)
        assert (summary.linked, summary.duplicates, summary.documents) == (0, 0, 0)
        with pytest.raises(ValueError):
            link_duplicates(store, threshold=1.5)
        with pytest.raises(ValueError):
            link_duplicates(store, batch_size=0)


# -- the command ------------------------------------------------------------------------------


def test_link_command_prints_the_groups_and_json(tmp_path: Path):
    _store(tmp_path, list(ARTICLES)).close()
    db = str(tmp_path / "dossier.db")
    result = CliRunner().invoke(cli.app, ["link", "--db", db])
    assert result.exit_code == 0, result.output
    assert "6 linked" in result.output
    assert "2 copies of 1 originals" in result.output
    assert DOCS["syndicated"].id[:12] in result.output
    assert DOCS["edited"].id[:12] in result.output
    result = CliRunner().invoke(cli.app, ["link", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["summary"]["linked"] == 0
    pairs = {(NAME[d["document"]], NAME[d["original"]]) for d in payload["duplicates"]}
    assert pairs == {("syndicated", "wire"), ("edited", "wire")}


def test_link_command_reports_a_bad_store_clearly(tmp_path: Path):
    result = CliRunner().invoke(cli.app, ["link", "--db", str(tmp_path)])  # a folder
    assert result.exit_code == 4
    assert "error:" in result.output
    assert "Traceback" not in result.output


def test_links_on_both_engines_incrementally(link_target: str):
    with open_store(link_target) as store:
        for name in ("syndicated", "orchestra", "independent"):
            store.add(Extraction(document=DOCS[name]))
        assert link_duplicates(store, batch_size=2).linked == 3
        assert _named(store) == {}
        for name in ("wire", "edited", "barley"):
            store.add(Extraction(document=DOCS[name]))
        summary = link_duplicates(store, batch_size=2)
        assert (summary.linked, summary.duplicates, summary.documents) == (3, 2, 6)
        named = _named(store)
        assert {k: v[0] for k, v in named.items()} == {"syndicated": "wire", "edited": "wire"}
        assert link_duplicates(store).linked == 0
        assert _named(store) == named


def test_two_linkers_at_once_agree(tmp_path: Path):
    from concurrent.futures import ThreadPoolExecutor

    with _store(tmp_path, list(ARTICLES), db="alone.db") as store:
        link_duplicates(store)
        expected = list_duplicates(store)
    _store(tmp_path, list(ARTICLES), db="shared.db").close()

    def run(_: int) -> int:
        with open_store(tmp_path / "shared.db") as store:
            return link_duplicates(store, batch_size=1).linked

    with ThreadPoolExecutor(2) as pool:
        linked = list(pool.map(run, range(2)))
    assert sum(linked) == len(ARTICLES)
    with open_store(tmp_path / "shared.db") as store:
        assert list_duplicates(store) == expected
