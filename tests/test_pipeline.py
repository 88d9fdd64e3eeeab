"""Batches through ``dossier.pipeline``: one outcome per article, bad ones never stop the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier import pipeline
from dossier.errors import ExtractionError, InputError, StoreError
from dossier.extract.entities import EntityResolver
from dossier.ingest import Ingested, make_document
from dossier.ingest.result import failed, succeeded
from dossier.store import open_store

MOSCOW = (
    "MOSCOW (Reuters) - The Russian Duma ratified a military cooperation agreement with Cuba "
    "on Tuesday, Russian lawmakers said."
)
WASHINGTON = (
    "WASHINGTON (AP) - The State Department said on Monday that talks with Beijing would "
    "resume next week."
)
PARIS = "PARIS (Reuters) - France said on Friday that it would send more aid to Ukraine."
MARKER = "XYZZY"
# Longer than every article above, so that a max_length between them rejects only this one.
LONG = " ".join([WASHINGTON] * 4)


def good(text: str, source: str) -> Ingested:
    return succeeded(source, make_document(text))


def bad(source: str, message: str = "empty article") -> Ingested:
    return failed(source, InputError(message))


def outcomes(nlp, items, **kwargs) -> list[pipeline.Outcome]:
    return list(pipeline.extract(nlp, items, **kwargs))


def entity_names(outcome: pipeline.Outcome) -> set[str]:
    assert outcome.extraction is not None, outcome.error
    return {e.name for e in outcome.extraction.entities}


@pytest.mark.parametrize("batch_size", [1, 2, 32])
def test_extract_one_outcome_per_item_in_order(nlp, monkeypatch, batch_size):
    items = [
        good(MOSCOW, "moscow.txt"),
        good(LONG, "long.txt"),
        bad("empty.txt"),
        good(PARIS, "paris.txt"),
        bad("image.png", "binary file (PNG image), not a text article"),
    ]
    monkeypatch.setattr(nlp, "max_length", len(LONG) - 1)
    assert max(len(MOSCOW), len(PARIS)) < nlp.max_length

    results = outcomes(nlp, items, batch_size=batch_size)

    assert [o.source for o in results] == [i.source for i in items]
    moscow, long_, empty, paris, image = results
    for outcome, item in ((moscow, items[0]), (paris, items[3])):
        assert outcome.error is None
        assert outcome.document == item.document
        assert outcome.extraction is not None
        assert outcome.extraction.document == item.document
    assert "Russian Duma" in entity_names(moscow)
    assert {"France", "Ukraine"} <= entity_names(paris)

    assert long_.extraction is None
    assert isinstance(long_.error, InputError)
    assert "longer than the model's limit" in long_.error.message
    assert long_.document == items[1].document

    assert empty.extraction is None and empty.error is items[2].error
    assert image.extraction is None and image.error is items[4].error


def test_extract_nothing_and_only_failures(nlp):
    assert outcomes(nlp, []) == []
    items = [bad("a.txt"), bad("b.txt", "no article text found in HTML")]
    results = outcomes(nlp, items)
    assert [(o.source, o.error) for o in results] == [(i.source, i.error) for i in items]
    assert all(o.extraction is None for o in results)


def test_component_exception_fails_only_its_document(nlp, monkeypatch):
    original = EntityResolver.__call__

    def flaky(self, doc):
        if MARKER in doc.text:
            raise RuntimeError("resolver exploded")
        return original(self, doc)

    monkeypatch.setattr(EntityResolver, "__call__", flaky)
    items = [
        good(MOSCOW, "moscow.txt"),
        good(f"{MARKER} said the talks with Russia had failed.", "marked.txt"),
        good(PARIS, "paris.txt"),
    ]

    moscow, marked, paris = outcomes(nlp, items, batch_size=8)

    assert marked.source == "marked.txt"
    assert marked.extraction is None
    assert isinstance(marked.error, ExtractionError)
    assert "dossier_entities" in marked.error.message
    assert "resolver exploded" in marked.error.message
    assert "Russian Duma" in entity_names(moscow)
    assert {"France", "Ukraine"} <= entity_names(paris)


def test_unexpected_extraction_bug_fails_only_its_document(nlp, monkeypatch):
    original = pipeline.extraction_from_doc

    def buggy(document, doc):
        if MARKER in document.text:
            raise ValueError("bad record")
        return original(document, doc)

    monkeypatch.setattr(pipeline, "extraction_from_doc", buggy)
    items = [good(f"{MARKER} met officials in Paris.", "marked.txt"), good(PARIS, "paris.txt")]

    marked, paris = outcomes(nlp, items)

    assert isinstance(marked.error, ExtractionError)
    assert "ValueError: bad record" in marked.error.message
    assert {"France", "Ukraine"} <= entity_names(paris)


def test_add_stores_once_and_counts(nlp, tmp_path: Path, monkeypatch):
    items = [
        good(MOSCOW, "moscow.txt"),
        bad("empty.txt"),
        good(WASHINGTON, "washington.txt"),
        good(MOSCOW, "copy-of-moscow.txt"),  # same text: same id, stored once
    ]
    expected = {
        o.document.id: o.extraction for o in outcomes(nlp, items) if o.extraction is not None
    }
    seen: list[pipeline.Outcome] = []

    with open_store(tmp_path / "dossier.db") as store:
        summary = pipeline.add(store, nlp, items, on_outcome=seen.append)

        assert summary.added == ["moscow.txt", "washington.txt"]
        assert summary.present == ["copy-of-moscow.txt"]
        assert summary.failed == [("empty.txt", "empty article")]
        assert summary.total == len(items)
        assert sorted(o.source for o in seen) == sorted(i.source for i in items)
        counts = store.counts()
        assert counts["documents"] == 2
        for document_id, extraction in expected.items():
            assert store.get(document_id) == extraction

    # A re-run recognises the stored articles before the parse: nothing is parsed or added.
    parsed: list[str] = []
    original = pipeline.make_doc

    def counting_make_doc(nlp, document):
        parsed.append(document.id)
        return original(nlp, document)

    monkeypatch.setattr(pipeline, "make_doc", counting_make_doc)
    with open_store(tmp_path / "dossier.db") as store:
        again = pipeline.add(store, nlp, items)
        assert again.added == []
        assert again.present == ["moscow.txt", "washington.txt", "copy-of-moscow.txt"]
        assert again.failed == [("empty.txt", "empty article")]
        assert store.counts() == counts
    assert parsed == []


def test_add_reports_a_store_failure_and_goes_on(nlp, tmp_path: Path, monkeypatch):
    items = [good(f"{MARKER} met officials in Paris.", "marked.txt"), good(PARIS, "paris.txt")]
    with open_store(tmp_path / "dossier.db") as store:
        original = store.add

        def failing_add(extraction):
            if MARKER in extraction.document.text:
                raise StoreError("disk on fire")
            return original(extraction)

        monkeypatch.setattr(store, "add", failing_add)
        summary = pipeline.add(store, nlp, items)
        assert summary.failed == [("marked.txt", "disk on fire")]
        assert summary.added == ["paris.txt"]
        assert store.counts()["documents"] == 1


def test_multiprocessing_gives_the_same_extractions(nlp):
    items = [
        good(MOSCOW, "moscow.txt"),
        bad("empty.txt"),
        good(WASHINGTON, "washington.txt"),
        good(PARIS, "paris.txt"),
    ]
    single = outcomes(nlp, items, n_process=1, batch_size=1)
    double = outcomes(nlp, items, n_process=2, batch_size=1)

    assert [o.source for o in double] == [i.source for i in items]
    assert all(o.extraction.entities for o in single if o.error is None)

    def seen(o: pipeline.Outcome) -> tuple:
        error = (type(o.error), o.error.message) if o.error else None
        return o.source, o.extraction, error

    assert [seen(o) for o in double] == [seen(o) for o in single]
