"""Event actors that are not the grammatical subject: "by" agents anywhere in the clause, the
actor of a preceding clause, "X's forces", appositives, and victims who never act (sentences
written for these tests, never gold text)."""

from __future__ import annotations

import pytest


def text(actor: dict | None) -> str:
    return (actor or {}).get("text") or ""


# 1. The doer in a "by" phrase away from the verb -------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger", "country"),
    [
        (
            "Two soldiers were killed on Monday in an ambush near Kandahar by Pakistani fighters.",
            "killed",
            "PAK",
        ),
        (
            "A Peruvian officer was murdered in an attack on a border patrol by Bolivian soldiers.",
            "murdered",
            "BOL",
        ),
        (
            "Five policemen were killed when their convoy was ambushed by Syrian rebels.",
            "killed",
            "SYR",
        ),
        ("Three Palestinians were killed and 20 wounded by Israeli fire.", "killed", "ISR"),
        (
            "The village was shelled overnight, by Ethiopian forces, residents said.",
            "shelled",
            "ETH",
        ),
        (
            "Dozens of students were arrested in Cairo on Friday by Egyptian police.",
            "arrested",
            "EGY",
        ),
    ],
)
def test_by_phrase_anywhere_names_the_doer(events_of, by_trigger, code, sentence, trigger, country):
    events = by_trigger(events_of(sentence), trigger)
    assert any(code(e["actor1"]).startswith(country) for e in events), events


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The town was captured by Monday.", "captured"),
        ("Four people were killed by a roadside bomb in Baghdad.", "killed"),
        ("Two villages were destroyed by fire.", "destroyed"),
        ("Hostages held by Chadian rebels were freed on Sunday.", "freed"),  # rebels held them
    ],
)
def test_by_phrase_of_means_time_or_another_act_names_no_doer(events_of, sentence, trigger):
    for event in [e for e in events_of(sentence) if e["trigger"]["text"] == trigger]:
        assert event["actor1"] is None, event


def test_reduced_relative_with_agent(events_of, by_trigger, code):
    events = by_trigger(events_of("Hostages held by Chadian rebels were freed."), "held")
    assert code(events[0]["actor1"]).startswith("TCD")


# 2. The actor named in another clause of the sentence --------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger", "country"),
    [
        ("Chadian rebels attacked the town and kidnapped 12 civilians.", "kidnapped", "TCD"),
        (
            "Israeli jets bombed Gaza on Monday, killing 22 people and wounding dozens.",
            "wounding",
            "ISR",
        ),
        ("An air strike by Israeli jets killed 22 people.", "killed", "ISR"),
        ("The attack, carried out by Chadian rebels, killed 30 villagers.", "killed", "TCD"),
        ("The attack, carried out by Chadian rebels, killed 30 villagers.", "attack", "TCD"),
    ],
)
def test_actor_of_another_clause(events_of, by_trigger, code, sentence, trigger, country):
    events = by_trigger(events_of(sentence), trigger)
    assert code(events[0]["actor1"]).startswith(country), events[0]


def test_relative_clause_subject_is_the_noun_it_describes(events_of, by_trigger):
    sentence = "Peruvian forces retook the village after fighting with guerrillas who overran it."
    events = by_trigger(events_of(sentence), "overran")
    assert "guerrillas" in text(events[0]["actor1"])


def test_event_noun_condemned_by_someone_is_not_theirs(events_of):
    sentence = "An attack condemned by the United Nations killed 30 villagers."
    for event in events_of(sentence):
        if event["trigger"]["text"] in ("attack", "killed"):
            assert "United Nations" not in text(event["actor1"]), event


# 3. A force and whom it serves ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Russia's forces shelled Kharkiv.", "shelled", "RUSMIL"),
        ("Putin's troops attacked Kharkiv.", "attacked", "RUSMIL"),
        ("The army of Sudan bombed the village.", "bombed", "SDNMIL"),
        ("The army of President Putin shelled Kharkiv.", "shelled", "RUSMIL"),
        ("Forces loyal to President Putin attacked the town.", "attacked", "RUSMIL"),
        (
            "Police loyal to the Egyptian government arrested dozens of protesters.",
            "arrested",
            "EGYCOP",
        ),
    ],
)
def test_force_of_a_master_keeps_its_role(events_of, by_trigger, code, sentence, trigger, expected):
    events = by_trigger(events_of(sentence), trigger)
    assert code(events[0]["actor1"]) == expected, events[0]


# 4. Appositives ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger", "name"),
    [
        ("The group, an affiliate of Al-Qaeda, claimed the attack.", "attack", "Qaeda"),
        ("The militants, members of Boko Haram, attacked a school.", "attacked", "Boko Haram"),
        ("The group, a Taliban faction, attacked the convoy.", "attacked", "Taliban"),
        ("Hamas, the Islamist group that rules Gaza, fired rockets at Israel.", "fired", "Hamas"),
    ],
)
def test_generic_subject_takes_its_appositive_name(events_of, by_trigger, sentence, trigger, name):
    events = by_trigger(events_of(sentence), trigger)
    assert len(events) == 1 and name in text(events[0]["actor1"]), events


def test_relative_clause_on_an_appositive_acts_for_the_name(events_of):
    events = events_of("Hamas, the Islamist group that rules Gaza, fired rockets at Israel.")
    assert all(text(e["actor1"]) in ("", "Hamas") for e in events), events


def test_a_list_in_parentheses_is_not_a_name(events_of, code):
    sentence = "Lavrov urged the EU trio (France, Germany and Britain) to reach an agreement."
    for event in events_of(sentence):
        assert code(event["actor2"]) != "FRAIGO", event


# 5. Victims never act ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "victim"),
    [
        ("An air strike on a school sheltering families killed 22.", "families"),
        ("The strike on a hospital treating wounded fighters killed nine.", "fighters"),
        ("22 civilians were killed.", "civilians"),
        ("Two civilians were killed in an attack on the market.", "civilians"),
        ("Refugees fleeing the civil war in Liberia arrived in Guinea.", "Refugees"),
        ("The hostages survived the attack.", "hostages"),
        ("Three children were among the dead in the shelling of Idlib.", "children"),
        ("Residents were caught in the fighting between the army and rebels.", "Residents"),
        ("A Palestinian prisoner died as a result of torture in police custody.", "prisoner"),
    ],
)
def test_victims_are_never_actor1(events_of, sentence, victim):
    for event in events_of(sentence):
        if event["plover"] in ("ASSAULT", "COERCE"):
            assert victim not in text(event["actor1"]), event


def test_a_weapon_is_no_actor(events_of):
    for event in events_of("A bomb killed 5 people."):
        assert event["actor1"] is None


def test_the_dying_are_the_target(events_of, by_trigger, code):
    sentence = "A Palestinian prisoner died as a result of torture in police custody."
    events = by_trigger(events_of(sentence), "died")
    assert code(events[0]["actor2"]).startswith("PSE") and events[0]["actor1"] is None


def test_the_victims_subject_is_still_a_participant_of_a_meeting(events_of):
    sentence = "Sergei Lavrov, who was also at the meeting, said nothing."
    events = [e for e in events_of(sentence) if e["trigger"]["text"] == "meeting"]
    assert not events or "Lavrov" in text(events[0]["actor1"]), events
