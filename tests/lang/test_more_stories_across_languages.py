"""Three more events, each reported in English, Spanish, Russian, Ukrainian and Portuguese
(``tests/fixtures/multilingual/<set>/``, written for this test: police arresting protesters,
an earthquake, a parliament ratifying a treaty), added with the first event's five reports and
linked as `dossier add` does: each set is one story of its five reports, the four stories stay
apart, and each count joins one ledger with every report's qualifier and interval."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier import pipeline
from dossier.ingest import read_paths
from dossier.link import link_all
from dossier.link.ledgers import list_ledgers
from dossier.link.stories import list_stories
from dossier.store import open_store

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "multilingual"
SETS = ("protest_arrests", "earthquake", "treaty_vote")
LANGUAGES = ["en", "es", "pt", "ru", "uk"]


def _paths(name: str) -> list[Path]:
    """The five reports of a set; ``first`` is the first event's, at the folder's top."""
    folder = REPORTS if name == "first" else REPORTS / name
    return sorted(folder.glob("*.txt"))


@pytest.fixture(scope="module")
def linked(nlp, tmp_path_factory):
    """(store, {set: its documents' ids}) with the four sets added and linked."""
    members: dict[str, set[str]] = {}
    for name in ("first", *SETS):
        members[name] = {i.document.id for i in read_paths(_paths(name)) if i.document}
    with open_store(tmp_path_factory.mktemp("multilingual_more") / "store.db") as store:
        paths = [p for name in ("first", *SETS) for p in _paths(name)]
        summary = pipeline.add(store, nlp, read_paths(paths))
        assert len(summary.added) == 20 and not summary.failed
        link_all(store)
        yield store, members


@pytest.mark.parametrize("name", SETS)
def test_each_set_is_one_story_of_its_five_reports(linked, name):
    store, members = linked
    mine = [s for s in list_stories(store) if {r.document for r in s.reports} & members[name]]
    (story,) = mine
    assert {r.document for r in story.reports} == members[name]
    assert sorted(story.languages) == LANGUAGES
    assert story.documents == 5


def test_the_four_events_stay_apart(linked):
    store, members = linked
    for story in list_stories(store):
        documents = {r.document for r in story.reports}
        assert sum(bool(documents & ids) for ids in members.values()) <= 1, story.title


LEDGERS = [
    (
        "protest_arrests",
        "detained",
        {
            "en": (40, None, "at_least"),
            "es": (40, None, "more_than"),
            "ru": (45, None, "at_least"),
            "uk": (40, None, "more_than"),
            "pt": (40, 50, "between"),
        },
    ),
    (
        "earthquake",
        "killed",
        {
            "en": (23, None, "at_least"),
            "es": (23, 25, "between"),
            "ru": (23, None, "at_least"),
            "uk": (24, None, "at_least"),
            "pt": (23, None, "at_least"),
        },
    ),
    (
        "earthquake",
        "displaced",
        {
            "en": (3000, None, "more_than"),
            "es": (3000, None, "more_than"),
            "ru": (None, 3000, "up_to"),
            "uk": (3000, 3000, "about"),
            "pt": (3000, None, "more_than"),
        },
    ),
    # votes for and against are two counts, each its own ledger, whatever the wording
    # ("112 lawmakers voting in favour and 3 against", "за проголосовали 112 депутатов,
    # против - 3")
    ("treaty_vote", "voted_for", {lang: (112, 112, "exact") for lang in LANGUAGES}),
    ("treaty_vote", "voted_against", {lang: (3, 3, "exact") for lang in LANGUAGES}),
]


@pytest.mark.parametrize(("name", "measure_class", "expected"), LEDGERS)
def test_each_count_is_one_ledger_in_five_languages(linked, name, measure_class, expected):
    store, members = linked
    (ledger,) = [
        x
        for x in list_ledgers(store)
        if x.measure_class == measure_class and {e.document for e in x.entries} & members[name]
    ]
    assert {e.document for e in ledger.entries} == members[name]
    assert {e.language: (e.low, e.high, e.qualifier) for e in ledger.entries} == expected
    assert all(e.sentence for e in ledger.entries)
