"""Sanity checks for the hand-written TSV resources in ``dossier/resources``."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

RESOURCES = Path(__file__).resolve().parents[2] / "dossier" / "resources"

COUNTRY_HEADER = [
    "iso3",
    "name",
    "aliases",
    "adjectives",
    "demonyms",
    "capitals",
    "seats",
    "island",
]
INSTITUTION_HEADER = ["term", "role", "kind", "country", "canonical", "priority"]
KINDS = {"organization", "group", "title", "igo"}
EXTRA_ISO3 = {"XKX"}  # Kosovo: user-assigned code, not in ISO 3166-1


def _read(name: str) -> list[list[str]]:
    with (RESOURCES / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _valid_iso3(code: str) -> bool:
    return code in EXTRA_ISO3 or pycountry.countries.get(alpha_3=code) is not None


def _split(field: str) -> list[str]:
    return field.split("|") if field else []


@pytest.fixture(scope="module")
def countries() -> list[list[str]]:
    return _read("countries.tsv")


@pytest.fixture(scope="module")
def country_rows(countries: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(COUNTRY_HEADER, row, strict=True)) for row in countries[1:]]


@pytest.fixture(scope="module")
def institutions() -> list[list[str]]:
    return _read("institutions.tsv")


@pytest.fixture(scope="module")
def institution_rows(institutions: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(INSTITUTION_HEADER, row, strict=True)) for row in institutions[1:]]


# --------------------------------------------------------------------------- countries


def test_countries_header(countries: list[list[str]]) -> None:
    assert countries[0] == COUNTRY_HEADER


def test_countries_field_count(countries: list[list[str]]) -> None:
    bad = [(i, row) for i, row in enumerate(countries, 1) if len(row) != len(COUNTRY_HEADER)]
    assert not bad


def test_countries_iso3_valid_and_unique(country_rows: list[dict[str, str]]) -> None:
    codes = [r["iso3"] for r in country_rows]
    assert [c for c in codes if not _valid_iso3(c)] == []
    assert len(codes) == len(set(codes))
    assert len(codes) >= 200


def test_countries_values_clean(country_rows: list[dict[str, str]]) -> None:
    for r in country_rows:
        assert r["name"], r
        assert r["island"] in {"0", "1"}, r
        for col in COUNTRY_HEADER[1:7]:
            items = _split(r[col])
            assert all(v and v == v.strip() for v in items), (r["iso3"], col, items)
            assert len(items) == len(set(items)), (r["iso3"], col, items)
            assert all(unicodedata.is_normalized("NFC", v) for v in items), (r["iso3"], col)
        for col in ("aliases", "seats"):
            assert not any(v.lower().startswith("the ") for v in _split(r[col])), (r["iso3"], col)


def _owners(rows: list[dict[str, str]], cols: tuple[str, ...]) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for col in cols:
            for value in [r[col]] if col == "name" else _split(r[col]):
                owners[value].add(r["iso3"])
    return owners


def test_country_names_and_aliases_unambiguous(country_rows: list[dict[str, str]]) -> None:
    owners = _owners(country_rows, ("name", "aliases"))
    assert {v: o for v, o in owners.items() if len(o) > 1} == {}


def test_capitals_and_seats_unambiguous(country_rows: list[dict[str, str]]) -> None:
    owners = _owners(country_rows, ("capitals", "seats"))
    assert {v: o for v, o in owners.items() if len(o) > 1} == {}
    # A capital or seat must not also name (or alias) a different country.
    names = _owners(country_rows, ("name", "aliases"))
    clash = {v: (o, names[v]) for v, o in owners.items() if v in names and names[v] != o}
    assert clash == {}


def test_countries_spot_checks(country_rows: list[dict[str, str]]) -> None:
    by_iso = {r["iso3"]: r for r in country_rows}
    assert by_iso["RUS"]["name"] == "Russia"
    assert "Kremlin" in _split(by_iso["RUS"]["seats"])
    assert "Havana" in _split(by_iso["CUB"]["capitals"])
    assert by_iso["CUB"]["island"] == "1"
    assert "U.S." in _split(by_iso["USA"]["aliases"])
    assert "DPRK" in _split(by_iso["PRK"]["aliases"])
    assert "Kyiv" in _split(by_iso["UKR"]["capitals"])
    assert "XKX" in by_iso and "PSE" in by_iso and "TWN" in by_iso


# ------------------------------------------------------------------------ institutions


def test_institutions_header(institutions: list[list[str]]) -> None:
    assert institutions[0] == INSTITUTION_HEADER


def test_institutions_field_count(institutions: list[list[str]]) -> None:
    bad = [(i, row) for i, row in enumerate(institutions, 1) if len(row) != len(INSTITUTION_HEADER)]
    assert not bad


def test_institution_terms_lowercase_unique(institution_rows: list[dict[str, str]]) -> None:
    terms = [r["term"] for r in institution_rows]
    assert [t for t in terms if not t or t != t.lower() or t != t.strip()] == []
    assert [t for t in set(terms) if terms.count(t) > 1] == []


def test_institution_columns(institution_rows: list[dict[str, str]]) -> None:
    for r in institution_rows:
        assert re.fullmatch(r"[A-Z]{3}", r["role"]), r
        assert r["kind"] in KINDS, r
        assert r["country"] == "" or _valid_iso3(r["country"]), r
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", r["canonical"]), r
        assert re.fullmatch(r"[1-9]", r["priority"]), r
        if r["kind"] == "igo":
            assert r["role"] == "IGO" and r["country"] == "", r


def test_institution_canonical_has_one_role(institution_rows: list[dict[str, str]]) -> None:
    roles: dict[str, set[str]] = defaultdict(set)
    for r in institution_rows:
        roles[r["canonical"]].add(r["role"])
    assert {c: rs for c, rs in roles.items() if len(rs) > 1} == {}


def test_institutions_spot_checks(institution_rows: list[dict[str, str]]) -> None:
    by_term = {r["term"]: r for r in institution_rows}

    def pri(term: str) -> int:
        return int(by_term[term]["priority"])

    assert by_term["state duma"]["role"] == "LEG" and by_term["state duma"]["country"] == "RUS"
    assert by_term["state department"]["country"] == "USA"
    assert by_term["pentagon"]["role"] == "MIL"
    assert by_term["resistance"]["role"] == "OPP"
    assert pri("resistance") > pri("assembly")  # "Assembly of the Cuban Resistance" -> OPP
    assert pri("defence ministry") > pri("ministry")
    assert pri("ministry of defence") > pri("ministry")
    assert by_term["nato"]["kind"] == "igo"
    assert by_term["army"]["canonical"] == by_term["armed forces"]["canonical"]
    assert by_term["cabinet"]["canonical"] == by_term["government"]["canonical"]
