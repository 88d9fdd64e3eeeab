from __future__ import annotations

import pytest

from dossier.extract.actors import ActorLexicon


@pytest.fixture(scope="module")
def lex() -> ActorLexicon:
    return ActorLexicon.load()


@pytest.mark.parametrize(
    ("words", "country", "role"),
    [
        ("Russian Duma", "RUS", "LEG"),
        ("State Duma", "RUS", "LEG"),
        ("Government of the Republic of Cuba", "CUB", "GOV"),
        ("Russian Cabinet of Ministers", "RUS", "GOV"),
        ("US State Department", "USA", "GOV"),
        ("Assembly of the Cuban Resistance", "CUB", "OPP"),
        ("Russian Army", "RUS", "MIL"),
        ("North Korean troops", "PRK", "MIL"),
        ("Ukrainian Ministry of Defence", "UKR", "MIL"),
        ("Cuban cigars", "CUB", None),
        ("Gazprom", "RUS", "BUS"),
        ("Acme Holdings", None, "BUS"),
        ("Springfield Bakers", None, None),
        ("the Kabul regime", "AFG", "GOV"),  # a capital before a body: its government
        ("UNITA rebels", "AGO", "REB"),  # a well-known organisation's own country
        ("European Community", None, "IGO"),
    ],
)
def test_resolve_words(lex, words, country, role):
    resolution = lex.resolve_words(words.split())
    assert (resolution.country, resolution.role) == (country, role)


def test_resolution_says_where_the_country_name_is(lex):
    words = ["Government", "of", "the", "Russian", "Federation"]
    resolution = lex.resolve_words(words)
    start, end = resolution.country_words
    assert words[start:end] == ["Russian", "Federation"]
    assert lex.resolve_words(["Russian", "Army"]).country_words is None  # an adjective, not a name


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Cuba", "CUB"),
        ("the Russian Federation", "RUS"),
        ("United States", "USA"),
        ("U.S.", "USA"),
        ("UKRAINE", "UKR"),
        ("Türkiye", "TUR"),
        ("Cuban", None),
        ("Havana", None),
    ],
)
def test_country_names(lex, text, iso3):
    assert lex.country_name(text) == iso3


def test_capitals_seats_and_demonyms(lex):
    assert lex.capitals["Havana"] == "CUB"
    assert lex.seat("the Kremlin") == "RUS"
    assert lex.demonyms["Cubans"] == "CUB"
    assert lex.countries["CUB"].island and not lex.countries["RUS"].island


def test_regions_of_the_actors_dictionary(lex):
    if lex.dictionary is None:  # DOSSIER_DICTIONARIES without actors
        pytest.skip("PETRARCH-2 actors dictionary off")
    assert lex.region("the West Bank") == "PSE"
    assert lex.region("Darfur") == "SDN"
    assert lex.region("Hamid Karzai") is None  # a person: a role, no region
    assert lex.region("Lower Westbury Fields") is None
