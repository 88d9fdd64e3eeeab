"""Event targets (actor2) and roles: objects of nouns and of prepositions, complements,
conditions, purposes, possessors, domestic targets, roles from head nouns and their modifiers
(sentences written for these tests, never gold text)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("sentence", "trigger", "target"),
    [
        # who stands inside the object: its "by" agent, its "from" phrase, its possessor
        ("The Chilean government rejected calls by Peru to reopen the border.", "rejected", "PER"),
        ("Syria criticized the killing of civilians by Turkish troops.", "criticized", "TURMIL"),
        (
            "The Egyptian government refused to respond to a demand from the Sudanese president.",
            "refused",
            "SDNGOV",
        ),
        (
            "Peruvian students staged a march to protest the Chilean president's decision.",
            "march",
            "CHLGOV",
        ),
        # the light verb's recipient, a recipient after the subject's own thing
        (
            "Bolivia issued a stern reminder on Monday to Paraguay that it must pay.",
            "reminder",
            "PRY",
        ),
        ("Kenya offered its troops to the Somali government.", "offered", "SOMGOV"),
        # the subject of a condition and of a demand's content
        (
            "Ghana threatened to close the border unless Togo released the prisoners.",
            "threatened",
            "TGO",
        ),
        (
            "Rebels insisted on their demand that the Ugandan government release the prisoners.",
            "insisted",
            "UGAGOV",
        ),
        # "between" on the noun a trigger modifies; "up to" numbers
        ("Norway launched a mediation effort between Sudan and Eritrea.", "mediation", "SDN"),
        ("Gunmen kidnapped up to 12 Chinese engineers on Friday.", "kidnapped", "CHN"),
        # what a relative clause of the act does
        ("Opposition parties organized a general strike that paralysed Nairobi.", "strike", "KEN"),
    ],
)
def test_target_inside_phrases_and_clauses(events_of, by_trigger, code, sentence, trigger, target):
    events = by_trigger(events_of(sentence), trigger)
    assert any(code(e["actor2"]).startswith(target) for e in events), events


@pytest.mark.parametrize(
    ("sentence", "trigger", "target"),
    [
        ("The Nigerian government arrested opposition leaders on Tuesday.", "arrested", "NGAOPP"),
        ("Malian authorities banned the opposition newspaper.", "banned", "MLIMED"),
        # target roles
        ("Israeli soldiers arrested dozens of Palestinians in Hebron.", "arrested", "PSECVL"),
        ("The UN cut food aid to Cambodian refugees in Thailand.", "cut", "KHMREF"),
    ],
)
def test_domestic_targets_and_target_roles(events_of, by_trigger, code, sentence, trigger, target):
    events = by_trigger(events_of(sentence), trigger)
    assert code(events[0]["actor2"]) == target, events


def test_a_soldiers_target_is_not_his_own_country(events_of, by_trigger, code):
    events = by_trigger(
        events_of("Turkish army bulldozers demolished Kurdish homes."), "demolished"
    )
    assert code(events[0]["actor1"]) == "TURMIL"
    assert code(events[0]["actor2"]) == "CVL"


def test_backer_is_not_the_actor(events_of, by_trigger, code):
    text = "Russian-backed separatists shelled Ukrainian positions near Donetsk."
    events = by_trigger(events_of(text), "shelled")
    assert not code(events[0]["actor1"]).startswith("RUS"), events


def test_an_act_is_not_an_actor(events_of, by_trigger, code):
    text = "The Cuban ministry signed an agreement on military cooperation with Venezuela."
    events = by_trigger(events_of(text), "signed")
    assert code(events[0]["actor2"]) == "VEN", events


def test_place_is_a_protest_target_but_not_a_signing_one(events_of, by_trigger, code):
    chile = by_trigger(events_of("Chile and Peru signed a treaty in Lima."), "signed")
    assert {code(e["actor2"]) for e in chile} == {"CHL", "PER"}
    protest = by_trigger(events_of("Thousands of Serbs demonstrated in Belgrade."), "demonstrated")
    assert code(protest[0]["actor2"]).startswith("SRB"), protest


@pytest.mark.parametrize(
    ("sentence", "trigger", "target"),
    [
        # an "against" phrase deep in the act's own phrase
        (
            "North Korea has trained thousands of hackers capable of launching cyber attacks "
            "against South Korea.",
            "trained",
            "KOR",
        ),
        # a mobilization's object is its own forces: the target is across the border
        ("Venezuela massed troops on the border with Colombia.", "massed", "COL"),
        ("Pakistan put its army on high alert along the Indian border.", "put", "IND"),
        ("NATO deployed 3,000 troops to Estonia.", "deployed", "EST"),
        ("Russia pulled its forces out of Georgia.", "pulled", "GEO"),
        ("Ethiopia withdrew its troops from Somalia.", "withdrew", "SOM"),
        # a region the actors dictionary knows is its country's place
        ("Israeli troops remained on alert in the occupied West Bank.", "alert", "PSE"),
        # aid, a retreat or a concession aimed at where it happens
        ("The Red Cross delivered food in Somalia.", "delivered", "SOM"),
        # a "from" phrase is who speaks; the subject of "drew" whom it is aimed at
        ("The Turkish government faced criticism from human rights groups.", "criticism", "TURGOV"),
        # "between" in the act's topic
        ("Germany offered to mediate between Russia and Ukraine.", "offered", "RUS"),
    ],
)
def test_targets_beyond_the_object(events_of, by_trigger, code, sentence, trigger, target):
    events = by_trigger(events_of(sentence), trigger)
    assert any(code(e["actor2"]).startswith(target) for e in events), events


def test_a_from_phrase_names_the_source(events_of, by_trigger, code):
    events = by_trigger(
        events_of("Russia's attack on Ukraine drew condemnation from the European Union."),
        "condemnation",
    )
    assert [(code(e["actor1"]), code(e["actor2"])) for e in events] == [("IGO", "RUS")]


def test_no_mobilized_forces_as_target(events_of, by_trigger, code):
    events = by_trigger(events_of("China deployed warships in the South China Sea."), "deployed")
    assert all(code(e["actor2"]) != "MIL" for e in events), events


def test_foreign_forces_take_no_country_from_where_they_are(events_of, by_trigger, code):
    events = by_trigger(
        events_of("The Taliban warned foreign troops to leave Afghanistan by May."), "warned"
    )
    assert all(not code(e["actor2"]).startswith("AFG") for e in events), events


def test_forces_put_on_alert_are_who_mobilizes(events_of, by_trigger, code):
    events = by_trigger(events_of("Pakistani troops were put on high alert in Lahore."), "put")
    assert [code(e["actor1"]) for e in events] == ["PAKMIL"], events


def test_a_march_through_a_city_targets_its_country(events_of, by_trigger, code):
    events = by_trigger(events_of("Thousands of people marched through Nairobi."), "marched")
    assert [code(e["actor2"]) for e in events] == ["KEN"], events
