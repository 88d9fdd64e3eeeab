"""The record model is the public contract: field names exactly as DESIGN.md names them."""

from __future__ import annotations

import pytest

from dossier import model

DESIGN_FIELDS = {
    "document": (
        "id url outlet title published dateline language text "
        "published_inferred"  # added by the coverage issue: a date the page did not give
        " final_url fetched_at previous_version"  # added by the following issue: fetched pages
    ),
    "entity": "id name kind country role code geo mentions",
    "timex": "id start end text type value",
    "figure": (
        "id start end text low high qualifier unit subject measure modality claim event time "
        "vague "  # added by the figures issue
        "measure_class"  # added by the coverage issue
    ),
    "claim": "id kind source cue content modality time place figures",
    "event": (
        "id plover cameo mode context trigger actor1 actor2 place time modality claim figures "
        "sentence time_fallback place_fallback"  # the two flags: added by the event issue
        " lemma"  # added by the coverage issue: stories match events by it
    ),
}


@pytest.mark.parametrize(("name", "fields"), DESIGN_FIELDS.items())
def test_fields_match_design(name, fields):
    assert list(model.RECORD_TYPES[name].model_fields) == fields.split()


def test_nested_shapes():
    assert set(model.Geo.model_fields) == {"lat", "lon", "geonames_id"}
    assert set(model.Mention.model_fields) == {"start", "end", "text"}
    # DESIGN.md's {text, start, end, entity}, plus what the text says of an unnamed source
    assert set(model.Source.model_fields) == {
        "text",
        "start",
        "end",
        "entity",
        "unnamed",
        "anonymous",
        "via",  # the channel: "a cable seen by Reuters"
    }
    assert set(model.Actor.model_fields) == {"text", "entity", "code"}


def test_ids_are_stable_and_depend_on_every_part():
    assert model.stable_id("ent", "d1", "RUS") == model.stable_id("ent", "d1", "RUS")
    assert model.stable_id("ent", "d1", "RUS") != model.stable_id("ent", "d2", "RUS")
    assert model.stable_id("ent", "a", "bc") != model.stable_id("ent", "ab", "c")
    assert model.content_hash("Some text") != model.content_hash("Some text.")


def test_records_reject_unknown_fields_and_bad_values():
    with pytest.raises(ValueError):
        model.Document(id="x", text="t", publisher="nobody")
    with pytest.raises(ValueError):
        model.Entity(id="x", name="n", kind="planet")


def test_extraction_defaults_to_empty_record_lists():
    extraction = model.Extraction(document=model.Document(id="x", text="t"))
    assert extraction.timexes == extraction.figures == extraction.claims == extraction.events == []
    assert model.Extraction.model_validate_json(extraction.model_dump_json()) == extraction
