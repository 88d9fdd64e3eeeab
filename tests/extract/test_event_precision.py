"""Precision of event types: words that only set the scene of a sentence are not its events, a
word's other senses are not events, and a recoded intent or refusal gets its new type's mode
(sentences written for these tests, never gold text)."""

from __future__ import annotations

import pytest

from dossier.extract.event_patterns import EventLexicon, parse_pattern, read_patterns


def types(events_of, text: str) -> set[str]:
    return {e["plover"] for e in events_of(text)}


def triggers(events_of, text: str) -> set[str]:
    return {e["trigger"]["text"] for e in events_of(text)}


# Background clauses, past events, prevented acts, participants ---------------------------------


@pytest.mark.parametrize(
    ("sentence", "reported", "background"),
    [
        # relative clause
        ("Chile expelled two diplomats who had attacked a journalist.", "expelled", "attacked"),
        # participle modifier of a noun
        ("Peru rejected a plan drafted to impose sanctions on Chile.", "rejected", "impose"),
        # adverbial clause of time, condition, cause
        (
            "The minister resigned as protesters threatened to storm parliament.",
            "resigned",
            "threatened",
        ),
        (
            "The party will boycott the vote unless the president agrees to resign.",
            "boycott",
            "agrees",
        ),
        ("Rebels demanded talks after the army shelled their camp.", "demanded", "shelled"),
        # what a participle of saying adds
        (
            "Ghana refused to meet the envoy, saying it would only welcome him in Accra.",
            "refused",
            "welcome",
        ),
        # a noun dated to the past
        ("Togo condemned last week's bombing of the embassy.", "condemned", "bombing"),
        # the object of a verb of prevention
        ("Troops were deployed in the capital to prevent violence.", "deployed", "violence"),
    ],
)
def test_background_is_not_an_event(events_of, sentence, reported, background):
    found = triggers(events_of, sentence)
    assert reported in found
    assert background not in found


def test_background_is_kept_where_nothing_else_is_reported(events_of):
    # the relative clause is the only act the sentence reports
    assert "attacked" in triggers(events_of, "Officials named the rebels who attacked the town.")


def test_a_dated_participle_reports_an_act(events_of):
    found = triggers(events_of, "Chile ratified the treaty signed in Lima on March 3, 2024.")
    assert {"ratified", "signed"} <= found


def test_a_noun_content_clause_is_the_topic_of_its_noun(events_of):
    events = events_of("Seoul rejected Pyongyang's demand to sever its alliance with Tokyo.")
    assert {e["plover"] for e in events} == {"REJECT"}


def test_a_chain_of_purpose_clauses_belongs_to_the_act(events_of):
    sentence = "Syria offered troops to Lebanon to help it oust the militia."
    assert types(events_of, sentence) == {"AGREE"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Police fired tear gas at protesters in Cairo.",
        "Police used water cannon to disperse demonstrators in Lagos.",
        "Dozens of protesters were arrested in Minsk.",
    ],
)
def test_protesters_as_a_target_are_no_protest_event(events_of, sentence):
    found = types(events_of, sentence)
    assert found and "PROTEST" not in found


def test_protesters_who_act_are_a_protest(events_of):
    sentence = "Thousands of protesters marched through Warsaw on Sunday."
    assert "PROTEST" in types(events_of, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Company profits declined sharply in the third quarter.",
        "Warm weather allowed the insects to survive the winter.",
    ],
)
def test_a_subject_that_cannot_act_makes_no_event(events_of, sentence):
    assert events_of(sentence) == []


# Senses: subject and "not" constraints ----------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "A powerful quake struck northern Peru on Monday.",
        "A ferry struck a pier in Manila harbour.",
        "The company struck oil in the North Sea.",
        "The army issued a press release on Monday.",
        "A poll released on Saturday showed Labour ahead.",
        "The bonds were priced to yield 8.5 pct.",
        "The selling concession is 1.25 pct.",
    ],
)
def test_other_senses_are_no_events(events_of, sentence):
    assert events_of(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "mode"),
    [
        ("Israeli warplanes bombed the town on Sunday.", "aerial"),
        ("Israeli jets struck targets in Gaza.", "aerial"),
        ("US drones attacked a convoy in Yemen.", "drone"),
        ("Rebels bombed a bridge near Goma.", "explosives"),
    ],
)
def test_the_subject_names_the_weapon(events_of, sentence, mode):
    events = events_of(sentence)
    assert events and events[0]["plover"] == "ASSAULT" and events[0]["mode"] == mode


def test_workers_still_strike(events_of):
    events = events_of("Dock workers struck in Rotterdam on Monday.")
    assert [(e["plover"], e["mode"]) for e in events] == [("PROTEST", "strike")]


def test_not_and_subject_parse():
    pattern = parse_pattern(
        {"lemma": "bomb", "pos": "VERB", "cameo": "195", "subject": ["Jet"], "not": ["oil"]}
    )
    assert pattern.subject == {"jet"} and pattern.exclude == {"oil"}
    assert pattern.specificity == 1
    with pytest.raises(ValueError):
        parse_pattern({"lemma": "bomb", "pos": "VERB", "cameo": "195", "not": "oil"})


def test_patterns_file_reads_with_its_new_keys():
    from importlib import resources

    text = resources.files("dossier.resources").joinpath("event_patterns.jsonl").read_text()
    patterns = read_patterns(text)
    assert any(p.exclude for p in patterns) and any(p.subject for p in patterns)


# Modes of recoded intents and refusals ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "plover", "mode"),
    [
        ("The minister said he would not resign.", "REJECT", "yield"),
        ("The government will not withdraw its troops.", "REJECT", "yield"),
        ("The party will boycott the elections.", "THREATEN", "relations"),
        ("The union threatened to strike.", "THREATEN", "relations"),
        ("Iran threatened to arrest the activists.", "THREATEN", "arrest"),
        ("China refused to meet the envoy.", "REJECT", "meet"),
        ("Chile will send aid to Peru.", "AGREE", None),
    ],
)
def test_recoded_events_get_their_new_types_mode(events_of, sentence, plover, mode):
    events = [e for e in events_of(sentence) if e["plover"] == plover]
    assert events, events_of(sentence)
    assert events[0]["mode"] == mode


def test_every_mode_a_recoding_gives_is_plover_2s():
    lex = EventLexicon.load()
    for plover in ("REJECT", "THREATEN"):
        allowed = lex.modes[plover]
        prefix = "12" if plover == "REJECT" else "13"
        for code, mode in lex.code_modes.items():
            if code.startswith(prefix) and mode:
                assert mode in allowed, (code, mode)
