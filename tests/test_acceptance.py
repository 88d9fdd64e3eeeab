"""The seed article, through the real CLI: its document and entity expectations must all hold.

The expectations are read from ../shared/acceptance/seed-article.expected.json and matched
loosely, as that file says: ``text_has`` is a case-insensitive substring of the entity's name or
of one of its mentions; ``aliases_seen`` must each be inside one of the same entity's mentions.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli import app

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "acceptance"
SEED = SHARED / "seed-article.txt"
EXPECTED = SHARED / "seed-article.expected.json"

if not SEED.exists() and not os.environ.get("CI"):
    pytest.skip(f"no acceptance data at {SHARED}", allow_module_level=True)


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extraction(expected) -> dict:
    published = expected["document"]["published"]
    result = CliRunner().invoke(app, ["extract", str(SEED), "--published", published, "--json"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    return json.loads(lines[0])


def test_output_has_every_record_list(extraction):
    assert set(extraction) == {"document", "entities", "timexes", "figures", "claims", "events"}


def test_document(extraction, expected):
    for field, value in expected["document"].items():
        assert extraction["document"][field] == value, field


def _texts(entity: dict) -> list[str]:
    return [entity["name"].lower()] + [m["text"].lower() for m in entity["mentions"]]


def _matches(entity: dict, want: dict) -> bool:
    if not any(want["text_has"].lower() in t for t in _texts(entity)):
        return False
    return all(
        entity.get(field) == want[field] for field in ("country", "role", "kind") if field in want
    )


def _alias(alias: str) -> str:
    """ "Havana (as a metonym, in 'accusing Havana')" -> "Havana"."""
    return re.sub(r"\s*\(as .*\)$", "", alias).lower()


def _entity_cases() -> list[dict]:
    if not EXPECTED.exists():
        return []
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["entities"]


@pytest.mark.parametrize("want", _entity_cases(), ids=lambda w: w["text_has"])
def test_entity(extraction, want):
    candidates = [e for e in extraction["entities"] if _matches(e, want)]
    assert candidates, f"no entity matches {want}"
    entity = candidates[0]
    for alias in want.get("aliases_seen", []):
        assert any(_alias(alias) in m["text"].lower() for m in entity["mentions"]), (
            f"{alias!r} is not a mention of {entity['name']}: "
            f"{[m['text'] for m in entity['mentions']]}"
        )
    if "geo_near" in want:
        lat, lon = want["geo_near"]
        assert entity["geo"]["lat"] == pytest.approx(lat, abs=0.5)
        assert entity["geo"]["lon"] == pytest.approx(lon, abs=0.5)


def test_mentions_point_into_the_text(extraction):
    text = extraction["document"]["text"]
    for entity in extraction["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]


def _timex_cases() -> list[dict]:
    if not EXPECTED.exists():
        return []
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["timexes"]


@pytest.mark.parametrize("want", _timex_cases(), ids=lambda w: w.get("text") or w["text_has"])
def test_timex(extraction, want):
    published = extraction["document"]["published"]
    if "text" in want:
        found = [t for t in extraction["timexes"] if t["text"] == want["text"]]
    else:
        found = [t for t in extraction["timexes"] if want["text_has"] in t["text"]]
    assert found, f"no timex for {want}"
    timex = found[0]
    if "type" in want:
        assert timex["type"] == want["type"]
    if "value" in want:
        assert timex["value"] == want["value"]
    else:  # vague: unresolved, or a value before the publication date
        assert timex["value"] in (None, "XXXX-XX-XX", "PAST_REF") or timex["value"] < published
