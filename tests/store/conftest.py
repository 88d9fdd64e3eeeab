"""Fixtures for the store tests: hand-built extractions, and a store on SQLite or PostgreSQL.

The PostgreSQL variant creates a database with a random name on the server named by
``$DOSSIER_TEST_POSTGRES`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``) and
drops it afterwards. Without a server those tests are skipped, unless
``DOSSIER_REQUIRE_POSTGRES=1``, in which case they fail.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dossier.model import (
    Actor,
    Claim,
    Document,
    Entity,
    Event,
    Extraction,
    Figure,
    Geo,
    Mention,
    SentenceRef,
    Source,
    Span,
    Timex,
    content_hash,
    stable_id,
)

BODY = (
    "MOSCOW, March 3 — Russian lawmakers said on Monday that about 1,200 troops "
    "had crossed the border, Reuters reported. Officials denied the figure."
)


def build_extraction(text: str = BODY, **document: object) -> Extraction:
    """An extraction with one or more records of every type, nested fields filled in."""
    doc_id = content_hash(text)
    doc = Document(
        id=doc_id,
        url="https://example.org/news/1",
        outlet="Example News",
        title="Troops cross the border",
        published="2024-03-03",
        dateline="MOSCOW",
        text=text,
        **document,
    )
    rus = stable_id("ent", doc_id, "RUS", "LEG")
    moscow = stable_id("ent", doc_id, "Moscow")
    reuters = stable_id("ent", doc_id, "Reuters")
    timex = stable_id("tmx", doc_id, 0)
    figure = stable_id("fig", doc_id, 0)
    claim = stable_id("clm", doc_id, 0)
    event = stable_id("evt", doc_id, 0)
    entities = [
        Entity(
            id=rus,
            name="Russian lawmakers",
            kind="group",
            country="RUS",
            role="LEG",
            code="RUSLEG",
            mentions=[Mention(text="Russian lawmakers", start=20, end=37)],
        ),
        Entity(
            id=moscow,
            name="Moscow",
            kind="place",
            country="RUS",
            geo=Geo(lat=55.75222, lon=37.61556, geonames_id=524901),
            mentions=[Mention(text="MOSCOW", start=0, end=6)],
        ),
        Entity(id=reuters, name="Reuters", kind="organization"),
    ]
    timexes = [
        Timex(id=timex, start=8, end=15, text="March 3", type="DATE", value="2024-03-03"),
        Timex(id=stable_id("tmx", doc_id, 1), start=46, end=52, text="Monday", type="DATE"),
    ]
    figures = [
        Figure(
            id=figure,
            start=59,
            end=70,
            text="about 1,200",
            low=1080.0,
            high=0.1 + 0.2 + 1320,
            qualifier="about",
            unit="troops",
            subject="troops",
            measure="count",
            modality="asserted",
            claim=claim,
            event=event,
            time="2024-03-03",
            vague=True,
        )
    ]
    claims = [
        Claim(
            id=claim,
            kind="indirect",
            source=Source(text="Russian lawmakers", start=20, end=37, entity=rus),
            cue=Span(text="said", start=38, end=42),
            content=Span(text="about 1,200 troops had crossed", start=59, end=89),
            modality="hedged",
            time="2024-03-03",
            place=moscow,
            figures=[figure],
        )
    ]
    events = [
        Event(
            id=event,
            plover="MOVE",
            cameo="0874",
            mode="cross",
            context="military",
            trigger=Span(text="crossed", start=82, end=89),
            actor1=Actor(text="troops", entity=None, code="RUSMIL"),
            actor2=Actor(text="the border", entity=moscow),
            place=moscow,
            time="2024-03-03",
            modality="reported",
            claim=claim,
            place_fallback=True,  # the event flags survive the round trip
            figures=[figure],
            sentence=SentenceRef(start=0, end=116),
        ),
        Event(
            id=stable_id("evt", doc_id, 1),
            plover="REJECT",
            trigger=Span(text="denied", start=127, end=133),
            sentence=SentenceRef(start=117, end=len(text)),
        ),
    ]
    return Extraction(
        document=doc,
        entities=entities,
        timexes=timexes,
        figures=figures,
        claims=claims,
        events=events,
    )


@pytest.fixture
def make_extraction() -> Callable[..., Extraction]:
    """Build an extraction: ``make_extraction(text=..., **document_fields)``."""
    return build_extraction
