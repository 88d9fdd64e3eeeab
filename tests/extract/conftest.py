"""Helpers shared by the event tests (``test_event_actors``, ``test_event_targets``,
``test_event_precision``, ``test_event_types``, ``test_plover_coverage``) as fixtures: the test
modules are not importable from each other (pytest runs with ``--import-mode=importlib`` and
``tests`` is no package)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from dossier.ingest import make_document
from dossier.nlp import extraction_from_doc, make_doc

PUBLISHED = "2024-06-12"  # the publication date of every test sentence


@pytest.fixture(scope="session")
def events_of(nlp: Language) -> Callable[[str], list[dict]]:
    """The events of a text published on :data:`PUBLISHED`, as dicts."""

    def events(text: str) -> list[dict]:
        document = make_document(text, published=PUBLISHED)
        extraction = extraction_from_doc(document, nlp(make_doc(nlp, document)))
        return [e.model_dump() for e in extraction.events]

    return events


def _by_trigger(events: list[dict], trigger: str) -> list[dict]:
    found = [e for e in events if e["trigger"]["text"] == trigger]
    assert found, f"no {trigger!r} event in {[e['trigger']['text'] for e in events]}"
    return found


def _code(actor: dict | None) -> str:
    return (actor or {}).get("code") or ""


@pytest.fixture(scope="session")
def by_trigger() -> Callable[[list[dict], str], list[dict]]:
    """The events whose trigger's text is ``trigger``; fails the test where there is none."""
    return _by_trigger


@pytest.fixture(scope="session")
def code() -> Callable[[dict | None], str]:
    """An actor's code, "" for no actor or no code."""
    return _code
