"""Event coreference inside one story (dossier.link.stories.corefer) and its trigger
families (resources/event_coref_families.tsv)."""

from __future__ import annotations

import random
from collections import Counter

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
