"""PETRARCH-2's actor and agent dictionaries: conversion, lookup by date, use in the pipeline.

The dictionary samples and sentences are written for these tests in PETRARCH's format (never
gold text); the names in them are made up unless the test is about the shipped data.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from dossier.extract.actor_dictionary import (
    ActorDictionary,
    DatedCode,
    code_on,
    event_date,
    former_terms,
    load_actor_dictionary,
    load_agent_dictionary,
)
from dossier.extract.actors import ActorLexicon, read_people
from dossier.ingest import make_document
from dossier.nlp import extraction_from_doc, make_doc
from dossier.resources import read_tsv

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "petrarch_actors.py"


@pytest.fixture(scope="module")
def converter():
    spec = importlib.util.spec_from_file_location("petrarch_actors", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


ACTORS_SAMPLE = """\
# a made-up country file in PETRARCH's format
ANA_SOLVEIG_TARMO_  # CountryInfo.txt
+PRESIDENT_TARMO_
+A._S._TARMO_
\t[PERELI 850101-050601]
\t[PERGOV 050601-110728]
\t[PERELI]
BORIS_KALNE_
\t[LVAGOV >120301]
\t[LVAELI <120301]
FRENTE_DE_PRUEBA_(FDP)_ [COLREB] #  made up 1 Jan 25
+PRUEBA_FRONT
EAST_TIMOR_POLICE_ [TMPCOP]
THE_WORLD_FORUM_OF_ENVOYS_ [IGOWFE]
"""

AGENTS_SAMPLE = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
CONGRESS!PERSON! [~LEG]
INSURGENT [~REB]  # regular plural
RIOT_POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]
HUMAN_RIGHTS_BODY [NGO~]
PILGRIM [~MUS]
"""


def rows_of(converter, text: str) -> list[tuple[str, ...]]:
    actors = list(converter.read_actors(text.splitlines()))
    return converter.actor_rows(actors, set())


def test_actor_conversion_name_forms_and_dated_codes(converter):
    rows = rows_of(converter, ACTORS_SAMPLE)
    tarmo = [r for r in rows if r[0] == "Ana Solveig Tarmo"]
    assert tarmo == [
        ("Ana Solveig Tarmo", "PER", "ELI", "1985-01-01", "2005-06-01"),
        ("Ana Solveig Tarmo", "PER", "GOV", "2005-06-01", "2011-07-28"),
        ("Ana Solveig Tarmo", "PER", "ELI", "", ""),
    ]
    names = {r[0] for r in rows}
    assert {"President Tarmo", "A. S. Tarmo", "Frente de Prueba", "FDP", "Prueba Front"} <= names
    kalne = {r[1:] for r in rows if r[0] == "Boris Kalne"}
    assert kalne == {("LVA", "GOV", "2012-03-01", ""), ("LVA", "ELI", "", "2012-03-01")}
    assert ("FDP", "COL", "REB", "", "") in rows  # the bracketed acronym is a form of its own
    assert ("East Timor Police", "TLS", "COP", "", "") in rows  # CAMEO TMP is ISO TLS
    assert ("The World Forum of Envoys", "", "IGO", "", "") in rows  # an IGO has no country


def test_two_digit_years_read_as_petrarch_reads_them(converter):
    assert converter.parse_date("300615") == "2030-06-15"
    assert converter.parse_date("310615") == "1931-06-15"
    assert converter.parse_date("19270101") == "1927-01-01"
    assert converter.parse_date("2004017") is None  # a typo in the source: no date, no code
    assert converter.parse_code("USAGOVLEG") == ("USA", "LEG")
    assert converter.parse_code("MEAREB") == (None, "REB")
    assert converter.parse_code("WEU") is None


def test_ambiguous_and_common_forms_are_left_out(converter):
    text = (
        "ANA_ROCA_\n+ROCA_\n\t[PERGOV]\nLUIS_ROCA_\n+ROCA_\n\t[CHLMIL]\n"
        "THE_BANK_\n+BANK\n\t[USABUS]\n"
    )
    names = {r[0] for r in rows_of(converter, text)}
    assert "Roca" not in names  # two actors of two countries
    assert {"Ana Roca", "Luis Roca", "The Bank"} <= names
    assert "Bank" not in names  # one common word


def test_agent_conversion_sets_plurals_and_codes(converter):
    agents = list(converter.read_agents(AGENTS_SAMPLE.splitlines()))
    assert ("congresswomen", "LEG") in agents and ("congressman", "LEG") in agents
    assert ("insurgents", "REB") in agents and ("insurgent", "REB") in agents
    assert ("riot police", "COP") in agents and ("riot polices", "COP") not in agents
    assert ("attorneys general", "GOV") in agents
    assert ("human rights bodies", "NGO") in agents
    assert ("pilgrims", "REL") in agents


KARZAI_LIKE = [
    DatedCode("PER", "ELI", "1985-01-01", "2005-06-01"),
    DatedCode("PER", "GOV", "2005-06-01", "2011-07-28"),
    DatedCode("PER", "ELI"),
]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("1990-05-01", ("PER", "ELI")),  # before office
        ("2008-01-01", ("PER", "GOV")),  # in office
        ("2011-07-28", ("PER", "ELI")),  # the day office ended: the end is exclusive
        ("2015-01-01", ("PER", "ELI")),  # after office: the default
        (None, ("PER", "ELI")),  # no date: the code that holds now
    ],
)
def test_code_on_a_date(date, expected):
    assert code_on(KARZAI_LIKE, date) == expected


def test_open_range_is_the_present_code():
    codes = [DatedCode("LVA", "ELI", None, "2012-03-01"), DatedCode("LVA", "GOV", "2012-03-01")]
    assert code_on(codes, None) == ("LVA", "GOV")
    assert code_on(codes, "2010-01-01") == ("LVA", "ELI")


def test_precedence_dated_range_beats_own_data_which_beats_the_rest():
    own = ("PER", "OPP")  # dossier's people.tsv: no dates, the present
    assert code_on(KARZAI_LIKE, "2008-01-01", present=own) == ("PER", "GOV")
    assert code_on(KARZAI_LIKE, "2015-01-01", present=own) == own
    assert code_on(KARZAI_LIKE, None, present=own) == own


# dossier's own dated data (people.tsv) against the dictionary --------------------------------

SOTO_ROWS = [  # a made-up opposition leader, then president
    {"name": "Ana Soto", "aliases": "Soto", "country": "PER", "role": "OPP",
     "since": "1985-01-01", "until": "1990-07-28"},
    {"name": "Ana Soto", "aliases": "", "country": "PER", "role": "GOV",
     "since": "1990-07-28", "until": "2000-11-22"},
]  # fmt: skip
TODAY = "2024-06-01"


def soto_own() -> tuple[DatedCode, ...]:
    [(names, codes)] = read_people(SOTO_ROWS)
    assert names == ["Ana Soto", "Soto"]
    return codes


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("1980-01-01", ("PER", "ELI")),  # before every known term: an elite of her country
        ("1988-01-01", ("PER", "OPP")),
        ("1990-07-28", ("PER", "GOV")),  # the first day of the term
        ("1995-01-01", ("PER", "GOV")),
        ("2000-11-22", ("PER", "ELI")),  # the day it ended: a former leader
        ("2010-01-01", ("PER", "ELI")),
        (None, ("PER", "ELI")),  # no date: the code that holds today
    ],
)
def test_own_data_alone_before_during_after_office(date, expected):
    assert code_on(soto_own(), date, today=TODAY) == expected


def test_own_data_through_the_lexicon():
    lex = ActorLexicon(people={name: codes for names, codes in read_people(SOTO_ROWS)
                               for name in names})  # fmt: skip
    assert lex.person("President Soto", "1995-01-01") == ("PER", "GOV")
    assert lex.person("Ana Soto", "2005-01-01") == ("PER", "ELI")
    assert lex.person("Ana Perez", "1995-01-01") == (None, None)
    assert lex.person_codes("Soto") == soto_own()


SOTO_DICTIONARY = [  # PETRARCH-2's rows for her, which disagree on the dates
    DatedCode("PER", "ELI", "1960-01-01", "1990-08-01"),
    DatedCode("PER", "GOV", "1990-08-01"),  # ">900801": an open range, never closed
    DatedCode("PER", "MIL", "1992-01-01", "1994-01-01"),  # defence minister for a while
    DatedCode("PER", "LEG", "1985-01-01", "1986-01-01"),  # begins with her own OPP row: a tie
    DatedCode("PER", "ELI"),
]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("1980-01-01", ("PER", "ELI")),  # only the dictionary's range holds
        ("1985-06-01", ("PER", "OPP")),  # two ranges begun the same day: dossier's own wins
        ("1988-01-01", ("PER", "OPP")),  # her own OPP row begun after the dictionary's ELI
        ("1990-07-30", ("PER", "GOV")),  # her own term, begun after the dictionary's ELI
        ("1993-01-01", ("PER", "MIL")),  # the dictionary's newer fact inside her term
        ("2005-01-01", ("PER", "ELI")),  # the open GOV range loses to the term's end, later
        (None, ("PER", "ELI")),  # no date: dossier's code that holds today
    ],
)
def test_own_data_and_dictionary_the_newer_fact_wins(date, expected):
    assert code_on([*soto_own(), *SOTO_DICTIONARY], date, today=TODAY) == expected


def test_a_later_row_says_otherwise_than_former_leader():
    own = soto_own()
    rebel = DatedCode("PER", "REB", "2003-01-01")  # the dictionary: she took up arms
    assert code_on([*own, rebel], "2005-01-01") == ("PER", "REB")
    assert code_on([*own, rebel], "2002-01-01") == ("PER", "ELI")
    again = read_people([*SOTO_ROWS, {**SOTO_ROWS[1], "since": "2006-07-28", "until": ""}])
    [(_, codes)] = again
    assert code_on(codes, "2003-01-01") == ("PER", "ELI")  # between her terms
    assert code_on(codes, "2007-01-01") == ("PER", "GOV")
    assert code_on(codes, None, today=TODAY) == ("PER", "GOV")  # still in office: open


def test_former_igo_head_is_an_elite_of_home_country():
    codes = former_terms(
        [
            DatedCode("PER", "GOV", "1970-01-01", "1975-01-01", own=True),
            DatedCode(None, "IGO", "1982-01-01", "1992-01-01", own=True),
        ]
    )
    assert code_on(codes, "1990-01-01") == (None, "IGO")
    assert code_on(codes, "1995-01-01") == ("PER", "ELI")


def test_no_date_without_own_codes_keeps_the_dictionary_present():
    assert code_on(SOTO_DICTIONARY, None) == ("PER", "GOV")  # its open range


def test_codes_travel_as_lists():
    own = DatedCode("PER", "GOV", "1990-07-28", None, own=True)
    assert own.as_list() == ["PER", "GOV", "1990-07-28", None, True]
    assert DatedCode.from_list(own.as_list()) == own
    assert DatedCode.from_list(["PER", "ELI", None, None]).own is False


@pytest.mark.parametrize(
    ("name", "date", "expected"),
    [
        ("Vladimir Putin", None, ("RUS", "GOV")),
        ("Suharto", "1990-01-01", ("IDN", "GOV")),
        ("Suharto", None, ("IDN", "ELI")),
        ("Kofi Annan", "2000-01-01", (None, "IGO")),
        ("Kofi Annan", "2010-01-01", ("GHA", "ELI")),
        ("Ban Ki-moon", "2010-01-01", (None, "IGO")),
        ("Netanyahu", "2007-01-01", ("ISR", "OPP")),
        ("Netanyahu", "2012-01-01", ("ISR", "GOV")),
    ],
)
def test_shipped_people(name, date, expected):
    assert ActorLexicon.load().person(name, date) == expected


def test_shipped_people_rows_are_dated_terms():
    rows = read_tsv("people.tsv")
    assert {"since", "until"} <= set(rows[0])
    for row in rows:
        assert row["since"], row  # every term has a start
        assert not row["until"] or row["since"] < row["until"], row
    people = read_people(rows)
    assert len(people) == len({r["name"] for r in rows}) > 200


def test_longest_case_insensitive_match():
    d = ActorDictionary.from_rows(
        [
            ("Tarmo", "PER", "GOV", "", ""),
            ("Ana Solveig Tarmo", "PER", "ELI", "", ""),
            ("Ban Ki-Moon", "", "IGO", "2007-01-01", ""),
        ]
    )
    match = d.lookup(["former", "leader", "ANA", "SOLVEIG", "TARMO"])
    assert (match.start, match.end, match.codes[0].role) == (2, 5, "ELI")
    match = d.lookup(["Ban", "Ki", "-", "moon"])
    assert match is not None and match.codes[0].role == "IGO"
    assert d.lookup(["Solveig"]) is None


def test_event_dates():
    assert event_date("2003-05") == "2003-05-01"
    assert event_date(None) is None


@pytest.mark.parametrize(
    ("words", "role"),
    [
        (["rebels"], "REB"),
        (["riot", "police"], "COP"),
        (["lawmakers"], "LEG"),
        (["university", "students"], "EDU"),
        (["farmers"], "AGR"),
        (["congresswomen"], "LEG"),
        (["the", "officials"], None),  # too vague: left out of the conversion
    ],
)
def test_shipped_agents(words, role):
    assert load_agent_dictionary().role(words) == role


def test_shipped_actors_have_milnonstate_groups_and_leaders():
    d = load_actor_dictionary()
    tigers = d.lookup(["Liberation", "Tigers", "of", "Tamil", "Eelam"])
    assert tigers is not None and code_on(tigers.codes, None) == ("LKA", "REB")
    karzai = d.lookup(["Hamid", "Karzai"])
    assert karzai is not None
    assert code_on(karzai.codes, "1990-01-01") == ("AFG", "ELI")
    assert code_on(karzai.codes, "2005-01-01") == ("AFG", "GOV")


def test_switches(monkeypatch):
    monkeypatch.setenv("DOSSIER_DICTIONARIES", "verbs")
    lex = ActorLexicon.load()
    assert lex.dictionary is None and lex.agents is None
    monkeypatch.setenv("DOSSIER_DICTIONARIES", "agents")
    lex = ActorLexicon.load()
    assert lex.dictionary is None and lex.role_noun(["rebels"]) == "REB"


# The pipeline ---------------------------------------------------------------------------------


def extract(nlp, text: str, published: str | None):
    document = make_document(text, published=published)
    return extraction_from_doc(document, nlp(make_doc(nlp, document)))


def first_event(nlp, text: str, published: str | None = "2024-06-12"):
    events = extract(nlp, text, published).events
    assert events, f"no event in {text!r}"
    return events[0]


def test_milnonstate_group_as_actor1(nlp):
    event = first_event(
        nlp, "The Liberation Tigers of Tamil Eelam attacked an army post on Monday."
    )
    assert event.plover == "ASSAULT"
    assert event.actor1 is not None and event.actor1.code == "LKAREB"


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Mohammad Najibullah accused Pakistan of arming the rebels.", "1990-03-01", "AFGGOV"),
        ("Mohammad Najibullah accused Pakistan of arming the rebels.", "1996-03-01", "AFGELI"),
        ("Mohammad Najibullah accused Pakistan of arming the rebels.", None, "AFGELI"),
        # the event's own date wins over the publication date
        (
            "In 1989, Mohammad Najibullah accused Pakistan of arming the rebels.",
            "1996-03-01",
            "AFGGOV",
        ),
    ],
)
def test_leader_coded_for_the_event_date(nlp, text, published, expected):
    event = first_event(nlp, text, published)
    assert event.actor1 is not None and event.actor1.code == expected


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("1995-03-01", "IDNGOV"),  # during his term (people.tsv: 1967-03-12 to 1998-05-21)
        ("2003-01-10", "IDNELI"),  # after it: a former president
        ("2015-01-10", "IDNELI"),  # after PETRARCH-2's last range too (it ends 2008-01-27)
        (None, "IDNELI"),  # no date: the code that holds today
    ],
)
def test_past_president_coded_for_the_publication_date(nlp, published, expected):
    event = first_event(nlp, "Suharto accused Malaysia of harbouring separatists.", published)
    assert event.actor1 is not None and event.actor1.code == expected


def test_own_term_end_beats_an_open_dictionary_range(nlp):
    # PETRARCH-2 has Karzai AFGGOV from 2001-12-22 with no end; people.tsv ends the term on
    # 2014-09-29, a newer fact: after it he is a former president.
    text = "Hamid Karzai accused Pakistan of arming the rebels."
    assert first_event(nlp, text, "2010-05-01").actor1.code == "AFGGOV"
    assert first_event(nlp, text, "2016-05-01").actor1.code == "AFGELI"


def test_event_date_in_the_text_re_picks_own_codes(nlp):
    # published after the term, about an event during it: the event coder re-picks the code
    event = first_event(
        nlp, "In 1995, Suharto accused Malaysia of harbouring separatists.", "2015-01-10"
    )
    assert event.actor1 is not None and event.actor1.code == "IDNGOV"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the text names the office: it speaks of the term, whatever today is
        ("President Suharto accused Malaysia of harbouring separatists.", "IDNGOV"),
        ("Indonesian leader Suharto accused Malaysia of harbouring separatists.", "IDNGOV"),
        ("The Suharto government accused Malaysia of harbouring separatists.", "IDNGOV"),
        ("Former president Suharto accused Malaysia of harbouring separatists.", "IDNELI"),
    ],
)
def test_office_named_in_the_text_wins_over_a_missing_date(nlp, text, expected):
    event = first_event(nlp, text, None)
    assert event.actor1 is not None and event.actor1.code == expected


def test_own_codes_go_to_the_event_coder(nlp):
    text = "Suharto accused Malaysia of harbouring separatists."
    document = make_document(text, published="2003-01-10")
    doc = nlp(make_doc(nlp, document))
    [dated] = doc.user_data["dossier.actor_codes"].values()
    own = [DatedCode.from_list(c) for c in dated["codes"] if len(c) == 5]
    assert DatedCode("IDN", "GOV", "1967-03-12", "1998-05-21", own=True) in own
    assert DatedCode("IDN", "ELI", "1998-05-21", None, own=True) in own


def test_former_title_is_elite(nlp):
    event = first_event(nlp, "Former prime minister Ana Solveig Tarmo of Peru criticized Chile.")
    assert event.actor1 is not None and event.actor1.code.endswith("ELI")


@pytest.mark.parametrize(
    ("text", "actor", "expected"),
    [
        # nouns dossier's institutions.tsv does not know: only PETRARCH-2's agents code them
        ("Angry peasants blocked roads in Bolivia on Monday.", "actor1", "BOLAGR"),
        ("Gunmen attacked three American servicemen in Kandahar.", "actor2", "USAMIL"),
    ],
)
def test_agent_nouns_give_roles(nlp, text, actor, expected):
    event = first_event(nlp, text)
    found = getattr(event, actor)
    assert found is not None and found.code == expected


def test_lone_surname_of_the_one_office_holder_then():
    dictionary = ActorDictionary.from_rows(
        [
            ("Ana Soto", "PER", "GOV", "1990-01-01", "1995-01-01"),
            ("Ana Soto", "PER", "ELI", "", ""),
            ("Luis Soto", "CHL", "GOV", "2001-01-01", "2005-01-01"),
            ("Rita Vidal", "ARG", "LEG", "1999-01-01", ""),
        ]
    )
    assert dictionary.by_surname("Soto", "1992-06-01").codes[0].country == "PER"
    assert dictionary.by_surname("Soto", "2002-06-01").codes[0].country == "CHL"
    assert dictionary.by_surname("Soto", "1998-06-01") is None  # neither held office then
    assert dictionary.by_surname("Soto", None) is None  # two could be meant
    assert dictionary.by_surname("Vidal", None).codes[0].role == "LEG"  # the only one
    assert dictionary.by_surname("Perez", "1992-06-01") is None


@pytest.mark.parametrize(
    ("published", "expected"), [("1987-03-10", "JPNGOV"), ("1995-03-10", None)]
)
def test_lone_surname_in_the_text(nlp, published, expected):
    # two Nakasones in PETRARCH-2, one in office in 1987 and none in 1995
    text = "Japan will cut tariffs on American rice, Nakasone told parliament on Tuesday."
    person = next(e for e in extract(nlp, text, published).entities if e.name == "Nakasone")
    assert person.code == expected
