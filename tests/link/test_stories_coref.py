"""Event coreference inside one story (dossier.link.stories.corefer) and its trigger
families (resources/event_coref_families.tsv)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

import pytest

from dossier.link.eventmatch import EventItem
from dossier.link.stories import coref_lemma, corefer
from dossier.resources import read_tsv, split_field


def item(id_: str, document: str, lemma: str, **fields) -> EventItem:
    return EventItem(id=id_, document=document, lemma=lemma, **fields)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("beat", "win"),  # "Arsenal beat Leeds" and "Arsenal's win"
        ("pass away", "die"),
        ("sever", "cut"),  # a cable
        ("check", "enter"),  # "checked into a clinic", "entered a clinic"
        ("fix", "patch"),
        ("flee", "escape"),
        ("quake", "earthquake"),  # through event_synonyms.tsv
        ("disruption", "outage"),  # an event_synonyms family joins the story family
        ("reduce", "sever"),
    ],
)
def test_words_for_one_act_are_one_trigger_family(a: str, b: str) -> None:
    assert corefer([item("a", "d1", a), item("b", "d2", b)]) == [["a", "b"]]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("check out", "check in"),  # the particle is the event
        ("win", "sell"),
        ("walkout", "departure"),
        ("say", "say"),  # a reporting verb across articles: a new statement each time
    ],
)
def test_other_acts_stay_apart(a: str, b: str) -> None:
    assert corefer([item("a", "d1", a), item("b", "d2", b)]) == [["a"], ["b"]]


def test_a_family_still_needs_compatible_times_and_actors() -> None:
    monday = item("a", "d1", "beat", time="2026-03-02", actor1="ESP")
    later = item("b", "d2", "win", time="2026-03-20", actor1="ESP")
    rival = item("c", "d3", "victory", time="2026-03-02", actor1="NLD")
    assert corefer([monday, later, rival]) == [["a"], ["b"], ["c"]]


def test_coreference_does_not_depend_on_the_order_of_events() -> None:
    lemmas = ["beat", "win", "die", "pass away", "kill", "check", "check out", "enter", "flee"]
    items = [item(f"e{i}", f"d{i % 3}", lemma) for i, lemma in enumerate(lemmas)]
    expected = corefer(items)
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert corefer(shuffled) == expected


def test_coref_lemma_reads_case_spacing_and_plurals() -> None:
    assert coref_lemma("Pass  Away") == coref_lemma("die")
    assert coref_lemma("talks") == coref_lemma("negotiation")
    assert coref_lemma("ratify") == "ratify"


def test_each_trigger_is_in_one_coref_family() -> None:
    members = Counter(
        m.lower()
        for row in read_tsv("event_coref_families.tsv")
        for m in split_field(row["members"])
    )
    assert [m for m, n in members.items() if n > 1] == []


def test_a_light_verb_across_articles_needs_one_named_actor() -> None:
    made = item("a", "d1", "make", actor1="name:orla finch")
    also_made = item("b", "d2", "make", actor1="name:orla finch")
    unnamed = item("c", "d3", "make")
    assert corefer([made, also_made, unnamed]) == [["a", "b"], ["c"]]


@pytest.mark.parametrize("lemma", ["say", "report", "announce", "confirm"])
def test_reporting_words_are_one_statement_by_one_quote(lemma: str) -> None:
    quote = "The ferry will not sail again until the hull is inspected , the harbour master {}"
    one = item("a", "d1", lemma, text=quote.format("said on Monday ."))
    same = item("b", "d2", lemma, text=quote.format("told reporters ."))
    other = item("c", "d3", lemma, text="Three passengers were treated for shock , it added .")
    assert corefer([one, same, other]) == [["a", "b"], ["c"]]


def test_reporting_words_in_one_article_need_known_speakers() -> None:
    told = item("a", "d1", "report", text="Two crew members swam ashore , the radio reported .")
    again = item("b", "d1", "report", text="Two crew members swam ashore , the radio reported .")
    assert corefer([told, again]) == [["a"], ["b"]]
    named = [replace(told, actor1="name:radio kerry"), replace(again, actor1="name:radio kerry")]
    assert corefer(named) == [["a", "b"]]
