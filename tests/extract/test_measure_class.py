"""Measure classes read from the whole clause (dossier/extract/measure_class.py)."""

from __future__ import annotations

import pytest

from dossier.extract.measure_class import (
    class_kind,
    class_of_family,
    counts_agents,
    measure_class,
    relation,
)


def _class(nlp, sentence: str, number: str, money: bool = False) -> str | None:
    doc = nlp.make_doc(sentence)
    for _, proc in nlp.pipeline:
        if proc.__class__.__module__.startswith("spacy"):
            doc = proc(doc)
    tokens = [t for t in doc if t.text == number]
    assert tokens, f"{number!r} not a token of {sentence!r}"
    return measure_class(tokens[-1], money=money)


@pytest.mark.parametrize(
    ("sentence", "number", "expected"),
    [
        ("The flood killed 37 villagers in the valley.", "37", "killed"),
        ("Nine miners died when the shaft collapsed.", "Nine", "killed"),
        ("About 120 passengers killed in the crash were buried on Friday.", "120", "killed"),
        ("The toll from the landslide climbed to 64 on Sunday.", "64", "killed"),
        ("Among the dead were 14 schoolchildren.", "14", "killed"),
        ("Local officials put the number of dead at 212.", "212", "killed"),
        ("At least 300 are feared dead after the ferry capsized.", "300", "killed"),
        ("The blast left 18 workers dead.", "18", "killed"),
        ("The explosion wounded 45 shoppers.", "45", "wounded"),
        ("Doctors said 23 spectators who were injured were stable.", "23", "wounded"),
        ("Another 16 climbers are still missing on the glacier.", "16", "missing"),
        ("The coast guard put the dead or missing at 71.", "71", "killed_or_missing"),
        ("Rebels said 40 soldiers were killed or wounded in the raid.", "40", "casualties"),
        ("The army reported 90 casualties after the offensive.", "90", "casualties"),
        ("Searchers recovered 11 bodies from the river.", "11", "bodies_found"),
        ("The identities of 75 of them have now been confirmed.", "75", "identified"),
        ("More than 8,000 residents fled the advancing fire.", "8,000", "displaced"),
        ("The storm left 2,500 families homeless.", "2,500", "displaced"),
        ("The fire forced the evacuation of 900 tenants.", "900", "evacuated"),
        ("Divers rescued 27 fishermen from the capsized trawler.", "27", "rescued"),
        ("Police detained 150 supporters of the opposition.", "150", "detained"),
        ("Officials said 33 suspects were in custody.", "33", "detained"),
        ("Gunmen kidnapped 19 students from the school.", "19", "abducted"),
        ("A court sentenced 12 officers to prison terms.", "12", "sentenced"),
        ("The junta freed 200 political prisoners.", "200", "released"),
        ("The militia has recruited 4,000 teenagers since January.", "4,000", "recruited"),
        ("Some 3,000 volunteers are now on the front line.", "3,000", "deployed"),
        ("At least 600 marines took part in the landing.", "600", "deployed"),
        ("Roughly 50,000 demonstrators marched on parliament.", "50,000", "protesting"),
        ("Some 40,000 islanders cast ballots in the referendum.", "40,000", "voting"),
        ("The clinic said 70 guests fell ill after the banquet.", "70", "sick"),
        ("Donors pledged $ 300 million for the rebuilding.", "million", "pledged"),
        ("Burglars made off with $ 2 million in cash.", "million", "stolen"),
        # headlines a parser reads wrong: the predicate or the verb next to the number
        ("Mine blast in Chile , 4 dead", "4", "killed"),
        ("5 Dead , 2 Wounded in Bus Crash", "2", "wounded"),
        ("5 Dead , 2 Wounded in Bus Crash", "5", "killed"),
        ("Landslide Kills 12 In Mountain Village", "12", "killed"),
        # a counted noun that says its own class: charges, not deaths
        ("The driver faces three counts of manslaughter.", "three", "charged"),
        ("The guard shot 4 intruders at the depot.", "4", "shot"),
        ("The sniper shot and killed 6 passers-by.", "6", "killed"),
        ("More than 300 people joined a candlelit vigil for the victims.", "300", "protesting"),
        ("Nearly 400 mourners scuffled with guards outside the chapel.", "400", "protesting"),
    ],
)
def test_measure_class(nlp, sentence: str, number: str, expected: str) -> None:
    money = "$" in sentence
    assert _class(nlp, sentence, number, money) == expected


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("They number about 2,000.", "2,000"),  # a pronoun: nothing says who or what happened
        ("The museum holds 4,000 paintings.", "4,000"),
        ("The striker scored 30 goals last season.", "30"),
        ("The bus carried 45 tourists to the coast.", "45"),
        ("The company reported revenue of $ 5 billion.", "billion"),
        ("Posted : Nov 27 , 2005 8 : 20 AM ET", "8"),  # a page's metadata: no one posted
    ],
)
def test_no_measure_class(nlp, sentence: str, number: str) -> None:
    assert _class(nlp, sentence, number, "$" in sentence) is None


def test_a_partitive_relative_clause_is_its_own_figure(nlp) -> None:
    sentence = "The army enlisted 9,000 conscripts, of which about 400 deserted."
    assert _class(nlp, sentence, "9,000") == "recruited"


def test_relations_and_kinds() -> None:
    assert relation("killed_or_missing", "missing") == "killed_or_missing includes missing"
    assert relation("wounded", "casualties") == "casualties includes wounded"
    assert relation("killed", "detained") is None
    assert class_kind("displaced") == "stock" and class_kind("killed") == "incident"
    assert class_of_family("funding") == "pledged" and class_of_family(None) is None


@pytest.mark.parametrize(
    ("sentence", "number", "expected"),
    [
        ("The council approved the plan, with 31 members voting in favour and 9 against.", "31",
         "voted_for"),
        ("The council approved the plan, with 31 members voting in favour and 9 against.", "9",
         "voted_against"),
        ("The bill passed with 210 votes in favour, 64 against and 17 abstentions.", "210",
         "voted_for"),
        ("The bill passed with 210 votes in favour, 64 against and 17 abstentions.", "64",
         "voted_against"),
        ("The bill passed with 210 votes in favour, 64 against and 17 abstentions.", "17",
         "abstained"),
        ("Some 180 senators voted for the budget and 40 voted against it.", "180", "voted_for"),
        ("Some 180 senators voted for the budget and 40 voted against it.", "40",
         "voted_against"),
        ("Another 6 delegates abstained.", "6", "abstained"),
        # no side written: a plain count of voters stays its own class
        ("About 5,200 residents voted in the local referendum.", "5,200", "voting"),
    ],
)  # fmt: skip
def test_votes_for_and_against_are_two_classes(nlp, sentence, number, expected) -> None:
    assert _class(nlp, sentence, number) == expected


def test_voting_classes() -> None:
    assert relation("voting", "voted_against") == "voting includes voted_against"
    assert counts_agents("voted_for") and counts_agents("protesting")
    assert not counts_agents("killed")
