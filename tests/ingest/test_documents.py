"""Tests for dossier.ingest.documents (make_document and date normalisation)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from dossier.errors import ConfigError, InputError
from dossier.ingest import make_document, make_published
from dossier.ingest.documents import Meta, normalize_published
from dossier.model import content_hash


def test_make_document_fields() -> None:
    doc = make_document(
        "  MOSCOW (Reuters) -\u00a0The Duma ratified the pact.\r\n\r\n\r\nIt passed easily. ",
        url=" https://example.org/a ",
        outlet=" Reuters ",
        title="Duma\n ratifies  pact",
        published="2025-10-07T10:00:00Z",
        language="ru",
    )
    assert doc.text == "MOSCOW (Reuters) - The Duma ratified the pact.\n\nIt passed easily."
    assert doc.id == content_hash(doc.text)
    assert doc.url == "https://example.org/a"
    assert doc.outlet == "Reuters"
    assert doc.title == "Duma ratifies pact"
    assert doc.published == "2025-10-07"
    assert doc.dateline == "MOSCOW"
    assert doc.language == "ru"


def test_make_document_defaults() -> None:
    doc = make_document("The Duma ratified the pact.")
    assert doc.language == "en"
    assert doc.dateline is None
    assert (doc.url, doc.outlet, doc.title, doc.published) == (None, None, None, None)
    assert doc.published_inferred is None  # no date in the text: none inferred


def test_undated_text_gets_the_date_its_date_line_states() -> None:
    doc = make_document("Published: 7 October 2025\n\nThe Duma met on Tuesday.")
    assert (doc.published, doc.published_inferred) == (
        "2025-10-07",
        "date line: 'Published: 7 October 2025'",
    )
    # A date inside the story is history, not the day of writing.
    assert make_document("The Duma met on 7 October 2025 and ratified it.").published is None
    given = make_document("The Duma met on 7 October 2025.", published="2025-10-08")
    assert (given.published, given.published_inferred) == ("2025-10-08", None)


def test_same_text_same_id() -> None:
    a = make_document("The Duma ratified the pact.\n")
    b = make_document("The\u00a0Duma ratified the pact.", title="Other title")
    assert a.id == b.id
    assert a.id != make_document("The Duma rejected the pact.").id


def test_blank_metadata_becomes_none() -> None:
    doc = make_document("Text.", url="  ", outlet="", title=" \n ", published="", language=" ")
    assert (doc.url, doc.outlet, doc.title, doc.published) == (None, None, None, None)
    assert doc.language == "en"


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "\u200b\ufeff"])
def test_empty_article_is_rejected(text: str) -> None:
    with pytest.raises(InputError, match="empty article"):
        make_document(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-10-07", "2025-10-07"),
        ("2025-10-07T10:00:00", "2025-10-07"),
        ("2025-10-07T10:00:00Z", "2025-10-07"),
        ("2025-10-07T10:00:00.123+02:00", "2025-10-07"),
        ("2025-10-07 23:59:59-05:00", "2025-10-07"),  # local date, not UTC
        (" 2025-10-07 ", "2025-10-07"),
        ("Tue, 07 Oct 2025 10:00:00 GMT", "2025-10-07"),
        (date(2025, 10, 7), "2025-10-07"),
        (datetime(2025, 10, 7, 23, 0, tzinfo=timezone(timedelta(hours=-5))), "2025-10-07"),
        (None, None),
        ("", None),
    ],
)
def test_normalize_published(value: str | date | None, expected: str | None) -> None:
    assert normalize_published(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01", "2025-02-30", "07/10/2025", "2025"])
def test_unparsable_published_is_an_input_error(value: str) -> None:
    with pytest.raises(InputError, match="unparsable published date"):
        make_document("Text.", published=value)


def test_published_of_wrong_type_is_an_input_error() -> None:
    with pytest.raises(InputError, match="must be a string"):
        normalize_published(20251007)  # type: ignore[arg-type]


def test_meta_override_keeps_unset_fields() -> None:
    merged = Meta(title="File", outlet="EFE", published="2025-01-01").overridden_by(
        Meta(title="Caller", url="https://example.org")
    )
    assert merged == Meta(
        title="Caller", outlet="EFE", published="2025-01-01", url="https://example.org"
    )


def test_make_published_is_for_options() -> None:
    assert make_published("2025-10-07T23:00:00-05:00") == "2025-10-07"
    assert make_published(None) is None
    with pytest.raises(ConfigError, match="unparsable published date 'soon'"):
        make_published("soon")
