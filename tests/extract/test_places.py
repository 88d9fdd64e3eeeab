from __future__ import annotations

import pytest

from dossier.extract.places import Gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Havana", "CUB", 23.13, -82.38),
        ("Moscow", "RUS", 55.75, 37.62),
        ("Miami", "USA", 25.77, -80.19),
        ("Kiev", "UKR", 50.45, 30.52),  # an alternate name of Kyiv
        ("KYIV", "UKR", 50.45, 30.52),
    ],
)
def test_lookup(gazetteer, name, country, lat, lon):
    place = gazetteer.lookup(name)
    assert place.country == country
    assert (place.lat, place.lon) == (pytest.approx(lat, abs=0.1), pytest.approx(lon, abs=0.1))
    assert place.geonames_id > 0


def test_country_hint_picks_among_namesakes(gazetteer):
    assert gazetteer.lookup("Cordoba").country == "ARG"
    assert gazetteer.lookup("Cordoba", "ESP").country == "ESP"
    assert gazetteer.lookup("Cordoba", "ATA").country == "ARG"  # no such one: best overall


def test_us_states_and_unknown_names(gazetteer):
    assert gazetteer.lookup("Georgia", "USA").feature == "state"
    assert gazetteer.lookup("Nowhereville Upon Sea") is None
    assert gazetteer.country_ids["CUB"] == 3562981
