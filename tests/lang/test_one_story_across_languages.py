"""One event reported in English, Spanish, Russian, Ukrainian and Portuguese
(``tests/fixtures/multilingual/``, written for this test), added and linked as `dossier add`
does: the five reports form one story, and their death tolls and wounded counts each join one
ledger with every report's qualifier and interval."""

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


@pytest.fixture(scope="module")
def linked(nlp, tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("multilingual") / "store.db") as store:
        summary = pipeline.add(store, nlp, read_paths(sorted(REPORTS.glob("*.txt"))))
        assert len(summary.added) == 5 and not summary.failed
        link_all(store)
        yield store


def test_the_five_reports_are_one_story(linked):
    (story,) = [s for s in list_stories(linked) if len(s.reports) > 1]
    assert story.plover == "ASSAULT"
    assert sorted(story.languages) == ["en", "es", "pt", "ru", "uk"]
    assert story.documents == 5


@pytest.mark.parametrize(
    ("measure_class", "expected"),
    [
        ("killed", {"en": 12, "es": 14, "ru": 12, "uk": 13, "pt": 12}),
        ("wounded", {"en": 30, "es": 30, "ru": 30, "uk": 30, "pt": 30}),
    ],
)
def test_each_count_is_one_ledger_in_five_languages(linked, measure_class, expected):
    (ledger,) = [x for x in list_ledgers(linked) if x.measure_class == measure_class]
    assert {e.language: e.low for e in ledger.entries} == expected
    qualifiers = {e.qualifier for e in ledger.entries}
    assert qualifiers == ({"at_least"} if measure_class == "killed" else {"exact"})
    assert all(e.sentence for e in ledger.entries)
