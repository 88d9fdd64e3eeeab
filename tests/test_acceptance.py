"""The seed article, through the real CLI: its document and entity expectations must all hold.

The expectations are read from ../shared/acceptance/seed-article.expected.json and matched
loosely, as that file says: ``text_has`` is a case-insensitive substring of the entity's name or
of one of its mentions; ``aliases_seen`` must each be inside one of the same entity's mentions.
For claims, ``source_has`` is a substring of the source's text or of the name or a mention of
the entity the source resolves to (a pronoun's antecedent, a memo's issuer).
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


def _event_cases() -> list[dict]:
    if not EXPECTED.exists():
        return []
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["events"]


def _actor_matches(actor: dict | None, want: dict, entities: dict[str, dict]) -> bool:
    if actor is None:
        return False
    entity = entities.get(actor.get("entity") or "", {})
    code = actor.get("code") or ""
    country = entity.get("country") if entity.get("code") == code and entity else code[:3]
    role = entity.get("role") if entity.get("code") == code and entity else (code[3:] or None)
    return country == want.get("country", country) and role == want.get("role", role)


def _event_matches(event: dict, want: dict, extraction: dict) -> bool:
    entities = {e["id"]: e for e in extraction["entities"]}
    if event["plover"] not in want["plover_one_of"]:
        return False
    if "cameo_one_of" in want and event["cameo"] not in want["cameo_one_of"]:
        return False
    if not _actor_matches(event["actor1"], want["actor1"], entities):
        return False
    seconds = want.get("actor2_one_of") or ([want["actor2"]] if "actor2" in want else [])
    if seconds and not any(_actor_matches(event["actor2"], w, entities) for w in seconds):
        return False
    if "time" in want and event["time"] != want["time"]:
        return False
    if "time_one_of" in want and event["time"] not in want["time_one_of"]:
        return False
    if "place_has" in want:
        place = entities.get(event["place"] or "", {})
        if want["place_has"].lower() not in (place.get("name") or "").lower():
            return False
    return "modality" not in want or event["modality"] == want["modality"]


@pytest.mark.parametrize("want", _event_cases(), ids=lambda w: w["name"])
def test_event(extraction, want):
    found = [e for e in extraction["events"] if _event_matches(e, want, extraction)]
    assert found, f"no event matches {want}: " + "; ".join(
        f"{e['plover']} {e['cameo']} {e['trigger']['text']!r} {e['actor1']} -> {e['actor2']}"
        for e in extraction["events"]
    )
    if "source_one_of" in want:
        claims = {c["id"]: c for c in extraction["claims"]}
        if not claims:
            pytest.skip("the claim extractor gives no claims yet: the event's source is unchecked")
        sources = [claims[e["claim"]]["source"]["text"] for e in found if e["claim"] in claims]
        assert any(s in source for source in sources for s in want["source_one_of"]), sources


def test_events_point_into_the_text(extraction):
    text = extraction["document"]["text"]
    for event in extraction["events"]:
        trigger = event["trigger"]
        assert text[trigger["start"] : trigger["end"]] == trigger["text"]


def _claim_cases() -> list[dict]:
    if not EXPECTED.exists():
        return []
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["claims"]


def _source_names(claim: dict, entities: dict[str, dict]) -> list[str]:
    """The claim's source text and the name and mentions of the entity it resolves to."""
    entity = entities.get(claim["source"].get("entity") or "")
    names = [claim["source"]["text"].lower()]
    return names + (_texts(entity) if entity else [])


def _claim_matches(claim: dict, want: dict, extraction: dict) -> bool:
    entities = {e["id"]: e for e in extraction["entities"]}
    # loose, as the expectations say: the source's text, or the entity it resolves to ("it")
    if not any(want["source_has"].lower() in n for n in _source_names(claim, entities)):
        return False
    if "source_resolves_to" in want:
        entity = entities.get(claim["source"].get("entity") or "")
        if entity is None or want["source_resolves_to"].lower() not in entity["name"].lower():
            return False
    cues = want.get("cue_one_of") or [want["cue"]]
    if claim["cue"]["text"] not in cues or claim["kind"] != want["kind"]:
        return False
    if want["content_has"].lower() not in claim["content"]["text"].lower():
        return False
    if "time" in want and claim["time"] != want["time"]:
        return False
    if "place_has" in want:
        place = entities.get(claim["place"] or "", {})
        if want["place_has"].lower() not in (place.get("name") or "").lower():
            return False
    return True


@pytest.mark.parametrize("want", _claim_cases(), ids=lambda w: f"{w['source_has']}-{w['kind']}")
def test_claim(extraction, want):
    found = [c for c in extraction["claims"] if _claim_matches(c, want, extraction)]
    assert found, f"no claim matches {want}: " + "; ".join(
        f"{c['kind']} {c['source']['text']!r} {c['cue']['text']!r} {c['content']['text'][:40]!r}"
        for c in extraction["claims"]
    )


def test_pull_quote_is_not_a_second_claim(extraction):
    """The pull-quote line repeats the memo's sentence: one claim holds it, not two."""
    holding = [
        c
        for c in extraction["claims"]
        if "cuba has become the largest source of foreign mercenaries"
        in c["content"]["text"].lower()
    ]
    assert len(holding) == 1, holding


def test_claims_point_into_the_text(extraction):
    text = extraction["document"]["text"]
    for claim in extraction["claims"]:
        for part in (claim["source"], claim["cue"], claim["content"]):
            assert text[part["start"] : part["end"]] == part["text"]


def _figure_source_cases() -> list[dict]:
    if not EXPECTED.exists():
        return []
    wants = json.loads(EXPECTED.read_text(encoding="utf-8"))["figures"]
    return [w for w in wants if "source_has" in w]


@pytest.mark.parametrize("want", _figure_source_cases(), ids=lambda w: w["text_has"])
def test_figure_source(extraction, want):
    """A figure knows its source: the claim it is quoted in, and who makes that claim."""
    figures = [f for f in extraction["figures"] if want["text_has"] in f["text"]]
    assert figures, f"no figure {want['text_has']!r}"
    claims = {c["id"]: c for c in extraction["claims"]}
    entities = {e["id"]: e for e in extraction["entities"]}
    claim = claims.get(figures[0]["claim"] or "")
    assert claim is not None, f"figure {want['text_has']!r} is linked to no claim"
    assert claim["id"] in [
        c["id"] for c in extraction["claims"] if figures[0]["id"] in c["figures"]
    ]
    names = _source_names(claim, entities)
    assert any(want["source_has"].lower() in n for n in names), names


def _figure_cases() -> list[dict]:
    if not EXPECTED.exists():
        return []
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["figures"]


@pytest.mark.parametrize("want", _figure_cases(), ids=lambda w: w["text_has"])
def test_figure(extraction, want):
    """Interval, qualifier, what is counted, what happened to it, modality and time (the
    source is ``test_figure_source``)."""
    found = [f for f in extraction["figures"] if want["text_has"].lower() in f["text"].lower()]
    assert found, f"no figure {want['text_has']!r}: {[f['text'] for f in extraction['figures']]}"
    figure = found[0]
    for field in ("low", "high", "qualifier", "modality", "time"):
        if field in want:
            assert figure[field] == want[field], (field, figure)
    assert want["unit_has"].lower() in (figure["unit"] or "").lower(), figure
    assert want["measure_has"].lower() in (figure["measure"] or "").lower(), figure
    entities = {e["id"]: e for e in extraction["entities"]}
    assert entities[figure["subject"]]["code"] == "CUB", figure  # "Cubans" is who is counted


def test_figures_point_into_the_text(extraction):
    text = extraction["document"]["text"]
    for figure in extraction["figures"]:
        assert text[figure["start"] : figure["end"]] == figure["text"]
