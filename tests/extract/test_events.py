"""The event coder on sentences written for these tests (never gold text)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dossier.extract.event_patterns import EventLexicon, parse_pattern, read_patterns
from dossier.ingest import make_document
from dossier.nlp import extraction_from_doc, make_doc

CROSSWALK = Path(__file__).resolve().parents[2].parent / "shared/eval/events/CAMEO2PLOVER-2021.txt"


def extract(nlp, text: str, published: str | None = "2024-06-12"):
    document = make_document(text, published=published)
    return extraction_from_doc(document, nlp(make_doc(nlp, document)))


def events_of(nlp, text: str, **kw) -> list[dict]:
    return [e.model_dump() for e in extract(nlp, text, **kw).events]


def find(events: list[dict], plover: str) -> dict:
    found = [e for e in events if e["plover"] == plover]
    assert found, f"no {plover} event in {[(e['plover'], e['trigger']['text']) for e in events]}"
    return found[0]


def code(actor: dict | None) -> str | None:
    return actor["code"] if actor else None


def test_active_verb_with_actors_and_time(nlp):
    events = events_of(nlp, "Finnish troops attacked a Latvian border post on Friday.")
    event = find(events, "ASSAULT")
    assert event["trigger"]["text"] == "attacked"
    assert code(event["actor1"]).startswith("FIN")
    assert code(event["actor2"]).startswith("LVA")
    assert event["time"] == "2024-06-07" and event["time_fallback"] is False
    assert event["cameo"].startswith("18") and event["modality"] == "asserted"


def test_passive_agent_is_actor1(nlp):
    event = find(events_of(nlp, "A Peruvian village was attacked by Bolivian soldiers."), "ASSAULT")
    assert code(event["actor1"]).startswith("BOL")
    assert code(event["actor2"]).startswith("PER")


def test_compound_actors_give_one_event_each(nlp):
    events = [
        e for e in events_of(nlp, "Chile and Norway signed a fisheries treaty.") if e["plover"]
    ]
    actors = sorted(code(e["actor1"]) for e in events)
    assert actors == ["CHL", "NOR"]
    assert all(e["cameo"] == "057" and e["plover"] == "SUPPORT" for e in events)
    assert all(code(e["actor2"]) in ("CHL", "NOR") for e in events)


def test_nominal_event(nlp):
    events = events_of(nlp, "The Dutch invasion of Belgium shocked observers.")
    event = find(events, "ASSAULT")
    assert event["trigger"]["text"] == "invasion"
    assert code(event["actor1"]) == "NLD" and code(event["actor2"]) == "BEL"


def test_negation(nlp):
    event = find(events_of(nlp, "Kenya did not sign the trade agreement."), "COOPERATE")
    assert event["modality"] == "negated"


def test_future_cooperation_is_agree_and_future_hostility_is_threaten(nlp):
    agree = find(events_of(nlp, "Spain will send humanitarian aid to Morocco."), "AGREE")
    assert agree["modality"] == "future" and agree["cameo"].startswith("03")
    assert code(agree["actor1"]) == "ESP" and code(agree["actor2"]) == "MAR"
    threat = find(events_of(nlp, "Ghana threatened to impose sanctions on Togo."), "THREATEN")
    assert threat["cameo"].startswith("13") and code(threat["actor1"]) == "GHA"
    assert not [e for e in events_of(nlp, "Ghana threatened to impose sanctions on Togo.")
                if e["plover"] == "COERCE"]  # fmt: skip


def test_plans_to_is_intent(nlp):
    event = find(
        events_of(nlp, "Austria plans to impose restrictions on Hungarian imports."), "THREATEN"
    )
    assert event["modality"] == "future"


def test_reported_event_inside_a_statement(nlp):
    text = "The Danish ministry said that Swedish recruiters have enlisted hundreds of Estonians."
    event = find(events_of(nlp, text), "MOBILIZE")
    assert event["modality"] == "reported"
    assert code(event["actor2"]) == "ESTCVL"  # a nation's people are its civilians (PLOVER)


def test_pronoun_takes_the_subject_above(nlp):
    event = find(events_of(nlp, "Egypt said it would provide military aid to Sudan."), "AGREE")
    assert code(event["actor1"]) == "EGY"


def test_role_from_the_head_noun(nlp):
    event = find(events_of(nlp, "Syrian soldiers arrested three Turkish journalists."), "COERCE")
    assert code(event["actor1"]) == "SYRMIL"


def test_place_and_fallbacks(nlp):
    with_place = find(events_of(nlp, "Serbian police arrested ten students in Belgrade."), "COERCE")
    assert with_place["place"] and with_place["place_fallback"] is False
    text = "LIMA (Reuters) - Chilean police arrested ten students."
    event = find(events_of(nlp, text), "COERCE")
    assert event["time"] == "2024-06-12" and event["time_fallback"] is True
    assert event["place"] and event["place_fallback"] is True
    undated = find(
        events_of(nlp, "Chilean police arrested ten students.", published=None), "COERCE"
    )
    assert undated["time"] is None and undated["time_fallback"] is False


def test_ids_are_stable_and_offsets_point_into_the_text(nlp):
    text = "Chile and Norway signed a fisheries treaty. Peru condemned the deal."
    first, second = extract(nlp, text), extract(nlp, text)
    assert [e.id for e in first.events] == [e.id for e in second.events]
    for event in first.events:
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        assert event.sentence.start <= event.trigger.start < event.sentence.end


@pytest.mark.parametrize("text", ["", "   ", "Weather was fine.", "!!! ??? ...", "sign sign sign"])
def test_no_event_or_no_crash(nlp, text):
    assert isinstance(extract(nlp, text).events, list) if text.strip() else True


def test_statements_are_not_events(nlp):
    assert events_of(nlp, "The Irish minister said the weather was fine.") == []


def test_pattern_file_loads_and_is_consistent():
    lex = EventLexicon.load()
    assert ("ratify", "VERB") in lex.patterns and ("attack", "NOUN") in lex.patterns
    for group in lex.patterns.values():
        assert [p.specificity for p in group] == sorted(
            (p.specificity for p in group), reverse=True
        )


def test_malformed_pattern_is_reported():
    with pytest.raises(ValueError, match="line 2"):
        read_patterns('{"lemma": "a", "pos": "VERB", "cameo": "010"}\n{"lemma": "b"}\n')
    with pytest.raises(ValueError):
        parse_pattern({"lemma": "a", "pos": "ADV", "cameo": "010"})
    with pytest.raises(ValueError, match="sense"):
        parse_pattern({"lemma": "a", "pos": "VERB", "cameo": "010", "sense": "loud"})


def _crosswalk() -> dict[str, str]:
    table = {}
    for line in CROSSWALK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if match:
            table.setdefault(match.group(1), match.group(2))
    return table


@pytest.mark.skipif(not CROSSWALK.exists(), reason="no CAMEO2PLOVER crosswalk in ../shared/eval")
def test_patterns_agree_with_the_cameo_plover_crosswalk():
    table = _crosswalk()
    lex = EventLexicon.load()
    patterns = [p for group in lex.patterns.values() for p in group]
    codes = [*(p.cameo for p in patterns), *lex.intent.values(), *lex.refuse.values()]
    for pattern in patterns:
        if pattern.cameo in table:
            assert pattern.plover == table[pattern.cameo], pattern
        elif pattern.cameo.startswith("01"):
            assert pattern.plover is None, pattern  # statements: no PLOVER event
        else:
            assert pattern.cameo.startswith("02") and pattern.plover == "REQUEST", pattern
    assert all(c in table for c in codes if not c.startswith(("01", "02"))), [
        c for c in codes if c not in table and not c.startswith(("01", "02"))
    ]
    json.dumps(table)  # the table itself stays outside the repository


def test_figures_and_claims_of_the_clause(nlp):
    text = "The Danish ministry said that Swedish recruiters have enlisted 300 Estonians since May."
    extraction = extract(nlp, text)
    event = find([e.model_dump() for e in extraction.events], "MOBILIZE")
    if extraction.figures:  # the figure extractor is in the pipeline
        figure = next(f for f in extraction.figures if "300" in f.text)
        assert figure.id in event["figures"]
        assert figure.event == event["id"]
    if extraction.claims:  # the claim extractor is in the pipeline
        claim = next(c for c in extraction.claims if c.id == event["claim"])
        assert "ministry" in claim.source.text
    assert event["modality"] == "reported"


def test_ethnic_group_is_coded_by_where_it_acts(nlp):
    event = find(
        events_of(nlp, "Hundreds of ethnic Hungarians demonstrated in Slovakia."), "PROTEST"
    )
    assert code(event["actor1"]).startswith("SVK")
    other = find(events_of(nlp, "Hundreds of Hungarians demonstrated in Slovakia."), "PROTEST")
    assert code(other["actor1"]).startswith("HUN")


# Actor1 countries (issue 6) -------------------------------------------------------------------


def test_domestic_actor_acts_for_the_country_of_its_place(nlp):
    text = "Inmates rioted at a prison in Peru's capital Lima on Monday, guards said."
    event = find(events_of(nlp, text), "PROTEST")
    assert code(event["actor1"]) == "PERCRM"


def test_domestic_actor_without_place_takes_the_one_country_named(nlp):
    text = "Islamists went on a hunger strike against the Tunisian premier on Friday."
    event = find(events_of(nlp, text), "PROTEST")
    assert code(event["actor1"]).startswith("TUN")


def test_international_organisations_have_no_home_country(nlp):
    text = "Amnesty International accused the Bolivian police of torturing prisoners."
    event = find(events_of(nlp, text), "ACCUSE")
    assert code(event["actor1"]) == "NGO"
    assert code(event["actor2"]).startswith("BOL")


def test_igo_body_in_a_phrase_makes_the_actor_an_igo(nlp):
    text = "A Chilean general has been indicted by the U.N. tribunal for atrocities in Peru."
    event = find(events_of(nlp, text), "ACCUSE")
    assert code(event["actor1"]) == "IGO"


def test_country_modifying_a_compound_of_a_noun_trigger(nlp):
    text = "Recent French drone attacks have killed six militants, officials said."
    event = find(events_of(nlp, text), "ASSAULT")
    assert code(event["actor1"]).startswith("FRA")


def test_light_verb_with_a_compound_trigger_takes_the_subject(nlp):
    text = "Arab League Secretary General Ana Soto undertook a mediation mission"
    text += " between Chile and Peru."
    event = find(events_of(nlp, text), "CONSULT")
    assert code(event["actor1"]) == "IGO"


def test_passive_state_act_without_agent_is_the_country_where_it_happens(nlp):
    events = events_of(nlp, "A British journalist was detained in Peru for filming a protest.")
    event = find(events, "COERCE")
    assert code(event["actor1"]) == "PER"
    assert code(event["actor2"]).startswith("GBR")
    # with an agent, the agent acts
    events = events_of(nlp, "A British journalist was detained by Bolivian police in Peru.")
    assert code(find(events, "COERCE")["actor1"]).startswith("BOL")


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Militants attacked a police checkpoint outside Peshawar.", "ASSAULT"),
        ("The opposition leader attacked the minister over rising prices.", "ACCUSE"),
        ("Navy warships blasted coastal targets with missiles.", "ASSAULT"),
        ("The union blasted the new pension law.", "ACCUSE"),
    ],
)
def test_attack_verbs_code_by_their_sense(nlp, text, plover):
    assert [e["plover"] for e in events_of(nlp, text)] == [plover]


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Russian missiles struck Kharkiv before dawn.", "ASSAULT"),
        ("Teachers struck at two hundred schools on Monday.", "PROTEST"),
        ("A drone strike hit a convoy near Marib.", "ASSAULT"),
        ("Dock workers began a strike over pay.", "PROTEST"),
    ],
)
def test_strike_by_its_sense(nlp, text, plover):
    assert plover in [e["plover"] for e in events_of(nlp, text)]


def test_who_struck_when_the_killing_is_passive(nlp):
    text = "Nine villagers were killed in an air strike by the Sudanese army on Sunday."
    killed = find(events_of(nlp, text), "ASSAULT")
    assert killed["actor1"] and "army" in killed["actor1"]["text"]
