"""Ledgers keep one incident's count apart from another's (dossier/link/ledgers.py): values,
places and recalled times, and who disputes whom. Sentences written for these tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dossier import pipeline
from dossier.ingest.documents import make_document
from dossier.ingest.result import Ingested
from dossier.link import link_all
from dossier.link.figurematch import FigureItem, spread, topic_of
from dossier.link.ledgers import (
    ArticlePlace,
    LedgerFigure,
    article_facts,
    contested_entries,
    counts_agree,
    figure_places,
    in_address,
    incidents_close,
    is_count,
    ledger_figure,
    list_ledgers,
    main_country,
    places_near,
    sentence_around,
    yearless_days,
)
from dossier.model import Actor, Entity, Event, Figure, Geo, LedgerEntry, Mention, SentenceRef, Span
from dossier.store import open_store


def toll(value: float, doc: str = "d1", *, when: str | None = None, **kw) -> LedgerFigure:
    """A death toll of ``value`` in article ``doc``."""
    figure = Figure(
        id=f"f-{doc}-{value}-{kw.get('source')}", start=0, end=2, text=str(value),
        low=value, high=value, measure_class="killed", time=kw.pop("time", None),
    )  # fmt: skip
    item = FigureItem(figure.id, doc, "people", "kill", measure_class="killed")
    return LedgerFigure(item, figure, kw.pop("incident", None), when, "killed", "killed", **kw)


def test_spread_compares_stated_values() -> None:
    assert spread((10, 10), (12, 12)) == 1.2
    assert spread((3, 3), (30, 30)) == 10.0
    assert spread((None, None), (30, 30)) == 1.0  # no number: nothing to compare


def test_one_voice_gives_one_toll_per_article() -> None:
    # "killed 10 ... the quake of 2003 killed 31,000": the article does not dispute itself
    assert not counts_agree(toll(10), toll(31))
    assert counts_agree(toll(10), toll(12))
    # two named sources in one article may disagree: their ledger shows it
    ministry, red_cross = toll(10, source="the ministry"), toll(30, source="the red cross")
    assert counts_agree(ministry, red_cross)


def test_counts_of_one_day_stay_close_and_a_toll_climbs_over_days() -> None:
    assert counts_agree(toll(40, "a", when="2025-03-01"), toll(45, "b", when="2025-03-01"))
    assert not counts_agree(toll(1, "a", when="2025-03-01"), toll(46, "b", when="2025-03-01"))
    # undated (no publication date): as if said the same day
    assert not counts_agree(toll(5, "a"), toll(60, "b"))
    # three days on, 10 dead has become 60; a toll seldom falls that much
    assert counts_agree(toll(10, "a", when="2025-03-01"), toll(60, "b", when="2025-03-04"))
    assert not counts_agree(toll(60, "a", when="2025-03-01"), toll(10, "b", when="2025-03-04"))
    # two named sources dispute a toll more than outlets round it
    assert counts_agree(toll(40, "a", source="the red cross"), toll(120, "b", source="officials"))


def test_places_far_apart_are_two_incidents() -> None:
    delta, hills = (10.0, 20.0), (12.5, 22.5)  # about 390 km apart
    assert not places_near(toll(9, "a", places=(delta,)), toll(9, "b", places=(hills,)))
    assert places_near(toll(9, "a", places=(delta,)), toll(9, "b", places=((10.3, 20.2),)))
    assert places_near(toll(9, "a", places=(delta,)), toll(9, "b"))  # unknown: no objection


def test_a_figure_takes_the_places_of_its_sentence_else_its_articles_main_one() -> None:
    port = ArticlePlace(1.0, 2.0, ((10, 14),), "AAA")
    town = ArticlePlace(3.0, 4.0, ((50, 54), (90, 94)), "AAA")
    abroad = ArticlePlace(5.0, 6.0, ((60, 64), (70, 74), (80, 84)), "BBB")
    assert figure_places([port, town], 0, 30) == ((1.0, 2.0),)
    assert figure_places([port, town], 100, 130) == ((3.0, 4.0),)
    # a dateline abroad is not where those counted died
    assert figure_places([port, town, abroad], 100, 130, "AAA") == ((3.0, 4.0),)
    # a place named once, away from the figure (a surname read as a town), says nothing
    assert figure_places([port], 100, 130) == ()


def test_addresses_and_fractions_are_no_counts() -> None:
    text = "http : / / news . example / 2 - hurt - in - mill - fire - 4471 . html\nTwo were hurt."
    assert in_address(text, text.index("2 -")) and in_address(text, text.index("4471"))
    assert not in_address(text, text.index("Two"))
    figure = Figure(id="f", start=0, end=3, text="6.3", low=6.3, high=6.3, measure_class="wounded")
    assert not is_count(figure)
    assert is_count(figure.model_copy(update={"measure_class": "paid"}))


def test_a_recalled_incident_and_a_yearless_month() -> None:
    recalled = toll(31, "a", incident="2003-12")  # "in December 2003, a quake killed ..."
    assert not incidents_close(recalled, toll(31, "b"))  # nothing dates the other
    assert incidents_close(recalled, toll(31, "b", when="2003-12-27"))
    september = toll(7, "a", time="XXXX-09", when="XXXX-09")  # "in September", no year
    assert yearless_days("XXXX-09", "2024-11-20") == 51  # from September 30
    assert not incidents_close(september, toll(7, "b", when="2024-11-20"))
    assert incidents_close(september, toll(7, "b", when="2024-09-20"))


def test_the_articles_country_comes_from_places_before_a_persons_name() -> None:
    assert main_country([("person", "HUN", 9), ("place", "USA", 2)]) == "USA"
    mention = Mention(start=5, end=10, text="Tromsø")
    place = Entity(id="e1", name="Tromsø", kind="place", country="NOR",
                   geo=Geo(lat=69.6, lon=18.9), mentions=[mention])  # fmt: skip
    person = Entity(id="e2", name="A. Name", kind="person", country="HUN", mentions=[mention] * 3)
    countries, country, places = article_facts([place, person])
    assert countries == {"e1": "NOR"} and country == "NOR"
    assert places == [ArticlePlace(69.6, 18.9, ((5, 10),), "NOR")]


def test_not_counts_and_sentences() -> None:
    figure = Figure(id="f", start=0, end=2, text="46", low=46, high=46)
    assert is_count(figure)
    assert not is_count(figure.model_copy(update={"text": "2013 / 03"}))
    assert not is_count(figure.model_copy(update={"text": "=17"}))
    text = "Earlier. A 5 . 8 quake killed 12 , and hurt 30 . Later."
    first, last = sentence_around(text, text.index("12"), text.index("12") + 2)
    assert text[first:last] == "A 5 . 8 quake killed 12 , and hurt 30 ."


def test_workers_killed_are_people_killed() -> None:
    workers = topic_of(FigureItem("f", "d", "bank workers", "die", measure_class="killed"))
    people = topic_of(FigureItem("g", "d", "people", "die", measure_class="killed"))
    assert workers is not None and people is not None and workers.head == people.head
    staff = topic_of(FigureItem("h", "d", "workers", "employ", measure_class="employed"))
    assert staff is not None and staff.head == "workers"  # a stock keeps its head


def test_voters_are_of_the_side_that_votes_victims_of_the_side_struck() -> None:
    """A vote's count is of the acting side's country (the Dutch senate voting on a pact with
    Chile), a toll of the target's (an attack by one country on another)."""
    text = "The Dutch senate approved a pact with Chile, with 51 senators voting in favour."
    event = Event(
        id="e", plover="AGREE", trigger=Span(text="approved", start=17, end=25),
        actor1=Actor(text="The Dutch senate", entity="nl"), actor2=Actor(text="Chile", entity="cl"),
        sentence=SentenceRef(start=0, end=len(text)),
    )  # fmt: skip
    at = text.index("51")
    figure = Figure(id="f", start=at, end=at + 2, text="51", low=51, high=51, unit="senators",
                    measure="vote", measure_class="voted_for")  # fmt: skip
    countries = {"nl": "NLD", "cl": "CHL"}
    read = ledger_figure(figure, "d", text, [event], countries, None, "2025-05-01", None, "en")
    assert topic_of(read.item).country == "NLD"
    killed = figure.model_copy(update={"measure": "kill", "measure_class": "killed"})
    read = ledger_figure(killed, "d", text, [event], countries, None, "2025-05-01", None, "en")
    assert topic_of(read.item).country == "CHL"


def test_a_voices_position_is_what_it_says_most() -> None:
    def entry(n: int, value: float, doc: str, source: str | None = None) -> LedgerEntry:
        return LedgerEntry(figure=f"f{n}", document=doc, low=value, high=value, source=source)

    # article a says three dead twice and, of one victim, "one": not a dispute with b
    entries = [entry(1, 3, "a"), entry(2, 1, "a"), entry(3, 3, "a"), entry(4, 3, "b")]
    assert not contested_entries(entries, "incident")
    assert contested_entries([*entries, entry(5, 9, "c")], "incident")
    # one article, two sources: they may dispute each other
    assert contested_entries([entry(6, 10, "a", "x"), entry(7, 40, "a", "y")], "incident")


QUAKES = {
    "north1": "A strong earthquake struck the town of Tabriz in Iran on Sunday, killing 12 "
    "people, officials said. Rescue teams reached Tabriz.",
    "north2": "Rescuers in Tabriz searched the rubble after the earthquake in Iran killed 12 "
    "people. Tabriz residents slept outdoors.",
    "south": "An earthquake hit the city of Shiraz in Iran, killing 300 people. "
    "In Shiraz, hospitals were full. In December 2003, a quake in Bam killed 26,000 people.",
}


@pytest.fixture(scope="module")
def quake_ledgers(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("quakes")
    with open_store(folder / "q.db") as store:
        items = [
            Ingested(k, make_document(t, outlet=f"Outlet {k}", language="en"), None)
            for k, t in QUAKES.items()
        ]
        pipeline.add(store, nlp, items)
        link_all(store)
        return list_ledgers(store)


def test_two_quakes_in_one_country_are_two_ledgers(quake_ledgers) -> None:
    killed = [x for x in quake_ledgers if x.subject == "IRN" and x.measure_class == "killed"]
    values = sorted(sorted({e.low for e in x.entries}) for x in killed)
    assert [12.0] in values  # the Tabriz toll from two articles
    assert all(v == [12.0] or 12.0 not in v for v in values)  # never with 300 or 26,000
    assert not any(x.contested for x in killed)


def test_order_of_figures_does_not_matter() -> None:
    a, b = toll(10, "a", when="2025-01-01"), toll(60, "b", when="2025-01-05")
    assert counts_agree(a, b) == counts_agree(b, a)
    assert places_near(replace(a, places=((1, 1),)), b) == places_near(
        b, replace(a, places=((1, 1),))
    )
