"""Stories of articles (``dossier.link.stories``) on ``tests/fixtures/twins/``: an invented
earthquake told by three outlets (one undated page with a date line, one that only gives the
weekday, each with its own toll and trigger), another earthquake a day later in another valley,
and a budget brief that shares the province's name. The three reports form one story; the
twin quake and the brief stay out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier import cli, pipeline
from dossier.ingest import read_paths
from dossier.link import link_all
from dossier.link.profiles import average_link, rarity
from dossier.link.stories import StoryGrouping, list_stories, similarity, story_doc
from dossier.store import open_store

TWINS = Path(__file__).resolve().parents[1] / "fixtures" / "twins"
FILES = sorted(TWINS.glob("*.txt"))
REPORTS = {"Coastline Wire", "Northern Herald", "Daily Ledger"}


def outlets(store, story) -> set[str]:
    return {store.get(r.document).document.outlet for r in story.reports if not r.copy_of}


@pytest.fixture
def linked(nlp, link_target):
    with open_store(link_target) as store:
        pipeline.add(store, nlp, read_paths(FILES))
        link_all(store)
        yield store


def test_three_reports_of_one_quake_are_one_story(linked) -> None:
    stories = list_stories(linked)
    assert len(stories) == 1
    story = stories[0]
    titles = {linked.get(r.document).document.title for r in story.reports}
    assert not any("Brenn" in t or "budget" in t for t in titles)
    assert outlets(linked, story) == REPORTS
    assert story.documents == 3
    assert (story.first, story.last) == ("2026-05-12", "2026-05-14")
    assert story.outlets == ["Coastline Wire", "Northern Herald", "Daily Ledger"]
    assert story.languages == ["en"]
    assert story.title and story.title != story.plover
    # Why they are one story: the rare words most of them share.
    assert {"ostrelka", "feltsen"} <= set(story.shared)


def test_the_undated_page_gets_its_date_from_its_date_line(linked) -> None:
    herald = next(
        linked.get(d.id).document
        for d in linked.list_documents()
        if linked.get(d.id).document.title == "Ostrelka digs out after deadly quake"
    )
    assert herald.published == "2026-05-13"
    assert herald.published_inferred.startswith("date line")


def test_stories_do_not_depend_on_the_order_articles_came_in(nlp, tmp_path) -> None:
    def build(name: str, order: list[Path]) -> list:
        with open_store(tmp_path / f"{name}.db") as store:
            for path in order:  # linked after each article: incremental
                pipeline.add(store, nlp, read_paths([path]))
                link_all(store)
            return list_stories(store)

    assert build("forward", FILES) == build("backward", FILES[::-1])


def test_cli_add_links_unless_told_not_to(nlp, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("dossier.cli._pipeline", lambda name: nlp)
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    result = runner.invoke(cli.app, ["add", *map(str, FILES), "--db", db, "--no-link"])
    assert result.exit_code == 0, result.output
    assert "linked" not in result.output
    assert runner.invoke(cli.app, ["stories", "--db", db, "--json"]).output == ""
    result = runner.invoke(cli.app, ["link", "--db", db])
    assert "1 stories" in result.output
    fresh = str(tmp_path / "fresh.db")
    result = runner.invoke(cli.app, ["add", *map(str, FILES), "--db", fresh])
    assert result.exit_code == 0, result.output
    assert "linked in" in result.output and "1 stories" in result.output
    listed = [
        json.loads(line)
        for line in runner.invoke(cli.app, ["stories", "--db", fresh, "--json"]).output.splitlines()
    ]
    assert len(listed) == 1 and listed[0]["title"]


# -- the pure parts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("common", "rare"),
    [("the", "earthquake"), ("said", "ratified"), ("police", "Ostrelka".lower())],
)
def test_rarity_ranks_names_above_common_words(common: str, rare: str) -> None:
    assert rarity(common) < rarity(rare)


def test_newswire_abbreviations_weigh_nothing() -> None:
    assert rarity("mln") == rarity("dlrs") == 0.0
    a = story_doc("a", "Acme Corp net 5 mln dlrs vs 4 mln dlrs, shr 12 cts")
    b = story_doc("b", "Zenith Ltd net 9 mln dlrs vs 2 mln dlrs, shr 40 cts")
    assert "mln" not in a.profile and "dlrs" not in a.profile
    assert not StoryGrouping().same(a, b)


def test_average_link_does_not_depend_on_input_order() -> None:
    sims = {("a", "b"): 0.9, ("b", "c"): 0.3, ("c", "d"): 0.8, ("a", "d"): 0.2, ("b", "d"): 0.3}

    def sim(x: str, y: str) -> float:
        return sims.get((min(x, y), max(x, y)), 0.0)

    first = average_link(["a", "b", "c", "d"], sim, 0.25)
    assert first == average_link(["d", "c", "b", "a"], sim, 0.25) == [["a", "b"], ["c", "d"]]
    assert average_link(["a", "b", "c", "d"], sim, 0.2) == [["a", "b", "c", "d"]]


def test_a_twin_event_is_kept_apart_by_its_lead_names_and_years() -> None:
    a = story_doc("a", "Klitschko stopped Thompson in Bern.\nThe champion Klitschko won in 2012.")
    b = story_doc("b", "Klitschko beat Rahman in Mannheim.\nThe champion Klitschko won in 2008.")
    c = story_doc("c", "Klitschko stopped Thompson in Bern.\nThe champion Klitschko won in 2012.")
    assert a.names == {"thompson", "bern", "klitschko"} and a.year == 2012
    assert similarity(a, c) > 2 * similarity(a, b)


def test_show_says_a_date_was_inferred(nlp, monkeypatch) -> None:
    monkeypatch.setattr("dossier.cli._pipeline", lambda name: nlp)
    result = CliRunner().invoke(cli.app, ["extract", str(TWINS / "02-northern-herald.txt")])
    assert result.exit_code == 0, result.output
    assert "2026-05-13" in result.output and "inferred from the date line" in result.output
    given = CliRunner().invoke(
        cli.app, ["extract", str(TWINS / "02-northern-herald.txt"), "--published", "2026-05-20"]
    )
    assert "2026-05-20" in given.output and "inferred" not in given.output
